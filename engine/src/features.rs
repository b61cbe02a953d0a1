//! Profiles as rows of fixed-width `f32` feature matrices.
//!
//! A row is a sequence of blocks ([`SECTOR`], [`SDG`], ... [`PLACES`]): multi-hot blocks for the
//! closed vocabularies, a count column per multi-hot block (so overlaps need no row sums),
//! the money range as log10 dollars, and up to [`PLACE_SLOTS`] place indexes for geography.
//! Unknown values are `NaN` (money) or empty (everything else), never a guess.
//!
//! Features are kept per tantivy segment ([`SegmentFeatures`]), one matrix per kind: segments
//! are immutable, so a segment's features never go stale and only new segments need encoding.

use ndarray::{Array2, ArrayViewMut1};
use serde::{Deserialize, Serialize};
use tantivy::DocId;

use crate::geography::{Area, Place};
use crate::profile::Profile;
use crate::taxonomy::{Attribute, Instrument, Kind, Sdg, Sector, Stage, Support};

/// A contiguous range of columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First column.
    pub start: usize,
    /// Number of columns.
    pub len: usize,
}

impl Block {
    const fn after(previous: Block, len: usize) -> Block {
        Block {
            start: previous.start + previous.len,
            len,
        }
    }

    /// One past the last column.
    pub const fn end(self) -> usize {
        self.start + self.len
    }

    /// The block's columns as a range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end()
    }
}

/// Sector multi-hot.
pub const SECTOR: Block = Block {
    start: 0,
    len: Sector::COUNT,
};
/// SDG multi-hot.
pub const SDG: Block = Block::after(SECTOR, Sdg::COUNT);
/// Needs multi-hot (start-ups).
pub const NEEDS: Block = Block::after(SDG, Support::COUNT);
/// Offers multi-hot (investors, partners).
pub const OFFERS: Block = Block::after(NEEDS, Support::COUNT);
/// Instruments multi-hot.
pub const INSTRUMENT: Block = Block::after(OFFERS, Instrument::COUNT);
/// Attributes multi-hot.
pub const ATTRIBUTE: Block = Block::after(INSTRUMENT, Attribute::COUNT);
/// Stage multi-hot (one-hot for a start-up).
pub const STAGE: Block = Block::after(ATTRIBUTE, Stage::COUNT);
/// The number of values set in each multi-hot block, in the order of [`MULTI_HOT`].
pub const COUNTS: Block = Block::after(STAGE, MULTI_HOT.len());
/// Money range: log10 of the low and high end in USD (`NaN` when unknown, `+inf` for an open top).
pub const MONEY: Block = Block::after(COUNTS, 2);
/// Place indexes ([`Place::index`]) as floats, `-1` for an empty slot.
pub const PLACES: Block = Block::after(MONEY, PLACE_SLOTS);
/// Width of a feature row.
pub const WIDTH: usize = PLACES.end();

/// The multi-hot blocks, in the order of their count columns.
pub const MULTI_HOT: [Block; 7] = [SECTOR, SDG, NEEDS, OFFERS, INSTRUMENT, ATTRIBUTE, STAGE];

/// How many places a row records; a profile naming more is coarsened to its areas.
pub const PLACE_SLOTS: usize = 8;

/// Version of the row layout and encoding; caches written with another version are rebuilt.
pub const LAYOUT_VERSION: u32 = 1;

/// The count column of a multi-hot block.
pub fn count_column(block: Block) -> usize {
    let position = MULTI_HOT
        .iter()
        .position(|b| *b == block)
        .expect("count_column takes a multi-hot block");
    COUNTS.start + position
}

