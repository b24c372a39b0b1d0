use sea_orm::entity::prelude::*;

/// The province's micro-ability point list; the newest row is the one teachers pick from.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "micro_point_lists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// JSON array of `domain::micro_ability::MicroPoint`.
    pub items: String,
    pub updated_at: DateTimeUtc,
    pub updated_by_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
