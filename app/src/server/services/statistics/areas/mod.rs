//! The four areas' tables: a row per child unit (or institution) from the counters, one file
//! per area; the classes' sums they share in `classes`.

pub(crate) mod classes;
mod credits;
mod institutions;
mod projects;
mod teachers;
mod training;

use classes::{ClassSums, seats_of};
pub use projects::own_projects;

use super::{Child, children};
use crate::domain::dashboard::{AgeBand, percent_text, rating_text, share};
use crate::domain::region::{RegionLevel, covers, level_of};
use crate::domain::statistics::{
    Dim, Measure, PARTICIPANTS, StatUnit, TEACHERS, age_in, credit_key, parse_teacher_key,
    parse_training_key,
};
use crate::dto::dashboard::{Slice, StatRow, SubTable, YearLine};
use crate::error::{AppError, AppResult};
use crate::server::entities::{
    credit_cycle, institution_region, project, project_class, project_region, stat_class,
};
use crate::server::services::figures::current_cycle;
use crate::server::services::ledger::rule_of;
use crate::server::services::stats::read::{self, Sums, get};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

pub use crate::domain::statistics::Area;

pub struct Table {
    pub row_label: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
    pub total: Vec<String>,
    pub bar_label: String,
    pub bar_is_rate: bool,
    pub composition: Vec<Slice>,
    pub more: Option<SubTable>,
    pub trend: Option<YearLine>,
}

fn row_label(unit: &StatUnit) -> &'static str {
    match unit {
        StatUnit::Region(code) => match level_of(code) {
            Some(RegionLevel::Province) => "市",
            Some(RegionLevel::City) => "区县",
            _ => "学校",
        },
        StatUnit::School(_) => "学校",
    }
}

/// The rows to show: the unit's children, or for a school the school itself.
async fn rows_of(db: &impl ConnectionTrait, unit: &StatUnit) -> AppResult<Vec<Child>> {
    Ok(match unit {
        StatUnit::School(_) => vec![Child {
            unit: unit.clone(),
            name: super::unit_name(db, unit).await?,
        }],
        _ => children(db, unit).await?,
    })
}

/// Where a child's row leads: a region one level down; a school to nothing further here.
fn drill(c: &Child) -> Option<String> {
    matches!(c.unit, StatUnit::Region(_)).then(|| c.unit.key())
}

/// The figures of each row: (row, its sums), and the sums of all.
async fn sums_by_row(
    db: &impl ConnectionTrait,
    unit: &StatUnit,
    topic: &str,
    period: i32,
) -> AppResult<(Vec<(Child, Sums)>, Sums)> {
    let mut by = read::by_child(db, topic, period, unit).await?;
    let mut all = Sums::new();
    let mut out = Vec::new();
    for c in rows_of(db, unit).await? {
        let s = by.remove(&c.unit).unwrap_or_default();
        for (k, n) in &s {
            *all.entry(k.clone()).or_default() += n;
        }
        out.push((c, s));
    }
    // The pool row only when it holds someone.
    out.retain(|(c, s)| c.unit != StatUnit::School(0) || s.values().any(|n| *n != 0));
    Ok((out, all))
}

pub async fn table(
    db: &impl ConnectionTrait,
    area: Area,
    unit: &StatUnit,
    year: i32,
    dim: Dim,
) -> AppResult<Table> {
    match area {
        Area::Teachers => teachers::table(db, unit, year, dim).await,
        Area::Training => training::table(db, unit, year).await,
        Area::Credits => credits::table(db, unit).await,
        Area::Institutions => institutions::table(db, unit, year).await,
        // An institution's own page is made by `own_projects`.
        Area::Projects => Err(AppError::NotFound),
    }
}
