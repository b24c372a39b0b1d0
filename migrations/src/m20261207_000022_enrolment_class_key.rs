//! The key from an enrolment to its class.
//!
//! A directive participant has no class until the province places them in one. That used to be
//! written as class 0, which no key can point at; it becomes NULL, and `enrolments.class_id`
//! gets the key the other references got in `m20261207_000020_foreign_keys`. A class with
//! enrolments cannot be deleted (NO ACTION): classes are cancelled, and their enrolments with
//! them, never removed.
//!
//! Before the key, the enrolments whose class does not exist are counted; any there are stop the
//! migration, listed, as a required reference to a missing row did there: an enrolment is a
//! teacher's record, and no guess clears or deletes it.
//!
//! SQLite cannot change a column or add a key in place, and dropping `enrolments` to rebuild it
//! would take the rows that hang on it with it (their keys cascade). So, in one transaction, the
//! table and each table that refers to it are built again beside the old ones, the new children
//! pointing at the new table; the old ones are dropped, children first, and the new ones take
//! their names (SQLite rewrites the children's references as the table is renamed).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, Statement, TransactionTrait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The enrolments whose class does not exist (0, no class yet, is not one of them).
const DANGLING: &str = "SELECT COUNT(*) FROM enrolments WHERE class_id <> 0 \
     AND NOT EXISTS (SELECT 1 FROM project_classes c WHERE c.id = enrolments.class_id)";

const STAGED: &str = "__staged";

async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| DbErr::Custom("COUNT answered no row".into()))?
        .try_get_by_index::<i64>(0)
}

/// Stops the migration, before it changes anything, when an enrolment names a class that does
/// not exist.
async fn refuse_dangling(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    match count(db, DANGLING).await? {
        0 => Ok(()),
        n => Err(DbErr::Migration(format!(
            "rows refer to missing rows; mend or remove them, then start again: \
             enrolments.class_id → project_classes: {n} rows"
        ))),
    }
}

/// SQLite: the `CREATE` statement of `table` and of its indexes.
async fn schema_of(db: &DatabaseTransaction, table: &str) -> Result<(String, Vec<String>), DbErr> {
    let ask =
        |sql: &str| Statement::from_sql_and_values(DatabaseBackend::Sqlite, sql, [table.into()]);
    let create: String = db
        .query_one_raw(ask(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?
        .try_get_by_index(0)?;
    let indexes = db
        .query_all_raw(ask(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    Ok((create, indexes))
}

/// `create` with `from` replaced by `to`, which must be there.
fn edited(create: &str, from: &str, to: &str) -> Result<String, DbErr> {
    if create.contains(from) {
        Ok(create.replace(from, to))
    } else {
        Err(DbErr::Migration(format!("cannot find {from} in {create}")))
    }
}

/// SQLite: `table` built again as `table__staged` from `create` (its statement, edited), with
/// its rows.
async fn stage(db: &DatabaseTransaction, table: &str, create: &str) -> Result<(), DbErr> {
    let open = create
        .find('(')
        .ok_or_else(|| DbErr::Migration(format!("cannot read the table {table}")))?;
    db.execute_unprepared(&format!(
        r#"CREATE TABLE "{table}{STAGED}" {}"#,
        &create[open..]
    ))
    .await?;
    db.execute_unprepared(&format!(
        r#"INSERT INTO "{table}{STAGED}" SELECT * FROM "{table}""#
    ))
    .await?;
    Ok(())
}

async fn sqlite_up(db: &DatabaseTransaction) -> Result<(), DbErr> {
    // The copies are checked as a whole when the transaction ends: the class 0 rows are made
    // NULL after they are copied, and the children are copied before the table they point at
    // has its name.
    db.execute_unprepared("PRAGMA defer_foreign_keys = ON")
        .await?;
    // The tables whose keys point at enrolments (checkins, evaluations, certificates …).
    let children: Vec<String> = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) k \
             WHERE m.type = 'table' AND k.\"table\" = 'enrolments' ORDER BY m.name",
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    let (create, mut indexes) = schema_of(db, "enrolments").await?;
    let create = edited(
        &create,
        r#""class_id" integer NOT NULL"#,
        r#""class_id" integer NULL"#,
    )?;
    let key = r#", CONSTRAINT "fk_enrolments_class_id" FOREIGN KEY ("class_id") REFERENCES "project_classes" ("id") ON DELETE NO ACTION)"#;
    let close = create
        .rfind(')')
        .ok_or_else(|| DbErr::Migration("cannot read the table enrolments".into()))?;
    let create = format!("{}{key}", &create[..close]);
    stage(db, "enrolments", &create).await?;
    db.execute_unprepared(&format!(
        r#"UPDATE "enrolments{STAGED}" SET class_id = NULL WHERE class_id = 0"#
    ))
    .await?;
    for child in &children {
        let (create, child_indexes) = schema_of(db, child).await?;
        let create = edited(
            &create,
            r#"REFERENCES "enrolments" ("id")"#,
            &format!(r#"REFERENCES "enrolments{STAGED}" ("id")"#),
        )?;
        stage(db, child, &create).await?;
        indexes.extend(child_indexes);
    }
    // Children first: the old enrolments then has no rows pointing at it to cascade into.
    let enrolments = String::from("enrolments");
    for table in children.iter().chain([&enrolments]) {
        db.execute_unprepared(&format!(r#"DROP TABLE "{table}""#))
            .await?;
    }
    for table in [&enrolments].into_iter().chain(&children) {
        db.execute_unprepared(&format!(
            r#"ALTER TABLE "{table}{STAGED}" RENAME TO "{table}""#
        ))
        .await?;
    }
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        refuse_dangling(db).await?;
        match m.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let txn = db.begin().await?;
                sqlite_up(&txn).await?;
                txn.commit().await
            }
            _ => {
                db.execute_unprepared("ALTER TABLE enrolments ALTER COLUMN class_id DROP NOT NULL")
                    .await?;
                db.execute_unprepared("UPDATE enrolments SET class_id = NULL WHERE class_id = 0")
                    .await?;
                m.create_foreign_key(
                    ForeignKey::create()
                        .name("fk_enrolments_class_id")
                        .from(Alias::new("enrolments"), Alias::new("class_id"))
                        .to(Alias::new("project_classes"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::NoAction)
                        .to_owned(),
                )
                .await
            }
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite would need the tables rebuilt again; its key and NULLs stay.
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = m.get_connection();
        m.drop_foreign_key(
            ForeignKey::drop()
                .name("fk_enrolments_class_id")
                .table(Alias::new("enrolments"))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared("UPDATE enrolments SET class_id = 0 WHERE class_id IS NULL")
            .await?;
        db.execute_unprepared("ALTER TABLE enrolments ALTER COLUMN class_id SET NOT NULL")
            .await?;
        Ok(())
    }
}
