//! Countries (ISO 3166-1) and the UN M49 areas that contain them, and how close two places are.
//!
//! Every country maps to a chain of M49 areas, finest first: Kenya → eastern-africa →
//! sub-saharan-africa → africa. A profile names countries, areas or both, so an investor whose
//! mandate is "eastern-africa" or "latin-america" fits a Kenyan or a Peruvian start-up.
//!
//! Closeness ([`GeoMatch`]) orders as the design asks: same place or one inside the other, then a
//! shared intermediate region, sub-region, region, then a global mandate, then nothing.
//! The country table is `data/taxonomy/countries.csv`, compiled into the binary.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocabulary::{normalize, suggest};

/// How fine an M49 area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AreaLevel {
    /// The intermediate regions of Africa and Latin America (e.g. eastern-africa).
    Intermediate,
    /// M49 sub-regions (e.g. sub-saharan-africa, western-europe).
    SubRegion,
    /// The five M49 regions.
    Region,
    /// The whole world: a global mandate.
    Global,
}

crate::vocabulary! {
    /// A UN M49 area (region, sub-region or intermediate region), or the whole world.
    pub enum Area ("region") {
        Global = "global", "Global";
        Africa = "africa", "Africa";
        Americas = "americas", "Americas";
        Asia = "asia", "Asia";
        Europe = "europe", "Europe";
        Oceania = "oceania", "Oceania";
        NorthernAfrica = "northern-africa", "Northern Africa";
        SubSaharanAfrica = "sub-saharan-africa", "Sub-Saharan Africa";
        LatinAmerica = "latin-america-and-the-caribbean", "Latin America and the Caribbean";
        NorthernAmerica = "northern-america", "Northern America";
        CentralAsia = "central-asia", "Central Asia";
        EasternAsia = "eastern-asia", "Eastern Asia";
        SouthEasternAsia = "south-eastern-asia", "South-eastern Asia";
        SouthernAsia = "southern-asia", "Southern Asia";
        WesternAsia = "western-asia", "Western Asia";
        EasternEurope = "eastern-europe", "Eastern Europe";
        NorthernEurope = "northern-europe", "Northern Europe";
        SouthernEurope = "southern-europe", "Southern Europe";
        WesternEurope = "western-europe", "Western Europe";
        AustraliaNewZealand = "australia-and-new-zealand", "Australia and New Zealand";
        Melanesia = "melanesia", "Melanesia";
        Micronesia = "micronesia", "Micronesia";
        Polynesia = "polynesia", "Polynesia";
        EasternAfrica = "eastern-africa", "Eastern Africa";
        MiddleAfrica = "middle-africa", "Middle Africa";
        SouthernAfrica = "southern-africa", "Southern Africa";
        WesternAfrica = "western-africa", "Western Africa";
        Caribbean = "caribbean", "Caribbean";
        CentralAmerica = "central-america", "Central America";
        SouthAmerica = "south-america", "South America";
        ChannelIslands = "channel-islands", "Channel Islands";
    }
    aliases {
        "world" => Global, "worldwide" => Global, "international" => Global, "any" => Global,
        "latin-america" => LatinAmerica, "latam" => LatinAmerica, "lac" => LatinAmerica,
        "north-america" => NorthernAmerica, "north-africa" => NorthernAfrica,
        "ssa" => SubSaharanAfrica, "east-africa" => EasternAfrica, "west-africa" => WesternAfrica,
        "central-africa" => MiddleAfrica, "southeast-asia" => SouthEasternAsia,
        "south-east-asia" => SouthEasternAsia, "sea" => SouthEasternAsia, "asean" => SouthEasternAsia,
        "south-asia" => SouthernAsia, "east-asia" => EasternAsia, "middle-east" => WesternAsia,
        "anz" => AustraliaNewZealand,
    }
}

impl Area {
    /// How fine this area is.
    pub fn level(self) -> AreaLevel {
        use Area::*;
        match self {
            Global => AreaLevel::Global,
            Africa | Americas | Asia | Europe | Oceania => AreaLevel::Region,
            EasternAfrica | MiddleAfrica | SouthernAfrica | WesternAfrica | Caribbean
            | CentralAmerica | SouthAmerica | ChannelIslands => AreaLevel::Intermediate,
            _ => AreaLevel::SubRegion,
        }
    }

