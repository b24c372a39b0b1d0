//! Leave requests (请假): the school files, whoever runs the class decides.

use crate::domain::leave::LeaveDraft;
use crate::dto::ids::ClassId;
use crate::dto::leaves::{LeaveDecision, LeaveRow, SchoolLeaves};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, endpoint = "get_school_leaves")]
pub async fn get_school_leaves() -> Result<SchoolLeaves, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let school = crate::server::auth::policy::proof::kept_school(&actor)?;
    crate::server::services::leaves::for_school(&state.db, &school).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "file_leave")]
pub async fn file_leave(draft: LeaveDraft) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::leaves::file(&state.db, &actor, &draft).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "class_leaves")]
pub async fn class_leaves(class_id: ClassId) -> Result<Vec<LeaveRow>, AppError> {
    let class_id = class_id.0;
    let (state, _, g) = super::ctx::run_class(class_id).await?;
    crate::server::services::leaves::for_class(&state.db, &g).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "decide_leave")]
pub async fn decide_leave(input: LeaveDecision) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::leaves::decide(&state.db, &actor, &input).await
}
