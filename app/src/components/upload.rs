//! 导入: a button that picks a spreadsheet and hands it over as form data (with the one id field
//! the server function needs); the caller sends it. The form is cleared at once, so picking
//! the same file again uploads it again.

use leptos::prelude::*;

/// What a mounted form holds, as the multipart body an upload server function takes (None
/// before the form is in the page).
pub fn form_data(form: NodeRef<leptos::html::Form>) -> Option<leptos::web_sys::FormData> {
    leptos::web_sys::FormData::new_with_form(&form.get()?).ok()
}

/// A form's submit that sends the file it holds through `send`: `busy` while it goes, the
/// file's problem (or the error) in `error`, and `sent` with the answer.
pub fn on_upload<T, Fut>(
    form: NodeRef<leptos::html::Form>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    send: impl Fn(leptos::web_sys::FormData) -> Fut + Copy + 'static,
    sent: impl Fn(T) + Copy + 'static,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, crate::error::AppError>> + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(data) = form_data(form) else {
            return;
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match send(data).await {
                Ok(answer) => sent(answer),
                Err(e) => error.set(Some(
                    e.field_message("file").unwrap_or_else(|| e.to_string()),
                )),
            }
            busy.set(false);
        });
    }
}

/// A file input's change (the input belongs to `form` by its `form` attribute) that sends the
/// picked file at once: the form is cleared (picking the same file again sends it again),
/// `busy` while it goes; then `server_error` holds the refusal, or is cleared and `kept` takes
/// the answer.
pub fn on_pick<T, Fut>(
    form: NodeRef<leptos::html::Form>,
    busy: RwSignal<bool>,
    server_error: RwSignal<Option<crate::error::AppError>>,
    send: impl Fn(leptos::web_sys::FormData) -> Fut + Copy + 'static,
    kept: impl Fn(T) + Copy + 'static,
) -> impl Fn(leptos::ev::Event) + Copy + 'static
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, crate::error::AppError>> + 'static,
{
    move |_| {
        let Some(data) = form_data(form) else {
            return;
        };
        if let Some(f) = form.get() {
            f.reset();
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match send(data).await {
                Ok(answer) => {
                    server_error.set(None);
                    kept(answer);
                }
                Err(err) => server_error.set(Some(err)),
            }
            busy.set(false);
        });
    }
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
