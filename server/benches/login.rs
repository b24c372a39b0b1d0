//! Login latency and throughput against the real app on SQLite (argon2id m=19456 t=2 p=1).
//! Run: `cargo bench -p server --bench login`. Prints figures; asserts nothing.
//!
//! In the same run it measures the ceiling — bare argon2 verifications per second at the same
//! parallelism — so the share of login throughput left to everything else (captcha, the atomic
//! attempt counter, the session) reads as one ratio; the memory of the process (the server runs
//! in it) across bursts; and the recovery-code checks per second.

#![recursion_limit = "512"]

use app::server::config::{Config, TEST_CAPTCHA};
use app::server::state::AppState;
use leptos::prelude::LeptosOptions;
use std::time::{Duration, Instant};

/// The process's resident memory in MB (Linux), where the server under test runs.
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Bare argon2 verifications per second, `n` of them on `threads` blocking threads.
async fn argon2_ceiling(n: usize, threads: usize) -> f64 {
    let hash = app::server::auth::password::hash_blocking("Ceiling#2026x").expect("hash");
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(threads));
    let started = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (hash, gate) = (hash.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await.expect("permit");
                tokio::task::spawn_blocking(move || {
                    app::server::auth::password::verify_blocking("Ceiling#2026x", &hash)
                })
                .await
                .expect("verify")
            })
        })
        .collect();
    for t in tasks {
        assert!(t.await.expect("task"));
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Logs in as `account` (all bench accounts have the demo password).
async fn login_as(base: &str, account: &str) -> Duration {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let started = Instant::now();
    let res = client
        .post(format!("{base}/api/login"))
        .header("Origin", base)
        .form(&[
            ("account", account),
            ("password", app::server::seed::DEMO_PASSWORD),
            ("captcha", TEST_CAPTCHA),
        ])
        .send()
        .await
        .expect("request");
    assert!(res.status().is_success(), "login failed: {}", res.status());
    started.elapsed()
}

/// One login task per account, all at once.
fn spawn_logins(base: &str, accounts: &[String]) -> Vec<tokio::task::JoinHandle<Duration>> {
    accounts
        .iter()
        .map(|account| {
            let (base, account) = (base.to_string(), account.clone());
            tokio::spawn(async move { login_as(&base, &account).await })
        })
        .collect()
}

async fn login(base: &str) -> Duration {
    login_as(base, "13900000006").await
}

/// `n` teachers of the demo school with the demo password: a burst logs in as many people, as
/// it would (one account's parallel attempts are counted against its lockout).
async fn accounts(db: &sea_orm::DatabaseConnection, n: u16) -> Vec<String> {
    use app::server::entities::{school, teacher, user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq("13900000006"))
        .one(db)
        .await
        .expect("query")
        .expect("demo teacher");
    let t = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(u.id))
        .one(db)
        .await
        .expect("query")
        .expect("record");
    let s = school::Entity::find_by_id(t.school_id.expect("school"))
        .one(db)
        .await
        .expect("query")
        .expect("school");
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("date");
    let mut out = Vec::new();
    for i in 0..n {
        let id = app::domain::id_card::make_id_number("130102", birth, 300 + i);
        let phone = format!("1370001{i:04}");
        app::server::seed::demo_teacher(db, "测试师", &id, &phone, &s, "小学", "数学")
            .await
            .expect("teacher");
        out.push(phone);
    }
    out
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("shixun-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut config = Config::for_tests(&format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    config.throttle_failures = usize::MAX;
    let db = server::connect(&config).await.expect("db");
    app::server::seed::seed_demo(&db, app::server::seed::Size::EMPTY)
        .await
        .expect("seed");
    let people = accounts(&db, 128).await;
    let router = server::build_app(
        AppState::new(db, config),
        LeptosOptions::builder().output_name("shixun").build(),
    );
    let base = format!("http://{}", server::serve_in_background(router).await);

    login(&base).await; // warm up
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..60 {
        times.push(login(&base).await);
    }
    times.sort();
    println!(
        "login, one at a time (n=60): median {:.1} ms, p95 {:.1} ms",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.95).as_secs_f64() * 1000.0
    );

    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let ceiling = argon2_ceiling(64, cores).await;
    println!("argon2 alone, 64 verifications on {cores} threads: {ceiling:.0} /s (the ceiling)");
    let rss_before = rss_mb();
    for burst in [16usize, 64] {
        let started = Instant::now();
        let tasks = spawn_logins(&base, &people[..burst]);
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.expect("task"));
        }
        let wall = started.elapsed();
        times.sort();
        let rate = burst as f64 / wall.as_secs_f64();
        println!(
            "login burst of {burst}: {rate:.0} logins/s = {:.0} % of the argon2 ceiling, median {:.0} ms, p95 {:.0} ms (hashing bounded to {cores} at a time)",
            100.0 * rate / ceiling,
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.95).as_secs_f64() * 1000.0,
        );
    }
    // Memory stays bounded however many logins arrive at once: hashing (19 MiB each) is
    // bounded to the cores, the rest waits on a semaphore.
    let mut after = Vec::new();
    for _ in 0..5 {
        for t in spawn_logins(&base, &people) {
            t.await.expect("task");
        }
        after.push(format!("{:.0}", rss_mb()));
    }
    println!(
        "memory: {rss_before:.0} MB before the bursts; after each of 5 more bursts of 128 logins: {} MB",
        after.join(", ")
    );
    // Recovery codes: a wrong code for an unknown account, and for one with a live code (the
    // atomic attempt counter runs; after 5 the code is spent and every check is refused).
    let asked = reqwest::Client::new()
        .post(format!("{base}/api/request_account_code"))
        .header("Origin", &base)
        .form(&[
            ("account", "13900000006"),
            ("captcha", TEST_CAPTCHA),
            ("purpose", "unlock"),
        ])
        .send()
        .await
        .expect("request");
    assert!(
        asked.status().is_success(),
        "code request: {}",
        asked.status()
    );
    for (what, account) in [
        ("unknown account", "13999999999"),
        ("account with a code", "13900000006"),
    ] {
        let client = reqwest::Client::new();
        let started = Instant::now();
        let n = 200;
        for _ in 0..n {
            let res = client
                .post(format!("{base}/api/unlock_with_code"))
                .header("Origin", &base)
                .form(&[("account", account), ("code", "000000")])
                .send()
                .await
                .expect("request");
            assert!(!res.status().is_success());
        }
        println!(
            "wrong recovery codes, {what}: {:.0} checks/s (n={n}, one at a time)",
            n as f64 / started.elapsed().as_secs_f64()
        );
    }
    // While a burst hashes, other requests still answer: time a health check mid-burst.
    let tasks = spawn_logins(&base, &people[..32]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    reqwest::get(format!("{base}/healthz"))
        .await
        .expect("health");
    println!(
        "health check during a 32-login burst: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for t in tasks {
        t.await.expect("task");
    }
    let _ = std::fs::remove_dir_all(dir);
}
