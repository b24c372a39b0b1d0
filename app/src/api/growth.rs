//! 成长档案 (the teacher's honours, achievements and yearly results) and the admins' import of
//! 师德考核 (county) and 年度考核 (school).

use crate::domain::growth::GrowthDraft;
use crate::dto::growth::{AssessmentImport, AssessmentList, MyGrowth, UploadedAttachment};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The largest assessment sheet accepted (a county has a few thousand teachers).
pub const ASSESSMENT_SHEET_MAX_BYTES: usize = 5 * 1024 * 1024;

#[server(output = server_fn::codec::Postcard, endpoint = "my_growth")]
pub async fn get_my_growth() -> Result<MyGrowth, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::growth::mine(&state.db, &me).await
}

/// Multipart field `file`: an achievement's attachment, kept for the entry that follows.
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "upload_growth_file")]
pub async fn upload_growth_file(data: MultipartData) -> Result<UploadedAttachment, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    // Only a teacher's own record takes files: checked before the upload is read.
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    use crate::domain::growth::ATTACHMENT_MAX_BYTES;
    let too_big = format!("附件不能超过 {} MB", ATTACHMENT_MAX_BYTES / 1024 / 1024);
    let (name, bytes) =
        super::ctx::named_file(data, "file_id", ATTACHMENT_MAX_BYTES, &too_big).await?;
    crate::server::services::growth::store_attachment(&state.db, &me, &name, bytes).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "add_growth")]
pub async fn add_growth(draft: GrowthDraft) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::growth::add(&state.db, &actor, &me, &draft).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "withdraw_growth")]
pub async fn withdraw_growth(id: i64) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::growth::withdraw(&state.db, &actor, &me, id).await
}

/// 考核结果: one year's results the caller recorded (the county 师德考核, the school 年度考核).
#[server(output = server_fn::codec::Postcard, endpoint = "assessment_list")]
pub async fn list_assessments(year: Option<i32>, page: u64) -> Result<AssessmentList, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::staff_assessments::list(&state.db, &actor, year, page).await
}

/// Multipart field `file`: the sheet of 年度, 姓名, 身份证号, 考核结果 (and 荣誉或备注).
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "import_assessments")]
pub async fn import_assessments(data: MultipartData) -> Result<AssessmentImport, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let (_, bytes) = super::ctx::named_file(
        data,
        "file",
        ASSESSMENT_SHEET_MAX_BYTES,
        "文件不能超过 5 MB",
    )
    .await?;
    crate::server::services::staff_assessments::import(&state.db, &actor, &bytes).await
}
