//! Spawns the real app on port 0 with its own database (a SQLite file, or a fresh PostgreSQL
//! database on 127.0.0.1:5432, which `make test` starts when it is stopped) and talks to it over
//! HTTP like a browser.

pub use app::api;
use app::domain::teacher::TeacherFields;
use app::dto::Page;
use app::dto::teachers::{TeacherDetail, TeacherRow};
use app::error::AppError;
use app::server::config::{Config, TEST_CAPTCHA};
use app::server::entities::{dev_mailbox, school, teacher, user};
use app::server::state::AppState;
use leptos::prelude::LeptosOptions;
use leptos::server_fn::ServerFn;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

pub const PASSWORD: &str = app::server::seed::DEMO_PASSWORD;
pub const PROVINCE: &str = "13900000001";
pub const CITY: &str = "13900000002";
pub const COUNTY: &str = "13900000003";
pub const OTHER_COUNTY: &str = "13900000007";
pub const SCHOOL_ADMIN: &str = "13900000004";
pub const TEACHER: &str = "13900000006";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    /// The session idle timeout the app runs with.
    pub idle_minutes: i64,
    /// The running app's state (its counters, limiters).
    pub state: AppState,
    pg_name: Option<String>,
}

fn unique() -> String {
    format!("{}_{}", std::process::id(), rand::random::<u32>())
}

/// A new, empty database of its own: its address, and the PostgreSQL database's name to drop.
pub async fn database_url(backend: Backend) -> (String, Option<String>) {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join("shixun-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            (
                format!("sqlite://{}/t{}.db?mode=rwc", dir.display(), unique()),
                None,
            )
        }
        Backend::Postgres => {
            // The PostgreSQL half never passes silently: no server, no green run.
            let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres")
                .await
                .expect("PostgreSQL answers on 127.0.0.1:5432 (make test starts it)");
            let name = format!("shixun_test_{}", unique());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create the test database");
            (
                format!("postgres://postgres@127.0.0.1:5432/{name}?sslmode=disable"),
                Some(name),
            )
        }
    }
}

/// Drops a PostgreSQL test database.
pub async fn drop_database(pg_name: Option<String>) {
    if let Some(name) = pg_name
        && let Ok(admin) = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await
    {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}

impl TestApp {
    /// The worker's pass: reminders fanned out, then what the outbox holds due now sent;
    /// how many messages it tried.
    pub async fn deliver(&self) -> usize {
        app::server::services::worker::pass(&self.state)
            .await
            .expect("the outbox delivers")
    }

    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like `spawn`, with a change to the test configuration (timeouts, limits).
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let (url, pg_name) = database_url(backend).await;
        let mut config = Config::for_tests(&url);
        tweak(&mut config);
        let idle_minutes = config.idle_minutes;
        let db = server::connect(&config).await.expect("database");
        app::server::seed::seed_demo(&db, app::server::seed::Size::EMPTY)
            .await
            .expect("seed");
        let state = AppState::new(db.clone(), config);
        let options = LeptosOptions::builder()
            .output_name("shixun")
            .site_root("target/site")
            .build();
        let router = server::build_app(state.clone(), options);
        let addr = server::serve_in_background(router).await;
        TestApp {
            addr,
            db,
            idle_minutes,
            state,
            pg_name,
        }
    }

    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            base: format!("http://{}", self.addr),
        }
    }

    /// A client already logged in as the given demo account.
    pub async fn login_as(&self, account: &str) -> Client {
        let c = self.client();
        c.login(account, PASSWORD).await.expect("login");
        c
    }

    pub async fn cleanup(self) {
        drop(self.db);
        drop_database(self.pg_name).await;
    }
}

/// The demo user with this phone.
pub async fn demo_user(app: &TestApp, phone: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(&app.db)
        .await
        .expect("query")
        .expect("demo user")
}

/// The id of the demo user with this phone.
/// Changes the demo password (`PASSWORD`) to `new` on the session of `c`.
pub async fn change_password(c: &Client, new: &str) {
    c.call::<api::accounts::ChangePassword>(&[("current", PASSWORD.into()), ("new", new.into())])
        .await
        .expect("test set-up");
}

