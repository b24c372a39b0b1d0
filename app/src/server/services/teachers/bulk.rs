//! New records by the hundred (an import, the province-scale seeder): accounts, records,
//! 师训号, teacher roles and history in five multi-row statements a batch instead of six
//! statements a record.

use super::history::{self, Entry};
use super::record::new_teacher;
use crate::domain::id_card::IdNumber;
use crate::domain::role::Role;
use crate::domain::teacher::TeacherFields;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{role_assignment, school, teacher, user};
use crate::server::services::accounts::new_user;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseBackend, EntityTrait, NotSet};
use std::collections::HashMap;

/// Records per call: 1,000 × 26 teacher columns stays under every backend's limit on bound
/// parameters (SQLite 32,766; PostgreSQL 65,535).
pub const BATCH: usize = 1000;

/// 师训号 for fresh records, by the rule of `record::assign_training_number` (province prefix +
/// the zero-padded id), computed by the database for a whole batch at once.
fn training_number_sql(backend: DatabaseBackend, ids: &[i64]) -> String {
    let expr = match backend {
        DatabaseBackend::Postgres => "substr(province_code, 1, 2) || lpad(id::text, 8, '0')",
        _ => "substr(province_code, 1, 2) || printf('%08d', id)",
    };
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!(
        "UPDATE teachers SET training_number = {expr} WHERE id IN ({})",
        list.join(",")
    )
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
    let mut teachers = Vec::with_capacity(records.len());
    for (f, school) in records {
        let id =
            IdNumber::parse(&f.id_number).map_err(|e| AppError::field("id_number", e.message()))?;
        let user_id = *user_ids.get(&f.id_number).ok_or(AppError::Internal)?;
        teachers.push(new_teacher(user_id, &id, school, f));
    }
    let inserted = teacher::Entity::insert_many(teachers)
        .exec_with_returning(db)
        .await?;
    let ids: Vec<i64> = inserted.iter().map(|t| t.id).collect();
    let user_list: Vec<i64> = inserted.iter().map(|t| t.user_id).collect();
    db.execute_unprepared(&training_number_sql(db.get_database_backend(), &ids))
        .await?;
    let now = Utc::now();
    let roles = user_list
        .iter()
        .map(|&user_id| role_assignment::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            role: Set(Role::Teacher.as_str().into()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_numbers_are_computed_per_backend_for_the_batch_only() {
        let pg = training_number_sql(DatabaseBackend::Postgres, &[7, 8]);
        assert!(pg.contains("lpad(id::text, 8, '0')") && pg.ends_with("WHERE id IN (7,8)"));
        let lite = training_number_sql(DatabaseBackend::Sqlite, &[9]);
        assert!(lite.contains("printf('%08d', id)") && lite.ends_with("(9)"));
    }
}
