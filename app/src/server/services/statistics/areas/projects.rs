//! The year's projects with their classes' figures: 培训统计's second table, and an
//! institution's own page.

use super::*;
use crate::domain::project_flow::ProjectStatus;

/// How many projects 培训统计 lists, the largest first.
const MAX_PROJECTS: usize = 200;

/// 培训统计's projects of the year for a region: those aimed at it, at a region above it or
/// at a part of it, or approved inside it, with their classes' fill, check-in and pass rates and evaluation.
pub(super) async fn of_region(
    db: &impl ConnectionTrait,
    unit: &StatUnit,
    year: i32,
) -> AppResult<Option<SubTable>> {
    let StatUnit::Region(code) = unit else {
        return Ok(None);
    };
    let mut q = project::Entity::find()
        .filter(project::Column::Year.eq(year))
        .filter(project::Column::Status.eq(ProjectStatus::Approved));
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
        .filter(project::Column::Status.eq(ProjectStatus::Approved))
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
        trend: None,
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
                cells: [
                    p.level.clone(),
                    a.classes.to_string(),
                    a.seats.to_string(),
                    a.admitted.to_string(),
                    percent_text(share(a.admitted, a.seats)),
                ]
                .into_iter()
                .chain(a.rates())
                .collect(),
                bar: a.admitted,
                unit: None,
                list: Some(format!("/projects/{}", p.id)),
            })
            .collect(),
    })
}
