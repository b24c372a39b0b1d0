use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, SendState};
use sea_orm::entity::prelude::*;

/// One SMS or e-mail on its way out (see `services::outbox`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i64>,
    pub kind: MessageKind,
    pub channel: Channel,
    /// The phone number or e-mail address.
    pub destination: String,
    pub subject: String,
    /// The whole text (the e-mail's body; the dev mailbox shows it).
    pub body: String,
    /// The SMS template's parameters, a JSON array of texts.
    pub params: String,
    pub state: SendState,
    /// Failed tries so far.
    pub tries: i32,
    /// When it is (next) due; while a worker sends it, the end of that worker's claim.
    pub next_at: DateTimeUtc,
    pub last_error: Option<String>,
    /// What the provider answered (the SMTP reply, the SMS serial number).
    pub provider_ref: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
