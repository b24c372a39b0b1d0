use sea_orm::entity::prelude::*;

/// A teacher's credit standing in a cycle, as of `ref_year` (credits in tenths).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_standings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub teacher_id: i64,
    pub user_id: i64,
    pub city_code: String,
    pub county_code: String,
    /// 0: the county's pool.
    pub school_id: i64,
    pub in_post: bool,
    pub ref_year: i32,
    pub year_done: i32,
    /// The year before `ref_year`, when it is in the cycle.
    pub prev_done: i32,
    pub cycle_done: i32,
    /// JSON: [[category, done in ref_year], …] for the categories with a yearly minimum.
    pub categories: String,
    pub year_short: bool,
    pub prev_short: bool,
    pub behind: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
