//! Profiles as compact, fixed-size feature rows.
//!
//! A [`Row`] holds each closed-vocabulary set of a profile as a bit set (one per [`Facet`]),
//! its money range as log10 dollars, up to [`PLACE_SLOTS`] place indexes and up to
//! [`CITY_SLOTS`] cities (the hash of each one's key and the index of its metro area or
//! country) for geography: 64 bytes, so the rows of 100,000 start-ups (about 6 MB) stay in the
//! CPU's caches while a query scores all of them. Unknown values are `NaN` (money) or empty (everything else),
//! never a guess.
//!
//! Each row's update time (when its profile last changed) is kept beside the rows, in
//! [`KindBlock::updated`], not in them: only a digest's "changed since" filter reads it, and
//! a 64-byte row is one cache line. Each [`Summary`] holds the latest update time of its run,
//! so that a filter on recent changes skips whole runs.
//!
//! Features are kept per tantivy segment ([`SegmentFeatures`]), one block of rows per kind:
//! segments are immutable, so a segment's features never go stale and only new segments need
//! encoding.

use serde::{Deserialize, Serialize};
use tantivy::DocId;

use crate::geography::{Area, CitySpot, Geography, Place};
use crate::profile::Profile;
use crate::taxonomy::{Attribute, Instrument, Kind, Sdg, Sector, Stage, Support};

/// The closed-vocabulary sets a row records, each as a bit set indexed by the value's
/// `index()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    /// Sectors.
    Sector,
    /// Sustainable Development Goals.
    Sdg,
    /// Support a start-up needs.
    Needs,
    /// Support an investor or partner offers.
    Offers,
    /// Financial instruments.
    Instrument,
    /// Attributes (start-ups) or lenses (investors, partners).
    Attribute,
    /// Stages: a start-up's one stage, or the stages a funder backs.
    Stage,
}

impl Facet {
    /// Every facet, in row order.
    pub const ALL: [Facet; 7] = [
        Facet::Sector,
        Facet::Sdg,
        Facet::Needs,
        Facet::Offers,
        Facet::Instrument,
        Facet::Attribute,
        Facet::Stage,
    ];

    /// Number of facets.
    pub const COUNT: usize = Self::ALL.len();
}

// Every vocabulary must fit the 32-bit sets of a row.
const _: () = assert!(
    Sector::COUNT <= 32
        && Sdg::COUNT <= 32
        && Support::COUNT <= 32
        && Instrument::COUNT <= 32
        && Attribute::COUNT <= 32
        && Stage::COUNT <= 32
);

/// How many places a row records; a profile naming more is coarsened to its areas.
pub const PLACE_SLOTS: usize = 8;

/// An unused place slot, or a city that cannot be placed.
const NO_PLACE: u16 = u16::MAX;

/// How many cities a row records; the metro areas or countries of further ones join the
/// places.
pub const CITY_SLOTS: usize = 2;

/// An unused city slot (no key hashes to it: see [`crate::city::key_hash`]).
const NO_CITY: u32 = 0;

/// Version of the row layout and encoding; caches written with another version are rebuilt.
/// (5: cities in rows, city bits in summaries; 6: update times beside the rows, the latest
/// in summaries.)
pub const LAYOUT_VERSION: u32 = 6;

/// The update time of a profile that has none (stored before update times existed): earlier
/// than any time, so it is never "changed since" anything.
pub const NO_UPDATE: i64 = i64::MIN;

/// Rows per [`Summary`]. Small in unit tests, so that their small populations span many
/// summaries.
pub const SUMMARY_ROWS: usize = if cfg!(test) { 4 } else { 64 };

/// 64-bit words of a [`Summary`]'s place bit sets: room for every [`Place::index`] and
/// [`unplaced_city`] (checked by a test).
const PLACE_WORDS: usize = 6;

/// A bit set over [`Place::index`] (and, for the places of cities, [`unplaced_city`]).
pub type PlaceBits = [u64; PLACE_WORDS];

/// The index a city that cannot be placed counts under in a summary's bits of where its
/// rows' cities lie.
pub fn unplaced_city() -> usize {
    Place::count()
}

