//! Training years and enrolment windows.

use crate::dto::projects::{YearDraft, YearView};
use crate::error::AppError;
use leptos::prelude::*;

/// Every signed-in user may read the years: forms and enrolment pages show them.
#[server(output = server_fn::codec::Postcard, endpoint = "list_training_years")]
pub async fn list_training_years() -> Result<Vec<YearView>, AppError> {
    let state = super::ctx::state()?;
    crate::server::auth::current_actor().await?;
    crate::server::services::training_years::list(&state.db).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_training_year")]
pub async fn save_training_year(draft: YearDraft) -> Result<i32, AppError> {
    use crate::server::auth::policy::Permission;
    use crate::server::services::{audit, training_years};
    let (state, actor, _) = super::ctx::own_region_with(Permission::ConfigureProvince).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let year = training_years::save(&txn, &draft).await?;
    let after = serde_json::to_value(&draft).ok();
    audit::admin_act(
        &txn,
        &actor,
        "training_year.save",
        ("training_year", i64::from(year)),
        None,
        after,
    )
    .await?;
    txn.commit().await?;
    Ok(year)
}
