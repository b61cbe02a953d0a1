//! Gradient-boosted trees over the learned ranker's features: an alternative to the
//! [`linear`](super::linear) model that can learn thresholds and interactions on its own.
//!
//! Training goes through [`hessboost`], a pure-Rust reimplementation of XGBoost: no C++ to
//! build, and its models are the same bits on any thread count (it sums histograms in a
//! fixed order), which the engine's determinism invariant needs. Three objectives: LambdaMART
//! (`rank:ndcg`: each training list is one query group, and each pair of a positive and a
//! negative is weighted by how much swapping them changes the list's NDCG, as in the LightGBM
//! `lambdarank` reference the learned ranker is measured against), plain pairwise, and
//! pointwise logistic. The default, pointwise logistic with small trees, is what the inner
//! split picked (see [`Settings::default`]): on these lists of one or two positives among a
//! thousand negatives it ranked warm companies better than LambdaMART and trained twice as
//! fast.
//!
//! A [`Trees`] model serialises with serde (the settings it was trained with and
//! hessboost's own model), so it can go into a versioned model file.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use hessboost::config::GrowPolicy;
use hessboost::objective::LambdaRank;
use hessboost::prelude::{BoostedModel, DMatrix, Iterations, TrainingParams};

use super::additive::Additive;
use super::model::HistorySource;
use serde::{Deserialize, Serialize};

use super::features::Feature;
use super::linear::List;
use crate::error::{Error, Result};

/// What the trees are fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Objective {
    /// LambdaMART: pairwise logistic loss weighted by each pair's change of NDCG
    /// (XGBoost `rank:ndcg`); `pairs` = how many of a list's top-scored candidates are
    /// paired with every candidate below them.
    Ndcg {
        /// Top-scored candidates paired per list (XGBoost `lambdarank_num_pair_per_sample`).
        pairs: usize,
    },
    /// Plain pairwise logistic loss, every pair weighted alike (XGBoost `rank:pairwise`).
    Pairwise {
        /// As for [`Objective::Ndcg`].
        pairs: usize,
    },
    /// Pointwise: the probability that the candidate is a positive (`binary:logistic`).
    Logistic,
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Objective::Ndcg { pairs } => write!(f, "ndcg@{pairs}"),
            Objective::Pairwise { pairs } => write!(f, "pairwise@{pairs}"),
            Objective::Logistic => f.write_str("logistic"),
        }
    }
}

impl FromStr for Objective {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, pairs) = match s.split_once('@') {
            Some((name, pairs)) => {
                let pairs = pairs
                    .parse::<usize>()
                    .ok()
                    .filter(|p| *p >= 1)
                    .ok_or_else(|| {
                        format!("objective `{s}`: `{pairs}` is not a pair count of at least 1")
                    })?;
                (name, Some(pairs))
            }
            None => (s, None),
        };
        // 32 is XGBoost's default pair count.
        let pairs = pairs.unwrap_or(32);
        match name {
            "ndcg" => Ok(Objective::Ndcg { pairs }),
            "pairwise" => Ok(Objective::Pairwise { pairs }),
            "logistic" if s == "logistic" => Ok(Objective::Logistic),
            _ => Err(format!(
                "unknown objective `{s}`; expected ndcg, ndcg@PAIRS, pairwise, pairwise@PAIRS or logistic"
            )),
        }
    }
}

/// How the trees are grown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Boosting rounds (one tree each); with `choose_rounds`, what training falls back on
    /// when it cannot choose.
    pub rounds: usize,
    /// Whether training chooses the number of rounds on the inner years ([`choose_rounds`])
    /// instead of growing `rounds` trees.
    #[serde(default)]
    pub choose_rounds: bool,
    /// Shrinkage of every tree's leaf values (`eta`).
    pub learning_rate: f64,
    /// Leaves per tree at most; trees grow best split first (leaf-wise, as LightGBM's).
    pub leaves: usize,
    /// Depth at most (0: no limit besides `leaves`).
    pub depth: usize,
    /// Least summed hessian a leaf must hold (XGBoost `min_child_weight`).
    pub min_child_weight: f64,
    /// L2 penalty on leaf values (XGBoost `lambda`).
    pub l2: f64,
    /// Histogram bins per feature.
    pub bins: usize,
    /// What the trees are fitted to.
    pub objective: Objective,
    /// The one feature others may interact with, by name: each tree then splits on it and
    /// one other feature at most (XGBoost `interaction_constraints`), so the model is one
    /// additive model per value of it. `None`: any interaction.
    #[serde(default)]
    pub interacting: Option<String>,
}

