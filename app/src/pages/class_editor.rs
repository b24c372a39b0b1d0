//! One class (班期) of a project's declaration: its row of signals and its fields, checked
//! with the shared rules under `classes.N.field`.

use crate::components::field::TextField;
use crate::domain::project::ClassDraft;
use leptos::prelude::*;

/// One class row's signals; `key` keeps rows stable while others are added or removed.
#[derive(Clone, Copy)]
pub struct ClassRow {
    pub key: u32,
    id: Option<i64>,
    name: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    place: RwSignal<String>,
    capacity: RwSignal<String>,
    fee: RwSignal<String>,
    tutor: RwSignal<String>,
}

impl ClassRow {
    pub fn new(key: u32, c: ClassDraft) -> Self {
        Self {
            key,
            id: c.id,
            name: RwSignal::new(c.name),
            starts_on: RwSignal::new(c.starts_on),
            ends_on: RwSignal::new(c.ends_on),
            place: RwSignal::new(c.place),
            capacity: RwSignal::new(c.capacity),
            fee: RwSignal::new(c.fee),
            tutor: RwSignal::new(c.tutor),
        }
    }
    pub fn draft(&self) -> ClassDraft {
        ClassDraft {
            id: self.id,
            name: self.name.get(),
            starts_on: self.starts_on.get(),
            ends_on: self.ends_on.get(),
            place: self.place.get(),
            capacity: self.capacity.get(),
            fee: self.fee.get(),
            tutor: self.tutor.get(),
        }
    }
}

#[component]
pub fn ClassEditor(
    row: ClassRow,
    index: Signal<usize>,
    err: Callback<String, Option<String>>,
    on_remove: Callback<u32>,
) -> impl IntoView {
    let f = move |name: &'static str| {
        Signal::derive(move || err.run(format!("classes.{}.{name}", index.get())))
    };
    let key = row.key;
    view! {
        <fieldset class="class-row" data-testid="class-row">
            <legend>{move || format!("班期 {}", index.get() + 1)}
                <button type="button" class="link-btn danger" on:click=move |_| on_remove.run(key)>"删除"</button>
            </legend>
            <div class="form-grid">
                <TextField label="班期名称" name="class_name" value=row.name error=f("name") required=true />
                <TextField label="开班日期" name="starts_on" value=row.starts_on error=f("starts_on") required=true input_type="date" />
                <TextField label="结束日期" name="ends_on" value=row.ends_on error=f("ends_on") required=true input_type="date" />
                <TextField label="培训地点" name="place" value=row.place />
                <TextField label="计划人数" name="capacity" value=row.capacity error=f("capacity") required=true input_type="number" />
                <TextField label="费用（元）" name="fee" value=row.fee error=f("fee") placeholder="0" />
                <TextField label="辅导教师" name="tutor" value=row.tutor />
            </div>
        </fieldset>
    }
}