/// The bits a city's key hash sets in a summary's 64-bit filter of its rows' cities (two
/// bits, like a Bloom filter): a run whose filter lacks either cannot hold the city.
pub fn city_bits(hash: u32) -> u64 {
    (1 << (hash % 64)) | (1 << ((hash >> 6) % 64))
}

/// One profile's features.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// One bit set per facet, in [`Facet::ALL`] order.
    sets: [u32; Facet::COUNT],
    /// log10 of the low and high end of the money range in USD (`NaN` when unknown, `+inf`
    /// for an open top).
    money: [f32; 2],
    /// [`Place::index`] of each recorded place, unused slots last.
    places: [u16; PLACE_SLOTS],
    /// [`crate::city::City::hash`] of each recorded city, unused slots ([`NO_CITY`]) last.
    cities: [u32; CITY_SLOTS],
    /// [`Place::index`] of the metro area or country each city lies in ([`NO_PLACE`]: not
    /// known).
    city_within: [u16; CITY_SLOTS],
}

impl Row {
    /// Encodes a profile's features.
    pub fn encode(profile: &Profile) -> Row {
        let mut sets = [0u32; Facet::COUNT];
        let mut put = |facet: Facet, indexes: &mut dyn Iterator<Item = usize>| {
            sets[facet as usize] = indexes.fold(0, |bits, i| bits | 1 << i);
        };
        put(
            Facet::Sector,
            &mut profile.sectors.iter().map(|s| s.index()),
        );
        put(Facet::Sdg, &mut profile.sdgs.iter().map(|s| s.index()));
        put(Facet::Needs, &mut profile.needs.iter().map(|s| s.index()));
        put(Facet::Offers, &mut profile.offers.iter().map(|s| s.index()));
        put(
            Facet::Instrument,
            &mut profile.instruments.iter().map(|s| s.index()),
        );
        put(
            Facet::Attribute,
            &mut profile.attributes.iter().map(|s| s.index()),
        );
        put(
            Facet::Stage,
            &mut profile.stage_set().into_iter().map(|s| s.index()),
        );

        let money = profile
            .money_range()
            .map_or([f32::NAN; 2], |(lo, hi)| [log_usd(lo), log_usd(hi)]);

        let (slotted, spots) = slotted(&profile.geography());
        let index = |place: Place| u16::try_from(place.index()).expect("fewer than 65,535 places");
        let mut places = [NO_PLACE; PLACE_SLOTS];
        for (slot, place) in places.iter_mut().zip(slotted) {
            *slot = index(place);
        }
        let mut cities = [NO_CITY; CITY_SLOTS];
        let mut city_within = [NO_PLACE; CITY_SLOTS];
        for (i, spot) in spots.iter().enumerate() {
            cities[i] = spot.hash;
            city_within[i] = spot.within.map_or(NO_PLACE, index);
        }
        Row {
            sets,
            money,
            places,
            cities,
            city_within,
        }
    }

    /// The bit set of a facet: bit `i` is the value whose `index()` is `i`.
    pub fn set(&self, facet: Facet) -> u32 {
        self.sets[facet as usize]
    }

    /// How many values of a facet the profile gives.
    pub fn count(&self, facet: Facet) -> u32 {
        self.set(facet).count_ones()
    }

    /// Whether the facet holds the value with this `index()`.
    pub fn has(&self, facet: Facet, index: usize) -> bool {
        self.set(facet) & (1 << index) != 0
    }

    /// The money range as log10 dollars, low and high; `NaN` when unknown.
    pub fn money(&self) -> (f32, f32) {
        (self.money[0], self.money[1])
    }

