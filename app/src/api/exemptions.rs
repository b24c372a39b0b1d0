//! Exemptions from the whole-staff project (免修), recorded by bureaus.

use crate::domain::exemption::ExemptionDraft;
use crate::dto::Page;
use crate::dto::exemptions::{ExemptionFilter, ExemptionRow};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, endpoint = "list_exemptions")]
pub async fn list_exemptions(filter: ExemptionFilter) -> Result<Page<ExemptionRow>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::exemptions::list(&state.db, &actor, &filter).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "grant_exemption")]
pub async fn grant_exemption(draft: ExemptionDraft) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::exemptions::grant(&state.db, &actor, &draft).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "revoke_exemption")]
pub async fn revoke_exemption(id: i64) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::exemptions::revoke(&state.db, &actor, id).await
}
