//! Row selection for lists with batch actions: the page-select box in the head and a box per
//! row, both bound to the ids selected.

use leptos::prelude::*;

/// The head cell that ticks every row of the page, or none; it shows ticked when all are.
#[component]
pub fn SelectAll(ids: Vec<i64>, selected: RwSignal<Vec<i64>>) -> impl IntoView {
    let all = {
        let ids = ids.clone();
        move || {
            let s = selected.get();
            !ids.is_empty() && ids.iter().all(|i| s.contains(i))
        }
    };
    view! {
        <th class="col-check"><input type="checkbox" aria-label="全选本页" prop:checked=all
            on:change=move |ev| selected.set(if event_target_checked(&ev) { ids.clone() } else { Vec::new() }) /></th>
    }
}

/// The row cell that adds or removes one id.
#[component]
pub fn SelectRow(id: i64, selected: RwSignal<Vec<i64>>) -> impl IntoView {
    view! {
        <td class="col-check"><input type="checkbox" aria-label="选择"
            prop:checked=move || selected.get().contains(&id)
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                selected.update(|s| {
                    s.retain(|x| *x != id);
                    if on {
                        s.push(id);
                    }
                });
            } /></td>
    }
}
