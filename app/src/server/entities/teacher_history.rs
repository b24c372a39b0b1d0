use sea_orm::entity::prelude::*;

/// Append-only history of one teacher record. `changes` is JSON: `[[key, before, after], …]`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teacher_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub teacher_id: i64,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub kind: String,
    pub summary: String,
    pub changes: String,
    pub from_school_id: Option<i64>,
    pub to_school_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
