//! The HTTP surface as an attacker meets it: origins, statuses, security headers, body limits,
//! the one gate in front of every server function and route, and an audit log that fails
//! closed — on SQLite and on PostgreSQL.

use crate::helpers::*;
use app::error::AppError;

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

/// Every HTTP route besides the server functions, with a sample path, its method and who may
/// use it. `every_route_is_listed` keeps the list whole.
const ROUTES: [(&str, &str, &str, &str); 21] = [
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
        "/api/files/announcements/{id}/files/{file}",
        "/api/files/announcements/1/files/1",
        "GET",
        "whoever may open the announcement",
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
