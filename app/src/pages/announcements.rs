//! 通知公告: what reached the user (pinned first, unread marked), and — for bureaus, schools
//! and institutions — what their unit published, with 发布通知. The home page's card of the
//! latest is here too.

use crate::api::announcements::{list_announcements, published_announcements};
use crate::components::feedback::Loaded;
use crate::components::list_page::use_list;
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::PageHead;
use crate::domain::access::Permission;
use crate::dto::account::Me;
use crate::dto::announcements::{AnnouncementFilter, AnnouncementRow, PublishedRow};
use leptos::prelude::*;

fn may_publish() -> bool {
    use_context::<Me>()
        .and_then(|m| m.active().map(|r| r.role))
        .is_some_and(|r| Permission::PublishAnnouncements.held_by(r))
}

/// A received announcement's tags: 置顶, 需确认, 未读.
fn tags(a: &AnnouncementRow) -> impl IntoView + use<> {
    view! {
        {a.pinned.then(|| view! { <span class="tag tag-red">"置顶"</span> })}
        {(a.needs_ack && !a.acked).then(|| view! { <span class="tag tag-orange">"需确认"</span> })}
        {(!a.read).then(|| view! { <span class="tag tag-blue">"未读"</span> })}
    }
}

#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let publisher = may_publish();
    let tab = RwSignal::new("received");
    view! {
        <PageHead title="通知公告" trail="通知公告" />
        {publisher.then(|| view! {
            <div class="tabs" role="tablist">
                <button class="tab" role="tab" class:active=move || tab.get() == "received"
                    on:click=move |_| tab.set("received")>"收到的通知"</button>
                <button class="tab" role="tab" data-testid="tab-published" class:active=move || tab.get() == "published"
                    on:click=move |_| tab.set("published")>"本单位发布"</button>
                <span class="toolbar-spacer"></span>
                <a class="btn btn-primary" href="/announcements/new" data-testid="new-announcement">"发布通知"</a>
            </div>
        })}
        {move || if tab.get() == "received" {
            view! { <Received /> }.into_any()
        } else {
            view! { <Published /> }.into_any()
        }}
    }
}

#[component]
fn Received() -> impl IntoView {
    let list = use_list::<AnnouncementFilter>();
    let data = list.load(list_announcements);
    let row = |a: AnnouncementRow| {
        let href = format!("/announcements/{}", a.id);
        view! {
            <td data-label="标题" class="message-cell">
                <a href=href class:unread=!a.read><strong class:unread=!a.read>{a.title.clone()}</strong></a>
                " "{tags(&a)}
            </td>
            <td data-label="发布单位">{a.from.clone()}</td>
            <td data-label="发布时间">{a.at.clone()}</td>
            <td data-label="截止时间">{a.deadline.clone().unwrap_or_else(|| "—".into())}</td>
        }
    };
    view! {
        <section class="card">
            <ListTable list=list data=data cols=RECEIVED row=row empty="暂无通知公告" testid="announcements" row_testid="announcement" />
        </section>
    }
}

const RECEIVED: &[Col] = &[
    col("标题"),
    col("发布单位"),
    col("发布时间"),
    col("截止时间"),
];

#[component]
fn Published() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let data = crate::data::page_data(move || page.get(), published_announcements);
    let ok = move |p: crate::dto::Page<PublishedRow>| {
        if p.items.is_empty() {
            return view! { <crate::components::feedback::Empty text="本单位尚未发布通知" /> }
                .into_any();
        }
        view! {
            <table class="table responsive" data-testid="published">
                <thead><tr><th>"标题"</th><th>"状态"</th><th>"发送范围"</th><th>"发布时间"</th><th>"操作"</th></tr></thead>
                <tbody>
                    {p.items.into_iter().map(|r| view! {
                        <tr data-testid="published-row">
                            <td data-label="标题">
                                {r.pinned.then(|| view! { <span class="tag tag-red">"置顶"</span> })}" "{r.title.clone()}
                            </td>
                            <td data-label="状态"><span class=format!("tag tag-{}", r.standing.tone())>{r.standing.label()}</span></td>
                            <td data-label="发送范围">{r.audience.clone()}</td>
                            <td data-label="发布时间">{r.at.clone()}</td>
                            <td data-label="操作"><a class="btn btn-link" href=format!("/announcements/{}", r.id)>"阅读情况"</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(p.total > p.page_size).then(|| view! {
                <crate::components::pager::Pager page=Signal::derive(move || page.get()) total=p.total page_size=p.page_size
                    on_page=Callback::new(move |n| page.set(n)) />
            })}
        }
        .into_any()
    };
    view! { <section class="card"><Loaded data ok plain=true /></section> }
}
