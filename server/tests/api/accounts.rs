//! Accounts: login (captcha, lockout, first login), password changes, roles, phone numbers
//! and initial passwords — on SQLite and on PostgreSQL.

use crate::helpers::*;
use app::dto::account::Me;
use app::error::{AppError, LoginError};
use app::server::seed::first_login_teacher_id;

on_both!(login_succeeds_and_me_reports_the_active_role, |app| {
    let c = app.client();
    assert_eq!(c.login(PROVINCE, PASSWORD).await, Ok(false));
    let me: Option<Me> = c.call::<api::accounts::CurrentUser>(&[]).await.unwrap();
    let me = me.expect("logged in");
    assert_eq!(
        me.active_role(),
        Some(app::domain::role::Role::ProvinceAdmin)
    );
});

on_both!(
    a_wrong_captcha_is_refused_before_the_password_is_checked,
    |app| {
        let c = app.client();
        let r: Result<bool, _> = c
            .call::<api::accounts::Login>(&[
                ("account", PROVINCE.into()),
                ("password", PASSWORD.into()),
                ("captcha", "ABCD".into()),
            ])
            .await;
        assert_eq!(r, Err(AppError::Login(LoginError::BadCaptcha)));
    }
);

on_both!(an_unknown_id_number_says_no_such_user, |app| {
    let r = app.client().login("11010519491231002X", "whatever1").await;
    assert_eq!(r, Err(AppError::Login(LoginError::UnknownUser)));
    assert!(r.unwrap_err().to_string().contains("查无用户"));
});

on_both!(
    three_wrong_passwords_lock_the_account_even_for_the_right_one,
    |app| {
        let c = app.client();
        assert_eq!(
            c.login(TEACHER, "wrong-pass-1").await,
            Err(AppError::Login(LoginError::WrongPassword { remaining: 2 }))
        );
        assert_eq!(
            c.login(TEACHER, "wrong-pass-2").await,
            Err(AppError::Login(LoginError::WrongPassword { remaining: 1 }))
        );
        let third = c.login(TEACHER, "wrong-pass-3").await;
        assert!(
            matches!(third, Err(AppError::Login(LoginError::Locked { .. }))),
            "{third:?}"
        );
        let right = c.login(TEACHER, PASSWORD).await;
        assert!(
            matches!(right, Err(AppError::Login(LoginError::Locked { .. }))),
            "{right:?}"
        );
        assert!(right.unwrap_err().to_string().contains("账号已锁定至"));
    }
);

on_both!(
    first_login_forces_a_strong_password_before_anything_else,
    |app| {
        let id = first_login_teacher_id();
        let initial = app::server::seed::FIRST_LOGIN_PASSWORD;
        let c = app.client();
        assert_eq!(c.login(&id, initial).await, Ok(true));
        let blocked: Result<app::dto::profile::TeacherProfile, _> =
            c.call::<api::profile::MyProfile>(&[]).await;
        assert_eq!(blocked, Err(AppError::PasswordChangeRequired));
        let weak: Result<(), _> = c
            .call::<api::accounts::ChangePassword>(&[
                ("current", initial.into()),
                ("new", format!("ab{}", &id[12..])),
            ])
            .await;
        assert!(weak.unwrap_err().field_message("new").is_some());
        let ok: Result<(), _> = c
            .call::<api::accounts::ChangePassword>(&[
                ("current", initial.into()),
                ("new", "Kecheng2026ok".into()),
            ])
            .await;
        assert_eq!(ok, Ok(()));
        let profile: app::dto::profile::TeacherProfile =
            c.call::<api::profile::MyProfile>(&[]).await.unwrap();
        assert_eq!(profile.id_number, id);
        // The initial password no longer works.
        let again = app.client().login(&id, initial).await;
        assert!(matches!(
            again,
            Err(AppError::Login(LoginError::WrongPassword { .. }))
        ));
    }
);

on_both!(a_password_change_ends_the_other_sessions, |app| {
    let phone = app.login_as(TEACHER).await;
    let laptop = app.login_as(TEACHER).await;
    change_password(&laptop, "Xinmima2026a").await;
    let on_phone: Option<Me> = phone.call::<api::accounts::CurrentUser>(&[]).await.unwrap();
    assert_eq!(on_phone, None);
    let on_laptop: Option<Me> = laptop
        .call::<api::accounts::CurrentUser>(&[])
        .await
        .unwrap();
    assert!(on_laptop.is_some());
});

on_both!(a_user_switches_only_to_roles_they_hold, |app| {
    let c = app.login_as(SCHOOL_ADMIN).await;
    let me: Me = c
        .call::<api::accounts::CurrentUser>(&[])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(me.roles.len(), 2);
    let other = me
        .roles
        .iter()
        .find(|r| r.assignment_id != me.active_assignment_id)
        .unwrap()
        .assignment_id;
    let _: () = c
        .call::<api::accounts::SwitchRole>(&[("assignment_id", other.to_string())])
        .await
        .unwrap();
    let after: Me = c
        .call::<api::accounts::CurrentUser>(&[])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.active_assignment_id, other);
    let foreign: Result<(), _> = c
        .call::<api::accounts::SwitchRole>(&[("assignment_id", "1".into())])
        .await;
    assert_eq!(foreign, Err(AppError::Forbidden));
});

