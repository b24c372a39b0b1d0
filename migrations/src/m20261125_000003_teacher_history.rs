//! The history of each teacher record: edits field by field, moves between schools and the
//! pool, status changes, imports. Rows are only ever added.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_teacher_history"
    }
}

#[derive(DeriveIden)]
enum TeacherHistory {
    Table,
    Id,
    TeacherId,
    At,
    ActorUserId,
    ActorName,
    Kind,
    Summary,
    Changes,
    FromSchoolId,
    ToSchoolId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TeacherHistory::Table)
                .col(
                    big_integer(TeacherHistory::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(TeacherHistory::TeacherId))
                .col(timestamp_with_time_zone(TeacherHistory::At))
                .col(big_integer_null(TeacherHistory::ActorUserId))
                .col(string(TeacherHistory::ActorName))
                .col(string(TeacherHistory::Kind))
                .col(string(TeacherHistory::Summary))
                .col(text(TeacherHistory::Changes))
                .col(big_integer_null(TeacherHistory::FromSchoolId))
                .col(big_integer_null(TeacherHistory::ToSchoolId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_teacher_history_teacher")
                .table(TeacherHistory::Table)
                .col(TeacherHistory::TeacherId)
                .col(TeacherHistory::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TeacherHistory::Table).to_owned())
            .await
    }
}
