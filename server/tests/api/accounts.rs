//! Server-function integration tests, run on SQLite and on PostgreSQL.

use crate::helpers::*;
use app::dto::Page;
use app::dto::account::Me;
use app::dto::org::SchoolView;
use app::error::{AppError, LoginError};
use app::server::seed::first_login_teacher_id;

fn school_form(id: Option<i64>, name: &str, county: &str) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("input[name]", name.to_string()),
        ("input[county_code]", county.to_string()),
        ("input[area_type]", "城区".to_string()),
        ("input[category]", "小学".to_string()),
        ("input[address]", String::new()),
    ];
    if let Some(id) = id {
        f.push(("input[id]", id.to_string()));
    }
    f
}

fn filter(keyword: &str) -> Vec<(&'static str, String)> {
    vec![
        ("filter[keyword]", keyword.to_string()),
        ("filter[region_code]", String::new()),
        ("filter[category]", String::new()),
        ("filter[status]", String::new()),
        ("filter[page]", "1".into()),
        ("filter[page_size]", "100".into()),
    ]
}

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
    let _: () = laptop
        .call::<api::accounts::ChangePassword>(&[
            ("current", PASSWORD.into()),
            ("new", "Xinmima2026a".into()),
        ])
        .await
        .unwrap();
    let on_phone: Option<Me> = phone.call::<api::accounts::CurrentUser>(&[]).await.unwrap();
    assert_eq!(on_phone, None);
    let on_laptop: Option<Me> = laptop
        .call::<api::accounts::CurrentUser>(&[])
        .await
        .unwrap();
    assert!(on_laptop.is_some());
});

on_both!(
    county_admin_cannot_read_or_change_another_countys_schools,
    |app| {
        let county = app.login_as(COUNTY).await; // 长安区 130102
        let other = app.login_as(OTHER_COUNTY).await; // 桥西区 130104
        let own: i64 = county
            .call::<api::org::SaveSchool>(&school_form(None, "长安区测试小学", "130102"))
            .await
            .unwrap();
        let theirs: i64 = other
            .call::<api::org::SaveSchool>(&school_form(None, "桥西区测试小学", "130104"))
            .await
            .unwrap();

        // Listing shows only the own county.
        let page: Page<SchoolView> = county
            .call::<api::org::ListSchools>(&filter("测试小学"))
            .await
            .unwrap();
        assert_eq!(
            page.items.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![own]
        );
        let page: Page<SchoolView> = county
            .call::<api::org::ListSchools>(&filter(""))
            .await
            .unwrap();
        assert!(page.items.iter().all(|s| s.county_code == "130102"));

        // Creating, editing, moving or disabling in another county is refused.
        let create: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(None, "越权小学", "130104"))
            .await;
        assert_eq!(create, Err(AppError::Forbidden));
        let edit: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(Some(theirs), "改名", "130102"))
            .await;
        assert_eq!(edit, Err(AppError::Forbidden));
        let steal: Result<i64, _> = county
            .call::<api::org::SaveSchool>(&school_form(Some(own), "长安区测试小学", "130104"))
            .await;
        assert_eq!(steal, Err(AppError::Forbidden));
        let disable: Result<(), _> = county
            .call::<api::org::SetSchoolDisabled>(&[
                ("id", theirs.to_string()),
                ("disabled", "true".into()),
            ])
            .await;
        assert_eq!(disable, Err(AppError::Forbidden));
        let filtered: Result<Page<SchoolView>, _> = county
            .call::<api::org::ListSchools>(
                &[
                    filter("")[..1].to_vec(),
                    vec![("filter[region_code]", "130104".into())],
                    filter("")[2..].to_vec(),
                ]
                .concat(),
            )
            .await;
        assert_eq!(filtered, Err(AppError::Forbidden));
        let regions: Result<(app::dto::org::RegionView, Vec<app::dto::org::RegionView>), _> =
            county
                .call::<api::org::ListRegions>(&[("parent", "130104".into())])
                .await;
        assert_eq!(regions, Err(AppError::Forbidden));
    }
);

