//! 学分预警: the in-post teachers of the admin's scope who miss this year's minimum or are
//! behind the cycle's pace, paged for the screen and whole for the .xlsx. The database sums
//! each teacher's approved credits in one grouped query and applies the thresholds
//! `domain::shortfall` sets; the page's rows then read their own ledger lines for what is
//! missing, in the words of the teacher's 我的学分.

use super::credits::{cycles_and_chosen, rule_of};
use super::org::{region_condition, region_names};
use super::search::users_matching;
use super::teachers::list::{Keeps, ListScope};
use crate::domain::credits::{CycleRule, table};
use crate::domain::mask::mask_id_number;
use crate::domain::region::covers;
use crate::domain::shortfall::{ShortKind, Standing, pace_required};
use crate::dto::credits::{ShortfallFilter, ShortfallPage, ShortfallRow};
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult};
use crate::server::entities::{credit_entry, teacher};
use crate::server::services::training_years;
use chrono::Datelike;
use sea_orm::sea_query::{Alias, Condition, Expr, JoinType, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;

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

/// The in-post teachers in scope and filter (no credit condition yet).
fn teachers_in(scope: &ListScope, f: &ShortfallFilter) -> AppResult<Condition> {
    let mut c = Condition::all().add(teacher::Column::Status.eq("在岗"));
    c = match scope.keeps() {
        Keeps::School(id) => c.add(teacher::Column::SchoolId.eq(*id)),
        Keeps::Region(code) => c.add(region_condition(
            code,
            teacher::Column::ProvinceCode,
            teacher::Column::CityCode,
            teacher::Column::CountyCode,
        )),
    };
    let region = f.region.trim();
    if !region.is_empty() {
        match scope.keeps() {
            Keeps::Region(own) if covers(own, region) => {}
            _ => return Err(AppError::Forbidden),
        }
        c = c.add(region_condition(
            region,
            teacher::Column::ProvinceCode,
            teacher::Column::CityCode,
            teacher::Column::CountyCode,
        ));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        c = c.add(teacher::Column::UserId.in_subquery(users_matching(kw)));
    }
    Ok(c)
}

/// `SUM(credits_tenths)` over the teacher's joined ledger lines that meet `cond`; 0 for none.
fn sum_when(cond: &str) -> Expr {
    Expr::cust(format!(
        "COALESCE(SUM(CASE WHEN {cond} THEN \"credit_entries\".\"credits_tenths\" ELSE 0 END), 0)"
    ))
}

/// The teachers in `scope` short as the plan says, with their sums: each teacher joined to
/// their approved ledger lines of the cycle (by the (user_id, year) index, so a school's list
/// reads only its teachers' lines), grouped, and the thresholds applied to the sums.
fn short_query(scope: &ListScope, f: &ShortfallFilter, plan: &Plan) -> AppResult<SelectStatement> {
    use sea_orm::sea_query::ExprTrait;
    let who = teachers_in(scope, f)?;
    let year = format!("\"credit_entries\".\"year\" = {}", plan.year);
    let year_done = sum_when(&year);
    let cycle_done = sum_when("1 = 1");
    // Categories come from the code list (checked when the cycle was saved).
    let categories: Vec<Expr> = plan
        .yearly
        .iter()
        .map(|(category, _)| {
            sum_when(&format!(
                "{year} AND \"credit_entries\".\"category\" = '{}'",
                category.replace('\'', "''")
            ))
        })
        .collect();
    let year_short = categories.iter().zip(&plan.yearly).fold(
        Condition::any().add(year_done.clone().lt(plan.rule.yearly_total as i64)),
        |c, (sum, (_, min))| c.add(sum.clone().lt(*min as i64)),
    );
    let behind = Condition::all().add(cycle_done.clone().lt(plan.pace as i64));
    let short = match plan.kind {
        ShortKind::Any => Condition::any().add(year_short).add(behind),
        ShortKind::Year => year_short,
        ShortKind::Cycle => behind,
    };
    let key = [
        (teacher::Entity, teacher::Column::Id),
        (teacher::Entity, teacher::Column::UserId),
        (teacher::Entity, teacher::Column::SchoolId),
        (teacher::Entity, teacher::Column::CountyCode),
    ];
    let mut q = Query::select();
    q.columns(key)
        .expr_as(year_done, Alias::new("year_done"))
        .expr_as(cycle_done, Alias::new("cycle_done"));
    for (i, sum) in categories.into_iter().enumerate() {
        q.expr_as(sum, Alias::new(format!("cat{i}")));
    }
    q.from(teacher::Entity)
        .join(
            JoinType::LeftJoin,
            credit_entry::Entity,
            Condition::all()
                .add(
                    Expr::col((credit_entry::Entity, credit_entry::Column::UserId))
                        .equals((teacher::Entity, teacher::Column::UserId)),
                )
                .add(credit_entry::Column::Status.eq("approved"))
                .add(credit_entry::Column::Year.between(plan.rule.first_year, plan.rule.last_year)),
        )
        .cond_where(who)
        .group_by_columns(key)
        .cond_having(short);
    Ok(q.to_owned())
}

struct Found {
    teacher_id: i64,
    user_id: i64,
    school_id: Option<i64>,
    county: String,
    standing: Standing,
}

fn read(plan: &Plan, row: &sea_orm::QueryResult) -> AppResult<Found> {
    let n = |c: &str| -> AppResult<u32> { Ok(row.try_get::<i64>("", c)?.max(0) as u32) };
    Ok(Found {
        teacher_id: row.try_get("", "id")?,
        user_id: row.try_get("", "user_id")?,
        school_id: row.try_get("", "school_id")?,
        county: row.try_get("", "county_code")?,
        standing: Standing {
            year_done: n("year_done")?,
            year_required: plan.rule.yearly_total,
            categories: plan
                .yearly
                .iter()
                .enumerate()
                .map(|(i, (c, min))| Ok((c.clone(), n(&format!("cat{i}"))?, *min)))
                .collect::<AppResult<_>>()?,
            cycle_done: n("cycle_done")?,
            cycle_required: plan.rule.total,
            pace_required: plan.pace,
        },
    })
}

async fn plan(
    db: &impl ConnectionTrait,
    f: &ShortfallFilter,
) -> AppResult<(Vec<crate::dto::credits::CycleChoice>, i64, Plan)> {
    let (cycles, chosen) = cycles_and_chosen(db, f.cycle_id).await?;
    let rule = rule_of(&chosen);
    // A cycle not yet begun is read as at its first year; one over, at its last.
    let year = training_years::today()
        .year()
        .clamp(rule.first_year, rule.last_year);
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

async fn fetch(
    db: &impl ConnectionTrait,
    plan: &Plan,
    q: &SelectStatement,
) -> AppResult<Vec<Found>> {
    let rows = db.query_all_raw(db.get_database_backend().build(q)).await?;
    rows.iter().map(|r| read(plan, r)).collect()
}

async fn count(db: &impl ConnectionTrait, q: SelectStatement) -> AppResult<u64> {
    let wrapped = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(q, Alias::new("q"))
        .to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&wrapped))
        .await?
        .ok_or(AppError::Internal)?;
    Ok(row.try_get::<i64>("", "n")?.max(0) as u64)
}

