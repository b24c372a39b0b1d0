use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::app::mark_interactive();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="center-page">
            <div class="card narrow">
                <h1>"页面不存在"</h1>
                <p class="muted">"您访问的地址不存在或已移动。"</p>
                <a class="btn btn-primary" href="/">"返回首页"</a>
            </div>
        </main>
    }
}
