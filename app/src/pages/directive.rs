//! 指令性项目 (Hebei model): one page for every side of the chain. The bureau that made a project
//! gives counties their quotas; the county picks participants (search or an Excel list) and
//! submits them; the city passes them on or returns some with a reason; the province places
//! them in classes; the institution confirms them and publishes the opening notice.

use crate::api::directive::{get_directive, set_quotas};
use crate::api::enrolments::review_enrolments;
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice, batch_notice};
use crate::components::field::SelectField;
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::ReasonDialog;
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::selection::{SelectAll, SelectRow};
use crate::domain::enrolment_flow::{
    Actor as By, EnrolmentAction, EnrolmentStatus, directive_step,
};
use crate::domain::role::Role;
use crate::dto::account::Me;
use crate::dto::directive::{DirectiveQuery, DirectiveView, QuotaInput, QuotaRow};
use crate::dto::enrolments::ReviewInput;
use crate::pages::directive_dialogs::{AddTeachers, AssignDialog, ClassesCard, ImportList};
use leptos::prelude::*;
use leptos::task::spawn_local;

const RETURN_REASONS: &[&str] = &[
    "不符合本项目的参训条件",
    "本年度已参加同类培训",
    "名单信息有误，请核对",
];

fn side_of(role: Option<Role>) -> Option<By> {
    Some(match role? {
        Role::CountyAdmin => By::County,
        Role::CityAdmin => By::City,
        Role::ProvinceAdmin => By::Province,
        Role::Institution => By::Institution,
        _ => return None,
    })
}

