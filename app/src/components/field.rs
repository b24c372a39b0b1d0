//! Form fields with an inline error under the input.

use leptos::prelude::*;

/// A labelled text input bound to a signal, with an error that shows as soon as it is set.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    /// Locked fields show why (the label's hint) and cannot be typed in.
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <Labelled label name error required disabled>
            <input
                disabled=move || disabled.get()
                id=format!("f-{name}")
                aria-describedby=format!("f-{name}-error")
                aria-invalid=move || error.get().is_some().to_string()
                name=name
                type=input_type.unwrap_or("text")
                placeholder=placeholder.unwrap_or("")
                autocomplete=autocomplete.unwrap_or("off")
                use:keep_typed=value
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </Labelled>
    }
}

/// A field's frame: the label (with * when required), the control, and the error under it.
#[component]
fn Labelled(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<String>>,
    required: bool,
    disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.get().is_some() class:is-locked=move || disabled.get()>
            <label for=format!("f-{name}")>
                {label}
                {required.then(|| view! { <span class="req">"*"</span> })}
            </label>
            {children()}
            <p class="field-error" id=format!("f-{name}-error") role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// Takes what was typed into a server-rendered input before the page's wasm arrived (a phone on
/// a slow network): hydration would otherwise set the input to the signal's empty value. Runs
/// as the input hydrates, before its `prop:value`.
pub fn keep_typed(el: leptos::web_sys::Element, value: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = el.dyn_ref::<leptos::web_sys::HtmlInputElement>() {
            let typed = input.value();
            if !typed.is_empty() && value.get_untracked().is_empty() {
                value.set(typed);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, value);
}

/// A labelled select over fixed options; the first option is the empty prompt.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] prompt: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <Labelled label name error required disabled>
            <select
                disabled=move || disabled.get()
                id=format!("f-{name}")
                aria-describedby=format!("f-{name}-error")
                aria-invalid=move || error.get().is_some().to_string()
                name=name
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">{prompt.unwrap_or("请选择")}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </Labelled>
    }
}

/// A labelled checkbox (是/否 fields).
#[component]
pub fn CheckField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<bool>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="field field-check" class:is-locked=move || disabled.get()>
            <label>
                <input
                    type="checkbox"
                    name=name
                    disabled=move || disabled.get()
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                {label}
            </label>
        </div>
    }
}

/// A labelled group of checkboxes over fixed options, bound to the chosen values.
#[component]
pub fn CheckGroup(
    label: &'static str,
    name: &'static str,
    value: RwSignal<Vec<String>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    /// Shown under the label ("不选表示不限").
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Choices label name error required hint>
                {move || options.get().into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" name=name value=v.clone()
                                prop:checked=move || value.get().contains(&v)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let v = v2.clone();
                                    value.update(|list| { list.retain(|x| *x != v); if on { list.push(v); } });
                                } />
                            {l}
                        </label>
                    }
                }).collect_view()}
        </Choices>
    }
}

/// A labelled group of radio buttons over fixed options.
#[component]
pub fn RadioGroup(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <Choices label name error required hint=None>
                {move || options.get().into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    view! {
                        <label class="check">
                            <input type="radio" name=name value=v.clone()
                                prop:checked=move || value.get() == v
                                on:change=move |_| value.set(v2.clone()) />
                            {l}
                        </label>
                    }
                }).collect_view()}
        </Choices>
    }
}

/// A group's frame: the legend, an optional hint, the options, and the error under them.
#[component]
fn Choices(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<String>>,
    required: bool,
    hint: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="field checks" class:has-error=move || error.get().is_some() data-field=name>
            <legend>{label}{required.then(|| view! { <span class="req">"*"</span> })}</legend>
            {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
            <div class="check-list">{children()}</div>
            <p class="field-error" role="alert">{move || error.get().unwrap_or_default()}</p>
        </fieldset>
    }
}

/// A field's message: the shared rules' (checked as the user types, once a save was tried),
/// else what the server said of it.
pub fn field_message(
    local: Memo<Vec<crate::error::FieldError>>,
    server: RwSignal<Option<crate::error::AppError>>,
    field: String,
) -> Signal<Option<String>> {
    Signal::derive(move || message_now(local, server, &field))
}

/// The same, read once: for fields made in a loop or named at render time, where a signal
/// per call would be made again on every render.
pub fn message_now(
    local: Memo<Vec<crate::error::FieldError>>,
    server: RwSignal<Option<crate::error::AppError>>,
    field: &str,
) -> Option<String> {
    local
        .with(|l| {
            l.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
        .or_else(|| server.with(|s| s.as_ref().and_then(|e| e.field_message(field))))
}
