//! 学分预警: the in-post teachers of the admin's scope (or of a region or school inside it) who
//! miss this year's minimum or are behind the cycle's pace, paged for the screen and whole for
//! the .xlsx. The list reads the kept credit standings (`stats::credits`: each teacher's sums
//! and flags, by the thresholds `domain::shortfall` sets) in their index's order, and its
//! counts from the counters, so a province-wide page reads twenty rows, not the ledger; the
//! page's rows then read their own ledger lines for what is missing, in the words of the
//! teacher's 我的学分.

use super::credits::cycles_and_chosen;
use super::ledger::rule_of;
use super::org::region_names;
use super::search::users_matching;
use super::stats::read::{self, StatUnit};
use super::teachers::list::{Keeps, ListScope};
use crate::domain::credits::{CycleRule, table};
use crate::domain::region::{RegionLevel, level_of};
use crate::domain::shortfall::{ShortKind, Standing, pace_required, reference_year};
use crate::domain::statistics::credit_key;
use crate::dto::credits::{ShortfallFilter, ShortfallPage, ShortfallRow};
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::AppResult;
use crate::server::entities::credit_standing;
use crate::server::services::by_id;
use crate::server::services::names;
use crate::server::services::training_years;
use chrono::Datelike;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Rows written to the .xlsx per query.
const EXPORT_BATCH: u64 = 2000;

/// What one query of the list needs: the rule, the year, and the thresholds to apply.
struct Plan {
    rule: CycleRule,
    year: i32,
    pace: u32,
    /// (category, yearly minimum) for the categories that have one.
    yearly: Vec<(String, u32)>,
    kind: ShortKind,
}

/// Where a list looks: the filter's school or region, inside the caller's scope (a unit
/// outside it is refused, whether it exists or not).
async fn unit_of(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    f: &ShortfallFilter,
) -> AppResult<StatUnit> {
    let own = match scope.keeps() {
        Keeps::School(id) => StatUnit::School(*id),
        Keeps::Region(code) => StatUnit::Region(code.clone()),
    };
    let asked = match (f.school_id, f.region.trim()) {
        (Some(id), _) => StatUnit::School(id),
        (None, "") => own.clone(),
        (None, region) => StatUnit::Region(region.to_string()),
    };
    super::statistics::inside(db, &own, asked).await
}

/// The standings of the unit's in-post teachers in the plan's cycle (no shortfall yet).
fn in_unit(unit: &StatUnit, cycle_id: i64, f: &ShortfallFilter) -> Condition {
    let mut c = Condition::all()
        .add(credit_standing::Column::CycleId.eq(cycle_id))
        .add(credit_standing::Column::InPost.eq(true));
    c = match unit {
        StatUnit::School(id) => c.add(credit_standing::Column::SchoolId.eq(*id)),
        StatUnit::Region(code) => match level_of(code) {
            Some(RegionLevel::County) => {
                c.add(credit_standing::Column::CountyCode.eq(code.as_str()))
            }
            Some(RegionLevel::City) => c.add(credit_standing::Column::CityCode.eq(code.as_str())),
            Some(RegionLevel::Province) => c.add(crate::server::services::org::county_within(
                credit_standing::Column::CountyCode,
                code,
            )),
            None => c.add(Expr::cust("1 = 0")),
        },
    };
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        c = c.add(credit_standing::Column::UserId.in_subquery(users_matching(kw)));
    }
    c
}

/// The shortfall the plan asks for, on the kept flags.
fn short(kind: ShortKind) -> Condition {
    let year = credit_standing::Column::YearShort.eq(true);
    let behind = credit_standing::Column::Behind.eq(true);
    match kind {
        ShortKind::Any => Condition::any().add(year).add(behind),
        ShortKind::Year => Condition::all().add(year),
        ShortKind::Cycle => Condition::all().add(behind),
    }
}

struct Found {
    teacher_id: i64,
    user_id: i64,
    school_id: Option<i64>,
    county: String,
    standing: Standing,
}

fn found(plan: &Plan, s: credit_standing::Model) -> Found {
    let done: Vec<(String, u32)> = serde_json::from_str(&s.categories).unwrap_or_default();
    Found {
        teacher_id: s.teacher_id,
        user_id: s.user_id,
        school_id: (s.school_id != 0).then_some(s.school_id),
        county: s.county_code,
        standing: Standing {
            year_done: s.year_done.max(0) as u32,
            year_required: plan.rule.yearly_total,
            categories: plan
                .yearly
                .iter()
                .map(|(c, min)| {
                    let d = done.iter().find(|(n, _)| n == c).map_or(0, |(_, d)| *d);
                    (c.clone(), d, *min)
                })
                .collect(),
            cycle_done: s.cycle_done.max(0) as u32,
            cycle_required: plan.rule.total,
            pace_required: plan.pace,
        },
    }
}

/// The list's rows in its order (school, then record), from `offset`.
async fn fetch(
    db: &impl ConnectionTrait,
    plan: &Plan,
    cond: Condition,
    (offset, limit): (u64, u64),
) -> AppResult<Vec<Found>> {
    Ok(credit_standing::Entity::find()
        .filter(cond)
        .order_by_asc(credit_standing::Column::SchoolId)
        .order_by_asc(credit_standing::Column::TeacherId)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|s| found(plan, s))
        .collect())
}

