//! Credit standings: each teacher's standing in each cycle as of its reference year (this
//! year, within the cycle), which 学分预警 lists, and 学分统计's counters per school: teachers
//! in post, those meeting this year's minimum, last year's, the cycle's pace and each
//! category's yearly minimum. The rule of who is short is `domain::shortfall`'s.

use super::{BATCH, Batch, Tally, topic};
use crate::domain::credits::CycleRule;
use crate::domain::shortfall::{Standing, reference_year};
use crate::domain::statistics::credit_key;
use crate::domain::teacher::TeacherStatus;
use crate::error::AppResult;
use crate::server::entities::{credit_cycle, credit_standing, stat_count, teacher};
use crate::server::services::ledger::rule_of;
use crate::server::services::training_years;
use chrono::Datelike;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// Brings these teachers' standings up to date in every cycle: call after a ledger line of
/// theirs is written, approved, refused or removed (teachers' own changes call it too).
pub async fn changed(db: &impl ConnectionTrait, teacher_ids: &[i64]) -> AppResult<()> {
    super::unless_paused(recount(db, teacher_ids)).await
}

/// `changed`, even with the upkeep paused (the rebuild).
pub(crate) async fn recount(db: &impl ConnectionTrait, teacher_ids: &[i64]) -> AppResult<()> {
    let cycles = credit_cycle::Entity::find().all(db).await?;
    in_parts(db, &cycles, teacher_ids).await
}

/// Counts these teachers in these cycles, each part's writes sent before the next part reads.
async fn in_parts(
    db: &impl ConnectionTrait,
    cycles: &[credit_cycle::Model],
    teacher_ids: &[i64],
) -> AppResult<()> {
    for chunk in teacher_ids.chunks(BATCH) {
        let mut w = Batch::new(db);
        batch(db, cycles, chunk, &mut w).await?;
        w.run(db).await?;
    }
    Ok(())
}

/// Counts a cycle again from scratch, after its rule changed (or its reference year moved).
pub async fn cycle_changed(db: &impl ConnectionTrait, cycle_id: i64) -> AppResult<()> {
    credit_standing::Entity::delete_many()
        .filter(credit_standing::Column::CycleId.eq(cycle_id))
        .exec(db)
        .await?;
    stat_count::Entity::delete_many()
        .filter(stat_count::Column::Topic.eq(topic::CREDITS))
        .filter(stat_count::Column::Period.eq(cycle_id as i32))
        .exec(db)
        .await?;
    let Some(cycle) = credit_cycle::Entity::find_by_id(cycle_id).one(db).await? else {
        return Ok(());
    };
    let ids = all_teachers(db).await?;
    in_parts(db, std::slice::from_ref(&cycle), &ids).await
}

