//! 报名审核: the school (first) or the institution (second) reviews enrolments. Select rows to
//! 通过 or 拒绝 (a reason is required and told to the teacher); a drawer shows the applicant's
//! record and training history so the reviewer decides without leaving the queue.

use crate::api::enrolments::{get_applicant, list_enrolments, review_enrolments};
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice, batch_notice};
use crate::components::field::{SelectField, TextField};
use crate::components::overlay::{Drawer, ReasonDialog};
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::selection::{SelectAll, SelectRow};
use crate::components::timeline::Timeline;
use crate::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus};
use crate::domain::role::Role;
use crate::dto::DEFAULT_PAGE_SIZE;
use crate::dto::account::Me;
use crate::dto::enrolments::{EnrolmentFilter, EnrolmentRow, ReviewInput};
use leptos::prelude::*;
use leptos::task::spawn_local;

const REFUSE_REASONS: &[&str] = &[
    "本学期教学任务冲突",
    "与本人岗位不符",
    "本年度已安排同类培训",
    "请先完成未结束的培训",
];

fn filter_of(keyword: String, status: String) -> EnrolmentFilter {
    EnrolmentFilter {
        keyword,
        status,
        page: 1,
        page_size: DEFAULT_PAGE_SIZE,
        ..Default::default()
    }
}

