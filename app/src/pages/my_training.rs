//! 继续教育 (teacher): 未开始 / 进行中 / 已结束 tabs as in the Hebei manual. Each project is a
//! card; 未开始 shows its review timeline, 进行中 the jump to the institution's platform, 已结束
//! the scores (集中学习 / 网络学习 / 总成绩) and the certificate; 开班通知 once published.

use crate::api::enrolments::{launch_learning, my_training, withdraw_enrolment};
use crate::api::evaluations::submit_evaluation;
use crate::api::micro_ability::pick_micro_points;
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice};
use crate::components::field::{TextField, message_now};
use crate::components::page::{PageHead, Tag};
use crate::components::timeline::Timeline;
use crate::domain::evaluation::{Answers, check_answers};
use crate::domain::micro_ability::{
    DIMENSIONS, ENVIRONMENTS, MIN_DIMENSIONS, MIN_POINTS, MicroPoint, check_picks,
};
use crate::dto::enrolments::{MyTraining, MyTrainingFilter};
use crate::dto::evaluations::EvaluationInput;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Upcoming,
    Ongoing,
    Finished,
}

#[component]
pub fn MyTrainingPage() -> impl IntoView {
    let tab = RwSignal::new(Tab::Upcoming);
    let year = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let applied = RwSignal::new(MyTrainingFilter::default());
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = Resource::new(
        move || (applied.get(), version.get()),
        |(f, _)| my_training(f),
    );
    let withdraw = Callback::new(move |(id, name): (i64, String)| {
        spawn_local(async move {
            notice.set(Some(match withdraw_enrolment(id).await {
                Ok(_) => (true, format!("已撤销“{name}”的报名")),
                Err(e) => (false, e.to_string()),
            }));
            version.update(|v| *v += 1);
        });
    });
    let evaluating = RwSignal::new(None::<(i64, String)>);
    let evaluate = Callback::new(move |target: (i64, String)| evaluating.set(Some(target)));
    let items = RwSignal::new(Vec::<String>::new());
    let points = RwSignal::new(Vec::<MicroPoint>::new());
    let picking = RwSignal::new(None::<(i64, String, Vec<String>)>);
    let pick = Callback::new(move |target: (i64, String, Vec<String>)| picking.set(Some(target)));
    let launch = Callback::new(move |id: i64| {
        spawn_local(async move {
            match launch_learning(id).await {
                Ok(url) => super::go(&url),
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    });
    view! {
        <PageHead title="继续教育" trail="培训 / 继续教育" />
        <Notice message=notice />
        <section class="card filter-bar">
            <form on:submit=move |ev| {
                ev.prevent_default();
                applied.set(MyTrainingFilter { year: year.get_untracked(), keyword: keyword.get_untracked() });
            }>
                <TextField label="年度" name="year" value=year input_type="number" placeholder="如 2026" />
                <TextField label="项目名称" name="keyword" value=keyword placeholder="输入名称关键字" />
                <div class="filter-actions"><button class="btn btn-primary" type="submit">"查询"</button></div>
            </form>
        </section>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <section class="card"><ErrorBox error=e /></section> }.into_any(),
                    Ok(t) => {
                        let counts = [t.upcoming.len(), t.ongoing.len(), t.finished.len()];
                        items.set(t.evaluation_items.clone());
                        points.set(t.micro_points.clone());
                        let lists = [t.upcoming, t.ongoing, t.finished];
                        view! {
                            <nav class="tabs" role="tablist">
                                {[(Tab::Upcoming, "未开始"), (Tab::Ongoing, "进行中"), (Tab::Finished, "已结束")].into_iter().enumerate().map(|(i, (t, label))| view! {
                                    <button role="tab" class="tab" class:active=move || tab.get() == t data-testid=format!("tab-{i}")
                                        on:click=move |_| tab.set(t)>{format!("{label}（{}）", counts[i])}</button>
                                }).collect_view()}
                            </nav>
                            {move || {
                                let i = match tab.get() { Tab::Upcoming => 0, Tab::Ongoing => 1, Tab::Finished => 2 };
                                let items = lists[i].clone();
                                if items.is_empty() {
                                    view! { <section class="card"><Empty text="暂无培训项目" /></section> }.into_any()
                                } else {
                                    view! {
                                        <div class="offer-list" data-testid="my-training">
                                            {items.into_iter().map(|m| view! { <TrainingCard m=m withdraw=withdraw launch=launch evaluate=evaluate pick=pick /> }).collect_view()}
                                        </div>
                                    }.into_any()
                                }
                            }}
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || evaluating.get().map(|(id, name)| view! {
            <EvaluationDialog enrolment_id=id name=name items=items.get_untracked()
                on_done=Callback::new(move |done: bool| {
                    evaluating.set(None);
                    if done {
                        notice.set(Some((true, "评教已提交，谢谢您的反馈".into())));
                        version.update(|v| *v += 1);
                    }
                }) />
        })}
        {move || picking.get().map(|(id, name, picked)| view! {
            <MicroDialog enrolment_id=id name=name picked=picked points=points.get_untracked()
                on_done=Callback::new(move |done: bool| {
                    picking.set(None);
                    if done {
                        notice.set(Some((true, "微能力点已保存".into())));
                        version.update(|v| *v += 1);
                    }
                }) />
        })}
    }
}

/// 选微能力点: the province's points by environment; the rule (≥3 points, ≥3 dimensions) is
/// checked as the teacher ticks.
#[component]
fn MicroDialog(
    enrolment_id: i64,
    name: String,
    picked: Vec<String>,
    points: Vec<MicroPoint>,
    on_done: Callback<bool>,
) -> impl IntoView {
    let chosen = RwSignal::new(picked);
    let server = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let list = StoredValue::new(points.clone());
    let check = Memo::new(move |_| list.with_value(|l| check_picks(l, &chosen.get())));
    let submit = move |_| {
        if !check.get_untracked().ok() {
            return;
        }
        busy.set(true);
        let codes = chosen.get_untracked();
        spawn_local(async move {
            match pick_micro_points(enrolment_id, codes).await {
                Ok(_) => on_done.run(true),
                Err(e) => server.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card dialog-wide" role="dialog" aria-modal="true" data-testid="micro-dialog">
                <h2>"选择微能力点"</h2>
                <p class="muted">{name}</p>
                <p class="muted">{format!("至少选择 {MIN_POINTS} 个能力点，覆盖至少 {MIN_DIMENSIONS} 个维度（{}）。", DIMENSIONS.join("、"))}</p>
                <div class="micro-groups">
                    {ENVIRONMENTS.iter().map(|(letter, env)| {
                        let here: Vec<MicroPoint> = points.iter().filter(|p| p.code.starts_with(*letter)).cloned().collect();
                        view! {
                            <fieldset class="micro-group">
                                <legend>{format!("{letter} {env}")}</legend>
                                {here.into_iter().map(|p| {
                                    let code = p.code.clone();
                                    let on = {
                                        let code = code.clone();
                                        move || chosen.with(|c| c.contains(&code))
                                    };
                                    view! {
                                        <label class="micro-point" class:on=on.clone()>
                                            <input type="checkbox" data-testid=format!("micro-{}", p.code) prop:checked=on.clone()
                                                on:change=move |ev| {
                                                    let tick = event_target_checked(&ev);
                                                    chosen.update(|c| {
                                                        c.retain(|x| x != &code);
                                                        if tick { c.push(code.clone()); }
                                                    });
                                                } />
                                            <span class="micro-code">{p.code.clone()}</span>
                                            <span>{p.name.clone()}</span>
                                            <span class="micro-dim">{p.dimension.clone()}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                </div>
                <div class="dialog-foot">
                <p class="micro-status" class:ok-text=move || check.get().ok() class:field-error=move || !check.get().ok() role="status" data-testid="micro-status">
                    {move || {
                        let c = check.get();
                        match c.problem.clone() {
                            None => format!("{}，符合要求", c.summary()),
                            Some(p) => format!("{}；{p}", c.summary()),
                        }
                    }}
                </p>
                <p class="form-error" role="alert">{move || server.get().map(|e| e.field_message("points").unwrap_or_else(|| e.to_string()))}</p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" data-testid="save-micro" disabled=move || busy.get() || !check.get().ok() on:click=submit>"保存"</button>
                </div>
                </div>
            </div>
        </div>
    }
}

/// 评教: one to five stars for each of the province's questions, and an optional comment.
#[component]
fn EvaluationDialog(
    enrolment_id: i64,
    name: String,
    items: Vec<String>,
    on_done: Callback<bool>,
) -> impl IntoView {
    let ratings = RwSignal::new(vec![0u8; items.len()]);
    let comment = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let server = RwSignal::new(None::<AppError>);
    let asked = StoredValue::new(items.clone());
    let answers = move || Answers {
        ratings: ratings.get(),
        comment: comment.get(),
    };
    let errors = Memo::new(move |_| {
        if tried.get() {
            asked.with_value(|q| check_answers(q, &answers()))
        } else {
            Vec::new()
        }
    });
    let message = move |field: String| message_now(errors, server, &field);
    let submit = move |_| {
        tried.set(true);
        if !errors.get_untracked().is_empty() {
            return;
        }
        let input = EvaluationInput {
            enrolment_id,
            answers: answers(),
        };
        spawn_local(async move {
            match submit_evaluation(input).await {
                Ok(()) => on_done.run(true),
                Err(e) => server.set(Some(e)),
            }
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" data-testid="evaluation-dialog">
                <h2>"评教"</h2>
                <p class="muted">{name}</p>
                {items.into_iter().enumerate().map(|(i, q)| view! {
                    <fieldset class="field stars" class:has-error=move || message(format!("rating-{i}")).is_some()>
                        <legend>{q}</legend>
                        <div class="star-row">
                            {(1..=5u8).map(|n| view! {
                                <label class="star" class:on=move || ratings.with(|r| r[i] >= n)>
                                    <input type="radio" class="sr-only" name=format!("rating-{i}") value=n.to_string()
                                        on:change=move |_| ratings.update(|r| r[i] = n) />
                                    <span aria-hidden="true">"★"</span>
                                    <span class="sr-only">{format!("{n} 星")}</span>
                                </label>
                            }).collect_view()}
                        </div>
                        <p class="field-error" role="alert">{move || message(format!("rating-{i}"))}</p>
                    </fieldset>
                }).collect_view()}
                <div class="field" class:has-error=move || message("comment".into()).is_some()>
                    <label for="f-comment">"意见建议（选填）"</label>
                    <textarea id="f-comment" rows="3" maxlength="500" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    <p class="field-error" role="alert">{move || message("comment".into())}</p>
                </div>
                <p class="form-error" role="alert">{move || server.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| e.to_string())}</p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" data-testid="submit-evaluation" on:click=submit>"提交"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn TrainingCard(
    m: MyTraining,
    withdraw: Callback<(i64, String)>,
    launch: Callback<i64>,
    evaluate: Callback<(i64, String)>,
    pick: Callback<(i64, String, Vec<String>)>,
) -> impl IntoView {
    let id = m.enrolment_id;
    let name = m.project_name.clone();
    let upcoming = m.phase == "未开始";
    let ongoing = m.phase == "进行中";
    view! {
        <article class="card offer" data-testid="training-card">
            <header class="offer-head">
                <h3>{m.project_name.clone()}</h3>
                <div class="offer-tags">
                    <Tag tone="blue" text=m.level.clone() />
                    <Tag tone=m.status.tone() text=m.status.label() />
                </div>
            </header>
            <dl class="desc-grid compact">
                <div class="desc-item"><dt>"年度 · 类型"</dt><dd>{format!("{} · {} · {}", m.year, m.kind, m.fill_mode.label())}</dd></div>
                <div class="desc-item"><dt>"承办机构"</dt><dd>{m.institution_name.clone()}</dd></div>
                <div class="desc-item"><dt>"班期"</dt><dd>{if m.starts_on.is_empty() { m.class_name.clone() } else { format!("{} · {} 至 {}", m.class_name, m.starts_on, m.ends_on) }}</dd></div>
                <div class="desc-item"><dt>"学时 / 学分"</dt><dd>{format!("{} 学时 / {} 学分（{}）", m.hours, m.credits, m.credit_category)}</dd></div>
            </dl>
            {upcoming.then(|| view! {
                <details class="progress-box" open=true>
                    <summary>"审核进度"</summary>
                    <Timeline events=m.timeline.clone() />
                </details>
            })}
            {m.micro.clone().map(|micro| {
                let codes: Vec<String> = micro.picked.iter().map(|p| p.code.clone()).collect();
                let label = format!("{} · {}", m.project_name, m.class_name);
                let empty = micro.picked.is_empty();
                view! {
                    <div class="micro-strip" data-testid="micro-strip">
                        <span class="muted">"微能力点："</span>
                        {if empty {
                            view! { <Tag tone="orange" text="待选微能力点" /> }.into_any()
                        } else {
                            micro.picked.iter().map(|p| view! { <span class="micro-chip" title=p.dimension.clone()>{p.label()}</span> }).collect_view().into_any()
                        }}
                        {micro.open.then(|| view! {
                            <button class="btn btn-sm" data-testid="pick-micro" on:click=move |_| pick.run((id, label.clone(), codes.clone()))>
                                {if empty { "选微能力点" } else { "修改" }}
                            </button>
                        })}
                    </div>
                }
            })}
            {m.result.clone().map(|r| {
                let tone = match r.passed { Some(true) => "green", Some(false) => "red", None => "grey" };
                view! {
                    <dl class="result-strip" data-testid="training-result">
                        {r.parts.into_iter().map(|(label, v)| view! { <div><dt>{label}</dt><dd>{v}</dd></div> }).collect_view()}
                        <div><dt>"总成绩"</dt><dd data-testid="total-score">{r.total}</dd></div>
                        <div><dt>"结果"</dt><dd><Tag tone=tone text=r.result /></dd></div>
                    </dl>
                }
            })}
            <footer class="offer-actions">
                {m.has_notice.then(|| view! {
                    <a class="btn btn-sm" data-testid="notice-pdf" href=format!("/api/files/notices/{id}") download="">"开班通知"</a>
                })}
                {m.evaluated.then(|| view! { <Tag tone="green" text="已评教" /> })}
                {m.evaluate_until.clone().map(|until| {
                    let label = format!("{} · {}", m.project_name, m.class_name);
                    view! {
                        <button class="btn btn-sm" data-testid="evaluate" on:click=move |_| evaluate.run((id, label.clone()))>
                            {format!("评教（{until} 前）")}
                        </button>
                    }
                })}
                {m.certificate.clone().map(|n| view! {
                    <a class="btn btn-sm btn-primary" data-testid="certificate-pdf" href=format!("/api/files/certificates/{n}") download="">"打印证书"</a>
                })}
                {m.can_withdraw.then(|| view! {
                    <button class="btn btn-sm" on:click=move |_| withdraw.run((id, name.clone()))>"撤销报名"</button>
                })}
                {(ongoing && m.can_launch).then(|| view! {
                    <button class="btn btn-sm btn-primary" data-testid="launch" on:click=move |_| launch.run(id)>"进入远程学习"</button>
                })}
            </footer>
        </article>
    }
}
