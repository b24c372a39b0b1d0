//! CPU-heavy work (parsing uploaded sheets, drawing certificate batches, writing exports) runs
//! on blocking threads, at most `PERMITS` at a time: the async threads stay free to answer
//! everyone else, and a burst of imports queues instead of multiplying memory.

use crate::error::{AppError, AppResult};
use tokio::sync::Semaphore;

/// Heavy jobs at once, server-wide (the machine has 2 cores; hashing has its own limit).
pub const PERMITS: usize = 2;

static HEAVY: Semaphore = Semaphore::const_new(PERMITS);

/// Runs `work` on a blocking thread once a permit is free.
pub async fn run<T, F>(work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let _permit = HEAVY.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "heavy work failed");
        AppError::Internal
    })
}

/// Permits free now (for tests and the health view).
pub fn available() -> usize {
    HEAVY.available_permits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_permits_run_at_once() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn(run(|| {
                    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    RUNNING.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for j in jobs {
            j.await.unwrap().unwrap();
        }
        let most = MOST.load(Ordering::SeqCst);
        assert!((1..=PERMITS).contains(&most), "{most} at once");
    }
}
