//! Session lifetime: logout, the absolute timeout, id rotation at login; and the forms that
//! work before the wasm arrives: a plain HTML form post to a server function is answered with
//! the next page (a redirect), or sent back to the form with its error in the address — never
//! with the password in it.

use crate::helpers::*;
use app::dto::account::Me;
use app::server::auth::actor::SEEN_AT_KEY;
use app::server::auth::session_store::{DbSessionStore, USER_KEY};
use app::server::entities::session;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};

async fn me(c: &Client) -> Option<Me> {
    c.call::<api::accounts::CurrentUser>(&[]).await.unwrap()
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let c = app.login_as(TEACHER).await;
    assert!(me(&c).await.is_some());
    let _: () = c.call::<api::accounts::Logout>(&[]).await.unwrap();
    assert!(me(&c).await.is_none());
    app.cleanup().await;
}

#[tokio::test]
async fn a_session_older_than_the_absolute_timeout_is_refused() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.absolute_hours = 0).await;
    let c = app.client();
    assert_eq!(c.login(TEACHER, PASSWORD).await, Ok(false));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(me(&c).await.is_none());
    app.cleanup().await;
}

/// The session rows of the teacher, as stored.
async fn sessions_of(app: &TestApp, phone: &str) -> Vec<session::Model> {
    let uid = user_id(app, phone).await;
    session::Entity::find()
        .filter(session::Column::UserId.eq(uid))
        .all(&app.db)
        .await
        .unwrap()
}

on_both!(
    a_deleted_session_stays_deleted_when_its_request_writes_back,
    |app| {
        let store = DbSessionStore::new(app.db.clone());
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some());
        // A logout or a password change deletes it while one of its requests is still running;
        // that request then saves what it changed.
        store.delete(&record.id).await.unwrap();
        record.data.insert(
            USER_KEY.into(),
            serde_json::json!(user_id(app, TEACHER).await),
        );
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    }
);

on_both!(
    a_session_from_before_a_password_change_is_refused_even_if_it_comes_back,
    |app| {
        let phone = app.login_as(TEACHER).await;
        assert!(me(&phone).await.is_some());
        let before = sessions_of(app, TEACHER).await;
        let laptop = app.login_as(TEACHER).await;
        change_password(&laptop, "Xinmima2026a").await;
        // Whatever brings the phone's row back (a late write, a restored backup), it is over.
        for row in before {
            let back: session::ActiveModel = row.into();
            session::Entity::insert(back.reset_all())
                .exec_without_returning(&app.db)
                .await
                .unwrap();
        }
        assert!(me(&phone).await.is_none());
        // The session that changed the password goes on.
        assert!(me(&laptop).await.is_some());
    }
);

on_both!(an_active_session_outlives_the_idle_timeout, |app| {
    let c = app.login_as(TEACHER).await;
    // The idle clock nearly run out, and the last sign of life long ago.
    for row in sessions_of(app, TEACHER).await {
        let mut data: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&row.data).unwrap();
        data.insert(SEEN_AT_KEY.into(), serde_json::json!(0));
        let mut am: session::ActiveModel = row.into();
        am.data = Set(serde_json::Value::Object(data).to_string());
        am.expires_at = Set(Utc::now() + chrono::Duration::seconds(5));
        am.update(&app.db).await.unwrap();
    }
    // A request now counts as activity: the session's end moves a whole idle period on.
    assert!(me(&c).await.is_some());
    let idle = chrono::Duration::minutes(app.idle_minutes);
    for row in sessions_of(app, TEACHER).await {
        assert!(
            row.expires_at > Utc::now() + idle - chrono::Duration::minutes(1),
            "{} vs {}",
            row.expires_at,
            Utc::now()
        );
    }
});

#[tokio::test]
async fn the_session_id_changes_at_login() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let base = format!("http://{}", app.addr);
    let before = http
        .get(format!("{base}/captcha.jpg"))
        .send()
        .await
        .unwrap();
    let cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .next()
    };
    let first = cookie(&before).expect("a session cookie for the captcha");
    assert!(
        before.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("HttpOnly")
    );
    assert!(
        before.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("SameSite=Lax")
    );
    let res = http
        .post(format!("{base}/api/login"))
        .header("Origin", &base)
        .form(&[
            ("account", TEACHER),
            ("password", PASSWORD),
            ("captcha", "0000"),
        ])
        .send()
        .await
        .unwrap();
    let second = cookie(&res).expect("a new cookie at login");
    assert_ne!(first, second);
    app.cleanup().await;
}

// Plain form posts (JavaScript off, or the wasm not there yet).
mod plain_forms {
    use super::*;

    use app::server::config::TEST_CAPTCHA;
    use reqwest::header::{ACCEPT, CACHE_CONTROL, LOCATION, REFERER};
    use reqwest::redirect::Policy;

