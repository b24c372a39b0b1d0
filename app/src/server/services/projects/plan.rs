//! Plan documents (实施方案): stored outside the web root, served only to who may see the
//! project, with the type read from the content.

use super::load_visible;
use crate::domain::file_type::FilePurpose;
use crate::domain::plan_file::check_plan;
use crate::dto::projects::UploadedPlan;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::stored_file;
use crate::server::services::by_id;
use sea_orm::ConnectionTrait;

pub async fn store(
    db: &impl ConnectionTrait,
    actor: &Actor,
    name: &str,
    bytes: Vec<u8>,
) -> AppResult<UploadedPlan> {
    let (mime, _) =
        check_plan(&bytes).map_err(|e| AppError::field("plan_file_id", e.to_string()))?;
    let file = crate::server::services::stored_files::put(
        db,
        actor.user_id,
        FilePurpose::Plan,
        mime,
        bytes,
    )
    .await?;
    Ok(UploadedPlan {
        file_id: file.id,
        name: name.to_string(),
    })
}

/// An approved project open to the calling teacher: its plan is part of the class offer.
async fn offered_to_teacher(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i64,
) -> AppResult<super::Loaded> {
    use super::audience::open_to_teacher;
    use crate::domain::project_flow::ProjectStatus;
    use crate::server::auth::policy::proof::own_record;
    let t = own_record(db, actor)
        .await
        .map_err(|e| AppError::NotFound.because(e))?
        .into_teacher();
    let l = super::load(db, project_id).await?;
    if l.status() == ProjectStatus::Approved && open_to_teacher(&l, &t).is_ok() {
        Ok(l)
    } else {
        Err(AppError::NotFound)
    }
}

/// The plan of a project the actor may see: (bytes, content type, file name).
pub async fn fetch(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i64,
) -> AppResult<(Vec<u8>, String, String)> {
    let l = match load_visible(db, actor, project_id).await {
        Ok(l) => l,
        Err(AppError::NotFound) => offered_to_teacher(db, actor, project_id).await?,
        Err(e) => return Err(e),
    };
    let id = l.p.plan_file_id.ok_or(AppError::NotFound)?;
    let f = by_id::found::<stored_file::Entity>(db, id).await?;
    let name = l.p.plan_file_name.unwrap_or_else(|| "实施方案".into());
    Ok((f.bytes, f.content_type, name))
}
