//! 培训统计: enrolments by measure per child unit, by level, and the year's projects.

use super::*;

pub async fn table(db: &impl ConnectionTrait, unit: &StatUnit, year: i32) -> AppResult<Table> {
    let (rows, all) = sums_by_row(db, unit, read::TRAINING, year).await?;
    let cells = |s: &Sums| -> Vec<String> {
        let m = |x: Measure| read::sum_suffix(s, x.as_str());
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
                bar: read::sum_suffix(s, Measure::Admitted.as_str()),
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
        more: projects::of_region(db, unit, year).await?,
        trend: Some(trend(db, unit, year).await?),
    })
}

/// How many years 培训统计's line covers, ending with the year shown.
const TREND_YEARS: i32 = 10;

/// The unit's teachers trained (参训人数) in each of the ten years up to `year`.
async fn trend(db: &impl ConnectionTrait, unit: &StatUnit, year: i32) -> AppResult<YearLine> {
    let points = read::over_periods(
        db,
        read::TRAINING,
        PARTICIPANTS,
        unit,
        year - TREND_YEARS + 1..=year,
    )
    .await?;
    Ok(YearLine {
        label: "参训人数".into(),
        svg: super::super::chart::line(&points)?,
        points,
    })
}
