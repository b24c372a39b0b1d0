//! Loading, empty and error states, designed rather than left blank.

use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(optional)] text: Option<&'static str>) -> impl IntoView {
    view! {
        <div class="state state-loading" aria-busy="true">
            <span class="spinner"></span>
            <span>{text.unwrap_or("加载中…")}</span>
        </div>
    }
}

#[component]
pub fn Empty(text: &'static str) -> impl IntoView {
    view! {
        <div class="state state-empty">
            <svg viewBox="0 0 64 40" width="64" height="40" aria-hidden="true">
                <ellipse cx="32" cy="34" rx="30" ry="5" fill="#eef1f6" />
                <path d="M10 12 L20 2 H44 L54 12 V30 H10 Z" fill="#f7f9fc" stroke="#d5dbe5" />
                <path d="M10 12 H24 Q24 18 32 18 Q40 18 40 12 H54" fill="none" stroke="#d5dbe5" />
            </svg>
            <span>{text}</span>
        </div>
    }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <div class="state state-error" role="alert">
            <strong>"出错了"</strong>
            <span>{error.to_string()}</span>
        </div>
    }
}

/// A page's data as it comes: the loading state first, the error (in a card unless `plain`, for
/// places already inside one) when it fails, else what `ok` makes of it. A refetch keeps the
/// last view until the new data is in (a `Transition`), so an action does not blank the page.
#[component]
pub fn Loaded<T, F, V>(
    data: crate::data::Data<Result<T, AppError>>,
    ok: F,
    #[prop(optional)] plain: bool,
) -> impl IntoView
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let ok = std::sync::Arc::new(ok);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let ok = ok.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) if plain => view! { <ErrorBox error=e /> }.into_any(),
                        Err(e) => view! { <section class="card"><ErrorBox error=e /></section> }.into_any(),
                        Ok(v) => ok(v).into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// After an action went through: says `text` in the page's notice line and reloads the page's
/// data (its resource is keyed on `version`).
pub fn done(
    notice: RwSignal<Option<(bool, String)>>,
    version: RwSignal<u32>,
    text: impl Into<String>,
) {
    notice.set(Some((true, text.into())));
    version.update(|v| *v += 1);
}

/// A one-line message above a form ("已保存" or an error).
#[component]
pub fn Notice(#[prop(into)] message: Signal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            view! {
                <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert">
                    {text}
                </div>
            }
        })
    }
}

/// The form's own error line: what the server refused that no single field explains (field
/// errors show under their fields).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert">
            {move || error.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| e.to_string())}
        </p>
    }
}

/// The notice after a batch action: "已通过：3 个项目", or how many failed and why.
pub fn batch_notice(
    result: Result<crate::dto::projects::BatchOutcome, AppError>,
    action: &str,
    unit: &str,
) -> (bool, String) {
    match result {
        Ok(o) if o.failed.is_empty() => (true, format!("已{action}：{} {unit}", o.done)),
        Ok(o) => {
            let why: Vec<String> = o.failed.iter().map(|(n, e)| format!("{n}：{e}")).collect();
            let (done, failed) = (o.done, o.failed.len());
            (
                false,
                format!(
                    "成功 {done} {unit}，失败 {failed} {unit} —— {}",
                    why.join("；")
                ),
            )
        }
        Err(e) => (false, e.to_string()),
    }
}
