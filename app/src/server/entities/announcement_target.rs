use sea_orm::entity::prelude::*;

/// A unit an announcement is addressed to: a region (everything in it) or one school.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcement_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub announcement_id: i64,
    pub region_code: Option<String>,
    pub school_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
