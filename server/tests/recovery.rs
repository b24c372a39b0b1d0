#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Forgot password and unlock by code, on SQLite and PostgreSQL.

mod helpers;

use app::dto::account::Me;
use app::error::{AppError, LoginError};
use app::server::entities::dev_mailbox;
use app::server::seed::first_login_teacher_id;
use app::server::services::recovery::CODE_SENT;
use helpers::*;
use sea_orm::{EntityTrait, QueryOrder};

async fn last_code(app: &TestApp) -> String {
    let mail = dev_mailbox::Entity::find()
        .order_by_desc(dev_mailbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let digits: String = mail
        .body
        .split("验证码")
        .nth(1)
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    assert_eq!(digits.len(), 6);
    digits
}

fn request(account: &str, purpose: &str) -> Vec<(&'static str, String)> {
    vec![
        ("account", account.into()),
        ("captcha", "0000".into()),
        ("purpose", purpose.into()),
    ]
}

on_both!(a_locked_teacher_unlocks_at_once_with_a_code, |app| {
    let c = app.client();
    for i in 0..3 {
        let _ = c.login(TEACHER, &format!("wrong-pass-{i}")).await;
    }
    assert!(matches!(
        c.login(TEACHER, PASSWORD).await,
        Err(AppError::Login(LoginError::Locked { .. }))
    ));
    let shown: String = c
        .call("request_account_code", &request(TEACHER, "unlock"))
        .await
        .unwrap();
    assert_eq!(shown, CODE_SENT);
    let wrong: Result<(), _> = c
        .call(
            "unlock_with_code",
            &[("account", TEACHER.into()), ("code", "999999".into())],
        )
        .await;
    assert!(wrong.unwrap_err().field_message("code").is_some());
    let code = last_code(app).await;
    let _: () = c
        .call(
            "unlock_with_code",
            &[("account", TEACHER.into()), ("code", code.clone())],
        )
        .await
        .unwrap();
    assert_eq!(c.login(TEACHER, PASSWORD).await, Ok(false));
    // A code works once.
    let again: Result<(), _> = c
        .call(
            "unlock_with_code",
            &[("account", TEACHER.into()), ("code", code)],
        )
        .await;
    assert!(again.is_err());
});

on_both!(
    a_forgotten_password_is_reset_with_a_code_and_old_sessions_end,
    |app| {
        let old = app.login_as(TEACHER).await;
        let c = app.client();
        let _: String = c
            .call("request_account_code", &request(TEACHER, "reset"))
            .await
            .unwrap();
        let code = last_code(app).await;
        let weak: Result<(), _> = c
            .call(
                "reset_with_code",
                &[
                    ("account", TEACHER.into()),
                    ("code", code.clone()),
                    ("new", "12345678".into()),
                ],
            )
            .await;
        assert!(weak.unwrap_err().field_message("new").is_some());
        let _: () = c
            .call(
                "reset_with_code",
                &[
                    ("account", TEACHER.into()),
                    ("code", code),
                    ("new", "Zhaohui2026x".into()),
                ],
            )
            .await
            .unwrap();
        assert_eq!(c.login(TEACHER, "Zhaohui2026x").await, Ok(false));
        let stale: Option<Me> = old.call("current_user", &[]).await.unwrap();
        assert_eq!(stale, None);
    }
);

on_both!(
    without_a_verified_contact_the_teacher_is_sent_to_the_school_admin,
    |app| {
        // Without a verified contact, unknown, or disabled: the same answer as a sent code,
        // which points to the school admin (and names no phone).
        for account in [first_login_teacher_id(), "13999999999".into()] {
            let r: Result<String, _> = app
                .client()
                .call("request_account_code", &request(&account, "reset"))
                .await;
            assert_eq!(r.as_deref(), Ok(CODE_SENT), "{account}");
        }
        let sent: Result<String, _> = app
            .client()
            .call("request_account_code", &request(TEACHER, "reset"))
            .await;
        assert_eq!(sent.as_deref(), Ok(CODE_SENT));
        assert!(CODE_SENT.contains("请联系学校管理员"));
        // A code typed for an account that does not exist fails as a wrong code does.
        let typed = |account: &str| {
            let c = app.client();
            let account = account.to_string();
            async move {
                c.call::<()>(
                    "unlock_with_code",
                    &[("account", account), ("code", "999999".into())],
                )
                .await
            }
        };
        assert_eq!(typed("13999999999").await, typed(TEACHER).await);
        let bad: Result<String, _> = app
            .client()
            .call(
                "request_account_code",
                &[
                    ("account", TEACHER.into()),
                    ("captcha", "WXYZ".into()),
                    ("purpose", "reset".into()),
                ],
            )
            .await;
        assert_eq!(bad, Err(AppError::Login(LoginError::BadCaptcha)));
    }
);
