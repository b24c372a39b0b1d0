//! An index for name search (issue 15): every one- and two-character piece of each account's
//! name, so that a search for part of a name reads the accounts that have that piece instead
//! of every account in the province.
//!
//! Why pieces of one and two characters and not the trigram indexes (SQLite FTS5 `trigram`,
//! PostgreSQL `pg_trgm`): Chinese names are two or three characters long and are searched by
//! a surname or a whole two-character name, which a trigram index cannot serve (both fall
//! back to reading everything below three characters). A search of three or more characters
//! reads the accounts holding its first and its last pair, then the list's `LIKE` decides.
//!
//! The database keeps the pieces itself, by triggers on `users`: every write of an account
//! (sign-up, import, the demo's set-based history, an edit) stays in step without the
//! services knowing. Pieces are lower-cased by the database's own `lower()`, which the
//! search applies to its key the same way.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Positions the SQLite triggers take pieces at: a name is at most 30 characters
/// (`domain::teacher::validate_name`); an account's display name up to 100 is covered.
/// SQLite allows no `WITH` inside a trigger, hence a table of positions.
const MAX_POSITION: usize = 100;

const SQLITE: &[&str] = &[
    "CREATE TABLE name_grams (gram TEXT NOT NULL, user_id INTEGER NOT NULL, \
     PRIMARY KEY (gram, user_id)) WITHOUT ROWID",
    "CREATE INDEX idx_name_grams_user ON name_grams (user_id)",
    "CREATE TABLE name_gram_spans (pos INTEGER NOT NULL, width INTEGER NOT NULL, \
     PRIMARY KEY (pos, width)) WITHOUT ROWID",
    "CREATE TRIGGER users_name_grams_insert AFTER INSERT ON users BEGIN \
       INSERT OR IGNORE INTO name_grams (gram, user_id) \
       SELECT lower(substr(NEW.name, pos, width)), NEW.id FROM name_gram_spans \
       WHERE pos <= length(NEW.name) - width + 1; \
     END",
    "CREATE TRIGGER users_name_grams_update AFTER UPDATE OF name ON users \
     WHEN OLD.name IS NOT NEW.name BEGIN \
       DELETE FROM name_grams WHERE user_id = OLD.id; \
       INSERT OR IGNORE INTO name_grams (gram, user_id) \
       SELECT lower(substr(NEW.name, pos, width)), NEW.id FROM name_gram_spans \
       WHERE pos <= length(NEW.name) - width + 1; \
     END",
    "CREATE TRIGGER users_name_grams_delete AFTER DELETE ON users BEGIN \
       DELETE FROM name_grams WHERE user_id = OLD.id; \
     END",
    "INSERT OR IGNORE INTO name_grams (gram, user_id) \
     SELECT lower(substr(u.name, s.pos, s.width)), u.id FROM users u, name_gram_spans s \
     WHERE s.pos <= length(u.name) - s.width + 1",
];

const POSTGRES: &[&str] = &[
    "CREATE TABLE name_grams (gram TEXT NOT NULL, user_id BIGINT NOT NULL, \
     PRIMARY KEY (gram, user_id))",
    "CREATE INDEX idx_name_grams_user ON name_grams (user_id)",
    "CREATE FUNCTION users_name_grams() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP <> 'INSERT' THEN DELETE FROM name_grams WHERE user_id = OLD.id; END IF; \
       IF TG_OP <> 'DELETE' THEN \
         INSERT INTO name_grams (gram, user_id) \
         SELECT lower(substr(NEW.name, p, w)), NEW.id \
         FROM generate_series(1, char_length(NEW.name)) p, (VALUES (1), (2)) v(w) \
         WHERE p <= char_length(NEW.name) - w + 1 \
         ON CONFLICT DO NOTHING; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER users_name_grams_insert_delete AFTER INSERT OR DELETE ON users \
     FOR EACH ROW EXECUTE FUNCTION users_name_grams()",
    "CREATE TRIGGER users_name_grams_update AFTER UPDATE OF name ON users \
     FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION users_name_grams()",
    "INSERT INTO name_grams (gram, user_id) \
     SELECT lower(substr(u.name, p, w)), u.id \
     FROM users u, generate_series(1, char_length(u.name)) p, (VALUES (1), (2)) v(w) \
     WHERE p <= char_length(u.name) - w + 1 \
     ON CONFLICT DO NOTHING",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                let spans: Vec<String> = (1..=MAX_POSITION)
                    .flat_map(|p| [format!("({p}, 1)"), format!("({p}, 2)")])
                    .collect();
                for (i, sql) in SQLITE.iter().enumerate() {
                    db.execute_unprepared(sql).await?;
                    // The positions exist before the triggers and the backfill read them.
                    if i == 2 {
                        db.execute_unprepared(&format!(
                            "INSERT INTO name_gram_spans (pos, width) VALUES {}",
                            spans.join(", ")
                        ))
                        .await?;
                    }
                }
            }
            _ => {
                for sql in POSTGRES {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let drops: &[&str] = match m.get_database_backend() {
            DbBackend::Sqlite => &[
                "DROP TRIGGER users_name_grams_insert",
                "DROP TRIGGER users_name_grams_update",
                "DROP TRIGGER users_name_grams_delete",
                "DROP TABLE name_gram_spans",
                "DROP TABLE name_grams",
            ],
            _ => &[
                "DROP TRIGGER users_name_grams_insert_delete ON users",
                "DROP TRIGGER users_name_grams_update ON users",
                "DROP FUNCTION users_name_grams()",
                "DROP TABLE name_grams",
            ],
        };
        for sql in drops {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
