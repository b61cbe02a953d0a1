//! JSON Schemas of the engine's vocabularies (kinds, sectors, stages, ..., countries, regions),
//! built from the vocabularies themselves so that the OpenAPI document cannot drift from what
//! the server accepts.
//!
//! The engine's parsers are forgiving: they read a value's slug, any alias or its label, in
//! any letter case, with spaces, underscores or hyphens between words and around them
//! ([`tandem_engine::vocabulary::normalize`]). An `enum` of the slugs alone would say less
//! than is accepted, and a client fuzzing the server from the document would see valid
//! spellings accepted that the document calls invalid. So each vocabulary's schema is
//! `anyOf` the canonical values (an `enum`, for people and generated clients) and a `pattern`
//! matching exactly the strings whose normal form is a slug, alias or label.
//!
//! The patterns use only what ECMA-262, Python's `re` and Rust's `regex` read alike:
//! anchors, groups, alternation, quantifiers and character classes of literal characters.

use std::collections::HashMap;
use std::sync::LazyLock;

use tandem_engine::geography::{Area, Country};
use tandem_engine::taxonomy::{
    Attribute, Instrument, InvestorType, Kind, PartnerType, Sector, Stage, Support,
};
use tandem_engine::vocabulary::normalize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Schema, SchemaType, Type};

/// One closed vocabulary: its canonical values and every normal-form spelling of them.
pub struct Vocabulary {
    /// Name of its schema in the document's components (`Sector`).
    pub name: &'static str,
    /// What one value is, for descriptions ("A sector").
    pub what: &'static str,
    /// Canonical values, as the server writes them, in the engine's order.
    pub canonical: Vec<&'static str>,
    /// Every accepted spelling in normal form, sorted, with the index of its canonical value.
    pub spellings: Vec<(String, usize)>,
}

/// Spellings of a `vocabulary!` enum, in the precedence `parse` gives them: slugs, then
/// aliases, then labels.
fn spellings_of<V: Copy + PartialEq>(
    all: &[V],
    slugs: &[&'static str],
    aliases: &[(&'static str, V)],
    label: fn(V) -> &'static str,
) -> Vec<(String, usize)> {
    let position = |v: V| all.iter().position(|x| *x == v).expect("a listed value");
    let mut found: HashMap<String, usize> = HashMap::new();
    let candidates = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.to_string(), i))
        .chain(aliases.iter().map(|(a, v)| (a.to_string(), position(*v))))
        .chain(all.iter().map(|v| (normalize(label(*v)), position(*v))));
    for (spelling, index) in candidates {
        found.entry(spelling).or_insert(index);
    }
    let mut spellings: Vec<_> = found.into_iter().collect();
    spellings.sort();
    spellings
}

macro_rules! vocabulary {
    ($name:literal, $what:literal, $type:ty) => {
        Vocabulary {
            name: $name,
            what: $what,
            canonical: <$type>::SLUGS.to_vec(),
            spellings: spellings_of(
                <$type>::ALL,
                <$type>::SLUGS,
                <$type>::ALIASES,
                <$type>::label,
            ),
        }
    };
}

/// Every vocabulary a profile or a query parameter uses.
pub static VOCABULARIES: LazyLock<Vec<Vocabulary>> = LazyLock::new(|| {
    vec![
        vocabulary!("Kind", "A kind of profile", Kind),
        vocabulary!("Sector", "A sector", Sector),
        vocabulary!("Stage", "A funding stage", Stage),
        vocabulary!("Instrument", "A financial instrument", Instrument),
        vocabulary!("Support", "A kind of support (a need or an offer)", Support),
        vocabulary!("PartnerType", "A kind of partner", PartnerType),
        vocabulary!("InvestorType", "A kind of investor", InvestorType),
        vocabulary!("Attribute", "An attribute or lens", Attribute),
        vocabulary!("Region", "A UN M49 area, or `global`", Area),
        Vocabulary {
            name: "Country",
            what: "An ISO 3166-1 country: its alpha-2 code; alpha-3 codes, English names and common short names are read too",
            canonical: Country::all().map(Country::alpha2).collect(),
            spellings: Country::spellings()
                .into_iter()
                .map(|(spelling, country)| (spelling.to_string(), country.index()))
                .collect(),
        },
    ]
});

/// The vocabulary whose schema has this name.
pub fn vocabulary(name: &str) -> &'static Vocabulary {
    VOCABULARIES
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vocabulary named {name}"))
}

/// Characters `normalize` reads between words, as the inside of a character class.
static SEPARATORS: LazyLock<String> = LazyLock::new(|| {
    chars()
        .filter(|c| c.is_whitespace() || *c == '_' || *c == '-')
        .map(in_class)
        .collect()
});

/// Characters `str::trim` removes (list items are trimmed), as the inside of a class.
static WHITESPACE: LazyLock<String> = LazyLock::new(|| {
    chars()
        .filter(|c| c.is_whitespace())
        .map(in_class)
        .collect()
});

/// For each character, every character whose lower case is exactly it: `k` ← `k`, `K` and
/// the Kelvin sign. Found by asking Rust itself, as `normalize` does.
static SOURCES: LazyLock<HashMap<char, Vec<char>>> = LazyLock::new(|| {
    let mut sources: HashMap<char, Vec<char>> = HashMap::new();
    for c in chars() {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            sources.entry(l).or_default().push(c);
        }
    }
    sources
});

