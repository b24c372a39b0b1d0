//! `server stats rebuild`: the read model recomputed from the source tables, in one
//! transaction, by the same functions that keep it up to date.

use super::{credits, enrolments, teachers};
use crate::error::AppResult;
use crate::server::entities::{credit_standing, enrolment, stat_class, stat_count, teacher};
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, TransactionTrait};

/// What a rebuild counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub teachers: usize,
    pub enrolments: usize,
}

/// Forgets every figure and counts every teacher and enrolment again.
pub async fn rebuild(db: &impl ConnectionTrait) -> AppResult<Rebuilt> {
    // The counting below reads every teacher's and enrolment's lines by index, batch by
    // batch. Right after bulk writes (the demo's seed, an import) PostgreSQL's planner
    // still takes the tables for small and reads each whole for every batch: a province's
    // rebuild was seen at 1.7 s a batch. Statistics first, in this transaction (it sees its
    // own rows), and no whole-table reads for the rest of it; the read model's own tables,
    // emptied here and filled batch by batch, are analysed again as they fill (`analyse`).
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // By name: a database-wide ANALYZE also takes the cluster's shared catalogs, and
        // held them to this transaction's end (every other database's ANALYZE waited).
        db.execute_unprepared(&format!("ANALYZE {SOURCES}")).await?;
        db.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await?;
    }
    stat_count::Entity::delete_many().exec(db).await?;
    stat_class::Entity::delete_many().exec(db).await?;
    credit_standing::Entity::delete_many().exec(db).await?;
    enrolment::Entity::update_many()
        .col_expr(enrolment::Column::Counted, Expr::value(0i16))
        .col_expr(enrolment::Column::CountedClass, Expr::value(0i64))
        .exec(db)
        .await?;
    teacher::Entity::update_many()
        .col_expr(teacher::Column::Counted, Expr::value(""))
        .exec(db)
        .await?;
    let ids = credits::all_teachers(db).await?;
    for (i, part) in ids.chunks(PART).enumerate() {
        teachers::recount(db, part).await?;
        analyse(db).await?;
        tracing::info!(
            done = (i * PART + part.len()),
            of = ids.len(),
            "statistics: teachers counted"
        );
    }
    let enrolment_ids: Vec<i64> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .order_by_asc(enrolment::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for (i, part) in enrolment_ids.chunks(PART).enumerate() {
        enrolments::recount(db, part).await?;
        analyse(db).await?;
        tracing::info!(
            done = (i * PART + part.len()),
            of = enrolment_ids.len(),
            "statistics: enrolments counted"
        );
    }
    Ok(Rebuilt {
        teachers: ids.len(),
        enrolments: enrolment_ids.len(),
    })
}

/// The tables the rebuild reads.
const SOURCES: &str = "teachers, enrolments, credit_entries, credit_cycles, checkins, \
    certificates, evaluations, projects, project_classes";

/// How many teachers or enrolments the rebuild counts between two looks at its progress.
const PART: usize = 50_000;

/// On PostgreSQL, the read model's tables analysed again as they fill: with the statistics
/// of the empty tables, the planner read a teacher batch's standings through the index by
/// cycle and year, every row of the cycle for each batch (2.9 s a batch at 177,000 teachers
/// of 600,000, the whole rebuild heading for hours); by the primary key it takes a
/// millisecond.
async fn analyse(db: &impl ConnectionTrait) -> AppResult<()> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_unprepared("ANALYZE credit_standings, stat_counts, stat_classes")
            .await?;
    }
    Ok(())
}

/// `rebuild` in a transaction of its own: readers see the old figures until it commits.
pub async fn rebuild_all(db: &sea_orm::DatabaseConnection) -> AppResult<Rebuilt> {
    let txn = db.begin().await?;
    let done = rebuild(&txn).await?;
    txn.commit().await?;
    Ok(done)
}
