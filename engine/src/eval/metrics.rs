//! Ranking metrics with binary relevance, as the benchmark protocol defines them.
//!
//! Every function takes one investor's ranking (best first, already cut to what is scored)
//! and its set of relevant companies. Macro-averaging over investors is the caller's
//! ([`Average`]).

use std::collections::HashSet;

/// Cut-offs and metrics of one evaluation: Recall@k and NDCG@k for each `k`, then MAP@100,
/// MRR and HitRate@10.
#[derive(Debug, Clone, PartialEq)]
pub struct Cutoffs {
    /// The cut-offs for recall and NDCG, ascending.
    pub ks: Vec<usize>,
}

impl Default for Cutoffs {
    fn default() -> Cutoffs {
        Cutoffs {
            ks: vec![10, 50, 100],
        }
    }
}

/// The depth of MAP and of the rankings written out.
pub const MAP_DEPTH: usize = 100;

impl Cutoffs {
    /// Names of the metrics [`Cutoffs::score`] returns, in order.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.ks.iter().map(|k| format!("recall@{k}")).collect();
        names.extend(self.ks.iter().map(|k| format!("ndcg@{k}")));
        names.extend([
            format!("map@{MAP_DEPTH}"),
            "mrr".to_string(),
            "hit@10".to_string(),
        ]);
        names
    }

    /// How deep a ranking must be for every metric.
    pub fn depth(&self) -> usize {
        self.ks.iter().copied().max().unwrap_or(0).max(MAP_DEPTH)
    }

    /// Every metric of one ranking, in [`Cutoffs::names`] order. `None` when nothing is
    /// relevant (such an investor is not evaluated).
    pub fn score<T: Eq + std::hash::Hash>(
        &self,
        ranked: &[T],
        relevant: &HashSet<T>,
    ) -> Option<Vec<f64>> {
        if relevant.is_empty() {
            return None;
        }
        let mut values: Vec<f64> = self
            .ks
            .iter()
            .map(|k| recall(ranked, relevant, *k))
            .collect();
        values.extend(self.ks.iter().map(|k| ndcg(ranked, relevant, *k)));
        values.extend([
            average_precision(ranked, relevant, MAP_DEPTH),
            reciprocal_rank(ranked, relevant),
            hit_rate(ranked, relevant, 10),
        ]);
        Some(values)
    }
}

/// Share of the relevant items found in the top `k`.
pub fn recall<T: Eq + std::hash::Hash>(ranked: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    hits(ranked, relevant, k) as f64 / relevant.len() as f64
}

/// Normalised discounted cumulative gain at `k`, binary gains: the ideal DCG puts
/// `min(k, |relevant|)` hits first.
pub fn ndcg<T: Eq + std::hash::Hash>(ranked: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    let gain = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, item)| relevant.contains(item))
        .map(|(rank, _)| gain(rank))
        .sum();
    let ideal: f64 = (0..k.min(relevant.len())).map(gain).sum();
    if ideal > 0.0 { dcg / ideal } else { 0.0 }
}

/// Average precision over the top `depth`, normalised by `min(depth, |relevant|)`.
pub fn average_precision<T: Eq + std::hash::Hash>(
    ranked: &[T],
    relevant: &HashSet<T>,
    depth: usize,
) -> f64 {
    let mut found = 0usize;
    let mut sum = 0.0;
    for (rank, item) in ranked.iter().take(depth).enumerate() {
        if relevant.contains(item) {
            found += 1;
            sum += found as f64 / (rank + 1) as f64;
        }
    }
    let norm = depth.min(relevant.len());
    if norm > 0 { sum / norm as f64 } else { 0.0 }
}

/// 1 / rank of the first relevant item; 0 when none is ranked.
pub fn reciprocal_rank<T: Eq + std::hash::Hash>(ranked: &[T], relevant: &HashSet<T>) -> f64 {
    ranked
        .iter()
        .position(|item| relevant.contains(item))
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64)
}

/// 1 when some relevant item is in the top `k`, else 0.
pub fn hit_rate<T: Eq + std::hash::Hash>(ranked: &[T], relevant: &HashSet<T>, k: usize) -> f64 {
    if hits(ranked, relevant, k) > 0 {
        1.0
    } else {
        0.0
    }
}

