//! The class page's cards: check-in sessions, the evaluation summary, leave requests.

use crate::api::checkin::open_checkin;
use crate::api::leaves::decide_leave;
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::ReasonDialog;
use crate::components::page::Tag;
use crate::domain::checkin::read_title;
use crate::domain::leave::LeaveStatus;
use crate::domain::timetable::{Lesson, checkin_title};
use crate::dto::checkin::SessionSummary;
use crate::dto::evaluations::EvaluationSummary;
use crate::dto::ids::ClassId;
use crate::dto::leaves::{LeaveDecision, LeaveRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

type NoticeSignal = RwSignal<Option<(bool, String)>>;

/// 签到: the class's sessions, and a new one (named 第1天上午 …) opened on the full screen.
const SESSION_COLS: &[Col] = &[col("签到"), col("开始时间"), col("签到人数"), col("状态")];
const LEAVE_COLS: &[Col] = &[
    col("教师"),
    col("请假时间"),
    col("原因"),
    col("状态"),
    col("操作"),
];

#[component]
pub fn CheckinCard(
    class_id: i64,
    sessions: Vec<SessionSummary>,
    enrolled: usize,
    /// The timetable: a check-in is opened for one of its lessons with a tap.
    lessons: Vec<Lesson>,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        let typed = title.get_untracked();
        if let Err(m) = read_title(&typed) {
            error.set(Some(m.to_string()));
            return;
        }
        spawn_local(async move {
            match open_checkin(ClassId(class_id), typed).await {
                Ok(id) => super::go(&format!("/checkin/screen/{id}")),
                Err(e) => error.set(Some(
                    e.field_message("title").unwrap_or_else(|| e.to_string()),
                )),
            }
        });
    };
    view! {
        <section class="card">
            <header class="card-head"><h2>"签到"</h2></header>
            {(!lessons.is_empty()).then(|| view! {
                <div class="chips" role="group" aria-label="按课程安排签到" data-testid="checkin-lessons">
                    <span class="muted">"按课程安排："</span>
                    {lessons.iter().map(|l| {
                        let t = checkin_title(l);
                        let label = t.clone();
                        view! { <button type="button" class="chip" on:click=move |_| { title.set(t.clone()); error.set(None); }>{label}</button> }
                    }).collect_view()}
                </div>
            })}
            <div class="toolbar">
                <div class="field" class:has-error=move || error.get().is_some()>
                    <label for="f-checkin-title">"签到名称"</label>
                    <input id="f-checkin-title" placeholder="如 第1天上午" prop:value=move || title.get()
                        on:input=move |ev| { title.set(event_target_value(&ev)); error.set(None); } />
                    <p class="field-error" role="alert" data-testid="checkin-title-error">{move || error.get()}</p>
                </div>
                <button class="btn btn-primary btn-sm align-end" data-testid="start-checkin" on:click=start>"开始签到（全屏二维码）"</button>
            </div>
            <Table items=sessions cols=SESSION_COLS testid="checkin-sessions"
                empty="还没有签到记录。开始签到后，学员用手机扫描屏幕上的二维码即可签到。"
                row=move |s: SessionSummary| view! {
                    <td data-label="签到"><a href=format!("/checkin/screen/{}", s.id)>{s.title}</a></td>
                    <td data-label="开始时间">{s.opened_at}</td>
                    <td data-label="签到人数">{format!("{} / {enrolled}", s.present)}</td>
                    <td data-label="状态">{if s.open { view! { <Tag tone="green" text="进行中" /> } } else { view! { <Tag tone="grey" text="已结束" /> } }}</td>
                } />
        </section>
    }
}

/// 评教结果: each question's average and the comments, without names.
#[component]
pub fn EvaluationCard(e: EvaluationSummary) -> impl IntoView {
    view! {
        <section class="card" data-testid="evaluation-summary">
            <header class="card-head">
                <h2>"评教结果"</h2>
                <span class="muted">{format!("已评 {} / {} 人", e.answered, e.enrolled)}</span>
            </header>
            {if e.answered == 0 {
                view! { <p class="muted">"结业后 10 天内学员可评教，结果会显示在这里。"</p> }.into_any()
            } else {
                view! {
                    <dl class="result-strip">
                        {e.items.into_iter().map(|(q, avg)| view! { <div><dt>{q}</dt><dd>{format!("{avg} 分")}</dd></div> }).collect_view()}
                    </dl>
                    <ul class="comments">
                        {e.comments.into_iter().map(|(day, c)| view! { <li><span class="muted">{day}</span>" "{c}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

const LEAVE_REFUSALS: &[&str] = &["培训期间安排了考核", "请假天数超过培训时长的三分之一"];

/// 请假: the requests the teachers' schools filed; 批准, or 不批准 with a reason.
#[component]
pub fn LeaveCard(
    leaves: Vec<LeaveRow>,
    version: RwSignal<u32>,
    notice: NoticeSignal,
) -> impl IntoView {
    let refusing = RwSignal::new(None::<i64>);
    let decide = move |id: i64, approve: bool, reason: String| {
        spawn_local(async move {
            match decide_leave(LeaveDecision {
                id,
                approve,
                reason,
            })
            .await
            {
                Ok(()) => {
                    notice.set(Some((
                        true,
                        if approve {
                            "已批准请假".into()
                        } else {
                            "已不予批准，原因已告知教师".into()
                        },
                    )));
                    version.update(|v| *v += 1);
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    };
    if leaves.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card">
            <header class="card-head"><h2>"请假"</h2></header>
            <Table items=leaves cols=LEAVE_COLS empty="暂无请假" testid="class-leaves"
                row=move |l: LeaveRow| {
                    let id = l.id;
                    let pending = l.status == LeaveStatus::Pending;
                    view! {
                        <td data-label="教师"><strong>{l.teacher_name}</strong><div class="muted">{l.school_name}</div></td>
                        <td data-label="请假时间">{l.days}</td>
                        <td data-label="原因">{l.reason}</td>
                        <td data-label="状态"><Tag tone=l.status.tone() text=l.status.label() /></td>
                        <td data-label="操作">{pending.then(|| view! {
                            <button class="btn btn-sm btn-primary" data-testid="approve-leave" on:click=move |_| decide(id, true, String::new())>"批准"</button>
                            <button class="btn btn-sm" on:click=move |_| refusing.set(Some(id))>"不批准"</button>
                        })}</td>
                    }
                } />
            {move || refusing.get().map(|id| view! {
                <ReasonDialog title="不批准请假" message="原因会通知教师本人。".to_string() templates=LEAVE_REFUSALS
                    on_done=Callback::new(move |reason: Option<String>| {
                        refusing.set(None);
                        if let Some(reason) = reason { decide(id, false, reason); }
                    }) />
            })}
        </section>
    }
    .into_any()
}
