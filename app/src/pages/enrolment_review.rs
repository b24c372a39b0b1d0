//! 报名审核: the school (first) or the institution (second) reviews enrolments. Select rows to
//! 通过 or 拒绝 (a reason is required and told to the teacher); a drawer shows the applicant's
//! record and training history so the reviewer decides without leaving the queue.

use crate::api::enrolments::{get_applicant, list_enrolments, review_enrolments};
use crate::components::feedback::{Loaded, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::overlay::{Drawer, ReasonDialog};
use crate::components::page::{PageHead, Tag};
use crate::components::timeline::Timeline;
use crate::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus};
use crate::domain::role::Role;
use crate::dto::account::Me;
use crate::dto::enrolments::{EnrolmentFilter, EnrolmentRow, ReviewInput};
use leptos::prelude::*;

const REFUSE_REASONS: &[&str] = &[
    "本学期教学任务冲突",
    "与本人岗位不符",
    "本年度已安排同类培训",
    "请先完成未结束的培训",
];

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
    // 替换 is the school's, for an admitted teacher before the class starts.
    let replaces = role == Some(Role::SchoolAdmin);
    let replacing = RwSignal::new(None::<EnrolmentRow>);
    let list = use_list::<EnrolmentFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let status = list.field(|f| f.status.clone());
    let selected = list.selected;
    let refusing = RwSignal::new(None::<Vec<i64>>);
    let viewing = RwSignal::new(None::<i64>);
    let enrolments = list.load(list_enrolments);
    let run = move |ids: Vec<i64>, action: EnrolmentAction, reason: String| {
        viewing.set(None);
        let input = ReviewInput {
            ids,
            action,
            reason,
        };
        list.run_batch(review_enrolments(input), action.label(), "人")
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
        <Notice message=list.notice />
        <FilterBar on_search=Callback::new(move |()| list.apply(EnrolmentFilter {
            keyword: keyword.get_untracked(),
            status: status.get_untracked(),
            ..Default::default()
        }))>
            <TextField label="教师" name="keyword" value=keyword placeholder="姓名或身份证号后几位" />
            <SelectField label="状态" name="status" value=status options=statuses prompt="待我审核" />
        </FilterBar>
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
            <ListTable list=list data=enrolments cols=COLS select=|r: &EnrolmentRow| r.id
                row=move |r: EnrolmentRow| view! {
                    <Row r=r reviews=reviews replaces=replaces
                        on_replace=Callback::new(move |r| replacing.set(Some(r)))
                        on_view=Callback::new(move |id| viewing.set(Some(id)))
                        on_approve=Callback::new(move |id| run(vec![id], approve, String::new()))
                        on_refuse=Callback::new(move |id| refusing.set(Some(vec![id]))) />
                }
                empty="没有待审核的报名" testid="enrolments-table" />
        </section>
        {move || viewing.get().map(|id| view! {
            <ApplicantDrawer id=id reviews=reviews
                on_close=Callback::new(move |_| viewing.set(None))
                on_approve=Callback::new(move |id| run(vec![id], approve, String::new()))
                on_refuse=Callback::new(move |id| refusing.set(Some(vec![id]))) />
        })}
        {move || replacing.get().map(|row| view! {
            <super::replace_dialog::ReplaceDialog row on_done=Callback::new(move |done: Option<String>| {
                replacing.set(None);
                if let Some(text) = done {
                    list.done(text);
                }
            }) />
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

const COLS: &[Col] = &[
    col("教师"),
    col("学校"),
    col("学段 · 学科"),
    col("项目 · 班期"),
    col("报名时间"),
    col("状态"),
    col("操作"),
];

/// A row's cells.
#[component]
fn Row(
    r: EnrolmentRow,
    reviews: bool,
    replaces: bool,
    on_replace: Callback<EnrolmentRow>,
    on_view: Callback<i64>,
    on_approve: Callback<i64>,
    on_refuse: Callback<i64>,
) -> impl IntoView {
    let id = r.id;
    let enrolled = r.status == EnrolmentStatus::Enrolled;
    let can_replace = replaces && enrolled && !r.started;
    let decided = r.status.is_final() || enrolled;
    let replace_row = r.clone();
    view! {
            <td data-label="教师"><button class="link-btn" data-testid="view-applicant" on:click=move |_| on_view.run(id)><strong>{r.teacher_name.clone()}</strong></button>
                <div class="muted">{r.id_number.clone()}</div></td>
            <td data-label="学校">{r.school_name.clone()}</td>
            <td data-label="学段 · 学科">{format!("{} · {}", r.stage, r.subject)}</td>
            <td data-label="项目 · 班期">{format!("{} · {}", r.project_name, r.class_name)}</td>
            <td data-label="报名时间">{r.applied_at.clone()}</td>
            <td data-label="状态"><Tag tone=r.status.tone() text=r.status.label() /></td>
            <td data-label="操作" class="row-actions">
                {(reviews && !decided).then(|| view! {
                    <button class="link-btn" data-testid="approve" on:click=move |_| on_approve.run(id)>"通过"</button>
                    <button class="link-btn danger" data-testid="refuse" on:click=move |_| on_refuse.run(id)>"拒绝"</button>
                })}
                {can_replace.then(|| view! {
                    <button class="link-btn" data-testid="replace" on:click=move |_| on_replace.run(replace_row.clone())>"替换"</button>
                })}
            </td>
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
                <Loaded data=who plain=true ok=move |a| view! {
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
                    } />
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
