//! One-time codes sent to a verified phone or email (password reset, unlock, contact change),
//! through a pluggable sender.

use crate::error::{AppError, AppResult};
use crate::server::entities::{dev_mailbox, verification_code};
use async_trait::async_trait;
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, NotSet, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};

pub const CODE_MINUTES: i64 = 10;
const MAX_ATTEMPTS: i32 = 5;

/// Delivers a message to a phone number or an email address.
#[async_trait]
pub trait CodeSender: Send + Sync {
    async fn send(&self, destination: &str, body: &str) -> AppResult<()>;
}

/// The default sender: writes to the log, and in demo mode to the dev mailbox page.
pub struct LogSender {
    pub db: DatabaseConnection,
    pub mailbox: bool,
}

#[async_trait]
impl CodeSender for LogSender {
    async fn send(&self, destination: &str, body: &str) -> AppResult<()> {
        tracing::info!(to = %crate::domain::mask::mask_phone(destination), "code sent");
        if self.mailbox {
            dev_mailbox::ActiveModel {
                id: NotSet,
                at: Set(Utc::now()),
                destination: Set(destination.into()),
                body: Set(body.into()),
            }
            .insert(&self.db)
            .await?;
        }
        Ok(())
    }
}

fn digest(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Creates a 6-digit code for `purpose` and returns it (the caller sends it).
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    channel: &str,
    destination: &str,
) -> AppResult<String> {
    let recent = verification_code::Entity::find()
        .filter(verification_code::Column::UserId.eq(user_id))
        .filter(verification_code::Column::Purpose.eq(purpose))
        .filter(verification_code::Column::CreatedAt.gt(Utc::now() - Duration::seconds(60)))
        .one(db)
        .await?;
    if recent.is_some() {
        return Err(AppError::BadRequest("验证码已发送，请 60 秒后再试".into()));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    verification_code::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        purpose: Set(purpose.into()),
        channel: Set(channel.into()),
        destination: Set(destination.into()),
        code_hash: Set(digest(&code)),
        attempts: Set(0),
        expires_at: Set(Utc::now() + Duration::minutes(CODE_MINUTES)),
        used_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(code)
}

/// The one answer to a code that does not work — wrong, expired, used, or for an account that
/// does not exist.
pub fn bad_code() -> AppError {
    AppError::field("code", "验证码错误或已过期")
}

/// Consumes a matching, unexpired code; returns the destination it was sent to.
pub async fn consume(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    code: &str,
) -> AppResult<String> {
    let bad = bad_code;
    let row = verification_code::Entity::find()
        .filter(verification_code::Column::UserId.eq(user_id))
        .filter(verification_code::Column::Purpose.eq(purpose))
        .filter(verification_code::Column::UsedAt.is_null())
        .filter(verification_code::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(verification_code::Column::Id)
        .one(db)
        .await?
        .ok_or_else(bad)?;
    if row.attempts >= MAX_ATTEMPTS {
        return Err(bad());
    }
    let matched = row.code_hash == digest(code.trim());
    let destination = row.destination.clone();
    let attempts = row.attempts;
    let mut am: verification_code::ActiveModel = row.into();
    if matched {
        am.used_at = Set(Some(Utc::now()));
    } else {
        am.attempts = Set(attempts + 1);
    }
    am.update(db).await?;
    if matched { Ok(destination) } else { Err(bad()) }
}
