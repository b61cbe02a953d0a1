//! Ranking at realistic scale: 100,000 start-ups, 2,000 investors, 1,000 partners.
//!
//! What a user waits for when an investor asks for deal flow is one exact hybrid ranking over
//! every start-up: feature fits of all 100k rows, BM25 relevance of the rows that can still
//! reach the top k, hard filters, top-k and explanations. This bench measures that call, and
//! puts three references next to it so that the figures read as ratios rather than bare
//! milliseconds:
//!
//! - the same ranking on one thread, so `hybrid_top10` / `hybrid_top10_single_thread` is the
//!   parallel speed-up on this machine;
//! - a plain tantivy BM25 top-10 over the same start-ups (`Snapshot::search` with the
//!   investor's description), so hybrid / BM25 is what exact hybrid scoring costs over a
//!   text-only top-k;
//! - tantivy scoring every text hit of the investor's profile (`Snapshot::relevance`): what
//!   the text step alone would cost if the ranking did not prune by bounds.
//!
//! Setup (generating and importing the profiles) runs once, outside the timed loops; the
//! import time is printed to stderr and reported in `benches/README.md`. Each timed iteration
//! uses the next of a few investors in turn, so one figure covers queries with different
//! amounts of text.
//!
//! Run with `cargo bench --bench rank`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use tandem_engine::synth::{self, SynthConfig};
use tandem_engine::{Kind, Match, MatchRequest, Profile, Snapshot, Store, Weights};
use tempfile::TempDir;

/// The synthetic market every bench ranks in.
const MARKET: SynthConfig = SynthConfig {
    startups: 100_000,
    investors: 2_000,
    partners: 1_000,
    seed: 7,
};

/// How many different investors the benches take turns with.
const QUERIES: usize = 8;

/// How many matches (or hits) each query asks for.
const LIMIT: usize = 10;

/// An imported store and the investors that query it.
struct Fixture {
    /// Keeps the data directory alive as long as the store.
    _dir: TempDir,
    _store: Store,
    snapshot: Arc<Snapshot>,
    investors: Vec<Profile>,
}

impl Fixture {
    /// Generates the market, imports it in one call (timed and printed) and loads the
    /// query investors, spread evenly over the investor ids.
    fn new() -> Fixture {
        let profiles = synth::generate(&MARKET);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open_or_create(dir.path()).expect("a new store");
        let started = Instant::now();
        store.import(&profiles, &()).expect("the import succeeds");
        eprintln!(
            "imported {} profiles in {:.2?}",
            profiles.len(),
            started.elapsed()
        );
        let snapshot = store.snapshot();
        assert_eq!(snapshot.count(Kind::Startup), MARKET.startups);
        let investors = (0..QUERIES)
            .map(|i| format!("inv-{:04}", 1 + i * MARKET.investors / QUERIES))
            .map(|id| snapshot.require(&id).expect("a generated investor"))
            .collect();
        Fixture {
            _dir: dir,
            _store: store,
            snapshot,
            investors,
        }
    }

    /// Exact hybrid ranking of every start-up for one investor.
    fn rank(&self, investor: &Profile, reciprocal: bool) -> Vec<Match> {
        let request = MatchRequest {
            limit: LIMIT,
            reciprocal,
            ..MatchRequest::default()
        };
        tandem_engine::rank(&self.snapshot, &Weights::default(), investor, &request)
            .expect("ranking succeeds")
    }

    /// Prints how many start-ups the text of each query investor reaches, and checks that
    /// one thread ranks exactly like many (the single-thread figure is only a fair
    /// reference if it does the same work).
    fn describe(&self, one_thread: &rayon::ThreadPool) {
        for investor in &self.investors {
            let hits: usize = self
                .snapshot
                .relevance(investor)
                .expect("relevance succeeds")
                .iter()
                .map(Vec::len)
                .sum();
            let ranked = self.rank(investor, false);
            assert_eq!(ranked.len(), LIMIT);
            assert_eq!(one_thread.install(|| self.rank(investor, false)), ranked);
            eprintln!(
                "{}: {} query terms, {hits} text hits (all kinds), best match {} ({:.3})",
                investor.id,
                tandem_engine::index::terms(&investor.text()).len(),
                ranked[0].profile.id,
                ranked[0].score,
            );
        }
    }
}

/// Times `work` on the query investors in turn, one investor per iteration.
fn bench_queries<T>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    investors: &[Profile],
    mut work: impl FnMut(&Profile) -> T,
) {
    let mut next = investors.iter().cycle();
    group.bench_function(name, |b| {
        b.iter(|| black_box(work(next.next().expect("a non-empty cycle"))))
    });
}

fn rank_100k(c: &mut Criterion) {
    let fixture = Fixture::new();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    fixture.describe(&one_thread);
    let (f, investors) = (&fixture, fixture.investors.as_slice());

    let mut group = c.benchmark_group("rank_100k");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    bench_queries(&mut group, "hybrid_top10", investors, |q| f.rank(q, false));
    bench_queries(&mut group, "hybrid_top10_reciprocal", investors, |q| {
        f.rank(q, true)
    });
    bench_queries(&mut group, "hybrid_top10_single_thread", investors, |q| {
        one_thread.install(|| f.rank(q, false))
    });
    bench_queries(&mut group, "bm25_top10_reference", investors, |q| {
        f.snapshot
            .search(&q.description, &[Kind::Startup], LIMIT)
            .expect("search succeeds")
    });
    bench_queries(&mut group, "text_relevance_all_hits", investors, |q| {
        f.snapshot.relevance(q).expect("relevance succeeds")
    });
    group.finish();
}

criterion_group!(benches, rank_100k);
criterion_main!(benches);