fn chars() -> impl Iterator<Item = char> {
    (0..=u32::from(char::MAX)).filter_map(char::from_u32)
}

/// A character written inside a class: the few that mean something there are escaped.
fn in_class(c: char) -> String {
    match c {
        '\\' | ']' | '[' | '^' | '-' => format!("\\{c}"),
        _ => c.to_string(),
    }
}

/// A pattern matching exactly the inputs whose `normalize` is `key`, without the separators
/// around it.
fn spelled(key: &str) -> String {
    let separator = format!("[{}]+", *SEPARATORS);
    key.split('-')
        .map(|word| {
            word.chars()
                .map(|c| match SOURCES.get(&c).map(Vec::as_slice) {
                    Some([only]) if only.is_ascii_alphanumeric() => only.to_string(),
                    Some(sources) => format!(
                        "[{}]",
                        sources.iter().copied().map(in_class).collect::<String>()
                    ),
                    // A character that is no character's lower case cannot appear in a key.
                    None => unreachable!("`{c}` in the normal form `{key}`"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(&separator)
}

impl Vocabulary {
    /// The normal-form spellings of one value (`Some(index)`) or of all.
    fn keys(&self, only: Option<usize>) -> impl Iterator<Item = &str> {
        self.spellings
            .iter()
            .filter(move |(_, i)| only.is_none_or(|o| o == *i))
            .map(|(s, _)| s.as_str())
    }

    /// The spellings as one group of alternatives, with the separators allowed around them.
    fn item(&self, only: Option<usize>, list: bool) -> String {
        let alternatives: Vec<String> = self
            .keys(only)
            // A comma splits a list before its items are read, so it never is in one.
            .filter(|k| !(list && k.contains(',')))
            .map(spelled)
            .collect();
        let around = format!("[{}]*", *SEPARATORS);
        format!("{around}(?:{}){around}", alternatives.join("|"))
    }

    /// A pattern matching exactly the strings one value (`Some(index)`) or any value accepts.
    pub fn pattern(&self, only: Option<usize>) -> String {
        format!("^{}$", self.item(only, false))
    }

    /// A pattern matching exactly the comma-separated lists the query parameters accept:
    /// items are trimmed, and empty ones skipped.
    pub fn list_pattern(&self) -> String {
        let item = format!("(?:{}|[{}]*)", self.item(None, true), *WHITESPACE);
        format!("^{item}(?:,{item})*$")
    }

    /// The schema of one value: the canonical values, or any accepted spelling.
    pub fn schema(&self) -> RefOr<Schema> {
        AnyOfBuilder::new()
            .description(Some(format!(
                "{}. The `enum` lists the canonical values, which the server writes; the \
                 `pattern` is every spelling it reads: aliases and labels too, in any letter \
                 case, with spaces, underscores or hyphens between words. Read values are \
                 stored in canonical form.",
                self.what
            )))
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(self.canonical.iter().copied())),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .pattern(Some(self.pattern(None))),
            )
            .into()
    }

    /// The schema of a query parameter holding a comma-separated list of values.
    pub fn list_schema(&self) -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(format!(
                "Comma-separated; each item a `{}` ({}; aliases, labels, any letter case and \
                 spaces or underscores for hyphens are read too). Items are trimmed; empty ones \
                 are skipped.",
                self.name,
                if self.canonical.len() <= 40 {
                    format!("canonical values: {}", self.canonical.join(", "))
                } else {
                    format!(
                        "canonical values such as {}, ...",
                        self.canonical[..5].join(", ")
                    )
                }
            )))
            .pattern(Some(self.list_pattern()))
            .into()
    }
}

/// Declares a type naming the schema of a comma-separated query parameter, for
/// `#[param(value_type = ...)]`.
macro_rules! list_schema {
    ($(#[$meta:meta])* $type:ident, $vocabulary:literal) => {
        $(#[$meta])*
        pub enum $type {}

        impl utoipa::PartialSchema for $type {
            fn schema() -> RefOr<Schema> {
                vocabulary($vocabulary).list_schema()
            }
        }

        impl utoipa::ToSchema for $type {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($type))
            }
        }
    };
}

list_schema!(
    /// Schema of a comma-separated list of kinds.
    KindList,
    "Kind"
);
list_schema!(
    /// Schema of a comma-separated list of sectors.
    SectorList,
    "Sector"
);
list_schema!(
    /// Schema of a comma-separated list of stages.
    StageList,
    "Stage"
);
list_schema!(
    /// Schema of a comma-separated list of countries.
    CountryList,
    "Country"
);
list_schema!(
    /// Schema of a comma-separated list of regions.
    RegionList,
    "Region"
);

/// Every schema this module defines, by name, for the document's components.
pub fn components() -> Vec<(String, RefOr<Schema>)> {
    use utoipa::{PartialSchema, ToSchema};
    let mut all: Vec<(String, RefOr<Schema>)> = VOCABULARIES
        .iter()
        .map(|v| (v.name.to_string(), v.schema()))
        .collect();
    all.extend([
        (KindList::name().into_owned(), KindList::schema()),
        (SectorList::name().into_owned(), SectorList::schema()),
        (StageList::name().into_owned(), StageList::schema()),
        (CountryList::name().into_owned(), CountryList::schema()),
        (RegionList::name().into_owned(), RegionList::schema()),
    ]);
    all
}
