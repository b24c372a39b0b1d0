//! Check-in (签到): the runner's sessions and screen, the roster tick, the teacher's check-in.

use crate::dto::checkin::{CheckedIn, CheckinScreen, SessionSummary};
use crate::dto::ids::ClassId;
use crate::error::AppError;
use leptos::prelude::*;

#[server(output = server_fn::codec::Postcard, endpoint = "open_checkin")]
pub async fn open_checkin(class_id: ClassId, title: String) -> Result<i64, AppError> {
    let class_id = class_id.0;
    let (state, actor, g) = super::ctx::run_class(class_id).await?;
    crate::server::services::checkin::open(&state.db, &actor, &g, &title).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "checkin_sessions")]
pub async fn checkin_sessions(class_id: ClassId) -> Result<Vec<SessionSummary>, AppError> {
    let class_id = class_id.0;
    let (state, _, g) = super::ctx::run_class(class_id).await?;
    crate::server::services::checkin::sessions(&state.db, &g).await
}

/// The full-screen page's data, polled every few seconds while it is shown.
#[server(output = server_fn::codec::Postcard, endpoint = "get_checkin_screen")]
pub async fn get_checkin_screen(session_id: i64) -> Result<CheckinScreen, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let origin = super::ctx::origin().await;
    crate::server::services::checkin::screen(&state.db, &actor, session_id, &origin).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "close_checkin")]
pub async fn close_checkin(session_id: i64) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::checkin::close(&state.db, &actor, session_id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "tick_roster")]
pub async fn tick_roster(
    session_id: i64,
    enrolment_id: i64,
    present: bool,
) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::checkin::tick(&state.db, &actor, session_id, enrolment_id, present)
        .await
}

/// The teacher's check-in: the session from the scanned link (or none, when typed) and the code;
/// `scanned_at` (Unix seconds) when it was queued on a phone without network and is sent now.
/// A plain form post (no wasm yet) is sent on to the page of its receipt.
#[server(output = server_fn::codec::Postcard, endpoint = "check_in")]
pub async fn check_in(
    #[server(default)] session_id: Option<i64>,
    code: String,
    #[server(default)] scanned_at: Option<i64>,
) -> Result<CheckedIn, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let done = crate::server::services::checkin::check_in(
        &state.db, &actor, session_id, &code, scanned_at,
    )
    .await?;
    super::ctx::after_form_post(&format!("/checkin?done={}", done.session_id));
    Ok(done)
}

/// The caller's own check-in for a session (none if there is none).
#[server(output = server_fn::codec::Postcard, endpoint = "my_checkin")]
pub async fn my_checkin(session_id: i64) -> Result<Option<CheckedIn>, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    // One's own record: the service looks only among the caller's own enrolments.
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::checkin::my_checkin(&state.db, &actor, session_id).await
}
