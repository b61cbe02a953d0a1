//! Hybrid ranking: text relevance plus weighted feature fits, exact over every candidate,
//! fused with the deal-history network's ranking.
//!
//! For a query profile q and candidate c that passes the hard filters, the thesis score is
//! `Σ_b w_b · fit_b(q, c)` over every component but the network, with those weights of q's
//! kind normalised to sum to 1 and an unknown fit counted as `weights.unknown_fit`. Text
//! relevance is one of the components: BM25 of q's text against c, on the scale of q's
//! relevance to its own text and capped at 1 ([`crate::text`]); candidates the text does not
//! reach score 0 there and still compete on the other components. When q has a deal history
//! and the network weighs, the thesis ranking and the network's ([`crate::network`]) are
//! fused by rank ([`crate::fusion`]), the network counting for its share of the weights.
//!
//! The ranking is exact but reads few rows in full and scores little text. Rows are stored
//! in runs of alike rows, each with a [`Summary`](crate::features::Summary) that gives a
//! ceiling on its rows' scores (text fit 1). Runs are visited best ceiling first; each row's
//! feature fits (cheap: compact rows) give it a lower bound (text fit 0) and an upper bound
//! (text fit 1). The k-th best lower bound among rows that pass the filters is a floor the
//! final k-th score cannot fall below: once the next run's ceiling is under it, no later
//! run can reach the top k and the visit stops — typically after a tenth of the rows. Only
//! rows whose upper bound reaches the floor — about 1 % — need their text scored. Their
//! scores are then computed in full, the same way whatever was pruned, and the best k kept.
//! Ties break by id, and no step depends on the number of threads. When fusing, the top
//! [`THESIS_DEPTH`] of the thesis ranking is established that way, and every candidate the
//! network reaches is scored besides.
//!
//! In reciprocal mode a pair must fit both ways: the score is the harmonic mean of the
//! forward score (q's weights) and the reverse one (c's weights, c as the asking side).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{DocAddress, DocId};

use crate::error::{Error, Result};
use crate::explain::{Evidence, Explainer, MAX_EVIDENCE};
use crate::feature_sum::{Direction, FeatureSum};
use crate::features::{KindBlock, SUMMARY_ROWS};
use crate::filter::FilterCheck;
pub use crate::filter::Filters;
use crate::fit::{Fits, QueryFeatures};
pub use crate::fusion::Places;
use crate::fusion::{THESIS_DEPTH, fuse, part};
use crate::network::{Location, NetworkQuery};
use crate::profile::Profile;
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::text::{Relevance, SegmentRelevance, TermSet, TextQuery};
use crate::weights::{Component, Weights};

/// Margin on the bounds: the bounds and the final scores add the same terms in different
/// orders, so they may differ by float rounding.
const BOUND_SLACK: f32 = 1e-4;

/// Runs and candidates handed to one parallel task at least: below this, splitting the work
/// costs more than it saves.
const PARALLEL_MIN_RUNS: usize = 2048;
const PARALLEL_MIN_CANDIDATES: usize = 1024;

/// Runs handed to one parallel task at least when every row of them is bounded.
const PARALLEL_MIN_BOUNDED_RUNS: usize = 16;

/// Rows scored in full in the first batch of a ranking by an outside score (at least; the
/// batches then double).
const FIRST_BATCH: usize = 256;

/// The largest `limit` a request may ask for.
pub const MAX_LIMIT: usize = 1000;

/// What to rank for a query profile.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRequest {
    /// Kinds of candidates; empty means the natural counterpart ([`default_targets`]).
    pub targets: Vec<Kind>,
    /// How many matches to return (1..=[`MAX_LIMIT`]).
    pub limit: usize,
    /// Rank by fit in both directions.
    pub reciprocal: bool,
    /// Hard filters.
    pub filters: Filters,
}

impl Default for MatchRequest {
    fn default() -> MatchRequest {
        MatchRequest {
            targets: Vec::new(),
            limit: 10,
            reciprocal: false,
            filters: Filters::default(),
        }
    }
}

/// The kinds a profile is matched with by default: investors and partners get start-ups
/// (deal flow), start-ups get investors.
pub fn default_targets(kind: Kind) -> Vec<Kind> {
    match kind {
        Kind::Startup => vec![Kind::Investor],
        Kind::Investor | Kind::Partner => vec![Kind::Startup],
    }
}

