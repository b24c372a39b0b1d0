//! Enrolments in the figures: 培训统计's counters per school, year, project level and type,
//! the participants per school and year, and each class's row. `enrolments.counted` holds the
//! marks a row last added and `counted_class` the class they went to.

use super::{BATCH, Tally, topic};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::statistics::{EnrolmentFacts, Measure, PARTICIPANTS, mark, training_key};
use crate::error::AppResult;
use crate::server::entities::{
    certificate, checkin, enrolment, evaluation, project, project_class,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Brings the figures of these enrolments up to date: call after any write that changes an
/// enrolment's state, class, result, check-in, certificate or evaluation.
pub async fn changed(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    super::unless_paused(recount(db, ids)).await
}

/// `changed`, even with the upkeep paused (the rebuild).
pub(crate) async fn recount(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(BATCH) {
        batch(db, chunk).await?;
    }
    Ok(())
}

/// An evaluation's ratings as (sum, count).
fn ratings(e: &evaluation::Model) -> (i64, i64) {
    let r: Vec<u8> = serde_json::from_str(&e.ratings).unwrap_or_default();
    (r.iter().map(|x| *x as i64).sum(), r.len() as i64)
}

struct Facts {
    checked_in: HashSet<i64>,
    certified: HashSet<i64>,
    evaluated: HashMap<i64, (i64, i64)>,
}

async fn facts(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Facts> {
    let checked_in = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::EnrolmentId)
        .filter(checkin::Column::EnrolmentId.is_in(ids.iter().copied()))
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let certified = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::EnrolmentId)
        .filter(certificate::Column::EnrolmentId.is_in(ids.iter().copied()))
        .filter(certificate::Column::Kind.eq("completion"))
        .filter(certificate::Column::Status.eq("valid"))
        .into_tuple::<Option<i64>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let evaluated = evaluation::Entity::find()
        .filter(evaluation::Column::EnrolmentId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .iter()
        .map(|e| (e.enrolment_id, ratings(e)))
        .collect();
    Ok(Facts {
        checked_in,
        certified,
        evaluated,
    })
}

/// (project id, year, institution id) of each class, for a class row made new.
async fn classes(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i64>,
    projects: &HashMap<i64, project::Model>,
) -> AppResult<HashMap<i64, (i64, i32, i64)>> {
    let ids: HashSet<i64> = ids.filter(|c| *c != 0).collect();
    Ok(project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let p = projects.get(&c.project_id);
            let year = p.map(|p| p.year).unwrap_or_default();
            let inst = c
                .institution_id
                .or(p.and_then(|p| p.institution_id))
                .unwrap_or(0);
            (c.id, (c.project_id, year, inst))
        })
        .collect())
}

/// Adds `sign` × an enrolment's marks to its class's row.
fn to_class(
    t: &mut Tally,
    class: i64,
    place: (i64, i32, i64),
    marks: i16,
    eval: (i64, i64),
    sign: i64,
) {
    if class == 0 {
        return;
    }
    let c = t.class(class);
    (c.project_id, c.year, c.institution_id) = place;
    let on = |bit: i16| sign * i64::from(marks & bit != 0);
    c.applied += on(mark::APPLIED);
    c.admitted += on(mark::ADMITTED);
    c.checked_in += on(mark::CHECKED_IN);
    c.passed += on(mark::PASSED);
    c.scored += on(mark::SCORED);
    c.certified += on(mark::CERTIFIED);
    let evaluated = on(mark::EVALUATED);
    c.evaluations += evaluated;
    c.rating_sum += evaluated * eval.0;
    c.rating_count += evaluated * eval.1;
}

/// Teachers' admitted enrolments as last counted, per (account, year, school): whether a
/// teacher already counts as a participant there. Read by (user_id, year), the index every
/// teacher's own list uses (there is none on teacher_id alone).
async fn admitted_counted(
    db: &impl ConnectionTrait,
    rows: &[enrolment::Model],
) -> AppResult<HashMap<(i64, i32, i64), i64>> {
    let users: HashSet<i64> = rows.iter().map(|e| e.user_id).collect();
    let years: HashSet<i32> = rows.iter().map(|e| e.year).collect();
    let mut out = HashMap::new();
    for (u, y, s) in enrolment::Entity::find()
        .select_only()
        .columns([
            enrolment::Column::UserId,
            enrolment::Column::Year,
            enrolment::Column::SchoolId,
        ])
        .filter(enrolment::Column::UserId.is_in(users))
        .filter(enrolment::Column::Year.is_in(years))
        .filter(Expr::cust(format!("(counted & {}) <> 0", mark::ADMITTED)))
        .into_tuple::<(i64, i32, Option<i64>)>()
        .all(db)
        .await?
    {
        *out.entry((u, y, s.unwrap_or(0))).or_default() += 1;
    }
    Ok(out)
}

async fn batch(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let f = facts(db, ids).await?;
    let projects: HashMap<i64, project::Model> = project::Entity::find()
        .filter(
            project::Column::Id.is_in(rows.iter().map(|e| e.project_id).collect::<HashSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let places = classes(
        db,
        rows.iter().flat_map(|e| [e.class_id, e.counted_class]),
        &projects,
    )
    .await?;
    let mut participants = admitted_counted(db, &rows).await?;
    let mut t = Tally::default();
    let mut by_marks: HashMap<i16, Vec<i64>> = HashMap::new();
    for e in &rows {
        let eval = f.evaluated.get(&e.id).copied();
        let new = EnrolmentFacts {
            status: EnrolmentStatus::parse(&e.status),
            passed: e.passed,
            checked_in: f.checked_in.contains(&e.id),
            certified: f.certified.contains(&e.id),
            evaluated: eval.is_some(),
        }
        .marks();
        let old = e.counted;
        if new == old && e.class_id == e.counted_class {
            continue;
        }
        let school = e.school_id.unwrap_or(0);
        let (level, kind) = projects
            .get(&e.project_id)
            .map(|p| (p.level.as_str(), p.kind.as_str()))
            .unwrap_or_default();
        for m in Measure::ALL {
            let d = i64::from(new & m.bit() != 0) - i64::from(old & m.bit() != 0);
            t.add(
                topic::TRAINING,
                e.year,
                &e.county_code,
                school,
                &training_key(level, kind, m),
                d,
            );
        }
        let (was, is) = (old & mark::ADMITTED != 0, new & mark::ADMITTED != 0);
        if was != is {
            let n = participants.entry((e.user_id, e.year, school)).or_default();
            let before = *n > 0;
            *n += if is { 1 } else { -1 };
            let d = i64::from(*n > 0) - i64::from(before);
            t.add(
                topic::TRAINING,
                e.year,
                &e.county_code,
                school,
                PARTICIPANTS,
                d,
            );
        }
        let eval = eval.unwrap_or_default();
        let place = |c: i64| places.get(&c).copied().unwrap_or_default();
        to_class(
            &mut t,
            e.counted_class,
            place(e.counted_class),
            old,
            eval,
            -1,
        );
        to_class(&mut t, e.class_id, place(e.class_id), new, eval, 1);
        by_marks.entry(new).or_default().push(e.id);
    }
    t.flush(db).await?;
    for (marks, ids) in by_marks {
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Counted, Expr::value(marks))
            .col_expr(
                enrolment::Column::CountedClass,
                Expr::col(enrolment::Column::ClassId),
            )
            .filter(enrolment::Column::Id.is_in(ids))
            .exec(db)
            .await?;
    }
    Ok(())
}
