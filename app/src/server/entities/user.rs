use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub phone_verified: bool,
    pub email_verified: bool,
    pub password_hash: String,
    pub must_change_password: bool,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub disabled: bool,
    pub avatar_file_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub password_changed_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    /// An issued initial password stops working at this time (see `password::ISSUED`).
    pub initial_password_expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_one = "super::teacher::Entity")]
    Teacher,
}

impl Related<super::teacher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teacher.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the account's issued initial password has run out (login refuses it then).
    pub fn initial_password_expired(&self, now: DateTimeUtc) -> bool {
        self.password_hash
            .starts_with(crate::server::auth::password::ISSUED)
            && self.initial_password_expires_at.is_some_and(|t| t <= now)
    }

    /// The ID-card number as a list shows it (110***********1234); empty when none is on file.
    pub fn masked_id(&self) -> String {
        self.id_number
            .as_deref()
            .map(crate::domain::mask::mask_id_number)
            .unwrap_or_default()
    }
}
