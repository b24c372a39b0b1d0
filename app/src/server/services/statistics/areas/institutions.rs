//! 机构统计 (province and city): each authorised institution's classes of the year.

use super::*;
use crate::error::Broken;
use crate::server::services::names;

pub async fn table(db: &impl ConnectionTrait, unit: &StatUnit, year: i32) -> AppResult<Table> {
    let region = match unit {
        StatUnit::Region(code)
            if matches!(
                level_of(code),
                Some(RegionLevel::Province | RegionLevel::City)
            ) =>
        {
            code.clone()
        }
        _ => return Err(AppError::from(Broken::InstitutionStatsAbove)),
    };
    // The institutions authorised in the region, above it or in part of it.
    let mut authorised: HashMap<i64, bool> = HashMap::new();
    for r in institution_region::Entity::find().all(db).await? {
        if covers(&r.region_code, &region) || covers(&region, &r.region_code) {
            authorised.insert(r.institution_id, true);
        }
    }
    let names = names::institutions(db, authorised.keys().copied()).await?;
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
        let mut c = vec![
            a.projects.len().to_string(),
            a.classes.to_string(),
            a.seats.to_string(),
            a.admitted.to_string(),
        ];
        c.extend(a.rates());
        c
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
        trend: None,
    })
}
