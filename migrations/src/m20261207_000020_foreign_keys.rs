//! Foreign keys for the relations the tables were made without.
//!
//! Before any key is added, the rows that would break it are counted. A nullable reference to
//! a row that does not exist is cleared, and the count goes into the server's log. A required
//! one stops the migration and lists every such column with its count: no key can be laid over
//! it, and no row is deleted on a guess.
//!
//! Delete rules: rows that only exist for their parent go with it (a project's classes,
//! regions, quotas and scheme; a class's sessions; a session's check-ins; an enrolment's
//! check-ins, evaluations, leave requests and micro-ability picks; a user's roles, sessions,
//! codes and notifications). A file reference is cleared when its file goes. Everything else,
//! records with a history, cannot lose its parent (NO ACTION). Users, teachers, schools,
//! institutions and projects are disabled, never deleted.
//!
//! Left without keys, on purpose:
//! - the audit log, which outlives what it names;
//! - the statistics tables (`stat_*`, `credit_standings`), which are rebuilt from the records;
//! - `users.avatar_file_id` (stored files have an owner user: a key each way would be a cycle);
//! - `regions.parent_code`, and the region codes copied onto records for scope filtering;
//! - `enrolments.class_id`, where 0 marks a directive participant the province has not yet
//!   placed in a class (`services::enrolments::UNASSIGNED`).
//!
//! SQLite cannot add a key to a table. Each child table is rebuilt with its keys, the way
//! SQLite documents (<https://www.sqlite.org/lang_altertable.html#otheralter>): create, copy,
//! drop, rename, indexes again. Parents go before their children, so that no table is dropped
//! while a key points at it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use std::collections::BTreeSet;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Clone, Copy, PartialEq, Eq)]
enum OnDelete {
    NoAction,
    Cascade,
    SetNull,
}

impl OnDelete {
    fn sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
        }
    }

    fn action(self) -> ForeignKeyAction {
        match self {
            Self::NoAction => ForeignKeyAction::NoAction,
            Self::Cascade => ForeignKeyAction::Cascade,
            Self::SetNull => ForeignKeyAction::SetNull,
        }
    }
}

/// One key: `table.column` refers to `parent.parent_column`.
struct Key {
    table: &'static str,
    column: &'static str,
    parent: &'static str,
    parent_column: &'static str,
    on_delete: OnDelete,
    nullable: bool,
}

const fn key(
    table: &'static str,
    column: &'static str,
    parent: &'static str,
    on_delete: OnDelete,
    nullable: bool,
) -> Key {
    let parent_column = if matches!(parent.as_bytes(), b"regions") {
        "code"
    } else {
        "id"
    };
    Key {
        table,
        column,
        parent,
        parent_column,
        on_delete,
        nullable,
    }
}

use OnDelete::{Cascade, NoAction, SetNull};

const REQUIRED: bool = false;
const OPTIONAL: bool = true;