    /// Rows sorted by this key stand beside alike rows, which makes their [`Summary`]s tight:
    /// grouped by first sector, then by the area of the first place, then by sector set.
    /// (Measured on synthetic data, runs of 64 sorted so leave about a tenth of the rows
    /// whose run can reach an investor's top 20, against a fifth sorted by sector set alone.)
    /// Rows naming only cities are grouped by where their first city lies.
    fn likeness_key(&self) -> (u32, usize, u32) {
        let sectors = self.set(Facet::Sector);
        let first = self
            .places()
            .next()
            .or_else(|| self.cities().find_map(|(_, within)| within));
        let area = first.map_or(usize::MAX, |p| match Place::from_index(p) {
            Some(Place::Country(c)) => c.areas().next().map_or(p, |a| Place::Area(a).index()),
            Some(Place::Metro(m)) => {
                let c = m.country();
                c.areas().next().map_or(p, |a| Place::Area(a).index())
            }
            _ => p,
        });
        (sectors.trailing_zeros(), area, sectors)
    }

    /// The recorded places, as [`Place::index`] values.
    pub fn places(&self) -> impl Iterator<Item = usize> + '_ {
        self.places
            .iter()
            .take_while(|p| **p != NO_PLACE)
            .map(|p| usize::from(*p))
    }

    /// The recorded cities: each one's key hash and the [`Place::index`] of where it lies
    /// (`None`: not known).
    pub fn cities(&self) -> impl Iterator<Item = (u32, Option<usize>)> + '_ {
        self.cities
            .iter()
            .zip(&self.city_within)
            .take_while(|(hash, _)| **hash != NO_CITY)
            .map(|(hash, within)| (*hash, (*within != NO_PLACE).then(|| usize::from(*within))))
    }
}

/// What a run of up to [`SUMMARY_ROWS`] consecutive rows holds at most and at least: enough
/// to bound the score of every row in it without reading them, so that ranking can skip
/// runs that cannot reach the top k.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Summary {
    /// Per facet, the union of the rows' sets.
    union: [u32; Facet::COUNT],
    /// Per facet, the smallest set size among the rows.
    least: [u8; Facet::COUNT],
    /// The lowest low end and highest high end among rows with a known money range (`NaN`
    /// when none is known).
    money: [f32; 2],
    /// Whether some row's money range is unknown.
    money_unknown: bool,
    /// The union of the rows' places.
    places: PlaceBits,
    /// Where the rows' cities lie: the union of their metro areas' or countries' indexes,
    /// and [`unplaced_city`] for a city that cannot be placed.
    city_within: PlaceBits,
    /// The union of the rows' cities' [`city_bits`].
    city_names: u64,
    /// Whether some row names neither a place nor a city.
    unplaced: bool,
    /// The latest update time of the rows (microseconds since the Unix epoch; [`NO_UPDATE`]
    /// when none has one).
    latest: i64,
}

impl Summary {
    /// Summarises rows (at least one) and their update times (one per row).
    pub fn of(rows: &[Row], updated: &[i64]) -> Summary {
        debug_assert_eq!(rows.len(), updated.len());
        let mut s = Summary {
            union: [0; Facet::COUNT],
            least: [u8::MAX; Facet::COUNT],
            money: [f32::NAN; 2],
            money_unknown: false,
            places: [0; PLACE_WORDS],
            city_within: [0; PLACE_WORDS],
            city_names: 0,
            unplaced: false,
            latest: updated.iter().copied().max().unwrap_or(NO_UPDATE),
        };
        for row in rows {
            for (f, set) in row.sets.iter().enumerate() {
                s.union[f] |= set;
                s.least[f] = s.least[f].min(set.count_ones() as u8);
            }
            let (lo, hi) = row.money();
            if lo.is_nan() {
                s.money_unknown = true;
            } else {
                // f32::min/max ignore the NaN of a first known range.
                s.money = [s.money[0].min(lo), s.money[1].max(hi)];
            }
            let mut placed = false;
            for p in row.places() {
                set_bit(&mut s.places, p);
                placed = true;
            }
            for (hash, within) in row.cities() {
                set_bit(&mut s.city_within, within.unwrap_or_else(unplaced_city));
                s.city_names |= city_bits(hash);
                placed = true;
            }
            s.unplaced |= !placed;
        }
        s
    }

    /// The union of the rows' sets of a facet.
    pub fn union(&self, facet: Facet) -> u32 {
        self.union[facet as usize]
    }

    /// The smallest set size of a facet among the rows.
    pub fn least(&self, facet: Facet) -> u32 {
        u32::from(self.least[facet as usize])
    }

