//! A linear ranker over the features and chosen products of them, trained with a listwise
//! softmax loss: each list is one asker's candidates, and the loss is the cross-entropy
//! between the softmax of the scores and the spread of its positives. Scores are
//! explained exactly by their terms' contributions.

use ndarray::{Array1, Array2, ArrayView1, Axis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::Feature;
use crate::progress::Progress;

/// Standardised features are clipped to ±this many standard deviations.
const CLIP: f32 = 4.0;

/// One input of the linear model: a standardised feature, or the product of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Term {
    /// A feature (by its index in [`Feature::ALL`]).
    One(usize),
    /// The product of two standardised features.
    Product(usize, usize),
}

impl Term {
    /// The term's name: a feature's, or two joined by ` x `.
    pub fn name(&self) -> String {
        match *self {
            Term::One(i) => Feature::ALL[i].name().to_string(),
            Term::Product(i, j) => {
                format!("{} x {}", Feature::ALL[i].name(), Feature::ALL[j].name())
            }
        }
    }
}

/// A trained linear model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Linear {
    /// Per feature: the training mean and scale used to standardise it.
    pub mean: Vec<f32>,
    /// See `mean`.
    pub scale: Vec<f32>,
    /// The terms, in weight order.
    pub terms: Vec<Term>,
    /// One weight per term.
    pub weights: Vec<f32>,
}

/// One training list: an asker's candidates' features and which of them it backed.
pub struct List {
    /// One row of features per candidate.
    pub x: Array2<f32>,
    /// 0 for a candidate not backed; for a backed one, how much it counts (1 unless some
    /// positives are weighted up, see `eval::learned::Options::warm_weight`).
    pub y: Array1<f32>,
}

/// How training goes.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Passes over all lists.
    pub epochs: usize,
    /// Adam's step size.
    pub learning_rate: f32,
    /// L2 penalty on the weights.
    pub l2: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 300,
            learning_rate: 0.05,
            l2: 1e-4,
        }
    }
}

/// The terms of a model: every feature, and every feature times each of `crossed`.
pub fn terms(crossed: &[Feature]) -> Vec<Term> {
    let n = Feature::COUNT;
    let mut terms: Vec<Term> = (0..n).map(Term::One).collect();
    for c in crossed {
        for i in 0..n {
            if i != *c as usize {
                terms.push(Term::Product(*c as usize, i));
            }
        }
    }
    terms
}

impl Linear {
    fn standardise(&self, x: ArrayView1<f32>, z: &mut [f32]) {
        // Clipped, so that a value far outside the training range (and a product of two)
        // cannot swamp every other term.
        for (i, v) in x.iter().enumerate() {
            z[i] = ((v - self.mean[i]) / self.scale[i]).clamp(-CLIP, CLIP);
        }
    }

    fn expand(&self, z: &[f32], out: &mut [f32]) {
        for (t, term) in self.terms.iter().enumerate() {
            out[t] = match *term {
                Term::One(i) => z[i],
                Term::Product(i, j) => z[i] * z[j],
            };
        }
    }

    /// Whether the weights fit the terms and features and every number is usable (what a
    /// model read from a file must satisfy).
    pub fn is_consistent(&self) -> bool {
        let n = Feature::COUNT;
        let in_range = |i: usize| i < n;
        self.weights.len() == self.terms.len()
            && self.mean.len() == n
            && self.scale.len() == n
            && self.terms.iter().all(|t| match *t {
                Term::One(i) => in_range(i),
                Term::Product(i, j) => in_range(i) && in_range(j),
            })
            && self
                .weights
                .iter()
                .chain(&self.mean)
                .chain(&self.scale)
                .all(|v| v.is_finite())
            && self.scale.iter().all(|s| *s > 0.0)
    }

    /// The terms' values for one feature vector.
    pub fn term_values(&self, x: &[f32]) -> Vec<f32> {
        let mut z = vec![0.0; x.len()];
        self.standardise(ArrayView1::from(x), &mut z);
        let mut out = vec![0.0; self.terms.len()];
        self.expand(&z, &mut out);
        out
    }

