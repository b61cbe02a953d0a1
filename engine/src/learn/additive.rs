//! Trees that each split on one feature are a sum of one-feature step functions: a
//! generalised additive model. Compiled into that form, a score is one look-up per feature
//! instead of a walk down every tree, each feature's part of it is exact and on its own, and
//! the most a feature can add over a range of its values is known — what ranking needs to
//! bound scores without computing them.
//!
//! [`Additive::compile`] finds out whether a [`Trees`] model is additive (every tree splits
//! on one feature at most, numeric splits only) and lays it out as, per feature, the sorted
//! split thresholds of all its trees and the summed leaf values between them.

use super::features::Feature;
use super::trees::Trees;

/// One feature's part of the score: a step function of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    /// Where the value steps, ascending, without repeats.
    thresholds: Vec<f32>,
    /// The part below the first threshold, then from each threshold on: one more than
    /// `thresholds`.
    values: Vec<f32>,
    /// The part at 0, what [`Steps::lift`] subtracts.
    zero: f32,
}

impl Steps {
    /// The part of a value (a value equal to a threshold takes the step, as a tree's
    /// `value < threshold` sends it right).
    pub fn at(&self, v: f32) -> f32 {
        self.values[self.thresholds.partition_point(|t| *t <= v)]
    }

    /// How much the part at `v` adds over the part at 0.
    pub fn lift(&self, v: f32) -> f32 {
        self.at(v) - self.zero
    }

    /// The most the part reaches for a value in `[lo, hi]`.
    pub fn max_over(&self, lo: f32, hi: f32) -> f32 {
        let first = self.thresholds.partition_point(|t| *t <= lo);
        let last = self.thresholds.partition_point(|t| *t <= hi);
        self.values[first..=last]
            .iter()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max)
    }
}

/// Features that are 0 or 1 (a yes/no): the only ones a model may be switched on.
const FLAGS: [Feature; 3] = [Feature::FirstRaise, Feature::AmountKnown, Feature::AgeKnown];

/// A sum of one-feature step functions, from where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sum {
    /// What the score starts from: the base score and the trees that split on no other
    /// feature.
    base: f32,
    /// One step function per feature, in [`Feature::ALL`] order.
    steps: Vec<Steps>,
    /// The features some tree splits on, in feature order: the others add nothing.
    used: Vec<usize>,
    /// Per feature, the mean of its part over the training rows (each tree's leaves
    /// weighed by the rows they held): what a Tree SHAP contribution is counted from.
    expected: Vec<f32>,
}

/// A tree ensemble as a sum of one-feature step functions — or, when its trees may also
/// split on one yes/no feature (`interacting=first_raise`), one such sum for each answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Additive {
    /// The yes/no feature that picks the sum, if any.
    switch: Option<Feature>,
    /// The sum (without a switch), or the sums for no (0) and yes (1).
    sums: Vec<Sum>,
}

impl Additive {
    /// The additive form of `trees`, or `None` when a tree splits on two features besides
    /// the yes/no one it may be switched on (or on categories).
    ///
    /// Each feature's steps are the sums, in tree order and in f64, of its trees' values
    /// between consecutive thresholds, so the form is fixed by the model alone.
    pub fn compile(trees: &Trees) -> Option<Additive> {
        let switch = match &trees.settings.interacting {
            None => None,
            Some(name) => Some(*FLAGS.iter().find(|f| f.name() == name)?),
        };
        let model = trees.boosted();
        // Each tree's one feature besides the switch, if any.
        let mut feature_of = Vec::with_capacity(model.trees().len());
        for tree in model.trees() {
            let mut split: Option<u32> = None;
            for node in tree.nodes().iter().filter(|n| !n.is_leaf()) {
                let f = node.split_feature;
                if node.is_categorical {
                    return None;
                }
                if switch.is_some_and(|s| s as u32 == f) {
                    continue;
                }
                if split.is_some_and(|other| other != f) {
                    return None;
                }
                split = Some(f);
            }
            feature_of.push(split.map(|f| f as usize));
        }
        let answers: &[f32] = if switch.is_some() {
            &[0.0, 1.0]
        } else {
            &[0.0]
        };
        let sums = answers
            .iter()
            .map(|answer| Sum::compile(trees, &feature_of, switch.map(|s| (s as usize, *answer))))
            .collect();
        Some(Additive { switch, sums })
    }

    /// The score of a feature vector: the base plus every feature's part, in feature order.
    pub fn score(&self, x: &[f32; Feature::COUNT]) -> f32 {
        self.sum_for(x).score(x)
    }

    fn sum_for(&self, x: &[f32; Feature::COUNT]) -> &Sum {
        &self.sums[self.answer(x)]
    }

