use sea_orm::entity::prelude::*;

/// One counter of the statistics: a school's (or, with `school_id` -1, a county's total)
/// figure `key` of `topic` for `period` (a training year, a cycle id, or 0 for "now").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stat_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub topic: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub county_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub school_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
