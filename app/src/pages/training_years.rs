//! 培训年度: training years and their enrolment windows (province admin).

use crate::api::training_years::{list_training_years, save_training_year};
use crate::components::feedback::{FormError, Loaded, Notice};
use crate::components::field::{CheckField, TextField, field_message};
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::{PageHead, Tag};
use crate::domain::training_year::{YearDraft, parse};
use crate::dto::projects::YearView;
use crate::error::AppError;
use leptos::prelude::*;

const YEAR_COLS: &[Col] = &[
    col("年度"),
    col("一轮报名"),
    col("二轮补报"),
    col("当前"),
    col("操作"),
];

#[component]
pub fn TrainingYearsPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let editing = RwSignal::new(None::<YearDraft>);
    let years = crate::data::page_data(move || version.get(), |_| list_training_years());
    view! {
        <PageHead title="培训年度" trail="系统设置 / 培训年度" />
        <Notice message=notice />
        <section class="card">
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="new-year" on:click=move |_| editing.set(Some(YearDraft::default()))>"新增年度"</button>
            </div>
            <Loaded data=years plain=true ok=move |list| view! {
                    <Table items=list cols=YEAR_COLS empty="尚未设置培训年度，机构申报项目前须先设置" testid="years-table"
                        row=move |y: YearView| {
                            let d = y.draft.clone();
                            view! {
                                <td data-label="年度"><strong>{format!("{} 年度", y.year)}</strong></td>
                                <td data-label="一轮报名">{y.round1}</td>
                                <td data-label="二轮补报">{y.round2}</td>
                                <td data-label="当前">
                                    {y.current.then(|| view! { <Tag tone="blue" text="当前年度" /> })}
                                    " " {match y.open_now {
                                        Some(r) => view! { <Tag tone="green" text=format!("{}进行中", r.label()) /> },
                                        None => view! { <Tag tone="grey" text="未开放" /> },
                                    }}
                                </td>
                                <td data-label="操作" class="row-actions">
                                    <button class="link-btn" on:click=move |_| editing.set(Some(d.clone()))>"编辑"</button>
                                </td>
                            }
                        } />
                } />
        </section>
        {move || editing.get().map(|d| view! {
            <YearDrawer draft=d on_done=Callback::new(move |saved: Option<i32>| {
                editing.set(None);
                if let Some(y) = saved {
                    crate::components::feedback::done(notice, version, format!("已保存 {y} 年度"));
                }
            }) />
        })}
    }
}

#[component]
fn YearDrawer(draft: YearDraft, on_done: Callback<Option<i32>>) -> impl IntoView {
    let is_new = draft.year.is_empty();
    let year = RwSignal::new(draft.year);
    let r1o = RwSignal::new(draft.round1_opens);
    let r1c = RwSignal::new(draft.round1_closes);
    let r2o = RwSignal::new(draft.round2_opens);
    let r2c = RwSignal::new(draft.round2_closes);
    let current = RwSignal::new(draft.current);
    let tried = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let value = move || YearDraft {
        year: year.get(),
        round1_opens: r1o.get(),
        round1_closes: r1c.get(),
        round2_opens: r2o.get(),
        round2_closes: r2c.get(),
        current: current.get(),
    };
    let local = Memo::new(move |_| {
        if tried.get() {
            parse(&value()).err().unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let err = move |field: &'static str| field_message(local, server_error, field.to_string());
    let save = Action::new(|d: &YearDraft| {
        let d = d.clone();
        async move { save_training_year(d).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(y)) => on_done.run(Some(y)),
        Some(Err(e)) => server_error.set(Some(e)),
        None => {}
    });
    view! {
        <Drawer title=if is_new { "新增培训年度" } else { "编辑培训年度" } on_close=Callback::new(move |_| on_done.run(None))>
            <form class="drawer-body" novalidate on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                server_error.set(None);
                if parse(&value()).is_ok() {
                    save.dispatch(value());
                }
            }>
                <TextField label="年度" name="year" value=year error=err("year") required=true input_type="number" disabled=Signal::derive(move || !is_new) />
                <h3>"一轮报名"</h3>
                <TextField label="开始日期" name="round1_opens" value=r1o error=err("round1_opens") required=true input_type="date" />
                <TextField label="截止日期" name="round1_closes" value=r1c error=err("round1_closes") required=true input_type="date" />
                <h3>"二轮补报（可不设）"</h3>
                <TextField label="开始日期" name="round2_opens" value=r2o error=err("round2_opens") input_type="date" />
                <TextField label="截止日期" name="round2_closes" value=r2c error=err("round2_closes") input_type="date" />
                <CheckField label="设为当前年度" name="current" value=current />
                <FormError error=server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-year" busy=save.pending() />
            </form>
        </Drawer>
    }
}
