//! 教师管理: the teachers of the admin's scope — search and filters over a paged table, bulk
//! acts on selected rows, 增加 (a new record) and 调入 (take an existing one by ID number).

use super::teacher_form::{FormState, SchoolPicker, TeacherForm};
use crate::api::org::my_counties;
use crate::api::teachers::{
    add_teacher, bulk_teachers, find_transfer_candidate, list_teachers, move_teacher,
};
use crate::components::feedback::{FormError, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::overlay::{ConfirmDialog, Drawer, DrawerActions};
use crate::components::page::PageHead;
use crate::components::pickers::{CountySelect, code_options};
use crate::domain::code_lists;
use crate::domain::role::Role;
use crate::domain::teacher::{FIELDS, TeacherBatch, TeacherFields, TeacherStatus};
use crate::dto::account::Me;
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{
    MoveInput, NewTeacherInput, TeacherFilter, TeacherRow, TransferCandidate,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The tag of a record status.
pub fn status_class(status: TeacherStatus) -> String {
    format!("tag tag-{}", status.tone())
}

/// Whether the active role is a bureau (province, city, county admin).
pub fn is_bureau() -> bool {
    use_context::<Me>()
        .and_then(|m| m.active_role())
        .is_some_and(Role::is_bureau)
}

fn pairs(list: &[(&str, &str)]) -> Signal<Vec<(String, String)>> {
    Signal::stored(
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
}

#[component]
pub fn TeachersPage() -> impl IntoView {
    let bureau = is_bureau();
    // A link (统计分析's school row, a shared address) may hold the filter.
    let list = use_list::<TeacherFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let county = list.field(|f| f.county_code.clone());
    let school = list.field(|f| {
        if f.school_id > 0 {
            f.school_id.to_string()
        } else {
            String::new()
        }
    });
    let stage = list.field(|f| f.stage.clone());
    let subject = list.field(|f| f.subject.clone());
    let title = list.field(|f| f.title.clone());
    let status = list.field(|f| f.status.clone());
    let special = list.field(|f| f.special_post.clone());
    let funded = list.field(|f| f.publicly_funded.clone());
    let account = list.field(|f| f.account.clone());
    let sort = list.field(|f| f.sort.clone());
    let selected = list.selected;
    let adding = RwSignal::new(false);
    let taking = RwSignal::new(None::<String>);
    let bulk = RwSignal::new(None::<(TeacherBatch, String)>);
    let counties = crate::data::page_data(|| (), |_| my_counties());
    let teachers = list.load(list_teachers);
    let search = Callback::new(move |()| {
        list.apply(TeacherFilter {
            keyword: keyword.get_untracked(),
            county_code: county.get_untracked(),
            school_id: school.get_untracked().parse().unwrap_or(0),
            stage: stage.get_untracked(),
            subject: subject.get_untracked(),
            title: title.get_untracked(),
            status: status.get_untracked(),
            special_post: special.get_untracked(),
            publicly_funded: funded.get_untracked(),
            account: account.get_untracked(),
            sort: sort.get_untracked(),
            ..Default::default()
        })
    });
    let subjects = Signal::derive(move || code_options(code_lists::subjects_of(&stage.get())));
    // 生成初始密码 posts the selection as a plain form: the answer is the .xlsx to hand out,
    // downloaded by the browser, and the page stays.
    let issue_form = NodeRef::<leptos::html::Form>::new();
    let issue_ids = RwSignal::new(String::new());
    let run_bulk = move |action: TeacherBatch| {
        let ids = selected.get_untracked();
        if action == TeacherBatch::Issue {
            issue_ids.set(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            if let Some(form) = issue_form.get_untracked() {
                // The hidden input takes the ids before the form is sent.
                request_animation_frame(move || {
                    let _ = form.submit();
                });
            }
            list.say(
                true,
                format!(
                    "已为 {} 人生成初始密码，请在下载的表格中查看并发放",
                    ids.len()
                ),
            );
            selected.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let ids = ids.into_iter().map(TeacherId).collect();
            match bulk_teachers(action, ids).await {
                Ok(n) => list.done(format!("{}：{n} 人", action.done())),
                Err(e) => list.say(false, e.to_string()),
            }
        });
    };
    view! {
        <PageHead title="教师管理" trail="教师 / 教师管理" />
        <Notice message=list.notice />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset()) collapsible=true>
            <TextField label="关键字" name="keyword" value=keyword placeholder="姓名 / 身份证号(后几位) / 师训号 / 手机号" />
            {bureau.then(|| view! {
                <CountySelect label="区县" name="county" value=county counties=counties prompt="全部区县" />
                {move || (!county.get().is_empty()).then(|| view! { <SchoolPicker county=county value=school /> })}
            })}
            <SelectField label="学段" name="stage" value=stage options=Signal::stored(code_options(&code_lists::STAGES)) prompt="全部学段" />
            <SelectField label="学科" name="subject" value=subject options=subjects prompt="全部学科" />
            <SelectField label="职称" name="title" value=title options=Signal::stored(code_options(&code_lists::TITLES)) prompt="全部职称" />
            <SelectField label="状态" name="status" value=status options=Signal::stored(code_options(&TeacherStatus::ALL.map(TeacherStatus::as_str))) prompt="全部状态" />
            <SelectField label="特岗教师" name="special" value=special options=pairs(&[("1", "是"), ("0", "否")]) prompt="不限" />
            <SelectField label="公费师范生" name="funded" value=funded options=pairs(&[("1", "是"), ("0", "否")]) prompt="不限" />
            <SelectField label="账号" name="account" value=account options=pairs(&[("never", "从未登录")]) prompt="不限" />
            <SelectField label="排序" name="sort" value=sort options=pairs(&[("name", "姓名"), ("hire_date", "参加工作日期（近→远）"), ("updated", "最近更新")]) prompt="师训号" />
        </FilterBar>
        <section class="card">
            <form node_ref=issue_form method="post" action="/api/files/initial-passwords.xlsx" hidden>
                <input type="hidden" name="ids" prop:value=move || issue_ids.get() />
            </form>
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="add-teacher" on:click=move |_| adding.set(true)>"增加教师"</button>
                <button class="btn" data-testid="take-teacher" on:click=move |_| taking.set(Some(String::new()))>"调入"</button>
                <a class="btn" data-testid="export-teachers" download="" href=list.export("/api/files/teachers.xlsx")>"导出"</a>
                <a class="btn" data-testid="import-teachers" href="/teachers/import">"批量导入"</a>
                <a class="btn" data-testid="teacher-template" download="" href="/api/files/teacher-template.xlsx">"下载导入模板"</a>
                <span class="toolbar-spacer"></span>
                {move || {
                    let n = selected.get().len();
                    (n > 0).then(|| view! {
                        <span class="selection">{format!("已选 {n} 人")}</span>
                        <button class="btn btn-sm" data-testid="issue-passwords" on:click=move |_| bulk.set(Some((TeacherBatch::Issue, format!("为所选 {n} 人生成新的随机初始密码并下载表格？其原密码和登录将全部失效，首次登录须修改密码。")))) >"生成初始密码"</button>
                        <button class="btn btn-sm" on:click=move |_| bulk.set(Some((TeacherBatch::Disable, format!("停用所选 {n} 人的账号？停用后立即退出且无法登录。")))) >"停用"</button>
                        <button class="btn btn-sm" on:click=move |_| bulk.set(Some((TeacherBatch::Enable, format!("启用所选 {n} 人的账号？")))) >"启用"</button>
                    })
                }}
            </div>
            <ListTable list=list data=teachers cols=COLS select=|t: &TeacherRow| t.id.0
                row=|t: TeacherRow| view! { <Row t=t /> } empty="没有符合条件的教师" testid="teachers-table" />
        </section>
        {move || adding.get().then(|| view! {
            <AddDrawer counties=counties on_done=Callback::new(move |r: Option<Result<String, String>>| {
                adding.set(false);
                match r {
                    Some(Ok(name)) => { list.done(format!("已增加：{name}。初始密码请勾选后“生成初始密码”发放（按身份证号后 6 位规则的省份除外）")); }
                    Some(Err(id_number)) => taking.set(Some(id_number)),
                    None => {}
                }
            }) />
        })}
        {move || taking.get().map(|id_number| view! {
            <TakeDialog id_number=id_number counties=counties on_done=Callback::new(move |name: Option<String>| {
                taking.set(None);
                if let Some(n) = name { list.done(format!("已调入：{n}")); }
            }) />
        })}
        {move || bulk.get().map(|(action, message)| view! {
            <ConfirmDialog message=message on_done=Callback::new(move |ok: bool| {
                bulk.set(None);
                if ok { run_bulk(action); }
            }) />
        })}
    }
}

const COLS: &[Col] = &[
    col("姓名"),
    col("身份证号"),
    col("师训号"),
    col("学校"),
    col("学段/学科"),
    col("职称"),
    col("状态"),
    col("操作"),
];

/// A row's cells.
#[component]
fn Row(t: TeacherRow) -> impl IntoView {
    let id = t.id;
    view! {
            <td data-label="姓名"><a href=format!("/teachers/{id}")><strong>{t.name.clone()}</strong></a>
                {t.disabled.then(|| view! { <span class="tag tag-grey">"已停用"</span> })}
                {t.never_logged_in.then(|| view! { <span class="tag tag-orange" data-testid="never-logged-in">"从未登录"</span> })}</td>
            <td data-label="身份证号"><code>{t.id_number.clone()}</code></td>
            <td data-label="师训号">{t.training_number.clone()}</td>
            <td data-label="学校">{t.school_name.clone()}<div class="muted">{t.county_name.clone()}</div></td>
            <td data-label="学段/学科">{format!("{} · {}", t.stage, t.subject)}</td>
            <td data-label="职称">{t.title.clone()}</td>
            <td data-label="状态"><span class=status_class(t.status)>{t.status.label()}</span>
                {t.special_post.then(|| view! { <span class="tag tag-blue">"特岗"</span> })}
                {t.publicly_funded.then(|| view! { <span class="tag tag-blue">"公费"</span> })}</td>
            <td data-label="操作" class="row-actions"><a class="link-btn" href=format!("/teachers/{id}")>"档案"</a></td>
    }
}

/// 增加: a school, then the record. A duplicate ID number offers 调入 instead
/// (`on_done(Some(Err(id_number)))`).
#[component]
fn AddDrawer(
    counties: crate::components::pickers::CountiesResource,
    on_done: Callback<Option<Result<String, String>>>,
) -> impl IntoView {
    let bureau = is_bureau();
    let state = FormState::new(TeacherFields::default());
    let county = RwSignal::new(String::new());
    let school = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let duplicate = RwSignal::new(None::<String>);
    let all_fields: Vec<String> = FIELDS.iter().map(|(k, _, _)| k.to_string()).collect();
    let school_error = Signal::derive(move || {
        (state.submitted.get() && school.get().is_empty()).then(|| "请选择学校".to_string())
    });
    let submit = move || {
        state.submitted.set(true);
        if !state.local_errors(None).is_empty() || school.get_untracked().is_empty() {
            return;
        }
        let input = NewTeacherInput {
            school_id: school.get_untracked().parse().unwrap_or(0),
            fields: state.fields(),
        };
        busy.set(true);
        spawn_local(async move {
            let name = input.fields.name.clone();
            let id_number = input.fields.id_number.clone();
            match add_teacher(input).await {
                Ok(_) => on_done.run(Some(Ok(name))),
                Err(e) => {
                    if e.field_message("id_number")
                        .is_some_and(|m| m.contains("调入"))
                    {
                        duplicate.set(Some(id_number));
                    }
                    state.server_error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <Drawer title="增加教师" on_close=Callback::new(move |_| on_done.run(None)) wide=true>
            <form class="drawer-body" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <p class="muted">"新教师的账号同时建立；保存后在列表中勾选并“生成初始密码”发放，首次登录须修改。"</p>
                {bureau.then(|| view! { <CountySelect label="区县" name="add_county" value=county counties=counties required=true /> })}
                <SchoolPicker county=county value=school error=school_error />
                <TeacherForm state=state editable=Signal::stored(all_fields) />
                {move || duplicate.get().map(|id| view! {
                    <div class="notice notice-error">
                        "该身份证号已有教师档案。"
                        <button type="button" class="link-btn" data-testid="offer-take" on:click=move |_| on_done.run(Some(Err(id.clone())))>"改为调入该教师"</button>
                    </div>
                })}
                <FormError error=state.server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-teacher" busy=busy />
            </form>
        </Drawer>
    }
}

/// 调入: find a record by its full ID number, choose the receiving school, confirm.
#[component]
fn TakeDialog(
    id_number: String,
    counties: crate::components::pickers::CountiesResource,
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let bureau = is_bureau();
    let id_number = RwSignal::new(id_number);
    let name = RwSignal::new(String::new());
    let found = RwSignal::new(None::<TransferCandidate>);
    let county = RwSignal::new(String::new());
    let school = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let find = move || {
        let id = id_number.get_untracked();
        let typed_name = name.get_untracked();
        spawn_local(async move {
            match find_transfer_candidate(id, typed_name).await {
                Ok(c) => {
                    found.set(Some(c));
                    error.set(None);
                }
                Err(e) => {
                    found.set(None);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    let take = move || {
        let Some(c) = found.get_untracked() else {
            return;
        };
        let to = school.get_untracked().parse().unwrap_or(0);
        if to == 0 {
            error.set(Some("请选择调入学校".into()));
            return;
        }
        spawn_local(async move {
            let input = MoveInput {
                teacher_id: c.teacher_id,
                to_school_id: to,
                reason: String::new(),
                id_number: id_number.get_untracked(),
            };
            match move_teacher(input).await {
                Ok(()) => on_done.run(Some(c.name)),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="take-title">
                <h2 id="take-title">"调入教师"</h2>
                <form novalidate on:submit=move |ev| { ev.prevent_default(); find(); }>
                    <p class="muted">"输入该教师完整的身份证号和姓名，两者一致才能找到；每次查找都会记录。"</p>
                    <TextField label="身份证号" name="take_id_number" value=id_number placeholder="输入完整的 18 位身份证号" />
                    <TextField label="姓名" name="take_name" value=name placeholder="与档案一致的姓名" />
                    <button class="btn" type="submit" data-testid="find-teacher">"查找"</button>
                </form>
                {move || found.get().map(|c| view! {
                    <dl class="desc-grid compact" data-testid="candidate">
                        <div class="desc-item"><dt>"姓名"</dt><dd>{c.name.clone()}</dd></div>
                        <div class="desc-item"><dt>"身份证号"</dt><dd>{c.id_number.clone()}</dd></div>
                        <div class="desc-item"><dt>"现所在"</dt><dd>{format!("{} {}", c.region_name, c.school_name)}</dd></div>
                        <div class="desc-item"><dt>"状态"</dt><dd>{c.status.label()}</dd></div>
                    </dl>
                    {bureau.then(|| view! { <CountySelect label="调入区县" name="take_county" value=county counties=counties required=true /> })}
                    <SchoolPicker county=county value=school />
                })}
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert">{e}</div> })}
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" data-testid="confirm-take" disabled=move || found.get().is_none() on:click=move |_| take()>"确认调入"</button>
                </div>
            </div>
        </div>
    }
}
