//! The app shell: top bar with the role switcher and user menu, the menu (a drawer on a
//! phone), and the page outlet.

use super::go;
use crate::api::accounts::{current_user, logout, switch_role};
use crate::api::notifications::{get_inbox, mark_notifications_read};
use crate::components::feedback::{ErrorBox, Loading};
use crate::domain::access::{Permission, is_under, menu_for, page_allowed};
use crate::domain::role::Role;
use crate::dto::account::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Outlet, Redirect};

#[component]
pub fn Shell() -> impl IntoView {
    let who = crate::data::page_data(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match who.await {
                    Ok(Some(m)) if m.must_change_password => view! { <Redirect path="/change-password" /> }.into_any(),
                    Ok(Some(m)) => view! { <Frame me=m /> }.into_any(),
                    Ok(None) => {
                        // Back to this page after logging in (a scanned check-in link).
                        let here = leptos_router::hooks::use_location();
                        let search = here.search.get_untracked();
                        let q = if search.is_empty() || search.starts_with('?') { "" } else { "?" };
                        let path = format!("{}{q}{search}", here.pathname.get_untracked());
                        let to = if path == "/" { "/login".to_string() } else { format!("/login?next={}", crate::url::encode(&path)) };
                        view! { <Redirect path=to /> }.into_any()
                    }
                    Err(e) => view! { <main class="center-page"><ErrorBox error=e /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Frame(me: Me) -> impl IntoView {
    let menu_open = RwSignal::new(false);
    let role = me.active_role().unwrap_or(Role::Teacher);
    let here = leptos_router::hooks::use_location().pathname;
    provide_context(me.clone());
    let roles = me.roles.clone();
    let single_role = roles.len() < 2;
    let active = me.active_assignment_id;
    let on_switch = move |ev: leptos::ev::Event| {
        if let Ok(id) = event_target_value(&ev).parse::<i64>() {
            spawn_local(async move {
                if switch_role(id).await.is_ok() {
                    go("/");
                }
            });
        }
    };
    let on_logout = move |_| {
        spawn_local(async move {
            let _ = logout().await;
            go("/login");
        });
    };
    view! {
        <div class="app" class:menu-open=move || menu_open.get()>
            <header class="topbar">
                <button class="icon-btn menu-toggle" aria-label="菜单" on:click=move |_| menu_open.update(|o| *o = !*o)>
                    <span></span><span></span><span></span>
                </button>
                <a class="logo" href="/">"师训"</a>
                <div class="topbar-spacer"></div>
                <label class="role-switch" title="切换角色">
                    <span class="sr-only">"当前角色"</span>
                    <select data-testid="role-switch" on:change=on_switch disabled=single_role>
                        {roles.into_iter().map(|r| view! {
                            <option value=r.assignment_id.to_string() selected=r.assignment_id == active>
                                {format!("{} · {}", r.role.label(), r.scope_name)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <Bell />
                <details class="user-menu">
                    <summary data-testid="user-menu">{me.name.clone()}</summary>
                    <div class="user-menu-panel">
                        <a href="/change-password">"修改密码"</a>
                        <button type="button" data-testid="logout" on:click=on_logout>"退出登录"</button>
                    </div>
                </details>
            </header>
            <div class="scrim" on:click=move |_| menu_open.set(false)></div>
            <nav class="sidebar" aria-label="主菜单">
                {menu_for(role).into_iter().map(|(href, label)| view! {
                    <A href=href exact=true on:click=move |_| menu_open.set(false)>{label}</A>
                }).collect_view()}
            </nav>
            <main class="content">
                // A page outside the role's menu is refused here and kept out of sight (the
                // server's gate refuses each of its calls anyway).
                {move || (!page_allowed(role, &here.get())).then(|| view! { <Refused role /> })}
                <div class="outlet" hidden=move || !page_allowed(role, &here.get())>
                    <Outlet />
                </div>
            </main>
            {Permission::Learn.held_by(role).then(|| view! { <TabBar /> })}
        </div>
    }
}

/// 通知: the unread count on a bell; the latest messages in a panel, marked read on opening.
#[component]
fn Bell() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let inbox = crate::data::page_data(move || version.get(), |_| get_inbox());
    let open = RwSignal::new(false);
    // Opening the panel reads the messages: they stay listed, the count clears.
    let on_toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        let unread = inbox
            .get_untracked()
            .and_then(Result::ok)
            .is_some_and(|i| i.unread > 0);
        if opening && unread {
            spawn_local(async move {
                if mark_notifications_read(Vec::new()).await.is_ok() {
                    version.update(|v| *v += 1);
                }
            });
        }
    };
    view! {
        <details class="bell">
            <summary data-testid="bell" aria-label="通知" on:click=on_toggle>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm0 18a2.5 2.5 0 0 0 2.4-2h-4.8A2.5 2.5 0 0 0 12 21z" fill="currentColor"/></svg>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        inbox.await.ok().filter(|i| i.unread > 0).map(|i| view! {
                            <span class="badge" data-testid="bell-count">{i.unread.to_string()}</span>
                        })
                    })}
                </Transition>
            </summary>
            <div class="bell-panel" data-testid="inbox">
                <a class="bell-all" href="/messages" data-testid="message-centre">"消息中心"</a>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move { match inbox.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(i) if i.latest.is_empty() => view! { <p class="muted">"暂无通知"</p> }.into_any(),
                        Ok(i) => view! {
                            <ul>
                                {i.latest.into_iter().map(|n| view! {
                                    <li class:unread=!n.read>
                                        <a href=n.link.unwrap_or_else(|| "/messages".into())>
                                            <strong>{n.title}</strong>
                                            <p>{n.body}</p>
                                            <time>{n.at}</time>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }})}
                </Transition>
            </div>
        </details>
    }
}

/// A teacher's bottom tab bar on a phone (UI.md): 首页 / 培训 / 学分 / 我的. Each tab is
/// current on its own pages.
type Tab = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);
const TABS: [Tab; 4] = [
    ("/", "首页", "M3 11l9-8 9 8v10h-6v-6H9v6H3z", &["/"]),
    (
        "/my/training",
        "培训",
        "M4 4h7a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H4zM20 4h-3a3 3 0 0 0-3 3v13a2 2 0 0 1 2-2h4z",
        &["/my/training", "/enrol", "/checkin"],
    ),
    (
        "/my/credits",
        "学分",
        "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1-5.4-2.9-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z",
        &["/my/credits"],
    ),
    (
        "/me",
        "我的",
        "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 9a8 8 0 0 1 16 0z",
        &[
            "/me",
            "/profile",
            "/my/certificates",
            "/my/growth",
            "/messages",
            "/announcements",
        ],
    ),
];

#[component]
fn TabBar() -> impl IntoView {
    let here = leptos_router::hooks::use_location().pathname;
    view! {
        <nav class="tabbar" aria-label="底部导航">
            {TABS.into_iter().map(|(href, label, icon, owns)| {
                let current = move || {
                    let p = here.get();
                    // Every path is under "/": the home tab is current on the home alone.
                    owns.iter().any(|o| if *o == "/" { p == "/" } else { is_under(&p, o) })
                };
                view! {
                    <a href=href class:active=current aria-current=move || current().then_some("page")>
                        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d=icon fill="currentColor"/></svg>{label}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// What a role sees on a page its menu does not offer.
#[component]
fn Refused(role: Role) -> impl IntoView {
    view! {
        <section class="card" data-testid="refused">
            <div class="state state-error" role="alert">
                <strong>"无权访问此页面"</strong>
                <span>{format!("当前角色（{}）不能使用此功能。如需使用，请切换角色或联系管理员。", role.label())}</span>
                <a class="btn" href="/">"返回首页"</a>
            </div>
        </section>
    }
}