/// Writes a profile's features into a zeroed row of width [`WIDTH`].
pub fn encode(profile: &Profile, mut row: ArrayViewMut1<f32>) {
    debug_assert_eq!(row.len(), WIDTH);
    let mut hot = |block: Block, indexes: &mut dyn Iterator<Item = usize>| {
        let mut n = 0.0;
        for i in indexes {
            row[block.start + i] = 1.0;
            n += 1.0;
        }
        row[count_column(block)] = n;
    };
    hot(SECTOR, &mut profile.sectors.iter().map(|s| s.index()));
    hot(SDG, &mut profile.sdgs.iter().map(|s| s.index()));
    hot(NEEDS, &mut profile.needs.iter().map(|s| s.index()));
    hot(OFFERS, &mut profile.offers.iter().map(|s| s.index()));
    hot(
        INSTRUMENT,
        &mut profile.instruments.iter().map(|s| s.index()),
    );
    hot(ATTRIBUTE, &mut profile.attributes.iter().map(|s| s.index()));
    hot(
        STAGE,
        &mut profile.stage_set().into_iter().map(|s| s.index()),
    );

    let (lo, hi) = profile
        .money_range()
        .map_or((f32::NAN, f32::NAN), |(lo, hi)| (log_usd(lo), log_usd(hi)));
    row[MONEY.start] = lo;
    row[MONEY.start + 1] = hi;

    let places = slotted_places(&profile.places());
    for slot in 0..PLACE_SLOTS {
        row[PLACES.start + slot] = places.get(slot).map_or(-1.0, |p| p.index() as f32);
    }
}

/// log10 of a dollar amount, with amounts below $1 treated as $1 and an open top as `+inf`.
pub fn log_usd(usd: f64) -> f32 {
    usd.max(1.0).log10() as f32
}

/// The places to record, at most [`PLACE_SLOTS`]: when a profile names more, countries are
/// replaced by the finest areas that contain them, then by coarser ones, until they fit.
/// Coarsening can only widen what a profile covers, never drop a place.
pub fn slotted_places(places: &[Place]) -> Vec<Place> {
    let mut current: Vec<Place> = places.to_vec();
    current.sort();
    current.dedup();
    while current.len() > PLACE_SLOTS {
        let coarser: Vec<Place> = current.iter().map(|p| coarsen(*p)).collect();
        let mut next = coarser;
        next.sort();
        next.dedup();
        if next == current {
            break;
        }
        current = next;
    }
    current.truncate(PLACE_SLOTS.max(1));
    current
}

fn coarsen(place: Place) -> Place {
    match place {
        Place::Country(c) => c.areas().next().map_or(place, Place::Area),
        Place::Area(a) => Place::Area(a.parent().unwrap_or(Area::Global)),
    }
}

/// The features of one kind within one segment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KindBlock {
    /// Document id of each row.
    pub docs: Vec<DocId>,
    /// Profile id of each row.
    pub ids: Vec<String>,
    /// Feature rows, `docs.len() × WIDTH`.
    #[serde(with = "matrix_serde")]
    pub matrix: Array2<f32>,
}

impl KindBlock {
    fn empty() -> KindBlock {
        KindBlock {
            docs: Vec::new(),
            ids: Vec::new(),
            matrix: Array2::zeros((0, WIDTH)),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// Where a document's row lives: its kind and row number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    /// The kind matrix.
    pub kind: Kind,
    /// Row within that kind's matrix.
    pub row: u32,
}

/// The features of every document of one tantivy segment, one matrix per kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmentFeatures {
    /// The tantivy segment these rows belong to.
    pub segment_id: String,
    /// The segment's `max_doc` (documents ever written to it, deleted or not).
    pub max_doc: u32,
    /// Per-kind matrices, indexed by `Kind::index()`.
    pub kinds: Vec<KindBlock>,
    /// For each document id, its row.
    pub rows: Vec<RowRef>,
}

impl SegmentFeatures {
    /// Encodes a segment's profiles, given in document order (all documents, deleted or not).
    pub fn encode(segment_id: String, profiles: &[Profile]) -> SegmentFeatures {
        let mut kinds: Vec<KindBlock> = Kind::ALL.iter().map(|_| KindBlock::empty()).collect();
        let mut rows = Vec::with_capacity(profiles.len());
        let mut per_kind: Vec<Vec<&Profile>> = vec![Vec::new(); Kind::COUNT];
        for (doc, profile) in profiles.iter().enumerate() {
            let block = &mut kinds[profile.kind.index()];
            rows.push(RowRef {
                kind: profile.kind,
                row: block.docs.len() as u32,
            });
            block.docs.push(doc as DocId);
            block.ids.push(profile.id.clone());
            per_kind[profile.kind.index()].push(profile);
        }
        for (block, members) in kinds.iter_mut().zip(per_kind) {
            let mut matrix = Array2::zeros((members.len(), WIDTH));
            for (row, profile) in matrix.outer_iter_mut().zip(members) {
                encode(profile, row);
            }
            block.matrix = matrix;
        }
        SegmentFeatures {
            segment_id,
            max_doc: profiles.len() as u32,
            kinds,
            rows,
        }
    }

