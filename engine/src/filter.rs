//! Hard filters: conditions a candidate must meet whatever its score, checked on feature rows.
//!
//! Ranking and listing share them. A filter on a value the candidate does not give (no stage,
//! no amount, no place) excludes it: a hard filter asks for evidence.

use crate::features::{self, Facet, Row};
use crate::fit;
use crate::geography::Place;
use crate::taxonomy::{Sector, Stage};

/// Hard filters: a candidate that fails any is excluded, whatever its score. A filter on a
/// value the candidate does not give (no stage, no amount) excludes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Never return these ids.
    pub exclude_ids: Vec<String>,
    /// The candidate must operate in, or cover, one of these places.
    pub places: Vec<Place>,
    /// The candidate's stage (or one of its stages) must be one of these.
    pub stages: Vec<Stage>,
    /// The candidate must be in one of these sectors.
    pub sectors: Vec<Sector>,
    /// The candidate's ask or ticket range must reach at least this amount (USD).
    pub min_usd: Option<f64>,
    /// The candidate's ask or ticket range must start at or below this amount (USD).
    pub max_usd: Option<f64>,
}

/// [`Filters`] prepared for checking many feature rows.
pub struct FilterCheck<'a> {
    filters: &'a Filters,
    /// Per place index, whether it satisfies the place filter (`None`: no place filter).
    place_ok: Option<Vec<bool>>,
}

impl<'a> FilterCheck<'a> {
    /// Prepares the filters (the place filter becomes a per-place lookup table).
    pub fn new(filters: &'a Filters) -> FilterCheck<'a> {
        let place_ok = (!filters.places.is_empty()).then(|| {
            fit::place_table(&filters.places)
                .into_iter()
                .map(|f| f >= 1.0)
                .collect()
        });
        FilterCheck { filters, place_ok }
    }

    /// Whether a feature row passes every filter except `exclude_ids` (which needs the id).
    pub fn passes(&self, row: &Row) -> bool {
        let f = self.filters;
        if let Some(place_ok) = &self.place_ok
            && !row.places().any(|p| place_ok[p])
        {
            return false;
        }
        if !f.stages.is_empty() && !f.stages.iter().any(|s| row.has(Facet::Stage, s.index())) {
            return false;
        }
        if !f.sectors.is_empty() && !f.sectors.iter().any(|s| row.has(Facet::Sector, s.index())) {
            return false;
        }
        if f.min_usd.is_some() || f.max_usd.is_some() {
            let (lo, hi) = row.money();
            if lo.is_nan() {
                return false;
            }
            if f.min_usd.is_some_and(|min| hi < features::log_usd(min)) {
                return false;
            }
            if f.max_usd.is_some_and(|max| lo > features::log_usd(max)) {
                return false;
            }
        }
        true
    }
}