/// Every teacher's id, in order.
pub async fn all_teachers(db: &impl ConnectionTrait) -> AppResult<Vec<i64>> {
    Ok(teacher::Entity::find()
        .select_only()
        .column(teacher::Column::Id)
        .order_by_asc(teacher::Column::Id)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// The cycles whose standings were read at another year than the one they would be read at
/// today (the year turned since): `cycle_changed` brings each up to date.
pub async fn stale_cycles(db: &impl ConnectionTrait) -> AppResult<Vec<i64>> {
    let this_year = training_years::today().year();
    let mut out = Vec::new();
    for c in credit_cycle::Entity::find().all(db).await? {
        let now = reference_year(&rule_of(&c), this_year);
        // Two ranges of the (cycle, year) index, each empty when all is current: `<>` would
        // walk the whole cycle.
        for other in [
            credit_standing::Column::RefYear.lt(now),
            credit_standing::Column::RefYear.gt(now),
        ] {
            let stale = credit_standing::Entity::find()
                .filter(credit_standing::Column::CycleId.eq(c.id))
                .filter(other)
                .one(db)
                .await?
                .is_some();
            if stale {
                out.push(c.id);
                break;
            }
        }
    }
    Ok(out)
}

/// Brings the cycles read at a year that has passed up to date (the year turned since), each
/// in a transaction of its own; readers call it first, so a list never mixes two years.
pub async fn refresh_stale<C: ConnectionTrait + TransactionTrait>(db: &C) -> AppResult<()> {
    for id in stale_cycles(db).await? {
        let txn = db.begin().await?;
        cycle_changed(&txn, id).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// What a standing adds to its school's counters, for `sign` 1 or -1.
fn contribute(t: &mut Tally, rule: &CycleRule, row: &credit_standing::Model, sign: i64) {
    if !row.in_post {
        return;
    }
    let mut keys = vec![credit_key::TEACHERS.to_string()];
    if !row.year_short {
        keys.push(credit_key::YEAR_OK.into());
    }
    if row.ref_year > rule.first_year && !row.prev_short {
        keys.push(credit_key::PREV_OK.into());
    }
    if !row.behind {
        keys.push(credit_key::CYCLE_OK.into());
    }
    if !row.behind && !row.year_short {
        keys.push(credit_key::ALL_OK.into());
    }
    let done: Vec<(String, u32)> = serde_json::from_str(&row.categories).unwrap_or_default();
    for c in rule.categories.iter().filter(|c| c.yearly > 0) {
        if done
            .iter()
            .any(|(name, d)| *name == c.category && *d >= c.yearly)
        {
            keys.push(credit_key::category_ok(&c.category));
        }
    }
    for k in keys {
        t.add(
            topic::CREDITS,
            row.cycle_id as i32,
            &row.county_code,
            row.school_id,
            &k,
            sign,
        );
    }
}

fn standing_of(
    cycle_id: i64,
    rule: &CycleRule,
    year: i32,
    t: &teacher::Model,
    lines: &[(i32, &str, u32)],
) -> credit_standing::Model {
    let now = Standing::from_lines(rule, year, lines);
    let prev = (year > rule.first_year).then(|| Standing::from_lines(rule, year - 1, lines));
    let categories: Vec<(&str, u32)> = now
        .categories
        .iter()
        .map(|(c, done, _)| (c.as_str(), *done))
        .collect();
    credit_standing::Model {
        cycle_id,
        teacher_id: t.id,
        user_id: t.user_id,
        city_code: t.city_code.clone(),
        county_code: t.county_code.clone(),
        school_id: t.school_id.unwrap_or(0),
        in_post: t.status == TeacherStatus::OnDuty,
        ref_year: year,
        year_done: now.year_done as i32,
        prev_done: prev.as_ref().map(|p| p.year_done as i32).unwrap_or(0),
        cycle_done: now.cycle_done as i32,
        categories: serde_json::to_string(&categories).unwrap_or_default(),
        year_short: now.year_short(),
        prev_short: prev.as_ref().is_some_and(Standing::year_short),
        behind: now.behind(),
    }
}

/// Counts these teachers (at most `BATCH`) again, adding the writes to `w`.
async fn batch(
    db: &impl ConnectionTrait,
    cycles: &[credit_cycle::Model],
    ids: &[i64],
    w: &mut Batch,
) -> AppResult<()> {
    // No cycle, no standing: nothing to read.
    if cycles.is_empty() {
        return Ok(());
    }
    let teachers = teacher::Entity::find()
        .filter(teacher::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let years = cycles.iter().map(|c| c.first_year).min().unwrap_or(0)
        ..=cycles.iter().map(|c| c.last_year).max().unwrap_or(0);
    let lines = crate::server::services::ledger::earned_by_account(
        db,
        teachers.iter().map(|t| t.user_id),
        years,
    )
    .await?;
    let old: HashMap<(i64, i64), credit_standing::Model> = credit_standing::Entity::find()
        .filter(credit_standing::Column::TeacherId.is_in(ids.iter().copied()))
        .filter(credit_standing::Column::CycleId.is_in(cycles.iter().map(|c| c.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| ((s.cycle_id, s.teacher_id), s))
        .collect();
    let this_year = training_years::today().year();
    let mut t = Tally::default();
    let mut rows = Vec::new();
    for c in cycles {
        let rule = rule_of(c);
        let year = reference_year(&rule, this_year);
        for teacher in &teachers {
            let own: Vec<(i32, &str, u32)> = lines
                .get(&teacher.user_id)
                .map(|l| l.iter().map(|(y, c, n)| (*y, c.as_str(), *n)).collect())
                .unwrap_or_default();
            let row = standing_of(c.id, &rule, year, teacher, &own);
            let before = old.get(&(c.id, teacher.id));
            if before == Some(&row) {
                continue;
            }
            if let Some(b) = before {
                contribute(&mut t, &rule, b, -1);
            }
            contribute(&mut t, &rule, &row, 1);
            rows.push(credit_standing::ActiveModel::from(row).reset_all());
        }
    }
    t.write_into(w);
    use credit_standing::Column as C;
    for chunk in rows.chunks(BATCH) {
        w.push(
            credit_standing::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::columns([C::CycleId, C::TeacherId])
                        .update_columns([
                            C::UserId,
                            C::CityCode,
                            C::CountyCode,
                            C::SchoolId,
                            C::InPost,
                            C::RefYear,
                            C::YearDone,
                            C::PrevDone,
                            C::CycleDone,
                            C::Categories,
                            C::YearShort,
                            C::PrevShort,
                            C::Behind,
                        ])
                        .to_owned(),
                )
                .as_query(),
        );
    }
    Ok(())
}

/// `changed` for one teacher, the writes added to `w` (a grade's upkeep sends them with the
/// enrolment's).
pub(super) async fn count_into(
    db: &impl ConnectionTrait,
    teacher_id: i64,
    w: &mut Batch,
) -> AppResult<()> {
    let cycles = credit_cycle::Entity::find().all(db).await?;
    batch(db, &cycles, &[teacher_id], w).await
}