on_both!(
    city_and_province_admins_see_the_counties_below_them,
    |app| {
        let other = app.login_as(OTHER_COUNTY).await;
        let _: i64 = other
            .call::<api::org::SaveSchool>(&school_form(None, "桥西区可见小学", "130104"))
            .await
            .unwrap();
        for account in [CITY, PROVINCE] {
            let c = app.login_as(account).await;
            let page: Page<SchoolView> = c
                .call::<api::org::ListSchools>(&filter("桥西区可见小学"))
                .await
                .unwrap();
            assert_eq!(page.total, 1, "{account}");
        }
        let teacher = app.login_as(TEACHER).await;
        let r: Result<Page<SchoolView>, _> =
            teacher.call::<api::org::ListSchools>(&filter("")).await;
        assert_eq!(r, Err(AppError::Forbidden));
    }
);

on_both!(a_school_form_names_each_bad_field, |app| {
    let c = app.login_as(COUNTY).await;
    let r: Result<i64, _> = c
        .call::<api::org::SaveSchool>(&[
            ("input[name]", "".into()),
            ("input[county_code]", "130102".into()),
            ("input[area_type]", "火星".into()),
            ("input[category]", "".into()),
            ("input[address]", "".into()),
        ])
        .await;
    let e = r.unwrap_err();
    assert_eq!(e.field_message("name").as_deref(), Some("请填写学校全称"));
    assert!(e.field_message("area_type").is_some());
    assert!(e.field_message("category").is_some());
    let _: i64 = c
        .call::<api::org::SaveSchool>(&school_form(None, "重名小学", "130102"))
        .await
        .unwrap();
    let dup: Result<i64, _> = c
        .call::<api::org::SaveSchool>(&school_form(None, "重名小学", "130102"))
        .await;
    assert_eq!(
        dup.unwrap_err().field_message("name").as_deref(),
        Some("本区县已有同名学校")
    );
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
    use sea_orm::{EntityTrait, QueryOrder};
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
    let mail = dev_mailbox::Entity::find()
        .order_by_desc(dev_mailbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let code: String = mail
        .body
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    let _: () = c
        .call::<api::profile::ConfirmContact>(&[("channel", "phone".into()), ("code", code)])
        .await
        .unwrap();
    // The new phone is now a login name.
    assert_eq!(app.client().login("13712345678", PASSWORD).await, Ok(false));
    // The old phone was told, without the new number in full.
    let told = dev_mailbox::Entity::find()
        .order_by_desc(dev_mailbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
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
        let sent = dev_mailbox::Entity::find()
            .filter(dev_mailbox::Column::Destination.eq(phone))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(sent, 0, "{phone}");
    }
});

on_both!(requests_from_another_origin_are_refused, |app| {
    let c = app.client();
    let res = c
        .http
        .post(format!("{}/api/login", c.base))
        .header("Origin", "https://evil.example")
        .form(&[
            ("account", PROVINCE),
            ("password", PASSWORD),
            ("captcha", "0000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::FORBIDDEN);
});

on_both!(server_function_errors_carry_a_fitting_http_status, |app| {
    let c = app.client();
    let status = |endpoint: &'static str, form: Vec<(&'static str, String)>| {
        let c = &c;
        async move {
            c.http
                .post(format!("{}/api/{endpoint}", c.base))
                .header("Origin", &c.base)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status("my_profile", vec![]).await, 401);
    let bad_captcha = vec![
        ("account", PROVINCE.into()),
        ("password", "x".into()),
        ("captcha", "WXYZ".into()),
    ];
    assert_eq!(status("login", bad_captcha).await, 400);
    c.login(COUNTY, PASSWORD).await.unwrap();
    assert_eq!(
        status("list_regions", vec![("parent", "130104".into())]).await,
        403
    );
    assert_eq!(
        status(
            "set_school_disabled",
            vec![("id", "999999".into()), ("disabled", "true".into())]
        )
        .await,
        404
    );
    let empty = vec![
        ("input[name]", String::new()),
        ("input[county_code]", "130102".into()),
        ("input[area_type]", String::new()),
        ("input[category]", String::new()),
        ("input[address]", String::new()),
    ];
    assert_eq!(status("save_school", empty).await, 422);
});

on_both!(
    logins_are_audited_and_the_audit_log_cannot_be_changed,
    |app| {
        use app::server::entities::audit_log;
        use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
        let _ = app.client().login(PROVINCE, "bad-password-1").await;
        let _ = app.login_as(PROVINCE).await;
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("login"))
            .all(&app.db)
            .await
            .unwrap();
        assert!(rows.iter().any(|r| r.outcome == "failed"));
        assert!(rows.iter().any(|r| r.outcome == "ok"));
        assert!(
            app.db
                .execute_unprepared("DELETE FROM audit_log")
                .await
                .is_err()
        );
        assert!(
            app.db
                .execute_unprepared("UPDATE audit_log SET action = 'x'")
                .await
                .is_err()
        );
    }
);

on_both!(pages_carry_security_headers, |app| {
    let res = reqwest::get(format!("http://{}/healthz", app.addr))
        .await
        .unwrap();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // A script that got in cannot send what it reads anywhere but back to this site.
    let connect: Vec<&str> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| d.starts_with("connect-src"))
        .collect();
    assert_eq!(connect, ["connect-src 'self'"], "{csp}");
});

on_both!(a_body_over_its_endpoint_limit_is_refused_with_413, |app| {
    let c = app.client();
    let big = "x".repeat(3 * 1024 * 1024);
    let res = c
        .http
        .post(format!("{}/api/list_schools", c.base))
        .header("Origin", &c.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("filter[keyword]={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let body = res.bytes().await.unwrap();
    let error: AppError = app::error::decode_answer(&body).unwrap();
    assert_eq!(
        error,
        AppError::TooLarge {
            limit_kb: 2048 + 64
        }
    );
    assert_eq!(error.to_string(), "提交的内容过大，不能超过 2 MB");
    // The teacher import takes its 20 MB: the same body, as a file, reaches the function
    // (which refuses it for what it is, not for its size) ...
    let file = reqwest::multipart::Part::bytes(big.into_bytes()).file_name("教师.xlsx");
    let res = c
        .http
        .post(format!("{}/api/upload_teachers", c.base))
        .header("Origin", &c.base)
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 413);
    // ... and anything but a file posted to an upload is refused, not read.
    let res = c
        .http
        .post(format!("{}/api/upload_teachers", c.base))
        .header("Origin", &c.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("file=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
});

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.body_seconds = 1).await;
    let mut conn = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/current_user HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nab",
        app.addr
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 12];
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        conn.read_exact(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "no answer while the body trickled");
    assert_eq!(String::from_utf8_lossy(&answer), "HTTP/1.1 408");
    app.cleanup().await;
}

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

/// Every HTTP route besides the server functions, with a sample path, its method and who may
/// use it. `every_route_is_listed` keeps the list whole.
const ROUTES: [(&str, &str, &str, &str); 20] = [
    // (route as registered, sample path, method, who)
    ("/captcha.jpg", "/captcha.jpg", "GET", "anyone"),
    (
        "/dev/mailbox",
        "/dev/mailbox",
        "GET",
        "anyone (demo mode only)",
    ),
    ("/healthz", "/healthz", "GET", "anyone"),
    (
        "/me/photo/{kind}",
        "/me/photo/avatar",
        "GET",
        "signed in: own photo",
    ),
    (
        "/api/files/teachers.xlsx",
        "/api/files/teachers.xlsx",
        "GET",
        "records admins",
    ),
    (
        "/api/files/audit.xlsx",
        "/api/files/audit.xlsx",
        "GET",
        "the auditor",
    ),
    (
        "/api/files/statistics.xlsx",
        "/api/files/statistics.xlsx",
        "GET",
        "bureau and school admins",
    ),
    (
        "/api/files/initial-passwords.xlsx",
        "/api/files/initial-passwords.xlsx",
        "POST",
        "records admins",
    ),
    (
        "/api/files/credit-shortfall.xlsx",
        "/api/files/credit-shortfall.xlsx",
        "GET",
        "bureaus and schools",
    ),
    (
        "/api/files/projects/{id}/plan",
        "/api/files/projects/1/plan",
        "GET",
        "who may see the project",
    ),
    (
        "/api/files/teacher-template.xlsx",
        "/api/files/teacher-template.xlsx",
        "GET",
        "records admins",
    ),
    (
        "/api/files/directive-template.xlsx",
        "/api/files/directive-template.xlsx",
        "GET",
        "county admins",
    ),
    (
        "/api/files/teacher-import/{job}/rejected.xlsx",
        "/api/files/teacher-import/1/rejected.xlsx",
        "GET",
        "the importing admin",
    ),
    (
        "/api/files/certificates/{number}",
        "/api/files/certificates/X",
        "GET",
        "holder or the class's runner",
    ),
    (
        "/api/files/classes/{id}/{file}",
        "/api/files/classes/1/scores.xlsx",
        "GET",
        "the class's runner",
    ),
    (
        "/api/files/notices/{id}",
        "/api/files/notices/1",
        "GET",
        "the enrolled teacher",
    ),
    (
        "/api/files/growth/{id}",
        "/api/files/growth/1",
        "GET",
        "the teacher and their records admins",
    ),
    (
        "/api/files/assessment-template.xlsx",
        "/api/files/assessment-template.xlsx",
        "GET",
        "county and school admins",
    ),
    (
        "/api/files/credit-certificate",
        "/api/files/credit-certificate",
        "GET",
        "the teacher",
    ),
    (
        "/sso/redeem",
        "/sso/redeem",
        "POST",
        "an institution's platform with its secret",
    ),
];

#[test]
fn every_route_is_listed() {
    let source = include_str!("../../src/lib.rs");
    let mut registered: Vec<&str> = source
        .split(".route(")
        .skip(1)
        .filter_map(|r| r.trim_start().strip_prefix('"')?.split('"').next())
        .collect();
    registered.sort();
    let mut listed: Vec<&str> = ROUTES.iter().map(|r| r.0).collect();
    listed.sort();
    assert_eq!(registered, listed, "a route without an entry in ROUTES");
    // The server's gate holds the same routes.
    let mut gated: Vec<&str> = app::api::gates::ROUTES.iter().map(|r| r.0).collect();
    gated.sort();
    assert_eq!(
        registered, gated,
        "a route without a gate in app::api::gates"
    );
}

/// An empty call of a server function (multipart ones get an empty multipart form).
async fn empty_call(c: &Client, name: &str) -> Result<(), AppError> {
    if app::api::MULTIPART_ENDPOINTS.contains(&name) {
        c.call_endpoint_multipart(name, reqwest::multipart::Form::new())
            .await
    } else {
        c.call_endpoint(name, &[]).await
    }
}

// The one gate: every server function refuses, before it runs, a stranger (unless it is open
// to anyone) and every signed-in role that holds none of the permissions its entry in
// `app::api::gates` asks — with one answer that tells nothing. A path under /api/ without an
// entry is not found.
on_both!(
    every_server_function_refuses_the_roles_its_gate_keeps_out,
    |app| {
        use app::api::gates::SERVER_FUNCTIONS;
        use app::domain::access::Gate;
        use app::domain::role::Role;
        use app::server::seed::AUDITOR_PHONE;
        let stranger = app.client();
        let mut signed_in = Vec::new();
        for (role, phone) in [
            (Role::ProvinceAdmin, PROVINCE),
            (Role::CityAdmin, CITY),
            (Role::CountyAdmin, COUNTY),
            (Role::SchoolAdmin, SCHOOL_ADMIN),
            (Role::Institution, INSTITUTION),
            (Role::Teacher, TEACHER),
            (Role::Auditor, AUDITOR_PHONE),
        ] {
            signed_in.push((role, app.login_as(phone).await));
        }
        let mut refused = 0;
        for (name, gate) in SERVER_FUNCTIONS {
            if gate != Gate::Anyone {
                assert_eq!(
                    empty_call(&stranger, name).await,
                    Err(AppError::NotAuthenticated),
                    "{name}"
                );
            }
            for (role, c) in &signed_in {
                if gate.admits(Some(*role)) {
                    continue;
                }
                assert_eq!(
                    empty_call(c, name).await,
                    Err(AppError::Forbidden),
                    "{name} as {role:?}"
                );
                refused += 1;
            }
        }
        assert!(refused > 300, "only {refused} refusals");
        let teacher = &signed_in[5].1;
        assert_eq!(
            empty_call(teacher, "no_such_function").await,
            Err(AppError::NotFound)
        );
        // Each refusal is in the audit log.
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let denied = app::server::entities::audit_log::Entity::find()
            .filter(app::server::entities::audit_log::Column::Outcome.eq("denied"))
            .count(&app.db)
            .await
            .unwrap();
        assert!(denied >= refused as u64, "{denied} < {refused}");
    }
);

on_both!(every_route_but_the_public_ones_refuses_a_stranger, |app| {
    let stranger = app.client();
    for (route, path, method, who) in ROUTES {
        let req = match method {
            "POST" => stranger
                .http
                .post(format!("{}{path}", stranger.base))
                .form(&[("ids", "1"), ("ticket", "0")]),
            _ => stranger.http.get(format!("{}{path}", stranger.base)),
        };
        let status = req.send().await.unwrap().status().as_u16();
        if who.starts_with("anyone") {
            assert_eq!(status, 200, "{route}");
        } else {
            assert!(matches!(status, 401 | 403 | 404), "{route}: {status}");
        }
    }
    // A teacher is refused every admin file.
    let teacher = app.login_as(TEACHER).await;
    for (route, path, method, who) in ROUTES {
        if !(who.contains("admin")
            || who.contains("auditor")
            || who.contains("runner")
            || who.contains("bureaus"))
            || method == "POST"
        {
            continue;
        }
        let status = teacher
            .http
            .get(format!("{}{path}", teacher.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert!(matches!(status, 403 | 404), "{route}: {status}");
    }
});

// An admin's act and its audit entry stand or fall together (fail closed): when the log
// refuses the entry, the act is undone and answered as failed. Every entry says where the act
// came from.
on_both!(
    an_admin_act_the_log_cannot_hold_is_undone_and_entries_say_where_they_came_from,
    |app| {
        use app::server::entities::{audit_log, school};
        use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter};
        let county = app.login_as(COUNTY).await;
        let s = other_school(app, "130102", None).await;
        let set = |disabled: bool| {
            let county = county.clone();
            let form = [("id", s.id.to_string()), ("disabled", disabled.to_string())];
            async move { county.call::<api::org::SetSchoolDisabled>(&form).await }
        };
        set(true).await.unwrap();
        let entry = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("school.disable"))
            .filter(audit_log::Column::TargetId.eq(s.id.to_string()))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the act's entry");
        assert_eq!(entry.ip.as_deref(), Some("127.0.0.1"));
        // The log now refuses the entry of the next act (as a full disk or a lost database
        // role would).
        let refuse = match app.db.get_database_backend() {
            DatabaseBackend::Sqlite => vec![
                "CREATE TRIGGER refuse_enable BEFORE INSERT ON audit_log \
                 WHEN NEW.action = 'school.enable' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            ],
            _ => vec![
                "CREATE FUNCTION refuse_enable() RETURNS trigger AS $$ BEGIN \
                 IF NEW.action = 'school.enable' THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_enable BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION refuse_enable()",
            ],
        };
        for sql in refuse {
            app.db.execute_unprepared(sql).await.unwrap();
        }
        assert_eq!(set(false).await, Err(AppError::Internal));
        let after = school::Entity::find_by_id(s.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(after.disabled, "the act stood without its entry");
    }
);
