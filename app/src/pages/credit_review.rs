//! 学分认定: the school certifies its teachers' school-based research, the county the other
//! hand-entered credits. Select lines to 认定 or 不予认定 (the reason is told to the teacher).

use crate::api::credits::{credit_queue, decide_credits};
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice, batch_notice};
use crate::components::overlay::ReasonDialog;
use crate::components::page::PageHead;
use crate::components::selection::{SelectAll, SelectRow};
use crate::dto::credits::CreditDecision;
use leptos::prelude::*;
use leptos::task::spawn_local;

const REFUSE_REASONS: &[&str] = &["缺少佐证材料", "学分与学时不符", "不属于本类别", "重复申报"];

#[component]
pub fn CreditReviewPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let selected = RwSignal::new(Vec::<i64>::new());
    let refusing = RwSignal::new(None::<Vec<i64>>);
    let list = crate::data::page_data(move || version.get(), |_| credit_queue());
    let run = move |ids: Vec<i64>, approve: bool, reason: String| {
        spawn_local(async move {
            let result = decide_credits(CreditDecision {
                ids,
                approve,
                reason,
            })
            .await;
            let action = if approve { "认定" } else { "不予认定" };
            notice.set(Some(batch_notice(result, action, "条")));
            selected.set(Vec::new());
            version.update(|v| *v += 1);
        });
    };
    view! {
        <PageHead title="学分认定" trail="培训 / 学分认定" />
        <Notice message=notice />
        <section class="card">
            <div class="toolbar">
                <span class="toolbar-spacer"></span>
                {move || {
                    let n = selected.get().len();
                    (n > 0).then(|| view! {
                        <span class="selection">{format!("已选 {n} 条")}</span>
                        <button class="btn btn-sm btn-primary" data-testid="batch-certify" on:click=move |_| run(selected.get_untracked(), true, String::new())>"认定"</button>
                        <button class="btn btn-sm" data-testid="batch-refuse" on:click=move |_| refusing.set(Some(selected.get_untracked()))>"不予认定"</button>
                    })
                }}
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <Empty text="没有待认定的学分" /> }.into_any(),
                        Ok(rows) => {
                            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                            view! {
                                <table class="table responsive" data-testid="credit-queue">
                                    <thead><tr>
                                        <SelectAll ids=ids.clone() selected=selected />
                                        <th>"教师"</th><th>"年度"</th><th>"名称"</th><th>"类别"</th><th>"学分 / 学时"</th><th>"申报日期"</th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let id = r.id;
                                            view! {
                                                <tr>
                                                    <SelectRow id=id selected=selected />
                                                    <td data-label="教师"><strong>{r.teacher_name.clone()}</strong><div class="muted">{r.school_name.clone()}</div></td>
                                                    <td data-label="年度">{r.year}</td>
                                                    <td data-label="名称">{r.title.clone()}</td>
                                                    <td data-label="类别">{r.category.clone()}</td>
                                                    <td data-label="学分 / 学时">{format!("{} 学分 / {} 学时", r.credits, r.hours)}</td>
                                                    <td data-label="申报日期">{r.created_at.clone()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        {move || refusing.get().map(|ids| {
            let n = ids.len();
            view! {
                <ReasonDialog title="不予认定" message=format!("所选 {n} 条不予认定，原因会通知教师本人。") templates=REFUSE_REASONS
                    on_done=Callback::new(move |reason: Option<String>| {
                        refusing.set(None);
                        if let Some(reason) = reason { run(ids.clone(), false, reason); }
                    }) />
            }
        })}
    }
}
