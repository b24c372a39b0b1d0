//! 通知公告 (issue 17). An announcement is one row, whoever it reaches: publishing to a
//! province's 600,000 teachers writes the announcement and its few target units, never a row
//! per recipient. A recipient's list asks which announcements target their school or a
//! region above it (`announcement_targets`, indexed both ways); a read writes one row then
//! (`announcement_reads`, with the reader's school and county, so the read rate by unit is a
//! grouped count of one announcement's reads). Reminders (催办) are queued and fanned out by
//! the worker, not by the request.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Announcements {
    Table,
    Id,
    PublisherUserId,
    FromRegion,
    FromSchoolId,
    FromInstitutionId,
    Audience,
    Roles,
    ProjectId,
    ClassId,
    Title,
    Body,
    Pinned,
    NeedsAck,
    PublishAt,
    Deadline,
    WithdrawnAt,
    WithdrawnBy,
    DispatchedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AnnouncementTargets {
    Table,
    Id,
    AnnouncementId,
    RegionCode,
    SchoolId,
}

#[derive(DeriveIden)]
enum AnnouncementReads {
    Table,
    AnnouncementId,
    UserId,
    CountyCode,
    SchoolId,
    ReadAt,
    AckedAt,
}

#[derive(DeriveIden)]
enum AnnouncementFiles {
    Table,
    AnnouncementId,
    FileId,
}

