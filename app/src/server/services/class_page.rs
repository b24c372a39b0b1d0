//! A class's page for whoever runs it: the classes to choose from, the roster with its scores,
//! the check-in sessions, the evaluations and the leave requests. It is built from each
//! area's own read, and none of those areas calls back here.

use super::enrolments::review;
use super::{
    certificates, checkin, evaluations, leaves, micro_ability, projects, results, roster, timetable,
};
use crate::domain::assessment::{SchemeDraft, format_score};
use crate::dto::results::{GradeGrid, GradeRow};
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::graded_class;
use crate::server::auth::policy::{Permission, Target, allows};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// The grading page: the classes to choose from and the chosen one's roster with scores
/// (the first class when none is chosen).
pub async fn grid(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: Option<i64>,
) -> AppResult<GradeGrid> {
    let choices = results::choices(db, actor).await?;
    let Some(id) = class_id.or_else(|| choices.first().map(|c| c.class_id)) else {
        return Ok(GradeGrid {
            choices,
            ..Default::default()
        });
    };
    let g = graded_class(db, actor, id).await?;
    let scheme = results::scheme_of(db, g.p()).await?;
    let l = projects::load(db, g.p().id).await?;
    let can_edit_scheme = allows(
        actor,
        Permission::DeclareProject,
        &Target::Project(&l.policy_ref()),
    );
    let list = roster::enrolled(db, id).await?;
    let certs = certificates::valid_numbers(db, list.iter().map(|e| e.id)).await?;
    let stored: HashMap<i64, (Vec<Option<u32>>, Option<bool>)> = list
        .iter()
        .map(|e| (e.id, (results::stored_scores(e), e.passed)))
        .collect();
    let n = scheme.components.len();
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let mut picks = micro_ability::picks_of(db, &ids).await?;
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
        scheme_locked: results::scored(db, g.p().id).await?,
        rows,
        sessions: checkin::sessions(db, &g).await?,
        timetable: timetable::of_class(db, &g).await?,
        evaluations: evaluations::summary(db, &g).await?,
        leaves: leaves::for_class(db, &g).await?,
    })
}
