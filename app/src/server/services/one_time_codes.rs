//! One-time codes sent to a verified phone or email (password reset, unlock, contact change),
//! through a pluggable sender.

use crate::domain::contact::CodePurpose;
use crate::error::Broken;
use crate::error::{AppError, AppResult, LoginError};
use crate::server::entities::verification_code;
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};

pub const CODE_MINUTES: i64 = 10;
pub const MAX_ATTEMPTS: i32 = 5;

/// Sends a code: queued in the outbox, which the worker delivers at once (a code must not
/// wait for the request, nor be lost when the provider is slow).
pub async fn send(
    state: &crate::server::state::AppState,
    user_id: i64,
    kind: crate::domain::delivery::MessageKind,
    channel: crate::domain::contact::Channel,
    destination: &str,
    code: &str,
    body: &str,
) -> AppResult<()> {
    use super::outbox;
    outbox::send_now(
        state,
        outbox::Outgoing {
            user_id: Some(user_id),
            kind,
            channel,
            destination,
            subject: "【师训】验证码",
            body,
            params: outbox::code_params(code),
        },
    )
    .await
}

fn digest(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Refuses a second code for the same user and purpose within a minute (a logged-in user's
/// contact change; recovery limits by the account typed, see `recovery`).
pub async fn not_too_soon(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: CodePurpose,
) -> AppResult<()> {
    let recent = verification_code::Entity::find()
        .filter(verification_code::Column::UserId.eq(user_id))
        .filter(verification_code::Column::Purpose.eq(purpose))
        .filter(verification_code::Column::CreatedAt.gt(Utc::now() - Duration::seconds(60)))
        .one(db)
        .await?;
    match recent {
        Some(_) => Err(AppError::Login(LoginError::CodeTooSoon)),
        None => Ok(()),
    }
}

/// Creates a 6-digit code for `purpose` and returns it (the caller sends it). Only the newest
/// code of a user and purpose can be used.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: CodePurpose,
    channel: crate::domain::contact::Channel,
    destination: &str,
) -> AppResult<String> {
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    verification_code::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        purpose: Set(purpose),
        channel: Set(channel),
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
    AppError::from(Broken::CodeWrong)
}

/// Consumes a matching, unexpired code; returns the destination it was sent to.
pub async fn consume(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: CodePurpose,
    code: &str,
) -> AppResult<String> {
    consume_if(db, user_id, purpose, code, || Ok(())).await
}

/// Consumes a matching, unexpired code once `ready` agrees (a reset's new password must pass
/// the rules: a weak one leaves the code usable). The attempt is counted before the code is
/// compared, in one conditional UPDATE, so parallel guesses cannot share a count: at most
/// `MAX_ATTEMPTS` comparisons per code. Of parallel right answers only one uses the code.
pub async fn consume_if(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: CodePurpose,
    code: &str,
    ready: impl FnOnce() -> AppResult<()>,
) -> AppResult<String> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    use verification_code::Column as C;
    let row = verification_code::Entity::find()
        .filter(C::UserId.eq(user_id))
        .filter(C::Purpose.eq(purpose))
        .filter(C::UsedAt.is_null())
        .filter(C::ExpiresAt.gt(Utc::now()))
        .order_by_desc(C::Id)
        .one(db)
        .await?
        .ok_or_else(bad_code)?;
    let counted = verification_code::Entity::update_many()
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .filter(C::Id.eq(row.id))
        .filter(C::UsedAt.is_null())
        .filter(C::Attempts.lt(MAX_ATTEMPTS))
        .exec(db)
        .await?;
    if counted.rows_affected != 1 || row.code_hash != digest(code.trim()) {
        return Err(bad_code());
    }
    ready()?;
    let used = verification_code::Entity::update_many()
        .col_expr(C::UsedAt, Expr::val(Some(Utc::now())))
        .filter(C::Id.eq(row.id))
        .filter(C::UsedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Err(bad_code());
    }
    Ok(row.destination)
}
