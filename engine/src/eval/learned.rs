//! Tandem's learned ranker on a deal benchmark: trained on inner time splits that end where
//! the evaluated year begins, then ranking every candidate of every evaluated investor by
//! the model's score (exhaustively: the benchmark's candidates are a few thousand).

use std::collections::HashMap;
use std::path::Path;

use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::baselines::Ranker;
use super::data::{Benchmark, Date};
use super::import::stage_of;
use super::import::company_profile_id;
use super::protocol::{Split, View};
use super::tandem::TandemRanker;
use crate::learn::thesis::component_fits;
use crate::taxonomy::Kind;
use crate::weights::Weights;
use crate::error::Result;
use crate::learn::features::{Ask, Feature, Features};
use crate::learn::history::{Facet, History};
use crate::learn::linear::{self, Linear, List, Settings};

fn mask(mut x: [f32; Feature::COUNT]) -> [f32; Feature::COUNT] {
    if let Ok(only) = std::env::var("TANDEM_DEBUG_ONLY") {
        let keep: Vec<&str> = only.split(',').collect();
        for f in Feature::ALL {
            if !keep.contains(&f.name()) {
                x[*f as usize] = 0.0;
            }
        }
    }
    x
}

/// Candidates sampled per training list besides its positives.
const NEGATIVES: usize = 1000;

/// The features of a view's candidates' asks, and the features' tables.
struct Prepared<'a> {
    features: Features,
    asks: HashMap<usize, Ask>,
    thesis: TandemRanker<'a>,
}

impl Prepared<'_> {
    /// Every feature of one investor's candidates.
    fn rows(&self, investor: usize, candidates: &[usize]) -> Result<Vec<[f32; Feature::COUNT]>> {
        let asker = self.features.asker(investor);
        let fits = match self.thesis.investor_profile(investor) {
            Some(query) => {
                component_fits(&self.thesis.store().snapshot(), &query, &[Kind::Startup])?
            }
            None => HashMap::new(),
        };
        Ok(candidates
            .iter()
            .map(|c| {
                let id = company_profile_id(*c);
                mask(self.features.pair(&asker, *c, &self.asks[c], fits.get(&id)))
            })
            .collect())
    }
}

fn prepare<'a>(view: View<'a>, date: Date, dir: &Path) -> Result<Prepared<'a>> {
    let mut history = History::from_view(&view, date);
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
    Ok(Prepared {
        features: Features::new(history),
        asks,
        thesis: TandemRanker::new(view, Weights::default(), dir, &())?,
    })
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
pub fn training_lists(bench: &Benchmark, date: Date, dir: &Path) -> Result<Vec<List>> {
    let split = Split::new(bench, date);
    let prepared = prepare(split.view(), date, dir)?;
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
            let mut labels = vec![1.0; positives.len()];
            labels.resize(positives.len() + chosen.len(), 0.0);
            let listed: Vec<usize> = positives.into_iter().chain(chosen).collect();
            let rows = prepared.rows(e.investor, &listed)?;
            Ok(linear::list(&rows, &labels))
        })
        .collect()
}

/// Ranks a benchmark's candidates with a model trained on the years before the split.
pub struct LearnedRanker<'a> {
    prepared: Prepared<'a>,
    model: Linear,
}

impl<'a> LearnedRanker<'a> {
    /// Trains on inner splits one and two years before `split_date` (reading only deals
    /// before it), then prepares the features of `view`; `dir` holds the stores.
    pub fn train(
        bench: &Benchmark,
        view: View<'a>,
        split_date: Date,
        dir: &Path,
    ) -> Result<LearnedRanker<'a>> {
        let known = before(bench, split_date);
        let one = split_date.minus_one_year();
        let mut lists = training_lists(&known, one, &dir.join("inner-1"))?;
        lists.extend(training_lists(
            &known,
            one.minus_one_year(),
            &dir.join("inner-2"),
        )?);
        let env = |k: &str, d: f32| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        let settings = Settings {
            epochs: env("TANDEM_DEBUG_EPOCHS", 300.0) as usize,
            learning_rate: env("TANDEM_DEBUG_LR", 0.05),
            l2: env("TANDEM_DEBUG_L2", 1e-4),
        };
        let crossed: Vec<Feature> = std::env::var("TANDEM_DEBUG_CROSSED")
            .map(|v| {
                v.split(',')
                    .map(|n| *Feature::ALL.iter().find(|f| f.name() == n).unwrap())
                    .collect()
            })
            .unwrap_or(vec![Feature::FirstRaise]);
        let model = Linear::train(&lists, &crossed, &settings);
        if std::env::var_os("TANDEM_DEBUG_MODEL").is_some() {
            for (t, w) in model.terms.iter().zip(&model.weights) {
                let name = |i: usize| Feature::ALL[i].name();
                match t {
                    linear::Term::One(i) => eprintln!("{:>8.4} {}", w, name(*i)),
                    linear::Term::Product(i, j) => {
                        eprintln!("{:>8.4} {} x {}", w, name(*i), name(*j))
                    }
                }
            }
        }
        Ok(LearnedRanker {
            prepared: prepare(view, split_date, &dir.join("outer"))?,
            model,
        })
    }

    /// The trained model.
    pub fn model(&self) -> &Linear {
        &self.model
    }

    fn scores(&self, investor: usize, candidates: &[usize]) -> Result<Vec<(f32, usize)>> {
        let rows = self.prepared.rows(investor, candidates)?;
        Ok(rows
            .iter()
            .zip(candidates)
            .map(|(x, c)| {
                let score = match std::env::var("TANDEM_DEBUG_FEATURE") {
                    Ok(name) => {
                        let f = Feature::ALL.iter().position(|f| f.name() == name).unwrap();
                        x[f] + 1e-3 * x[Feature::Backers as usize]
                    }
                    Err(_) => self.model.score(x),
                };
                (score, *c)
            })
            .collect())
    }
}

impl Ranker for LearnedRanker<'_> {
    fn name(&self) -> &str {
        "tandem_learned"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let mut scored = self.scores(investor, candidates)?;
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(depth).map(|(_, c)| c).collect())
    }
}