    /// The rows' money ranges merged into one (`NaN` when none is known), and whether some
    /// row's is unknown.
    pub fn money(&self) -> ((f32, f32), bool) {
        ((self.money[0], self.money[1]), self.money_unknown)
    }

    /// The union of the rows' places, and whether some row names neither a place nor a
    /// city.
    pub fn places(&self) -> (&PlaceBits, bool) {
        (&self.places, self.unplaced)
    }

    /// Where the rows' cities lie (by [`Place::index`], or [`unplaced_city`]), and the union
    /// of their [`city_bits`].
    pub fn cities(&self) -> (&PlaceBits, u64) {
        (&self.city_within, self.city_names)
    }

    /// The latest update time of the rows (microseconds since the Unix epoch; [`NO_UPDATE`]
    /// when none has one): a run whose latest is before a time holds no row changed since.
    pub fn latest(&self) -> i64 {
        self.latest
    }
}

fn set_bit(bits: &mut PlaceBits, index: usize) {
    assert!(
        index < PLACE_WORDS * 64,
        "place index {index} outside the place bits"
    );
    bits[index / 64] |= 1 << (index % 64);
}

/// Summaries are equal when bit for bit the same: an unknown (`NaN`) money range equals
/// another.
impl PartialEq for Summary {
    fn eq(&self, other: &Summary) -> bool {
        self.union == other.union
            && self.least == other.least
            && self.money.map(f32::to_bits) == other.money.map(f32::to_bits)
            && self.money_unknown == other.money_unknown
            && self.places == other.places
            && self.city_within == other.city_within
            && self.city_names == other.city_names
            && self.unplaced == other.unplaced
            && self.latest == other.latest
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
        Place::Metro(m) => Place::Country(m.country()),
        Place::Country(c) => c.areas().next().map_or(place, Place::Area),
        Place::Area(a) => Place::Area(a.parent().unwrap_or(Area::Global)),
    }
}

/// The places and cities a row records: the first [`CITY_SLOTS`] cities (in the profile's
/// normal order), and the places with the metro area or country of every further city
/// added, coarsened by [`slotted_places`]. A further city that cannot be placed is left
/// out: it could match only a city of its name.
pub fn slotted(geography: &Geography) -> (Vec<Place>, Vec<CitySpot>) {
    let spots: Vec<CitySpot> = geography.cities.iter().map(|l| l.spot).collect();
    let (kept, further) = spots.split_at(spots.len().min(CITY_SLOTS));
    let mut places = geography.places.clone();
    places.extend(further.iter().filter_map(|s| s.within));
    (slotted_places(&places), kept.to_vec())
}

/// The features of one kind within one segment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KindBlock {
    /// Document id of each row.
    pub docs: Vec<DocId>,
    /// Profile id of each row.
    pub ids: Vec<String>,
    /// Feature rows, one per document, ordered by sector set so that runs of rows are alike
    /// and their summaries tight.
    pub rows: Vec<Row>,
    /// Update time of each row: when its profile last changed, in microseconds since the
    /// Unix epoch ([`NO_UPDATE`]: not known).
    pub updated: Vec<i64>,
    /// One summary per [`SUMMARY_ROWS`] rows, in row order.
    pub summaries: Vec<Summary>,
    /// The deal history of the rows that have one — a start-up's `backers`, an investor's or
    /// partner's `portfolio` — as `(row, ids)`, by row.
    pub history: Vec<(u32, Vec<String>)>,
}

impl KindBlock {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Whether the summaries are those of the rows (a cache may hold anything).
    pub fn summaries_match(&self) -> bool {
        self.summaries.len() == self.rows.len().div_ceil(SUMMARY_ROWS)
            && self
                .rows
                .chunks(SUMMARY_ROWS)
                .zip(self.updated.chunks(SUMMARY_ROWS))
                .zip(&self.summaries)
                .all(|((rows, updated), summary)| Summary::of(rows, updated) == *summary)
    }

    /// Whether a row's profile changed at or after `since` (microseconds since the Unix epoch).
    pub fn changed_since(&self, row: usize, since: i64) -> bool {
        self.updated[row] >= since
    }
}

