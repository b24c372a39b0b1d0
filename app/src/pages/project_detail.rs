//! One project: its fields, classes, plan, review timeline, and the actions the caller may
//! take now (提交 / 撤回 / 通过 / 退回 / 撤销).

use super::projects::RETURN_REASONS;
use crate::api::enrolments::{cancel_class, expand_class, run_draw};
use crate::api::projects::{act_on_project, get_project};
use crate::components::feedback::{Loaded, Notice};
use crate::components::field::TextField;
use crate::components::overlay::{ConfirmDialog, ReasonDialog};
use crate::components::page::{PageHead, Tag};
use crate::components::timeline::Timeline;
use crate::domain::project_flow::ClassStatus;
use crate::domain::project_flow::ProjectAction;
use crate::dto::ids::ProjectId;
use crate::dto::projects::{ClassView, ProjectDetail};
use leptos::prelude::*;
use leptos::task::spawn_local;

const CANCEL_REASONS: &[&str] = &["报名人数不足", "培训计划调整", "承办机构无法按期举办"];

#[component]
pub fn ProjectDetailPage() -> impl IntoView {
    let raw = crate::data::id_param();
    let id = move || ProjectId(raw());
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let detail = crate::data::page_data(move || (id(), version.get()), |(id, _)| get_project(id));
    let done = Callback::new(move |msg: (bool, String)| {
        notice.set(Some(msg));
        version.update(|v| *v += 1);
    });
    view! {
        <PageHead title="项目详情" trail="培训项目 / 项目详情" />
        <Notice message=notice />
        <Loaded data=detail ok=move |d| view! { <Detail d=d on_done=done /> } />
    }
}

/// What a button asks before it acts: a reason, a confirmation, or nothing.
fn ask(action: ProjectAction) -> &'static str {
    match action {
        ProjectAction::Return | ProjectAction::Cancel => "reason",
        ProjectAction::Withdraw => "confirm",
        _ => "",
    }
}

#[component]
fn Detail(d: ProjectDetail, on_done: Callback<(bool, String)>) -> impl IntoView {
    let id = d.row.id;
    let pending = RwSignal::new(None::<ProjectAction>);
    let busy = RwSignal::new(false);
    let run = move |action: ProjectAction, reason: String| {
        busy.set(true);
        spawn_local(async move {
            let msg = match act_on_project(id, action, reason).await {
                Ok(to) => (
                    true,
                    format!("已{}，项目状态：{}", action.label(), to.label()),
                ),
                Err(e) => (false, e.to_string()),
            };
            busy.set(false);
            on_done.run(msg);
        });
    };
    let r = d.row.clone();
    let plan_href = format!("/api/files/projects/{id}/plan");
    view! {
        <section class="card">
            <div class="record-head">
                <h2 data-testid="project-name">{r.name.clone()} <Tag tone=r.status.tone() text=r.status.label() /></h2>
                <div class="toolbar">
                    {d.can_edit.then(|| view! {
                        <a class="btn" data-testid="edit-project" href=format!("/projects/{id}/edit")>"编辑"</a>
                    })}
                    {d.actions.iter().map(|&a| {
                        let primary = matches!(a, ProjectAction::Submit | ProjectAction::Approve);
                        view! {
                            <button class=if primary { "btn btn-primary" } else { "btn" }
                                data-testid=format!("act-{}", a.as_str())
                                disabled=move || busy.get()
                                on:click=move |_| if ask(a).is_empty() { run(a, String::new()) } else { pending.set(Some(a)) }>
                                {a.label()}
                            </button>
                        }
                    }).collect_view()}
                </div>
            </div>
            <dl class="desc-grid">
                <Item k="培训年度" v=format!("{} 年度", r.year) />
                <Item k="项目级别" v=r.level.clone() />
                <Item k="项目类型" v={format!("{}{}", r.kind, if r.makeup { "（补学）" } else { "" })} />
                <Item k="培训形式" v=r.nature.clone() />
                <Item k="组织方式" v=r.fill_mode.label().to_string() />
                <Item k="主办单位" v=d.organiser.clone() />
                <Item k="承办机构" v=r.institution_name.clone() />
                <Item k="审核单位" v=r.approver_name.clone() />
                <Item k="学时 / 学分" v=format!("{} 学时 / {} 学分（{}）", r.hours, r.credits, d.credit_category) />
                <Item k="培训对象区域" v={d.target_regions.iter().map(|t| t.1.clone()).collect::<Vec<_>>().join("、")} />
                <Item k="学段 / 学科" v={target_text(&d.draft.target_stages, &d.draft.target_subjects)} />
                <Item k="岗位" v={if d.draft.target_posts.is_empty() { "不限".into() } else { d.draft.target_posts.join("、") }} />
                <Item k="经费来源" v={if d.funding.is_empty() { "—".into() } else { d.funding.clone() }} />
            </dl>
            <dl class="desc-grid">
                <div class="desc-item"><dt>"实施方案"</dt><dd>
                    {match d.plan_file_name.clone() {
                        Some(name) => view! { <a data-testid="plan-link" href=plan_href download="">{name}</a> }.into_any(),
                        None => view! { <span class="muted">"未上传"</span> }.into_any(),
                    }}
                </dd></div>
                {(!d.summary.is_empty()).then(|| view! { <Item k="项目简介" v=d.summary.clone() /> })}
            </dl>
        </section>
        <Classes classes=d.classes.clone() manages=d.manages_classes runs=d.runs on_done=on_done />
        <section class="card">
            <h2>"审核进度"</h2>
            <Timeline events=d.timeline />
        </section>
        {move || pending.get().map(|a| {
            let close = move || pending.set(None);
            if ask(a) == "reason" {
                let templates = if a == ProjectAction::Return { RETURN_REASONS } else { CANCEL_REASONS };
                view! {
                    <ReasonDialog title=a.label() message=format!("{}“{}”，原因会告知申报单位。", a.label(), r.name) templates=templates
                        on_done=Callback::new(move |reason: Option<String>| {
                            close();
                            if let Some(reason) = reason { run(a, reason); }
                        }) />
                }.into_any()
            } else {
                view! {
                    <ConfirmDialog message=format!("{}“{}”？撤回后可修改再提交。", a.label(), r.name)
                        on_done=Callback::new(move |ok: bool| { close(); if ok { run(a, String::new()); } }) />
                }.into_any()
            }
        })}
    }
}

