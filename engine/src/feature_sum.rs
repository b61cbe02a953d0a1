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

use crate::features::{Facet, PlaceBits, Row, Summary, city_bits};
use crate::fit::{
    GeoQuery, QueryFeatures, geography_fit, money_fit, nan_max, overlap_counts, sought_counts,
    ticket_fit,
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

    /// The table of ceilings: at `(most_shared, least_count)`, the largest `known(value)`
    /// over every pair a set could have that shares at most `most_shared` values with the
    /// query and has at least `least_count` values (so shares no more than it has).
    fn ceilings(&self, known: impl Fn(f32) -> f32) -> CountTable {
        let n = self.stride;
        let mut values = vec![f32::NEG_INFINITY; n * n];
        for most_shared in 0..n {
            let mut above = f32::NEG_INFINITY;
            for least_count in (0..n).rev() {
                let reachable = (0..=most_shared.min(least_count))
                    .map(|shared| known(self.values[shared * n + least_count]))
                    .fold(f32::NEG_INFINITY, f32::max);
                above = above.max(reachable);
                values[most_shared * n + least_count] = above;
            }
        }
        CountTable { stride: n, values }
    }
}

/// The sizes of a candidate's set and of its overlap with the query's.
#[inline]
fn sizes(query: u32, candidate: u32) -> (u32, u32) {
    ((query & candidate).count_ones(), candidate.count_ones())
}

/// The count tables of one query: weighted fits, or for support unweighted ones (its two
/// directions are combined before weighting).
struct Tables {
    sector: CountTable,
    sdg: CountTable,
    instrument: CountTable,
    attribute: CountTable,
    needs_met: CountTable,
    offers_used: CountTable,
}

impl Tables {
    /// Every table's [`CountTable::ceilings`].
    fn ceilings(&self, known: impl Fn(f32) -> f32 + Copy) -> Tables {
        Tables {
            sector: self.sector.ceilings(known),
            sdg: self.sdg.ceilings(known),
            instrument: self.instrument.ceilings(known),
            attribute: self.attribute.ceilings(known),
            needs_met: self.needs_met.ceilings(known),
            offers_used: self.offers_used.ceilings(known),
        }
    }
}

