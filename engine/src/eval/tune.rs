//! Learning the investor weights from a benchmark's training window.
//!
//! The objective ([`Objective`]) is measured on an inner time split that ends where the real
//! one begins:
//! train on deals more than a year before the split date, score on the year just before it.
//! No deal on or after the split date is read, so the held-out year stays unseen. Coordinate
//! ascent: each tuned component's weight is scaled by a few factors, one component at a time,
//! keeping any change that raises the objective, for a few rounds or until nothing does.

use super::baselines::{BuiltIn, Ranker};
use super::metrics::Cutoffs;
use super::protocol::Split;
use super::run::{Evaluation, Slice, evaluate};
use super::tandem::TandemRanker;
use crate::error::Result;
use crate::progress::Progress;
use crate::taxonomy::Kind;
use crate::weights::{Component, Weights};

/// The components tuned: those a deal benchmark gives data for. The network comes first:
/// its share trades warm companies against cold ones more than any other weight does.
pub const TUNED: [Component; 6] = [
    Component::Network,
    Component::Text,
    Component::Sector,
    Component::Geography,
    Component::Stage,
    Component::Ticket,
];

/// Scalings tried for a weight (a zero weight is tried at [`RESTART`] values instead).
const FACTORS: [f32; 4] = [0.0, 0.5, 2.0, 4.0];

/// Values tried for a component whose weight is zero.
const RESTART: [f32; 2] = [0.05, 0.2];

/// The smallest gain that counts as an improvement.
const MIN_GAIN: f64 = 1e-5;

/// One accepted change.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The component whose weight changed.
    pub component: Component,
    /// Its new (unnormalised) weight.
    pub weight: f32,
    /// The objective after the change.
    pub objective: f64,
}

/// The result of [`tune`].
#[derive(Debug, Clone)]
pub struct Tuned {
    /// The best weights found.
    pub weights: Weights,
    /// The objective of the starting weights.
    pub start: f64,
    /// The objective of the best weights.
    pub objective: f64,
    /// The changes accepted, in order.
    pub steps: Vec<Step>,
    /// How many weight vectors were scored.
    pub trials: usize,
}

/// What tuning maximises. Cold (first raise) and warm companies count alike, whatever
/// their numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// The worst of four ratios: Tandem's NDCG@10 and Recall@100 on the cold and on the
    /// warm slice, each over the best built-in baseline's figure for it on the same inner
    /// split. Each slice has its specialist — affinity for first raises, co-investment for
    /// companies with backers — and this asks Tandem to come as close as it can to both at
    /// once, rather than to excel where it is already ahead.
    #[default]
    Baselines,
    /// The geometric mean of NDCG@10 and Recall@100 on the cold and on the warm slice, each
    /// on its own scale.
    Targets,
    /// The mean of cold and warm NDCG@10.
    Ndcg,
}

impl Objective {
    fn metrics(self) -> &'static [&'static str] {
        match self {
            Objective::Baselines | Objective::Targets => &["ndcg@10", "recall@100"],
            Objective::Ndcg => &["ndcg@10"],
        }
    }
}

/// The cutoffs an objective needs.
fn cutoffs() -> Cutoffs {
    Cutoffs { ks: vec![10, 100] }
}

/// One ranker's figures for an objective, from an evaluation: its metrics on the cold
/// slice, then on the warm one.
fn figures(evaluation: &Evaluation, ranker: &str, metrics: &[&str]) -> Vec<f64> {
    let names = cutoffs().names();
    let rows = evaluation
        .rows
        .iter()
        .filter(|r| r.ranker == ranker && r.slice != Slice::All);
    rows.flat_map(|row| {
        metrics.iter().map(|metric| {
            let at = names.iter().position(|n| n == metric).expect("scored");
            // A slice nobody is evaluated on has no figures.
            row.values.get(at).copied().unwrap_or(0.0)
        })
    })
    .collect()
}

/// What the objective compares against: for [`Objective::Baselines`], the best built-in
/// baseline's figure for each of the objective's figures on the split.
fn reference(split: &Split, goal: Objective) -> Result<Option<Vec<f64>>> {
    if goal != Objective::Baselines {
        return Ok(None);
    }
    let baselines = BuiltIn::new(split.view(), 1);
    let rankers = baselines.rankers();
    let evaluation = evaluate(split, &rankers, &cutoffs(), &())?;
    let mut best = vec![0.0f64; 2 * goal.metrics().len()];
    for ranker in rankers {
        for (b, v) in best
            .iter_mut()
            .zip(figures(&evaluation, ranker.name(), goal.metrics()))
        {
            *b = b.max(v);
        }
    }
    Ok(Some(best))
}

