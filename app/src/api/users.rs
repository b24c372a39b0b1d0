//! Accounts as admins manage them: list, reset password, disable/enable.

use crate::dto::Page;
use crate::dto::users::{UserFilter, UserView};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_users")]
pub async fn list_users(filter: UserFilter) -> Result<Page<UserView>, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::bureau_region;
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let scope = bureau_region(&actor)?.to_string();
    crate::server::services::users::list(&state.db, &scope, &filter).await
}

/// Checks the caller may manage `user_id`, and returns the actor for the audit row.
#[cfg(feature = "ssr")]
async fn managing(
    user_id: i64,
) -> Result<(crate::server::state::AppState, crate::server::auth::Actor), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::services::users::{locations, may_manage};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let places = locations(&state.db, user_id).await?;
    if user_id == actor.user_id || !may_manage(&actor.scope, actor.role, &places) {
        return Err(AppError::Forbidden);
    }
    Ok((state, actor))
}

/// Restores the initial password (last 6 of the ID number); the next login forces a change.
#[server(endpoint = "reset_user_password")]
pub async fn reset_user_password(user_id: i64) -> Result<(), AppError> {
    let (state, actor) = managing(user_id).await?;
    crate::server::services::login::reset_to_initial(&state, user_id).await?;
    crate::server::services::audit::admin_act(
        &state.db,
        &actor,
        "user.reset_password",
        ("user", user_id),
        None,
        None,
    )
    .await;
    Ok(())
}

#[server(endpoint = "set_user_disabled")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    let (state, actor) = managing(user_id).await?;
    crate::server::services::users::set_disabled(&state.db, user_id, disabled).await?;
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    crate::server::services::audit::admin_act(
        &state.db,
        &actor,
        action,
        ("user", user_id),
        None,
        None,
    )
    .await;
    Ok(())
}
