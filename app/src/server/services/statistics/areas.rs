//! The four areas' tables: a row per child unit (or institution) from the counters.

use super::{Child, children};
use crate::domain::dashboard::{AgeBand, percent_text, rating_text, share};
use crate::domain::region::{RegionLevel, covers, level_of};
use crate::domain::statistics::{
    Dim, Measure, PARTICIPANTS, StatUnit, TEACHERS, age_in, credit_key, parse_teacher_key,
    parse_training_key,
};
use crate::dto::dashboard::{Slice, StatRow, SubTable};
use crate::error::{AppError, AppResult};
use crate::server::entities::{
    credit_cycle, institution, institution_region, project, project_class, project_region,
    stat_class,
};
use crate::server::services::credits::rule_of;
use crate::server::services::dashboard::current_cycle;
use crate::server::services::stats::read::{self, Sums, get};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Teachers,
    Training,
    Credits,
    Institutions,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Teachers,
        Area::Training,
        Area::Credits,
        Area::Institutions,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Area::Teachers => "teachers",
            Area::Training => "training",
            Area::Credits => "credits",
            Area::Institutions => "institutions",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Area::Teachers => "教师统计",
            Area::Training => "培训统计",
            Area::Credits => "学分统计",
            Area::Institutions => "机构统计",
        }
    }

    /// An unknown area reads as 教师统计.
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|a| a.key() == s)
            .unwrap_or(Area::Teachers)
    }
}

pub struct Table {
    pub row_label: String,
    pub columns: Vec<String>,
    pub rows: Vec<StatRow>,
    pub total: Vec<String>,
    pub bar_label: String,
    pub bar_is_rate: bool,
    pub composition: Vec<Slice>,
    pub more: Option<SubTable>,
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
        Area::Teachers => teachers(db, unit, year, dim).await,
        Area::Training => training(db, unit, year).await,
        Area::Credits => credits(db, unit).await,
        Area::Institutions => institutions(db, unit, year).await,
    }
}

/// A dimension's value as a column: age bands for the year of birth, "未填写" for none.
fn value_label(dim: Dim, value: &str, year: i32) -> String {
    match (dim, value) {
        (_, "") => "未填写".into(),
        (Dim::Born, born) => born
            .parse()
            .map(|b| AgeBand::of_age(age_in(b, year)).label().to_string())
            .unwrap_or_else(|_| "未填写".into()),
        (_, v) => v.to_string(),
    }
}

/// The counts of one dimension's values in some sums, by label.
fn dim_counts(s: &Sums, dim: Dim, year: i32) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for (k, n) in s {
        if let Some((d, v)) = parse_teacher_key(k)
            && d == dim
        {
            *out.entry(value_label(dim, v, year)).or_default() += n;
        }
    }
    out
}

/// How many value columns a table shows before "其他".
const MAX_VALUES: usize = 8;

