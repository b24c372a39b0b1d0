//! Foreign keys: the database refuses a reference to a row that does not exist, and the
//! migration that laid the keys reports the rows that would have broken them first.

use crate::helpers::*;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, Statement};

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap()
}

const LOSE_A_SCHOOL: &str =
    "UPDATE teachers SET school_id = 99999999 WHERE id = (SELECT MIN(id) FROM teachers)";
const LOSE_A_USER: &str = "UPDATE role_assignments SET user_id = 99999999 \
     WHERE id = (SELECT MIN(id) FROM role_assignments)";

on_both!(a_reference_to_a_missing_row_is_refused, |app| {
    assert!(app.db.execute_unprepared(LOSE_A_SCHOOL).await.is_err());
    assert!(app.db.execute_unprepared(LOSE_A_USER).await.is_err());
    // A record with a history keeps its parent: a school with teachers stays.
    let school_of_a_teacher = "DELETE FROM schools WHERE id = \
         (SELECT school_id FROM teachers WHERE school_id IS NOT NULL LIMIT 1)";
    assert!(
        app.db
            .execute_unprepared(school_of_a_teacher)
            .await
            .is_err()
    );
    assert!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM teachers WHERE school_id = 99999999"
        )
        .await
            == 0
    );
});

async fn orphans_are_reported_before_any_key(backend: Backend) {
    use app::server::entities::{notification, session};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, NotSet};
    let (url, pg_name) = database_url(backend).await;
    let db = Database::connect(&url).await.unwrap();
    let before_keys = Migrator::migrations()
        .iter()
        .position(|m| m.name().contains("foreign_keys"))
        .unwrap() as u32;
    Migrator::up(&db, Some(before_keys)).await.unwrap();
    let now = chrono::Utc::now();
    let lost_note = notification::ActiveModel {
        id: NotSet,
        user_id: Set(99_999_999),
        title: Set("通知".into()),
        body: Set("给不存在的用户".into()),
        link: Set(None),
        read_at: Set(None),
        created_at: Set(now),
    };
    lost_note.clone().insert(&db).await.unwrap();
    session::ActiveModel {
        id: Set("orphan".into()),
        user_id: Set(Some(99_999_999)),
        data: Set("{}".into()),
        expires_at: Set(now),
    }
    .insert(&db)
    .await
    .unwrap();

    // A required reference that leads nowhere stops the migration, named with its count.
    let err = Migrator::up(&db, None).await.unwrap_err().to_string();
    assert!(
        err.contains("notifications.user_id → users: 1 rows"),
        "{err}"
    );
    assert!(!err.contains("sessions.user_id"), "{err}");

    // Mended, the keys go in. The session whose user was missing is kept, with no user: a
    // nullable reference to nothing is cleared.
    db.execute_unprepared("DELETE FROM notifications")
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();
    let cleared = session::Entity::find_by_id("orphan".to_string())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cleared.user_id, None);
    assert!(lost_note.insert(&db).await.is_err());
    drop(db);
    drop_database(pg_name).await;
}

#[tokio::test]
async fn orphans_are_reported_before_any_key_sqlite() {
    orphans_are_reported_before_any_key(Backend::Sqlite).await;
}

#[tokio::test]
async fn orphans_are_reported_before_any_key_postgres() {
    orphans_are_reported_before_any_key(Backend::Postgres).await;
}