    /// The matrix of one kind.
    pub fn kind(&self, kind: Kind) -> &KindBlock {
        &self.kinds[kind.index()]
    }
}

/// Serialises an `Array2<f32>` as its shape and row-major data.
mod matrix_serde {
    use ndarray::Array2;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Raw {
        rows: usize,
        cols: usize,
        data: Vec<f32>,
    }

    pub fn serialize<S: Serializer>(m: &Array2<f32>, s: S) -> Result<S::Ok, S::Error> {
        let standard = m.as_standard_layout();
        Raw {
            rows: m.nrows(),
            cols: m.ncols(),
            data: standard.iter().copied().collect(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Array2<f32>, D::Error> {
        let raw = Raw::deserialize(d)?;
        Array2::from_shape_vec((raw.rows, raw.cols), raw.data).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::Country;
    use ndarray::Array1;

    fn startup() -> Profile {
        Profile::from_json(
            r#"{"id":"s","kind":"startup","name":"S","sectors":["agritech","iot"],
            "countries":["KE"],"sdgs":[2],"stage":"seed","funding_ask_usd":500000,
            "needs":["pilot"],"attributes":["women-led"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn blocks_tile_the_row_without_gaps() {
        let blocks = [
            SECTOR, SDG, NEEDS, OFFERS, INSTRUMENT, ATTRIBUTE, STAGE, COUNTS, MONEY, PLACES,
        ];
        for pair in blocks.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start);
        }
        assert_eq!(WIDTH, PLACES.end());
    }

    #[test]
    fn encodes_every_block() {
        let p = startup();
        let mut row = Array1::zeros(WIDTH);
        encode(&p, row.view_mut());
        assert_eq!(row[SECTOR.start + Sector::Agritech.index()], 1.0);
        assert_eq!(row[count_column(SECTOR)], 2.0);
        assert_eq!(row[STAGE.start + Stage::Seed.index()], 1.0);
        assert_eq!(row[count_column(OFFERS)], 0.0);
        assert!((row[MONEY.start] - 500_000f32.log10()).abs() < 1e-6);
        let kenya = Place::Country(Country::parse("KE").unwrap());
        assert_eq!(row[PLACES.start], kenya.index() as f32);
        assert_eq!(row[PLACES.start + 1], -1.0);
    }

    #[test]
    fn unknown_money_is_nan_and_open_tops_are_infinite() {
        let mut row = Array1::zeros(WIDTH);
        encode(&Profile::new("x", Kind::Investor, "X"), row.view_mut());
        assert!(row[MONEY.start].is_nan());
        let mut inv = Profile::new("y", Kind::Investor, "Y");
        inv.ticket_min_usd = Some(crate::profile::Usd(100_000));
        let mut row = Array1::zeros(WIDTH);
        encode(&inv, row.view_mut());
        assert_eq!(row[MONEY.start], 5.0);
        assert!(row[MONEY.start + 1].is_infinite());
    }

    #[test]
    fn many_places_coarsen_to_areas_that_still_cover_them() {
        let codes = [
            "KE", "UG", "TZ", "RW", "ET", "NG", "GH", "SN", "CI", "BJ", "TG",
        ];
        let places: Vec<Place> = codes
            .iter()
            .map(|c| Place::Country(Country::parse(c).unwrap()))
            .collect();
        let slotted = slotted_places(&places);
        assert!(slotted.len() <= PLACE_SLOTS);
        for p in &places {
            assert!(
                slotted
                    .iter()
                    .any(|s| s.closeness(*p) == crate::geography::GeoMatch::Inside),
                "{p} lost"
            );
        }
    }

    #[test]
    fn segment_features_map_docs_to_kind_rows() {
        let inv = Profile::new("i", Kind::Investor, "I");
        let seg = SegmentFeatures::encode("seg".into(), &[startup(), inv, startup()]);
        assert_eq!(seg.kind(Kind::Startup).len(), 2);
        assert_eq!(
            seg.rows[1],
            RowRef {
                kind: Kind::Investor,
                row: 0
            }
        );
        assert_eq!(
            seg.rows[2],
            RowRef {
                kind: Kind::Startup,
                row: 1
            }
        );
        assert_eq!(seg.kind(Kind::Startup).docs, vec![0, 2]);
    }
}
