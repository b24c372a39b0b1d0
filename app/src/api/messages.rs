//! 消息中心 and message settings (every user), and 发送记录 (the province).

use crate::domain::contact::Channel;
use crate::domain::delivery::MessageKind;
use crate::dto::messages::{
    DeliveryFilter, DeliveryPage, MessageChoices, MessageFilter, MessagePage,
};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(output = server_fn::codec::Postcard, endpoint = "my_messages")]
pub async fn my_messages(filter: MessageFilter) -> Result<MessagePage, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::notifications::list(&state.db, actor.user_id, &filter).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "message_choices")]
pub async fn get_message_choices() -> Result<MessageChoices, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::message_choices::settings(&state.db, actor.user_id).await
}

/// Whether messages of `kind` also reach the caller by `channel`.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "choose_message")]
pub async fn choose_message(kind: MessageKind, channel: Channel, on: bool) -> Result<(), AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::message_choices::choose(&state.db, actor.user_id, kind, channel, on)
        .await
}

#[server(output = server_fn::codec::Postcard, endpoint = "deliveries")]
pub async fn deliveries(filter: DeliveryFilter) -> Result<DeliveryPage, AppError> {
    use crate::server::services::outbox::records;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    records::may_read(&actor)?;
    records::list(&state.db, &filter).await
}

/// Sends a failed message again.
#[server(output = server_fn::codec::Postcard, endpoint = "retry_delivery")]
pub async fn retry_delivery(id: i64) -> Result<(), AppError> {
    use crate::server::services::outbox::records;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    records::may_read(&actor)?;
    records::retry(&state.db, &actor, id).await?;
    state.outbox.wake();
    Ok(())
}
