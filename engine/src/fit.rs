//! Component fits of one query profile against candidate feature rows.
//!
//! Every fit lies in [0, 1] or is unknown (`NaN`) when one side gives no data for it. The
//! feature fits are symmetric — fit(q, c) = fit(c, q) — except attributes, where a lens on
//! the asking side makes the candidate's missing attribute a miss rather than an unknown; both
//! directions of that one are computed, so reciprocal scores need no second pass.
//!
//! Text relevance is not a feature fit: it comes from the index ([`crate::text`]), and the
//! caller puts it in the [`Component::Text`] slot.

use crate::features::{Facet, Row, unplaced_city};
use crate::geography::{CitySpot, Geography, Place, compatible};
use crate::profile::Profile;
use crate::taxonomy::Stage;
use crate::weights::Component;

/// Ticket fit halves for every this many decades (factor 10) the ask lies outside the range.
pub const TICKET_HALF_LIFE_DECADES: f32 = 0.5;

/// The fit of two stages `d` steps apart.
pub fn stage_closeness(d: usize) -> f32 {
    match d {
        0 => 1.0,
        1 => 0.5,
        2 => 0.15,
        _ => 0.0,
    }
}

/// One fit per [`Component`], in [`Component::ALL`] order; `NaN` where unknown.
pub type Fits = [f32; Component::COUNT];

/// The asking profile, prepared for scoring many candidates.
pub struct QueryFeatures {
    /// The query's own features.
    row: Row,
    /// The query's geography as tables (`None` when it names no place and no city).
    geo: Option<GeoQuery>,
    /// For each stage, its best closeness to the query's stages (all zero when none).
    stage_affinity: [f32; Stage::COUNT],
}

impl QueryFeatures {
    /// The query's own feature row.
    pub fn row(&self) -> &Row {
        &self.row
    }

    /// For each place index, the query's closeness to it (empty when it names no place and
    /// no city; `NaN` where unknown).
    pub fn place_fit(&self) -> &[f32] {
        self.geo.as_ref().map_or(&[], |g| &g.place)
    }

    /// The query's geography as tables (`None` when it names no place and no city).
    pub fn geo(&self) -> Option<&GeoQuery> {
        self.geo.as_ref()
    }

    /// Prepares a profile as the asking side.
    pub fn new(profile: &Profile) -> QueryFeatures {
        let geo = GeoQuery::new(&profile.geography());
        let stages = profile.stage_set();
        let mut stage_affinity = [0.0; Stage::COUNT];
        for (i, a) in stage_affinity.iter_mut().enumerate() {
            *a = stages
                .iter()
                .map(|s| stage_closeness(s.index().abs_diff(i)))
                .fold(0.0, f32::max);
        }
        QueryFeatures {
            row: Row::encode(profile),
            geo,
            stage_affinity,
        }
    }

    /// Every feature fit of a candidate, with `text` in the text slot.
    #[inline]
    pub fn fits(&self, candidate: &Row, text: f32) -> Fits {
        let q = &self.row;
        let c = candidate;
        let mut fits = [f32::NAN; Component::COUNT];
        fits[Component::Text.index()] = text;
        fits[Component::Sector.index()] = overlap(q, Facet::Sector, c, Facet::Sector);
        fits[Component::Geography.index()] = self.geography(c);
        fits[Component::Stage.index()] = self.stage(c);
        fits[Component::Ticket.index()] = ticket_fit(q, c);
        fits[Component::Sdg.index()] = overlap(q, Facet::Sdg, c, Facet::Sdg);
        // Support: the query's needs met by the candidate's offers, or the other way round.
        fits[Component::Support.index()] = nan_max(
            overlap(q, Facet::Needs, c, Facet::Offers),
            overlap(q, Facet::Offers, c, Facet::Needs),
        );
        fits[Component::Instrument.index()] = overlap(q, Facet::Instrument, c, Facet::Instrument);
        fits[Component::Attribute.index()] = sought(q, c);
        fits
    }

    /// The attribute fit with the candidate as the asking side (its lenses against the
    /// query's attributes): what reciprocal scores use instead of the forward one.
    #[inline]
    pub fn reverse_attribute(&self, candidate: &Row) -> f32 {
        sought(candidate, &self.row)
    }

    fn stage(&self, c: &Row) -> f32 {
        self.stage_of(c.set(Facet::Stage))
    }

