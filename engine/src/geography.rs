//! Countries (ISO 3166-1) and the UN M49 areas that contain them, and how close two places are.
//!
//! Every country maps to a chain of M49 areas, finest first: Kenya → eastern-africa →
//! sub-saharan-africa → africa. A profile names countries, areas or both, so an investor whose
//! mandate is "eastern-africa" or "latin-america" fits a Kenyan or a Peruvian start-up.
//!
//! Below the country, a profile may name cities and metro areas ([`crate::city`]): a city lies
//! in its metro area, which lies in its country. [`Geography::resolve`] places a profile's
//! cities; [`CitySpot`] and [`Place`] say how close two of them are.
//!
//! Closeness ([`GeoMatch`]) orders as the design asks: same place or one inside the other, then
//! the same city, metro area, country, a shared intermediate region, sub-region, region, then a
//! global mandate, then nothing. The country table is `data/taxonomy/countries.csv`, compiled
//! into the binary.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::city::{City, Metro};
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

/// A country, an area or a metro area: anything a profile can name as where it operates or
/// invests, apart from the cities ([`Geography`] holds those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A single country.
    Country(Country),
    /// An M49 area or the globe.
    Area(Area),
    /// A metro area of the built-in table (`data/taxonomy/metros.csv`).
    Metro(Metro),
}

impl Place {
    /// Number of distinct places (countries, then areas, then metro areas): the size of a
    /// per-place lookup table.
    pub fn count() -> usize {
        Country::count() + Area::COUNT + Metro::count()
    }

    /// Dense index over all places: countries first, then areas, then metro areas.
    pub fn index(self) -> usize {
        match self {
            Place::Country(c) => c.index(),
            Place::Area(a) => Country::count() + a.index(),
            Place::Metro(m) => Country::count() + Area::COUNT + m.index(),
        }
    }

    /// The place with this dense index.
    pub fn from_index(index: usize) -> Option<Place> {
        let n = Country::count();
        if index < n {
            Some(Place::Country(Country(index as u16)))
        } else if index < n + Area::COUNT {
            Some(Place::Area(Area::ALL[index - n]))
        } else {
            Metro::from_index(index - n - Area::COUNT).map(Place::Metro)
        }
    }

    /// This place and every place containing it, finest first: a metro area, its country,
    /// the country's areas. (Tabulated once: closeness is asked for every place per query.)
    pub fn chain(self) -> &'static [Place] {
        static CHAINS: LazyLock<Vec<Vec<Place>>> = LazyLock::new(|| {
            let country =
                |c: Country| std::iter::once(Place::Country(c)).chain(c.areas().map(Place::Area));
            (0..Place::count())
                .map(
                    |i| match Place::from_index(i).expect("index below Place::count()") {
                        place @ Place::Metro(m) => {
                            std::iter::once(place).chain(country(m.country())).collect()
                        }
                        Place::Country(c) => country(c).collect(),
                        Place::Area(a) => a.chain().map(Place::Area).collect(),
                    },
                )
                .collect()
        });
        &CHAINS[self.index()]
    }

    /// The country this place is or lies in (`None` for an area).
    pub fn country(self) -> Option<Country> {
        match self {
            Place::Metro(m) => Some(m.country()),
            Place::Country(c) => Some(c),
            Place::Area(_) => None,
        }
    }

    /// Whether `other` is this place or lies within it.
    pub fn contains(self, other: Place) -> bool {
        self == other || other.chain().contains(&self)
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
        if self.contains(other) || other.contains(self) {
            return GeoMatch::Inside;
        }
        finest_shared(self, other)
    }
}

/// The finest place containing both `a` and `b` (neither inside the other), as a closeness.
fn finest_shared(a: Place, b: Place) -> GeoMatch {
    let theirs = b.chain();
    match a.chain().iter().find(|p| theirs.contains(p)) {
        Some(Place::Metro(m)) => GeoMatch::SameMetro(*m),
        Some(Place::Country(c)) => GeoMatch::SameCountry(*c),
        Some(Place::Area(area)) => GeoMatch::Shared(*area),
        None => GeoMatch::None,
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Country(c) => write!(f, "{c}"),
            Place::Area(a) => write!(f, "{a}"),
            Place::Metro(m) => write!(f, "{m}"),
        }
    }
}

