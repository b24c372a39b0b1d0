//! Storing and reading the user's photos.

use crate::domain::photo::{PhotoKind, check};
use crate::error::{AppError, AppResult, Broken};
use crate::server::entities::{stored_file, teacher, user};
use crate::server::services::by_id;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// Validates by content, stores, and points the user (avatar) or teacher record (certificate
/// photo) at the new file.
pub async fn store(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: PhotoKind,
    bytes: Vec<u8>,
) -> AppResult<i64> {
    let info = check(kind, &bytes).map_err(|e| AppError::field("file", e.to_string()))?;
    let teacher = match kind {
        PhotoKind::Certificate => Some(
            teacher::Entity::find()
                .filter(teacher::Column::UserId.eq(user_id))
                .one(db)
                .await?
                .ok_or(AppError::from(Broken::PhotosForTeachers))?,
        ),
        PhotoKind::Avatar => None,
    };
    let file =
        super::stored_files::put(db, user_id, kind.purpose(), info.format.mime(), bytes).await?;
    match teacher {
        Some(t) => {
            let mut am: teacher::ActiveModel = t.into();
            am.cert_photo_file_id = Set(Some(file.id));
            am.update(db).await?;
        }
        None => {
            let u = by_id::found::<user::Entity>(db, user_id).await?;
            let mut am: user::ActiveModel = u.into();
            am.avatar_file_id = Set(Some(file.id));
            am.update(db).await?;
        }
    }
    Ok(file.id)
}

/// The user's current photo of `kind`, if any.
pub async fn current(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: PhotoKind,
) -> AppResult<Option<stored_file::Model>> {
    let file_id = match kind {
        PhotoKind::Avatar => user::Entity::find_by_id(user_id)
            .one(db)
            .await?
            .and_then(|u| u.avatar_file_id),
        PhotoKind::Certificate => teacher::Entity::find()
            .filter(teacher::Column::UserId.eq(user_id))
            .one(db)
            .await?
            .and_then(|t| t.cert_photo_file_id),
    };
    match file_id {
        Some(id) => Ok(stored_file::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}
