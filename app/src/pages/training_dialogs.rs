//! The 继续教育 page's dialogs: 评教 and 选微能力点. They travel in the teacher area's chunk
//! (`areas::training_dialog`), fetched when a teacher first opens one.

use crate::api::evaluations::submit_evaluation;
use crate::api::micro_ability::pick_micro_points;
use crate::components::field::message_now;
use crate::domain::evaluation::{Answers, check_answers};
use crate::domain::micro_ability::{
    DIMENSIONS, ENVIRONMENTS, MIN_DIMENSIONS, MIN_POINTS, MicroPoint, check_picks,
};
use crate::dto::evaluations::EvaluationInput;
use crate::dto::ids::EnrolmentId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A dialog of the 继续教育 page, with what it needs; `on_done(true)` once saved.
pub enum TrainingDialog {
    Evaluate {
        enrolment_id: EnrolmentId,
        name: String,
        items: Vec<String>,
        on_done: Callback<bool>,
    },
    Pick {
        enrolment_id: EnrolmentId,
        name: String,
        picked: Vec<String>,
        points: Vec<MicroPoint>,
        on_done: Callback<bool>,
    },
}

pub fn render(dialog: TrainingDialog) -> AnyView {
    match dialog {
        TrainingDialog::Evaluate {
            enrolment_id,
            name,
            items,
            on_done,
        } => view! { <EvaluationDialog enrolment_id name items on_done /> }.into_any(),
        TrainingDialog::Pick {
            enrolment_id,
            name,
            picked,
            points,
            on_done,
        } => view! { <MicroDialog enrolment_id name picked points on_done /> }.into_any(),
    }
}

/// 选微能力点: the province's points by environment; the rule (≥3 points, ≥3 dimensions) is
/// checked as the teacher ticks.
#[component]
fn MicroDialog(
    enrolment_id: EnrolmentId,
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
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(false)));
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
    enrolment_id: EnrolmentId,
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
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(false)));
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