/// One resource at the top of the page: everything the page shows comes in one answer, so
/// hydration finds exactly the resources the server rendered.
#[component]
pub fn DirectivePage() -> impl IntoView {
    let side = side_of(use_context::<Me>().and_then(|m| m.active_role()));
    let chosen = RwSignal::new(None::<i64>);
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = crate::data::page_data(
        move || (chosen.get(), status.get(), page.get(), version.get()),
        |(project_id, status, page, _)| {
            get_directive(DirectiveQuery {
                project_id,
                status,
                page,
            })
        },
    );
    let ctx = Ctx {
        side,
        status,
        page,
        version,
        notice,
    };
    view! {
        <PageHead title="指令性项目" trail="培训 / 指令性项目" />
        <Notice message=notice />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    Ok(None) => view! { <section class="card"><Empty text="暂无已发布的指令性项目" /></section> }.into_any(),
                    Ok(Some(v)) => view! {
                        <section class="card filter-bar">
                            <div class="field">
                                <label for="f-project">"项目"</label>
                                <select id="f-project" name="project" on:change=move |ev| {
                                    page.set(1);
                                    chosen.set(event_target_value(&ev).parse().ok());
                                }>
                                    {v.choices.iter().map(|c| view! {
                                        <option value=c.id.to_string() selected=c.id == v.id>{format!("{} 年度 · {}", c.year, c.name)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        </section>
                        <Overview v=v ctx=ctx />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the parts of the page share: the caller's side and the page's signals.
#[derive(Clone, Copy)]
struct Ctx {
    side: Option<By>,
    status: RwSignal<String>,
    page: RwSignal<u64>,
    version: RwSignal<u32>,
    notice: RwSignal<Option<(bool, String)>>,
}

#[component]
fn Overview(v: DirectiveView, ctx: Ctx) -> impl IntoView {
    let Ctx {
        side,
        version,
        notice,
        ..
    } = ctx;
    let id = v.id;
    view! {
        <p class="muted" data-testid="directive-summary">{format!("{} 年度 · {} · {} 学时", v.year, v.level, v.hours)}</p>
        {(side != Some(By::Institution)).then(|| view! {
            <QuotaCard project_id=id rows=v.quotas.clone() editable=v.sets_quotas version=version notice=notice />
        })}
        {(!v.classes.is_empty() && matches!(side, Some(By::Province | By::Institution))).then(|| view! {
            <ClassesCard classes=v.classes.clone() publishes=side == Some(By::Institution) version=version notice=notice />
        })}
        {side.map(|side| view! { <Participants v=v side=side ctx=ctx /> })}
    }
}

const QUOTA_COLS: &[Col] = &[
    col("县（区）"),
    col("名额"),
    col("已选"),
    col("待县级提交"),
    col("已录取"),
];

#[component]
fn QuotaCard(
    project_id: i64,
    rows: Vec<QuotaRow>,
    editable: bool,
    version: RwSignal<u32>,
    notice: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let values: Vec<(String, RwSignal<String>)> = rows
        .iter()
        .map(|r| (r.county_code.clone(), RwSignal::new(r.quota.to_string())))
        .collect();
    let save = {
        let values = values.clone();
        move |_| {
            let mut quotas = Vec::new();
            for (county, v) in &values {
                match v.get_untracked().trim().parse::<u32>() {
                    Ok(n) => quotas.push((county.clone(), n)),
                    Err(_) => {
                        notice.set(Some((false, "名额须为 0 或正整数".into())));
                        return;
                    }
                }
            }
            spawn_local(async move {
                match set_quotas(QuotaInput { project_id, quotas }).await {
                    Ok(()) => {
                        crate::components::feedback::done(notice, version, "名额已保存");
                    }
                    Err(e) => notice.set(Some((false, e.to_string()))),
                }
            });
        }
    };
    let lines: Vec<_> = rows.into_iter().zip(values).collect();
    view! {
        <section class="card">
            <div class="toolbar">
                <h2>"名额分配"</h2>
                <span class="toolbar-spacer"></span>
                {editable.then(|| view! { <button class="btn btn-sm btn-primary" data-testid="save-quotas" on:click=save>"保存名额"</button> })}
            </div>
            <Table items=lines cols=QUOTA_COLS empty="尚未分配名额" testid="quota-table"
                row=move |(r, (_, value)): (QuotaRow, (String, RwSignal<String>))| view! {
                    <td data-label="县（区）">{r.county_name.clone()}</td>
                    <td data-label="名额">{if editable {
                        view! { <input class="quota-input" type="number" min="0" aria-label=format!("{}名额", r.county_name)
                            data-testid=format!("quota-{}", r.county_code)
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /> }.into_any()
                    } else {
                        view! { <span>{r.quota}</span> }.into_any()
                    }}</td>
                    <td data-label="已选">{r.used}</td>
                    <td data-label="待县级提交">{r.with_county}</td>
                    <td data-label="已录取">{r.enrolled}</td>
                } />
        </section>
    }
}

#[component]
fn Participants(v: DirectiveView, side: By, ctx: Ctx) -> impl IntoView {
    let Ctx {
        status,
        page,
        version,
        notice,
        ..
    } = ctx;
    let project_id = v.id;
    let step = directive_step(side);
    // The filter shows what the server answered for (by default what waits for the caller).
    let shown = RwSignal::new(if status.get_untracked().is_empty() {
        step.map(|s| s.0.as_str().to_string()).unwrap_or_default()
    } else {
        status.get_untracked()
    });
    Effect::new(move |prev: Option<()>| {
        let s = shown.get();
        if prev.is_some() {
            page.set(1);
            status.set(s);
        }
    });
    let selected = RwSignal::new(Vec::<i64>::new());
    let returning = RwSignal::new(None::<Vec<i64>>);
    let assigning = RwSignal::new(None::<Vec<i64>>);
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
            version.update(|v| *v += 1);
        });
    };
    let statuses = Signal::derive(|| {
        let mut v = vec![("all".to_string(), "全部状态".to_string())];
        v.extend(
            EnrolmentStatus::ALL
                .iter()
                .filter(|s| {
                    !matches!(
                        s,
                        EnrolmentStatus::Applied
                            | EnrolmentStatus::SchoolApproved
                            | EnrolmentStatus::Waitlisted
                            | EnrolmentStatus::Refused
                            | EnrolmentStatus::Replaced
                    )
                })
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        );
        v
    });
    let classes = v.classes.clone();
    let institutions = v.institutions.clone();
    view! {
        <section class="card" data-testid="participants">
            <div class="toolbar">
                <h2>"参训名单"</h2>
                <div class="toolbar-filter">
                    <SelectField label="状态" name="status" value=shown options=statuses />
                </div>
                <span class="toolbar-spacer"></span>
                {move || {
                    let n = selected.get().len();
                    let (Some((_, on, back)), true) = (step, n > 0) else { return None };
                    Some(view! {
                        <span class="selection">{format!("已选 {n} 人")}</span>
                        {if on == EnrolmentAction::ProvinceAssign {
                            view! { <button class="btn btn-sm btn-primary" data-testid="batch-assign" on:click=move |_| assigning.set(Some(selected.get_untracked()))>"分配至班级"</button> }.into_any()
                        } else {
                            view! { <button class="btn btn-sm btn-primary" data-testid="batch-on" on:click=move |_| run(selected.get_untracked(), on, String::new())>{on.label()}</button> }.into_any()
                        }}
                        {back.map(|back| view! {
                            <button class="btn btn-sm" data-testid="batch-back" on:click=move |_| {
                                if back.needs_reason() {
                                    returning.set(Some(selected.get_untracked()));
                                } else {
                                    run(selected.get_untracked(), back, String::new());
                                }
                            }>{back.label()}</button>
                        })}
                    })
                }}
            </div>
            {(side == By::County).then(|| view! {
                <div class="toolbar">
                    <AddTeachers project_id=project_id version=version notice=notice />
                    <ImportList project_id=project_id version=version notice=notice />
                </div>
            })}
            {
                    match v.participants {
                        p if p.items.is_empty() => view! { <Empty text="名单中暂无此状态的教师" /> }.into_any(),
                        p => {
                            let (total, size) = (p.total, p.page_size);
                            let ids: Vec<i64> = p.items.iter().map(|r| r.id).collect();
                            view! {
                                <table class="table responsive" data-testid="participants-table">
                                    <thead><tr>
                                        <SelectAll ids=ids.clone() selected=selected />
                                        <th>"教师"</th><th>"学校"</th><th>"学段 · 学科"</th><th>"班级"</th><th>"状态"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.items.into_iter().map(|r| {
                                            let id = r.id;
                                            view! {
                                                <tr>
                                                    <SelectRow id=id selected=selected />
                                                    <td data-label="教师"><strong>{r.teacher_name.clone()}</strong><div class="muted">{r.id_number.clone()}</div></td>
                                                    <td data-label="学校">{r.school_name.clone()}</td>
                                                    <td data-label="学段 · 学科">{format!("{} · {}", r.stage, r.subject)}</td>
                                                    <td data-label="班级">{r.class_name.clone()}</td>
                                                    <td data-label="状态"><Tag tone=r.status.tone() text=r.status.label() />
                                                        {r.reason.clone().filter(|_| r.status == EnrolmentStatus::Nominated).map(|why| view! { <div class="muted">{format!("退回原因：{why}")}</div> })}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager total=total page_size=size page=page on_page=Callback::new(move |p| page.set(p)) />
                            }.into_any()
                        }
                    }
                }
        </section>
        {move || returning.get().map(|ids| {
            let n = ids.len();
            view! {
                <ReasonDialog title="退回县级" message=format!("退回所选 {n} 人，原因会告知县级和教师本人。") templates=RETURN_REASONS
                    on_done=Callback::new(move |reason: Option<String>| {
                        returning.set(None);
                        if let Some(reason) = reason { run(ids.clone(), EnrolmentAction::CityReturn, reason); }
                    }) />
            }
        })}
        {move || assigning.get().map(|ids| view! {
            <AssignDialog ids=ids classes=classes.clone() institutions=institutions.clone()
                on_done=Callback::new(move |outcome: Option<(bool, String)>| {
                    assigning.set(None);
                    if let Some(n) = outcome {
                        notice.set(Some(n));
                        selected.set(Vec::new());
                        version.update(|v| *v += 1);
                    }
                }) />
        })}
    }
}
