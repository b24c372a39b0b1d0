//! SQL the query builder does not write for us: statements written by hand for either backend,
//! and several statements sent in one round trip.

use crate::error::AppResult;
use sea_orm::sea_query::{
    MysqlQueryBuilder, PostgresQueryBuilder, QueryStatementWriter, SqliteQueryBuilder,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// Binds values into a statement written with `?` placeholders, for either backend.
pub fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `?, ?, …` for `n` values.
pub fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Statements gathered and sent together: a write that waits for nothing it reads back goes
/// in one round trip with the others, instead of each waiting for the database in turn (the
/// statistics' upkeep writes three or four small statements per change). The values are
/// written into the text by the query builder, which quotes them. SQLite has no network, but
/// each statement is a hand-off to its connection's thread and back, which costs more than
/// compiling a small statement (measured: binding them one by one was no faster).
pub struct Batch {
    backend: DatabaseBackend,
    sql: String,
}

impl Batch {
    pub fn new(db: &impl ConnectionTrait) -> Self {
        Self {
            backend: db.get_database_backend(),
            sql: String::new(),
        }
    }

    pub fn push(&mut self, stmt: &impl QueryStatementWriter) {
        let text = match self.backend {
            DatabaseBackend::Postgres => stmt.to_string(PostgresQueryBuilder),
            DatabaseBackend::MySql => stmt.to_string(MysqlQueryBuilder),
            _ => stmt.to_string(SqliteQueryBuilder),
        };
        self.sql.push_str(&text);
        self.sql.push_str(";\n");
    }

    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    pub async fn run(self, db: &impl ConnectionTrait) -> AppResult<()> {
        if !self.is_empty() {
            db.execute_unprepared(&self.sql).await?;
        }
        Ok(())
    }
}
