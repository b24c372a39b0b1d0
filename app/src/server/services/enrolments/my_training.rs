//! 继续教育: the teacher's own projects in three tabs (未开始 / 进行中 / 已结束), each with its
//! review timeline.

use super::review::event_label;
use crate::domain::assessment::{Scheme, format_score, grade};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::enrolment_rules::TrainingPhase;
use crate::domain::micro_ability::PROJECT_KIND;
use crate::domain::project::format_credits;
use crate::dto::enrolments::{
    MicroPicks, MyTraining, MyTrainingFilter, MyTrainingTabs, ResultView,
};
use crate::error::AppResult;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::entities::{enrolment, project};
use crate::server::services::by_id;
use crate::server::services::workflow;
use crate::server::services::{
    certificates, evaluations, leaves, micro_ability, results, timetable, training_years,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn tabs(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    f: &MyTrainingFilter,
) -> AppResult<MyTrainingTabs> {
    let mut q = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(me.teacher().user_id))
        .filter(enrolment::Column::Status.ne(EnrolmentStatus::Withdrawn));
    if let Ok(y) = f.year.trim().parse::<i32>() {
        q = q.filter(enrolment::Column::Year.eq(y));
    }
    let list = q.order_by_desc(enrolment::Column::Id).all(db).await?;
    let projects = by_id::projects(db, list.iter().map(|e| e.project_id)).await?;
    let classes = by_id::classes(db, list.iter().filter_map(|e| e.class_id)).await?;
    let runners = projects
        .values()
        .filter_map(|p| p.institution_id)
        .chain(classes.values().filter_map(|c| c.institution_id));
    let institutions = by_id::institutions(db, runners).await?;
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    let mut results = results_of(db, &list, &projects).await?;
    let owed: HashMap<i64, String> = evaluations::owed(db, me.teacher().user_id)
        .await?
        .into_iter()
        .map(|(id, _, last)| (id, last.to_string()))
        .collect();
    let evaluated = evaluations::evaluated(db, me.teacher().user_id).await?;
    let mut picks = micro_ability::picks_of(db, &ids).await?;
    let mut timelines = workflow::timelines(db, "enrolment", &ids, event_label).await?;
    let mut leaves = leaves::of_enrolments(db, &ids).await?;
    let seated = list
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .filter_map(|e| e.class_id);
    let lessons = timetable::of_classes(db, seated).await?;
    let today = training_years::today();
    let keyword = f.keyword.trim();
    let mut out = MyTrainingTabs {
        evaluation_items: evaluations::items(db).await?,
        ..Default::default()
    };
    for e in list {
        let Some(p) = projects.get(&e.project_id) else {
            continue;
        };
        // A directive participant has no class until the province places them.
        let c = e.class_id.and_then(|id| classes.get(&id));
        if !keyword.is_empty() && !p.name.contains(keyword) {
            continue;
        }
        let status = e.status;
        let inst = c
            .and_then(|c| c.institution_id)
            .or(p.institution_id)
            .and_then(|i| institutions.get(&i));
        let enrolled = status == EnrolmentStatus::Enrolled;
        let phase = TrainingPhase::of(enrolled, c.map(|c| (c.starts_on, c.ends_on)), today);
        let item = MyTraining {
            enrolment_id: crate::dto::ids::EnrolmentId(e.id),
            project_id: p.id,
            project_name: p.name.clone(),
            class_name: c.map_or_else(|| "待分配".into(), |c| c.name.clone()),
            year: p.year,
            level: p.level.clone(),
            kind: p.kind.clone(),
            fill_mode: p.fill_mode,
            institution_name: inst
                .map(|i| i.name.clone())
                .unwrap_or_else(|| "待分配".into()),
            starts_on: c.map(|c| c.starts_on.to_string()).unwrap_or_default(),
            ends_on: c.map(|c| c.ends_on.to_string()).unwrap_or_default(),
            hours: p.hours,
            credits: format_credits(p.credits_tenths.max(0) as u32),
            credit_category: p.credit_category.clone(),
            status,
            phase,
            timeline: timelines.remove(&e.id).unwrap_or_default(),
            can_launch: enrolled && inst.is_some_and(crate::server::services::launch::connected),
            can_withdraw: status.withdrawable(),
            has_notice: enrolled && c.is_some_and(|c| c.notice_published_at.is_some()),
            result: results.grades.remove(&e.id),
            certificate: results.certificates.remove(&e.id),
            evaluate_until: owed.get(&e.id).cloned(),
            evaluated: evaluated.contains(&e.id),
            micro: (p.kind == PROJECT_KIND).then(|| MicroPicks {
                picked: picks.remove(&e.id).unwrap_or_default(),
                open: micro_ability::picks_open(p, &e, c),
            }),
            leaves: leaves.remove(&e.id).unwrap_or_default(),
            timetable: match (enrolled, c) {
                (true, Some(c)) => lessons.get(&c.id).cloned().unwrap_or_default(),
                _ => Vec::new(),
            },
        };
        match phase {
            TrainingPhase::Upcoming => out.upcoming.push(item),
            TrainingPhase::Ongoing => out.ongoing.push(item),
            TrainingPhase::Finished => out.finished.push(item),
        }
    }
    if [&out.upcoming, &out.ongoing, &out.finished]
        .iter()
        .any(|l| l.iter().any(|m| m.micro.as_ref().is_some_and(|m| m.open)))
    {
        out.micro_points = micro_ability::list(db).await?;
    }
    Ok(out)
}

struct Results {
    grades: HashMap<i64, ResultView>,
    certificates: HashMap<i64, String>,
}

/// The grades of the scored enrolments under their projects' schemes, and the valid
/// certificates.
async fn results_of(
    db: &impl ConnectionTrait,
    list: &[enrolment::Model],
    projects: &HashMap<i64, project::Model>,
) -> AppResult<Results> {
    let scored: Vec<&enrolment::Model> = list.iter().filter(|e| e.scores.is_some()).collect();
    let mut schemes: HashMap<i64, Scheme> = HashMap::new();
    for e in &scored {
        if let (false, Some(p)) = (
            schemes.contains_key(&e.project_id),
            projects.get(&e.project_id),
        ) {
            schemes.insert(p.id, results::scheme_of(db, p).await?);
        }
    }
    let grades = scored
        .iter()
        .filter_map(|e| {
            let s = schemes.get(&e.project_id)?;
            let g = grade(s, &results::stored_scores(e));
            Some((
                e.id,
                ResultView {
                    parts: g
                        .parts
                        .iter()
                        .map(|(p, v)| (p.label().to_string(), format_score(*v)))
                        .collect(),
                    total: format_score(g.total),
                    result: g.result_label().into(),
                    passed: g.passed,
                },
            ))
        })
        .collect();
    let certificates = certificates::valid_numbers(db, scored.iter().map(|e| e.id)).await?;
    Ok(Results {
        grades,
        certificates,
    })
}
