//! Account administration and scope, on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::Page;
use app::dto::account::Me;
use app::dto::users::UserView;
use app::error::{AppError, LoginError};
use app::server::entities::user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn filter(keyword: &str) -> Vec<(&'static str, String)> {
    vec![
        ("filter[keyword]", keyword.into()),
        ("filter[role]", String::new()),
        ("filter[status]", String::new()),
        ("filter[page]", "1".into()),
        ("filter[page_size]", "100".into()),
    ]
}

on_both!(
    a_county_admin_lists_only_the_users_of_its_county_with_masked_ids,
    |app| {
        let c = app.login_as(COUNTY).await;
        let page: Page<UserView> = c.call::<api::users::ListUsers>(&filter("")).await.unwrap();
        let names: Vec<&str> = page.items.iter().map(|u| u.name.as_str()).collect();
        for expected in ["孙县管", "吴校管", "郑老师", "冯新师"] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        for outside in ["李县管", "赵省管", "钱市管", "周机构"] {
            assert!(!names.contains(&outside), "{outside} leaked");
        }
        for u in &page.items {
            assert!(
                u.id_number.is_empty() || u.id_number.contains("**********"),
                "{}",
                u.id_number
            );
        }
        let by_tail: Page<UserView> = c
            .call::<api::users::ListUsers>(&filter("101230"))
            .await
            .unwrap();
        assert_eq!(
            by_tail
                .items
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>(),
            vec!["冯新师"]
        );
        // `_` and `%` are what they are, not wildcards: 18 underscores match no one, and a
        // probe cannot read a masked ID number digit by digit.
        for probe in ["__________________", "%", "_0", "%1%"] {
            let hits: Page<UserView> = c
                .call::<api::users::ListUsers>(&filter(probe))
                .await
                .unwrap();
            assert!(hits.items.is_empty(), "{probe}: {}", hits.items.len());
        }
    }
);

on_both!(
    an_admin_reset_restores_the_initial_password_and_ends_sessions,
    |app| {
        let teacher_session = app.login_as(TEACHER).await;
        let county = app.login_as(COUNTY).await;
        let id = user_id(app, TEACHER).await;
        // The new initial password is random, shown to the admin once.
        let issued: Option<String> = county
            .call::<api::users::ResetUserPassword>(&[("user_id", id.to_string())])
            .await
            .unwrap();
        let issued = issued.unwrap();
        assert!(app::domain::initial_password::well_formed(&issued));
        let gone: Option<Me> = teacher_session
            .call::<api::accounts::CurrentUser>(&[])
            .await
            .unwrap();
        assert_eq!(gone, None);
        let row = user::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let tail = &row.id_number.unwrap()[12..];
        assert!(
            app.client().login(TEACHER, tail).await.is_err(),
            "not the ID tail"
        );
        assert_eq!(app.client().login(TEACHER, &issued).await, Ok(true));
    }
);

on_both!(disabling_an_account_logs_it_out_and_refuses_login, |app| {
    let teacher_session = app.login_as(TEACHER).await;
    let county = app.login_as(COUNTY).await;
    let id = user_id(app, TEACHER).await;
    let _: () = county
        .call::<api::users::SetUserDisabled>(&[
            ("user_id", id.to_string()),
            ("disabled", "true".into()),
        ])
        .await
        .unwrap();
    let gone: Option<Me> = teacher_session
        .call::<api::accounts::CurrentUser>(&[])
        .await
        .unwrap();
    assert_eq!(gone, None);
    // Without its password the account answers as an enabled one: "disabled" is not told.
    assert_eq!(
        app.client().login(TEACHER, "NotThePassword9").await,
        Err(AppError::Login(LoginError::WrongPassword { remaining: 2 }))
    );
    assert_eq!(
        app.client().login(TEACHER, PASSWORD).await,
        Err(AppError::Login(LoginError::Disabled))
    );
    let _: () = county
        .call::<api::users::SetUserDisabled>(&[
            ("user_id", id.to_string()),
            ("disabled", "false".into()),
        ])
        .await
        .unwrap();
    assert_eq!(app.client().login(TEACHER, PASSWORD).await, Ok(false));
});