/// Where a document's row lives: its kind and row number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    /// The kind block.
    pub kind: Kind,
    /// Row within that kind's block.
    pub row: u32,
}

/// The features of every document of one tantivy segment, one block per kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmentFeatures {
    /// The tantivy segment these rows belong to.
    pub segment_id: String,
    /// The segment's `max_doc` (documents ever written to it, deleted or not).
    pub max_doc: u32,
    /// Per-kind blocks, indexed by `Kind::index()`.
    pub kinds: Vec<KindBlock>,
    /// For each document id, its row.
    pub rows: Vec<RowRef>,
}

impl SegmentFeatures {
    /// Encodes a segment's profiles, given in document order (all documents, deleted or not),
    /// none with an update time.
    pub fn encode(segment_id: String, profiles: &[Profile]) -> SegmentFeatures {
        SegmentFeatures::encode_updated(segment_id, profiles, &vec![NO_UPDATE; profiles.len()])
    }

    /// Encodes a segment's profiles and their update times (microseconds since the Unix epoch,
    /// [`NO_UPDATE`] for none), both given in document order (all documents, deleted or not).
    pub fn encode_updated(
        segment_id: String,
        profiles: &[Profile],
        updated: &[i64],
    ) -> SegmentFeatures {
        assert_eq!(profiles.len(), updated.len(), "one update time per profile");
        let mut by_kind: Vec<Vec<(Row, DocId)>> = vec![Vec::new(); Kind::COUNT];
        for (doc, profile) in profiles.iter().enumerate() {
            by_kind[profile.kind.index()].push((Row::encode(profile), doc as DocId));
        }
        let mut kinds: Vec<KindBlock> = vec![KindBlock::default(); Kind::COUNT];
        let mut rows = vec![
            RowRef {
                kind: Kind::Startup,
                row: 0
            };
            profiles.len()
        ];
        for (kind, mut encoded) in Kind::ALL.iter().copied().zip(by_kind) {
            encoded.sort_unstable_by_key(|(row, doc)| (row.likeness_key(), *doc));
            let block = &mut kinds[kind.index()];
            for (i, (row, doc)) in encoded.into_iter().enumerate() {
                rows[doc as usize] = RowRef {
                    kind,
                    row: i as u32,
                };
                let profile = &profiles[doc as usize];
                block.docs.push(doc);
                block.ids.push(profile.id.clone());
                block.rows.push(row);
                block.updated.push(updated[doc as usize]);
                let history = if profile.backers.is_empty() {
                    &profile.portfolio
                } else {
                    &profile.backers
                };
                if !history.is_empty() {
                    block.history.push((i as u32, history.clone()));
                }
            }
            block.summaries = block
                .rows
                .chunks(SUMMARY_ROWS)
                .zip(block.updated.chunks(SUMMARY_ROWS))
                .map(|(rows, updated)| Summary::of(rows, updated))
                .collect();
        }
        SegmentFeatures {
            segment_id,
            max_doc: profiles.len() as u32,
            kinds,
            rows,
        }
    }

