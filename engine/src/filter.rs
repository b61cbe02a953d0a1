//! Hard filters: conditions a candidate must meet whatever its score, checked on feature rows.
//!
//! Ranking and listing share them. A filter on a value the candidate does not give (no stage,
//! no amount, no place) excludes it: a hard filter asks for evidence.

use jiff::Timestamp;

use crate::city::City;
use crate::features::{self, Facet, Row};
use crate::fit::GeoQuery;
use crate::geography::{Area, Country, Geography, Place};
use crate::taxonomy::{Sector, Stage};

/// Hard filters: a candidate that fails any is excluded, whatever its score. A filter on a
/// value the candidate does not give (no stage, no amount) excludes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Never return these ids.
    pub exclude_ids: Vec<String>,
    /// When given, return only these ids (a ranking of chosen candidates, e.g. to explain
    /// them to the asker in its own terms).
    pub only_ids: Option<Vec<String>>,
    /// The candidate must operate in, or cover, one of these places.
    pub places: Vec<Place>,
    /// The candidate must operate in, or cover, one of these cities or metro areas (read with
    /// `places` as a profile's would be: a country in `places` containing one of these cities
    /// says where that city is).
    pub cities: Vec<City>,
    /// The candidate's stage (or one of its stages) must be one of these.
    pub stages: Vec<Stage>,
    /// The candidate must be in one of these sectors.
    pub sectors: Vec<Sector>,
    /// The candidate's ask or ticket range must reach at least this amount (USD).
    pub min_usd: Option<f64>,
    /// The candidate's ask or ticket range must start at or below this amount (USD).
    pub max_usd: Option<f64>,
    /// The candidate must have been added or changed at or after this time. A profile stored
    /// without an update time (before they existed) never passes.
    pub updated_since: Option<Timestamp>,
}

/// [`Filters`] prepared for checking many feature rows.
pub struct FilterCheck<'a> {
    filters: &'a Filters,
    /// The places and cities a candidate must meet fully (`None`: no place filter).
    geo: Option<GeoQuery>,
    /// [`Filters::updated_since`] in microseconds since the Unix epoch ([`i64::MIN`]: none).
    since: i64,
}

impl<'a> FilterCheck<'a> {
    /// Prepares the filters (the place filter becomes lookup tables).
    pub fn new(filters: &'a Filters) -> FilterCheck<'a> {
        let mut countries: Vec<Country> = Vec::new();
        let mut regions: Vec<Area> = Vec::new();
        let mut metros: Vec<City> = Vec::new();
        for place in &filters.places {
            match place {
                Place::Country(c) => countries.push(*c),
                Place::Area(a) => regions.push(*a),
                Place::Metro(m) => metros.push(City::new(m.name()).expect("metro names are valid")),
            }
        }
        let cities: Vec<City> = metros
            .into_iter()
            .chain(filters.cities.iter().cloned())
            .collect();
        let geo = GeoQuery::new(&Geography::resolve(&countries, &regions, &cities));
        let since = filters
            .updated_since
            .map_or(i64::MIN, |t| t.as_microsecond());
        FilterCheck {
            filters,
            geo,
            since,
        }
    }

    /// Whether a run whose [`Summary::latest`] update time is `latest` may hold a row that
    /// passes: not when it is before [`Filters::updated_since`].
    ///
    /// [`Summary::latest`]: crate::features::Summary::latest
    pub fn run_may_pass(&self, latest: i64) -> bool {
        self.filters.updated_since.is_none() || latest >= self.since
    }

    /// Whether a feature row, with its profile's update time (microseconds since the Unix
    /// epoch, [`NO_UPDATE`](crate::features::NO_UPDATE) for none), passes every filter except
    /// `exclude_ids` and `only_ids` (which need the id).
    pub fn passes(&self, row: &Row, updated: i64) -> bool {
        let f = self.filters;
        if f.updated_since.is_some() && updated < self.since {
            return false;
        }
        // A full match: the candidate's place or city lies in one of the filter's, or is it.
        if let Some(geo) = &self.geo {
            let full = geo.fit(row) >= 1.0;
            if !full {
                return false;
            }
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
