use sea_orm::entity::prelude::*;

/// A class's figures: its enrolments by stage, results, certificates and evaluations.
#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stat_classes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: i64,
    pub project_id: i64,
    pub year: i32,
    /// 0: the class has no institution.
    pub institution_id: i64,
    pub applied: i64,
    pub admitted: i64,
    pub checked_in: i64,
    pub passed: i64,
    pub scored: i64,
    pub certified: i64,
    pub evaluations: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
