//! Uploaded files kept in the database (outside the web root), each with the type read from
//! its content and its SHA-256, served only through checked routes.

use crate::error::AppResult;
use crate::server::entities::stored_file;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, NotSet};
use sha2::{Digest, Sha256};

/// Stores `bytes` for `owner`; `mime` is what sniffing found, never what the browser said.
pub async fn put(
    db: &impl ConnectionTrait,
    owner_user_id: i64,
    purpose: crate::domain::file_type::FilePurpose,
    mime: &str,
    bytes: Vec<u8>,
) -> AppResult<stored_file::Model> {
    Ok(stored_file::ActiveModel {
        id: NotSet,
        owner_user_id: Set(owner_user_id),
        purpose: Set(purpose),
        content_type: Set(mime.into()),
        size: Set(bytes.len() as i64),
        sha256: Set(hex::encode(Sha256::digest(&bytes))),
        bytes: Set(bytes),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?)
}