/// The objective of the ranker with some weights, on an inner split; `reference` holds
/// the baselines' figures for [`Objective::Baselines`].
fn objective(
    ranker: &mut TandemRanker,
    split: &Split,
    weights: &Weights,
    goal: Objective,
    reference: Option<&[f64]>,
) -> Result<f64> {
    ranker.set_weights(weights.clone());
    let evaluation = evaluate(split, &[&*ranker], &cutoffs(), &())?;
    let values = figures(&evaluation, ranker.name(), goal.metrics());
    Ok(match (goal, reference) {
        (Objective::Baselines, best) => values
            .iter()
            .zip(best.expect("tune computes the baselines' figures"))
            .map(|(v, b)| v / b.max(1e-9))
            .fold(f64::INFINITY, f64::min),
        (Objective::Ndcg, _) => values.iter().sum::<f64>() / values.len() as f64,
        (Objective::Targets, _) => {
            let logs: f64 = values.iter().map(|v| v.max(1e-9).ln()).sum();
            (logs / values.len() as f64).exp()
        }
    })
}

/// Coordinate ascent on the investor weights, starting from `start`, scored on `split` (an
/// inner split of the training window) with `ranker` (built on that split's view).
pub fn tune(
    ranker: &mut TandemRanker,
    split: &Split,
    start: &Weights,
    goal: Objective,
    rounds: usize,
    progress: &dyn Progress,
) -> Result<Tuned> {
    let reference = reference(split, goal)?;
    let reference = reference.as_deref();
    let mut best = start.clone();
    let start_objective = objective(ranker, split, start, goal, reference)?;
    let mut best_objective = start_objective;
    let mut steps = Vec::new();
    let mut trials = 1;
    let per_round = TUNED.len() * FACTORS.len();
    progress.start("tuning", (rounds * per_round) as u64);
    for _ in 0..rounds {
        let mut improved = false;
        for component in TUNED {
            let current = *best.for_kind_mut(Kind::Investor).get_mut(component);
            let values: Vec<f32> = if current > 0.0 {
                FACTORS.iter().map(|f| current * f).collect()
            } else {
                RESTART.to_vec()
            };
            for value in values {
                let mut trial = best.clone();
                *trial.for_kind_mut(Kind::Investor).get_mut(component) = value;
                // A side with every weight at zero has no score at all.
                if trial.investor.as_array().iter().sum::<f32>() <= 0.0 {
                    continue;
                }
                let score = objective(ranker, split, &trial, goal, reference)?;
                trials += 1;
                progress.advance(1);
                if score > best_objective + MIN_GAIN {
                    best = trial;
                    best_objective = score;
                    improved = true;
                    steps.push(Step {
                        component,
                        weight: value,
                        objective: score,
                    });
                }
            }
        }
        if !improved {
            break;
        }
    }
    progress.finish();
    ranker.set_weights(best.clone());
    Ok(Tuned {
        weights: best,
        start: start_objective,
        objective: best_objective,
        steps,
        trials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::Date;
    use crate::eval::protocol::tests::fixture;

    /// 3 investors, 40 companies: investor i backs companies c with c % 3 == i, the first
    /// ones in 2007–2008, the next in 2009; `extra` adds deals.
    fn bench(extra: &[(usize, usize, &str)]) -> crate::eval::Benchmark {
        let mut b = fixture(&[]);
        b.companies = (0..40)
            .map(|c| crate::eval::data::Company {
                id: format!("c{c}"),
                name: format!("C{c}"),
                category: Some(["software", "biotech", "cleantech"][c % 3].to_string()),
                country: Some(if c % 2 == 0 { "USA" } else { "GBR" }.to_string()),
                region: None,
                city: None,
                founded_year: None,
            })
            .collect();
        let mut deal = |investor: usize, company: usize, date: &str| {
            b.deals.push(crate::eval::data::Deal {
                investor,
                company,
                date: Date::parse(date).unwrap(),
                round_type: Some("seed".into()),
                amount_usd: Some(1e6),
            });
        };
        for c in 0..40usize {
            let date = if c < 24 {
                format!("{}-05-01", 2007 + c % 2)
            } else {
                "2009-06-01".into()
            };
            deal(c % 3, c, &date);
        }
        for (i, c, d) in extra {
            deal(*i, *c, d);
        }
        b
    }

    #[test]
    fn tuning_never_lowers_the_objective_and_ignores_the_held_out_year() {
        let held_out_date = Date::parse("2010-01-01").unwrap();
        let run = |extra: &[(usize, usize, &str)]| {
            let bench = bench(extra);
            let inner = Split::new(&bench, held_out_date.minus_one_year());
            assert!(
                !inner.evaluated.is_empty(),
                "the inner split evaluates someone"
            );
            let dir = tempfile::tempdir().unwrap();
            let mut ranker =
                TandemRanker::new(inner.view(), Weights::default(), dir.path(), &()).unwrap();
            tune(
                &mut ranker,
                &inner,
                &Weights::default(),
                Objective::Targets,
                2,
                &(),
            )
            .unwrap()
        };
        let tuned = run(&[]);
        assert!(tuned.objective >= tuned.start);
        assert!(tuned.trials > 1);
        // Deals in the held-out year (and later) change nothing.
        let with_future = run(&[(0, 5, "2010-03-01"), (1, 0, "2011-06-01")]);
        assert_eq!(with_future.weights, tuned.weights);
        assert_eq!(with_future.objective, tuned.objective);
    }
}