/// The rows as a reader sees them: names, masked ID, school, county, and what is missing.
async fn rows(
    db: &impl ConnectionTrait,
    plan: &Plan,
    found: Vec<Found>,
) -> AppResult<Vec<ShortfallRow>> {
    let users =
        crate::server::services::accounts::users_by_id(db, found.iter().map(|f| f.user_id)).await?;
    let schools =
        crate::server::services::org::school_names(db, found.iter().filter_map(|f| f.school_id))
            .await?;
    let counties = region_names(db, found.iter().map(|f| f.county.clone())).await?;
    let mut earned: HashMap<i64, Vec<(i32, String, u32)>> = HashMap::new();
    for e in credit_entry::Entity::find()
        .filter(credit_entry::Column::UserId.is_in(found.iter().map(|f| f.user_id)))
        .filter(credit_entry::Column::Status.eq("approved"))
        .filter(credit_entry::Column::Year.between(plan.rule.first_year, plan.rule.last_year))
        .all(db)
        .await?
    {
        earned.entry(e.user_id).or_default().push((
            e.year,
            e.category,
            e.credits_tenths.max(0) as u32,
        ));
    }
    Ok(found
        .into_iter()
        .map(|f| {
            let u = users.get(&f.user_id);
            let lines = earned.remove(&f.user_id).unwrap_or_default();
            ShortfallRow {
                teacher_id: f.teacher_id,
                name: u.map(|u| u.name.clone()).unwrap_or_default(),
                id_masked: u
                    .and_then(|u| u.id_number.as_deref())
                    .map(mask_id_number)
                    .unwrap_or_default(),
                school_name: f
                    .school_id
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_default(),
                county_name: counties.get(&f.county).cloned().unwrap_or_default(),
                year: f.standing.year_text(),
                cycle: f.standing.cycle_text(),
                tags: f
                    .standing
                    .tags(&plan.rule, plan.year)
                    .into_iter()
                    .map(String::from)
                    .collect(),
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

fn ordered(mut q: SelectStatement) -> SelectStatement {
    q.order_by((teacher::Entity, teacher::Column::SchoolId), Order::Asc)
        .order_by((teacher::Entity, teacher::Column::Id), Order::Asc);
    q
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
    let q = short_query(scope, f, &plan)?;
    let total = count(db, q.clone()).await?;
    let mut paged = ordered(q);
    let page = f.page.max(1);
    paged.limit(page_size).offset((page - 1) * page_size);
    let found = fetch(db, &plan, &paged).await?;
    let teachers = teacher::Entity::find()
        .filter(teachers_in(scope, f)?)
        .count(db)
        .await?;
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
    let (_, _, plan) = plan(db, f).await?;
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
    let q = ordered(short_query(scope, f, &plan)?);
    let mut row = 1u32;
    let mut offset = 0;
    loop {
        let mut batch_q = q.clone();
        batch_q.limit(EXPORT_BATCH).offset(offset);
        let found = fetch(db, &plan, &batch_q).await?;
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
                r.tags.join("、"),
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
