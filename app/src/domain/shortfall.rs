//! Who is short of credits (DOMAIN.md §6): the admin's list of the teachers of their scope who
//! miss this year's minimum (in all, or in a category with a yearly minimum) or are behind the
//! cycle's pace. The database applies the thresholds here; the page reads the labels here.

use super::credits::CycleRule;
use super::project::format_credits;
use serde::{Deserialize, Serialize};

/// Which shortfall a list asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShortKind {
    /// Either of the two.
    #[default]
    Any,
    /// This year's minimum, in all or in a category.
    Year,
    /// Behind the cycle's pace (in its last year: short of the cycle total).
    Cycle,
}

impl ShortKind {
    pub const ALL: [ShortKind; 3] = [Self::Any, Self::Year, Self::Cycle];

    pub fn label(self) -> &'static str {
        match self {
            Self::Any => "全部未达标",
            Self::Year => "本年度未达标",
            Self::Cycle => "周期进度落后",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Year => "year",
            Self::Cycle => "cycle",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.key() == s)
            .unwrap_or_default()
    }
}

/// What a teacher on the list is short of: the warning tags (学分预警) beside the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shortfall {
    /// This year's minimum, in all or in a category.
    Year,
    /// Behind the cycle's pace.
    Pace,
    /// In the cycle's last year: the cycle's total will not be met.
    CycleTotal,
}

impl Shortfall {
    pub fn label(self) -> &'static str {
        match self {
            Self::Year => "本年度未达标",
            Self::Pace => "周期进度落后",
            Self::CycleTotal => "周期未修满",
        }
    }

    /// This year can still be made up; the cycle's shortfalls are the graver.
    pub fn tone(self) -> &'static str {
        match self {
            Self::Year => "orange",
            Self::Pace | Self::CycleTotal => "red",
        }
    }
}

/// The credits (tenths) a teacher should hold by now to stay on pace: the cycle total pro rata
/// over the years already over, and all of it from the cycle's last year on.
pub fn pace_required(rule: &CycleRule, this_year: i32) -> u32 {
    let years = (rule.last_year - rule.first_year + 1).max(1) as u32;
    if this_year >= rule.last_year {
        rule.total
    } else if this_year <= rule.first_year {
        0
    } else {
        rule.total * (this_year - rule.first_year) as u32 / years
    }
}

/// One teacher's standing as the list computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub year_done: u32,
    pub year_required: u32,
    /// (category, done this year, its yearly minimum) for the categories with one.
    pub categories: Vec<(String, u32, u32)>,
    pub cycle_done: u32,
    pub cycle_required: u32,
    pub pace_required: u32,
}

impl Standing {
    pub fn year_short(&self) -> bool {
        self.year_done < self.year_required
            || self.categories.iter().any(|(_, done, req)| done < req)
    }

    pub fn behind(&self) -> bool {
        self.cycle_done < self.pace_required
    }

    pub fn matches(&self, kind: ShortKind) -> bool {
        match kind {
            ShortKind::Any => self.year_short() || self.behind(),
            ShortKind::Year => self.year_short(),
            ShortKind::Cycle => self.behind(),
        }
    }

    /// The tags a row shows: "本年度未达标", "周期进度落后" / "周期未修满".
    pub fn tags(&self, rule: &CycleRule, this_year: i32) -> Vec<Shortfall> {
        let mut out = Vec::new();
        if self.year_short() {
            out.push(Shortfall::Year);
        }
        if self.behind() {
            out.push(if this_year >= rule.last_year {
                Shortfall::CycleTotal
            } else {
                Shortfall::Pace
            });
        }
        out
    }

    /// "3.5/16".
    pub fn year_text(&self) -> String {
        format!(
            "{}/{}",
            format_credits(self.year_done),
            format_credits(self.year_required)
        )
    }

    pub fn cycle_text(&self) -> String {
        format!(
            "{}/{}",
            format_credits(self.cycle_done),
            format_credits(self.cycle_required)
        )
    }
}

/// The year a cycle's standings are read at: this year, or the cycle's first year before it
/// begins and its last after it ends.
pub fn reference_year(rule: &CycleRule, this_year: i32) -> i32 {
    this_year.clamp(rule.first_year, rule.last_year)
}

