//! Tandem's learned ranker on a deal benchmark: trained on inner time splits that end where
//! the evaluated year begins, then ranking every candidate of every evaluated investor by
//! the model's score (exhaustively: the benchmark's candidates are a few thousand).

use std::collections::HashMap;

use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::baselines::Ranker;
use super::data::{Benchmark, Date};
use super::import::stage_of;
use super::protocol::{Split, View};
use crate::error::Result;
use crate::learn::features::{Ask, Asker, Feature, Features};
use crate::learn::history::{Facet, History};
use crate::learn::linear::{self, Linear, List, Settings};

/// Candidates sampled per training list besides its positives.
const NEGATIVES: usize = 1000;

/// The features of a view's candidates' asks, and the features' tables.
pub(super) struct Prepared {
    pub(super) features: Features,
    pub(super) asks: HashMap<usize, Ask>,
}

pub(super) fn prepare(view: &View, date: Date) -> Prepared {
    let mut history = History::from_view(view, date);
    let asks = view
        .candidates
        .iter()
        .map(|(c, ask)| {
            let stage = ask
                .round_type
                .as_deref()
                .and_then(stage_of)
                .map(|s| history.key(Facet::Stage, s.slug()));
            let amount = ask
                .amount_usd
                .filter(|a| *a >= 1.0)
                .map(|a| a.log10() as f32);
            (*c, Ask { stage, amount })
        })
        .collect();
    Prepared {
        features: Features::new(history),
        asks,
    }
}

/// The benchmark with only the deals before `date`: what training may read.
pub fn before(bench: &Benchmark, date: Date) -> Benchmark {
    Benchmark {
        companies: bench.companies.clone(),
        investors: bench.investors.clone(),
        deals: bench
            .deals
            .iter()
            .filter(|d| d.date < date)
            .cloned()
            .collect(),
    }
}

/// Training lists from the split of `bench` at `date`: each evaluated investor's positives
/// and up to [`NEGATIVES`] of its other candidates, sampled with a seed of its own.
pub fn training_lists(bench: &Benchmark, date: Date) -> Vec<List> {
    let split = Split::new(bench, date);
    let view = split.view();
    let prepared = prepare(&view, date);
    split
        .evaluated
        .par_iter()
        .map(|e| {
            let candidates = split.candidates_for(e);
            let (positives, negatives): (Vec<usize>, Vec<usize>) =
                candidates.iter().partition(|c| e.relevant.contains(c));
            let mut rng = ChaCha8Rng::seed_from_u64(e.investor as u64);
            let take = NEGATIVES.min(negatives.len());
            let mut chosen: Vec<usize> = sample(&mut rng, negatives.len(), take)
                .into_iter()
                .map(|i| negatives[i])
                .collect();
            chosen.sort_unstable();
            let asker = prepared.features.asker(e.investor);
            let mut rows = Vec::new();
            let mut labels = Vec::new();
            for (c, label) in positives
                .iter()
                .map(|c| (*c, 1.0))
                .chain(chosen.iter().map(|c| (*c, 0.0)))
            {
                rows.push(prepared.features.pair(&asker, c, &prepared.asks[&c]));
                labels.push(label);
            }
            linear::list(&rows, &labels)
        })
        .collect()
}

/// Ranks a benchmark's candidates with a model trained on the years before the split.
pub struct LearnedRanker {
    prepared: Prepared,
    model: Linear,
}

impl LearnedRanker {
    /// Trains on inner splits one and two years before `split_date` (reading only deals
    /// before it), then prepares the features of `view`.
    pub fn train(bench: &Benchmark, view: &View, split_date: Date) -> LearnedRanker {
        let known = before(bench, split_date);
        let mut lists = training_lists(&known, split_date.minus_one_year());
        lists.extend(training_lists(
            &known,
            split_date.minus_one_year().minus_one_year(),
        ));
        let model = Linear::train(&lists, &[Feature::FirstRaise], &Settings::default());
        LearnedRanker {
            prepared: prepare(view, split_date),
            model,
        }
    }

    /// The trained model.
    pub fn model(&self) -> &Linear {
        &self.model
    }

    fn scores(&self, asker: &Asker, candidates: &[usize]) -> Vec<(f32, usize)> {
        candidates
            .iter()
            .map(|c| {
                let x = self
                    .prepared
                    .features
                    .pair(asker, *c, &self.prepared.asks[c]);
                (self.model.score(&x), *c)
            })
            .collect()
    }
}

impl Ranker for LearnedRanker {
    fn name(&self) -> &str {
        "tandem_learned"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let asker = self.prepared.features.asker(investor);
        let mut scored = self.scores(&asker, candidates);
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(depth).map(|(_, c)| c).collect())
    }
}
