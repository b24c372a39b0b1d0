use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teachers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub training_number: Option<String>,
    pub gender: String,
    pub birth_date: Date,
    pub ethnicity: String,
    pub political_status: String,
    pub province_code: String,
    pub city_code: String,
    pub county_code: String,
    pub school_id: Option<i64>,
    pub school_area_type: String,
    pub school_category: String,
    pub stage: String,
    pub subject: String,
    pub initial_education: String,
    pub highest_education: String,
    pub title: String,
    pub qualification_number: Option<String>,
    pub publicly_funded: bool,
    pub special_post: bool,
    pub post: String,
    pub hire_date: Option<Date>,
    pub status: crate::domain::teacher::TeacherStatus,
    pub cert_photo_file_id: Option<i64>,
    pub updated_at: DateTimeUtc,
    /// What this record last added to the statistics (`services::stats::teachers`).
    pub counted: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
    #[sea_orm(
        belongs_to = "super::school::Entity",
        from = "Column::SchoolId",
        to = "super::school::Column::Id"
    )]
    School,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
