//! The province's form for a credit cycle (DOMAIN.md §6): text as typed, read into a
//! `CycleRule` with each problem under its field.

use super::credits::{CategoryRule, CycleRule};
use super::project::{CREDIT_CATEGORIES, format_credits, parse_credits};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CycleDraft {
    pub name: String,
    pub first_year: String,
    pub last_year: String,
    /// Credits, "120".
    pub total: String,
    pub yearly_total: String,
    /// (yearly, cycle) per category, in `CREDIT_CATEGORIES` order.
    pub categories: Vec<(String, String)>,
}

impl CycleDraft {
    pub fn of(r: &CycleRule) -> Self {
        Self {
            name: r.name.clone(),
            first_year: r.first_year.to_string(),
            last_year: r.last_year.to_string(),
            total: format_credits(r.total),
            yearly_total: format_credits(r.yearly_total),
            categories: CREDIT_CATEGORIES
                .iter()
                .map(|c| {
                    r.categories
                        .iter()
                        .find(|x| x.category == *c)
                        .map(|x| (format_credits(x.yearly), format_credits(x.cycle)))
                        .unwrap_or_else(|| ("0".into(), "0".into()))
                })
                .collect(),
        }
    }
}

/// The rule, or every problem: fields "name", "first_year", "last_year", "total",
/// "yearly_total", "cat-<i>-yearly", "cat-<i>-cycle", and "rule" for what the fields
/// together break.
pub fn read_cycle(d: &CycleDraft) -> Result<CycleRule, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut push = |field: String, message: String| errs.push(FieldError { field, message });
    let name = d.name.trim();
    if name.is_empty() || name.chars().count() > 20 {
        push(
            "name".into(),
            "请填写周期名称（不超过 20 字），如“十五五”".into(),
        );
    }
    let year = |s: &str| {
        s.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
    };
    let first = year(&d.first_year);
    let last = year(&d.last_year);
    if first.is_none() {
        push("first_year".into(), "请填写起始年份，如 2026".into());
    }
    match (first, last) {
        (_, None) => push("last_year".into(), "请填写结束年份，如 2030".into()),
        (Some(f), Some(l)) if l < f || l - f > 9 => push(
            "last_year".into(),
            "结束年份须不早于起始年份，且周期不超过 10 年".into(),
        ),
        _ => {}
    }
    let credits = |s: &str| parse_credits(s).filter(|v| *v <= 10_000);
    let total = credits(&d.total);
    if total.is_none() {
        push("total".into(), "请填写周期总学分（最多一位小数）".into());
    }
    let yearly_total = credits(&d.yearly_total);
    if yearly_total.is_none() {
        push(
            "yearly_total".into(),
            "请填写每年最低学分（最多一位小数）".into(),
        );
    }
    let mut categories = Vec::new();
    for (i, c) in CREDIT_CATEGORIES.iter().enumerate() {
        let (y, cy) = d.categories.get(i).cloned().unwrap_or_default();
        let yearly = credits(if y.trim().is_empty() { "0" } else { &y });
        let cycle = credits(if cy.trim().is_empty() { "0" } else { &cy });
        if yearly.is_none() {
            push(format!("cat-{i}-yearly"), format!("{c}：每年要求须为数字"));
        }
        if cycle.is_none() {
            push(format!("cat-{i}-cycle"), format!("{c}：周期要求须为数字"));
        }
        if let (Some(yearly), Some(cycle)) = (yearly, cycle) {
            categories.push(CategoryRule {
                category: (*c).into(),
                yearly,
                cycle,
            });
        }
    }
    let (Some(first), Some(last), Some(total), Some(yearly_total)) =
        (first, last, total, yearly_total)
    else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let rule = CycleRule {
        name: name.into(),
        first_year: first,
        last_year: last,
        total,
        yearly_total,
        categories,
    };
    rule.check().map_err(|e| {
        vec![FieldError {
            field: "rule".into(),
            message: e.to_string(),
        }]
    })?;
    Ok(rule)
}

/// Whether two cycles share a year: a year belongs to one cycle only.
pub fn overlaps(a: &CycleRule, b: &CycleRule) -> bool {
    a.first_year <= b.last_year && b.first_year <= a.last_year
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_round_trips_through_the_form() {
        let r = CycleRule::default_for("十五五", 2026);
        assert_eq!(read_cycle(&CycleDraft::of(&r)), Ok(r));
    }

    #[test]
    fn each_problem_is_under_its_field() {
        let mut d = CycleDraft::of(&CycleRule::default_for("十五五", 2026));
        d.name = " ".into();
        d.last_year = "2024".into();
        d.categories[3].0 = "十".into();
        let fields: Vec<String> = read_cycle(&d)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "last_year", "cat-3-yearly"]);
        // Fields right, together wrong: the categories ask more than the cycle.
        let mut d = CycleDraft::of(&CycleRule::default_for("十五五", 2026));
        d.total = "100".into();
        let e = read_cycle(&d).unwrap_err();
        assert_eq!(e[0].field, "rule");
        assert!(e[0].message.contains("超过周期总要求"));
    }

    #[test]
    fn cycles_may_not_share_a_year() {
        let a = CycleRule::default_for("十四五", 2021);
        let b = CycleRule::default_for("十五五", 2026);
        assert!(!overlaps(&a, &b));
        assert!(overlaps(&a, &CycleRule::default_for("错", 2025)));
    }
}
