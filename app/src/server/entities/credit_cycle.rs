use sea_orm::entity::prelude::*;

/// A credit cycle (培训周期) as the province set it; `categories` is the JSON of
/// `domain::credits::CategoryRule`s.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_cycles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub first_year: i32,
    pub last_year: i32,
    pub total: i32,
    pub yearly_total: i32,
    pub categories: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
