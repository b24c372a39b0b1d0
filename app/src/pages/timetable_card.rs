//! 课程安排 on the class page: whoever runs the class lists its lessons (day, time, place,
//! topic, lecturer) and saves them together; the enrolled teachers see them on their card, and
//! the check-in card opens a session per lesson.

use crate::api::timetable::save_timetable;
use crate::components::list_table::{Col, Table, col};
use crate::domain::timetable::Lesson;
use crate::dto::ids::ClassId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

const COLS: &[Col] = &[
    col("日期"),
    col("时间"),
    col("地点"),
    col("主题"),
    col("主讲人"),
];

/// The lessons being edited, each under a key that stays while rows are added and removed.
type Rows = RwSignal<Vec<(u32, Lesson)>>;

#[component]
pub fn TimetableCard(
    class_id: i64,
    lessons: Vec<Lesson>,
    version: RwSignal<u32>,
    notice: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let next = StoredValue::new(0u32);
    let key = move || {
        let k = next.get_value();
        next.set_value(k + 1);
        k
    };
    let rows: Rows = RwSignal::new(Vec::new());
    let lesson = move |l: Lesson| (key(), l);
    let errors = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let shown = lessons.clone();
    let start = move |_| {
        let mut list: Vec<(u32, Lesson)> = lessons.iter().map(|l| lesson(l.clone())).collect();
        if list.is_empty() {
            list.push(lesson(Lesson::default()));
        }
        rows.set(list);
        errors.set(Vec::new());
        editing.set(true);
    };
    let add = move |_| {
        // A new lesson starts from the last one's day and place: a timetable is typed in order.
        let from = rows.with_untracked(|r| r.last().map(|(_, l)| l.clone()));
        let l = from.map_or_else(Lesson::default, |p| Lesson {
            on_date: p.on_date,
            place: p.place,
            ..Default::default()
        });
        rows.update(|r| r.push(lesson(l)));
    };
    let save = move |_| {
        let list: Vec<Lesson> = rows.with_untracked(|r| r.iter().map(|(_, l)| l.clone()).collect());
        busy.set(true);
        spawn_local(async move {
            match save_timetable(ClassId(class_id), list).await {
                Ok(saved) => {
                    editing.set(false);
                    notice.set(Some((
                        true,
                        format!("课程安排已保存（{} 节）", saved.len()),
                    )));
                    version.update(|v| *v += 1);
                }
                Err(AppError::Validation(errs)) => {
                    errors.set(errs.into_iter().map(|e| e.message).collect())
                }
                Err(e) => errors.set(vec![e.to_string()]),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-testid="timetable">
            <header class="card-head">
                <h2>"课程安排"</h2>
                {move || (!editing.get()).then(|| view! {
                    <button class="btn btn-sm" data-testid="edit-timetable" on:click=start.clone()>"编辑课程安排"</button>
                })}
            </header>
            {move || if editing.get() {
                view! {
                    <div class="lesson-editor">
                        <For each=move || rows.with(|r| r.iter().map(|(k, _)| *k).collect::<Vec<_>>()) key=|k| *k let:k>
                            <LessonRow rows k />
                        </For>
                        <div role="alert" aria-live="assertive">
                            {move || (!errors.get().is_empty()).then(|| view! {
                                <ul class="form-errors" data-testid="timetable-errors">
                                    {errors.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                </ul>
                            })}
                        </div>
                        <div class="toolbar">
                            <button class="btn btn-sm" type="button" data-testid="add-lesson" on:click=add>"添加一节"</button>
                            <span class="toolbar-spacer"></span>
                            <button class="btn btn-sm" type="button" on:click=move |_| editing.set(false)>"取消"</button>
                            <button class="btn btn-sm btn-primary" type="button" data-testid="save-timetable" disabled=move || busy.get() on:click=save>"保存"</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! {
                    <Table items=shown.clone() cols=COLS testid="timetable-lessons"
                        empty="还没有课程安排。添加后，学员在“继续教育”的班级卡片上即可看到。"
                        row=|l: Lesson| view! {
                            <td data-label="日期">{l.on_date}</td>
                            <td data-label="时间">{format!("{}–{}", l.starts_at, l.ends_at)}</td>
                            <td data-label="地点">{l.place}</td>
                            <td data-label="主题">{l.topic}</td>
                            <td data-label="主讲人">{l.lecturer}</td>
                        } />
                }.into_any()
            }}
        </section>
    }
}

/// One lesson's inputs, each labelled for a screen reader.
#[component]
fn LessonRow(rows: Rows, k: u32) -> impl IntoView {
    let input = move |label: &'static str,
                      kind: &'static str,
                      read: fn(&Lesson) -> String,
                      write: fn(&mut Lesson, String)| {
        view! {
            <input type=kind aria-label=label placeholder=label
                prop:value=move || rows.with(|r| r.iter().find(|(x, _)| *x == k).map(|(_, l)| read(l)).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    rows.update(|r| if let Some((_, l)) = r.iter_mut().find(|(x, _)| *x == k) { write(l, v) });
                } />
        }
    };
    view! {
        <div class="lesson-row" data-testid="lesson-row">
            {input("日期", "date", |l| l.on_date.clone(), |l, v| l.on_date = v)}
            {input("开始时间", "time", |l| l.starts_at.clone(), |l, v| l.starts_at = v)}
            {input("结束时间", "time", |l| l.ends_at.clone(), |l, v| l.ends_at = v)}
            {input("地点", "text", |l| l.place.clone(), |l, v| l.place = v)}
            {input("主题", "text", |l| l.topic.clone(), |l, v| l.topic = v)}
            {input("主讲人", "text", |l| l.lecturer.clone(), |l, v| l.lecturer = v)}
            <button class="link-btn danger" type="button" aria-label="删除此节" on:click=move |_| rows.update(|r| r.retain(|(x, _)| *x != k))>"删除"</button>
        </div>
    }
}
