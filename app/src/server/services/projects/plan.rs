//! Plan documents (实施方案): stored outside the web root, served only to who may see the
//! project, with the type read from the content.

use super::load_visible;
use crate::domain::plan_file::check_plan;
use crate::dto::projects::UploadedPlan;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::stored_file;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, NotSet};
use sha2::{Digest, Sha256};

pub async fn store(
    db: &impl ConnectionTrait,
    actor: &Actor,
    name: &str,
    bytes: Vec<u8>,
) -> AppResult<UploadedPlan> {
    let (mime, _) = check_plan(&bytes).map_err(|m| AppError::field("plan_file_id", m))?;
    let file = stored_file::ActiveModel {
        id: NotSet,
        owner_user_id: Set(actor.user_id),
        purpose: Set("plan".into()),
        content_type: Set(mime.into()),
        size: Set(bytes.len() as i64),
        sha256: Set(hex::encode(Sha256::digest(&bytes))),
        bytes: Set(bytes),
        created_at: Set(Utc::now()),
    }
    .insert(db)
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
    use crate::domain::project_flow::ProjectStatus;
    use crate::server::services::enrolments::{offers::own_record, open_to_teacher};
    let t = own_record(db, actor)
        .await
        .map_err(|_| AppError::NotFound)?;
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
    let f = stored_file::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = l.p.plan_file_name.unwrap_or_else(|| "实施方案".into());
    Ok((f.bytes, f.content_type, name))
}
