//! Results (DOMAIN.md §5): each project's assessment scheme, the grading grid of a class, and
//! what a pass writes — the credit ledger line and the completion certificate.

pub mod outcome;
pub mod scores;

use crate::domain::assessment::{Scheme, SchemeDraft, format_score, read_scheme};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::project_flow::ProjectStatus;
use crate::dto::results::{GradeGrid, GradeRow, GradingClass};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{ClassRef, Permission, Target, allows, ensure};
use crate::server::entities::{assessment_scheme, certificate, enrolment, project, project_class};
use crate::server::services::enrolments::review;
use crate::server::services::projects;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

pub use crate::server::auth::policy::proof::{Graded, graded_class};

/// The project's scheme: its own, or the default for its kind.
pub async fn scheme_of(db: &impl ConnectionTrait, p: &project::Model) -> AppResult<Scheme> {
    let row = assessment_scheme::Entity::find_by_id(p.id).one(db).await?;
    Ok(row
        .and_then(|r| serde_json::from_str(&r.scheme).ok())
        .unwrap_or_else(|| Scheme::default_for(&p.kind)))
}

/// Whether any enrolment of the project has a score: the scheme is fixed from then on.
async fn scored(db: &impl ConnectionTrait, project_id: i64) -> AppResult<bool> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::ProjectId.eq(project_id))
        .filter(enrolment::Column::Scores.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// The classes the actor grades: an institution the classes it runs, a bureau the classes of
/// the projects it made that no institution runs.
async fn choices(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<GradingClass>> {
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

/// The grading page: the classes to choose from and the chosen one's roster with scores
/// (the first class when none is chosen).
pub async fn grid(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: Option<i64>,
) -> AppResult<GradeGrid> {
    let choices = choices(db, actor).await?;
    let Some(id) = class_id.or_else(|| choices.first().map(|c| c.class_id)) else {
        return Ok(GradeGrid {
            choices,
            ..Default::default()
        });
    };
    let g = graded_class(db, actor, id).await?;
    let scheme = scheme_of(db, g.p()).await?;
    let l = projects::load(db, g.p().id).await?;
    let can_edit_scheme = allows(
        actor,
        Permission::DeclareProject,
        &Target::Project(&l.policy_ref()),
    );
    let list = enrolled(db, id).await?;
    let certs: HashMap<i64, String> = certificate::Entity::find()
        .filter(certificate::Column::EnrolmentId.is_in(list.iter().map(|e| e.id)))
        .filter(
            certificate::Column::Status.eq(crate::domain::certificate::CertificateStatus::Valid),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.enrolment_id.map(|e| (e, c.number)))
        .collect();
    let stored: HashMap<i64, (Vec<Option<u32>>, Option<bool>)> = list
        .iter()
        .map(|e| (e.id, (stored_scores(e), e.passed)))
        .collect();
    let n = scheme.components.len();
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let mut picks = super::micro_ability::picks_of(db, &ids).await?;
    let rows = review::rows(db, list)
        .await?
        .into_iter()
        .map(|r| {
            let (scores, passed) = stored.get(&r.id).cloned().unwrap_or_default();
            let graded = scores.iter().any(Option::is_some);
            GradeRow {
                enrolment_id: r.id,
                teacher_name: r.teacher_name,
                id_masked: r.id_number,
                school_name: r.school_name,
                scores: (0..n)
                    .map(|i| {
                        scores
                            .get(i)
                            .copied()
                            .flatten()
                            .map(format_score)
                            .unwrap_or_default()
                    })
                    .collect(),
                total: if graded {
                    format_score(scores.iter().flatten().sum())
                } else {
                    String::new()
                },
                passed,
                certificate: certs.get(&r.id).cloned(),
                micro: picks.remove(&r.id).map(|l| {
                    l.into_iter()
                        .map(|p| p.code)
                        .collect::<Vec<_>>()
                        .join(" · ")
                }),
            }
        })
        .collect();
    Ok(GradeGrid {
        choices,
        class_id: Some(id),
        project_id: g.p().id,
        project_name: g.p().name.clone(),
        class_name: g.c().name.clone(),
        dates: format!("{} 至 {}", g.c().starts_on, g.c().ends_on),
        place: g.c().place.clone(),
        notice: g.c().notice.clone(),
        notice_published: g.c().notice_published_at.is_some(),
        draft: SchemeDraft::of(&scheme),
        scheme,
        can_edit_scheme,
        scheme_locked: scored(db, g.p().id).await?,
        rows,
        sessions: crate::server::services::checkin::sessions(db, &g).await?,
        evaluations: crate::server::services::evaluations::summary(db, &g).await?,
        leaves: crate::server::services::leaves::for_class(db, &g).await?,
    })
}

/// The enrolled teachers of a class, in enrolment order.
pub async fn enrolled(
    db: &impl ConnectionTrait,
    class_id: i64,
) -> AppResult<Vec<enrolment::Model>> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?)
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
        return Err(AppError::Conflict(
            "已有学员录入成绩，考核方案不能再修改".into(),
        ));
    }
    let json = serde_json::to_string(&scheme).map_err(|_| AppError::Internal)?;
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
