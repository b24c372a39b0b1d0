use sea_orm::entity::prelude::*;

/// A teacher's evaluation of a finished class, with the questions as they were asked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub class_id: i64,
    pub user_id: i64,
    /// JSON array of the questions.
    pub items: String,
    /// JSON array of 1–5 ratings, one per question.
    pub ratings: String,
    pub comment: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
