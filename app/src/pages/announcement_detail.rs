//! One 通知公告: its text (opening it reads it; 确认已读 where asked) and, for its publisher,
//! the read rate by unit — drilled down unit by unit to the people who have not read —
//! with 催办 and 撤回.

use crate::api::announcements::{
    acknowledge_announcement, announcement_reach, open_announcement, remind_announcement,
    withdraw_announcement,
};
use crate::components::feedback::{Loaded, Notice};
use crate::components::page::PageHead;
use crate::domain::announcement::Standing;
use crate::dto::announcements::{AnnouncementView, ReadRate, UnitRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AnnouncementDetailPage() -> impl IntoView {
    let raw = crate::data::id_param();
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = crate::data::page_data(
        move || (raw(), version.get()),
        |(id, _)| open_announcement(id),
    );
    let ok = move |a: AnnouncementView| {
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
        view! {
            <article class="card announcement" data-testid="announcement-view">
                <h2>
                    {a.row.pinned.then(|| view! { <span class="tag tag-red">"置顶"</span> })}
                    " "{a.row.title.clone()}
                </h2>
                <p class="muted">
                    {format!("{} · {}", a.row.from, a.row.at)}
                    {a.row.deadline.clone().map(|d| format!(" · 截止 {d}"))}
                    {(a.standing != Standing::Published).then(|| view! {
                        " "<span class=format!("tag tag-{}", a.standing.tone())>{a.standing.label()}</span>
                    })}
                </p>
                <div class="announcement-body" inner_html=a.body.clone()></div>
                {asks.then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="acknowledge" on:click=ack>"确认已读"</button>
                })}
                {(a.row.needs_ack && a.row.acked).then(|| view! {
                    <p class="tag tag-green" data-testid="acknowledged">"已确认阅读"</p>
                })}
            </article>
            {a.mine.then(|| view! { <Reach id withdrawn=a.standing == Standing::Withdrawn notice version /> })}
        }
    };
    view! {
        <PageHead title="通知公告" trail="通知公告 / 详情" />
        <Notice message=notice />
        <Loaded data ok />
    }
}

/// The publisher's read rate, at the unit drilled into (its own at first).
#[component]
fn Reach(
    id: i64,
    withdrawn: bool,
    notice: RwSignal<Option<(bool, String)>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    // The units drilled through, with their names, from the publisher's own.
    let path = RwSignal::new(Vec::<(UnitRef, String)>::new());
    let at = move || path.with(|p| p.last().map(|(u, _)| u.clone()));
    let data = crate::data::page_data(
        move || (at(), version.get()),
        move |(at, _)| announcement_reach(id, at),
    );
    let remind = move |_| {
        let at = at();
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
    let ok = move |r: ReadRate| {
        let rate = |x: Option<u8>| x.map_or_else(|| "—".to_string(), |p| format!("{p}%"));
        view! {
            <div class="toolbar">
                <h2>"阅读情况 · "{r.unit.clone()}</h2>
                <span class="toolbar-spacer"></span>
                {(!withdrawn).then(|| view! {
                    <button class="btn" type="button" data-testid="remind" on:click=remind>"催办未读"</button>
                    <button class="btn btn-danger" type="button" data-testid="withdraw" on:click=withdraw>"撤回"</button>
                })}
            </div>
            <p data-testid="reach-total">
                {format!("应读 {} 人，已读 {} 人，阅读率 {}", r.total.reached, r.total.read, rate(r.total.rate))}
            </p>
            <table class="table responsive" data-testid="reach-table">
                <thead><tr><th>"单位"</th><th>"应读"</th><th>"已读"</th><th>"阅读率"</th></tr></thead>
                <tbody>
                    {r.rows.into_iter().map(|l| {
                        let name = l.name.clone();
                        let unit = l.unit.clone();
                        view! {
                            <tr data-testid="reach-row">
                                <td data-label="单位">
                                    {match unit {
                                        Some(u) => view! {
                                            <button class="btn btn-link" type="button"
                                                on:click=move |_| path.update(|p| p.push((u.clone(), name.clone())))>{l.name.clone()}</button>
                                        }.into_any(),
                                        None => view! { <span>{l.name.clone()}</span> }.into_any(),
                                    }}
                                </td>
                                <td data-label="应读">{l.reached}</td>
                                <td data-label="已读">{l.read}</td>
                                <td data-label="阅读率">{rate(l.rate)}</td>
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
        }
    };
    view! {
        <section class="card" data-testid="reach">
            {move || (!path.with(Vec::is_empty)).then(|| view! {
                <nav class="breadcrumb">
                    <button class="btn btn-link" type="button" on:click=move |_| path.set(Vec::new())>"全部"</button>
                    {move || path.get().into_iter().enumerate().map(|(i, (_, n))| view! {
                        " / "<button class="btn btn-link" type="button" on:click=move |_| path.update(|p| p.truncate(i + 1))>{n}</button>
                    }).collect_view()}
                </nav>
            })}
            <Loaded data ok plain=true />
        </section>
    }
}
