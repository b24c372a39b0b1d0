use sea_orm::entity::prelude::*;

/// A leave request (请假) the teacher's school filed for days of a class; the institution
/// running the class decides it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leave_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub class_id: i64,
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub from_date: Date,
    pub to_date: Date,
    pub reason: String,
    pub status: crate::domain::leave::LeaveStatus,
    pub filed_by_name: String,
    pub decided_by_name: Option<String>,
    pub decision_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
