//! 账号安全 (province admin): how new accounts get their first password, and how long an
//! issued one works.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRules {
    /// `InitialPasswordRule::as_str`.
    pub rule: String,
    pub days: i64,
}

#[server(output = server_fn::codec::Postcard, endpoint = "account_settings")]
pub async fn account_settings() -> Result<AccountRules, AppError> {
    use crate::server::auth::policy::Permission;
    use crate::server::services::initial_passwords;
    let (state, _, _) = super::ctx::own_region_with(Permission::ConfigureProvince).await?;
    Ok(AccountRules {
        rule: initial_passwords::rule(&state.db).await?.as_str().into(),
        days: initial_passwords::valid_days(&state.db).await?,
    })
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_account_settings")]
pub async fn save_account_settings(rule: String, days: i64) -> Result<(), AppError> {
    use crate::domain::initial_password::InitialPasswordRule;
    use crate::server::auth::policy::Permission;
    use crate::server::services::{audit, initial_passwords};
    let (state, actor, _) = super::ctx::own_region_with(Permission::ConfigureProvince).await?;
    let rule = InitialPasswordRule::parse(&rule)
        .ok_or_else(|| AppError::from(crate::error::Broken::ChooseInitialRule))?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    initial_passwords::set_rule(&txn, rule, days).await?;
    let after = serde_json::json!({ "rule": rule.as_str(), "days": days });
    audit::admin_act(
        &txn,
        &actor,
        "settings.initial_password",
        ("settings", 0),
        None,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
