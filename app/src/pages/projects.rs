//! 培训项目 (everyone who declares or oversees projects) and 项目审核 (the bureau's queue of
//! declarations waiting for it): filter bar, paged table, batch 通过 / 退回.

use crate::api::projects::{act_on_projects, list_projects};
use crate::api::training_years::list_training_years;
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice, batch_notice};
use crate::components::field::{SelectField, TextField};
use crate::components::overlay::ReasonDialog;
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::pickers::YearSelect;
use crate::components::selection::{SelectAll, SelectRow};
use crate::domain::project_flow::{ProjectAction, ProjectStatus};
use crate::domain::role::Role;
use crate::dto::DEFAULT_PAGE_SIZE;
use crate::dto::account::Me;
use crate::dto::projects::{ProjectFilter, ProjectRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

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

fn filter_of(keyword: String, year: String, status: String, queue: bool) -> ProjectFilter {
    ProjectFilter {
        keyword,
        year,
        status,
        queue,
        page: 1,
        page_size: DEFAULT_PAGE_SIZE,
        ..Default::default()
    }
}

#[component]
fn ProjectList(queue: bool) -> impl IntoView {
    let me = use_context::<Me>();
    let role = me.as_ref().and_then(Me::active_role);
    let declares = matches!(role, Some(r) if r == Role::Institution || r.is_bureau());
    let keyword = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(filter_of(
        String::new(),
        String::new(),
        String::new(),
        queue,
    ));
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let selected = RwSignal::new(Vec::<i64>::new());
    let returning = RwSignal::new(None::<Vec<i64>>);
    Effect::new(move |_| {
        let p = page.get();
        applied.update(|f| f.page = p);
    });
    let list = crate::data::page_data(
        move || (applied.get(), version.get()),
        |(f, _)| list_projects(f),
    );
    let run = move |ids: Vec<i64>, action: ProjectAction, reason: String| {
        spawn_local(async move {
            let result = act_on_projects(ids, action, reason).await;
            notice.set(Some(batch_notice(result, action.label(), "个项目")));
            selected.set(Vec::new());
            version.update(|v| *v += 1);
        });
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
        <Notice message=notice />
        <section class="card filter-bar">
            <form on:submit=move |ev| {
                ev.prevent_default();
                page.set(1);
                let s = if queue { String::new() } else { status.get_untracked() };
                applied.set(filter_of(keyword.get_untracked(), year.get_untracked(), s, queue));
            }>
                <TextField label="项目名称" name="keyword" value=keyword placeholder="输入名称关键字" />
                <YearSelect value=year years=years />
                {(!queue).then(|| view! { <SelectField label="状态" name="status" value=status options=statuses prompt="全部状态" /> })}
                <div class="filter-actions">
                    <button class="btn btn-primary" type="submit">"查询"</button>
                    <button class="btn" type="button" on:click=move |_| {
                        keyword.set(String::new()); year.set(String::new()); status.set(String::new());
                        page.set(1);
                        applied.set(filter_of(String::new(), String::new(), String::new(), queue));
                    }>"重置"</button>
                </div>
            </form>
        </section>
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
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! {
                            <Empty text=if queue { "没有待审核的项目" } else { "还没有符合条件的项目" } />
                        }.into_any(),
                        Ok(p) => {
                            let (total, size) = (p.total, p.page_size);
                            let ids: Vec<i64> = p.items.iter().map(|r| r.id).collect();
                            view! {
                                <table class="table responsive" data-testid="projects-table">
                                    <thead><tr>
                                        {queue.then(|| view! {
                                            <SelectAll ids=ids.clone() selected=selected />
                                        })}
                                        <th>"项目名称"</th><th>"年度"</th><th>"级别 · 类型"</th><th>"承办机构"</th>
                                        <th class="num">"学时 / 学分"</th><th class="num">"班期 · 计划人数"</th>
                                        <th>{if queue { "提交时间" } else { "状态" }}</th><th>"操作"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.items.into_iter().map(|r| view! {
                                            <Row r=r queue=queue selected=selected
                                                on_approve=Callback::new(move |id| run(vec![id], ProjectAction::Approve, String::new()))
                                                on_return=Callback::new(move |id| returning.set(Some(vec![id]))) />
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

#[component]
fn Row(
    r: ProjectRow,
    queue: bool,
    selected: RwSignal<Vec<i64>>,
    on_approve: Callback<i64>,
    on_return: Callback<i64>,
) -> impl IntoView {
    let id = r.id;
    let href = format!("/projects/{id}");
    view! {
        <tr>
            {queue.then(|| view! {
                <SelectRow id=id selected=selected />
            })}
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
        </tr>
    }
}
