//! Dashboards and statistics at province scale (issue 15), on SQLite and (when one answers on
//! 127.0.0.1:5432) PostgreSQL. Prints figures; asserts nothing.
//!
//! - Reads: p50/p95 of the 工作台 and of each 统计分析 page at province, city, county and
//!   school scope, and of the province-wide 学分预警 page, in the province-size database with
//!   ten years of history (≈600,000 teachers, ≈3,000,000 enrolments with results, their ledger
//!   lines and certificates). The reads run right after a bulk write of 320,000 ledger lines
//!   the planner has not seen (removed at the end), so they do not depend on fresh statistics.
//! - Upkeep: an enrolment's whole write path (apply, school and institution approval, a pass
//!   with its ledger line and certificate), each in a transaction rolled back, with the
//!   statistics' upkeep and without it, interleaved; the ratio is measured in the same run.
//!
//! Run: `cargo bench -p server --bench dashboards` (READ_RUNS, WRITE_RUNS to change sizes;
//! BACKEND=sqlite or postgres for one of them; SMALL=1 for the upkeep alone on a demo-size
//! database).
//! The seeded databases are kept (target/bench-province.db, PostgreSQL database
//! shixun_bench_province).

#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // a bench fails loudly on a broken set-up

mod common;

use common::{demo_actor as actor, env_usize, fresh, kept, ms, percentile, province};

use app::domain::assessment::format_score;
use app::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus};
use app::domain::project_flow::ProjectStatus;
use app::domain::role::Scope;
use app::dto::credits::ShortfallFilter;
use app::dto::dashboard::StatsQuery;
use app::dto::results::{ScoreEntry, ScoresInput};
use app::server::auth::Actor;
use app::server::entities::{enrolment, project, project_class, teacher};
use app::server::seed;
use app::server::services::enrolments::{self, review};
use app::server::services::results::{scheme_of, scores};
use app::server::services::{dashboard, shortfall, statistics, stats, training_years};
use chrono::Datelike;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use std::time::{Duration, Instant};

fn line(label: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "  {label:<28} p50 {:>7.1} ms   p95 {:>7.1} ms",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.95))
    );
}

async fn timed<F, Fut, T>(runs: usize, mut f: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f().await;
        out.push(started.elapsed());
    }
    out
}

/// 320,000 pending ledger lines in one statement (pending: no standing changes), marked so
/// that they can be taken out again.
async fn bulk_write(db: &DatabaseConnection) -> Duration {
    let started = Instant::now();
    db.execute_unprepared(
        "INSERT INTO credit_entries (user_id, teacher_id, county_code, school_id, year, category, \
         credits_tenths, hours, source, enrolment_id, title, certifier_level, certifier_name, \
         status, reason, created_by_user_id, created_at, decided_by_name, decided_at) \
         SELECT user_id, id, county_code, school_id, 2026, '校本研修', 20, 6, 'manual', NULL, \
           'bench-bulk', '校级', '本校', 'pending', NULL, user_id, created, NULL, NULL \
         FROM (SELECT t.*, (SELECT MIN(created_at) FROM users) AS created FROM teachers t \
               ORDER BY t.id LIMIT 320000) x",
    )
    .await
    .unwrap();
    started.elapsed()
}

async fn reads(db: &DatabaseConnection, runs: usize) {
    let scopes = [
        ("省", actor(db, "13900000001").await),
        ("市", actor(db, "13900000002").await),
        ("县", actor(db, "13900000003").await),
        ("校", actor(db, "13900000004").await),
    ];
    for (label, a) in &scopes {
        let mut t = timed(runs, || dashboard::workbench(db, a)).await;
        line(&format!("{label} 工作台"), &mut t);
        for area in ["teachers", "training", "credits", "institutions"] {
            if area == "institutions" && matches!(*label, "县" | "校") {
                continue;
            }
            let q = StatsQuery {
                area: area.into(),
                ..Default::default()
            };
            let mut t = timed(runs, || async {
                statistics::view(db, a, &q).await.unwrap()
            })
            .await;
            line(&format!("{label} 统计 {area}"), &mut t);
        }
    }
    let scope = kept(Scope::Region("130000".into()));
    for page in [1u64, 50] {
        let f = ShortfallFilter {
            page,
            ..Default::default()
        };
        let mut t = timed(runs, || async {
            shortfall::page(db, &scope, &f).await.unwrap()
        })
        .await;
        line(&format!("省 学分预警 第 {page} 页"), &mut t);
    }
}

