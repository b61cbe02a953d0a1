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
//! - a plain tantivy BM25 top-10 over the same start-ups (tantivy's `TopDocs` on the query
//!   `tandem search` parses from the investor's description), so hybrid / BM25 is what exact
//!   hybrid scoring costs over a text-only top-k;
//! - tantivy scoring every text hit of the investor's profile (`Snapshot::relevance`): what
//!   the text step alone would cost if the ranking did not prune by bounds.
//!
//! A third of the start-ups have two backers among the even-numbered investors, so those
//! investors have a deal history (about 67 companies each) and their deal flow fuses the
//! thesis ranking with the network's. `fused_top10` ranks for such investors; its reference,
//! `fused_top10_thesis_only`, is the same query with the network weight at 0 — the ratio is
//! what the fusion costs. The other benches query odd-numbered investors, who have no
//! history.
//!
//! Last, `hybrid_top10_after_replacing_1000` ranks for the same investors after 1 % of the
//! start-ups were replaced: the deleted documents they leave until a merge are what the text
//! statistics of live documents must look up, and the ratio to `hybrid_top10` is that cost.
//!
//! Setup (generating and importing the profiles) runs once, outside the timed loops; the
//! import time is printed to stderr and reported in `benches/README.md`. Each timed iteration
//! uses the next of a few investors in turn, so one figure covers queries with different
//! amounts of text.
//!
//! Run with `cargo bench --bench rank`.

mod common;

use common::MARKET;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use tandem_engine::eval::Date;
use tandem_engine::eval::learned;
use tandem_engine::eval::synthetic::{self, SyntheticConfig};
use tandem_engine::feedback::personal::{Usual, personalise};
use tandem_engine::feedback::{Feedback, Personal, Signal};
use tandem_engine::index::search_query;
use tandem_engine::learn::live::Method;
use tandem_engine::learn::trees::Settings;
use tandem_engine::learn::{HistorySource, LiveModel};
use tandem_engine::synth;
use tandem_engine::{Kind, Match, MatchRequest, Profile, Snapshot, Store, Weights};
use tantivy::collector::TopDocs;
use tempfile::TempDir;

/// How many different investors the benches take turns with.
const QUERIES: usize = 8;

/// How many matches (or hits) each query asks for.
const LIMIT: usize = 10;

/// How many start-ups the last bench replaces (1 %), leaving as many deleted documents.
const REPLACED: usize = 1_000;

/// A request for the top [`LIMIT`] start-ups.
fn request(reciprocal: bool) -> MatchRequest {
    MatchRequest {
        limit: LIMIT,
        reciprocal,
        ..MatchRequest::default()
    }
}

/// Gives every third start-up two backers among the even-numbered investors, spread by
/// multiplicative hashing, so that co-investment is common but not uniform.
fn add_deal_history(profiles: &mut [Profile]) {
    let startups = profiles.iter_mut().filter(|p| p.kind == Kind::Startup);
    for (j, p) in startups.enumerate().filter(|(j, _)| j % 3 == 0) {
        let pick = |salt: usize| 2 * (1 + (j * 7919 + salt * 104_729) % (MARKET.investors / 2));
        let (a, b) = (pick(0), pick(1));
        p.backers = [a, b].iter().map(|i| format!("inv-{i:04}")).collect();
        p.backers.dedup();
    }
}

