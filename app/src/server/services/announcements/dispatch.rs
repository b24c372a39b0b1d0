//! Announcements by SMS or e-mail, to the recipients who chose 通知公告 by a channel (few: by
//! default an announcement is in the 通知公告 list only). The worker does it once an
//! announcement's publish time has come, once per announcement; publishing itself writes
//! nothing per recipient.

use super::{Place, inbox, place_of};
use crate::domain::delivery::{MessageKind, notice_param};
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::auth::actor::scope_of;
use crate::server::entities::{announcement, message_choice, role_assignment};
use crate::server::services::{message_choices, notifications, outbox};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashSet};

/// Announcements dispatched per pass.
const BATCH: u64 = 20;

/// The body as plain text, for an e-mail.
fn plain(html: &str) -> String {
    let text = ammonia::Builder::empty()
        .clean(&html.replace("</p>", "</p>\n"))
        .to_string();
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// Where each user who chose announcements by a channel receives them: one place per role.
async fn choosers(db: &impl ConnectionTrait) -> AppResult<Vec<Place>> {
    let users: Vec<i64> = message_choice::Entity::find()
        .select_only()
        .column(message_choice::Column::UserId)
        .filter(message_choice::Column::Kind.eq(MessageKind::Announcement))
        .filter(message_choice::Column::Chosen.eq(true))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut places = Vec::new();
    for ra in role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.is_in(users))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?
    {
        let Ok(scope) = scope_of(db, &ra, ra.role).await else {
            continue;
        };
        let actor = Actor {
            user_id: ra.user_id,
            name: String::new(),
            assignment_id: ra.id,
            role: ra.role,
            scope,
            must_change_password: false,
        };
        if let Some(p) = place_of(db, &actor).await? {
            places.push(p);
        }
    }
    Ok(places)
}

/// Queues the SMS and e-mail of the announcements whose time has come; returns how many.
pub async fn run(db: &impl ConnectionTrait) -> AppResult<usize> {
    use announcement::Column as A;
    let now = Utc::now();
    let due = announcement::Entity::find()
        .filter(A::DispatchedAt.is_null())
        .filter(A::PublishAt.lte(now))
        .order_by_asc(A::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    // What each chooser receives now, looked up once per pass, not once per announcement.
    let mut receives: Vec<(i64, HashSet<i64>)> = Vec::new();
    for p in choosers(db).await? {
        let ids = inbox::reaching(db, &p)
            .await?
            .iter()
            .map(|r| r.id)
            .collect();
        receives.push((p.user_id, ids));
    }
    let mut queued = 0;
    for a in due {
        // Claimed once, whichever worker gets there first.
        let claimed = announcement::Entity::update_many()
            .col_expr(A::DispatchedAt, Expr::value(Some(now)))
            .filter(A::Id.eq(a.id))
            .filter(A::DispatchedAt.is_null())
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 || a.withdrawn_at.is_some() {
            continue;
        }
        let users: BTreeSet<i64> = receives
            .iter()
            .filter(|(_, ids)| ids.contains(&a.id))
            .map(|(user, _)| *user)
            .collect();
        let users: Vec<i64> = users.into_iter().collect();
        let subject = format!("【师训】{}", a.title);
        let body = format!(
            "{}\n\n{}\n\n请登录师训平台，在“通知公告”中查看全文。",
            a.title,
            plain(&a.body)
        );
        for batch in users.chunks(notifications::BATCH) {
            let out = message_choices::reaching_many(db, batch, MessageKind::Announcement).await?;
            queued += outbox::enqueue_many(
                db,
                out.iter()
                    .map(|(user_id, channel, destination)| outbox::Outgoing {
                        user_id: Some(*user_id),
                        kind: MessageKind::Announcement,
                        channel: *channel,
                        destination,
                        subject: &subject,
                        body: &body,
                        params: vec![notice_param(&a.title)],
                    }),
            )
            .await?;
        }
    }
    Ok(queued)
}
