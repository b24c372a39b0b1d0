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
    channel: crate::domain::contact::Channel,
    destination: String,
    password: String,
) -> Result<(), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{one_time_codes, profile};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    let dest = channel
        .validate(&destination)
        .map_err(|m| AppError::field(channel.as_str(), m))?;
    let ip = super::ctx::client_ip().await;
    profile::reauthenticate(&state, &actor, ip, &password).await?;
    let purpose = crate::domain::contact::CodePurpose::contact(channel);
    one_time_codes::not_too_soon(&state.db, actor.user_id, purpose).await?;
    let code = one_time_codes::issue(&state.db, actor.user_id, purpose, channel, &dest).await?;
    let body = format!(
        "【师训】您的验证码是 {code}，{} 分钟内有效。如非本人操作请忽略。",
        one_time_codes::CODE_MINUTES
    );
    one_time_codes::send(
        &state,
        actor.user_id,
        crate::domain::delivery::MessageKind::ContactCode,
        channel,
        &dest,
        &code,
        &body,
    )
    .await
}

/// Saves the new phone number or email once its code checks out.
#[server(output = server_fn::codec::Postcard, endpoint = "confirm_contact")]
pub async fn confirm_contact(
    channel: crate::domain::contact::Channel,
    code: String,
) -> Result<(), AppError> {
    use crate::domain::contact::Channel;
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{audit, one_time_codes, profile};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    let purpose = crate::domain::contact::CodePurpose::contact(channel);
    let dest = one_time_codes::consume(&state.db, actor.user_id, purpose, &code).await?;
    let old = match channel {
        Channel::Phone => profile::set_phone(&state.db, actor.user_id, &dest).await?,
        Channel::Email => profile::set_email(&state.db, actor.user_id, &dest).await?,
    };
    // The old verified contact hears of the change, so a taken-over session cannot move the
    // account's recovery unnoticed.
    if let Some(old) = old.filter(|o| *o != dest) {
        profile::tell_old_contact(&state, actor.user_id, channel, &old, &dest).await?;
    }
    audit::record(
        &state.db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            action: match channel {
                Channel::Phone => "profile.phone",
                Channel::Email => "profile.email",
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
