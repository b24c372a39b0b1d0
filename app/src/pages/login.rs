//! 登录: account (ID number / 师训号 / phone), password, image captcha.

use super::go;
use crate::api::accounts::{Login, site_facts};
use crate::components::field::TextField;
use crate::error::{AppError, LoginError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let info = crate::data::page_data(|| (), |_| site_facts());
    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha = RwSignal::new(String::new());
    let captcha_n = RwSignal::new(0u32);
    // Before the wasm arrives the form posts natively; a refused login comes back to this page
    // with its error in the address, which the action reads while the page renders.
    let submit = ServerAction::<Login>::new();
    let returned = submit.value().get_untracked().and_then(Result::err);
    let locked = RwSignal::new(matches!(
        returned,
        Some(AppError::Login(LoginError::Locked { .. }))
    ));
    let error = RwSignal::new(returned.map(|e| e.to_string()));
    let field_errors = RwSignal::new((None::<String>, None::<String>, None::<String>));

    // Where the login was asked from (a scanned check-in link, say): back there afterwards.
    let next = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("next"))
        .and_then(|n| crate::url::safe_next(&n).map(str::to_string))
        .unwrap_or_else(|| "/".into());
    let next_field = next.clone();
    // Once this page is live, fetch the shell and a teacher's first pages while the teacher
    // types: on a slow network 首页 then opens from the cache. (Not as a preload in the HTML:
    // it would share the line with this page's own wasm.)
    Effect::new(|_| leptos::task::spawn_local(crate::areas::portal::preload_area()));
    Effect::new(move |_| {
        // Only what this page's own submit returned: the error a native post came back with
        // is on the page already.
        if submit.version().get() == 0 {
            return;
        }
        if let Some(result) = submit.value().get() {
            match result {
                Ok(true) => go("/change-password"),
                Ok(false) => go(&next),
                Err(e) => {
                    // The captcha is single-use: show a new one after every failure.
                    captcha.set(String::new());
                    captcha_n.update(|n| *n += 1);
                    if matches!(e, AppError::Login(LoginError::WrongPassword { .. })) {
                        password.set(String::new());
                    }
                    locked.set(matches!(e, AppError::Login(LoginError::Locked { .. })));
                    error.set(Some(e.to_string()));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, p, c) = (account.get(), password.get(), captcha.get());
        let errs = (
            a.trim()
                .is_empty()
                .then(|| "请输入身份证号、师训号或手机号".to_string()),
            p.is_empty().then(|| "请输入密码".to_string()),
            c.trim().is_empty().then(|| "请输入验证码".to_string()),
        );
        let ok = errs.0.is_none() && errs.1.is_none() && errs.2.is_none();
        field_errors.set(errs);
        if ok {
            error.set(None);
            submit.dispatch(Login {
                account: a,
                password: p,
                captcha: c,
                next: None,
            });
        }
    };

    view! {
        <Title text="登录" />
        <main class="login-page">
            <section class="login-hero">
                <div class="brand-mark">"师训"</div>
                <h1>"教师继续教育管理平台"</h1>
                <p>"项目申报 · 审核 · 报名 · 成绩 · 学分 · 证书，一站完成。"</p>
            </section>
            <section class="card login-card">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        info.await.ok().filter(|i| i.demo).map(|i| view! {
                            <div class="demo-banner" data-testid="demo-banner">
                                <strong>"演示环境"</strong>
                                " 以下为演示账号，数据为虚构，仅供体验。"
                                <details>
                                    <summary>"查看演示账号"</summary>
                                    <table class="demo-accounts">
                                        <tbody>
                                            {i.demo_accounts.into_iter().map(|d| view! {
                                                <tr><td>{d.role}</td><td><code>{d.account}</code></td><td><code>{d.password}</code></td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </details>
                            </div>
                        })
                    })}
                </Suspense>
                <h2>"用户登录"</h2>
                // method and action: the form works before (or without) the wasm.
                <form method="post" action=Login::url() on:submit=on_submit novalidate>
                    <input type="hidden" name="next" value=next_field />
                    <TextField label="账号" name="account" value=account
                        placeholder="身份证号 / 师训号 / 手机号" autocomplete="username"
                        error=Signal::derive(move || field_errors.get().0) />
                    <TextField label="密码" name="password" value=password input_type="password"
                        placeholder="请输入密码" autocomplete="current-password"
                        error=Signal::derive(move || field_errors.get().1) />
                    <div class="captcha-row">
                        <TextField label="验证码" name="captcha" value=captcha placeholder="请输入右侧字符"
                            error=Signal::derive(move || field_errors.get().2) />
                        <button type="button" class="captcha-img" title="看不清？换一张"
                            on:click=move |_| captcha_n.update(|n| *n += 1)>
                            <img src=move || format!("/captcha.jpg?n={}", captcha_n.get()) alt="验证码" width="120" height="40" />
                        </button>
                    </div>
                    <p class="form-error" role="alert" data-testid="login-error">
                        {move || error.get()}
                        {move || locked.get().then(|| view! {
                            " " <a data-testid="unlock-link" href="/forgot-password?mode=unlock">"用验证码解锁"</a>
                        })}
                    </p>
                    <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "登录中…" } else { "登录" }}
                    </button>
                </form>
                <p class="login-links"><a href="/forgot-password" data-testid="forgot-link">"忘记密码？"</a></p>
                <p class="hint">"初始密码由学校管理员发放，首次登录须修改。密码连续输错 3 次，账号将锁定 2 小时。"</p>
            </section>
        </main>
    }
}
