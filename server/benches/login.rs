//! Login latency and throughput against the real app on SQLite (argon2id m=19456 t=2 p=1).
//! Run: `cargo bench -p server --bench login`. Prints figures; asserts nothing.

#![recursion_limit = "512"]

use app::server::config::{Config, TEST_CAPTCHA};
use app::server::state::AppState;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn login(base: &str) -> Duration {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let started = Instant::now();
    let res = client
        .post(format!("{base}/api/login"))
        .header("Origin", base)
        .form(&[
            ("account", "13900000006"),
            ("password", app::server::seed::DEMO_PASSWORD),
            ("captcha", TEST_CAPTCHA),
        ])
        .send()
        .await
        .expect("request");
    assert!(res.status().is_success(), "login failed: {}", res.status());
    started.elapsed()
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
    let router = server::build_app(
        AppState::new(db, config),
        LeptosOptions::builder().output_name("shixun").build(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .ok();
    });

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

    for burst in [16usize, 64] {
        let started = Instant::now();
        let tasks: Vec<_> = (0..burst)
            .map(|_| {
                tokio::spawn({
                    let base = base.clone();
                    async move { login(&base).await }
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.expect("task"));
        }
        let wall = started.elapsed();
        times.sort();
        println!(
            "login burst of {burst}: {:.0} logins/s, median {:.0} ms, p95 {:.0} ms (hashing bounded to {} at a time)",
            burst as f64 / wall.as_secs_f64(),
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.95).as_secs_f64() * 1000.0,
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        );
    }
    // While a burst hashes, other requests still answer: time a health check mid-burst.
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            tokio::spawn({
                let base = base.clone();
                async move { login(&base).await }
            })
        })
        .collect();
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
