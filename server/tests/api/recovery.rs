//! Forgot password and unlock by code, on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::account::Me;
use app::error::{AppError, LoginError};
use app::server::seed::first_login_teacher_id;
use app::server::services::recovery::CODE_SENT;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Asks a code for 郑老师 (`purpose` "reset" or "unlock"): the code sent, and one that is not it.
async fn fresh_code(app: &TestApp, c: &Client, purpose: &str) -> (String, &'static str) {
    let _: String = c
        .call::<api::recovery::RequestAccountCode>(&request(TEACHER, purpose))
        .await
        .unwrap();
    let code = last_code(app).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    (code, wrong)
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
        .call::<api::recovery::RequestAccountCode>(&request(TEACHER, "unlock"))
        .await
        .unwrap();
    assert_eq!(shown, CODE_SENT);
    let wrong: Result<(), _> = c
        .call::<api::recovery::UnlockWithCode>(&[
            ("account", TEACHER.into()),
            ("code", "999999".into()),
        ])
        .await;
    assert!(wrong.unwrap_err().field_message("code").is_some());
    let code = last_code(app).await;
    let _: () = c
        .call::<api::recovery::UnlockWithCode>(&[
            ("account", TEACHER.into()),
            ("code", code.clone()),
        ])
        .await
        .unwrap();
    assert_eq!(c.login(TEACHER, PASSWORD).await, Ok(false));
    // A code works once.
    let again: Result<(), _> = c
        .call::<api::recovery::UnlockWithCode>(&[("account", TEACHER.into()), ("code", code)])
        .await;
    assert!(again.is_err());
});

on_both!(
    a_forgotten_password_is_reset_with_a_code_and_old_sessions_end,
    |app| {
        let old = app.login_as(TEACHER).await;
        let c = app.client();
        let _: String = c
            .call::<api::recovery::RequestAccountCode>(&request(TEACHER, "reset"))
            .await
            .unwrap();
        let code = last_code(app).await;
        let weak: Result<(), _> = c
            .call::<api::recovery::ResetWithCode>(&[
                ("account", TEACHER.into()),
                ("code", code.clone()),
                ("new", "12345678".into()),
            ])
            .await;
        assert!(weak.unwrap_err().field_message("new").is_some());
        let _: () = c
            .call::<api::recovery::ResetWithCode>(&[
                ("account", TEACHER.into()),
                ("code", code),
                ("new", "Zhaohui2026x".into()),
            ])
            .await
            .unwrap();
        assert_eq!(c.login(TEACHER, "Zhaohui2026x").await, Ok(false));
        let stale: Option<Me> = old.call::<api::accounts::CurrentUser>(&[]).await.unwrap();
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
                .call::<api::recovery::RequestAccountCode>(&request(&account, "reset"))
                .await;
            assert_eq!(r.as_deref(), Ok(CODE_SENT), "{account}");
        }
        let sent: Result<String, _> = app
            .client()
            .call::<api::recovery::RequestAccountCode>(&request(TEACHER, "reset"))
            .await;
        assert_eq!(sent.as_deref(), Ok(CODE_SENT));
        assert!(CODE_SENT.contains("请联系学校管理员"));
        // A code typed for an account that does not exist fails as a wrong code does.
        let typed = |account: &str| {
            let c = app.client();
            let account = account.to_string();
            async move {
                c.call::<api::recovery::UnlockWithCode>(&[
                    ("account", account),
                    ("code", "999999".into()),
                ])
                .await
            }
        };
        assert_eq!(typed("13999999999").await, typed(TEACHER).await);
        let bad: Result<String, _> = app
            .client()
            .call::<api::recovery::RequestAccountCode>(&[
                ("account", TEACHER.into()),
                ("captcha", "WXYZ".into()),
                ("purpose", "reset".into()),
            ])
            .await;
        assert_eq!(bad, Err(AppError::Login(LoginError::BadCaptcha)));
    }
);

/// Pretends every code request was made `minutes` earlier.
async fn backdate_requests(app: &TestApp, minutes: i64) {
    use app::server::entities::code_request;
    use sea_orm::sea_query::Expr;
    let back = chrono::Duration::minutes(minutes);
    for r in code_request::Entity::find().all(&app.db).await.unwrap() {
        code_request::Entity::update_many()
            .col_expr(code_request::Column::At, Expr::val(r.at - back))
            .filter(code_request::Column::Id.eq(r.id))
            .exec(&app.db)
            .await
            .unwrap();
    }
}

