//! Login, logout, the current user, password change and role switch.

use crate::dto::account::{Me, SiteInfo};
use crate::error::AppError;
use leptos::prelude::*;

/// Public facts for the login page: demo mode and its accounts.
#[server(output = server_fn::codec::Postcard, endpoint = "site_facts")]
pub async fn site_facts() -> Result<SiteInfo, AppError> {
    let state = super::ctx::state()?;
    let demo = state.config.is_demo();
    Ok(SiteInfo {
        demo,
        demo_accounts: if demo {
            crate::server::seed::demo_accounts()
        } else {
            Vec::new()
        },
    })
}

/// Logs in; returns whether the password must be changed first. `next`: where the login was
/// asked from (a plain form post is sent there, or to the password change).
#[server(output = server_fn::codec::Postcard, endpoint = "login")]
pub async fn login(
    account: String,
    password: String,
    captcha: String,
    #[server(default)] next: Option<String>,
) -> Result<bool, AppError> {
    use crate::server::services::login::{LoginInput, login};
    let state = super::ctx::state()?;
    let session = super::ctx::session().await?;
    let ip = super::ctx::client_ip().await;
    let must_change = login(
        &state,
        &session,
        ip,
        LoginInput {
            account,
            password,
            captcha,
        },
    )
    .await?;
    super::ctx::after_form_post(if must_change {
        "/change-password"
    } else {
        next.as_deref()
            .and_then(crate::url::safe_next)
            .unwrap_or("/")
    });
    Ok(must_change)
}

#[server(output = server_fn::codec::Postcard, endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::current_actor_pending_ok;
    let state = super::ctx::state()?;
    let session = super::ctx::session().await?;
    let actor = current_actor_pending_ok().await.ok();
    crate::server::services::login::logout(&state, &session, actor.as_ref()).await
}

/// The logged-in user, or None.
#[server(output = server_fn::codec::Postcard, endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::server::auth::current_actor_pending_ok;
    let state = super::ctx::state()?;
    match current_actor_pending_ok().await {
        Ok(actor) => Ok(Some(
            crate::server::services::login::me(&state, &actor).await?,
        )),
        Err(AppError::NotAuthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `confirm`: the form's second entry of the new password (a plain form post cannot check it
/// in the browser); the browser's own call leaves it out.
#[server(output = server_fn::codec::Postcard, endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::current_actor_pending_ok;
    let state = super::ctx::state()?;
    let session = super::ctx::session().await?;
    let actor = current_actor_pending_ok().await?;
    if confirm.is_some_and(|c| c != new) {
        return Err(AppError::from(crate::error::Broken::PasswordsDiffer));
    }
    crate::server::services::login::change_password(&state, &session, &actor, &current, &new)
        .await?;
    super::ctx::after_form_post("/");
    Ok(())
}

#[server(output = server_fn::codec::Postcard, endpoint = "switch_role")]
pub async fn switch_role(assignment_id: i64) -> Result<(), AppError> {
    use crate::server::auth::current_actor;
    let state = super::ctx::state()?;
    let session = super::ctx::session().await?;
    let actor = current_actor().await?;
    crate::server::services::login::switch_role(&state, &session, &actor, assignment_id).await
}
