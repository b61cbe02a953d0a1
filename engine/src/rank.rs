//! Hybrid ranking: text relevance plus weighted feature fits, exact over every candidate.
//!
//! For a query profile q and candidate c that passes the hard filters:
//! `score(q, c) = Σ_b w_b · fit_b(q, c)`, with the weights of q's kind normalised to sum to 1
//! and an unknown fit counted as `weights.unknown_fit`. Text relevance is one of the
//! components: tantivy's BM25 of q's text against every candidate (collected for all hits,
//! not a top-N), divided by the best hit's score; candidates the text does not reach score 0
//! there and still compete on the other components.
//!
//! Candidates are scored in fixed-size chunks of their feature matrices, in parallel with
//! rayon, each chunk keeping a bounded heap; heaps merge into the global top-k. Ties break
//! by id, and every row's score is computed the same way whatever the chunking, so results
//! do not depend on the number of threads.
//!
//! In reciprocal mode a pair must fit both ways: the score is the harmonic mean of the
//! forward score (q's weights) and the reverse one (c's weights, c as the asking side).

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet};

use ndarray::s;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::{DocAddress, DocId};

use crate::error::{Error, Result};
use crate::explain;
use crate::features::KindBlock;
use crate::filter::FilterCheck;
pub use crate::filter::Filters;
use crate::fit::{self, QueryFeatures};
use crate::profile::Profile;
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::weights::{Component, Weights};

/// Rows scored together by one task. Fixed, so that results never depend on thread count.
const CHUNK_ROWS: usize = 4096;

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
    /// Its normalised weight.
    pub weight: f32,
    /// `weight × fit` (with the unknown fit standing in when unknown).
    pub contribution: f32,
    /// A one-line human reason.
    pub reason: String,
}

/// A ranked candidate with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// 1-based rank.
    pub rank: usize,
    /// The score that ranks: the forward score, or in reciprocal mode the harmonic mean.
    pub score: f32,
    /// How well the candidate fits the asking profile.
    pub forward: f32,
    /// How well the asking profile fits the candidate (reciprocal mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverse: Option<f32>,
    /// Every component, in [`Component::ALL`] order.
    pub components: Vec<ComponentScore>,
    /// The candidate.
    pub profile: Profile,
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
    forward: f32,
    reverse: Option<f32>,
    id: &'a str,
    segment: usize,
    doc: DocId,
    fits: [f32; Component::COUNT],
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

    /// Whether an entry with this score could still enter (ties are decided by id later).
    fn admits(&self, score: f32) -> bool {
        self.heap.len() < self.k || self.heap.peek().is_some_and(|w| score >= w.0.score)
    }

    fn push(&mut self, entry: Scored<'a>) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(entry));
        } else if self.heap.peek().is_some_and(|worst| entry > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(entry));
        }
    }

    fn merge(mut self, other: TopK<'a>) -> TopK<'a> {
        for Reverse(entry) in other.heap {
            self.push(entry);
        }
        self
    }

    fn into_sorted(self) -> Vec<Scored<'a>> {
        let mut out: Vec<Scored<'a>> = self.heap.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }
}

/// Everything fixed for one ranking request, shared by all chunk tasks.
struct Plan<'a> {
    snapshot: &'a Snapshot,
    query: QueryFeatures,
    forward_weights: [f32; Component::COUNT],
    /// Per candidate kind, the weights of that kind as the asking side (reciprocal mode).
    reverse_weights: Option<[[f32; Component::COUNT]; Kind::COUNT]>,
    unknown_fit: f32,
    excluded: HashSet<&'a str>,
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
    rank_in_chunks(snapshot, weights, query, request, CHUNK_ROWS)
}

/// [`rank`] with a chosen chunk size (tests use small chunks to exercise heap merging).
fn rank_in_chunks(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
    chunk_rows: usize,
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
    let mut excluded: HashSet<&str> = request
        .filters
        .exclude_ids
        .iter()
        .map(String::as_str)
        .collect();
    excluded.insert(&query.id);
    let plan = Plan {
        snapshot,
        query: QueryFeatures::new(query),
        forward_weights: weights.for_kind(query.kind).normalized(),
        reverse_weights: request
            .reciprocal
            .then(|| std::array::from_fn(|k| weights.for_kind(Kind::ALL[k]).normalized())),
        unknown_fit: weights.unknown_fit,
        excluded,
        check: FilterCheck::new(&request.filters),
        limit: request.limit,
    };

    let text = text_relevance(snapshot, query, &targets)?;
    let tasks: Vec<(Kind, usize, &KindBlock, usize)> = targets
        .iter()
        .flat_map(|kind| {
            snapshot
                .blocks(*kind)
                .map(move |(s, block)| (*kind, s, block))
        })
        .flat_map(|(kind, s, block)| {
            (0..block.len())
                .step_by(chunk_rows)
                .map(move |start| (kind, s, block, start))
        })
        .collect();
    let top = tasks
        .par_iter()
        .map(|&(kind, segment, block, start)| {
            let end = (start + chunk_rows).min(block.len());
            let text_scores = &text[segment][kind.index()][start..end];
            plan.score_chunk(kind, segment, block, start..end, text_scores)
        })
        .reduce(|| TopK::new(plan.limit), TopK::merge);

    top.into_sorted()
        .into_iter()
        .enumerate()
        .map(|(i, scored)| plan.explain(i + 1, query, scored))
        .collect()
}

