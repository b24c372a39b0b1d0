#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Session lifetime: logout, the absolute timeout, id rotation at login.

mod helpers;

use app::dto::account::Me;
use helpers::*;

async fn me(c: &Client) -> Option<Me> {
    c.call("current_user", &[]).await.unwrap()
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let c = app.login_as(TEACHER).await;
    assert!(me(&c).await.is_some());
    let _: () = c.call("logout", &[]).await.unwrap();
    assert!(me(&c).await.is_none());
    app.cleanup().await;
}

#[tokio::test]
async fn a_session_older_than_the_absolute_timeout_is_refused() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.absolute_hours = 0)
        .await
        .unwrap();
    let c = app.client();
    assert_eq!(c.login(TEACHER, PASSWORD).await, Ok(false));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(me(&c).await.is_none());
    app.cleanup().await;
}

#[tokio::test]
async fn the_session_id_changes_at_login() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let base = format!("http://{}", app.addr);
    let before = http
        .get(format!("{base}/captcha.svg"))
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
