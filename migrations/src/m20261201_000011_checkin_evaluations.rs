//! During and after a class (DOMAIN.md §5): the check-in sessions an institution opens, each
//! teacher's check-in (by the rotating code, or ticked on the roster), leave requests (请假) the
//! school files and the institution decides, the province's evaluation questionnaire and each
//! teacher's evaluation (评教) of a finished class.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000011_checkin_evaluations"
    }
}

#[derive(DeriveIden)]
enum CheckinSessions {
    Table,
    Id,
    ClassId,
    Title,
    /// Hex; the codes are derived from it and the time window.
    Secret,
    OpenedAt,
    ClosedAt,
    OpenedByName,
}

#[derive(DeriveIden)]
enum Checkins {
    Table,
    Id,
    SessionId,
    EnrolmentId,
    UserId,
    /// "code" (scanned or typed) or "roster" (ticked by the institution).
    Source,
    CheckedAt,
}

#[derive(DeriveIden)]
enum LeaveRequests {
    Table,
    Id,
    EnrolmentId,
    ClassId,
    UserId,
    SchoolId,
    FromDate,
    ToDate,
    Reason,
    /// "pending", "approved" or "refused".
    Status,
    FiledByName,
    DecidedByName,
    DecisionReason,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum EvaluationForms {
    Table,
    Id,
    /// JSON array of the questions, each rated 1–5.
    Items,
    UpdatedAt,
    UpdatedByName,
}

#[derive(DeriveIden)]
enum Evaluations {
    Table,
    Id,
    EnrolmentId,
    ClassId,
    UserId,
    /// JSON: the questions as asked and the ratings given.
    Items,
    Ratings,
    Comment,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CheckinSessions::Table)
                .col(
                    big_integer(CheckinSessions::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(CheckinSessions::ClassId))
                .col(string(CheckinSessions::Title))
                .col(string(CheckinSessions::Secret))
                .col(timestamp_with_time_zone(CheckinSessions::OpenedAt))
                .col(timestamp_with_time_zone_null(CheckinSessions::ClosedAt))
                .col(string(CheckinSessions::OpenedByName))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Checkins::Table)
                .col(big_integer(Checkins::Id).primary_key().auto_increment())
                .col(big_integer(Checkins::SessionId))
                .col(big_integer(Checkins::EnrolmentId))
                .col(big_integer(Checkins::UserId))
                .col(string(Checkins::Source))
                .col(timestamp_with_time_zone(Checkins::CheckedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LeaveRequests::Table)
                .col(
                    big_integer(LeaveRequests::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(LeaveRequests::EnrolmentId))
                .col(big_integer(LeaveRequests::ClassId))
                .col(big_integer(LeaveRequests::UserId))
                .col(big_integer_null(LeaveRequests::SchoolId))
                .col(date(LeaveRequests::FromDate))
                .col(date(LeaveRequests::ToDate))
                .col(text(LeaveRequests::Reason))
                .col(string(LeaveRequests::Status))
                .col(string(LeaveRequests::FiledByName))
                .col(string_null(LeaveRequests::DecidedByName))
                .col(text_null(LeaveRequests::DecisionReason))
                .col(timestamp_with_time_zone(LeaveRequests::CreatedAt))
                .col(timestamp_with_time_zone_null(LeaveRequests::DecidedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EvaluationForms::Table)
                .col(
                    big_integer(EvaluationForms::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(text(EvaluationForms::Items))
                .col(timestamp_with_time_zone(EvaluationForms::UpdatedAt))
                .col(string(EvaluationForms::UpdatedByName))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Evaluations::Table)
                .col(big_integer(Evaluations::Id).primary_key().auto_increment())
                .col(big_integer_uniq(Evaluations::EnrolmentId))
                .col(big_integer(Evaluations::ClassId))
                .col(big_integer(Evaluations::UserId))
                .col(text(Evaluations::Items))
                .col(text(Evaluations::Ratings))
                .col(text(Evaluations::Comment))
                .col(timestamp_with_time_zone(Evaluations::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_evaluations_class")
                .table(Evaluations::Table)
                .col(Evaluations::ClassId)
                .to_owned(),
        )
        .await?;
        // A teacher checks in once per session, however many times they scan.
        m.create_index(
            Index::create()
                .name("uq_checkins_session_enrolment")
                .table(Checkins::Table)
                .col(Checkins::SessionId)
                .col(Checkins::EnrolmentId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_checkin_sessions_class")
                .table(CheckinSessions::Table)
                .col(CheckinSessions::ClassId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_leave_requests_class")
                .table(LeaveRequests::Table)
                .col(LeaveRequests::ClassId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Evaluations::Table.into_iden(),
            EvaluationForms::Table.into_iden(),
            LeaveRequests::Table.into_iden(),
            Checkins::Table.into_iden(),
            CheckinSessions::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
