//! 课程安排 (issue 18): a class's timetable — each lesson's day, time, place, topic and
//! lecturer, as whoever runs the class sets it. The teacher's class card lists it, and the
//! check-in sessions are opened by its lessons.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, date, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClassLessons {
    Table,
    Id,
    ClassId,
    OnDate,
    StartsAt,
    EndsAt,
    Place,
    Topic,
    Lecturer,
}

#[derive(DeriveIden)]
enum ProjectClasses {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ClassLessons as L;
        m.create_table(
            Table::create()
                .table(L::Table)
                .col(big_integer(L::Id).primary_key().auto_increment())
                .col(big_integer(L::ClassId))
                .col(date(L::OnDate))
                // "09:00": the class's own local time, as printed on the timetable.
                .col(string(L::StartsAt))
                .col(string(L::EndsAt))
                .col(string(L::Place))
                .col(string(L::Topic))
                .col(string(L::Lecturer))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_class_lessons_class")
                        .from(L::Table, L::ClassId)
                        .to(ProjectClasses::Table, ProjectClasses::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_class_lessons_class")
                .table(L::Table)
                .col(L::ClassId)
                .col(L::OnDate)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ClassLessons::Table).to_owned())
            .await
    }
}
