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
    let id = format!("f-{name}");
    view! {
        <div class="field" class:has-error=move || error.get().is_some() class:is-locked=move || disabled.get()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="req">"*"</span> })}
            </label>
            <input
                disabled=move || disabled.get()
                id=id
                name=name
                type=input_type.unwrap_or("text")
                placeholder=placeholder.unwrap_or("")
                autocomplete=autocomplete.unwrap_or("off")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
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
    let id = format!("f-{name}");
    view! {
        <div class="field" class:has-error=move || error.get().is_some() class:is-locked=move || disabled.get()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="req">"*"</span> })}
            </label>
            <select
                disabled=move || disabled.get()
                id=id
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
            <p class="field-error" role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
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