fn hits<T: Eq + std::hash::Hash>(ranked: &[T], relevant: &HashSet<T>, k: usize) -> usize {
    ranked
        .iter()
        .take(k)
        .filter(|i| relevant.contains(i))
        .count()
}

/// A running macro-average: the mean over investors of each metric, with the count of
/// investors and of relevant pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Average {
    sums: Vec<f64>,
    /// Investors averaged.
    pub investors: usize,
    /// Relevant (investor, company) pairs over those investors.
    pub pairs: usize,
}

impl Average {
    /// Adds one investor's metrics and its number of relevant companies.
    pub fn add(&mut self, values: &[f64], relevant: usize) {
        if self.sums.is_empty() {
            self.sums = vec![0.0; values.len()];
        }
        for (s, v) in self.sums.iter_mut().zip(values) {
            *s += v;
        }
        self.investors += 1;
        self.pairs += relevant;
    }

    /// The means, in the order they were added (empty when no investor was).
    pub fn means(&self) -> Vec<f64> {
        self.sums
            .iter()
            .map(|s| s / self.investors as f64)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[u32]) -> HashSet<u32> {
        items.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn hand_computed_cases() {
        // Relevant 2 and 5; the ranking finds 2 at rank 1 and 5 at rank 4.
        let ranked = [2, 7, 9, 5, 1];
        let relevant = set(&[2, 5]);
        assert!(close(recall(&ranked, &relevant, 1), 0.5));
        assert!(close(recall(&ranked, &relevant, 4), 1.0));
        // DCG@4 = 1/log2(2) + 1/log2(5); ideal = 1 + 1/log2(3).
        let expected = (1.0 + 1.0 / 5f64.log2()) / (1.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg(&ranked, &relevant, 4), expected));
        // AP = (1/1 + 2/4) / 2.
        assert!(close(average_precision(&ranked, &relevant, 100), 0.75));
        assert!(close(reciprocal_rank(&ranked, &relevant), 1.0));
        assert!(close(hit_rate(&ranked, &relevant, 1), 1.0));
        assert!(close(hit_rate(&[7, 9], &relevant, 10), 0.0));
    }

    #[test]
    fn ideal_dcg_counts_only_as_many_hits_as_fit_in_k() {
        // Three relevant, k = 2: a ranking with both top slots relevant is perfect.
        let relevant = set(&[1, 2, 3]);
        assert!(close(ndcg(&[1, 2, 9], &relevant, 2), 1.0));
        assert!(close(
            ndcg(&[9, 1, 2], &relevant, 2),
            (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2())
        ));
    }

    #[test]
    fn fewer_candidates_than_k_and_ties_in_membership() {
        // Only 3 ranked, k = 10: missing slots are misses, not errors.
        let relevant = set(&[4, 8]);
        assert!(close(recall(&[4, 1, 2], &relevant, 10), 0.5));
        assert!(close(average_precision(&[4, 1, 2], &relevant, 100), 0.5));
        // MAP normalises by min(depth, |relevant|): depth 1 with two relevant.
        assert!(close(average_precision(&[4, 8], &relevant, 1), 1.0));
        // A ranking of nothing scores 0 everywhere.
        let empty: [u32; 0] = [];
        assert!(close(ndcg(&empty, &relevant, 10), 0.0));
        assert!(close(reciprocal_rank(&empty, &relevant), 0.0));
    }

    #[test]
    fn empty_relevance_is_not_scored() {
        let cutoffs = Cutoffs::default();
        assert_eq!(cutoffs.score(&[1u32, 2], &HashSet::new()), None);
        let values = cutoffs.score(&[1u32, 2], &set(&[2])).unwrap();
        assert_eq!(values.len(), cutoffs.names().len());
        assert_eq!(cutoffs.names()[0], "recall@10");
    }

    #[test]
    fn averages_are_macro() {
        let mut avg = Average::default();
        avg.add(&[1.0, 0.0], 3);
        avg.add(&[0.0, 0.5], 1);
        assert_eq!(avg.means(), vec![0.5, 0.25]);
        assert_eq!((avg.investors, avg.pairs), (2, 4));
    }
}
