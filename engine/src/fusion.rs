//! Reciprocal rank fusion: one ranking out of the thesis ranking and the network's.
//!
//! Two lists rank the same candidates on different evidence: the thesis score (text and
//! features — what the asking profile says it wants and what its past deals show) and the
//! deal-history network (whom it does deals with, [`crate::network`]). Their scores live on
//! scales that differ from one asking profile to the next, so the lists are fused by rank,
//! not by score (reciprocal rank fusion, Cormack, Clarke & Büttcher, SIGIR 2009). A
//! candidate ranked `t` on thesis and `n` on network (1-based) scores
//!
//! `(1 − s) · (K + 1) / (K + t) + s · (K + 1) / (K + n)`
//!
//! with `s` the network's share of the weights and `K` = [`RANK_OFFSET`]; the network adds
//! nothing for a candidate it does not reach. The top of both lists scores 1. Each list lifts
//! its best candidates to the top but neither crowds the other out: with `s = ½` the first
//! ten places go about evenly to the best of each. That is what lets one ranking serve both
//! companies raising for the first time (no deal partners, thesis only) and companies with
//! backers the asking investor knows.
//!
//! The interleaving is clean in a large pool, where the network's favourites sit deep in
//! the thesis list and collect next to nothing there. In a pool of a few dozen, every
//! candidate is near the top of the thesis list, so being on both lists weighs more.
//!
//! Ties on one list are broken by the other list, then by input order (the caller passes
//! candidates in a fixed order, e.g. by id): among equals on thesis, the one the network
//! prefers comes first, and the other way round. Thesis ranks below [`THESIS_DEPTH`] count as `THESIS_DEPTH + 1`: the ranking only
//! establishes the top of the thesis list exactly, and that deep a rank adds next to nothing.

use serde::Serialize;

/// How flat the fused curve is: the place at which a list's contribution halves, less one.
/// Small values favour the very top of each list; 10 weighs the first ten places of each
/// list about evenly against each other.
pub const RANK_OFFSET: usize = 10;

/// How deep the thesis ranking is established exactly when fusing.
pub const THESIS_DEPTH: usize = 1000;

/// A fused candidate's places in the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Places {
    /// 1-based place in the thesis ranking (at most [`THESIS_DEPTH`] + 1).
    pub thesis: usize,
    /// 1-based place in the network ranking, or `None` when the network does not reach it.
    pub network: Option<usize>,
}

/// What a list adds for a place, with that list's share: `share · (K + 1) / (K + place)`.
///
/// ```
/// use tandem_engine::fusion::part;
/// assert_eq!(part(0.5, Some(1)), 0.5);
/// assert!((part(1.0, Some(12)) - 0.5).abs() < 1e-6);
/// assert_eq!(part(0.5, None), 0.0);
/// ```
pub fn part(share: f32, place: Option<usize>) -> f32 {
    let k = RANK_OFFSET as f32;
    place.map_or(0.0, |p| share * (k + 1.0) / (k + p as f32))
}

/// Fuses two rankings of the same candidates given by their scores: `thesis[i]` and
/// `network[i]` are candidate i's thesis score and network fit (0: not reached). Returns
/// each candidate's fused score and places, in input order; ties on one list go to the
/// better on the other, then to the earlier candidate.
///
/// ```
/// use tandem_engine::fusion::fuse;
/// // a: best on thesis, unknown to the network; b and c: on both lists.
/// let fused = fuse(&[0.9, 0.8, 0.1], &[0.0, 0.6, 0.3], 0.5);
/// let places: Vec<_> = fused.iter().map(|(_, p)| (p.thesis, p.network)).collect();
/// assert_eq!(places, vec![(1, None), (2, Some(1)), (3, Some(2))]);
/// // High on both lists beats best on one only.
/// assert!(fused[1].0 > fused[2].0 && fused[2].0 > fused[0].0);
/// ```
pub fn fuse(thesis: &[f32], network: &[f32], share: f32) -> Vec<(f32, Places)> {
    assert_eq!(
        thesis.len(),
        network.len(),
        "one score of each per candidate"
    );
    let thesis_places = places(thesis, network);
    let network_places = places(network, thesis);
    thesis_places
        .iter()
        .zip(&network_places)
        .zip(network)
        .map(|((t, n), fit)| {
            let at = Places {
                thesis: (*t).min(THESIS_DEPTH + 1),
                network: (*fit > 0.0).then_some(*n),
            };
            let score = part(1.0 - share, Some(at.thesis)) + part(share, at.network);
            (score, at)
        })
        .collect()
}

/// Each score's 1-based place, highest first; equal scores go by the `tie_break` score,
/// highest first, then by index.
fn places(scores: &[f32], tie_break: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| {
        scores[*b]
            .total_cmp(&scores[*a])
            .then(tie_break[*b].total_cmp(&tie_break[*a]))
            .then(a.cmp(b))
    });
    let mut out = vec![0; scores.len()];
    for (i, at) in order.iter().enumerate() {
        out[*at] = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_go_to_the_better_on_the_other_list_then_the_earlier() {
        let scores = [0.2, 0.5, 0.5, 0.1, 0.5];
        assert_eq!(
            places(&scores, &[0.0, 0.1, 0.3, 0.0, 0.1]),
            vec![4, 2, 1, 5, 3]
        );
        assert_eq!(places(&[], &[]), Vec::<usize>::new());
    }

    #[test]
    fn deep_thesis_places_are_capped() {
        let thesis: Vec<f32> = (0..THESIS_DEPTH + 5).map(|i| -(i as f32)).collect();
        let network = vec![0.0; thesis.len()];
        let fused = fuse(&thesis, &network, 0.5);
        assert_eq!(fused[THESIS_DEPTH - 1].1.thesis, THESIS_DEPTH);
        assert_eq!(fused[THESIS_DEPTH + 4].1.thesis, THESIS_DEPTH + 1);
        assert_eq!(fused[THESIS_DEPTH].0, fused[THESIS_DEPTH + 4].0);
    }

    #[test]
    fn without_network_share_the_thesis_order_stands() {
        let fused = fuse(&[0.3, 0.9, 0.5], &[0.9, 0.0, 0.1], 0.0);
        assert!(fused[1].0 > fused[2].0 && fused[2].0 > fused[0].0);
        assert_eq!(fused[1].0, 1.0);
    }

    proptest! {
        #[test]
        fn fused_scores_lie_in_unit_interval_and_respect_both_orders(
            pairs in prop::collection::vec((0.0f32..1.0, prop_oneof![Just(0.0f32), 0.0f32..1.0]), 1..40),
            share in 0.0f32..=1.0,
        ) {
            let (thesis, network): (Vec<f32>, Vec<f32>) = pairs.into_iter().unzip();
            let fused = fuse(&thesis, &network, share);
            for (score, _) in &fused {
                prop_assert!((0.0..=1.0 + 1e-6).contains(score));
            }
            // Better on one list and no worse on the other never ranks lower.
            for i in 0..thesis.len() {
                for j in 0..thesis.len() {
                    if thesis[i] >= thesis[j] && network[i] >= network[j] {
                        prop_assert!(fused[i].0 >= fused[j].0 - 1e-6);
                    }
                }
            }
        }
    }
}
