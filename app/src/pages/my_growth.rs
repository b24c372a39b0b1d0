//! 成长档案 (teacher): honours and teaching achievements the teacher records (an achievement
//! with its file), and the 师德考核 and 年度考核 results the county and the school recorded.
//! Entries are added and withdrawn, never edited: who entered what and when stays on record.

use crate::api::growth::{add_growth, get_my_growth, upload_growth_file, withdraw_growth};
use crate::components::feedback::{FormError, Loaded, Notice};
use crate::components::field::{SelectField, TextField, field_message};
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::{ConfirmDialog, Drawer, DrawerActions};
use crate::components::page::{PageHead, Tag};
use crate::components::pickers::code_options;
use crate::domain::growth::{
    ACHIEVEMENT_KINDS, GrowthDraft, GrowthKind, PUBLISHER_LEVELS, validate,
};
use crate::domain::project::LEVELS;
use crate::domain::staff_assessment::AssessmentKind;
use crate::dto::growth::{AssessmentView, GrowthView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

const ASSESSMENT_COLS: &[Col] = &[
    col("年度"),
    col("类别"),
    col("结果"),
    col("荣誉或备注"),
    col("录入"),
];
const ENTRY_COLS: &[Col] = &[
    col("年度"),
    col("名称"),
    col("级别"),
    col("详情"),
    col("录入"),
    col("操作"),
];

#[component]
pub fn MyGrowthPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let adding = RwSignal::new(None::<GrowthKind>);
    let data = crate::data::page_data(move || version.get(), |_| get_my_growth());
    let confirming = RwSignal::new(None::<(i64, String)>);
    let withdraw = Callback::new(move |target: (i64, String)| confirming.set(Some(target)));
    let withdraw_now = move |(id, title): (i64, String)| {
        spawn_local(async move {
            notice.set(Some(match withdraw_growth(id).await {
                Ok(()) => (true, format!("已撤回“{title}”")),
                Err(e) => (false, e.to_string()),
            }));
            version.update(|v| *v += 1);
        });
    };
    view! {
        <PageHead title="成长档案" trail="个人空间 / 成长档案" />
        <Notice message=notice />
        <Loaded data=data ok=move |g| view! {
                <section class="card" data-testid="honours">
                    <header class="card-head">
                        <h2>"荣誉"</h2>
                        <button class="btn btn-primary btn-sm" data-testid="add-honour" on:click=move |_| adding.set(Some(GrowthKind::Honour))>"添加荣誉"</button>
                    </header>
                    <Entries list=g.honours withdraw=withdraw empty="尚未记录荣誉" />
                </section>
                <section class="card" data-testid="achievements">
                    <header class="card-head">
                        <h2>"教学成果"</h2>
                        <button class="btn btn-primary btn-sm" data-testid="add-achievement" on:click=move |_| adding.set(Some(GrowthKind::Achievement))>"添加成果"</button>
                    </header>
                    <Entries list=g.achievements withdraw=withdraw empty="尚未记录教学成果" />
                </section>
                <section class="card" data-testid="assessments">
                    <h2>"师德考核与年度考核"</h2>
                    <Table items=g.assessments cols=ASSESSMENT_COLS empty="暂无考核记录（由区县、学校录入）"
                        row=|a: AssessmentView| view! {
                            <td data-label="年度">{a.year}</td>
                            <td data-label="类别">{a.kind.label()}</td>
                            <td data-label="结果"><Tag tone=AssessmentKind::tone(&a.result) text=a.result.clone() /></td>
                            <td data-label="荣誉或备注">{a.note}</td>
                            <td data-label="录入" class="muted">{a.recorded}</td>
                        } />
                </section>
            } />
        {move || confirming.get().map(|(id, title)| view! {
            <ConfirmDialog message=format!("撤回“{title}”？撤回后不再显示在成长档案中，录入和撤回的记录仍会保留。")
                on_done=Callback::new(move |ok: bool| {
                    confirming.set(None);
                    if ok {
                        withdraw_now((id, title.clone()));
                    }
                }) />
        })}
        {move || adding.get().map(|kind| view! {
            <GrowthDrawer kind=kind on_done=Callback::new(move |saved: bool| {
                adding.set(None);
                if saved {
                    crate::components::feedback::done(notice, version, "已记入成长档案");
                }
            }) />
        })}
    }
}

#[component]
fn Entries(
    list: Vec<GrowthView>,
    withdraw: Callback<(i64, String)>,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <Table items=list cols=ENTRY_COLS empty=empty row_testid="growth-row" row=move |r: GrowthView| {
            let detail = match r.kind {
                GrowthKind::Honour => r.issuer.clone(),
                GrowthKind::Achievement => [r.category.as_str(), r.authors.as_str(), r.publisher.as_str(), r.publisher_level.as_str(), r.reference.as_str()]
                    .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "),
            };
            let (id, title) = (r.id, r.title.clone());
            view! {
                <td data-label="年度">{r.year}</td>
                <td data-label="名称"><strong>{r.title}</strong></td>
                <td data-label="级别"><Tag tone="blue" text=r.level /></td>
                <td data-label="详情">{detail}
                    {r.file_name.map(|n| view! { <div><a href=format!("/api/files/growth/{id}") download="" data-testid="growth-file">{format!("附件：{n}")}</a></div> })}
                </td>
                <td data-label="录入" class="muted">{r.entered}</td>
                <td data-label="操作"><button class="link-btn" on:click=move |_| withdraw.run((id, title.clone()))>"撤回"</button></td>
            }
        } />
    }
}

