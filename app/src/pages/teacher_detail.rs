//! 教师档案: every field of one record, the whole ID number on request (audited), edits within
//! the viewer's field rights, 调出 / 离退, and the history of changes and moves.

use super::teacher_form::{FormState, SchoolPicker, TeacherForm};
use super::teachers::{is_bureau, status_class};
use crate::api::org::my_counties;
use crate::api::teachers::{
    get_teacher_detail, move_teacher, reveal_id_number, set_teacher_status, update_teacher,
};
use crate::components::feedback::{FormError, Loaded, Notice};
use crate::components::field::TextField;
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::PageHead;
use crate::components::pickers::CountySelect;
use crate::domain::teacher::TeacherStatus;
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{HistoryEntry, MoveInput, TeacherDetail};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TeacherDetailPage() -> impl IntoView {
    let raw = crate::data::id_param();
    let id = move || TeacherId(raw());
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let detail = crate::data::page_data(
        move || (id(), version.get()),
        |(id, _)| get_teacher_detail(id),
    );
    let reload = move |msg: String| {
        crate::components::feedback::done(notice, version, msg);
    };
    view! {
        <PageHead title="教师档案" trail="教师 / 教师管理 / 档案" />
        <Notice message=notice />
        <Loaded data=detail ok=move |d| view! { <Record d=d on_change=Callback::new(reload) notice=notice /> } />
    }
}

