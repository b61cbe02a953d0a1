//! A ranking personalised by the asker's own feedback: what it passed on leaves the list,
//! and candidates like the ones it liked or met move up, with the reason.
//!
//! The asker's positive examples reveal a thesis of their own: their sectors, places,
//! stages, amounts, words and backers, gathered into one profile of the asker's kind
//! ([`revealed_thesis`]) and ranked like any query. Two rankings then stand side by side —
//! the usual one (thesis or learned, whichever the caller uses) and the revealed thesis's —
//! and are fused by rank, as the thesis and the network are ([`crate::fusion`]): a
//! candidate placed `b` on the first and `l` on the second scores
//! `(1 − s) · part(b) + s · part(l)` with `s` = [`share`]: [`SHARE`] for an asker that only
//! liked, growing towards [`SHARE_MAX`] as the share of its signals that are passes grows —
//! an asker that turned down most of what it was shown is told less by the usual ranking
//! and more by what it did like. Both lists are established exactly to [`DEPTH`] places and
//! deeper places count as `DEPTH + 1`, so the result is the exact top of the fused order
//! and depends on the stored profiles and the asker's signals alone (ties by the usual
//! place, then the revealed one, then id).
//!
//! Passes also lower what resembles them ([`lower_passed`]): a candidate at least
//! [`PASSED_ALIKE`] alike to a candidate the asker passed on (the same resemblance that
//! names liked examples) loses [`PASS_PENALTY`] times that resemblance, so the next page
//! after a page of passes explores elsewhere instead of offering more of the same.
//!
//! Every match keeps its usual explanation (thesis components or the learned model's
//! reasons) — a candidate reached only through the revealed list is ranked again for the
//! asker alone to get it — and adds which examples it resembles most: "like ShambaSense and
//! AgroPay, which you liked", or "placed lower: like FarmLink, which you passed on".

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Personal, Signal};
use crate::error::Result;
use crate::features::Row;
use crate::fit::QueryFeatures;
use crate::fusion::part;
use crate::network::history;
use crate::profile::{Profile, Usd};
use crate::rank::{Match, MatchRequest, default_targets, rank};
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::weights::{Component, Weights};

/// How many places of each ranking the fusion establishes.
pub const DEPTH: usize = 300;

/// The revealed thesis's share of the fused score for an asker that gave no passes. Chosen
/// on the real deal benchmark's inner split (2010): the largest share that did not lower
/// NDCG@10 there (0.2, 0.35 and 0.5 measured; the README has the figures).
pub const SHARE: f32 = 0.35;

/// The revealed thesis's share that [`share`] approaches as passes come to outnumber
/// everything else an asker said. Chosen with the simulated user on a synthetic benchmark
/// of another seed than the one the README reports (0.35, 0.8 and 1.0 measured).
pub const SHARE_MAX: f32 = 0.8;

/// A candidate this alike to one the asker passed on (0 to 1, as [`Alike`] measures)
/// is placed lower. Chosen with [`SHARE_MAX`] (0, 0.6, 0.7, 0.75 and 0.8 measured).
pub const PASSED_ALIKE: f32 = 0.7;

/// What a candidate alike to a passed one loses from its fused score, times the resemblance.
/// The top of a list scores 1 ([`part`]). Chosen with [`SHARE_MAX`] (0.3 to 2 measured).
pub const PASS_PENALTY: f32 = 0.6;

/// The revealed thesis's share of the fused score for an asker with `liked` positive
/// examples that passed on `passed` candidates: [`SHARE`] plus the passes' share of the
/// signals times the rest of the way to [`SHARE_MAX`].
///
/// ```
/// use tandem_engine::feedback::personal::{SHARE, SHARE_MAX, share};
/// assert_eq!(share(3, 0), SHARE);
/// assert!(share(1, 9) > share(5, 5));
/// assert!(share(1, 1000) <= SHARE_MAX);
/// ```
pub fn share(liked: usize, passed: usize) -> f32 {
    if passed == 0 {
        return SHARE;
    }
    SHARE + (SHARE_MAX - SHARE) * passed as f32 / (liked + passed) as f32
}

/// The most positive examples read: the most recent ones.
pub const MAX_EXAMPLES: usize = 50;