    /// The stage fit of a candidate whose stages are the bit set `bits`.
    pub(crate) fn stage_of(&self, mut bits: u32) -> f32 {
        if self.row.count(Facet::Stage) == 0 || bits == 0 {
            return f32::NAN;
        }
        let mut best = 0.0f32;
        while bits != 0 {
            best = best.max(self.stage_affinity[bits.trailing_zeros() as usize]);
            bits &= bits - 1;
        }
        best
    }

    fn geography(&self, c: &Row) -> f32 {
        geography_fit(self.geo.as_ref(), c)
    }
}

/// The geography fit of a candidate given the query's geography (`None`: it names none).
#[inline(always)]
pub(crate) fn geography_fit(geo: Option<&GeoQuery>, c: &Row) -> f32 {
    geo.map_or(f32::NAN, |g| g.fit(c))
}

/// One side's geography prepared for scoring many rows: for every place a row may name, and
/// for every place a row's city may lie in, its best closeness to that side's places and
/// cities, so that a row costs a look-up per place and per city.
#[derive(Debug, Clone)]
pub struct GeoQuery {
    /// Per [`Place::index`], the best fit of that place (`NaN`: unknown).
    place: Vec<f32>,
    /// Per [`Place::index`] of where a city lies, and [`unplaced_city`]: the best fit of a
    /// city there by anything but its name.
    city: Vec<f32>,
    /// The side's own cities, for matches by name.
    spots: Vec<CitySpot>,
}

impl GeoQuery {
    /// Tables for a geography; `None` when it names no place and no city.
    pub fn new(geography: &Geography) -> Option<GeoQuery> {
        if geography.is_empty() {
            return None;
        }
        let places = &geography.places;
        let spots: Vec<CitySpot> = geography.cities.iter().map(|l| l.spot).collect();
        let place = (0..Place::count())
            .map(|i| {
                let p = Place::from_index(i).expect("index below Place::count()");
                let by_place = places.iter().map(|q| q.closeness(p).fit());
                let by_city = spots.iter().map(|s| s.closeness_to_place(p).fit());
                by_place.chain(by_city).fold(f32::NAN, nan_max)
            })
            .collect();
        let city = (0..=unplaced_city())
            .map(|i| {
                // Hash 0 is no city's, so this one is never the same city as the side's.
                let other = CitySpot {
                    hash: 0,
                    within: Place::from_index(i),
                };
                let by_place = places.iter().map(|q| other.closeness_to_place(*q).fit());
                let by_city = spots.iter().map(|s| s.closeness(other).fit());
                by_place.chain(by_city).fold(f32::NAN, nan_max)
            })
            .collect();
        Some(GeoQuery { place, city, spots })
    }

    /// The best closeness of a row's places and cities (`NaN` when it names none, or none
    /// that can be compared).
    #[inline]
    pub fn fit(&self, c: &Row) -> f32 {
        let mut best = f32::NAN;
        for p in c.places() {
            best = nan_max(best, self.place[p]);
        }
        for (hash, within) in c.cities() {
            best = nan_max(best, self.city_fit(hash, within));
        }
        best
    }

    /// The fit of a city with this key hash lying in the place with index `within`.
    #[inline]
    pub fn city_fit(&self, hash: u32, within: Option<usize>) -> f32 {
        let same_name = self
            .spots
            .iter()
            .any(|s| s.hash == hash && compatible(s.within, within.and_then(Place::from_index)));
        if same_name {
            1.0
        } else {
            self.city[within.unwrap_or_else(unplaced_city)]
        }
    }

    /// Per [`Place::index`], the fit of a row naming that place.
    pub fn place_fits(&self) -> &[f32] {
        &self.place
    }

    /// Per [`Place::index`] of where a city lies, and [`unplaced_city`]: the fit of a row's
    /// city there (unless it is one of this side's cities by name).
    pub fn city_fits(&self) -> &[f32] {
        &self.city
    }

    /// This side's cities: a row holding one of them by name fits 1.
    pub fn spots(&self) -> &[CitySpot] {
        &self.spots
    }
}

/// For every place (by [`Place::index`]), its best closeness fit to any of `places`.
pub fn place_table(places: &[Place]) -> Vec<f32> {
    (0..Place::count())
        .map(|i| {
            let p = Place::from_index(i).expect("index below Place::count()");
            places
                .iter()
                .map(|q| q.closeness(p).fit())
                .fold(0.0, f32::max)
        })
        .collect()
}

