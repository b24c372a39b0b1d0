//! The reads the upkeep repeats batch by batch go by the index that bounds them, whatever the
//! planner's statistics say: on a fresh database (SQLite before its first ANALYZE) and with
//! whole-table reads ruled out (PostgreSQL, as the rebuild runs), so only the choice between
//! indexes is left.

use super::*;
use sea_orm::{ConnectionTrait, DatabaseBackend, QueryTrait, Statement, TransactionTrait};

/// The plan of `stmt`, one line per step.
async fn plan(db: &sea_orm::DatabaseConnection, stmt: Statement) -> String {
    let backend = db.get_database_backend();
    let txn = db.begin().await.unwrap();
    let (prefix, column) = match backend {
        DatabaseBackend::Postgres => {
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .unwrap();
            ("EXPLAIN ", 0)
        }
        _ => ("EXPLAIN QUERY PLAN ", 3),
    };
    let explain = Statement {
        sql: format!("{prefix}{}", stmt.sql),
        ..stmt
    };
    let rows = txn.query_all_raw(explain).await.unwrap();
    txn.rollback().await.unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(column).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

on_both!(ledger_lines_are_read_by_account_not_by_status, |app| {
    use app::server::services::ledger::lines_of;
    let backend = app.db.get_database_backend();
    // One account (a teacher's own page) and a batch of 500 (the upkeep, 学分预警).
    for users in [vec![7], (1..=500).collect::<Vec<i64>>()] {
        let p = plan(&app.db, lines_of(users, 2022..=2026).build(backend)).await;
        assert!(p.contains("idx_credit_entries_user"), "{p}");
        assert!(!p.contains("idx_credit_entries_review"), "{p}");
    }
});

on_both!(
    a_countys_credit_queue_reads_its_county_from_the_index,
    |app| {
        use app::domain::role::{Role, Scope};
        use app::server::services::credits::pending_for;
        let backend = app.db.get_database_backend();
        let county = app::server::auth::Actor {
            user_id: 0,
            name: String::new(),
            assignment_id: 0,
            role: Role::CountyAdmin,
            scope: Scope::Region("130102".into()),
            must_change_password: false,
        };
        let p = plan(&app.db, pending_for(&county).unwrap().build(backend)).await;
        // The county bounds the index read (a LIKE prefix was only a filter on every pending line
        // of the province).
        let bounded = p.lines().any(|l| {
            l.contains("county_code")
                && (l.contains("Index Cond") || l.contains("USING INDEX idx_credit_entries_review"))
        });
        assert!(bounded, "{p}");
    }
);
