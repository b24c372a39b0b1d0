//! The directive chain (指令性项目): a timeline step may name what it led to ("已分配至河北师范大学"),
//! and a class carries its opening notice (开班通知) once the institution publishes it.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000007_directive"
    }
}

#[derive(DeriveIden)]
enum WorkflowEvents {
    Table,
    Detail,
}

#[derive(DeriveIden)]
enum ProjectClasses {
    Table,
    Notice,
    NoticePublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        m.alter_table(
            Table::alter()
                .table(WorkflowEvents::Table)
                .add_column(string_null(WorkflowEvents::Detail))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .add_column(text_null(ProjectClasses::Notice))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .add_column(timestamp_with_time_zone_null(
                    ProjectClasses::NoticePublishedAt,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .drop_column(ProjectClasses::NoticePublishedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .drop_column(ProjectClasses::Notice)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(WorkflowEvents::Table)
                .drop_column(WorkflowEvents::Detail)
                .to_owned(),
        )
        .await
    }
}