/// A model trained on the default synthetic deal benchmark's profiles (`tandem train
/// --history profiles` with its default trees: 2,000 one-split trees, an additive model),
/// ready to rank the market. Its size, not its fit to this market, is what the timing depends on.
fn learned_model() -> LiveModel {
    let bench = synthetic::generate(&SyntheticConfig::default());
    let split = Date::parse("2011-01-01").expect("a date");
    let options = learned::Options {
        history: HistorySource::Profiles,
        trees: Settings::for_history(HistorySource::Profiles),
        ..learned::Options::default()
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let started = Instant::now();
    let model = learned::train(&bench, split, &options, dir.path(), "synthetic", &())
        .expect("training succeeds");
    eprintln!("trained the model in {:.2?}", started.elapsed());
    LiveModel::new(model).expect("a profiles model")
}

/// An imported store and the investors that query it.
struct Fixture {
    /// Keeps the data directory alive as long as the store.
    _dir: TempDir,
    _store: Store,
    snapshot: Arc<Snapshot>,
    /// Investors without a deal history.
    investors: Vec<Profile>,
    /// Investors with one.
    backers: Vec<Profile>,
}

impl Fixture {
    /// Generates the market, imports it in one call (timed and printed) and loads the
    /// query investors, spread evenly over the investor ids.
    fn new() -> Fixture {
        let mut profiles = synth::generate(&MARKET);
        add_deal_history(&mut profiles);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open_or_create(dir.path()).expect("a new store");
        common::import_timed(&store, &profiles);
        let snapshot = store.snapshot();
        assert_eq!(snapshot.count(Kind::Startup), MARKET.startups);
        let every = |first: usize| -> Vec<Profile> {
            (0..QUERIES)
                .map(|i| format!("inv-{:04}", first + i * MARKET.investors / QUERIES))
                .map(|id| snapshot.require(&id).expect("a generated investor"))
                .collect()
        };
        Fixture {
            investors: every(1),
            backers: every(2),
            _dir: dir,
            _store: store,
            snapshot,
        }
    }

    /// Exact hybrid ranking of every start-up for one investor.
    fn rank(&self, investor: &Profile, reciprocal: bool) -> Vec<Match> {
        self.rank_with(&Weights::default(), investor, reciprocal)
    }

    fn rank_with(&self, weights: &Weights, investor: &Profile, reciprocal: bool) -> Vec<Match> {
        tandem_engine::rank(&self.snapshot, weights, investor, &request(reciprocal))
            .expect("ranking succeeds")
    }

    /// The top [`LIMIT`] for one investor with its feedback, over the `usual` ranking.
    fn personalised(&self, investor: &Profile, personal: &Personal, usual: &Usual) -> Vec<Match> {
        let weights = Weights::default();
        personalise(
            &self.snapshot,
            &weights,
            investor,
            &request(false),
            personal,
            false,
            usual,
        )
        .expect("ranking succeeds")
    }

    /// Replaces `n` start-ups spread over the store by changed copies (new words in their
    /// descriptions), in one import, and returns the snapshot after it.
    fn replace_startups(&self, n: usize) -> Arc<Snapshot> {
        let changed: Vec<Profile> = (0..n)
            .map(|i| {
                let id = format!("st-{:06}", 1 + i * MARKET.startups / n);
                let mut p = self.snapshot.require(&id).expect("a generated start-up");
                p.description
                    .push_str(" Now also exporting to new markets.");
                p
            })
            .collect();
        self._store
            .import(&changed, &())
            .expect("the import succeeds");
        let snapshot = self._store.snapshot();
        let deleted: u32 = snapshot
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| r.num_deleted_docs())
            .sum();
        eprintln!("replaced {n} start-ups: {deleted} deleted documents wait for a merge");
        snapshot
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
            assert!(ranked[0].places.is_none(), "no deal history, no fusion");
        }
        for investor in &self.backers {
            let ranked = self.rank(investor, false);
            let fused = ranked.iter().filter(|m| m.places.is_some()).count();
            assert_eq!(fused, LIMIT, "{} has a deal history", investor.id);
            let from_network = ranked
                .iter()
                .filter(|m| m.places.is_some_and(|p| p.network.is_some()))
                .count();
            eprintln!(
                "{}: {} deals, {from_network} of its top {LIMIT} reached by the network",
                investor.id,
                self.snapshot.deal_graph().partners_of(&investor.id).count(),
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
        let searcher = f.snapshot.searcher();
        let fields = f.snapshot.fields();
        let query = search_query(searcher.index(), fields, &q.description, &[Kind::Startup]);
        searcher
            .search(&query, &TopDocs::with_limit(LIMIT).order_by_score())
            .expect("search succeeds")
    });
    bench_queries(&mut group, "text_relevance_all_hits", investors, |q| {
        f.snapshot.relevance(q).expect("relevance succeeds")
    });
    let backers = fixture.backers.as_slice();
    let mut thesis_only = Weights::default();
    thesis_only.investor.network = 0.0;
    bench_queries(&mut group, "fused_top10", backers, |q| f.rank(q, false));
    bench_queries(&mut group, "fused_top10_thesis_only", backers, |q| {
        f.rank_with(&thesis_only, q, false)
    });
    let live = learned_model();
    let learned = |q: &Profile| {
        live.rank(&f.snapshot, &Weights::default(), q, &request(false))
            .expect("ranking succeeds")
    };
    // The first ranking of a snapshot reads every profile's deal history and sums each
    // candidate's parts of the model; later ones reuse both until the next write.
    let started = Instant::now();
    let ranked = learned(&backers[0]);
    eprintln!(
        "the first learned ranking of the snapshot took {:.2?}",
        started.elapsed()
    );
    assert_eq!(ranked.method, Method::Learned, "{:?}", ranked.method);
    bench_queries(&mut group, "learned_top10", backers, learned);

    // Personalised by feedback: each investor liked five start-ups of its own top ten and
    // passed on two. Their references are `hybrid_top10` and `learned_top10`.
    let feedback = |q: &Profile, usual: &[Match]| {
        let given = |(n, m): (usize, &Match)| Feedback {
            from: q.id.clone(),
            to: m.profile.id.clone(),
            signal: if n < 2 { Signal::Pass } else { Signal::Like },
            at: jiff::Timestamp::from_second(1_800_000_000 + n as i64).expect("a valid time"),
            added_edge: false,
        };
        let signals: Vec<Feedback> = usual.iter().take(7).enumerate().map(given).collect();
        Personal::of(&signals)
    };
    let thesis_feedback: Vec<Personal> = investors
        .iter()
        .map(|q| feedback(q, &f.rank(q, false)))
        .collect();
    let mut which = (0..investors.len()).cycle();
    bench_queries(&mut group, "personalised_top10", investors, |q| {
        let personal = &thesis_feedback[which.next().expect("a cycle")];
        f.personalised(q, personal, &|r| {
            tandem_engine::rank(&f.snapshot, &Weights::default(), q, r)
        })
    });
    let learned_feedback: Vec<Personal> = backers
        .iter()
        .map(|q| feedback(q, &learned(q).matches))
        .collect();
    let mut which = (0..backers.len()).cycle();
    bench_queries(&mut group, "learned_personalised_top10", backers, |q| {
        let personal = &learned_feedback[which.next().expect("a cycle")];
        f.personalised(q, personal, &|r| {
            Ok(live.rank(&f.snapshot, &Weights::default(), q, r)?.matches)
        })
    });
    group.finish();

    // Replacing profiles leaves deleted documents in the segments until a merge; text
    // statistics then count live documents only, which costs a look-up of each deleted
    // document in each query term's postings.
    let replaced = fixture.replace_startups(REPLACED);
    let mut group = c.benchmark_group("rank_100k");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    let name = format!("hybrid_top10_after_replacing_{REPLACED}");
    bench_queries(&mut group, &name, investors, |q| {
        tandem_engine::rank(&replaced, &Weights::default(), q, &request(false))
            .expect("ranking succeeds")
    });
    group.finish();
}

criterion_group!(benches, rank_100k);
criterion_main!(benches);
