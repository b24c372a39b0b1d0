//! The dialogs of the directive page: the county's search and list import, the province's
//! placement in a class, the institution's classes and opening notice.

use super::notice_dialog::NoticeDialog;
use crate::api::directive::{
    assign_participants, find_candidates, import_participants, nominate_teachers,
};
use crate::components::feedback::{Empty, ErrorBox, Loading, batch_notice};
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::Drawer;
use crate::components::page::Tag;
use crate::components::row_report::RowReport;
use crate::components::upload::UploadButton;
use crate::domain::directive::LIST_HEADERS;
use crate::dto::directive::{AssignInput, ListImport, NominateInput, PlacementClass};
use leptos::prelude::*;
use leptos::task::spawn_local;

type NoticeSignal = RwSignal<Option<(bool, String)>>;

/// 添加教师: search the county's teachers the project is for, tick, add.
#[component]
pub fn AddTeachers(project_id: i64, version: RwSignal<u32>, notice: NoticeSignal) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button class="btn btn-sm" data-testid="add-teachers" on:click=move |_| open.set(true)>"添加教师"</button>
        {move || open.get().then(|| view! {
            <Drawer title="添加参训教师" on_close=Callback::new(move |_| open.set(false))>
                <CandidateSearch project_id=project_id on_added=Callback::new(move |n: u32| {
                    open.set(false);
                    crate::components::feedback::done(notice, version, format!("已添加 {n} 人"));
                }) />
            </Drawer>
        })}
    }
}