#[component]
pub fn EnrolmentReviewPage() -> impl IntoView {
    let role = use_context::<Me>().and_then(|m| m.active_role());
    let (approve, refuse) = match role {
        Some(Role::Institution) => (
            EnrolmentAction::InstitutionApprove,
            EnrolmentAction::InstitutionRefuse,
        ),
        _ => (
            EnrolmentAction::SchoolApprove,
            EnrolmentAction::SchoolRefuse,
        ),
    };
    let reviews = matches!(role, Some(Role::SchoolAdmin | Role::Institution));
    let keyword = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(filter_of(String::new(), String::new()));
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let selected = RwSignal::new(Vec::<i64>::new());
    let refusing = RwSignal::new(None::<Vec<i64>>);
    let viewing = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        let p = page.get();
        applied.update(|f| f.page = p);
    });
    let list = crate::data::page_data(
        move || (applied.get(), version.get()),
        |(f, _)| list_enrolments(f),
    );
    let run = move |ids: Vec<i64>, action: EnrolmentAction, reason: String| {
        spawn_local(async move {
            let result = review_enrolments(ReviewInput {
                ids,
                action,
                reason,
            })
            .await;
            notice.set(Some(batch_notice(result, action.label(), "人")));
            selected.set(Vec::new());
            viewing.set(None);
            version.update(|v| *v += 1);
        });
    };
    let statuses = Signal::derive(|| {
        let mut v = vec![("all".to_string(), "全部状态".to_string())];
        v.extend(
            EnrolmentStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        );
        v
    });
    view! {
        <PageHead title="报名审核" trail="培训 / 报名审核" />
        <Notice message=notice />
        <section class="card filter-bar">
            <form on:submit=move |ev| {
                ev.prevent_default();
                page.set(1);
                applied.set(filter_of(keyword.get_untracked(), status.get_untracked()));
            }>
                <TextField label="教师" name="keyword" value=keyword placeholder="姓名或身份证号后几位" />
                <SelectField label="状态" name="status" value=status options=statuses prompt="待我审核" />
                <div class="filter-actions"><button class="btn btn-primary" type="submit">"查询"</button></div>
            </form>
        </section>
        <section class="card">
            <div class="toolbar">
                <span class="toolbar-spacer"></span>
                {move || {
                    let n = selected.get().len();
                    (reviews && n > 0).then(|| view! {
                        <span class="selection">{format!("已选 {n} 人")}</span>
                        <button class="btn btn-sm btn-primary" data-testid="batch-approve" on:click=move |_| run(selected.get_untracked(), approve, String::new())>"批量通过"</button>
                        <button class="btn btn-sm" data-testid="batch-refuse" on:click=move |_| refusing.set(Some(selected.get_untracked()))>"批量拒绝"</button>
                    })
                }}
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! { <Empty text="没有待审核的报名" /> }.into_any(),
                        Ok(p) => {
                            let (total, size) = (p.total, p.page_size);
                            let ids: Vec<i64> = p.items.iter().map(|r| r.id).collect();
                            view! {
                                <table class="table responsive" data-testid="enrolments-table">
                                    <thead><tr>
                                        <SelectAll ids=ids.clone() selected=selected />
                                        <th>"教师"</th><th>"学校"</th><th>"学段 · 学科"</th><th>"项目 · 班期"</th><th>"报名时间"</th><th>"状态"</th><th>"操作"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.items.into_iter().map(|r| view! {
                                            <Row r=r selected=selected reviews=reviews
                                                on_view=Callback::new(move |id| viewing.set(Some(id)))
                                                on_approve=Callback::new(move |id| run(vec![id], approve, String::new()))
                                                on_refuse=Callback::new(move |id| refusing.set(Some(vec![id]))) />
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager total=total page_size=size page=page />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        {move || viewing.get().map(|id| view! {
            <ApplicantDrawer id=id reviews=reviews
                on_close=Callback::new(move |_| viewing.set(None))
                on_approve=Callback::new(move |id| run(vec![id], approve, String::new()))
                on_refuse=Callback::new(move |id| refusing.set(Some(vec![id]))) />
        })}
        {move || refusing.get().map(|ids| {
            let n = ids.len();
            view! {
                <ReasonDialog title="拒绝报名" message=format!("拒绝所选 {n} 人的报名，原因会通知教师本人。") templates=REFUSE_REASONS
                    on_done=Callback::new(move |reason: Option<String>| {
                        refusing.set(None);
                        if let Some(reason) = reason { run(ids.clone(), refuse, reason); }
                    }) />
            }
        })}
    }
}

#[component]
fn Row(
    r: EnrolmentRow,
    selected: RwSignal<Vec<i64>>,
    reviews: bool,
    on_view: Callback<i64>,
    on_approve: Callback<i64>,
    on_refuse: Callback<i64>,
) -> impl IntoView {
    let id = r.id;
    view! {
        <tr>
            <SelectRow id=id selected=selected />
            <td data-label="教师"><button class="link-btn" data-testid="view-applicant" on:click=move |_| on_view.run(id)><strong>{r.teacher_name.clone()}</strong></button>
                <div class="muted">{r.id_number.clone()}</div></td>
            <td data-label="学校">{r.school_name.clone()}</td>
            <td data-label="学段 · 学科">{format!("{} · {}", r.stage, r.subject)}</td>
            <td data-label="项目 · 班期">{format!("{} · {}", r.project_name, r.class_name)}</td>
            <td data-label="报名时间">{r.applied_at.clone()}</td>
            <td data-label="状态"><Tag tone=r.status.tone() text=r.status.label() /></td>
            <td data-label="操作" class="row-actions">
                {reviews.then(|| view! {
                    <button class="link-btn" data-testid="approve" on:click=move |_| on_approve.run(id)>"通过"</button>
                    <button class="link-btn danger" data-testid="refuse" on:click=move |_| on_refuse.run(id)>"拒绝"</button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn ApplicantDrawer(
    id: i64,
    reviews: bool,
    on_close: Callback<()>,
    on_approve: Callback<i64>,
    on_refuse: Callback<i64>,
) -> impl IntoView {
    let who = crate::data::page_data(move || id, get_applicant);
    view! {
        <Drawer title="报名详情" on_close=on_close>
            <div class="drawer-body">
                <Suspense fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move {
                        match who.await {
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                            Ok(a) => view! {
                                <dl class="desc-grid" data-testid="applicant">
                                    <div class="desc-item"><dt>"姓名"</dt><dd>{format!("{}（{}）", a.row.teacher_name, a.gender)}</dd></div>
                                    <div class="desc-item"><dt>"身份证号"</dt><dd>{a.row.id_number.clone()}</dd></div>
                                    <div class="desc-item"><dt>"学校"</dt><dd>{a.row.school_name.clone()}</dd></div>
                                    <div class="desc-item"><dt>"学段 · 学科"</dt><dd>{format!("{} · {}", a.row.stage, a.row.subject)}</dd></div>
                                    <div class="desc-item"><dt>"职称"</dt><dd>{a.title.clone()}</dd></div>
                                    <div class="desc-item"><dt>"手机"</dt><dd>{a.phone.clone()}</dd></div>
                                    <div class="desc-item"><dt>"报名"</dt><dd>{format!("{} · {}", a.row.project_name, a.row.class_name)}</dd></div>
                                </dl>
                                <h3>"报名进度"</h3>
                                <Timeline events=a.timeline.clone() />
                                <h3>{format!("培训记录（{}）", a.history.len())}</h3>
                                {if a.history.is_empty() {
                                    view! { <p class="muted">"暂无其他培训记录"</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="role-list">
                                            {a.history.iter().map(|h| view! {
                                                <li>{format!("{} · {}", h.project_name, h.class_name)} <Tag tone=h.status.tone() text=h.status.label() /></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
            {reviews.then(|| view! {
                <div class="drawer-actions">
                    <button class="btn" on:click=move |_| on_refuse.run(id)>"拒绝"</button>
                    <button class="btn btn-primary" data-testid="drawer-approve" on:click=move |_| on_approve.run(id)>"通过"</button>
                </div>
            })}
        </Drawer>
    }
}
