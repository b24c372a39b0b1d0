//! 班级管理: whoever runs a class publishes its opening notice, keeps the project's assessment
//! scheme, enters scores in a grid or imports them from Excel, and prints the class's
//! certificates. One server call loads the page (the picker, the class, its roster).

use super::class_cards::{CheckinCard, EvaluationCard, LeaveCard};
use super::class_grading::{ImportScores, SchemeDrawer, ScoreGrid};
use super::notice_dialog::NoticeDialog;
use crate::api::results::get_grades;
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice};
use crate::components::page::{PageHead, Tag};
use crate::components::row_report::RowReport;
use crate::domain::assessment::format_score;
use crate::dto::results::{GradeGrid, ScoreReport};
use leptos::prelude::*;

#[component]
pub fn ClassesPage() -> impl IntoView {
    let chosen = RwSignal::new(None::<i64>);
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let report = RwSignal::new(None::<ScoreReport>);
    let data = crate::data::page_data(
        move || (chosen.get(), version.get()),
        |(id, _)| get_grades(id),
    );
    view! {
        <PageHead title="班级管理" trail="培训 / 班级管理" />
        <Notice message=notice />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <section class="card"><ErrorBox error=e /></section> }.into_any(),
                    Ok(g) if g.class_id.is_none() => view! {
                        <section class="card"><Empty text="暂无由您承办的班级" /></section>
                    }.into_any(),
                    Ok(g) => view! { <ClassView g=g chosen=chosen version=version notice=notice report=report /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClassView(
    g: GradeGrid,
    chosen: RwSignal<Option<i64>>,
    version: RwSignal<u32>,
    notice: RwSignal<Option<(bool, String)>>,
    report: RwSignal<Option<ScoreReport>>,
) -> impl IntoView {
    let class_id = g.class_id.unwrap_or_default();
    let writing = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let passed = g.rows.iter().filter(|r| r.passed == Some(true)).count();
    let graded = g.rows.iter().filter(|r| r.passed.is_some()).count();
    let has_certificates = g.rows.iter().any(|r| r.certificate.is_some());
    let summary = format!("{}（{}，{}）", g.class_name, g.dates, g.place);
    let (place, current) = (g.place.clone(), g.notice.clone());
    let scheme = g.scheme.clone();
    let draft = g.draft.clone();
    let project_id = g.project_id;
    let can_edit = g.can_edit_scheme && !g.scheme_locked;
    let sessions = g.sessions.clone();
    let timetable = g.timetable.clone();
    let evaluations = g.evaluations.clone();
    let leaves = g.leaves.clone();
    let enrolled = g.rows.len();
    view! {
        <section class="card filter-bar">
            <div class="field">
                <label for="f-class">"班级"</label>
                <select id="f-class" data-testid="class-picker" on:change=move |ev| {
                    report.set(None);
                    chosen.set(event_target_value(&ev).parse().ok());
                }>
                    {g.choices.iter().map(|c| view! {
                        <option value=c.class_id.to_string() selected=c.class_id == class_id>{c.label.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        </section>
        <section class="card">
            <header class="card-head">
                <div>
                    <h2>{g.project_name.clone()}</h2>
                    <p class="muted">{summary.clone()}</p>
                </div>
                <div class="offer-tags">
                    {if g.notice_published {
                        view! { <Tag tone="green" text="已发布开班通知" /> }.into_any()
                    } else {
                        view! { <Tag tone="orange" text="未发布开班通知" /> }.into_any()
                    }}
                    <Tag tone="blue" text=format!("已评定 {graded} / {} 人 · 合格 {passed} 人", g.rows.len()) />
                </div>
            </header>
            <div class="toolbar wrap">
                <button class="btn btn-sm" data-testid="write-notice" on:click=move |_| writing.set(true)>
                    {if g.notice_published { "修改开班通知" } else { "发布开班通知" }}
                </button>
                <a class="btn btn-sm" href=format!("/api/files/classes/{class_id}/scores.xlsx") download="">"下载成绩表"</a>
                <ImportScores class_id=class_id version=version notice=notice report=report />
                {has_certificates.then(|| view! {
                    <a class="btn btn-sm" data-testid="class-certificates" href=format!("/api/files/classes/{class_id}/certificates.pdf") download="">"打印全班证书（PDF）"</a>
                    <a class="btn btn-sm" href=format!("/api/files/classes/{class_id}/certificates.zip") download="">"下载证书（ZIP）"</a>
                })}
            </div>
            {move || report.get().filter(|r| !r.rejected.is_empty()).map(|r| view! {
                <RowReport summary=format!("共 {} 行：保存 {} 人，未导入 {} 行", r.rows, r.saved, r.rejected.len())
                    refused=None rejected=r.rejected on_close=Callback::new(move |_| report.set(None)) />
            })}
        </section>
        <section class="card">
            <header class="card-head">
                <h2>"考核方案"</h2>
                {if can_edit {
                    view! { <button class="btn btn-sm" data-testid="edit-scheme" on:click=move |_| editing.set(true)>"编辑方案"</button> }.into_any()
                } else if g.scheme_locked {
                    view! { <span class="muted">"已有成绩，方案不能再修改"</span> }.into_any()
                } else {
                    view! { <span class="muted">"由项目申报方设定"</span> }.into_any()
                }}
            </header>
            <ul class="scheme-list" data-testid="scheme">
                {scheme.components.iter().map(|c| view! {
                    <li><strong>{c.name.clone()}</strong>" "<span class="muted">{
                        if c.name == c.part.label() { format!("满分 {}", format_score(c.max)) } else { format!("{} · 满分 {}", c.part.label(), format_score(c.max)) }
                    }</span></li>
                }).collect_view()}
            </ul>
            <p class="muted">{scheme.pass_text()}</p>
        </section>
        <super::timetable_card::TimetableCard class_id=class_id lessons=timetable.clone() version=version notice=notice />
        <CheckinCard class_id=class_id sessions=sessions enrolled=enrolled lessons=timetable />
        <LeaveCard leaves=leaves version=version notice=notice />
        <ScoreGrid g=g version=version notice=notice />
        <EvaluationCard e=evaluations />
        {move || writing.get().then(|| view! {
            <NoticeDialog class_id=class_id summary=summary.clone() place=place.clone() current=current.clone()
                on_done=Callback::new(move |told: Option<u32>| {
                    writing.set(false);
                    if let Some(n) = told {
                        crate::components::feedback::done(notice, version, format!("开班通知已发布，已通知 {n} 名教师"));
                    }
                }) />
        })}
        {move || editing.get().then(|| view! {
            <SchemeDrawer project_id=project_id draft=draft.clone()
                on_done=Callback::new(move |saved: bool| {
                    editing.set(false);
                    if saved {
                        crate::components::feedback::done(notice, version, "考核方案已保存");
                    }
                }) />
        })}
    }
}