#[component]
fn CandidateSearch(project_id: i64, on_added: Callback<u32>) -> impl IntoView {
    let keyword = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<String>);
    let found =
        crate::data::page_data(move || asked.get(), move |k| find_candidates(project_id, k));
    let add = move |_| {
        let teacher_ids = picked.get_untracked();
        if teacher_ids.is_empty() {
            error.set(Some("请先勾选教师".into()));
            return;
        }
        spawn_local(async move {
            match nominate_teachers(NominateInput {
                project_id,
                teacher_ids,
            })
            .await
            {
                Ok(n) => on_added.run(n),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div class="drawer-body">
            <form class="search-row" on:submit=move |ev| { ev.prevent_default(); asked.set(keyword.get_untracked()); }>
                <input name="keyword" aria-label="姓名或身份证号后几位" placeholder="姓名或身份证号后几位"
                    prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev)) />
                <button class="btn" type="submit" data-testid="search-candidates">"搜索"</button>
            </form>
            <p class="muted">"只列出本县（区）在岗、符合本项目培训对象且不在名单中的教师。"</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <Empty text="没有符合条件的教师" /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="pick-list" data-testid="candidates">
                                {list.into_iter().map(|c| {
                                    let id = c.teacher_id;
                                    view! {
                                        <li><label>
                                            <input type="checkbox" prop:checked=move || picked.get().contains(&id)
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    picked.update(|p| { p.retain(|x| *x != id); if on { p.push(id); } });
                                                } />
                                            <strong>{c.name.clone()}</strong>
                                            <span class="muted">{format!("{} · {} · {} · {}", c.id_number, c.school_name, c.stage, c.subject)}</span>
                                        </label></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
        <div class="drawer-actions">
            <span class="selection">{move || format!("已选 {} 人", picked.get().len())}</span>
            <button class="btn btn-primary" data-testid="add-picked" on:click=add>"添加所选"</button>
        </div>
    }
}

/// 导入名单: an Excel or CSV list of 姓名, 身份证号, 任教学段, 任教学科, and the rows not taken.
#[component]
pub fn ImportList(project_id: i64, version: RwSignal<u32>, notice: NoticeSignal) -> impl IntoView {
    let report = RwSignal::new(None::<ListImport>);
    let busy = RwSignal::new(false);
    let on_file = Callback::new(move |data: leptos::web_sys::FormData| {
        busy.set(true);
        spawn_local(async move {
            match import_participants(data.into()).await {
                Ok(r) => {
                    if r.added > 0 {
                        version.update(|v| *v += 1);
                    }
                    report.set(Some(r));
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
            busy.set(false);
        });
    });
    view! {
        <UploadButton label="导入名单" field="project_id" id=project_id testid="import-list" busy=busy on_file=on_file>
            <a class="link-btn" href="/api/files/directive-template.xlsx" download="">"下载模板"</a>
            <span class="muted">{format!("表头：{}", LIST_HEADERS.join("、"))}</span>
        </UploadButton>
        {move || report.get().map(|r| view! {
            <RowReport summary=format!("共 {} 行：导入 {} 人，未导入 {} 行", r.rows, r.added, r.rows - r.added)
                refused=r.refused.clone() rejected=r.rejected on_close=Callback::new(move |_| report.set(None)) />
        })}
    }
}

/// 分配至班级: the province picks a class, and the institution to run it if it has none yet.
#[component]
pub fn AssignDialog(
    ids: Vec<i64>,
    classes: Vec<PlacementClass>,
    institutions: Vec<(i64, String)>,
    on_done: Callback<Option<(bool, String)>>,
) -> impl IntoView {
    let n = ids.len();
    let class_id = RwSignal::new(classes.first().map(|c| c.id).unwrap_or_default());
    let institution_id = RwSignal::new(None::<i64>);
    let needs_runner = {
        let classes = classes.clone();
        move || {
            classes
                .iter()
                .find(|c| c.id == class_id.get())
                .is_some_and(|c| c.institution.is_none())
        }
    };
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let ids = ids.clone();
        spawn_local(async move {
            let result = assign_participants(AssignInput {
                ids,
                class_id: class_id.get_untracked(),
                institution_id: institution_id.get_untracked(),
            })
            .await;
            match result {
                Err(e) => error.set(Some(
                    e.field_message("institution_id")
                        .unwrap_or_else(|| e.to_string()),
                )),
                r => on_done.run(Some(batch_notice(r, "分配", "人"))),
            }
        });
    };
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true">
                <h2>"分配至班级"</h2>
                <p>{format!("将所选 {n} 人分配至：")}</p>
                <div class="field">
                    <label for="f-class">"班级"</label>
                    <select id="f-class" name="class" data-testid="assign-class"
                        on:change=move |ev| class_id.set(event_target_value(&ev).parse().unwrap_or_default())>
                        {classes.iter().map(|c| view! {
                            <option value=c.id.to_string()>{format!("{}（{}，{}，已分配 {}/{}）", c.name,
                                c.institution.as_ref().map_or("承培机构待定", |i| i.1.as_str()), c.dates, c.taken, c.seats)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=needs_runner.clone()>
                    <div class="field">
                        <label for="f-runner">"承培机构" <span class="req">"*"</span></label>
                        <select id="f-runner" name="institution" data-testid="assign-institution"
                            on:change=move |ev| institution_id.set(event_target_value(&ev).parse().ok())>
                            <option value="">"请选择"</option>
                            {institutions.iter().map(|(i, name)| view! { <option value=i.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </Show>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" data-testid="assign-ok" on:click=confirm>"确定"</button>
                </div>
            </div>
        </div>
    }
}

const CLASS_COLS: &[Col] = &[
    col("班级"),
    col("时间"),
    col("地点"),
    col("承培机构"),
    col("已分配 / 名额"),
    col("开班通知"),
];

/// The classes of the project; the institution publishes each one's opening notice.
#[component]
pub fn ClassesCard(
    classes: Vec<PlacementClass>,
    publishes: bool,
    version: RwSignal<u32>,
    notice: NoticeSignal,
) -> impl IntoView {
    let writing = RwSignal::new(None::<PlacementClass>);
    view! {
        <section class="card">
            <div class="toolbar"><h2>"班级"</h2></div>
            <Table items=classes cols=CLASS_COLS empty="本项目暂无班级" testid="classes-table"
                row=move |c: PlacementClass| {
                    let for_dialog = c.clone();
                    view! {
                        <td data-label="班级">{c.name}</td>
                        <td data-label="时间">{c.dates}</td>
                        <td data-label="地点">{c.place}</td>
                        <td data-label="承培机构">{c.institution.map_or_else(|| "待定".to_string(), |i| i.1)}</td>
                        <td data-label="已分配 / 名额">{format!("{} / {}", c.taken, c.seats)}</td>
                        <td data-label="开班通知">
                            {match c.notice_published_at {
                                Some(at) => view! { <Tag tone="green" text=format!("已发布 {at}") /> }.into_any(),
                                None => view! { <Tag tone="grey" text="未发布" /> }.into_any(),
                            }}
                            {publishes.then(|| view! {
                                <button class="link-btn" data-testid="publish-notice" on:click=move |_| writing.set(Some(for_dialog.clone()))>"发布开班通知"</button>
                            })}
                        </td>
                    }
                } />
        </section>
        {move || writing.get().map(|c| view! {
            <NoticeDialog class_id=c.id summary=format!("{}（{}，{}）", c.name, c.dates, c.place)
                place=c.place.clone() current=c.notice.clone() on_done=Callback::new(move |told: Option<u32>| {
                writing.set(None);
                if let Some(n) = told {
                    crate::components::feedback::done(notice, version, format!("开班通知已发布，已通知 {n} 名教师"));
                }
            }) />
        })}
    }
}
