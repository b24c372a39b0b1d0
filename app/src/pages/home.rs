//! 首页. A teacher's is the space's hub (UI.md "Teacher home"): what waits for them, this
//! year's credits as a ring, the cycle's progress, the latest announcements and quick links.
//! Other roles without a 工作台 get the announcements and their shortcuts.

use crate::api::home::get_home;
use crate::components::feedback::Loaded;
use crate::components::page::Tag;
use crate::domain::access::{has_workbench, menu_for};
use crate::domain::home::Progress;
use crate::domain::project::format_credits;
use crate::domain::role::Role;
use crate::dto::account::Me;
use crate::dto::announcements::AnnouncementRow;
use crate::dto::home::{HomeView, TeacherHome};
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
    let data = crate::data::page_data(|| (), |_| get_home());
    view! {
        <Title text="首页" />
        <div class="page-head">
            <nav class="breadcrumb" aria-label="位置">"首页"</nav>
            <h1 data-testid="welcome">{format!("您好，{name}")}</h1>
            <p class="muted">{format!("当前角色：{} · {}", role.label(), scope)}</p>
        </div>
        <Loaded data=data plain=true ok=move |h: HomeView| match h.teacher {
            Some(t) => view! { <Hub t announcements=h.announcements unread=h.unread /> }.into_any(),
            None => view! {
                <Latest rows=h.announcements unread=h.unread />
                <div class="tiles">
                    {menu_for(role).into_iter().skip(1).map(|(href, label)| view! {
                        <a class="tile card" href=href><strong>{label}</strong><span class="muted">"进入 →"</span></a>
                    }).collect_view()}
                </div>
            }.into_any(),
        } />
    }
    .into_any()
}

#[component]
fn Hub(t: TeacherHome, announcements: Vec<AnnouncementRow>, unread: u64) -> impl IntoView {
    let todos = t.todos.len() + usize::from(unread > 0);
    view! {
        <div class="hub">
            <section class="card hub-todo" data-testid="home-todos">
                <h2>"待办"{(todos > 0).then(|| view! { <span class="badge">{todos}</span> })}</h2>
                {if todos == 0 {
                    view! { <p class="muted">"暂无待办，一切就绪。"</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {t.todos.into_iter().map(|d| view! {
                                <li data-testid="home-todo">
                                    <a href=d.href><Tag tone=d.kind.tone() text=d.kind.label() />" "{d.title}</a>
                                    <div class="muted">{d.detail}</div>
                                </li>
                            }).collect_view()}
                            {(unread > 0).then(|| view! {
                                <li data-testid="home-todo">
                                    <a href="/announcements"><Tag tone="orange" text="未读通知" />{format!(" {unread} 条通知公告未读")}</a>
                                </li>
                            })}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card hub-ring" data-testid="home-year-credits">
                <h2>{format!("{} 年度学分", t.year)}</h2>
                <Ring p=t.year_credits />
                <a href="/my/credits">"查看我的学分 →"</a>
            </section>
            <section class="card hub-cycle" data-testid="home-cycle">
                <h2>{format!("周期进度 · {}", t.cycle)}</h2>
                <div class="progress" role="progressbar" aria-label="周期学分进度"
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=t.cycle_credits.percent()>
                    <span style=format!("width:{}%", t.cycle_credits.percent())></span>
                </div>
                <p>{format!("已修 {} / {} 学分", format_credits(t.cycle_credits.done), format_credits(t.cycle_credits.required))}</p>
                <p class="muted">{t.missing.first().cloned().unwrap_or_else(|| "本周期学分已修满".into())}</p>
            </section>
            <Latest rows=announcements unread />
            <nav class="card hub-links" aria-label="快捷入口">
                <a class="tile" href="/my/certificates" data-testid="quick-certificates"><strong>"打印证书"</strong>
                    <span class="muted">{format!("{} 张证书", t.certificates)}</span></a>
                <a class="tile" href="/my/training?tab=1" data-testid="quick-learning"><strong>"进入远程学习"</strong>
                    <span class="muted">{if t.can_launch { "进行中的培训" } else { "暂无进行中的网络研修" }}</span></a>
                <a class="tile" href="/enrol"><strong>"选学报名"</strong><span class="muted">"本年度可报名的班级"</span></a>
                <a class="tile" href="/my/growth"><strong>"成长档案"</strong><span class="muted">"荣誉与成果"</span></a>
            </nav>
        </div>
    }
}

/// This year's credits as a ring: the share done, and the figures in words beside it.
#[component]
fn Ring(p: Progress) -> impl IntoView {
    // 2π × 40, the ring's circumference.
    let (filled, rest) = p.ring(251);
    let words = format!(
        "已修 {} / 应修 {} 学分",
        format_credits(p.done),
        format_credits(p.required)
    );
    view! {
        <div class="ring">
            <svg viewBox="0 0 100 100" width="112" height="112" role="img" aria-label=words.clone()>
                <circle cx="50" cy="50" r="40" class="ring-track" />
                // Nothing done draws no arc (a round cap would draw a dot).
                {(filled > 0).then(|| view! {
                    <circle cx="50" cy="50" r="40" class="ring-fill" class:met=p.met()
                        stroke-dasharray=format!("{filled} {rest}") transform="rotate(-90 50 50)" />
                })}
                <text x="50" y="56" text-anchor="middle" class="ring-text">{format!("{}%", p.percent())}</text>
            </svg>
            <p data-testid="year-credits">{words}</p>
        </div>
    }
}

#[component]
fn Latest(rows: Vec<AnnouncementRow>, unread: u64) -> impl IntoView {
    view! {
        <section class="card hub-news" data-testid="home-announcements">
            <h2><a href="/announcements">"通知公告"</a>{(unread > 0).then(|| view! { <span class="badge">{unread}</span> })}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"暂无通知公告"</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {rows.into_iter().map(|a| view! {
                            <li data-testid="home-announcement">
                                <a href=format!("/announcements/{}", a.id)>{a.title}</a>
                                <div class="muted">{format!("{}{} · {}", if a.read { "" } else { "未读 · " }, a.from, a.at)}</div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