    /// The score of one feature vector.
    pub fn score(&self, x: &[f32]) -> f32 {
        self.term_values(x)
            .iter()
            .zip(&self.weights)
            .map(|(v, w)| v * w)
            .sum()
    }

    fn design(&self, x: &Array2<f32>) -> Array2<f32> {
        let mut out = Array2::zeros((x.nrows(), self.terms.len()));
        let mut z = vec![0.0; x.ncols()];
        for (row, mut o) in x.outer_iter().zip(out.outer_iter_mut()) {
            self.standardise(row, &mut z);
            self.expand(&z, o.as_slice_mut().expect("rows are contiguous"));
        }
        out
    }

    /// Trains on lists with at least one positive, deterministically (the same lists give
    /// the same bits whatever the thread count: gradients are summed in list order).
    pub fn train(
        lists: &[List],
        crossed: &[Feature],
        settings: &Settings,
        progress: &dyn Progress,
    ) -> Linear {
        let n = Feature::COUNT;
        let rows: usize = lists.iter().map(|l| l.x.nrows()).sum();
        let mut mean = vec![0.0f64; n];
        let mut square = vec![0.0f64; n];
        for l in lists {
            for row in l.x.outer_iter() {
                for (i, v) in row.iter().enumerate() {
                    mean[i] += f64::from(*v);
                    square[i] += f64::from(*v) * f64::from(*v);
                }
            }
        }
        let rows_f = rows.max(1) as f64;
        let mean: Vec<f32> = mean.iter().map(|m| (m / rows_f) as f32).collect();
        let scale: Vec<f32> = square
            .iter()
            .zip(&mean)
            .map(|(s, m)| {
                let var = s / rows_f - f64::from(*m) * f64::from(*m);
                (var.max(0.0).sqrt() as f32).max(1e-3)
            })
            .collect();
        let terms = terms(crossed);
        let mut model = Linear {
            mean,
            scale,
            weights: vec![0.0; terms.len()],
            terms,
        };
        let designs: Vec<(Array2<f32>, &Array1<f32>)> = lists
            .par_iter()
            .filter(|l| l.y.sum() > 0.0)
            .map(|l| (model.design(&l.x), &l.y))
            .collect();
        let t = model.terms.len();
        let (mut m, mut v) = (Array1::<f32>::zeros(t), Array1::<f32>::zeros(t));
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        for epoch in 1..=settings.epochs {
            let w = Array1::from(model.weights.clone());
            let grads: Vec<Array1<f32>> = designs
                .par_iter()
                .map(|(x, y)| list_gradient(x, y, &w))
                .collect();
            let mut g = Array1::<f32>::zeros(t);
            for lg in &grads {
                g += lg;
            }
            g /= designs.len().max(1) as f32;
            g.scaled_add(settings.l2, &w);
            m = &m * b1 + &g * (1.0 - b1);
            v = &v * b2 + &(&g * &g) * (1.0 - b2);
            let mhat = &m / (1.0 - b1.powi(epoch as i32));
            let vhat = &v / (1.0 - b2.powi(epoch as i32));
            let step = mhat / (vhat.mapv(f32::sqrt) + eps) * settings.learning_rate;
            for (w, s) in model.weights.iter_mut().zip(step.iter()) {
                *w -= s;
            }
            progress.advance(1);
        }
        model
    }

    /// The mean softmax cross-entropy of the model over lists with a positive.
    pub fn loss(&self, lists: &[List]) -> f64 {
        let w = Array1::from(self.weights.clone());
        let losses: Vec<f64> = lists
            .par_iter()
            .filter(|l| l.y.sum() > 0.0)
            .map(|l| {
                let s = self.design(&l.x).dot(&w);
                let max = s.fold(f32::NEG_INFINITY, |a, b| a.max(*b));
                let log_sum =
                    f64::from(max) + s.iter().map(|v| f64::from(v - max).exp()).sum::<f64>().ln();
                let positives = f64::from(l.y.sum());
                s.iter()
                    .zip(&l.y)
                    .map(|(v, y)| f64::from(*y) * (log_sum - f64::from(*v)))
                    .sum::<f64>()
                    / positives
            })
            .collect();
        losses.iter().sum::<f64>() / losses.len().max(1) as f64
    }
}