on_both!(
    a_county_admin_is_refused_every_act_on_another_county,
    |app| {
        let county = app.login_as(COUNTY).await; // 长安区 130102
        let other = app.login_as(OTHER_COUNTY).await; // 桥西区 130104
        let their_school: i64 = other
            .call::<api::org::SaveSchool>(&[
                ("input[name]", "桥西区专用小学".into()),
                ("input[county_code]", "130104".into()),
                ("input[area_type]", "城区".into()),
                ("input[category]", "小学".into()),
                ("input[address]", String::new()),
            ])
            .await
            .unwrap();
        let their_admin = user_id(app, OTHER_COUNTY).await.to_string();
        let city_admin = user_id(app, CITY).await.to_string();
        let s = their_school.to_string();
        // Every server function that takes an org unit or a user, pointed at another county.
        let attempts: Vec<(&str, Vec<(&str, String)>)> = vec![
            ("list_regions", vec![("parent", "130104".into())]),
            ("list_regions", vec![("parent", "130100".into())]),
            (
                "list_schools",
                vec![
                    ("filter[keyword]", String::new()),
                    ("filter[region_code]", "130104".into()),
                    ("filter[category]", String::new()),
                    ("filter[status]", String::new()),
                    ("filter[page]", "1".into()),
                    ("filter[page_size]", "20".into()),
                ],
            ),
            (
                "save_school",
                vec![
                    ("input[id]", s.clone()),
                    ("input[name]", "改名".into()),
                    ("input[county_code]", "130104".into()),
                    ("input[area_type]", "城区".into()),
                    ("input[category]", "小学".into()),
                    ("input[address]", String::new()),
                ],
            ),
            (
                "set_school_disabled",
                vec![("id", s.clone()), ("disabled", "true".into())],
            ),
            (
                "reset_user_password",
                vec![("user_id", their_admin.clone())],
            ),
            (
                "set_user_disabled",
                vec![
                    ("user_id", their_admin.clone()),
                    ("disabled", "true".into()),
                ],
            ),
            ("reset_user_password", vec![("user_id", city_admin.clone())]),
            (
                "set_user_disabled",
                vec![("user_id", city_admin), ("disabled", "true".into())],
            ),
        ];
        for (endpoint, form) in attempts {
            let r: Result<serde_json::Value, AppError> =
                county.call_endpoint(endpoint, &form).await;
            assert_eq!(r, Err(AppError::Forbidden), "{endpoint} {form:?}");
        }
        // Each refusal is in the audit log with who and which endpoint.
        {
            use app::server::entities::audit_log;
            let county_id = user_id(app, COUNTY).await;
            let denied = audit_log::Entity::find()
                .filter(audit_log::Column::Outcome.eq("denied"))
                .filter(audit_log::Column::ActorUserId.eq(county_id))
                .all(&app.db)
                .await
                .unwrap();
            assert_eq!(denied.len(), 9);
            assert!(
                denied
                    .iter()
                    .any(|d| d.target_id.as_deref() == Some("/api/set_user_disabled"))
            );
        }
        // And nothing changed.
        let row = user::Entity::find()
            .filter(user::Column::Phone.eq(OTHER_COUNTY))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!row.disabled && !row.must_change_password);
    }
);

