//! Reading the counters for a unit: a region reads its counties' totals (one row per county
//! and key, however many schools), a county or a school its schools' rows; the sums go up the
//! region tree here. Who may read which unit is decided before (`policy::proof::ListScope`).

use super::{COUNTY_TOTAL, topic};
use crate::domain::region::{RegionLevel, city_of, level_of};
use crate::error::{AppError, AppResult};
use crate::server::entities::{school, stat_count};
use crate::server::services::by_id;
use crate::server::services::org::county_within;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub use crate::domain::statistics::StatUnit;

/// Figures by key.
pub type Sums = HashMap<String, i64>;

/// The rows of `topic` for `period` that make up `unit`, with the child each belongs to: for a
/// province its cities, a city its counties, a county its schools (0: its pool), a school
/// itself.
async fn rows(
    db: &impl ConnectionTrait,
    topic: &str,
    period: i32,
    unit: &StatUnit,
) -> AppResult<Vec<(StatUnit, stat_count::Model)>> {
    let q = stat_count::Entity::find()
        .filter(stat_count::Column::Topic.eq(topic))
        .filter(stat_count::Column::Period.eq(period));
    Ok(match unit {
        StatUnit::Region(code) => {
            let level = level_of(code).ok_or(AppError::NotFound)?;
            match level {
                RegionLevel::County => q
                    .filter(stat_count::Column::CountyCode.eq(code.as_str()))
                    .filter(stat_count::Column::SchoolId.ne(COUNTY_TOTAL))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|r| (StatUnit::School(r.school_id), r))
                    .collect(),
                _ => q
                    .filter(stat_count::Column::SchoolId.eq(COUNTY_TOTAL))
                    .filter(county_within(stat_count::Column::CountyCode, code))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|r| {
                        let child = if level == RegionLevel::Province {
                            city_of(&r.county_code)
                        } else {
                            r.county_code.clone()
                        };
                        (StatUnit::Region(child), r)
                    })
                    .collect(),
            }
        }
        StatUnit::School(id) => {
            let county = by_id::found::<school::Entity>(db, *id).await?.county_code;
            q.filter(stat_count::Column::CountyCode.eq(county))
                .filter(stat_count::Column::SchoolId.eq(*id))
                .all(db)
                .await?
                .into_iter()
                .map(|r| (StatUnit::School(*id), r))
                .collect()
        }
    })
}

/// The unit's figures of `topic` for `period`, summed.
pub async fn totals(
    db: &impl ConnectionTrait,
    topic: &str,
    period: i32,
    unit: &StatUnit,
) -> AppResult<Sums> {
    let mut out = Sums::new();
    for (_, r) in rows(db, topic, period, unit).await? {
        *out.entry(r.key).or_default() += r.n;
    }
    Ok(out)
}

/// The unit's figures of `topic` for `period`, summed per child unit.
pub async fn by_child(
    db: &impl ConnectionTrait,
    topic: &str,
    period: i32,
    unit: &StatUnit,
) -> AppResult<HashMap<StatUnit, Sums>> {
    let mut out: HashMap<StatUnit, Sums> = HashMap::new();
    for (child, r) in rows(db, topic, period, unit).await? {
        *out.entry(child).or_default().entry(r.key).or_default() += r.n;
    }
    Ok(out)
}

/// One figure of the unit for each period in `periods` (0 where none): a region's county
/// totals, a county's total or a school's row, by key (`idx_stat_counts_by_key`).
pub async fn over_periods(
    db: &impl ConnectionTrait,
    topic: &str,
    key: &str,
    unit: &StatUnit,
    periods: std::ops::RangeInclusive<i32>,
) -> AppResult<Vec<(i32, i64)>> {
    let q = stat_count::Entity::find()
        .filter(stat_count::Column::Topic.eq(topic))
        .filter(stat_count::Column::Key.eq(key));
    let q = match unit {
        StatUnit::Region(code) => {
            let q = q.filter(stat_count::Column::SchoolId.eq(COUNTY_TOTAL));
            match level_of(code).ok_or(AppError::NotFound)? {
                RegionLevel::County => q.filter(stat_count::Column::CountyCode.eq(code.as_str())),
                _ => q.filter(county_within(stat_count::Column::CountyCode, code)),
            }
        }
        StatUnit::School(id) => q.filter(stat_count::Column::SchoolId.eq(*id)),
    };
    let mut by: HashMap<i32, i64> = HashMap::new();
    for r in q
        .filter(stat_count::Column::Period.between(*periods.start(), *periods.end()))
        .all(db)
        .await?
    {
        *by.entry(r.period).or_default() += r.n;
    }
    Ok(periods
        .map(|p| (p, by.get(&p).copied().unwrap_or(0)))
        .collect())
}

/// The sum of the figures whose key ends with `|suffix` (a training measure over all project
/// levels and types).
pub fn sum_suffix(s: &Sums, suffix: &str) -> i64 {
    s.iter()
        .filter(|(k, _)| k.rsplit('|').next() == Some(suffix) && k.contains('|'))
        .map(|(_, n)| n)
        .sum()
}

/// One figure, 0 when absent.
pub fn get(s: &Sums, key: &str) -> i64 {
    s.get(key).copied().unwrap_or(0)
}

/// The topics, for callers outside this module.
pub use topic::{CREDITS, TEACHERS, TRAINING};
