//! Teacher import for school and bureau admins: upload (starts checking), poll, commit.
//! The refused rows download from /api/files/teacher-import/{job}/rejected.xlsx.

use crate::dto::teacher_import::{ImportMode, ImportStatus, OnExisting};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// Largest upload: a 100,000-row .xlsx is about 8 MB; a GBK CSV of it about 15 MB.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Field `file`: the spreadsheet. Returns the job's first status; poll `import_status`.
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "upload_teachers")]
pub async fn upload_teachers(data: MultipartData) -> Result<ImportStatus, AppError> {
    use crate::server::services::teachers::import_job;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::auth::policy::proof::list_scope(&actor)?;
    let mut form = data
        .into_inner()
        .ok_or(AppError::from(crate::error::Broken::UploadMissing))?;
    while let Ok(Some(mut field)) = form.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("教师信息.xlsx").to_string();
        let mut bytes = Vec::new();
        // Stop reading as soon as the limit is passed: a huge upload costs no memory.
        while let Ok(Some(chunk)) = field.chunk().await {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_UPLOAD_BYTES {
                return Err(AppError::from(crate::error::Broken::ImportFileTooLarge {
                    max_mb: MAX_UPLOAD_BYTES / 1024 / 1024,
                }));
            }
        }
        return Ok(import_job::start(&state, actor, &name, bytes));
    }
    Err(AppError::from(crate::error::Broken::ChooseImportFile))
}

#[server(output = server_fn::codec::Postcard, endpoint = "import_status")]
pub async fn get_import_status(job: String) -> Result<ImportStatus, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::teachers::import_job::status(&state, &actor, &job)
}

#[server(output = server_fn::codec::Postcard, endpoint = "commit_import")]
pub async fn commit_import(
    job: String,
    mode: ImportMode,
    on_existing: OnExisting,
) -> Result<ImportStatus, AppError> {
    use crate::server::services::teachers::import_job;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::auth::policy::proof::list_scope(&actor)?;
    import_job::commit(&state, actor, &job, mode, on_existing)
}