on_both!(an_admin_does_not_manage_a_peer_of_its_own_level, |app| {
    use app::server::entities::role_assignment;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    // 郑老师 becomes the county's second admin: a peer of 孙县管.
    let peer = user_id(app, TEACHER).await;
    role_assignment::ActiveModel {
        user_id: Set(peer),
        role: Set(app::domain::role::Role::CountyAdmin),
        region_code: Set(Some("130102".into())),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let county = app.login_as(COUNTY).await;
    let reset: Result<Option<String>, _> = county
        .call::<api::users::ResetUserPassword>(&[("user_id", peer.to_string())])
        .await;
    assert_eq!(reset, Err(AppError::Forbidden));
    let disable: Result<(), _> = county
        .call::<api::users::SetUserDisabled>(&[
            ("user_id", peer.to_string()),
            ("disabled", "true".into()),
        ])
        .await;
    assert_eq!(disable, Err(AppError::Forbidden));
    // The city above them may.
    let city = app.login_as(CITY).await;
    let reset: Result<Option<String>, _> = city
        .call::<api::users::ResetUserPassword>(&[("user_id", peer.to_string())])
        .await;
    assert!(matches!(reset, Ok(Some(_))), "{reset:?}");
});

on_both!(the_auditor_alone_reads_and_exports_the_audit_log, |app| {
    use app::server::entities::audit_log;
    use app::server::seed::AUDITOR_PHONE;
    use sea_orm::{ConnectionTrait, PaginatorTrait};
    let province = app.login_as(PROVINCE).await;
    let auditor = app.login_as(AUDITOR_PHONE).await;
    let read = |c: &Client, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        async move { c.call::<api::audit::AuditLog>(&form).await }
    };
    // The administrators, whose acts the log holds, cannot read it.
    for admin in [&province, &app.login_as(COUNTY).await] {
        assert_eq!(
            read(admin, vec![("filter[page]", "1".into())]).await,
            Err(AppError::Forbidden)
        );
    }
    // The auditor filters by action and actor: the province admin's login is there.
    let page = read(
        &auditor,
        vec![
            ("filter[action]", "login".into()),
            ("filter[actor]", PROVINCE.into()),
            ("filter[outcome]", "ok".into()),
        ],
    )
    .await
    .unwrap();
    assert!(page.rows.total >= 1);
    assert!(
        page.rows
            .items
            .iter()
            .all(|r| r.action == "login" && r.actor == "赵省管")
    );
    assert_eq!(page.rows.items[0].action_label, "登录");
    assert_eq!(page.retention_days, 180);
    assert!(page.earliest.is_some() && page.total_all >= page.rows.total);
    // A refusal is there too, with its endpoint.
    let denied = read(&auditor, vec![("filter[outcome]", "denied".into())])
        .await
        .unwrap();
    assert!(
        denied
            .rows
            .items
            .iter()
            .any(|r| r.target == "endpoint#/api/audit_log")
    );
    // The export is an .xlsx of the same filter, and is itself audited.
    let (status, _, xlsx) = get_bytes(&auditor, "/api/files/audit.xlsx?action=login").await;
    assert_eq!(status, 200);
    let rows = app::server::services::spreadsheet::read_rows(&xlsx).unwrap();
    assert_eq!(rows[0][..3], ["编号", "时间（北京）", "操作人"]);
    assert!(rows[1..].iter().all(|r| r[5] == "login"));
    let exported = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("audit.export"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(exported, 1);
    let (status, _, _) = get_bytes(&province, "/api/files/audit.xlsx").await;
    assert_eq!(status, 403);
    // The log cannot be rewritten, deleted or (on PostgreSQL) truncated by the app.
    for sql in [
        "UPDATE audit_log SET outcome = 'ok'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        if sql.starts_with("TRUNCATE")
            && app.db.get_database_backend() != sea_orm::DbBackend::Postgres
        {
            continue; // SQLite has no TRUNCATE (README: what SQLite cannot enforce)
        }
        assert!(app.db.execute_unprepared(sql).await.is_err(), "{sql}");
    }
});

on_both!(
    every_act_is_audited_and_a_log_that_cannot_be_written_fails_it,
    |app| {
        use app::server::entities::audit_log;
        use sea_orm::{ConnectionTrait, PaginatorTrait, QueryOrder};
        let calls = |name: &'static str| {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("call"))
                .filter(audit_log::Column::TargetId.eq(name))
                .order_by_desc(audit_log::Column::Id)
                .all(&app.db)
        };
        // A view of one teacher's record is audited, with who asked, for which record, from
        // where — also when the record's page is rendered on the server.
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let zheng = teacher_of(app, TEACHER).await;
        let views = || {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("teacher.view"))
                .filter(audit_log::Column::TargetId.eq(zheng.id.to_string()))
                .all(&app.db)
        };
        detail(&sa, zheng.id).await.unwrap();
        let seen = views().await.unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].actor_user_id,
            Some(user_id(app, SCHOOL_ADMIN).await)
        );
        assert!(seen[0].ip.is_some());
        let page = sa
            .http
            .get(format!("{}/teachers/{}", sa.base, zheng.id))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        // The page's data is fetched in-process at least once while it renders (the router
        // may run it again as it settles): each run is logged.
        assert!(views().await.unwrap().len() >= 2);

        // A workflow act of a teacher (JSON arguments) too; a plain list is not logged.
        let t = app.login_as(TEACHER).await;
        t.call_json::<api::notifications::MarkNotificationsRead>(
            serde_json::json!({ "ids": [1, 2] }),
        )
        .await
        .unwrap();
        let logged = calls("mark_notifications_read").await.unwrap();
        // One entry, written by the gate before the call ran.
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].outcome, "requested");
        assert!(logged[0].ip.is_some());
        assert!(logged[0].after.as_deref().unwrap().contains("ids"));
        list(&sa, "").await.unwrap();
        assert_eq!(
            audit_log::Entity::find()
                .filter(audit_log::Column::TargetId.eq("list_teachers"))
                .count(&app.db)
                .await
                .unwrap(),
            0
        );
        // Fail closed: when the log refuses a row, the call is answered as failed.
        let refuse = match app.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => vec![
                "CREATE FUNCTION audit_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'full'; END; $$ LANGUAGE plpgsql;",
                "CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse();",
            ],
            _ => vec![
                "CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'full'); END;",
            ],
        };
        // A teacher's hand-entered credit, as it would be accepted while the log works.
        let submit = || {
            t.call_json::<api::credits::SubmitCredit>(serde_json::json!({ "draft": {
                    "year": chrono::Datelike::year(
                        &app::server::services::training_years::today()
                    ).to_string(),
                    "category": "校本研修",
                    "title": "校本教研",
                    "credits": "2",
                    "hours": "8",
                } }))
        };
        submit().await.unwrap();
        let entries = || {
            app::server::entities::credit_entry::Entity::find()
                .filter(app::server::entities::credit_entry::Column::UserId.eq(zheng.user_id))
                .count(&app.db)
        };
        let before = entries().await.unwrap();
        for sql in refuse {
            app.db.execute_unprepared(sql).await.unwrap();
        }
        assert_eq!(detail(&sa, zheng.id).await.unwrap_err(), AppError::Internal);
        // The call never ran: nothing was written without its entry.
        assert_eq!(submit().await.unwrap_err(), AppError::Internal);
        assert_eq!(entries().await.unwrap(), before);
    }
);
