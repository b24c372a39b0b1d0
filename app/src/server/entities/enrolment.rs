use sea_orm::entity::prelude::*;

/// A teacher in a class. `school_id` and `county_code` are where the teacher was when the
/// enrolment was made: they decide which school and county review it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    /// None while a directive participant waits for the province to place them in a class.
    pub class_id: Option<i64>,
    pub teacher_id: i64,
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub county_code: String,
    pub year: i32,
    pub hours: i32,
    /// 1 or 2 for self-selection rounds, 0 for a directive nomination.
    pub round: i16,
    pub status: crate::domain::enrolment_flow::EnrolmentStatus,
    /// The reason given with the last refusal or return.
    pub reason: Option<String>,
    /// When the enrolment joined its queue (application, or the waiting list).
    pub queued_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The result once graded: a failure opens next year's make-up project of the same kind.
    pub passed: Option<bool>,
    /// JSON array, one score in tenths (or null) per component of the project's scheme.
    pub scores: Option<String>,
    pub score_total: Option<i32>,
    pub graded_at: Option<DateTimeUtc>,
    pub graded_by_name: Option<String>,
    /// The figures this row last added to the statistics (`services::stats::enrolments`).
    pub counted: i16,
    /// The class those figures were added to (0: none).
    pub counted_class: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
