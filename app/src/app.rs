//! The document shell, the router and the route table.

use crate::pages::{not_found::NotFound, shell::Shell};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    lazy_route, path,
};

/// Each page is its own lazily loaded wasm chunk (cargo leptos --split), so the bundle the
/// browser needs first holds only the framework, the shell and the shared components — a
/// teacher on a phone does not download the admin screens.
macro_rules! lazy_pages {
    ($($lazy:ident => $page:path),* $(,)?) => {$(
        struct $lazy;
        #[lazy_route]
        impl LazyRoute for $lazy {
            fn data() -> Self {
                $lazy
            }
            fn view(_this: Self) -> AnyView {
                mark_interactive();
                $page().into_any()
            }
        }
    )*};
}

/// The shell (top bar, menu, role switcher) is a chunk of its own too: the login pages do not
/// need it, and the first download keeps only the framework and the route table.
struct ShellRoute;

#[lazy_route]
impl LazyRoute for ShellRoute {
    fn data() -> Self {
        ShellRoute
    }
    fn view(_this: Self) -> AnyView {
        Shell().into_any()
    }
}

lazy_pages! {
    Login => crate::pages::login::LoginPage,
    ChangePassword => crate::pages::change_password::ChangePasswordPage,
    ForgotPassword => crate::pages::forgot_password::ForgotPasswordPage,
    Home => crate::pages::home::HomePage,
    Profile => crate::pages::profile::ProfilePage,
    Schools => crate::pages::schools::SchoolsPage,
    Users => crate::pages::users::UsersPage,
    Institutions => crate::pages::institutions::InstitutionsPage,
    Regions => crate::pages::regions::RegionsPage,
    Teachers => crate::pages::teachers::TeachersPage,
    TeacherRecord => crate::pages::teacher_detail::TeacherDetailPage,
    TeacherImport => crate::pages::teacher_import::TeacherImportPage,
    Projects => crate::pages::projects::ProjectsPage,
    ProjectReview => crate::pages::projects::ProjectReviewPage,
    ProjectRecord => crate::pages::project_detail::ProjectDetailPage,
    Directive => crate::pages::directive::DirectivePage,
    Exemptions => crate::pages::exemptions::ExemptionsPage,
    MyCredits => crate::pages::my_credits::MyCreditsPage,
    MyGrowth => crate::pages::my_growth::MyGrowthPage,
    Assessments => crate::pages::assessments::AssessmentsPage,
    CreditReview => crate::pages::credit_review::CreditReviewPage,
    Shortfall => crate::pages::shortfall::ShortfallPage,
    Classes => crate::pages::classes::ClassesPage,
    Leaves => crate::pages::leaves::LeavesPage,
    Cycles => crate::pages::cycles::CyclesPage,
    ProvinceForms => crate::pages::province_forms::ProvinceFormsPage,
    Verify => crate::pages::verify::VerifyPage,
    Checkin => crate::pages::checkin::CheckinPage,
    CheckinScreen => crate::pages::checkin_screen::CheckinScreenPage,
    ProjectForm => crate::pages::project_form::ProjectFormPage,
    TrainingYears => crate::pages::training_years::TrainingYearsPage,
    Enrol => crate::pages::enrol::EnrolPage,
    EnrolmentReview => crate::pages::enrolment_review::EnrolmentReviewPage,
    MyTraining => crate::pages::my_training::MyTrainingPage,
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
                <meta name="theme-color" content="#1f6feb" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
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
        <Stylesheet id="leptos" href="/pkg/shixun.css" />
        <Title formatter=|t: String| if t.is_empty() { "师训".to_string() } else { format!("{t} · 师训") } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view={Lazy::<Login>::new()} ssr=SsrMode::Async />
                <Route path=path!("/change-password") view={Lazy::<ChangePassword>::new()} ssr=SsrMode::Async />
                <Route path=path!("/forgot-password") view={Lazy::<ForgotPassword>::new()} />
                <Route path=path!("/verify") view={Lazy::<Verify>::new()} />
                <Route path=path!("/verify/:number") view={Lazy::<Verify>::new()} ssr=SsrMode::Async />
                <Route path=path!("/checkin/screen/:id") view={Lazy::<CheckinScreen>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view={Lazy::<ShellRoute>::new()} ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<Home>::new()} />
                    <Route path=path!("profile") view={Lazy::<Profile>::new()} />
                    <Route path=path!("org/schools") view={Lazy::<Schools>::new()} />
                    <Route path=path!("org/users") view={Lazy::<Users>::new()} />
                    <Route path=path!("org/institutions") view={Lazy::<Institutions>::new()} />
                    <Route path=path!("org/regions") view={Lazy::<Regions>::new()} />
                    <Route path=path!("teachers") view={Lazy::<Teachers>::new()} />
                    <Route path=path!("teachers/import") view={Lazy::<TeacherImport>::new()} />
                    <Route path=path!("teachers/:id") view={Lazy::<TeacherRecord>::new()} />
                    <Route path=path!("projects") view={Lazy::<Projects>::new()} />
                    <Route path=path!("projects/review") view={Lazy::<ProjectReview>::new()} />
                    <Route path=path!("projects/new") view={Lazy::<ProjectForm>::new()} />
                    <Route path=path!("projects/:id/edit") view={Lazy::<ProjectForm>::new()} />
                    <Route path=path!("projects/:id") view={Lazy::<ProjectRecord>::new()} />
                    <Route path=path!("settings/years") view={Lazy::<TrainingYears>::new()} />
                    <Route path=path!("settings/cycles") view={Lazy::<Cycles>::new()} />
                    <Route path=path!("settings/forms") view={Lazy::<ProvinceForms>::new()} />
                    <Route path=path!("directive") view={Lazy::<Directive>::new()} />
                    <Route path=path!("exemptions") view={Lazy::<Exemptions>::new()} />
                    <Route path=path!("enrol") view={Lazy::<Enrol>::new()} />
                    <Route path=path!("enrolments") view={Lazy::<EnrolmentReview>::new()} />
                    <Route path=path!("my/training") view={Lazy::<MyTraining>::new()} />
                    <Route path=path!("my/credits") view={Lazy::<MyCredits>::new()} />
                    <Route path=path!("my/growth") view={Lazy::<MyGrowth>::new()} />
                    <Route path=path!("assessments") view={Lazy::<Assessments>::new()} />
                    <Route path=path!("credits/review") view={Lazy::<CreditReview>::new()} />
                    <Route path=path!("credits/shortfall") view={Lazy::<Shortfall>::new()} />
                    <Route path=path!("classes") view={Lazy::<Classes>::new()} />
                    <Route path=path!("checkin") view={Lazy::<Checkin>::new()} />
                    <Route path=path!("leaves") view={Lazy::<Leaves>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
