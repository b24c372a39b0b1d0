//! 替换: before the class starts, the school puts another of its teachers in an admitted
//! teacher's seat. The dialog searches the school's teachers; the server checks the newcomer
//! may take the project (audience, 90 hours, not in it already) and says why not.

use crate::api::enrolments::replace_enrolment;
use crate::api::teachers::list_teachers;
use crate::dto::enrolments::EnrolmentRow;
use crate::dto::teachers::{TeacherFilter, TeacherRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ReplaceDialog(row: EnrolmentRow, on_done: Callback<Option<String>>) -> impl IntoView {
    let keyword = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<(i64, String)>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let found = crate::data::page_data(
        move || searched.get(),
        |keyword| async move {
            if keyword.trim().is_empty() {
                return Ok(Vec::new());
            }
            let filter = TeacherFilter {
                keyword,
                status: crate::domain::teacher::TeacherStatus::OnDuty
                    .as_str()
                    .into(),
                page_size: 10,
                ..Default::default()
            };
            list_teachers(filter).await.map(|p| p.items)
        },
    );
    let id = row.id;
    let leaving = row.teacher_name.clone();
    let confirm = move |_| {
        let Some((teacher_id, name)) = chosen.get_untracked() else {
            error.set(Some("请选择接替的教师".into()));
            return;
        };
        busy.set(true);
        let leaving = leaving.clone();
        spawn_local(async move {
            match replace_enrolment(id, teacher_id).await {
                Ok(_) => on_done.run(Some(format!("已由{name}替换{leaving}"))),
                Err(e) => error.set(Some(reason(&e))),
            }
            busy.set(false);
        });
    };
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="replace-title" data-testid="replace-dialog">
                <h2 id="replace-title">"替换学员"</h2>
                <p>{format!("由本校另一位教师接替 {} 在“{} · {}”的名额。开班后不能替换。", row.teacher_name, row.project_name, row.class_name)}</p>
                <form class="search-row" on:submit=move |ev| { ev.prevent_default(); searched.set(keyword.get_untracked()); }>
                    <label for="f-replace-keyword" class="sr-only">"接替教师"</label>
                    <input id="f-replace-keyword" placeholder="姓名、身份证号后几位或手机号" data-testid="replace-keyword"
                        prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev)) />
                    <button class="btn" type="submit" data-testid="replace-search">"查找"</button>
                </form>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match found.await {
                            Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! {
                                <p class="muted">{if searched.get_untracked().trim().is_empty() { "输入姓名查找本校教师" } else { "本校没有找到这位教师" }}</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <fieldset class="pick-list">
                                    <legend class="sr-only">"选择接替的教师"</legend>
                                    {list.into_iter().map(|t: TeacherRow| {
                                        let tid = t.id.0;
                                        let name = t.name.clone();
                                        view! {
                                            <label class="pick">
                                                <input type="radio" name="newcomer" data-testid="replace-pick"
                                                    on:change=move |_| { chosen.set(Some((tid, name.clone()))); error.set(None); } />
                                                <span><strong>{t.name}</strong>{format!(" · {} · {} {}", t.id_number, t.stage, t.subject)}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }.into_any(),
                        }
                    })}
                </Transition>
                <p class="field-error" role="alert" aria-live="assertive" data-testid="replace-error">{move || error.get()}</p>
                <div class="dialog-actions">
                    <button class="btn" type="button" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" type="button" data-testid="replace-ok" disabled=move || busy.get() on:click=confirm>"确认替换"</button>
                </div>
            </div>
        </div>
    }
}

fn reason(e: &AppError) -> String {
    e.field_message("teacher_id")
        .unwrap_or_else(|| e.to_string())
}
