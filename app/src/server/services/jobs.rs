//! Long work that outlives a request (an import of 50,000 rows): the request starts it and
//! returns at once; the page polls the job by its id. Jobs live in memory on this server and
//! expire; each belongs to the user who started it and is invisible to everyone else.

use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a finished or abandoned job stays reachable.
pub const TTL: Duration = Duration::from_secs(2 * 60 * 60);
/// Jobs one user may hold at once; the oldest goes first.
pub const PER_USER: usize = 3;

struct Entry<T> {
    owner: i64,
    /// Insertion order (clock readings can tie).
    seq: u64,
    created: Instant,
    job: Arc<T>,
}

struct Inner<T> {
    next: u64,
    map: HashMap<String, Entry<T>>,
}

pub struct Jobs<T> {
    entries: Mutex<Inner<T>>,
}

impl<T> Default for Jobs<T> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(Inner {
                next: 0,
                map: HashMap::new(),
            }),
        }
    }
}

impl<T> Jobs<T> {
    fn lock(&self) -> MutexGuard<'_, Inner<T>> {
        // A panic while holding the lock leaves the map itself intact.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a job for `owner` and returns its id (unguessable: it is the only key).
    pub fn insert(&self, owner: i64, job: T) -> (String, Arc<T>) {
        let mut bytes = [0u8; 16];
        rand::fill(&mut bytes);
        let id = hex::encode(bytes);
        let job = Arc::new(job);
        let mut inner = self.lock();
        inner.map.retain(|_, e| e.created.elapsed() < TTL);
        let mut mine: Vec<(u64, String)> = inner
            .map
            .iter()
            .filter(|(_, e)| e.owner == owner)
            .map(|(k, e)| (e.seq, k.clone()))
            .collect();
        mine.sort();
        while mine.len() >= PER_USER {
            let (_, k) = mine.remove(0);
            inner.map.remove(&k);
        }
        inner.next += 1;
        let seq = inner.next;
        inner.map.insert(
            id.clone(),
            Entry {
                owner,
                seq,
                created: Instant::now(),
                job: job.clone(),
            },
        );
        (id, job)
    }

    /// The job, if it exists and belongs to `owner`; anyone else gets NotFound.
    pub fn get(&self, owner: i64, id: &str) -> AppResult<Arc<T>> {
        self.lock()
            .map
            .get(id)
            .filter(|e| e.owner == owner && e.created.elapsed() < TTL)
            .map(|e| e.job.clone())
            .ok_or(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_reachable_only_by_its_owner() {
        let jobs = Jobs::default();
        let (id, _) = jobs.insert(7, "work");
        assert_eq!(*jobs.get(7, &id).unwrap(), "work");
        assert!(jobs.get(8, &id).is_err());
        assert!(jobs.get(7, "nope").is_err());
        assert_eq!(id.len(), 32);
    }

    #[test]
    fn a_user_holds_a_bounded_number_of_jobs_and_the_oldest_goes() {
        let jobs = Jobs::default();
        let ids: Vec<String> = (0..PER_USER + 1).map(|i| jobs.insert(1, i).0).collect();
        assert!(jobs.get(1, &ids[0]).is_err());
        assert!(ids[1..].iter().all(|id| jobs.get(1, id).is_ok()));
        // Another user's jobs are untouched by this user's limit.
        let other = jobs.insert(2, 99).0;
        jobs.insert(1, 100);
        assert!(jobs.get(2, &other).is_ok());
    }
}
