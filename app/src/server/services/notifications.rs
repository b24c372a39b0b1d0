//! In-app notifications: one row per message to one user; unread until opened.

use super::beijing;
use crate::dto::enrolments::NotificationView;
use crate::error::AppResult;
use crate::server::entities::notification;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub async fn send(
    db: &impl ConnectionTrait,
    user_id: i64,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    notification::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        title: Set(title.into()),
        body: Set(body.into()),
        link: Set(link.map(Into::into)),
        read_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn unread_count(db: &impl ConnectionTrait, user_id: i64) -> AppResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The latest `limit` notifications, newest first.
pub async fn latest(
    db: &impl ConnectionTrait,
    user_id: i64,
    limit: u64,
) -> AppResult<Vec<NotificationView>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            title: n.title,
            body: n.body,
            link: n.link,
            at: beijing(n.created_at).format("%Y-%m-%d %H:%M").to_string(),
            read: n.read_at.is_some(),
        })
        .collect())
}

/// Marks the user's notifications read: the given ones, or all when `ids` is empty.
pub async fn mark_read(db: &impl ConnectionTrait, user_id: i64, ids: &[i64]) -> AppResult<()> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null());
    if !ids.is_empty() {
        q = q.filter(notification::Column::Id.is_in(ids.to_vec()));
    }
    q.exec(db).await?;
    Ok(())
}
