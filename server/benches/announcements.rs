//! 通知公告 at province scale (issue 17), on SQLite and PostgreSQL. Prints figures beside the
//! issue's targets; asserts nothing.
//!
//! In the province-size database (≈600,000 teachers): the province publishes to every
//! teacher (target: < 1 s), with an announcement of each of the first 60 counties that has
//! an admin and of each pair of 长安区's schools around it; 300,000 teachers have read the
//! province's (written in bulk, with the counts by place that reads keep); then a teacher's
//! 通知公告 list (target p95 < 50 ms, over teachers picked across the province) and the
//! read-rate table by unit at province, city and county (target p95 < 300 ms). What the
//! bench wrote is removed at the end.
//!
//! Run: `cargo bench -p server --bench announcements` (RUNS to change the sample, BACKEND=
//! sqlite or postgres for one of them).

#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // a bench fails loudly on a broken set-up

mod common;

use common::{demo_actor, env_usize, ms, percentile, province};

use app::domain::role::{Role, Scope};
use app::dto::announcements::{AnnouncementFilter, Draft, UnitRef};
use app::server::auth::Actor;
use app::server::entities::{role_assignment, school, teacher};
use app::server::services::announcements::{inbox, publish, reach};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use std::time::{Duration, Instant};

const MARK: &str = "bench-announcement";

fn line(label: &str, times: &mut [Duration], target_ms: f64) {
    times.sort();
    let p95 = ms(percentile(times, 0.95));
    println!(
        "  {label:<34} p50 {:>7.1} ms   p95 {:>7.1} ms   (target p95 < {target_ms:.0} ms: {})",
        ms(percentile(times, 0.5)),
        p95,
        if p95 < target_ms { "met" } else { "MISSED" }
    );
}

fn draft(title: &str, units: Vec<UnitRef>) -> Draft {
    Draft {
        title: format!("{MARK} {title}"),
        body: "<p>请各单位认真组织学习，并于月底前反馈。</p>".into(),
        units,
        ..Default::default()
    }
}

async fn remove(db: &DatabaseConnection) {
    // Reads, targets and reminders go with their announcement.
    db.execute_unprepared(&format!(
        "DELETE FROM announcements WHERE title LIKE '{MARK}%'"
    ))
    .await
    .unwrap();
}

/// An admin of `role` at `region`, as a bench acts (past the server's gate).
async fn admin_at(db: &DatabaseConnection, role: Role, region: &str) -> Option<Actor> {
    let ra = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(role))
        .filter(role_assignment::Column::RegionCode.eq(region))
        .one(db)
        .await
        .unwrap()?;
    Some(Actor {
        user_id: ra.user_id,
        name: String::new(),
        assignment_id: ra.id,
        role,
        scope: Scope::Region(region.into()),
        must_change_password: false,
    })
}

