//! Start-up only: configuration, database, router, layers. `build_app` is what `main` serves
//! and what the integration tests spawn.
#![recursion_limit = "512"]

pub mod assets;
pub mod cli;
mod files;
mod gate;
mod limits;
mod security;

use app::server::auth::session_store::DbSessionStore;
use app::server::config::Config;
use app::server::services::login::new_captcha;
use app::server::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect};
use tower_sessions::{Expiry, Session, SessionManagerLayer, cookie::SameSite};

/// Connects and brings the schema up to date.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, String> {
    if let Some(path) = config.database_url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let mut opts = ConnectOptions::new(config.database_url.clone());
    opts.sqlx_logging(false);
    // Set on every connection of the pool as it opens (a PRAGMA run once reaches one
    // connection). 64 MB of page cache each: at province size a read that misses the cache
    // looks its page up in the write-ahead log first.
    opts.map_sqlx_sqlite_opts(|o| {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        o.journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(std::time::Duration::from_secs(5))
            .synchronous(SqliteSynchronous::Normal)
            .pragma("cache_size", "-65536")
    });
    let db = Database::connect(opts)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    Migrator::up(&db, None)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    app::server::seed::refresh_statistics(&db).await;
    Ok(db)
}

#[derive(Clone)]
pub(crate) struct RouterState {
    leptos: LeptosOptions,
    app: AppState,
    assets: assets::Assets,
}

impl axum::extract::FromRef<RouterState> for LeptosOptions {
    fn from_ref(s: &RouterState) -> Self {
        s.leptos.clone()
    }
}

/// Serves `app` on `listener` until the process ends (the peer's address reaches the
/// handlers: the login throttle keys on it).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}

/// `app` on a free local port, in the background: for tests and benches. Returns the address.
pub async fn serve_in_background(app: Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free local port");
    let addr = listener.local_addr().expect("the port's address");
    tokio::spawn(serve(listener, app));
    addr
}

/// The whole application: pages, server functions, captcha, dev mailbox, security layers.
pub fn build_app(state: AppState, leptos_options: LeptosOptions) -> Router {
    let assets = assets::Assets::load(leptos_options.site_root.as_ref());
    let routes = generate_route_list(App);
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let session_layer = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(state.config.session_cookie_name())
        .with_secure(state.config.browsers_use_https())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            state.config.idle_minutes,
        )));
    let https = state.config.browsers_use_https();
    let body_deadline = std::time::Duration::from_secs(state.config.body_seconds);
    let audit_state = state.clone();
    let router_state = RouterState {
        assets,
        leptos: leptos_options.clone(),
        app: state,
    };
    Router::new()
        .route("/captcha.jpg", get(captcha))
        .route("/dev/mailbox", get(dev_mailbox))
        .route("/me/photo/{kind}", get(my_photo))
        .route("/api/files/teachers.xlsx", get(files::teachers_export))
        .route("/api/files/audit.xlsx", get(files::audit_export))
        .route("/api/files/statistics.xlsx", get(files::statistics_export))
        .route(
            "/api/files/initial-passwords.xlsx",
            post(files::initial_passwords),
        )
        .route(
            "/api/files/credit-shortfall.xlsx",
            get(files::shortfall_export),
        )
        .route("/api/files/projects/{id}/plan", get(files::project_plan))
        .route(
            "/api/files/teacher-template.xlsx",
            get(files::teacher_template),
        )
        .route(
            "/api/files/directive-template.xlsx",
            get(files::directive_template),
        )
        .route(
            "/api/files/teacher-import/{job}/rejected.xlsx",
            get(files::import_rejected),
        )
        .route(
            "/api/files/certificates/{number}",
            get(files::certificate_pdf),
        )
        .route(
            "/api/files/classes/{id}/{file}",
            get(files::class_certificates),
        )
        .route("/api/files/notices/{id}", get(files::notice_pdf))
        .route("/api/files/growth/{id}", get(files::growth_file))
        .route(
            "/api/files/announcements/{id}/files/{file}",
            get(files::announcement_file),
        )
        .route(
            "/api/files/assessment-template.xlsx",
            get(files::assessment_template),
        )
        .route(
            "/api/files/credit-certificate",
            get(files::credit_certificate_pdf),
        )
        .route("/sso/redeem", post(files::redeem_ticket))
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&router_state, routes, context, {
            let o = leptos_options.clone();
            move || shell(o.clone())
        })
        .fallback(static_or_not_found)
        .with_state(router_state)
        // The body is bounded by `limits::bounded_body`, per endpoint, before anything reads it.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            audit_state.clone(),
            gate::gate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            audit_state,
            gate::audit_api,
        ))
        .layer(axum::middleware::from_fn(security::check_origin))
        .layer(session_layer)
        .layer(axum::middleware::from_fn_with_state(
            body_deadline,
            limits::bounded_body,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            security::headers(https, req, next)
        }))
        .layer(axum::middleware::from_fn(assets::personal_by_default))
        .layer(compression())
}

