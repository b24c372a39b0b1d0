//! The class page's grading: the score grid (checked cell by cell as you type, with the total and
//! result worked out by the shared rules), the score sheet import, and the scheme editor.

use crate::api::results::{import_scores, save_scheme, save_scores};
use crate::components::feedback::Empty;
use crate::components::field::message_now;
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::Tag;
use crate::components::upload::UploadButton;
use crate::domain::assessment::{
    ComponentDraft, Part, SchemeDraft, format_score, grade, read_scheme, read_score,
};
use crate::dto::results::{GradeGrid, SchemeInput, ScoreEntry, ScoreReport, ScoresInput};
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

type NoticeSignal = RwSignal<Option<(bool, String)>>;

fn saved_notice(r: &ScoreReport) -> String {
    let mut m = format!("已保存 {} 名学员的成绩", r.saved);
    if r.passed > 0 {
        m.push_str(&format!(
            "；新增合格 {} 人，学时已记入学分银行，结业证书已发放",
            r.passed
        ));
    }
    m
}

#[component]
pub fn ScoreGrid(g: GradeGrid, version: RwSignal<u32>, notice: NoticeSignal) -> impl IntoView {
    if g.rows.is_empty() {
        return view! { <section class="card"><Empty text="本班还没有已录取的学员" /></section> }
            .into_any();
    }
    let class_id = g.class_id.unwrap_or_default();
    let scheme = StoredValue::new(g.scheme.clone());
    let rows: Vec<_> = g
        .rows
        .into_iter()
        .map(|r| {
            let cells: Vec<RwSignal<String>> =
                r.scores.iter().map(|s| RwSignal::new(s.clone())).collect();
            (r, cells)
        })
        .collect();
    let all_cells: Vec<(i64, Vec<RwSignal<String>>)> = rows
        .iter()
        .map(|(r, c)| (r.enrolment_id, c.clone()))
        .collect();
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let save = move |_| {
        let input = ScoresInput {
            class_id,
            rows: all_cells
                .iter()
                .map(|(id, cells)| ScoreEntry {
                    enrolment_id: *id,
                    scores: cells.iter().map(|c| c.get_untracked()).collect(),
                })
                .collect(),
        };
        busy.set(true);
        spawn_local(async move {
            match save_scores(input).await {
                Ok(r) => {
                    server_errors.set(Vec::new());
                    crate::components::feedback::done(notice, version, saved_notice(&r));
                }
                Err(AppError::Validation(errs)) => {
                    notice.set(Some((
                        false,
                        format!("有 {} 处成绩有误，已标红，未保存任何成绩", errs.len()),
                    )));
                    server_errors.set(errs);
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
            busy.set(false);
        });
    };
    let components = g.scheme.components.clone();
    view! {
        <section class="card">
            <header class="card-head">
                <h2>"成绩录入"</h2>
                <button class="btn btn-primary btn-sm" data-testid="save-scores" disabled=move || busy.get() on:click=save>
                    {move || if busy.get() { "保存中…" } else { "保存成绩" }}
                </button>
            </header>
            <div class="table-scroll">
                <table class="table responsive score-grid" data-testid="score-grid">
                    <thead><tr>
                        <th>"学员"</th>
                        {components.iter().map(|c| view! { <th>{format!("{}（{}）", c.name, format_score(c.max))}</th> }).collect_view()}
                        <th>"总成绩"</th><th>"结果"</th><th>"证书"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(r, cells)| {
                            let id = r.enrolment_id;
                            let cells_for_total = cells.clone();
                            let live = Memo::new(move |_| {
                                scheme.with_value(|s| {
                                    let parsed: Vec<_> = s.components.iter().zip(&cells_for_total)
                                        .map(|(c, v)| read_score(c, &v.get()).ok().flatten())
                                        .collect();
                                    grade(s, &parsed)
                                })
                            });
                            view! {
                                <tr data-testid="score-row">
                                    <td data-label="学员"><strong>{r.teacher_name.clone()}</strong><div class="muted">{format!("{} · {}", r.school_name, r.id_masked)}</div>
                                        {r.micro.clone().map(|m| view! { <div class="muted" data-testid="row-micro">{format!("微能力点：{m}")}</div> })}</td>
                                    {components.iter().cloned().enumerate().zip(cells).map(|((i, c), cell)| {
                                        let field = format!("score-{id}-{i}");
                                        let c2 = c.clone();
                                        let local = move || read_score(&c2, &cell.get()).err().map(|e| e.to_string());
                                        let remote = move || server_errors.with(|e| e.iter().find(|x| x.field == field).map(|x| x.message.clone()));
                                        let message = move || local().or_else(remote.clone());
                                        let bad = {
                                            let message = message.clone();
                                            move || message().is_some()
                                        };
                                        view! {
                                            <td data-label=c.name.clone() class:cell-error=bad>
                                                <input class="score-input" inputmode="decimal" aria-label=format!("{} {}", r.teacher_name, c.name)
                                                    data-testid=format!("score-{i}")
                                                    prop:value=move || cell.get() on:input=move |ev| cell.set(event_target_value(&ev)) />
                                                <p class="field-error" role="alert">{message}</p>
                                            </td>
                                        }
                                    }).collect_view()}
                                    <td data-label="总成绩" data-testid="row-total">{move || format_score(live.get().total)}</td>
                                    <td data-label="结果">{move || {
                                        let g = live.get();
                                        let tone = match g.passed { Some(true) => "green", Some(false) => "red", None => "grey" };
                                        view! { <Tag tone=tone text=g.result_label() /> }
                                    }}</td>
                                    <td data-label="证书">{r.certificate.clone().map_or_else(
                                        || view! { <span class="muted">"—"</span> }.into_any(),
                                        |n| view! { <a href=format!("/api/files/certificates/{n}") download="">{n.clone()}</a> }.into_any(),
                                    )}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">"空白表示尚未评定；所有考核项都有成绩后，按考核方案判定合格与否。合格即记入学分银行并发放结业证书。"</p>
        </section>
    }
    .into_any()
}

/// 导入成绩: the class's score sheet (下载成绩表 gives it with the roster); what it did goes to
/// `report`, which the page shows under its toolbar.
#[component]
pub fn ImportScores(
    class_id: i64,
    version: RwSignal<u32>,
    notice: NoticeSignal,
    /// Kept by the page: saving reloads the class, and the report must outlive that.
    report: RwSignal<Option<ScoreReport>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let on_file = Callback::new(move |data: leptos::web_sys::FormData| {
        busy.set(true);
        spawn_local(async move {
            match import_scores(data.into()).await {
                Ok(r) => {
                    if r.saved > 0 {
                        crate::components::feedback::done(notice, version, saved_notice(&r));
                    }
                    report.set(Some(r));
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
            busy.set(false);
        });
    });
    view! {
        <UploadButton label="导入成绩" field="class_id" id=class_id testid="import-scores" busy=busy on_file=on_file />
    }
}

/// 编辑考核方案: components (name, part, maximum) and the pass rule, checked as you type.
#[component]
pub fn SchemeDrawer(project_id: i64, draft: SchemeDraft, on_done: Callback<bool>) -> impl IntoView {
    let components = RwSignal::new(draft.components.clone());
    let pass_mode = RwSignal::new(draft.pass_mode.clone());
    let pass_total = RwSignal::new(draft.pass_total.clone());
    let server = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let current = move || SchemeDraft {
        components: components.get(),
        pass_mode: pass_mode.get(),
        pass_total: pass_total.get(),
    };
    let errors = Memo::new(move |_| read_scheme(&current()).err().unwrap_or_default());
    let message = move |field: String| message_now(errors, server, &field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !errors.get_untracked().is_empty() {
            return;
        }
        let draft = current();
        busy.set(true);
        spawn_local(async move {
            match save_scheme(SchemeInput { project_id, draft }).await {
                Ok(()) => on_done.run(true),
                Err(e) => server.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let edit = move |i: usize, f: fn(&mut ComponentDraft, String), v: String| {
        components.update(|list| {
            if let Some(c) = list.get_mut(i) {
                f(c, v);
            }
        });
    };
    view! {
        <Drawer title="编辑考核方案" on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=submit>
                <p class="muted">"每个考核项计入“集中学习”“网络学习”或“校本研修”，学员的“已结束”页按这三项显示成绩。"</p>
                {move || {
                    let n = components.with(Vec::len);
                    (0..n).map(|i| {
                        let c = components.with(|l| l[i].clone());
                        let name_msg = move || message(format!("component-{i}-name"));
                        let max_msg = move || message(format!("component-{i}-max"));
                        view! {
                            <div class="scheme-row" data-testid="scheme-row">
                                <input aria-label="考核项名称" placeholder="名称" prop:value=c.name.clone()
                                    on:change=move |ev| edit(i, |c, v| c.name = v, event_target_value(&ev)) />
                                <select aria-label="计入" on:change=move |ev| edit(i, |c, v| c.part = v, event_target_value(&ev))>
                                    {Part::ALL.into_iter().map(|p| view! {
                                        <option value=p.label() selected=c.part == p.label()>{p.label()}</option>
                                    }).collect_view()}
                                </select>
                                <input aria-label="满分" class="score-input" inputmode="decimal" prop:value=c.max.clone()
                                    on:change=move |ev| edit(i, |c, v| c.max = v, event_target_value(&ev)) />
                                <button type="button" class="link-btn" on:click=move |_| components.update(|l| { l.remove(i); })>"删除"</button>
                                <p class="field-error" role="alert">{move || name_msg().or_else(max_msg)}</p>
                            </div>
                        }
                    }).collect_view()
                }}
                <button type="button" class="btn btn-sm" on:click=move |_| components.update(|l| l.push(ComponentDraft {
                    part: Part::Online.label().into(),
                    ..Default::default()
                }))>"添加考核项"</button>
                <p class="field-error" role="alert">{move || message("components".into())}</p>
                <fieldset class="field checks">
                    <legend>"合格规则"</legend>
                    <label class="check"><input type="radio" name="pass_mode" prop:checked=move || pass_mode.get() == "all" on:change=move |_| pass_mode.set("all".into()) />"各项均得满分"</label>
                    <label class="check"><input type="radio" name="pass_mode" prop:checked=move || pass_mode.get() == "total" on:change=move |_| pass_mode.set("total".into()) />"总分达到"</label>
                    <input class="score-input" aria-label="合格分" inputmode="decimal" disabled=move || pass_mode.get() != "total"
                        prop:value=move || pass_total.get() on:input=move |ev| pass_total.set(event_target_value(&ev)) />
                    <p class="field-error" role="alert">{move || message("pass_total".into()).or_else(move || message("pass_mode".into()))}</p>
                </fieldset>
                <p class="form-error" role="alert">{move || server.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| e.to_string())}</p>
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(false)) testid="save-scheme" busy=busy />
            </form>
        </Drawer>
    }
}