/// Scores feature rows as `Σ w_c · fit_c` over every component but text and network (known
/// only for candidates; their fits count as 0 here), unknown fits counted as the unknown fit.
pub struct FeatureSum {
    query: Row,
    geo: Option<GeoQuery>,
    tables: Tables,
    stage: Vec<f32>,
    weights: [f32; Component::COUNT],
    unknown: f32,
    /// The most support and ticket can add together.
    rest_max: f32,
    /// For [`FeatureSum::ceiling`]: the ceilings of `tables` (unknown fits replaced); each
    /// distinct place fit (unknown replaced) with the places that reach it, best first; the
    /// same for the places a city may lie in; and the [`city_bits`] of each of the query's
    /// cities, which a run must hold all of to hold the city.
    ceilings: Tables,
    place_levels: Vec<(f32, PlaceBits)>,
    city_levels: Vec<(f32, PlaceBits)>,
    city_names: Vec<u64>,
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
        let known = move |fit: f32| if fit.is_nan() { unknown } else { fit };
        let weigh = |c: Component, fit: f32| weights[c.index()] * known(fit);
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
        let tables = Tables {
            sector: counted(Facet::Sector, Sector::COUNT, Component::Sector),
            sdg: counted(Facet::Sdg, Sdg::COUNT, Component::Sdg),
            instrument: counted(Facet::Instrument, Instrument::COUNT, Component::Instrument),
            attribute,
            needs_met: unweighted(Facet::Needs),
            offers_used: unweighted(Facet::Offers),
        };
        let geo = query.geo().cloned();
        let levels = |fits: Option<&[f32]>| {
            place_levels(
                &fits
                    .unwrap_or_default()
                    .iter()
                    .map(|f| known(*f))
                    .collect::<Vec<_>>(),
            )
        };
        FeatureSum {
            query: q,
            ceilings: tables.ceilings(known),
            place_levels: levels(geo.as_ref().map(GeoQuery::place_fits)),
            city_levels: levels(geo.as_ref().map(GeoQuery::city_fits)),
            city_names: geo
                .as_ref()
                .map_or(&[][..], GeoQuery::spots)
                .iter()
                .map(|s| city_bits(s.hash))
                .collect(),
            geo,
            tables,
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

    /// An upper bound of [`FeatureSum::sum`] over every row a summary covers.
    pub fn ceiling(&self, s: &Summary) -> f32 {
        let q = &self.query;
        let c = &self.ceilings;
        let get = |table: &CountTable, query_facet: Facet, facet: Facet| {
            let most_shared = (q.set(query_facet) & s.union(facet)).count_ones();
            table.get(most_shared, s.least(facet))
        };
        let w = |component: Component| self.weights[component.index()];
        let or_unknown = |fit: f32, some_unknown: bool| {
            if fit.is_nan() {
                self.unknown
            } else if some_unknown {
                fit.max(self.unknown)
            } else {
                fit
            }
        };

        let mut sum = get(&c.sector, Facet::Sector, Facet::Sector)
            + get(&c.sdg, Facet::Sdg, Facet::Sdg)
            + get(&c.instrument, Facet::Instrument, Facet::Instrument)
            + get(&c.attribute, Facet::Attribute, Facet::Attribute);
        // A stage fit is the best over the candidate's stages, so the union's is the most;
        // the table is weighted already, unknown included.
        let stage = self.stage[s.union(Facet::Stage) as usize];
        sum += if s.least(Facet::Stage) == 0 {
            stage.max(self.stage[0])
        } else {
            stage
        };

        // A row's geography fit is the best of its places' and cities' (unknown only when
        // all are), so the best level any of the run's places or cities reach bounds it.
        let (places, unplaced) = s.places();
        let (city_within, city_names) = s.cities();
        let reached = |levels: &[(f32, PlaceBits)], bits: &PlaceBits| {
            levels
                .iter()
                .find(|(_, level_bits)| level_bits.iter().zip(bits).any(|(a, b)| a & b != 0))
                .map_or(f32::NAN, |(level, _)| *level)
        };
        let by_name = if self
            .city_names
            .iter()
            .any(|bits| city_names & bits == *bits)
        {
            1.0f32.max(self.unknown)
        } else {
            f32::NAN
        };
        let placed = nan_max(
            nan_max(
                reached(&self.place_levels, places),
                reached(&self.city_levels, city_within),
            ),
            by_name,
        );
        let geography = if self.geo.is_none() {
            self.unknown
        } else {
            or_unknown(placed, unplaced)
        };
        sum += w(Component::Geography) * geography;

        let support = get(&c.needs_met, Facet::Needs, Facet::Offers).max(get(
            &c.offers_used,
            Facet::Offers,
            Facet::Needs,
        ));
        sum += w(Component::Support) * support;

        let ((lo, hi), money_unknown) = s.money();
        let (q_lo, q_hi) = q.money();
        sum + w(Component::Ticket) * or_unknown(money_fit(q_lo, q_hi, lo, hi), money_unknown)
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
        let t = &self.tables;
        let mut sum = t.sector.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Sdg), c.set(Facet::Sdg));
        sum += t.sdg.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Instrument), c.set(Facet::Instrument));
        sum += t.instrument.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Attribute), c.set(Facet::Attribute));
        sum += t.attribute.get(shared, count);
        sum += self.stage[c.set(Facet::Stage) as usize];
        let known = |fit: f32| if fit.is_nan() { self.unknown } else { fit };
        sum + self.weights[Component::Geography.index()]
            * known(geography_fit(self.geo.as_ref(), c))
    }

    /// The rest of the sum: support and ticket.
    #[inline]
    pub fn rest(&self, c: &Row) -> f32 {
        let q = &self.query;
        let known = |fit: f32| if fit.is_nan() { self.unknown } else { fit };
        let (shared, count) = sizes(q.set(Facet::Needs), c.set(Facet::Offers));
        let needs_met = self.tables.needs_met.get(shared, count);
        let (shared, count) = sizes(q.set(Facet::Offers), c.set(Facet::Needs));
        let offers_used = self.tables.offers_used.get(shared, count);
        let w = &self.weights;
        w[Component::Support.index()] * known(nan_max(needs_met, offers_used))
            + w[Component::Ticket.index()] * known(ticket_fit(q, c))
    }

    /// The normalised weights this sum uses, in [`Component::ALL`] order.
    pub fn weights(&self) -> &[f32; Component::COUNT] {
        &self.weights
    }
}

/// Each distinct fit of `place_fit`, best first, with the bits of the places (indexes) that
/// reach it.
fn place_levels(place_fit: &[f32]) -> Vec<(f32, PlaceBits)> {
    let mut levels: Vec<f32> = place_fit.to_vec();
    levels.sort_by(|a, b| b.total_cmp(a));
    levels.dedup();
    levels
        .into_iter()
        .map(|level| {
            let mut bits = PlaceBits::default();
            for (p, _) in place_fit.iter().enumerate().filter(|(_, f)| **f >= level) {
                bits[p / 64] |= 1 << (p % 64);
            }
            (level, bits)
        })
        .collect()
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
        fits[Component::Network.index()] = 0.0;
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
            raw_weights in proptest::array::uniform10(0.0f32..1.0),
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

        #[test]
        fn a_summary_ceiling_bounds_every_row_it_covers(
            people in population(8),
            asker in 0usize..24,
            raw_weights in proptest::array::uniform10(0.0f32..1.0),
            unknown in 0.0f32..1.0,
            reverse in any::<bool>(),
            run in 1usize..10,
        ) {
            let direction = if reverse { Direction::Reverse } else { Direction::Forward };
            let q = QueryFeatures::new(&people[asker]);
            let sum = FeatureSum::new(&q, &raw_weights, unknown, direction);
            let rows: Vec<Row> = people.iter().map(Row::encode).collect();
            for covered in rows.chunks(run) {
                let ceiling = sum.ceiling(&Summary::of(covered, &vec![crate::features::NO_UPDATE; covered.len()]));
                for row in covered {
                    prop_assert!(ceiling >= sum.sum(row) - 1e-5, "{} < {}", ceiling, sum.sum(row));
                }
            }
        }
    }
}