/// How close two places are, from best to worst.
///
/// Closeness is judged at the finest level both sides state: two cities are compared as
/// cities, a city and a country as countries. One side naming a place that contains the
/// other's (Kenya and Nairobi, SF Bay and Palo Alto, eastern-africa and Kenya) is a full
/// match, [`GeoMatch::Inside`]. The fits ([`GeoMatch::fit`]) are:
///
/// | closeness | fit | e.g. |
/// |---|---|---|
/// | `Inside`, `SameCity` | 1.0 | Kenya and Nairobi; Nairobi and Nairobi |
/// | `SameMetro` | 0.9 | Palo Alto and San Jose (SF Bay) |
/// | `SameCountry` | 0.8 | Nairobi and Mombasa; SF Bay and Greater New York |
/// | `Shared`, intermediate region | 0.75 | Kenya and Uganda (eastern-africa) |
/// | `Shared`, sub-region | 0.6 | Kenya and Nigeria (sub-saharan-africa) |
/// | `Shared`, region | 0.4 | Kenya and Egypt (africa) |
/// | `Global` | 0.3 | a global mandate |
/// | `None` | 0 | Kenya and Peru |
/// | `Unknown` | unknown | a town no table lists, in a profile naming no single country |
///
/// So a city beats its metro area, which beats another city of the same country, which
/// beats a neighbouring country. Profiles without cities get exactly the fits they had
/// before cities existed: two different countries never share more than an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoMatch {
    /// The same place, or one inside the other (Kenya inside eastern-africa, Nairobi inside
    /// Kenya, Palo Alto inside SF Bay).
    Inside,
    /// Two cities of the same name (the same key) that may be the same town: neither side
    /// places it in a place that excludes the other's.
    SameCity,
    /// Two different cities of one metro area.
    SameMetro(Metro),
    /// Two different cities or metro areas of one country.
    SameCountry(Country),
    /// Different places within the same area; the finest shared area.
    Shared(Area),
    /// One side has a global mandate.
    Global,
    /// Nothing in common.
    None,
    /// A city that cannot be placed (not in the table, and its profile names no single
    /// country) against anything but a city of its name or a global mandate.
    Unknown,
}

impl GeoMatch {
    /// The fit in [0, 1] (`NaN` when unknown): city > metro area > country > intermediate
    /// region > sub-region > region > global > none. See the table on [`GeoMatch`].
    pub fn fit(self) -> f32 {
        match self {
            GeoMatch::Inside | GeoMatch::SameCity => 1.0,
            GeoMatch::SameMetro(_) => 0.9,
            GeoMatch::SameCountry(_) => 0.8,
            GeoMatch::Shared(area) => match area.level() {
                AreaLevel::Intermediate => 0.75,
                AreaLevel::SubRegion => 0.6,
                AreaLevel::Region | AreaLevel::Global => 0.4,
            },
            GeoMatch::Global => 0.3,
            GeoMatch::None => 0.0,
            GeoMatch::Unknown => f32::NAN,
        }
    }
}

/// A city as matching sees it: the hash of its key and the finest place known to contain it
/// (its metro area, else its country; `None` when it cannot be placed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CitySpot {
    /// [`City::hash`] of its key.
    pub hash: u32,
    /// Its metro area or country, when known.
    pub within: Option<Place>,
}

impl CitySpot {
    /// How close this city is to a place. Symmetric with [`Place::closeness`]'s rules: the
    /// place containing the city's metro area or country is a full match; otherwise they meet
    /// where the city's metro area or country and the place do (a city of Kenya and the
    /// metro area of Nairobi: the same country).
    pub fn closeness_to_place(self, place: Place) -> GeoMatch {
        if place == Place::Area(Area::Global) {
            return GeoMatch::Global;
        }
        let Some(within) = self.within else {
            return GeoMatch::Unknown;
        };
        if place.contains(within) {
            return GeoMatch::Inside;
        }
        finest_shared(within, place)
    }

