//! The background worker: one pass fans out the reminders asked for (催办) and the SMS and
//! e-mail of announcements whose time has come, then sends what the outbox holds due. It runs for as long as the process; tests run its pass by hand.

use super::{announcements, outbox};
use crate::error::AppResult;
use crate::server::state::AppState;

/// One pass; returns how many messages it tried to send.
pub async fn pass(state: &AppState) -> AppResult<usize> {
    announcements::reminders::run_reminders(&state.db).await?;
    announcements::dispatch::run(&state.db).await?;
    outbox::deliver_due(state).await
}

/// Runs passes for as long as the process: at once when woken, and every few seconds for
/// retries and for messages queued inside transactions.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            let full = match pass(&state).await {
                Ok(n) => n as u64 == outbox::BATCH,
                Err(e) => {
                    tracing::error!(error = ?e, "worker pass failed");
                    false
                }
            };
            if !full {
                tokio::select! {
                    () = state.outbox.woken() => {}
                    () = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                }
            }
        }
    });
}
