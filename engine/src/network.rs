//! Deal history as evidence: the co-investment ranking fused with the thesis ranking.
//!
//! Profiles may record whom they did deals with — a start-up its `backers`, an investor or
//! partner its `portfolio`. Together these make a two-sided graph ([`DealGraph`]). For an
//! asking profile q with a history, the profiles on q's own side that share deals with it
//! resemble it: a peer x weighs the cosine of the two histories,
//! `|N(q) ∩ N(x)| / √(|N(q)| · |N(x)|)`, and q itself 1 — so a peer with one deal in common
//! counts for little when either side did many others. Peers
//! of those peers resemble q too, more faintly: each direct peer passes on a quarter
//! ([`SECOND_DEGREE`]) of its weight times its own resemblance to them, summed over the
//! direct peers and capped at 1. Every weight lies in [0, 1]. A candidate on the other side
//! fits by the weights of its own deal partners, combined as independent evidence
//! (noisy-or): `fit = 1 − Π (1 − w(x))` over the candidate's partners x. So a company whose
//! earlier investors co-invested with q, or with q's co-investors, fits well.
//!
//! The candidates with some evidence ([`NetworkQuery::reached`]) form the network's own
//! ranking, which [`crate::fusion`] interleaves with the thesis ranking. A candidate without
//! evidence — backed only by strangers, or raising for the first time — fits 0 and is simply
//! absent from that list: it competes on its thesis fit alone, not as a mismatch. The fit
//! is unknown only when q has no history, and then for every candidate.

use std::collections::{HashMap, HashSet};

use crate::profile::Profile;
use crate::store::Snapshot;
use crate::taxonomy::Kind;

/// Where a live profile's feature row is: its kind, segment and row in that kind's block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The profile's kind.
    pub kind: Kind,
    /// The segment's position in the snapshot.
    pub segment: usize,
    /// The row in the segment's block of that kind.
    pub row: usize,
}

/// Who did deals with whom, from every live profile's history.
#[derive(Debug, Default)]
pub struct DealGraph {
    /// Node of each id (looked up, never iterated).
    index: HashMap<String, u32>,
    /// Each node's id, in id order: nodes are numbered by id.
    ids: Vec<String>,
    /// Each node's deal partners, sorted (so in id order), without repeats.
    partners: Vec<Vec<u32>>,
    /// Each node's live profile, when the snapshot holds one (a history may name
    /// organisations that have no profile).
    located: Vec<Option<Location>>,
}

impl DealGraph {
    /// Reads the histories of a snapshot's live profiles. A deal recorded on both sides
    /// (in a start-up's `backers` and in the investor's `portfolio`) counts once.
    ///
    /// Nodes are numbered in id order, so every list and sum that follows node order (the
    /// partners of a node, the peers whose resemblances are summed) follows id order: the
    /// graph, and every float computed from it, depends on the set of live profiles alone,
    /// never on the segments they sit in or the order they were imported in.
    pub fn build(snapshot: &Snapshot) -> DealGraph {
        let mut deals: Vec<(&str, &str)> = Vec::new();
        let mut live: Vec<(&str, Location)> = Vec::new();
        for kind in Kind::ALL {
            for (segment, block) in snapshot.blocks(*kind) {
                for (row, (id, doc)) in block.ids.iter().zip(&block.docs).enumerate() {
                    if snapshot.is_alive(segment, *doc) {
                        let at = Location {
                            kind: *kind,
                            segment,
                            row,
                        };
                        live.push((id, at));
                    }
                }
                for (row, ids) in &block.history {
                    let row = *row as usize;
                    if snapshot.is_alive(segment, block.docs[row]) {
                        let me = block.ids[row].as_str();
                        deals.extend(ids.iter().map(|other| (me, other.as_str())));
                    }
                }
            }
        }
        let mut ids: Vec<&str> = deals.iter().flat_map(|(a, b)| [*a, *b]).collect();
        ids.sort_unstable();
        ids.dedup();
        let index: HashMap<String, u32> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| (id.to_string(), n as u32))
            .collect();
        let mut partners = vec![Vec::new(); ids.len()];
        for (a, b) in deals {
            let (a, b) = (index[a], index[b]);
            partners[a as usize].push(b);
            partners[b as usize].push(a);
        }
        for p in &mut partners {
            p.sort_unstable();
            p.dedup();
        }
        let mut located = vec![None; ids.len()];
        for (id, at) in live {
            if let Some(n) = index.get(id) {
                located[*n as usize] = Some(at);
            }
        }
        DealGraph {
            index,
            ids: ids.into_iter().map(str::to_string).collect(),
            partners,
            located,
        }
    }

    /// For the nodes sharing deal partners with a history (`partners`, of `len` partners
    /// in all, some perhaps unknown to the graph), the cosine of the two histories.
    fn resemblance(&self, partners: &[u32], len: usize) -> HashMap<u32, f32> {
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for p in partners {
            for peer in &self.partners[*p as usize] {
                *shared.entry(*peer).or_default() += 1;
            }
        }
        shared
            .into_iter()
            .map(|(peer, k)| {
                let theirs = self.partners[peer as usize].len();
                let norm = ((len * theirs) as f32).sqrt().max(1.0);
                (peer, (k as f32 / norm).min(1.0))
            })
            .collect()
    }

    /// The deal partners of a profile id (empty when it has none).
    pub fn partners_of(&self, id: &str) -> impl Iterator<Item = &str> {
        self.index
            .get(id)
            .map(|n| self.partners[*n as usize].as_slice())
            .unwrap_or_default()
            .iter()
            .map(|p| self.ids[*p as usize].as_str())
    }
}

