//! Evaluation (评教, DOMAIN.md §4–§5): within 10 days after a class ends the teacher rates it
//! on the province's questions (1–5 each) with an optional comment. While a finished class can
//! still be evaluated and is not, the teacher cannot enrol in another one.

use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days after the last day of a class during which it can be evaluated.
pub const WINDOW_DAYS: i64 = 10;
pub const MAX_COMMENT_CHARS: usize = 500;
pub const MAX_ITEMS: usize = 12;

/// The questions a province starts with.
pub fn default_items() -> Vec<String> {
    [
        "培训内容切合教学实际",
        "专家授课水平",
        "培训方式与互动",
        "组织管理与服务",
        "总体满意度",
    ]
    .map(String::from)
    .to_vec()
}

/// Whether a class that ended on `ends_on` can be evaluated on `today`.
pub fn open_on(ends_on: NaiveDate, today: NaiveDate) -> bool {
    today > ends_on && today <= ends_on + chrono::Duration::days(WINDOW_DAYS)
}

/// The last day to evaluate.
pub fn last_day(ends_on: NaiveDate) -> NaiveDate {
    ends_on + chrono::Duration::days(WINDOW_DAYS)
}

/// A teacher's answers: one rating per question (0 = not answered yet), and the comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub ratings: Vec<u8>,
    pub comment: String,
}

/// Every problem, under "rating-<i>" or "comment".
pub fn check_answers(items: &[String], a: &Answers) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, q) in items.iter().enumerate() {
        if !(1..=5).contains(&a.ratings.get(i).copied().unwrap_or(0)) {
            errs.push(FieldError {
                field: format!("rating-{i}"),
                message: format!("请为“{q}”打分（1–5 星）"),
            });
        }
    }
    if a.comment.trim().chars().count() > MAX_COMMENT_CHARS {
        errs.push(FieldError {
            field: "comment".into(),
            message: format!("意见建议不超过 {MAX_COMMENT_CHARS} 字"),
        });
    }
    errs
}

/// What is wrong with the province's questions as typed (text: `error::text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemsTyping {
    None,
    TooMany,
    /// This question is over 30 characters.
    TooLong(String),
}

/// The longest question.
pub const MAX_ITEM_CHARS: usize = 30;

/// The province's questions as typed, one per line; blank lines dropped.
pub fn read_items(text: &str) -> Result<Vec<String>, ItemsTyping> {
    let items: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if items.is_empty() {
        return Err(ItemsTyping::None);
    }
    if items.len() > MAX_ITEMS {
        return Err(ItemsTyping::TooMany);
    }
    if let Some(long) = items.iter().find(|i| i.chars().count() > MAX_ITEM_CHARS) {
        return Err(ItemsTyping::TooLong(long.clone()));
    }
    Ok(items)
}

/// The average of each question over the answers, in tenths (4.3 = 43), and how many answered.
pub fn averages(count_items: usize, answers: &[Vec<u8>]) -> (Vec<u32>, u32) {
    let n = answers.len() as u32;
    let avgs = (0..count_items)
        .map(|i| {
            let sum: u32 = answers
                .iter()
                .map(|a| u32::from(a.get(i).copied().unwrap_or(0)))
                .sum();
            (sum * 10 + n / 2).checked_div(n).unwrap_or(0)
        })
        .collect();
    (avgs, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_class_is_evaluated_in_the_ten_days_after_it_ends() {
        let end = d("2026-07-05");
        assert!(!open_on(end, d("2026-07-05")), "not on its last day");
        assert!(open_on(end, d("2026-07-06")));
        assert!(open_on(end, d("2026-07-15")));
        assert!(!open_on(end, d("2026-07-16")));
        assert_eq!(last_day(end), d("2026-07-15"));
    }

    #[test]
    fn every_question_needs_one_to_five_stars() {
        let items = default_items();
        let mut a = Answers {
            ratings: vec![5, 4, 0, 6],
            comment: String::new(),
        };
        let fields: Vec<String> = check_answers(&items, &a)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["rating-2", "rating-3", "rating-4"]);
        a.ratings = vec![5, 4, 3, 4, 5];
        assert!(check_answers(&items, &a).is_empty());
        a.comment = "好".repeat(501);
        assert_eq!(check_answers(&items, &a)[0].field, "comment");
    }

    #[test]
    fn averages_round_to_a_tenth() {
        let (avg, n) = averages(2, &[vec![5, 4], vec![4, 4], vec![4, 3]]);
        assert_eq!((avg, n), (vec![43, 37], 3));
        assert_eq!(averages(1, &[]), (vec![0], 0));
    }

    #[test]
    fn the_province_types_one_question_per_line() {
        assert_eq!(read_items(" 内容 \n\n 讲师 ").unwrap(), ["内容", "讲师"]);
        assert_eq!(read_items("\n"), Err(ItemsTyping::None));
        let long = "长".repeat(31);
        assert_eq!(read_items(&long), Err(ItemsTyping::TooLong(long.clone())));
    }
}