async fn run(backend: &str) {
    let Some(db) = province(backend).await else {
        println!("{backend}: not available, skipped");
        return;
    };
    println!("{backend}:");
    let runs = env_usize("RUNS", 200);
    remove(&db).await;
    let province_admin = demo_actor(&db, "13900000001").await;

    // Around it: announcements of every city and of the counties and schools of one city.
    let counties: Vec<String> = school::Entity::find()
        .select_only()
        .column(school::Column::CountyCode)
        .distinct()
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    let mut others = 0;
    for county in counties.iter().take(60) {
        if let Some(a) = admin_at(&db, Role::CountyAdmin, county).await {
            publish::publish(&db, &a, &draft("县级通知", vec![]))
                .await
                .unwrap();
            others += 1;
        }
    }
    let schools: Vec<school::Model> = school::Entity::find().limit(140).all(&db).await.unwrap();
    let county_admin = demo_actor(&db, "13900000003").await;
    for pair in schools
        .iter()
        .filter(|s| s.county_code == "130102")
        .collect::<Vec<_>>()
        .chunks(2)
    {
        let units = pair.iter().map(|s| UnitRef::School(s.id)).collect();
        publish::publish(&db, &county_admin, &draft("两校通知", units))
            .await
            .unwrap();
        others += 1;
    }
    println!("  {others} other announcements of counties and schools");

    // The province to every teacher: timed, several times (each a real announcement).
    let mut publishing = Vec::new();
    let mut id = 0;
    for i in 0..5 {
        let started = Instant::now();
        id = publish::publish(
            &db,
            &province_admin,
            &draft(&format!("全省通知 {i}"), vec![]),
        )
        .await
        .unwrap();
        publishing.push(started.elapsed());
    }
    line("publish to the whole province", &mut publishing, 1000.0);

    // 300,000 teachers read the last one.
    let started = Instant::now();
    db.execute_unprepared(&format!(
        "INSERT INTO announcement_reads (announcement_id, user_id, county_code, school_id, read_at, acked_at) \
         SELECT {id}, t.user_id, s.county_code, t.school_id, s.created_at, NULL \
         FROM teachers t JOIN schools s ON s.id = t.school_id ORDER BY t.id LIMIT 300000"
    ))
    .await
    .unwrap();
    // Counted by place as 300,000 recorded reads would have counted them (`mark_read`).
    db.execute_unprepared(&format!(
        "INSERT INTO announcement_read_counts (announcement_id, county_code, school_id, n) \
         SELECT announcement_id, COALESCE(county_code, ''), COALESCE(school_id, 0), COUNT(*) \
         FROM announcement_reads WHERE announcement_id = {id} \
         GROUP BY announcement_id, COALESCE(county_code, ''), COALESCE(school_id, 0)"
    ))
    .await
    .unwrap();
    println!(
        "  300,000 reads written in {:.1} s (bulk, for the read-rate figures)",
        started.elapsed().as_secs_f64()
    );
    if backend != "sqlite" {
        db.execute_unprepared("ANALYZE announcement_reads")
            .await
            .unwrap();
    }

    // Teachers across the province open their list.
    let total = teacher::Entity::find()
        .select_only()
        .column(teacher::Column::Id)
        .column(teacher::Column::UserId)
        .filter(teacher::Column::SchoolId.is_not_null())
        .into_tuple::<(i64, i64)>()
        .all(&db)
        .await
        .unwrap();
    let step = (total.len() / runs.max(1)).max(1);
    let mut lists = Vec::with_capacity(runs);
    let mut seen = 0;
    for (_, user_id) in total.iter().step_by(step).take(runs) {
        let actor = Actor {
            user_id: *user_id,
            name: String::new(),
            assignment_id: 0,
            role: Role::Teacher,
            scope: Scope::Own(*user_id),
            must_change_password: false,
        };
        let started = Instant::now();
        let page = inbox::list(
            &db,
            &actor,
            &AnnouncementFilter {
                page: 1,
                page_size: 20,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        lists.push(started.elapsed());
        seen += page.page.total;
    }
    line("a teacher's list", &mut lists, 50.0);
    println!(
        "  (each teacher saw {:.1} announcements on average)",
        seen as f64 / lists.len().max(1) as f64
    );

    // The read-rate table at province, city and county.
    for (label, at) in [
        ("read rate by city (province)", None),
        (
            "read rate by county (a city)",
            Some(UnitRef::Region("130100".into())),
        ),
        (
            "read rate by school (a county)",
            Some(UnitRef::Region("130102".into())),
        ),
    ] {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..env_usize("RATE_RUNS", 20) {
            let started = Instant::now();
            last = Some(
                reach::read_rates(&db, &province_admin, id, at.as_ref())
                    .await
                    .unwrap(),
            );
            times.push(started.elapsed());
        }
        line(label, &mut times, 300.0);
        if let Some(r) = last {
            println!(
                "    {} lines; reached {}, read {} ({}%)",
                r.rows.len(),
                r.total.reached,
                r.total.read,
                r.total.rate.unwrap_or(0)
            );
        }
    }
    remove(&db).await;
}

#[tokio::main]
async fn main() {
    let only = std::env::var("BACKEND").unwrap_or_default();
    for backend in ["sqlite", "postgres"] {
        if only.is_empty() || only == backend {
            run(backend).await;
        }
    }
}
