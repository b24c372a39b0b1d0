//! Teacher import, the write (DOMAIN.md §9): the rows `import::check` accepted go in one
//! transaction, new records in multi-row inserts, updates one by one with their history.

use super::bulk::{self, BATCH};
use super::history;
use super::import::{Checked, Progress, Row};
use super::record::{changed_models, edit_entry};
use crate::domain::teacher_import::may_commit;
use crate::dto::teacher_import::{ImportMode, ImportOutcome, OnExisting, RowKind};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::school;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::collections::HashMap;

/// Writes the accepted rows in one transaction; any database error leaves nothing behind.
pub async fn commit(
    db: &DatabaseConnection,
    actor: &Actor,
    checked: &Checked,
    mode: ImportMode,
    on_existing: OnExisting,
    progress: Progress<'_>,
) -> AppResult<ImportOutcome> {
    let invalid = checked.count(RowKind::Invalid);
    let total = checked.rows.len() as u32;
    may_commit(mode, invalid, total - invalid)?;
    let new: Vec<&Row> = checked
        .rows
        .iter()
        .filter(|r| r.kind() == RowKind::New)
        .collect();
    let updates: Vec<&Row> = checked
        .rows
        .iter()
        .filter(|r| r.kind() == RowKind::Update)
        .collect();
    let mut outcome = ImportOutcome {
        total,
        rejected: invalid,
        unchanged: checked.count(RowKind::Unchanged),
        ..Default::default()
    };
    let work = (new.len() + updates.len()) as u32;
    let txn = db.begin().await?;
    for chunk in new.chunks(BATCH) {
        insert_batch(&txn, actor, &checked.schools, chunk).await?;
        outcome.created += chunk.len() as u32;
        progress(outcome.created, work);
    }
    match on_existing {
        OnExisting::Skip => outcome.skipped = updates.len() as u32,
        OnExisting::Update => {
            for row in &updates {
                if let Some((rec, changed)) = &row.existing {
                    let (u, t) = changed_models(rec, &row.fields, changed)?;
                    u.update(&txn).await?;
                    t.update(&txn).await?;
                    let e = edit_entry("import", "导入更新", &rec.fields(), &row.fields, changed);
                    history::add(&txn, rec.teacher.id, Some(actor), e).await?;
                }
                outcome.updated += 1;
                if outcome.updated.is_multiple_of(100) {
                    progress(outcome.created + outcome.updated, work);
                }
            }
        }
    }
    txn.commit().await?;
    progress(work, work);
    Ok(outcome)
}

/// Up to BATCH new rows: accounts, records, 师训号, roles and history in a few statements.
async fn insert_batch(
    db: &impl ConnectionTrait,
    actor: &Actor,
    schools: &HashMap<i64, school::Model>,
    rows: &[&Row],
) -> AppResult<()> {
    let mut records = Vec::with_capacity(rows.len());
    for r in rows {
        let school = r
            .school_id
            .and_then(|s| schools.get(&s))
            .ok_or(AppError::Internal)?;
        records.push((&r.fields, school));
    }
    bulk::insert(db, Some(actor), ("import", "批量导入建档"), &records).await
}
