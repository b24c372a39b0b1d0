use sea_orm::entity::prelude::*;

/// A teacher excused from the year's whole-staff project (免修) for holding a national or
/// provincial certificate, as recorded by a bureau.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub teacher_id: i64,
    pub user_id: i64,
    pub county_code: String,
    pub year: i32,
    /// 国家级 or 省级.
    pub level: String,
    pub certificate: String,
    pub granted_by_user_id: i64,
    pub granted_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
