//! Tandem's learned ranker on a deal benchmark.
//!
//! [`train`] learns a [`Model`] from the deals before a split date only: two inner time
//! splits, one and two years before it, each give lists of (investor, candidates) with the
//! candidates the investor backed in the following year as positives. [`LearnedRanker`]
//! then ranks every candidate of every evaluated investor by the model's score —
//! exhaustively: a benchmark's candidates are a few thousand.

use std::collections::HashMap;
use std::path::Path;

use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::baselines::Ranker;
use super::data::{Benchmark, Date};
use super::import::{self, company_profile_id, investor_profile_id, stage_of};
use super::protocol::{MIN_TRAIN_COMPANIES, Split, View};
use super::tandem::TandemRanker;
use crate::error::Result;
use crate::learn::features::{Ask, Feature, Features};
use crate::learn::history::{Deal, Facet};
use crate::learn::linear::{self, Linear, List, Settings};
use crate::learn::live::StoreHistory;
use crate::learn::model::{HistorySource, Learner, Model, TrainingReport};
use crate::learn::thesis::component_fits;
use crate::learn::trees::{self, Trees};
use crate::progress::Progress;
use crate::taxonomy::Kind;
use crate::weights::{Component, Weights};

/// Candidates sampled per training list besides its positives.
const NEGATIVES: usize = 1000;

/// The features crossed with every other one in the linear model: whether the candidate
/// raises for the first time (cold and warm companies are told apart by different
/// evidence), the network's evidence, and the asker's stage and country shares and the
/// ask's size, whose weight depends on the rest. Chosen on the inner split 2010 (train
/// before 2009 and 2008), never on a test year.
pub const CROSSED: [Feature; 5] = [
    Feature::FirstRaise,
    Feature::CoInvestLog,
    Feature::StageShare,
    Feature::CountryShare,
    Feature::AskAmount,
];

/// Where one split's features come from.
enum Source {
    /// The view's dated deals, with each candidate's ask from the view.
    Deals {
        features: Features,
        asks: HashMap<usize, Ask>,
    },
    /// What the split's store of profiles says, as `match` and `serve` read it.
    Profiles(StoreHistory),
}

/// Everything the features of one split need: their source and the thesis score's store.
struct Prepared<'a> {
    source: Source,
    thesis: TandemRanker<'a>,
}

