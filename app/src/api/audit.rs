//! 审计日志: the 安全审计员 reads the province's audit log.

use crate::dto::audit::{AuditFilter, AuditPage};
use crate::error::AppError;
use leptos::prelude::*;

#[server(output = server_fn::codec::Postcard, endpoint = "audit_log")]
pub async fn audit_log(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::audit_view::may_read(&actor)?;
    crate::server::services::audit_view::list(&state.db, &filter).await
}
