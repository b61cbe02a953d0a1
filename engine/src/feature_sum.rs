//! The weighted sum of a candidate's feature fits, from lookup tables built per query.
//!
//! A ranking needs every candidate's score with the text left out (its lower bound): over
//! 100,000 rows per query. [`FeatureSum`] turns the query's side of each fit into small
//! tables — indexed by the sizes of the candidate's set and of its overlap with the query's,
//! or by the candidate's stage bits — already weighted, with unknown fits replaced, so a row
//! costs a few popcounts and look-ups. The tables are filled by the functions of
//! [`crate::fit`], so the two cannot disagree; a sum here may differ from
//! [`QueryFeatures::fits`] followed by a weighted sum only by float rounding, because the
//! terms are added in another order.

use crate::features::{Facet, Row};
use crate::fit::{
    QueryFeatures, geography_fit, nan_max, overlap_counts, sought_counts, ticket_fit,
};
use crate::taxonomy::{Attribute, Instrument, Sdg, Sector, Stage, Support};
use crate::weights::Component;

// The stage table has one entry per set of stages.
const _: () = assert!(Stage::COUNT <= 12);

/// Which side's lenses the attribute fit follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The query asks: its lenses against the candidate's attributes.
    Forward,
    /// The candidate asks (reciprocal scores): its lenses against the query's attributes.
    Reverse,
}

/// A fit (or weighted contribution) for every pair (overlap size, candidate set size).
struct CountTable {
    stride: usize,
    values: Vec<f32>,
}

impl CountTable {
    /// Tabulates `value(shared, count)` for a vocabulary of `size` values.
    fn new(size: usize, value: impl Fn(u32, u32) -> f32) -> CountTable {
        let stride = size + 1;
        let values = (0..stride * stride)
            .map(|i| value((i / stride) as u32, (i % stride) as u32))
            .collect();
        CountTable { stride, values }
    }

    #[inline]
    fn get(&self, shared: u32, count: u32) -> f32 {
        self.values[shared as usize * self.stride + count as usize]
    }
}

/// The sizes of a candidate's set and of its overlap with the query's.
#[inline]
fn sizes(query: u32, candidate: u32) -> (u32, u32) {
    ((query & candidate).count_ones(), candidate.count_ones())
}

/// Scores feature rows as `Σ w_c · fit_c` over every component but text (whose fit counts
/// as 0), unknown fits counted as the unknown fit.
pub struct FeatureSum {
    query: Row,
    place_fit: Vec<f32>,
    sector: CountTable,
    sdg: CountTable,
    instrument: CountTable,
    attribute: CountTable,
    /// Unweighted: the two directions of support are combined before weighting.
    needs_met: CountTable,
    offers_used: CountTable,
    stage: Vec<f32>,
    weights: [f32; Component::COUNT],
    unknown: f32,
    /// The most support and ticket can add together.
    rest_max: f32,
}

impl FeatureSum {
    /// Tables for one query, one weight vector and one direction of the attribute fit.
    pub fn new(
        query: &QueryFeatures,
        weights: &[f32; Component::COUNT],
        unknown: f32,
        direction: Direction,
    ) -> FeatureSum {
        let q = *query.row();
        let weigh =
            |c: Component, fit: f32| weights[c.index()] * if fit.is_nan() { unknown } else { fit };
        let counted = |facet: Facet, size: usize, c: Component| {
            let q_count = q.count(facet);
            CountTable::new(size, move |shared, count| {
                weigh(c, overlap_counts(shared, q_count, count))
            })
        };
        let q_attributes = q.count(Facet::Attribute);
        let attribute = CountTable::new(Attribute::COUNT, |shared, count| {
            let fit = match direction {
                Direction::Forward => sought_counts(shared, q_attributes, count),
                Direction::Reverse => sought_counts(shared, count, q_attributes),
            };
            weigh(Component::Attribute, fit)
        });
        let unweighted = |facet: Facet| {
            let q_count = q.count(facet);
            CountTable::new(Support::COUNT, move |shared, count| {
                overlap_counts(shared, q_count, count)
            })
        };
        FeatureSum {
            query: q,
            place_fit: query.place_fit().to_vec(),
            sector: counted(Facet::Sector, Sector::COUNT, Component::Sector),
            sdg: counted(Facet::Sdg, Sdg::COUNT, Component::Sdg),
            instrument: counted(Facet::Instrument, Instrument::COUNT, Component::Instrument),
            attribute,
            needs_met: unweighted(Facet::Needs),
            offers_used: unweighted(Facet::Offers),
            stage: (0..1u32 << Stage::COUNT)
                .map(|bits| weigh(Component::Stage, query.stage_of(bits)))
                .collect(),
            weights: *weights,
            unknown,
            rest_max: [Component::Support, Component::Ticket]
                .iter()
                .map(|c| weights[c.index()] * unknown.max(1.0))
                .sum(),
        }
    }

