//! Results (DOMAIN.md §5, §7): a project's assessment scheme, each enrolment's scores and the
//! certificates issued on a pass. A certificate row keeps what was printed, so the public
//! verification page shows the issued facts even if a project is later renamed.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000010_results"
    }
}

#[derive(DeriveIden)]
enum AssessmentSchemes {
    Table,
    ProjectId,
    /// JSON: the `domain::assessment::Scheme`.
    Scheme,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    /// JSON array of tenths or null per component.
    Scores,
    ScoreTotal,
    GradedAt,
    GradedByName,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Number,
    Kind,
    EnrolmentId,
    UserId,
    HolderName,
    IdMasked,
    ProjectName,
    ClassName,
    StartsOn,
    EndsOn,
    Hours,
    CreditsTenths,
    CreditCategory,
    Level,
    Result,
    Issuer,
    PhotoFileId,
    IssuedAt,
    Status,
    RevokedReason,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AssessmentSchemes::Table)
                .col(big_integer(AssessmentSchemes::ProjectId).primary_key())
                .col(text(AssessmentSchemes::Scheme))
                .col(timestamp_with_time_zone(AssessmentSchemes::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per statement.
        for col in [
            text_null(Enrolments::Scores),
            integer_null(Enrolments::ScoreTotal),
            timestamp_with_time_zone_null(Enrolments::GradedAt),
            string_null(Enrolments::GradedByName),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(big_integer(Certificates::Id).primary_key().auto_increment())
                .col(string_uniq(Certificates::Number))
                .col(string(Certificates::Kind))
                .col(big_integer_null(Certificates::EnrolmentId))
                .col(big_integer(Certificates::UserId))
                .col(string(Certificates::HolderName))
                .col(string(Certificates::IdMasked))
                .col(string(Certificates::ProjectName))
                .col(string(Certificates::ClassName))
                .col(date(Certificates::StartsOn))
                .col(date(Certificates::EndsOn))
                .col(integer(Certificates::Hours))
                .col(integer(Certificates::CreditsTenths))
                .col(string(Certificates::CreditCategory))
                .col(string(Certificates::Level))
                .col(string(Certificates::Result))
                .col(string(Certificates::Issuer))
                .col(big_integer_null(Certificates::PhotoFileId))
                .col(timestamp_with_time_zone(Certificates::IssuedAt))
                .col(string(Certificates::Status))
                .col(text_null(Certificates::RevokedReason))
                .col(timestamp_with_time_zone_null(Certificates::RevokedAt))
                .to_owned(),
        )
        .await?;
        // One certificate of each kind per enrolment.
        for (name, cols, unique) in [
            (
                "idx_certificates_enrolment",
                vec![Certificates::EnrolmentId, Certificates::Kind],
                true,
            ),
            ("idx_certificates_user", vec![Certificates::UserId], false),
        ] {
            let mut i = Index::create();
            i.name(name).table(Certificates::Table);
            if unique {
                i.unique();
            }
            for c in cols {
                i.col(c);
            }
            m.create_index(i.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Certificates::Table.into_iden(),
            AssessmentSchemes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for c in [
            Enrolments::Scores.into_iden(),
            Enrolments::ScoreTotal.into_iden(),
            Enrolments::GradedAt.into_iden(),
            Enrolments::GradedByName.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Enrolments::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
