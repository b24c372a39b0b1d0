//! 请假管理 (school admin): the school's teachers in classes that have not ended, 请假 for one of
//! them (dates within the class, a reason, checked as typed), and the requests with the
//! institution's decision.

use crate::api::leaves::{file_leave, get_school_leaves};
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice};
use crate::components::field::message_now;
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::{PageHead, Tag};
use crate::domain::leave::{LeaveDraft, check};
use crate::dto::leaves::LeaveTarget;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn LeavesPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let asking = RwSignal::new(None::<LeaveTarget>);
    let data = crate::data::page_data(move || version.get(), |_| get_school_leaves());
    view! {
        <PageHead title="请假管理" trail="培训 / 请假管理" />
        <Notice message=notice />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <section class="card"><ErrorBox error=e /></section> }.into_any(),
                    Ok(d) => view! {
                        <section class="card">
                            <h2>"参训中的教师"</h2>
                            {if d.targets.is_empty() {
                                view! { <Empty text="本校暂无参训中的教师" /> }.into_any()
                            } else {
                                view! {
                                    <table class="table responsive" data-testid="leave-targets">
                                        <thead><tr><th>"教师"</th><th>"班级"</th><th>"培训时间"</th><th>"操作"</th></tr></thead>
                                        <tbody>
                                            {d.targets.into_iter().map(|t| {
                                                let target = t.clone();
                                                view! {
                                                    <tr>
                                                        <td data-label="教师"><strong>{t.teacher_name.clone()}</strong></td>
                                                        <td data-label="班级">{t.class_label.clone()}</td>
                                                        <td data-label="培训时间">{format!("{} 至 {}", t.starts_on, t.ends_on)}</td>
                                                        <td data-label="操作"><button class="btn btn-sm" data-testid="ask-leave"
                                                            on:click=move |_| asking.set(Some(target.clone()))>"请假"</button></td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                        <section class="card">
                            <h2>"请假记录"</h2>
                            {if d.requests.is_empty() {
                                view! { <Empty text="暂无请假记录" /> }.into_any()
                            } else {
                                view! {
                                    <table class="table responsive" data-testid="leave-requests">
                                        <thead><tr><th>"教师"</th><th>"班级"</th><th>"请假时间"</th><th>"原因"</th><th>"状态"</th></tr></thead>
                                        <tbody>
                                            {d.requests.into_iter().map(|r| view! {
                                                <tr>
                                                    <td data-label="教师">{r.teacher_name.clone()}</td>
                                                    <td data-label="班级">{r.class_label.clone()}</td>
                                                    <td data-label="请假时间">{r.days.clone()}</td>
                                                    <td data-label="原因">{r.reason.clone()}</td>
                                                    <td data-label="状态"><Tag tone=r.status.tone() text=r.status.label() />
                                                        {r.decision_reason.clone().map(|x| view! { <div class="muted">{x}</div> })}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
        {move || asking.get().map(|t| view! {
            <LeaveDrawer t=t on_done=Callback::new(move |filed: bool| {
                asking.set(None);
                if filed {
                    notice.set(Some((true, "请假已提交，等待承办机构审批".into())));
                    version.update(|v| *v += 1);
                }
            }) />
        })}
    }
}

#[component]
fn LeaveDrawer(t: LeaveTarget, on_done: Callback<bool>) -> impl IntoView {
    let from = RwSignal::new(t.starts_on.clone());
    let to = RwSignal::new(t.starts_on.clone());
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server = RwSignal::new(None::<AppError>);
    let (starts, ends) = (
        t.starts_on.parse().unwrap_or_default(),
        t.ends_on.parse().unwrap_or_default(),
    );
    let draft = move || LeaveDraft {
        enrolment_id: t.enrolment_id,
        from: from.get(),
        to: to.get(),
        reason: reason.get(),
    };
    let errors = Memo::new(move |_| {
        if tried.get() {
            check(&draft(), starts, ends)
        } else {
            Vec::new()
        }
    });
    let message = move |field: &'static str| message_now(errors, server, field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !check(&draft(), starts, ends).is_empty() {
            return;
        }
        let d = draft();
        busy.set(true);
        spawn_local(async move {
            match file_leave(d).await {
                Ok(_) => on_done.run(true),
                Err(e) => server.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (min, max) = (t.starts_on.clone(), t.ends_on.clone());
    view! {
        <Drawer title=format!("请假 · {}", t.teacher_name) on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=submit>
                <p class="muted">{format!("{}（{} 至 {}）", t.class_label, t.starts_on, t.ends_on)}</p>
                <div class="field" class:has-error=move || message("from").is_some()>
                    <label for="f-from">"开始日期"</label>
                    <input id="f-from" type="date" min=min.clone() max=max.clone() prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{move || message("from")}</p>
                </div>
                <div class="field" class:has-error=move || message("to").is_some()>
                    <label for="f-to">"结束日期"</label>
                    <input id="f-to" type="date" min=min max=max prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{move || message("to")}</p>
                </div>
                <div class="field" class:has-error=move || message("reason").is_some()>
                    <label for="f-reason">"请假原因" <span class="req">"*"</span></label>
                    <textarea id="f-reason" rows="3" maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error" role="alert">{move || message("reason")}</p>
                </div>
                <p class="form-error" role="alert">{move || server.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| e.to_string())}</p>
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(false)) testid="save-leave" busy=busy />
            </form>
        </Drawer>
    }
}
