//! Credit cycles and the credit table (DOMAIN.md §6): a province configures 5-year cycles with
//! a cycle total, a yearly minimum and per-category minimums (yearly and over the cycle); the
//! teacher's 我的学分 shows category × year as done/required with a colour state, and says in
//! plain words what is still missing. Credits are kept in tenths (2.5 credits = 25).

use super::project::{CREDIT_CATEGORIES, format_credits};
use serde::{Deserialize, Serialize};

/// What one credit category asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRule {
    pub category: String,
    /// Tenths of a credit each year of the cycle.
    pub yearly: u32,
    /// Tenths over the whole cycle.
    pub cycle: u32,
}

/// A 5-year cycle and its rules, as the province sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRule {
    /// "十五五".
    pub name: String,
    pub first_year: i32,
    pub last_year: i32,
    /// Tenths over the cycle, all categories together.
    pub total: u32,
    /// Tenths each year, all categories together.
    pub yearly_total: u32,
    pub categories: Vec<CategoryRule>,
}

impl CycleRule {
    /// The Guangxi rule on this platform's categories: 120 credits per cycle, 70 from training
    /// (公共必修 20, 专业选修 30, 自主选修 20) and 50 from school-based research; at least 16
    /// a year, 10 of them school-based.
    pub fn default_for(name: &str, first_year: i32) -> Self {
        let rule = |category: &str, yearly: u32, cycle: u32| CategoryRule {
            category: category.into(),
            yearly,
            cycle,
        };
        Self {
            name: name.into(),
            first_year,
            last_year: first_year + 4,
            total: 1200,
            yearly_total: 160,
            categories: vec![
                rule("公共必修", 0, 200),
                rule("专业选修", 0, 300),
                rule("自主选修", 0, 200),
                rule("校本研修", 100, 500),
            ],
        }
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + use<> {
        self.first_year..=self.last_year
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year)
    }

    /// What is wrong with the rule, for the province's form.
    pub fn check(&self) -> Result<(), CycleRuleError> {
        if self.name.trim().is_empty() {
            return Err(CycleRuleError::NameMissing);
        }
        if self.last_year < self.first_year || self.last_year - self.first_year > 9 {
            return Err(CycleRuleError::Years);
        }
        for c in &self.categories {
            if !CREDIT_CATEGORIES.contains(&c.category.as_str()) {
                return Err(CycleRuleError::UnknownCategory(c.category.clone()));
            }
            let years = (self.last_year - self.first_year + 1) as u32;
            if c.yearly * years > c.cycle && c.cycle > 0 {
                return Err(CycleRuleError::YearlyOverCycle {
                    category: c.category.clone(),
                    yearly_sum: c.yearly * years,
                    cycle: c.cycle,
                });
            }
        }
        let per_category: u32 = self.categories.iter().map(|c| c.cycle).sum();
        if per_category > self.total {
            return Err(CycleRuleError::CategoriesOverTotal {
                categories: per_category,
                total: self.total,
            });
        }
        Ok(())
    }
}

/// What is wrong with a cycle's rule (text: `error::text`). Credits in tenths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleRuleError {
    NameMissing,
    /// The years run backwards or span more than ten.
    Years,
    UnknownCategory(String),
    YearlyOverCycle {
        category: String,
        yearly_sum: u32,
        cycle: u32,
    },
    CategoriesOverTotal {
        categories: u32,
        total: u32,
    },
}

/// The colour state of a cell of the credit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellState {
    Done,
    InProgress,
    Missing,
    NotRequired,
    NotStarted,
}

impl CellState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "已完成",
            Self::InProgress => "学习中",
            Self::Missing => "未完成",
            Self::NotRequired => "无考核要求",
            Self::NotStarted => "未开始",
        }
    }

    pub fn tone(self) -> &'static str {
        match self {
            Self::Done => "green",
            Self::InProgress => "blue",
            Self::Missing => "red",
            Self::NotRequired => "grey",
            Self::NotStarted => "grey",
        }
    }
}