    /// The area directly containing this one (`None` for regions and the globe).
    pub fn parent(self) -> Option<Area> {
        use Area::*;
        Some(match self {
            Global | Africa | Americas | Asia | Europe | Oceania => return None,
            NorthernAfrica | SubSaharanAfrica => Africa,
            LatinAmerica | NorthernAmerica => Americas,
            CentralAsia | EasternAsia | SouthEasternAsia | SouthernAsia | WesternAsia => Asia,
            EasternEurope | NorthernEurope | SouthernEurope | WesternEurope => Europe,
            AustraliaNewZealand | Melanesia | Micronesia | Polynesia => Oceania,
            EasternAfrica | MiddleAfrica | SouthernAfrica | WesternAfrica => SubSaharanAfrica,
            Caribbean | CentralAmerica | SouthAmerica => LatinAmerica,
            ChannelIslands => NorthernEurope,
        })
    }

    /// This area and every area containing it, finest first.
    pub fn chain(self) -> impl Iterator<Item = Area> {
        std::iter::successors(Some(self), |a| a.parent())
    }
}

/// One row of the country table.
#[derive(Debug)]
struct CountryRecord {
    alpha2: String,
    alpha3: String,
    name: String,
    /// The finest M49 area containing the country (`None` only for Antarctica).
    area: Option<Area>,
}

struct CountryTable {
    records: Vec<CountryRecord>,
    by_key: HashMap<String, u16>,
    alpha2_codes: Vec<&'static str>,
}

static COUNTRIES: LazyLock<CountryTable> = LazyLock::new(|| {
    let raw = include_str!("../../data/taxonomy/countries.csv");
    let mut reader = csv::Reader::from_reader(raw.as_bytes());
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.expect("data/taxonomy/countries.csv is valid CSV");
        let finest = [&row[5], &row[4], &row[3]]
            .into_iter()
            .find(|slug| !slug.is_empty())
            .map(|slug| Area::parse(slug).expect("countries.csv names only M49 areas"));
        records.push(CountryRecord {
            alpha2: row[0].to_string(),
            alpha3: row[1].to_string(),
            name: row[2].to_string(),
            area: finest,
        });
    }
    let mut by_key = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let i = u16::try_from(i).expect("fewer than 65536 countries");
        by_key.insert(r.alpha2.to_ascii_lowercase(), i);
        by_key.insert(r.alpha3.to_ascii_lowercase(), i);
        by_key.insert(normalize(&r.name), i);
    }
    // Common names that differ from the table's short names.
    for (alias, code) in [
        ("usa", "us"),
        ("united-states-of-america", "us"),
        ("uk", "gb"),
        ("great-britain", "gb"),
        ("england", "gb"),
        ("ivory-coast", "ci"),
        ("drc", "cd"),
        ("congo-kinshasa", "cd"),
        ("congo-brazzaville", "cg"),
        ("korea", "kr"),
        ("holland", "nl"),
        ("uae", "ae"),
        ("czech-republic", "cz"),
        ("swaziland", "sz"),
        ("burma", "mm"),
    ] {
        let i = by_key[code];
        by_key.insert(alias.to_string(), i);
    }
    let alpha2_codes = records
        .iter()
        .map(|r| &*Box::leak(r.alpha2.to_ascii_lowercase().into_boxed_str()))
        .collect();
    CountryTable {
        records,
        by_key,
        alpha2_codes,
    }
});

/// A country, identified by its ISO 3166-1 alpha-2 code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

impl Country {
    /// Number of countries in the table (every officially assigned ISO 3166-1 code).
    pub fn count() -> usize {
        COUNTRIES.records.len()
    }

    /// Every country, in alpha-2 order.
    pub fn all() -> impl Iterator<Item = Country> {
        (0..Self::count()).map(|i| Country(i as u16))
    }

