//! 培训周期 (province): the credit cycles and their rules — years, the cycle total, the yearly
//! minimum, each category's yearly and cycle minimums — added and changed in a drawer checked
//! as you type. Teachers' credit tables follow at once.

use crate::api::cycles::{list_cycles, save_cycle};
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice};
use crate::components::field::message_now;
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::PageHead;
use crate::domain::credits::CycleRule;
use crate::domain::cycle_form::{CycleDraft, read_cycle};
use crate::domain::project::CREDIT_CATEGORIES;
use crate::dto::credits::{CycleInput, CycleRow};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CyclesPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(bool, String)>);
    let editing = RwSignal::new(None::<(Option<i64>, CycleDraft)>);
    let data = crate::data::page_data(move || version.get(), |_| list_cycles());
    view! {
        <PageHead title="培训周期" trail="设置 / 培训周期" />
        <Notice message=notice />
        <section class="card">
            <div class="toolbar">
                <span class="toolbar-spacer"></span>
                <button class="btn btn-primary btn-sm" data-testid="add-cycle" on:click=move |_| {
                    // The Guangxi minimums as a start; the years are the province's to give.
                    let mut d = CycleDraft::of(&CycleRule::default_for("", 2026));
                    d.first_year.clear();
                    d.last_year.clear();
                    editing.set(Some((None, d)));
                }>"新增周期"</button>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <Empty text="尚未设置培训周期" /> }.into_any(),
                        Ok(rows) => view! { <CycleTable rows=rows editing=editing /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        {move || editing.get().map(|(id, draft)| view! {
            <CycleDrawer id=id draft=draft on_done=Callback::new(move |saved: bool| {
                editing.set(None);
                if saved {
                    crate::components::feedback::done(notice, version, "培训周期已保存，教师的学分表随之更新");
                }
            }) />
        })}
    }
}

#[component]
fn CycleTable(
    rows: Vec<CycleRow>,
    editing: RwSignal<Option<(Option<i64>, CycleDraft)>>,
) -> impl IntoView {
    view! {
        <table class="table responsive" data-testid="cycles">
            <thead><tr>
                <th>"周期"</th><th>"年份"</th><th>"周期总学分"</th><th>"每年最低"</th>
                {CREDIT_CATEGORIES.iter().map(|c| view! { <th>{format!("{c}（每年 / 周期）")}</th> }).collect_view()}
                <th>"操作"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let d = r.draft.clone();
                    let id = r.id;
                    view! {
                        <tr>
                            <td data-label="周期"><strong>{d.name.clone()}</strong></td>
                            <td data-label="年份">{format!("{}–{}", d.first_year, d.last_year)}</td>
                            <td data-label="周期总学分">{d.total.clone()}</td>
                            <td data-label="每年最低">{d.yearly_total.clone()}</td>
                            {CREDIT_CATEGORIES.iter().zip(d.categories.clone()).map(|(c, (y, cy))| view! {
                                <td data-label=*c>{format!("{y} / {cy}")}</td>
                            }).collect_view()}
                            <td data-label="操作"><button class="btn btn-sm" data-testid="edit-cycle"
                                on:click=move |_| editing.set(Some((Some(id), d.clone())))>"编辑"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn CycleDrawer(id: Option<i64>, draft: CycleDraft, on_done: Callback<bool>) -> impl IntoView {
    let d = RwSignal::new(draft);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server = RwSignal::new(None::<AppError>);
    let errors = Memo::new(move |_| {
        if tried.get() {
            read_cycle(&d.get()).err().unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let message = move |field: String| message_now(errors, server, &field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if read_cycle(&d.get_untracked()).is_err() {
            return;
        }
        let input = CycleInput {
            id,
            draft: d.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match save_cycle(input).await {
                Ok(_) => on_done.run(true),
                Err(e) => server.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let field = move |label: &'static str,
                      key: &'static str,
                      get: fn(&CycleDraft) -> String,
                      set: fn(&mut CycleDraft, String)| {
        view! {
            <div class="field" class:has-error=move || message(key.into()).is_some()>
                <label for=format!("f-{key}")>{label}</label>
                <input id=format!("f-{key}") prop:value=move || d.with(get) on:input=move |ev| d.update(|x| set(x, event_target_value(&ev))) />
                <p class="field-error" role="alert">{move || message(key.into())}</p>
            </div>
        }
    };
    view! {
        <Drawer title=if id.is_some() { "编辑培训周期" } else { "新增培训周期" } on_close=Callback::new(move |_| on_done.run(false))>
            <form class="drawer-body" on:submit=submit>
                {field("周期名称", "name", |x| x.name.clone(), |x, v| x.name = v)}
                <div class="form-grid">
                    {field("起始年份", "first_year", |x| x.first_year.clone(), |x, v| x.first_year = v)}
                    {field("结束年份", "last_year", |x| x.last_year.clone(), |x, v| x.last_year = v)}
                    {field("周期总学分", "total", |x| x.total.clone(), |x, v| x.total = v)}
                    {field("每年最低学分", "yearly_total", |x| x.yearly_total.clone(), |x, v| x.yearly_total = v)}
                </div>
                <table class="table">
                    <thead><tr><th>"类别"</th><th>"每年最低"</th><th>"周期最低"</th></tr></thead>
                    <tbody>
                        {CREDIT_CATEGORIES.iter().enumerate().map(|(i, c)| view! {
                            <tr>
                                <td>{*c}</td>
                                <td class:cell-error=move || message(format!("cat-{i}-yearly")).is_some()>
                                    <input class="score-input" aria-label=format!("{c}每年最低")
                                        prop:value=move || d.with(|x| x.categories.get(i).map(|c| c.0.clone()).unwrap_or_default())
                                        on:input=move |ev| d.update(|x| if let Some(c) = x.categories.get_mut(i) { c.0 = event_target_value(&ev) }) />
                                </td>
                                <td class:cell-error=move || message(format!("cat-{i}-cycle")).is_some()>
                                    <input class="score-input" aria-label=format!("{c}周期最低")
                                        prop:value=move || d.with(|x| x.categories.get(i).map(|c| c.1.clone()).unwrap_or_default())
                                        on:input=move |ev| d.update(|x| if let Some(c) = x.categories.get_mut(i) { c.1 = event_target_value(&ev) }) />
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="field-error" role="alert" data-testid="cycle-error">{move || {
                    (0..CREDIT_CATEGORIES.len()).find_map(|i| message(format!("cat-{i}-yearly")).or_else(|| message(format!("cat-{i}-cycle"))))
                        .or_else(|| message("rule".into()))
                }}</p>
                <p class="form-error" role="alert">{move || server.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| e.to_string())}</p>
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(false)) testid="save-cycle" busy=busy />
            </form>
        </Drawer>
    }
}
