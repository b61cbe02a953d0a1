//! Upper bounds of a learned score that cost a fraction of the score: what lets a learned
//! ranking return the exact top k while scoring few candidates in full.
//!
//! An [`Additive`] model scores a pair as a sum of one-feature parts, and
//! [`Features::pair`] computes the features in parts that depend on less than the pair: the
//! candidate alone, one facet value of the candidate, the asker alone, the network (all 0
//! outside the asker's [`Features::reach`]) and the thesis score's component fits. So
//! [`CandidateParts`] sums each candidate's own parts once per snapshot, and a
//! [`QueryBound`] sums the asker's once per query and tabulates every facet value's part.
//! A candidate's bound then adds its own part, the parts of its facet values, and its
//! money, lead ([`Features::lead_features`]), network and fit parts — the text fit's too
//! when it is known, else the most it can add. With every fit known the bound is the score,
//! in another order of the parts and from tables instead of the history's maps: a margin on
//! the scale of the model ([`Sum::magnitude`](super::additive::Sum::magnitude)) covers the
//! difference in rounding. Ranking computes the cheap bound of every candidate, then the
//! score in full (with its explanation's inputs) of the few whose bound can reach the top k.

use rayon::prelude::*;

use super::additive::Additive;
use super::features::{Ask, Asker, FIT_FEATURES, Feature, Features};
use super::history::{Facet, Key};
use crate::fit::Fits;
use crate::network::Location;
use crate::weights::Component;

/// The features of the candidate alone ([`Features::candidate_features`]).
const CANDIDATE: [Feature; 7] = [
    Feature::Backers,
    Feature::Rounds,
    Feature::FirstRaise,
    Feature::SinceLastRound,
    Feature::Age,
    Feature::AgeKnown,
    Feature::AskAmount,
];

/// Relative margin on a bound: the rounding of a sum of some 50 parts in f32, with room.
const MARGIN: f32 = 1e-5;

/// What a candidate adds on its own, laid out by its row in the snapshot: the bound of
/// every row reads these in row order.
#[derive(Clone, Copy)]
struct RowPart {
    /// The candidate's node in the history ([`NO_NODE`]: none; the row is never bounded).
    node: u32,
    /// Which of the model's sums scores it (its switch's answer).
    answer: u8,
    /// The lifts of its own features, summed.
    lift: f32,
    /// Its last value of each facet ([`Facet::ALL`] order): a key, or the number of keys
    /// for none.
    last: [u32; Facet::ALL.len()],
    /// Its ask.
    ask: Ask,
}

/// The node of a row that has none.
pub const NO_NODE: u32 = u32::MAX;

/// What every candidate adds on its own, for one model and one snapshot's history, by
/// row.
pub struct CandidateParts {
    /// By kind, segment and row (see [`Location`]).
    rows: Vec<Vec<Vec<RowPart>>>,
}

impl CandidateParts {
    /// The parts of every row of a snapshot, given the node of each row (by kind, segment
    /// and row; [`NO_NODE`] for none) in `features`' history and each node's ask; `None`
    /// when the model is switched on a feature that is not the candidate's own (the sum a
    /// candidate reads would then depend on the asker).
    pub fn new(
        model: &Additive,
        features: &Features,
        asks: &[Ask],
        located: &[Vec<Vec<u32>>],
    ) -> Option<CandidateParts> {
        if model.switch().is_some_and(|s| !CANDIDATE.contains(&s)) {
            return None;
        }
        let history = features.history();
        let none = history.keys() as u32;
        let part = |node: u32| {
            let mut row = RowPart {
                node,
                answer: 0,
                lift: 0.0,
                last: [none; Facet::ALL.len()],
                ask: Ask::default(),
            };
            if node == NO_NODE {
                return row;
            }
            let node = node as usize;
            let mut x = [0.0f32; Feature::COUNT];
            features.candidate_features(node, &asks[node], &mut |f, v| x[f as usize] = v);
            let answer = model.answer(&x);
            let sum = &model.sums()[answer];
            row.answer = answer as u8;
            row.lift = CANDIDATE
                .iter()
                .map(|f| sum.steps(*f).lift(x[*f as usize]))
                .sum();
            // As in the score, a candidate's last value of a facet sets the facet's features.
            for k in features.keys_of(node, &asks[node]) {
                row.last[history.facet_of(k) as usize] = k;
            }
            row.ask = asks[node];
            row
        };
        let rows = located
            .iter()
            .map(|segments| {
                segments
                    .iter()
                    .map(|nodes| nodes.par_iter().map(|n| part(*n)).collect())
                    .collect()
            })
            .collect();
        Some(CandidateParts { rows })
    }
}

