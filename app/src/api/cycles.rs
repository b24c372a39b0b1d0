//! Credit cycles (province settings).

use crate::dto::credits::{CycleInput, CycleRow};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, endpoint = "list_cycles")]
pub async fn list_cycles() -> Result<Vec<CycleRow>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::cycles::list(&state.db, &actor).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "save_cycle")]
pub async fn save_cycle(input: CycleInput) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::cycles::save(&state.db, &actor, input.id, &input.draft).await
}