/// Pages and server-function answers compressed on the fly for the phone on a slow network;
/// the bundle is stored compressed already (its Content-Encoding makes this layer pass it by),
/// and PDFs, spreadsheets and images are compressed formats of their own.
fn compression()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(
            SizeAbove::new(512)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::const_new("application/pdf"))
                .and(NotForContentType::const_new("application/zip"))
                .and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                ))
                .and(NotForContentType::const_new("text/event-stream")),
        )
}

/// A file of the site, or the app's own 404 page.
async fn static_or_not_found(State(s): State<RouterState>, req: Request<Body>) -> Response {
    let req = match s.assets.serve(req).await {
        Ok(res) => return res,
        Err(req) => req,
    };
    let uri = req.uri().clone();
    let ctx_state = s.app.clone();
    let not_found = leptos_axum::file_and_error_handler_with_context::<RouterState, _>(
        move || provide_context(ctx_state.clone()),
        shell,
    );
    not_found(uri, State(s), req).await
}

async fn captcha(session: Session) -> Response {
    match new_captcha(&session).await {
        Ok(jpeg) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            jpeg,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The caller's own avatar or certificate photo, with the content type sniffed at upload, never
/// from the name. A silhouette stands in while none is uploaded.
async fn my_photo(
    State(s): State<RouterState>,
    session: Session,
    axum::extract::Path(kind): axum::extract::Path<String>,
) -> Response {
    use app::domain::photo::PhotoKind;
    use app::server::auth::actor::resolve;
    use app::server::auth::policy::{Permission, Target, ensure};
    let Some(kind) = PhotoKind::parse(&kind) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let actor = match resolve(&s.app, &session).await {
        Ok(a) if ensure(&a, Permission::OwnProfile, Target::Own).is_ok() => a,
        _ => return StatusCode::UNAUTHORIZED.into_response(),
    };
    let private = (
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    match app::server::services::photos::current(&s.app.db, actor.user_id, kind).await {
        Ok(Some(f)) => {
            let ct = HeaderValue::from_str(&f.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
            ([(header::CONTENT_TYPE, ct), private, (header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"))], f.bytes).into_response()
        }
        Ok(None) => (
            [(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")), private],
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 70"><rect width="50" height="70" fill="#e8eef7"/><circle cx="25" cy="26" r="11" fill="#b9c6d8"/><path d="M6 70c2-16 10-22 19-22s17 6 19 22z" fill="#b9c6d8"/></svg>"##,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Demo mode only: the SMS and e-mail a demo without providers "delivered", so a demo user
/// can read codes. What is due is delivered first: the page never misses a code the worker
/// has not reached yet.
async fn dev_mailbox(State(s): State<RouterState>) -> Response {
    use app::server::entities::dev_mailbox;
    if !s.app.config.is_demo() {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Err(e) = app::server::services::worker::pass(&s.app).await {
        tracing::warn!(error = ?e, "dev mailbox: delivering what is due failed");
    }
    let rows = dev_mailbox::Entity::find()
        .order_by_desc(dev_mailbox::Column::Id)
        .limit(20)
        .all(&s.app.db)
        .await
        .unwrap_or_default();
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let items: String = rows
        .iter()
        .map(|m| {
            format!(
                "<li><time>{}</time> → <b class=\"to\">{}</b><p class=\"body\">{}</p></li>",
                m.at.format("%Y-%m-%d %H:%M:%S UTC"),
                escape(&m.destination),
                escape(&m.body)
            )
        })
        .collect();
    let css = s.assets.stylesheet();
    Html(format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>开发信箱（仅演示环境）</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"center-page\"><section class=\"card\"><h1>开发信箱</h1>\
         <p class=\"muted\">仅演示环境可见：短信和邮件不会真的发出，而是显示在这里。</p><ul class=\"mailbox\">{items}</ul></section></main></body></html>"
    ))
    .into_response()
}
