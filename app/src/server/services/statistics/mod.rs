//! 统计分析: one page per area (教师统计, 培训统计, 学分统计, 机构统计) for the caller's unit or a
//! unit below it, a row per child unit, each leading one level down. The unit comes from the
//! page's address: it is checked against the caller's scope before anything is read, and a
//! unit outside it is refused alike whether it exists or not.

pub(crate) mod areas;
mod chart;

use super::figures::{as_of, this_year};
use super::org::region_names;
use super::stats::read::StatUnit;
use crate::domain::region::{RegionLevel, city_of, covers, level_of, province_of};
use crate::domain::role::Role;
use crate::domain::role::Scope;
use crate::domain::statistics::Dim;
use crate::dto::dashboard::{Crumb, StatsQuery, StatsView};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{region, school};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub use areas::Area;

/// The unit a page asks for, if the caller may see it: its own, or one below.
pub async fn allowed_unit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    asked: &str,
) -> AppResult<StatUnit> {
    let own = super::figures::stat_unit(actor)?.ok_or(AppError::Forbidden)?;
    if asked.trim().is_empty() {
        return Ok(own);
    }
    let unit = StatUnit::parse(asked).ok_or(AppError::Forbidden)?;
    inside(db, &own, unit).await
}

/// `unit` if it is `own` or a unit that exists below it (a region under it, a school in
/// it); otherwise refused, whether it exists or not. The one check of every drill-down
/// parameter: 统计分析's unit, 学分预警's region and school.
pub async fn inside(
    db: &impl ConnectionTrait,
    own: &StatUnit,
    unit: StatUnit,
) -> AppResult<StatUnit> {
    let inside = match (own, &unit) {
        (a, b) if *a == *b => true,
        (StatUnit::Region(own), StatUnit::Region(code)) => {
            covers(own, code)
                && region::Entity::find_by_id(code.clone())
                    .one(db)
                    .await?
                    .is_some()
        }
        (StatUnit::Region(own), StatUnit::School(id)) => school::Entity::find_by_id(*id)
            .one(db)
            .await?
            .is_some_and(|s| covers(own, &s.county_code)),
        _ => false,
    };
    if inside {
        Ok(unit)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A child of a unit: how it is named, its unit (None: a school's row goes to a list).
pub struct Child {
    pub unit: StatUnit,
    pub name: String,
}

/// The children of a unit, in code (or name) order: a province's cities, a city's counties, a
/// county's schools and its pool; a school has none.
pub async fn children(db: &impl ConnectionTrait, unit: &StatUnit) -> AppResult<Vec<Child>> {
    Ok(match unit {
        StatUnit::Region(code) if level_of(code) == Some(RegionLevel::County) => {
            let mut out: Vec<Child> = school::Entity::find()
                .filter(school::Column::CountyCode.eq(code.as_str()))
                .order_by_asc(school::Column::Id)
                .all(db)
                .await?
                .into_iter()
                .map(|s| Child {
                    unit: StatUnit::School(s.id),
                    name: s.name,
                })
                .collect();
            out.push(Child {
                unit: StatUnit::School(0),
                name: "县级教师库（未在学校）".into(),
            });
            out
        }
        StatUnit::Region(code) => region::Entity::find()
            .filter(region::Column::ParentCode.eq(code.as_str()))
            .order_by_asc(region::Column::Code)
            .all(db)
            .await?
            .into_iter()
            .map(|r| Child {
                unit: StatUnit::Region(r.code),
                name: r.name,
            })
            .collect(),
        StatUnit::School(_) => Vec::new(),
    })
}

/// The name of a unit.
pub async fn unit_name(db: &impl ConnectionTrait, unit: &StatUnit) -> AppResult<String> {
    Ok(match unit {
        StatUnit::Region(code) => region_names(db, [code.clone()])
            .await?
            .remove(code)
            .unwrap_or_else(|| code.clone()),
        StatUnit::School(id) => school::Entity::find_by_id(*id)
            .one(db)
            .await?
            .map(|s| s.name)
            .unwrap_or_default(),
    })
}

/// The breadcrumb from the caller's own unit down to `unit` (the last step is `unit`).
async fn trail(db: &impl ConnectionTrait, actor: &Actor, unit: &StatUnit) -> AppResult<Vec<Crumb>> {
    let own = allowed_unit(db, actor, "").await?;
    let mut chain: Vec<StatUnit> = Vec::new();
    let county = match unit {
        StatUnit::School(id) => {
            chain.push(unit.clone());
            school::Entity::find_by_id(*id)
                .one(db)
                .await?
                .map(|s| s.county_code)
        }
        StatUnit::Region(code) => Some(code.clone()),
    };
    if let Some(code) = county {
        let mut up = vec![code.clone()];
        if level_of(&code) == Some(RegionLevel::County) {
            up.push(city_of(&code));
        }
        if level_of(&code) != Some(RegionLevel::Province) {
            up.push(province_of(&code));
        }
        up.dedup();
        chain.extend(up.into_iter().map(StatUnit::Region));
    }
    // From the caller's own unit down.
    let start = chain
        .iter()
        .position(|u| *u == own)
        .unwrap_or(chain.len() - 1);
    chain.truncate(start + 1);
    chain.reverse();
    let mut out = Vec::with_capacity(chain.len());
    for u in chain {
        out.push(Crumb {
            label: unit_name(db, &u).await?,
            unit: u.key(),
        });
    }
    Ok(out)
}

/// An institution's page: its own projects of the year (its units are its classes).
async fn own(
    db: &impl ConnectionTrait,
    actor: &Actor,
    institution: i64,
    year: i32,
    current: i32,
) -> AppResult<StatsView> {
    let t = areas::own_projects(db, institution, year).await?;
    let name = super::figures::scope_name(db, actor).await?;
    Ok(StatsView {
        area: Area::Projects,
        unit: String::new(),
        unit_name: name.clone(),
        trail: vec![Crumb {
            label: name,
            unit: String::new(),
        }],
        year,
        years: (current - 9..=current).rev().collect(),
        dims: Vec::new(),
        dim: String::new(),
        row_label: t.row_label,
        columns: t.columns,
        rows: t.rows,
        total: t.total,
        bar_label: t.bar_label,
        bar_is_rate: t.bar_is_rate,
        composition: Vec::new(),
        more: None,
        trend: None,
        as_of: as_of(),
    })
}

/// A statistics page.
pub async fn view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &StatsQuery,
) -> AppResult<StatsView> {
    let current = this_year(db).await?;
    let year = q
        .year
        .filter(|y| (current - 10..=current).contains(y))
        .unwrap_or(current);
    if let Scope::Institution(id) = actor.scope
        && actor.role == Role::Institution
    {
        return own(db, actor, id, year, current).await;
    }
    let area = Area::tab(&q.area);
    let unit = allowed_unit(db, actor, &q.unit).await?;
    let dim = Dim::parse(&q.dim).unwrap_or(Dim::Stage);
    let table = areas::table(db, area, &unit, year, dim).await?;
    Ok(StatsView {
        area,
        unit: unit.key(),
        unit_name: unit_name(db, &unit).await?,
        trail: trail(db, actor, &unit).await?,
        year,
        years: (current - 9..=current).rev().collect(),
        dims: Dim::ALL
            .iter()
            .map(|d| (d.as_str().to_string(), d.label().to_string()))
            .collect(),
        dim: dim.as_str().into(),
        row_label: table.row_label,
        columns: table.columns,
        rows: table.rows,
        total: table.total,
        bar_label: table.bar_label,
        bar_is_rate: table.bar_is_rate,
        composition: table.composition,
        more: table.more,
        trend: table.trend,
        as_of: as_of(),
    })
}

/// A statistics page's table as an .xlsx: the rows, then the total.
pub async fn sheet(v: StatsView) -> AppResult<Vec<u8>> {
    use super::teachers::sheet::{header_format, internal};
    let mut wb = rust_xlsxwriter::Workbook::new();
    let label = v.area.label();
    let ws = wb.add_worksheet().set_name(label).map_err(internal)?;
    let bold = header_format();
    let title = format!(
        "{} · {} · {} 年度 · {}",
        v.unit_name, label, v.year, v.as_of
    );
    ws.write_string(0, 0, &title).map_err(internal)?;
    let header = std::iter::once(v.row_label.clone()).chain(v.columns.iter().cloned());
    for (i, h) in header.enumerate() {
        ws.write_string_with_format(1, i as u16, &h, &bold)
            .map_err(internal)?;
    }
    let lines = v
        .rows
        .iter()
        .map(|row| (row.name.as_str(), &row.cells))
        .chain((!v.total.is_empty()).then_some(("合计", &v.total)));
    for (r, (name, cells)) in (2u32..).zip(lines) {
        ws.write_string(r, 0, name).map_err(internal)?;
        for (c, cell) in cells.iter().enumerate() {
            // Counts as numbers, so that the admin's own sums work; rates stay text.
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r, c as u16 + 1, n),
                Err(_) => ws.write_string(r, c as u16 + 1, cell),
            }
            .map_err(internal)?;
        }
    }
    ws.set_column_width(0, 28).map_err(internal)?;
    crate::server::heavy::run(move || wb.save_to_buffer().map_err(internal)).await?
}
