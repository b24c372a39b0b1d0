//! Messages that leave the server. A request that causes an SMS or an e-mail only writes its
//! row here (in the request's own transaction, where it has one), so sending never holds a
//! request up and nothing is lost when a provider is down. A worker claims what is due, sends
//! it by the channel's route, and records how it went: sent, or tried again after the
//! back-off of `domain::delivery`, or failed (audited, shown in 发送记录).

pub mod email;
pub mod records;
pub mod sms;

use super::audit;
use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, SendState, next_try};
use crate::error::AppResult;
use crate::server::config::Config;
use crate::server::entities::{dev_mailbox, outbox};
use crate::server::state::AppState;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, NotSet, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::Notify;

/// How a channel's messages leave.
pub enum Route {
    Smtp(email::Smtp),
    Sms {
        client: reqwest::Client,
        settings: crate::server::messaging::SmsSettings,
    },
    /// A demo without a provider: the dev mailbox page shows what would have gone.
    DevMailbox,
    /// Production without a provider: recorded as failed, with this reason.
    Missing(&'static str),
}

/// The outbox's routes and the bell that wakes its worker.
pub struct Outbox {
    email: Route,
    sms: Route,
    wake: Notify,
}

impl Outbox {
    /// The routes the configuration names. One that cannot be built (its settings were
    /// checked at start-up, so hardly ever) is logged and records its messages as failed.
    pub fn new(config: &Config) -> Self {
        let demo = config.is_demo();
        let email = match &config.smtp {
            Some(s) => email::Smtp::new(s).map_or_else(
                |e| {
                    tracing::error!(error = %e, "SMTP relay unusable");
                    Route::Missing("邮件服务配置无效，详见服务日志")
                },
                Route::Smtp,
            ),
            None if demo => Route::DevMailbox,
            None => Route::Missing("未配置邮件服务（SHIXUN_SMTP_HOST）"),
        };
        let sms = match &config.sms {
            Some(s) => reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .map_or_else(
                    |e| {
                        tracing::error!(error = %e, "SMS client unusable");
                        Route::Missing("短信服务配置无效，详见服务日志")
                    },
                    |client| Route::Sms {
                        client,
                        settings: s.clone(),
                    },
                ),
            None if demo => Route::DevMailbox,
            None => Route::Missing("未配置短信服务（SHIXUN_SMS_SECRET_ID）"),
        };
        Self {
            email,
            sms,
            wake: Notify::new(),
        }
    }

    /// Tells the worker something is due now (it also looks every few seconds).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Resolves when `wake` is called.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    fn route(&self, channel: Channel) -> &Route {
        match channel {
            Channel::Phone => &self.sms,
            Channel::Email => &self.email,
        }
    }
}

/// A message to queue.
pub struct Outgoing<'a> {
    pub user_id: Option<i64>,
    pub kind: MessageKind,
    pub channel: Channel,
    pub destination: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The SMS template's parameters (`MessageKind::template`).
    pub params: Vec<String>,
}

