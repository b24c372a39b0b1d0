//! The notification bell: unread count and latest messages; marking them read.

use crate::dto::enrolments::Inbox;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, endpoint = "get_inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::server::services::notifications;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    Ok(Inbox {
        unread: notifications::unread_count(&state.db, actor.user_id).await?,
        latest: notifications::latest(&state.db, actor.user_id, 20).await?,
    })
}

/// Marks the caller's notifications read: those given, or all.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(ids: Vec<i64>) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::notifications::mark_read(&state.db, actor.user_id, &ids).await
}
