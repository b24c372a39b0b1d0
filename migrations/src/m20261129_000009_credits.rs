//! The credit ledger (学分银行, DOMAIN.md §6): the province's credit cycles with their rules, and
//! every credit a teacher earns — from a passed project, or entered by hand (school-based
//! research, achievements) and approved by the right level.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000009_credits"
    }
}

#[derive(DeriveIden)]
enum CreditCycles {
    Table,
    Id,
    Name,
    FirstYear,
    LastYear,
    Total,
    YearlyTotal,
    /// JSON: [{category, yearly, cycle}], tenths of a credit.
    Categories,
}

#[derive(DeriveIden)]
enum CreditEntries {
    Table,
    Id,
    UserId,
    TeacherId,
    CountyCode,
    SchoolId,
    Year,
    Category,
    CreditsTenths,
    Hours,
    Source,
    EnrolmentId,
    Title,
    CertifierLevel,
    CertifierName,
    Status,
    Reason,
    CreatedByUserId,
    CreatedAt,
    DecidedByName,
    DecidedAt,
}

/// The default rule (Guangxi's, on this platform's categories), for the two cycles a fresh
/// platform starts with; the province changes them in its settings.
const DEFAULT_CATEGORIES: &str = r#"[{"category":"公共必修","yearly":0,"cycle":200},{"category":"专业选修","yearly":0,"cycle":300},{"category":"自主选修","yearly":0,"cycle":200},{"category":"校本研修","yearly":100,"cycle":500}]"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CreditCycles::Table)
                .col(big_integer(CreditCycles::Id).primary_key().auto_increment())
                .col(string(CreditCycles::Name))
                .col(integer(CreditCycles::FirstYear))
                .col(integer(CreditCycles::LastYear))
                .col(integer(CreditCycles::Total))
                .col(integer(CreditCycles::YearlyTotal))
                .col(text(CreditCycles::Categories))
                .to_owned(),
        )
        .await?;
        for (name, first) in [("十四五", 2021), ("十五五", 2026)] {
            m.exec_stmt(
                Query::insert()
                    .into_table(CreditCycles::Table)
                    .columns([
                        CreditCycles::Name,
                        CreditCycles::FirstYear,
                        CreditCycles::LastYear,
                        CreditCycles::Total,
                        CreditCycles::YearlyTotal,
                        CreditCycles::Categories,
                    ])
                    .values_panic([
                        name.into(),
                        first.into(),
                        (first + 4).into(),
                        1200.into(),
                        160.into(),
                        DEFAULT_CATEGORIES.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(CreditEntries::Table)
                .col(
                    big_integer(CreditEntries::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(CreditEntries::UserId))
                .col(big_integer(CreditEntries::TeacherId))
                .col(string(CreditEntries::CountyCode))
                .col(big_integer_null(CreditEntries::SchoolId))
                .col(integer(CreditEntries::Year))
                .col(string(CreditEntries::Category))
                .col(integer(CreditEntries::CreditsTenths))
                .col(integer(CreditEntries::Hours))
                .col(string(CreditEntries::Source))
                .col(big_integer_null(CreditEntries::EnrolmentId))
                .col(string(CreditEntries::Title))
                .col(string(CreditEntries::CertifierLevel))
                .col(string(CreditEntries::CertifierName))
                .col(string(CreditEntries::Status))
                .col(text_null(CreditEntries::Reason))
                .col(big_integer(CreditEntries::CreatedByUserId))
                .col(timestamp_with_time_zone(CreditEntries::CreatedAt))
                .col(string_null(CreditEntries::DecidedByName))
                .col(timestamp_with_time_zone_null(CreditEntries::DecidedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_credit_entries_user")
                .table(CreditEntries::Table)
                .col(CreditEntries::UserId)
                .col(CreditEntries::Year)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_credit_entries_review")
                .table(CreditEntries::Table)
                .col(CreditEntries::Status)
                .col(CreditEntries::CountyCode)
                .to_owned(),
        )
        .await?;
        // A passed enrolment writes its credits once.
        m.create_index(
            Index::create()
                .name("uq_credit_entries_enrolment")
                .table(CreditEntries::Table)
                .col(CreditEntries::EnrolmentId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CreditEntries::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CreditCycles::Table).to_owned())
            .await
    }
}
