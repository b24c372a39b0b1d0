use crate::domain::announcement::AudienceKind;
use sea_orm::entity::prelude::*;

/// One 通知公告, however many it reaches (see `services::announcements`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub publisher_user_id: i64,
    /// The publishing bureau's region, or the publishing school's county.
    pub from_region: Option<String>,
    pub from_school_id: Option<i64>,
    pub from_institution_id: Option<i64>,
    pub audience: AudienceKind,
    /// The roles addressed, a JSON array of role texts; empty: every role below.
    pub roles: String,
    pub project_id: Option<i64>,
    pub class_id: Option<i64>,
    pub title: String,
    /// Sanitised HTML.
    pub body: String,
    pub pinned: bool,
    /// Recipients confirm they have read it (确认已读).
    pub needs_ack: bool,
    pub publish_at: DateTimeUtc,
    pub deadline: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by: Option<i64>,
    /// When the SMS and e-mail of those who chose them were queued (`dispatch`).
    pub dispatched_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
