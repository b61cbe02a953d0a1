//! The deal-flow digest at scale: 10,000 investors × 100,000 start-ups, top 20 each.
//!
//! Every profile is imported after the digest's `since`, so every start-up is a candidate
//! and no run of rows is skipped for being old: the worst case of `tandem digest`, which is
//! then 10,000 exact rankings over 100,000 start-ups. Beside it, in the same process and on
//! the same store, the reference: one investor's top 20 (the same ranking `tandem match`
//! runs, through the digest's request, so it pays the same filter). The ratio of the two is
//! what the digest costs in single queries; at most 10,000, less by the parallel speed-up.
//!
//! Setup (generating and importing the profiles) runs once, outside the timed loops; the
//! import time is printed to stderr. Criterion's smallest sample (10) is taken of each.
//!
//! Run with `cargo bench --bench digest`; figures in `benches/README.md`.

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use tandem_engine::digest::{self, Digest, DigestRequest};
use tandem_engine::synth::{self, SynthConfig};
use tandem_engine::{Kind, Profile, Snapshot, Store, Weights};
use tempfile::TempDir;

/// The market: 100,000 start-ups and 10,000 investors.
const MARKET: SynthConfig = SynthConfig {
    startups: 100_000,
    investors: 10_000,
    partners: 0,
    seed: 7,
};

/// Candidates per investor.
const LIMIT: usize = 20;

/// How many different investors the one-query reference takes turns with.
const QUERIES: usize = 8;

/// An imported store, the time before its import, and a few investors.
struct Fixture {
    _dir: TempDir,
    _store: Store,
    snapshot: Arc<Snapshot>,
    since: Timestamp,
    investors: Vec<Profile>,
}

impl Fixture {
    fn new() -> Fixture {
        let profiles = synth::generate(&MARKET);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open_or_create(dir.path()).expect("a new store");
        let since = Timestamp::now();
        common::import_timed(&store, &profiles);
        let snapshot = store.snapshot();
        assert_eq!(snapshot.count(Kind::Startup), MARKET.startups);
        assert_eq!(snapshot.count(Kind::Investor), MARKET.investors);
        // Spread evenly over the investors (`inv-00001`, `inv-01251`, …).
        let investors = profiles
            .iter()
            .filter(|p| p.kind == Kind::Investor)
            .step_by(MARKET.investors / QUERIES)
            .cloned()
            .collect();
        Fixture {
            _dir: dir,
            _store: store,
            snapshot,
            since,
            investors,
        }
    }

    fn request(&self) -> DigestRequest {
        DigestRequest {
            kind: Kind::Investor,
            since: self.since,
            limit: LIMIT,
        }
    }
}

fn digest_10k(c: &mut Criterion) {
    let fixture = Fixture::new();
    let weights = Weights::default();
    let rank = digest::thesis(&fixture.snapshot, &weights);
    let digest = Digest::new(&fixture.snapshot, fixture.request(), &rank).expect("a digest");

    // Every investor gets a full top 20: every start-up is a candidate.
    let mut full = 0;
    let started = Instant::now();
    let summary = digest
        .run(&|_| false, &(), &mut |entry| {
            full += usize::from(entry.matches.len() == LIMIT);
            Ok(())
        })
        .expect("the digest runs");
    eprintln!(
        "first digest: {} investors in {:.2?}",
        summary.written,
        started.elapsed()
    );
    assert_eq!(summary.written, MARKET.investors);
    assert_eq!(full, MARKET.investors);

    let mut group = c.benchmark_group("digest_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let mut next = fixture.investors.iter().cycle();
    group.bench_function("one_query_top20", |b| {
        b.iter(|| black_box(digest.of(next.next().expect("a non-empty cycle"))))
    });
    group.bench_function("digest_10000_investors_top20", |b| {
        b.iter(|| {
            let mut entries = 0;
            digest
                .run(&|_| false, &(), &mut |entry| {
                    entries += black_box(entry.matches.len());
                    Ok(())
                })
                .expect("the digest runs");
            entries
        })
    });
    group.finish();
}

criterion_group!(benches, digest_10k);
criterion_main!(benches);