/// How a personalised match got its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Personalised {
    /// 1-based place in the ranking without feedback (at most [`DEPTH`] + 1).
    pub usual_place: usize,
    /// 1-based place among the candidates most like the asker's positive examples (`None`:
    /// deeper than [`DEPTH`]).
    pub liked_place: Option<usize>,
    /// The examples it resembles most, best first (at most two): id and name.
    pub resembles: Vec<(String, String)>,
    /// The reason in words, when it resembles any: "like ShambaSense and AgroPay, which
    /// you liked".
    pub reason: Option<String>,
    /// The passed candidate it resembles most, when that placed it lower: id and name.
    pub passed_alike: Option<(String, String)>,
    /// That in words: "placed lower: like FarmLink, which you passed on".
    pub lowered: Option<String>,
    /// What the asker already said about this candidate (e.g. it liked it).
    pub given: Vec<Signal>,
}

/// A ranking of the usual kind for a request: the caller's thesis or learned ranking.
pub type Usual<'a> = dyn Fn(&MatchRequest) -> Result<Vec<Match>> + 'a;

/// Ranks for `query` with its own signals: passed candidates are left out (unless
/// `include_passed`) and what resembles them is placed lower, and with positive examples
/// the usual ranking is fused with the revealed thesis's. Without likes, meetings or passes
/// this is the usual ranking itself.
pub fn personalise(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
    personal: &Personal,
    include_passed: bool,
    usual: &Usual<'_>,
) -> Result<Vec<Match>> {
    let mut request = request.clone();
    if !include_passed {
        request
            .filters
            .exclude_ids
            .extend(personal.passed.iter().cloned());
    }
    let mut examples = Vec::new();
    for id in personal.positives.iter().take(MAX_EXAMPLES) {
        if let Some(profile) = snapshot.get(&id.0)? {
            examples.push((profile, id.1));
        }
    }
    let mut passes = Vec::new();
    for id in personal.recent_passes.iter().take(MAX_EXAMPLES) {
        if let Some(profile) = snapshot.get(id)? {
            passes.push(profile);
        }
    }
    if examples.is_empty() && passes.is_empty() {
        let mut matches = usual(&request)?;
        for m in &mut matches {
            m.personalised = personal.given.get(&m.profile.id).map(|given| Personalised {
                usual_place: m.rank,
                liked_place: None,
                resembles: Vec::new(),
                reason: None,
                passed_alike: None,
                lowered: None,
                given: given.clone(),
            });
        }
        return Ok(matches);
    }

    let deep = MatchRequest {
        limit: DEPTH.max(request.limit),
        ..request.clone()
    };
    let usual_list = usual(&deep)?;
    let liked_list = if examples.is_empty() {
        Vec::new()
    } else {
        let profiles: Vec<&Profile> = examples.iter().map(|(p, _)| p).collect();
        let revealed = revealed_thesis(query, &profiles);
        let mut liked_request = deep.clone();
        if liked_request.targets.is_empty() {
            liked_request.targets = default_targets(query.kind);
        }
        // The revealed thesis has an id no profile has; the asker itself is no candidate.
        // The examples would top their own list: they keep their usual place instead.
        liked_request.filters.exclude_ids.push(query.id.clone());
        liked_request
            .filters
            .exclude_ids
            .extend(examples.iter().map(|(e, _)| e.id.clone()));
        rank(snapshot, weights, &revealed, &liked_request)?
    };

    let usual_ids: Vec<&str> = usual_list.iter().map(|m| m.profile.id.as_str()).collect();
    let liked_ids: Vec<&str> = liked_list.iter().map(|m| m.profile.id.as_str()).collect();
    let depth = deep.limit;
    let share = share(examples.len(), personal.passed.len());
    let mut order = fuse(&usual_ids, &liked_ids, depth, share);
    // Each listed candidate's resemblance to its closest passed candidate, and which.
    let passed_alike: BTreeMap<String, (f32, usize)> = if passes.is_empty() {
        BTreeMap::new()
    } else {
        let alike = Resemblance::with_signal(query, weights, &passes, Signal::Pass);
        usual_list
            .iter()
            .chain(&liked_list)
            .filter_map(|m| Some((m.profile.id.clone(), alike.greatest(&m.profile)?)))
            .collect()
    };
    lower_passed(&mut order, |id| {
        passed_alike.get(*id).map_or(0.0, |(r, _)| *r)
    });
    let order: Vec<Fused<String>> = order
        .into_iter()
        .map(|f| Fused {
            id: f.id.to_string(),
            usual_place: f.usual_place,
            liked_place: f.liked_place,
            score: f.score,
            lowered: f.lowered,
        })
        .collect();
    let mut by_id: BTreeMap<String, Match> = usual_list
        .into_iter()
        .map(|m| (m.profile.id.clone(), m))
        .collect();
    let resemblance = Resemblance::new(query, weights, &examples);
    let mut matches = Vec::with_capacity(request.limit);
    let mut pending = order.into_iter().peekable();
    while matches.len() < request.limit && pending.peek().is_some() {
        let batch: Vec<Fused<String>> = pending
            .by_ref()
            .take(request.limit - matches.len())
            .collect();
        // Candidates only the revealed list reached are explained for the asker by ranking
        // them alone the usual way. That ranking may leave some out (a learned ranking
        // leaves out what the asker already backed): the next in the fused order take
        // their places.
        let missing: Vec<String> = batch
            .iter()
            .filter(|f| !by_id.contains_key(&f.id))
            .map(|f| f.id.clone())
            .collect();
        if !missing.is_empty() {
            let mut only = request.clone();
            only.limit = missing.len();
            only.filters.only_ids = Some(missing);
            by_id.extend(usual(&only)?.into_iter().map(|m| (m.profile.id.clone(), m)));
        }
        for fused in batch {
            let Fused {
                id,
                usual_place,
                liked_place,
                score,
                lowered,
            } = fused;
            let Some(mut m) = by_id.remove(&id) else {
                continue;
            };
            let resembles = resemblance.closest(&m.profile);
            let passed_alike = (lowered > 0.0)
                .then(|| passed_alike.get(&id))
                .flatten()
                .map(|(_, i)| (passes[*i].id.clone(), passes[*i].name.clone()));
            m.personalised = Some(Personalised {
                usual_place,
                liked_place,
                reason: resemblance.reason(&resembles),
                resembles,
                lowered: passed_alike
                    .as_ref()
                    .map(|(_, name)| format!("placed lower: like {name}, which you passed on")),
                passed_alike,
                given: personal.given.get(&id).cloned().unwrap_or_default(),
            });
            m.rank = matches.len() + 1;
            m.score = score;
            matches.push(m);
        }
    }
    Ok(matches)
}

