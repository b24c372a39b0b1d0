use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_classes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub seq: i32,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
    pub capacity: i32,
    /// Seats a bureau added (扩班), at most half the capacity.
    pub extra_capacity: i32,
    pub fee_fen: i64,
    pub tutor: String,
    /// Set when the province assigns a directive class to an institution.
    pub institution_id: Option<i64>,
    pub status: crate::domain::project_flow::ClassStatus,
    /// Seats held by live enrolments; changed only by conditional updates.
    pub taken: i32,
    /// The opening notice (开班通知): what to bring, where to report.
    pub notice: Option<String>,
    pub notice_published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id"
    )]
    Project,
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
