use sea_orm::entity::prelude::*;

/// Target stages, subjects and posts are kept as "、"-joined lists: they are shown and
/// matched whole, never joined on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub level: String,
    pub kind: String,
    pub nature: String,
    pub fill_mode: crate::domain::project::FillMode,
    pub makeup: bool,
    /// Its completion certificates carry the holder's 1-inch photo.
    pub photo_required: bool,
    pub organiser: String,
    pub institution_id: Option<i64>,
    pub declared_by_user_id: i64,
    /// The bureau region that created it; `None` when an institution declared it.
    pub declarer_region: Option<String>,
    pub approver_region: String,
    pub credit_category: String,
    pub hours: i32,
    pub credits_tenths: i32,
    pub funding: String,
    pub summary: String,
    pub plan_file_id: Option<i64>,
    pub plan_file_name: Option<String>,
    pub status: crate::domain::project_flow::ProjectStatus,
    pub submitted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