/// 添加荣誉 / 添加成果: checked as typed once a save was tried; an achievement's file goes up
/// first and the entry names it.
#[component]
fn GrowthDrawer(kind: GrowthKind, on_done: Callback<bool>) -> impl IntoView {
    let s = || RwSignal::new(String::new());
    let (year, level, title, issuer) = (s(), s(), s(), s());
    let (category, authors, publisher_level, publisher, reference) = (s(), s(), s(), s(), s());
    let file = RwSignal::new(None::<(i64, String)>);
    let uploading = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let achievement = kind == GrowthKind::Achievement;
    let draft = move || GrowthDraft {
        kind: Some(kind),
        year: year.get(),
        level: level.get(),
        title: title.get(),
        issuer: issuer.get(),
        category: category.get(),
        authors: authors.get(),
        publisher_level: publisher_level.get(),
        publisher: publisher.get(),
        reference: reference.get(),
        file_id: file.get().map(|f| f.0),
    };
    let this_year = super::browser_year().unwrap_or(2026);
    let local = Memo::new(move |_| {
        if tried.get() {
            validate(&draft(), this_year)
        } else {
            Vec::new()
        }
    });
    let e = move |field: &'static str| field_message(local, server_error, field.to_string());
    let file_form = NodeRef::<leptos::html::Form>::new();
    let pick = crate::components::upload::on_pick(
        file_form,
        uploading,
        server_error,
        |data| upload_growth_file(data.into()),
        move |u: crate::dto::growth::UploadedAttachment| file.set(Some((u.file_id, u.name))),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !validate(&draft(), this_year).is_empty() {
            return;
        }
        busy.set(true);
        let d = draft();
        spawn_local(async move {
            match add_growth(d).await {
                Ok(_) => on_done.run(true),
                Err(err) => server_error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let levels = Signal::stored(code_options(&LEVELS));
    view! {
        <Drawer title=if achievement { "添加教学成果" } else { "添加荣誉" } on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=save>
                <p class="muted">"成长档案记录录入人和时间，虚报属于师德失范行为。"</p>
                <TextField label="年度" name="year" value=year required=true error=e("year") placeholder="如 2025" input_type="number" />
                <SelectField label="级别" name="level" value=level options=levels required=true error=e("level") />
                <TextField label=if achievement { "成果名称" } else { "荣誉名称" } name="title" value=title required=true error=e("title") />
                {if achievement {
                    view! {
                        <SelectField label="成果类别" name="category" value=category options=Signal::stored(code_options(&ACHIEVEMENT_KINDS)) required=true error=e("category") />
                        <TextField label="作者" name="authors" value=authors required=true error=e("authors") placeholder="如：郑老师（第一作者）" />
                        <SelectField label="出版级别" name="publisher_level" value=publisher_level options=Signal::stored(code_options(&PUBLISHER_LEVELS)) required=true error=e("publisher_level") />
                        <TextField label="出版单位或刊物" name="publisher" value=publisher error=e("publisher") />
                        <TextField label="书号、刊号或链接" name="reference" value=reference error=e("reference") placeholder="ISBN / ISSN / CN / 网址" />
                        <div class="field" class:has-error=move || e("file_id").get().is_some()>
                            <label for="f-growth-file">"附件（选填）"</label>
                            <input id="f-growth-file" name="file" form="growth-attachment" type="file" data-testid="growth-file-input"
                                accept=".doc,.docx,.ppt,.pptx,.xls,.xlsx,.jpg,.jpeg,.png,.gif" on:change=pick />
                            <p class="muted">{move || if uploading.get() { "上传中…".to_string() } else {
                                file.get().map(|f| format!("已上传：{}", f.1)).unwrap_or_else(|| "Word、PowerPoint、Excel 或图片，不超过 10 MB".into())
                            }}</p>
                            <p class="field-error" role="alert">{move || e("file_id").get()}</p>
                        </div>
                    }.into_any()
                } else {
                    view! { <TextField label="授予单位" name="issuer" value=issuer required=true error=e("issuer") placeholder="如：石家庄市教育局" /> }.into_any()
                }}
                <FormError error=server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(false)) testid="save-growth" busy=Signal::derive(move || busy.get() || uploading.get()) />
            </form>
            // The file input belongs to this form (its `form` attribute), though it sits in the
            // entry's: the file goes up as soon as it is picked, before the entry is saved.
            <form id="growth-attachment" node_ref=file_form on:submit=|ev| ev.prevent_default()></form>
        </Drawer>
    }
}
