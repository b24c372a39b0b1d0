//! The middlewares every server function passes: the gate (the caller's role against the
//! function's entry in `app::api::gates`, and the per-call audit entry before it runs) and the
//! audit of answers (statuses, refusals, failures).

use app::server::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use tower_sessions::Session;

/// The one gate: every server function and file route passes here before any of its code
/// runs, and is let through only when the caller's role holds what its entry in
/// `app::api::gates` asks (a path under `/api/` without an entry is refused). The resolved
/// caller travels on in the request, so the function's own check reads it instead of the
/// database again. Refusals are answered (and, by `audit_api` around this, logged) like any
/// server-function error.
pub(crate) async fn gate(
    State(app_state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    use app::api::gates::{gate_of, must_be_gated};
    use app::domain::access::Gate;
    use app::error::AppError;
    let path = req.uri().path();
    let gate = match gate_of(path) {
        Some(Gate::Anyone) => return next.run(req).await,
        Some(g) => g,
        None if must_be_gated(path) => {
            return crate::limits::refuse(StatusCode::NOT_FOUND, AppError::NotFound);
        }
        None => return next.run(req).await,
    };
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return crate::limits::refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal);
    };
    let actor = match app::server::auth::actor::resolve(&app_state, &session).await {
        Ok(a) => a,
        Err(e) => return crate::limits::refuse(status_of(&e), e),
    };
    if gate != Gate::SignedIn {
        let refusal = if actor.must_change_password {
            Some(AppError::PasswordChangeRequired)
        } else if !gate.admits(Some(actor.role)) {
            Some(AppError::Forbidden)
        } else {
            None
        };
        if let Some(e) = refusal {
            return crate::limits::refuse(StatusCode::FORBIDDEN, e);
        }
    }
    // A call that changes something is in the log before it runs: if the log cannot take the
    // entry, the call does not happen (fail closed).
    let name = app::api::logged_per_call(path).map(str::to_string);
    let (mut req, arguments) = match &name {
        Some(n) if app::api::arguments_may_be_logged(n) => small_arguments(req).await,
        _ => (req, None),
    };
    if name.is_some() {
        let entry = app::server::services::audit::Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().into()),
            action: "call",
            outcome: "requested",
            target_type: Some("endpoint"),
            target_id: name,
            after: arguments,
            ..Default::default()
        };
        if app::server::services::audit::write(&app_state.db, entry)
            .await
            .is_err()
        {
            return crate::limits::refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal);
        }
    }
    req.extensions_mut()
        .insert(app::server::auth::actor::Gated(actor));
    next.run(req).await
}

/// Gives server-function errors their HTTP status, writes every refusal to the audit log, and
/// a failure after a call the gate logged (see `app::api::audited`); sets the client address
/// for every entry written while a call is served. Leptos routes each server function on its
/// own path, so this middleware over `/api/` is the one place all of them pass through, and a
/// new server function cannot forget it.
pub(crate) async fn audit_api(
    State(app_state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    use app::error::AppError;
    use app::server::services::audit;
    let endpoint = req.uri().path().to_string();
    if !endpoint.starts_with("/api/") {
        return next.run(req).await;
    }
    let session = req.extensions().get::<Session>().cloned();
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let ip = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| {
            app_state
                .config
                .client_ip(c.0.ip(), forwarded.as_deref())
                .to_string()
        });
    let logged = app::api::logged_per_call(&endpoint).map(str::to_string);
    // Every entry written while the call is served carries the client address.
    let res = audit::with_client_ip(ip.clone(), next.run(req)).await;
    if res.status().is_success() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let error = app::error::decode_answer::<AppError>(&bytes).ok();
    // Server functions answer every error with 500; say what kind it is instead (the browser
    // client decodes any 4xx/5xx body the same way). A plain form post's error is a redirect
    // back to the form (the error in its address) and stays one.
    if let Some(e) = &error
        && !parts.status.is_redirection()
    {
        parts.status = status_of(e);
        // server_fn sends an error body without saying what it is.
        parts.headers.insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static(app::error::ANSWER_CONTENT_TYPE),
        );
    }
    // A logged call that then failed says so (its "requested" entry is already in).
    let refused = matches!(
        error,
        None | Some(
            AppError::NotAuthenticated | AppError::PasswordChangeRequired | AppError::Forbidden
        )
    );
    if let Some(name) = logged.filter(|_| !refused) {
        audit::record(
            &app_state.db,
            audit::Entry {
                actor_user_id: signed_in_user(session.as_ref()).await,
                action: "call",
                outcome: "failed",
                target_type: Some("endpoint"),
                target_id: Some(name),
                ip: ip.clone(),
                ..Default::default()
            },
        )
        .await;
    }
    if error == Some(AppError::Forbidden) {
        audit::record(
            &app_state.db,
            audit::Entry {
                actor_user_id: signed_in_user(session.as_ref()).await,
                action: "access",
                outcome: "denied",
                target_type: Some("endpoint"),
                target_id: Some(endpoint),
                ip,
                ..Default::default()
            },
        )
        .await;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The user the request's session is signed in as, if any.
async fn signed_in_user(session: Option<&Session>) -> Option<i64> {
    use app::server::auth::session_store::USER_KEY;
    session?.get::<i64>(USER_KEY).await.ok().flatten()
}

/// A small form or JSON body, read (and put back) to be logged with its call; anything else
/// (a file, a long body) is logged without its arguments.
async fn small_arguments(req: Request<Body>) -> (Request<Body>, Option<serde_json::Value>) {
    use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
    const MAX: usize = 4096;
    // Read the headers first: nothing borrowing the request may live across an await (the
    // body is not Sync).
    let (form, json, small) = {
        let header = |name| {
            req.headers()
                .get(name)
                .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let kind = header(CONTENT_TYPE).unwrap_or_default();
        (
            kind.starts_with("application/x-www-form-urlencoded"),
            kind.starts_with("application/json"),
            header(CONTENT_LENGTH)
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| n <= MAX),
        )
    };
    if !(small && (form || json)) {
        return (req, None);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let arguments = if json {
        serde_json::from_str(&text).ok()
    } else {
        Some(serde_json::json!(app::url::form_pairs(&text)))
    };
    (Request::from_parts(parts, Body::from(bytes)), arguments)
}

pub(crate) fn status_of(e: &app::error::AppError) -> StatusCode {
    use app::error::{AppError, LoginError};
    match e {
        AppError::NotAuthenticated => StatusCode::UNAUTHORIZED,
        AppError::PasswordChangeRequired | AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Refused(r) if r.is_bad_request() => StatusCode::BAD_REQUEST,
        AppError::Refused(_) => StatusCode::CONFLICT,
        AppError::Login(LoginError::Throttled) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Login(_) | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::TimedOut => StatusCode::REQUEST_TIMEOUT,
    }
}