    /// The block of one kind.
    pub fn kind(&self, kind: Kind) -> &KindBlock {
        &self.kinds[kind.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::Country;

    fn startup() -> Profile {
        Profile::from_json(
            r#"{"id":"s","kind":"startup","name":"S","sectors":["agritech","iot"],
            "countries":["KE"],"sdgs":[2],"stage":"seed","funding_ask_usd":500000,
            "needs":["pilot"],"attributes":["women-led"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn rows_stay_compact() {
        assert_eq!(std::mem::size_of::<Row>(), 64);
        assert!(
            unplaced_city() < PLACE_WORDS * 64,
            "{} places",
            Place::count()
        );
    }

    #[test]
    fn encodes_every_facet() {
        let row = Row::encode(&startup());
        assert!(row.has(Facet::Sector, Sector::Agritech.index()));
        assert_eq!(row.count(Facet::Sector), 2);
        assert!(row.has(Facet::Stage, Stage::Seed.index()));
        assert_eq!(row.count(Facet::Stage), 1);
        assert_eq!(row.count(Facet::Offers), 0);
        assert_eq!(row.count(Facet::Needs), 1);
        let (lo, hi) = row.money();
        assert!((lo - 500_000f32.log10()).abs() < 1e-6);
        assert_eq!(lo, hi);
        let kenya = Place::Country(Country::parse("KE").unwrap());
        assert_eq!(row.places().collect::<Vec<_>>(), vec![kenya.index()]);
    }

    #[test]
    fn unknown_money_is_nan_and_open_tops_are_infinite() {
        let row = Row::encode(&Profile::new("x", Kind::Investor, "X"));
        assert!(row.money().0.is_nan());
        assert_eq!(row.places().count(), 0);
        let mut inv = Profile::new("y", Kind::Investor, "Y");
        inv.ticket_min_usd = Some(crate::profile::Usd(100_000));
        let (lo, hi) = Row::encode(&inv).money();
        assert_eq!(lo, 5.0);
        assert!(hi.is_infinite());
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
    fn cities_are_recorded_with_where_they_lie_and_further_ones_widen_the_places() {
        let p = Profile::from_json(
            r#"{"id":"s","kind":"startup","name":"S","countries":["KE"],
            "cities":["Nairobi","Mombasa"]}"#,
        )
        .unwrap();
        let row = Row::encode(&p);
        assert_eq!(
            row.places().count(),
            0,
            "Kenya only says where the cities are"
        );
        let kenya = Place::Country(Country::parse("KE").unwrap());
        let nairobi = Place::Metro(crate::city::Metro::named("Greater Nairobi").unwrap());
        let cities: Vec<_> = row.cities().collect();
        let hash = |name: &str| crate::city::City::new(name).unwrap().hash();
        // Normal form sorts cities by key: Mombasa, then Nairobi.
        assert_eq!(
            cities,
            [
                (hash("Mombasa"), Some(kenya.index())),
                (hash("nairobi"), Some(nairobi.index()))
            ]
        );
        let summary = Summary::of(&[row], &[NO_UPDATE]);
        let (within, names) = summary.cities();
        assert_ne!(within[kenya.index() / 64] & 1 << (kenya.index() % 64), 0);
        assert_eq!(
            names & city_bits(hash("Nairobi")),
            city_bits(hash("Nairobi"))
        );
        assert!(!summary.places().1, "a row naming cities is placed");

        let mut three = p.clone();
        three.cities.push(crate::city::City::new("Thika").unwrap());
        three.normalize().unwrap();
        let row = Row::encode(&three);
        assert_eq!(row.cities().collect::<Vec<_>>(), cities);
        assert_eq!(
            row.places().collect::<Vec<_>>(),
            [nairobi.index()],
            "a third city (Thika) widens to its metro area"
        );
        let unplaced =
            Profile::from_json(r#"{"id":"u","kind":"startup","name":"U","cities":["Eldoret"]}"#)
                .unwrap();
        assert_eq!(
            Row::encode(&unplaced).cities().next(),
            Some((hash("Eldoret"), None))
        );
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
        assert_eq!(seg.kind(Kind::Startup).rows[1], Row::encode(&startup()));
    }

    #[test]
    fn update_times_follow_their_rows_and_summaries_hold_the_latest() {
        let inv = Profile::new("i", Kind::Investor, "I");
        let mut other = startup();
        other.id = "t".into();
        let seg = SegmentFeatures::encode_updated(
            "seg".into(),
            &[startup(), inv, other],
            &[30, 10, NO_UPDATE],
        );
        let startups = seg.kind(Kind::Startup);
        for (row, doc) in startups.docs.iter().enumerate() {
            let expected = if *doc == 0 { 30 } else { NO_UPDATE };
            assert_eq!(startups.updated[row], expected);
        }
        assert_eq!(startups.summaries[0].latest(), 30);
        assert_eq!(seg.kind(Kind::Investor).summaries[0].latest(), 10);
        assert!(startups.summaries_match());
        let row = startups.docs.iter().position(|d| *d == 0).unwrap();
        assert!(startups.changed_since(row, 30));
        assert!(!startups.changed_since(row, 31));
    }
}
