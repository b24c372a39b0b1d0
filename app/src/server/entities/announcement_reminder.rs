use sea_orm::entity::prelude::*;

/// A 催办 asked for: the worker reminds everyone reached in the unit who has not read yet.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcement_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub announcement_id: i64,
    /// The unit reminded: a region, a school, or (both None) the whole audience.
    pub region_code: Option<String>,
    pub school_id: Option<i64>,
    pub requested_by: i64,
    pub requested_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// How many were reminded.
    pub reminded: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
