//! The teacher's own 基本信息 and contact changes (verified by code).

use crate::dto::profile::TeacherProfile;
use crate::error::AppError;
use leptos::prelude::*;

#[server(output = server_fn::codec::Postcard, endpoint = "my_profile")]
pub async fn my_profile() -> Result<TeacherProfile, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::profile::teacher_profile(&state.db, actor.user_id).await
}

/// Sends a code to a new phone number or email ("phone" / "email"). The account's password
/// is asked again: a session left open must not be enough to move the account's recovery.
#[server(output = server_fn::codec::Postcard, endpoint = "send_contact_code")]
pub async fn send_contact_code(
    channel: String,
    destination: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::contact::{validate_email, validate_phone};
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{one_time_codes, profile};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    let dest = match channel.as_str() {
        "phone" => validate_phone(&destination).map_err(|m| AppError::field("phone", m))?,
        "email" => validate_email(&destination).map_err(|m| AppError::field("email", m))?,
        _ => return Err(AppError::from(crate::error::Broken::UnknownContactChannel)),
    };
    let ip = super::ctx::client_ip().await;
    profile::reauthenticate(&state, &actor, ip, &password).await?;
    let purpose = format!("contact_{channel}");
    one_time_codes::not_too_soon(&state.db, actor.user_id, &purpose).await?;
    let code = one_time_codes::issue(&state.db, actor.user_id, &purpose, &channel, &dest).await?;
    let body = format!(
        "【师训】您的验证码是 {code}，{} 分钟内有效。如非本人操作请忽略。",
        one_time_codes::CODE_MINUTES
    );
    state.sender.send(&dest, &body).await
}

/// Saves the new phone number or email once its code checks out.
#[server(output = server_fn::codec::Postcard, endpoint = "confirm_contact")]
pub async fn confirm_contact(channel: String, code: String) -> Result<(), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{audit, one_time_codes, profile};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    let purpose = format!("contact_{channel}");
    let dest = one_time_codes::consume(&state.db, actor.user_id, &purpose, &code).await?;
    let old = match channel.as_str() {
        "phone" => profile::set_phone(&state.db, actor.user_id, &dest).await?,
        "email" => profile::set_email(&state.db, actor.user_id, &dest).await?,
        _ => return Err(AppError::from(crate::error::Broken::UnknownContactChannel)),
    };
    // The old verified contact hears of the change, so a taken-over session cannot move the
    // account's recovery unnoticed.
    if let Some(old) = old.filter(|o| *o != dest) {
        state
            .sender
            .send(&old, &profile::contact_changed_notice(&channel, &dest))
            .await?;
    }
    audit::record(
        &state.db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            action: if channel == "phone" {
                "profile.phone"
            } else {
                "profile.email"
            },
            outcome: "ok",
            target_type: Some("user"),
            target_id: Some(actor.user_id.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(())
}
