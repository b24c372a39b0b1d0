//! Make-up projects and exemptions (DOMAIN.md §4): an enrolment's result once graded (a failed
//! one makes the teacher eligible for next year's make-up project of the same kind), and the
//! exemptions from the whole-staff project that a bureau records for holders of a national or
//! provincial certificate.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000008_exemptions"
    }
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Passed,
}

#[derive(DeriveIden)]
enum Exemptions {
    Table,
    Id,
    TeacherId,
    UserId,
    CountyCode,
    Year,
    Level,
    Certificate,
    GrantedByUserId,
    GrantedByName,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Enrolments::Table)
                .add_column(boolean_null(Enrolments::Passed))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Exemptions::Table)
                .col(big_integer(Exemptions::Id).primary_key().auto_increment())
                .col(big_integer(Exemptions::TeacherId))
                .col(big_integer(Exemptions::UserId))
                .col(string(Exemptions::CountyCode))
                .col(integer(Exemptions::Year))
                .col(string(Exemptions::Level))
                .col(string(Exemptions::Certificate))
                .col(big_integer(Exemptions::GrantedByUserId))
                .col(string(Exemptions::GrantedByName))
                .col(timestamp_with_time_zone(Exemptions::CreatedAt))
                .to_owned(),
        )
        .await?;
        // One exemption per teacher and year.
        m.create_index(
            Index::create()
                .name("uq_exemptions_teacher_year")
                .table(Exemptions::Table)
                .col(Exemptions::TeacherId)
                .col(Exemptions::Year)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_exemptions_county")
                .table(Exemptions::Table)
                .col(Exemptions::CountyCode)
                .col(Exemptions::Year)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Exemptions::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Enrolments::Table)
                .drop_column(Enrolments::Passed)
                .to_owned(),
        )
        .await
    }
}
