use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "institutions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub platform_url: Option<String>,
    /// SHA-256 of the secret the platform authenticates with when it redeems a ticket.
    pub platform_secret_hash: Option<String>,
    pub platform_secret_at: Option<DateTimeUtc>,
    pub disabled: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
