//! Evaluations (评教): the teacher's answers, the runner's summary, the province's questions.

use crate::dto::evaluations::{EvaluationInput, EvaluationSummary};
use crate::dto::ids::ClassId;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "submit_evaluation")]
pub async fn submit_evaluation(input: EvaluationInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::evaluations::submit(
        &state.db,
        &actor,
        input.enrolment_id.0,
        &input.answers,
    )
    .await
}

#[server(output = server_fn::codec::Postcard, endpoint = "class_evaluations")]
pub async fn class_evaluations(class_id: ClassId) -> Result<EvaluationSummary, AppError> {
    let class_id = class_id.0;
    let (state, _, g) = super::ctx::run_class(class_id).await?;
    crate::server::services::evaluations::summary(&state.db, &g).await
}

/// The questions asked now, one per line (the province's settings page).
#[server(output = server_fn::codec::Postcard, endpoint = "evaluation_items")]
pub async fn evaluation_items() -> Result<Vec<String>, AppError> {
    let state = super::ctx::state()?;
    crate::server::auth::current_actor().await?;
    crate::server::services::evaluations::items(&state.db).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_evaluation_items")]
pub async fn save_evaluation_items(items: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::evaluations::save_items(&state.db, &actor, &items).await
}
