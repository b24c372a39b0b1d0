//! Check-in: the runner opens a session with a rotating code, an enrolled teacher checks in
//! with it (a just-rotated code too, a stale one not), only once; the roster tick; others
//! cannot — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::checkin::window_of;
use app::dto::checkin::{CheckedIn, CheckinScreen, SessionSummary};
use app::error::{AppError, Broken};
use app::server::entities::checkin_session;
use app::server::services::checkin::code;
use sea_orm::EntityTrait;

async fn check_in(c: &Client, session: Option<i64>, code: &str) -> Result<CheckedIn, AppError> {
    let mut form = vec![("code", code.to_string())];
    if let Some(s) = session {
        form.push(("session_id", s.to_string()));
    }
    c.call::<api::checkin::CheckIn>(&form).await
}

/// The session as stored (its secret) and the current code window.
async fn session_now(app: &TestApp, sid: i64) -> (checkin_session::Model, i64) {
    let s = checkin_session::Entity::find_by_id(sid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (s, window_of(chrono::Utc::now().timestamp()))
}

on_both!(a_teacher_checks_in_with_the_rotating_code_once, |app| {
    let (class, eid) = enrolled_class(app, "签到测试项目", 12, 0).await;
    let inst = app.login_as(INSTITUTION).await;
    let county = app.login_as(COUNTY).await;
    let open = |c: &Client, title: &str| {
        let c = c.clone();
        let title = title.to_string();
        async move {
            c.call::<api::checkin::OpenCheckin>(&[
                ("class_id", class.to_string()),
                ("title", title),
            ])
            .await
        }
    };
    assert_eq!(
        open(&county, "第1天上午").await.unwrap_err(),
        AppError::Forbidden
    );
    assert!(
        open(&inst, " ")
            .await
            .unwrap_err()
            .field_message("title")
            .is_some()
    );
    let sid = open(&inst, "第1天上午").await.unwrap();
    let screen: CheckinScreen = inst
        .call::<api::checkin::GetCheckinScreen>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    assert!(screen.open);
    assert!(screen.qr_svg.contains("<svg"));
    assert!(
        screen
            .url
            .contains(&format!("/checkin?s={sid}&c={}", screen.code))
    );
    assert_eq!((screen.present, screen.roster.len()), (0, 1));

    let t = app.login_as(TEACHER).await;
    // A code from two windows ago no longer counts.
    let (s, now) = session_now(app, sid).await;
    let stale = code(&s.secret, now - 3);
    let e = check_in(&t, Some(sid), &stale).await.unwrap_err();
    assert!(e.field_message("code").unwrap().contains("已失效"));
    // The code that just rotated out is accepted (a slow scan).
    let c = check_in(&t, Some(sid), &code(&s.secret, now - 1))
        .await
        .unwrap();
    assert!(!c.again);
    assert_eq!(c.title, "第1天上午");
    // Scanning again does not count twice; typing the code alone finds the session.
    let again = check_in(&t, None, &screen.code).await;
    let again = match again {
        Ok(a) => a,
        // The screen's code may have rotated twice since; the current one then.
        Err(_) => check_in(
            &t,
            None,
            &code(&s.secret, window_of(chrono::Utc::now().timestamp())),
        )
        .await
        .unwrap(),
    };
    assert!(again.again);
    let screen: CheckinScreen = inst
        .call::<api::checkin::GetCheckinScreen>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    assert_eq!(screen.present, 1);
    assert_eq!(screen.roster[0].state, "已签到");
    // Someone not in the class cannot: another teacher is told so, an administrator's role is
    // refused at the gate.
    let other = app.login_as(SCHOOL_ADMIN).await;
    let e = check_in(&other, Some(sid), &screen.code).await.unwrap_err();
    assert_eq!(e, AppError::Forbidden);
    let outsider = school_teacher(app, 41, "数学").await;
    let e = check_in(&outsider, Some(sid), &screen.code)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::from(Broken::NotOnRoster));

    // The roster tick undoes and redoes it.
    let tick = |present: bool| {
        let inst = inst.clone();
        async move {
            inst.call::<api::checkin::TickRoster>(&[
                ("session_id", sid.to_string()),
                ("enrolment_id", eid.to_string()),
                ("present", present.to_string()),
            ])
            .await
        }
    };
    tick(false).await.unwrap();
    tick(true).await.unwrap();
    let screen: CheckinScreen = inst
        .call::<api::checkin::GetCheckinScreen>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    assert!(screen.roster[0].by_roster);
    assert_eq!(
        county
            .refused::<api::checkin::TickRoster>(&[
                ("session_id", sid.to_string()),
                ("enrolment_id", eid.to_string()),
                ("present", "true".into()),
            ],)
            .await,
        AppError::Forbidden
    );
    // Ended: no more check-ins; the class lists the session with its count.
    inst.call::<api::checkin::CloseCheckin>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    let e = check_in(&t, Some(sid), &screen.code).await.unwrap_err();
    assert_eq!(e, AppError::from(Broken::CheckinClosed));
    let list: Vec<SessionSummary> = inst
        .call::<api::checkin::CheckinSessions>(&[("class_id", class.to_string())])
        .await
        .unwrap();
    assert_eq!((list[0].present, list[0].open), (1, false));
});

