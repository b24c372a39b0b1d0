//! What every request can reach: the database, the configuration and shared limiters.

use super::auth::throttle::Throttle;
use super::config::Config;
use super::services::jobs::Jobs;
use super::services::outbox::Outbox;
use super::services::teachers::import_job::ImportJob;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    /// Bounds concurrent argon2 hashes (19 MiB each) to the number of cores, so a login burst
    /// queues instead of exhausting memory or starving other requests.
    pub hashing: Arc<Semaphore>,
    /// argon2 verifications run so far (the login bench and tests read it).
    pub verifications: Arc<std::sync::atomic::AtomicU64>,
    pub throttle: Arc<Throttle>,
    /// SMS and e-mail on their way out, and the bell of the worker that sends them.
    pub outbox: Arc<Outbox>,
    /// Teacher imports in progress or awaiting commit (in memory: one server process).
    pub imports: Arc<Jobs<ImportJob>>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let outbox = Arc::new(Outbox::new(&config));
        Self {
            db,
            throttle: Arc::new(Throttle::new(
                config.throttle_failures,
                config.throttle_minutes,
            )),
            config: Arc::new(config),
            hashing: Arc::new(Semaphore::new(cores)),
            verifications: Arc::default(),
            outbox,
            imports: Arc::new(Jobs::default()),
        }
    }
}

/// The state, from the Leptos context the server provides to every render and server function.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or(crate::error::AppError::Internal)
}