on_both!(
    parallel_wrong_codes_get_five_checks_then_the_code_is_spent,
    |app| {
        // 15 at once: under the per-source throttle (20), so only the code's own count stops them.
        use app::server::entities::verification_code;
        use app::server::services::one_time_codes::MAX_ATTEMPTS;
        let c = app.client();
        let (code, wrong) = fresh_code(app, &c, "unlock").await;
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..15 {
            let c = app.client();
            burst.spawn(async move {
                c.call::<api::recovery::UnlockWithCode>(&[
                    ("account", TEACHER.into()),
                    ("code", wrong.into()),
                ])
                .await
            });
        }
        assert!(burst.join_all().await.iter().all(Result::is_err));
        let row = verification_code::Entity::find()
            .order_by_desc(verification_code::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.attempts, MAX_ATTEMPTS, "every check is counted");
        // The code is spent: the right one no longer works.
        let late: Result<(), _> = app
            .client()
            .call::<api::recovery::UnlockWithCode>(&[("account", TEACHER.into()), ("code", code)])
            .await;
        assert!(late.unwrap_err().field_message("code").is_some());
    }
);

on_both!(
    code_requests_are_limited_per_account_alike_for_known_and_unknown_accounts,
    |app| {
        use app::server::services::recovery::CODES_PER_DAY;
        let ask = |account: &'static str| {
            let c = app.client();
            async move {
                c.call::<api::recovery::RequestAccountCode>(&request(account, "reset"))
                    .await
            }
        };
        let unknown = "13999999999";
        for account in [TEACHER, unknown] {
            assert_eq!(ask(account).await.as_deref(), Ok(CODE_SENT));
            assert_eq!(
                ask(account).await,
                Err(AppError::Login(LoginError::CodeTooSoon)),
                "{account}"
            );
        }
        for _ in 1..CODES_PER_DAY {
            backdate_requests(app, 2).await;
            for account in [TEACHER, unknown] {
                assert_eq!(ask(account).await.as_deref(), Ok(CODE_SENT), "{account}");
            }
        }
        backdate_requests(app, 2).await;
        for account in [TEACHER, unknown] {
            assert_eq!(
                ask(account).await,
                Err(AppError::Login(LoginError::CodeDailyLimit)),
                "{account}"
            );
        }
        // A day later the account may draw codes again.
        backdate_requests(app, 24 * 60).await;
        assert_eq!(ask(TEACHER).await.as_deref(), Ok(CODE_SENT));
    }
);

on_both!(
    wrong_codes_from_one_source_are_throttled_and_audited,
    |app| {
        use app::server::entities::audit_log;
        let c = app.client();
        let (code, _) = fresh_code(app, &c, "reset").await;
        // Wrong codes for accounts that do not exist count against the source too.
        for i in 0..20 {
            let r: Result<(), _> = c
                .call::<api::recovery::UnlockWithCode>(&[
                    ("account", format!("1390000{i:04}")),
                    ("code", "123456".into()),
                ])
                .await;
            assert!(r.unwrap_err().field_message("code").is_some());
        }
        let throttled: Result<(), _> = c
            .call::<api::recovery::ResetWithCode>(&[
                ("account", TEACHER.into()),
                ("code", code),
                ("new", "Zhaohui2026x".into()),
            ])
            .await;
        assert_eq!(throttled, Err(AppError::Login(LoginError::Throttled)));
        let failures = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("recovery.code_failed"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(failures, 20);
    }
);

on_both!(
    a_weak_new_password_is_judged_only_with_the_right_code,
    |app| {
        let c = app.client();
        let (code, wrong) = fresh_code(app, &c, "reset").await;
        let reset = |account: &str, code: &str| {
            let c = app.client();
            let form = vec![
                ("account", account.to_string()),
                ("code", code.to_string()),
                ("new", "12345678".to_string()),
            ];
            async move { c.call::<api::recovery::ResetWithCode>(&form).await }
        };
        // Without the code, a known and an unknown account answer alike.
        assert_eq!(
            reset(TEACHER, wrong).await,
            reset("13999999999", wrong).await
        );
        let weak = reset(TEACHER, &code).await;
        assert!(weak.unwrap_err().field_message("new").is_some());
    }
);