async fn teachers(
    db: &impl ConnectionTrait,
    unit: &StatUnit,
    year: i32,
    dim: Dim,
) -> AppResult<Table> {
    let (rows, all) = sums_by_row(db, unit, read::TEACHERS, 0).await?;
    let totals = dim_counts(&all, dim, year);
    let mut values: Vec<(String, i64)> = totals.into_iter().filter(|(_, n)| *n > 0).collect();
    if dim == Dim::Born {
        let order = |l: &str| AgeBand::ALL.iter().position(|b| b.label() == l);
        values.sort_by_key(|(l, _)| order(l));
    } else {
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    let shown: Vec<String> = values
        .iter()
        .take(MAX_VALUES)
        .map(|(l, _)| l.clone())
        .collect();
    let other = values.len() > MAX_VALUES;
    let cells = |s: &Sums| -> Vec<String> {
        let counts = dim_counts(s, dim, year);
        let mut c = vec![get(s, TEACHERS).to_string()];
        c.extend(
            shown
                .iter()
                .map(|l| counts.get(l).copied().unwrap_or(0).to_string()),
        );
        if other {
            let rest: i64 = counts
                .iter()
                .filter(|(l, _)| !shown.contains(l))
                .map(|(_, n)| n)
                .sum();
            c.push(rest.to_string());
        }
        c
    };
    let mut columns = vec!["在岗教师".to_string()];
    columns.extend(shown.iter().cloned());
    if other {
        columns.push("其他".into());
    }
    Ok(Table {
        row_label: row_label(unit).into(),
        columns,
        rows: rows
            .iter()
            .map(|(c, s)| StatRow {
                name: c.name.clone(),
                cells: cells(s),
                bar: get(s, TEACHERS),
                unit: drill(c),
                list: match c.unit {
                    StatUnit::School(id) if id > 0 => Some(format!("/teachers?school_id={id}")),
                    _ => None,
                },
            })
            .collect(),
        total: cells(&all),
        bar_label: "在岗教师".into(),
        bar_is_rate: false,
        composition: values
            .into_iter()
            .map(|(label, n)| Slice { label, n })
            .collect(),
        more: None,
    })
}

async fn training(db: &impl ConnectionTrait, unit: &StatUnit, year: i32) -> AppResult<Table> {
    let (rows, all) = sums_by_row(db, unit, read::TRAINING, year).await?;
    let cells = |s: &Sums| -> Vec<String> {
        let m = |x: Measure| read::sum_suffix(s, x.key());
        let admitted = m(Measure::Admitted);
        vec![
            m(Measure::Applied).to_string(),
            admitted.to_string(),
            m(Measure::CheckedIn).to_string(),
            m(Measure::Passed).to_string(),
            m(Measure::Certified).to_string(),
            get(s, PARTICIPANTS).to_string(),
            percent_text(share(m(Measure::CheckedIn), admitted)),
            percent_text(share(m(Measure::Passed), admitted)),
        ]
    };
    let mut levels: BTreeMap<String, i64> = BTreeMap::new();
    for (k, n) in &all {
        if let Some((level, _, Measure::Admitted)) = parse_training_key(k) {
            *levels.entry(level.to_string()).or_default() += n;
        }
    }
    Ok(Table {
        row_label: row_label(unit).into(),
        columns: [
            "报名人次",
            "录取人次",
            "报到人次",
            "合格人次",
            "发证",
            "参训人数",
            "报到率",
            "合格率",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|(c, s)| StatRow {
                name: c.name.clone(),
                cells: cells(s),
                bar: read::sum_suffix(s, Measure::Admitted.key()),
                unit: drill(c),
                list: None,
            })
            .collect(),
        total: cells(&all),
        bar_label: "录取人次".into(),
        bar_is_rate: false,
        composition: levels
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| Slice { label, n })
            .collect(),
        more: projects(db, unit, year).await?,
    })
}

async fn credits(db: &impl ConnectionTrait, unit: &StatUnit) -> AppResult<Table> {
    let Some((cycle_id, ref_year, _)) = current_cycle(db).await? else {
        return Err(AppError::Conflict("省级尚未设置培训周期".into()));
    };
    let rule = credit_cycle::Entity::find_by_id(cycle_id)
        .one(db)
        .await?
        .map(|c| rule_of(&c))
        .ok_or(AppError::NotFound)?;
    let yearly: Vec<String> = rule
        .categories
        .iter()
        .filter(|c| c.yearly > 0)
        .map(|c| c.category.clone())
        .collect();
    let (rows, all) = sums_by_row(db, unit, read::CREDITS, cycle_id as i32).await?;
    let cells = |s: &Sums| -> Vec<String> {
        let teachers = get(s, credit_key::TEACHERS);
        let mut c = vec![
            teachers.to_string(),
            get(s, credit_key::YEAR_OK).to_string(),
            percent_text(share(get(s, credit_key::YEAR_OK), teachers)),
            get(s, credit_key::CYCLE_OK).to_string(),
            percent_text(share(get(s, credit_key::CYCLE_OK), teachers)),
            (teachers - get(s, credit_key::ALL_OK)).max(0).to_string(),
        ];
        c.extend(
            yearly
                .iter()
                .map(|cat| percent_text(share(get(s, &credit_key::category_ok(cat)), teachers))),
        );
        c
    };
    let mut columns: Vec<String> = [
        "在岗教师".to_string(),
        format!("{ref_year} 年达标"),
        "达标率".into(),
        "周期进度达标".into(),
        "进度达标率".into(),
        "预警人数".into(),
    ]
    .to_vec();
    columns.extend(yearly.iter().map(|c| format!("{c}达标率")));
    let shortfall = |u: &StatUnit| match u {
        StatUnit::Region(code) => format!("/credits/shortfall?region={code}"),
        StatUnit::School(id) => format!("/credits/shortfall?school_id={id}"),
    };
    Ok(Table {
        row_label: row_label(unit).into(),
        columns,
        rows: rows
            .iter()
            .map(|(c, s)| StatRow {
                name: c.name.clone(),
                cells: cells(s),
                bar: i64::from(
                    share(get(s, credit_key::YEAR_OK), get(s, credit_key::TEACHERS)).unwrap_or(0),
                ),
                unit: drill(c),
                list: (c.unit != StatUnit::School(0)).then(|| shortfall(&c.unit)),
            })
            .collect(),
        total: cells(&all),
        bar_label: format!("{ref_year} 年学分达标率"),
        bar_is_rate: true,
        composition: Vec::new(),
        more: None,
    })
}