#[derive(DeriveIden)]
enum AnnouncementReminders {
    Table,
    Id,
    AnnouncementId,
    RegionCode,
    SchoolId,
    RequestedBy,
    RequestedAt,
    DoneAt,
    Reminded,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProjectClasses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StoredFiles {
    Table,
    Id,
}

fn key(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let mut k = ForeignKey::create();
    k.name(name).from(from.0, from.1).to(to.0, to.1);
    if cascade {
        k.on_delete(ForeignKeyAction::Cascade);
    }
    k.to_owned()
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
        use Announcements as A;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(big_integer(A::Id).primary_key().auto_increment())
                .col(big_integer(A::PublisherUserId))
                // The publisher's unit: a region (its code), a school (its id, and its county
                // in `from_region`), or an institution.
                .col(string_null(A::FromRegion))
                .col(big_integer_null(A::FromSchoolId))
                .col(big_integer_null(A::FromInstitutionId))
                .col(string(A::Audience))
                // The roles addressed, a JSON array of role texts; empty: every role below.
                .col(text(A::Roles))
                .col(big_integer_null(A::ProjectId))
                .col(big_integer_null(A::ClassId))
                .col(string(A::Title))
                // Sanitised HTML.
                .col(text(A::Body))
                .col(boolean(A::Pinned))
                .col(boolean(A::NeedsAck))
                .col(timestamp_with_time_zone(A::PublishAt))
                .col(timestamp_with_time_zone_null(A::Deadline))
                .col(timestamp_with_time_zone_null(A::WithdrawnAt))
                .col(big_integer_null(A::WithdrawnBy))
                // When those who chose announcements by SMS or e-mail were sent theirs.
                .col(timestamp_with_time_zone_null(A::DispatchedAt))
                .col(timestamp_with_time_zone(A::CreatedAt))
                .foreign_key(&mut key(
                    "fk_announcements_publisher",
                    (A::Table, A::PublisherUserId),
                    (Users::Table, Users::Id),
                    false,
                ))
                .foreign_key(&mut key(
                    "fk_announcements_project",
                    (A::Table, A::ProjectId),
                    (Projects::Table, Projects::Id),
                    false,
                ))
                .foreign_key(&mut key(
                    "fk_announcements_class",
                    (A::Table, A::ClassId),
                    (ProjectClasses::Table, ProjectClasses::Id),
                    false,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_announcements_publisher",
            A::Table,
            vec![A::PublisherUserId, A::Id],
        ))
        .await?;
        m.create_index(index(
            "idx_announcements_project",
            A::Table,
            vec![A::ProjectId, A::Id],
        ))
        .await?;

        use AnnouncementTargets as T;
        m.create_table(
            Table::create()
                .table(T::Table)
                .col(big_integer(T::Id).primary_key().auto_increment())
                .col(big_integer(T::AnnouncementId))
                // One of the two: a region (with everything in it), or one school.
                .col(string_null(T::RegionCode))
                .col(big_integer_null(T::SchoolId))
                .foreign_key(&mut key(
                    "fk_announcement_targets_announcement",
                    (T::Table, T::AnnouncementId),
                    (A::Table, A::Id),
                    true,
                ))
                .foreign_key(&mut key(
                    "fk_announcement_targets_school",
                    (T::Table, T::SchoolId),
                    (Schools::Table, Schools::Id),
                    false,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_announcement_targets_region",
            T::Table,
            vec![T::RegionCode, T::AnnouncementId],
        ))
        .await?;
        m.create_index(index(
            "idx_announcement_targets_school",
            T::Table,
            vec![T::SchoolId, T::AnnouncementId],
        ))
        .await?;
        m.create_index(index(
            "idx_announcement_targets_announcement",
            T::Table,
            vec![T::AnnouncementId],
        ))
        .await?;

        use AnnouncementReads as R;
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(big_integer(R::AnnouncementId))
                .col(big_integer(R::UserId))
                // Where the reader was when reading: the read rate is counted by unit.
                .col(string_null(R::CountyCode))
                .col(big_integer_null(R::SchoolId))
                .col(timestamp_with_time_zone(R::ReadAt))
                .col(timestamp_with_time_zone_null(R::AckedAt))
                .primary_key(Index::create().col(R::AnnouncementId).col(R::UserId))
                .foreign_key(&mut key(
                    "fk_announcement_reads_announcement",
                    (R::Table, R::AnnouncementId),
                    (A::Table, A::Id),
                    true,
                ))
                .foreign_key(&mut key(
                    "fk_announcement_reads_user",
                    (R::Table, R::UserId),
                    (Users::Table, Users::Id),
                    true,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_announcement_reads_unit",
            R::Table,
            vec![R::AnnouncementId, R::CountyCode, R::SchoolId],
        ))
        .await?;
        m.create_index(index(
            "idx_announcement_reads_user",
            R::Table,
            vec![R::UserId, R::AnnouncementId],
        ))
        .await?;

        use AnnouncementFiles as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(big_integer(F::AnnouncementId))
                .col(big_integer(F::FileId))
                .primary_key(Index::create().col(F::AnnouncementId).col(F::FileId))
                .foreign_key(&mut key(
                    "fk_announcement_files_announcement",
                    (F::Table, F::AnnouncementId),
                    (A::Table, A::Id),
                    true,
                ))
                .foreign_key(&mut key(
                    "fk_announcement_files_file",
                    (F::Table, F::FileId),
                    (StoredFiles::Table, StoredFiles::Id),
                    false,
                ))
                .to_owned(),
        )
        .await?;

        use AnnouncementReminders as M;
        m.create_table(
            Table::create()
                .table(M::Table)
                .col(big_integer(M::Id).primary_key().auto_increment())
                .col(big_integer(M::AnnouncementId))
                // The unit reminded: a region, a school, or (both empty) the whole audience.
                .col(string_null(M::RegionCode))
                .col(big_integer_null(M::SchoolId))
                .col(big_integer(M::RequestedBy))
                .col(timestamp_with_time_zone(M::RequestedAt))
                .col(timestamp_with_time_zone_null(M::DoneAt))
                .col(integer(M::Reminded))
                .foreign_key(&mut key(
                    "fk_announcement_reminders_announcement",
                    (M::Table, M::AnnouncementId),
                    (A::Table, A::Id),
                    true,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_announcement_reminders_pending",
            M::Table,
            vec![M::DoneAt, M::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AnnouncementReminders::Table.into_iden(),
            AnnouncementFiles::Table.into_iden(),
            AnnouncementReads::Table.into_iden(),
            AnnouncementTargets::Table.into_iden(),
            Announcements::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
