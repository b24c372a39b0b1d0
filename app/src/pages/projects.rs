//! 培训项目 (everyone who declares or oversees projects) and 项目审核 (the bureau's queue of
//! declarations waiting for it): filter bar, paged table, batch 通过 / 退回.

use crate::api::projects::{act_on_projects, list_projects};
use crate::api::training_years::list_training_years;
use crate::components::feedback::Notice;
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col, num};
use crate::components::overlay::ReasonDialog;
use crate::components::page::{PageHead, Tag};
use crate::components::pickers::YearSelect;
use crate::domain::project_flow::{ProjectAction, ProjectStatus};
use crate::domain::role::Role;
use crate::dto::account::Me;
use crate::dto::ids::ProjectId;
use crate::dto::projects::{ProjectFilter, ProjectRow};
use leptos::prelude::*;

/// Reasons reviewers give most often; one tap fills the box.
pub const RETURN_REASONS: &[&str] = &[
    "实施方案不完整，请补充课程安排",
    "培训对象范围不明确",
    "学时与课程安排不符",
    "经费预算不明确",
];

#[component]
pub fn ProjectsPage() -> impl IntoView {
    view! { <ProjectList queue=false /> }
}

#[component]
pub fn ProjectReviewPage() -> impl IntoView {
    view! { <ProjectList queue=true /> }
}

#[component]
fn ProjectList(queue: bool) -> impl IntoView {
    let me = use_context::<Me>();
    let role = me.as_ref().and_then(Me::active_role);
    let declares = matches!(role, Some(r) if r == Role::Institution || r.is_bureau());
    let list = use_list::<ProjectFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let year = list.field(|f| f.year.clone());
    let status = list.field(|f| f.status.clone());
    let selected = list.selected;
    let returning = RwSignal::new(None::<Vec<i64>>);
    // Which list this is comes from the route, not from the address.
    let projects = list.load(move |f| list_projects(ProjectFilter { queue, ..f }));
    let run = move |ids: Vec<i64>, action: ProjectAction, reason: String| {
        list.run_batch(
            act_on_projects(ids.into_iter().map(ProjectId).collect(), action, reason),
            action.label(),
            "个项目",
        )
    };
    let statuses = Signal::derive(|| {
        ProjectStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string()))
            .collect::<Vec<_>>()
    });
    let years = crate::data::page_data(|| (), |_| list_training_years());
    let (title, trail) = if queue {
        ("项目审核", "培训项目 / 项目审核")
    } else {
        ("培训项目", "培训项目 / 项目列表")
    };
    view! {
        <PageHead title=title trail=trail />
        <Notice message=list.notice />
        <FilterBar on_search=Callback::new(move |()| list.apply(ProjectFilter {
            keyword: keyword.get_untracked(),
            year: year.get_untracked(),
            status: if queue { String::new() } else { status.get_untracked() },
            ..Default::default()
        })) on_reset=Callback::new(move |()| list.reset())>
            <TextField label="项目名称" name="keyword" value=keyword placeholder="输入名称关键字" />
            <YearSelect value=year years=years />
            {(!queue).then(|| view! { <SelectField label="状态" name="status" value=status options=statuses prompt="全部状态" /> })}
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                {(declares && !queue).then(|| view! {
                    <a class="btn btn-primary" data-testid="new-project" href="/projects/new">
                        {if role == Some(Role::Institution) { "申报项目" } else { "新增项目" }}
                    </a>
                })}
                <span class="toolbar-spacer"></span>
                {move || {
                    let n = selected.get().len();
                    (queue && n > 0).then(|| view! {
                        <span class="selection">{format!("已选 {n} 个")}</span>
                        <button class="btn btn-sm btn-primary" data-testid="batch-approve" on:click=move |_| run(selected.get_untracked(), ProjectAction::Approve, String::new())>"批量通过"</button>
                        <button class="btn btn-sm" data-testid="batch-return" on:click=move |_| returning.set(Some(selected.get_untracked()))>"批量退回"</button>
                    })
                }}
            </div>
            <ListTable list=list data=projects cols=if queue { QUEUE_COLS } else { COLS }
                select=|r: &ProjectRow| r.id.0 selectable=queue
                row=move |r: ProjectRow| view! {
                    <Row r=r queue=queue
                        on_approve=Callback::new(move |id| run(vec![id], ProjectAction::Approve, String::new()))
                        on_return=Callback::new(move |id| returning.set(Some(vec![id]))) />
                }
                empty=if queue { "没有待审核的项目" } else { "还没有符合条件的项目" } testid="projects-table" />
        </section>
        {move || returning.get().map(|ids| {
            let n = ids.len();
            view! {
                <ReasonDialog title="退回修改" message=format!("将 {n} 个项目退回申报单位修改，退回原因会告知申报单位。")
                    templates=RETURN_REASONS
                    on_done=Callback::new(move |reason: Option<String>| {
                        returning.set(None);
                        if let Some(reason) = reason {
                            run(ids.clone(), ProjectAction::Return, reason);
                        }
                    }) />
            }
        })}
    }
}

const COLS: &[Col] = &[
    col("项目名称"),
    col("年度"),
    col("级别 · 类型"),
    col("承办机构"),
    num("学时 / 学分"),
    num("班期 · 计划人数"),
    col("状态"),
    col("操作"),
];

/// The 项目审核 queue shows when each was submitted instead of the status (all wait).
const QUEUE_COLS: &[Col] = &[
    col("项目名称"),
    col("年度"),
    col("级别 · 类型"),
    col("承办机构"),
    num("学时 / 学分"),
    num("班期 · 计划人数"),
    col("提交时间"),
    col("操作"),
];

/// A row's cells.
#[component]
fn Row(
    r: ProjectRow,
    queue: bool,
    on_approve: Callback<i64>,
    on_return: Callback<i64>,
) -> impl IntoView {
    let id = r.id.0;
    let href = format!("/projects/{id}");
    view! {
            <td data-label="项目名称">
                <a href=href.clone()><strong>{r.name.clone()}</strong></a>
                {r.makeup.then(|| view! { " " <Tag tone="orange" text="补学" /> })}
                " " <Tag tone="blue" text=r.fill_mode.label() />
            </td>
            <td data-label="年度">{r.year}</td>
            <td data-label="级别 · 类型">{format!("{} · {} · {}", r.level, r.kind, r.nature)}</td>
            <td data-label="承办机构">{r.institution_name.clone()}</td>
            <td data-label="学时 / 学分" class="num">{format!("{} / {}", r.hours, r.credits)}</td>
            <td data-label="班期 · 计划人数" class="num">{format!("{} 期 · {} 人", r.class_count, r.seats)}</td>
            <td data-label=if queue { "提交时间" } else { "状态" }>
                {if queue {
                    view! { <span>{r.submitted_at.clone()}</span> }.into_any()
                } else {
                    view! { <Tag tone=r.status.tone() text=r.status.label() /> }.into_any()
                }}
            </td>
            <td data-label="操作" class="row-actions">
                <a class="link-btn" href=href>"查看"</a>
                {queue.then(|| view! {
                    <button class="link-btn" data-testid="approve" on:click=move |_| on_approve.run(id)>"通过"</button>
                    <button class="link-btn danger" data-testid="return" on:click=move |_| on_return.run(id)>"退回"</button>
                })}
            </td>
    }
}
