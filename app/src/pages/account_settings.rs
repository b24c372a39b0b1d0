//! 账号安全 (province admin): the initial-password rule and how long an issued one works.

use crate::api::account_settings::{account_settings, save_account_settings};
use crate::components::feedback::{FormError, Loaded, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::page::PageHead;
use crate::domain::initial_password::InitialPasswordRule;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    let notice = RwSignal::new(None::<(bool, String)>);
    let data = crate::data::page_data(|| (), |_| account_settings());
    view! {
        <PageHead title="账号安全" trail="系统设置 / 账号安全" />
        <Notice message=notice />
        <Loaded data=data ok=move |s| view! { <RuleForm rule=s.rule days=s.days notice=notice /> } />
    }
}

#[component]
fn RuleForm(rule: String, days: i64, notice: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let rule = RwSignal::new(rule);
    let days = RwSignal::new(days.to_string());
    let server_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let options = Signal::stored(
        [InitialPasswordRule::Issued, InitialPasswordRule::IdTail]
            .iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let days_error = Signal::derive(move || {
        let ok = days
            .get()
            .trim()
            .parse::<i64>()
            .is_ok_and(|d| (1..=365).contains(&d));
        (!ok)
            .then(|| "有效天数应为 1 至 365 天".to_string())
            .or_else(|| server_error.get().and_then(|e| e.field_message("days")))
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(d) = days.get_untracked().trim().parse::<i64>() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match save_account_settings(rule.get_untracked(), d).await {
                Ok(()) => {
                    server_error.set(None);
                    notice.set(Some((true, "已保存账号安全设置".into())));
                }
                Err(e) => server_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>"初始密码"</h2>
            <p class="muted">"身份证号人人可知，以其后 6 位为初始密码，持有身份证号名单者即可登录尚未改密的账号。默认由学校管理员为教师生成随机初始密码并导出发放，过期作废。"</p>
            <form novalidate on:submit=save>
                <div class="form-grid">
                    <SelectField label="初始密码规则" name="rule" value=rule options=options />
                    <TextField label="随机初始密码有效天数" name="days" value=days input_type="number" error=days_error required=true />
                </div>
                <FormError error=server_error />
                <div class="dialog-actions">
                    <button class="btn btn-primary" type="submit" data-testid="save-account-settings" disabled=move || busy.get() || days_error.get().is_some()>"保存"</button>
                </div>
            </form>
        </section>
    }
}
