//! Training years and their enrolment windows (一轮报名, 二轮补报), set by the province admin.

use super::teacher::parse_date;
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A training year as typed in its form; dates are `YYYY-MM-DD`, round 2 may be left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearDraft {
    pub year: String,
    pub round1_opens: String,
    pub round1_closes: String,
    pub round2_opens: String,
    pub round2_closes: String,
    /// The year new projects default to and teachers see first.
    pub current: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Round {
    One,
    Two,
}

impl Round {
    pub fn label(self) -> &'static str {
        match self {
            Self::One => "一轮报名",
            Self::Two => "二轮补报",
        }
    }
}

/// The windows of one year, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub round1: (NaiveDate, NaiveDate),
    pub round2: Option<(NaiveDate, NaiveDate)>,
}

impl Windows {
    /// The round open on `day`, if any.
    pub fn round_on(&self, day: NaiveDate) -> Option<Round> {
        let inside = |(a, b): (NaiveDate, NaiveDate)| a <= day && day <= b;
        if inside(self.round1) {
            Some(Round::One)
        } else if self.round2.is_some_and(inside) {
            Some(Round::Two)
        } else {
            None
        }
    }
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks the form and returns the parsed year and windows.
pub fn parse(d: &YearDraft) -> Result<(i32, Windows), Vec<FieldError>> {
    let mut errs = Vec::new();
    let year = d
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errs.push(err("year", "年度应为 2000–2100 的年份"));
    }
    let r1o = parse_date(&d.round1_opens);
    let r1c = parse_date(&d.round1_closes);
    if r1o.is_none() {
        errs.push(err("round1_opens", "请填写一轮报名开始日期"));
    }
    if r1c.is_none() {
        errs.push(err("round1_closes", "请填写一轮报名截止日期"));
    }
    if let (Some(a), Some(b)) = (r1o, r1c)
        && b < a
    {
        errs.push(err("round1_closes", "截止日期早于开始日期"));
    }
    let blank2 = d.round2_opens.trim().is_empty() && d.round2_closes.trim().is_empty();
    let mut round2 = None;
    if !blank2 {
        match (parse_date(&d.round2_opens), parse_date(&d.round2_closes)) {
            (Some(a), Some(b)) if b < a => {
                errs.push(err("round2_closes", "截止日期早于开始日期"));
            }
            (Some(a), Some(b)) => {
                if r1c.is_some_and(|c| a <= c) {
                    errs.push(err("round2_opens", "二轮补报应在一轮报名截止之后开始"));
                }
                round2 = Some((a, b));
            }
            (None, _) => errs.push(err("round2_opens", "请填写二轮补报开始日期，或两项都留空")),
            (_, None) => errs.push(err("round2_closes", "请填写二轮补报截止日期，或两项都留空")),
        }
    }
    match (year, r1o, r1c) {
        (Some(y), Some(a), Some(b)) if errs.is_empty() => Ok((
            y,
            Windows {
                round1: (a, b),
                round2,
            },
        )),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(r1: (&str, &str), r2: (&str, &str)) -> YearDraft {
        YearDraft {
            year: "2026".into(),
            round1_opens: r1.0.into(),
            round1_closes: r1.1.into(),
            round2_opens: r2.0.into(),
            round2_closes: r2.1.into(),
            current: true,
        }
    }

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn the_open_round_follows_the_calendar() {
        let (_, w) = parse(&draft(
            ("2026-03-01", "2026-03-15"),
            ("2026-04-01", "2026-04-07"),
        ))
        .unwrap();
        assert_eq!(w.round_on(day("2026-02-28")), None);
        assert_eq!(w.round_on(day("2026-03-01")), Some(Round::One));
        assert_eq!(w.round_on(day("2026-03-15")), Some(Round::One));
        assert_eq!(w.round_on(day("2026-03-20")), None);
        assert_eq!(w.round_on(day("2026-04-07")), Some(Round::Two));
        assert_eq!(w.round_on(day("2026-04-08")), None);
    }

    #[test]
    fn bad_windows_are_named() {
        let fields = |d: YearDraft| -> Vec<String> {
            parse(&d)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(draft(("2026-03-15", "2026-03-01"), ("", ""))),
            ["round1_closes"]
        );
        assert_eq!(
            fields(draft(
                ("2026-03-01", "2026-03-15"),
                ("2026-03-10", "2026-04-01")
            )),
            ["round2_opens"]
        );
        assert_eq!(
            fields(draft(("2026-03-01", "2026-03-15"), ("2026-04-01", ""))),
            ["round2_closes"]
        );
        let mut d = draft(("", "2026-03-15"), ("", ""));
        d.year = "26".into();
        assert_eq!(fields(d), ["year", "round1_opens"]);
        assert!(parse(&draft(("2026-03-01", "2026-03-15"), ("", ""))).is_ok());
    }
}
