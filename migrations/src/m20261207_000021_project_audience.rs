//! Whom a project is for, as rows: `project_audience` holds one row per stage, subject or post
//! a project names (none of a kind: any). It replaces the texts joined with "、" in
//! `projects.target_stages`, `target_subjects` and `target_posts`. Those were matched in SQL
//! with `LIKE '%、小学、%'`, a second copy of the rule that no index could serve. The rows are
//! copied over, and the columns are dropped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectAudience {
    Table,
    ProjectId,
    Dimension,
    Value,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

/// Each dimension's stored name and the column it comes from.
const COLUMNS: [(&str, &str); 3] = [
    ("stage", "target_stages"),
    ("subject", "target_subjects"),
    ("post", "target_posts"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProjectAudience::Table)
                .col(big_integer(ProjectAudience::ProjectId))
                .col(string(ProjectAudience::Dimension))
                .col(string(ProjectAudience::Value))
                .primary_key(
                    Index::create()
                        .col(ProjectAudience::ProjectId)
                        .col(ProjectAudience::Dimension)
                        .col(ProjectAudience::Value),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_project_audience_project_id")
                        .from(ProjectAudience::Table, ProjectAudience::ProjectId)
                        .to(Projects::Table, Projects::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The offers list asks "which projects name this value of this dimension".
        m.create_index(
            Index::create()
                .name("idx_project_audience_value")
                .table(ProjectAudience::Table)
                .col(ProjectAudience::Dimension)
                .col(ProjectAudience::Value)
                .col(ProjectAudience::ProjectId)
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        let backend = m.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                r#"SELECT "id", "target_stages", "target_subjects", "target_posts" FROM "projects""#,
            ))
            .await?;
        for row in rows {
            let id: i64 = row.try_get_by_index(0)?;
            for (i, (dimension, _)) in COLUMNS.iter().enumerate() {
                let joined: String = row.try_get_by_index(i + 1)?;
                let mut seen = Vec::new();
                for value in joined.split('、').map(str::trim).filter(|v| !v.is_empty()) {
                    if seen.contains(&value) {
                        continue;
                    }
                    seen.push(value);
                    let insert = Query::insert()
                        .into_table(ProjectAudience::Table)
                        .columns([
                            ProjectAudience::ProjectId,
                            ProjectAudience::Dimension,
                            ProjectAudience::Value,
                        ])
                        .values_panic([id.into(), (*dimension).into(), value.into()])
                        .to_owned();
                    m.exec_stmt(insert).await?;
                }
            }
        }
        for (_, column) in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .drop_column(Alias::new(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (_, column) in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(string(Alias::new(column)).default(""))
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(ProjectAudience::Table).to_owned())
            .await
    }
}
