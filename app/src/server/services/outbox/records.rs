//! 发送记录: the province admin reads every message the outbox holds (destinations masked),
//! sees failures and why, and sends a failed one again.

use super::super::{audit, beijing};
use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, SendState};
use crate::domain::role::Scope;
use crate::dto::Page;
use crate::dto::messages::{DeliveryFilter, DeliveryPage, DeliveryRow};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::outbox;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// The province's own admin: messages reach people of every unit, so only the whole
/// province's scope reads them.
pub fn may_read(actor: &Actor) -> AppResult<()> {
    let Scope::Region(code) = &actor.scope else {
        return Err(AppError::Forbidden);
    };
    ensure(actor, Permission::ViewDeliveries, Target::Region(code))
}

fn parsed<T>(text: &str, parse: impl Fn(&str) -> Option<T>, field: &str) -> AppResult<Option<T>> {
    if text.is_empty() {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| AppError::field(field, "筛选条件无效"))
}

pub async fn list(db: &impl ConnectionTrait, f: &DeliveryFilter) -> AppResult<DeliveryPage> {
    use outbox::Column as C;
    let mut q = outbox::Entity::find();
    if let Some(state) = parsed(&f.state, SendState::parse, "state")? {
        q = q.filter(C::State.eq(state));
    }
    if let Some(channel) = parsed(&f.channel, Channel::parse, "channel")? {
        q = q.filter(C::Channel.eq(channel));
    }
    if let Some(kind) = parsed(&f.kind, MessageKind::parse, "kind")? {
        q = q.filter(C::Kind.eq(kind));
    }
    let size = crate::dto::page_size(f.page_size);
    let page = f.page.max(1);
    let total = q.clone().count(db).await?;
    let items = q
        .order_by_desc(C::Id)
        .offset((page - 1) * size)
        .limit(size)
        .all(db)
        .await?
        .into_iter()
        .map(|m| DeliveryRow {
            id: m.id,
            at: beijing(m.created_at)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            kind: m.kind,
            channel: m.channel,
            to: m.channel.masked(&m.destination),
            subject: m.subject,
            state: m.state,
            tries: m.tries,
            when: beijing(m.sent_at.unwrap_or(m.next_at))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            last_error: m.last_error,
        })
        .collect();
    let failed = outbox::Entity::find()
        .filter(C::State.eq(SendState::Failed))
        .count(db)
        .await?;
    Ok(DeliveryPage {
        page: Page {
            items,
            total,
            page,
            page_size: size,
        },
        failed,
    })
}

/// Sends a failed message again from its first try (a provider fixed, a quota renewed). A
/// code is not sent again: it has expired, and the user asks for a new one.
pub async fn retry(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<()> {
    let row = outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.state != SendState::Failed || row.kind.lifetime_seconds().is_some() {
        return Err(AppError::from(Broken::MessageNotFailed));
    }
    let now = Utc::now();
    let mut m: outbox::ActiveModel = row.into();
    m.state = Set(SendState::Queued);
    m.tries = Set(0);
    m.next_at = Set(now);
    m.created_at = Set(now);
    m.update(db).await?;
    audit::record(
        db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().to_string()),
            action: "message.retry",
            outcome: "ok",
            target_type: Some("outbox"),
            target_id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(())
}
