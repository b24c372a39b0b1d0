//! What each user chose to receive by SMS or e-mail beside the 消息中心, and whom a message of
//! a kind reaches by which channel. The rule (mandatory kinds, defaults) is
//! `domain::delivery::goes_out`; this only reads and keeps the choices.

use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, goes_out};
use crate::dto::messages::{ChoiceRow, MessageChoices};
use crate::error::{AppError, AppResult, Broken};
use crate::server::entities::{message_choice, user};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};

/// A user's id, phone, whether it is verified, e-mail, whether it is verified.
type ContactColumns = (i64, Option<String>, bool, Option<String>, bool);

/// The users' verified contacts: a message can go only where a code proved it reaches them.
async fn verified(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
) -> AppResult<Vec<(i64, Channel, String)>> {
    use user::Column as U;
    let rows: Vec<ContactColumns> = user::Entity::find()
        .select_only()
        .columns([
            U::Id,
            U::Phone,
            U::PhoneVerified,
            U::Email,
            U::EmailVerified,
        ])
        .filter(U::Id.is_in(user_ids.iter().copied()))
        .filter(
            Condition::any()
                .add(U::PhoneVerified.eq(true))
                .add(U::EmailVerified.eq(true)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Vec::new();
    for (id, phone, phone_ok, email, email_ok) in rows {
        if let (Some(p), true) = (phone, phone_ok) {
            out.push((id, Channel::Phone, p));
        }
        if let (Some(e), true) = (email, email_ok) {
            out.push((id, Channel::Email, e));
        }
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
    Ok(reaching_many(db, &[user_id], kind)
        .await?
        .into_iter()
        .map(|(_, channel, to)| (channel, to))
        .collect())
}

/// `reaching` for many users at once (a 催办 across a county): two queries for the lot, not
/// two per user. Keep `user_ids` to a few hundred.
pub async fn reaching_many(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
    kind: MessageKind,
) -> AppResult<Vec<(i64, Channel, String)>> {
    let contacts = verified(db, user_ids).await?;
    if contacts.is_empty() {
        return Ok(contacts);
    }
    let with_contact: std::collections::BTreeSet<i64> = contacts.iter().map(|c| c.0).collect();
    let rows = message_choice::Entity::find()
        .filter(message_choice::Column::UserId.is_in(with_contact))
        .filter(message_choice::Column::Kind.eq(kind))
        .all(db)
        .await?;
    Ok(contacts
        .into_iter()
        .filter(|(user, channel, _)| {
            let chosen = rows
                .iter()
                .find(|c| c.user_id == *user && c.channel == *channel)
                .map(|c| c.chosen);
            goes_out(kind, chosen)
        })
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
    let contacts = verified(db, &[user_id]).await?;
    let masked = |channel: Channel| {
        contacts
            .iter()
            .find(|(_, c, _)| *c == channel)
            .map(|(_, c, d)| c.masked(d))
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