/// The gradient of one list's softmax cross-entropy with respect to the weights.
fn list_gradient(x: &Array2<f32>, y: &Array1<f32>, w: &Array1<f32>) -> Array1<f32> {
    let s = x.dot(w);
    let max = s.fold(f32::NEG_INFINITY, |a, b| a.max(*b));
    let e = s.mapv(|v| (v - max).exp());
    let p = &e / e.sum();
    let target = y / y.sum();
    let d = p - target;
    x.t().dot(&d)
}

/// Stacks feature rows into a list.
pub fn list(rows: &[[f32; Feature::COUNT]], labels: &[f32]) -> List {
    let mut x = Array2::zeros((rows.len(), Feature::COUNT));
    for (mut out, row) in x.axis_iter_mut(Axis(0)).zip(rows) {
        out.assign(&ArrayView1::from(&row[..]));
    }
    List {
        x,
        y: Array1::from(labels.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists where the backed candidates are those with a high category share and, among
    /// first raises only, a large ask: a preference the model must recover, products included.
    fn planted(lists: usize) -> Vec<List> {
        (0..lists)
            .map(|l| {
                let mut rows = Vec::new();
                let mut labels = Vec::new();
                for c in 0..40 {
                    let mut x = [0.0f32; Feature::COUNT];
                    let share = ((c * 7 + l * 3) % 10) as f32 / 10.0;
                    let first = ((c + l) % 2) as f32;
                    let ask = ((c * 3 + l) % 5) as f32;
                    x[Feature::CategoryShare as usize] = share;
                    x[Feature::FirstRaise as usize] = first;
                    x[Feature::AskAmount as usize] = ask;
                    let backed = share >= 0.8 && (first == 0.0 || ask >= 3.0);
                    rows.push(x);
                    labels.push(if backed { 1.0 } else { 0.0 });
                }
                list(&rows, &labels)
            })
            .collect()
    }

    #[test]
    fn recovers_a_planted_preference_and_its_interaction() {
        let lists = planted(30);
        let settings = Settings {
            epochs: 200,
            ..Settings::default()
        };
        let model = Linear::train(&lists, &[Feature::FirstRaise], &settings, &());
        let mut x = [0.0f32; Feature::COUNT];
        x[Feature::CategoryShare as usize] = 0.9;
        let liked = model.score(&x);
        x[Feature::CategoryShare as usize] = 0.1;
        assert!(liked > model.score(&x), "a higher share ranks higher");
        // A first raise with a small ask falls below one with a large ask.
        x[Feature::CategoryShare as usize] = 0.9;
        x[Feature::FirstRaise as usize] = 1.0;
        x[Feature::AskAmount as usize] = 4.0;
        let large = model.score(&x);
        x[Feature::AskAmount as usize] = 0.0;
        assert!(large > model.score(&x));
        assert!(
            model.loss(&lists)
                < Linear::train(
                    &lists,
                    &[],
                    &Settings {
                        epochs: 0,
                        ..settings.clone()
                    },
                    &()
                )
                .loss(&lists)
        );
    }

    #[test]
    fn training_is_deterministic_whatever_the_thread_count() {
        let lists = planted(12);
        let settings = Settings {
            epochs: 20,
            ..Settings::default()
        };
        let many = Linear::train(&lists, &[Feature::FirstRaise], &settings, &());
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| Linear::train(&lists, &[Feature::FirstRaise], &settings, &()));
        assert_eq!(many, one);
    }

    #[test]
    fn contributions_sum_to_the_score_and_clipping_bounds_outliers() {
        let lists = planted(8);
        let model = Linear::train(&lists, &[Feature::FirstRaise], &Settings::default(), &());
        let mut x = [0.0f32; Feature::COUNT];
        x[Feature::CategoryShare as usize] = 0.7;
        x[Feature::FirstRaise as usize] = 1.0;
        let sum: f32 = model
            .term_values(&x)
            .iter()
            .zip(&model.weights)
            .map(|(v, w)| v * w)
            .sum();
        assert!((sum - model.score(&x)).abs() < 1e-5);
        x[Feature::AskAmount as usize] = 1e9;
        assert!(model.term_values(&x).iter().all(|v| v.abs() <= CLIP * CLIP));
    }
}
