//! In-app notifications: one row per message to one user, unread until opened; the 消息中心
//! lists them. A notification also goes out by SMS or e-mail where its user chose that for its
//! kind and has a verified contact there (queued in the outbox, in the caller's transaction).

use super::{beijing, message_choices, outbox};
use crate::domain::delivery::{MessageKind, notice_param};
use crate::dto::Page;
use crate::dto::enrolments::NotificationView;
use crate::dto::messages::{MessageFilter, MessagePage, MessageRow};
use crate::error::{AppError, AppResult, Broken};
use crate::server::entities::notification;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// Notifies one user (and sends the SMS or e-mail they chose for the kind).
pub async fn send(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: MessageKind,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    send_many(db, &[user_id], kind, title, body, link).await
}

/// Users notified (or sent their SMS and e-mail) per statement.
pub const BATCH: usize = 500;

/// Notifies many users of one thing (a 催办 across a county or a province): a few statements
/// per `BATCH` users, never one per user.
pub async fn send_many(
    db: &impl ConnectionTrait,
    users: &[i64],
    kind: MessageKind,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> AppResult<()> {
    let now = Utc::now();
    let subject = format!("【师训】{title}");
    let text = format!("{body}\n\n请登录师训平台，在“消息中心”查看。");
    for batch in users.chunks(BATCH) {
        notification::Entity::insert_many(batch.iter().map(|&user_id| notification::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            kind: Set(kind),
            title: Set(title.into()),
            body: Set(body.into()),
            link: Set(link.map(Into::into)),
            read_at: Set(None),
            created_at: Set(now),
        }))
        .exec_without_returning(db)
        .await?;
        let out = message_choices::reaching_many(db, batch, kind).await?;
        outbox::enqueue_many(
            db,
            out.iter()
                .map(|(user_id, channel, destination)| outbox::Outgoing {
                    user_id: Some(*user_id),
                    kind,
                    channel: *channel,
                    destination,
                    subject: &subject,
                    body: &text,
                    params: vec![notice_param(title)],
                }),
        )
        .await?;
    }
    Ok(())
}

pub async fn unread_count(db: &impl ConnectionTrait, user_id: i64) -> AppResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

fn at(n: &notification::Model) -> String {
    beijing(n.created_at).format("%Y-%m-%d %H:%M").to_string()
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
            at: at(&n),
            title: n.title,
            body: n.body,
            link: n.link,
            read: n.read_at.is_some(),
        })
        .collect())
}

/// The 消息中心: the user's notifications, filtered, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i64,
    f: &MessageFilter,
) -> AppResult<MessagePage> {
    use notification::Column as C;
    let mut q = notification::Entity::find().filter(C::UserId.eq(user_id));
    if f.unread {
        q = q.filter(C::ReadAt.is_null());
    }
    if !f.kind.is_empty() {
        let kind = MessageKind::parse(&f.kind).ok_or(AppError::from(Broken::UnknownMessageKind))?;
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
        .map(|n| MessageRow {
            id: n.id,
            kind: n.kind,
            at: at(&n),
            title: n.title,
            body: n.body,
            link: n.link,
            read: n.read_at.is_some(),
        })
        .collect();
    Ok(MessagePage {
        page: Page {
            items,
            total,
            page,
            page_size: size,
        },
        unread: unread_count(db, user_id).await?,
    })
}

/// Marks the user's notifications read: the given ones, or all when `ids` is empty. Ids of
/// someone else's notifications change nothing.
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
