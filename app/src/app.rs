//! The document shell, the router and the route table.

use crate::pages::institutions::InstitutionsPage;
use crate::pages::regions::RegionsPage;
use crate::pages::users::UsersPage;
use crate::pages::{
    change_password::ChangePasswordPage, forgot_password::ForgotPasswordPage, home::HomePage,
    login::LoginPage, not_found::NotFound, profile::ProfilePage, schools::SchoolsPage,
    shell::Shell,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_csp_header();
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

/// A per-response nonce lets the hydration script run without allowing inline scripts at large.
#[cfg(feature = "ssr")]
fn set_csp_header() {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
        );
        if let Ok(v) = axum::http::HeaderValue::from_str(&csp) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Marks the page as interactive, so tests (and impatient people) act only after hydration.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "1");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/shixun.css" />
        <Title formatter=|t: String| if t.is_empty() { "师训".to_string() } else { format!("{t} · 师训") } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/change-password") view=ChangePasswordPage ssr=SsrMode::Async />
                <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("profile") view=ProfilePage />
                    <Route path=path!("org/schools") view=SchoolsPage />
                    <Route path=path!("org/users") view=UsersPage />
                    <Route path=path!("org/institutions") view=InstitutionsPage />
                    <Route path=path!("org/regions") view=RegionsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
