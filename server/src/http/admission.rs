//! Admission to engine work: a fixed number of slots, and a bounded queue in front of them.
//!
//! Engine work is CPU-bound, so running more of it at once only makes every request slower.
//! Requests beyond the slots wait for one asynchronously (holding no thread). The queue is
//! bounded so that under overload the server answers at once with 503 and `Retry-After`
//! instead of letting requests pile up until each of them times out with 408 after 30 s.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::problem::{Problem, RETRY_AFTER_SECONDS};

/// The engine's slots and the queue of requests waiting for one.
#[derive(Debug)]
pub struct EngineSlots {
    slots: Arc<Semaphore>,
    capacity: usize,
    max_queue: usize,
    waiting: AtomicUsize,
    shed: AtomicU64,
}

/// A request refused because the queue was full.
#[derive(Debug, PartialEq, Eq)]
pub struct Overloaded {
    /// How many requests were waiting.
    pub waiting: usize,
}

impl From<Overloaded> for Problem {
    fn from(overloaded: Overloaded) -> Problem {
        Problem::unavailable(
            "Overloaded",
            format!(
                "the server is overloaded: {} requests are already waiting for the engine; \
                 retry after {RETRY_AFTER_SECONDS} s",
                overloaded.waiting
            ),
        )
    }
}

/// A snapshot of the admission counters, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdmissionStats {
    /// Engine work allowed at once.
    pub slots: usize,
    /// Slots in use.
    pub busy: usize,
    /// Requests waiting for a slot.
    pub waiting: usize,
    /// Most requests allowed to wait.
    pub max_queue: usize,
    /// Requests refused (503) since the start because the queue was full.
    pub shed: u64,
}

/// A place in the queue; leaving it (with a slot, or because the request was dropped by the
/// timeout or a closed connection) frees it.
struct QueuePlace<'a>(&'a AtomicUsize);

impl Drop for QueuePlace<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl EngineSlots {
    /// `slots` (at least 1) engine tasks at once; at most `max_queue` requests waiting.
    pub fn new(slots: usize, max_queue: usize) -> EngineSlots {
        let slots = slots.max(1);
        EngineSlots {
            slots: Arc::new(Semaphore::new(slots)),
            capacity: slots,
            max_queue,
            waiting: AtomicUsize::new(0),
            shed: AtomicU64::new(0),
        }
    }

    /// A slot: at once if one is free, after waiting if fewer than `max_queue` requests are
    /// already waiting, else `Err` at once.
    pub async fn acquire(&self) -> Result<OwnedSemaphorePermit, Overloaded> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        // Check and join in one atomic step, so that concurrent arrivals cannot overfill the
        // queue. A slot freed between the two steps is taken by a waiter, or by this request
        // right after it joins, so at worst a request is refused that could just have run.
        let joined = self
            .waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |waiting| {
                (waiting < self.max_queue).then_some(waiting + 1)
            });
        let _place = match joined {
            Ok(_) => QueuePlace(&self.waiting),
            Err(waiting) => {
                self.shed.fetch_add(1, Ordering::Relaxed);
                return Err(Overloaded { waiting });
            }
        };
        Ok(self
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed"))
    }

    /// The current counters.
    pub fn stats(&self) -> AdmissionStats {
        AdmissionStats {
            slots: self.capacity,
            busy: self.capacity - self.slots.available_permits(),
            waiting: self.waiting.load(Ordering::SeqCst),
            max_queue: self.max_queue,
            shed: self.shed.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Polls until `condition` holds (the spawned waiters need a moment to queue).
    async fn until(condition: impl Fn() -> bool) {
        for _ in 0..1000 {
            if condition() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        panic!("condition never held");
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_frees_as_waiters_leave() {
        let engine = Arc::new(EngineSlots::new(1, 2));
        let running = engine.acquire().await.unwrap();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let engine = engine.clone();
                tokio::spawn(async move { engine.acquire().await.map(drop) })
            })
            .collect();
        until(|| engine.stats().waiting == 2).await;

        assert_eq!(
            engine.acquire().await.unwrap_err(),
            Overloaded { waiting: 2 }
        );
        let stats = engine.stats();
        assert_eq!((stats.busy, stats.waiting, stats.shed), (1, 2, 1));

        drop(running);
        for waiter in waiters {
            waiter.await.unwrap().unwrap();
        }
        let stats = engine.stats();
        assert_eq!((stats.busy, stats.waiting, stats.shed), (0, 0, 1));
        assert!(engine.acquire().await.is_ok());
    }

    #[tokio::test]
    async fn a_cancelled_waiter_leaves_the_queue() {
        let engine = Arc::new(EngineSlots::new(1, 1));
        let _running = engine.acquire().await.unwrap();
        let timed_out = tokio::time::timeout(Duration::from_millis(20), engine.acquire()).await;
        assert!(timed_out.is_err(), "no slot was free");
        assert_eq!(engine.stats().waiting, 0, "the place was given back");
        let waiter = {
            let engine = engine.clone();
            tokio::spawn(async move { engine.acquire().await.map(drop) })
        };
        until(|| engine.stats().waiting == 1).await;
        assert!(engine.acquire().await.is_err());
        waiter.abort();
    }

    #[tokio::test]
    async fn with_no_queue_only_free_slots_admit() {
        let engine = EngineSlots::new(2, 0);
        let _a = engine.acquire().await.unwrap();
        let _b = engine.acquire().await.unwrap();
        let problem = Problem::from(engine.acquire().await.unwrap_err());
        assert_eq!(problem.status, 503);
        assert!(problem.detail.contains("overloaded"), "{}", problem.detail);
        assert!(
            problem
                .headers
                .iter()
                .any(|(name, _)| name == "retry-after")
        );
    }
}
