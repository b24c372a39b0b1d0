//! 首页: a greeting and the shortcuts of the active role.

use crate::domain::access::{has_workbench, menu_for};
use crate::domain::role::Role;
use crate::dto::account::Me;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_context::<Me>();
    let (name, role, scope) = me
        .as_ref()
        .and_then(|m| {
            m.active()
                .map(|r| (m.name.clone(), r.role, r.scope_name.clone()))
        })
        .unwrap_or_else(|| (String::new(), Role::Teacher, String::new()));
    if has_workbench(role) {
        // An administrator's home is the 工作台.
        return view! { <leptos_router::components::Redirect path="/workbench" /> }.into_any();
    }
    view! {
        <Title text="首页" />
        <div class="page-head">
            <nav class="breadcrumb">"首页"</nav>
            <h1 data-testid="welcome">{format!("您好，{name}")}</h1>
            <p class="muted">{format!("当前角色：{} · {}", role.label(), scope)}</p>
        </div>
        <crate::pages::announcements::LatestAnnouncements />
        <div class="tiles">
            {menu_for(role).into_iter().skip(1).map(|(href, label)| view! {
                <a class="tile card" href=href><strong>{label}</strong><span class="muted">"进入 →"</span></a>
            }).collect_view()}
        </div>
    }
    .into_any()
}
