//! 找回密码 / 解锁账号: a code to the verified phone or email, then a new password (or just
//! the lock lifted).
//!
//! Both steps work before the wasm arrives: each form posts to its server function, which sends
//! a plain post on to the next step (`?sent=` the masked destination, then `?done=1`) or back
//! here with its error in the address.

use crate::api::recovery::{RequestAccountCode, ResetWithCode, UnlockWithCode};
use crate::components::feedback::FormError;
use crate::components::field::TextField;
use crate::domain::password::check_password;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let unlock = Signal::derive(move || query.read().get("mode").as_deref() == Some("unlock"));
    let send = ServerAction::<RequestAccountCode>::new();
    let reset = ServerAction::<ResetWithCode>::new();
    let lift = ServerAction::<UnlockWithCode>::new();
    let returned = [
        send.value().get_untracked(),
        reset
            .value()
            .get_untracked()
            .map(|r| r.map(|_| String::new())),
        lift.value()
            .get_untracked()
            .map(|r| r.map(|_| String::new())),
    ]
    .into_iter()
    .flatten()
    .find_map(Result::err);

    let account = RwSignal::new(String::new());
    let captcha = RwSignal::new(String::new());
    let captcha_n = RwSignal::new(0u32);
    let code = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let sent_to = RwSignal::new(query.with_untracked(|q| q.get("sent")));
    let done = RwSignal::new(query.with_untracked(|q| q.get("done")).is_some());
    let error = RwSignal::new(returned);

    let new_error = Signal::derive(move || {
        let n = new.get();
        (!n.is_empty())
            .then(|| {
                check_password(&n, None, None)
                    .err()
                    .map(|e| e.message().to_string())
            })
            .flatten()
            .or_else(|| error.get().and_then(|e| e.field_message("new")))
    });
    let code_error = Signal::derive(move || error.get().and_then(|e| e.field_message("code")));

    Effect::new(move |_| {
        if send.version().get() == 0 {
            return;
        }
        match send.value().get() {
            Some(Ok(to)) => {
                sent_to.set(Some(to));
                error.set(None);
            }
            Some(Err(e)) => {
                captcha.set(String::new());
                captcha_n.update(|n| *n += 1);
                error.set(Some(e));
            }
            None => {}
        }
    });
    let finished = move |r: Option<Result<(), AppError>>| match r {
        Some(Ok(())) => done.set(true),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    };
    Effect::new(move |_| {
        if reset.version().get() > 0 {
            finished(reset.value().get());
        }
    });
    Effect::new(move |_| {
        if lift.version().get() > 0 {
            finished(lift.value().get());
        }
    });
    let pending = Signal::derive(move || {
        send.pending().get() || reset.pending().get() || lift.pending().get()
    });

    let title = move || {
        if unlock.get() {
            "解锁账号"
        } else {
            "找回密码"
        }
    };
    let purpose = move || if unlock.get() { "unlock" } else { "reset" };
    view! {
        <Title text=Signal::derive(move || title().to_string()) />
        <main class="center-page">
            <section class="card narrow">
                <h1>{title}</h1>
                <Show when=move || !done.get() fallback=move || view! {
                    <div class="notice notice-ok" data-testid="recovery-done">
                        {move || if unlock.get() { "账号已解锁，请用原密码登录。" } else { "密码已重置，请用新密码登录。" }}
                    </div>
                    <a class="btn btn-primary btn-block" href="/login">"返回登录"</a>
                }>
                    <Show when=move || sent_to.get().is_none() fallback=move || view! {
                        <p class="notice notice-ok" data-testid="code-sent">{move || sent_to.get()}</p>
                        <form method="post"
                            action=move || if unlock.get() { UnlockWithCode::url() } else { ResetWithCode::url() }
                            on:submit=move |ev| {
                                ev.prevent_default();
                                error.set(None);
                                let (account, code) = (account.get_untracked(), code.get_untracked());
                                if unlock.get_untracked() {
                                    lift.dispatch(UnlockWithCode { account, code });
                                } else {
                                    reset.dispatch(ResetWithCode { account, code, new: new.get_untracked() });
                                }
                            } novalidate>
                            // Sent on by a plain post, the page no longer knows the account: ask again.
                            <Show when=move || account.with(String::is_empty) fallback=move || view! {
                                <input type="hidden" name="account" prop:value=move || account.get() />
                            }>
                                <TextField label="账号" name="account" value=account placeholder="身份证号 / 师训号 / 手机号" required=true />
                            </Show>
                            <TextField label="验证码" name="code" value=code error=code_error required=true />
                            <Show when=move || !unlock.get()>
                                <TextField label="新密码" name="new" value=new input_type="password"
                                    autocomplete="new-password" error=new_error required=true placeholder="至少 8 位，含字母和数字" />
                            </Show>
                            <FormError error=error />
                            <button class="btn btn-primary btn-block" type="submit" disabled=move || pending.get()>
                                {move || if unlock.get() { "解锁" } else { "重置密码" }}
                            </button>
                        </form>
                    }>
                        <form method="post" action=RequestAccountCode::url() on:submit=move |ev| {
                            ev.prevent_default();
                            error.set(None);
                            send.dispatch(RequestAccountCode {
                                account: account.get_untracked(),
                                captcha: captcha.get_untracked(),
                                purpose: purpose().to_string(),
                            });
                        } novalidate>
                            <input type="hidden" name="purpose" value=purpose />
                            <TextField label="账号" name="account" value=account placeholder="身份证号 / 师训号 / 手机号" required=true />
                            <div class="captcha-row">
                                <TextField label="验证码" name="captcha" value=captcha placeholder="请输入右侧字符" required=true />
                                <button type="button" class="captcha-img" title="看不清？换一张" on:click=move |_| captcha_n.update(|n| *n += 1)>
                                    <img src=move || format!("/captcha.jpg?n={}", captcha_n.get()) alt="验证码" width="120" height="40" />
                                </button>
                            </div>
                            <p class="form-error" role="alert" data-testid="recovery-error">{move || error.get().map(|e| e.to_string())}</p>
                            <button class="btn btn-primary btn-block" type="submit" disabled=move || pending.get()>
                                "发送验证码"
                            </button>
                        </form>
                        <p class="hint">"验证码将发送到账号已验证的手机号（或邮箱）。未绑定的，请联系学校管理员重置密码。"</p>
                    </Show>
                </Show>
                <p class="hint"><a href="/login">"返回登录"</a></p>
            </section>
        </main>
    }
}