    /// Parses an alpha-2 code, an alpha-3 code or an English name, in any case.
    ///
    /// ```
    /// use tandem_engine::geography::Country;
    /// assert_eq!(Country::parse("ke").unwrap().alpha2(), "KE");
    /// assert_eq!(Country::parse("PER").unwrap().alpha2(), "PE");
    /// assert_eq!(Country::parse("Côte d'Ivoire").unwrap().alpha2(), "CI");
    /// assert!(Country::parse("XX").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Country, String> {
        let key = normalize(input);
        if let Some(&i) = COUNTRIES.by_key.get(&key) {
            return Ok(Country(i));
        }
        let hint = suggest(&key, &COUNTRIES.alpha2_codes)
            .map(|s| format!(" (did you mean `{}`?)", s.to_ascii_uppercase()))
            .unwrap_or_default();
        Err(format!(
            "unknown country `{input}`{hint}; expected an ISO 3166-1 alpha-2 code such as KE, NG, BR, IN, DE or US"
        ))
    }

    /// Every spelling [`Country::parse`] accepts, in normal form
    /// ([`normalize`](crate::vocabulary::normalize)d: alpha-2 and alpha-3 codes in lower case,
    /// English names, common aliases), sorted, with the country it means.
    pub fn spellings() -> Vec<(&'static str, Country)> {
        let mut all: Vec<_> = COUNTRIES
            .by_key
            .iter()
            .map(|(key, &i)| (key.as_str(), Country(i)))
            .collect();
        all.sort_unstable();
        all
    }

    /// Position in the table: the country's place index.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    fn record(self) -> &'static CountryRecord {
        &COUNTRIES.records[self.index()]
    }

    /// The ISO 3166-1 alpha-2 code, e.g. `KE`.
    pub fn alpha2(self) -> &'static str {
        &self.record().alpha2
    }

    /// The ISO 3166-1 alpha-3 code, e.g. `KEN`.
    pub fn alpha3(self) -> &'static str {
        &self.record().alpha3
    }

    /// The English short name, e.g. `Kenya`.
    pub fn name(self) -> &'static str {
        &self.record().name
    }

    /// The M49 areas containing this country, finest first (empty for Antarctica).
    pub fn areas(self) -> impl Iterator<Item = Area> {
        self.record().area.into_iter().flat_map(Area::chain)
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.alpha2())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Country::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A country or an area: anything a profile can name as where it operates or invests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A single country.
    Country(Country),
    /// An M49 area or the globe.
    Area(Area),
}

impl Place {
    /// Number of distinct places (countries, then areas): the size of a per-place lookup table.
    pub fn count() -> usize {
        Country::count() + Area::COUNT
    }

    /// Dense index over all places: countries first, then areas.
    pub fn index(self) -> usize {
        match self {
            Place::Country(c) => c.index(),
            Place::Area(a) => Country::count() + a.index(),
        }
    }

    /// The place with this dense index.
    pub fn from_index(index: usize) -> Option<Place> {
        let n = Country::count();
        if index < n {
            Some(Place::Country(Country(index as u16)))
        } else {
            Area::ALL.get(index - n).map(|a| Place::Area(*a))
        }
    }

    /// The areas containing this place (itself first if it is an area), finest first.
    fn containing_areas(self) -> Vec<Area> {
        match self {
            Place::Country(c) => c.areas().collect(),
            Place::Area(a) => a.chain().collect(),
        }
    }

    /// How close two places are. Symmetric.
    ///
    /// ```
    /// use tandem_engine::geography::{Area, Country, GeoMatch, Place};
    /// let kenya = Place::Country(Country::parse("KE").unwrap());
    /// let east_africa = Place::Area(Area::EasternAfrica);
    /// assert_eq!(kenya.closeness(east_africa), GeoMatch::Inside);
    /// let nigeria = Place::Country(Country::parse("NG").unwrap());
    /// assert_eq!(kenya.closeness(nigeria), GeoMatch::Shared(Area::SubSaharanAfrica));
    /// ```
    pub fn closeness(self, other: Place) -> GeoMatch {
        if self == other {
            return GeoMatch::Inside;
        }
        if self == Place::Area(Area::Global) || other == Place::Area(Area::Global) {
            return GeoMatch::Global;
        }
        let mine = self.containing_areas();
        let theirs = other.containing_areas();
        let inside =
            |place: Place, areas: &[Area]| matches!(place, Place::Area(a) if areas.contains(&a));
        if inside(self, &theirs) || inside(other, &mine) {
            return GeoMatch::Inside;
        }
        mine.iter()
            .find(|a| theirs.contains(a))
            .map_or(GeoMatch::None, |a| GeoMatch::Shared(*a))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Country(c) => write!(f, "{c}"),
            Place::Area(a) => write!(f, "{a}"),
        }
    }
}