fn queued(m: Outgoing<'_>, now: chrono::DateTime<Utc>) -> outbox::ActiveModel {
    outbox::ActiveModel {
        id: NotSet,
        user_id: Set(m.user_id),
        kind: Set(m.kind),
        channel: Set(m.channel),
        destination: Set(m.destination.to_string()),
        subject: Set(m.subject.to_string()),
        body: Set(m.body.to_string()),
        params: Set(serde_json::to_string(&m.params).unwrap_or_else(|_| "[]".into())),
        state: Set(SendState::Queued),
        tries: Set(0),
        next_at: Set(now),
        last_error: Set(None),
        provider_ref: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
}

/// Queues a message, due now. The caller wakes the worker once it has committed.
pub async fn enqueue(db: &impl ConnectionTrait, m: Outgoing<'_>) -> AppResult<i64> {
    Ok(queued(m, Utc::now()).insert(db).await?.id)
}

/// Queues many messages in one statement (the caller keeps a batch to a few hundred).
pub async fn enqueue_many<'a>(
    db: &impl ConnectionTrait,
    messages: impl IntoIterator<Item = Outgoing<'a>>,
) -> AppResult<usize> {
    let now = Utc::now();
    let rows: Vec<outbox::ActiveModel> = messages.into_iter().map(|m| queued(m, now)).collect();
    let n = rows.len();
    if n > 0 {
        outbox::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(n)
}

/// Queues a message outside any transaction and wakes the worker: codes and the notices
/// that must reach the user at once.
pub async fn send_now(state: &AppState, m: Outgoing<'_>) -> AppResult<()> {
    enqueue(&state.db, m).await?;
    state.outbox.wake();
    Ok(())
}

/// The code template's parameters: the code and its minutes.
pub fn code_params(code: &str) -> Vec<String> {
    vec![
        code.to_string(),
        super::one_time_codes::CODE_MINUTES.to_string(),
    ]
}

/// Messages sent per pass; the worker goes again at once when a pass was full.
pub const BATCH: u64 = 50;

/// How long a worker holds a claimed message: if it dies while sending, the message is due
/// again after this (a second process never sends a held message).
const CLAIM_SECONDS: i64 = 120;

/// Sends what is due now; returns how many it tried.
pub async fn deliver_due(state: &AppState) -> AppResult<usize> {
    use outbox::Column as C;
    let db = &state.db;
    let now = Utc::now();
    let due = outbox::Entity::find()
        .filter(C::State.eq(SendState::Queued))
        .filter(C::NextAt.lte(now))
        .order_by_asc(C::NextAt)
        .order_by_asc(C::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut tried = 0;
    for row in due {
        // Claimed only if no other worker moved it since it was read.
        let claimed = outbox::Entity::update_many()
            .col_expr(
                C::NextAt,
                Expr::value(now + Duration::seconds(CLAIM_SECONDS)),
            )
            .filter(C::Id.eq(row.id))
            .filter(C::State.eq(SendState::Queued))
            .filter(C::NextAt.eq(row.next_at))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        tried += 1;
        let result = send_one(db, state.outbox.route(row.channel), &row).await;
        record(db, &row, result).await?;
    }
    Ok(tried)
}

async fn send_one(
    db: &DatabaseConnection,
    route: &Route,
    row: &outbox::Model,
) -> Result<String, String> {
    match route {
        Route::Smtp(smtp) => smtp.send(row).await,
        Route::Sms { client, settings } => sms::send(client, settings, row).await,
        Route::DevMailbox => {
            tracing::info!(to = %row.channel.masked(&row.destination), kind = row.kind.as_str(), "message to the dev mailbox");
            dev_mailbox::ActiveModel {
                id: NotSet,
                at: Set(Utc::now()),
                destination: Set(row.destination.clone()),
                body: Set(row.body.clone()),
            }
            .insert(db)
            .await
            .map(|_| "dev mailbox".to_string())
            .map_err(|e| e.to_string())
        }
        Route::Missing(why) => Err((*why).to_string()),
    }
}

/// Records a try: sent, due again after the back-off, or given up (and audited).
async fn record(
    db: &DatabaseConnection,
    row: &outbox::Model,
    result: Result<String, String>,
) -> AppResult<()> {
    let now = Utc::now();
    let mut m: outbox::ActiveModel = row.clone().into();
    match result {
        Ok(reference) => {
            m.state = Set(SendState::Sent);
            m.sent_at = Set(Some(now));
            m.provider_ref = Set(Some(reference));
            m.next_at = Set(now);
        }
        Err(error) => {
            let tries = row.tries + 1;
            tracing::warn!(id = row.id, tries, %error, "message not sent");
            let age = (now - row.created_at).num_seconds();
            m.tries = Set(tries);
            m.last_error = Set(Some(error.clone()));
            match next_try(row.kind, tries.max(0) as u32, age) {
                Some(wait) => m.next_at = Set(now + Duration::seconds(wait)),
                None => {
                    m.state = Set(SendState::Failed);
                    m.next_at = Set(now);
                    audit::record(
                        db,
                        audit::Entry {
                            actor_user_id: row.user_id,
                            action: "message.failed",
                            outcome: "failed",
                            target_type: Some("outbox"),
                            target_id: Some(row.id.to_string()),
                            after: Some(serde_json::json!({
                                "kind": row.kind.as_str(),
                                "channel": row.channel.as_str(),
                                "to": row.channel.masked(&row.destination),
                                "tries": tries,
                                "error": error,
                            })),
                            ..Default::default()
                        },
                    )
                    .await;
                }
            }
        }
    }
    m.update(db).await?;
    Ok(())
}