pub async fn user_id(app: &TestApp, phone: &str) -> i64 {
    demo_user(app, phone).await.id
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    /// Calls the server function `F` with url-encoded arguments, as the browser does; its path
    /// and its answer's type come from the server function itself.
    pub async fn call<F: ServerFn>(&self, form: &[(&str, String)]) -> Result<F::Output, AppError>
    where
        F::Output: DeserializeOwned,
    {
        self.send(F::PATH, |r| r.form(form)).await
    }

    /// Calls `F` where it must be refused, and gives the refusal (a success fails the test).
    pub async fn refused<F: ServerFn>(&self, form: &[(&str, String)]) -> AppError
    where
        F::Output: DeserializeOwned + std::fmt::Debug,
    {
        match self.call::<F>(form).await {
            Ok(out) => panic!("{} was not refused: {out:?}", F::PATH),
            Err(e) => e,
        }
    }

    /// Calls the server function `F` with its arguments as JSON (nested forms).
    pub async fn call_json<F: ServerFn>(
        &self,
        args: serde_json::Value,
    ) -> Result<F::Output, AppError>
    where
        F::Output: DeserializeOwned,
    {
        self.send(F::PATH, |r| r.json(&args)).await
    }

    /// Calls the multipart server function `F` (an upload), as the browser's FormData does.
    pub async fn call_multipart<F: ServerFn>(
        &self,
        form: reqwest::multipart::Form,
    ) -> Result<F::Output, AppError>
    where
        F::Output: DeserializeOwned,
    {
        self.send(F::PATH, |r| r.multipart(form)).await
    }

    /// Posts a form to a server function named at run time (the tests that walk every
    /// endpoint, or try one with the wrong kind of body).
    pub async fn call_endpoint<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        form: &[(&str, String)],
    ) -> Result<T, AppError> {
        self.send(&format!("/api/{endpoint}"), |r| r.form(form))
            .await
    }

    /// Posts an empty multipart body to a server function named at run time.
    pub async fn call_endpoint_multipart<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        form: reqwest::multipart::Form,
    ) -> Result<T, AppError> {
        self.send(&format!("/api/{endpoint}"), |r| r.multipart(form))
            .await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        path: &str,
        body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<T, AppError> {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Origin", &self.base);
        let res = body(req)
            .send()
            .await
            .map_err(|e| AppError::Transport(e.to_string()))?;
        decode(res).await
    }

    pub async fn login(&self, account: &str, password: &str) -> Result<bool, AppError> {
        self.call::<api::accounts::Login>(&[
            ("account", account.into()),
            ("password", password.into()),
            ("captcha", TEST_CAPTCHA.into()),
        ])
        .await
    }
}

/// A plain GET (downloads): status, content type, body.
pub async fn get_bytes(c: &Client, path: &str) -> (u16, String, Vec<u8>) {
    let (status, ct, _, bytes) = download(c, path).await;
    (status, ct, bytes)
}

/// Status, Content-Type, Content-Disposition and body of a GET.
pub async fn download(c: &Client, path: &str) -> (u16, String, String, Vec<u8>) {
    let res = c
        .http
        .get(format!("{}{path}", c.base))
        .send()
        .await
        .expect("request");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    let status = res.status().as_u16();
    (status, ct, cd, res.bytes().await.expect("body").to_vec())
}

/// A PDF checked the way a reader sees it: rendered to PNG by poppler (it must render), and
/// its text read back. Returns the text.
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("shixun-pdf-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    // SHIXUN_KEEP_PDF=<dir> keeps each PDF to look at.
    if let Ok(keep) = std::env::var("SHIXUN_KEEP_PDF") {
        let _ = std::fs::copy(
            &file,
            std::path::Path::new(&keep).join(format!("{}.pdf", rand_suffix())),
        );
    }
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(png.success(), "pdftoppm could not render the PDF");
    let rendered = std::fs::read_dir(&dir)
        .expect("temp dir")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".png"));
    assert!(rendered, "pdftoppm wrote no page image");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{n}-{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A server function's answer: the value, or the AppError body the server sent (both in the
/// answer encoding, postcard; anything else is a transport failure, shown as text).
pub async fn decode<T: DeserializeOwned>(res: reqwest::Response) -> Result<T, AppError> {
    let ok = res.status().is_success();
    let encoded = res
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes() == app::error::ANSWER_CONTENT_TYPE.as_bytes());
    let body = res
        .bytes()
        .await
        .map_err(|e| AppError::Transport(e.to_string()))?;
    let text = || String::from_utf8_lossy(&body).into_owned();
    match (ok, encoded) {
        (true, true) => app::error::decode_answer(&body)
            .map_err(|e| AppError::Transport(format!("{e}: {}", text()))),
        (false, true) => {
            Err(app::error::decode_answer(&body).unwrap_or(AppError::Transport(text())))
        }
        _ => Err(AppError::Transport(text())),
    }
}

/// Runs one async test body against SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let owned = TestApp::spawn(Backend::Sqlite).await;
                {
                    let $app = &owned;
                    $body
                }
                owned.cleanup().await;
            }
            #[tokio::test]
            async fn postgres() {
                let owned = TestApp::spawn(Backend::Postgres).await;
                {
                    let $app = &owned;
                    $body
                }
                owned.cleanup().await;
            }
        }
    };
}

/// `on_both!` for an app whose test configuration `$tweak` changes first (`fn(&mut Config)`).
macro_rules! on_both_with {
    ($name:ident, $tweak:expr, |$app:ident| $body:block) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let owned = TestApp::spawn_with(Backend::Sqlite, $tweak).await;
                {
                    let $app = &owned;
                    $body
                }
                owned.cleanup().await;
            }
            #[tokio::test]
            async fn postgres() {
                let owned = TestApp::spawn_with(Backend::Postgres, $tweak).await;
                {
                    let $app = &owned;
                    $body
                }
                owned.cleanup().await;
            }
        }
    };
}

mod classes;
pub mod providers;
mod records;
pub use classes::*;
pub use records::*;

/// The last message the dev mailbox holds, once the outbox has delivered what is due (the
/// tests run no worker: they deliver when they look).
pub async fn last_mail(app: &TestApp) -> dev_mailbox::Model {
    app.deliver().await;
    dev_mailbox::Entity::find()
        .order_by_desc(dev_mailbox::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a message was sent")
}

/// The code in the last message the dev mailbox holds (every code goes out as 验证码 NNNNNN).
pub async fn last_code(app: &TestApp) -> String {
    let mail = last_mail(app).await;
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
