use sea_orm::entity::prelude::*;

/// A teacher's honour or teaching achievement (成长轨迹), as entered; withdrawn, never edited.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "growth_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub teacher_id: i64,
    pub kind: crate::domain::growth::GrowthKind,
    pub year: i32,
    pub level: String,
    pub title: String,
    pub issuer: String,
    pub category: String,
    pub authors: String,
    pub publisher_level: String,
    pub publisher: String,
    pub reference: String,
    pub file_id: Option<i64>,
    pub file_name: Option<String>,
    pub created_by_user_id: i64,
    pub created_by_name: String,
    pub created_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