/// The deal partners a profile states itself: its backers or its portfolio.
pub fn history(profile: &Profile) -> &[String] {
    if profile.backers.is_empty() {
        &profile.portfolio
    } else {
        &profile.backers
    }
}

/// How much of a direct peer's weight reaches the peers it resembles.
pub const SECOND_DEGREE: f32 = 0.25;

/// One asking profile's resemblance to the profiles on its side, ready to score candidates.
pub struct NetworkQuery<'g> {
    graph: &'g DealGraph,
    /// Resemblance of same-side nodes to the query, in [0, 1] (the query itself: 1).
    weights: HashMap<u32, f32>,
    /// Whether the query has a history at all (else every fit is unknown).
    active: bool,
}

impl<'g> NetworkQuery<'g> {
    /// Weighs the same-side profiles by the share of the query's deal partners they share.
    pub fn new(graph: &'g DealGraph, query: &Profile) -> NetworkQuery<'g> {
        // The partners the query states or the graph knows; those the graph does not hold
        // still count in the size of its history.
        let mut mine: HashSet<&str> = history(query).iter().map(String::as_str).collect();
        mine.extend(graph.partners_of(&query.id));
        let known: Vec<u32> = mine
            .iter()
            .filter_map(|id| graph.index.get(*id).copied())
            .collect();
        let mut weights = graph.resemblance(&known, mine.len());
        // Summed in node order: the same query always gets bit-identical weights.
        let mut direct: Vec<(u32, f32)> = weights.iter().map(|(p, w)| (*p, *w)).collect();
        direct.sort_unstable_by_key(|(p, _)| *p);
        let mut second: HashMap<u32, f32> = HashMap::new();
        for (peer, w) in &direct {
            let partners = &graph.partners[*peer as usize];
            for (far, r) in graph.resemblance(partners, partners.len()) {
                *second.entry(far).or_default() += SECOND_DEGREE * w * r;
            }
        }
        for (far, w) in second {
            let entry = weights.entry(far).or_default();
            *entry = entry.max(w.min(1.0));
        }
        if let Some(me) = graph.index.get(&query.id) {
            weights.insert(*me, 1.0);
        }
        NetworkQuery {
            graph,
            weights,
            active: !mine.is_empty(),
        }
    }

    /// Whether the query has a deal history (else every fit is unknown).
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// A candidate's fit in [0, 1]: 0 without evidence (no history, or only strangers);
    /// `NaN` (unknown) when the query has no deal history.
    pub fn fit(&self, candidate: &str) -> f32 {
        if !self.active {
            return f32::NAN;
        }
        match self.graph.index.get(candidate) {
            Some(c) => self.node_fit(*c),
            None => 0.0,
        }
    }

    fn node_fit(&self, node: u32) -> f32 {
        let miss: f32 = self.graph.partners[node as usize]
            .iter()
            .map(|p| 1.0 - self.weights.get(p).copied().unwrap_or(0.0))
            .product();
        1.0 - miss
    }

    /// The live profiles of the given kinds with some evidence (a fit above 0), with their
    /// fits, in location order: the candidates of the network's ranking.
    pub fn reached(&self, kinds: &[Kind]) -> Vec<(Location, f32)> {
        let mut nodes: Vec<u32> = self
            .weights
            .iter()
            .filter(|(_, w)| **w > 0.0)
            .flat_map(|(peer, _)| self.graph.partners[*peer as usize].iter().copied())
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        let mut found: Vec<(Location, f32)> = nodes
            .into_iter()
            .filter_map(|n| {
                let at = self.graph.located[n as usize]?;
                let fit = self.node_fit(n);
                (kinds.contains(&at.kind) && fit > 0.0).then_some((at, fit))
            })
            .collect();
        found.sort_unstable_by_key(|(at, _)| *at);
        found
    }

    /// The candidate's deal partners that resemble the query most, best first (at most `n`),
    /// with their weights: the evidence behind [`NetworkQuery::fit`].
    pub fn evidence(&self, candidate: &str, n: usize) -> Vec<(&'g str, f32)> {
        let Some(c) = self.graph.index.get(candidate) else {
            return Vec::new();
        };
        let mut found: Vec<(&'g str, f32)> = self.graph.partners[*c as usize]
            .iter()
            .filter_map(|p| {
                let w = *self.weights.get(p)?;
                Some((self.graph.ids[*p as usize].as_str(), w))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        found.truncate(n);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store_with;

    fn investor(id: &str, portfolio: &[&str]) -> Profile {
        let mut p = Profile::new(id, Kind::Investor, id);
        p.portfolio = portfolio.iter().map(|s| s.to_string()).collect();
        p
    }

    fn startup(id: &str, backers: &[&str]) -> Profile {
        let mut p = Profile::new(id, Kind::Startup, id);
        p.backers = backers.iter().map(|s| s.to_string()).collect();
        p
    }

    #[test]
    fn co_investors_make_their_companies_fit() {
        // q backed a and b; e co-invested in a (and recorded it on a's side), f in nothing.
        let people = vec![
            investor("q", &["a", "b"]),
            investor("e", &["x"]),
            investor("f", &["y"]),
            startup("a", &["e"]),
            startup("x", &[]),
            startup("y", &[]),
            startup("new", &[]),
        ];
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let graph = snap.deal_graph();
        let q = NetworkQuery::new(graph, &people[0]);
        // e shares one of q's two companies: weight 0.5; x is backed by e only.
        assert!((q.fit("x") - 0.5).abs() < 1e-6);
        assert_eq!(q.fit("y"), 0.0, "backed only by a stranger");
        assert_eq!(
            q.fit("new"),
            0.0,
            "a first raise: no evidence, level with strangers"
        );
        assert_eq!(q.evidence("x", 3), vec![("e", 0.5)]);
        // A company q backed itself fits fully (a follow-on).
        assert_eq!(q.fit("a"), 1.0);
        let nobody = NetworkQuery::new(graph, &investor("z", &[]));
        assert!(!nobody.is_active() && nobody.fit("x").is_nan());
    }

    #[test]
    fn one_deal_in_common_counts_less_beside_many_others() {
        // q and e share a; q did 4 deals, e 2, so e resembles q 1/√8; w is backed by e.
        let people = vec![
            investor("q", &["a", "b", "c", "d"]),
            investor("e", &["a", "w"]),
            startup("w", &[]),
            startup("v", &[]),
        ];
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let q = NetworkQuery::new(snap.deal_graph(), &people[0]);
        assert!(
            (q.fit("w") - 8f32.sqrt().recip()).abs() < 1e-6,
            "{}",
            q.fit("w")
        );
        // The stored start-ups the network reaches: w only (a–d have no profile, v no deal).
        let reached = q.reached(&[Kind::Startup]);
        assert_eq!(reached.len(), 1);
        assert_eq!(reached[0].0.kind, Kind::Startup);
        assert!(q.reached(&[Kind::Investor]).is_empty());
    }

    #[test]
    fn peers_of_peers_count_a_quarter() {
        // q and e share a (e resembles q 0.5); e and g share x (g resembles e 0.5).
        let people = vec![
            investor("q", &["a", "b"]),
            investor("e", &["a", "x"]),
            investor("g", &["x", "w"]),
            startup("w", &[]),
        ];
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let q = NetworkQuery::new(snap.deal_graph(), &people[0]);
        // g: 0.25 × 0.5 × 0.5; w is backed by g alone.
        assert!((q.fit("w") - 0.0625).abs() < 1e-6, "{}", q.fit("w"));
        // x: e (0.5) and g (0.0625) as independent evidence.
        assert!(
            (q.fit("x") - (1.0 - 0.5 * 0.9375)).abs() < 1e-6,
            "{}",
            q.fit("x")
        );
    }
}