#[rustfmt::skip]
const KEYS: &[Key] = &[
    // Organisation.
    key("schools", "province_code", "regions", NoAction, REQUIRED),
    key("schools", "city_code", "regions", NoAction, REQUIRED),
    key("schools", "county_code", "regions", NoAction, REQUIRED),
    key("institution_regions", "institution_id", "institutions", Cascade, REQUIRED),
    key("institution_regions", "region_code", "regions", NoAction, REQUIRED),
    // Accounts.
    key("role_assignments", "user_id", "users", Cascade, REQUIRED),
    key("role_assignments", "region_code", "regions", NoAction, OPTIONAL),
    key("role_assignments", "school_id", "schools", NoAction, OPTIONAL),
    key("role_assignments", "institution_id", "institutions", NoAction, OPTIONAL),
    key("sessions", "user_id", "users", Cascade, OPTIONAL),
    key("verification_codes", "user_id", "users", Cascade, REQUIRED),
    key("notifications", "user_id", "users", Cascade, REQUIRED),
    key("stored_files", "owner_user_id", "users", NoAction, REQUIRED),
    // Teachers.
    key("teachers", "user_id", "users", NoAction, REQUIRED),
    key("teachers", "school_id", "schools", NoAction, OPTIONAL),
    key("teachers", "cert_photo_file_id", "stored_files", SetNull, OPTIONAL),
    key("teacher_history", "teacher_id", "teachers", Cascade, REQUIRED),
    key("teacher_history", "actor_user_id", "users", SetNull, OPTIONAL),
    key("teacher_history", "from_school_id", "schools", NoAction, OPTIONAL),
    key("teacher_history", "to_school_id", "schools", NoAction, OPTIONAL),
    // Projects.
    key("projects", "institution_id", "institutions", NoAction, OPTIONAL),
    key("projects", "declared_by_user_id", "users", NoAction, REQUIRED),
    key("projects", "plan_file_id", "stored_files", SetNull, OPTIONAL),
    key("project_classes", "project_id", "projects", Cascade, REQUIRED),
    key("project_classes", "institution_id", "institutions", NoAction, OPTIONAL),
    key("project_quotas", "project_id", "projects", Cascade, REQUIRED),
    key("project_quotas", "county_code", "regions", NoAction, REQUIRED),
    key("project_regions", "project_id", "projects", Cascade, REQUIRED),
    key("project_regions", "region_code", "regions", NoAction, REQUIRED),
    key("assessment_schemes", "project_id", "projects", Cascade, REQUIRED),
    key("workflow_events", "project_id", "projects", NoAction, REQUIRED),
    key("workflow_events", "actor_user_id", "users", SetNull, OPTIONAL),
    key("launch_tokens", "user_id", "users", Cascade, REQUIRED),
    key("launch_tokens", "project_id", "projects", Cascade, REQUIRED),
    key("launch_tokens", "institution_id", "institutions", NoAction, OPTIONAL),
    key("class_draws", "class_id", "project_classes", Cascade, REQUIRED),
    key("class_draws", "actor_user_id", "users", NoAction, REQUIRED),
    // Enrolments and what hangs on them.
    key("enrolments", "project_id", "projects", NoAction, REQUIRED),
    key("enrolments", "teacher_id", "teachers", NoAction, REQUIRED),
    key("enrolments", "user_id", "users", NoAction, REQUIRED),
    key("enrolments", "school_id", "schools", NoAction, OPTIONAL),
    key("checkin_sessions", "class_id", "project_classes", Cascade, REQUIRED),
    key("checkins", "session_id", "checkin_sessions", Cascade, REQUIRED),
    key("checkins", "enrolment_id", "enrolments", Cascade, REQUIRED),
    key("checkins", "user_id", "users", NoAction, REQUIRED),
    key("evaluations", "enrolment_id", "enrolments", Cascade, REQUIRED),
    key("evaluations", "class_id", "project_classes", NoAction, REQUIRED),
    key("evaluations", "user_id", "users", NoAction, REQUIRED),
    key("leave_requests", "enrolment_id", "enrolments", Cascade, REQUIRED),
    key("leave_requests", "class_id", "project_classes", NoAction, REQUIRED),
    key("leave_requests", "user_id", "users", NoAction, REQUIRED),
    key("leave_requests", "school_id", "schools", NoAction, OPTIONAL),
    key("micro_picks", "enrolment_id", "enrolments", Cascade, REQUIRED),
    key("micro_picks", "user_id", "users", NoAction, REQUIRED),
    key("certificates", "enrolment_id", "enrolments", NoAction, OPTIONAL),
    key("certificates", "user_id", "users", NoAction, REQUIRED),
    key("certificates", "photo_file_id", "stored_files", SetNull, OPTIONAL),
    // Credits and records.
    key("credit_entries", "user_id", "users", NoAction, REQUIRED),
    key("credit_entries", "teacher_id", "teachers", NoAction, REQUIRED),
    key("credit_entries", "school_id", "schools", NoAction, OPTIONAL),
    key("credit_entries", "enrolment_id", "enrolments", NoAction, OPTIONAL),
    key("credit_entries", "created_by_user_id", "users", NoAction, REQUIRED),
    key("exemptions", "teacher_id", "teachers", NoAction, REQUIRED),
    key("exemptions", "user_id", "users", NoAction, REQUIRED),
    key("exemptions", "granted_by_user_id", "users", NoAction, REQUIRED),
    key("growth_records", "user_id", "users", NoAction, REQUIRED),
    key("growth_records", "teacher_id", "teachers", NoAction, REQUIRED),
    key("growth_records", "file_id", "stored_files", SetNull, OPTIONAL),
    key("growth_records", "created_by_user_id", "users", NoAction, REQUIRED),
    key("staff_assessments", "teacher_id", "teachers", NoAction, REQUIRED),
    key("staff_assessments", "user_id", "users", NoAction, REQUIRED),
    key("staff_assessments", "school_id", "schools", NoAction, OPTIONAL),
];

fn constraint_name(k: &Key) -> String {
    format!("fk_{}_{}", k.table, k.column)
}

/// `WHERE` of the rows of `k.table` whose reference finds no parent.
fn dangling(k: &Key) -> String {
    format!(
        r#""{t}"."{c}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{p}" WHERE "{p}"."{pc}" = "{t}"."{c}")"#,
        t = k.table,
        c = k.column,
        p = k.parent,
        pc = k.parent_column,
    )
}