impl Default for Settings {
    /// The settings picked on an inner split of the Crunchbase dev benchmark (`eval --split
    /// 2010-01-01`: trained on lists from 2008 and 2009, scored on 2010, all before the 2011
    /// test year): first the objective (logistic) among ten settings of objective, leaves,
    /// rounds and learning rate, by the geometric mean of NDCG@10 and Recall@100 on cold and
    /// warm companies; then, with the final features, leaves and rounds among six pairs, by
    /// the geometric mean of NDCG@10 and Recall@100 overall, cold and warm (README).
    /// Choosing the rounds on the inner years (`rounds=auto`, [`choose_rounds`]) suits a small
    /// benchmark better, not the real one (README), so the default keeps 1,000.
    fn default() -> Self {
        Settings {
            rounds: 1000,
            choose_rounds: false,
            learning_rate: 0.05,
            leaves: 7,
            depth: 0,
            min_child_weight: 0.01,
            l2: 1.0,
            bins: 256,
            objective: Objective::Logistic,
            interacting: None,
        }
    }
}

impl fmt::Display for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rounds={},eta={},leaves={},depth={},min_child_weight={},l2={},bins={},objective={}{}",
            if self.choose_rounds {
                "auto".to_string()
            } else {
                self.rounds.to_string()
            },
            self.learning_rate,
            self.leaves,
            self.depth,
            self.min_child_weight,
            self.l2,
            self.bins,
            self.objective,
            self.interacting
                .as_deref()
                .map_or(String::new(), |f| format!(",interacting={f}"))
        )
    }
}

impl FromStr for Settings {
    type Err = String;

    /// Settings as `key=value` pairs separated by commas, each overriding the default,
    /// e.g. `rounds=500,eta=0.05,leaves=63,objective=ndcg@32`.
    fn from_str(s: &str) -> Result<Self, String> {
        Settings::default().with_overrides(s)
    }
}

impl Settings {
    /// The default settings for features read from `history`: for what stored profiles
    /// say, one-split trees (an additive model: exact per-feature parts, one look-up per
    /// feature to score), which scored best on the inner split 2010 among 7-leaf, 3-leaf,
    /// switched and one-split trees by the geometric mean of the six figures (README).
    pub fn for_history(history: HistorySource) -> Settings {
        match history {
            HistorySource::Deals => Settings::default(),
            HistorySource::Profiles => Settings {
                rounds: 2000,
                leaves: 2,
                ..Settings::default()
            },
        }
    }

    /// These settings with `key=value` pairs (separated by commas) overriding some, e.g.
    /// `rounds=500,leaves=63`.
    pub fn with_overrides(self, s: &str) -> Result<Settings, String> {
        let mut settings = self;
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("tree setting `{pair}` is not of the form key=value"))?;
            let bad = |expected: &str| format!("tree setting `{key}`: `{value}` is not {expected}");
            let count = |least: usize| {
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|v| *v >= least)
                    .ok_or_else(|| bad(&format!("a whole number of at least {least}")))
            };
            let positive = || {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| bad("a finite number of at least 0"))
            };
            match key {
                "rounds" if value == "auto" => settings.choose_rounds = true,
                "rounds" => {
                    settings.rounds =
                        count(1).map_err(|_| bad("a whole number of at least 1, or auto"))?;
                    settings.choose_rounds = false;
                }
                "eta" | "learning_rate" => {
                    settings.learning_rate = positive()?;
                    if settings.learning_rate == 0.0 {
                        return Err(bad("a learning rate above 0"));
                    }
                }
                "leaves" => settings.leaves = count(2)?,
                "depth" => settings.depth = count(0)?,
                "min_child_weight" => settings.min_child_weight = positive()?,
                "l2" | "lambda" => settings.l2 = positive()?,
                "bins" => settings.bins = count(2)?,
                "objective" => settings.objective = value.parse()?,
                "interacting" => {
                    if !Feature::ALL.iter().any(|f| f.name() == value) {
                        return Err(bad("the name of a feature, e.g. first_raise"));
                    }
                    settings.interacting = Some(value.to_string());
                }
                _ => {
                    return Err(format!(
                        "unknown tree setting `{key}`; expected rounds, eta, leaves, depth, min_child_weight, l2, bins, objective or interacting"
                    ));
                }
            }
        }
        Ok(settings)
    }
}

