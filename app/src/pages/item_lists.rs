//! 评教与微能力点 (province admin): the evaluation questions every class is rated on, and the
//! micro-ability point list IT-2.0 teachers pick from, each edited as one line an item. The
//! shared rules check the text as it is typed; a line in error is named.

use crate::api::evaluations::save_evaluation_items;
use crate::api::micro_ability::{province_forms, save_micro_points};
use crate::components::feedback::{Loaded, Notice};
use crate::components::page::PageHead;
use crate::domain::evaluation::read_items;
use crate::domain::micro_ability::read_points;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

type NoticeSignal = RwSignal<Option<(bool, String)>>;

#[component]
pub fn ItemListsPage() -> impl IntoView {
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = crate::data::page_data(|| (), |_| province_forms());
    view! {
        <PageHead title="评教与微能力点" trail="系统设置 / 评教与微能力点" />
        <Notice message=notice />
        <Loaded data=data ok=move |(items, points)| view! {
                <ListEditor
                    title="评教问卷"
                    hint="每行一个评价项，教师按 1–5 星打分；已提交的评教保留当时的问题。"
                    field="items"
                    text=items
                    rows=7
                    check=|t: &str| read_items(t).map(|l| format!("共 {} 个评价项", l.len())).map_err(|e| e.to_string())
                    notice=notice />
                <ListEditor
                    title="微能力点清单"
                    hint="每行一个能力点：编号 维度 名称，如“A1 学情分析 技术支持的学情分析”。编号以 A（多媒体教学环境）、B（混合学习环境）或 C（智慧学习环境）开头；维度为学情分析、教学设计、学法指导、学业评价之一。教师已选的能力点不受修改影响。"
                    field="points"
                    text=points
                    rows=16
                    check=|t: &str| read_points(t).map(|l| format!("共 {} 个能力点", l.len())).map_err(|e| e.to_string())
                    notice=notice />
            } />
    }
}

/// One text box of items with its live check and 保存; `field` says which list it is.
#[component]
fn ListEditor(
    title: &'static str,
    hint: &'static str,
    field: &'static str,
    text: String,
    rows: u32,
    check: fn(&str) -> Result<String, String>,
    notice: NoticeSignal,
) -> impl IntoView {
    let value = RwSignal::new(text);
    let busy = RwSignal::new(false);
    let server = RwSignal::new(None::<AppError>);
    let status = Memo::new(move |_| check(&value.get()));
    let submit = move |_| {
        if status.get_untracked().is_err() {
            return;
        }
        busy.set(true);
        server.set(None);
        let text = value.get_untracked();
        spawn_local(async move {
            let saved = match field {
                "items" => save_evaluation_items(text).await,
                _ => save_micro_points(text).await,
            };
            match saved {
                Ok(()) => notice.set(Some((true, format!("{title}已保存")))),
                Err(e) => server.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-testid=format!("editor-{field}")>
            <header class="card-head">
                <h2>{title}</h2>
                <button class="btn btn-primary btn-sm" data-testid=format!("save-{field}")
                    disabled=move || busy.get() || status.get().is_err() on:click=submit>"保存"</button>
            </header>
            <p class="muted">{hint}</p>
            <textarea class="settings-text" rows=rows.to_string() aria-label=title data-testid=format!("text-{field}")
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <p role="status" class=move || if status.get().is_ok() { "muted" } else { "field-error" }>
                {move || match status.get() { Ok(m) | Err(m) => m }}
            </p>
            <p class="form-error" role="alert">{move || server.get().map(|e| e.field_message(field).unwrap_or_else(|| e.to_string()))}</p>
        </section>
    }
}
