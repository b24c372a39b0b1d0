//! Drawers and dialogs: the frame every edit drawer and confirmation shares.

use leptos::prelude::*;

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
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="alertdialog" aria-modal="true">
                <h2>"请确认"</h2>
                <p>{message}</p>
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
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="alertdialog" aria-modal="true">
                <h2>{title}</h2>
                <p>{message}</p>
                <div class="chips">
                    {templates.iter().map(|t| view! {
                        <button type="button" class="chip" on:click=move |_| reason.set(t.to_string())>{*t}</button>
                    }).collect_view()}
                </div>
                <div class="field" class:has-error=missing>
                    <label for="f-reason">"原因" <span class="req">"*"</span></label>
                    <textarea id="f-reason" name="reason" rows="3" maxlength="500"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error" role="alert">{move || missing().then_some("请填写原因")}</p>
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
