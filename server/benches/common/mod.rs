//! What the benches share: sizes from the environment, percentiles, and the databases they run
//! on (a fresh one per run, or the kept province-size one).
#![allow(dead_code)] // each bench uses a part

use app::server::config::Config;
use app::server::entities::{school, teacher};
use app::server::seed::{self, Size};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::time::{Duration, Instant};

pub fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn open(url: &str) -> DatabaseConnection {
    let config = Config::for_tests(url);
    server::connect(&config).await.expect("database")
}

/// A fresh database of this backend, or None when PostgreSQL is not running.
pub async fn fresh(backend: &str, name: &str) -> Option<DatabaseConnection> {
    match backend {
        "sqlite" => {
            let path = std::env::temp_dir().join(format!("{name}-{}.db", std::process::id()));
            let _ = std::fs::remove_file(&path);
            Some(open(&format!("sqlite://{}?mode=rwc", path.display())).await)
        }
        _ => {
            let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres")
                .await
                .ok()?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .ok()?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .ok()?;
            Some(
                open(&format!(
                    "postgres://postgres@127.0.0.1:5432/{name}?sslmode=disable"
                ))
                .await,
            )
        }
    }
}

/// The kept province-size database of this backend; `anew` empties it first. None when
/// PostgreSQL is not running.
async fn kept_province(backend: &str, anew: bool) -> Option<DatabaseConnection> {
    const NAME: &str = "shixun_bench_province";
    if backend == "sqlite" {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench-province.db");
        if anew {
            for f in [
                path.to_string(),
                format!("{path}-wal"),
                format!("{path}-shm"),
            ] {
                let _ = std::fs::remove_file(f);
            }
        }
        return Some(open(&format!("sqlite://{path}?mode=rwc")).await);
    }
    let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres")
        .await
        .ok()?;
    if anew {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {NAME} WITH (FORCE)"))
            .await;
    }
    // Already there when it is kept: the error is the answer.
    let _ = admin
        .execute_unprepared(&format!("CREATE DATABASE {NAME}"))
        .await;
    Some(
        open(&format!(
            "postgres://postgres@127.0.0.1:5432/{NAME}?sslmode=disable"
        ))
        .await,
    )
}

/// The province-size database, built once and kept.
pub async fn province(backend: &str) -> Option<DatabaseConnection> {
    let mut db = kept_province(backend, false).await?;
    let mut have = teacher::Entity::find().count(&db).await.unwrap_or(0);
    // A database kept from a seed cut short, or from before the seed had ten years of
    // history, is built again.
    let history = app::server::entities::enrolment::Entity::find()
        .count(&db)
        .await
        .unwrap_or(0);
    let finished = seed::is_seed_finished(&db).await.unwrap_or(false);
    if have > 0 && (!finished || history < 1_000_000) {
        println!(
            "  the kept province is unfinished or has no history ({history} enrolments): building it again"
        );
        drop(db);
        db = kept_province(backend, true).await?;
        have = 0;
    }
    if have < 500_000 {
        // The seed logs its phases as it goes (minutes each at this size).
        let _ = tracing_subscriber::fmt().with_target(false).try_init();
        let started = Instant::now();
        seed::seed_demo(&db, Size::PROVINCE).await.expect("seed");
        let n = teacher::Entity::find().count(&db).await.unwrap_or(0);
        println!(
            "  seeded {n} teachers in {} schools in {:.0} s",
            school::Entity::find().count(&db).await.unwrap_or(0),
            started.elapsed().as_secs_f64()
        );
    }
    if backend != "sqlite" {
        let _ = db.execute_unprepared("ANALYZE").await;
    } else {
        let _ = db.execute_unprepared("PRAGMA optimize").await;
    }
    Some(db)
}

/// The teachers an admin of `scope` keeps, as the policy proves it for such an admin (a bench
/// calls the list services directly, past the server's gate).
#[allow(dead_code)] // not every bench lists teachers
pub fn kept(scope: app::domain::role::Scope) -> app::server::auth::policy::proof::ListScope {
    use app::domain::role::{Role, Scope};
    let role = match scope {
        Scope::School { .. } => Role::SchoolAdmin,
        _ => Role::CountyAdmin,
    };
    let actor = app::server::auth::Actor {
        user_id: 0,
        name: String::new(),
        assignment_id: 0,
        role,
        scope,
        must_change_password: false,
    };
    app::server::auth::policy::proof::list_scope(&actor).expect("an admin's scope")
}

/// The demo account with this phone, in its first role other than teacher.
#[allow(dead_code)] // not every bench acts as someone
pub async fn demo_actor(db: &DatabaseConnection, phone: &str) -> app::server::auth::Actor {
    use app::domain::role::{Role, Scope};
    use app::server::entities::{role_assignment, user};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
        .expect("the demo account")
        .expect("the demo account");
    // The school admin who also teaches acts as the admin.
    let roles = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(u.id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await
        .expect("the demo account");
    let ra = roles
        .iter()
        .find(|r| r.role != Role::Teacher)
        .or(roles.first())
        .cloned()
        .expect("the demo account");
    let role = ra.role;
    let scope = match role {
        Role::Institution => Scope::Institution(ra.institution_id.expect("the demo account")),
        Role::Teacher => Scope::Own(u.id),
        Role::SchoolAdmin => {
            let id = ra.school_id.expect("the demo account");
            let county_code = app::server::entities::school::Entity::find_by_id(id)
                .one(db)
                .await
                .expect("the demo account")
                .expect("the demo account")
                .county_code;
            Scope::School { id, county_code }
        }
        _ => Scope::Region(ra.region_code.clone().expect("the demo account")),
    };
    app::server::auth::Actor {
        user_id: u.id,
        name: u.name,
        assignment_id: ra.id,
        role,
        scope,
        must_change_password: false,
    }
}
