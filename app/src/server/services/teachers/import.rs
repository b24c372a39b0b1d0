//! Teacher import (DOMAIN.md §9): every row of an upload is checked against the shared rules and
//! the database (school by full name inside the admin's scope, existing ID numbers, phones in
//! use), shown as a preview, then written in one transaction: new records in multi-row
//! inserts, updates one by one with their history.

use super::Located;
use super::bulk::BATCH;
use super::list::{Keeps, ListScope};
use crate::domain::id_card::IdNumber;
use crate::domain::sheet::{IMPORT_COLUMNS, match_headers};
use crate::domain::teacher::{TeacherFields, label_of, may_edit};
use crate::domain::teacher_import::{arrange, duplicates, issue, read_row};
use crate::domain::transfer::{Place, manages};
use crate::dto::teacher_import::{CellIssue, ImportPreview, PreviewRow, RowKind};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{school, teacher, user};
use crate::server::services::org::region_condition;
use crate::server::services::spreadsheet::Sheet;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Rows listed in a preview: every invalid row up to this many, then a sample of the rest.
const PREVIEW_INVALID: usize = 1000;
const PREVIEW_OTHERS: usize = 200;

/// A checked row.
pub struct Row {
    pub line: u32,
    /// In template order, as written.
    pub cells: Vec<String>,
    pub fields: TeacherFields,
    pub school_id: Option<i64>,
    pub(super) existing: Option<(Located, Vec<&'static str>)>,
    pub issues: Vec<CellIssue>,
}

impl Row {
    pub fn kind(&self) -> RowKind {
        match &self.existing {
            _ if !self.issues.is_empty() => RowKind::Invalid,
            Some((_, changed)) if changed.is_empty() => RowKind::Unchanged,
            Some(_) => RowKind::Update,
            None => RowKind::New,
        }
    }
}

/// An upload, checked: what the preview shows and the commit writes.
pub struct Checked {
    pub rows: Vec<Row>,
    pub(super) schools: HashMap<i64, school::Model>,
}

impl Checked {
    pub fn count(&self, kind: RowKind) -> u32 {
        self.rows.iter().filter(|r| r.kind() == kind).count() as u32
    }
}

/// Calls back with (rows done, rows in all) as the work goes.
pub type Progress<'a> = &'a (dyn Fn(u32, u32) + Send + Sync);

fn header_error(missing: &[&str]) -> AppError {
    AppError::from(Broken::HeadersMissing {
        missing: missing.join("、"),
    })
}

/// Reads the sheet's rows into checked rows: field rules, duplicates in the file, schools,
/// existing records and phones in use.
pub async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    sheet: Sheet,
    progress: Progress<'_>,
) -> AppResult<Checked> {
    let scope = crate::server::auth::policy::proof::list_scope(actor)?;
    let positions = match_headers(sheet.header()?).map_err(|m| header_error(&m))?;
    let mut rows: Vec<Row> = sheet
        .filled_rows()
        .map(|r| {
            let cells = arrange(r.cells, &positions);
            let (fields, _, mut issues) = read_row(&cells);
            issues.extend(r.overlong);
            Row {
                line: r.line,
                cells,
                fields,
                school_id: None,
                existing: None,
                issues,
            }
        })
        .collect();
    if rows.is_empty() {
        return Err(AppError::from(Broken::OnlyHeaders));
    }
    let total = rows.len() as u32;
    progress(0, total);
    let keys: Vec<(u32, &str, &str)> = rows
        .iter()
        .map(|r| (r.line, r.fields.id_number.as_str(), r.fields.phone.as_str()))
        .collect();
    let dups = duplicates(&keys);
    for (row, d) in rows.iter_mut().zip(dups) {
        row.issues.extend(d);
    }
    let schools = resolve_schools(db, &scope, &mut rows).await?;
    progress(total / 4, total);
    find_existing(db, actor, &schools, &mut rows, progress).await?;
    check_contacts(db, &mut rows).await?;
    progress(total, total);
    Ok(Checked { rows, schools })
}

