//! The statistics read model (issue 15). Counters at school level and their county totals
//! (`stat_counts`), one row per class (`stat_classes`) and each teacher's credit standing per
//! cycle (`credit_standings`), kept right in the transaction of every write that changes what
//! they count: the writers say which enrolments, teachers or teachers' credits changed, and the
//! functions here subtract what those rows last added (remembered on the rows) and add their
//! figures now. `rebuild` recomputes everything from the source tables with the same functions.
//! The dashboards and statistics pages sum these rows up the region tree when they read.

pub mod credits;
pub mod enrolments;
pub mod read;
pub mod rebuild;
pub mod teachers;

use crate::error::AppResult;
use crate::server::entities::{stat_class, stat_count};
pub(crate) use crate::server::sql::Batch;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel, QueryTrait,
};
use std::collections::HashMap;

tokio::task_local! {
    static PAUSED: ();
}

/// Runs `work` with the upkeep paused in this task (other requests keep theirs): the demo
/// seed, which counts everything once at the end, and the benchmark's measure of what the
/// upkeep adds to a write. Whoever pauses it must `rebuild` before anyone reads.
pub async fn without_upkeep<F: std::future::Future>(work: F) -> F::Output {
    PAUSED.scope((), work).await
}

/// Whether this task runs `without_upkeep`.
pub(crate) fn paused() -> bool {
    PAUSED.try_with(|_| ()).is_ok()
}

/// Runs an upkeep unless this task runs `without_upkeep` (the writers' `changed` calls).
pub(crate) async fn unless_paused(
    upkeep: impl std::future::Future<Output = AppResult<()>>,
) -> AppResult<()> {
    if paused() { Ok(()) } else { upkeep.await }
}

/// A grade's upkeep: the enrolment's figures and, when its pass changed, its teacher's credit
/// standings, their writes sent together in one round trip.
pub(crate) async fn graded(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
    standing_of: Option<i64>,
) -> AppResult<()> {
    if paused() {
        return Ok(());
    }
    let mut w = Batch::new(db);
    enrolments::count_into(db, &[enrolment_id], &mut w).await?;
    if let Some(teacher) = standing_of {
        credits::count_into(db, teacher, &mut w).await?;
    }
    w.run(db).await
}

/// How many ids one batch of upkeep reads at a time.
pub(crate) const BATCH: usize = 500;

/// The topics of `stat_counts`, and what their `period` is.
pub mod topic {
    /// Teachers in post, by dimension; period 0 (now).
    pub const TEACHERS: &str = "teachers";
    /// Enrolments by project level, type and measure, and participants; period: the year.
    pub const TRAINING: &str = "training";
    /// Credit standings; period: the cycle's id.
    pub const CREDITS: &str = "credits";
}

/// The school id of a county's total row.
pub const COUNTY_TOTAL: i64 = -1;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CountKey {
    topic: &'static str,
    period: i32,
    county: String,
    school: i64,
    key: String,
}

/// Changes to the counters, gathered in memory and written at once by `flush`.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    counts: HashMap<CountKey, i64>,
    /// A class's changes, with what its row needs when it is new (its `class_id` is the key's).
    classes: HashMap<i64, stat_class::Model>,
}

impl Tally {
    /// Adds `d` to a school's counter and to its county's total. A teacher without a school
    /// (the county's pool) counts as school 0.
    pub fn add(
        &mut self,
        topic: &'static str,
        period: i32,
        county: &str,
        school: i64,
        key: &str,
        d: i64,
    ) {
        if d == 0 {
            return;
        }
        for s in [school, COUNTY_TOTAL] {
            *self
                .counts
                .entry(CountKey {
                    topic,
                    period,
                    county: county.to_string(),
                    school: s,
                    key: key.to_string(),
                })
                .or_default() += d;
        }
    }

    pub fn class(&mut self, class_id: i64) -> &mut stat_class::Model {
        self.classes.entry(class_id).or_default()
    }

    /// Writes the changes: each counter and class row is added to, or made.
    pub async fn flush(self, db: &impl ConnectionTrait) -> AppResult<()> {
        let mut w = Batch::new(db);
        self.write_into(&mut w);
        w.run(db).await
    }

    /// Adds the statements that write the changes to `w`, to go with the caller's own.
    pub fn write_into(self, w: &mut Batch) {
        let counts: Vec<_> = self
            .counts
            .into_iter()
            .filter(|(_, d)| *d != 0)
            .map(|(k, d)| stat_count::ActiveModel {
                topic: Set(k.topic.to_string()),
                period: Set(k.period),
                county_code: Set(k.county),
                school_id: Set(k.school),
                key: Set(k.key),
                n: Set(d),
            })
            .collect();
        for chunk in counts.chunks(BATCH) {
            w.push(
                stat_count::Entity::insert_many(chunk.to_vec())
                    .on_conflict(
                        OnConflict::columns([
                            stat_count::Column::Topic,
                            stat_count::Column::Period,
                            stat_count::Column::CountyCode,
                            stat_count::Column::SchoolId,
                            stat_count::Column::Key,
                        ])
                        .value(
                            stat_count::Column::N,
                            Expr::cust("stat_counts.n + excluded.n"),
                        )
                        .to_owned(),
                    )
                    .as_query(),
            );
        }
        let classes: Vec<_> = self
            .classes
            .into_iter()
            .filter(|(id, _)| *id != 0)
            .map(|(id, c)| {
                stat_class::Model { class_id: id, ..c }
                    .into_active_model()
                    .reset_all()
            })
            .collect();
        use stat_class::Column as C;
        let summed = [
            C::Applied,
            C::Admitted,
            C::CheckedIn,
            C::Passed,
            C::Scored,
            C::Certified,
            C::Evaluations,
            C::RatingSum,
            C::RatingCount,
        ];
        for chunk in classes.chunks(BATCH) {
            let mut on = OnConflict::column(C::ClassId);
            for c in summed {
                let name = sea_orm::IdenStatic::as_str(&c);
                on.value(
                    c,
                    Expr::cust(format!("stat_classes.{name} + excluded.{name}")),
                );
            }
            w.push(
                stat_class::Entity::insert_many(chunk.to_vec())
                    .on_conflict(on.to_owned())
                    .as_query(),
            );
        }
    }
}
