//! 我的: the teacher's own things on a phone, behind the tab bar's last tab.

use crate::api::accounts::logout;
use crate::components::page::PageHead;
use crate::dto::account::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;

const LINKS: [(&str, &str, &str); 7] = [
    ("/profile", "基本信息", "个人档案与联系方式"),
    ("/my/certificates", "我的证书", "结业证书与学分证明"),
    ("/my/growth", "成长档案", "荣誉与成果"),
    ("/enrol", "选学报名", "本年度可报名的班级"),
    ("/announcements", "通知公告", "上级发布的通知"),
    ("/messages", "消息中心", "消息与接收设置"),
    ("/change-password", "修改密码", "定期更换更安全"),
];

#[component]
pub fn MePage() -> impl IntoView {
    let name = use_context::<Me>().map(|m| m.name).unwrap_or_default();
    let on_logout = move |_| {
        spawn_local(async move {
            let _ = logout().await;
            super::go("/login");
        });
    };
    view! {
        <PageHead title="我的" trail="我的" />
        <section class="card me-head"><strong>{name}</strong></section>
        <nav class="card link-list" aria-label="我的">
            {LINKS.into_iter().map(|(href, label, hint)| view! {
                <a href=href><strong>{label}</strong><span class="muted">{hint}</span></a>
            }).collect_view()}
        </nav>
        <button class="btn btn-block" type="button" data-testid="me-logout" on:click=on_logout>"退出登录"</button>
    }
}
