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

/// `$test(backend)` as a test on each database: for the tests that build their database
/// themselves, migration by migration (`on_both!` starts from a migrated, seeded one).
macro_rules! on_each_database {
    ($test:ident) => {
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test(crate::helpers::Backend::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$test(crate::helpers::Backend::Postgres).await;
            }
        }
    };
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
    use app::server::entities::session;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let (url, pg_name) = database_url(backend).await;
    let db = Database::connect(&url).await.unwrap();
    let before_keys = Migrator::migrations()
        .iter()
        .position(|m| m.name().contains("foreign_keys"))
        .unwrap() as u32;
    Migrator::up(&db, Some(before_keys)).await.unwrap();
    let now = chrono::Utc::now();
    // Written as the schema of then had it (the entity has columns added since).
    let lost_note = r#"INSERT INTO notifications (user_id, title, body, created_at)
        VALUES (99999999, '通知', '给不存在的用户', '2026-12-07 00:00:00+00:00')"#;
    db.execute_unprepared(lost_note).await.unwrap();
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
    assert!(db.execute_unprepared(lost_note).await.is_err());
    drop(db);
    drop_database(pg_name).await;
}

on_each_database!(orphans_are_reported_before_any_key);

/// What hangs on enrolments, counted table by table.
async fn children_of_enrolments(db: &DatabaseConnection) -> Vec<i64> {
    let mut counts = Vec::new();
    for t in [
        "checkins",
        "evaluations",
        "leave_requests",
        "micro_picks",
        "certificates",
        "credit_entries",
    ] {
        counts.push(count(db, &format!("SELECT COUNT(*) FROM {t}")).await);
    }
    counts
}

/// The class key: the class 0 that meant "not placed yet" becomes NULL, an enrolment whose class
/// is missing stops the migration, and the rebuild SQLite needs keeps every row that hangs on
/// an enrolment.
async fn the_class_key_keeps_every_enrolment_and_what_hangs_on_it(backend: Backend) {
    let (url, pg_name) = database_url(backend).await;
    let config = app::server::config::Config::for_tests(&url);
    let db = Database::connect(&url).await.unwrap();
    let before_key = Migrator::migrations()
        .iter()
        .position(|m| m.name().contains("enrolment_class_key"))
        .unwrap() as u32;
    Migrator::up(&db, Some(before_key)).await.unwrap();
    app::server::seed::seed_demo(&db, app::server::seed::Size::EMPTY)
        .await
        .unwrap();
    // Every enrolment of the demo checked in once, so that the children are there to lose.
    db.execute_unprepared(
        "INSERT INTO checkin_sessions (class_id, title, secret, opened_at, opened_by_name) \
         SELECT DISTINCT class_id, '第1天', 'ab', CURRENT_TIMESTAMP, '机构' FROM enrolments",
    )
    .await
    .unwrap();
    db.execute_unprepared(
        "INSERT INTO checkins (session_id, enrolment_id, user_id, source, checked_at) \
         SELECT s.id, e.id, e.user_id, 'roster', CURRENT_TIMESTAMP \
         FROM enrolments e JOIN checkin_sessions s ON s.class_id = e.class_id",
    )
    .await
    .unwrap();
    let enrolments = count(&db, "SELECT COUNT(*) FROM enrolments").await;
    let children = children_of_enrolments(&db).await;
    assert!(
        enrolments >= 2 && children[0] >= 2,
        "{enrolments} {children:?}"
    );
    let (first, second): (i64, i64) = (
        count(&db, "SELECT MIN(id) FROM enrolments").await,
        count(&db, "SELECT MAX(id) FROM enrolments").await,
    );
    let set_class =
        |id: i64, class: i64| format!("UPDATE enrolments SET class_id = {class} WHERE id = {id}");
    db.execute_unprepared(&set_class(first, 0)).await.unwrap();
    db.execute_unprepared(&set_class(second, 99_999_999))
        .await
        .unwrap();

    let err = Migrator::up(&db, None).await.unwrap_err().to_string();
    assert!(
        err.contains("enrolments.class_id → project_classes: 1 rows"),
        "{err}"
    );
    // Refused before anything changed: the column still holds its 0.
    assert_eq!(
        count(
            &db,
            &format!("SELECT class_id FROM enrolments WHERE id = {first}")
        )
        .await,
        0
    );

    let class = count(&db, "SELECT MIN(id) FROM project_classes").await;
    db.execute_unprepared(&set_class(second, class))
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM enrolments").await,
        enrolments
    );
    assert_eq!(children_of_enrolments(&db).await, children);
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM enrolments WHERE id = {first} AND class_id IS NULL")
        )
        .await,
        1
    );
    // The keys hold: the new one, and the children's, which point at the rebuilt table.
    assert!(
        db.execute_unprepared(&set_class(first, 99_999_999))
            .await
            .is_err()
    );
    let lost_checkin = "UPDATE checkins SET enrolment_id = 99999999 \
         WHERE id = (SELECT MIN(id) FROM checkins)";
    assert!(db.execute_unprepared(lost_checkin).await.is_err());
    let with_a_checkin =
        "DELETE FROM enrolments WHERE id = (SELECT MAX(enrolment_id) FROM checkins)";
    db.execute_unprepared(with_a_checkin).await.unwrap();
    assert_eq!(
        children_of_enrolments(&db).await[0],
        children[0] - 1,
        "a check-in goes with its enrolment"
    );
    // The app's own connection (with its settings) opens the result.
    drop(db);
    let db = server::connect(&config).await.unwrap();
    let e = app::server::entities::enrolment::Entity::find_by_id(first)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.class_id, None);
    drop(db);
    drop_database(pg_name).await;
}

on_each_database!(the_class_key_keeps_every_enrolment_and_what_hangs_on_it);