/// One component of a match's score, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentScore {
    /// Which component.
    pub component: Component,
    /// Its fit in [0, 1], or `None` when one side gives no data.
    pub fit: Option<f32>,
    /// Its normalised weight: among the thesis components, whose weights sum to 1; for the
    /// network, its share in the fusion of the two rankings.
    pub weight: f32,
    /// `weight × fit` (with the unknown fit standing in when unknown): its points in the
    /// thesis score. For the network, its points in the fused score (0 when not fused).
    pub contribution: f32,
    /// A one-line human reason.
    pub reason: String,
}

/// A ranked candidate with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// 1-based rank.
    pub rank: usize,
    /// The score that ranks: the thesis score (the forward score, or in reciprocal mode the
    /// harmonic mean of both directions), or the fused score when [`Match::places`] is set.
    pub score: f32,
    /// How well the candidate fits the asking profile (thesis score).
    pub forward: f32,
    /// How well the asking profile fits the candidate (reciprocal mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverse: Option<f32>,
    /// The candidate's places in the thesis and network rankings, when the two were fused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<Places>,
    /// Every component, in [`Component::ALL`] order.
    pub components: Vec<ComponentScore>,
    /// When a learned model ranked the match: its score's largest parts, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<LearnedScore>,
    /// How the asker's own feedback placed it, when the ranking was personalised
    /// ([`crate::feedback::personal`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personalised: Option<crate::feedback::personal::Personalised>,
    /// The candidate.
    pub profile: Profile,
}

/// A learned model's score of a match, explained by the features that moved it most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedScore {
    /// The model's score (log-odds of a deal, on the model's own scale): what ranks.
    pub score: f32,
    /// What the score starts from before any feature moves it.
    pub base: f32,
    /// The features that moved the score most, largest first.
    pub reasons: Vec<FeatureReason>,
}

/// One feature's part in a learned score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureReason {
    /// The feature's name, as in the model file (e.g. `sector_share`).
    pub feature: String,
    /// The feature's value for this pair.
    pub value: f32,
    /// How much it moved the score (positive: up).
    pub contribution: f32,
    /// The same, in words.
    pub reason: String,
}

impl Match {
    /// The components that contributed most, best first.
    pub fn top_components(&self, n: usize) -> Vec<&ComponentScore> {
        let mut sorted: Vec<&ComponentScore> = self.components.iter().collect();
        sorted.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
        sorted.truncate(n);
        sorted
    }
}

/// A scored row waiting in a top-k heap. Greater means better: higher score, then smaller id.
struct Scored<'a> {
    score: f32,
    places: Option<Places>,
    forward: f32,
    reverse: Option<f32>,
    id: &'a str,
    segment: usize,
    doc: DocId,
    fits: Fits,
    /// The query terms the candidate's text contains.
    shared_terms: TermSet,
}

impl Ord for Scored<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.id.cmp(self.id))
    }
}

impl PartialOrd for Scored<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scored<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scored<'_> {}

/// A bounded min-heap keeping the `k` best entries.
struct TopK<'a> {
    k: usize,
    heap: BinaryHeap<Reverse<Scored<'a>>>,
}

impl<'a> TopK<'a> {
    fn new(k: usize) -> TopK<'a> {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn push(&mut self, entry: Scored<'a>) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(entry));
        } else if self.heap.peek().is_some_and(|worst| entry > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(entry));
        }
    }

    /// The best `k` of `entries`.
    fn of(k: usize, entries: Vec<Scored<'a>>) -> TopK<'a> {
        let mut top = TopK::new(k);
        for entry in entries {
            top.push(entry);
        }
        top
    }

    /// The k-th best score, once `k` entries are in.
    fn floor(&self) -> Option<f32> {
        self.heap
            .peek()
            .filter(|_| self.heap.len() == self.k)
            .map(|worst| worst.0.score)
    }

    fn into_sorted(self) -> Vec<Scored<'a>> {
        let mut out: Vec<Scored<'a>> = self.heap.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }
}

/// How a ranking skips what cannot reach the top k; only tests change it, to compare.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tuning {
    /// Skip runs and rows whose upper bound cannot reach the top k.
    pub(crate) prune: bool,
    /// Rows scored in full in the first batch of a ranking by an outside score, at least
    /// ([`FIRST_BATCH`]; tests lower it so that small stores are pruned too).
    pub(crate) first_batch: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            prune: true,
            first_batch: FIRST_BATCH,
        }
    }
}