impl<'a> Prepared<'a> {
    fn new(view: View<'a>, date: Date, dir: &Path, history: HistorySource) -> Result<Prepared<'a>> {
        let thesis = TandemRanker::new(view, Weights::default(), dir, &())?;
        let source = match history {
            HistorySource::Deals => {
                let mut history = import::history(&view, date);
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
                Source::Deals {
                    features: Features::new(history),
                    asks,
                }
            }
            HistorySource::Profiles => {
                Source::Profiles(StoreHistory::build(&thesis.store().snapshot())?)
            }
        };
        Ok(Prepared { source, thesis })
    }

    /// Every feature of one investor's candidates.
    fn rows(&self, investor: usize, candidates: &[usize]) -> Result<Vec<[f32; Feature::COUNT]>> {
        self.rows_told(investor, &[], candidates)
    }

    /// Every feature of one investor's candidates, with the companies in `liked` counted as
    /// its private deals ([`Features::asker_told`]), made today at each company's ask.
    fn rows_told(
        &self,
        investor: usize,
        liked: &[usize],
        candidates: &[usize],
    ) -> Result<Vec<[f32; Feature::COUNT]>> {
        let fits = match self.thesis.investor_profile(investor) {
            Some(query) => {
                component_fits(&self.thesis.store().snapshot(), &query, &[Kind::Startup])?
            }
            None => HashMap::new(),
        };
        let unknown = [f32::NAN; Component::COUNT];
        Ok(match &self.source {
            Source::Deals { features, asks } => {
                let today = features.history().today;
                let told: Vec<Deal> = liked
                    .iter()
                    .map(|c| {
                        let ask = asks.get(c).copied().unwrap_or_default();
                        Deal {
                            candidate: *c as u32,
                            day: Some(today),
                            stage: ask.stage,
                            amount: ask.amount,
                        }
                    })
                    .collect();
                let asker = features.asker_told(investor, &told);
                candidates
                    .iter()
                    .map(|c| {
                        let id = company_profile_id(*c);
                        features.pair(&asker, *c, &asks[c], fits.get(&id))
                    })
                    .collect()
            }
            Source::Profiles(history) => {
                let node = history.node(&investor_profile_id(investor));
                let asker = node.map(|n| {
                    history.features().asker_told(
                        n,
                        &history.told(liked.iter().map(|c| company_profile_id(*c))),
                    )
                });
                candidates
                    .iter()
                    .map(|c| {
                        let id = company_profile_id(*c);
                        let fits = fits.get(&id).unwrap_or(&unknown);
                        asker
                            .as_ref()
                            .and_then(|a| history.pair(a, &id, fits))
                            .unwrap_or([0.0; Feature::COUNT])
                    })
                    .collect()
            }
        })
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
/// and up to [`NEGATIVES`] of its other candidates, sampled with a seed of its own; `dir`
/// holds the split's store.
fn training_lists(
    bench: &Benchmark,
    date: Date,
    min_companies: usize,
    options: &Options,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<Vec<List>> {
    let split = Split::with_minimum(bench, date, min_companies);
    let prepared = Prepared::new(split.view(), date, dir, options.history)?;
    let warm_weight = options.warm_weight;
    progress.start(
        &format!("features of the inner split {date}"),
        split.evaluated.len() as u64,
    );
    let lists = split
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
            let warm = |c: &usize| !split.is_cold(*c);
            let mut labels: Vec<f32> = positives
                .iter()
                .map(|c| if warm(c) { warm_weight } else { 1.0 })
                .collect();
            labels.resize(positives.len() + chosen.len(), 0.0);
            let listed: Vec<usize> = positives.into_iter().chain(chosen).collect();
            let rows = prepared.rows(e.investor, &listed)?;
            progress.advance(1);
            Ok(linear::list(&rows, &labels))
        })
        .collect();
    progress.finish();
    lists
}

/// Which kind of model to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Gradient-boosted trees ([`crate::learn::trees`], default settings).
    #[default]
    Trees,
    /// A linear model over the features and their products with [`CROSSED`].
    Linear,
    /// Both, their scores summed.
    Blend,
}

/// How to learn.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The kind of model.
    pub method: Method,
    /// How trees are grown (for [`Method::Trees`] and [`Method::Blend`]).
    pub trees: trees::Settings,
    /// How much a deal with a company that had backers before counts, against 1 for a first
    /// raise: above 1 trades first raises for companies with backers in the ranking.
    pub warm_weight: f32,
    /// Which deal history the features read: a benchmark's dated deals (the most it tells)
    /// or what its profiles say (a model `match` and `serve` can use).
    pub history: HistorySource,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::default(),
            trees: trees::Settings::default(),
            warm_weight: 1.0,
            history: HistorySource::Deals,
        }
    }
}

/// The inner split dates whose following years give the lessons for a split: one and two
/// years before it.
pub fn inner_splits(split: Date) -> [Date; 2] {
    let one = split.minus_one_year();
    [one, one.minus_one_year()]
}