/// A candidate's place in the fused order of [`fuse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fused<T> {
    /// The candidate.
    pub id: T,
    /// 1-based place in the usual ranking (`depth + 1` when deeper).
    pub usual_place: usize,
    /// 1-based place in the revealed thesis's ranking (`None` when deeper than `depth`).
    pub liked_place: Option<usize>,
    /// `(1 − s) · part(usual_place) + s · part(liked_place or depth + 1) − lowered`, with
    /// `s` the share [`fuse`] was given.
    pub score: f32,
    /// What [`lower_passed`] took off for resembling a passed candidate (0 when nothing).
    pub lowered: f32,
}

/// Fuses the usual ranking and the revealed thesis's, each given best first to `depth`
/// places, the revealed one with `share` of the say: every candidate on either list, best
/// first; ties go to the better usual place, then the better revealed place, then the
/// smaller id. A candidate on neither list would score less than any listed one.
///
/// ```
/// use tandem_engine::feedback::personal::{SHARE, fuse};
/// let fused = fuse(&["a", "b", "c"], &["c", "d"], 3, SHARE);
/// let order: Vec<_> = fused.iter().map(|f| f.id).collect();
/// // c, third but also first on the revealed list, passes b; the usual list weighs more.
/// assert_eq!(order, vec!["a", "c", "b", "d"]);
/// ```
pub fn fuse<T: Ord + Clone>(usual: &[T], liked: &[T], depth: usize, share: f32) -> Vec<Fused<T>> {
    let mut places: BTreeMap<T, (usize, Option<usize>)> = BTreeMap::new();
    for (i, id) in usual.iter().take(depth).enumerate() {
        places.entry(id.clone()).or_insert((depth + 1, None)).0 = i + 1;
    }
    for (i, id) in liked.iter().take(depth).enumerate() {
        places.entry(id.clone()).or_insert((depth + 1, None)).1 = Some(i + 1);
    }
    let mut fused: Vec<Fused<T>> = places
        .into_iter()
        .map(|(id, (usual_place, liked_place))| Fused {
            score: part(1.0 - share, Some(usual_place))
                + part(share, Some(liked_place.unwrap_or(depth + 1))),
            id,
            usual_place,
            liked_place,
            lowered: 0.0,
        })
        .collect();
    sort_fused(&mut fused);
    fused
}

