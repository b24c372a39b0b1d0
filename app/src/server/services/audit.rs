//! The append-only audit log: who did what, when (UTC), from where, before/after.

use crate::server::entities::audit_log;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, NotSet};

#[derive(Debug, Default, Clone)]
pub struct Entry {
    pub actor_user_id: Option<i64>,
    pub actor_role: Option<String>,
    pub action: &'static str,
    /// "ok", "requested" (a call logged before it runs), "failed" or "denied".
    pub outcome: &'static str,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one row, or says it could not: for the callers that fail closed (an act the log
/// cannot hold is answered as failed).
pub async fn write(db: &impl ConnectionTrait, e: Entry) -> crate::error::AppResult<()> {
    let action = e.action;
    row(e).insert(db).await.map(|_| ()).map_err(|err| {
        tracing::error!(error = %err, action, "audit write failed");
        crate::error::AppError::Internal
    })
}

fn row(e: Entry) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor_user_id: Set(e.actor_user_id),
        actor_role: Set(e.actor_role),
        action: Set(e.action.into()),
        outcome: Set(e.outcome.into()),
        target_type: Set(e.target_type.map(Into::into)),
        target_id: Set(e.target_id),
        // An entry written while a request is served says where it came from.
        ip: Set(e.ip.or_else(client_ip)),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
    }
}

/// Writes one row. A failure to audit is logged, never shown to the user as their error.
pub async fn record(db: &impl ConnectionTrait, e: Entry) {
    let _ = write(db, e).await;
}

tokio::task_local! {
    /// The client address of the request being served, set by the server's gate (behind a
    /// trusted proxy, the address the proxy names), so an entry written deep in a service
    /// still says where the act came from.
    pub static CLIENT_IP: String;
}

/// The client address of the request being served, if any.
pub fn client_ip() -> Option<String> {
    CLIENT_IP.try_with(Clone::clone).ok()
}

/// Runs `work` as serving a request from `ip`: a task spawned for a request takes its address
/// along.
pub async fn with_client_ip<F: std::future::Future>(ip: Option<String>, work: F) -> F::Output {
    match ip {
        Some(ip) => CLIENT_IP.scope(ip, work).await,
        None => work.await,
    }
}

/// An admin's act with nothing to compare (a download, a reset): who, what and on what.
pub async fn act(
    db: &impl ConnectionTrait,
    actor: &crate::server::auth::Actor,
    action: &'static str,
    target: (&'static str, impl ToString),
) -> crate::error::AppResult<()> {
    admin_act(db, actor, action, target, None, None).await
}

/// An admin's act on one record (or a download of personal data), with the actor's role, the
/// client address (see `row`) and the record's state before/after. Fail closed: written on the act's own
/// transaction (or before the data leaves), an entry the log cannot hold fails the act.
pub async fn admin_act(
    db: &impl ConnectionTrait,
    actor: &crate::server::auth::Actor,
    action: &'static str,
    target: (&'static str, impl ToString),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> crate::error::AppResult<()> {
    write(
        db,
        Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().into()),
            action,
            outcome: "ok",
            target_type: Some(target.0),
            target_id: Some(target.1.to_string()),
            ip: None,
            before,
            after,
        },
    )
    .await
}
