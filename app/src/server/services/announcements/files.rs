//! An announcement's attachments. A publisher uploads each file as it picks it (kept as the
//! publisher's own, for an announcement, until one takes it); publishing attaches them in its
//! transaction; whoever may open the announcement downloads them.

use super::inbox::opener;
use crate::domain::announcement_file::{check_file, offered_name};
use crate::domain::file_type::FilePurpose;
use crate::dto::announcements::Attachment;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{announcement, announcement_file, stored_file};
use crate::server::services::stored_files;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeSet;

/// Keeps an uploaded file for the publisher's next announcement: its type read from the
/// content, the name it will be offered under cleaned.
pub async fn store(
    db: &impl ConnectionTrait,
    actor: &Actor,
    sent_name: &str,
    bytes: Vec<u8>,
) -> AppResult<Attachment> {
    super::publisher_unit(actor)?;
    let t = check_file(&bytes).map_err(|e| AppError::field("files", e.to_string()))?;
    let f = stored_files::put(
        db,
        actor.user_id,
        FilePurpose::Announcement,
        t.mime(),
        bytes,
    )
    .await?;
    Ok(Attachment {
        file_id: f.id,
        name: offered_name(sent_name, t.ext()),
    })
}

/// Attaches the files to a new announcement: each must be one the publisher uploaded for an
/// announcement and that no announcement holds yet. The names are cleaned again: the browser
/// sent them back.
pub async fn attach(
    db: &impl ConnectionTrait,
    actor: &Actor,
    announcement_id: i64,
    files: &[Attachment],
) -> AppResult<()> {
    let ids: BTreeSet<i64> = files.iter().map(|f| f.file_id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let own: Vec<(i64, String)> = stored_file::Entity::find()
        .select_only()
        .column(stored_file::Column::Id)
        .column(stored_file::Column::ContentType)
        .filter(stored_file::Column::Id.is_in(ids.iter().copied()))
        .filter(stored_file::Column::OwnerUserId.eq(actor.user_id))
        .filter(stored_file::Column::Purpose.eq(FilePurpose::Announcement))
        .into_tuple()
        .all(db)
        .await?;
    let taken = announcement_file::Entity::find()
        .filter(announcement_file::Column::FileId.is_in(ids.iter().copied()))
        .count(db)
        .await?;
    if own.len() != ids.len() || taken > 0 {
        return Err(Broken::AnnouncementFileGone.into());
    }
    let mut seen = BTreeSet::new();
    let rows = files.iter().filter(|f| seen.insert(f.file_id)).map(|f| {
        let ext = own
            .iter()
            .find(|(id, _)| *id == f.file_id)
            .and_then(|(_, mime)| crate::domain::file_type::ext_of_mime(mime))
            .unwrap_or("bin");
        announcement_file::ActiveModel {
            announcement_id: sea_orm::ActiveValue::Set(announcement_id),
            file_id: sea_orm::ActiveValue::Set(f.file_id),
            name: sea_orm::ActiveValue::Set(offered_name(&f.name, ext)),
        }
    });
    announcement_file::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// An announcement's attachments, in the order they were uploaded.
pub async fn of(db: &impl ConnectionTrait, announcement_id: i64) -> AppResult<Vec<Attachment>> {
    Ok(announcement_file::Entity::find()
        .filter(announcement_file::Column::AnnouncementId.eq(announcement_id))
        .order_by_asc(announcement_file::Column::FileId)
        .all(db)
        .await?
        .into_iter()
        .map(|f| Attachment {
            file_id: f.file_id,
            name: f.name,
        })
        .collect())
}

/// One attachment (bytes, type, name) for whoever may open the announcement; anyone else, and
/// a file the announcement does not hold: NotFound.
pub async fn fetch(
    db: &impl ConnectionTrait,
    actor: &Actor,
    announcement_id: i64,
    file_id: i64,
) -> AppResult<(Vec<u8>, String, String)> {
    let a = announcement::Entity::find_by_id(announcement_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    opener(db, actor, &a).await?;
    let held = announcement_file::Entity::find_by_id((announcement_id, file_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = stored_file::Entity::find_by_id(file_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((f.bytes, f.content_type, held.name))
}