on_both!(
    the_receipt_of_a_check_in_is_read_back_by_its_teacher_only,
    |app| {
        let (class, _) = enrolled_class(app, "签到回执项目", 12, 0).await;
        let inst = app.login_as(INSTITUTION).await;
        let sid = open_checkin(&inst, class, "回执").await;
        let receipt = |c: Client| async move {
            c.call::<api::checkin::MyCheckin>(&[("session_id", sid.to_string())])
                .await
        };
        let t = app.login_as(TEACHER).await;
        assert_eq!(receipt(t.clone()).await, Ok(None));
        let (s, now) = session_now(app, sid).await;
        let done = check_in(&t, Some(sid), &code(&s.secret, now))
            .await
            .unwrap();
        assert_eq!(done.session_id, sid);
        let read = receipt(t).await.unwrap().expect("the teacher's receipt");
        assert_eq!(
            (read.session_id, read.title.as_str(), read.again),
            (sid, "回执", false)
        );
        assert_eq!(read.class_label, done.class_label);
        // Someone else's session reads as none to another teacher; an administrator's role
        // has no receipts; without a login, nothing.
        assert_eq!(
            receipt(school_teacher(app, 42, "数学").await).await,
            Ok(None)
        );
        assert_eq!(
            receipt(app.login_as(SCHOOL_ADMIN).await).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(receipt(app.client()).await, Err(AppError::NotAuthenticated));
    }
);

/// The QR code points at the configured public origin, never at the Host a request claims
/// (a forged Host would otherwise print a phishing address on the screen teachers scan).
#[tokio::test]
async fn the_qr_code_points_at_the_public_origin_not_the_host_header() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.public_origin = Some("https://shixun.example.gov.cn".into());
    })
    .await;
    let (class, _) = enrolled_class(&app, "签到地址项目", 12, 0).await;
    let inst = app.login_as(INSTITUTION).await;
    let sid = open_checkin(&inst, class, "第1天").await;
    let answer = inst
        .http
        .post(format!("{}/api/get_checkin_screen", inst.base))
        .header("host", "evil.example")
        .form(&[("session_id", sid.to_string())])
        .send()
        .await
        .unwrap();
    let screen: CheckinScreen = decode(answer).await.unwrap();
    assert!(
        screen
            .url
            .starts_with("https://shixun.example.gov.cn/checkin?s="),
        "{}",
        screen.url
    );
    app.cleanup().await;
}

async fn queued(
    c: &Client,
    session: Option<i64>,
    code: &str,
    scanned_at: i64,
) -> Result<CheckedIn, AppError> {
    let mut form = vec![
        ("code", code.to_string()),
        ("scanned_at", scanned_at.to_string()),
    ];
    if let Some(s) = session {
        form.push(("session_id", s.to_string()));
    }
    c.call::<api::checkin::CheckIn>(&form).await
}

// A phone without network at the scan queues the check-in with the scan time and sends it
// later: it counts when the session was open then and the code was the one shown then.
on_both!(a_check_in_queued_offline_counts_at_its_scan_time, |app| {
    use app::server::entities::checkin;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let (class, _) = enrolled_class(app, "离线签到测试", 12, 0).await;
    let inst = app.login_as(INSTITUTION).await;
    let sid = open_checkin(&inst, class, "第1天上午").await;
    // The session opened ten minutes ago; the teacher scanned five minutes ago, offline.
    let now = chrono::Utc::now();
    checkin_session::Entity::update_many()
        .col_expr(
            checkin_session::Column::OpenedAt,
            Expr::value(now - chrono::Duration::minutes(10)),
        )
        .filter(checkin_session::Column::Id.eq(sid))
        .exec(&app.db)
        .await
        .unwrap();
    let (s, _) = session_now(app, sid).await;
    let scanned = now.timestamp() - 300;
    let shown_then = code(&s.secret, window_of(scanned));
    let t = app.login_as(TEACHER).await;
    // Today's code is not the one shown at the scan: refused as a live check-in would be.
    let e = queued(
        &t,
        Some(sid),
        &code(&s.secret, window_of(now.timestamp()) - 20),
        scanned,
    )
    .await
    .unwrap_err();
    assert!(e.field_message("code").unwrap().contains("已失效"), "{e:?}");
    // The institution closes the session before the network comes back: still counted.
    inst.call::<api::checkin::CloseCheckin>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    let live = check_in(&t, Some(sid), &code(&s.secret, window_of(now.timestamp())))
        .await
        .unwrap_err();
    assert_eq!(
        live,
        AppError::from(Broken::CheckinClosed),
        "a live scan of a closed session"
    );
    let c = queued(&t, Some(sid), &shown_then, scanned).await.unwrap();
    assert!(!c.again);
    let kept = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(sid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.checked_at.timestamp(), scanned, "recorded at the scan");
    // Sent twice (the phone did not hear the answer): already done, recorded once.
    let again = queued(&t, Some(sid), &shown_then, scanned).await.unwrap();
    assert!(again.again);
    // Typed without the session (no QR link): found among the teacher's sessions.
    let typed = queued(&t, None, &shown_then, scanned).await.unwrap();
    assert_eq!((typed.session_id, typed.again), (sid, true));
    // A scan before the session opened, or from the future, does not count.
    let before = now.timestamp() - 3600;
    let e = queued(&t, Some(sid), &code(&s.secret, window_of(before)), before)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::from(Broken::CheckinScanOutside));
    let later = now.timestamp() + 3600;
    let e = queued(&t, Some(sid), &code(&s.secret, window_of(later)), later)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::from(Broken::CheckinScanOutside));
    // Another teacher, not on the roster, cannot use a queued scan either.
    let other = school_teacher(app, 43, "物理").await;
    assert_eq!(
        queued(&other, Some(sid), &shown_then, scanned)
            .await
            .unwrap_err(),
        AppError::from(Broken::NotOnRoster)
    );
});
