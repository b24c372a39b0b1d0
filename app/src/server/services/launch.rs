//! 进入远程学习: a short-lived, single-use ticket that takes a teacher to the institution's
//! learning platform without a second password. The teacher's browser carries the ticket to
//! the platform; the platform redeems it once, server to server, and learns who is coming.
//! Only the ticket's SHA-256 is stored, so a database leak reveals no usable ticket.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{enrolment, institution, launch_token, project, teacher, user};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a ticket may wait before the platform redeems it.
pub const TICKET_SECONDS: i64 = 120;

fn hash(ticket: &str) -> String {
    hex::encode(Sha256::digest(ticket.as_bytes()))
}

/// The platform URL with a fresh ticket for the caller's enrolment.
pub async fn issue(
    db: &impl ConnectionTrait,
    actor: &Actor,
    enrolment_id: i64,
) -> AppResult<String> {
    let e = enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .filter(|e| e.user_id == actor.user_id)
        .ok_or(AppError::NotFound)?;
    if EnrolmentStatus::parse(&e.status) != Some(EnrolmentStatus::Enrolled) {
        return Err(AppError::Conflict("录取后才能进入远程学习".into()));
    }
    let p = project::Entity::find_by_id(e.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = match p.institution_id {
        Some(id) => institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|i| i.platform_url),
        None => None,
    }
    .ok_or(AppError::Conflict("承办机构未提供学习平台".into()))?;
    let ticket = hex::encode(rand::random::<[u8; 32]>());
    launch_token::ActiveModel {
        token_hash: Set(hash(&ticket)),
        user_id: Set(actor.user_id),
        project_id: Set(p.id),
        expires_at: Set(Utc::now() + Duration::seconds(TICKET_SECONDS)),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}shixun_ticket={ticket}"))
}

/// Who the ticket stands for, as the platform learns it.
#[derive(Debug, Serialize)]
pub struct Redeemed {
    pub training_number: String,
    pub name: String,
    pub project_id: i64,
    pub project_name: String,
}

/// Redeems a ticket once. Unknown, expired and used tickets are all refused alike.
pub async fn redeem(db: &impl ConnectionTrait, ticket: &str) -> AppResult<Redeemed> {
    let now = Utc::now();
    let h = hash(ticket);
    // One conditional update: of two redemptions racing, exactly one matches.
    let done = launch_token::Entity::update_many()
        .col_expr(launch_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(launch_token::Column::TokenHash.eq(h.clone()))
        .filter(launch_token::Column::UsedAt.is_null())
        .filter(launch_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    let t = launch_token::Entity::find_by_id(h)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let u = user::Entity::find_by_id(t.user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let record = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(t.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = project::Entity::find_by_id(t.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redeemed {
        training_number: record.training_number.unwrap_or_default(),
        name: u.name,
        project_id: p.id,
        project_name: p.name,
    })
}