/// (in-post teachers, those short) of the unit: from the counters, or — when a keyword
/// narrows the list — by counting the standings.
async fn counts(
    db: &impl ConnectionTrait,
    plan: &Plan,
    cycle_id: i64,
    unit: &StatUnit,
    f: &ShortfallFilter,
) -> AppResult<(u64, u64)> {
    if !f.keyword.trim().is_empty() {
        let all = in_unit(unit, cycle_id, f);
        let teachers = credit_standing::Entity::find()
            .filter(all.clone())
            .count(db)
            .await?;
        let short = credit_standing::Entity::find()
            .filter(all.add(short(plan.kind)))
            .count(db)
            .await?;
        return Ok((teachers, short));
    }
    let sums = read::totals(db, read::CREDITS, cycle_id as i32, unit).await?;
    let teachers = read::get(&sums, credit_key::TEACHERS);
    let ok = read::get(
        &sums,
        match plan.kind {
            ShortKind::Any => credit_key::ALL_OK,
            ShortKind::Year => credit_key::YEAR_OK,
            ShortKind::Cycle => credit_key::CYCLE_OK,
        },
    );
    Ok((teachers.max(0) as u64, (teachers - ok).max(0) as u64))
}

async fn plan(
    db: &impl ConnectionTrait,
    f: &ShortfallFilter,
) -> AppResult<(Vec<crate::dto::credits::CycleChoice>, i64, Plan)> {
    let (cycles, chosen) = cycles_and_chosen(db, f.cycle_id).await?;
    let rule = rule_of(&chosen);
    // A cycle not yet begun is read as at its first year; one over, at its last.
    let year = reference_year(&rule, training_years::today().year());
    let plan = Plan {
        pace: pace_required(&rule, year),
        yearly: rule
            .categories
            .iter()
            .filter(|c| c.yearly > 0)
            .map(|c| (c.category.clone(), c.yearly))
            .collect(),
        year,
        rule,
        kind: ShortKind::parse(&f.kind),
    };
    Ok((cycles, chosen.id, plan))
}

/// The rows as a reader sees them: names, masked ID, school, county, and what is missing.
async fn rows(
    db: &impl ConnectionTrait,
    plan: &Plan,
    found: Vec<Found>,
) -> AppResult<Vec<ShortfallRow>> {
    let users = by_id::users(db, found.iter().map(|f| f.user_id)).await?;
    let schools = names::schools(db, found.iter().filter_map(|f| f.school_id)).await?;
    let counties = region_names(db, found.iter().map(|f| f.county.clone())).await?;
    let mut earned = crate::server::services::ledger::earned_by_account(
        db,
        found.iter().map(|f| f.user_id),
        plan.rule.first_year..=plan.rule.last_year,
    )
    .await?;
    Ok(found
        .into_iter()
        .map(|f| {
            let u = users.get(&f.user_id);
            let lines = earned.remove(&f.user_id).unwrap_or_default();
            ShortfallRow {
                teacher_id: f.teacher_id,
                name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_masked: u
                    .map(crate::server::entities::user::Model::masked_id)
                    .unwrap_or_default(),
                school_name: f
                    .school_id
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_default(),
                county_name: counties.get(&f.county).cloned().unwrap_or_default(),
                year: f.standing.year_text(),
                cycle: f.standing.cycle_text(),
                tags: f.standing.tags(&plan.rule, plan.year),
                missing: list_missing(table(&plan.rule, plan.year, &lines).missing),
            }
        })
        .collect())
}

/// What a row says is missing: this year's gaps and the cycle's total; each category's cycle
/// gap is on the teacher's own 我的学分, and would make every row of a list seven lines long.
fn list_missing(all: Vec<String>) -> Vec<String> {
    all.into_iter()
        .filter(|m| !m.starts_with("本周期") || m.starts_with("本周期共"))
        .collect()
}

/// One page of the list.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    f: &ShortfallFilter,
) -> AppResult<ShortfallPage> {
    let (cycles, cycle_id, plan) = plan(db, f).await?;
    let page_size = match f.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let unit = unit_of(db, scope, f).await?;
    let (teachers, total) = counts(db, &plan, cycle_id, &unit, f).await?;
    let page = f.page.max(1);
    let cond = in_unit(&unit, cycle_id, f).add(short(plan.kind));
    let found = fetch(db, &plan, cond, ((page - 1) * page_size, page_size)).await?;
    Ok(ShortfallPage {
        cycles,
        cycle_id,
        year: plan.year,
        teachers,
        page: Page {
            items: rows(db, &plan, found).await?,
            total,
            page,
            page_size,
        },
    })
}

/// Every row of the list as an .xlsx, written in batches.
pub async fn export(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    f: &ShortfallFilter,
) -> AppResult<Vec<u8>> {
    use super::teachers::sheet::{header_format, internal};
    let (_, cycle_id, plan) = plan(db, f).await?;
    let unit = unit_of(db, scope, f).await?;
    let headers = [
        "姓名",
        "身份证号",
        "区县",
        "学校",
        &format!("{} 年学分", plan.year),
        &format!("{}学分", plan.rule.name),
        "预警",
        "还需完成",
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb
        .add_worksheet_with_constant_memory()
        .map_err(internal)?
        .set_name("学分预警")
        .map_err(internal)?;
    let bold = header_format();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)
            .map_err(internal)?;
    }
    let cond = in_unit(&unit, cycle_id, f).add(short(plan.kind));
    let mut row = 1u32;
    let mut offset = 0;
    loop {
        let found = fetch(db, &plan, cond.clone(), (offset, EXPORT_BATCH)).await?;
        if found.is_empty() {
            break;
        }
        offset += found.len() as u64;
        for r in rows(db, &plan, found).await? {
            let cells = [
                r.name,
                r.id_masked,
                r.county_name,
                r.school_name,
                r.year,
                r.cycle,
                r.tags
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join("、"),
                r.missing.join("；"),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(row, c as u16, v).map_err(internal)?;
            }
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), headers.len() as u16 - 1)
        .map_err(internal)?;
    // Zipping a large sheet is CPU work: off the async threads, under the heavy limit.
    crate::server::heavy::run(move || wb.save_to_buffer().map_err(internal)).await?
}
