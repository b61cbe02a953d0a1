//! Component fits of one query profile against a chunk of candidate feature rows.
//!
//! Every fit lies in [0, 1] or is unknown (`NaN`) when one side gives no data for it. The
//! feature fits are symmetric — fit(q, c) = fit(c, q) — except attributes, where a lens on
//! the asking side makes the candidate's missing attribute a miss rather than an unknown; both
//! directions of that one are computed, so reciprocal scores need no second pass.

use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut1, Zip, s};

use crate::features::{
    self, ATTRIBUTE, Block, INSTRUMENT, MONEY, NEEDS, OFFERS, PLACE_SLOTS, PLACES, SDG, SECTOR,
    STAGE, count_column,
};
use crate::geography::Place;
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

/// The asking profile, prepared for scoring many candidates.
pub struct QueryFeatures {
    /// The query's own feature row.
    row: Array1<f32>,
    /// For each place index, the best closeness of that place to any of the query's places
    /// (empty when the query names no place).
    place_fit: Vec<f32>,
    /// For each stage, its best closeness to the query's stages (all zero when none).
    stage_affinity: [f32; Stage::COUNT],
    has_stage: bool,
}

impl QueryFeatures {
    /// Prepares a profile as the asking side.
    pub fn new(profile: &Profile) -> QueryFeatures {
        let mut row = Array1::zeros(features::WIDTH);
        features::encode(profile, row.view_mut());
        let places = profile.places();
        let place_fit = if places.is_empty() {
            Vec::new()
        } else {
            place_table(&places)
        };
        let stages = profile.stage_set();
        let mut stage_affinity = [0.0; Stage::COUNT];
        for (i, a) in stage_affinity.iter_mut().enumerate() {
            *a = stages
                .iter()
                .map(|s| stage_closeness(s.index().abs_diff(i)))
                .fold(0.0, f32::max);
        }
        QueryFeatures {
            row,
            place_fit,
            stage_affinity,
            has_stage: !stages.is_empty(),
        }
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

/// The fits of a chunk of candidates: `rows × Component::COUNT`, `NaN` where unknown, plus the
/// reverse-direction attribute fit of each row.
pub struct ChunkFits {
    /// Forward fits, one column per [`Component`].
    pub fits: Array2<f32>,
    /// Attribute fit with the candidate as the asking side.
    pub reverse_attribute: Array1<f32>,
}

/// Computes every component's fit for a chunk of candidate rows. `text` holds the candidates'
/// normalised text relevance.
pub fn chunk_fits(query: &QueryFeatures, rows: ArrayView2<f32>, text: &[f32]) -> ChunkFits {
    let n = rows.nrows();
    let mut fits = Array2::from_elem((n, Component::COUNT), f32::NAN);
    let col = |c: Component| c.index();

    fits.column_mut(col(Component::Text))
        .assign(&ndarray::ArrayView1::from(text));
    overlap(
        query,
        rows,
        SECTOR,
        SECTOR,
        fits.column_mut(col(Component::Sector)),
    );
    overlap(query, rows, SDG, SDG, fits.column_mut(col(Component::Sdg)));
    overlap(
        query,
        rows,
        INSTRUMENT,
        INSTRUMENT,
        fits.column_mut(col(Component::Instrument)),
    );

    // Support: the query's needs met by the candidate's offers, or the other way round.
    let mut needs_met = Array1::from_elem(n, f32::NAN);
    let mut offers_used = Array1::from_elem(n, f32::NAN);
    overlap(query, rows, NEEDS, OFFERS, needs_met.view_mut());
    overlap(query, rows, OFFERS, NEEDS, offers_used.view_mut());
    Zip::from(fits.column_mut(col(Component::Support)))
        .and(&needs_met)
        .and(&offers_used)
        .for_each(|f, &a, &b| *f = nan_max(a, b));

    let reverse_attribute = attributes(query, rows, fits.column_mut(col(Component::Attribute)));

    Zip::from(fits.column_mut(col(Component::Stage)))
        .and(rows.rows())
        .for_each(|f, row| *f = stage_fit(query, row.as_slice().expect("rows are contiguous")));
    Zip::from(fits.column_mut(col(Component::Ticket)))
        .and(rows.rows())
        .for_each(|f, row| *f = ticket_fit(query, row.as_slice().expect("rows are contiguous")));
    Zip::from(fits.column_mut(col(Component::Geography)))
        .and(rows.rows())
        .for_each(|f, row| *f = geography_fit(query, row.as_slice().expect("rows are contiguous")));

    ChunkFits {
        fits,
        reverse_attribute,
    }
}

/// The larger of two fits, treating `NaN` (unknown) as absent.
fn nan_max(a: f32, b: f32) -> f32 {
    // f32::max returns the other operand when one is NaN, and NaN only when both are.
    a.max(b)
}

/// Set fit between the query's `query_block` and each candidate's `cand_block`: 0 without a
/// shared value, else `0.5 + 0.5 · |Q ∩ C| / min(|Q|, |C|)` — any shared value is already a
/// real fit, and more overlap is better. Unknown when either side is empty.
fn overlap(
    query: &QueryFeatures,
    rows: ArrayView2<f32>,
    query_block: Block,
    cand_block: Block,
    mut out: ArrayViewMut1<f32>,
) {
    let q_count = query.row[count_column(query_block)];
    if q_count == 0.0 {
        out.fill(f32::NAN);
        return;
    }
    let q = query.row.slice(s![query_block.range()]);
    let shared = rows.slice(s![.., cand_block.range()]).dot(&q);
    Zip::from(&mut out)
        .and(&shared)
        .and(rows.column(count_column(cand_block)))
        .for_each(|o, &shared, &c_count| {
            *o = if c_count == 0.0 {
                f32::NAN
            } else {
                set_fit(shared, q_count, c_count)
            };
        });
}

/// Attribute fits in both directions. Forward: unknown when the query seeks no attribute,
/// 0 when the candidate has none of those sought. Reverse: the same with the roles swapped.
fn attributes(
    query: &QueryFeatures,
    rows: ArrayView2<f32>,
    mut forward: ArrayViewMut1<f32>,
) -> Array1<f32> {
    let q_count = query.row[count_column(ATTRIBUTE)];
    let q = query.row.slice(s![ATTRIBUTE.range()]);
    let shared = rows.slice(s![.., ATTRIBUTE.range()]).dot(&q);
    let c_counts = rows.column(count_column(ATTRIBUTE));
    let one_way = |seeker: f32, other: f32, shared: f32| {
        if seeker == 0.0 {
            f32::NAN
        } else {
            set_fit(shared, seeker, other)
        }
    };
    Zip::from(&mut forward)
        .and(&shared)
        .and(c_counts)
        .for_each(|f, &sh, &c| *f = one_way(q_count, c, sh));
    Zip::from(&shared)
        .and(c_counts)
        .map_collect(|&sh, &c| one_way(c, q_count, sh))
}

/// The set fit of two non-empty sets sharing `shared` values (see [`overlap`]); 0 when
/// nothing is shared or one set is empty.
pub fn set_fit(shared: f32, a: f32, b: f32) -> f32 {
    if shared <= 0.0 || a <= 0.0 || b <= 0.0 {
        0.0
    } else {
        0.5 + 0.5 * shared / a.min(b)
    }
}

fn stage_fit(query: &QueryFeatures, row: &[f32]) -> f32 {
    if !query.has_stage || row[count_column(STAGE)] == 0.0 {
        return f32::NAN;
    }
    row[STAGE.range()]
        .iter()
        .zip(&query.stage_affinity)
        .map(|(hot, affinity)| hot * affinity)
        .fold(0.0, f32::max)
}

/// Fit of two money ranges (an ask is a point): 1 when they meet, halving every
/// [`TICKET_HALF_LIFE_DECADES`] of log10 distance between them.
pub fn money_fit(q_lo: f32, q_hi: f32, c_lo: f32, c_hi: f32) -> f32 {
    if q_lo.is_nan() || c_lo.is_nan() {
        return f32::NAN;
    }
    let gap = (c_lo - q_hi).max(q_lo - c_hi).max(0.0);
    (-gap / TICKET_HALF_LIFE_DECADES).exp2()
}

fn ticket_fit(query: &QueryFeatures, row: &[f32]) -> f32 {
    money_fit(
        query.row[MONEY.start],
        query.row[MONEY.start + 1],
        row[MONEY.start],
        row[MONEY.start + 1],
    )
}

/// The candidate's places, as indexes into [`Place`]'s dense numbering.
pub fn row_places(row: &[f32]) -> impl Iterator<Item = usize> + '_ {
    row[PLACES.start..PLACES.start + PLACE_SLOTS]
        .iter()
        .take_while(|p| **p >= 0.0)
        .map(|p| *p as usize)
}

fn geography_fit(query: &QueryFeatures, row: &[f32]) -> f32 {
    if query.place_fit.is_empty() {
        return f32::NAN;
    }
    row_places(row)
        .map(|p| query.place_fit[p])
        .reduce(f32::max)
        .unwrap_or(f32::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::encode;

    fn profile(json: &str) -> Profile {
        Profile::from_json(json).unwrap()
    }

    fn fits_of(query: &Profile, candidates: &[Profile]) -> ChunkFits {
        let mut m = Array2::zeros((candidates.len(), features::WIDTH));
        for (row, c) in m.outer_iter_mut().zip(candidates) {
            encode(c, row);
        }
        let text = vec![0.0; candidates.len()];
        chunk_fits(&QueryFeatures::new(query), m.view(), &text)
    }

    fn fit(query: &Profile, candidate: &Profile, c: Component) -> f32 {
        fits_of(query, std::slice::from_ref(candidate)).fits[[0, c.index()]]
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
            assert!(fits.fits[[0, c.index()]].is_nan(), "{c}");
        }
        assert_eq!(fits.fits[[0, Component::Attribute.index()]], 0.0);
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
            backward.fits[[0, Component::Attribute.index()]]
        );
    }
}
