//! 导入: a button that picks a spreadsheet and hands it over as form data (with the one id field
//! the server function needs); the caller sends it. The form is cleared at once, so picking
//! the same file again uploads it again.

use leptos::prelude::*;

/// What a mounted form holds, as the multipart body an upload server function takes (None
/// before the form is in the page).
pub fn form_data(form: NodeRef<leptos::html::Form>) -> Option<leptos::web_sys::FormData> {
    leptos::web_sys::FormData::new_with_form(&form.get()?).ok()
}

#[component]
pub fn UploadButton(
    label: &'static str,
    /// The id field sent with the file ("project_id", "class_id").
    field: &'static str,
    id: i64,
    testid: &'static str,
    #[prop(into)] busy: Signal<bool>,
    on_file: Callback<leptos::web_sys::FormData>,
    /// What sits beside the button: a template link, the expected headers.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let picked = move |_| {
        let Some(data) = form_data(form) else { return };
        if let Some(f) = form.get() {
            f.reset();
        }
        on_file.run(data);
    };
    view! {
        <form node_ref=form class="inline-upload" on:submit=|ev| ev.prevent_default()>
            <input type="hidden" name=field value=id.to_string() />
            <label class="btn btn-sm">
                {move || if busy.get() { "导入中…" } else { label }}
                <input type="file" name="file" class="sr-only" data-testid=testid
                    accept=".xlsx,.xls,.csv" on:change=picked />
            </label>
            {children.map(|c| c())}
        </form>
    }
}