    /// How close two cities are: the same city when their keys are the same and neither is
    /// placed somewhere excluding the other (Cambridge in Greater Boston is not Cambridge in
    /// the United Kingdom); otherwise where their metro areas or countries meet.
    pub fn closeness(self, other: CitySpot) -> GeoMatch {
        if self.hash == other.hash && compatible(self.within, other.within) {
            return GeoMatch::SameCity;
        }
        match (self.within, other.within) {
            (Some(a), Some(b)) if a == b => match a {
                Place::Metro(m) => GeoMatch::SameMetro(m),
                Place::Country(c) => GeoMatch::SameCountry(c),
                Place::Area(area) => GeoMatch::Shared(area),
            },
            (Some(a), Some(b)) => finest_shared(a, b),
            _ => GeoMatch::Unknown,
        }
    }
}

/// Whether two cities placed in `a` and `b` may be the same town.
pub fn compatible(a: Option<Place>, b: Option<Place>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.contains(b) || b.contains(a),
        _ => true,
    }
}

/// One city of a profile, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Locality {
    /// The city as the profile names it.
    pub city: City,
    /// Where matching places it.
    pub spot: CitySpot,
}

/// Where a profile is, as matching sees it: its places (countries, areas, metro areas) and
/// its cities, each placed in a metro area or a country where one is known.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Geography {
    /// Countries, areas and metro areas, sorted; without those that only say where one of
    /// the profile's cities is (see [`Geography::resolve`]).
    pub places: Vec<Place>,
    /// The profile's cities that are not the name of a whole metro area, in the profile's
    /// order.
    pub cities: Vec<Locality>,
}

impl Geography {
    /// Places a profile's cities and sorts out what its places mean.
    ///
    /// - A name of a whole metro area ("SF Bay", "Greater London") is that metro area.
    /// - A city of the metro table is placed in its metro area ("Palo Alto" in SF Bay, and so
    ///   in the US), unless the profile names countries and that metro area's is not among
    ///   them: "Cambridge" with the United Kingdom is not Greater Boston's. A city listed by
    ///   several metro areas is placed in the one the profile names, else in their common
    ///   country.
    /// - Any other city is placed in the profile's country when it names exactly one, and is
    ///   otherwise matched by its name only.
    /// - A country or metro area containing one of the profile's cities (or a country
    ///   containing one of its metro areas) says where that city is, not that the profile
    ///   covers all of it: it is dropped from the places, so that "Nairobi, Kenya" is
    ///   compared as Nairobi. Areas (`regions`) are always kept.
    ///
    /// A profile without cities keeps exactly its countries and areas.
    pub fn resolve(countries: &[Country], regions: &[Area], cities: &[City]) -> Geography {
        let allowed = |c: Country| countries.is_empty() || countries.contains(&c);
        let mut metros: Vec<Metro> = Vec::new();
        let mut named: Vec<&City> = Vec::new();
        for city in cities {
            match Metro::named(city.name()) {
                Some(m) if allowed(m.country()) => metros.push(m),
                _ => named.push(city),
            }
        }
        let sole_country = match countries {
            [only] => Some(Place::Country(*only)),
            _ => None,
        };
        let localities: Vec<Locality> = named
            .into_iter()
            .map(|city| {
                let listed: Vec<Metro> = Metro::containing(city.key())
                    .filter(|m| allowed(m.country()))
                    .collect();
                let preferred: Vec<Metro> = listed
                    .iter()
                    .copied()
                    .filter(|m| metros.contains(m))
                    .collect();
                let candidates = if preferred.is_empty() {
                    listed
                } else {
                    preferred
                };
                let within = match candidates[..] {
                    [] => sole_country,
                    [only] => Some(Place::Metro(only)),
                    [first, ..] => candidates
                        .iter()
                        .all(|m| m.country() == first.country())
                        .then_some(Place::Country(first.country()))
                        .or(sole_country),
                };
                Locality {
                    city: city.clone(),
                    spot: CitySpot {
                        hash: city.hash(),
                        within,
                    },
                }
            })
            .collect();
        let qualifies = |place: Place| {
            localities
                .iter()
                .any(|l| l.spot.within.is_some_and(|w| place.contains(w)))
                || matches!(place, Place::Country(c) if metros.iter().any(|m| m.country() == c))
        };
        let mut places: Vec<Place> = countries
            .iter()
            .map(|c| Place::Country(*c))
            .chain(metros.iter().map(|m| Place::Metro(*m)))
            .filter(|p| !qualifies(*p))
            .chain(regions.iter().map(|a| Place::Area(*a)))
            .collect();
        places.sort();
        places.dedup();
        Geography {
            places,
            cities: localities,
        }
    }

