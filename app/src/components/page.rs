//! Pieces every admin page shares: the heading with its breadcrumb, the status tag.

use leptos::prelude::*;
use leptos_meta::Title;

/// Title, breadcrumb trail ("组织机构 / 学校管理") and heading.
#[component]
pub fn PageHead(title: &'static str, trail: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <div class="page-head">
            <nav class="breadcrumb" aria-label="位置">{format!("首页 / {trail}")}</nav>
            <h1>{title}</h1>
        </div>
    }
}

/// 正常 (green) or 已停用 (grey).
#[component]
pub fn EnabledTag(disabled: bool) -> impl IntoView {
    if disabled {
        view! { <span class="tag tag-grey">"已停用"</span> }
    } else {
        view! { <span class="tag tag-green">"正常"</span> }
    }
}

/// The choices of a 状态 filter over 正常 / 已停用.
pub fn enabled_options() -> Vec<(String, String)> {
    vec![
        ("enabled".to_string(), "正常".to_string()),
        ("disabled".to_string(), "已停用".to_string()),
    ]
}

/// The notice after enabling or disabling `name` (`was_disabled` is the state before).
pub fn toggled_notice(was_disabled: bool, name: &str) -> String {
    format!("已{}：{name}", if was_disabled { "启用" } else { "停用" })
}

/// A coloured status tag; `tone` is one of the design system's tag colours.
#[component]
pub fn Tag(tone: &'static str, #[prop(into)] text: String) -> impl IntoView {
    view! { <span class=format!("tag tag-{tone}")>{text}</span> }
}
