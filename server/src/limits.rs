//! Request bodies: each endpoint's size limit (`app::api::body_limit`) and a deadline for the
//! body to arrive. A body over the limit is refused with 413 and a Chinese message before it
//! is read whole, a body that trickles in too slowly with 408; both as the server functions'
//! own error body. Below this layer axum's own 2 MB cut (answered as a 500) is switched off.

use app::error::{ANSWER_CONTENT_TYPE, AppError};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::FromServerFnError;
use std::time::Duration;

/// An error answer as a server function sends it (in the answer encoding the browser reads),
/// with its status: the body-limit refusals here, the download routes' errors.
pub(crate) fn refuse(status: StatusCode, error: AppError) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, ANSWER_CONTENT_TYPE)],
        error.ser(),
    )
        .into_response()
}

fn too_large(limit: usize) -> Response {
    let limit_kb = u32::try_from(limit / 1024).unwrap_or(u32::MAX);
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        AppError::TooLarge { limit_kb },
    )
}

/// Whether a request is multipart form data with its boundary.
fn has_boundary(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data") && t.contains("boundary="))
}

/// Reads the body within its limit and deadline, then hands the request on. (A client that
/// breaks off mid-body is answered as over the limit: it reads no answer anyway.)
pub async fn bounded_body(State(deadline): State<Duration>, req: Request, next: Next) -> Response {
    let limit = app::api::body_limit(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(limit);
    }
    let endpoint = req.uri().path().strip_prefix("/api/").unwrap_or_default();
    if app::api::MULTIPART_ENDPOINTS.contains(&endpoint) && !has_boundary(&req) {
        return refuse(
            StatusCode::BAD_REQUEST,
            AppError::BadRequest("请选择文件后再上传".into()),
        );
    }
    let (parts, body) = req.into_parts();
    let bytes = match tokio::time::timeout(deadline, axum::body::to_bytes(body, limit)).await {
        Err(_) => return refuse(StatusCode::REQUEST_TIMEOUT, AppError::TimedOut),
        Ok(Err(_)) => return too_large(limit),
        Ok(Ok(bytes)) => bytes,
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
