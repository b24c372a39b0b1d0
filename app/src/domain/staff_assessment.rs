//! The yearly results a teacher's record carries (DOMAIN.md §8): 师德考核 (ethics assessment),
//! imported by the county from Excel, and 年度考核 (annual assessment), imported by the school.
//! Both sheets have 年度, 姓名, 身份证号, 考核结果 and optionally 荣誉 / 备注; a row is checked
//! here, then against the teacher record.

use crate::dto::teacher_import::CellIssue;

/// The columns every sheet must have, in template order.
pub const HEADERS: [&str; 4] = ["年度", "姓名", "身份证号", "考核结果"];
/// The optional last column.
pub const NOTE_HEADER: &str = "荣誉或备注";
pub const MAX_NOTE_CHARS: usize = 60;

crate::stored_enum! {
    pub enum AssessmentKind {
        /// 师德考核: the county's.
        Ethics = "ethics" => "师德考核",
        /// 年度考核: the school's.
        Annual = "annual" => "年度考核",
    }
}

impl AssessmentKind {
    /// The results a sheet may give.
    pub fn results(self) -> &'static [&'static str] {
        match self {
            Self::Ethics => &["合格", "不合格"],
            Self::Annual => &["优秀", "合格", "基本合格", "不合格"],
        }
    }

    /// The colour a result shows in.
    pub fn tone(result: &str) -> &'static str {
        match result {
            "优秀" => "blue",
            "合格" => "green",
            "基本合格" => "orange",
            _ => "red",
        }
    }
}

/// One row as read from a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    pub year: i32,
    pub name: String,
    pub id_number: String,
    pub result: String,
    pub note: String,
}

/// A row, or what is wrong with it under each column. `at` is where the required columns sit,
/// `note` where the optional one does; years run from ten years back to this one.
pub fn read_row(
    kind: AssessmentKind,
    row: &[String],
    at: &[usize; 4],
    note: Option<usize>,
    this_year: i32,
) -> Result<AssessmentRow, Vec<CellIssue>> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| row.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let (year, name, id, result) = (
        cell(Some(at[0])),
        cell(Some(at[1])),
        cell(Some(at[2])),
        cell(Some(at[3])),
    );
    let note = cell(note);
    let mut issues = Vec::new();
    // A year typed as a number comes back from Excel as "2025" or "2025.0".
    let year_n = year
        .trim_end_matches(".0")
        .parse::<i32>()
        .ok()
        .filter(|y| (this_year - 9..=this_year).contains(y));
    if year_n.is_none() {
        issues.push(CellIssue::new(
            "年度",
            format!("“{year}”应为 {} 至 {this_year} 之间的年份", this_year - 9),
        ));
    }
    let id_number = super::sheet::person(&name, id, &mut issues);
    if !kind.results().contains(&result.as_str()) {
        issues.push(CellIssue::new(
            "考核结果",
            format!(
                "“{result}”不是{}结果，可填：{}",
                kind.label(),
                kind.results().join("、")
            ),
        ));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        issues.push(CellIssue::new(
            NOTE_HEADER,
            format!("不超过 {MAX_NOTE_CHARS} 字"),
        ));
    }
    match (issues.is_empty(), year_n) {
        (true, Some(year)) => Ok(AssessmentRow {
            year,
            name,
            id_number,
            result,
            note,
        }),
        _ => Err(issues),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    const AT: [usize; 4] = [0, 1, 2, 3];
    const ID: &str = "130102199206186620";

    #[test]
    fn a_good_row_reads_whatever_excel_made_of_the_year() {
        let r = read_row(
            AssessmentKind::Ethics,
            &row(&["2025.0", "郑老师", ID, "合格", "县级师德标兵"]),
            &AT,
            Some(4),
            2026,
        )
        .unwrap();
        assert_eq!(
            (r.year, r.result.as_str(), r.note.as_str()),
            (2025, "合格", "县级师德标兵")
        );
        let r = read_row(
            AssessmentKind::Annual,
            &row(&["2026", "郑老师", ID, "优秀"]),
            &AT,
            None,
            2026,
        )
        .unwrap();
        assert_eq!(r.note, "");
    }

    #[test]
    fn each_bad_cell_is_named_with_what_it_may_hold() {
        let e = read_row(
            AssessmentKind::Ethics,
            &row(&["2015", "", "130102199206186621", "优秀"]),
            &AT,
            None,
            2026,
        )
        .unwrap_err();
        let columns: Vec<&str> = e.iter().map(|i| i.column.as_str()).collect();
        assert_eq!(columns, ["年度", "姓名", "身份证号", "考核结果"]);
        assert_eq!(e[0].message, "“2015”应为 2017 至 2026 之间的年份");
        assert_eq!(e[3].message, "“优秀”不是师德考核结果，可填：合格、不合格");
        let e = read_row(
            AssessmentKind::Annual,
            &row(&["2026", "郑老师", ID, "良好"]),
            &AT,
            None,
            2026,
        )
        .unwrap_err();
        assert_eq!(
            e[0].message,
            "“良好”不是年度考核结果，可填：优秀、合格、基本合格、不合格"
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in AssessmentKind::ALL {
            assert_eq!(AssessmentKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AssessmentKind::parse("x"), None);
    }
}