async fn count(db: &SchemaManagerConnection<'_>, sql: String) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| DbErr::Custom("COUNT answered no row".into()))?;
    row.try_get_by_index::<i64>(0)
}

/// Clears nullable references that lead nowhere and refuses required ones, listing them.
async fn check_orphans(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let mut refused = Vec::new();
    for k in KEYS {
        let n = count(
            db,
            format!(
                r#"SELECT COUNT(*) FROM "{}" WHERE {}"#,
                k.table,
                dangling(k)
            ),
        )
        .await?;
        if n == 0 {
            continue;
        }
        let what = format!("{}.{} → {}: {n} rows", k.table, k.column, k.parent);
        if k.nullable {
            db.execute_unprepared(&format!(
                r#"UPDATE "{}" SET "{}" = NULL WHERE {}"#,
                k.table,
                k.column,
                dangling(k)
            ))
            .await?;
            eprintln!("foreign keys: cleared references to missing rows, {what}");
        } else {
            refused.push(what);
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(DbErr::Migration(format!(
            "rows refer to missing rows; mend or remove them, then start again: {}",
            refused.join("; ")
        )))
    }
}

/// The tables that get keys, each after the ones among them it refers to.
fn rebuild_order() -> Vec<&'static str> {
    let tables: BTreeSet<&str> = KEYS.iter().map(|k| k.table).collect();
    let mut done: Vec<&str> = Vec::new();
    while done.len() < tables.len() {
        let before = done.len();
        for t in &tables {
            let ready = !done.contains(t)
                && KEYS.iter().filter(|k| k.table == *t).all(|k| {
                    k.parent == *t || !tables.contains(k.parent) || done.contains(&k.parent)
                });
            if ready {
                done.push(t);
            }
        }
        assert!(done.len() > before, "the keys form a cycle");
    }
    done
}

/// SQLite: `table` again, with its keys.
async fn rebuild_with_keys(db: &SchemaManagerConnection<'_>, table: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let text = |sql: &str| Statement::from_sql_and_values(backend, sql, [table.into()]);
    let create: String = db
        .query_one_raw(text(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?
        .try_get_by_index(0)?;
    let indexes: Vec<String> = db
        .query_all_raw(text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    let (open, close) = match (create.find('('), create.rfind(')')) {
        (Some(o), Some(c)) if o < c => (o, c),
        _ => return Err(DbErr::Migration(format!("cannot read the table {table}"))),
    };
    let keys: String = KEYS
        .iter()
        .filter(|k| k.table == table)
        .map(|k| {
            format!(
                r#", CONSTRAINT "{}" FOREIGN KEY ("{}") REFERENCES "{}" ("{}") ON DELETE {}"#,
                constraint_name(k),
                k.column,
                k.parent,
                k.parent_column,
                k.on_delete.sql()
            )
        })
        .collect();
    let staged = format!("{table}__keyed");
    let columns = &create[open..close];
    db.execute_unprepared(&format!(r#"CREATE TABLE "{staged}" {columns}{keys})"#))
        .await?;
    db.execute_unprepared(&format!(
        r#"INSERT INTO "{staged}" SELECT * FROM "{table}""#
    ))
    .await?;
    db.execute_unprepared(&format!(r#"DROP TABLE "{table}""#))
        .await?;
    db.execute_unprepared(&format!(r#"ALTER TABLE "{staged}" RENAME TO "{table}""#))
        .await?;
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        check_orphans(db).await?;
        match m.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for table in rebuild_order() {
                    rebuild_with_keys(db, table).await?;
                }
            }
            _ => {
                for k in KEYS {
                    m.create_foreign_key(
                        ForeignKey::create()
                            .name(constraint_name(k))
                            .from(Alias::new(k.table), Alias::new(k.column))
                            .to(Alias::new(k.parent), Alias::new(k.parent_column))
                            .on_delete(k.on_delete.action())
                            .to_owned(),
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite would need every table rebuilt again; its keys stay.
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            return Ok(());
        }
        for k in KEYS {
            m.drop_foreign_key(
                ForeignKey::drop()
                    .name(constraint_name(k))
                    .table(Alias::new(k.table))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_rebuilt_after_the_tables_it_refers_to() {
        let order = rebuild_order();
        for k in KEYS {
            if let Some(parent) = order.iter().position(|t| *t == k.parent) {
                let child = order.iter().position(|t| *t == k.table).unwrap();
                assert!(parent < child, "{} before {}", k.parent, k.table);
            }
        }
    }

    #[test]
    fn a_cascade_or_a_cleared_reference_is_chosen_with_care() {
        for k in KEYS {
            // SET NULL on a required column would fail at the parent's delete.
            assert!(
                k.on_delete != SetNull || k.nullable,
                "{}.{}",
                k.table,
                k.column
            );
        }
    }
}
