//! The directive chain (指令性项目): quotas, the county's picks and list imports, the province's
//! placement in classes and the institution's opening notice. The status-only steps (submit,
//! pass on, return, remove, confirm) go through `review_enrolments`.

use crate::dto::directive::{
    AssignInput, Candidate, DirectiveQuery, DirectiveView, ListImport, NominateInput, NoticeInput,
    QuotaInput,
};
use crate::dto::projects::BatchOutcome;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The largest participant list accepted (a county's list is a few hundred rows).
pub const LIST_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The directive page: the caller's projects, the asked one (by default the newest) and its
/// participants; `None` when the caller takes part in no directive project.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "get_directive")]
pub async fn get_directive(query: DirectiveQuery) -> Result<Option<DirectiveView>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::directive::overview(&state.db, &actor, &query).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "set_quotas")]
pub async fn set_quotas(input: QuotaInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::directive::set_quotas(
        &state.db,
        &actor,
        input.project_id,
        &input.quotas,
    )
    .await
}

#[server(output = server_fn::codec::Postcard, endpoint = "find_candidates")]
pub async fn find_candidates(project_id: i64, keyword: String) -> Result<Vec<Candidate>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::directive::candidates(
        &state.db, &actor, project_id, &keyword,
    )
    .await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "nominate_teachers")]
pub async fn nominate_teachers(input: NominateInput) -> Result<u32, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if input.teacher_ids.len() > crate::dto::MAX_PAGE_SIZE as usize {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: crate::dto::MAX_PAGE_SIZE as usize,
        }));
    }
    crate::server::services::enrolments::directive::nominate(
        &state.db,
        &actor,
        input.project_id,
        &input.teacher_ids,
    )
    .await
}

/// Multipart fields `project_id` and `file` (xlsx, xls or csv: 姓名, 身份证号, 任教学段, 任教学科).
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "import_participants")]
pub async fn import_participants(data: MultipartData) -> Result<ListImport, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let (project_id, bytes) = super::ctx::upload(
        data,
        "project_id",
        LIST_MAX_BYTES,
        crate::error::Broken::ListFileTooLarge {
            max_mb: LIST_MAX_BYTES >> 20,
        },
    )
    .await?;
    let project_id = project_id.ok_or(AppError::from(crate::error::Broken::NoProjectGiven))?;
    crate::server::services::enrolments::directive::import_list(
        &state.db, &actor, project_id, &bytes,
    )
    .await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "assign_participants")]
pub async fn assign_participants(input: AssignInput) -> Result<BatchOutcome, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if input.ids.len() > crate::dto::MAX_PAGE_SIZE as usize {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: crate::dto::MAX_PAGE_SIZE as usize,
        }));
    }
    crate::server::services::enrolments::directive::assign(
        &state.db,
        &actor,
        &input.ids,
        input.class_id,
        input.institution_id,
    )
    .await
}

/// Publishes the class's opening notice; returns how many teachers were told.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "publish_notice")]
pub async fn publish_notice(input: NoticeInput) -> Result<u32, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::directive::publish_notice(
        &state.db,
        &actor,
        input.class_id,
        &input.notice,
    )
    .await
}
