//! The county's part of a directive project (指令性项目, Hebei): picking participants within the
//! quota the project gives the county, and reading the participant list a county imports from
//! Excel (姓名, 身份证号, 任教学段, 任教学科), checked against the teacher records.

use super::code_lists::STAGES;
use super::sheet::MissingHeaders;
use crate::dto::teacher_import::CellIssue;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The columns of the participant list, in template order.
pub const LIST_HEADERS: [&str; 4] = ["姓名", "身份证号", "任教学段", "任教学科"];

/// Why participants do not fit the county's quota (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaRefused {
    /// The project gives the county no places.
    NoQuota,
    Over {
        quota: u32,
        used: u32,
    },
}

/// Whether `adding` more participants fit the county's quota, given `used` already picked.
pub fn fits_quota(quota: u32, used: u32, adding: u32) -> Result<(), QuotaRefused> {
    if quota == 0 {
        return Err(QuotaRefused::NoQuota);
    }
    if used + adding > quota {
        return Err(QuotaRefused::Over { quota, used });
    }
    Ok(())
}

/// Where each column of the list sits in the sheet's header row, or the headers missing.
pub fn list_positions(headers: &[String]) -> Result<[usize; 4], MissingHeaders> {
    super::sheet::positions(headers, &LIST_HEADERS)
}

/// One participant as the list names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub id_number: String,
    pub stage: String,
    pub subject: String,
}

/// A row of the list, or what is wrong with it, each under its column.
pub fn read_listed(row: &[String], at: &[usize; 4]) -> Result<Listed, Vec<CellIssue>> {
    let cell = |i: usize| row.get(at[i]).map(|s| s.trim()).unwrap_or("").to_string();
    let (name, id, stage, subject) = (cell(0), cell(1), cell(2), cell(3));
    let mut issues = Vec::new();
    let id_number = super::sheet::person(&name, id, &mut issues);
    if !STAGES.contains(&stage.as_str()) {
        issues.push(CellIssue::new(
            "任教学段",
            format!("“{stage}”不是学段，可填：{}", STAGES.join("、")),
        ));
    }
    if subject.is_empty() {
        issues.push(CellIssue::new("任教学科", "请填写任教学科"));
    }
    if issues.is_empty() {
        Ok(Listed {
            name,
            id_number,
            stage,
            subject,
        })
    } else {
        Err(issues)
    }
}

/// How a listed participant differs from the teacher record found under their ID number.
pub fn differs_from_record(l: &Listed, name: &str, stage: &str, subject: &str) -> Vec<CellIssue> {
    let mut issues = Vec::new();
    for (column, listed, recorded) in [
        ("姓名", &l.name, name),
        ("任教学段", &l.stage, stage),
        ("任教学科", &l.subject, subject),
    ] {
        if listed != recorded {
            issues.push(CellIssue::new(
                column,
                format!("与教师档案不符（档案为“{recorded}”）"),
            ));
        }
    }
    issues
}

/// For each row (line, ID number), the issue of a number listed twice in the file, pointing to
/// the first line it appeared on.
pub fn repeated_ids(rows: &[(u32, &str)]) -> HashMap<u32, CellIssue> {
    let mut first: HashMap<&str, u32> = HashMap::new();
    let mut out = HashMap::new();
    for &(line, id) in rows {
        match first.get(id) {
            Some(&at) => {
                out.insert(
                    line,
                    CellIssue::new("身份证号", format!("与第 {at} 行重复")),
                );
            }
            None => {
                first.insert(id, line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_quota_is_never_passed() {
        assert_eq!(fits_quota(3, 1, 2), Ok(()));
        let over = fits_quota(3, 2, 2).unwrap_err();
        assert_eq!(over, QuotaRefused::Over { quota: 3, used: 2 });
        assert_eq!(
            over.to_string(),
            "超出名额：本县（区）名额 3 人，已选 2 人，还可选 1 人"
        );
        assert_eq!(fits_quota(0, 0, 1), Err(QuotaRefused::NoQuota));
    }

    #[test]
    fn headers_are_found_in_any_order_and_missing_ones_named() {
        let at = list_positions(&row(&[
            "任教学科",
            "姓名*",
            " 身份证号 ",
            "任教学段",
            "备注",
        ]));
        assert_eq!(at, Ok([1, 2, 3, 0]));
        let err = list_positions(&row(&["姓名", "学科"])).unwrap_err();
        assert_eq!(err.missing, ["身份证号", "任教学段", "任教学科"]);
        assert_eq!(
            err.to_string(),
            "表头缺少：身份证号、任教学段、任教学科（须有 姓名、身份证号、任教学段、任教学科）"
        );
    }

    #[test]
    fn rows_are_read_with_every_problem_under_its_column() {
        let at = [0, 1, 2, 3];
        let ok = read_listed(&row(&["郑老师", "11010519491231002x", "小学", "数学"]), &at);
        assert_eq!(ok.unwrap().id_number, "11010519491231002X");
        let bad = read_listed(&row(&["", "110105194912310021", "大学", ""]), &at).unwrap_err();
        let columns: Vec<&str> = bad.iter().map(|i| i.column.as_str()).collect();
        assert_eq!(columns, ["姓名", "身份证号", "任教学段", "任教学科"]);
        assert_eq!(bad[1].message, "身份证号校验位不正确，请核对");
    }

    #[test]
    fn a_row_must_match_the_teacher_record() {
        let l = Listed {
            name: "郑老师".into(),
            id_number: "11010519491231002X".into(),
            stage: "小学".into(),
            subject: "语文".into(),
        };
        assert!(differs_from_record(&l, "郑老师", "小学", "语文").is_empty());
        let d = differs_from_record(&l, "郑老师", "小学", "数学");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].column, "任教学科");
        assert_eq!(d[0].message, "与教师档案不符（档案为“数学”）");
    }

    #[test]
    fn a_number_listed_twice_points_to_its_first_line() {
        let r = repeated_ids(&[(2, "A"), (3, "B"), (4, "A")]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[&4].message, "与第 2 行重复");
    }
}
