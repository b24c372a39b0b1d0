#![recursion_limit = "512"]
use app::server::config::Config;
use app::server::seed;
use app::server::state::AppState;
use leptos::prelude::get_configuration;
use server::{build_app, cli, connect};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("read-xlsx") {
        // Prints a spreadsheet's first sheet as tab-separated text (checking exports, imports).
        let path = args.get(1).ok_or(cli::USAGE)?;
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let rows =
            app::server::services::spreadsheet::read_rows(&bytes).map_err(|e| e.to_string())?;
        for r in rows {
            println!("{}", r.join("\t"));
        }
        return Ok(());
    }
    let config = Config::from_env()?;
    // Certificates and notices need it; refuse to start rather than fail a teacher later.
    app::server::documents::check_font()?;
    let db = connect(&config).await?;
    match args.first().map(String::as_str) {
        None | Some("serve") => {}
        Some("seed-demo") => {
            if !config.is_demo() {
                return Err("seed-demo writes accounts with a published password: run it with SHIXUN_MODE=demo only".into());
            }
            let size = args
                .get(1)
                .map_or(Some(seed::Size::DEMO), |s| seed::Size::parse(s));
            let size = size.ok_or(cli::USAGE)?;
            let started = std::time::Instant::now();
            seed::seed_demo(&db, size)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "demo province ready in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        Some("create-admin") => {
            let pw = cli::create_admin(&db, &args).await?;
            println!(
                "admin created. one-time password (shown once, must be changed at first login): {pw}"
            );
            return Ok(());
        }
        Some("stats") if args.get(1).map(String::as_str) == Some("rebuild") => {
            let started = std::time::Instant::now();
            let done = app::server::services::stats::rebuild::rebuild_all(&db)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "statistics rebuilt from {} teachers and {} enrolments in {:.1}s",
                done.teachers,
                done.enrolments,
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        Some(_) => return Err(cli::USAGE.into()),
    }
    if config.is_demo() && !seed::is_seeded(&db).await.map_err(|e| e.to_string())? {
        // SHIXUN_SEED=province (make run SEED=province) builds a full-size province.
        let size = std::env::var("SHIXUN_SEED")
            .ok()
            .and_then(|s| seed::Size::parse(&s))
            .unwrap_or(seed::Size::DEMO);
        tracing::info!(?size, "seeding the demo province (first start)");
        seed::seed_demo(&db, size)
            .await
            .map_err(|e| e.to_string())?;
    }
    seed::check_mode(&db, config.is_demo()).await?;
    if config.is_demo() {
        tracing::warn!(
            "DEMO MODE: the test captcha switch, the /dev/mailbox page and the demo accounts are on; never expose this instance to real users"
        );
    }
    if config.tls_proxy && !config.https {
        tracing::warn!(
            "SHIXUN_TLS_PROXY=1: serving plain http on the understanding that a TLS-terminating proxy stands in front"
        );
    }
    let conf = get_configuration(None).map_err(|e| e.to_string())?;
    let mut options = conf.leptos_options;
    // The release bundle names its files by their content and lists the names in hash.txt
    // beside them (Cargo.toml: hash-files); the page links to those names.
    let hash_file = std::path::Path::new(options.site_root.as_ref()).join("hash.txt");
    if hash_file.is_file() {
        let abs = std::fs::canonicalize(&hash_file).map_err(|e| e.to_string())?;
        options.hash_files = true;
        options.hash_file = abs.to_string_lossy().as_ref().into();
    }
    let addr = options.site_addr;
    let state = AppState::new(db.clone(), config.clone());
    spawn_session_cleanup(db);
    app::server::services::worker::spawn(state.clone());
    let app = build_app(state, options);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("师训 listening on http://{addr} ({:?} mode)", config.mode);
    server::serve(listener, app)
        .await
        .map_err(|e| e.to_string())
}

fn spawn_session_cleanup(db: sea_orm::DatabaseConnection) {
    let store = app::server::auth::session_store::DbSessionStore::new(db);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "session cleanup failed");
            }
        }
    });
}
