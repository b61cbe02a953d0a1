//! A trained ranking model as a file: versioned JSON holding the model, the feature names it
//! was trained on and a training report, written atomically.
//!
//! Loading refuses a file of another format version or feature set with a message that says
//! to retrain, so a model is never scored on numbers it was not trained on.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::additive::Additive;
use super::features::Feature;
use super::linear::{Linear, Term};
use super::trees::Trees;
use crate::cache::write_atomically;
use crate::error::{Error, Result};

/// The model file format this build reads and writes.
pub const FORMAT: u32 = 1;

/// How a model was trained and how it did on the training data's own inner split.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingReport {
    /// The benchmark directory trained on, as given.
    pub bench: String,
    /// The split date: only deals before it were read.
    pub split: String,
    /// The inner split dates whose following years gave the labels.
    pub inner_splits: Vec<String>,
    /// Training lists (one per evaluated investor and inner split).
    pub lists: usize,
    /// Positive rows (deals made) over all lists.
    pub positives: usize,
    /// All rows.
    pub rows: usize,
    /// How much a deal with a company that had backers counted, against 1 for a first raise.
    #[serde(default = "one")]
    pub warm_weight: f32,
    /// Optimiser passes over the lists.
    pub epochs: usize,
    /// The mean listwise loss of the trained model on its training lists (linear models).
    pub loss: Option<f64>,
    /// How the trees' number of rounds was chosen, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds_chosen: Option<super::trees::ChosenRounds>,
}

/// The fitted part of a model: which kind, with its parameters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Learner {
    /// A linear model over the features and their products with a few of them.
    Linear(Linear),
    /// Gradient-boosted trees over the features.
    Trees(Trees),
    /// The sum of a linear model's and trees' scores (both on a log-odds scale).
    Blend(Linear, Trees),
}

fn one() -> f32 {
    1.0
}

/// Which deal history a model's features were computed from, and so where it can rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistorySource {
    /// A benchmark's dated deals (day, round stage and size of each): `eval` only.
    #[default]
    Deals,
    /// What stored profiles say (backers and portfolios, undated): `eval`, `match` and
    /// `serve` alike ([`crate::learn::live`]).
    Profiles,
}

impl HistorySource {
    /// The name used on the command line and in model files.
    pub fn name(self) -> &'static str {
        match self {
            HistorySource::Deals => "deals",
            HistorySource::Profiles => "profiles",
        }
    }
}

/// A trained model with what it needs to be checked and explained.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// [`FORMAT`] of the file.
    pub format: u32,
    /// The feature names, in the order the model reads them.
    pub features: Vec<String>,
    /// The deal history the features were computed from (files without it: dated deals).
    #[serde(default)]
    pub history: HistorySource,
    /// The fitted model.
    pub learner: Learner,
    /// How it was trained.
    pub report: TrainingReport,
}

/// Each linear term's contribution (weight times value), in term order.
fn linear_contributions(linear: &Linear, x: &[f32; Feature::COUNT]) -> Vec<Contribution> {
    let values = linear.term_values(x);
    linear
        .terms
        .iter()
        .zip(values.iter().zip(&linear.weights))
        .map(|(term, (v, w))| {
            let (feature, with) = match *term {
                Term::One(i) => (Feature::ALL[i], None),
                Term::Product(i, j) => (Feature::ALL[i], Some(Feature::ALL[j])),
            };
            Contribution {
                feature,
                with,
                value: v * w,
            }
        })
        .collect()
}

/// Each feature's Tree SHAP value, in feature order.
fn tree_contributions(trees: &Trees, x: &[f32; Feature::COUNT]) -> Vec<Contribution> {
    trees
        .contributions(x)
        .into_iter()
        .zip(Feature::ALL)
        .map(|(value, feature)| Contribution {
            feature: *feature,
            with: None,
            value,
        })
        .collect()
}

/// One term's part in a score, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature (the first of a product).
    pub feature: Feature,
    /// The other feature of a product term.
    pub with: Option<Feature>,
    /// Weight times the term's value.
    pub value: f32,
}

impl Model {
    /// Wraps a trained model.
    pub fn new(learner: Learner, history: HistorySource, report: TrainingReport) -> Model {
        Model {
            format: FORMAT,
            features: Feature::ALL.iter().map(|f| f.name().to_string()).collect(),
            history,
            learner,
            report,
        }
    }

    /// The score of one feature vector.
    pub fn score(&self, x: &[f32; Feature::COUNT]) -> f32 {
        match &self.learner {
            Learner::Linear(linear) => linear.score(x),
            Learner::Trees(trees) => trees.score(x),
            Learner::Blend(linear, trees) => linear.score(x) + trees.score(x),
        }
    }

    /// The model as a sum of one-feature step functions, when it is one (trees that each
    /// split on one feature): what bounds of its scores read ([`crate::learn::bound`]).
    pub fn additive(&self) -> Option<&Additive> {
        match &self.learner {
            Learner::Trees(trees) => trees.additive(),
            _ => None,
        }
    }