    /// A browser with JavaScript off: posts forms, asks for HTML, does not follow redirects here.
    fn plain_browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    async fn post_form(
        http: &reqwest::Client,
        base: &str,
        endpoint: &str,
        from: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        http.post(format!("{base}/api/{endpoint}"))
            .header("Origin", base)
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(REFERER, format!("{base}{from}"))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The teacher's login form posted natively, from `from`, with `next` when given.
    async fn post_login(
        http: &reqwest::Client,
        base: &str,
        from: &str,
        password: &str,
        next: Option<&str>,
    ) -> reqwest::Response {
        let mut form = vec![
            ("account", TEACHER),
            ("password", password),
            ("captcha", TEST_CAPTCHA),
        ];
        form.extend(next.map(|n| ("next", n)));
        post_form(http, base, "login", from, &form).await
    }

    fn location(res: &reqwest::Response) -> String {
        res.headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    on_both!(
        a_plain_login_post_goes_on_to_the_next_page_or_back_with_its_error,
        |app| {
            let base = format!("http://{}", app.addr);
            let http = plain_browser();
            let from = "/login?next=%2Fmy%2Ftraining";

            let refused =
                post_login(&http, &base, from, "NotThePassword1", Some("/my/training")).await;
            assert!(refused.status().is_redirection(), "{}", refused.status());
            let back = location(&refused);
            assert!(back.starts_with(&format!("{base}/login?next=")), "{back}");
            assert!(back.contains("__err="), "{back}");
            assert!(!back.contains("NotThePassword1"), "{back}");

            let done = post_login(&http, &base, from, PASSWORD, Some("/my/training")).await;
            assert!(done.status().is_redirection());
            assert_eq!(location(&done), "/my/training");
            assert_eq!(done.headers()[CACHE_CONTROL], "no-store");
            // The session is the browser's now: the page it is sent to renders for the teacher.
            let page = http
                .get(format!("{base}/my/training"))
                .header(ACCEPT, "text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            assert_eq!(page.headers()[CACHE_CONTROL], "no-store");
        }
    );

    on_both!(a_plain_login_post_is_never_sent_off_the_site, |app| {
        let base = format!("http://{}", app.addr);
        // A browser drops tabs and line breaks from a URL and reads `\` as `/`: each of these
        // would be `//evil.example`, another site.
        for next in [
            "//evil.example/",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\\evil.example",
            " //evil.example",
            "https://evil.example/",
        ] {
            let http = plain_browser();
            let done = post_login(&http, &base, "/login", PASSWORD, Some(next)).await;
            assert_eq!(location(&done), "/", "{next:?}");
        }
    });

    on_both!(the_browsers_own_call_gets_data_not_a_redirect, |app| {
        let c = app.client();
        let res = c
            .http
            .post(format!("{}/api/login", c.base))
            .header("Origin", &c.base)
            .header(REFERER, format!("{}/login", c.base))
            .form(&[
                ("account", TEACHER),
                ("password", PASSWORD),
                ("captcha", TEST_CAPTCHA),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers().get(LOCATION).is_none());
        assert_eq!(
            res.headers().get("content-type").unwrap(),
            app::error::ANSWER_CONTENT_TYPE
        );
        let body = res.bytes().await.unwrap();
        assert_eq!(app::error::decode_answer::<bool>(&body), Ok(false));
    });

    on_both!(
        a_plain_password_change_checks_the_second_entry_and_goes_home,
        |app| {
            let base = format!("http://{}", app.addr);
            let http = plain_browser();
            let login = post_login(&http, &base, "/login", PASSWORD, None).await;
            assert_eq!(location(&login), "/");

            let change = |confirm: &'static str| {
                let (http, base) = (http.clone(), base.clone());
                async move {
                    let form = [
                        ("current", PASSWORD),
                        ("new", "Another2026x"),
                        ("confirm", confirm),
                    ];
                    post_form(&http, &base, "change_password", "/change-password", &form).await
                }
            };
            let mismatch = change("Another2026y").await;
            let back = location(&mismatch);
            assert!(
                back.starts_with(&format!("{base}/change-password?")),
                "{back}"
            );
            assert!(back.contains("__err="));
            assert!(!back.contains("Another2026"), "{back}");

            let changed = change("Another2026x").await;
            assert_eq!(location(&changed), "/");
            assert_eq!(app.client().login(TEACHER, "Another2026x").await, Ok(false));
        }
    );
}

on_both!(the_mode_must_fit_the_database, |app| {
    use app::server::entities::instance_mark;
    use app::server::seed::check_mode;
    // The demo seed marked its database: demo mode serves it, production refuses it.
    assert_eq!(check_mode(&app.db, true).await, Ok(()));
    assert!(
        check_mode(&app.db, false)
            .await
            .unwrap_err()
            .contains("demo database")
    );
    // A demo seed cut short (its phases commit one by one) is refused in either mode, not
    // served half-built.
    let mark = instance_mark::Entity::find_by_id("demo".to_string())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mark.value, "seeded");
    let set = |value: &str| instance_mark::ActiveModel {
        value: sea_orm::ActiveValue::Set(value.into()),
        ..sea_orm::IntoActiveModel::into_active_model(mark.clone())
    };
    sea_orm::ActiveModelTrait::update(set("seeding"), &app.db)
        .await
        .unwrap();
    for demo in [true, false] {
        assert!(
            check_mode(&app.db, demo)
                .await
                .unwrap_err()
                .contains("did not finish")
        );
    }
    sea_orm::ActiveModelTrait::update(set("seeded"), &app.db)
        .await
        .unwrap();
    // Real data without the mark: demo mode (0000 captcha, public mailbox) is refused.
    instance_mark::Entity::delete_many()
        .exec(&app.db)
        .await
        .unwrap();
    assert!(
        check_mode(&app.db, true)
            .await
            .unwrap_err()
            .contains("demo mode")
    );
    assert_eq!(check_mode(&app.db, false).await, Ok(()));
});
