//! 请假管理 (school admin): the school's teachers in classes that have not ended, 请假 for one of
//! them (dates within the class, a reason, checked as typed), and the requests with the
//! institution's decision.

use crate::api::leaves::{file_leave, get_school_leaves};
use crate::components::feedback::{Loaded, Notice};
use crate::components::field::message_now;
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::{PageHead, Tag};
use crate::domain::leave::{LeaveDraft, check};
use crate::dto::leaves::{LeaveRow, LeaveTarget};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

const TARGET_COLS: &[Col] = &[col("教师"), col("班级"), col("培训时间"), col("操作")];
const REQUEST_COLS: &[Col] = &[
    col("教师"),
    col("班级"),
    col("请假时间"),
    col("原因"),
    col("状态"),
];

#[component]
pub fn LeavesPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let asking = RwSignal::new(None::<LeaveTarget>);
    let data = crate::data::page_data(move || version.get(), |_| get_school_leaves());
    view! {
        <PageHead title="请假管理" trail="培训 / 请假管理" />
        <Notice message=notice />
        <Loaded data=data ok=move |d| view! {
                <section class="card">
                    <h2>"参训中的教师"</h2>
                    <Table items=d.targets cols=TARGET_COLS empty="本校暂无参训中的教师" testid="leave-targets"
                        row=move |t: LeaveTarget| {
                            let target = t.clone();
                            view! {
                                <td data-label="教师"><strong>{t.teacher_name}</strong></td>
                                <td data-label="班级">{t.class_label}</td>
                                <td data-label="培训时间">{format!("{} 至 {}", t.starts_on, t.ends_on)}</td>
                                <td data-label="操作"><button class="btn btn-sm" data-testid="ask-leave"
                                    on:click=move |_| asking.set(Some(target.clone()))>"请假"</button></td>
                            }
                        } />
                </section>
                <section class="card">
                    <h2>"请假记录"</h2>
                    <Table items=d.requests cols=REQUEST_COLS empty="暂无请假记录" testid="leave-requests"
                        row=|r: LeaveRow| view! {
                            <td data-label="教师">{r.teacher_name}</td>
                            <td data-label="班级">{r.class_label}</td>
                            <td data-label="请假时间">{r.days}</td>
                            <td data-label="原因">{r.reason}</td>
                            <td data-label="状态"><Tag tone=r.status.tone() text=r.status.label() />
                                {r.decision_reason.map(|x| view! { <div class="muted">{x}</div> })}</td>
                        } />
                </section>
            } />
        {move || asking.get().map(|t| view! {
            <LeaveDrawer t=t on_done=Callback::new(move |filed: bool| {
                asking.set(None);
                if filed {
                    crate::components::feedback::done(notice, version, "请假已提交，等待承办机构审批");
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