/// The rows of one [`Summary`](crate::features::Summary): up to [`SUMMARY_ROWS`] rows of
/// one kind in one segment.
#[derive(Clone, Copy)]
struct Run<'a> {
    kind: Kind,
    segment: usize,
    block: &'a KindBlock,
    /// Index of the run's summary in the block.
    index: usize,
}

impl Run<'_> {
    fn rows(&self) -> std::ops::Range<usize> {
        self.index * SUMMARY_ROWS..((self.index + 1) * SUMMARY_ROWS).min(self.block.len())
    }
}

/// A row whose text must be scored: it may reach the top k.
#[derive(Clone, Copy)]
struct Candidate<'a> {
    run: Run<'a>,
    row: usize,
}

impl Candidate<'_> {
    fn doc(&self) -> DocId {
        self.run.block.docs[self.row]
    }
}

/// Everything fixed for one ranking request.
struct Plan<'a> {
    snapshot: &'a Snapshot,
    query: QueryFeatures,
    unknown_fit: f32,
    /// The forward score without text, with the asking kind's weights.
    forward: FeatureSum,
    /// Per candidate kind, the reverse score without text, with that kind's weights as the
    /// asking side (reciprocal mode).
    reverse: Option<Vec<FeatureSum>>,
    /// Whether the text can reach any document (else every text fit is 0).
    has_text: bool,
    /// The co-investment evidence of the query's deal history.
    network: NetworkQuery<'a>,
    /// The network's share of the asking kind's weights: its share in the fused ranking.
    network_share: f32,
    /// Whether the thesis ranking is fused with the network's: the query has a deal
    /// history and the network weighs.
    fusing: bool,
    /// Documents never to return (the asker, excluded ids), as sorted `(segment, doc)`.
    excluded: Vec<(u32, DocId)>,
    /// When the request names the only ids to return: their documents, sorted.
    only: Option<Vec<(u32, DocId)>>,
    check: FilterCheck<'a>,
    limit: usize,
}

/// Ranks candidates for a query profile.
///
/// The query may be stored or ad hoc; a stored profile never matches itself.
pub fn rank(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
) -> Result<Vec<Match>> {
    rank_with(
        snapshot,
        weights,
        query,
        request,
        Tuning::default(),
        Order::Thesis,
    )
}

/// A score from outside the thesis — the learned ranker's — with a bound that needs no text,
/// so that ranking by it can skip most candidates' text and still return the exact top k.
pub trait OutsideScore: Sync {
    /// A candidate's score from its id and its component fits (`NaN` where unknown).
    fn score(&self, id: &str, fits: &Fits) -> f32;

    /// At least [`OutsideScore::score`] of the candidate at `at` given its component fits
    /// (an unknown, `NaN`, fit counts as any), rounding included; `f32::INFINITY` when
    /// nothing bounds it.
    fn bound(&self, at: Location, fits: &Fits) -> f32;
}

/// Ranks every candidate that passes the request by `score` instead of the thesis score:
/// the learned ranker's path. The result is the exact top `limit` of every candidate by
/// `score`, ties by id: candidates are visited by [`OutsideScore::bound`], best first, in
/// growing batches whose text is scored and then their scores, until the next bound is
/// below the k-th best score. Each match is explained by its thesis components as in
/// [`rank`], with [`Match::score`] set to `score` and [`Match::forward`] to the thesis
/// score. The network's ranking is not fused: its evidence reaches `score` through the
/// network fit.
pub fn rank_by(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
    score: &dyn OutsideScore,
) -> Result<Vec<Match>> {
    rank_with(
        snapshot,
        weights,
        query,
        request,
        Tuning::default(),
        Order::Outside(score),
    )
}

/// What orders the candidates.
#[derive(Clone, Copy)]
pub(crate) enum Order<'s> {
    /// The thesis score, fused with the network's ranking when that applies.
    Thesis,
    /// A score from outside the thesis.
    Outside(&'s dyn OutsideScore),
}

