//! New records by the thousand (an import, the province-scale seeder): accounts, records with
//! their 师训号, teacher roles and history in five statements a batch instead of six
//! statements a record.

use super::history::{self, Entry};
use super::record::{new_teacher, training_number};
use crate::domain::id_card::IdNumber;
use crate::domain::role::Role;
use crate::domain::teacher::TeacherFields;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{role_assignment, school, teacher, user};
use crate::server::services::accounts::new_user;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseBackend, EntityTrait, NotSet, Statement};
use std::collections::HashMap;

/// Records per call: 1,000 × 26 teacher columns stays under every backend's limit on bound
/// parameters (SQLite 32,766; PostgreSQL 65,535).
pub const BATCH: usize = 1000;

/// The next `n` record ids, reserved so each record is inserted with its 师训号 in place (an
/// UPDATE afterwards would rewrite every new row and all of its index entries). PostgreSQL
/// takes them from the id sequence. SQLite has one writer, and this transaction already holds
/// the write lock (its accounts are inserted first), so it continues after the largest id;
/// records are never deleted, so no id is handed out twice.
async fn reserve_ids(db: &impl ConnectionTrait, n: usize) -> AppResult<Vec<i64>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => format!(
            "SELECT nextval(pg_get_serial_sequence('teachers', 'id')) AS id \
             FROM generate_series(1, {n})"
        ),
        _ => "SELECT COALESCE(MAX(id), 0) + 1 AS id FROM teachers".to_string(),
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let mut ids = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<i64>, _>>()?;
    if backend != DatabaseBackend::Postgres {
        let first = ids.first().copied().unwrap_or(1);
        ids = (first..first + n as i64).collect();
    }
    Ok(ids)
}

/// Inserts valid, unique records (at most BATCH) with accounts on the initial password.
/// `(kind, summary)` is each record's first history line.
pub async fn insert(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    (kind, summary): (&'static str, &str),
    records: &[(&TeacherFields, &school::Model)],
) -> AppResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let users = records.iter().map(|(f, _)| {
        let phone = (!f.phone.is_empty()).then_some(f.phone.as_str());
        let mut u = new_user(&f.name, None, phone, None);
        u.id_number = Set(Some(f.id_number.clone()));
        u.email = Set((!f.email.is_empty()).then(|| f.email.clone()));
        // An admin typed these: the teacher verifies them by code later.
        u.phone_verified = Set(false);
        u
    });
    // RETURNING (PostgreSQL, SQLite ≥ 3.35) hands back the new ids without another lookup.
    let user_ids: HashMap<String, i64> = user::Entity::insert_many(users)
        .exec_with_returning(db)
        .await?
        .into_iter()
        .filter_map(|u| Some((u.id_number?, u.id)))
        .collect();
    let ids = reserve_ids(db, records.len()).await?;
    let mut teachers = Vec::with_capacity(records.len());
    for ((f, school), &teacher_id) in records.iter().zip(&ids) {
        let id =
            IdNumber::parse(&f.id_number).map_err(|e| AppError::field("id_number", e.message()))?;
        let user_id = *user_ids.get(&f.id_number).ok_or(AppError::Internal)?;
        let mut t = new_teacher(user_id, &id, school, f);
        t.id = Set(teacher_id);
        t.training_number = Set(Some(training_number(&school.county_code, teacher_id)));
        teachers.push(t);
    }
    teacher::Entity::insert_many(teachers).exec(db).await?;
    let user_list: Vec<i64> = user_ids.values().copied().collect();
    let now = Utc::now();
    let roles = user_list
        .iter()
        .map(|&user_id| role_assignment::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            role: Set(Role::Teacher),
            region_code: Set(None),
            school_id: Set(None),
            institution_id: Set(None),
            created_at: Set(now),
        });
    role_assignment::Entity::insert_many(roles).exec(db).await?;
    let entries = ids
        .iter()
        .map(|&id| {
            let e = Entry {
                kind,
                summary: summary.to_string(),
                ..Default::default()
            };
            (id, e)
        })
        .collect();
    history::add_many(db, actor, entries).await
}
