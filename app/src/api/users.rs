//! Accounts as admins manage them: list, reset password, disable/enable.

use crate::dto::Page;
use crate::dto::ids::UserId;
use crate::dto::users::{UserFilter, UserView};
use crate::error::AppError;
use leptos::prelude::*;

#[server(output = server_fn::codec::Postcard, endpoint = "list_users")]
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

/// Resets the password to a new initial one; the next login forces a change. Under the issued
/// rule the answer is the new random password, to show the admin once; under the ID-tail rule
/// it is None (the ID number's last 6).
#[server(output = server_fn::codec::Postcard, endpoint = "reset_user_password")]
pub async fn reset_user_password(user_id: UserId) -> Result<Option<String>, AppError> {
    let user_id = user_id.0;
    let (state, actor) = managing(user_id).await?;
    crate::server::services::initial_passwords::reset(&state, &actor, user_id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "set_user_disabled")]
pub async fn set_user_disabled(user_id: UserId, disabled: bool) -> Result<(), AppError> {
    let user_id = user_id.0;
    let (state, actor) = managing(user_id).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    crate::server::services::users::set_disabled(&txn, user_id, disabled).await?;
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    crate::server::services::audit::act(&txn, &actor, action, ("user", user_id)).await?;
    txn.commit().await?;
    Ok(())
}

/// The roles of one user, marking those the caller may remove.
#[server(output = server_fn::codec::Postcard, endpoint = "user_roles")]
pub async fn user_roles(
    user_id: UserId,
) -> Result<Vec<crate::dto::users::AssignmentView>, AppError> {
    let user_id = user_id.0;
    let (state, actor) = managing(user_id).await?;
    crate::server::services::grants::assignments(&state.db, &actor, user_id).await
}

/// Roles the caller may grant, and the units for one of them: (key, label).
#[server(output = server_fn::codec::Postcard, endpoint = "grant_options")]
pub async fn grant_options(
    role: String,
    keyword: String,
) -> Result<Vec<(String, String)>, AppError> {
    use crate::domain::grant::grantable;
    use crate::domain::role::Role;
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::bureau_region;
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let scope = bureau_region(&actor)?.to_string();
    let Some(role) = Role::parse(&role) else {
        return Ok(grantable(actor.role)
            .into_iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string()))
            .collect());
    };
    if !grantable(actor.role).contains(&role) {
        return Err(AppError::Forbidden);
    }
    crate::server::services::grants::unit_options(&state.db, &scope, role, &keyword).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "grant_role")]
pub async fn grant_role(
    user_id: UserId,
    grant: crate::dto::users::GrantInput,
) -> Result<i64, AppError> {
    let user_id = user_id.0;
    use crate::server::services::{audit, grants};
    let (state, actor) = managing(user_id).await?;
    let (role, unit) = grants::checked_unit(&state.db, &actor, &grant).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let id = grants::grant(&txn, user_id, role, &unit).await?;
    let after = serde_json::json!({ "role": role.as_str(), "unit": grant.unit });
    audit::admin_act(
        &txn,
        &actor,
        "user.grant_role",
        ("user", user_id),
        None,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

#[server(output = server_fn::codec::Postcard, endpoint = "revoke_role")]
pub async fn revoke_role(assignment_id: i64) -> Result<(), AppError> {
    use crate::domain::grant::may_grant;
    use crate::domain::role::Scope;
    use crate::server::auth::current_actor;
    use crate::server::entities::role_assignment;
    use crate::server::services::{audit, grants};
    use sea_orm::{EntityTrait, ModelTrait};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let ra = role_assignment::Entity::find_by_id(assignment_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let Scope::Region(at) = &actor.scope else {
        return Err(AppError::Forbidden);
    };
    match grants::unit_of(&state.db, &ra).await? {
        Some((role, unit))
            if ra.user_id != actor.user_id && may_grant(actor.role, at, role, &unit) => {}
        _ => return Err(AppError::Forbidden),
    }
    let before = serde_json::json!({ "role": ra.role, "region": ra.region_code, "school": ra.school_id, "institution": ra.institution_id });
    let user_id = ra.user_id;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    ra.delete(&txn).await?;
    audit::admin_act(
        &txn,
        &actor,
        "user.revoke_role",
        ("user", user_id),
        Some(before),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[server(output = server_fn::codec::Postcard, endpoint = "create_user")]
pub async fn create_user(input: crate::dto::users::NewUserInput) -> Result<i64, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::services::{audit, grants};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let id = grants::create_user(&state.db, &actor, &input).await?;
    let after = serde_json::json!({ "name": input.name, "role": input.grant.role, "unit": input.grant.unit });
    audit::admin_act(
        &state.db,
        &actor,
        "user.create",
        ("user", id),
        None,
        Some(after),
    )
    .await?;
    Ok(id)
}
