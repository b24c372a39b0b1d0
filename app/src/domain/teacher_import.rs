//! The rules of a teacher import that need no database: a template row read into a record with
//! every problem under its column, duplicates inside the file, and when a commit may proceed.

use super::sheet::{IMPORT_COLUMNS, parse_yes_no};
use super::teacher::{TeacherFields, validate};
use crate::dto::teacher_import::{CellIssue, ImportMode};
use std::collections::HashMap;

/// The template header of a field key ("id_number" → 身份证号).
pub fn header_of(key: &str) -> &'static str {
    IMPORT_COLUMNS
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.header)
        .unwrap_or("")
}

pub fn issue(key: &str, message: impl Into<String>) -> CellIssue {
    CellIssue::new(header_of(key), message)
}

/// A sheet row's cells in template order, by the header positions `sheet::match_headers` found.
pub fn arrange(row: &[String], positions: &[Option<usize>]) -> Vec<String> {
    positions
        .iter()
        .map(|p| {
            p.and_then(|i| row.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// A row in template order as a record, the school's full name as written, and what the shared
/// field rules find wrong with it.
pub fn read_row(cells: &[String]) -> (TeacherFields, String, Vec<CellIssue>) {
    let get = |key: &str| {
        IMPORT_COLUMNS
            .iter()
            .position(|c| c.key == key)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut issues = Vec::new();
    let mut yes_no = |key: &str| {
        let v = get(key);
        parse_yes_no(&v).unwrap_or_else(|| {
            issues.push(issue(key, format!("“{v}”应填“是”或“否”")));
            false
        })
    };
    let (publicly_funded, special_post) = (yes_no("publicly_funded"), yes_no("special_post"));
    let fields = TeacherFields {
        name: get("name"),
        id_number: get("id_number"),
        qualification_number: get("qualification_number"),
        ethnicity: get("ethnicity"),
        political_status: get("political_status"),
        stage: get("stage"),
        subject: get("subject"),
        initial_education: get("initial_education"),
        highest_education: get("highest_education"),
        title: get("title"),
        post: get("post"),
        hire_date: get("hire_date"),
        publicly_funded,
        special_post,
        phone: get("phone"),
        email: get("email"),
    }
    .normalized();
    issues.extend(
        validate(&fields)
            .into_iter()
            .map(|e| issue(&e.field, e.message)),
    );
    (fields, get("school"), issues)
}

/// For each row (line, ID number, phone), the duplicates inside the file: every occurrence of a
/// repeated ID number or phone is marked, naming the other lines, so the admin decides which
/// one is right instead of the first silently winning.
pub fn duplicates(rows: &[(u32, &str, &str)]) -> Vec<Vec<CellIssue>> {
    let mut out = vec![Vec::new(); rows.len()];
    for key in ["id_number", "phone"] {
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let v = if key == "id_number" { r.1 } else { r.2 };
            if !v.is_empty() {
                seen.entry(v).or_default().push(i);
            }
        }
        for idx in seen.values().filter(|v| v.len() > 1) {
            for &i in idx {
                let others: Vec<String> = idx
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| rows[j].0.to_string())
                    .collect();
                out[i].push(issue(key, format!("与第 {} 行重复", others.join("、"))));
            }
        }
    }
    out
}

/// Why a checked file may not be committed in the mode asked (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CommitRefused {
    /// All or nothing, and this many rows are wrong.
    RowsInvalid(u32),
    NoValidRow,
}

/// Whether a checked file may be committed in this mode.
pub fn may_commit(mode: ImportMode, invalid: u32, valid: u32) -> Result<(), CommitRefused> {
    match mode {
        ImportMode::AllOrNothing if invalid > 0 => Err(CommitRefused::RowsInvalid(invalid)),
        ImportMode::ValidOnly if valid == 0 => Err(CommitRefused::NoValidRow),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sheet::{SAMPLE_ROW, match_headers};

    fn sample() -> Vec<String> {
        SAMPLE_ROW.iter().map(|s| s.to_string()).collect()
    }

    fn at(key: &str) -> usize {
        IMPORT_COLUMNS.iter().position(|c| c.key == key).unwrap()
    }

    #[test]
    fn the_sample_row_reads_clean_and_whole() {
        let (f, school, issues) = read_row(&sample());
        assert_eq!(issues, vec![]);
        assert_eq!(f.name, "张晓燕");
        assert_eq!(f.hire_date, "1972-09-01");
        assert!(!f.special_post);
        assert_eq!(school, "");
    }

    #[test]
    fn each_bad_cell_is_named_under_its_header() {
        let mut row = sample();
        row[at("id_number")] = "110105194912310021".into(); // wrong check digit
        row[at("subject")] = "物理".into(); // not a 小学 subject
        row[at("special_post")] = "也许".into();
        let (_, _, issues) = read_row(&row);
        let columns: Vec<&str> = issues.iter().map(|i| i.column.as_str()).collect();
        assert!(columns.contains(&"身份证号"), "{issues:?}");
        assert!(columns.contains(&"特岗教师"));
        assert!(
            issues
                .iter()
                .any(|i| i.column == "任教学科" && i.message.contains("小学")),
            "{issues:?}"
        );
        assert_eq!(issues.len(), 3);
    }

    #[test]
    fn an_x_in_lower_case_and_stray_spaces_are_normalised() {
        let mut row = sample();
        row[at("id_number")] = " 11010519491231002x ".into();
        let (f, _, issues) = read_row(&row);
        assert_eq!(issues, vec![]);
        assert_eq!(f.id_number, "11010519491231002X");
    }

    #[test]
    fn columns_in_another_order_are_arranged_into_template_order() {
        let headers: Vec<String> = IMPORT_COLUMNS
            .iter()
            .rev()
            .map(|c| c.header.to_string())
            .collect();
        let pos = match_headers(&headers).unwrap();
        let reversed: Vec<String> = sample().into_iter().rev().collect();
        assert_eq!(arrange(&reversed, &pos), sample());
        // A short row (trailing empty cells dropped by the reader) reads as empty cells.
        assert_eq!(arrange(&[], &pos).len(), IMPORT_COLUMNS.len());
    }

    #[test]
    fn every_occurrence_of_a_duplicate_is_marked_with_the_other_lines() {
        let rows = [
            (2, "A", "139"),
            (3, "B", ""),
            (4, "A", ""),
            (5, "C", "139"),
            (6, "A", ""),
        ];
        let d = duplicates(&rows);
        assert_eq!(d[0].len(), 2); // ID and phone
        assert_eq!(d[0][0].message, "与第 4、6 行重复");
        assert_eq!(d[1], vec![]);
        assert_eq!(d[2][0].message, "与第 2、6 行重复");
        assert_eq!(d[3][0].column, "手机号");
    }

    #[test]
    fn all_or_nothing_refuses_a_file_with_errors() {
        assert_eq!(
            may_commit(ImportMode::AllOrNothing, 1, 99),
            Err(CommitRefused::RowsInvalid(1))
        );
        assert!(may_commit(ImportMode::AllOrNothing, 0, 99).is_ok());
        assert!(may_commit(ImportMode::ValidOnly, 3, 97).is_ok());
        assert_eq!(
            may_commit(ImportMode::ValidOnly, 3, 0),
            Err(CommitRefused::NoValidRow)
        );
        // A re-import where every row is unchanged commits as a no-op.
        assert!(may_commit(ImportMode::AllOrNothing, 0, 0).is_ok());
    }
}