on_both!(a_teacher_changes_their_phone_with_a_code, |app| {
    use app::server::entities::dev_mailbox;
    use sea_orm::EntityTrait;
    let c = app.login_as(TEACHER).await;
    let send = |destination: &str, password: &str| {
        let form = vec![
            ("channel", "phone".to_string()),
            ("destination", destination.to_string()),
            ("password", password.to_string()),
        ];
        let c = &c;
        async move { c.call::<api::profile::SendContactCode>(&form).await }
    };
    let bad = send("12345", PASSWORD).await;
    assert!(bad.unwrap_err().field_message("phone").is_some());
    // Without the password again, no code leaves for the new phone.
    let unproven = send("13712345678", "not-my-password").await;
    assert!(unproven.unwrap_err().field_message("password").is_some());
    app.deliver().await;
    let sent_before = dev_mailbox::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .len();
    assert_eq!(sent_before, 0, "nothing was sent");
    send("13712345678", PASSWORD).await.unwrap();
    let wrong: Result<(), _> = c
        .call::<api::profile::ConfirmContact>(&[
            ("channel", "phone".into()),
            ("code", "000000".into()),
        ])
        .await;
    assert!(wrong.unwrap_err().field_message("code").is_some());
    let code = last_code(app).await;
    let _: () = c
        .call::<api::profile::ConfirmContact>(&[("channel", "phone".into()), ("code", code)])
        .await
        .unwrap();
    // The new phone is now a login name.
    assert_eq!(app.client().login("13712345678", PASSWORD).await, Ok(false));
    // The old phone was told, without the new number in full.
    let told = last_mail(app).await;
    assert_eq!(told.destination, TEACHER);
    assert!(told.body.contains("137****5678"), "{}", told.body);
});

on_both!(an_admin_typed_phone_is_not_a_recovery_contact, |app| {
    use app::server::entities::{dev_mailbox, user};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    // A school admin adds a teacher, and the province an admin account, each with a phone of
    // the admin's choosing.
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let school_id = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
    let teacher_id = "130102199503051239";
    let mut f = new_fields(teacher_id);
    f.phone = "13755550000".into();
    add_teacher(&sa, &f, school_id).await.unwrap();
    let admin_id = app::domain::id_card::make_id_number(
        "130203",
        chrono::NaiveDate::from_ymd_opt(1980, 5, 6).unwrap(),
        77,
    );
    let _: i64 = app
        .login_as(PROVINCE)
        .await
        .call::<api::users::CreateUser>(&[
            ("input[name]", "唐市管".to_string()),
            ("input[id_number]", admin_id.clone()),
            ("input[phone]", "13911112222".to_string()),
            ("input[grant][role]", "city_admin".to_string()),
            ("input[grant][unit]", "130200".to_string()),
        ])
        .await
        .unwrap();
    for (id_number, phone) in [
        (teacher_id, "13755550000"),
        (admin_id.as_str(), "13911112222"),
    ] {
        let u = user::Entity::find()
            .filter(user::Column::IdNumber.eq(id_number))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!u.phone_verified, "{phone}");
        // A reset for the account sends nothing to that phone.
        let r: String = app
            .client()
            .call::<api::recovery::RequestAccountCode>(&[
                ("account", id_number.into()),
                ("captcha", "0000".into()),
                ("purpose", "reset".into()),
            ])
            .await
            .unwrap();
        assert_eq!(r, app::server::services::recovery::CODE_SENT);
        app.deliver().await;
        let sent = dev_mailbox::Entity::find()
            .filter(dev_mailbox::Column::Destination.eq(phone))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(sent, 0, "{phone}");
    }
});

/// The wrong-password attempts the audit log holds for `phone`: one per password check.
async fn password_checks(app: &TestApp, phone: &str) -> usize {
    use app::server::entities::audit_log;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let uid = user_id(app, phone).await;
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login"))
        .filter(audit_log::Column::Outcome.eq("failed"))
        .filter(audit_log::Column::ActorUserId.eq(uid))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.after.as_deref().is_some_and(|a| a.contains("password")))
        .count()
}

on_both!(
    thirty_parallel_wrong_logins_check_the_password_three_times_then_lock,
    |app| {
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..30 {
            let c = app.client();
            burst.spawn(async move { c.login(TEACHER, "NotThePassword9").await });
        }
        let answers = burst.join_all().await;
        assert!(answers.iter().all(Result::is_err));
        let checks = password_checks(app, TEACHER).await;
        assert!((1..=3).contains(&checks), "{checks} password checks");
        // Locked, even for the right password.
        let again = app.client().login(TEACHER, PASSWORD).await;
        assert!(
            matches!(again, Err(AppError::Login(LoginError::Locked { .. }))),
            "{again:?}"
        );
    }
);

