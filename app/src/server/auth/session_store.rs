//! tower-sessions store over sea-orm (the sqlx-based store crate links a different sqlx).
//! The user id is copied into its own column so a user's other sessions can be ended.

use crate::server::entities::session;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

/// Session key holding the logged-in user's id.
pub const USER_KEY: &str = "uid";

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Deletes expired rows; run periodically.
    pub async fn delete_expired(&self) -> std::result::Result<u64, sea_orm::DbErr> {
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(Utc::now()))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_default()
}

fn to_time(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// Inserts under a fresh id, drawing again on the (astronomically unlikely) collision.
    async fn create(&self, record: &mut Record) -> Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let user_id = record.data.get(USER_KEY).and_then(|v| v.as_i64());
        loop {
            let row = session::ActiveModel {
                id: Set(record.id.to_string()),
                user_id: Set(user_id),
                data: Set(data.clone()),
                expires_at: Set(to_chrono(record.expiry_date)),
            };
            let inserted = session::Entity::insert(row)
                .on_conflict(
                    OnConflict::column(session::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a live session, and only that: a session deleted meanwhile (logout, a password
    /// change, an account disabled) stays deleted even when one of its requests was still
    /// under way and writes its data back afterwards.
    async fn save(&self, record: &Record) -> Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let user_id = record.data.get(USER_KEY).and_then(|v| v.as_i64());
        session::Entity::update_many()
            .col_expr(session::Column::UserId, Expr::value(user_id))
            .col_expr(session::Column::Data, Expr::value(data))
            .col_expr(
                session::Column::ExpiresAt,
                Expr::value(to_chrono(record.expiry_date)),
            )
            .filter(session::Column::Id.eq(record.id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(backend)?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(row.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of `user_id` except `keep` (the caller's own, when there is one).
pub async fn end_other_sessions(
    db: &impl ConnectionTrait,
    user_id: i64,
    keep: Option<String>,
) -> std::result::Result<u64, sea_orm::DbErr> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Takes `key` out of the stored session `id`, once: of parallel requests of one session
/// (each holding its own copy of the data) only one finds it there, by a compare-and-swap on
/// the stored data. What single-use session values (the captcha answer) rely on.
pub async fn take_key(
    db: &impl ConnectionTrait,
    id: &str,
    key: &str,
) -> std::result::Result<bool, sea_orm::DbErr> {
    let Some(row) = session::Entity::find_by_id(id.to_string()).one(db).await? else {
        return Ok(false);
    };
    let Ok(mut data) =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&row.data)
    else {
        return Ok(false);
    };
    if data.remove(key).is_none() {
        return Ok(false);
    }
    let taken = session::Entity::update_many()
        .col_expr(
            session::Column::Data,
            Expr::value(serde_json::Value::Object(data).to_string()),
        )
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::Data.eq(row.data))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}
