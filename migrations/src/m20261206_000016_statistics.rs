//! The statistics read model (issue 15): counters at school level and their county totals,
//! one row per class, and each teacher's credit standing per cycle, all kept up to date in
//! the transactions of the writes that change them (`services::stats`).
//!
//! `enrolments.counted` / `counted_class` and `teachers.counted` remember what a row last
//! added to the counters, so that a change subtracts exactly that and adds the new figures,
//! whichever write made it.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000016_statistics"
    }
}

#[derive(DeriveIden)]
enum StatCounts {
    Table,
    Topic,
    Period,
    CountyCode,
    SchoolId,
    Key,
    N,
}

#[derive(DeriveIden)]
enum StatClasses {
    Table,
    ClassId,
    ProjectId,
    Year,
    InstitutionId,
    Applied,
    Admitted,
    CheckedIn,
    Passed,
    Scored,
    Certified,
    Evaluations,
    RatingSum,
    RatingCount,
}

#[derive(DeriveIden)]
enum CreditStandings {
    Table,
    CycleId,
    TeacherId,
    UserId,
    CityCode,
    CountyCode,
    SchoolId,
    InPost,
    RefYear,
    YearDone,
    PrevDone,
    CycleDone,
    Categories,
    YearShort,
    PrevShort,
    Behind,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Counted,
    CountedClass,
}

#[derive(DeriveIden)]
enum Teachers {
    Table,
    Counted,
}

#[derive(DeriveIden)]
enum Checkins {
    Table,
    EnrolmentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(StatCounts::Table)
                .col(string_len(StatCounts::Topic, 16))
                .col(integer(StatCounts::Period))
                .col(string_len(StatCounts::CountyCode, 12))
                .col(big_integer(StatCounts::SchoolId))
                .col(string(StatCounts::Key))
                .col(big_integer(StatCounts::N))
                .primary_key(
                    Index::create()
                        .col(StatCounts::Topic)
                        .col(StatCounts::Period)
                        .col(StatCounts::CountyCode)
                        .col(StatCounts::SchoolId)
                        .col(StatCounts::Key),
                )
                .to_owned(),
        )
        .await?;
        // The province and city views read county totals (school_id = -1) only.
        m.create_index(
            Index::create()
                .name("stat_counts_by_level")
                .table(StatCounts::Table)
                .col(StatCounts::Topic)
                .col(StatCounts::Period)
                .col(StatCounts::SchoolId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StatClasses::Table)
                .col(big_integer(StatClasses::ClassId).primary_key())
                .col(big_integer(StatClasses::ProjectId))
                .col(integer(StatClasses::Year))
                .col(big_integer(StatClasses::InstitutionId))
                .col(big_integer(StatClasses::Applied))
                .col(big_integer(StatClasses::Admitted))
                .col(big_integer(StatClasses::CheckedIn))
                .col(big_integer(StatClasses::Passed))
                .col(big_integer(StatClasses::Scored))
                .col(big_integer(StatClasses::Certified))
                .col(big_integer(StatClasses::Evaluations))
                .col(big_integer(StatClasses::RatingSum))
                .col(big_integer(StatClasses::RatingCount))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("stat_classes_by_year")
                .table(StatClasses::Table)
                .col(StatClasses::Year)
                .col(StatClasses::InstitutionId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("stat_classes_by_project")
                .table(StatClasses::Table)
                .col(StatClasses::ProjectId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CreditStandings::Table)
                .col(big_integer(CreditStandings::CycleId))
                .col(big_integer(CreditStandings::TeacherId))
                .col(big_integer(CreditStandings::UserId))
                .col(string_len(CreditStandings::CityCode, 12))
                .col(string_len(CreditStandings::CountyCode, 12))
                .col(big_integer(CreditStandings::SchoolId))
                .col(boolean(CreditStandings::InPost))
                .col(integer(CreditStandings::RefYear))
                .col(integer(CreditStandings::YearDone))
                .col(integer(CreditStandings::PrevDone))
                .col(integer(CreditStandings::CycleDone))
                .col(string(CreditStandings::Categories))
                .col(boolean(CreditStandings::YearShort))
                .col(boolean(CreditStandings::PrevShort))
                .col(boolean(CreditStandings::Behind))
                .primary_key(
                    Index::create()
                        .col(CreditStandings::CycleId)
                        .col(CreditStandings::TeacherId),
                )
                .to_owned(),
        )
        .await?;
        // 学分预警 walks these in its order (school, teacher), province-wide or in a region.
        for (name, region) in [
            ("credit_standings_by_school", None),
            ("credit_standings_by_city", Some(CreditStandings::CityCode)),
            (
                "credit_standings_by_county",
                Some(CreditStandings::CountyCode),
            ),
        ] {
            let mut i = Index::create();
            i.name(name)
                .table(CreditStandings::Table)
                .col(CreditStandings::CycleId)
                .col(CreditStandings::InPost);
            if let Some(r) = region {
                i.col(r);
            }
            i.col(CreditStandings::SchoolId)
                .col(CreditStandings::TeacherId);
            m.create_index(i.to_owned()).await?;
        }
        // An enrolment's figures read whether it was checked in (the unique index leads with
        // the session).
        m.create_index(
            Index::create()
                .name("idx_checkins_enrolment")
                .table(Checkins::Table)
                .col(Checkins::EnrolmentId)
                .to_owned(),
        )
        .await?;
        // Finding the cycles read at a year that has passed (see `stats::credits`).
        m.create_index(
            Index::create()
                .name("credit_standings_by_ref_year")
                .table(CreditStandings::Table)
                .col(CreditStandings::CycleId)
                .col(CreditStandings::RefYear)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Enrolments::Table)
                .add_column(small_integer(Enrolments::Counted).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Enrolments::Table)
                .add_column(big_integer(Enrolments::CountedClass).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Teachers::Table)
                .add_column(string(Teachers::Counted).default(""))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_checkins_enrolment")
                .table(Checkins::Table)
                .to_owned(),
        )
        .await?;
        for t in [
            StatCounts::Table.into_iden(),
            StatClasses::Table.into_iden(),
            CreditStandings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for (table, col) in [
            (
                Enrolments::Table.into_iden(),
                Enrolments::Counted.into_iden(),
            ),
            (
                Enrolments::Table.into_iden(),
                Enrolments::CountedClass.into_iden(),
            ),
            (Teachers::Table.into_iden(), Teachers::Counted.into_iden()),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
