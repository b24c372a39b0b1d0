//! 我的学分 (the Guangxi manual's table): per cycle, credit category × year as done/required with
//! a colour state, what is still missing in plain words, and every ledger line; a teacher enters
//! school-based research or an achievement for the school or county to certify.

use crate::api::credits::{get_my_credits, submit_credit};
use crate::components::feedback::{FormError, Loaded, Notice};
use crate::components::field::{SelectField, TextField, field_message};
use crate::components::list_table::{Col, Table, col};
use crate::components::overlay::Drawer;
use crate::components::page::{PageHead, Tag};
use crate::domain::credit_entry::{ManualEntryDraft, validate_manual};
use crate::domain::credits::{Cell, CellState, CreditTable};
use crate::domain::project::CREDIT_CATEGORIES;
use crate::dto::credits::EntryRow;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

const ENTRY_COLS: &[Col] = &[
    col("年度"),
    col("名称"),
    col("类别"),
    col("学分 / 学时"),
    col("来源 · 认定"),
    col("状态"),
];

#[component]
pub fn MyCreditsPage() -> impl IntoView {
    let cycle = RwSignal::new(None::<i64>);
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let adding = RwSignal::new(false);
    let data = crate::data::page_data(
        move || (cycle.get(), version.get()),
        |(c, _)| get_my_credits(c),
    );
    view! {
        <PageHead title="我的学分" trail="个人空间 / 我的学分" />
        <Notice message=notice />
        <Loaded data=data plain=true ok=move |m| {
                let chosen = m.cycle_id;
                view! {
                    <div class="tabs" role="tablist">
                        {m.cycles.into_iter().map(|c| view! {
                            <button role="tab" class="tab" class:active=c.id == chosen
                                on:click=move |_| cycle.set(Some(c.id))>{c.label}</button>
                        }).collect_view()}
                    </div>
                    <section class="card">
                        <div class="toolbar">
                            <Legend />
                            <span class="toolbar-spacer"></span>
                            {(m.table.totals.1.done > 0).then(|| view! {
                                <a class="btn btn-sm" data-testid="credit-certificate" download="" href=format!("/api/files/credit-certificate?cycle_id={chosen}")>"打印学分证明"</a>
                            })}
                            <button class="btn btn-primary btn-sm" data-testid="add-credit" on:click=move |_| adding.set(true)>"申报学分"</button>
                        </div>
                        <CreditGrid t=m.table.clone() />
                        <Missing list=m.table.missing.clone() />
                    </section>
                    <section class="card">
                        <h2>"学分记录"</h2>
                        <Table items=m.entries cols=ENTRY_COLS empty="本周期暂无学分记录" testid="credit-entries"
                            row=|e: EntryRow| view! {
                                <td data-label="年度">{e.year}</td>
                                <td data-label="名称">{e.title}</td>
                                <td data-label="类别">{e.category}</td>
                                <td data-label="学分 / 学时">{format!("{} 学分 / {} 学时", e.credits, e.hours)}</td>
                                <td data-label="来源 · 认定">{format!("{} · {}", e.source, e.certifier)}</td>
                                <td data-label="状态"><Tag tone=e.status.tone() text=e.status.label() />
                                    {e.reason.map(|r| view! { <div class="muted">{format!("原因：{r}")}</div> })}</td>
                            } />
                    </section>
                }.into_any()
            } />
        {move || adding.get().then(|| view! {
            <EntryDrawer on_done=Callback::new(move |saved: bool| {
                adding.set(false);
                if saved {
                    crate::components::feedback::done(notice, version, "已提交，等待认定");
                }
            }) />
        })}
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend">
            {[CellState::Done, CellState::InProgress, CellState::Missing, CellState::NotRequired, CellState::NotStarted]
                .into_iter()
                .map(|s| view! { <li><span class=format!("swatch credit-{}", s.tone())></span>{s.label()}</li> })
                .collect_view()}
        </ul>
    }
}

fn cell_view(c: Cell) -> impl IntoView {
    view! { <td class=format!("credit-cell credit-{}", c.state.tone()) title=c.state.label()>{c.text()}</td> }
}

#[component]
fn CreditGrid(t: CreditTable) -> impl IntoView {
    view! {
        // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
        <div class="table-scroll" tabindex="0" role="region" aria-label="学分表">
            <table class="table credit-table" data-testid="credit-table">
                <thead><tr>
                    <th>"学分类型＼年份"</th>
                    {t.years.iter().map(|y| view! { <th>{*y}</th> }).collect_view()}
                    <th>"合计"</th>
                </tr></thead>
                <tbody>
                    {t.rows.into_iter().map(|(category, cells, total)| view! {
                        <tr>
                            <th scope="row">{category}</th>
                            {cells.into_iter().map(cell_view).collect_view()}
                            {cell_view(total)}
                        </tr>
                    }).collect_view()}
                    <tr class="credit-total">
                        <th scope="row">"合计"</th>
                        {t.totals.0.into_iter().map(cell_view).collect_view()}
                        {cell_view(t.totals.1)}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Missing(list: Vec<String>) -> impl IntoView {
    view! {
        <div class="missing" data-testid="credit-missing">
            {if list.is_empty() {
                view! { <p class="ok-text">"本周期学分已修满。"</p> }.into_any()
            } else {
                view! {
                    <p><strong>"还需完成："</strong></p>
                    <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn EntryDrawer(on_done: Callback<bool>) -> impl IntoView {
    let year = RwSignal::new(String::new());
    let category = RwSignal::new("校本研修".to_string());
    let title = RwSignal::new(String::new());
    let credits = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let this_year = move || {
        // The form's year bound; the server checks against its own date.
        super::browser_year().unwrap_or(2026)
    };
    let draft = move || ManualEntryDraft {
        year: year.get(),
        category: category.get(),
        title: title.get(),
        credits: credits.get(),
        hours: hours.get(),
    };
    let local = Memo::new(move |_| {
        if tried.get() {
            validate_manual(&draft(), this_year())
        } else {
            Vec::new()
        }
    });
    let e = move |field: &'static str| field_message(local, server_error, field.to_string());
    let categories = Signal::stored(
        CREDIT_CATEGORIES
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect::<Vec<_>>(),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !validate_manual(&draft(), this_year()).is_empty() {
            return;
        }
        busy.set(true);
        let d = draft();
        spawn_local(async move {
            match submit_credit(d).await {
                Ok(_) => on_done.run(true),
                Err(err) => server_error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <Drawer title="申报学分" on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=save>
                <p class="muted">"校本研修由所在学校认定，其余类别由所在区县认定。"</p>
                <TextField label="年度" name="year" value=year required=true error=e("year") placeholder="如 2026" />
                <SelectField label="学分类别" name="category" value=category options=categories required=true error=e("category") />
                <TextField label="名称" name="title" value=title required=true error=e("title") placeholder="如：校本教研 · 大单元教学设计" />
                <TextField label="学分" name="credits" value=credits required=true error=e("credits") placeholder="如 2.5" />
                <TextField label="学时" name="hours" value=hours required=true error=e("hours") placeholder="如 8" />
                <FormError error=server_error />
                <div class="drawer-actions">
                    <button class="btn" type="button" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" type="submit" data-testid="save-credit" disabled=move || busy.get()>"提交"</button>
                </div>
            </form>
        </Drawer>
    }
}
