//! The 工作台 and 统计分析.

use crate::dto::dashboard::Workbench;
use crate::error::AppError;
use leptos::prelude::*;

/// The actor's 工作台: its 待办 counts, its unit's key figures, an institution's classes.
#[server(output = server_fn::codec::Postcard, endpoint = "get_workbench")]
pub async fn get_workbench() -> Result<Workbench, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::dashboard::workbench(&state.db, &actor).await
}

/// A 统计分析 page: the caller's unit or one below it (from the page's address).
#[server(output = server_fn::codec::Postcard, endpoint = "get_statistics")]
pub async fn get_statistics(
    query: crate::dto::dashboard::StatsQuery,
) -> Result<crate::dto::dashboard::StatsView, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if crate::server::services::statistics::Area::tab(&query.area)
        == crate::server::services::statistics::Area::Credits
    {
        crate::server::services::stats::credits::refresh_stale(&state.db).await?;
    }
    crate::server::services::statistics::view(&state.db, &actor, &query).await
}
