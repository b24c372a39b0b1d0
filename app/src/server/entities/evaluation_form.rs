use sea_orm::entity::prelude::*;

/// The province's evaluation questionnaire; the newest row is the one asked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_forms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// JSON array of the questions.
    pub items: String,
    pub updated_at: DateTimeUtc,
    pub updated_by_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
