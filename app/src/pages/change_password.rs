//! 修改密码: forced at first login, available any time from the user menu.

use super::go;
use crate::api::accounts::{ChangePassword, current_user};
use crate::components::feedback::Loading;
use crate::components::field::TextField;
use crate::domain::password::check_password;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let who = crate::data::page_data(|| (), |_| current_user());
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    // Posted natively before the wasm arrived, a refusal comes back in the address.
    let save = ServerAction::<ChangePassword>::new();
    let server_error = RwSignal::new(save.value().get_untracked().and_then(Result::err));

    // The shared rule runs as the user types; the server runs it again.
    let new_error = Signal::derive(move || {
        let n = new.get();
        if n.is_empty() {
            None
        } else {
            check_password(&n, None, None)
                .err()
                .map(|e| e.message().to_string())
        }
        .or_else(|| server_error.get().and_then(|e| e.field_message("new")))
    });
    let confirm_error = Signal::derive(move || {
        let c = confirm.get();
        (!c.is_empty() && c != new.get())
            .then(|| "两次输入的密码不一致".to_string())
            .or_else(|| server_error.get().and_then(|e| e.field_message("confirm")))
    });
    let current_error =
        Signal::derive(move || server_error.get().and_then(|e| e.field_message("current")));

    Effect::new(move |_| {
        if save.version().get() == 0 {
            return;
        }
        match save.value().get() {
            Some(Ok(())) => go("/"),
            Some(Err(e)) => server_error.set(Some(e)),
            None => {}
        }
    });

    view! {
        <Title text="修改密码" />
        <main class="center-page">
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match who.await {
                        Ok(Some(m)) => view! {
                            <section class="card narrow">
                                <h1>"修改密码"</h1>
                                {m.must_change_password.then(|| view! {
                                    <div class="notice notice-warn" data-testid="forced-change">
                                        "您正在使用初始密码，请先设置新密码后再使用平台。"
                                    </div>
                                })}
                                <form method="post" action=ChangePassword::url() on:submit=move |ev| {
                                    ev.prevent_default();
                                    server_error.set(None);
                                    if new_error.get_untracked().is_none() && confirm_error.get_untracked().is_none()
                                        && !new.get_untracked().is_empty() && confirm.get_untracked() == new.get_untracked() {
                                        save.dispatch(ChangePassword {
                                            current: current.get_untracked(),
                                            new: new.get_untracked(),
                                            confirm: None,
                                        });
                                    }
                                } novalidate>
                                    <TextField label="当前密码" name="current" value=current input_type="password"
                                        autocomplete="current-password" error=current_error required=true />
                                    <TextField label="新密码" name="new" value=new input_type="password"
                                        autocomplete="new-password" error=new_error required=true
                                        placeholder="至少 8 位，含字母和数字" />
                                    <TextField label="确认新密码" name="confirm" value=confirm input_type="password"
                                        autocomplete="new-password" error=confirm_error required=true />
                                    <p class="form-error" role="alert">
                                        {move || server_error.get().filter(|e| !matches!(e, crate::error::AppError::Validation(_))).map(|e| e.to_string())}
                                    </p>
                                    <button class="btn btn-primary btn-block" type="submit" disabled=move || save.pending().get()>
                                        "确认修改"
                                    </button>
                                </form>
                                <ul class="hint-list">
                                    <li>"至少 8 位，同时包含字母和数字"</li>
                                    <li>"不能包含身份证号或出生日期"</li>
                                    <li>"修改后，您在其他设备上的登录将失效"</li>
                                </ul>
                            </section>
                        }.into_any(),
                        _ => view! { <Redirect path="/login" /> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