    /// Whether the profile names no place at all.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty() && self.cities.is_empty()
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

    fn geo(countries: &[&str], cities: &[&str]) -> Geography {
        let countries: Vec<Country> = countries
            .iter()
            .map(|c| Country::parse(c).unwrap())
            .collect();
        let cities: Vec<City> = cities.iter().map(|c| City::new(c).unwrap()).collect();
        Geography::resolve(&countries, &[], &cities)
    }

    /// The one city of a geography.
    fn spot(countries: &[&str], city: &str) -> CitySpot {
        let g = geo(countries, &[city]);
        assert_eq!(g.cities.len(), 1, "{city} is a city");
        g.cities[0].spot
    }

    fn metro(name: &str) -> Place {
        Place::Metro(Metro::named(name).unwrap())
    }

    #[test]
    fn a_known_city_lies_in_its_metro_area_and_country() {
        let nairobi = spot(&[], "Nairobi");
        assert_eq!(nairobi.within, Some(metro("Greater Nairobi")));
        assert_eq!(nairobi.closeness_to_place(c("KE")), GeoMatch::Inside);
        assert_eq!(
            nairobi.closeness_to_place(Place::Area(Area::EasternAfrica)),
            GeoMatch::Inside
        );
        assert_eq!(
            nairobi.closeness_to_place(c("UG")),
            GeoMatch::Shared(Area::EasternAfrica)
        );
        // A town the table does not list lies in the profile's one country ...
        assert_eq!(spot(&["KE"], "Mombasa").within, Some(c("KE")));
        // ... and cannot be placed without one.
        assert_eq!(spot(&[], "Mombasa").within, None);
        assert_eq!(spot(&["KE", "UG"], "Mombasa").within, None);
        assert_eq!(
            spot(&[], "Mombasa").closeness_to_place(c("KE")),
            GeoMatch::Unknown
        );
        assert_eq!(
            spot(&[], "Mombasa").closeness_to_place(Place::Area(Area::Global)),
            GeoMatch::Global
        );
    }

    #[test]
    fn closeness_orders_city_metro_country_region() {
        let nairobi = spot(&[], "Nairobi");
        let same = nairobi.closeness(spot(&["KE"], "nairobi"));
        let metro_area = nairobi.closeness(spot(&[], "Thika"));
        let country = nairobi.closeness(spot(&["KE"], "Mombasa"));
        let intermediate = nairobi.closeness(spot(&[], "Kampala"));
        let sub = nairobi.closeness(spot(&[], "Lagos"));
        assert_eq!(same, GeoMatch::SameCity);
        assert_eq!(
            metro_area,
            GeoMatch::SameMetro(Metro::named("Greater Nairobi").unwrap())
        );
        assert_eq!(
            country,
            GeoMatch::SameCountry(Country::parse("KE").unwrap())
        );
        assert_eq!(intermediate, GeoMatch::Shared(Area::EasternAfrica));
        assert_eq!(sub, GeoMatch::Shared(Area::SubSaharanAfrica));
        let fits = [same, metro_area, country, intermediate, sub].map(GeoMatch::fit);
        assert!(fits.windows(2).all(|w| w[0] > w[1]), "{fits:?}");
        // Two metro areas of one country meet at the country; a city inside a named metro
        // area is a full match, as a country inside a region is.
        let sf = metro("SF Bay");
        assert_eq!(
            sf.closeness(metro("Greater New York")),
            GeoMatch::SameCountry(Country::parse("US").unwrap())
        );
        assert_eq!(
            spot(&[], "Palo Alto").closeness_to_place(sf),
            GeoMatch::Inside
        );
        assert_eq!(sf.closeness(c("US")), GeoMatch::Inside);
        assert_eq!(
            spot(&["US"], "Springfield").closeness_to_place(sf),
            GeoMatch::SameCountry(Country::parse("US").unwrap())
        );
        // Without cities, two countries still meet only in an area.
        assert_eq!(
            c("KE").closeness(c("UG")),
            GeoMatch::Shared(Area::EasternAfrica)
        );
    }