/// How close two places are, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoMatch {
    /// The same place, or one inside the other (Kenya inside eastern-africa).
    Inside,
    /// Different places within the same area; the finest shared area.
    Shared(Area),
    /// One side has a global mandate.
    Global,
    /// Nothing in common.
    None,
}

impl GeoMatch {
    /// The fit in [0, 1]: country > intermediate region > sub-region > region > global > none.
    pub fn fit(self) -> f32 {
        match self {
            GeoMatch::Inside => 1.0,
            GeoMatch::Shared(area) => match area.level() {
                AreaLevel::Intermediate => 0.75,
                AreaLevel::SubRegion => 0.6,
                AreaLevel::Region | AreaLevel::Global => 0.4,
            },
            GeoMatch::Global => 0.3,
            GeoMatch::None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Place {
        Place::Country(Country::parse(code).unwrap())
    }

    #[test]
    fn table_has_every_iso_country_with_m49_areas() {
        assert_eq!(Country::count(), 249);
        let missing: Vec<_> = Country::all()
            .filter(|c| c.areas().next().is_none())
            .map(|c| c.alpha2())
            .collect();
        assert_eq!(missing, ["AQ"]);
        let kenya = Country::parse("KE").unwrap();
        let chain: Vec<_> = kenya.areas().collect();
        assert_eq!(
            chain,
            [Area::EasternAfrica, Area::SubSaharanAfrica, Area::Africa]
        );
        let peru = Country::parse("PE").unwrap();
        assert!(peru.areas().any(|a| a == Area::LatinAmerica));
    }

    #[test]
    fn regions_named_in_profiles_cover_their_countries() {
        assert_eq!(Area::parse("latin-america"), Ok(Area::LatinAmerica));
        assert_eq!(
            c("PE").closeness(Place::Area(Area::LatinAmerica)),
            GeoMatch::Inside
        );
        assert_eq!(
            c("KE").closeness(Place::Area(Area::Africa)),
            GeoMatch::Inside
        );
        assert_eq!(c("KE").closeness(Place::Area(Area::Europe)), GeoMatch::None);
    }

    #[test]
    fn closeness_orders_country_subregion_region_global() {
        let same = c("KE").closeness(c("KE")).fit();
        let intermediate = c("KE").closeness(c("UG")).fit();
        let sub = c("KE").closeness(c("NG")).fit();
        let region = c("KE").closeness(c("EG")).fit();
        let global = c("KE").closeness(Place::Area(Area::Global)).fit();
        let none = c("KE").closeness(c("US")).fit();
        assert!(same > intermediate && intermediate > sub && sub > region);
        assert!(region > global && global > none);
    }

    #[test]
    fn closeness_is_symmetric_over_all_places() {
        let places: Vec<Place> = (0..Place::count())
            .step_by(7)
            .filter_map(Place::from_index)
            .collect();
        for a in &places {
            for b in &places {
                assert_eq!(a.closeness(*b).fit(), b.closeness(*a).fit(), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn place_indexes_round_trip() {
        for i in 0..Place::count() {
            assert_eq!(Place::from_index(i).unwrap().index(), i);
        }
        assert!(Place::from_index(Place::count()).is_none());
    }

    #[test]
    fn unknown_country_explains_the_expected_format() {
        let err = Country::parse("XX").unwrap_err();
        assert!(err.contains("ISO 3166-1 alpha-2"), "{err}");
        assert_eq!(Country::parse("Kenya").unwrap().alpha2(), "KE");
        assert_eq!(Country::parse("KEN").unwrap().alpha2(), "KE");
    }
}
