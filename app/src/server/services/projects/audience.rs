//! Whom a project is for, beyond its regions: the rows of `project_audience`, read, written,
//! and asked in SQL. The rule itself is `enrolment_rules::open_to`; the two SQL forms here
//! (`admits` for the projects open to one teacher, `admitted` for the teachers one project is
//! open to) say the same, and the integration tests hold them to it on random audiences.

use crate::domain::enrolment_rules::{
    Applicant, AudienceDimension, NotInAudience, Targets, open_to,
};
use crate::error::AppResult;
use crate::server::entities::{project, project_audience, teacher};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use std::collections::HashMap;

/// Whether the project is for this teacher (regions, stages, subjects, posts).
pub fn open_to_teacher(l: &super::Loaded, t: &teacher::Model) -> Result<(), NotInAudience> {
    open_to(
        &Applicant {
            county: &t.county_code,
            stage: &t.stage,
            subject: &t.subject,
            post: &t.post,
        },
        &l.audience.with_regions(&l.targets),
    )
}

/// The audiences of these projects (a project with no rows: any).
pub async fn read_many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, Targets>> {
    let mut out: HashMap<i64, Targets> = HashMap::new();
    for row in project_audience::Entity::find()
        .filter(project_audience::Column::ProjectId.is_in(ids))
        .all(db)
        .await?
    {
        out.entry(row.project_id)
            .or_default()
            .of_mut(row.dimension)
            .push(row.value);
    }
    for t in out.values_mut() {
        for d in AudienceDimension::ALL {
            t.of_mut(d).sort();
        }
    }
    Ok(out)
}

pub async fn read(db: &impl ConnectionTrait, project_id: i64) -> AppResult<Targets> {
    Ok(read_many(db, [project_id])
        .await?
        .remove(&project_id)
        .unwrap_or_default())
}

/// Replaces the project's audience with `t`.
pub async fn write(db: &impl ConnectionTrait, project_id: i64, t: &Targets) -> AppResult<()> {
    project_audience::Entity::delete_many()
        .filter(project_audience::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    let mut rows = Vec::new();
    for d in AudienceDimension::ALL {
        let mut values: Vec<&String> = t.of(d).iter().filter(|v| !v.trim().is_empty()).collect();
        values.sort();
        values.dedup();
        rows.extend(values.into_iter().map(|v| project_audience::ActiveModel {
            project_id: Set(project_id),
            dimension: Set(d),
            value: Set(v.trim().to_string()),
        }));
    }
    if !rows.is_empty() {
        project_audience::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// Projects (`projects.id`) whose stages, subjects and posts let in a teacher with these:
/// for each dimension, the project names none, or names this one.
pub fn admits(stage: &str, subject: &str, post: &str) -> Condition {
    let naming = |d: AudienceDimension, value: Option<&str>| {
        let mut q = Query::select();
        q.column(project_audience::Column::ProjectId)
            .from(project_audience::Entity)
            .and_where(project_audience::Column::Dimension.eq(d));
        if let Some(v) = value {
            q.and_where(project_audience::Column::Value.eq(v));
        }
        q.to_owned()
    };
    [
        (AudienceDimension::Stage, stage),
        (AudienceDimension::Subject, subject),
        (AudienceDimension::Post, post),
    ]
    .into_iter()
    .fold(Condition::all(), |all, (d, v)| {
        all.add(
            Condition::any()
                .add(project::Column::Id.not_in_subquery(naming(d, None)))
                .add(project::Column::Id.in_subquery(naming(d, Some(v)))),
        )
    })
}

/// Teachers whose stage, subject and post the audience `t` lets in (regions aside).
pub fn admitted(t: &Targets) -> Condition {
    let mut all = Condition::all();
    for (d, col) in [
        (AudienceDimension::Stage, teacher::Column::Stage),
        (AudienceDimension::Subject, teacher::Column::Subject),
        (AudienceDimension::Post, teacher::Column::Post),
    ] {
        let values = t.of(d);
        if !values.is_empty() {
            all = all.add(col.is_in(values.iter().cloned()));
        }
    }
    all
}