/// The larger of two fits, treating `NaN` (unknown) as absent.
pub(crate) fn nan_max(a: f32, b: f32) -> f32 {
    // f32::max returns the other operand when one is NaN, and NaN only when both are.
    a.max(b)
}

/// Set fit between the query's `qf` set and the candidate's `cf` set (see [`set_fit`]);
/// unknown when either side is empty.
#[inline]
fn overlap(q: &Row, qf: Facet, c: &Row, cf: Facet) -> f32 {
    let (a, b) = (q.set(qf), c.set(cf));
    overlap_counts((a & b).count_ones(), a.count_ones(), b.count_ones())
}

/// [`overlap`] from the sizes of the two sets and of their intersection.
pub(crate) fn overlap_counts(shared: u32, a: u32, b: u32) -> f32 {
    if a == 0 || b == 0 {
        return f32::NAN;
    }
    set_fit(shared as f32, a as f32, b as f32)
}

/// The attribute fit for a seeker: unknown when it seeks no attribute, 0 when the other side
/// has none of those sought.
#[inline]
fn sought(seeker: &Row, other: &Row) -> f32 {
    let (a, b) = (seeker.set(Facet::Attribute), other.set(Facet::Attribute));
    sought_counts((a & b).count_ones(), a.count_ones(), b.count_ones())
}

/// [`sought`] from the sizes of the seeker's set, the other's and their intersection.
pub(crate) fn sought_counts(shared: u32, seeker: u32, other: u32) -> f32 {
    if seeker == 0 {
        return f32::NAN;
    }
    set_fit(shared as f32, seeker as f32, other as f32)
}

/// The fit of two non-empty sets sharing `shared` values: 0 without a shared value, else
/// `0.5 + 0.5 · shared / min(a, b)` — any shared value is already a real fit, and more
/// overlap is better. 0 when one set is empty.
pub fn set_fit(shared: f32, a: f32, b: f32) -> f32 {
    if shared <= 0.0 || a <= 0.0 || b <= 0.0 {
        0.0
    } else {
        0.5 + 0.5 * shared / a.min(b)
    }
}

/// Fit of two money ranges (an ask is a point): 1 when they meet, halving every
/// [`TICKET_HALF_LIFE_DECADES`] of log10 distance between them.
pub fn money_fit(q_lo: f32, q_hi: f32, c_lo: f32, c_hi: f32) -> f32 {
    if q_lo.is_nan() || c_lo.is_nan() {
        return f32::NAN;
    }
    let gap = (c_lo - q_hi).max(q_lo - c_hi).max(0.0);
    if gap == 0.0 {
        return 1.0;
    }
    exp2_negative(-gap / TICKET_HALF_LIFE_DECADES)
}

/// `2^x` for `x ≤ 0`, within about 2e-7 of `f32::exp2` relative, without a libm call: ranking
/// evaluates it for most of 100,000 rows per query.
fn exp2_negative(x: f32) -> f32 {
    if x.is_nan() {
        return f32::NAN;
    }
    if x < -126.0 {
        return 0.0;
    }
    let whole = x.round();
    // 2^f = e^(f·ln 2) for f in [-0.5, 0.5], Taylor to the 6th power.
    let t = (x - whole) * std::f32::consts::LN_2;
    let fraction = 1.0
        + t * (1.0
            + t * (0.5 + t * (1.0 / 6.0 + t * (1.0 / 24.0 + t * (1.0 / 120.0 + t / 720.0)))));
    let scale = f32::from_bits(((whole as i32 + 127) as u32) << 23);
    fraction * scale
}

