//! 签到 (teacher, on a phone): the QR code on the institution's screen opens this page with its
//! session and code, and the check-in happens at once; without them the teacher types the 6
//! digits shown under the code. Not logged in: the login sends the teacher back here.
//!
//! On a slow network the page works before its wasm arrives: the form (the scanned code filled
//! in) posts to the server, which answers with this page showing the receipt (`?done=`).
//! With no network at all the check-in waits on the phone with its scan time (`checkin_queue`)
//! and goes out, from this page, as soon as the network is back (待上传 N 条).

use super::checkin_queue::{self as queue, Queued};
use crate::api::checkin::{CheckIn, check_in, my_checkin};
use crate::components::field::keep_typed;
use crate::components::page::PageHead;
use crate::domain::checkin::read_code;
use crate::dto::checkin::CheckedIn;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

fn message(e: &AppError) -> String {
    match e {
        AppError::Validation(_) => e.field_message("code").unwrap_or_else(|| e.to_string()),
        _ => e.to_string(),
    }
}

#[component]
pub fn CheckinPage() -> impl IntoView {
    let query = use_query_map();
    let session = query.with_untracked(|q| q.get("s").and_then(|s| s.parse::<i64>().ok()));
    let scanned = query.with_untracked(|q| q.get("c")).unwrap_or_default();
    let landed = query.with_untracked(|q| q.get("done").and_then(|s| s.parse::<i64>().ok()));
    let submit = ServerAction::<CheckIn>::new();
    // What the action last sent, to keep it on the phone if the network is down.
    let sent = StoredValue::new(None::<Queued>);
    let pending = RwSignal::new(0usize);
    let kept = RwSignal::new(false);
    let typed = RwSignal::new(scanned.clone());
    let tried = RwSignal::new(false);
    let done = RwSignal::new(None::<CheckedIn>);
    let error = RwSignal::new(
        submit
            .value()
            .get_untracked()
            .and_then(Result::err)
            .map(|e| message(&e)),
    );
    // Landed here from a check-in posted without the wasm: the receipt, read back.
    let receipt = crate::data::page_data(
        move || landed,
        |id| async move {
            match id {
                Some(id) => my_checkin(id).await.ok().flatten(),
                None => None,
            }
        },
    );
    Effect::new(move |_| {
        if submit.version().get() == 0 {
            return;
        }
        match submit.value().get() {
            Some(Ok(c)) => {
                error.set(None);
                done.set(Some(c));
            }
            Some(Err(AppError::Transport(e))) => {
                let Some(q) = sent.get_value() else { return };
                leptos::task::spawn_local(async move {
                    if queue::add(&q).await {
                        error.set(None);
                        kept.set(true);
                        pending.set(queue::all().await.len());
                    } else {
                        error.set(Some(AppError::Transport(e).to_string()));
                    }
                });
            }
            Some(Err(e)) => error.set(Some(message(&e))),
            None => {}
        }
    });
    let send = move |code: String| {
        sent.set_value(Some(Queued {
            client_id: String::new(),
            session_id: session,
            code: code.clone(),
            scanned_at: queue::now(),
        }));
        submit.dispatch(CheckIn {
            session_id: session,
            code,
            scanned_at: None,
        });
    };
    // Sends what waits on the phone, oldest scan first; stops while the network is down.
    let flush = move || {
        leptos::task::spawn_local(async move {
            for q in queue::all().await {
                match check_in(q.session_id, q.code.clone(), Some(q.scanned_at)).await {
                    Ok(c) => {
                        queue::remove(&q.client_id).await;
                        kept.set(false);
                        done.set(Some(c));
                    }
                    Err(AppError::Transport(_) | AppError::NotAuthenticated) => break,
                    Err(e) => {
                        // Refused for good (the scan was outside the session …): said, not kept.
                        queue::remove(&q.client_id).await;
                        kept.set(false);
                        error.set(Some(format!("离线签到未能上传：{}", message(&e))));
                    }
                }
            }
            pending.set(queue::all().await.len());
        });
    };
    Effect::new(move |ran: Option<()>| {
        if ran.is_none() {
            flush();
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| flush());
    on_cleanup(move || online.remove());
    // A scanned link checks in as soon as the page is live (effects run only in the browser).
    if !scanned.is_empty() {
        let code = scanned.clone();
        Effect::new(move |ran: Option<()>| {
            if ran.is_none() {
                send(code.clone());
            }
        });
    }
    let local = move || {
        tried
            .get()
            .then(|| read_code(&typed.get()).err().map(|e| e.to_string()))
            .flatten()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if let Ok(code) = read_code(&typed.get_untracked()) {
            send(code);
        }
    };
    let waiting = !scanned.is_empty();
    view! {
        <PageHead title="签到" trail="培训 / 签到" />
        <section class="card narrow checkin-card">
            <div role="status" aria-live="polite">
                {move || kept.get().then(|| view! {
                    <p class="notice notice-warn" data-testid="checkin-kept">"网络不可用，签到已保存在本机（以扫码时间为准），网络恢复后自动上传。"</p>
                })}
                {move || (pending.get() > 0).then(|| view! {
                    <p><span class="tag tag-orange" data-testid="pending-checkins">{format!("待上传 {} 条", pending.get())}</span></p>
                })}
            </div>
            <Suspense fallback=|| ()>
                {move || {
                    let scanned = scanned.clone();
                    Suspend::new(async move {
                    let shown = done.get().or(receipt.await);
                    match shown {
                        Some(c) => view! {
                            <div class="checkin-ok" data-testid="checked-in">
                                <div class="checkin-mark" aria-hidden="true">"✓"</div>
                                <h2>{if c.again { "您已签到" } else { "签到成功" }}</h2>
                                <p>{c.class_label.clone()}</p>
                                <p class="muted">{format!("{} · {}", c.title, c.at)}</p>
                            </div>
                        }.into_any(),
                        None => view! {
                            <form method="post" action=CheckIn::url() on:submit=on_submit>
                                {session.map(|s| view! { <input type="hidden" name="session_id" value=s /> })}
                                <p class="muted">{if waiting && error.get_untracked().is_none() {
                                    "正在签到…"
                                } else {
                                    "请扫描培训现场屏幕上的二维码，或输入二维码下方的 6 位签到码。"
                                }}</p>
                                <div class="field" class:has-error=move || local().or_else(|| error.get()).is_some()>
                                    <label for="f-code">"签到码"</label>
                                    <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7"
                                        class="code-input" data-testid="checkin-code" aria-describedby="f-code-error"
                                        value=scanned.clone()
                                        use:keep_typed=typed
                                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                                    <p class="field-error" id="f-code-error" role="alert" data-testid="checkin-error">{move || local().or_else(|| error.get())}</p>
                                </div>
                                <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>"签到"</button>
                            </form>
                        }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}
