//! Entering scores: from the grid (all or nothing, every bad cell named) or from an Excel
//! sheet (good rows saved, each bad row reported with its line and column), and the sheet's
//! template with the class's roster filled in.

use super::outcome::record;
use super::{scheme_of, stored_scores};
use crate::domain::assessment::{Scheme, read_score};
use crate::domain::mask::mask_id_number;
use crate::dto::directive::ListRowIssue;
use crate::dto::results::{ScoreReport, ScoresInput};
use crate::dto::teacher_import::CellIssue;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::{Graded, graded_class};
use crate::server::entities::{enrolment, user};
use crate::server::services::names;
use crate::server::services::roster::enrolled;
use crate::server::services::spreadsheet;
use crate::server::services::teachers::sheet::{header_format, internal};
use rust_xlsxwriter::{Format, Workbook};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// The roster of a class: enrolments by id, and the full ID number and name of each.
struct Roster {
    by_id: HashMap<i64, enrolment::Model>,
    people: HashMap<i64, (String, String)>,
}

async fn roster(db: &impl ConnectionTrait, class_id: i64) -> AppResult<Roster> {
    let list = enrolled(db, class_id).await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(list.iter().map(|e| e.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.name, u.id_number.unwrap_or_default())))
        .collect();
    Ok(Roster {
        by_id: list.into_iter().map(|e| (e.id, e)).collect(),
        people,
    })
}

impl Roster {
    fn name(&self, e: &enrolment::Model) -> String {
        self.people
            .get(&e.user_id)
            .map(|p| p.0.clone())
            .unwrap_or_else(|| format!("#{}", e.id))
    }
}

/// Saves the rows that changed; writes the ledger and certificates of new passes.
async fn apply(
    db: &impl ConnectionTrait,
    actor: &Actor,
    g: &Graded,
    scheme: &Scheme,
    rows: Vec<(&enrolment::Model, Vec<Option<u32>>)>,
    report: &mut ScoreReport,
) -> AppResult<()> {
    for (e, scores) in rows {
        if stored_scores(e) == scores || (e.scores.is_none() && scores.iter().all(Option::is_none))
        {
            continue;
        }
        if record(db, actor, g, scheme, e, &scores).await? {
            report.passed += 1;
        }
        report.saved += 1;
    }
    Ok(())
}

/// Scores typed in the grid. Every bad cell is named ("郑老师：集中学习：“61”超过满分 60") and
/// nothing is saved until all are right.
pub async fn save<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    input: &ScoresInput,
) -> AppResult<ScoreReport> {
    let txn = db.begin().await?;
    let g = graded_class(&txn, actor, input.class_id).await?;
    let scheme = scheme_of(&txn, g.p()).await?;
    let r = roster(&txn, input.class_id).await?;
    let mut errs = Vec::new();
    let mut rows = Vec::new();
    for entry in &input.rows {
        let Some(e) = r.by_id.get(&entry.enrolment_id) else {
            errs.push(FieldError {
                field: format!("row-{}", entry.enrolment_id),
                message: format!("#{}：该学员不在本班", entry.enrolment_id),
            });
            continue;
        };
        let mut scores = Vec::new();
        for (i, c) in scheme.components.iter().enumerate() {
            let text = entry.scores.get(i).map(String::as_str).unwrap_or("");
            match read_score(c, text) {
                Ok(v) => scores.push(v),
                Err(m) => errs.push(FieldError {
                    field: format!("score-{}-{i}", e.id),
                    message: format!("{}：{m}", r.name(e)),
                }),
            }
        }
        rows.push((e, scores));
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let mut report = ScoreReport {
        rows: input.rows.len() as u32,
        ..Default::default()
    };
    apply(&txn, actor, &g, &scheme, rows, &mut report).await?;
    txn.commit().await?;
    Ok(report)
}

/// Where each needed column sits: 身份证号 and every component; 姓名 is read when present.
/// The column that says whose row it is: the sheet's 报名号 (the enrolment, which names no
/// one), or for a sheet an institution made itself, the full 身份证号.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Enrolment(usize),
    IdNumber(usize),
}

impl Key {
    fn column(self) -> (&'static str, usize) {
        match self {
            Self::Enrolment(at) => (ENROLMENT_KEY, at),
            Self::IdNumber(at) => ("身份证号", at),
        }
    }
}

/// The sheet's key column: the enrolment's number, so the download carries no ID number.
const ENROLMENT_KEY: &str = "报名号";

fn positions(
    header: &[String],
    scheme: &Scheme,
) -> Result<(Key, Option<usize>, Vec<usize>), String> {
    let clean: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_end_matches('*').replace(' ', ""))
        .collect();
    let find = |name: &str| clean.iter().position(|c| c == name);
    let mut missing = Vec::new();
    let id = find(ENROLMENT_KEY)
        .map(Key::Enrolment)
        .or_else(|| find("身份证号").map(Key::IdNumber));
    if id.is_none() {
        missing.push(format!("{ENROLMENT_KEY}（或身份证号）"));
    }
    let mut cols = Vec::new();
    for c in &scheme.components {
        match find(&c.name.replace(' ', "")) {
            Some(i) => cols.push(i),
            None => missing.push(c.name.clone()),
        }
    }
    match id {
        Some(id) if missing.is_empty() => Ok((id, find("姓名"), cols)),
        _ => Err(format!(
            "表头缺少：{}（请使用本班的成绩模板）",
            missing.join("、")
        )),
    }
}

