use crate::domain::contact::Channel;
use crate::domain::delivery::MessageKind;
use sea_orm::entity::prelude::*;

/// What a user chose: whether messages of a kind also go to them by a channel. No row: the
/// kind's default (`domain::delivery::goes_out`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_choices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: MessageKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel: Channel,
    pub chosen: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