/// Bounds of one asker's scores.
pub struct QueryBound<'a> {
    model: &'a Additive,
    features: &'a Features,
    candidates: &'a CandidateParts,
    asker: &'a Asker,
    /// Per sum: the score of all-0 features and the asker's own lifts, with the margin.
    constant: Vec<f32>,
    /// Per sum, per facet value: the lift of the features it sets (and 0 after the last,
    /// for no value).
    keys: Vec<Vec<f32>>,
    /// Per node: whether its network features may be other than 0.
    reached: Vec<bool>,
}

impl<'a> QueryBound<'a> {
    /// Tabulates what bounds `asker`'s scores.
    pub fn new(
        model: &'a Additive,
        features: &'a Features,
        candidates: &'a CandidateParts,
        asker: &'a Asker,
    ) -> QueryBound<'a> {
        let mut own = Vec::new();
        features.asker_features(asker, &mut |f, v| own.push((f, v)));
        let constant = model
            .sums()
            .iter()
            .map(|sum| {
                let zero = Feature::ALL
                    .iter()
                    .fold(sum.base(), |total, f| total + sum.steps(*f).at(0.0));
                let asker_lift: f32 = own.iter().map(|(f, v)| sum.steps(*f).lift(*v)).sum();
                zero + asker_lift + MARGIN * (1.0 + sum.magnitude())
            })
            .collect();
        let keys = model
            .sums()
            .iter()
            .map(|sum| {
                (0..features.history().keys())
                    .map(|k| {
                        let mut lifted = 0.0;
                        features.key_features(asker, k as Key, &mut |f, v| {
                            lifted += sum.steps(f).lift(v)
                        });
                        lifted
                    })
                    .chain([0.0])
                    .collect()
            })
            .collect();
        let mut reached = vec![false; features.history().candidates()];
        for node in features.reach(asker) {
            reached[node as usize] = true;
        }
        QueryBound {
            model,
            features,
            candidates,
            asker,
            constant,
            keys,
            reached,
        }
    }

    /// At least the score of the candidate at `at` given its component fits; an unknown
    /// (`NaN`) text fit counts as the one that lifts the score most. `None` for a row
    /// without a node (a deleted row's).
    pub fn bound(&self, at: Location, fits: &Fits) -> Option<f32> {
        let row = &self.candidates.rows[at.kind.index()][at.segment][at.row];
        if row.node == NO_NODE {
            return None;
        }
        let answer = row.answer as usize;
        let sum = &self.model.sums()[answer];
        let keys = &self.keys[answer];
        let mut total = self.constant[answer] + row.lift;
        total += row.last.iter().map(|k| keys[*k as usize]).sum::<f32>();
        let mut add = |f: Feature, v: f32| total += sum.steps(f).lift(v);
        Features::money_features(self.asker, &row.ask, &mut add);
        self.features
            .lead_features(self.asker, row.node as usize, &row.ask, &mut add);
        if self.reached[row.node as usize] {
            self.features
                .network_features(self.asker, row.node as usize, &mut add);
        }
        let known = |v: f32| if v.is_nan() { 0.0 } else { v };
        for (feature, component) in FIT_FEATURES {
            if component != Component::Text {
                add(feature, known(fits[component.index()]));
            }
        }
        let text = fits[Component::Text.index()];
        if text.is_nan() {
            let steps = sum.steps(Feature::TextFit);
            total += steps.max_over(0.0, 1.0) - steps.at(0.0);
        } else {
            total += sum.steps(Feature::TextFit).lift(text);
        }
        Some(total)
    }
}
