//! 签到 (teacher, on a phone): the QR code on the institution's screen opens this page with its
//! session and code, and the check-in happens at once; without them the teacher types the 6
//! digits shown under the code. Not logged in: the login sends the teacher back here.

use crate::api::checkin::check_in;
use crate::components::page::PageHead;
use crate::domain::checkin::read_code;
use crate::dto::checkin::CheckedIn;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CheckinPage() -> impl IntoView {
    let query = use_query_map();
    let session = query.with_untracked(|q| q.get("s").and_then(|s| s.parse::<i64>().ok()));
    let scanned = query.with_untracked(|q| q.get("c")).unwrap_or_default();
    let typed = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let done = RwSignal::new(None::<CheckedIn>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |session: Option<i64>, code: String| {
        busy.set(true);
        spawn_local(async move {
            match check_in(session, code).await {
                Ok(c) => {
                    error.set(None);
                    done.set(Some(c));
                }
                Err(e @ AppError::Validation(_)) => {
                    error.set(e.field_message("code").or_else(|| Some(e.to_string())))
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    // A scanned link checks in as soon as the page is live (effects run only in the browser).
    if !scanned.is_empty() {
        let code = scanned.clone();
        Effect::new(move |ran: Option<()>| {
            if ran.is_none() {
                submit(session, code.clone());
            }
        });
    }
    let local = move || tried.get().then(|| read_code(&typed.get()).err()).flatten();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if let Ok(code) = read_code(&typed.get_untracked()) {
            submit(None, code);
        }
    };
    view! {
        <PageHead title="签到" trail="培训 / 签到" />
        <section class="card narrow checkin-card">
            {move || match done.get() {
                Some(c) => view! {
                    <div class="checkin-ok" data-testid="checked-in">
                        <div class="checkin-mark" aria-hidden="true">"✓"</div>
                        <h2>{if c.again { "您已签到" } else { "签到成功" }}</h2>
                        <p>{c.class_label.clone()}</p>
                        <p class="muted">{format!("{} · {}", c.title, c.at)}</p>
                    </div>
                }.into_any(),
                None => view! {
                    <form on:submit=on_submit>
                        <p class="muted">{if scanned.is_empty() {
                            "请扫描培训现场屏幕上的二维码，或输入二维码下方的 6 位签到码。"
                        } else {
                            "正在签到…"
                        }}</p>
                        <div class="field" class:has-error=move || local().or_else(|| error.get()).is_some()>
                            <label for="f-code">"签到码"</label>
                            <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7"
                                class="code-input" data-testid="checkin-code"
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                            <p class="field-error" role="alert" data-testid="checkin-error">{move || local().or_else(|| error.get())}</p>
                        </div>
                        <button class="btn btn-primary btn-block" type="submit" disabled=move || busy.get()>"签到"</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
