//! An import as a background job: the upload request starts reading and checking and returns
//! at once; the page polls the status (phase, rows done) until the preview is ready, then asks
//! for the commit, which runs the same way. The checked rows stay on the server with the job.

use super::import::{self, Checked};
use super::sheet;
use crate::dto::teacher_import::{ImportMode, ImportPhase, ImportStatus, OnExisting, RowKind};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::services::{audit, spreadsheet};
use crate::server::state::AppState;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct ImportJob {
    status: Mutex<ImportStatus>,
    checked: Mutex<Option<Arc<Checked>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ImportJob {
    fn new(file_name: &str) -> Self {
        Self {
            status: Mutex::new(ImportStatus {
                job: String::new(),
                file_name: file_name.to_string(),
                phase: ImportPhase::Reading,
                done: 0,
                total: 0,
                preview: None,
                outcome: None,
                error: None,
            }),
            checked: Mutex::new(None),
        }
    }

    pub fn status(&self) -> ImportStatus {
        lock(&self.status).clone()
    }

    fn set(&self, f: impl FnOnce(&mut ImportStatus)) {
        f(&mut lock(&self.status));
    }

    fn progress(&self, done: u32, total: u32) {
        self.set(|s| {
            s.done = done;
            s.total = total;
        });
    }

    fn fail(&self, e: &AppError) {
        self.set(|s| {
            s.phase = ImportPhase::Failed;
            s.error = Some(e.to_string());
        });
    }

    fn checked(&self) -> Option<Arc<Checked>> {
        lock(&self.checked).clone()
    }
}

/// Starts reading and checking an upload; returns the job's first status.
pub fn start(state: &AppState, actor: Actor, file_name: &str, bytes: Vec<u8>) -> ImportStatus {
    let (id, job) = state
        .imports
        .insert(actor.user_id, ImportJob::new(file_name));
    job.set(|s| s.job = id);
    let db = state.db.clone();
    let first = job.status();
    let ip = audit::client_ip();
    tokio::spawn(audit::with_client_ip(ip, async move {
        let result = async {
            let sheet = spreadsheet::read_sheet_apart(bytes).await?;
            job.set(|s| s.phase = ImportPhase::Checking);
            import::check(&db, &actor, sheet, &|d, t| job.progress(d, t)).await
        }
        .await;
        match result {
            Ok(checked) => {
                let preview = import::preview(&checked);
                *lock(&job.checked) = Some(Arc::new(checked));
                job.set(|s| {
                    s.phase = ImportPhase::Ready;
                    s.preview = Some(preview);
                });
            }
            Err(e) => job.fail(&e),
        }
    }));
    first
}

pub fn status(state: &AppState, actor: &Actor, id: &str) -> AppResult<ImportStatus> {
    Ok(state.imports.get(actor.user_id, id)?.status())
}

/// Starts writing a checked upload. Refuses at once what cannot be committed (a job not ready,
/// errors in all-or-nothing mode), so the page shows it without polling.
pub fn commit(
    state: &AppState,
    actor: Actor,
    id: &str,
    mode: ImportMode,
    on_existing: OnExisting,
) -> AppResult<ImportStatus> {
    let job = state.imports.get(actor.user_id, id)?;
    let checked = match (job.status().phase, job.checked()) {
        (ImportPhase::Ready, Some(c)) => c,
        (ImportPhase::Done, _) => {
            return Err(AppError::from(Broken::ImportCommitted));
        }
        _ => return Err(AppError::from(Broken::ImportNotChecked)),
    };
    let invalid = checked.count(RowKind::Invalid);
    crate::domain::teacher_import::may_commit(mode, invalid, checked.rows.len() as u32 - invalid)?;
    job.set(|s| {
        s.phase = ImportPhase::Importing;
        s.done = 0;
        s.error = None;
    });
    let db = state.db.clone();
    let first = job.status();
    let ip = audit::client_ip();
    tokio::spawn(audit::with_client_ip(ip, async move {
        let result =
            super::import_write::commit(&db, &actor, &checked, mode, on_existing, &|d, t| {
                job.progress(d, t)
            })
            .await;
        match result {
            Ok(outcome) => {
                let file = job.status().file_name;
                let logged = audit::admin_act(
                    &db,
                    &actor,
                    "teacher.import",
                    ("teacher", 0),
                    None,
                    Some(serde_json::json!({
                        "file": file,
                        "mode": format!("{mode:?}"),
                        "on_existing": format!("{on_existing:?}"),
                        "outcome": outcome,
                    })),
                )
                .await;
                match logged {
                    Ok(()) => job.set(|s| {
                        s.phase = ImportPhase::Done;
                        s.outcome = Some(outcome);
                    }),
                    // The rows are in, but the log could not say so: the admin is told.
                    Err(_) => job.fail(&AppError::from(Broken::ImportAuditFailed)),
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "teacher import rolled back");
                job.fail(&AppError::from(Broken::ImportRolledBack {
                    cause: e.to_string(),
                }));
            }
        }
    }));
    Ok(first)
}

/// The refused rows of a checked upload as .xlsx.
pub fn rejected(state: &AppState, actor: &Actor, id: &str) -> AppResult<Vec<u8>> {
    let job = state.imports.get(actor.user_id, id)?;
    let checked = job.checked().ok_or(AppError::NotFound)?;
    sheet::rejected(
        checked
            .rows
            .iter()
            .filter(|r| r.kind() == RowKind::Invalid)
            .map(|r| (r.cells.as_slice(), r.issues.as_slice())),
    )
}
