//! Enrolments in the figures: 培训统计's counters per school, year, project level and type,
//! the participants per school and year, and each class's row. `enrolments.counted` holds the
//! marks a row last added and `counted_class` the class they went to.

use super::{BATCH, Batch, Tally, topic};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::statistics::{EnrolmentFacts, Measure, PARTICIPANTS, mark, training_key};
use crate::error::AppResult;
use crate::server::entities::{enrolment, project_class};
use crate::server::services::by_id;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryTrait,
};
use std::collections::HashMap;

/// Brings the figures of these enrolments up to date: call after any write that changes an
/// enrolment's state, class, result, check-in, certificate or evaluation.
pub async fn changed(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    super::unless_paused(recount(db, ids)).await
}

/// `changed`, even with the upkeep paused (the rebuild).
pub(crate) async fn recount(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<()> {
    let ids = by_id::distinct(ids.iter().copied()).unwrap_or_default();
    // Each part's writes go before the next part reads (a teacher's rows may be in both).
    for chunk in ids.chunks(BATCH) {
        let mut w = Batch::new(db);
        count_into(db, chunk, &mut w).await?;
        w.run(db).await?;
    }
    Ok(())
}

/// An enrolment with everything its figures depend on, read in one statement: its facts
/// (check-in, certificate, evaluation), its project's level and type, and the place of its
/// class (project, year, institution), for a class row made new.
#[derive(Debug, FromQueryResult)]
struct Counted {
    id: i64,
    user_id: i64,
    year: i32,
    county_code: String,
    school_id: Option<i64>,
    status: String,
    passed: Option<bool>,
    counted: i16,
    class_id: i64,
    counted_class: i64,
    level: Option<String>,
    kind: Option<String>,
    checked_in: bool,
    certified: bool,
    ratings: Option<String>,
    /// The teacher's enrolments of the year and school counted as admitted (this one too, if
    /// it was): whether the teacher already counts as a participant there.
    admitted_here: i64,
    now_project: Option<i64>,
    now_year: Option<i32>,
    now_inst: Option<i64>,
}

/// Its participants' subquery reads by (user_id, year), the index every teacher's own list
/// uses. Four tables joined, the rest in subqueries: PostgreSQL plans a statement at each of
/// its first runs on a connection, and with seven tables joined that took 1–4 ms, more than
/// the write it followed.
const READ: &str = "SELECT e.id, e.user_id, e.year, e.county_code, e.school_id, e.status, \
    e.passed, e.counted, COALESCE(e.class_id, 0) AS class_id, e.counted_class, p.level, p.kind, \
    (SELECT COUNT(*) FROM enrolments a WHERE a.user_id = e.user_id AND a.year = e.year \
      AND COALESCE(a.school_id, 0) = COALESCE(e.school_id, 0) AND (a.counted & {ADMITTED}) <> 0) \
      AS admitted_here, \
    EXISTS (SELECT 1 FROM checkins k WHERE k.enrolment_id = e.id) AS checked_in, \
    EXISTS (SELECT 1 FROM certificates x WHERE x.enrolment_id = e.id \
      AND x.kind = 'completion' AND x.status = 'valid') AS certified, \
    (SELECT v.ratings FROM evaluations v WHERE v.enrolment_id = e.id) AS ratings, \
    c.project_id AS now_project, cp.year AS now_year, \
    COALESCE(c.institution_id, cp.institution_id) AS now_inst \
    FROM enrolments e \
    LEFT JOIN projects p ON p.id = e.project_id \
    LEFT JOIN project_classes c ON c.id = e.class_id \
    LEFT JOIN projects cp ON cp.id = c.project_id \
    WHERE e.id IN";

async fn read(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<Counted>> {
    let sql = format!(
        "{} ({})",
        READ.replace("{ADMITTED}", &mark::ADMITTED.to_string()),
        crate::server::sql::marks(ids.len())
    );
    let values = ids.iter().map(|id| (*id).into()).collect();
    let stmt = crate::server::sql::statement(db.get_database_backend(), &sql, values);
    Ok(Counted::find_by_statement(stmt).all(db).await?)
}

impl Counted {
    fn marks(&self) -> i16 {
        EnrolmentFacts {
            status: EnrolmentStatus::parse(&self.status),
            passed: self.passed,
            checked_in: self.checked_in,
            certified: self.certified,
            evaluated: self.ratings.is_some(),
        }
        .marks()
    }

    /// An evaluation's ratings as (sum, count).
    fn ratings(&self) -> (i64, i64) {
        let r: Vec<u8> = self
            .ratings
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default();
        (r.iter().map(|x| *x as i64).sum(), r.len() as i64)
    }

    fn place_now(&self) -> (i64, i32, i64) {
        place(self.now_project, self.now_year, self.now_inst)
    }
}

/// (project id, year, institution id) of the classes rows were counted in before they moved
/// (rare: most steps keep the class), for a class row made new.
async fn places_left(
    db: &impl ConnectionTrait,
    rows: &[(&Counted, i16)],
) -> AppResult<HashMap<i64, (i64, i32, i64)>> {
    let ids: Vec<i64> = rows
        .iter()
        .map(|(e, _)| e.counted_class)
        .filter(|c| *c != 0)
        .filter(|c| !rows.iter().any(|(e, _)| e.class_id == *c))
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let classes = project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let projects = by_id::projects(db, classes.iter().map(|c| c.project_id)).await?;
    Ok(classes
        .into_iter()
        .map(|c| {
            let p = projects.get(&c.project_id);
            let inst = c.institution_id.or(p.and_then(|p| p.institution_id));
            (c.id, place(Some(c.project_id), p.map(|p| p.year), inst))
        })
        .collect())
}

fn place(project: Option<i64>, year: Option<i32>, inst: Option<i64>) -> (i64, i32, i64) {
    (project.unwrap_or(0), year.unwrap_or(0), inst.unwrap_or(0))
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

/// Counts these enrolments (at most `BATCH`) again: one read, and when any figure moved, the
/// writes (the counters, the class rows and the marks remembered on the enrolments) added to
/// `w` for the caller to send.
pub(super) async fn count_into(
    db: &impl ConnectionTrait,
    ids: &[i64],
    w: &mut Batch,
) -> AppResult<()> {
    let rows = read(db, ids).await?;
    let moved: Vec<(&Counted, i16)> = rows
        .iter()
        .map(|e| (e, e.marks()))
        .filter(|(e, new)| *new != e.counted || e.class_id != e.counted_class)
        .collect();
    if moved.is_empty() {
        return Ok(());
    }
    let left = places_left(db, &moved).await?;
    // The place of a class some row is in now, read with it.
    let mut places: HashMap<i64, (i64, i32, i64)> = moved
        .iter()
        .map(|(e, _)| (e.class_id, e.place_now()))
        .collect();
    places.extend(left);
    // Per (account, year, school), as read before any of these rows is counted again.
    let mut participants: HashMap<(i64, i32, i64), i64> = HashMap::new();
    let mut t = Tally::default();
    let mut by_marks: HashMap<i16, Vec<i64>> = HashMap::new();
    for &(e, new) in &moved {
        let old = e.counted;
        let school = e.school_id.unwrap_or(0);
        let (level, kind) = (
            e.level.as_deref().unwrap_or_default(),
            e.kind.as_deref().unwrap_or_default(),
        );
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
            let n = participants
                .entry((e.user_id, e.year, school))
                .or_insert(e.admitted_here);
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
        let eval = e.ratings();
        let was = places.get(&e.counted_class).copied().unwrap_or_default();
        to_class(&mut t, e.counted_class, was, old, eval, -1);
        to_class(&mut t, e.class_id, e.place_now(), new, eval, 1);
        by_marks.entry(new).or_default().push(e.id);
    }
    t.write_into(w);
    for (marks, ids) in by_marks {
        w.push(
            enrolment::Entity::update_many()
                .col_expr(enrolment::Column::Counted, Expr::value(marks))
                // 0: counted in no class (a directive participant not placed yet).
                .col_expr(
                    enrolment::Column::CountedClass,
                    Expr::cust("COALESCE(class_id, 0)"),
                )
                .filter(enrolment::Column::Id.is_in(ids))
                .as_query(),
        );
    }
    Ok(())
}