    /// Which of [`Additive::sums`] scores `x`: the switch's answer (0 without a switch).
    pub fn answer(&self, x: &[f32; Feature::COUNT]) -> usize {
        match self.switch {
            Some(s) if x[s as usize] > 0.5 => 1,
            _ => 0,
        }
    }

    /// The sum (without a switch), or the sums for the switch's no (0) and yes (1).
    pub fn sums(&self) -> &[Sum] {
        &self.sums
    }

    /// Each feature's contribution to the score of `x`: its part less the part's mean over
    /// the training rows — what Tree SHAP gives for trees that each split on one feature,
    /// in one look-up per feature. `None` for a switched model (its parts interact with the
    /// switch).
    pub fn contributions(&self, x: &[f32; Feature::COUNT]) -> Option<Vec<f32>> {
        if self.switch.is_some() {
            return None;
        }
        let sum = &self.sums[0];
        Some(
            (0..Feature::COUNT)
                .map(|f| sum.steps[f].at(x[f]) - sum.expected[f])
                .collect(),
        )
    }

    /// The yes/no feature that picks the sum, if any.
    pub fn switch(&self) -> Option<Feature> {
        self.switch
    }

    /// One feature's step function (for a switched model: with the switch's answer of `x`).
    pub fn steps(&self, feature: Feature, x: &[f32; Feature::COUNT]) -> &Steps {
        &self.sum_for(x).steps[feature as usize]
    }
}

impl Sum {
    /// What the score starts from.
    pub fn base(&self) -> f32 {
        self.base
    }

    /// One feature's step function.
    pub fn steps(&self, feature: Feature) -> &Steps {
        &self.steps[feature as usize]
    }

    /// The most any part can weigh, with the base: the scale of the rounding error of a
    /// sum of the parts in any order.
    pub fn magnitude(&self) -> f32 {
        let largest = |s: &Steps| s.values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        self.steps.iter().map(largest).sum::<f32>() + self.base.abs()
    }

    fn score(&self, x: &[f32; Feature::COUNT]) -> f32 {
        self.used
            .iter()
            .fold(self.base, |sum, f| sum + self.steps[*f].at(x[*f]))
    }