/// A trained tree ensemble over [`Feature::ALL`] vectors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trees {
    /// The settings it was trained with.
    pub settings: Settings,
    /// hessboost's model: the trees and their base score.
    model: BoostedModel,
    /// The model as a sum of one-feature step functions, when every tree splits on one
    /// feature (derived from `model` on first use).
    #[serde(skip)]
    additive: OnceLock<Option<Additive>>,
}

fn training_error_text(why: String) -> Error {
    Error::BadRequest(format!("cannot train the tree ranker: {why}"))
}

fn training_error(e: hessboost::prelude::HessboostError) -> Error {
    Error::BadRequest(format!("cannot train the tree ranker: {e}"))
}

impl Settings {
    fn params(&self) -> Result<TrainingParams> {
        self.builder()?.build().map_err(training_error)
    }

    fn builder(&self) -> Result<hessboost::config::TrainingParamsBuilder> {
        use hessboost::prelude::Objective as H;
        let lambda_rank = |pairs: usize| LambdaRank::new(pairs).map_err(training_error);
        let objective = match self.objective {
            Objective::Ndcg { pairs } => H::RankNdcg(lambda_rank(pairs)?),
            Objective::Pairwise { pairs } => H::RankPairwise(lambda_rank(pairs)?),
            Objective::Logistic => H::BinaryLogistic(Default::default()),
        };
        let builder = TrainingParams::builder()
            .objective(objective)
            .grow_policy(GrowPolicy::LossGuide)
            .max_leaves(self.leaves)
            .eta(self.learning_rate)
            .min_child_weight(self.min_child_weight)
            .lambda(self.l2)
            .max_bin(self.bins)
            .seed(0);
        let builder = match &self.interacting {
            Some(name) => {
                let with = Feature::ALL
                    .iter()
                    .position(|f| f.name() == name)
                    .ok_or_else(|| training_error_text(format!("no feature `{name}`")))?
                    as u32;
                let groups = (0..Feature::COUNT as u32)
                    .filter(|f| *f != with)
                    .map(|f| vec![with, f])
                    .collect();
                builder.interaction_constraints(groups)
            }
            None => builder,
        };
        Ok(if self.depth == 0 {
            builder.unlimited_depth()
        } else {
            builder.max_depth(self.depth)
        })
    }
}

/// Trees grown per fold when choosing the number of rounds: twice as many (for twice the
/// lessons) at most in the final model.
pub const CHOOSE_UP_TO: usize = 1000;

/// How the number of rounds was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChosenRounds {
    /// Rounds of the final model, trained on both years' lessons.
    pub rounds: usize,
    /// Rounds with the best mean validation NDCG@10 of the two folds (each trained on one
    /// year's lessons).
    pub fold_rounds: usize,
    /// That mean NDCG@10 (of sampled training lists: higher than a full ranking's).
    pub ndcg: f64,
}

