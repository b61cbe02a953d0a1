//! The tree-ensemble learned ranker on a deal benchmark, beside the linear
//! [`LearnedRanker`](super::LearnedRanker) for comparison: the same training lists (inner
//! time splits before the evaluated year) and the same features, fitted with gradient-boosted
//! trees ([`crate::learn::trees`]) instead of a linear model.

use super::baselines::Ranker;
use super::data::{Benchmark, Date};
use super::learned::{Prepared, before, prepare, training_lists};
use super::protocol::View;
use crate::error::Result;
use crate::learn::trees::{Settings, Trees};

/// Ranks a benchmark's candidates with trees trained on the years before the split.
pub struct TreesRanker {
    prepared: Prepared,
    model: Trees,
    rows: usize,
}

impl TreesRanker {
    /// Trains on the inner splits one and two years before `split_date` (reading only
    /// deals before it, as the linear ranker does), then prepares the features of `view`.
    pub fn train(
        bench: &Benchmark,
        view: &View,
        split_date: Date,
        settings: &Settings,
    ) -> Result<TreesRanker> {
        let known = before(bench, split_date);
        let inner = split_date.minus_one_year();
        let mut lists = training_lists(&known, inner);
        lists.extend(training_lists(&known, inner.minus_one_year()));
        let rows = lists
            .iter()
            .filter(|l| l.y.sum() > 0.0)
            .map(|l| l.x.nrows())
            .sum();
        let model = Trees::train(&lists, settings)?;
        Ok(TreesRanker {
            prepared: prepare(view, split_date),
            model,
            rows,
        })
    }

    /// The trained model.
    pub fn model(&self) -> &Trees {
        &self.model
    }

    /// Training rows (candidates of lists with a positive) the model was fitted on.
    pub fn training_rows(&self) -> usize {
        self.rows
    }
}

impl Ranker for TreesRanker {
    fn name(&self) -> &str {
        "tandem_trees"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let features = &self.prepared.features;
        let asker = features.asker(investor);
        let rows: Vec<_> = candidates
            .iter()
            .map(|c| features.pair(&asker, *c, &self.prepared.asks[c]))
            .collect();
        let mut scored: Vec<(f32, usize)> = self
            .model
            .scores(&rows)
            .into_iter()
            .zip(candidates.iter().copied())
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(depth).map(|(_, c)| c).collect())
    }
}
