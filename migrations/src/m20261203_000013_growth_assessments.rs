//! The teacher's growth records (成长轨迹: honours and teaching achievements, an achievement's
//! file in stored_files) and the yearly results on their record (师德考核 from the county,
//! 年度考核 from the school), one per teacher, kind and year.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000013_growth_assessments"
    }
}

#[derive(DeriveIden)]
enum GrowthRecords {
    Table,
    Id,
    UserId,
    TeacherId,
    /// "honour" or "achievement".
    Kind,
    Year,
    Level,
    Title,
    Issuer,
    Category,
    Authors,
    PublisherLevel,
    Publisher,
    Reference,
    FileId,
    FileName,
    CreatedByUserId,
    CreatedByName,
    CreatedAt,
    /// Set when the teacher withdraws the entry; it is kept, not deleted.
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum StaffAssessments {
    Table,
    Id,
    TeacherId,
    UserId,
    /// "ethics" or "annual".
    Kind,
    Year,
    Result,
    Note,
    /// The county and school when recorded, for the admins' lists.
    CountyCode,
    SchoolId,
    RecordedByName,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(GrowthRecords::Table)
                .col(
                    big_integer(GrowthRecords::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(GrowthRecords::UserId))
                .col(big_integer(GrowthRecords::TeacherId))
                .col(string(GrowthRecords::Kind))
                .col(integer(GrowthRecords::Year))
                .col(string(GrowthRecords::Level))
                .col(string(GrowthRecords::Title))
                .col(string(GrowthRecords::Issuer))
                .col(string(GrowthRecords::Category))
                .col(string(GrowthRecords::Authors))
                .col(string(GrowthRecords::PublisherLevel))
                .col(string(GrowthRecords::Publisher))
                .col(string(GrowthRecords::Reference))
                .col(big_integer_null(GrowthRecords::FileId))
                .col(string_null(GrowthRecords::FileName))
                .col(big_integer(GrowthRecords::CreatedByUserId))
                .col(string(GrowthRecords::CreatedByName))
                .col(timestamp_with_time_zone(GrowthRecords::CreatedAt))
                .col(timestamp_with_time_zone_null(GrowthRecords::WithdrawnAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_growth_records_user")
                .table(GrowthRecords::Table)
                .col(GrowthRecords::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffAssessments::Table)
                .col(
                    big_integer(StaffAssessments::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(StaffAssessments::TeacherId))
                .col(big_integer(StaffAssessments::UserId))
                .col(string(StaffAssessments::Kind))
                .col(integer(StaffAssessments::Year))
                .col(string(StaffAssessments::Result))
                .col(string(StaffAssessments::Note))
                .col(string(StaffAssessments::CountyCode))
                .col(big_integer_null(StaffAssessments::SchoolId))
                .col(string(StaffAssessments::RecordedByName))
                .col(timestamp_with_time_zone(StaffAssessments::RecordedAt))
                .to_owned(),
        )
        .await?;
        // One result per teacher, kind and year: a new import of the year replaces it.
        m.create_index(
            Index::create()
                .name("uq_staff_assessments_teacher_kind_year")
                .table(StaffAssessments::Table)
                .col(StaffAssessments::TeacherId)
                .col(StaffAssessments::Kind)
                .col(StaffAssessments::Year)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_staff_assessments_county")
                .table(StaffAssessments::Table)
                .col(StaffAssessments::Kind)
                .col(StaffAssessments::Year)
                .col(StaffAssessments::CountyCode)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            StaffAssessments::Table.into_iden(),
            GrowthRecords::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