/// Chooses the number of boosting rounds from the lessons of two inner years: trees grown
/// on one year's lists score the other's after every round (NDCG@10, both ways), and the
/// round with the best mean wins; the final model, trained on both years, gets twice as
/// many. Too many trees overfit a small benchmark (300 rounds beat 1,000 on the synthetic
/// one) and too few underfit a large one (1,000 beat 300 and 500 on the real one). `None`
/// when a year has no list with a positive. Used with `rounds=auto`.
pub fn choose_rounds(
    newer: &[List],
    older: &[List],
    settings: &Settings,
) -> Result<Option<ChosenRounds>> {
    let has_positive = |lists: &[List]| lists.iter().any(|l| l.y.sum() > 0.0);
    if !has_positive(newer) || !has_positive(older) {
        return Ok(None);
    }
    let settings = Settings {
        rounds: CHOOSE_UP_TO,
        ..settings.clone()
    };
    let forward = validation_curve(older, newer, &settings)?;
    let backward = validation_curve(newer, older, &settings)?;
    let mut best = ChosenRounds {
        rounds: 0,
        fold_rounds: 0,
        ndcg: f64::NEG_INFINITY,
    };
    for (round, (a, b)) in forward.iter().zip(&backward).enumerate() {
        let ndcg = (a + b) / 2.0;
        if ndcg > best.ndcg {
            best = ChosenRounds {
                rounds: 2 * (round + 1),
                fold_rounds: round + 1,
                ndcg,
            };
        }
    }
    Ok((best.rounds > 0).then_some(best))
}

/// Mean NDCG@10 of the `valid` lists after each round of trees grown on `train`.
fn validation_curve(train: &[List], valid: &[List], settings: &Settings) -> Result<Vec<f64>> {
    use hessboost::metric::{Cutoff, EvalMetric};
    let params = settings
        .builder()?
        .eval_metric(EvalMetric::Ndcg(Cutoff::top(10).map_err(training_error)?))
        .build()
        .map_err(training_error)?;
    // Positives last, so that tied scores count against the model.
    let reversed: Vec<List> = valid
        .iter()
        .map(|l| List {
            x: l.x.slice(ndarray::s![..;-1, ..]).to_owned(),
            y: l.y.slice(ndarray::s![..;-1]).to_owned(),
        })
        .collect();
    let result = hessboost::training::Trainer::new(&params, &matrix(train)?, settings.rounds)
        .eval(&matrix(&reversed)?, "valid")
        .train()
        .map_err(training_error)?;
    let history = &result.history;
    let metric = history.metrics().first().cloned().unwrap_or_default();
    Ok(history
        .series("valid", &metric)
        .map(Iterator::collect)
        .unwrap_or_default())
}

/// The lists with at least one positive as one matrix, each list a query group.
fn matrix(lists: &[List]) -> Result<DMatrix> {
    let lists: Vec<&List> = lists.iter().filter(|l| l.y.sum() > 0.0).collect();
    let rows: usize = lists.iter().map(|l| l.x.nrows()).sum();
    if rows == 0 {
        return Err(Error::BadRequest(
            "cannot train the tree ranker: no training list has a positive".into(),
        ));
    }
    let mut x = Vec::with_capacity(rows * Feature::COUNT);
    let mut y = Vec::with_capacity(rows);
    let mut groups = Vec::with_capacity(lists.len());
    for l in &lists {
        // ndarray iterates in logical (row-major) order whatever the memory layout.
        x.extend(l.x.iter().copied());
        y.extend(l.y.iter().copied());
        groups.push(l.x.nrows());
    }
    // A positive's label is 1 whatever it counts for; its weight says how much.
    let weights: Vec<f32> = y.iter().map(|v| v.max(1.0)).collect();
    let labels: Vec<f32> = y.iter().map(|v| if *v > 0.0 { 1.0 } else { 0.0 }).collect();
    let weighted = weights.iter().any(|w| *w != 1.0);
    DMatrix::from_dense_vec(x, rows, Feature::COUNT)
        .and_then(|d| d.with_labels(&labels))
        .and_then(|d| {
            if weighted {
                d.with_weights(&weights)
            } else {
                Ok(d)
            }
        })
        .and_then(|d| d.with_group_sizes(&groups))
        .map_err(training_error)
}

impl Trees {
    /// Trains on the lists with at least one positive (a list without one has no pair to
    /// learn from), each list one query group.
    ///
    /// Deterministic: the same lists and settings give the same model bits whatever the
    /// thread count (hessboost's guarantee; `tests::same_bits_on_any_thread_count`).
    pub fn train(lists: &[List], settings: &Settings) -> Result<Trees> {
        let params = settings.params()?;
        let data = matrix(lists)?;
        let model =
            hessboost::prelude::train(&params, &data, settings.rounds).map_err(training_error)?;
        Ok(Trees {
            settings: settings.clone(),
            model,
            additive: OnceLock::new(),
        })
    }

