//! Drawers and dialogs: the frame every edit drawer and confirmation shares.

use leptos::prelude::*;

/// What a dialog or drawer does for a keyboard (WCAG 2.1.2, 2.4.3): on opening, focus moves
/// into it; Tab and Shift+Tab stay inside the topmost one; Escape cancels it; on closing,
/// focus returns to where it was.
pub fn use_modal(on_cancel: Callback<()>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{Element, HtmlElement};
        const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
            select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
        fn topmost() -> Option<Element> {
            let all = document().query_selector_all("[aria-modal='true']").ok()?;
            all.item(all.length().checked_sub(1)?)?.dyn_into().ok()
        }
        fn focusables(root: &Element) -> Vec<HtmlElement> {
            let Ok(list) = root.query_selector_all(FOCUSABLE) else {
                return Vec::new();
            };
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
                .filter(|e| e.offset_parent().is_some())
                .collect()
        }
        let before = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let before = StoredValue::new_local(before);
        // This modal's element, known once it is on the page: a dialog opened over a drawer
        // takes the keys, and Escape closes only it.
        let mine = StoredValue::new_local(None::<Element>);
        Effect::new(move |done: Option<()>| {
            if done.is_none() {
                mine.set_value(topmost());
            }
            if done.is_none()
                && let Some(first) = mine.get_value().and_then(|m| {
                    // The first field if there is one, else the first button.
                    let f = focusables(&m);
                    f.iter()
                        .find(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
                        .or(f.first())
                        .cloned()
                })
            {
                let _ = first.focus();
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            let Some(m) = topmost().filter(|m| mine.get_value().as_ref() == Some(m)) else {
                return;
            };
            match ev.key().as_str() {
                "Escape" => on_cancel.run(()),
                "Tab" => {
                    let f = focusables(&m);
                    let (Some(first), Some(last)) = (f.first(), f.last()) else {
                        return;
                    };
                    let active = document().active_element();
                    let inside = active
                        .as_ref()
                        .is_some_and(|a| m.contains(Some(a.as_ref())));
                    let at = |e: &HtmlElement| {
                        active
                            .as_ref()
                            .is_some_and(|a| a == e.unchecked_ref::<Element>())
                    };
                    if ev.shift_key() && (!inside || at(first)) {
                        ev.prevent_default();
                        let _ = last.focus();
                    } else if !ev.shift_key() && (!inside || at(last)) {
                        ev.prevent_default();
                        let _ = first.focus();
                    }
                }
                _ => {}
            }
        });
        on_cleanup(move || {
            keys.remove();
            if let Some(e) = before.try_get_value().flatten() {
                let _ = e.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_cancel;
}

/// A side drawer: a backdrop and a close button that both call `on_close`, the title, and the
/// body the caller gives (usually a `<form class="drawer-body">`).
#[component]
pub fn Drawer(
    #[prop(into)] title: String,
    on_close: Callback<()>,
    /// Two-column forms (teacher records) need more room.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    use_modal(on_close);
    view! {
        <div class="drawer-backdrop" on:click=move |_| on_close.run(())></div>
        <aside class="drawer" class:drawer-wide=wide role="dialog" aria-modal="true" aria-labelledby="drawer-title">
            <header class="drawer-head">
                <h2 id="drawer-title">{title}</h2>
                <button class="icon-btn" aria-label="关闭" on:click=move |_| on_close.run(())>"×"</button>
            </header>
            {children()}
        </aside>
    }
}

/// 取消 and 保存 at the foot of a drawer form; 保存 submits and is off while `busy`.
#[component]
pub fn DrawerActions(
    on_cancel: Callback<()>,
    testid: &'static str,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="drawer-actions">
            <button class="btn" type="button" on:click=move |_| on_cancel.run(())>"取消"</button>
            <button class="btn btn-primary" type="submit" data-testid=testid disabled=move || busy.get()>"保存"</button>
        </div>
    }
}

/// 请确认: the message, 取消 and 确定. `on_done(true)` when confirmed.
#[component]
pub fn ConfirmDialog(message: String, on_done: Callback<bool>) -> impl IntoView {
    use_modal(Callback::new(move |()| on_done.run(false)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message">
                <h2 id="confirm-title">"请确认"</h2>
                <p id="confirm-message">{message}</p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" data-testid="confirm-ok" on:click=move |_| on_done.run(true)>"确定"</button>
                </div>
            </div>
        </div>
    }
}

/// Asks why (退回 / 撤销 / 拒绝): a required reason, with common reasons one tap away.
/// `on_done(Some(reason))` when confirmed, `None` when cancelled.
#[component]
pub fn ReasonDialog(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    templates: &'static [&'static str],
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let missing = move || tried.get() && reason.get().trim().is_empty();
    use_modal(Callback::new(move |()| on_done.run(None)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="alertdialog" aria-modal="true" aria-labelledby="reason-title">
                <h2 id="reason-title">{title}</h2>
                <p>{message}</p>
                <div class="chips">
                    {templates.iter().map(|t| view! {
                        <button type="button" class="chip" on:click=move |_| reason.set(t.to_string())>{*t}</button>
                    }).collect_view()}
                </div>
                <div class="field" class:has-error=missing>
                    <label for="f-reason">"原因" <span class="req">"*"</span></label>
                    <textarea id="f-reason" name="reason" rows="3" maxlength="500"
                        aria-invalid=move || missing().to_string() aria-describedby="f-reason-error"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error" id="f-reason-error" role="alert">{move || missing().then_some("请填写原因")}</p>
                </div>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                    <button class="btn btn-primary" data-testid="reason-ok" on:click=move |_| {
                        tried.set(true);
                        let r = reason.get_untracked();
                        if !r.trim().is_empty() {
                            on_done.run(Some(r));
                        }
                    }>"确定"</button>
                </div>
            </div>
        </div>
    }
}