/// Learns a model from the deals of `bench` before `split` (nothing on or after it is
/// read): lists from the inner splits one and two years earlier, a linear model over the
/// features and their products with [`CROSSED`], trained with a listwise softmax loss.
/// `dir` holds the inner splits' stores; `source` names the benchmark in the report.
pub fn train(
    bench: &Benchmark,
    split: Date,
    options: &Options,
    dir: &Path,
    source: &str,
    progress: &dyn Progress,
) -> Result<Model> {
    let known = before(bench, split);
    let inner = inner_splits(split);
    let mut lists = Vec::new();
    // Where the newer inner year's lists, which come first, end.
    let mut newer_end = 0;
    // The protocol's investors first; on a benchmark too small to have any, every investor
    // with a deal before the inner split.
    for min_companies in [MIN_TRAIN_COMPANIES, 1] {
        lists.clear();
        for (n, date) in inner.iter().enumerate() {
            let store = dir.join(format!("inner-{}-{min_companies}", n + 1));
            let mut year = training_lists(&known, *date, min_companies, options, &store, progress)?;
            year.retain(|l| l.y.sum() > 0.0);
            lists.append(&mut year);
            if n == 0 {
                newer_end = lists.len();
            }
        }
        if !lists.is_empty() {
            break;
        }
    }
    if lists.is_empty() {
        return Err(crate::error::Error::BadRequest(format!(
            "nothing to learn from before {split}: no investor backed a company in the year after the inner split {} or {} and had a deal before it; pick a later --split",
            inner[0], inner[1]
        )));
    }
    if !(options.warm_weight.is_finite() && options.warm_weight >= 1.0) {
        return Err(crate::error::Error::BadRequest(format!(
            "the weight of deals with companies that had backers must be a number of at least 1, not {}",
            options.warm_weight
        )));
    }
    let mut tree_settings = options.trees.clone();
    let mut chosen = None;
    if tree_settings.choose_rounds && options.method != Method::Linear {
        let (newer, older) = lists.split_at(newer_end);
        progress.start("choosing the number of trees on the inner years", 1);
        chosen = trees::choose_rounds(newer, older, &tree_settings)?;
        progress.finish();
        tree_settings.rounds = chosen.map_or(tree_settings.rounds, |c| c.rounds);
        tree_settings.choose_rounds = false;
    }
    let (learner, passes, loss) = match options.method {
        Method::Linear => {
            let settings = Settings::default();
            progress.start("training", settings.epochs as u64);
            let linear = Linear::train(&lists, &CROSSED, &settings, progress);
            progress.finish();
            let loss = linear.loss(&lists);
            (Learner::Linear(linear), settings.epochs, Some(loss))
        }
        Method::Trees => {
            let settings = tree_settings;
            progress.start("training trees", 1);
            let trees = Trees::train(&lists, &settings)?;
            progress.finish();
            (Learner::Trees(trees), settings.rounds, None)
        }
        Method::Blend => {
            let settings = Settings::default();
            let linear = Linear::train(&lists, &CROSSED, &settings, progress);
            let trees = Trees::train(&lists, &tree_settings)?;
            (Learner::Blend(linear, trees), settings.epochs, None)
        }
    };
    let report = TrainingReport {
        bench: source.to_string(),
        split: split.to_string(),
        inner_splits: inner.iter().map(Date::to_string).collect(),
        lists: lists.len(),
        positives: lists
            .iter()
            .map(|l| l.y.iter().filter(|y| **y > 0.0).count())
            .sum(),
        warm_weight: options.warm_weight,
        rows: lists.iter().map(|l| l.y.len()).sum(),
        epochs: passes,
        loss,
        rounds_chosen: chosen,
    };
    Ok(Model::new(learner, options.history, report))
}

/// Ranks a benchmark's candidates with a trained [`Model`].
pub struct LearnedRanker<'a> {
    prepared: Prepared<'a>,
    model: Model,
}

impl<'a> LearnedRanker<'a> {
    /// Prepares the features of `view` (split at `date`); `dir` holds its store.
    pub fn new(view: View<'a>, date: Date, model: Model, dir: &Path) -> Result<LearnedRanker<'a>> {
        Ok(LearnedRanker {
            prepared: Prepared::new(view, date, dir, model.history)?,
            model,
        })
    }

    /// The model it ranks with.
    pub fn model(&self) -> &Model {
        &self.model
    }
}

impl Ranker for LearnedRanker<'_> {
    fn name(&self) -> &str {
        "tandem"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        self.rank_told(investor, &[], candidates, depth)
    }

    /// Counts the liked companies as the investor's private deals
    /// ([`Features::asker_told`]).
    fn rank_told(
        &self,
        investor: usize,
        liked: &[usize],
        candidates: &[usize],
        depth: usize,
    ) -> Result<Vec<usize>> {
        let rows = self.prepared.rows_told(investor, liked, candidates)?;
        let mut scored: Vec<(f32, usize)> = self
            .model
            .scores(&rows)
            .into_iter()
            .zip(candidates.iter().copied())
            .collect();
        // Ties break by company index, which is id order.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(depth).map(|(_, c)| c).collect())
    }
}
