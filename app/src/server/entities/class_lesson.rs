use sea_orm::entity::prelude::*;

/// One lesson of a class's timetable (课程安排).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: i64,
    pub on_date: Date,
    /// "09:00".
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub topic: String,
    pub lecturer: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