const SCHOOL: usize = 2;

/// 学校全称 → a school inside the scope. A school admin may leave it empty (its own school).
async fn resolve_schools(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    rows: &mut [Row],
) -> AppResult<HashMap<i64, school::Model>> {
    debug_assert_eq!(IMPORT_COLUMNS[SCHOOL].key, "school");
    let mut by_name: HashMap<String, Vec<school::Model>> = HashMap::new();
    match scope.keeps() {
        Keeps::School(id) => {
            let own = school::Entity::find_by_id(*id)
                .one(db)
                .await?
                .ok_or(AppError::Forbidden)?;
            by_name.insert(String::new(), vec![own.clone()]);
            by_name.insert(own.name.clone(), vec![own]);
        }
        Keeps::Region(code) => {
            let mut names: Vec<String> = rows
                .iter()
                .map(|r| r.cells[SCHOOL].clone())
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            for chunk in names.chunks(BATCH) {
                let found = school::Entity::find()
                    .filter(school::Column::Name.is_in(chunk.iter().cloned()))
                    .filter(region_condition(
                        code,
                        school::Column::ProvinceCode,
                        school::Column::CityCode,
                        school::Column::CountyCode,
                    ))
                    .all(db)
                    .await?;
                for s in found {
                    by_name.entry(s.name.clone()).or_default().push(s);
                }
            }
        }
    }
    let own_name = match scope.keeps() {
        Keeps::School(_) => by_name.get("").map(|v| v[0].name.clone()),
        Keeps::Region(_) => None,
    };
    let mut schools = HashMap::new();
    for row in rows.iter_mut() {
        let name = &row.cells[SCHOOL];
        match by_name.get(name.as_str()).map(Vec::as_slice) {
            Some([s]) if s.disabled => row
                .issues
                .push(issue("school", format!("学校“{name}”已停用"))),
            Some([s]) => {
                row.school_id = Some(s.id);
                schools.entry(s.id).or_insert_with(|| s.clone());
            }
            Some(_) => row.issues.push(issue(
                "school",
                format!("有多所学校名为“{name}”，请联系上级管理员"),
            )),
            None if name.is_empty() => row.issues.push(issue("school", "请填写学校全称")),
            None => row.issues.push(issue(
                "school",
                match &own_name {
                    Some(own) => format!("只能导入本校（{own}）的教师，学校全称请留空或填写本校"),
                    None => format!("学校“{name}”不存在或不在您的管辖范围内，请填写全称"),
                },
            )),
        }
    }
    Ok(schools)
}

