use sea_orm::entity::prelude::*;

/// A yearly result on a teacher's record: 师德考核 ("ethics") or 年度考核 ("annual").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub teacher_id: i64,
    pub user_id: i64,
    pub kind: crate::domain::staff_assessment::AssessmentKind,
    pub year: i32,
    pub result: String,
    pub note: String,
    pub county_code: String,
    pub school_id: Option<i64>,
    pub recorded_by_name: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
