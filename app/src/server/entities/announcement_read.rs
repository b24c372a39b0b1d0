use sea_orm::entity::prelude::*;

/// A recipient opened an announcement (and, where asked, confirmed it). The reader's unit is
/// kept with the read: the read rate by unit counts these.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcement_reads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub announcement_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub county_code: Option<String>,
    pub school_id: Option<i64>,
    pub read_at: DateTimeUtc,
    pub acked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
