//! Pagination with the total count.

use leptos::prelude::*;

#[component]
pub fn Pager(
    #[prop(into)] total: Signal<u64>,
    #[prop(into)] page_size: Signal<u64>,
    #[prop(into)] page: Signal<u64>,
    on_page: Callback<u64>,
) -> impl IntoView {
    let pages = move || total.get().div_ceil(page_size.get().max(1)).max(1);
    view! {
        <nav class="pager" aria-label="分页">
            <span class="pager-total">"共 " {move || total.get()} " 条"</span>
            <button
                class="btn btn-sm"
                disabled=move || { page.get() <= 1 }
                on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1).max(1))
            >
                "上一页"
            </button>
            <span class="pager-pos">{move || page.get()} " / " {pages}</span>
            <button
                class="btn btn-sm"
                disabled=move || { page.get() >= pages() }
                on:click=move |_| on_page.run(page.get_untracked() + 1)
            >
                "下一页"
            </button>
        </nav>
    }
}
