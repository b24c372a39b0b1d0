//! One 通知公告: its text (opening it reads it; 确认已读 where asked) and, for its publisher,
//! the read rate by unit — drilled down unit by unit to the people who have not read —
//! with 催办 and 撤回.

use crate::api::announcements::{
    acknowledge_announcement, open_announcement_page, remind_announcement, withdraw_announcement,
};
use crate::components::feedback::{Loaded, Notice};
use crate::components::page::PageHead;
use crate::domain::announcement::Standing;
use crate::dto::announcements::{AnnouncementView, ReadRate, UnitRef, file_link};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AnnouncementDetailPage() -> impl IntoView {
    let raw = crate::data::id_param();
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    // The unit drilled into is in the address ("?at=s12"): back, refresh and a shared link
    // show the same table.
    let query = leptos_router::hooks::use_query_map();
    let at = move || query.read().get("at").and_then(|k| UnitRef::parse(&k));
    let data = crate::data::page_data(
        move || (raw(), at(), version.get()),
        // One call: a second one, made after the first answered, would be a second round trip.
        |(id, at, _)| open_announcement_page(id, at),
    );
    let ok = move |(a, rate): (AnnouncementView, Option<ReadRate>)| {
        let id = a.row.id;
        let ack = move |_| {
            spawn_local(async move {
                match acknowledge_announcement(id).await {
                    Ok(()) => {
                        notice.set(Some((true, "已确认阅读".into())));
                        version.update(|v| *v += 1);
                    }
                    Err(e) => notice.set(Some((false, e.to_string()))),
                }
            });
        };
        let asks = a.row.needs_ack && !a.row.acked && !a.mine;
        let withdrawn = a.standing == Standing::Withdrawn;
        view! {
            <article class="card announcement" data-testid="announcement-view">
                <h2>
                    {a.row.pinned.then(|| view! { <span class="tag tag-red">"置顶"</span> })}
                    <span>{a.row.title.clone()}</span>
                </h2>
                <p class="muted">
                    <span>{format!(
                        "{} · {}{}",
                        a.row.from,
                        a.row.at,
                        a.row.deadline.clone().map(|d| format!(" · 截止 {d}")).unwrap_or_default()
                    )}</span>
                    {(a.standing != Standing::Published).then(|| view! {
                        <span class=format!("tag tag-{}", a.standing.tone())>{a.standing.label()}</span>
                    })}
                </p>
                <div class="announcement-body" inner_html=a.body.clone()></div>
                {(!a.files.is_empty()).then(|| view! {
                    <div class="attachments" data-testid="announcement-files">
                        <h3>"附件"</h3>
                        <ul>
                            {a.files.iter().map(|f| view! {
                                <li><a href=file_link(a.row.id, f.file_id) download rel="external">{f.name.clone()}</a></li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                {asks.then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="acknowledge" on:click=ack>"确认已读"</button>
                })}
                {(a.row.needs_ack && a.row.acked).then(|| view! {
                    <p class="tag tag-green" data-testid="acknowledged">"已确认阅读"</p>
                })}
            </article>
            {rate.map(|r| view! { <Reach id rate=r withdrawn at=at() notice version /> })}
        }
    };
    view! {
        <PageHead title="通知公告" trail="通知公告 / 详情" />
        <Notice message=notice />
        <Loaded data ok />
    }
}

/// The publisher's read rate at the unit drilled into (its own at first).
#[component]
fn Reach(
    id: i64,
    rate: ReadRate,
    withdrawn: bool,
    at: Option<UnitRef>,
    notice: RwSignal<Option<(bool, String)>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let drilled = at.is_some();
    let remind = move |_| {
        let at = at.clone();
        spawn_local(async move {
            match remind_announcement(id, at).await {
                Ok(()) => notice.set(Some((true, "已催办：未阅读的人员将收到提醒".into()))),
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    };
    let withdraw = move |_| {
        spawn_local(async move {
            match withdraw_announcement(id).await {
                Ok(()) => {
                    notice.set(Some((true, "已撤回".into())));
                    version.update(|v| *v += 1);
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    };
    let r = rate;
    let percent = |x: Option<u8>| x.map_or_else(|| "—".to_string(), |p| format!("{p}%"));
    view! {
        <section class="card" data-testid="reach">
            {drilled.then(|| view! {
                <nav class="breadcrumb">
                    <a href="?">"全部"</a>
                    <span>{format!(" / {}", r.unit)}</span>
                </nav>
            })}
            <div class="toolbar">
                <h2>"阅读情况 · "{r.unit.clone()}</h2>
                <span class="toolbar-spacer"></span>
                {(!withdrawn).then(|| view! {
                    <button class="btn" type="button" data-testid="remind" on:click=remind>"催办未读"</button>
                    <button class="btn btn-danger" type="button" data-testid="withdraw" on:click=withdraw>"撤回"</button>
                })}
            </div>
            <p data-testid="reach-total">
                {format!("应读 {} 人，已读 {} 人，阅读率 {}", r.total.reached, r.total.read, percent(r.total.rate))}
            </p>
            <table class="table responsive" data-testid="reach-table">
                <thead><tr><th>"单位"</th><th>"应读"</th><th>"已读"</th><th>"阅读率"</th></tr></thead>
                <tbody>
                    {r.rows.into_iter().map(|l| {
                        view! {
                            <tr data-testid="reach-row">
                                <td data-label="单位">
                                    {match l.unit.clone() {
                                        Some(u) => view! {
                                            <a href=format!("?at={}", u.key())>{l.name.clone()}</a>
                                        }.into_any(),
                                        None => view! { <span>{l.name.clone()}</span> }.into_any(),
                                    }}
                                </td>
                                <td data-label="应读">{l.reached}</td>
                                <td data-label="已读">{l.read}</td>
                                <td data-label="阅读率">{percent(l.rate)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!r.unread_people.is_empty()).then(|| view! {
                <h3>"未读人员"</h3>
                <p data-testid="unread-people">
                    {r.unread_people.join("、")}
                    {(r.more_unread > 0).then(|| format!(" 等，另有 {} 人", r.more_unread))}
                </p>
            })}
        </section>
    }
}