    /// The scores of many feature vectors.
    pub fn scores(&self, rows: &[[f32; Feature::COUNT]]) -> Vec<f32> {
        match &self.learner {
            Learner::Linear(linear) => rows.iter().map(|x| linear.score(x)).collect(),
            Learner::Trees(trees) => trees.scores(rows),
            Learner::Blend(linear, trees) => trees
                .scores(rows)
                .into_iter()
                .zip(rows)
                .map(|(t, x)| t + linear.score(x))
                .collect(),
        }
    }

    /// Every term's contribution to the score of `x`, largest magnitude first (ties in term
    /// order): a linear model's terms, trees' features (Tree SHAP), or both for a blend. They
    /// sum to the score, less the trees' base score.
    pub fn contributions(&self, x: &[f32; Feature::COUNT]) -> Vec<Contribution> {
        let mut out = match &self.learner {
            Learner::Linear(linear) => linear_contributions(linear, x),
            Learner::Trees(trees) => tree_contributions(trees, x),
            Learner::Blend(linear, trees) => {
                let mut both = linear_contributions(linear, x);
                both.extend(tree_contributions(trees, x));
                both
            }
        };
        out.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        out
    }

    /// Writes the model as JSON, atomically (a temporary file renamed over `path`).
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_vec_pretty(self).expect("models serialise");
        write_atomically(path, &text).map_err(Error::io(path))
    }

    /// Reads a model written by [`Model::save`], checking its format and feature set.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).map_err(Error::io(path))?;
        let bad = |why: String| {
            Error::BadRequest(format!(
                "{} is not a usable Tandem model: {why}; train one with `tandem train --bench DIR --split DATE [--history profiles] -o {}` (`--history profiles` for match and serve)",
                path.display(),
                path.display()
            ))
        };
        #[derive(Deserialize)]
        struct Header {
            format: u32,
        }
        let header: Header =
            serde_json::from_slice(&bytes).map_err(|e| bad(format!("not model JSON ({e})")))?;
        if header.format != FORMAT {
            return Err(bad(format!(
                "it has format {}, this build reads format {FORMAT}",
                header.format
            )));
        }
        let model: Model =
            serde_json::from_slice(&bytes).map_err(|e| bad(format!("bad model JSON ({e})")))?;
        let expected: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
        if model.features != expected {
            return Err(bad(
                "it was trained on another set of features than this build computes".into(),
            ));
        }
        let usable = match &model.learner {
            Learner::Linear(linear) => linear.is_consistent(),
            Learner::Trees(trees) => trees.is_consistent(),
            Learner::Blend(linear, trees) => linear.is_consistent() && trees.is_consistent(),
        };
        if !usable {
            return Err(bad(
                "its weights do not fit its terms and features, or are not finite numbers".into(),
            ));
        }
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::linear::terms;

    fn model() -> Model {
        let terms = terms(&[Feature::FirstRaise]);
        let linear = Linear {
            mean: vec![0.5; Feature::COUNT],
            scale: vec![2.0; Feature::COUNT],
            weights: (0..terms.len()).map(|i| i as f32 / 100.0 - 0.3).collect(),
            terms,
        };
        Model::new(
            Learner::Linear(linear),
            HistorySource::Deals,
            TrainingReport::default(),
        )
    }

    #[test]
    fn saves_and_loads_the_same_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        let m = model();
        m.save(&path).unwrap();
        let loaded = Model::load(&path).unwrap();
        assert_eq!(
            serde_json::to_string(&loaded).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let x = [0.25f32; Feature::COUNT];
        let total: f32 = m.contributions(&x).iter().map(|c| c.value).sum();
        assert!((total - m.score(&x)).abs() < 1e-4);
    }

    #[test]
    fn refuses_other_formats_feature_sets_and_broken_weights_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        let check = |edit: &dyn Fn(&mut serde_json::Value), expected: &str| {
            let mut doc = serde_json::to_value(model()).unwrap();
            edit(&mut doc);
            std::fs::write(&path, doc.to_string()).unwrap();
            let message = Model::load(&path).unwrap_err().to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains("tandem train"), "{message}");
        };
        check(&|d| d["format"] = 99.into(), "format 99");
        check(
            &|d| d["features"][0] = "something_else".into(),
            "another set of features",
        );
        check(
            &|d| {
                d["learner"]["linear"]["weights"]
                    .as_array_mut()
                    .unwrap()
                    .pop()
                    .map(drop)
                    .unwrap_or(())
            },
            "do not fit",
        );
        check(
            &|d| d["learner"]["linear"]["terms"][0] = serde_json::json!({"One": 999}),
            "do not fit",
        );
        std::fs::write(&path, "not json").unwrap();
        assert!(
            Model::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not model JSON")
        );
    }
}