/// Rows whose ID number already has an account: an update of a record the admin keeps, or a
/// refusal (another unit's teacher is taken by 调入, never duplicated or overwritten here).
async fn find_existing(
    db: &impl ConnectionTrait,
    actor: &Actor,
    schools: &HashMap<i64, school::Model>,
    rows: &mut [Row],
    progress: Progress<'_>,
) -> AppResult<()> {
    let total = rows.len() as u32;
    let ids: Vec<String> = rows
        .iter()
        .filter(|r| IdNumber::parse(&r.fields.id_number).is_ok())
        .map(|r| r.fields.id_number.clone())
        .collect();
    let mut found: HashMap<String, (user::Model, Option<teacher::Model>)> = HashMap::new();
    for (n, chunk) in ids.chunks(BATCH).enumerate() {
        let hits = user::Entity::find()
            .filter(user::Column::IdNumber.is_in(chunk.iter().cloned()))
            .find_also_related(teacher::Entity)
            .all(db)
            .await?;
        for (u, t) in hits {
            if let Some(id) = u.id_number.clone() {
                found.insert(id, (u, t));
            }
        }
        let done = ((n + 1) * BATCH).min(ids.len()) as u32;
        progress(total / 4 + done / 2, total);
    }
    for row in rows.iter_mut() {
        let Some((u, t)) = found.remove(&row.fields.id_number) else {
            continue;
        };
        let Some(t) = t else {
            row.issues.push(issue(
                "id_number",
                "该身份证号已注册为管理账号，不能再建教师档案，请联系上级管理员",
            ));
            continue;
        };
        let rec = Located {
            teacher: t,
            user: u,
        };
        let place = Place {
            school_id: rec.teacher.school_id,
            county: &rec.teacher.county_code,
        };
        if !manages(actor.role, &actor.scope, place) {
            row.issues.push(issue(
                "id_number",
                "该身份证号已有档案，不在您的管理范围：请使用“调入”接收该教师",
            ));
            continue;
        }
        if row.school_id.is_some() && row.school_id != rec.teacher.school_id {
            let now = rec
                .teacher
                .school_id
                .and_then(|id| schools.get(&id).map(|s| s.name.clone()));
            row.issues.push(issue(
                "school",
                match now {
                    Some(name) => format!("该教师档案现属“{name}”，调动请使用“调出/调入”"),
                    None => "该教师档案现属其他学校或自由人，调动请使用“调出/调入”".into(),
                },
            ));
            continue;
        }
        let old = rec.fields();
        let changed = old.changed_keys(&row.fields);
        for key in changed.iter().filter(|k| !may_edit(actor.role, k)) {
            row.issues.push(issue(
                key,
                format!(
                    "{}是关键字段，只能由区县管理员修改（系统中为“{}”）",
                    label_of(key),
                    old.get(key)
                ),
            ));
        }
        row.existing = Some((rec, changed));
    }
    Ok(())
}

/// A phone or email may belong to one account only.
async fn check_contacts(db: &impl ConnectionTrait, rows: &mut [Row]) -> AppResult<()> {
    for (key, column) in [
        ("phone", user::Column::Phone),
        ("email", user::Column::Email),
    ] {
        let values: Vec<String> = rows
            .iter()
            .map(|r| r.fields.get(key))
            .filter(|v| !v.is_empty())
            .collect();
        let mut holder: HashMap<String, Option<String>> = HashMap::new();
        for chunk in values.chunks(BATCH) {
            let hits: Vec<(Option<String>, Option<String>)> = user::Entity::find()
                .select_only()
                .column(column)
                .column(user::Column::IdNumber)
                .filter(column.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(db)
                .await?;
            for (v, id) in hits {
                if let Some(v) = v {
                    holder.insert(v, id);
                }
            }
        }
        for row in rows.iter_mut() {
            let v = row.fields.get(key);
            if let Some(id) = holder.get(&v)
                && id.as_deref() != Some(row.fields.id_number.as_str())
            {
                row.issues
                    .push(issue(key, format!("该{}已被其他账号使用", label_of(key))));
            }
        }
    }
    Ok(())
}

/// What the page shows: the counts, every invalid row (up to a limit), then a sample.
pub fn preview(checked: &Checked) -> ImportPreview {
    let show = |r: &Row| PreviewRow {
        line: r.line,
        kind: r.kind(),
        cells: r.cells.clone(),
        issues: r.issues.clone(),
        changes: r
            .existing
            .as_ref()
            .map(|(_, c)| c.iter().map(|k| label_of(k).to_string()).collect())
            .unwrap_or_default(),
    };
    let mut rows: Vec<PreviewRow> = Vec::new();
    for (kind, limit) in [
        (RowKind::Invalid, PREVIEW_INVALID),
        (RowKind::Update, PREVIEW_OTHERS),
        (RowKind::New, PREVIEW_OTHERS),
        (RowKind::Unchanged, PREVIEW_OTHERS),
    ] {
        rows.extend(
            checked
                .rows
                .iter()
                .filter(|r| r.kind() == kind)
                .take(limit)
                .map(show),
        );
    }
    let total = checked.rows.len() as u32;
    ImportPreview {
        total,
        new: checked.count(RowKind::New),
        update: checked.count(RowKind::Update),
        unchanged: checked.count(RowKind::Unchanged),
        invalid: checked.count(RowKind::Invalid),
        omitted: total - rows.len() as u32,
        rows,
    }
}
