//! Training years with their enrolment windows, projects with their target regions and classes,
//! and the workflow log that records every state change of a project, class or enrolment.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000005_projects"
    }
}

#[derive(DeriveIden)]
enum TrainingYears {
    Table,
    Year,
    Round1Opens,
    Round1Closes,
    Round2Opens,
    Round2Closes,
    Current,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Name,
    Year,
    Level,
    Kind,
    Nature,
    FillMode,
    Makeup,
    Organiser,
    InstitutionId,
    DeclaredByUserId,
    DeclarerRegion,
    ApproverRegion,
    TargetStages,
    TargetSubjects,
    TargetPosts,
    CreditCategory,
    Hours,
    CreditsTenths,
    Funding,
    Summary,
    PlanFileId,
    PlanFileName,
    Status,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectRegions {
    Table,
    ProjectId,
    RegionCode,
}

#[derive(DeriveIden)]
enum ProjectClasses {
    Table,
    Id,
    ProjectId,
    Seq,
    Name,
    StartsOn,
    EndsOn,
    Place,
    Capacity,
    ExtraCapacity,
    FeeFen,
    Tutor,
    InstitutionId,
    Status,
}

#[derive(DeriveIden)]
enum WorkflowEvents {
    Table,
    Id,
    ProjectId,
    SubjectType,
    SubjectId,
    At,
    ActorUserId,
    ActorName,
    ActorRole,
    Action,
    FromStatus,
    ToStatus,
    Reason,
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
                .table(TrainingYears::Table)
                .col(integer(TrainingYears::Year).primary_key())
                .col(date(TrainingYears::Round1Opens))
                .col(date(TrainingYears::Round1Closes))
                .col(date_null(TrainingYears::Round2Opens))
                .col(date_null(TrainingYears::Round2Closes))
                .col(boolean(TrainingYears::Current).default(false))
                .col(timestamp_with_time_zone(TrainingYears::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Projects::Table)
                .col(big_integer(Projects::Id).primary_key().auto_increment())
                .col(string(Projects::Name))
                .col(integer(Projects::Year))
                .col(string(Projects::Level))
                .col(string(Projects::Kind))
                .col(string(Projects::Nature))
                .col(string(Projects::FillMode))
                .col(boolean(Projects::Makeup).default(false))
                .col(string(Projects::Organiser))
                .col(big_integer_null(Projects::InstitutionId))
                .col(big_integer(Projects::DeclaredByUserId))
                .col(string_null(Projects::DeclarerRegion))
                .col(string(Projects::ApproverRegion))
                .col(string(Projects::TargetStages))
                .col(string(Projects::TargetSubjects))
                .col(string(Projects::TargetPosts))
                .col(string(Projects::CreditCategory))
                .col(integer(Projects::Hours))
                .col(integer(Projects::CreditsTenths))
                .col(string(Projects::Funding))
                .col(text(Projects::Summary))
                .col(big_integer_null(Projects::PlanFileId))
                .col(string_null(Projects::PlanFileName))
                .col(string(Projects::Status))
                .col(timestamp_with_time_zone_null(Projects::SubmittedAt))
                .col(timestamp_with_time_zone(Projects::CreatedAt))
                .col(timestamp_with_time_zone(Projects::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_projects_institution",
            Projects::Table,
            vec![Projects::InstitutionId, Projects::Id],
        ))
        .await?;
        m.create_index(index(
            "idx_projects_approver",
            Projects::Table,
            vec![Projects::ApproverRegion, Projects::Status],
        ))
        .await?;
        m.create_index(index(
            "idx_projects_year",
            Projects::Table,
            vec![Projects::Year, Projects::Status],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ProjectRegions::Table)
                .col(big_integer(ProjectRegions::ProjectId))
                .col(string(ProjectRegions::RegionCode))
                .primary_key(
                    Index::create()
                        .col(ProjectRegions::ProjectId)
                        .col(ProjectRegions::RegionCode),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_project_regions_region",
            ProjectRegions::Table,
            vec![ProjectRegions::RegionCode, ProjectRegions::ProjectId],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ProjectClasses::Table)
                .col(
                    big_integer(ProjectClasses::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(ProjectClasses::ProjectId))
                .col(integer(ProjectClasses::Seq))
                .col(string(ProjectClasses::Name))
                .col(date(ProjectClasses::StartsOn))
                .col(date(ProjectClasses::EndsOn))
                .col(string(ProjectClasses::Place))
                .col(integer(ProjectClasses::Capacity))
                .col(integer(ProjectClasses::ExtraCapacity).default(0))
                .col(big_integer(ProjectClasses::FeeFen).default(0))
                .col(string(ProjectClasses::Tutor))
                .col(big_integer_null(ProjectClasses::InstitutionId))
                .col(string(ProjectClasses::Status))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_project_classes_project",
            ProjectClasses::Table,
            vec![ProjectClasses::ProjectId, ProjectClasses::Seq],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(WorkflowEvents::Table)
                .col(
                    big_integer(WorkflowEvents::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(WorkflowEvents::ProjectId))
                .col(string(WorkflowEvents::SubjectType))
                .col(big_integer(WorkflowEvents::SubjectId))
                .col(timestamp_with_time_zone(WorkflowEvents::At))
                .col(big_integer_null(WorkflowEvents::ActorUserId))
                .col(string(WorkflowEvents::ActorName))
                .col(string(WorkflowEvents::ActorRole))
                .col(string(WorkflowEvents::Action))
                .col(string(WorkflowEvents::FromStatus))
                .col(string(WorkflowEvents::ToStatus))
                .col(text_null(WorkflowEvents::Reason))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_workflow_events_subject",
            WorkflowEvents::Table,
            vec![
                WorkflowEvents::SubjectType,
                WorkflowEvents::SubjectId,
                WorkflowEvents::Id,
            ],
        ))
        .await?;
        m.create_index(index(
            "idx_workflow_events_project",
            WorkflowEvents::Table,
            vec![WorkflowEvents::ProjectId, WorkflowEvents::Id],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            WorkflowEvents::Table.into_iden(),
            ProjectClasses::Table.into_iden(),
            ProjectRegions::Table.into_iden(),
            Projects::Table.into_iden(),
            TrainingYears::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