fn target_text(stages: &[String], subjects: &[String]) -> String {
    let part = |v: &[String]| {
        if v.is_empty() {
            "不限".to_string()
        } else {
            v.join("、")
        }
    };
    format!("{} / {}", part(stages), part(subjects))
}

#[component]
fn Item(k: &'static str, v: String) -> impl IntoView {
    view! { <div class="desc-item"><dt>{k}</dt><dd>{v}</dd></div> }
}

/// What a class button asks for before it acts.
#[derive(Clone)]
enum ClassAsk {
    Draw(ClassView),
    Expand(ClassView),
    Cancel(ClassView),
}

/// The classes with their seats; the approving bureau expands or cancels them, the institution
/// draws lots for an oversubscribed one. A class's published draw shows under it.
#[component]
fn Classes(
    classes: Vec<ClassView>,
    manages: bool,
    runs: bool,
    on_done: Callback<(bool, String)>,
) -> impl IntoView {
    let asking = RwSignal::new(None::<ClassAsk>);
    let extra = RwSignal::new(String::new());
    let finish = move |r: Result<String, crate::error::AppError>| {
        asking.set(None);
        on_done.run(match r {
            Ok(m) => (true, m),
            Err(e) => (
                false,
                e.field_message("extra").unwrap_or_else(|| e.to_string()),
            ),
        });
    };
    view! {
        <section class="card">
            <h2>{format!("班期（{}）", classes.len())}</h2>
            <table class="table responsive" data-testid="classes-table">
                <thead><tr><th>"班期"</th><th>"日期"</th><th>"地点"</th><th class="num">"已报 / 名额"</th><th class="num">"费用（元）"</th><th>"辅导教师"</th><th>"操作"</th></tr></thead>
                <tbody>
                    {classes.into_iter().map(|c| {
                        let seats = c.capacity + c.extra_capacity;
                        let cancelled = c.status == ClassStatus::Cancelled;
                        let over = c.taken > seats && c.draw.is_none() && !cancelled;
                        let (c1, c2, c3) = (c.clone(), c.clone(), c.clone());
                        view! {
                            <tr data-testid="class-row">
                                <td data-label="班期">{c.name.clone()} {cancelled.then(|| view! { <Tag tone="grey" text="已取消" /> })}</td>
                                <td data-label="日期">{format!("{} 至 {}", c.starts_on, c.ends_on)}</td>
                                <td data-label="地点">{c.place.clone()}</td>
                                <td data-label="已报 / 名额" class="num">
                                    {format!("{} / {}", c.taken, seats)}
                                    {(c.extra_capacity > 0).then(|| format!("（含扩班 {}）", c.extra_capacity))}
                                    {over.then(|| view! { " " <Tag tone="orange" text="超额" /> })}
                                </td>
                                <td data-label="费用（元）" class="num">{c.fee.clone()}</td>
                                <td data-label="辅导教师">{c.tutor.clone()}</td>
                                <td data-label="操作" class="row-actions">
                                    {(runs && over).then(|| view! {
                                        <button class="link-btn" data-testid="draw" on:click=move |_| asking.set(Some(ClassAsk::Draw(c1.clone())))>"抽签"</button>
                                    })}
                                    {(manages && !cancelled).then(|| view! {
                                        <button class="link-btn" data-testid="expand" on:click=move |_| { extra.set(c2.extra_capacity.to_string()); asking.set(Some(ClassAsk::Expand(c2.clone()))) }>"扩班"</button>
                                        <button class="link-btn danger" data-testid="cancel-class" on:click=move |_| asking.set(Some(ClassAsk::Cancel(c3.clone())))>"取消办班"</button>
                                    })}
                                </td>
                            </tr>
                            {c.draw.clone().map(|d| view! {
                                <tr class="draw-row"><td colspan="7" data-testid="draw-result">
                                    {format!("已于 {} 由{}抽签：{} 人报名，{} 人中签。随机种子 {}（按报名编号升序排列后以 SplitMix64 + Fisher–Yates 抽取，任何人可复核）",
                                        d.drawn_at, d.drawn_by, d.applicants.len(), d.winners.len(), d.seed)}
                                </td></tr>
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {move || asking.get().map(|a| match a {
            ClassAsk::Draw(c) => {
                let seats = c.capacity + c.extra_capacity;
                view! {
                    <ConfirmDialog message=format!("“{}”报名 {} 人，名额 {} 人。将随机抽取中签者，未中签的报名自动取消并通知本人。抽签只能进行一次，种子和结果向所有人公开。", c.name, c.taken, seats)
                        on_done=Callback::new(move |ok: bool| {
                            if !ok { asking.set(None); return; }
                            spawn_local(async move {
                                finish(run_draw(c.id).await.map(|d| format!("抽签完成：{} 人中签", d.winners.len())));
                            });
                        }) />
                }.into_any()
            }
            ClassAsk::Expand(c) => {
                let limit = c.capacity / 2;
                view! {
                    <div class="dialog-backdrop">
                        <div class="dialog card" role="dialog" aria-modal="true">
                            <h2>"扩班"</h2>
                            <p>{format!("“{}”计划 {} 人，最多可扩 {} 人（50%）。扩班后候补的教师按报名先后自动转为报名。", c.name, c.capacity, limit)}</p>
                            <TextField label="扩班名额" name="extra" value=extra input_type="number" />
                            <div class="dialog-actions">
                                <button class="btn" on:click=move |_| asking.set(None)>"取消"</button>
                                <button class="btn btn-primary" data-testid="expand-ok" on:click=move |_| {
                                    let n = extra.get_untracked().trim().parse::<i32>().unwrap_or(-1);
                                    let id = c.id;
                                    spawn_local(async move {
                                        finish(expand_class(id, n).await.map(|n| format!("已扩班：增加 {n} 个名额")));
                                    });
                                }>"确定"</button>
                            </div>
                        </div>
                    </div>
                }.into_any()
            }
            ClassAsk::Cancel(c) => view! {
                <ReasonDialog title="取消办班" message=format!("取消“{}”，已报名的 {} 人全部取消并收到通知。", c.name, c.taken) templates=CANCEL_REASONS
                    on_done=Callback::new(move |reason: Option<String>| {
                        let Some(reason) = reason else { asking.set(None); return };
                        let id = c.id;
                        spawn_local(async move {
                            finish(cancel_class(id, reason).await.map(|n| format!("已取消办班，{n} 条报名已取消并通知")));
                        });
                    }) />
            }.into_any(),
        })}
    }
}