    /// The sum of the trees with the switch feature, if any, fixed at its answer.
    fn compile(trees: &Trees, feature_of: &[Option<usize>], fixed: Option<(usize, f32)>) -> Sum {
        let model = trees.boosted();
        let weights: Vec<f32> = model.tree_weights().collect();
        let leaf_of = |t: usize, row: &[f32; Feature::COUNT]| {
            let tree = &model.trees()[t];
            f64::from(weights[t] * tree.node(tree.leaf_id_dense(row, f32::NAN)).leaf_value)
        };
        let mut row = [0.0f32; Feature::COUNT];
        if let Some((s, answer)) = fixed {
            row[s] = answer;
        }
        let mut base = f64::from(model.base_score());
        for (t, feature) in feature_of.iter().enumerate() {
            if feature.is_none() {
                base += leaf_of(t, &row);
            }
        }
        let steps: Vec<Steps> = (0..Feature::COUNT)
            .map(|f| {
                let trees_of: Vec<usize> = (0..feature_of.len())
                    .filter(|t| feature_of[*t] == Some(f))
                    .collect();
                let mut thresholds: Vec<f32> = trees_of
                    .iter()
                    .flat_map(|t| model.trees()[*t].nodes().iter())
                    .filter(|n| !n.is_leaf() && n.split_feature as usize == f)
                    .map(|n| n.split_cond)
                    .collect();
                thresholds.sort_by(f32::total_cmp);
                thresholds.dedup();
                // A value standing for each interval: below the first threshold, then each
                // threshold itself.
                let below = thresholds.first().map_or(0.0, |t| t - 1.0);
                let values = std::iter::once(below)
                    .chain(thresholds.iter().copied())
                    .map(|v| {
                        let mut at = row;
                        at[f] = v;
                        trees_of.iter().map(|t| leaf_of(*t, &at)).sum::<f64>() as f32
                    })
                    .collect();
                let mut steps = Steps {
                    thresholds,
                    values,
                    zero: 0.0,
                };
                steps.zero = steps.at(0.0);
                steps
            })
            .collect();
        let used = (0..Feature::COUNT)
            .filter(|f| !steps[*f].thresholds.is_empty())
            .collect();
        let mean_leaf = |t: usize| {
            let leaves = model.trees()[t].nodes().iter().filter(|n| n.is_leaf());
            let (weighted, rows) = leaves.fold((0.0f64, 0.0f64), |(w, r), n| {
                let cover = f64::from(n.sum_hess);
                (w + cover * f64::from(n.leaf_value), r + cover)
            });
            f64::from(weights[t]) * weighted / rows.max(f64::MIN_POSITIVE)
        };
        let expected = (0..Feature::COUNT)
            .map(|f| {
                (0..feature_of.len())
                    .filter(|t| feature_of[*t] == Some(f))
                    .map(mean_leaf)
                    .sum::<f64>() as f32
            })
            .collect();
        Sum {
            base: base as f32,
            steps,
            used,
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::linear::{List, list};
    use crate::learn::trees::Settings;

    /// Lists where a candidate is backed when its sector share is high or it has backers.
    fn lists() -> Vec<List> {
        (0..40)
            .map(|l| {
                let rows: Vec<[f32; Feature::COUNT]> = (0..30)
                    .map(|i| {
                        let mut x = [0.0; Feature::COUNT];
                        x[Feature::SectorShare as usize] = ((i * 7 + l) % 10) as f32 / 10.0;
                        x[Feature::Backers as usize] = ((i + l) % 3) as f32;
                        x[Feature::TextFit as usize] = ((i * 3 + l) % 5) as f32 / 5.0;
                        x
                    })
                    .collect();
                let labels: Vec<f32> = rows
                    .iter()
                    .map(|x| {
                        let yes = x[Feature::SectorShare as usize] > 0.75
                            || x[Feature::Backers as usize] > 1.5;
                        if yes { 1.0 } else { 0.0 }
                    })
                    .collect();
                list(&rows, &labels)
            })
            .collect()
    }

    /// hessboost's Tree SHAP contributions of one row.
    fn shap_contributions(trees: &Trees, x: &[f32; Feature::COUNT]) -> Vec<f32> {
        let data =
            hessboost::prelude::DMatrix::from_dense_vec(x.to_vec(), 1, Feature::COUNT).unwrap();
        let contributions = trees
            .boosted()
            .predict_contribs(&data, hessboost::prelude::Iterations::Best)
            .unwrap();
        contributions.get(0, 0).unwrap()[..Feature::COUNT].to_vec()
    }

    /// Checks that the additive form scores every row of `lists` as hessboost's walk down
    /// the trees does (up to the order the values are summed in).
    fn scores_as_walked(trees: &Trees, additive: &Additive, lists: &[List]) {
        for row in lists.iter().flat_map(|l| l.x.rows()) {
            let x: [f32; Feature::COUNT] = row.to_vec().try_into().unwrap();
            let walked = trees
                .boosted()
                .predict_margin_row(&x, hessboost::prelude::Iterations::Best)
                .unwrap();
            let compiled = additive.score(&x);
            assert!((compiled - walked).abs() < 1e-4, "{compiled} vs {walked}");
        }
    }

    #[test]
    fn stumps_compile_to_steps_that_score_as_the_trees_do() {
        let settings: Settings = "leaves=2,rounds=60".parse().unwrap();
        let trees = Trees::train(&lists(), &settings).unwrap();
        let additive = Additive::compile(&trees).expect("stumps are additive");
        scores_as_walked(&trees, &additive, &lists());
        for row in lists().iter().flat_map(|l| l.x.rows()) {
            let x: [f32; Feature::COUNT] = row.to_vec().try_into().unwrap();
            let shap = shap_contributions(&trees, &x);
            let ours = additive.contributions(&x).expect("an unswitched model");
            for (a, b) in ours.iter().zip(&shap) {
                assert!((a - b).abs() < 1e-4, "{ours:?} vs Tree SHAP {shap:?}");
            }
        }
        let share = additive.steps(Feature::SectorShare, &[0.0; Feature::COUNT]);
        assert!(share.at(0.9) > share.at(0.1), "a high share is learned");
        assert_eq!(
            share.max_over(0.0, 1.0),
            share.at(0.9).max(share.max_over(0.0, 0.5))
        );
        assert_eq!(share.max_over(0.3, 0.3), share.at(0.3));
    }

    #[test]
    fn trees_switched_on_a_yes_no_feature_compile_to_one_sum_per_answer() {
        let settings: Settings = "leaves=3,rounds=60,interacting=first_raise"
            .parse()
            .unwrap();
        let lists: Vec<_> = lists()
            .into_iter()
            .map(|mut l| {
                for (i, mut row) in l.x.rows_mut().into_iter().enumerate() {
                    row[Feature::FirstRaise as usize] = (i % 2) as f32;
                }
                l
            })
            .collect();
        let trees = Trees::train(&lists, &settings).unwrap();
        let additive = Additive::compile(&trees).expect("switched stumps are additive");
        assert_eq!(additive.switch(), Some(Feature::FirstRaise));
        scores_as_walked(&trees, &additive, &lists);
    }

    #[test]
    fn trees_with_interactions_are_not_additive() {
        let settings: Settings = "leaves=4,rounds=20".parse().unwrap();
        let trees = Trees::train(&lists(), &settings).unwrap();
        assert!(Additive::compile(&trees).is_none());
    }
}