/// What [`rank`] and [`rank_by`] run: the ranking by `order`, pruned as `tuning` says.
pub(crate) fn rank_with(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
    tuning: Tuning,
    order: Order<'_>,
) -> Result<Vec<Match>> {
    if request.limit == 0 || request.limit > MAX_LIMIT {
        return Err(Error::BadRequest(format!(
            "limit {} is out of range; expected 1 to {MAX_LIMIT}",
            request.limit
        )));
    }
    let targets = if request.targets.is_empty() {
        default_targets(query.kind)
    } else {
        let mut t = request.targets.clone();
        t.sort();
        t.dedup();
        t
    };
    let mut excluded = Vec::with_capacity(request.filters.exclude_ids.len() + 1);
    for id in request.filters.exclude_ids.iter().chain([&query.id]) {
        if let Some(at) = snapshot.address_of(id)? {
            excluded.push((at.segment_ord, at.doc_id));
        }
    }
    excluded.sort_unstable();
    let only = match &request.filters.only_ids {
        Some(ids) => {
            let mut only = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(at) = snapshot.address_of(id)? {
                    only.push((at.segment_ord, at.doc_id));
                }
            }
            only.sort_unstable();
            Some(only)
        }
        None => None,
    };
    let text = TextQuery::new(&snapshot.corpus()?, snapshot.fields(), query)?;
    let features = QueryFeatures::new(query);
    let unknown_fit = weights.unknown_fit;
    let side = |kind: Kind, direction: Direction| {
        let (thesis, _) = weights.for_kind(kind).thesis_and_network();
        FeatureSum::new(&features, &thesis, unknown_fit, direction)
    };
    let network = NetworkQuery::new(snapshot.deal_graph(), query);
    let (_, network_share) = weights.for_kind(query.kind).thesis_and_network();
    let fusing = matches!(order, Order::Thesis) && network.is_active() && network_share > 0.0;
    let plan = Plan {
        snapshot,
        forward: side(query.kind, Direction::Forward),
        reverse: request.reciprocal.then(|| {
            Kind::ALL
                .iter()
                .map(|k| side(*k, Direction::Reverse))
                .collect()
        }),
        query: features,
        unknown_fit,
        has_text: !text.is_empty(),
        network,
        network_share,
        fusing,
        excluded,
        only,
        check: FilterCheck::new(&request.filters),
        limit: if fusing {
            request.limit.max(THESIS_DEPTH)
        } else {
            request.limit
        },
    };

    let runs: Vec<Run> = targets
        .iter()
        .flat_map(|kind| {
            snapshot
                .blocks(*kind)
                .map(move |(segment, block)| (*kind, segment, block))
        })
        .flat_map(|(kind, segment, block)| {
            (0..block.summaries.len()).map(move |index| Run {
                kind,
                segment,
                block,
                index,
            })
        })
        // A run with no row changed since `updated_since` holds no candidate: it is never
        // bounded nor scored, in either order.
        .filter(|run| {
            plan.check
                .run_may_pass(run.block.summaries[run.index].latest())
        })
        .collect();

    let top = match order {
        Order::Thesis => {
            let mut candidates = plan.candidates(&runs, tuning.prune);
            if plan.fusing {
                plan.add_reached(&mut candidates, &targets);
            }
            let scored = plan.score_all(&text, &candidates, None)?;
            if plan.fusing {
                plan.fused(scored)
            } else {
                TopK::of(request.limit, scored)
            }
        }
        Order::Outside(outside) => {
            plan.top_by(&runs, &text, outside, &targets, tuning, request.limit)?
        }
    };

    let explainer = Explainer::new(query);
    top.into_sorted()
        .into_iter()
        .take(request.limit)
        .enumerate()
        .map(|(i, scored)| plan.explain(i + 1, &explainer, &text, scored))
        .collect()
}

/// The state of the visit of the runs: the upper bound of every row seen that may still
/// reach the top k, and the best lower bounds among those rows that pass the filters.
struct Frontier<'a> {
    upper: Vec<(Candidate<'a>, f32)>,
    /// At most `limit` lower bounds, worst on top.
    best_lower: BinaryHeap<Reverse<Bound>>,
    /// Rows and runs whose upper bound is below this cannot enter the top k: the k-th best
    /// lower bound so far, less the slack (−∞ until k rows passed the filters).
    reach: f32,
}

