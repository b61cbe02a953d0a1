//! Places below the country: cities and towns as people type them, and the metro areas that
//! group them.
//!
//! A [`City`] is free text — real users name towns no table lists — checked, kept as typed
//! for display and compared by a key that forgives case, accents, punctuation and spacing
//! ("São Paulo" = "sao  paulo"), and that folds the other spellings of a listed city onto
//! one ("Bengaluru" = "Bangalore").
//!
//! A [`Metro`] is one of a small built-in table of metro areas where start-ups and their
//! funders cluster (`data/taxonomy/metros.csv`, compiled into the binary): each with its
//! country, the names of the whole area ("SF Bay", "Greater London") and its member cities
//! ("Palo Alto", "London"). How a profile's cities are placed in metros and countries is
//! [`crate::geography::Geography::resolve`]'s business.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hasher;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::geography::Country;

/// A city name is at most this many characters long.
pub const MAX_CITY_CHARS: usize = 60;

/// A profile names at most this many cities and metro areas.
pub const MAX_CITIES: usize = 8;

/// A city, town or metro area a profile names: the text as typed (trimmed) and the key it is
/// compared by.
///
/// ```
/// use tandem_engine::city::City;
/// let a = City::new("  São Paulo ").unwrap();
/// assert_eq!(a.name(), "São Paulo");
/// assert_eq!(a.key(), City::new("SAO-PAULO").unwrap().key());
/// assert_eq!(City::new("Bengaluru").unwrap().key(), City::new("Bangalore").unwrap().key());
/// assert!(City::new("12345").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct City {
    name: String,
    key: String,
}

impl City {
    /// Checks a typed name: at most [`MAX_CITY_CHARS`] characters, no control characters,
    /// at least one letter. Surrounding whitespace is trimmed.
    pub fn new(text: &str) -> Result<City, String> {
        let length = text.chars().count();
        if length > MAX_CITY_CHARS {
            return Err(format!(
                "is {length} characters long; at most {MAX_CITY_CHARS} are allowed for a city or metro area"
            ));
        }
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            return Err(format!(
                "contains the control character U+{:04X}; expected a city or metro area name on one line",
                u32::from(c)
            ));
        }
        let name = text.trim();
        if !name.chars().any(is_letter) {
            return Err(format!(
                "`{name}` has no letter; expected the name of a city or metro area, such as Nairobi or SF Bay"
            ));
        }
        Ok(City {
            name: name.to_string(),
            key: canonical_key(name),
        })
    }

    /// The name as typed, trimmed.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key it is compared by: [`city_key`], with a listed city's other spellings folded
    /// onto its canonical one.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// A stable 32-bit hash of the key (FNV-1a, never 0): what feature rows store.
    pub fn hash(&self) -> u32 {
        key_hash(&self.key)
    }
}

/// Cities sort by key, then by name, so that normal form does not depend on input order.
impl Ord for City {
    fn cmp(&self, other: &City) -> std::cmp::Ordering {
        (&self.key, &self.name).cmp(&(&other.key, &other.name))
    }
}

impl PartialOrd for City {
    fn partial_cmp(&self, other: &City) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for City {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for City {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for City {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        City::new(&raw).map_err(serde::de::Error::custom)
    }
}

/// What counts as a letter in a city name: any alphabetic character, in any script.
pub fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// The comparison key of a name: transliterated to ASCII where a transliteration is known
/// (accents and other scripts folded: "Zürich" → "zurich"), lower case, every run of
/// characters other than letters and digits one space, trimmed.
///
/// ```
/// use tandem_engine::city::city_key;
/// assert_eq!(city_key("São  Paulo"), "sao paulo");
/// assert_eq!(city_key("Washington, D.C."), "washington d c");
/// assert_eq!(city_key("Ra’anana"), city_key("Ra'anana"));
/// ```
pub fn city_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match deunicode::deunicode_char(c) {
            Some(ascii) => folded.push_str(ascii),
            None => folded.push(c),
        }
    }
    let key = words_key(&folded);
    if key.is_empty() {
        // Letters that transliterate to punctuation only: compare the text itself.
        words_key(text)
    } else {
        key
    }
}

fn words_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// The key of a name with a listed city's other spellings folded onto its canonical one.
fn canonical_key(text: &str) -> String {
    let key = city_key(text);
    match METROS.spelling.get(&key) {
        Some(canonical) => canonical.clone(),
        None => key,
    }
}

/// FNV-1a of a key, folded to 32 bits; 0 is kept for "no city".
pub fn key_hash(key: &str) -> u32 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(key.as_bytes());
    let h = hasher.finish();
    match (h ^ (h >> 32)) as u32 {
        0 => 1,
        folded => folded,
    }
}