async fn institutions(db: &impl ConnectionTrait, unit: &StatUnit, year: i32) -> AppResult<Table> {
    let region = match unit {
        StatUnit::Region(code)
            if matches!(
                level_of(code),
                Some(RegionLevel::Province | RegionLevel::City)
            ) =>
        {
            code.clone()
        }
        _ => return Err(AppError::Conflict("机构统计由省级、市级查看".into())),
    };
    // The institutions authorised in the region, above it or in part of it.
    let mut authorised: HashMap<i64, bool> = HashMap::new();
    for r in institution_region::Entity::find().all(db).await? {
        if covers(&r.region_code, &region) || covers(&region, &r.region_code) {
            authorised.insert(r.institution_id, true);
        }
    }
    let names: HashMap<i64, String> = institution::Entity::find()
        .filter(institution::Column::Id.is_in(authorised.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let classes = stat_class::Entity::find()
        .filter(stat_class::Column::Year.eq(year))
        .filter(stat_class::Column::InstitutionId.is_in(names.keys().copied()))
        .all(db)
        .await?;
    let seats = seats_of(db, classes.iter().map(|c| c.class_id)).await?;
    let mut by: BTreeMap<i64, ClassSums> =
        names.keys().map(|id| (*id, ClassSums::default())).collect();
    for c in &classes {
        by.entry(c.institution_id)
            .or_default()
            .add(c, seats.get(&c.class_id).copied().unwrap_or(0));
    }
    let cells = |a: &ClassSums| -> Vec<String> {
        vec![
            a.projects.len().to_string(),
            a.classes.to_string(),
            a.seats.to_string(),
            a.admitted.to_string(),
            percent_text(share(a.checked_in, a.admitted)),
            percent_text(share(a.passed, a.admitted)),
            rating_text(a.rating_sum, a.rating_count),
        ]
    };
    let mut total = ClassSums::default();
    for a in by.values() {
        total.merge(a);
    }
    let mut rows: Vec<(String, &ClassSums)> = by
        .iter()
        .map(|(id, a)| (names.get(id).cloned().unwrap_or_default(), a))
        .collect();
    rows.sort_by(|a, b| b.1.admitted.cmp(&a.1.admitted).then(a.0.cmp(&b.0)));
    Ok(Table {
        row_label: "培训机构".into(),
        columns: [
            "项目数",
            "班级数",
            "计划名额",
            "录取人次",
            "报到率",
            "合格率",
            "评教均分",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|(name, a)| StatRow {
                name,
                cells: cells(a),
                bar: a.admitted,
                unit: None,
                list: None,
            })
            .collect(),
        total: cells(&total),
        bar_label: "录取人次".into(),
        bar_is_rate: false,
        composition: Vec::new(),
        more: None,
    })
}

/// How many projects 培训统计 lists, the largest first.
const MAX_PROJECTS: usize = 200;

/// 培训统计's projects of the year for a region: those aimed at it, at a region above it or
/// at a part of it, or approved inside it, with their classes' fill, check-in and pass rates and evaluation.
async fn projects(
    db: &impl ConnectionTrait,
    unit: &StatUnit,
    year: i32,
) -> AppResult<Option<SubTable>> {
    let StatUnit::Region(code) = unit else {
        return Ok(None);
    };
    let mut q = project::Entity::find()
        .filter(project::Column::Year.eq(year))
        .filter(project::Column::Status.eq("approved"));
    if level_of(code) != Some(RegionLevel::Province) {
        let prefix = crate::domain::region::prefix_of(code).unwrap_or(code);
        let aimed = sea_orm::sea_query::Query::select()
            .column(project_region::Column::ProjectId)
            .from(project_region::Entity)
            .cond_where(
                sea_orm::Condition::any()
                    .add(project_region::Column::RegionCode.starts_with(prefix))
                    .add(project_region::Column::RegionCode.is_in([
                        crate::domain::region::province_of(code),
                        crate::domain::region::city_of(code),
                    ])),
            )
            .to_owned();
        q = q.filter(
            sea_orm::Condition::any()
                .add(project::Column::Id.in_subquery(aimed))
                .add(project::Column::ApproverRegion.starts_with(prefix)),
        );
    }
    let projects = q.all(db).await?;
    Ok(Some(project_table(db, projects, year).await?))
}

/// An institution's own projects of the year (its 统计分析).
pub async fn own_projects(
    db: &impl ConnectionTrait,
    institution: i64,
    year: i32,
) -> AppResult<Table> {
    let projects = project::Entity::find()
        .filter(project::Column::Year.eq(year))
        .filter(project::Column::InstitutionId.eq(institution))
        .filter(project::Column::Status.eq("approved"))
        .all(db)
        .await?;
    let t = project_table(db, projects, year).await?;
    let bars = t.rows.clone();
    Ok(Table {
        row_label: t.row_label,
        total: Vec::new(),
        columns: t.columns,
        rows: bars,
        bar_label: "录取人次".into(),
        bar_is_rate: false,
        composition: Vec::new(),
        more: None,
    })
}

/// Projects with their classes' figures, the largest first.
async fn project_table(
    db: &impl ConnectionTrait,
    projects: Vec<project::Model>,
    year: i32,
) -> AppResult<SubTable> {
    let classes = stat_class::Entity::find()
        .filter(stat_class::Column::ProjectId.is_in(projects.iter().map(|p| p.id)))
        .all(db)
        .await?;
    let seats = seats_of(db, classes.iter().map(|c| c.class_id)).await?;
    let mut by: HashMap<i64, ClassSums> = HashMap::new();
    for c in &classes {
        by.entry(c.project_id)
            .or_default()
            .add(c, seats.get(&c.class_id).copied().unwrap_or(0));
    }
    let mut rows: Vec<(&project::Model, ClassSums)> = projects
        .iter()
        .map(|p| (p, by.remove(&p.id).unwrap_or_default()))
        .collect();
    rows.sort_by(|a, b| b.1.admitted.cmp(&a.1.admitted).then(a.0.id.cmp(&b.0.id)));
    rows.truncate(MAX_PROJECTS);
    Ok(SubTable {
        title: format!("{year} 年项目"),
        row_label: "项目".into(),
        columns: [
            "级别",
            "班级数",
            "计划名额",
            "录取人次",
            "满额率",
            "报到率",
            "合格率",
            "评教均分",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|(p, a)| StatRow {
                name: p.name.clone(),
                cells: vec![
                    p.level.clone(),
                    a.classes.to_string(),
                    a.seats.to_string(),
                    a.admitted.to_string(),
                    percent_text(share(a.admitted, a.seats)),
                    percent_text(share(a.checked_in, a.admitted)),
                    percent_text(share(a.passed, a.admitted)),
                    rating_text(a.rating_sum, a.rating_count),
                ],
                bar: a.admitted,
                unit: None,
                list: Some(format!("/projects/{}", p.id)),
            })
            .collect(),
    })
}

/// Classes' figures summed (per project, per institution, in all).
#[derive(Default)]
struct ClassSums {
    projects: std::collections::HashSet<i64>,
    classes: i64,
    seats: i64,
    admitted: i64,
    checked_in: i64,
    passed: i64,
    rating_sum: i64,
    rating_count: i64,
}

impl ClassSums {
    fn add(&mut self, c: &stat_class::Model, seats: i64) {
        self.projects.insert(c.project_id);
        self.classes += 1;
        self.seats += seats;
        self.admitted += c.admitted;
        self.checked_in += c.checked_in;
        self.passed += c.passed;
        self.rating_sum += c.rating_sum;
        self.rating_count += c.rating_count;
    }

    fn merge(&mut self, o: &ClassSums) {
        self.projects.extend(o.projects.iter().copied());
        self.classes += o.classes;
        self.seats += o.seats;
        self.admitted += o.admitted;
        self.checked_in += o.checked_in;
        self.passed += o.passed;
        self.rating_sum += o.rating_sum;
        self.rating_count += o.rating_count;
    }
}

/// The seats (planned and extra) of each class.
async fn seats_of(
    db: &impl ConnectionTrait,
    classes: impl Iterator<Item = i64>,
) -> AppResult<HashMap<i64, i64>> {
    Ok(project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(classes.collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, i64::from(c.capacity + c.extra_capacity)))
        .collect())
}
