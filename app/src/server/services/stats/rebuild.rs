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
    // rebuild was seen at 1.7 s a batch, and the read model's own tables, emptied here and
    // filled batch by batch, look empty to it to the end. Statistics first, in this
    // transaction (it sees its own rows), and no whole-table reads for the rest of it.
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
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
    teachers::recount(db, &ids).await?;
    let enrolment_ids: Vec<i64> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .order_by_asc(enrolment::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    enrolments::recount(db, &enrolment_ids).await?;
    Ok(Rebuilt {
        teachers: ids.len(),
        enrolments: enrolment_ids.len(),
    })
}

/// `rebuild` in a transaction of its own: readers see the old figures until it commits.
pub async fn rebuild_all(db: &sea_orm::DatabaseConnection) -> AppResult<Rebuilt> {
    let txn = db.begin().await?;
    let done = rebuild(&txn).await?;
    txn.commit().await?;
    Ok(done)
}