/// One row of the metro table.
#[derive(Debug)]
struct MetroRecord {
    slug: String,
    name: String,
    country: Country,
    /// Canonical keys of the member cities.
    members: Vec<String>,
}

#[derive(Debug)]
struct MetroTable {
    records: Vec<MetroRecord>,
    /// Key of a name or alias of a whole area → the area.
    by_name: HashMap<String, u16>,
    /// Canonical key of a member city → every metro listing it.
    by_member: HashMap<String, Vec<u16>>,
    /// Key of every spelling of a member city → its canonical key.
    spelling: HashMap<String, String>,
}

static METROS: LazyLock<MetroTable> = LazyLock::new(|| {
    load(include_str!("../../data/taxonomy/metros.csv")).expect("data/taxonomy/metros.csv is valid")
});

/// Reads the metro table, checking that every name means one thing.
fn load(raw: &str) -> Result<MetroTable, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(raw.as_bytes());
    let mut table = MetroTable {
        records: Vec::new(),
        by_name: HashMap::new(),
        by_member: HashMap::new(),
        spelling: HashMap::new(),
    };
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| e.to_string())?;
        let line = row.position().map_or(0, |p| p.line());
        let at = |what: String| format!("metros.csv line {line}: {what}");
        let [slug, name, country, aliases, cities] = [0, 1, 2, 3, 4].map(|c| row.get(c));
        let (Some(slug), Some(name), Some(country), Some(aliases), Some(cities)) =
            (slug, name, country, aliases, cities)
        else {
            return Err(at("expected 5 columns".into()));
        };
        let index = u16::try_from(i).map_err(|_| at("too many metro areas".into()))?;
        let country = Country::parse(country).map_err(at)?;
        for alias in std::iter::once(name).chain(aliases.split('|').filter(|a| !a.is_empty())) {
            if table.by_name.insert(city_key(alias), index).is_some() {
                return Err(at(format!("the area name `{alias}` is used twice")));
            }
        }
        let mut members = Vec::new();
        for city in cities.split('|') {
            let mut spellings = city.split('=');
            let canonical = city_key(spellings.next().unwrap_or_default());
            if canonical.is_empty() {
                return Err(at(format!("an empty member city in `{cities}`")));
            }
            for spelling in city.split('=') {
                let key = city_key(spelling);
                let previous = table.spelling.insert(key.clone(), canonical.clone());
                if previous.is_some_and(|p| p != canonical) {
                    return Err(at(format!(
                        "`{spelling}` is a spelling of two different cities"
                    )));
                }
            }
            let listing = table.by_member.entry(canonical.clone()).or_default();
            if listing.contains(&index) {
                return Err(at(format!("`{city}` is listed twice")));
            }
            listing.push(index);
            members.push(canonical);
        }
        table.records.push(MetroRecord {
            slug: slug.to_string(),
            name: name.to_string(),
            country,
            members,
        });
    }
    if let Some(both) = table
        .spelling
        .keys()
        .find(|k| table.by_name.contains_key(*k))
    {
        return Err(format!(
            "metros.csv: `{both}` names both a whole area and a member city"
        ));
    }
    Ok(table)
}

/// A metro area of the built-in table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Metro(u16);

impl Metro {
    /// Number of metro areas in the table.
    pub fn count() -> usize {
        METROS.records.len()
    }

    /// Every metro area, in table order.
    pub fn all() -> impl Iterator<Item = Metro> {
        (0..Self::count()).map(|i| Metro(i as u16))
    }

    /// The metro area with this index, if there is one.
    pub fn from_index(index: usize) -> Option<Metro> {
        (index < Self::count()).then_some(Metro(index as u16))
    }

    /// The metro area a name or alias of the whole area denotes ("SF Bay", "Greater London");
    /// `None` for a member city's name.
    ///
    /// ```
    /// use tandem_engine::city::Metro;
    /// assert_eq!(Metro::named("Bay Area").unwrap().name(), "SF Bay");
    /// assert!(Metro::named("Palo Alto").is_none());
    /// ```
    pub fn named(text: &str) -> Option<Metro> {
        METROS.by_name.get(&city_key(text)).map(|i| Metro(*i))
    }

    /// Every metro area listing the city with this canonical key as a member, in table order.
    pub fn containing(key: &str) -> impl Iterator<Item = Metro> + '_ {
        METROS
            .by_member
            .get(key)
            .into_iter()
            .flatten()
            .map(|i| Metro(*i))
    }

    /// Position in the table.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    fn record(self) -> &'static MetroRecord {
        &METROS.records[self.index()]
    }

    /// The slug, e.g. `sf-bay`.
    pub fn slug(self) -> &'static str {
        &self.record().slug
    }

    /// The name explanations use, e.g. `SF Bay`.
    pub fn name(self) -> &'static str {
        &self.record().name
    }

    /// The country it lies in.
    pub fn country(self) -> Country {
        self.record().country
    }

    /// Whether the city with this canonical key is one of its members.
    pub fn has_member(self, key: &str) -> bool {
        self.record().members.iter().any(|m| m == key)
    }
}

