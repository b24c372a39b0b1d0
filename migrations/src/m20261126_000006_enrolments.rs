//! Enrolments (a teacher in a class), the seat counter each class keeps, the one recorded draw
//! per class, county quotas of directive projects, in-app notifications and the single-use
//! links that take a teacher to an institution's learning platform.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000006_enrolments"
    }
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    ProjectId,
    ClassId,
    TeacherId,
    UserId,
    SchoolId,
    CountyCode,
    Year,
    Hours,
    Round,
    Status,
    Reason,
    QueuedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectClasses {
    Table,
    Taken,
}

#[derive(DeriveIden)]
enum ClassDraws {
    Table,
    ClassId,
    Seed,
    Seats,
    Applicants,
    Winners,
    ActorUserId,
    ActorName,
    DrawnAt,
}

#[derive(DeriveIden)]
enum ProjectQuotas {
    Table,
    ProjectId,
    CountyCode,
    Quota,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Title,
    Body,
    Link,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LaunchTokens {
    Table,
    TokenHash,
    UserId,
    ProjectId,
    ExpiresAt,
    UsedAt,
}

fn index(name: &str, table: impl IntoIden, cols: Vec<impl IntoIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Enrolments::Table)
                .col(big_integer(Enrolments::Id).primary_key().auto_increment())
                .col(big_integer(Enrolments::ProjectId))
                .col(big_integer(Enrolments::ClassId))
                .col(big_integer(Enrolments::TeacherId))
                .col(big_integer(Enrolments::UserId))
                .col(big_integer_null(Enrolments::SchoolId))
                .col(string(Enrolments::CountyCode))
                .col(integer(Enrolments::Year))
                .col(integer(Enrolments::Hours))
                .col(small_integer(Enrolments::Round))
                .col(string(Enrolments::Status))
                .col(text_null(Enrolments::Reason))
                .col(timestamp_with_time_zone(Enrolments::QueuedAt))
                .col(timestamp_with_time_zone(Enrolments::CreatedAt))
                .col(timestamp_with_time_zone(Enrolments::UpdatedAt))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_enrolments_class",
                vec![
                    Enrolments::ClassId,
                    Enrolments::Status,
                    Enrolments::QueuedAt,
                ],
            ),
            (
                "idx_enrolments_user",
                vec![Enrolments::UserId, Enrolments::Year],
            ),
            (
                "idx_enrolments_school",
                vec![Enrolments::SchoolId, Enrolments::Status],
            ),
            (
                "idx_enrolments_county",
                vec![Enrolments::CountyCode, Enrolments::ProjectId],
            ),
            (
                "idx_enrolments_project",
                vec![Enrolments::ProjectId, Enrolments::Status],
            ),
        ] {
            m.create_index(index(name, Enrolments::Table, cols)).await?;
        }
        // One live enrolment per teacher and project, whatever races: a partial unique index
        // (same syntax on SQLite and PostgreSQL).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_enrolments_live ON enrolments (project_id, teacher_id) \
                 WHERE status NOT IN ('refused', 'withdrawn', 'cancelled', 'replaced')",
            )
            .await?;
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .add_column(integer(ProjectClasses::Taken).default(0))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ClassDraws::Table)
                .col(big_integer(ClassDraws::ClassId).primary_key())
                .col(string(ClassDraws::Seed))
                .col(integer(ClassDraws::Seats))
                .col(text(ClassDraws::Applicants))
                .col(text(ClassDraws::Winners))
                .col(big_integer(ClassDraws::ActorUserId))
                .col(string(ClassDraws::ActorName))
                .col(timestamp_with_time_zone(ClassDraws::DrawnAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProjectQuotas::Table)
                .col(big_integer(ProjectQuotas::ProjectId))
                .col(string(ProjectQuotas::CountyCode))
                .col(integer(ProjectQuotas::Quota))
                .primary_key(
                    Index::create()
                        .col(ProjectQuotas::ProjectId)
                        .col(ProjectQuotas::CountyCode),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(
                    big_integer(Notifications::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(Notifications::UserId))
                .col(string(Notifications::Title))
                .col(text(Notifications::Body))
                .col(string_null(Notifications::Link))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_notifications_user",
            Notifications::Table,
            vec![Notifications::UserId, Notifications::Id],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(LaunchTokens::Table)
                .col(string(LaunchTokens::TokenHash).primary_key())
                .col(big_integer(LaunchTokens::UserId))
                .col(big_integer(LaunchTokens::ProjectId))
                .col(timestamp_with_time_zone(LaunchTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(LaunchTokens::UsedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            LaunchTokens::Table.into_iden(),
            Notifications::Table.into_iden(),
            ProjectQuotas::Table.into_iden(),
            ClassDraws::Table.into_iden(),
            Enrolments::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(ProjectClasses::Table)
                .drop_column(ProjectClasses::Taken)
                .to_owned(),
        )
        .await
    }
}
