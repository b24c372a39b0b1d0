//! Micro-ability points: the teacher's picks and the province's list.

use crate::domain::micro_ability::MicroPoint;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Sets the points of one of the caller's IT-2.0 enrolments; answers with the points saved.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "pick_micro_points")]
pub async fn pick_micro_points(
    enrolment_id: crate::dto::ids::EnrolmentId,
    codes: Vec<String>,
) -> Result<Vec<MicroPoint>, AppError> {
    let enrolment_id = enrolment_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::micro_ability::pick(&state.db, &me, enrolment_id, &codes).await
}

/// The province's settings page in one answer: the evaluation questions and the point list,
/// each as its text box shows it.
#[server(output = server_fn::codec::Postcard, endpoint = "province_forms")]
pub async fn province_forms() -> Result<(String, String), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::micro_ability::province_forms(&state.db, &actor).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_micro_points")]
pub async fn save_micro_points(points: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::micro_ability::save_list(&state.db, &actor, &points).await
}
