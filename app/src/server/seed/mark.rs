//! The mark a demo seed leaves on its database, the modes a database may be served in, and
//! the transactions the seed writes in.

use crate::error::{AppError, AppResult};
use crate::server::entities::school;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, TransactionTrait,
};

/// Gives SQLite's planner fresh table statistics (PostgreSQL's autovacuum keeps its own): at
/// start and after seeding, so a large province's list picks its indexes.
pub async fn refresh_statistics(db: &DatabaseConnection) {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        for pragma in ["PRAGMA analysis_limit=1000", "PRAGMA optimize=0x10002"] {
            if let Err(e) = db.execute_unprepared(pragma).await {
                tracing::warn!(error = %e, "sqlite statistics not refreshed");
            }
        }
    }
}

/// After the seed's bulk load on PostgreSQL, what autovacuum would do in its own time: the
/// visibility map that lets a count read an index alone (a province's teacher count read the
/// whole table, 236 ms, until then). Each table in a transaction of its own.
pub async fn vacuum_loaded(db: &DatabaseConnection) {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let sql = "VACUUM (ANALYZE) teachers, users, name_grams, enrolments, credit_entries, \
                   certificates";
        if let Err(e) = db.execute_unprepared(sql).await {
            tracing::warn!(error = %e, "seeded tables not vacuumed");
        }
    }
}

pub async fn is_seeded(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(school::Entity::find().count(db).await? > 0)
}

/// The mark the demo seed leaves on its database: "seeding" until its last phase commits,
/// then "seeded".
const DEMO_MARK: &str = "demo";
pub(super) const SEEDING: &str = "seeding";
pub(super) const SEEDED: &str = "seeded";

async fn demo_mark(db: &impl ConnectionTrait) -> AppResult<Option<String>> {
    use crate::server::entities::instance_mark;
    Ok(instance_mark::Entity::find_by_id(DEMO_MARK.to_string())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Whether the database was built by the demo seed.
pub async fn is_demo_database(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(demo_mark(db).await?.is_some())
}

/// Whether the demo seed ran to its end here.
pub async fn is_seed_finished(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(demo_mark(db).await?.as_deref() == Some(SEEDED))
}

/// Refuses to serve a database in a mode it does not fit: demo mode (test captcha, public
/// mailbox, known passwords) on a database that holds real data, or production on a demo
/// database (its accounts' passwords are published); and a demo seed cut short in either.
pub async fn check_mode(db: &impl ConnectionTrait, demo_mode: bool) -> Result<(), String> {
    let err = |e: AppError| e.to_string();
    let mark = demo_mark(db).await.map_err(err)?;
    if mark.as_deref() == Some(SEEDING) {
        return Err("the demo seed of this database did not finish (it was interrupted): delete the database and start again".into());
    }
    let has_data = is_seeded(db).await.map_err(err)?;
    match (demo_mode, mark.is_some(), has_data) {
        (true, false, true) => Err("this database holds data the demo seed did not write: demo mode (test captcha, public mailbox, demo accounts) is refused on it; start in production mode".into()),
        (false, true, _) => Err("this is a demo database (its accounts' passwords are published): production mode is refused on it".into()),
        _ => Ok(()),
    }
}

/// Sets the demo mark.
pub(super) async fn mark(db: &impl ConnectionTrait, value: &str) -> AppResult<()> {
    use crate::server::entities::instance_mark;
    instance_mark::Entity::delete_by_id(DEMO_MARK.to_string())
        .exec(db)
        .await?;
    instance_mark::ActiveModel {
        key: Set(DEMO_MARK.into()),
        value: Set(value.into()),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One phase of the seed, in a transaction of its own. A province is gigabytes: written in
/// one transaction, SQLite looked every page it had not cached up in an ever longer
/// write-ahead log (over 40 minutes, most of it in those look-ups). Each phase commits, and
/// SQLite checkpoints, on its own, with a page cache of 1 GB for its length.
pub(super) struct Phase {
    pub(super) txn: sea_orm::DatabaseTransaction,
    cache: Option<i64>,
}

impl Phase {
    pub(super) async fn begin(db: &DatabaseConnection) -> AppResult<Phase> {
        let txn = db.begin().await?;
        let backend = db.get_database_backend();
        let cache = if backend == sea_orm::DatabaseBackend::Sqlite {
            let was = txn
                .query_one_raw(sea_orm::Statement::from_string(
                    backend,
                    "PRAGMA cache_size",
                ))
                .await?
                .and_then(|r| r.try_get_by_index::<i64>(0).ok());
            txn.execute_unprepared("PRAGMA cache_size = -1048576")
                .await?;
            was
        } else {
            None
        };
        Ok(Phase { txn, cache })
    }

    pub(super) async fn commit(self) -> AppResult<()> {
        if let Some(was) = self.cache {
            self.txn
                .execute_unprepared(&format!("PRAGMA cache_size = {was}"))
                .await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}
