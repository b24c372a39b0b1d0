//! 继续教育 (teacher): 未开始 / 进行中 / 已结束 tabs as in the Hebei manual. Each project is a
//! card; 未开始 shows its review timeline, 进行中 the jump to the institution's platform, 已结束
//! the scores (集中学习 / 网络学习 / 总成绩) and the certificate; 开班通知 once published.

use super::training_dialogs::TrainingDialog;
use crate::api::enrolments::{launch_learning, my_training, withdraw_enrolment};
use crate::areas::training_dialog;
use crate::components::feedback::{Empty, Loaded, Notice};
use crate::components::field::TextField;
use crate::components::page::{PageHead, Tag};
use crate::components::timeline::Timeline;
use crate::domain::micro_ability::MicroPoint;
use crate::dto::enrolments::{MyTraining, MyTrainingFilter};
use crate::dto::ids::EnrolmentId;
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
    // The home page's cards open the tab their class is in (`?tab=1`).
    let opened = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("tab"));
    let tab = RwSignal::new(match opened.as_deref() {
        Some("1") => Tab::Ongoing,
        Some("2") => Tab::Finished,
        _ => Tab::Upcoming,
    });
    let year = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let applied = RwSignal::new(MyTrainingFilter::default());
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = crate::data::page_data(
        move || (applied.get(), version.get()),
        |(f, _)| my_training(f),
    );
    let withdraw = Callback::new(move |(id, name): (EnrolmentId, String)| {
        spawn_local(async move {
            notice.set(Some(match withdraw_enrolment(id).await {
                Ok(_) => (true, format!("已撤销“{name}”的报名")),
                Err(e) => (false, e.to_string()),
            }));
            version.update(|v| *v += 1);
        });
    });
    let evaluating = RwSignal::new(None::<(EnrolmentId, String)>);
    let evaluate = Callback::new(move |target: (EnrolmentId, String)| evaluating.set(Some(target)));
    let items = RwSignal::new(Vec::<String>::new());
    let points = RwSignal::new(Vec::<MicroPoint>::new());
    let picking = RwSignal::new(None::<(EnrolmentId, String, Vec<String>)>);
    let pick =
        Callback::new(move |target: (EnrolmentId, String, Vec<String>)| picking.set(Some(target)));
    let launch = Callback::new(move |id: EnrolmentId| {
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
        <Loaded data=data ok=move |t| {
                let counts = [t.upcoming.len(), t.ongoing.len(), t.finished.len()];
                items.set(t.evaluation_items.clone());
                points.set(t.micro_points.clone());
                let lists = [t.upcoming, t.ongoing, t.finished];
                view! {
                    <nav class="tabs" role="tablist">
                        {[(Tab::Upcoming, "未开始"), (Tab::Ongoing, "进行中"), (Tab::Finished, "已结束")].into_iter().enumerate().map(|(i, (t, label))| view! {
                            <button role="tab" class="tab" class:active=move || tab.get() == t data-testid=format!("tab-{i}")
                                aria-selected=move || (tab.get() == t).to_string()
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
            } />
        {move || evaluating.get().map(|(enrolment_id, name)| {
            let dialog = TrainingDialog::Evaluate {
                enrolment_id,
                name,
                items: items.get_untracked(),
                on_done: Callback::new(move |done: bool| {
                    evaluating.set(None);
                    if done {
                        crate::components::feedback::done(notice, version, "评教已提交，谢谢您的反馈");
                    }
                }),
            };
            Suspend::new(training_dialog(dialog))
        })}
        {move || picking.get().map(|(enrolment_id, name, picked)| {
            let dialog = TrainingDialog::Pick {
                enrolment_id,
                name,
                picked,
                points: points.get_untracked(),
                on_done: Callback::new(move |done: bool| {
                    picking.set(None);
                    if done {
                        crate::components::feedback::done(notice, version, "微能力点已保存");
                    }
                }),
            };
            Suspend::new(training_dialog(dialog))
        })}
    }
}

#[component]
fn TrainingCard(
    m: MyTraining,
    withdraw: Callback<(EnrolmentId, String)>,
    launch: Callback<EnrolmentId>,
    evaluate: Callback<(EnrolmentId, String)>,
    pick: Callback<(EnrolmentId, String, Vec<String>)>,
) -> impl IntoView {
    let id = m.enrolment_id;
    let name = m.project_name.clone();
    use crate::domain::enrolment_rules::TrainingPhase;
    let upcoming = m.phase == TrainingPhase::Upcoming;
    let ongoing = m.phase == TrainingPhase::Ongoing;
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
            {(!m.timetable.is_empty()).then(|| view! {
                <details class="progress-box" open=ongoing data-testid="my-timetable">
                    <summary>{format!("课程安排（{} 节）", m.timetable.len())}</summary>
                    <ul class="lessons">
                        {m.timetable.clone().into_iter().map(|l| view! {
                            <li><strong>{format!("{} {}–{}", l.on_date, l.starts_at, l.ends_at)}</strong>
                                {format!(" {} · {} · {}", l.topic, l.place, l.lecturer)}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {(!m.leaves.is_empty()).then(|| view! {
                <div class="leave-strip" data-testid="my-leaves">
                    <span class="muted">"请假："</span>
                    <ul>
                        {m.leaves.clone().into_iter().map(|l| view! {
                            <li>
                                {format!("{}（{}）", l.days, l.reason)}" "
                                <Tag tone=l.status.tone() text=l.status.label() />
                                {l.decision_reason.map(|r| view! { <span class="muted">{format!(" 原因：{r}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
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
                    <button class="btn btn-sm" data-testid="withdraw" on:click=move |_| withdraw.run((id, name.clone()))>"撤销报名"</button>
                })}
                {(ongoing && m.can_launch).then(|| view! {
                    <button class="btn btn-sm btn-primary" data-testid="launch" on:click=move |_| launch.run(id)>"进入远程学习"</button>
                })}
            </footer>
        </article>
    }
}
