//! Grades (成绩录入) and the public certificate check.

use crate::dto::results::{GradeGrid, SchemeInput, ScoreReport, ScoresInput, Verification};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The largest score sheet accepted (a class has at most a few hundred rows).
pub const SCORES_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The grading page: the classes the caller runs and the chosen one's roster and scheme.
#[server(output = server_fn::codec::Postcard, endpoint = "get_grades")]
pub async fn get_grades(class_id: Option<i64>) -> Result<GradeGrid, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::class_page::grid(&state.db, &actor, class_id).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "save_scores")]
pub async fn save_scores(input: ScoresInput) -> Result<ScoreReport, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    const MAX_SCORES: usize = 1000;
    if input.rows.len() > MAX_SCORES {
        return Err(AppError::from(crate::error::Broken::ScoresTooMany {
            max: MAX_SCORES,
        }));
    }
    crate::server::services::results::scores::save(&state.db, &actor, &input).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "save_scheme")]
pub async fn save_scheme(input: SchemeInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::results::save_scheme(&state.db, &actor, input.project_id, &input.draft)
        .await
}

/// Multipart fields `class_id` and `file` (the class's score sheet, xlsx, xls or csv).
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "import_scores")]
pub async fn import_scores(data: MultipartData) -> Result<ScoreReport, AppError> {
    let (class_id, bytes) = super::ctx::upload(
        data,
        "class_id",
        SCORES_MAX_BYTES,
        crate::error::Broken::ScoresFileTooLarge {
            max_mb: SCORES_MAX_BYTES >> 20,
        },
    )
    .await?;
    let class_id = class_id.ok_or(AppError::from(crate::error::Broken::NoClassGiven))?;
    let (state, actor, g) = super::ctx::run_class(class_id).await?;
    crate::server::services::results::scores::import(&state.db, &actor, &g, &bytes).await
}

/// Public: anyone holding a certificate number may check it.
#[server(output = server_fn::codec::Postcard, endpoint = "verify_certificate")]
pub async fn verify_certificate(number: String) -> Result<Verification, AppError> {
    let state = super::ctx::state()?;
    if number.trim().is_empty() || number.len() > 40 {
        return Ok(Verification::Unknown);
    }
    crate::server::services::certificates::verify(&state.db, &number).await
}

/// 我的证书: every certificate the calling teacher holds.
#[server(output = server_fn::codec::Postcard, endpoint = "my_certificates")]
pub async fn my_certificates() -> Result<Vec<crate::dto::results::MyCertificate>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::my_certificates::mine(&state.db, &me).await
}