/// The state of a cell for `year`, seen in `this_year`: a future year has not started, the
/// current one is still in progress until met, a past one is missing what it lacks.
pub fn cell_state(year: i32, this_year: i32, done: u32, required: u32) -> CellState {
    if required == 0 {
        return if done > 0 {
            CellState::Done
        } else {
            CellState::NotRequired
        };
    }
    if done >= required {
        CellState::Done
    } else if year > this_year {
        CellState::NotStarted
    } else if year == this_year {
        CellState::InProgress
    } else {
        CellState::Missing
    }
}

/// One cell: tenths done and required, and its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub done: u32,
    pub required: u32,
    pub state: CellState,
}

impl Cell {
    /// "3.5/10".
    pub fn text(&self) -> String {
        format!(
            "{}/{}",
            format_credits(self.done),
            format_credits(self.required)
        )
    }
}

/// The credit table of one teacher in one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditTable {
    pub years: Vec<i32>,
    /// (category, a cell per year, the cycle cell).
    pub rows: Vec<(String, Vec<Cell>, Cell)>,
    /// All categories: a cell per year and the cycle cell.
    pub totals: (Vec<Cell>, Cell),
    /// What is still missing, in plain words; empty when the cycle is met.
    pub missing: Vec<String>,
}

/// Builds the table from the credits earned: (year, category, tenths), any order.
pub fn table(rule: &CycleRule, this_year: i32, earned: &[(i32, String, u32)]) -> CreditTable {
    let years: Vec<i32> = rule.years().collect();
    let sum = |year: Option<i32>, category: Option<&str>| -> u32 {
        earned
            .iter()
            .filter(|(y, c, _)| {
                rule.contains(*y) && year.is_none_or(|w| w == *y) && category.is_none_or(|k| k == c)
            })
            .map(|(_, _, t)| *t)
            .sum()
    };
    // A cycle cell is in progress while the cycle runs, missing once it is over, not started
    // before it begins.
    let cycle_year = this_year.clamp(rule.first_year, rule.last_year);
    let cell = |year: i32, done: u32, required: u32| Cell {
        done,
        required,
        state: cell_state(year, this_year, done, required),
    };
    let mut cycle_missing = Vec::new();
    let rows = rule
        .categories
        .iter()
        .map(|c| {
            let cells = years
                .iter()
                .map(|&y| cell(y, sum(Some(y), Some(&c.category)), c.yearly))
                .collect();
            let done = sum(None, Some(&c.category));
            if done < c.cycle {
                cycle_missing.push(format!(
                    "本周期{}还差 {} 学分",
                    c.category,
                    format_credits(c.cycle - done)
                ));
            }
            (c.category.clone(), cells, cell(cycle_year, done, c.cycle))
        })
        .collect();
    let year_cells: Vec<Cell> = years
        .iter()
        .map(|&y| cell(y, sum(Some(y), None), rule.yearly_total))
        .collect();
    // This year's shortfalls first: they are the ones still to be made up soonest.
    let mut missing = Vec::new();
    if rule.contains(this_year) {
        let short = |done: u32, required: u32| (done < required).then(|| required - done);
        if let Some(n) = short(sum(Some(this_year), None), rule.yearly_total) {
            missing.push(format!("{this_year} 年还差 {} 学分", format_credits(n)));
        }
        for c in &rule.categories {
            if let Some(n) = short(sum(Some(this_year), Some(&c.category)), c.yearly) {
                missing.push(format!(
                    "{this_year} 年{}还差 {} 学分",
                    c.category,
                    format_credits(n)
                ));
            }
        }
    }
    missing.extend(cycle_missing);
    let total = sum(None, None);
    if total < rule.total {
        missing.push(format!(
            "本周期共还差 {} 学分",
            format_credits(rule.total - total)
        ));
    }
    CreditTable {
        years,
        rows,
        totals: (year_cells, cell(cycle_year, total, rule.total)),
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn earned(list: &[(i32, &str, u32)]) -> Vec<(i32, String, u32)> {
        list.iter()
            .map(|(y, c, t)| (*y, c.to_string(), *t))
            .collect()
    }

    #[test]
    fn the_default_rule_is_the_guangxi_one_and_holds_together() {
        let r = CycleRule::default_for("十五五", 2026);
        assert_eq!(
            r.years().collect::<Vec<_>>(),
            [2026, 2027, 2028, 2029, 2030]
        );
        assert_eq!((r.total, r.yearly_total), (1200, 160));
        assert_eq!(r.check(), Ok(()));
        let mut bad = r.clone();
        bad.categories[3].cycle = 40;
        assert!(matches!(
            bad.check(),
            Err(CycleRuleError::YearlyOverCycle { cycle: 40, .. })
        ));
        let mut bad = r;
        bad.total = 1000;
        let e = bad.check().unwrap_err();
        assert!(matches!(
            e,
            CycleRuleError::CategoriesOverTotal { total: 1000, .. }
        ));
        assert!(e.to_string().contains("超过周期总要求（100）"), "{e}");
    }

    #[test]
    fn cells_take_the_colour_of_their_state() {
        assert_eq!(cell_state(2026, 2026, 100, 100), CellState::Done);
        assert_eq!(cell_state(2026, 2026, 40, 100), CellState::InProgress);
        assert_eq!(cell_state(2025, 2026, 40, 100), CellState::Missing);
        assert_eq!(cell_state(2027, 2026, 0, 100), CellState::NotStarted);
        assert_eq!(cell_state(2027, 2026, 0, 0), CellState::NotRequired);
        assert_eq!(cell_state(2025, 2026, 30, 0), CellState::Done);
    }

    #[test]
    fn the_table_adds_up_and_says_what_is_missing() {
        let rule = CycleRule::default_for("十五五", 2026);
        let t = table(
            &rule,
            2027,
            &earned(&[
                (2026, "校本研修", 100),
                (2026, "公共必修", 200),
                (2027, "校本研修", 40),
                (2027, "专业选修", 100),
                // Outside the cycle: not counted.
                (2025, "专业选修", 300),
            ]),
        );
        let school = &t.rows[3];
        assert_eq!(school.0, "校本研修");
        assert_eq!(school.1[0].text(), "10/10");
        assert_eq!(school.1[0].state, CellState::Done);
        assert_eq!(school.1[1].state, CellState::InProgress);
        assert_eq!(school.1[2].state, CellState::NotStarted);
        assert_eq!(school.2.text(), "14/50");
        assert_eq!(t.totals.0[0].text(), "30/16");
        assert_eq!(t.totals.1.text(), "44/120");
        assert_eq!(t.totals.1.state, CellState::InProgress);
        assert_eq!(
            t.missing,
            [
                "2027 年还差 2 学分",
                "2027 年校本研修还差 6 学分",
                "本周期专业选修还差 20 学分",
                "本周期自主选修还差 20 学分",
                "本周期校本研修还差 36 学分",
                "本周期共还差 76 学分",
            ]
        );
    }

    #[test]
    fn a_met_cycle_misses_nothing() {
        let rule = CycleRule::default_for("十五五", 2026);
        let mut all = Vec::new();
        for y in 2026..=2030 {
            all.push((y, "校本研修".to_string(), 100));
            all.push((y, "专业选修".to_string(), 60));
            all.push((y, "公共必修".to_string(), 40));
            all.push((y, "自主选修".to_string(), 40));
        }
        let t = table(&rule, 2030, &all);
        assert!(t.missing.is_empty(), "{:?}", t.missing);
        assert_eq!(t.totals.1.state, CellState::Done);
    }
}
