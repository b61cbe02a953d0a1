//! Test support: proptest strategies for valid profiles and a throw-away store.

use proptest::prelude::*;

use crate::city::City;
use crate::geography::{Area, Country};
use crate::profile::{Profile, Usd};
use crate::store::Store;
use crate::taxonomy::{Attribute, Instrument, Kind, Sdg, Sector, Stage, Support};

const COUNTRIES: [&str; 8] = ["KE", "UG", "NG", "PE", "BR", "IN", "DE", "US"];
const AREAS: [Area; 5] = [
    Area::EasternAfrica,
    Area::LatinAmerica,
    Area::Europe,
    Area::SouthernAsia,
    Area::Global,
];
/// Cities of the metro table and towns it does not list, some in two spellings, some named
/// in two countries (Cambridge), so that generated profiles meet every kind of closeness.
const CITIES: [&str; 13] = [
    "Nairobi",
    "nairobi",
    "Mombasa",
    "Greater Nairobi",
    "Lagos",
    "Palo Alto",
    "San Jose",
    "SF Bay",
    "Cambridge",
    "São Paulo",
    "Sao Paulo",
    "Eldoret",
    "Springfield",
];
const WORDS: [&str; 12] = [
    "farmers",
    "soil",
    "payments",
    "clinic",
    "solar",
    "school",
    "credit",
    "harvest",
    "sensors",
    "patients",
    "energy",
    "logistics",
];

fn some<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
    max: usize,
) -> impl Strategy<Value = Vec<T>> {
    proptest::sample::subsequence(all, 0..=max.min(all.len()))
}

fn money() -> impl Strategy<Value = Option<Usd>> {
    proptest::option::of(
        (3u32..=8).prop_flat_map(|e| (1u64..10).prop_map(move |m| Usd(m * 10u64.pow(e)))),
    )
}

/// A random valid profile of a kind.
pub fn profile(kind: Kind, id: String) -> impl Strategy<Value = Profile> {
    (
        some(Sector::ALL, 3),
        some(&COUNTRIES, 2),
        some(&AREAS, 1),
        some(&CITIES, 3),
        some(Support::ALL, 3),
        some(Instrument::ALL, 2),
        some(Attribute::ALL, 1),
        proptest::collection::vec(1u8..=17, 0..3),
        some(Stage::ALL, 2),
        (money(), money()),
        proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..6),
        // Deal history among the first ids of the other side (some never stored).
        proptest::collection::vec(0u8..24, 0..4),
    )
        .prop_map(
            move |(
                sectors,
                countries,
                regions,
                cities,
                support,
                instruments,
                attributes,
                sdgs,
                stages,
                (a, b),
                words,
                history,
            )| {
                let mut p = Profile::new(id.clone(), kind, format!("Org {id}"));
                p.description = words.join(" ");
                p.sectors = sectors;
                p.countries = countries
                    .iter()
                    .map(|c| Country::parse(c).unwrap())
                    .collect();
                p.regions = regions;
                p.cities = cities.iter().map(|c| City::new(c).unwrap()).collect();
                p.instruments = instruments;
                p.attributes = attributes;
                p.sdgs = sdgs.into_iter().map(|n| Sdg::new(n).unwrap()).collect();
                if kind == Kind::Startup {
                    p.needs = support;
                    p.stage = stages.first().copied();
                    p.funding_ask_usd = a;
                } else {
                    p.offers = support;
                    p.stages = stages;
                    let (lo, hi) = (a.min(b), a.max(b));
                    p.ticket_min_usd = if a.is_some() && b.is_some() { lo } else { a };
                    p.ticket_max_usd = if a.is_some() && b.is_some() { hi } else { None };
                }
                let partners = history.iter();
                if kind == Kind::Startup {
                    p.backers = partners.map(|n| format!("i{n}")).collect();
                } else {
                    p.portfolio = partners.map(|n| format!("s{n}")).collect();
                }
                p.normalize().expect("generated profiles are valid");
                p
            },
        )
}

/// `n` random profiles of each kind with ids `s0…`, `i0…`, `p0…`.
pub fn population(n: usize) -> impl Strategy<Value = Vec<Profile>> {
    let of = move |kind: Kind, prefix: &'static str| {
        (0..n)
            .map(|i| profile(kind, format!("{prefix}{i}")).boxed())
            .collect::<Vec<_>>()
    };
    (
        of(Kind::Startup, "s"),
        of(Kind::Investor, "i"),
        of(Kind::Partner, "p"),
    )
        .prop_map(|(a, b, c)| a.into_iter().chain(b).chain(c).collect())
}

/// A new store in a temporary directory holding `profiles`.
pub fn store_with(profiles: &[Profile]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(dir.path()).unwrap();
    if !profiles.is_empty() {
        store.import(profiles, &()).unwrap();
    }
    (dir, store)
}

/// An empty store whose index has the schema from before the `updated` field: a data
/// directory made before Tandem recorded when profiles change.
pub fn store_made_before_update_times() -> (tempfile::TempDir, Store) {
    use tantivy::schema::{IndexRecordOption, STORED, STRING, TextFieldIndexing, TextOptions};
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    std::fs::create_dir_all(&index_dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field("kind", STRING);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(crate::index::TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    builder.add_text_field("profile", STORED);
    tantivy::Index::create_in_dir(&index_dir, builder.build()).unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// A linear model of stored profiles' history that likes the asker's sectors and countries,
/// co-investors and text, and first raises a little less: a learned model whose every score
/// a test can work out.
pub fn learned_model() -> crate::learn::Model {
    use crate::learn::Feature;
    use crate::learn::linear::{Linear, terms};
    use crate::learn::model::{HistorySource, Learner, Model, TrainingReport};
    let weight = |f: Feature| match f {
        Feature::SectorShare => 2.0,
        Feature::CountryShare => 1.0,
        Feature::CoInvestSum => 3.0,
        Feature::TextFit => 1.5,
        Feature::FirstRaise => -0.5,
        _ => 0.0,
    };
    let linear = Linear {
        mean: vec![0.0; Feature::COUNT],
        scale: vec![1.0; Feature::COUNT],
        weights: Feature::ALL.iter().map(|f| weight(*f)).collect(),
        terms: terms(&[]),
    };
    Model::new(
        Learner::Linear(linear),
        HistorySource::Profiles,
        TrainingReport::default(),
    )
}