pub(crate) fn ticket_fit(q: &Row, c: &Row) -> f32 {
    let ((q_lo, q_hi), (c_lo, c_hi)) = (q.money(), c.money());
    money_fit(q_lo, q_hi, c_lo, c_hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(json: &str) -> Profile {
        Profile::from_json(json).unwrap()
    }

    struct Both {
        fits: Vec<Fits>,
        reverse_attribute: Vec<f32>,
    }

    fn fits_of(query: &Profile, candidates: &[Profile]) -> Both {
        let q = QueryFeatures::new(query);
        let rows: Vec<Row> = candidates.iter().map(Row::encode).collect();
        Both {
            fits: rows.iter().map(|r| q.fits(r, 0.0)).collect(),
            reverse_attribute: rows.iter().map(|r| q.reverse_attribute(r)).collect(),
        }
    }

    fn fit(query: &Profile, candidate: &Profile, c: Component) -> f32 {
        fits_of(query, std::slice::from_ref(candidate)).fits[0][c.index()]
    }

    fn fund() -> Profile {
        profile(
            r#"{"id":"f","kind":"investor","name":"F","sectors":["agritech","climate-energy"],
            "regions":["eastern-africa"],"stages":["pre-seed","seed"],"ticket_min_usd":50000,
            "ticket_max_usd":750000,"instruments":["equity"],"offers":["funding","mentoring"],
            "sdgs":[2,13],"attributes":["women-led"]}"#,
        )
    }

    fn kenyan() -> Profile {
        profile(
            r#"{"id":"k","kind":"startup","name":"K","sectors":["agritech","iot"],"countries":["KE"],
            "stage":"seed","funding_ask_usd":500000,"instruments":["equity","grant"],
            "needs":["funding","pilot"],"sdgs":[2],"attributes":["women-led"]}"#,
        )
    }

    #[test]
    fn a_good_fit_scores_high_on_every_component() {
        let (f, k) = (fund(), kenyan());
        assert_eq!(fit(&f, &k, Component::Sector), 0.75);
        assert_eq!(fit(&f, &k, Component::Geography), 1.0);
        assert_eq!(fit(&f, &k, Component::Stage), 1.0);
        assert_eq!(fit(&f, &k, Component::Ticket), 1.0);
        assert_eq!(fit(&f, &k, Component::Sdg), 1.0);
        assert_eq!(fit(&f, &k, Component::Instrument), 1.0);
        assert_eq!(fit(&f, &k, Component::Support), 0.75);
        assert_eq!(fit(&f, &k, Component::Attribute), 1.0);
    }

    #[test]
    fn fast_exp2_matches_the_library() {
        for i in 0..=20_000 {
            let x = -(i as f32) * 0.006;
            let (fast, exact) = (exp2_negative(x), x.exp2());
            assert!(
                (fast - exact).abs() <= 4e-7 * exact.max(f32::MIN_POSITIVE),
                "2^{x}: {fast} vs {exact}"
            );
        }
        assert_eq!(exp2_negative(-200.0), 0.0);
        assert_eq!(exp2_negative(0.0), 1.0);
    }

    #[test]
    fn ticket_decays_with_log_distance() {
        let f = fund();
        let mut k = kenyan();
        k.funding_ask_usd = Some(crate::profile::Usd(7_500_000));
        let one_decade_out = fit(&f, &k, Component::Ticket);
        assert!((one_decade_out - 0.25).abs() < 1e-4, "{one_decade_out}");
        k.funding_ask_usd = None;
        assert!(fit(&f, &k, Component::Ticket).is_nan());
    }

    #[test]
    fn stages_and_places_decay_with_distance() {
        let f = fund();
        let mut k = kenyan();
        k.stage = Some(Stage::SeriesA);
        assert_eq!(fit(&f, &k, Component::Stage), 0.5);
        k.countries = vec![crate::geography::Country::parse("NG").unwrap()];
        assert_eq!(fit(&f, &k, Component::Geography), 0.6);
        k.countries.clear();
        assert!(fit(&f, &k, Component::Geography).is_nan());
    }

    #[test]
    fn missing_data_is_unknown_but_a_missing_sought_attribute_is_a_miss() {
        let f = fund();
        let bare = Profile::new("b", crate::taxonomy::Kind::Startup, "B");
        let fits = fits_of(&f, std::slice::from_ref(&bare));
        for c in [
            Component::Sector,
            Component::Stage,
            Component::Ticket,
            Component::Sdg,
        ] {
            assert!(fits.fits[0][c.index()].is_nan(), "{c}");
        }
        assert_eq!(fits.fits[0][Component::Attribute.index()], 0.0);
        assert!(fits.reverse_attribute[0].is_nan());
    }

    #[test]
    fn feature_fits_are_symmetric() {
        let (f, k) = (fund(), kenyan());
        for c in Component::ALL
            .iter()
            .filter(|c| **c != Component::Attribute)
        {
            let a = fit(&f, &k, *c);
            let b = fit(&k, &f, *c);
            assert!(a == b || (a.is_nan() && b.is_nan()), "{c}: {a} vs {b}");
        }
        let forward = fits_of(&f, std::slice::from_ref(&k));
        let backward = fits_of(&k, std::slice::from_ref(&f));
        assert_eq!(
            forward.reverse_attribute[0],
            backward.fits[0][Component::Attribute.index()]
        );
    }
}
