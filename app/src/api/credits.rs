//! 我的学分 and the certification of hand-entered credits.

use crate::domain::credit_entry::ManualEntryDraft;
use crate::dto::credits::{CreditDecision, EntryRow, MyCredits, ShortfallFilter, ShortfallPage};
use crate::dto::projects::BatchOutcome;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

/// The calling teacher's credit table for a cycle (by default the current one) and its lines.
#[server(output = server_fn::codec::Postcard, endpoint = "my_credits")]
pub async fn get_my_credits(cycle_id: Option<i64>) -> Result<MyCredits, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::credits::mine(&state.db, &me, cycle_id).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "submit_credit")]
pub async fn submit_credit(draft: ManualEntryDraft) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::credits::submit(&state.db, &me, &draft).await
}

/// The hand-entered credits waiting for the caller's certification.
#[server(output = server_fn::codec::Postcard, endpoint = "credit_queue")]
pub async fn credit_queue() -> Result<Vec<EntryRow>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::credits::queue(&state.db, &actor).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "decide_credits")]
pub async fn decide_credits(input: CreditDecision) -> Result<BatchOutcome, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if input.ids.len() > crate::dto::MAX_PAGE_SIZE as usize {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: crate::dto::MAX_PAGE_SIZE as usize,
        }));
    }
    crate::server::services::credits::decide(
        &state.db,
        &actor,
        &input.ids,
        input.approve,
        &input.reason,
    )
    .await
}

/// 学分预警: the in-post teachers of the caller's scope short of this year's minimum or
/// behind the cycle's pace.
#[server(output = server_fn::codec::Postcard, endpoint = "credit_shortfall")]
pub async fn credit_shortfall(filter: ShortfallFilter) -> Result<ShortfallPage, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let scope = crate::server::auth::policy::proof::list_scope(&actor)?;
    crate::server::services::stats::credits::refresh_stale(&state.db).await?;
    crate::server::services::shortfall::page(&state.db, &scope, &filter).await
}
