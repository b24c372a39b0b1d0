//! Results (DOMAIN.md §5): each project's assessment scheme, the classes an actor grades, and
//! what a pass writes — the credit ledger line and the completion certificate.

pub mod outcome;
pub mod scores;

use crate::domain::assessment::{Scheme, SchemeDraft, read_scheme};
use crate::domain::project_flow::ProjectStatus;
use crate::dto::results::GradingClass;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{ClassRef, Permission, Target, allows, ensure};
use crate::server::entities::{assessment_scheme, enrolment, project, project_class};
use crate::server::services::projects;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// The project's scheme: its own, or the default for its kind.
pub async fn scheme_of(db: &impl ConnectionTrait, p: &project::Model) -> AppResult<Scheme> {
    let row = assessment_scheme::Entity::find_by_id(p.id).one(db).await?;
    Ok(row
        .and_then(|r| serde_json::from_str(&r.scheme).ok())
        .unwrap_or_else(|| Scheme::default_for(&p.kind)))
}

/// Whether any enrolment of the project has a score: the scheme is fixed from then on.
pub async fn scored(db: &impl ConnectionTrait, project_id: i64) -> AppResult<bool> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::ProjectId.eq(project_id))
        .filter(enrolment::Column::Scores.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// The classes the actor grades: an institution the classes it runs, a bureau the classes of
/// the projects it made that no institution runs.
pub async fn choices(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<GradingClass>> {
    let approved = project::Column::Status.eq(ProjectStatus::Approved);
    // The projects that may hold such a class; the policy then picks the classes.
    use crate::server::auth::policy::proof::{Unit, unit};
    let projects: Vec<project::Model> = match unit(actor)? {
        Unit::Institution(id) => {
            let placed = project_class::Entity::find()
                .filter(project_class::Column::InstitutionId.eq(id))
                .all(db)
                .await?;
            project::Entity::find()
                .filter(approved)
                .filter(
                    Condition::any()
                        .add(project::Column::InstitutionId.eq(id))
                        .add(project::Column::Id.is_in(placed.iter().map(|c| c.project_id))),
                )
                .all(db)
                .await?
        }
        Unit::Bureau(code) => {
            project::Entity::find()
                .filter(approved)
                .filter(project::Column::DeclarerRegion.eq(code.as_str()))
                .filter(project::Column::InstitutionId.is_null())
                .all(db)
                .await?
        }
        Unit::School(_) => return Err(AppError::Forbidden),
    };
    let by_id: HashMap<i64, &project::Model> = projects.iter().map(|p| (p.id, p)).collect();
    let classes = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.is_in(by_id.keys().copied()))
        .order_by_desc(project_class::Column::StartsOn)
        .order_by_asc(project_class::Column::Id)
        .all(db)
        .await?;
    Ok(classes
        .into_iter()
        .filter_map(|c| {
            let p = by_id.get(&c.project_id)?;
            let mine = allows(
                actor,
                Permission::GradeClass,
                &Target::Class(&ClassRef {
                    runner: c.institution_id.or(p.institution_id),
                    declarer_region: p.declarer_region.as_deref(),
                }),
            );
            mine.then(|| GradingClass {
                class_id: c.id,
                label: format!("{} · {}（{} 起）", p.name, c.name, c.starts_on),
            })
        })
        .collect())
}

/// The classes the actor runs (and so grades).
pub async fn class_ids(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<i64>> {
    Ok(choices(db, actor)
        .await?
        .into_iter()
        .map(|c| c.class_id)
        .collect())
}

/// The scores kept on an enrolment, one per component.
pub fn stored_scores(e: &enrolment::Model) -> Vec<Option<u32>> {
    e.scores
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// The declarer sets the project's scheme, until the first score is recorded.
pub async fn save_scheme(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i64,
    d: &SchemeDraft,
) -> AppResult<()> {
    let l = projects::load(db, project_id).await?;
    ensure(
        actor,
        Permission::DeclareProject,
        Target::Project(&l.policy_ref()),
    )?;
    let scheme = read_scheme(d).map_err(AppError::Validation)?;
    if scored(db, project_id).await? {
        return Err(AppError::from(Broken::SchemeLocked));
    }
    let json = serde_json::to_string(&scheme).map_err(AppError::internal)?;
    assessment_scheme::Entity::insert(assessment_scheme::ActiveModel {
        project_id: Set(project_id),
        scheme: Set(json),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(assessment_scheme::Column::ProjectId)
            .update_columns([
                assessment_scheme::Column::Scheme,
                assessment_scheme::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}