/// Normalised text relevance of every row of the target kinds: `[segment][kind][row]`.
fn text_relevance(
    snapshot: &Snapshot,
    query: &Profile,
    targets: &[Kind],
) -> Result<Vec<Vec<Vec<f32>>>> {
    let mut dense: Vec<Vec<Vec<f32>>> = snapshot
        .segments()
        .iter()
        .map(|seg| {
            Kind::ALL
                .iter()
                .map(|k| {
                    let n = if targets.contains(k) {
                        seg.kind(*k).len()
                    } else {
                        0
                    };
                    vec![0.0; n]
                })
                .collect()
        })
        .collect();
    let hits = snapshot.relevance(query)?;
    let mut best = 0.0f32;
    for (s, (segment, segment_hits)) in snapshot.segments().iter().zip(&hits).enumerate() {
        for &(doc, score) in segment_hits {
            let at = segment.rows[doc as usize];
            let row = at.row as usize;
            // The asker's own text matches itself best; it must not set the scale.
            let is_asker = segment.kind(at.kind).ids[row] == query.id;
            if targets.contains(&at.kind) && !is_asker {
                dense[s][at.kind.index()][row] = score;
                best = best.max(score);
            }
        }
    }
    if best > 0.0 {
        for v in dense.iter_mut().flatten().flatten() {
            *v /= best;
        }
    }
    Ok(dense)
}

impl<'a> Plan<'a> {
    fn score_chunk(
        &self,
        kind: Kind,
        segment: usize,
        block: &'a KindBlock,
        rows: std::ops::Range<usize>,
        text: &[f32],
    ) -> TopK<'a> {
        let mut top = TopK::new(self.limit);
        let matrix = block.matrix.slice(s![rows.clone(), ..]);
        let chunk = fit::chunk_fits(&self.query, matrix, text);
        for (i, row) in rows.enumerate() {
            let fits_row = chunk.fits.row(i);
            let fits: [f32; Component::COUNT] = std::array::from_fn(|c| fits_row[c]);
            let forward = self.weighted(&self.forward_weights, &fits);
            let (score, reverse) = match &self.reverse_weights {
                None => (forward, None),
                Some(per_kind) => {
                    let mut reversed = fits;
                    reversed[Component::Attribute.index()] = chunk.reverse_attribute[i];
                    let reverse = self.weighted(&per_kind[kind.index()], &reversed);
                    (harmonic_mean(forward, reverse), Some(reverse))
                }
            };
            if !top.admits(score) {
                continue;
            }
            let doc = block.docs[row];
            let features = block.matrix.row(row);
            let id = block.ids[row].as_str();
            if !self.snapshot.is_alive(segment, doc)
                || self.excluded.contains(id)
                || !self
                    .check
                    .passes(features.as_slice().expect("rows are contiguous"))
            {
                continue;
            }
            top.push(Scored {
                score,
                forward,
                reverse,
                id,
                segment,
                doc,
                fits,
            });
        }
        top
    }

    fn weighted(&self, weights: &[f32; Component::COUNT], fits: &[f32; Component::COUNT]) -> f32 {
        weights
            .iter()
            .zip(fits)
            .map(|(w, f)| w * if f.is_nan() { self.unknown_fit } else { *f })
            .sum()
    }

    fn explain(&self, rank: usize, query: &Profile, scored: Scored<'_>) -> Result<Match> {
        let address = DocAddress::new(scored.segment as u32, scored.doc);
        let candidate = self.snapshot.profile_at(address)?;
        let components = Component::ALL
            .iter()
            .map(|c| {
                let raw = scored.fits[c.index()];
                let fit = (!raw.is_nan()).then_some(raw);
                let weight = self.forward_weights[c.index()];
                ComponentScore {
                    component: *c,
                    fit,
                    weight,
                    contribution: weight * fit.unwrap_or(self.unknown_fit),
                    reason: explain::reason(*c, fit, query, &candidate),
                }
            })
            .collect();
        Ok(Match {
            rank,
            score: scored.score,
            forward: scored.forward,
            reverse: scored.reverse,
            components,
            profile: candidate,
        })
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