/// One enrolment's write path, rolled back: the application as `enrolments::insert` writes it
/// (the teacher's own path checks windows and hours this class's year may not open), then the
/// school's and the institution's approval and the pass as their server functions call them
/// (`review::decide`, `scores::save`, each in its own nested transaction).
async fn write_path(db: &DatabaseConnection, who: &[Actor; 2], class: i64, teacher_id: i64) {
    let [school, inst] = who;
    let txn = db.begin().await.unwrap();
    let t = teacher::Entity::find_by_id(teacher_id)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let c = project_class::Entity::find_by_id(class)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let p = project::Entity::find_by_id(c.project_id)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let e = enrolments::insert(
        &txn,
        school,
        &t,
        &p,
        Some(class),
        (1, EnrolmentStatus::Applied, "apply"),
    )
    .await
    .unwrap();
    for (action, a) in [
        (EnrolmentAction::SchoolApprove, school),
        (EnrolmentAction::InstitutionApprove, inst),
    ] {
        review::decide(&txn, a, e.id, action, "").await.unwrap();
    }
    let scheme = scheme_of(&txn, &p).await.unwrap();
    let full = ScoresInput {
        class_id: class,
        rows: vec![ScoreEntry {
            enrolment_id: e.id,
            scores: scheme
                .components
                .iter()
                .map(|c| format_score(c.max))
                .collect(),
        }],
    };
    let report = scores::save(&txn, inst, &full).await.unwrap();
    assert_eq!(report.passed, 1, "the bench's pass");
    txn.rollback().await.unwrap();
}

async fn upkeep(db: &DatabaseConnection, runs: usize) {
    let school = actor(db, "13900000004").await;
    let inst = actor(db, "13900000005").await;
    let Scope::Institution(inst_id) = inst.scope else {
        return;
    };
    let year = training_years::today().year();
    let class = project_class::Entity::find()
        .filter(
            project_class::Column::ProjectId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(project::Column::Id)
                    .from(project::Entity)
                    .and_where(project::Column::Year.eq(year))
                    .and_where(project::Column::InstitutionId.eq(inst_id))
                    .and_where(project::Column::Status.eq(ProjectStatus::Approved))
                    .to_owned(),
            ),
        )
        .order_by_asc(project_class::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let project_id = project_class::Entity::find_by_id(class)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .project_id;
    // The school's teachers not in the project yet (one live enrolment a project each).
    let teachers: Vec<i64> = teacher::Entity::find()
        .filter(teacher::Column::SchoolId.eq(match school.scope {
            Scope::School { id, .. } => id,
            _ => 0,
        }))
        .filter(
            teacher::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(enrolment::Column::TeacherId)
                    .from(enrolment::Entity)
                    .and_where(enrolment::Column::ProjectId.eq(project_id))
                    .to_owned(),
            ),
        )
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    let who = [school, inst];
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let t = teachers[i % teachers.len()];
        let started = Instant::now();
        write_path(db, &who, class, t).await;
        with.push(started.elapsed());
        let started = Instant::now();
        stats::without_upkeep(write_path(db, &who, class, t)).await;
        without.push(started.elapsed());
    }
    let mean = |v: &[Duration]| v.iter().sum::<Duration>() / v.len().max(1) as u32;
    let (w, wo) = (mean(&with), mean(&without));
    line("写入（含统计维护）", &mut with);
    line("写入（不含统计维护）", &mut without);
    println!(
        "  upkeep adds {:.1} ms to an enrolment's write path ({:.1} %, mean of {runs})",
        ms(w) - ms(wo),
        (ms(w) / ms(wo) - 1.0) * 100.0
    );
}

/// The upkeep's measure alone, on a fresh demo-size database (SMALL=1): what it adds to a write
/// hardly depends on the province's size, and this takes a minute, not the province's seed.
async fn small(backend: &str) {
    let Some(db) = fresh(backend, "shixun_bench_small").await else {
        println!("{backend}: not available, skipped");
        return;
    };
    seed::seed_demo(&db, seed::Size::DEMO).await.unwrap();
    println!("{backend} (demo size):");
    upkeep(&db, env_usize("WRITE_RUNS", 40)).await;
}

async fn run(backend: &str) {
    if std::env::var("SMALL").is_ok_and(|v| v == "1") {
        return small(backend).await;
    }
    let Some(db) = province(backend).await else {
        println!("{backend}: not available, skipped");
        return;
    };
    println!("{backend}:");
    let runs = env_usize("READ_RUNS", 30);
    // Lines a run cut short left behind.
    remove_bulk(&db).await;
    println!(
        "  bulk write of 320,000 ledger lines: {:.1} s (not analysed before the reads)",
        bulk_write(&db).await.as_secs_f64()
    );
    reads(&db, runs).await;
    upkeep(&db, env_usize("WRITE_RUNS", 40)).await;
    remove_bulk(&db).await;
}

async fn remove_bulk(db: &DatabaseConnection) {
    db.execute_unprepared("DELETE FROM credit_entries WHERE title = 'bench-bulk'")
        .await
        .unwrap();
}

#[tokio::main]
async fn main() {
    // BACKEND=sqlite or postgres runs one (two runs can then seed side by side).
    let only = std::env::var("BACKEND").unwrap_or_default();
    for backend in ["sqlite", "postgres"] {
        if only.is_empty() || only == backend {
            run(backend).await;
        }
    }
}
