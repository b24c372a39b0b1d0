//! Teacher import over HTTP, as the page drives it (upload → poll → commit → poll), on SQLite
//! and PostgreSQL: new records, idempotent re-import, every bad cell named, scope, rollback,
//! and the malformed files admins really upload.

use crate::helpers::*;
use app::domain::id_card::make_id_number;
use app::domain::sheet::{IMPORT_COLUMNS, SAMPLE_ROW};
use app::dto::teacher_import::{ImportOutcome, ImportPhase, ImportStatus, RowKind};
use app::error::AppError;
use app::server::entities::{teacher, teacher_history, user};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Duration;

/// A valid ID number born in 1990, numbered `n`.
fn id(n: u16) -> String {
    make_id_number(
        "130102",
        NaiveDate::from_ymd_opt(1990, 1, 1 + (n / 900) as u32).unwrap(),
        n % 900 + 1,
    )
}

/// A template row (sample values) for this person.
fn row(name: &str, id_number: &str, school: &str) -> Vec<String> {
    let mut r: Vec<String> = SAMPLE_ROW.iter().map(|s| s.to_string()).collect();
    let set = |r: &mut Vec<String>, key: &str, v: &str| {
        let i = IMPORT_COLUMNS.iter().position(|c| c.key == key).unwrap();
        r[i] = v.to_string();
    };
    set(&mut r, "name", name);
    set(&mut r, "id_number", id_number);
    set(&mut r, "school", school);
    set(&mut r, "hire_date", "2013-09-01");
    set(&mut r, "phone", "");
    r
}

/// 12 → "一二": names may hold no digits.
fn chinese_number(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            "零一二三四五六七八九"
                .chars()
                .nth(c as usize - '0' as usize)
                .unwrap()
        })
        .collect()
}

async fn school_name(app: &TestApp, id: i64) -> String {
    app::server::entities::school::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name
}

fn set(r: &mut [String], key: &str, v: &str) {
    let i = IMPORT_COLUMNS.iter().position(|c| c.key == key).unwrap();
    r[i] = v.to_string();
}

fn headers() -> Vec<String> {
    IMPORT_COLUMNS
        .iter()
        .map(|c| format!("{}*", c.header))
        .collect()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in headers().iter().enumerate() {
        ws.write_string(0, i as u16, h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv_gbk(rows: &[Vec<String>]) -> Vec<u8> {
    let mut text = headers().join(",");
    for r in rows {
        text.push('\n');
        text.push_str(&r.join(","));
    }
    encoding_rs::GB18030.encode(&text).0.into_owned()
}

async fn upload(c: &Client, name: &str, bytes: Vec<u8>) -> Result<ImportStatus, AppError> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.call_multipart::<api::teacher_import::UploadTeachers>(form)
        .await
}

/// Polls until the job stops working, as the page does.
async fn settle(c: &Client, job: &str) -> ImportStatus {
    for _ in 0..600 {
        let s: ImportStatus = c
            .call::<api::teacher_import::GetImportStatus>(&[("job", job.to_string())])
            .await
            .unwrap();
        if !s.phase.busy() {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import job {job} did not settle");
}

async fn check(c: &Client, name: &str, bytes: Vec<u8>) -> ImportStatus {
    let s = upload(c, name, bytes).await.unwrap();
    settle(c, &s.job).await
}

async fn commit(
    c: &Client,
    job: &str,
    mode: &str,
    existing: &str,
) -> Result<ImportStatus, AppError> {
    let s: ImportStatus = c
        .call::<api::teacher_import::CommitImport>(&[
            ("job", job.to_string()),
            ("mode", mode.to_string()),
            ("on_existing", existing.to_string()),
        ])
        .await?;
    Ok(settle(c, &s.job).await)
}

fn outcome(s: &ImportStatus) -> ImportOutcome {
    assert_eq!(s.phase, ImportPhase::Done, "{:?}", s.error);
    s.outcome.clone().unwrap()
}

async fn teachers_with(app: &TestApp, ids: &[String]) -> u64 {
    user::Entity::find()
        .filter(user::Column::IdNumber.is_in(ids.iter().cloned()))
        .inner_join(teacher::Entity)
        .count(&app.db)
        .await
        .unwrap()
}

mod files;
mod rows;
