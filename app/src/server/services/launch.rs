//! 进入远程学习: a short-lived, single-use ticket that takes a teacher to the learning platform
//! of the institution that runs their class, without a second password. The teacher's browser
//! carries the ticket to the platform; the platform redeems it once, server to server, signed
//! in with its own secret, and learns who is coming.
//!
//! The ticket travels in the platform URL (a form POST to another site is what the page's CSP
//! `form-action 'self'` forbids), so it may end up in a browser history or a proxy log. That is
//! why it is worth nothing there: it is bound to one institution, only that institution's
//! platform can redeem it (it must present its secret), it is single-use and lives two
//! minutes. Only SHA-256 digests of tickets and secrets are stored.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::password::constant_eq;
use crate::server::entities::{enrolment, institution, launch_token, project, teacher, user};
use crate::server::services::audit;
use crate::server::services::by_id;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How long a ticket may wait before the platform redeems it.
pub const TICKET_SECONDS: i64 = 120;

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn fresh_secret() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The institution that runs the class: the one the province placed it with, else the
/// project's own.
async fn runs_class(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
    p: &project::Model,
) -> AppResult<Option<institution::Model>> {
    let class = by_id::class_of(db, e).await?;
    let id = class.and_then(|c| c.institution_id).or(p.institution_id);
    Ok(match id {
        Some(id) => institution::Entity::find_by_id(id).one(db).await?,
        None => None,
    })
}

/// The platform URL with a fresh ticket for the caller's enrolment.
pub async fn issue(
    db: &impl ConnectionTrait,
    actor: &Actor,
    enrolment_id: i64,
) -> AppResult<String> {
    let e = by_id::own_enrolment(db, actor.user_id, enrolment_id).await?;
    if e.status != EnrolmentStatus::Enrolled {
        return Err(AppError::from(Broken::LearnAfterEnrolled));
    }
    let p = by_id::found::<project::Entity>(db, e.project_id).await?;
    let inst = runs_class(db, &e, &p)
        .await?
        .filter(|i| !i.disabled && i.platform_secret_hash.is_some());
    let (inst, url) = inst
        .and_then(|i| i.platform_url.clone().map(|u| (i, u)))
        .ok_or(AppError::from(Broken::PlatformNotLinked))?;
    let ticket = fresh_secret();
    launch_token::ActiveModel {
        token_hash: Set(hash(&ticket)),
        user_id: Set(actor.user_id),
        project_id: Set(p.id),
        institution_id: Set(Some(inst.id)),
        expires_at: Set(Utc::now() + Duration::seconds(TICKET_SECONDS)),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}shixun_ticket={ticket}"))
}

/// Whether the institution's platform can take teachers: a URL and a secret.
pub fn connected(i: &institution::Model) -> bool {
    i.platform_url.is_some() && i.platform_secret_hash.is_some() && !i.disabled
}

/// A new platform secret for the institution, returned once (only its digest is kept); the
/// old one stops working at once.
pub async fn new_secret(db: &impl ConnectionTrait, institution_id: i64) -> AppResult<String> {
    let secret = fresh_secret();
    let done = institution::Entity::update_many()
        .col_expr(
            institution::Column::PlatformSecretHash,
            Expr::value(Some(hash(&secret))),
        )
        .col_expr(
            institution::Column::PlatformSecretAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(institution::Column::Id.eq(institution_id))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    Ok(format!("{institution_id}.{secret}"))
}

/// Who the ticket stands for, as the platform learns it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Redeemed {
    pub training_number: String,
    pub name: String,
    pub project_id: i64,
    pub project_name: String,
}

/// The platform's credential, "Bearer <institution id>.<secret>": the institution it proves.
async fn platform_of(
    db: &impl ConnectionTrait,
    authorization: Option<&str>,
) -> AppResult<Option<i64>> {
    let Some((id, secret)) = authorization
        .and_then(|a| a.strip_prefix("Bearer "))
        .and_then(|c| c.trim().split_once('.'))
    else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    let inst = institution::Entity::find_by_id(id).one(db).await?;
    let given = hash(secret);
    Ok(inst
        .filter(|i| !i.disabled)
        .and_then(|i| i.platform_secret_hash)
        .filter(|stored| constant_eq(stored, &given))
        .map(|_| id))
}

/// Redeems a ticket once, for the platform that proves it is the ticket's institution.
/// A missing or wrong credential is `NotAuthenticated`; unknown, expired, used and other
/// institutions' tickets are all `NotFound` alike. Every attempt is audited.
pub async fn redeem(
    db: &impl ConnectionTrait,
    authorization: Option<&str>,
    ticket: &str,
    ip: Option<String>,
) -> AppResult<Redeemed> {
    let Some(inst) = platform_of(db, authorization).await? else {
        audit::record(
            db,
            audit::Entry {
                action: "sso.redeem",
                outcome: "denied",
                ip,
                after: Some(serde_json::json!({ "reason": "credential" })),
                ..Default::default()
            },
        )
        .await;
        return Err(AppError::NotAuthenticated);
    };
    let now = Utc::now();
    let h = hash(ticket);
    // One conditional update: of two redemptions racing, exactly one matches.
    let done = launch_token::Entity::update_many()
        .col_expr(launch_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(launch_token::Column::TokenHash.eq(h.clone()))
        .filter(launch_token::Column::InstitutionId.eq(inst))
        .filter(launch_token::Column::UsedAt.is_null())
        .filter(launch_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    let entry = |outcome, user: Option<i64>| audit::Entry {
        actor_user_id: user,
        action: "sso.redeem",
        outcome,
        target_type: Some("institution"),
        target_id: Some(inst.to_string()),
        ip: ip.clone(),
        ..Default::default()
    };
    if done.rows_affected != 1 {
        audit::record(db, entry("failed", None)).await;
        return Err(AppError::NotFound);
    }
    let t = by_id::found::<launch_token::Entity>(db, h).await?;
    let u = by_id::found::<user::Entity>(db, t.user_id).await?;
    let record = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(t.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = by_id::found::<project::Entity>(db, t.project_id).await?;
    audit::record(db, entry("ok", Some(u.id))).await;
    Ok(Redeemed {
        training_number: record.training_number.unwrap_or_default(),
        name: u.name,
        project_id: p.id,
        project_name: p.name,
    })
}
