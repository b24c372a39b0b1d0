//! 免修登记: a bureau records that a teacher of its region, holding a national or provincial
//! certificate, is excused from that year's whole-staff project (DOMAIN.md §4); the list shows
//! every exemption in the region, searchable by year and teacher, each one revocable.

use crate::api::exemptions::{grant_exemption, list_exemptions, revoke_exemption};
use crate::api::training_years::list_training_years;
use crate::components::feedback::{FormError, Notice};
use crate::components::field::{SelectField, TextField, field_message};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::overlay::{ConfirmDialog, Drawer};
use crate::components::page::{PageHead, Tag};
use crate::components::pickers::YearSelect;
use crate::domain::exemption::{CERTIFICATE_LEVELS, ExemptionDraft, validate};
use crate::dto::exemptions::{ExemptionFilter, ExemptionRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ExemptionsPage() -> impl IntoView {
    let list = use_list::<ExemptionFilter>();
    let year = list.field(|f| f.year.clone());
    let keyword = list.field(|f| f.keyword.clone());
    let adding = RwSignal::new(false);
    let revoking = RwSignal::new(None::<(i64, String)>);
    let years = crate::data::page_data(|| (), |_| list_training_years());
    let exemptions = list.load(list_exemptions);
    let search = Callback::new(move |()| {
        list.apply(ExemptionFilter {
            year: year.get_untracked(),
            keyword: keyword.get_untracked(),
            page: 1,
        })
    });
    let row = move |x: ExemptionRow| {
        let (id, who) = (x.id, x.teacher_name.clone());
        view! {
            <td data-label="教师"><strong>{x.teacher_name.clone()}</strong><div class="muted">{x.id_number.clone()}</div></td>
            <td data-label="学校">{x.school_name.clone()}</td>
            <td data-label="年度">{x.year}</td>
            <td data-label="证书"><Tag tone="blue" text=x.level.clone() />" "{x.certificate.clone()}</td>
            <td data-label="登记人">{format!("{} · {}", x.granted_by, x.granted_at)}</td>
            <td data-label="操作" class="row-actions">
                <button class="link-btn danger" data-testid="revoke" on:click=move |_| revoking.set(Some((id, who.clone())))>"撤销"</button>
            </td>
        }
    };
    view! {
        <PageHead title="免修登记" trail="培训 / 免修登记" />
        <Notice message=list.notice />
        <FilterBar on_search=search>
            <YearSelect value=year years=years />
            <TextField label="教师" name="keyword" value=keyword placeholder="姓名或身份证号后几位" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <p class="muted">"持有当年国家级、省级证书的教师，经登记后免修当年全员培训，不能再被选入或报名全员培训项目。"</p>
                <span class="toolbar-spacer"></span>
                <button class="btn btn-primary btn-sm" data-testid="add-exemption" on:click=move |_| adding.set(true)>"登记免修"</button>
            </div>
            <ListTable list=list data=exemptions cols=COLS row=row empty="暂无免修记录" testid="exemptions-table" />
        </section>
        {move || adding.get().then(|| view! {
            <GrantDrawer on_done=Callback::new(move |saved: bool| {
                adding.set(false);
                if saved {
                    list.done("已登记免修");
                }
            }) />
        })}
        {move || revoking.get().map(|(id, who)| view! {
            <ConfirmDialog message=format!("撤销{who}的免修登记？撤销后须参加当年全员培训。") on_done=Callback::new(move |ok: bool| {
                revoking.set(None);
                if ok {
                    list.run(revoke_exemption(id), "已撤销免修".into());
                }
            }) />
        })}
    }
}

const COLS: &[Col] = &[
    col("教师"),
    col("学校"),
    col("年度"),
    col("证书"),
    col("登记人"),
    col("操作"),
];

#[component]
fn GrantDrawer(on_done: Callback<bool>) -> impl IntoView {
    let id_number = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let certificate = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let draft = move || ExemptionDraft {
        id_number: id_number.get(),
        year: year.get(),
        level: level.get(),
        certificate: certificate.get(),
    };
    // The shared rules check as the admin types, once a save has been tried.
    let local = Memo::new(move |_| {
        if tried.get() {
            validate(&draft())
        } else {
            Vec::new()
        }
    });
    let e = move |field: &'static str| field_message(local, server_error, field.to_string());
    let years = crate::data::page_data(|| (), |_| list_training_years());
    let levels = Signal::stored(
        CERTIFICATE_LEVELS
            .iter()
            .map(|l| (l.to_string(), l.to_string()))
            .collect::<Vec<_>>(),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !validate(&draft()).is_empty() {
            return;
        }
        busy.set(true);
        let d = draft();
        spawn_local(async move {
            match grant_exemption(d).await {
                Ok(_) => on_done.run(true),
                Err(err) => server_error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <Drawer title="登记免修" on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=save>
                <TextField label="身份证号" name="id_number" value=id_number required=true error=e("id_number") />
                <YearSelect value=year years=years prompt="请选择" />
                <p class="field-error" role="alert">{move || e("year").get()}</p>
                <SelectField label="证书级别" name="level" value=level options=levels required=true error=e("level") />
                <TextField label="证书名称" name="certificate" value=certificate required=true error=e("certificate") placeholder="如：河北省骨干教师证书" />
                <FormError error=server_error />
                <div class="drawer-actions">
                    <button class="btn" type="button" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" type="submit" data-testid="save-exemption" disabled=move || busy.get()>"保存"</button>
                </div>
            </form>
        </Drawer>
    }
}