/// Scores from a sheet: good rows are saved, each bad row is reported under its column.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    checked: &Graded,
    bytes: &[u8],
) -> AppResult<ScoreReport> {
    // Who may grade the class is settled (the proof) before the file costs any parsing; the
    // check is taken again with the rows locked, in case the class moved since.
    let class_id = checked.c().id;
    let sheet = spreadsheet::read_sheet_apart(bytes.to_vec()).await?;
    let header = sheet.header()?;
    let txn = db.begin().await?;
    let g = graded_class(&txn, actor, class_id).await?;
    let scheme = scheme_of(&txn, g.p()).await?;
    let (id_col, name_col, cols) = positions(header, &scheme).map_err(AppError::BadRequest)?;
    let r = roster(&txn, class_id).await?;
    let by_key: HashMap<String, &enrolment::Model> = r
        .by_id
        .values()
        .filter_map(|e| match id_col {
            Key::Enrolment(_) => Some((e.id.to_string(), e)),
            Key::IdNumber(_) => {
                let number = &r.people.get(&e.user_id)?.1;
                Some((number.to_uppercase(), e))
            }
        })
        .collect();
    let (key_name, key_at) = id_col.column();
    let mut report = ScoreReport::default();
    let mut good = Vec::new();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for row in sheet.filled_rows() {
        report.rows += 1;
        let line = row.line;
        let cell = |at: usize| row.cell(at).trim();
        let name = name_col.map(cell).unwrap_or("").to_string();
        let issue = |column: &str, message: String| CellIssue::new(column, message);
        if let Some(issue) = row.overlong {
            report.rejected.push(ListRowIssue {
                line,
                name,
                issues: vec![issue],
            });
            continue;
        }
        let Some(e) = by_key.get(&cell(key_at).to_uppercase()).copied() else {
            report.rejected.push(ListRowIssue {
                line,
                name,
                issues: vec![issue(
                    key_name,
                    format!("“{}”不是本班已录取的学员", cell(key_at)),
                )],
            });
            continue;
        };
        if let Some(first) = seen.insert(e.id, line) {
            report.rejected.push(ListRowIssue {
                line,
                name,
                issues: vec![issue(key_name, format!("与第 {first} 行重复"))],
            });
            continue;
        }
        let mut issues = Vec::new();
        let mut scores = Vec::new();
        for (c, &at) in scheme.components.iter().zip(&cols) {
            match read_score(c, cell(at)) {
                Ok(v) => scores.push(v),
                Err(m) => issues.push(issue(&c.name, m.to_string())),
            }
        }
        if issues.is_empty() {
            good.push((e, scores));
        } else {
            report.rejected.push(ListRowIssue {
                line,
                name: r.name(e),
                issues,
            });
        }
    }
    apply(&txn, actor, &g, &scheme, good, &mut report).await?;
    txn.commit().await?;
    Ok(report)
}

/// The class's score sheet: 姓名, 报名号 (the key the import matches on), the masked 身份证号
/// to tell namesakes apart, 学校, one column per component, with the roster and any scores
/// already entered. No full ID number leaves in it.
pub async fn template(db: &impl ConnectionTrait, g: &Graded) -> AppResult<(Vec<u8>, String)> {
    let class_id = g.c().id;
    let scheme = scheme_of(db, g.p()).await?;
    let list = enrolled(db, class_id).await?;
    let r = roster(db, class_id).await?;
    let schools = names::schools(db, list.iter().filter_map(|e| e.school_id)).await?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("成绩").map_err(internal)?;
    let bold = header_format();
    let text = Format::new().set_num_format("@");
    let mut headers = vec![
        "姓名".to_string(),
        ENROLMENT_KEY.into(),
        "身份证号".into(),
        "学校".into(),
    ];
    headers.extend(scheme.components.iter().map(|c| c.name.clone()));
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, h, &bold)
            .map_err(internal)?;
        ws.set_column_width(col as u16, if col == 2 { 22 } else { 14 })
            .map_err(internal)?;
    }
    // The maxima under the header row would be read as a teacher; they go in a second sheet.
    let rules = wb.add_worksheet().set_name("考核方案").map_err(internal)?;
    rules
        .write_string_with_format(0, 0, "考核项", &bold)
        .map_err(internal)?;
    rules
        .write_string_with_format(0, 1, "满分", &bold)
        .map_err(internal)?;
    for (i, c) in scheme.components.iter().enumerate() {
        rules
            .write_string(i as u32 + 1, 0, &c.name)
            .map_err(internal)?;
        rules
            .write_number(i as u32 + 1, 1, f64::from(c.max) / 10.0)
            .map_err(internal)?;
    }
    rules
        .write_string(scheme.components.len() as u32 + 2, 0, scheme.pass_text())
        .map_err(internal)?;
    let ws = wb.worksheet_from_index(0).map_err(internal)?;
    for (row, e) in list.iter().enumerate() {
        let row = row as u32 + 1;
        let (name, number) = r.people.get(&e.user_id).cloned().unwrap_or_default();
        ws.write_string(row, 0, &name).map_err(internal)?;
        ws.write_string_with_format(row, 1, e.id.to_string(), &text)
            .map_err(internal)?;
        ws.write_string(row, 2, mask_id_number(&number))
            .map_err(internal)?;
        let school = e.school_id.and_then(|id| schools.get(&id));
        ws.write_string(row, 3, school.map_or("自由人", |s| s.as_str()))
            .map_err(internal)?;
        for (i, s) in stored_scores(e).iter().enumerate() {
            if let Some(v) = s {
                ws.write_number(row, (4 + i) as u16, f64::from(*v) / 10.0)
                    .map_err(internal)?;
            }
        }
    }
    ws.set_freeze_panes(1, 2).map_err(internal)?;
    let bytes = wb.save_to_buffer().map_err(internal)?;
    Ok((bytes, format!("{}-{}-成绩.xlsx", g.p().name, g.c().name)))
}