/// Places lower, in a fused order, each candidate that resembles one the asker passed on:
/// `alike(id)` is its resemblance to the closest passed candidate (0 to 1), and from
/// [`PASSED_ALIKE`] on it loses [`PASS_PENALTY`] times that. The order is sorted again.
///
/// ```
/// use tandem_engine::feedback::personal::{SHARE, fuse, lower_passed};
/// let mut fused = fuse(&["a", "b", "c"], &[], 3, SHARE);
/// // a is much like something the asker passed on; c a little.
/// lower_passed(&mut fused, |id| match *id { "a" => 0.9, "c" => 0.5, _ => 0.0 });
/// let order: Vec<_> = fused.iter().map(|f| f.id).collect();
/// assert_eq!(order, vec!["b", "c", "a"]);
/// ```
pub fn lower_passed<T: Ord>(fused: &mut [Fused<T>], alike: impl Fn(&T) -> f32) {
    let mut lowered_any = false;
    for f in fused.iter_mut() {
        let r = alike(&f.id);
        if r >= PASSED_ALIKE {
            f.lowered = PASS_PENALTY * r;
            f.score -= f.lowered;
            lowered_any = true;
        }
    }
    if lowered_any {
        sort_fused(fused);
    }
}

/// Best first; ties to the better usual place, then the better revealed place, then the
/// smaller id.
fn sort_fused<T: Ord>(fused: &mut [Fused<T>]) {
    fused.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.usual_place.cmp(&b.usual_place))
            .then(
                a.liked_place
                    .unwrap_or(usize::MAX)
                    .cmp(&b.liked_place.unwrap_or(usize::MAX)),
            )
            .then(a.id.cmp(&b.id))
    });
}

/// The thesis the asker's positive examples reveal: a profile of the asker's kind that asks
/// for what they have in common — their sectors, places, SDGs, attributes, instruments and
/// words; for a start-up, the support they offer; for an investor or partner, their stages,
/// the span of their asks, the support they need.
///
/// It has no deal history: the examples' co-investors would fuse the network's list into
/// this one, which in the simulated-user measurement crowded out the candidates that
/// resemble the examples (1.33× the matches found without feedback with it, 1.44× without,
/// at share 0.8). Shared backers still name an example in the explanation, and a `deal`
/// brings the network in for everyone.
pub fn revealed_thesis(asker: &Profile, examples: &[&Profile]) -> Profile {
    // Ids never hold a space: no stored profile has this one.
    let mut thesis = Profile::new(
        format!("what {} liked", asker.id),
        asker.kind,
        format!("what {} liked", asker.name),
    );
    thesis.description = examples
        .iter()
        .map(|e| format!("{}\n{}", e.name, e.description))
        .collect::<Vec<_>>()
        .join("\n");
    thesis.sectors = union(examples, |e| &e.sectors);
    thesis.countries = union(examples, |e| &e.countries);
    thesis.regions = union(examples, |e| &e.regions);
    thesis.sdgs = union(examples, |e| &e.sdgs);
    thesis.attributes = union(examples, |e| &e.attributes);
    thesis.instruments = union(examples, |e| &e.instruments);
    let mut cities = union(examples, |e| &e.cities);
    cities.truncate(crate::city::MAX_CITIES);
    thesis.cities = cities;
    match asker.kind {
        Kind::Startup => {
            // Its own stage and ask are facts about it, not tastes.
            thesis.stage = asker.stage;
            thesis.funding_ask_usd = asker.funding_ask_usd;
            thesis.needs = union(examples, |e| &e.offers);
        }
        Kind::Investor | Kind::Partner => {
            let stages: BTreeSet<_> = examples.iter().flat_map(|e| e.stage_set()).collect();
            thesis.stages = stages.into_iter().collect();
            let asks: Vec<u64> = examples
                .iter()
                .filter_map(|e| e.funding_ask_usd.map(|u| u.0))
                .collect();
            thesis.ticket_min_usd = asks.iter().min().map(|v| Usd(*v));
            thesis.ticket_max_usd = asks.iter().max().map(|v| Usd(*v));
            thesis.offers = union(examples, |e| &e.needs);
        }
    }
    thesis
}

