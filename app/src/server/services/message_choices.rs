//! What each user chose to receive by SMS or e-mail beside the 消息中心, and whom a message of
//! a kind reaches by which channel. The rule (mandatory kinds, defaults) is
//! `domain::delivery::goes_out`; this only reads and keeps the choices.

use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, goes_out};
use crate::dto::messages::{ChoiceRow, MessageChoices};
use crate::error::{AppError, AppResult, Broken};
use crate::server::entities::{message_choice, user};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The user's verified contacts: a message can go only where a code proved it reaches them.
async fn verified(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<(Channel, String)>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    if let (Some(p), true) = (u.phone, u.phone_verified) {
        out.push((Channel::Phone, p));
    }
    if let (Some(e), true) = (u.email, u.email_verified) {
        out.push((Channel::Email, e));
    }
    Ok(out)
}

async fn chosen(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<message_choice::Model>> {
    Ok(message_choice::Entity::find()
        .filter(message_choice::Column::UserId.eq(user_id))
        .all(db)
        .await?)
}

fn choice_of(rows: &[message_choice::Model], kind: MessageKind, channel: Channel) -> Option<bool> {
    rows.iter()
        .find(|c| c.kind == kind && c.channel == channel)
        .map(|c| c.chosen)
}

/// Where a message of `kind` to the user goes beside the 消息中心: (channel, destination).
pub async fn reaching(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: MessageKind,
) -> AppResult<Vec<(Channel, String)>> {
    let contacts = verified(db, user_id).await?;
    if contacts.is_empty() {
        return Ok(contacts);
    }
    let rows = chosen(db, user_id).await?;
    Ok(contacts
        .into_iter()
        .filter(|(channel, _)| goes_out(kind, choice_of(&rows, kind, *channel)))
        .collect())
}

/// The kinds a user sets: every kind but the codes themselves, which go to the contact they
/// prove and are not "messages" one subscribes to.
pub const SETTABLE: [MessageKind; 8] = [
    MessageKind::ContactChanged,
    MessageKind::EnrolmentStep,
    MessageKind::Results,
    MessageKind::Credits,
    MessageKind::Leave,
    MessageKind::Transfer,
    MessageKind::Announcement,
    MessageKind::Reminder,
];

/// The user's settings page: each kind with what goes out by SMS and by e-mail now.
pub async fn settings(db: &impl ConnectionTrait, user_id: i64) -> AppResult<MessageChoices> {
    let rows = chosen(db, user_id).await?;
    let contacts = verified(db, user_id).await?;
    let masked = |channel: Channel| {
        contacts
            .iter()
            .find(|(c, _)| *c == channel)
            .map(|(c, d)| c.masked(d))
    };
    Ok(MessageChoices {
        rows: SETTABLE
            .iter()
            .map(|&kind| ChoiceRow {
                kind,
                mandatory: kind.mandatory(),
                sms: goes_out(kind, choice_of(&rows, kind, Channel::Phone)),
                email: goes_out(kind, choice_of(&rows, kind, Channel::Email)),
            })
            .collect(),
        phone: masked(Channel::Phone),
        email: masked(Channel::Email),
    })
}

/// Keeps one choice. A mandatory kind cannot be switched off.
pub async fn choose(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: MessageKind,
    channel: Channel,
    on: bool,
) -> AppResult<()> {
    if !SETTABLE.contains(&kind) {
        return Err(AppError::from(Broken::UnknownMessageKind));
    }
    if kind.mandatory() && !on {
        return Err(AppError::from(Broken::MandatoryMessage { kind }));
    }
    message_choice::Entity::insert(message_choice::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        channel: Set(channel),
        chosen: Set(on),
    })
    .on_conflict(
        OnConflict::columns([
            message_choice::Column::UserId,
            message_choice::Column::Kind,
            message_choice::Column::Channel,
        ])
        .update_column(message_choice::Column::Chosen)
        .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}