    /// The score of one feature vector (higher ranks first); for the logistic objective,
    /// the raw margin, whose order is the probability's.
    pub fn score(&self, x: &[f32; Feature::COUNT]) -> f32 {
        if let Some(additive) = self.additive() {
            return additive.score(x);
        }
        self.model
            .predict_margin_row(x, Iterations::Best)
            .expect("a vector of every feature, all finite, fits the model it trained")
    }

    /// The scores of feature vectors laid end to end, one per vector.
    pub fn scores(&self, rows: &[[f32; Feature::COUNT]]) -> Vec<f32> {
        if rows.is_empty() {
            return Vec::new();
        }
        if let Some(additive) = self.additive() {
            return rows.iter().map(|x| additive.score(x)).collect();
        }
        self.model
            .predict_margin_rows(rows.as_flattened(), Iterations::Best)
            .expect("vectors of every feature, all finite, fit the model they trained")
            .as_slice()
            .to_vec()
    }

    /// Each feature's part in the score of `x` (exact Tree SHAP values, read off the additive
    /// form when there is one; with the model's
    /// base score they sum to [`Trees::score`]).
    pub fn contributions(&self, x: &[f32; Feature::COUNT]) -> Vec<f32> {
        if let Some(contributions) = self.additive().and_then(|a| a.contributions(x)) {
            return contributions;
        }
        let data = DMatrix::from_dense_vec(x.to_vec(), 1, Feature::COUNT)
            .expect("one row of every feature is a matrix");
        let contributions = self
            .model
            .predict_contribs(&data, Iterations::Best)
            .expect("a vector of every feature fits the model it trained");
        let row = contributions.get(0, 0).expect("one row, one output");
        row[..Feature::COUNT].to_vec()
    }

    /// Whether the model reads exactly the features this build computes (what a model
    /// read from a file must satisfy).
    pub fn is_consistent(&self) -> bool {
        self.model.n_features() == Feature::COUNT && !self.is_empty()
    }

    /// The model as a sum of one-feature step functions, when it is one (every tree splits
    /// on one feature): then [`Trees::score`] reads it, one look-up per feature.
    pub fn additive(&self) -> Option<&Additive> {
        self.additive
            .get_or_init(|| Additive::compile(self))
            .as_ref()
    }

    /// hessboost's model: its trees, their weights and the base score.
    pub fn boosted(&self) -> &BoostedModel {
        &self.model
    }

    /// Trees in the ensemble.
    pub fn len(&self) -> usize {
        self.model.num_trees()
    }