impl<'a> Plan<'a> {
    /// The rows whose text must be scored: those through the filters whose upper bound
    /// reaches the k-th best lower bound of all rows (every row when not pruning).
    fn candidates(&self, runs: &[Run<'a>], prune: bool) -> Vec<Candidate<'a>> {
        let ceilings: Vec<f32> = runs
            .par_iter()
            .with_min_len(PARALLEL_MIN_RUNS)
            .map(|run| self.ceiling(run))
            .collect();
        let mut order: Vec<usize> = (0..runs.len()).collect();
        if prune {
            // Best runs first raise the floor soonest; equal ceilings keep the stored order.
            order.sort_by(|a, b| ceilings[*b].total_cmp(&ceilings[*a]));
        }
        let mut frontier = Frontier {
            upper: Vec::new(),
            best_lower: BinaryHeap::with_capacity(self.limit + 1),
            reach: f32::NEG_INFINITY,
        };
        for i in order {
            if prune && ceilings[i] < frontier.reach {
                // Every later run's ceiling is lower still.
                break;
            }
            self.bound(&runs[i], &mut frontier, prune);
        }
        let floor = match frontier.best_lower.peek() {
            Some(Reverse(kth)) if prune && frontier.best_lower.len() == self.limit => kth.0,
            _ => f32::NEG_INFINITY,
        };
        frontier
            .upper
            .into_iter()
            .filter(|(_, upper)| *upper + BOUND_SLACK >= floor)
            .map(|(candidate, _)| candidate)
            .filter(|c| self.passes(&c.run, c.row))
            .collect()
    }

    /// The most the component left out of the feature sums — text, known only for
    /// candidates — can add to the forward and, in reciprocal mode, the reverse thesis score
    /// of a kind's rows, with the reverse feature sum. (The network has no weight in a thesis
    /// score.)
    fn open(&self, kind: Kind) -> (f32, Option<(&FeatureSum, f32)>) {
        let open = |weights: &[f32; Component::COUNT]| {
            if self.has_text {
                weights[Component::Text.index()]
            } else {
                0.0
            }
        };
        let reverse = self.reverse.as_ref().map(|sums| {
            let sum = &sums[kind.index()];
            (sum, open(sum.weights()))
        });
        (open(self.forward.weights()), reverse)
    }

    /// The most any row of a run can score.
    fn ceiling(&self, run: &Run<'a>) -> f32 {
        let summary = &run.block.summaries[run.index];
        let (forward_open, reverse) = self.open(run.kind);
        let forward = self.forward.ceiling(summary) + forward_open;
        match reverse {
            Some((sum, reverse_open)) => {
                harmonic_mean(forward, sum.ceiling(summary) + reverse_open)
            }
            None => forward,
        }
    }

    /// Lower and upper bounds of a run's rows — text fit 0 and 1, every other fit exact —
    /// added to the frontier. Rows whose quick upper bound falls below its reach are left
    /// out when pruning.
    fn bound(&self, run: &Run<'a>, frontier: &mut Frontier<'a>, prune: bool) {
        let (forward_open, reverse) = self.open(run.kind);
        let forward = &self.forward;
        let rows = run.rows();
        for (i, row) in rows.clone().zip(&run.block.rows[rows]) {
            let f_partial = forward.partial(row);
            let r_partial = reverse.map(|(sum, _)| sum.partial(row));
            let quick = match (reverse, r_partial) {
                (Some((sum, reverse_open)), Some(r)) => harmonic_mean(
                    f_partial + forward.rest_max() + forward_open,
                    r + sum.rest_max() + reverse_open,
                ),
                _ => f_partial + forward.rest_max() + forward_open,
            };
            if prune && quick < frontier.reach {
                continue;
            }
            let f = f_partial + forward.rest(row);
            let (low, high) = match (reverse, r_partial) {
                (Some((sum, reverse_open)), Some(r_partial)) => {
                    let r = r_partial + sum.rest(row);
                    (
                        harmonic_mean(f, r),
                        harmonic_mean(f + forward_open, r + reverse_open),
                    )
                }
                _ => (f, f + forward_open),
            };
            frontier.upper.push((Candidate { run: *run, row: i }, high));
            let best = &mut frontier.best_lower;
            let admits = best.len() < self.limit
                || best
                    .peek()
                    .is_some_and(|Reverse(worst): &Reverse<Bound>| low > worst.0);
            if admits && self.passes(run, i) {
                best.push(Reverse(Bound(low)));
                if best.len() > self.limit {
                    best.pop();
                }
                if best.len() == self.limit
                    && let Some(Reverse(kth)) = best.peek()
                {
                    frontier.reach = kth.0 - BOUND_SLACK;
                }
            }
        }
    }

    /// Adds to `candidates` the rows of the target kinds the network reaches that pass the
    /// filters and are not there yet: the whole network ranking must be scored.
    fn add_reached(&self, candidates: &mut Vec<Candidate<'a>>, targets: &[Kind]) {
        let mut known: Vec<(usize, Kind, usize)> = candidates
            .iter()
            .map(|c| (c.run.segment, c.run.kind, c.row))
            .collect();
        known.sort_unstable();
        let blocks = self.snapshot.segments();
        for (at, _) in self.network.reached(targets) {
            let run = Run {
                kind: at.kind,
                segment: at.segment,
                block: blocks[at.segment].kind(at.kind),
                index: at.row / SUMMARY_ROWS,
            };
            let seen = known.binary_search(&(at.segment, at.kind, at.row)).is_ok();
            if !seen && self.passes(&run, at.row) {
                candidates.push(Candidate { run, row: at.row });
            }
        }
    }

    /// The candidates ordered by the fusion of their thesis ranking and the network's.
    fn fused(&self, mut scored: Vec<Scored<'a>>) -> TopK<'a> {
        // Thesis order, ties by id: the order the fusion breaks its last ties in.
        scored.sort_unstable_by(|a, b| b.cmp(a));
        let thesis: Vec<f32> = scored.iter().map(|s| s.score).collect();
        let network: Vec<f32> = scored
            .iter()
            .map(|s| s.fits[Component::Network.index()])
            .collect();
        let mut top = TopK::new(self.limit);
        for (mut s, (score, places)) in
            scored
                .drain(..)
                .zip(fuse(&thesis, &network, self.network_share))
        {
            s.score = score;
            s.places = Some(places);
            top.push(s);
        }
        top
    }

    /// Each candidate's relevance, fits and score: by the thesis, or by `outside` when given.
    fn score_all(
        &self,
        text: &TextQuery,
        candidates: &[Candidate<'a>],
        outside: Option<&dyn OutsideScore>,
    ) -> Result<Vec<Scored<'a>>> {
        let relevance = self.relevance(text, candidates)?;
        Ok(candidates
            .par_iter()
            .with_min_len(PARALLEL_MIN_CANDIDATES)
            .zip(&relevance)
            .map(|(candidate, relevance)| {
                let mut scored = self.score(candidate, text, *relevance);
                if let Some(outside) = outside {
                    scored.score = outside.score(scored.id, &scored.fits);
                }
                scored
            })
            .collect())
    }

    /// The exact top `limit` by an outside score. Every row through the filters gets its
    /// text relevance, fits and the score's bound; then the rows with the best bounds are
    /// scored in full, in batches that double, until no bound left reaches the k-th score.
    /// Without pruning, every row is scored in full.
    fn top_by(
        &self,
        runs: &[Run<'a>],
        text: &TextQuery,
        outside: &dyn OutsideScore,
        targets: &[Kind],
        tuning: Tuning,
        limit: usize,
    ) -> Result<TopK<'a>> {
        if !tuning.prune {
            let candidates = self.candidates(runs, false);
            let scored = self.score_all(text, &candidates, Some(outside))?;
            return Ok(TopK::of(limit, scored));
        }
        // The text of every document, in one pass over each query term's postings: cheaper
        // than seeking most rows' in them, and what makes the bounds tight.
        let relevance = self.every_relevance(text)?;
        let relevance_of = |c: &Candidate| match &relevance {
            Some(segments) => segments[c.run.segment].get(c.doc()),
            None => Relevance::default(),
        };
        let score_of = |c: &Candidate| match &relevance {
            Some(segments) => segments[c.run.segment].score(c.doc()),
            None => 0.0,
        };
        let network = self.network_fits(targets);
        // A bound, its run (by index in `runs`) and its row: small, for the selections below.
        let mut bounded: Vec<(f32, u32, u32)> = runs
            .par_iter()
            .enumerate()
            .with_min_len(PARALLEL_MIN_BOUNDED_RUNS)
            .flat_map_iter(|(index, run)| {
                let Run { kind, segment, .. } = *run;
                let network = network.as_ref().map(|n| &n[kind.index()][segment]);
                run.rows()
                    .filter(move |row| self.passes(run, *row))
                    .map(move |row| {
                        let c = Candidate { run: *run, row };
                        let text_fit = text.fit(score_of(&c));
                        let mut fits = self.query.fits(&run.block.rows[row], text_fit);
                        fits[Component::Network.index()] = network.map_or(f32::NAN, |n| n[row]);
                        let bound = outside.bound(Location { kind, segment, row }, &fits);
                        (bound, index as u32, row as u32)
                    })
            })
            .collect();
        let mut rest = bounded.as_mut_slice();
        let mut top = TopK::new(limit);
        let mut batch = limit.max(tuning.first_batch);
        while !rest.is_empty() {
            let take = batch.min(rest.len());
            if take < rest.len() {
                // The `take` best bounds first, in no particular order.
                rest.select_nth_unstable_by(take, |a, b| b.0.total_cmp(&a.0));
            }
            let (now, later) = rest.split_at_mut(take);
            let scored: Vec<Scored<'a>> = now
                .par_iter()
                .with_min_len(PARALLEL_MIN_CANDIDATES)
                .map(|&(_, run, row)| {
                    let c = &Candidate {
                        run: runs[run as usize],
                        row: row as usize,
                    };
                    let mut scored = self.score(c, text, relevance_of(c));
                    scored.score = outside.score(scored.id, &scored.fits);
                    scored
                })
                .collect();
            for scored in scored {
                top.push(scored);
            }
            rest = later;
            let best_left = rest.iter().map(|b| b.0).fold(f32::NEG_INFINITY, f32::max);
            // A row whose bound is below the k-th score cannot enter, not even on a tie.
            if top.floor().is_some_and(|kth| best_left < kth) {
                break;
            }
            batch *= 2;
        }
        Ok(top)
    }

    /// The relevance of every document of every segment, by segment and document; `None`
    /// when the query's text reaches no document.
    fn every_relevance(&self, text: &TextQuery) -> Result<Option<Vec<SegmentRelevance>>> {
        if !self.has_text {
            return Ok(None);
        }
        let searcher = self.snapshot.searcher();
        let segments = searcher.segment_readers().len();
        (0..segments)
            .into_par_iter()
            .map(|s| text.score_segment(searcher.segment_reader(s as u32)))
            .collect::<Result<_>>()
            .map(Some)
    }

    /// The network fit of every row of the target kinds, by kind, segment and row: 0 where
    /// the network does not reach; `None` when the query has no deal history (every fit
    /// unknown).
    fn network_fits(&self, targets: &[Kind]) -> Option<Vec<Vec<Vec<f32>>>> {
        if !self.network.is_active() {
            return None;
        }
        let segments = self.snapshot.segments();
        let mut fits: Vec<Vec<Vec<f32>>> = Kind::ALL
            .iter()
            .map(|kind| {
                segments
                    .iter()
                    .map(|s| {
                        let rows = if targets.contains(kind) {
                            s.kind(*kind).len()
                        } else {
                            0
                        };
                        vec![0.0; rows]
                    })
                    .collect()
            })
            .collect();
        for (at, fit) in self.network.reached(targets) {
            fits[at.kind.index()][at.segment][at.row] = fit;
        }
        Some(fits)
    }

    /// Whether a row may be returned at all: live, not excluded, through the hard filters.
    fn passes(&self, run: &Run, row: usize) -> bool {
        let block = run.block;
        let doc = block.docs[row];
        self.snapshot.is_alive(run.segment, doc)
            && self
                .excluded
                .binary_search(&(run.segment as u32, doc))
                .is_err()
            && self
                .only
                .as_ref()
                .is_none_or(|only| only.binary_search(&(run.segment as u32, doc)).is_ok())
            && self.check.passes(&block.rows[row], block.updated[row])
    }

    /// Each candidate's relevance ([`TextQuery::score_docs`]).
    fn relevance(&self, text: &TextQuery, candidates: &[Candidate]) -> Result<Vec<Relevance>> {
        let mut relevance = vec![Relevance::default(); candidates.len()];
        if !self.has_text {
            return Ok(relevance);
        }
        let searcher = self.snapshot.searcher();
        let mut by_segment: Vec<Vec<(DocId, usize)>> =
            vec![Vec::new(); self.snapshot.segments().len()];
        for (i, c) in candidates.iter().enumerate() {
            by_segment[c.run.segment].push((c.doc(), i));
        }
        let scored: Vec<Vec<(usize, Relevance)>> = by_segment
            .into_par_iter()
            .enumerate()
            .map(|(s, mut wanted)| {
                wanted.sort_unstable();
                let docs: Vec<DocId> = wanted.iter().map(|(d, _)| *d).collect();
                let scores = text.score_docs(searcher.segment_reader(s as u32), &docs)?;
                Ok(wanted.iter().map(|(_, i)| *i).zip(scores).collect())
            })
            .collect::<Result<_>>()?;
        for (i, r) in scored.into_iter().flatten() {
            relevance[i] = r;
        }
        Ok(relevance)
    }

    /// A candidate's exact score, given its relevance.
    fn score(
        &self,
        candidate: &Candidate<'a>,
        text: &TextQuery,
        relevance: Relevance,
    ) -> Scored<'a> {
        let Candidate { run, row } = *candidate;
        let features = &run.block.rows[row];
        let mut fits = self.query.fits(features, text.fit(relevance.score));
        fits[Component::Network.index()] = self.network.fit(&run.block.ids[row]);
        let forward = self.weighted(self.forward.weights(), &fits);
        let (score, reverse) = match &self.reverse {
            None => (forward, None),
            Some(sums) => {
                let mut reversed = fits;
                reversed[Component::Attribute.index()] = self.query.reverse_attribute(features);
                let reverse = self.weighted(sums[run.kind.index()].weights(), &reversed);
                (harmonic_mean(forward, reverse), Some(reverse))
            }
        };
        Scored {
            score,
            places: None,
            forward,
            reverse,
            id: run.block.ids[row].as_str(),
            segment: run.segment,
            doc: run.block.docs[row],
            fits,
            shared_terms: relevance.terms,
        }
    }

    fn weighted(&self, weights: &[f32; Component::COUNT], fits: &Fits) -> f32 {
        weights
            .iter()
            .zip(fits)
            .map(|(w, f)| w * if f.is_nan() { self.unknown_fit } else { *f })
            .sum()
    }

    fn explain(
        &self,
        rank: usize,
        explainer: &Explainer,
        text: &TextQuery,
        scored: Scored<'_>,
    ) -> Result<Match> {
        let address = DocAddress::new(scored.segment as u32, scored.doc);
        let candidate = self.snapshot.profile_at(address)?;
        let shared_words = text.words(scored.shared_terms);
        let network_place = scored.places.and_then(|p| p.network);
        let evidence = Evidence {
            shared_words: &shared_words,
            co_investors: &self.network.evidence(&candidate.id, MAX_EVIDENCE),
            network_place,
        };
        let components = Component::ALL
            .iter()
            .map(|c| {
                let raw = scored.fits[c.index()];
                let fit = (!raw.is_nan()).then_some(raw);
                let (weight, contribution) = if *c == Component::Network {
                    let share = self.network_share;
                    (share, part(share, network_place))
                } else {
                    let weight = self.forward.weights()[c.index()];
                    (weight, weight * fit.unwrap_or(self.unknown_fit))
                };
                ComponentScore {
                    component: *c,
                    fit,
                    weight,
                    contribution,
                    reason: explainer.reason(*c, fit, &candidate, &evidence),
                }
            })
            .collect();
        Ok(Match {
            rank,
            score: scored.score,
            forward: scored.forward,
            reverse: scored.reverse,
            places: scored.places,
            components,
            learned: None,
            personalised: None,
            profile: candidate,
        })
    }
}

/// A lower bound in a heap: ordered by `total_cmp`.
#[derive(PartialEq)]
struct Bound(f32);

impl Eq for Bound {}

impl Ord for Bound {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl PartialOrd for Bound {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Harmonic mean of two scores in [0, 1]; 0 when either is 0.
pub fn harmonic_mean(a: f32, b: f32) -> f32 {
    if a <= 0.0 || b <= 0.0 {
        0.0
    } else {
        2.0 * a * b / (a + b)
    }
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