impl fmt::Debug for Metro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl fmt::Display for Metro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(text: &str) -> City {
        City::new(text).unwrap()
    }

    #[test]
    fn keys_fold_case_accents_punctuation_and_spacing() {
        assert_eq!(city("São Paulo").key(), "sao paulo");
        assert_eq!(city("sao  paulo").key(), "sao paulo");
        assert_eq!(city("SAO-PAULO").key(), "sao paulo");
        assert_eq!(city("Bogotá D.C.").key(), city("bogota d c").key());
        assert_eq!(city("Zürich").key(), "zurich");
        assert_eq!(city("Łódź").key(), "lodz");
        assert_eq!(city("Москва").key(), "moskva");
        // Another spelling of a listed city is the same city.
        assert_eq!(city("Bombay").key(), city("Mumbai").key());
        assert_eq!(city("Gurugram").key(), city("gurgaon").key());
        // ... but a name is not confused with a different one.
        assert_ne!(city("Paris").key(), city("Parys").key());
        // Hashes are stable across runs and platforms: FNV-1a, not std's seeded hasher.
        assert_eq!(key_hash("nairobi"), key_hash(&String::from("nairobi")));
        assert_ne!(key_hash("nairobi"), key_hash("lagos"));
        assert_ne!(key_hash(""), 0);
    }

    #[test]
    fn names_are_checked_and_kept_as_typed() {
        assert_eq!(city("  Nairobi ").name(), "Nairobi");
        assert_eq!(city("6th of October City").name(), "6th of October City");
        let too_long = "x".repeat(MAX_CITY_CHARS + 1);
        assert!(City::new(&too_long).unwrap_err().contains("at most 60"));
        assert!(City::new(&"x".repeat(MAX_CITY_CHARS)).is_ok());
        assert!(City::new("Nai\nrobi").unwrap_err().contains("U+000A"));
        assert!(City::new("  ").unwrap_err().contains("no letter"));
        assert!(City::new("1234").unwrap_err().contains("no letter"));
        assert!(City::new("—").is_err());
        // A letter of any script counts, and its key is never empty.
        assert!(!city("東京").key().is_empty());
        assert_eq!(city("Ⓐ").key(), city("ⓐ").key());
    }

    #[test]
    fn the_table_loads_and_every_name_means_one_thing() {
        assert!(Metro::count() >= 40, "{}", Metro::count());
        for m in Metro::all() {
            assert_eq!(Metro::named(m.name()), Some(m), "{}", m.slug());
            assert!(!m.record().members.is_empty(), "{} has no city", m.slug());
            for member in &m.record().members {
                assert!(Metro::containing(member).any(|x| x == m));
                assert!(Metro::named(member).is_none(), "{member}: area and city");
            }
        }
        let bay = Metro::named("San Francisco Bay Area").unwrap();
        assert_eq!((bay.slug(), bay.country().alpha2()), ("sf-bay", "US"));
        assert_eq!(
            Metro::containing(city("Palo Alto").key()).collect::<Vec<_>>(),
            [bay]
        );
        let boston = Metro::named("Greater Boston").unwrap();
        assert!(boston.has_member(city("Cambridge").key()));
        let nairobi = Metro::containing(city("nairobi").key()).next().unwrap();
        assert_eq!(nairobi.country().alpha2(), "KE");
        assert_eq!(
            Metro::named("Greater London").unwrap().country().alpha2(),
            "GB"
        );
        assert!(Metro::named("Nairobi").is_none(), "Nairobi is a city");
        assert!(Metro::from_index(Metro::count()).is_none());
    }

    #[test]
    fn a_table_with_a_name_of_two_meanings_is_refused() {
        let header = "metro,name,country,aliases,cities\n";
        let twice = format!("{header}a,A,KE,,Nairobi\nb,B,KE,A,Thika\n");
        assert!(load(&twice).unwrap_err().contains("used twice"));
        let both = format!("{header}a,A,KE,,Nairobi\nb,Nairobi,KE,,Thika\n");
        assert!(load(&both).unwrap_err().contains("both a whole area"));
        let two_cities = format!("{header}a,A,KE,,X=Y\nb,B,KE,,Z=Y\n");
        assert!(
            load(&two_cities)
                .unwrap_err()
                .contains("two different cities")
        );
        let country = format!("{header}a,A,XX,,Nairobi\n");
        assert!(load(&country).unwrap_err().contains("line 2"));
    }
}