    /// The weighted sum of a candidate's feature fits.
    #[inline]
    pub fn sum(&self, c: &Row) -> f32 {
        self.partial(c) + self.rest(c)
    }

    /// The most [`FeatureSum::rest`] can add: `partial + rest_max` bounds the sum from
    /// above.
    pub fn rest_max(&self) -> f32 {
        self.rest_max
    }

    /// The cheap part of the sum — sector, SDG, instrument, attribute, stage and geography:
    /// a few popcounts and look-ups.
    #[inline]
    pub fn partial(&self, c: &Row) -> f32 {
        let q = &self.query;
        let (shared, count) = sizes(q.set(Facet::Sector), c.set(Facet::Sector));
        let mut sum = self.sector.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Sdg), c.set(Facet::Sdg));
        sum += self.sdg.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Instrument), c.set(Facet::Instrument));
        sum += self.instrument.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Attribute), c.set(Facet::Attribute));
        sum += self.attribute.get(shared, count);
        sum += self.stage[c.set(Facet::Stage) as usize];
        let known = |fit: f32| if fit.is_nan() { self.unknown } else { fit };
        sum + self.weights[Component::Geography.index()] * known(geography_fit(&self.place_fit, c))
    }

    /// The rest of the sum: support and ticket.
    #[inline]
    pub fn rest(&self, c: &Row) -> f32 {
        let q = &self.query;
        let known = |fit: f32| if fit.is_nan() { self.unknown } else { fit };
        let (shared, count) = sizes(q.set(Facet::Needs), c.set(Facet::Offers));
        let needs_met = self.needs_met.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Offers), c.set(Facet::Needs));
        let offers_used = self.offers_used.get(shared, count);
        let w = &self.weights;
        w[Component::Support.index()] * known(nan_max(needs_met, offers_used))
            + w[Component::Ticket.index()] * known(ticket_fit(q, c))
    }

    /// The normalised weights this sum uses, in [`Component::ALL`] order.
    pub fn weights(&self) -> &[f32; Component::COUNT] {
        &self.weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use crate::testing::population;
    use proptest::prelude::*;

    fn slow_sum(
        query: &QueryFeatures,
        c: &Row,
        weights: &[f32; Component::COUNT],
        unknown: f32,
        direction: Direction,
    ) -> f32 {
        let mut fits = query.fits(c, 0.0);
        if direction == Direction::Reverse {
            fits[Component::Attribute.index()] = query.reverse_attribute(c);
        }
        fits.iter()
            .zip(weights)
            .map(|(f, w)| w * if f.is_nan() { unknown } else { *f })
            .sum()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn tables_agree_with_the_fit_functions(
            people in population(6),
            raw_weights in proptest::array::uniform9(0.0f32..1.0),
            unknown in 0.0f32..1.0,
            reverse in any::<bool>(),
        ) {
            let direction = if reverse { Direction::Reverse } else { Direction::Forward };
            let query: &Profile = &people[0];
            let q = QueryFeatures::new(query);
            let fast = FeatureSum::new(&q, &raw_weights, unknown, direction);
            for p in &people {
                let row = Row::encode(p);
                let expected = slow_sum(&q, &row, &raw_weights, unknown, direction);
                let got = fast.sum(&row);
                prop_assert!((got - expected).abs() <= 1e-5, "{} vs {}", got, expected);
                prop_assert!(fast.partial(&row) + fast.rest_max() >= got - 1e-6, "rest_max bounds the rest");
            }
        }
    }
}