on_both!(one_captcha_lets_one_of_parallel_logins_through, |app| {
    use app::server::entities::session;
    use sea_orm::EntityTrait;
    let c = app.client();
    let img = c
        .http
        .get(format!("{}/captcha.jpg", c.base))
        .send()
        .await
        .unwrap();
    assert!(img.status().is_success());
    // A raster image: no markup for a script to read the glyphs from.
    assert_eq!(img.headers()["content-type"], "image/jpeg");
    assert!(img.bytes().await.unwrap().starts_with(&[0xFF, 0xD8, 0xFF]));
    // The answer, read where the server keeps it (the test cannot read the image).
    let rows = session::Entity::find().all(&app.db).await.unwrap();
    let answer = rows
        .iter()
        .find_map(|r| {
            let data: serde_json::Value = serde_json::from_str(&r.data).ok()?;
            data.get("captcha")?.as_str().map(str::to_string)
        })
        .expect("a captcha in a session");
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let c = c.clone();
        let answer = answer.clone();
        burst.spawn(async move {
            c.call::<api::accounts::Login>(&[
                ("account", TEACHER.into()),
                ("password", "NotThePassword9".into()),
                ("captcha", answer),
            ])
            .await
        });
    }
    let answers = burst.join_all().await;
    let past_captcha = answers
        .iter()
        .filter(|a| !matches!(a, Err(AppError::Login(LoginError::BadCaptcha))))
        .count();
    assert_eq!(past_captcha, 1, "{answers:?}");
});

on_both!(
    an_initial_password_account_costs_the_same_argon2_check_as_any_other,
    |app| {
        use std::sync::atomic::Ordering;
        let checks = || app.state.verifications.load(Ordering::SeqCst);
        // Both wrong: one account on its initial password, one with a chosen one. Each runs
        // exactly one argon2 verification, so the answer's timing tells them apart no more
        // than its text does.
        let before = checks();
        let first = app::server::seed::first_login_teacher_id();
        let r = app.client().login(&first, "NotThePassword9").await;
        assert!(
            matches!(r, Err(AppError::Login(LoginError::WrongPassword { .. }))),
            "{r:?}"
        );
        assert_eq!(checks() - before, 1, "initial-password account");
        let before = checks();
        let r = app.client().login(TEACHER, "NotThePassword9").await;
        assert!(
            matches!(r, Err(AppError::Login(LoginError::WrongPassword { .. }))),
            "{r:?}"
        );
        assert_eq!(checks() - before, 1, "chosen-password account");
    }
);

on_both!(
    initial_passwords_are_issued_by_the_school_not_the_id_number,
    |app| {
        use app::domain::initial_password::InitialPasswordRule;
        use app::server::services::initial_passwords;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        // A teacher added by the school has no password anyone can guess from the ID number.
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let school_id = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
        let id_number = "130102199503051239";
        let tid = add_teacher(&sa, &new_fields(id_number), school_id)
            .await
            .unwrap();
        let tail = app.client().login(id_number, &id_number[12..]).await;
        assert!(
            matches!(tail, Err(AppError::Login(LoginError::WrongPassword { .. }))),
            "{tail:?}"
        );
        // The school issues a random one: a sheet to hand out, audited.
        let res = sa
            .http
            .post(format!("{}/api/files/initial-passwords.xlsx", sa.base))
            .header("Origin", &sa.base)
            .form(&[("ids", tid.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let rows =
            app::server::services::spreadsheet::read_rows(&res.bytes().await.unwrap()).unwrap();
        assert_eq!(
            rows[0],
            ["姓名", "师训号", "身份证号", "学校", "初始密码", "有效期至"]
        );
        assert_eq!(rows[1][0], "韩新来");
        assert!(rows[1][2].contains('*'), "the ID number is masked");
        let issued = rows[1][4].clone();
        assert!(
            app::domain::initial_password::well_formed(&issued),
            "{issued}"
        );
        assert_eq!(app.client().login(id_number, &issued).await, Ok(true));
        // Another county's admin cannot issue (and so take over) this school's accounts.
        let other = app.login_as(OTHER_COUNTY).await;
        let refused = other
            .http
            .post(format!("{}/api/files/initial-passwords.xlsx", other.base))
            .header("Origin", &other.base)
            .form(&[("ids", tid.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        // An issued password runs out.
        app::server::entities::user::Entity::update_many()
            .col_expr(
                app::server::entities::user::Column::InitialPasswordExpiresAt,
                sea_orm::sea_query::Expr::value(Some(
                    chrono::Utc::now() - chrono::Duration::days(1),
                )),
            )
            .filter(app::server::entities::user::Column::IdNumber.eq(id_number))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(
            app.client().login(id_number, &issued).await,
            Err(AppError::Login(LoginError::InitialExpired))
        );
        // The seeds' rule stays a province setting.
        initial_passwords::set_rule(&app.db, InitialPasswordRule::IdTail, 30)
            .await
            .unwrap();
        let fresh = app::domain::id_card::make_id_number(
            "130102",
            chrono::NaiveDate::from_ymd_opt(1996, 1, 1).unwrap(),
            123,
        );
        add_teacher(&sa, &new_fields(&fresh), school_id)
            .await
            .unwrap();
        assert_eq!(app.client().login(&fresh, &fresh[12..]).await, Ok(true));
    }
);
