//! 教师统计: the in-post teachers' composition by one dimension, per child unit.

use super::*;

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

pub async fn table(
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
        trend: None,
    })
}