    #[test]
    fn a_city_of_the_same_name_in_another_country_is_another_city() {
        let boston = spot(&[], "Cambridge");
        assert_eq!(boston.within, Some(metro("Greater Boston")));
        let uk = spot(&["GB"], "Cambridge");
        assert_eq!(uk.within, Some(c("GB")), "not resolved to Greater Boston");
        assert_eq!(boston.closeness(uk), GeoMatch::None);
        assert_eq!(
            spot(&["US"], "Cambridge").within,
            Some(metro("Greater Boston"))
        );
        // A name that cannot be placed may be either: the same city.
        assert_eq!(
            spot(&[], "Springfield").closeness(spot(&["US"], "springfield")),
            GeoMatch::SameCity
        );
    }

    #[test]
    fn a_country_or_metro_area_naming_where_a_city_lies_does_not_widen_the_profile() {
        let g = geo(&["KE"], &["Nairobi"]);
        assert!(g.places.is_empty(), "{:?}", g.places);
        let g = geo(&["KE", "UG"], &["Nairobi"]);
        assert_eq!(g.places, [c("UG")]);
        let g = geo(&["US"], &["Palo Alto", "SF Bay"]);
        assert!(g.places.is_empty(), "{:?}", g.places);
        assert_eq!(g.cities.len(), 1);
        let g = geo(&["US"], &["SF Bay", "Greater Boston"]);
        assert_eq!(g.places, [metro("SF Bay"), metro("Greater Boston")]);
        // A metro area of another country than the profile's is read as a town there.
        let g = geo(&["GB"], &["SF Bay"]);
        assert_eq!(g.cities[0].spot.within, Some(c("GB")));
        // Areas always widen; a profile without cities is left as it is.
        let regions = [Area::EasternAfrica];
        let nairobi = [City::new("Nairobi").unwrap()];
        let ke = [Country::parse("KE").unwrap()];
        let g = Geography::resolve(&ke, &regions, &nairobi);
        assert_eq!(g.places, [Place::Area(Area::EasternAfrica)]);
        let g = Geography::resolve(&ke, &regions, &[]);
        assert_eq!(g.places, [c("KE"), Place::Area(Area::EasternAfrica)]);
    }

    #[test]
    fn city_closeness_is_symmetric() {
        let spots: Vec<CitySpot> = [
            (&[][..], "Nairobi"),
            (&["KE"], "Mombasa"),
            (&[], "Eldoret"),
            (&[], "Palo Alto"),
            (&["GB"], "Cambridge"),
            (&[], "Cambridge"),
        ]
        .iter()
        .map(|(countries, city)| spot(countries, city))
        .collect();
        let places: Vec<Place> = (0..Place::count())
            .step_by(5)
            .filter_map(Place::from_index)
            .collect();
        for a in &spots {
            for b in &spots {
                assert_eq!(a.closeness(*b), b.closeness(*a), "{a:?} vs {b:?}");
            }
            for p in &places {
                let f = a.closeness_to_place(*p).fit();
                assert!(f.is_nan() || (0.0..=1.0).contains(&f));
            }
        }
    }

    #[test]
    fn unknown_country_explains_the_expected_format() {
        let err = Country::parse("XX").unwrap_err();
        assert!(err.contains("ISO 3166-1 alpha-2"), "{err}");
        assert_eq!(Country::parse("Kenya").unwrap().alpha2(), "KE");
        assert_eq!(Country::parse("KEN").unwrap().alpha2(), "KE");
    }
}
