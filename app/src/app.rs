//! The document shell, the router and the route table.

use crate::areas as a;
use crate::pages::{self, not_found::NotFound};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// The page everyone meets first is in the main module; the rest load by area (see `areas`).
fn login_page() -> impl IntoView {
    mark_interactive();
    pages::login::LoginPage()
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    use_middleware_nonce();

    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1860d6" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Installable to a phone's home screen; the worker keeps the offline check-in.
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <script src="/pwa.js" defer></script>
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Uses the nonce the security middleware made for this response (it also writes the CSP
/// header), so the hydration and data scripts carry the nonce the header allows.
#[cfg(feature = "ssr")]
fn use_middleware_nonce() {
    use crate::server::csp::CspNonce;
    use leptos::nonce::Nonce;
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(value)) = nonce {
        provide_context(Nonce::from_value(value));
    }
}

/// Marks the page interactive once the calling view is hydrated (an effect runs only after),
/// so tests — and impatient people — act only when the page's own chunk has loaded and its
/// handlers are attached. Each page calls it; the app shell alone does not count.
pub fn mark_interactive() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "1");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "师训".to_string() } else { format!("{t} · 师训") } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=login_page ssr=SsrMode::Async />
                <Route path=path!("/change-password") view={Lazy::<a::account::ChangePassword>::new()} ssr=SsrMode::Async />
                <Route path=path!("/forgot-password") view={Lazy::<a::account::ForgotPassword>::new()} />
                <Route path=path!("/verify") view={Lazy::<a::account::Verify>::new()} />
                <Route path=path!("/verify/:number") view={Lazy::<a::account::Verify>::new()} ssr=SsrMode::Async />
                <Route path=path!("/checkin/screen/:id") view={Lazy::<a::admin::CheckinScreen>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view={Lazy::<a::Shell>::new()} ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<a::portal::Home>::new()} />
                    <Route path=path!("profile") view={Lazy::<a::account::Profile>::new()} />
                    <Route path=path!("me") view={Lazy::<a::teacher::Me>::new()} />
                    <Route path=path!("workbench") view={Lazy::<a::admin::Workbench>::new()} />
                    <Route path=path!("stats") view={Lazy::<a::admin::Statistics>::new()} />
                    <Route path=path!("org/schools") view={Lazy::<a::admin::Schools>::new()} />
                    <Route path=path!("org/users") view={Lazy::<a::admin::Users>::new()} />
                    <Route path=path!("org/institutions") view={Lazy::<a::admin::Institutions>::new()} />
                    <Route path=path!("org/regions") view={Lazy::<a::admin::Regions>::new()} />
                    <Route path=path!("teachers") view={Lazy::<a::admin::Teachers>::new()} />
                    <Route path=path!("teachers/import") view={Lazy::<a::admin::TeacherImport>::new()} />
                    <Route path=path!("teachers/:id") view={Lazy::<a::admin::TeacherRecord>::new()} />
                    <Route path=path!("projects") view={Lazy::<a::admin::Projects>::new()} />
                    <Route path=path!("projects/review") view={Lazy::<a::admin::ProjectReview>::new()} />
                    <Route path=path!("projects/new") view={Lazy::<a::admin::ProjectForm>::new()} />
                    <Route path=path!("projects/:id/edit") view={Lazy::<a::admin::ProjectForm>::new()} />
                    <Route path=path!("projects/:id") view={Lazy::<a::admin::ProjectRecord>::new()} />
                    <Route path=path!("settings/years") view={Lazy::<a::admin::TrainingYears>::new()} />
                    <Route path=path!("settings/cycles") view={Lazy::<a::admin::Cycles>::new()} />
                    <Route path=path!("settings/forms") view={Lazy::<a::admin::ProvinceForms>::new()} />
                    <Route path=path!("settings/accounts") view={Lazy::<a::admin::AccountSettings>::new()} />
                    <Route path=path!("audit") view={Lazy::<a::admin::Audit>::new()} />
                    <Route path=path!("settings/messages") view={Lazy::<a::admin::Deliveries>::new()} />
                    <Route path=path!("messages") view={Lazy::<a::account::Messages>::new()} />
                    <Route path=path!("announcements") view={Lazy::<a::account::Announcements>::new()} />
                    <Route path=path!("announcements/new") view={Lazy::<a::admin::AnnouncementForm>::new()} />
                    <Route path=path!("announcements/:id") view={Lazy::<a::account::Announcement>::new()} />
                    <Route path=path!("directive") view={Lazy::<a::admin::Directive>::new()} />
                    <Route path=path!("exemptions") view={Lazy::<a::admin::Exemptions>::new()} />
                    <Route path=path!("enrol") view={Lazy::<a::teacher::Enrol>::new()} />
                    <Route path=path!("enrolments") view={Lazy::<a::admin::EnrolmentReview>::new()} />
                    <Route path=path!("my/training") view={Lazy::<a::teacher::MyTraining>::new()} />
                    <Route path=path!("my/credits") view={Lazy::<a::teacher::MyCredits>::new()} />
                    <Route path=path!("my/certificates") view={Lazy::<a::teacher::MyCertificates>::new()} />
                    <Route path=path!("my/growth") view={Lazy::<a::account::MyGrowth>::new()} />
                    <Route path=path!("assessments") view={Lazy::<a::admin::Assessments>::new()} />
                    <Route path=path!("credits/review") view={Lazy::<a::admin::CreditReview>::new()} />
                    <Route path=path!("credits/shortfall") view={Lazy::<a::admin::Shortfall>::new()} />
                    <Route path=path!("classes") view={Lazy::<a::admin::Classes>::new()} />
                    <Route path=path!("checkin") view={Lazy::<a::account::Checkin>::new()} />
                    <Route path=path!("leaves") view={Lazy::<a::admin::Leaves>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