/// Every value of a list field across the examples, once, in the examples' order.
fn union<T: Clone + PartialEq>(
    examples: &[&Profile],
    field: impl Fn(&Profile) -> &Vec<T>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for e in examples {
        for v in field(e) {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// How alike candidates are to some examples (0 to 1): the resemblance that names liked
/// examples and lowers what resembles a passed one, for callers that rank by ids.
pub struct Alike<'a>(Resemblance<'a>);

impl<'a> Alike<'a> {
    /// The resemblance to `examples`, for `asker` with its `weights`.
    pub fn new(asker: &Profile, weights: &Weights, examples: &'a [Profile]) -> Alike<'a> {
        Alike(Resemblance::with_signal(
            asker,
            weights,
            examples,
            Signal::Pass,
        ))
    }

    /// The candidate's resemblance to the example it is most alike (0 without examples).
    pub fn greatest(&self, candidate: &Profile) -> f32 {
        self.0.greatest(candidate).map_or(0.0, |(r, _)| r)
    }
}

/// How much a candidate resembles each positive example: the thesis fits of the example's
/// own revealed thesis (sectors, place, stage, amount, SDGs, support, instruments,
/// attributes), plus shared backers.
struct Resemblance<'a> {
    examples: Vec<(&'a Profile, Signal, QueryFeatures)>,
    weights: [f32; Component::COUNT],
}

/// What sharing a backer (or a portfolio company) with an example adds to the resemblance.
const SHARED_HISTORY: f32 = 0.5;

/// Below this resemblance an example is not named.
const NAMED_AT_LEAST: f32 = 0.5;

impl<'a> Resemblance<'a> {
    fn new(asker: &Profile, weights: &Weights, examples: &'a [(Profile, Signal)]) -> Self {
        Self::of(asker, weights, examples.iter().map(|(e, s)| (e, *s)))
    }

    /// To examples that all got the same signal.
    fn with_signal(
        asker: &Profile,
        weights: &Weights,
        examples: &'a [Profile],
        signal: Signal,
    ) -> Self {
        Self::of(asker, weights, examples.iter().map(|e| (e, signal)))
    }

    fn of(
        asker: &Profile,
        weights: &Weights,
        examples: impl Iterator<Item = (&'a Profile, Signal)>,
    ) -> Self {
        let mut weights = weights.for_kind(asker.kind).as_array();
        // Words and deal partners are compared separately (or not at all).
        weights[Component::Text.index()] = 0.0;
        weights[Component::Network.index()] = 0.0;
        Resemblance {
            examples: examples
                .map(|(e, s)| (e, s, QueryFeatures::new(&revealed_thesis(asker, &[e]))))
                .collect(),
            weights,
        }
    }

    /// How alike the candidate's row is to one example's own thesis: the weighted mean of
    /// the component fits both sides give data for (0 to 1).
    fn features_alike(&self, example: &QueryFeatures, row: &Row) -> f32 {
        let fits = example.fits(row, f32::NAN);
        let (mut sum, mut total) = (0.0, 0.0);
        for (fit, w) in fits.iter().zip(self.weights) {
            if w > 0.0 && !fit.is_nan() {
                sum += w * fit;
                total += w;
            }
        }
        if total > 0.0 { sum / total } else { 0.0 }
    }

    /// The candidate's greatest resemblance to an example, by sectors, place, stage,
    /// amount and the other thesis fits alone (0 to 1), and which example (the more recent
    /// among equals); `None` without examples or when the candidate is the only one.
    fn greatest(&self, candidate: &Profile) -> Option<(f32, usize)> {
        let row = Row::encode(candidate);
        self.examples
            .iter()
            .enumerate()
            .filter(|(_, (e, _, _))| e.id != candidate.id)
            .map(|(i, (_, _, query))| (self.features_alike(query, &row), i))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
    }

    /// The (at most two) examples the candidate resembles most, best first.
    fn closest(&self, candidate: &Profile) -> Vec<(String, String)> {
        let row = Row::encode(candidate);
        let backers: BTreeSet<&String> = history(candidate).iter().collect();
        let mut scored: Vec<(f32, usize)> = self
            .examples
            .iter()
            .enumerate()
            .filter(|(_, (e, _, _))| e.id != candidate.id)
            .map(|(i, (e, _, query))| {
                let features = self.features_alike(query, &row);
                let shared = history(e).iter().any(|id| backers.contains(id));
                (features + if shared { SHARED_HISTORY } else { 0.0 }, i)
            })
            .filter(|(score, _)| *score >= NAMED_AT_LEAST)
            .collect();
        // Most alike first; among equals, the more recent example (listed first).
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(2)
            .map(|(_, i)| {
                let e = self.examples[i].0;
                (e.id.clone(), e.name.clone())
            })
            .collect()
    }

    /// "like A and B, which you liked" for the examples `closest` named.
    fn reason(&self, resembles: &[(String, String)]) -> Option<String> {
        if resembles.is_empty() {
            return None;
        }
        let names: Vec<&str> = resembles.iter().map(|(_, n)| n.as_str()).collect();
        let signals: BTreeSet<Signal> = resembles
            .iter()
            .filter_map(|(id, _)| {
                self.examples
                    .iter()
                    .find(|(e, _, _)| e.id == *id)
                    .map(|(_, s, _)| *s)
            })
            .collect();
        let verb = match (
            signals.contains(&Signal::Like),
            signals.contains(&Signal::Meeting),
        ) {
            (true, true) => "liked or met",
            (false, true) => "met",
            _ => "liked",
        };
        Some(format!("like {}, which you {verb}", names.join(" and ")))
    }
}