    /// Whether the ensemble has no tree (never true of a trained one).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::linear;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Lists where the positive is the candidate whose first two features are both high:
    /// an interaction a linear model cannot express.
    fn lists(seed: u64, n: usize) -> Vec<List> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let mut rows = Vec::new();
                let mut labels = Vec::new();
                for _ in 0..40 {
                    let mut x = [0.0f32; Feature::COUNT];
                    for v in x.iter_mut() {
                        *v = rng.random::<f32>();
                    }
                    let positive = x[0] > 0.7 && x[1] > 0.7;
                    rows.push(x);
                    labels.push(if positive { 1.0 } else { 0.0 });
                }
                linear::list(&rows, &labels)
            })
            .collect()
    }

    fn small() -> Settings {
        Settings {
            rounds: 20,
            leaves: 8,
            learning_rate: 0.3,
            ..Settings::default()
        }
    }

    #[test]
    fn learns_an_interaction() {
        let trees = Trees::train(&lists(1, 60), &small()).expect("trains");
        assert_eq!(trees.len(), 20);
        let mut both = [0.5f32; Feature::COUNT];
        both[0] = 0.9;
        both[1] = 0.9;
        let mut one = both;
        one[1] = 0.1;
        let mut other = both;
        other[0] = 0.1;
        assert!(trees.score(&both) > trees.score(&one));
        assert!(trees.score(&both) > trees.score(&other));
        assert_eq!(
            trees.scores(&[both, one]),
            vec![trees.score(&both), trees.score(&one)]
        );
    }

    #[test]
    fn the_number_of_rounds_is_chosen_on_the_other_year() {
        let (newer, older) = (lists(3, 40), lists(4, 40));
        let chosen = choose_rounds(&newer, &older, &small())
            .expect("trains")
            .expect("both years have positives");
        assert_eq!(chosen.rounds, 2 * chosen.fold_rounds);
        assert!((1..=CHOOSE_UP_TO).contains(&chosen.fold_rounds));
        assert!(
            chosen.ndcg > 0.5,
            "the interaction is learnt: NDCG@10 {}",
            chosen.ndcg
        );
        assert_eq!(
            choose_rounds(&newer, &older, &small()).expect("trains"),
            Some(chosen),
            "the same lists choose the same"
        );
        let no_positive: Vec<List> = lists(5, 3)
            .into_iter()
            .map(|l| List {
                y: l.y.mapv(|_| 0.0),
                x: l.x,
            })
            .collect();
        assert_eq!(
            choose_rounds(&newer, &no_positive, &small()).expect("trains"),
            None
        );
    }

    #[test]
    fn same_bits_on_any_thread_count() {
        let data = lists(2, 80);
        let train_on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let trees = pool.install(|| Trees::train(&data, &small()).expect("trains"));
            serde_json::to_string(&trees).expect("serialises")
        };
        let one = train_on(1);
        assert_eq!(one, train_on(3));
        assert_eq!(one, train_on(1), "training twice gives the same model");
    }

    #[test]
    fn serialises_and_scores_the_same_after() {
        for objective in [
            Objective::Ndcg { pairs: 8 },
            Objective::Pairwise { pairs: 8 },
            Objective::Logistic,
        ] {
            let settings = Settings {
                objective,
                ..small()
            };
            let trees = Trees::train(&lists(3, 30), &settings).expect("trains");
            let text = serde_json::to_string(&trees).expect("serialises");
            let back: Trees = serde_json::from_str(&text).expect("deserialises");
            assert_eq!(back.settings, settings);
            let x = [0.8f32; Feature::COUNT];
            assert_eq!(back.score(&x).to_bits(), trees.score(&x).to_bits());
        }
    }

    #[test]
    fn no_positive_is_an_error() {
        let empty = linear::list(&[[0.0; Feature::COUNT]; 3], &[0.0; 3]);
        let err = Trees::train(&[empty], &small()).unwrap_err().to_string();
        assert!(err.contains("no training list has a positive"), "{err}");
    }

    #[test]
    fn settings_parse_and_say_what_is_wrong() {
        let s: Settings = "rounds=50, eta=0.2,leaves=15,objective=pairwise@16"
            .parse()
            .expect("parses");
        assert_eq!(s.rounds, 50);
        assert_eq!(s.learning_rate, 0.2);
        assert_eq!(s.leaves, 15);
        assert_eq!(s.objective, Objective::Pairwise { pairs: 16 });
        assert!(!s.choose_rounds, "a number of rounds is kept");
        assert_eq!(s.to_string().parse::<Settings>(), Ok(s));
        assert_eq!("".parse::<Settings>(), Ok(Settings::default()));
        let auto: Settings = "leaves=3,rounds=auto".parse().expect("parses");
        assert!(auto.choose_rounds);
        assert!(Settings::default().to_string().starts_with("rounds=1000,"));
        assert_eq!(auto.to_string().parse::<Settings>(), Ok(auto));
        for (text, says) in [
            (
                "rounds=0",
                "`rounds`: `0` is not a whole number of at least 1",
            ),
            ("eta=-1", "`eta`: `-1` is not a finite number"),
            ("depth", "`depth` is not of the form key=value"),
            ("trees=3", "unknown tree setting `trees`"),
            ("objective=lambdamart", "unknown objective `lambdamart`"),
            ("objective=ndcg@0", "`0` is not a pair count"),
        ] {
            let err = text.parse::<Settings>().unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
