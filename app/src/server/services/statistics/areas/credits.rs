//! 学分统计: credit compliance per child unit, by category; rows open 学分预警.

use super::*;
use crate::error::Broken;

pub async fn table(db: &impl ConnectionTrait, unit: &StatUnit) -> AppResult<Table> {
    let Some((cycle_id, ref_year, _)) = current_cycle(db).await? else {
        return Err(AppError::from(Broken::NoCycleSet));
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
        trend: None,
    })
}