impl Standing {
    /// A teacher's standing in `year` of the cycle from their approved ledger lines
    /// (year, category, tenths); lines outside the cycle are not counted.
    pub fn from_lines(rule: &CycleRule, year: i32, lines: &[(i32, &str, u32)]) -> Self {
        let in_cycle = || lines.iter().filter(|(y, _, _)| rule.contains(*y));
        let done_in = |cat: Option<&str>| -> u32 {
            in_cycle()
                .filter(|(y, c, _)| *y == year && cat.is_none_or(|want| want == *c))
                .map(|(_, _, t)| t)
                .sum()
        };
        Standing {
            year_done: done_in(None),
            year_required: rule.yearly_total,
            categories: rule
                .categories
                .iter()
                .filter(|c| c.yearly > 0)
                .map(|c| (c.category.clone(), done_in(Some(&c.category)), c.yearly))
                .collect(),
            cycle_done: in_cycle().map(|(_, _, t)| t).sum(),
            cycle_required: rule.total,
            pace_required: pace_required(rule, year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(
        year: u32,
        school_based: u32,
        cycle: u32,
        rule: &CycleRule,
        this_year: i32,
    ) -> Standing {
        Standing {
            year_done: year,
            year_required: rule.yearly_total,
            categories: vec![("校本研修".into(), school_based, 100)],
            cycle_done: cycle,
            cycle_required: rule.total,
            pace_required: pace_required(rule, this_year),
        }
    }

    #[test]
    fn the_pace_is_the_cycle_pro_rata_over_the_years_already_over() {
        let r = CycleRule::default_for("十五五", 2026);
        let table = [
            (2025, 0),
            (2026, 0),
            (2027, 240),
            (2028, 480),
            (2029, 720),
            (2030, 1200),
            (2031, 1200),
        ];
        for (year, want) in table {
            assert_eq!(pace_required(&r, year), want, "{year}");
        }
    }

    #[test]
    fn a_teacher_is_short_of_the_year_in_all_or_in_a_category_and_behind_by_pace() {
        let r = CycleRule::default_for("十五五", 2026);
        // 2028: 48 credits due by pace, 16 this year of which 10 school-based.
        let table = [
            // year, school-based this year, cycle → (year short, behind, tags)
            (160, 100, 480, false, false, vec![]),
            (160, 90, 480, true, false, vec![Shortfall::Year]),
            (150, 100, 640, true, false, vec![Shortfall::Year]),
            (200, 120, 470, false, true, vec![Shortfall::Pace]),
            (0, 0, 0, true, true, vec![Shortfall::Year, Shortfall::Pace]),
        ];
        for (year, sb, cycle, short, behind, tags) in table {
            let s = standing(year, sb, cycle, &r, 2028);
            assert_eq!((s.year_short(), s.behind()), (short, behind), "{s:?}");
            assert_eq!(s.tags(&r, 2028), tags);
            assert_eq!(s.matches(ShortKind::Any), short || behind);
            assert_eq!(s.matches(ShortKind::Year), short);
            assert_eq!(s.matches(ShortKind::Cycle), behind);
        }
        // In the cycle's last year, behind means the cycle will not be met.
        let s = standing(160, 100, 1100, &r, 2030);
        assert_eq!(s.tags(&r, 2030), [Shortfall::CycleTotal]);
        assert_eq!(Shortfall::CycleTotal.label(), "周期未修满");
        assert_eq!(
            (s.year_text(), s.cycle_text()),
            ("16/16".into(), "110/120".into())
        );
    }

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for k in ShortKind::ALL {
            assert_eq!(ShortKind::parse(k.key()), k);
        }
        assert_eq!(ShortKind::parse("?"), ShortKind::Any);
    }

    #[test]
    fn a_standing_sums_the_cycle_and_the_year_by_category() {
        let rule = CycleRule::default_for("十五五", 2026);
        let lines = [
            (2026, "校本研修", 60),
            (2026, "专业选修", 50),
            (2027, "校本研修", 100),
            (2027, "公共必修", 60),
            (2031, "公共必修", 500),
        ];
        let s = Standing::from_lines(&rule, 2027, &lines);
        assert_eq!(s.year_done, 160);
        assert_eq!(s.cycle_done, 270);
        assert_eq!(s.pace_required, pace_required(&rule, 2027));
        let school_based = s.categories.iter().find(|c| c.0 == "校本研修");
        assert_eq!(school_based.map(|c| (c.1, c.2)), Some((100, 100)));
        assert!(!s.year_short(), "16 of 16 credits, 10 school-based: {s:?}");
        let earlier = Standing::from_lines(&rule, 2026, &lines);
        assert!(earlier.year_short());
        assert_eq!(reference_year(&rule, 2040), rule.last_year);
        assert_eq!(reference_year(&rule, 2020), rule.first_year);
    }
}