#[component]
fn Record(
    d: TeacherDetail,
    on_change: Callback<String>,
    notice: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let id = d.id;
    let full_id = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    let moving = RwSignal::new(false);
    let reveal = move |_| {
        spawn_local(async move {
            match reveal_id_number(id).await {
                Ok(n) => full_id.set(Some(n)),
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    };
    let retired = d.status == TeacherStatus::Retired;
    let at_school = d.school_id.is_some();
    let toggle_status = move |_| {
        let to = if retired {
            TeacherStatus::OnDuty
        } else {
            TeacherStatus::Retired
        };
        spawn_local(async move {
            match set_teacher_status(id, to).await {
                Ok(()) => on_change.run(format!("状态已改为{}", to.label())),
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
        });
    };
    let f = d.fields.clone();
    let masked = f.id_number.clone();
    let yes = |b: bool| if b { "是" } else { "否" };
    let item = |label: &'static str, value: String| {
        view! { <div class="desc-item"><dt>{label}</dt><dd>{value}</dd></div> }
    };
    let edit_state = StoredValue::new(d.clone());
    view! {
        <section class="card">
            <div class="record-head">
                <h2>{f.name.clone()} <span class=status_class(d.status)>{d.status.label()}</span>
                    {d.disabled.then(|| view! { <span class="tag tag-grey">"账号已停用"</span> })}</h2>
                <div class="row-actions">
                    <button class="btn btn-primary" data-testid="edit-teacher" disabled=d.editable.is_empty() on:click=move |_| editing.set(true)>"编辑"</button>
                    {(!retired).then(|| view! { <button class="btn" data-testid="move-teacher" on:click=move |_| moving.set(true)>"调出"</button> })}
                    {(!retired || at_school).then(|| view! {
                        <button class="btn" data-testid="toggle-status" on:click=toggle_status>{if retired { "恢复在岗" } else { "办理离退" }}</button>
                    })}
                </div>
            </div>
            <dl class="desc-grid" data-testid="teacher-fields">
                {item("姓名", f.name.clone())}
                <div class="desc-item"><dt>"身份证号"</dt><dd>
                    <code data-testid="id-number">{move || full_id.get().unwrap_or_else(|| masked.clone())}</code>
                    {move || full_id.get().is_none().then(|| view! { <button class="link-btn" data-testid="reveal-id" on:click=reveal>"查看完整"</button> })}
                </dd></div>
                {item("性别", d.gender.clone())}
                {item("出生年月", d.birth_date.clone())}
                {item("师训号", d.training_number.clone())}
                {item("民族", f.ethnicity.clone())}
                {item("政治面貌", f.political_status.clone())}
                {item("所在地区", d.region_name.clone())}
                {item("学校", d.school_name.clone())}
                {item("学校类别", format!("{} · {}", d.school_category, d.school_area_type))}
                {item("任教学段", f.stage.clone())}
                {item("任教学科", f.subject.clone())}
                {item("第一学历", f.initial_education.clone())}
                {item("最高学历", f.highest_education.clone())}
                {item("职称", f.title.clone())}
                {item("岗位", f.post.clone())}
                {item("参加工作日期", f.hire_date.clone())}
                {item("教师资格证号", f.qualification_number.clone())}
                {item("公费师范生", yes(f.publicly_funded).into())}
                {item("特岗教师", yes(f.special_post).into())}
                {item("手机号", f.phone.clone())}
                {item("邮箱", f.email.clone())}
            </dl>
        </section>
        <section class="card">
            <h2>"变更记录"</h2>
            <History entries=d.history.clone() />
        </section>
        {move || editing.get().then(|| view! {
            <EditDrawer d=edit_state.get_value() on_done=Callback::new(move |saved: Option<usize>| {
                editing.set(false);
                if let Some(n) = saved { on_change.run(if n == 0 { "没有改动".into() } else { format!("已保存 {n} 项修改") }); }
            }) />
        })}
        {move || moving.get().then(|| view! {
            <MoveDialog teacher_id=id county_code=edit_state.get_value().county_code on_done=Callback::new(move |done: Option<String>| {
                moving.set(false);
                if let Some(m) = done { on_change.run(m); }
            }) />
        })}
    }
}

#[component]
fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">"暂无变更"</p> }.into_any();
    }
    view! {
        <ol class="timeline" data-testid="history">
            {entries.into_iter().map(|h| view! {
                <li class=format!("timeline-item kind-{}", h.kind)>
                    <div class="timeline-head"><strong>{h.summary}</strong>
                        <span class="muted">{format!("{} · {}", h.at, h.actor_name)}</span></div>
                    {(!h.changes.is_empty()).then(|| view! {
                        <ul class="changes">
                            {h.changes.into_iter().map(|(label, before, after)| view! {
                                <li>{label}": "<del>{if before.is_empty() { "（空）".to_string() } else { before }}</del>" → "<ins>{if after.is_empty() { "（空）".to_string() } else { after }}</ins></li>
                            }).collect_view()}
                        </ul>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn EditDrawer(d: TeacherDetail, on_done: Callback<Option<usize>>) -> impl IntoView {
    let state = FormState::new(d.fields.clone());
    let masked = d.fields.id_number.clone();
    let masked_check = masked.clone();
    let editable = d.editable.clone();
    let key_locked = !editable.iter().any(|k| k == "name");
    let busy = RwSignal::new(false);
    let submit = move || {
        state.submitted.set(true);
        if !state.local_errors(Some(&masked_check)).is_empty() {
            return;
        }
        busy.set(true);
        let fields = state.fields();
        spawn_local(async move {
            match update_teacher(d.id, fields).await {
                Ok(n) => on_done.run(Some(n)),
                Err(e) => state.server_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Drawer title="编辑档案" on_close=Callback::new(move |_| on_done.run(None)) wide=true>
            <form class="drawer-body" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {key_locked.then(|| view! { <p class="muted" data-testid="key-hint">"姓名、身份证号、教师资格证号是关键字段，只能由区县管理员修改。"</p> })}
                <TeacherForm state=state editable=Signal::stored(editable) masked_id=masked />
                <FormError error=state.server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-teacher" busy=busy />
            </form>
        </Drawer>
    }
}

/// 调出: to the county's free pool, or (bureaus) straight to another school.
#[component]
fn MoveDialog(
    teacher_id: TeacherId,
    county_code: String,
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let bureau = is_bureau();
    let to_school = RwSignal::new(false);
    let county = RwSignal::new(county_code);
    let school = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let counties = crate::data::page_data(|| (), |_| my_counties());
    let confirm = move || {
        let to = if to_school.get_untracked() {
            school.get_untracked().parse().unwrap_or(0)
        } else {
            0
        };
        if to_school.get_untracked() && to == 0 {
            error.set(Some("请选择调入学校".into()));
            return;
        }
        spawn_local(async move {
            let input = MoveInput {
                teacher_id,
                to_school_id: to,
                reason: reason.get_untracked(),
                id_number: String::new(),
            };
            match move_teacher(input).await {
                Ok(()) => on_done.run(Some(if to == 0 {
                    "已调出至自由人".into()
                } else {
                    "已调至新学校".into()
                })),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="move-title">
                <h2 id="move-title">"调出"</h2>
                <div class="field radio-group">
                    <label><input type="radio" name="dest" checked=true on:change=move |_| to_school.set(false) />"调出为自由人（由新单位调入）"</label>
                    {bureau.then(|| view! {
                        <label><input type="radio" name="dest" data-testid="dest-school" on:change=move |_| to_school.set(true) />"直接调至其他学校"</label>
                    })}
                </div>
                {move || to_school.get().then(|| view! {
                    <CountySelect label="区县" name="move_county" value=county counties=counties required=true />
                    <SchoolPicker county=county value=school />
                })}
                <TextField label="原因" name="reason" value=reason placeholder="选填，如：工作调动" />
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" data-testid="confirm-move" on:click=move |_| confirm()>"确定"</button>
                </div>
            </div>
        </div>
    }
}
