//! Seeded generator of realistic synthetic profiles, at any scale.
//!
//! [`generate`] builds start-ups/SMEs, investors and partners that look like the market Tandem
//! serves: start-ups in every sector, with real shares in Sub-Saharan Africa, Latin America and
//! South and South-East Asia; money, head count and age that rise with the stage; descriptions
//! that talk about each sector's customers, problems and products; investors whose tickets,
//! stages, instruments and geography fit their type; partners whose offers fit theirs.
//!
//! Every profile draws from its own random stream, seeded from `(seed, kind, index)`, so the
//! output depends only on the [`SynthConfig`] — not on the number of threads — and profiles are
//! built in parallel with rayon: a million start-ups take a few seconds in release mode. The
//! `i`-th profile of a kind is the same whatever the counts (only the zero padding of its id
//! widens with the count).
//!
//! ```
//! use tandem_engine::synth::{generate, SynthConfig};
//! let config = SynthConfig { startups: 20, investors: 5, partners: 5, seed: 7 };
//! let profiles = generate(&config);
//! assert_eq!(profiles.len(), 30);
//! assert_eq!(profiles[0].id, "st-0001");
//! assert_eq!(profiles[20].id, "inv-0001");
//! assert_eq!(profiles, generate(&config));
//! ```

use std::sync::LazyLock;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::geography::{Area, Country};
use crate::profile::{Profile, Usd};
use crate::taxonomy::{
    Attribute, Instrument, InvestorType, Kind, PartnerType, Sdg, Sector, Stage, Support,
};

/// How many profiles of each kind to generate, and the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of start-ups/SMEs (ids `st-0001`, ...).
    pub startups: usize,
    /// Number of investors (ids `inv-0001`, ...).
    pub investors: usize,
    /// Number of partners (ids `pt-0001`, ...).
    pub partners: usize,
    /// Seed of every random choice: the same config always gives the same profiles.
    pub seed: u64,
}

impl SynthConfig {
    /// Total number of profiles the config asks for.
    pub fn total(&self) -> usize {
        self.startups + self.investors + self.partners
    }
}

impl Default for SynthConfig {
    /// A demo-sized market: 2,000 start-ups, 300 investors, 200 partners, seed 42.
    fn default() -> Self {
        SynthConfig {
            startups: 2_000,
            investors: 300,
            partners: 200,
            seed: 42,
        }
    }
}

/// All profiles: start-ups first, then investors, then partners. Same config => identical output.
///
/// Every profile is valid and in normal form ([`Profile::normalize`] has been applied).
pub fn generate(config: &SynthConfig) -> Vec<Profile> {
    let mut profiles = Vec::with_capacity(config.total());
    for (kind, count) in [
        (Kind::Startup, config.startups),
        (Kind::Investor, config.investors),
        (Kind::Partner, config.partners),
    ] {
        let width = count.to_string().len().max(4);
        profiles.par_extend(
            (0..count)
                .into_par_iter()
                .map(|index| synthesize(config.seed, kind, index, width)),
        );
    }
    profiles
}

/// The random stream every choice draws from.
type R = ChaCha8Rng;

/// Builds the `index`-th profile (from 0) of a kind from its own random stream.
fn synthesize(seed: u64, kind: Kind, index: usize, width: usize) -> Profile {
    let mut rng = R::seed_from_u64(mix(seed, kind, index));
    let (prefix, mut profile) = match kind {
        Kind::Startup => ("st", startup(&mut rng)),
        Kind::Investor => ("inv", investor(&mut rng)),
        Kind::Partner => ("pt", partner(&mut rng)),
    };
    profile.id = format!("{prefix}-{:0width$}", index + 1);
    profile
        .normalize()
        .expect("generated profiles are always valid");
    profile
}

/// SplitMix64's finaliser: a fast, well-mixing bijection on 64-bit integers.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of one profile's stream: independent streams per seed, kind and index.
fn mix(seed: u64, kind: Kind, index: usize) -> u64 {
    let stream = splitmix64(seed ^ splitmix64(kind.index() as u64 + 1));
    splitmix64(stream.wrapping_add(splitmix64(index as u64)))
}

// ---------------------------------------------------------------------------------------------
// Start-ups
// ---------------------------------------------------------------------------------------------

/// Builds one start-up/SME (id and normal form are applied by the caller).
fn startup(rng: &mut R) -> Profile {
    let home = pick_home(rng, false);
    let neighbour_count = weighted(rng, &[(0, 80), (1, 14), (2, 6)], |w| w.1).0;
    let mut countries = vec![home.country];
    countries.extend(neighbours(rng, &home, neighbour_count));
    let sector_count = weighted(rng, &[(1, 45), (2, 40), (3, 15)], |w| w.1).0;
    let sectors = pick_sectors(rng, sector_count, home.market.market.emerging, 0.9);
    let stage = weighted(rng, STAGES, |s| s.weight);
    let name = startup_name(rng, text(sectors[0]), home.market.market);

    let mut p = Profile::new("", Kind::Startup, name);
    p.stage = Some(stage.stage);
    p.founded = Some(rng.random_range(stage.founded.0..=stage.founded.1));
    p.employees = Some(log_uniform(rng, stage.employees.0, stage.employees.1).round() as u32);
    p.annual_revenue_usd = revenue(rng, stage);
    p.needs = startup_needs(rng, stage, &sectors);
    if p.needs.contains(&Support::Funding) {
        p.funding_ask_usd = Some(round_money(log_uniform(rng, stage.ask.0, stage.ask.1)));
        p.instruments = flags_or_first(rng, stage.instruments);
    }
    p.attributes = startup_attributes(rng, &sectors);
    p.sdgs = startup_sdgs(rng, &sectors, &p.attributes);
    p.sectors = sectors;
    p.countries = countries;
    p.description = startup_description(rng, &p, stage, home.city);
    p.website = website(rng, &p.name, home.country, 0.7);
    p
}

/// What is typical of a start-up at one stage: money, size, age, instruments, needs, story.
struct StageProfile {
    stage: Stage,
    /// Share of start-ups at this stage (percent).
    weight: u32,
    /// Funding ask range, USD (drawn log-uniformly).
    ask: (f64, f64),
    /// Head-count range (drawn log-uniformly).
    employees: (f64, f64),
    /// Chance of having any revenue, and its range in USD.
    revenue: (f64, f64, f64),
    /// Range of founding years.
    founded: (u16, u16),
    /// Instruments it accepts, each with its chance.
    instruments: &'static [(Instrument, f64)],
    /// Non-funding needs, weighted.
    needs: &'static [(Support, u32)],
    /// Traction sentences.
    traction: &'static [&'static str],
    /// What the money is for.
    uses: &'static [&'static str],
}

const EARLY_NEEDS: &[(Support, u32)] = &[
    (Support::Mentoring, 5),
    (Support::Networking, 4),
    (Support::Workspace, 3),
    (Support::Training, 3),
    (Support::TechnicalAssistance, 3),
    (Support::Talent, 2),
    (Support::Pilot, 2),
];
const MID_NEEDS: &[(Support, u32)] = &[
    (Support::MarketAccess, 5),
    (Support::Pilot, 4),
    (Support::Talent, 4),
    (Support::Networking, 3),
    (Support::Mentoring, 3),
    (Support::Distribution, 2),
    (Support::TechnicalAssistance, 2),
];
const LATE_NEEDS: &[(Support, u32)] = &[
    (Support::MarketAccess, 5),
    (Support::Distribution, 5),
    (Support::Talent, 4),
    (Support::Regulatory, 2),
    (Support::Networking, 2),
    (Support::Pilot, 2),
];

const REVENUE_TRACTION: &[&str] = &[
    "The team of {employees} people earned {revenue} in revenue last year.",
    "Revenue reached {revenue} last year with a team of {employees}.",
    "With {employees} staff and {revenue} in annual revenue, it is growing across {market}.",
];
/// Used instead of a revenue sentence when a later-stage company reports no revenue.
const PRE_REVENUE_TRACTION: &[&str] = &[
    "The team of {employees} people is preparing its commercial launch.",
    "A team of {employees} is running paid pilots ahead of launch.",
];

const STAGES: &[StageProfile] = &[
    StageProfile {
        stage: Stage::Idea,
        weight: 8,
        ask: (20e3, 150e3),
        employees: (1.0, 5.0),
        revenue: (0.0, 0.0, 0.0),
        founded: (2023, 2025),
        instruments: &[
            (Instrument::Grant, 0.75),
            (Instrument::Convertible, 0.4),
            (Instrument::Equity, 0.35),
        ],
        needs: EARLY_NEEDS,
        traction: &[
            "We are testing the idea with a first group of {customer} in {city}.",
            "The founders are validating demand in interviews with {customer} in {city}.",
        ],
        uses: &[
            "build a first working prototype",
            "validate the product with paying customers",
        ],
    },
    StageProfile {
        stage: Stage::PreSeed,
        weight: 22,
        ask: (50e3, 300e3),
        employees: (2.0, 10.0),
        revenue: (0.4, 5e3, 80e3),
        founded: (2021, 2025),
        instruments: &[
            (Instrument::Convertible, 0.6),
            (Instrument::Grant, 0.55),
            (Instrument::Equity, 0.5),
        ],
        needs: EARLY_NEEDS,
        traction: &[
            "A prototype is being piloted with {customer} in {city}.",
            "The first version is live with a handful of {customer} in {city}.",
        ],
        uses: &[
            "run a paid pilot",
            "hire the first engineers",
            "launch the first version",
        ],
    },
    StageProfile {
        stage: Stage::Seed,
        weight: 30,
        ask: (150e3, 2e6),
        employees: (4.0, 25.0),
        revenue: (0.85, 20e3, 1e6),
        founded: (2018, 2024),
        instruments: &[
            (Instrument::Equity, 0.8),
            (Instrument::Convertible, 0.5),
            (Instrument::Grant, 0.25),
            (Instrument::RevenueBased, 0.1),
        ],
        needs: MID_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "grow the sales team",
            "expand to a second market",
            "hire engineers and reach break-even",
        ],
    },
    StageProfile {
        stage: Stage::SeriesA,
        weight: 20,
        ask: (2e6, 15e6),
        employees: (12.0, 80.0),
        revenue: (1.0, 300e3, 5e6),
        founded: (2015, 2023),
        instruments: &[
            (Instrument::Equity, 0.9),
            (Instrument::Debt, 0.3),
            (Instrument::RevenueBased, 0.2),
            (Instrument::Convertible, 0.15),
        ],
        needs: MID_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "expand across the region",
            "scale the sales team",
            "build out the product platform",
        ],
    },
    StageProfile {
        stage: Stage::SeriesB,
        weight: 10,
        ask: (10e6, 50e6),
        employees: (35.0, 200.0),
        revenue: (1.0, 2e6, 20e6),
        founded: (2012, 2021),
        instruments: &[
            (Instrument::Equity, 0.9),
            (Instrument::Debt, 0.45),
            (Instrument::RevenueBased, 0.2),
        ],
        needs: LATE_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "enter new countries",
            "scale operations",
            "fund working capital for growth",
        ],
    },
    StageProfile {
        stage: Stage::Growth,
        weight: 10,
        ask: (20e6, 150e6),
        employees: (100.0, 400.0),
        revenue: (1.0, 10e6, 120e6),
        founded: (2008, 2019),
        instruments: &[
            (Instrument::Equity, 0.7),
            (Instrument::Debt, 0.65),
            (Instrument::RevenueBased, 0.3),
        ],
        needs: LATE_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "enter new regions",
            "fund acquisitions",
            "scale production and distribution",
        ],
    },
];

/// Yearly revenue: zero for most early companies, unreported for a few.
fn revenue(rng: &mut R, stage: &StageProfile) -> Option<Usd> {
    let (share, lo, hi) = stage.revenue;
    if stage.stage > Stage::PreSeed && chance(rng, 0.08) {
        return None;
    }
    Some(if chance(rng, share) {
        round_money(log_uniform(rng, lo, hi))
    } else {
        Usd(0)
    })
}

/// Needs extra to sector leanings (health needs regulatory help, biotech research, ...).
const SECTOR_NEEDS: &[(Sector, Support)] = &[
    (Sector::Health, Support::Regulatory),
    (Sector::Fintech, Support::Regulatory),
    (Sector::Biotech, Support::Research),
    (Sector::Biotech, Support::Regulatory),
    (Sector::Quantum, Support::Research),
    (Sector::Space, Support::Research),
    (Sector::Hardware, Support::Research),
    (Sector::Agritech, Support::Distribution),
    (Sector::ClimateEnergy, Support::Distribution),
    (Sector::Consumer, Support::Distribution),
    (Sector::Govtech, Support::Pilot),
    (Sector::SmartCities, Support::Pilot),
    (Sector::Mobility, Support::Regulatory),
    (Sector::Manufacturing, Support::TechnicalAssistance),
];

/// Funding (most of the time) plus one to three other needs fitting the stage and sectors.
fn startup_needs(rng: &mut R, stage: &StageProfile, sectors: &[Sector]) -> Vec<Support> {
    let mut pool = stage.needs.to_vec();
    pool.extend(
        SECTOR_NEEDS
            .iter()
            .filter(|(s, _)| sectors.contains(s))
            .map(|&(_, need)| (need, 4)),
    );
    let count = rng.random_range(1..=3);
    let mut needs = pick_distinct(rng, &pool, count);
    if chance(rng, 0.85) {
        needs.push(Support::Funding);
    }
    needs
}

/// Base chance of each start-up attribute.
const ATTRIBUTE_BASE: &[(Attribute, f64)] = &[
    (Attribute::WomenLed, 0.25),
    (Attribute::YouthLed, 0.15),
    (Attribute::MinorityLed, 0.04),
    (Attribute::RefugeeLed, 0.01),
    (Attribute::Rural, 0.05),
    (Attribute::SocialEnterprise, 0.08),
    (Attribute::ClimatePositive, 0.03),
    (Attribute::UniversitySpinout, 0.03),
];

/// Higher chances of an attribute in some sectors.
const ATTRIBUTE_LEANS: &[(Sector, Attribute, f64)] = &[
    (Sector::Agritech, Attribute::Rural, 0.4),
    (Sector::Agritech, Attribute::ClimatePositive, 0.2),
    (Sector::Agritech, Attribute::SocialEnterprise, 0.15),
    (Sector::ClimateEnergy, Attribute::ClimatePositive, 0.65),
    (Sector::ClimateEnergy, Attribute::Rural, 0.15),
    (Sector::Mobility, Attribute::ClimatePositive, 0.3),
    (Sector::Connectivity, Attribute::Rural, 0.25),
    (Sector::Health, Attribute::SocialEnterprise, 0.2),
    (Sector::Edtech, Attribute::SocialEnterprise, 0.2),
    (Sector::Edtech, Attribute::YouthLed, 0.25),
    (Sector::Games, Attribute::YouthLed, 0.3),
    (Sector::Fintech, Attribute::SocialEnterprise, 0.1),
    (Sector::Quantum, Attribute::UniversitySpinout, 0.6),
    (Sector::Biotech, Attribute::UniversitySpinout, 0.5),
    (Sector::Space, Attribute::UniversitySpinout, 0.45),
    (Sector::Hardware, Attribute::UniversitySpinout, 0.15),
    (Sector::Ai, Attribute::UniversitySpinout, 0.12),
];

/// Attributes drawn independently, with sector leanings.
fn startup_attributes(rng: &mut R, sectors: &[Sector]) -> Vec<Attribute> {
    ATTRIBUTE_BASE
        .iter()
        .filter_map(|&(attribute, base)| {
            let p = ATTRIBUTE_LEANS
                .iter()
                .filter(|(s, a, _)| *a == attribute && sectors.contains(s))
                .fold(base, |p, lean| p.max(lean.2));
            chance(rng, p).then_some(attribute)
        })
        .collect()
}

/// About 70% of start-ups name SDGs: their main sector's first goal plus related ones.
fn startup_sdgs(rng: &mut R, sectors: &[Sector], attributes: &[Attribute]) -> Vec<Sdg> {
    if !chance(rng, 0.7) {
        return Vec::new();
    }
    let pool: Vec<u8> = sectors
        .iter()
        .flat_map(|s| text(*s).sdgs)
        .copied()
        .collect();
    let mut goals = vec![text(sectors[0]).sdgs[0]];
    for _ in 0..rng.random_range(0..=2) {
        goals.push(one(rng, &pool));
    }
    if attributes.contains(&Attribute::WomenLed) && chance(rng, 0.4) {
        goals.push(5);
    }
    if attributes.contains(&Attribute::ClimatePositive) && chance(rng, 0.6) {
        goals.push(13);
    }
    goals.into_iter().map(sdg).collect()
}

/// Suffixes that make any root a company name ("Kilimo Labs").
const NAME_GENERICS: &[&str] = &[
    "Labs",
    "Technologies",
    "Systems",
    "Solutions",
    "Works",
    "Hub",
    "Digital",
    "Group",
];

/// "ShambaSense", "Kilimo Labs", "Andes Pay" or "Kilimo Harvest".
fn startup_name(rng: &mut R, sector: &SectorText, market: &Market) -> String {
    let root = one(rng, sector.roots);
    let tail = one(rng, sector.tails);
    match rng.random_range(0..10) {
        0..=3 => format!("{root}{tail}"),
        4 | 5 => format!("{root} {}", one(rng, NAME_GENERICS)),
        6 | 7 => format!("{} {tail}", one(rng, market.places)),
        _ => format!("{root} {tail}"),
    }
}

/// Opening pitches, with the number of sentences each has.
const PITCHES: &[(&str, usize)] = &[
    ("{name} builds {product} for {customer} in {market}.", 1),
    (
        "{customer} in {market} {problem}. {name} offers {product} so they can {outcome}.",
        2,
    ),
    (
        "{name} helps {customer} in {market} {outcome} with {product}.",
        1,
    ),
    (
        "Too many {customer} in {market} {problem}; {name} changes that with {product}.",
        1,
    ),
    ("{name} gives {customer} across {market} {product}.", 1),
    (
        "Our mission: help {customer} in {market} {outcome}. We do it with {product}.",
        2,
    ),
    (
        "{product} for {customer} in {market}: {name} lets them {outcome}.",
        1,
    ),
];

/// How the related sectors show up in a start-up's story.
const HOOK_LINES: &[&str] = &[
    "It comes with {hooks}.",
    "The offer includes {hooks}.",
    "It builds on {hooks}.",
];

const RAISE_LINES: &[&str] = &[
    "Raising {ask} to {use}.",
    "The company is raising {ask} to {use}.",
    "Now raising {ask} to {use}.",
];

/// One to three sentences: a pitch about the main sector's customers and products, the related
/// sectors, traction and the raise.
fn startup_description(rng: &mut R, p: &Profile, stage: &StageProfile, city: &str) -> String {
    let case = one(rng, text(p.sectors[0]).cases);
    let customer = one(rng, case.customers);
    let market = if p.countries.len() == 1 && city != p.countries[0].name() && chance(rng, 0.3) {
        format!("{city}, {}", country_name(p.countries[0]))
    } else {
        countries_phrase(&p.countries)
    };
    let employees = p.employees.unwrap_or(1).to_string();
    let revenue = p.annual_revenue_usd.filter(|r| r.0 > 0);
    let revenue_text = revenue.map(|r| r.to_string()).unwrap_or_default();
    let ask = p.funding_ask_usd.map(|a| a.to_string()).unwrap_or_default();
    let hooks: Vec<&str> = p.sectors[1..].iter().map(|s| text(*s).hook).collect();
    let hooks = join_and(&hooks);
    let vars: [(&str, &str); 12] = [
        ("name", p.name.as_str()),
        ("customer", customer),
        ("market", &market),
        ("city", city),
        ("product", case.product),
        ("problem", case.problem),
        ("outcome", case.outcome),
        ("employees", &employees),
        ("revenue", &revenue_text),
        ("ask", &ask),
        ("use", one(rng, stage.uses)),
        ("hooks", &hooks),
    ];

    let (pitch, mut sentences) = one(rng, PITCHES);
    let mut lines = vec![fill(pitch, &vars)];
    if p.sectors.len() > 1 {
        lines.push(fill(one(rng, HOOK_LINES), &vars));
        sentences += 1;
    }
    let traction = match one(rng, stage.traction) {
        t if t.contains("{revenue}") && revenue.is_none() => one(rng, PRE_REVENUE_TRACTION),
        t => t,
    };
    let mut extras = vec![traction];
    if p.funding_ask_usd.is_some() {
        extras.push(one(rng, RAISE_LINES));
    }
    extras.shuffle(rng);
    let wanted = rng.random_range(sentences..=3);
    lines.extend(
        extras
            .iter()
            .take(wanted - sentences)
            .map(|t| fill(t, &vars)),
    );
    capitalize(lines.join(" "))
}

// ---------------------------------------------------------------------------------------------
// Investors and partners
// ---------------------------------------------------------------------------------------------

/// Builds one investor: its type, then everything that type implies.
fn investor(rng: &mut R) -> Profile {
    let (kind, spec) = weighted(rng, INVESTORS, |(_, s)| s.weight);
    let mut p = organisation(rng, Kind::Investor, spec);
    p.investor_type = Some(*kind);
    p
}

/// Builds one partner: its type, then everything that type implies.
fn partner(rng: &mut R) -> Profile {
    let (kind, spec) = weighted(rng, PARTNERS, |(_, s)| s.weight);
    let mut p = organisation(rng, Kind::Partner, spec);
    p.partner_type = Some(*kind);
    p
}

/// Where an investor or partner works: the weights of a national, sub-regional, wider-regional
/// and global mandate.
struct Scope {
    /// Based in (and focused on) emerging markets.
    emerging: bool,
    /// Weights of [country, finest area, wider area, global].
    weights: [u32; 4],
    /// Chance that a national mandate also covers neighbouring countries.
    neighbours: f64,
}

/// What is typical of one investor or partner type.
struct OrgSpec {
    /// Share of this type among its kind.
    weight: u32,
    /// A person (an angel) rather than an organisation.
    person: bool,
    /// Ticket or grant range, USD, when it funds.
    ticket: Option<(f64, f64)>,
    /// The widest range of stages it works with.
    stages: (Stage, Stage),
    /// Instruments it provides when it funds, each with its chance.
    instruments: &'static [(Instrument, f64)],
    /// Support it offers, each with its chance (the first is kept if none is drawn).
    offers: &'static [(Support, f64)],
    /// Range of the number of sectors.
    sectors: (usize, usize),
    scope: Scope,
    /// Chance of naming SDGs.
    sdg_share: f64,
    /// Chance of applying lenses, and which (weighted).
    lens_share: f64,
    lenses: &'static [(Attribute, u32)],
    /// Range of founding years, if it makes sense for the type.
    founded: Option<(u16, u16)>,
    /// Name templates.
    names: &'static [&'static str],
    /// Opening sentences: each names the sectors, stages and geography.
    intros: &'static [&'static str],
}

/// The fields investors and partners share, drawn from their type's spec.
fn organisation(rng: &mut R, kind: Kind, spec: &OrgSpec) -> Profile {
    let home = pick_home(rng, spec.scope.emerging);
    let sector_count = rng.random_range(spec.sectors.0..=spec.sectors.1);
    let sectors = pick_sectors(rng, sector_count, home.market.market.emerging, 0.6);
    let (countries, regions) = coverage(rng, &home, &spec.scope);
    let names = NameParts::pick(rng, &home, text(sectors[0]));

    let mut p = Profile::new("", kind, fill(one(rng, spec.names), &names.vars()));
    p.stages = stage_range(rng, spec.stages);
    p.offers = flags_or_first(rng, spec.offers);
    if let Some((lo, hi)) = spec.ticket.filter(|_| p.offers.contains(&Support::Funding)) {
        let (min, max) = ticket(rng, lo, hi);
        p.ticket_min_usd = Some(min);
        p.ticket_max_usd = Some(max);
        p.instruments = flags_or_first(rng, spec.instruments);
    }
    p.sdgs = organisation_sdgs(rng, &sectors, spec.sdg_share);
    if chance(rng, spec.lens_share) {
        let count = rng.random_range(1..=2);
        p.attributes = pick_distinct(rng, spec.lenses, count);
    }
    p.founded = spec.founded.map(|(a, b)| rng.random_range(a..=b));
    p.sectors = sectors;
    p.countries = countries;
    p.regions = regions;
    p.description = organisation_description(rng, &p, spec, &names);
    p.website = website(rng, &p.name, home.country, 0.6);
    p
}

/// The words an organisation's name and description are made of.
struct NameParts {
    place: &'static str,
    word: &'static str,
    first: &'static str,
    last: &'static str,
    city: &'static str,
    country: &'static str,
    short: &'static str,
    ministry: &'static str,
    donor: &'static str,
    corp: String,
    members: String,
    weeks: &'static str,
}

impl NameParts {
    fn pick(rng: &mut R, home: &Home, sector: &SectorText) -> NameParts {
        let market = home.market.market;
        let mut parts = NameParts {
            place: one(rng, market.places),
            word: one(rng, BRAND_WORDS),
            first: one(rng, market.first_names),
            last: one(rng, market.last_names),
            city: home.city,
            country: home.country.name(),
            short: sector.short,
            ministry: sector.ministry,
            donor: one(rng, DONORS),
            corp: String::new(),
            members: rng.random_range(15..=300).to_string(),
            weeks: one(rng, &["8", "10", "12", "16", "24"]),
        };
        let corp_word = one(rng, sector.corp);
        parts.corp = fill(
            one(rng, CORPORATE_NAMES),
            &[
                ("place", parts.place),
                ("word", parts.word),
                ("last", parts.last),
                ("corp", corp_word),
            ],
        );
        parts
    }

    fn vars(&self) -> [(&'static str, &str); 12] {
        [
            ("place", self.place),
            ("word", self.word),
            ("first", self.first),
            ("last", self.last),
            ("city", self.city),
            ("country", self.country),
            ("short", self.short),
            ("ministry", self.ministry),
            ("donor", self.donor),
            ("corp", &self.corp),
            ("members", &self.members),
            ("weeks", self.weeks),
        ]
    }
}

/// Sentences beyond the intro; `{offers}` excludes funding for investors, and `{It}`/`{it}`/
/// `{Its}` name a person (an angel) by first name.
const INVESTOR_OFFER_LINES: &[&str] = &[
    "Beyond capital, {it} offers {offers}.",
    "Founders also get {offers}.",
];
const PARTNER_OFFER_LINES: &[&str] = &["{It} offers {offers}.", "Start-ups get {offers}."];
const MONEY_LINES: &[&str] = &[
    "{It} provides {instruments} of {ticket}.",
    "Typical tickets: {ticket}, as {instruments}.",
];
const INSTRUMENT_LINES: &[&str] = &["{It} invests through {instruments}."];
const LENS_LINES: &[&str] = &[
    "{It} gives priority to {lenses}.",
    "Special focus on {lenses}.",
];
const SDG_LINES: &[&str] = &[
    "Impact targets: {sdgs}.",
    "{Its} work contributes to {sdgs}.",
];

/// An intro naming the sectors, stages and geography, then up to two more sentences about
/// money, offers, lenses and SDGs.
fn organisation_description(rng: &mut R, p: &Profile, spec: &OrgSpec, names: &NameParts) -> String {
    let words = organisation_words(p, spec, names);
    let vars: Vec<(&str, &str)> = words.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let has = |key: &str| words.iter().any(|(k, v)| *k == key && !v.is_empty());

    let intro = one(rng, spec.intros);
    let mut lines = vec![fill(intro, &vars)];
    if has("ticket") && !intro.contains("{ticket}") {
        lines.push(fill(one(rng, MONEY_LINES), &vars));
    }
    let mut extras: Vec<&str> = Vec::new();
    if has("instruments") && !intro.contains("{instruments}") && lines.len() == 1 {
        extras.push(one(rng, INSTRUMENT_LINES));
    }
    if has("offers") && !intro.contains("{offers}") {
        let offer_lines = match p.kind {
            Kind::Partner => PARTNER_OFFER_LINES,
            _ => INVESTOR_OFFER_LINES,
        };
        extras.push(one(rng, offer_lines));
    }
    if has("lenses") {
        extras.push(one(rng, LENS_LINES));
    }
    if has("sdgs") {
        extras.push(one(rng, SDG_LINES));
    }
    extras.shuffle(rng);
    let count = rng.random_range(0..=(3 - lines.len()).min(extras.len()));
    lines.extend(extras[..count].iter().map(|t| fill(t, &vars)));
    capitalize(lines.join(" "))
}

/// The template variables of an investor's or partner's description, in words (empty when the
/// profile has nothing to say there).
fn organisation_words(
    p: &Profile,
    spec: &OrgSpec,
    names: &NameParts,
) -> Vec<(&'static str, String)> {
    let offers: Vec<&str> = p
        .offers
        .iter()
        .filter(|o| p.kind == Kind::Partner || **o != Support::Funding)
        .map(|o| support_phrase(*o))
        .collect();
    let themes: Vec<&str> = p.sectors.iter().map(|s| text(*s).theme).collect();
    let instruments: Vec<&str> = p
        .instruments
        .iter()
        .map(|i| instrument_phrase(*i))
        .collect();
    let lenses: Vec<&str> = p.attributes.iter().map(|a| lens_phrase(*a)).collect();
    let sdgs: Vec<String> = p
        .sdgs
        .iter()
        .map(|g| format!("{g} ({})", g.name()))
        .collect();
    let ticket = match (p.ticket_min_usd, p.ticket_max_usd) {
        (Some(min), Some(max)) => format!("{min}–{max}"),
        _ => String::new(),
    };
    // An angel is a person: "Fatou invests through equity", not "It invests ...".
    let first = names.first;
    let [it_upper, it_lower, its] = if spec.person {
        [first.to_string(), first.to_string(), format!("{first}'s")]
    } else {
        ["It", "it", "Its"].map(String::from)
    };
    let mut words: Vec<(&'static str, String)> = names
        .vars()
        .iter()
        .map(|(k, v)| (*k, v.to_string()))
        .collect();
    words.extend([
        ("It", it_upper),
        ("it", it_lower),
        ("Its", its),
        ("name", p.name.clone()),
        ("sectors", join_and(&themes)),
        ("stages", stages_phrase(&p.stages)),
        ("geo", coverage_phrase(&p.countries, &p.regions)),
        ("ticket", ticket),
        ("instruments", join_and(&instruments)),
        ("offers", join_and(&offers)),
        ("lenses", join_and(&lenses)),
        ("sdgs", join_and(&sdgs)),
    ]);
    words
}

/// Names shared by corporate partners and the corporates behind venture arms.
const CORPORATE_NAMES: &[&str] = &["{place} {corp}", "{word} {corp}", "{last} {corp}"];

/// Neutral words for fund, company and NGO names.
const BRAND_WORDS: &[&str] = &[
    "Kestrel",
    "Lighthouse",
    "Northstar",
    "Keystone",
    "Meridian",
    "Horizon",
    "Granite",
    "Summit",
    "Beacon",
    "Catalyst",
    "Anchor",
    "Compass",
    "Tidal",
    "Evergreen",
    "Bridgeway",
    "Pioneer",
    "Ironwood",
    "Silverline",
    "Bluebird",
    "Firefly",
    "Oakridge",
    "Riverstone",
];

/// Donor nationalities for (fictitious) development agencies.
const DONORS: &[&str] = &[
    "Danish",
    "Dutch",
    "Swedish",
    "Norwegian",
    "Finnish",
    "Swiss",
    "German",
    "French",
    "Irish",
    "Canadian",
    "Japanese",
    "Korean",
    "Australian",
    "British",
    "Belgian",
    "Austrian",
];

const INVESTORS: &[(InvestorType, OrgSpec)] = &[
    (
        InvestorType::Angel,
        OrgSpec {
            weight: 14,
            person: true,
            ticket: Some((10e3, 150e3)),
            stages: (Stage::Idea, Stage::Seed),
            instruments: &[(Instrument::Equity, 0.8), (Instrument::Convertible, 0.6)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Mentoring, 0.9),
                (Support::Networking, 0.6),
                (Support::Talent, 0.15),
            ],
            sectors: (1, 3),
            scope: Scope {
                emerging: false,
                weights: [70, 20, 8, 2],
                neighbours: 0.3,
            },
            sdg_share: 0.15,
            lens_share: 0.15,
            lenses: &[
                (Attribute::WomenLed, 4),
                (Attribute::YouthLed, 2),
                (Attribute::MinorityLed, 1),
            ],
            founded: None,
            names: &["{first} {last}"],
            intros: &[
                "{name} is a former founder who invests {ticket} in {stages} start-ups working on {sectors} in {geo}.",
                "Angel investor backing {stages} founders in {sectors} across {geo}, with cheques of {ticket}.",
            ],
        },
    ),
    (
        InvestorType::AngelNetwork,
        OrgSpec {
            weight: 8,
            person: false,
            ticket: Some((25e3, 500e3)),
            stages: (Stage::PreSeed, Stage::Seed),
            instruments: &[(Instrument::Equity, 0.8), (Instrument::Convertible, 0.7)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Networking, 0.95),
                (Support::Mentoring, 0.9),
                (Support::MarketAccess, 0.2),
            ],
            sectors: (2, 5),
            scope: Scope {
                emerging: false,
                weights: [50, 35, 13, 2],
                neighbours: 0.3,
            },
            sdg_share: 0.2,
            lens_share: 0.25,
            lenses: &[
                (Attribute::WomenLed, 5),
                (Attribute::YouthLed, 1),
                (Attribute::MinorityLed, 1),
            ],
            founded: Some((2005, 2023)),
            names: &[
                "{place} Angels",
                "{city} Angel Network",
                "{place} Business Angels",
                "{word} Angel Syndicate",
            ],
            intros: &[
                "{name} brings together {members} angel investors who back {stages} start-ups in {sectors} across {geo}.",
                "A network of {members} business angels co-investing {ticket} in {stages} companies in {sectors} in {geo}.",
            ],
        },
    ),
    (
        InvestorType::SeedFund,
        OrgSpec {
            weight: 15,
            person: false,
            ticket: Some((50e3, 1.5e6)),
            stages: (Stage::PreSeed, Stage::Seed),
            instruments: &[(Instrument::Equity, 0.9), (Instrument::Convertible, 0.7)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Mentoring, 0.7),
                (Support::Networking, 0.7),
                (Support::Talent, 0.3),
            ],
            sectors: (1, 4),
            scope: Scope {
                emerging: false,
                weights: [30, 40, 25, 5],
                neighbours: 0.4,
            },
            sdg_share: 0.25,
            lens_share: 0.15,
            lenses: &[
                (Attribute::WomenLed, 4),
                (Attribute::UniversitySpinout, 2),
                (Attribute::ClimatePositive, 2),
            ],
            founded: Some((2008, 2024)),
            names: &[
                "{place} Seed Fund",
                "{word} Seed Capital",
                "{place} Launch Fund",
                "{word} Early Ventures",
            ],
            intros: &[
                "{name} writes first cheques of {ticket} for {stages} founders building in {sectors} across {geo}.",
                "Seed fund investing {ticket} in {stages} companies in {sectors}, focused on {geo}.",
            ],
        },
    ),
    (
        InvestorType::VentureCapital,
        OrgSpec {
            weight: 20,
            person: false,
            ticket: Some((1e6, 20e6)),
            stages: (Stage::Seed, Stage::SeriesB),
            instruments: &[(Instrument::Equity, 1.0), (Instrument::Convertible, 0.3)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Networking, 0.8),
                (Support::Talent, 0.6),
                (Support::MarketAccess, 0.5),
                (Support::Mentoring, 0.4),
            ],
            sectors: (1, 5),
            scope: Scope {
                emerging: false,
                weights: [20, 30, 35, 15],
                neighbours: 0.5,
            },
            sdg_share: 0.2,
            lens_share: 0.1,
            lenses: &[
                (Attribute::WomenLed, 3),
                (Attribute::ClimatePositive, 2),
                (Attribute::UniversitySpinout, 2),
            ],
            founded: Some((1995, 2023)),
            names: &[
                "{place} Ventures",
                "{word} Capital",
                "{word} Venture Partners",
                "{place} Growth Partners",
            ],
            intros: &[
                "{name} leads {stages} rounds with tickets of {ticket} in {sectors} companies across {geo}.",
                "Venture capital firm backing ambitious {stages} teams in {sectors} in {geo}; typical cheque {ticket}.",
            ],
        },
    ),
    (
        InvestorType::ImpactFund,
        OrgSpec {
            weight: 14,
            person: false,
            ticket: Some((100e3, 5e6)),
            stages: (Stage::PreSeed, Stage::SeriesA),
            instruments: &[
                (Instrument::Equity, 0.7),
                (Instrument::Debt, 0.5),
                (Instrument::RevenueBased, 0.3),
                (Instrument::Convertible, 0.3),
            ],
            offers: &[
                (Support::Funding, 1.0),
                (Support::TechnicalAssistance, 0.7),
                (Support::Mentoring, 0.5),
                (Support::Networking, 0.4),
            ],
            sectors: (1, 4),
            scope: Scope {
                emerging: true,
                weights: [20, 50, 20, 10],
                neighbours: 0.5,
            },
            sdg_share: 1.0,
            lens_share: 0.5,
            lenses: &[
                (Attribute::WomenLed, 5),
                (Attribute::Rural, 2),
                (Attribute::SocialEnterprise, 2),
                (Attribute::ClimatePositive, 2),
                (Attribute::YouthLed, 1),
                (Attribute::RefugeeLed, 1),
            ],
            founded: Some((2000, 2023)),
            names: &[
                "{place} Impact Partners",
                "{place} Impact Fund",
                "{word} Impact Capital",
                "{word} Social Investment Fund",
            ],
            intros: &[
                "{name} invests {ticket} in {stages} businesses in {sectors} that deliver measurable social and environmental impact in {geo}.",
                "Impact investor providing {instruments} to {stages} enterprises in {sectors} across {geo}, with tickets of {ticket}.",
            ],
        },
    ),
    (
        InvestorType::DevelopmentFinance,
        OrgSpec {
            weight: 6,
            person: false,
            ticket: Some((1e6, 50e6)),
            stages: (Stage::SeriesA, Stage::Growth),
            instruments: &[
                (Instrument::Debt, 0.9),
                (Instrument::Equity, 0.7),
                (Instrument::RevenueBased, 0.1),
            ],
            offers: &[
                (Support::Funding, 1.0),
                (Support::TechnicalAssistance, 0.8),
                (Support::Networking, 0.3),
                (Support::Training, 0.2),
            ],
            sectors: (2, 5),
            scope: Scope {
                emerging: true,
                weights: [15, 35, 40, 10],
                neighbours: 0.6,
            },
            sdg_share: 1.0,
            lens_share: 0.3,
            lenses: &[
                (Attribute::WomenLed, 4),
                (Attribute::ClimatePositive, 3),
                (Attribute::Rural, 2),
            ],
            founded: Some((1960, 2015)),
            names: &[
                "{place} Development Finance Corporation",
                "{place} Enterprise Development Bank",
                "{donor} Enterprise Finance Facility",
                "{word} Development Capital",
            ],
            intros: &[
                "{name} provides {instruments} of {ticket} to {stages} companies in {sectors} across {geo}.",
                "Development finance institution financing {stages} businesses in {sectors} in {geo}, with tickets of {ticket}.",
            ],
        },
    ),
    (
        InvestorType::CorporateVc,
        OrgSpec {
            weight: 10,
            person: false,
            ticket: Some((500e3, 10e6)),
            stages: (Stage::Seed, Stage::SeriesB),
            instruments: &[(Instrument::Equity, 0.95), (Instrument::Convertible, 0.3)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Pilot, 0.8),
                (Support::MarketAccess, 0.7),
                (Support::Distribution, 0.6),
                (Support::TechnicalAssistance, 0.2),
            ],
            sectors: (1, 2),
            scope: Scope {
                emerging: false,
                weights: [30, 25, 25, 20],
                neighbours: 0.5,
            },
            sdg_share: 0.15,
            lens_share: 0.05,
            lenses: &[(Attribute::ClimatePositive, 2), (Attribute::WomenLed, 1)],
            founded: Some((2010, 2024)),
            names: &["{corp} Ventures", "{corp} Venture Fund"],
            intros: &[
                "{name} is the venture arm of {corp}, investing {ticket} in {stages} start-ups in {sectors} across {geo}.",
                "Corporate venture fund of {corp} backing {stages} companies in {sectors} in {geo} that can become partners of the group.",
            ],
        },
    ),
    (
        InvestorType::FamilyOffice,
        OrgSpec {
            weight: 8,
            person: false,
            ticket: Some((250e3, 10e6)),
            stages: (Stage::Seed, Stage::Growth),
            instruments: &[(Instrument::Equity, 0.9), (Instrument::Debt, 0.4)],
            offers: &[
                (Support::Funding, 1.0),
                (Support::Networking, 0.7),
                (Support::Mentoring, 0.4),
            ],
            sectors: (1, 4),
            scope: Scope {
                emerging: false,
                weights: [40, 25, 25, 10],
                neighbours: 0.4,
            },
            sdg_share: 0.2,
            lens_share: 0.15,
            lenses: &[
                (Attribute::SocialEnterprise, 2),
                (Attribute::ClimatePositive, 2),
                (Attribute::WomenLed, 2),
            ],
            founded: Some((1970, 2020)),
            names: &[
                "{last} Family Office",
                "{last} Family Holdings",
                "{last} & Partners Family Office",
            ],
            intros: &[
                "{name} is a single-family office investing {ticket} directly in {stages} companies in {sectors} across {geo}.",
                "Family office of the {last} family, taking long-term stakes of {ticket} in {stages} businesses in {sectors} in {geo}.",
            ],
        },
    ),
];

const PARTNERS: &[(PartnerType, OrgSpec)] = &[
    (
        PartnerType::Accelerator,
        OrgSpec {
            weight: 22,
            person: false,
            ticket: Some((20e3, 150e3)),
            stages: (Stage::PreSeed, Stage::SeriesA),
            instruments: &[
                (Instrument::Equity, 0.6),
                (Instrument::Grant, 0.4),
                (Instrument::Convertible, 0.3),
            ],
            offers: &[
                (Support::Mentoring, 0.95),
                (Support::Networking, 0.9),
                (Support::MarketAccess, 0.5),
                (Support::Training, 0.4),
                (Support::Funding, 0.35),
                (Support::Workspace, 0.3),
                (Support::Pilot, 0.2),
            ],
            sectors: (1, 4),
            scope: Scope {
                emerging: false,
                weights: [60, 30, 8, 2],
                neighbours: 0.3,
            },
            sdg_share: 0.4,
            lens_share: 0.2,
            lenses: &[
                (Attribute::WomenLed, 3),
                (Attribute::YouthLed, 2),
                (Attribute::ClimatePositive, 1),
            ],
            founded: Some((2008, 2023)),
            names: &[
                "{city} {short} Hub Accelerator",
                "{place} {short} Accelerator",
                "{word} Accelerator {city}",
                "{short} Launchpad {country}",
            ],
            intros: &[
                "{name} runs a {weeks}-week programme for {stages} start-ups in {sectors} across {geo}, offering {offers}.",
                "Cohort-based accelerator in {city} helping {stages} founders in {sectors} win customers and investors across {geo}.",
            ],
        },
    ),
    (
        PartnerType::Incubator,
        OrgSpec {
            weight: 15,
            person: false,
            ticket: Some((5e3, 50e3)),
            stages: (Stage::Idea, Stage::Seed),
            instruments: &[(Instrument::Grant, 0.8), (Instrument::Equity, 0.3)],
            offers: &[
                (Support::Mentoring, 0.9),
                (Support::Workspace, 0.85),
                (Support::Training, 0.7),
                (Support::Networking, 0.6),
                (Support::TechnicalAssistance, 0.3),
                (Support::Funding, 0.2),
            ],
            sectors: (1, 3),
            scope: Scope {
                emerging: false,
                weights: [75, 20, 5, 0],
                neighbours: 0.1,
            },
            sdg_share: 0.35,
            lens_share: 0.2,
            lenses: &[
                (Attribute::YouthLed, 3),
                (Attribute::WomenLed, 3),
                (Attribute::UniversitySpinout, 2),
            ],
            founded: Some((2005, 2023)),
            names: &[
                "{city} Innovation Incubator",
                "{word} Lab Incubator",
                "{short} Nest {city}",
                "{place} Founders Incubator",
            ],
            intros: &[
                "{name} supports {stages} founders in {sectors} in {geo} with {offers}.",
                "Incubator based in {city} that helps {stages} teams build {sectors} ventures for {geo}.",
            ],
        },
    ),
    (
        PartnerType::Corporate,
        OrgSpec {
            weight: 18,
            person: false,
            ticket: Some((100e3, 2e6)),
            stages: (Stage::Seed, Stage::Growth),
            instruments: &[(Instrument::Equity, 0.8), (Instrument::Convertible, 0.3)],
            offers: &[
                (Support::Pilot, 0.85),
                (Support::MarketAccess, 0.75),
                (Support::Distribution, 0.6),
                (Support::TechnicalAssistance, 0.2),
                (Support::Funding, 0.1),
            ],
            sectors: (1, 2),
            scope: Scope {
                emerging: false,
                weights: [35, 30, 20, 15],
                neighbours: 0.4,
            },
            sdg_share: 0.3,
            lens_share: 0.1,
            lenses: &[(Attribute::WomenLed, 1), (Attribute::ClimatePositive, 1)],
            founded: Some((1950, 2015)),
            names: &["{corp}"],
            intros: &[
                "{name} is a leading company in {geo} that runs pilots with {stages} start-ups in {sectors}.",
                "{name} works with {stages} start-ups in {sectors} across {geo}, offering {offers}.",
            ],
        },
    ),
    (
        PartnerType::Government,
        OrgSpec {
            weight: 12,
            person: false,
            ticket: Some((10e3, 500e3)),
            stages: (Stage::Idea, Stage::SeriesA),
            instruments: &[(Instrument::Grant, 1.0), (Instrument::Debt, 0.15)],
            offers: &[
                (Support::Regulatory, 0.8),
                (Support::Funding, 0.6),
                (Support::Pilot, 0.5),
                (Support::Training, 0.3),
                (Support::Workspace, 0.15),
            ],
            sectors: (2, 5),
            scope: Scope {
                emerging: false,
                weights: [1, 0, 0, 0],
                neighbours: 0.0,
            },
            sdg_share: 0.7,
            lens_share: 0.3,
            lenses: &[
                (Attribute::YouthLed, 3),
                (Attribute::WomenLed, 3),
                (Attribute::Rural, 2),
            ],
            founded: None,
            names: &[
                "Ministry of {ministry} ({country})",
                "{country} Innovation Agency",
                "{city} Smart City Office",
                "{country} Enterprise Development Authority",
                "National {short} Programme ({country})",
            ],
            intros: &[
                "{name} supports innovative {stages} SMEs in {sectors} in {geo} through {offers}.",
                "Public programme run by {name} that offers {offers} to {stages} companies in {sectors} in {geo}.",
            ],
        },
    ),
    (
        PartnerType::DevelopmentAgency,
        OrgSpec {
            weight: 10,
            person: false,
            ticket: Some((50e3, 2e6)),
            stages: (Stage::PreSeed, Stage::SeriesB),
            instruments: &[(Instrument::Grant, 1.0), (Instrument::Debt, 0.1)],
            offers: &[
                (Support::Funding, 0.9),
                (Support::TechnicalAssistance, 0.85),
                (Support::Training, 0.4),
                (Support::Networking, 0.3),
            ],
            sectors: (2, 5),
            scope: Scope {
                emerging: true,
                weights: [25, 45, 25, 5],
                neighbours: 0.6,
            },
            sdg_share: 0.95,
            lens_share: 0.5,
            lenses: &[
                (Attribute::WomenLed, 4),
                (Attribute::YouthLed, 2),
                (Attribute::Rural, 2),
                (Attribute::RefugeeLed, 1),
                (Attribute::ClimatePositive, 1),
            ],
            founded: Some((1960, 2015)),
            names: &[
                "{donor} Agency for Enterprise Cooperation",
                "{donor} Fund for Inclusive Growth",
                "{donor} Partnership for Sustainable Enterprise",
                "{place} Enterprise Facility",
            ],
            intros: &[
                "{name} funds {stages} enterprises in {sectors} across {geo} with {offers}.",
                "{name} backs inclusive growth in {geo}, supporting {stages} enterprises in {sectors} with {offers}.",
            ],
        },
    ),
    (
        PartnerType::KnowledgePartner,
        OrgSpec {
            weight: 12,
            person: false,
            ticket: None,
            stages: (Stage::Idea, Stage::SeriesA),
            instruments: &[],
            offers: &[
                (Support::Research, 0.9),
                (Support::Talent, 0.7),
                (Support::TechnicalAssistance, 0.5),
                (Support::Training, 0.3),
                (Support::Workspace, 0.2),
            ],
            sectors: (1, 3),
            scope: Scope {
                emerging: false,
                weights: [60, 15, 10, 15],
                neighbours: 0.2,
            },
            sdg_share: 0.4,
            lens_share: 0.3,
            lenses: &[
                (Attribute::UniversitySpinout, 4),
                (Attribute::WomenLed, 1),
                (Attribute::YouthLed, 1),
            ],
            founded: Some((1900, 2010)),
            names: &[
                "University of {city} {short} Centre",
                "{city} Institute of Technology",
                "{place} Institute for {short} Research",
                "{city} {short} Research Centre",
            ],
            intros: &[
                "{name} partners with {stages} start-ups in {sectors} across {geo} on {offers}.",
                "Research centre in {city} opening its labs and researchers to {stages} companies in {sectors} from {geo}.",
            ],
        },
    ),
    (
        PartnerType::ImplementationPartner,
        OrgSpec {
            weight: 11,
            person: false,
            ticket: None,
            stages: (Stage::Seed, Stage::Growth),
            instruments: &[],
            offers: &[
                (Support::Distribution, 0.8),
                (Support::Training, 0.7),
                (Support::Pilot, 0.6),
                (Support::MarketAccess, 0.3),
                (Support::TechnicalAssistance, 0.3),
            ],
            sectors: (1, 3),
            scope: Scope {
                emerging: true,
                weights: [50, 35, 15, 0],
                neighbours: 0.5,
            },
            sdg_share: 0.9,
            lens_share: 0.5,
            lenses: &[
                (Attribute::Rural, 4),
                (Attribute::WomenLed, 3),
                (Attribute::YouthLed, 2),
                (Attribute::RefugeeLed, 1),
            ],
            founded: Some((1980, 2020)),
            names: &[
                "{word} Foundation",
                "{place} Rural Development Trust",
                "{place} Community Enterprise Network",
                "{word} International",
            ],
            intros: &[
                "{name} brings proven {sectors} solutions to communities across {geo} through {offers}.",
                "Non-profit working across {geo} that helps {stages} companies in {sectors} reach last-mile customers.",
            ],
        },
    ),
];

/// A contiguous run of stages: usually the type's full range, sometimes one end narrower.
fn stage_range(rng: &mut R, (first, last): (Stage, Stage)) -> Vec<Stage> {
    let (mut a, mut b) = (first.index(), last.index());
    if b > a && chance(rng, 0.25) {
        a += 1;
    } else if b > a && chance(rng, 0.25) {
        b -= 1;
    }
    Stage::ALL[a..=b].to_vec()
}

/// Ticket range inside `[lo, hi]`: the minimum in the lower part, the maximum in the upper.
fn ticket(rng: &mut R, lo: f64, hi: f64) -> (Usd, Usd) {
    let span = (hi / lo).ln() * 0.45;
    let min = lo * (rng.random::<f64>() * span).exp();
    let max = hi / (rng.random::<f64>() * span).exp();
    (round_money(min), round_money(max))
}

/// One to four goals from the sectors' SDGs, with the chance given.
fn organisation_sdgs(rng: &mut R, sectors: &[Sector], share: f64) -> Vec<Sdg> {
    if !chance(rng, share) {
        return Vec::new();
    }
    let pool: Vec<(u8, u32)> = sectors
        .iter()
        .flat_map(|s| text(*s).sdgs)
        .map(|g| (*g, 1))
        .collect();
    let count = rng.random_range(1..=4);
    pick_distinct(rng, &pool, count)
        .into_iter()
        .map(sdg)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------

/// A country entry of a market: ISO alpha-2 code, weight within the market, main cities.
type CountryEntry = (&'static str, u32, &'static [&'static str]);

/// A group of countries with the words their companies are named with.
struct Market {
    /// Share of start-ups based here (percent).
    share: u32,
    /// An emerging market (where impact funds, DFIs and development agencies work).
    emerging: bool,
    countries: &'static [CountryEntry],
    /// Landmarks and names used in company and fund names ("Savannah", "Andes").
    places: &'static [&'static str],
    first_names: &'static [&'static str],
    last_names: &'static [&'static str],
}

/// Start-up shares sum to 100 (checked by a test). Kept compact by hand: one country a line.
#[rustfmt::skip]
const MARKETS: &[Market] = &[
    Market {
        share: 25, emerging: true,
        countries: &[
            ("NG", 16, &["Lagos", "Abuja", "Ibadan"]),
            ("KE", 14, &["Nairobi", "Mombasa", "Kisumu"]),
            ("ZA", 12, &["Cape Town", "Johannesburg", "Durban"]),
            ("GH", 8, &["Accra", "Kumasi"]),
            ("UG", 6, &["Kampala", "Gulu"]),
            ("TZ", 6, &["Dar es Salaam", "Arusha"]),
            ("RW", 5, &["Kigali"]),
            ("ET", 5, &["Addis Ababa"]),
            ("SN", 4, &["Dakar"]),
            ("CI", 4, &["Abidjan"]),
            ("CM", 3, &["Douala", "Yaoundé"]),
            ("ZM", 2, &["Lusaka"]),
            ("ZW", 2, &["Harare"]),
            ("BW", 2, &["Gaborone"]),
            ("CD", 2, &["Kinshasa", "Goma"]),
            ("MW", 1, &["Lilongwe", "Blantyre"]),
            ("MZ", 1, &["Maputo"]),
            ("NA", 1, &["Windhoek"]),
            ("BJ", 1, &["Cotonou"]),
            ("TG", 1, &["Lomé"]),
            ("BF", 1, &["Ouagadougou"]),
            ("AO", 1, &["Luanda"]),
        ],
        places: &["Savannah", "Baobab", "Kilimanjaro", "Sahel", "Zambezi", "Acacia", "Rift Valley", "Okavango", "Serengeti", "Ubuntu"],
        first_names: &["Amara", "Wanjiru", "Chidi", "Kwame", "Thandiwe", "Abebe", "Fatou", "Tendai", "Nnamdi", "Akosua", "Baraka", "Zawadi"],
        last_names: &["Okafor", "Kamau", "Mensah", "Nkosi", "Diallo", "Mwangi", "Adeyemi", "Tesfaye", "Otieno", "Moyo", "Uwase", "Banda"],
    },
    Market {
        share: 15, emerging: true,
        countries: &[
            ("BR", 20, &["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife"]),
            ("MX", 16, &["Mexico City", "Guadalajara", "Monterrey"]),
            ("CO", 12, &["Bogotá", "Medellín"]),
            ("AR", 10, &["Buenos Aires", "Córdoba"]),
            ("CL", 9, &["Santiago", "Valparaíso"]),
            ("PE", 8, &["Lima", "Arequipa"]),
            ("EC", 3, &["Quito", "Guayaquil"]),
            ("UY", 3, &["Montevideo"]),
            ("CR", 3, &["San José"]),
            ("GT", 2, &["Guatemala City"]),
            ("PA", 2, &["Panama City"]),
            ("DO", 2, &["Santo Domingo"]),
            ("JM", 2, &["Kingston"]),
            ("BO", 2, &["La Paz", "Santa Cruz"]),
            ("PY", 1, &["Asunción"]),
            ("HN", 1, &["Tegucigalpa"]),
            ("SV", 1, &["San Salvador"]),
            ("TT", 1, &["Port of Spain"]),
        ],
        places: &["Andes", "Pampa", "Amazonia", "Caribe", "Condor", "Ceiba", "Sierra", "Cumbre", "Selva", "Quetzal"],
        first_names: &["Lucía", "Mateo", "Camila", "Joaquín", "Valentina", "Diego", "Isabela", "Rafael", "Mariana", "Tomás"],
        last_names: &["Fernández", "Oliveira", "Gómez", "Silva", "Rojas", "Martínez", "Castillo", "Pereira", "Vargas", "Morales"],
    },
    Market {
        share: 8, emerging: true,
        countries: &[
            ("IN", 60, &["Bengaluru", "Mumbai", "Delhi", "Hyderabad", "Pune", "Chennai"]),
            ("PK", 14, &["Karachi", "Lahore", "Islamabad"]),
            ("BD", 14, &["Dhaka", "Chattogram"]),
            ("LK", 6, &["Colombo"]),
            ("NP", 6, &["Kathmandu"]),
        ],
        places: &["Ganges", "Deccan", "Indus", "Himalaya", "Lotus", "Monsoon", "Bodhi", "Kaveri"],
        first_names: &["Priya", "Arjun", "Ananya", "Rohan", "Ayesha", "Farhan", "Kavya", "Nikhil", "Sadia", "Ishaan"],
        last_names: &["Sharma", "Iyer", "Khan", "Rahman", "Patel", "Reddy", "Perera", "Shrestha", "Mehta", "Chowdhury"],
    },
    Market {
        share: 12, emerging: true,
        countries: &[
            ("ID", 24, &["Jakarta", "Bandung", "Surabaya"]),
            ("VN", 16, &["Ho Chi Minh City", "Hanoi", "Da Nang"]),
            ("SG", 16, &["Singapore"]),
            ("PH", 14, &["Manila", "Cebu"]),
            ("TH", 12, &["Bangkok", "Chiang Mai"]),
            ("MY", 10, &["Kuala Lumpur", "Penang"]),
            ("KH", 4, &["Phnom Penh"]),
            ("MM", 2, &["Yangon"]),
            ("LA", 2, &["Vientiane"]),
        ],
        places: &["Mekong", "Java", "Borneo", "Sunda", "Komodo", "Andaman", "Bamboo", "Lotus"],
        first_names: &["Siti", "Minh", "Ayu", "Rizal", "Linh", "Arif", "Mei", "Somchai", "Maria", "Budi"],
        last_names: &["Santoso", "Nguyen", "Tan", "Wijaya", "Reyes", "Lim", "Pham", "Halim", "Chaiyaporn", "Cruz"],
    },
    Market {
        share: 20, emerging: false,
        countries: &[
            ("GB", 16, &["London", "Manchester", "Edinburgh"]),
            ("DE", 14, &["Berlin", "Munich", "Hamburg"]),
            ("FR", 13, &["Paris", "Lyon", "Toulouse"]),
            ("ES", 8, &["Madrid", "Barcelona", "Valencia"]),
            ("NL", 7, &["Amsterdam", "Rotterdam", "Eindhoven"]),
            ("IT", 6, &["Milan", "Turin", "Rome"]),
            ("SE", 5, &["Stockholm", "Gothenburg"]),
            ("PL", 5, &["Warsaw", "Kraków"]),
            ("DK", 4, &["Copenhagen", "Aarhus"]),
            ("PT", 4, &["Lisbon", "Porto"]),
            ("CH", 4, &["Zurich", "Geneva", "Lausanne"]),
            ("FI", 3, &["Helsinki"]),
            ("NO", 3, &["Oslo"]),
            ("IE", 3, &["Dublin", "Cork"]),
            ("EE", 3, &["Tallinn"]),
            ("AT", 3, &["Vienna"]),
            ("BE", 3, &["Brussels", "Ghent"]),
            ("CZ", 2, &["Prague", "Brno"]),
            ("RO", 2, &["Bucharest", "Cluj-Napoca"]),
            ("GR", 2, &["Athens"]),
            ("LT", 2, &["Vilnius"]),
            ("UA", 2, &["Kyiv", "Lviv"]),
        ],
        places: &["Nordic", "Alpine", "Baltic", "Danube", "Rhine", "Atlantic", "Iberia", "Carpathian", "Aurora", "Meridian"],
        first_names: &["Sophie", "Lukas", "Elena", "Matteo", "Ingrid", "Pierre", "Anna", "Jakub", "Clara", "Søren"],
        last_names: &["Müller", "Dubois", "Rossi", "Jansen", "Nielsen", "Kowalski", "García", "Lindqvist", "O'Brien", "Novak"],
    },
    Market {
        share: 12, emerging: false,
        countries: &[
            ("US", 80, &["San Francisco", "New York", "Boston", "Austin", "Atlanta", "Chicago", "Seattle", "Denver"]),
            ("CA", 20, &["Toronto", "Montreal", "Vancouver", "Waterloo"]),
        ],
        places: &["Prairie", "Maple", "Cascade", "Hudson", "Lakeshore", "Redwood", "Frontier", "Great Lakes"],
        first_names: &["Emily", "Michael", "Aisha", "David", "Grace", "Marcus", "Olivia", "Daniel", "Sofia", "Jordan"],
        last_names: &["Carter", "Nguyen", "Johnson", "Bennett", "Okoro", "Hughes", "Tremblay", "Rivera", "Cohen", "Walker"],
    },
    Market {
        share: 4, emerging: true,
        countries: &[
            ("EG", 25, &["Cairo", "Alexandria"]),
            ("AE", 18, &["Dubai", "Abu Dhabi"]),
            ("MA", 14, &["Casablanca", "Rabat"]),
            ("SA", 12, &["Riyadh", "Jeddah"]),
            ("TR", 10, &["Istanbul", "Ankara"]),
            ("TN", 8, &["Tunis"]),
            ("JO", 8, &["Amman"]),
            ("IL", 5, &["Tel Aviv", "Haifa"]),
        ],
        places: &["Atlas", "Nile", "Oasis", "Levant", "Sahara", "Cedar", "Falcon", "Bosphorus"],
        first_names: &["Yasmine", "Omar", "Leila", "Karim", "Nour", "Tarek", "Salma", "Youssef", "Dana", "Emre"],
        last_names: &["Haddad", "El-Sayed", "Benali", "Mansour", "Aziz", "Kaya", "Nasser", "Khoury", "Farouk", "Amrani"],
    },
    Market {
        share: 4, emerging: false,
        countries: &[
            ("JP", 25, &["Tokyo", "Osaka", "Fukuoka"]),
            ("AU", 22, &["Sydney", "Melbourne", "Brisbane"]),
            ("KR", 20, &["Seoul", "Busan"]),
            ("CN", 15, &["Shenzhen", "Shanghai", "Beijing"]),
            ("TW", 10, &["Taipei", "Hsinchu"]),
            ("NZ", 8, &["Auckland", "Wellington"]),
        ],
        places: &["Sakura", "Pacific", "Koru", "Jade", "Coral", "Tasman"],
        first_names: &["Yuki", "Haruto", "Ji-woo", "Min-jun", "Wei", "Chloe", "Liam", "Aroha", "Kenji", "Hana"],
        last_names: &["Tanaka", "Kim", "Park", "Chen", "Watanabe", "Lin", "Smith", "Wilson", "Ngata", "Sato"],
    },
];

/// Areas emerging-market funders name besides their home region.
const EMERGING_AREAS: &[(Area, u32)] = &[
    (Area::EasternAfrica, 3),
    (Area::WesternAfrica, 3),
    (Area::SouthernAfrica, 2),
    (Area::MiddleAfrica, 1),
    (Area::NorthernAfrica, 1),
    (Area::SouthAmerica, 2),
    (Area::CentralAmerica, 1),
    (Area::Caribbean, 1),
    (Area::SouthernAsia, 2),
    (Area::SouthEasternAsia, 2),
];

/// A market with its country codes resolved.
struct Resolved {
    market: &'static Market,
    countries: Vec<Country>,
}

static RESOLVED: LazyLock<Vec<Resolved>> = LazyLock::new(|| {
    MARKETS
        .iter()
        .map(|market| Resolved {
            market,
            countries: market
                .countries
                .iter()
                .map(|(code, _, _)| Country::parse(code).expect("markets name ISO countries"))
                .collect(),
        })
        .collect()
});

/// Where a profile is based.
struct Home {
    market: &'static Resolved,
    country: Country,
    city: &'static str,
}

/// A market by share (emerging ones only when asked), a country in it by weight, a city.
fn pick_home(rng: &mut R, emerging_only: bool) -> Home {
    let markets: &'static [Resolved] = &RESOLVED;
    let market = weighted(rng, markets, |m| {
        if emerging_only && !m.market.emerging {
            0
        } else {
            m.market.share
        }
    });
    let i = weighted_index(rng, market.market.countries, |c| c.1);
    Home {
        market,
        country: market.countries[i],
        city: one(rng, market.market.countries[i].2),
    }
}

/// Up to `count` other countries of the home market in the same M49 (intermediate or sub-)
/// region.
fn neighbours(rng: &mut R, home: &Home, count: usize) -> Vec<Country> {
    if count == 0 {
        return Vec::new();
    }
    let area = home.country.areas().next();
    let pool: Vec<(Country, u32)> = home
        .market
        .countries
        .iter()
        .zip(home.market.market.countries)
        .filter(|(c, _)| **c != home.country && c.areas().next() == area)
        .map(|(c, entry)| (*c, entry.1))
        .collect();
    pick_distinct(rng, &pool, count)
}

/// An investor's or partner's mandate: its country (and neighbours), its M49 region (plus other
/// emerging regions for emerging-market funders), a wider region, or the whole world.
fn coverage(rng: &mut R, home: &Home, scope: &Scope) -> (Vec<Country>, Vec<Area>) {
    let finest = home.country.areas().next().unwrap_or(Area::Global);
    match weighted_index(rng, &scope.weights, |w| *w) {
        0 => {
            let mut countries = vec![home.country];
            if chance(rng, scope.neighbours) {
                let count = rng.random_range(1..=2);
                countries.extend(neighbours(rng, home, count));
            }
            (countries, Vec::new())
        }
        1 => {
            let mut areas = vec![finest];
            let mut countries = Vec::new();
            if scope.emerging && chance(rng, 0.5) {
                let count = rng.random_range(1..=2);
                let others: Vec<(Area, u32)> = EMERGING_AREAS
                    .iter()
                    .filter(|(a, _)| *a != finest)
                    .copied()
                    .collect();
                areas.extend(pick_distinct(rng, &others, count));
                if chance(rng, 0.3) {
                    countries.push(home.country);
                }
            }
            (countries, areas)
        }
        2 => (
            Vec::new(),
            vec![home.country.areas().nth(1).unwrap_or(finest)],
        ),
        _ => (Vec::new(), vec![Area::Global]),
    }
}

/// A country's name as used in a sentence ("the Philippines").
fn country_name(country: Country) -> String {
    const WITH_ARTICLE: &[&str] = &["US", "GB", "AE", "NL", "PH", "DO", "CD"];
    if WITH_ARTICLE.contains(&country.alpha2()) {
        format!("the {}", country.name())
    } else {
        country.name().to_string()
    }
}

/// "Kenya", "Kenya and Uganda", "Kenya, Uganda and Tanzania".
fn countries_phrase(countries: &[Country]) -> String {
    let names: Vec<String> = countries.iter().map(|c| country_name(*c)).collect();
    join_and(&names)
}

/// Countries and areas in words: "Kenya and Eastern Africa", "markets worldwide".
fn coverage_phrase(countries: &[Country], areas: &[Area]) -> String {
    let mut names: Vec<String> = countries.iter().map(|c| country_name(*c)).collect();
    names.extend(areas.iter().map(|a| {
        match a {
            Area::Global => "markets worldwide",
            Area::Americas => "the Americas",
            Area::Caribbean => "the Caribbean",
            other => other.label(),
        }
        .to_string()
    }));
    join_and(&names)
}

// ---------------------------------------------------------------------------------------------
// Sectors
// ---------------------------------------------------------------------------------------------

/// Everything the generator says about one sector.
struct SectorText {
    sector: Sector,
    /// Popularity among start-ups in [emerging, advanced] markets.
    weight: [u32; 2],
    /// Sectors a company in this one plausibly also works in.
    related: &'static [Sector],
    /// The SDGs the sector serves, most typical first.
    sdgs: &'static [u8],
    /// Start-up name roots ("Shamba") and tails ("Sense").
    roots: &'static [&'static str],
    tails: &'static [&'static str],
    /// What start-ups in the sector do, one coherent story each.
    cases: &'static [Case],
    /// How the sector shows up inside a start-up whose main sector is another one.
    hook: &'static str,
    /// How investors and partners name the sector in a thesis.
    theme: &'static str,
    /// One word for hub and programme names.
    short: &'static str,
    /// Words for corporate names in the sector ("Foods", "Telecom").
    corp: &'static [&'static str],
    /// The ministry in charge.
    ministry: &'static str,
}

/// One thing start-ups in a sector do: for whom (plural nouns), what goes wrong for them (a verb
/// phrase), what the start-up sells (a noun phrase) and what changes (a bare verb phrase).
#[derive(Clone, Copy)]
struct Case {
    customers: &'static [&'static str],
    problem: &'static str,
    product: &'static str,
    outcome: &'static str,
}

/// Shorthand for the case tables.
const fn case(
    customers: &'static [&'static str],
    problem: &'static str,
    product: &'static str,
    outcome: &'static str,
) -> Case {
    Case {
        customers,
        problem,
        product,
        outcome,
    }
}

/// The sector's text.
fn text(sector: Sector) -> &'static SectorText {
    &SECTORS[sector.index()]
}

/// Sectors by popularity: the first as drawn, the others often related to it.
fn pick_sectors(rng: &mut R, count: usize, emerging: bool, related_share: f64) -> Vec<Sector> {
    let column = usize::from(!emerging);
    let mut sectors = vec![weighted(rng, SECTORS, |s| s.weight[column]).sector];
    for _ in 0..count * 4 {
        if sectors.len() >= count {
            break;
        }
        let next = if chance(rng, related_share) {
            one(rng, text(sectors[0]).related)
        } else {
            weighted(rng, SECTORS, |s| s.weight[column]).sector
        };
        if !sectors.contains(&next) {
            sectors.push(next);
        }
    }
    sectors
}

/// In `Sector::ALL` order (checked by a test). Kept compact by hand: one case per line.
#[rustfmt::skip]
const SECTORS: &[SectorText] = &[
    SectorText {
        sector: Sector::Ai, weight: [5, 8], sdgs: &[9, 8, 4],
        related: &[Sector::EnterpriseSoftware, Sector::Health, Sector::Fintech, Sector::Cybersecurity, Sector::Media, Sector::Logistics],
        roots: &["Akili", "Cortex", "Neura", "Synapse", "Tensor", "Lumen", "Vector", "Aiko"],
        tails: &["AI", "Mind", "Logic", "Sight", "Minds"],
        cases: &[
            case(&["retailers", "wholesalers", "consumer brands"], "cannot forecast demand reliably", "a demand-forecasting engine trained on local sales data", "stock the right products before demand peaks"),
            case(&["banks and insurers", "microfinance lenders", "accounting firms"], "still process documents by hand", "machine-learning models that read invoices, IDs and contracts", "cut processing time in half"),
            case(&["call centres", "telecom operators", "public agencies"], "struggle to serve customers in local languages", "voice assistants that speak local languages", "serve customers in their own language"),
            case(&["manufacturers", "food processors", "packaging plants"], "miss defects until customers complain", "computer-vision tools for quality inspection", "catch defects on the line"),
            case(&["customer-support teams", "online retailers", "utilities"], "spend hours answering the same questions", "an AI co-pilot that drafts answers for support agents", "answer customers in minutes instead of days"),
        ],
        hook: "machine-learning models trained on local data", theme: "applied AI", short: "AI",
        corp: &["Technologies", "Data Group"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Blockchain, weight: [2, 3], sdgs: &[9, 16, 8],
        related: &[Sector::Fintech, Sector::Logistics, Sector::Govtech, Sector::EnterpriseSoftware, Sector::Agritech],
        roots: &["Tessera", "Hashi", "Kuza", "Mosaic", "Verity", "Amana"],
        tails: &["Chain", "Ledger", "Trust", "Node", "Proof"],
        cases: &[
            case(&["coffee exporters", "cocoa cooperatives", "textile exporters"], "cannot prove where their goods come from", "a traceability ledger for export supply chains", "prove the origin of every shipment"),
            case(&["land registries", "municipalities"], "depend on paper records that are easy to forge", "a tokenised registry for land titles", "keep records no one can tamper with"),
            case(&["remittance companies", "migrant workers", "importers"], "pay high fees to move money across borders", "a stablecoin settlement network", "settle cross-border payments in minutes"),
            case(&["suppliers", "freight forwarders", "agricultural buyers"], "wait months to get paid after delivery", "smart contracts that release payment on delivery", "get paid the moment goods arrive"),
            case(&["universities", "professional bodies", "employers"], "cannot verify certificates quickly", "tamper-proof digital credentials", "verify a diploma in seconds"),
        ],
        hook: "a shared ledger for tamper-proof records", theme: "web3 infrastructure", short: "Blockchain",
        corp: &["Digital Assets", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Iot, weight: [4, 4], sdgs: &[9, 11, 12],
        related: &[Sector::Agritech, Sector::ClimateEnergy, Sector::SmartCities, Sector::Manufacturing, Sector::Hardware, Sector::Logistics],
        roots: &["Telem", "Kipimo", "Pulsar", "Nodeo", "Wavio", "Ampli"],
        tails: &["Sense", "Sensors", "Track", "Metrics", "Link"],
        cases: &[
            case(&["water utilities", "irrigation schemes"], "cannot see how much water leaks from their networks", "smart water meters that report every hour", "find and fix leaks within days"),
            case(&["cold-chain operators", "pharmacies", "vaccine distributors"], "lose stock when fridges fail at night", "temperature loggers with SMS alerts", "cut losses from spoilage"),
            case(&["factory managers", "mining companies"], "find out about machine failures only when production stops", "a predictive-maintenance kit for ageing machines", "fix problems before they become breakdowns"),
            case(&["fleet operators", "equipment-rental firms"], "lose track of assets on the move", "battery-powered GPS trackers", "monitor assets in real time"),
            case(&["building owners", "hotels", "shopping malls"], "waste energy heating and cooling empty rooms", "occupancy sensors linked to a cloud dashboard", "reduce energy waste"),
        ],
        hook: "low-power connected sensors", theme: "connected devices", short: "IoT",
        corp: &["Electronics", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Health, weight: [8, 7], sdgs: &[3, 5, 10],
        related: &[Sector::Ai, Sector::Biotech, Sector::Fintech, Sector::Iot, Sector::Logistics],
        roots: &["Afya", "Salud", "Tiba", "Clinix", "Vida", "Sehat", "Arogya", "Nuru"],
        tails: &["Health", "Care", "Med", "Pulse", "Dx"],
        cases: &[
            case(&["rural clinics", "district hospitals"], "wait weeks for lab results", "point-of-care diagnostics that work without a lab", "diagnose patients the same day"),
            case(&["pharmacies", "health centres"], "run out of essential medicines every month", "a pharmacy stock-management platform", "keep essential medicines in stock"),
            case(&["patients in remote villages", "shift workers", "young mothers"], "travel hours to see a doctor", "a telemedicine app with local-language triage", "see a doctor without travelling"),
            case(&["patients with diabetes", "people with hypertension"], "are rarely followed between clinic visits", "remote patient monitoring with connected devices", "keep their condition under control"),
            case(&["informal workers", "low-income families"], "cannot afford regular check-ups", "pay-as-you-go health cover", "get care before small problems become emergencies"),
            case(&["community health workers", "clinics"], "keep patient records on paper", "an electronic medical record built for low-bandwidth settings", "follow every patient's history"),
        ],
        hook: "health services delivered with partner clinics", theme: "digital health", short: "Health",
        corp: &["Pharma", "Healthcare Group", "Hospitals"], ministry: "Health",
    },
    SectorText {
        sector: Sector::Fintech, weight: [10, 8], sdgs: &[8, 1, 10, 5],
        related: &[Sector::Ai, Sector::Blockchain, Sector::Ecommerce, Sector::EnterpriseSoftware, Sector::Agritech, Sector::Cybersecurity],
        roots: &["Pesa", "Kopa", "Rupi", "Dinero", "Mali", "Tanda", "Kredi", "Paisa"],
        tails: &["Pay", "Cash", "Credit", "Wallet", "Fin", "Bank"],
        cases: &[
            case(&["small merchants", "informal traders", "market vendors"], "cannot accept card or mobile payments", "QR-code payments that settle the same day", "accept digital payments"),
            case(&["micro-entrepreneurs", "SMEs", "women-owned shops"], "cannot get credit without collateral", "a credit-scoring engine that uses transaction data", "borrow against their sales history"),
            case(&["migrant workers", "diaspora families"], "pay high fees to send money home", "a low-cost remittance app", "send money home for a fraction of the cost"),
            case(&["suppliers", "SMEs"], "wait 90 days to be paid by large buyers", "invoice financing", "get paid faster"),
            case(&["gig workers", "savings groups", "smallholder households"], "have no safe place to save", "a mobile savings wallet with goal-based plans", "save and plan for the future"),
            case(&["SME owners", "small retailers"], "keep no digital record of their sales", "a bookkeeping app that builds a credit history", "qualify for their first loan"),
        ],
        hook: "built-in mobile-money payments and credit", theme: "financial inclusion", short: "Fintech",
        corp: &["Bank", "Financial Group", "Insurance"], ministry: "Finance",
    },
    SectorText {
        sector: Sector::Edtech, weight: [6, 5], sdgs: &[4, 8, 5, 10],
        related: &[Sector::Ai, Sector::Media, Sector::Games, Sector::Connectivity, Sector::Consumer],
        roots: &["Elimu", "Shule", "Vidya", "Aprende", "Escola", "Gyan", "Somo", "Ilm"],
        tails: &["Learn", "Academy", "Class", "Tutor", "Skills"],
        cases: &[
            case(&["secondary-school students", "public schools"], "lack textbooks and qualified teachers", "an offline-first learning app aligned with the national curriculum", "learn at their own pace"),
            case(&["students", "parents"], "cannot afford private tutoring", "AI tutoring over WhatsApp and SMS", "improve exam results"),
            case(&["young job seekers", "school leavers"], "finish school without the skills employers want", "short vocational courses with job placement", "find work after graduation"),
            case(&["teachers", "school principals"], "lose hours to paperwork and grading", "a school-management platform", "spend more time teaching"),
            case(&["adult learners", "career changers"], "cannot pay for a degree up front", "coding bootcamps with income-share agreements", "gain digital skills and better jobs"),
        ],
        hook: "short training courses for users", theme: "education", short: "EdTech",
        corp: &["Publishing", "Education Group"], ministry: "Education",
    },
    SectorText {
        sector: Sector::Agritech, weight: [10, 3], sdgs: &[2, 1, 13, 15, 12],
        related: &[Sector::Iot, Sector::ClimateEnergy, Sector::Fintech, Sector::Logistics, Sector::Ai, Sector::Ecommerce],
        roots: &["Shamba", "Kilimo", "Mavuno", "Krishi", "Campo", "Agro", "Mkulima", "Tani"],
        tails: &["Sense", "Grow", "Yield", "Harvest", "Farm", "Roots"],
        cases: &[
            case(&["smallholder farmers", "maize and rice growers"], "guess when to plant, water and fertilise", "low-cost soil sensors with SMS advice", "raise yields"),
            case(&["fruit and vegetable farmers", "farming cooperatives"], "lose up to a third of their harvest after picking", "solar-powered cold storage for fresh produce", "cut post-harvest losses"),
            case(&["smallholder farmers", "farming cooperatives", "horticulture growers"], "sell through middlemen who take most of the margin", "a marketplace that connects farmers directly to buyers", "sell their crops at fairer prices"),
            case(&["smallholder farmers", "agro-dealers"], "cannot get credit for seeds and fertiliser", "input financing repaid at harvest", "buy seeds and fertiliser on credit"),
            case(&["dairy farmers", "livestock keepers"], "lose animals to diseases caught too late", "a livestock health and breeding app", "keep their herds healthy"),
            case(&["crop insurers", "agribusinesses", "farming cooperatives"], "cannot see crop health across thousands of plots", "satellite-based crop monitoring", "spot crop stress weeks earlier"),
        ],
        hook: "advice and market links for farmers", theme: "agri-food", short: "Agri",
        corp: &["Foods", "Agri Holdings", "Seeds"], ministry: "Agriculture and Food Security",
    },
    SectorText {
        sector: Sector::ClimateEnergy, weight: [8, 8], sdgs: &[7, 13, 11, 12],
        related: &[Sector::Iot, Sector::Fintech, Sector::Mobility, Sector::Agritech, Sector::Manufacturing, Sector::SmartCities],
        roots: &["Jua", "Lumo", "Volta", "Umeme", "Surya", "Verde", "Nishati", "Kaze"],
        tails: &["Power", "Energy", "Grid", "Solar", "Carbon"],
        cases: &[
            case(&["off-grid households", "rural shops"], "rely on kerosene lamps and diesel generators", "pay-as-you-go solar home systems", "switch to clean, affordable power"),
            case(&["small factories", "commercial buildings"], "face power cuts several times a week", "battery storage that smooths out power cuts", "keep running during outages"),
            case(&["exporters", "mid-sized companies"], "cannot measure their carbon emissions", "a carbon-accounting platform", "measure and reduce emissions"),
            case(&["rural communities", "mini-grid developers"], "are far from the national grid", "solar mini-grids with smart meters", "get reliable electricity"),
            case(&["households", "school kitchens"], "cook on charcoal and firewood", "clean cooking stoves financed through carbon credits", "cook without smoke"),
            case(&["hotels", "hospitals", "office buildings"], "pay more for energy every year", "energy-efficiency retrofits paid from savings", "cut their energy bills"),
        ],
        hook: "solar-powered equipment", theme: "clean energy", short: "Climate",
        corp: &["Power", "Energy"], ministry: "Energy and Climate Change",
    },
    SectorText {
        sector: Sector::Mobility, weight: [4, 4], sdgs: &[11, 9, 13],
        related: &[Sector::ClimateEnergy, Sector::Logistics, Sector::SmartCities, Sector::Iot, Sector::Fintech],
        roots: &["Safari", "Boda", "Ruta", "Pikipiki", "Viaje", "Gari", "Trafik"],
        tails: &["Move", "Ride", "Go", "Motion", "Wheels"],
        cases: &[
            case(&["motorcycle-taxi riders", "delivery riders"], "spend too much of their income on fuel", "electric motorbikes with battery swapping", "cut fuel costs"),
            case(&["commuters", "students"], "cannot plan trips because minibuses have no timetable", "real-time transit data for informal buses", "get to work on time"),
            case(&["drivers", "taxi owners"], "cannot afford to buy a vehicle outright", "lease-to-own vehicle financing", "own their vehicle within two years"),
            case(&["bus operators", "delivery fleets"], "face rising fuel and maintenance costs", "a fleet-electrification and charging service", "run cleaner, cheaper fleets"),
            case(&["commuters", "office workers"], "sit in traffic for hours every day", "a ride-pooling app for shared minibuses", "travel faster for less"),
        ],
        hook: "electric-vehicle and transport services", theme: "mobility", short: "Mobility",
        corp: &["Motors", "Transport Group"], ministry: "Transport",
    },
    SectorText {
        sector: Sector::SmartCities, weight: [3, 3], sdgs: &[11, 6, 9],
        related: &[Sector::Iot, Sector::Govtech, Sector::Mobility, Sector::ClimateEnergy, Sector::Ai],
        roots: &["Barrio", "Civitas", "Mtaa", "Polis", "Nagar", "Ciudad"],
        tails: &["City", "Urban", "Place", "Metro", "Blocks"],
        cases: &[
            case(&["city councils", "waste collectors"], "collect waste on fixed routes whether bins are full or not", "smart waste bins with route optimisation", "cut collection costs"),
            case(&["municipalities", "urban planners"], "plan new infrastructure without reliable data", "a digital twin of city infrastructure", "plan services with real data"),
            case(&["low-income families", "young workers"], "cannot find affordable homes near jobs", "affordable modular housing", "rent or buy decent homes"),
            case(&["local governments", "city revenue offices"], "lose revenue from unregistered properties", "a property-tax mapping platform built on drone imagery", "raise local revenue"),
            case(&["city councils", "utilities"], "pay too much to light streets all night", "adaptive smart street lighting", "make streets safer for less"),
        ],
        hook: "tools for city planners", theme: "smart cities", short: "Urban",
        corp: &["Properties", "Infrastructure"], ministry: "Urban Development",
    },
    SectorText {
        sector: Sector::Space, weight: [1, 2], sdgs: &[9, 13, 15],
        related: &[Sector::Ai, Sector::Agritech, Sector::ClimateEnergy, Sector::Connectivity, Sector::Hardware],
        roots: &["Anga", "Astra", "Nyota", "Stella", "Zenith", "Cosmo", "Aether"],
        tails: &["Orbit", "Space", "Sat", "Sky", "Star"],
        cases: &[
            case(&["insurers", "agribusinesses"], "cannot verify damage on remote land", "satellite-imagery analytics", "price risk with fresh imagery"),
            case(&["forest agencies", "carbon-credit developers"], "learn about deforestation months too late", "near-real-time forest monitoring from orbit", "act on deforestation early"),
            case(&["universities", "national space agencies"], "depend on expensive foreign satellites", "nanosatellites for Earth observation", "own their Earth-observation data"),
            case(&["satellite operators", "research institutes"], "pay for ground stations they rarely use", "a ground-station-as-a-service network", "download data on demand"),
            case(&["oil and gas operators", "landfill operators"], "cannot see methane leaks", "methane detection from orbit", "find and fix leaks"),
        ],
        hook: "satellite imagery", theme: "space tech", short: "Space",
        corp: &["Aerospace"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Quantum, weight: [1, 2], sdgs: &[9],
        related: &[Sector::Ai, Sector::Cybersecurity, Sector::Hardware, Sector::Biotech],
        roots: &["Kvant", "Bloch", "Entangle", "Hilbert", "Spinor", "Planck"],
        tails: &["Q", "Quantum", "Qubit", "Labs", "Photonics"],
        cases: &[
            case(&["banks", "asset managers"], "need encryption that will survive quantum attacks", "post-quantum encryption libraries", "protect data against future quantum attacks"),
            case(&["logistics planners", "airlines"], "hit the limits of classical computing on routing problems", "quantum-inspired optimisation software", "solve scheduling problems faster"),
            case(&["drug-discovery teams", "materials scientists"], "spend months simulating molecules", "cloud access to quantum simulators", "simulate molecules in days"),
            case(&["research labs", "chip makers"], "cannot buy quantum hardware off the shelf", "a photonic quantum processor", "run experiments on real qubits"),
            case(&["navigation firms", "shipping companies"], "lose positioning when GPS fails", "quantum sensors for navigation", "navigate without GPS"),
        ],
        hook: "quantum-inspired optimisation", theme: "quantum computing", short: "Quantum",
        corp: &["Technologies"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Connectivity, weight: [3, 2], sdgs: &[9, 4, 10],
        related: &[Sector::Iot, Sector::Fintech, Sector::Edtech, Sector::Space, Sector::Hardware],
        roots: &["Mtandao", "Hewani", "Redes", "Signal", "Antena", "Ether"],
        tails: &["Net", "Link", "Fiber", "Connect", "Wave"],
        cases: &[
            case(&["rural communities", "market towns"], "still have no affordable internet", "community Wi-Fi hotspots paid by the hour", "get online for the first time"),
            case(&["mobile operators", "tower companies"], "cannot justify building towers in sparse areas", "solar-powered rural cell towers", "extend coverage profitably"),
            case(&["internet service providers", "small businesses"], "pay too much for unreliable connections", "a last-mile fibre network", "get fast, reliable broadband"),
            case(&["schools", "health centres"], "are cut off from online services", "TV white-space broadband", "connect classrooms and clinics"),
            case(&["mobile users", "students"], "pay some of the highest data prices in the world", "a zero-rated app platform", "pay less for data"),
        ],
        hook: "low-cost mobile connectivity", theme: "telecoms", short: "Connectivity",
        corp: &["Telecom", "Mobile"], ministry: "ICT and Digital Economy",
    },
    SectorText {
        sector: Sector::Cybersecurity, weight: [2, 4], sdgs: &[9, 16],
        related: &[Sector::Ai, Sector::Fintech, Sector::EnterpriseSoftware, Sector::Govtech, Sector::Quantum],
        roots: &["Ngao", "Escudo", "Sentinel", "Vault", "Aegis", "Kavach"],
        tails: &["Secure", "Guard", "Shield", "Defense", "Sec"],
        cases: &[
            case(&["banks", "fintech companies"], "face a rising wave of ransomware and fraud", "a managed detection-and-response service", "stop attacks before damage is done"),
            case(&["SMEs", "schools", "clinics"], "cannot afford a security team", "phishing-simulation training for staff", "train staff to spot phishing"),
            case(&["public agencies", "telecom operators"], "do not know which systems are exposed", "an attack-surface scanner", "see every exposed system"),
            case(&["companies", "hospitals"], "struggle to comply with new data-protection laws", "a data-protection compliance toolkit", "comply with data-protection law"),
            case(&["mobile-money providers", "payment processors"], "lose millions to SIM-swap fraud", "real-time fraud detection for mobile transactions", "block fraud in real time"),
        ],
        hook: "bank-grade security", theme: "cybersecurity", short: "Cyber",
        corp: &["Security", "Technologies"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Govtech, weight: [2, 2], sdgs: &[16, 11, 17],
        related: &[Sector::Ai, Sector::Cybersecurity, Sector::SmartCities, Sector::Fintech, Sector::Blockchain],
        roots: &["Civica", "Raia", "Jamii", "Nagrik", "Publica", "Ciudadano"],
        tails: &["Gov", "Desk", "Forms", "Services", "Registry"],
        cases: &[
            case(&["municipalities", "licensing offices"], "still process permits on paper", "a digital permits and licensing platform", "issue permits in days instead of months"),
            case(&["tax authorities", "local governments"], "collect only a fraction of the taxes due", "a revenue-collection system", "collect more revenue"),
            case(&["public procurement offices", "ministries"], "cannot track public spending in real time", "e-procurement software", "make spending transparent"),
            case(&["citizens", "small businesses"], "queue for days to get basic documents", "digital identity verification", "get public services online"),
            case(&["courts", "legal-aid clinics"], "face years-long case backlogs", "case-management software", "clear cases faster"),
        ],
        hook: "integrations with public registries", theme: "govtech", short: "GovTech",
        corp: &["Systems"], ministry: "Public Service",
    },
    SectorText {
        sector: Sector::Ecommerce, weight: [6, 5], sdgs: &[8, 9, 5],
        related: &[Sector::Fintech, Sector::Logistics, Sector::Consumer, Sector::Ai, Sector::Media],
        roots: &["Soko", "Duka", "Mercado", "Tienda", "Pasar", "Kart", "Haat", "Feira"],
        tails: &["Shop", "Cart", "Market", "Store", "Bazaar"],
        cases: &[
            case(&["neighbourhood shops", "informal retailers"], "buy stock from wholesalers at high prices", "a B2B ordering app", "restock at wholesale prices"),
            case(&["artisans", "small brands"], "cannot reach customers beyond their street", "a marketplace for handmade goods", "sell across the country"),
            case(&["online shoppers", "first-time buyers"], "do not trust online sellers", "a storefront builder with cash-on-delivery", "shop online with confidence"),
            case(&["resellers", "micro-entrepreneurs"], "have no capital to buy stock", "a social-commerce platform on WhatsApp", "start selling without inventory"),
            case(&["households", "office workers"], "pay high prices for groceries", "a group-buying app", "save on groceries"),
        ],
        hook: "an online storefront and marketplace", theme: "digital commerce", short: "Commerce",
        corp: &["Retail Group", "Stores"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Logistics, weight: [5, 4], sdgs: &[9, 8, 12],
        related: &[Sector::Ecommerce, Sector::Mobility, Sector::Iot, Sector::Ai, Sector::Agritech],
        roots: &["Safirisha", "Envio", "Cargo", "Lori", "Kargo", "Transito"],
        tails: &["Logistics", "Freight", "Route", "Ship", "Haul"],
        cases: &[
            case(&["shippers", "truck owners"], "send trucks back empty after every delivery", "a digital freight marketplace", "fill empty trucks"),
            case(&["online retailers", "restaurants"], "cannot promise delivery dates", "last-mile delivery by motorbike", "deliver on time"),
            case(&["importers", "exporters"], "lose days at the border", "customs-clearance software", "clear goods in hours"),
            case(&["SMEs", "distributors"], "pay for warehouse space they do not use", "on-demand warehousing", "cut logistics costs"),
            case(&["delivery fleets", "distributors"], "waste fuel on badly planned routes", "route optimisation for delivery fleets", "deliver more with fewer vehicles"),
        ],
        hook: "last-mile delivery", theme: "supply chains", short: "Logistics",
        corp: &["Freight", "Logistics", "Shipping"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Manufacturing, weight: [3, 4], sdgs: &[9, 12, 8],
        related: &[Sector::Iot, Sector::Hardware, Sector::Ai, Sector::ClimateEnergy, Sector::Logistics],
        roots: &["Kiwanda", "Forja", "Fabrica", "Udyog", "Torque", "Alloy"],
        tails: &["Works", "Fab", "Make", "Forge", "Industries"],
        cases: &[
            case(&["small factories", "textile mills"], "run machines at half capacity", "a factory-floor monitoring system", "raise output without new machines"),
            case(&["metal workshops", "equipment owners"], "import spare parts at high cost", "local 3D printing of spare parts", "make spare parts locally"),
            case(&["builders", "housing developers"], "pay high prices for cement and bricks", "building materials made from recycled plastic", "build for less"),
            case(&["food processors", "garment makers"], "cannot meet export quality standards", "quality-control software for export orders", "meet export standards"),
            case(&["hardware start-ups", "consumer brands"], "cannot find local factories for small runs", "on-demand contract manufacturing", "produce locally in small batches"),
        ],
        hook: "local manufacturing", theme: "advanced manufacturing", short: "Industry",
        corp: &["Industries", "Manufacturing"], ministry: "Industry",
    },
    SectorText {
        sector: Sector::Media, weight: [3, 3], sdgs: &[4, 8, 16],
        related: &[Sector::Ai, Sector::Games, Sector::Ecommerce, Sector::Edtech, Sector::Consumer],
        roots: &["Sauti", "Voz", "Habari", "Kahani", "Cuento", "Reel"],
        tails: &["Media", "Stories", "Studio", "Cast", "TV"],
        cases: &[
            case(&["film-makers", "local studios"], "lose audiences to global platforms", "a streaming app for local-language films", "reach audiences at home and abroad"),
            case(&["podcasters", "local musicians"], "cannot earn a living from their content", "a podcast and music network with revenue sharing", "earn from their audiences"),
            case(&["content creators", "influencers"], "wait weeks to be paid by brands", "a creator-payments platform", "get paid on time"),
            case(&["independent newsrooms", "local journalists"], "depend on a shrinking advertising market", "a news app with micro-subscriptions", "fund quality journalism"),
            case(&["advertisers", "radio stations"], "cannot measure who hears their ads", "an audio-advertising marketplace", "reach the right listeners"),
        ],
        hook: "video and audio content", theme: "creative industries", short: "Media",
        corp: &["Media Group", "Broadcasting"], ministry: "Information and Culture",
    },
    SectorText {
        sector: Sector::EnterpriseSoftware, weight: [6, 8], sdgs: &[8, 9],
        related: &[Sector::Ai, Sector::Fintech, Sector::Cybersecurity, Sector::Logistics, Sector::Ecommerce],
        roots: &["Kazi", "Ofisi", "Trabajo", "Ledgera", "Stack", "Karya"],
        tails: &["HQ", "Flow", "Desk", "Suite", "Ops", "Books"],
        cases: &[
            case(&["SMEs", "family businesses"], "run the business on spreadsheets", "cloud accounting and invoicing", "see their numbers in real time"),
            case(&["HR teams", "staffing agencies"], "pay staff late because payroll is manual", "payroll and HR software", "run payroll in minutes"),
            case(&["distributors", "wholesalers"], "cannot see stock across branches", "an inventory and distribution platform", "see stock across every branch"),
            case(&["field-sales teams", "FMCG distributors"], "take orders on paper", "a field-sales app that works offline", "sell more per visit"),
            case(&["mid-sized companies", "manufacturers"], "outgrow their accounting tools", "an ERP built for growing companies", "run operations in one system"),
        ],
        hook: "a cloud dashboard for managers", theme: "B2B software", short: "Software",
        corp: &["Systems", "Software"], ministry: "ICT and Innovation",
    },
    SectorText {
        sector: Sector::Consumer, weight: [4, 5], sdgs: &[12, 3, 8],
        related: &[Sector::Ecommerce, Sector::Health, Sector::Media, Sector::Fintech, Sector::Agritech],
        roots: &["Nyumbani", "Casa", "Ghar", "Bora", "Linda", "Nuvo", "Fresco"],
        tails: &["Home", "Goods", "Living", "Co", "Essentials"],
        cases: &[
            case(&["young urban families", "low-income households"], "pay too much for everyday essentials", "a direct-to-consumer brand of affordable essentials", "save on everyday purchases"),
            case(&["health-conscious shoppers", "students"], "find few healthy options on store shelves", "healthy snacks made from local crops", "eat better"),
            case(&["households", "eco-minded shoppers"], "throw away a mountain of plastic packaging", "refillable household products", "cut plastic waste"),
            case(&["new parents", "young families"], "cannot find affordable baby products", "a subscription box for baby products", "get what they need delivered every month"),
            case(&["homeowners", "renters"], "buy appliances that break within a year", "durable, repairable home appliances", "buy products that last"),
        ],
        hook: "consumer products sold through retail", theme: "consumer brands", short: "Consumer",
        corp: &["Brands", "Consumer Goods", "Breweries"], ministry: "Trade and Industry",
    },
    SectorText {
        sector: Sector::Hardware, weight: [2, 4], sdgs: &[9, 8],
        related: &[Sector::Iot, Sector::Manufacturing, Sector::Ai, Sector::ClimateEnergy, Sector::Space],
        roots: &["Mekano", "Volt", "Circuit", "Mashine", "Gizmo", "Chipa", "Servo"],
        tails: &["Robotics", "Devices", "Tech", "Labs", "Machines"],
        cases: &[
            case(&["warehouses", "distribution centres"], "cannot find workers for repetitive tasks", "low-cost warehouse robots", "automate repetitive tasks"),
            case(&["field agents", "survey teams"], "break consumer devices in harsh conditions", "rugged tablets built for field work", "work anywhere"),
            case(&["electronics makers", "universities"], "import every component at high cost", "a modular electronics platform for local assembly", "build devices locally"),
            case(&["utilities", "mining companies"], "send crews to inspect dangerous sites", "inspection drones", "inspect sites safely"),
            case(&["clinics", "hospitals"], "cannot afford imported medical equipment", "affordable, locally made medical devices", "equip wards for a fraction of the cost"),
        ],
        hook: "custom-designed electronics", theme: "robotics", short: "Robotics",
        corp: &["Electronics", "Engineering"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Biotech, weight: [2, 4], sdgs: &[3, 2, 9],
        related: &[Sector::Health, Sector::Agritech, Sector::Ai, Sector::Quantum],
        roots: &["Genia", "Bioma", "Enzym", "Kinga", "Vitae", "Dawa", "Myco"],
        tails: &["Bio", "Genomics", "Therapeutics", "Cell", "Gene"],
        cases: &[
            case(&["health ministries", "vaccine distributors"], "lose vaccines when the cold chain breaks", "thermostable vaccines", "deliver vaccines without a cold chain"),
            case(&["research labs", "diagnostic labs"], "rely on imported reagents", "low-cost reagents produced locally", "source reagents locally"),
            case(&["hospitals", "clinics"], "cannot diagnose infections quickly", "rapid molecular tests for infectious disease", "diagnose infections in hours"),
            case(&["crop farmers", "seed companies"], "depend on costly chemical fertiliser", "bio-fertilisers from local microbes", "grow more with less fertiliser"),
            case(&["hospitals", "research institutes"], "send samples abroad for sequencing", "genomic sequencing as a service", "get genomic results locally"),
        ],
        hook: "lab-validated biology", theme: "life sciences", short: "Biotech",
        corp: &["Life Sciences", "Pharma"], ministry: "Science and Technology",
    },
    SectorText {
        sector: Sector::Games, weight: [2, 3], sdgs: &[4, 8],
        related: &[Sector::Media, Sector::Edtech, Sector::Blockchain, Sector::Consumer, Sector::Ai],
        roots: &["Cheza", "Juego", "Khel", "Pixel", "Mchezo", "Jogo"],
        tails: &["Games", "Play", "Studio", "Arcade", "Quest"],
        cases: &[
            case(&["mobile gamers", "casual players"], "find few games that reflect their culture", "casual mobile games rooted in local stories", "play games that feel local"),
            case(&["esports fans", "amateur teams"], "have no local tournaments to join", "an esports tournament platform", "compete and get noticed"),
            case(&["teachers", "primary schools"], "struggle to keep pupils engaged", "educational games for classrooms", "teach through play"),
            case(&["gamers on budget phones", "teenagers"], "cannot run big titles on low-end phones", "lightweight games built for any phone", "play on any phone"),
            case(&["indie developers", "small studios"], "cannot reach players or get paid", "a game-publishing platform for local developers", "publish and monetise their games"),
        ],
        hook: "game mechanics that keep users engaged", theme: "gaming", short: "Games",
        corp: &["Entertainment"], ministry: "Youth and Culture",
    },
];

// ---------------------------------------------------------------------------------------------
// Words for taxonomy values
// ---------------------------------------------------------------------------------------------

/// A stage inside a sentence ("seed to Series B").
fn stage_word(stage: Stage) -> &'static str {
    match stage {
        Stage::Idea => "idea-stage",
        Stage::PreSeed => "pre-seed",
        Stage::Seed => "seed",
        Stage::SeriesA => "Series A",
        Stage::SeriesB => "Series B",
        Stage::Growth => "growth-stage",
    }
}

/// A contiguous run of stages in words: "seed", "pre-seed and seed", "seed to Series B".
fn stages_phrase(stages: &[Stage]) -> String {
    match stages {
        [] => "all-stage".to_string(),
        [only] => stage_word(*only).to_string(),
        [a, b] => format!("{} and {}", stage_word(*a), stage_word(*b)),
        [first, .., last] => format!("{} to {}", stage_word(*first), stage_word(*last)),
    }
}

/// Support as offered in a sentence.
fn support_phrase(support: Support) -> &'static str {
    match support {
        Support::Funding => "funding",
        Support::Mentoring => "hands-on mentoring",
        Support::Pilot => "pilot projects",
        Support::MarketAccess => "access to customers",
        Support::Distribution => "distribution channels",
        Support::TechnicalAssistance => "technical assistance",
        Support::Talent => "help with key hires",
        Support::Networking => "introductions to investors and partners",
        Support::Training => "training",
        Support::Workspace => "workspace",
        Support::Research => "joint research",
        Support::Regulatory => "regulatory guidance",
    }
}

/// An instrument as provided in a sentence.
fn instrument_phrase(instrument: Instrument) -> &'static str {
    match instrument {
        Instrument::Grant => "grants",
        Instrument::Equity => "equity",
        Instrument::Convertible => "convertible notes",
        Instrument::Debt => "loans",
        Instrument::RevenueBased => "revenue-based financing",
    }
}

/// An attribute as an investor's or partner's lens.
fn lens_phrase(attribute: Attribute) -> &'static str {
    match attribute {
        Attribute::WomenLed => "women-led teams",
        Attribute::YouthLed => "young founders",
        Attribute::MinorityLed => "under-represented founders",
        Attribute::RefugeeLed => "refugee entrepreneurs",
        Attribute::Rural => "rural businesses",
        Attribute::SocialEnterprise => "social enterprises",
        Attribute::ClimatePositive => "climate-positive businesses",
        Attribute::UniversitySpinout => "university spin-outs",
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// True with probability `p`.
fn chance(rng: &mut R, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// A uniformly chosen element of a non-empty slice.
fn one<T: Copy>(rng: &mut R, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The index of an element chosen with probability proportional to its weight.
fn weighted_index<T>(rng: &mut R, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total);
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if roll < w {
            return i;
        }
        roll -= w;
    }
    unreachable!("the roll is below the total weight")
}

/// An element chosen with probability proportional to its weight.
fn weighted<'a, T>(rng: &mut R, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    &items[weighted_index(rng, items, weight)]
}

/// Up to `count` distinct values, drawn by weight without replacement.
fn pick_distinct<T: Copy + PartialEq>(rng: &mut R, items: &[(T, u32)], count: usize) -> Vec<T> {
    let mut chosen: Vec<T> = Vec::with_capacity(count);
    while chosen.len() < count {
        let left: Vec<(T, u32)> = items
            .iter()
            .filter(|(t, w)| *w > 0 && !chosen.contains(t))
            .copied()
            .collect();
        if left.is_empty() {
            break;
        }
        chosen.push(weighted(rng, &left, |e| e.1).0);
    }
    chosen
}

/// Each value kept with its own chance; the first one if none was drawn.
fn flags_or_first<T: Copy>(rng: &mut R, items: &[(T, f64)]) -> Vec<T> {
    let mut kept: Vec<T> = items
        .iter()
        .filter(|(_, p)| chance(rng, *p))
        .map(|(t, _)| *t)
        .collect();
    if kept.is_empty()
        && let Some((first, _)) = items.first()
    {
        kept.push(*first);
    }
    kept
}

/// A value between `lo` and `hi` whose logarithm is uniform.
fn log_uniform(rng: &mut R, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi / lo).ln()).exp()
}

/// Money rounded to two significant digits, the way people quote it ($480k, $1.3M).
fn round_money(value: f64) -> Usd {
    if value < 1.0 {
        return Usd(0);
    }
    let unit = 10f64.powi(value.log10().floor() as i32 - 1).max(1.0);
    Usd(((value / unit).round() * unit) as u64)
}

/// An SDG from the tables (which hold goals 1–17 only).
fn sdg(number: u8) -> Sdg {
    Sdg::new(number).expect("the tables hold SDGs 1-17")
}

/// Replaces every `{key}` in the template with its value.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 96);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("placeholders are closed");
        let key = &rest[open + 1..close];
        let value = vars
            .iter()
            .find(|(k, _)| *k == key)
            .unwrap_or_else(|| panic!("template variable `{key}` is not set"))
            .1;
        out.push_str(&rest[..open]);
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The text with its first letter in upper case.
fn capitalize(mut text: String) -> String {
    if let Some(first) = text.chars().next()
        && first.is_lowercase()
    {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    text
}

/// "a", "a and b", "a, b and c".
fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// A website for ASCII names, with the chance given: `https://shambasense.co`.
fn website(rng: &mut R, name: &str, country: Country, share: f64) -> Option<String> {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !chance(rng, share) || !name.is_ascii() || slug.is_empty() || slug.len() > 30 {
        return None;
    }
    let tld = match rng.random_range(0..20) {
        0..=7 => "com".to_string(),
        8..=10 => "io".to_string(),
        11 | 12 => "co".to_string(),
        _ if country.alpha2() == "GB" => "co.uk".to_string(),
        _ => country.alpha2().to_ascii_lowercase(),
    };
    Some(format!("https://{slug}.{tld}"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::LazyLock;

    use super::*;

    const CONFIG: SynthConfig = SynthConfig {
        startups: 2_000,
        investors: 300,
        partners: 200,
        seed: 42,
    };

    static SAMPLE: LazyLock<Vec<Profile>> = LazyLock::new(|| generate(&CONFIG));

    fn of_kind(kind: Kind) -> impl Iterator<Item = &'static Profile> {
        SAMPLE.iter().filter(move |p| p.kind == kind)
    }

    fn share(kind: Kind, test: impl Fn(&Profile) -> bool) -> f64 {
        let (hits, total) =
            of_kind(kind).fold((0, 0), |(h, t), p| (h + usize::from(test(p)), t + 1));
        hits as f64 / total as f64
    }

    #[test]
    fn tables_are_consistent() {
        assert_eq!(SECTORS.len(), Sector::COUNT);
        for (text, sector) in SECTORS.iter().zip(Sector::ALL) {
            assert_eq!(
                text.sector, *sector,
                "SECTORS must follow Sector::ALL order"
            );
            assert!(!text.related.contains(sector), "{sector} relates to itself");
            for root in text.roots {
                for tail in text.tails {
                    let stem = |w: &str| w.to_lowercase().chars().take(4).collect::<String>();
                    assert_ne!(
                        stem(root),
                        stem(tail),
                        "{sector}: `{root}{tail}` repeats itself"
                    );
                }
            }
            let farming = text.cases.iter().all(|c| !c.customers.is_empty());
            assert!(
                farming && text.cases.len() >= 5,
                "{sector} needs five cases"
            );
            assert!(text.sdgs.iter().all(|g| (1..=17).contains(g)));
        }
        assert_eq!(STAGES.len(), Stage::COUNT);
        assert!(
            STAGES
                .iter()
                .zip(Stage::ALL)
                .all(|(s, stage)| s.stage == *stage)
        );
        assert_eq!(INVESTORS.len(), InvestorType::COUNT);
        assert_eq!(PARTNERS.len(), PartnerType::COUNT);
        for (kind, spec) in INVESTORS {
            assert_eq!(
                spec.person,
                *kind == InvestorType::Angel,
                "{kind}: only angels are people"
            );
        }
        assert!(PARTNERS.iter().all(|(_, spec)| !spec.person));
        assert_eq!(MARKETS.iter().map(|m| m.share).sum::<u32>(), 100);
        assert_eq!(RESOLVED.len(), MARKETS.len());
    }

    #[test]
    fn same_seed_same_output_on_any_thread_count() {
        let small = SynthConfig {
            startups: 300,
            investors: 60,
            partners: 40,
            seed: 42,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let single = pool.install(|| generate(&small));
        assert_eq!(single, generate(&small));
        assert_eq!(
            &single[..300],
            &SAMPLE[..300],
            "profile i does not depend on the counts"
        );
        let other = generate(&SynthConfig { seed: 43, ..small });
        assert_ne!(single, other);
        let same_ids = single
            .iter()
            .zip(&other)
            .filter(|(a, b)| a.name == b.name)
            .count();
        assert!(same_ids < 40, "{same_ids} names unchanged by a new seed");
    }

    #[test]
    fn counts_order_and_ids() {
        assert_eq!(SAMPLE.len(), CONFIG.total());
        assert!(SAMPLE[..2_000].iter().all(|p| p.kind == Kind::Startup));
        assert!(
            SAMPLE[2_000..2_300]
                .iter()
                .all(|p| p.kind == Kind::Investor)
        );
        assert!(SAMPLE[2_300..].iter().all(|p| p.kind == Kind::Partner));
        assert_eq!(SAMPLE[0].id, "st-0001");
        assert_eq!(SAMPLE[1_999].id, "st-2000");
        assert_eq!(SAMPLE[2_000].id, "inv-0001");
        assert_eq!(SAMPLE[2_300].id, "pt-0001");
        let ids: HashSet<&str> = SAMPLE.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), SAMPLE.len());
        let big = SynthConfig {
            startups: 12_345,
            investors: 0,
            partners: 1,
            seed: 1,
        };
        let profiles = generate(&big);
        assert_eq!(profiles[0].id, "st-00001");
        assert_eq!(profiles[12_344].id, "st-12345");
        assert_eq!(profiles[12_345].id, "pt-0001");
        assert!(
            generate(&SynthConfig {
                startups: 0,
                investors: 0,
                partners: 0,
                seed: 1
            })
            .is_empty()
        );
    }

    #[test]
    fn every_profile_is_valid_normal_and_round_trips() {
        for p in SAMPLE.iter() {
            let back = Profile::from_json(&p.to_json()).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert_eq!(&back, p);
            assert!(
                !p.description.is_empty() && !p.sectors.is_empty(),
                "{}",
                p.id
            );
            assert!(!p.countries.is_empty() || !p.regions.is_empty(), "{}", p.id);
            assert!(!p.description.contains('{'), "{}: {}", p.id, p.description);
        }
    }

    #[test]
    fn every_sector_and_type_appears() {
        let sectors: HashSet<Sector> = of_kind(Kind::Startup)
            .flat_map(|p| p.sectors.clone())
            .collect();
        assert_eq!(sectors.len(), Sector::COUNT);
        let investor_types: HashSet<_> = of_kind(Kind::Investor)
            .filter_map(|p| p.investor_type)
            .collect();
        assert_eq!(investor_types.len(), InvestorType::COUNT);
        let partner_types: HashSet<_> = of_kind(Kind::Partner)
            .filter_map(|p| p.partner_type)
            .collect();
        assert_eq!(partner_types.len(), PartnerType::COUNT);
        let stages: HashSet<_> = of_kind(Kind::Startup).filter_map(|p| p.stage).collect();
        assert_eq!(stages.len(), Stage::COUNT);
        let sizes: HashSet<_> = of_kind(Kind::Startup)
            .filter_map(|p| p.size_class())
            .collect();
        for size in ["micro", "small", "medium"] {
            assert!(sizes.contains(size), "no {size} companies");
        }
    }

    #[test]
    fn regional_shares_match_the_targets() {
        let within = |area: Area| {
            move |p: &Profile| p.countries.iter().any(|c| c.areas().any(|a| a == area))
        };
        let targets = [
            (vec![Area::SubSaharanAfrica], 0.25),
            (vec![Area::LatinAmerica], 0.15),
            (vec![Area::SouthernAsia, Area::SouthEasternAsia], 0.20),
            (vec![Area::Europe], 0.20),
            (vec![Area::NorthernAmerica], 0.12),
        ];
        for (areas, target) in targets {
            let got = share(Kind::Startup, |p| areas.iter().any(|a| within(*a)(p)));
            assert!(
                (got - target).abs() < 0.03,
                "{areas:?}: {got:.3} vs {target}"
            );
        }
        // Multi-country start-ups stay within one M49 region.
        for p in of_kind(Kind::Startup).filter(|p| p.countries.len() > 1) {
            let first = p.countries[0].areas().next();
            assert!(
                p.countries.iter().all(|c| c.areas().next() == first),
                "{}",
                p.id
            );
        }
        let multi = share(Kind::Startup, |p| p.countries.len() > 1);
        assert!((0.1..0.3).contains(&multi), "{multi}");
    }

    #[test]
    fn money_size_and_age_fit_the_stage() {
        for p in of_kind(Kind::Startup) {
            let stage = p.stage.unwrap();
            let employees = p.employees.unwrap();
            let founded = p.founded.unwrap();
            assert!((2008..=2025).contains(&founded), "{}", p.id);
            if let Some(ask) = p.funding_ask_usd {
                let ask = ask.0;
                match stage {
                    Stage::Idea | Stage::PreSeed => {
                        assert!((20_000..1_000_000).contains(&ask), "{}", p.id)
                    }
                    Stage::Seed => assert!((150_000..=2_000_000).contains(&ask), "{}", p.id),
                    Stage::SeriesA => assert!((2_000_000..=15_000_000).contains(&ask), "{}", p.id),
                    Stage::SeriesB => assert!(ask >= 5_000_000, "{}", p.id),
                    Stage::Growth => assert!(ask >= 20_000_000, "{}", p.id),
                }
                assert!(!p.instruments.is_empty());
            } else {
                assert!(p.instruments.is_empty());
            }
            match stage {
                Stage::Idea => {
                    assert!(employees <= 5);
                    assert_eq!(p.annual_revenue_usd, Some(Usd(0)));
                }
                Stage::Growth => assert!(employees >= 100),
                _ => {}
            }
        }
        for p in of_kind(Kind::Investor) {
            let (min, max) = (p.ticket_min_usd.unwrap(), p.ticket_max_usd.unwrap());
            assert!(min <= max, "{}", p.id);
            if p.investor_type == Some(InvestorType::Angel) {
                assert!(max.0 <= 150_000 && p.stages.iter().all(|s| *s <= Stage::Seed));
            }
            assert!(p.offers.contains(&Support::Funding) && !p.instruments.is_empty());
        }
        for p in of_kind(Kind::Partner) {
            let funds = p.offers.contains(&Support::Funding);
            assert_eq!(funds, p.ticket_max_usd.is_some(), "{}", p.id);
            if let (Some(min), Some(max)) = (p.ticket_min_usd, p.ticket_max_usd) {
                assert!(min <= max);
            }
        }
        let asks = share(Kind::Startup, |p| p.funding_ask_usd.is_some());
        assert!((0.8..0.9).contains(&asks), "{asks}");
    }

    #[test]
    fn tags_have_realistic_shares() {
        let tagged = share(Kind::Startup, |p| !p.sdgs.is_empty());
        assert!((0.65..0.75).contains(&tagged), "SDGs on {tagged}");
        let women = share(Kind::Startup, |p| {
            p.attributes.contains(&Attribute::WomenLed)
        });
        assert!((0.22..0.28).contains(&women), "women-led {women}");
        let rural = |p: &Profile| p.attributes.contains(&Attribute::Rural);
        let agri = of_kind(Kind::Startup).filter(|p| p.sectors.contains(&Sector::Agritech));
        let (agri_rural, agri_total) =
            agri.fold((0, 0), |(r, t), p| (r + usize::from(rural(p)), t + 1));
        assert!(agri_rural as f64 / agri_total as f64 > 2.0 * share(Kind::Startup, rural));
        for p in of_kind(Kind::Investor) {
            if matches!(
                p.investor_type,
                Some(InvestorType::ImpactFund | InvestorType::DevelopmentFinance)
            ) {
                assert!(!p.sdgs.is_empty(), "{}", p.id);
            }
        }
        // Every start-up tagged with SDGs names its main sector's first goal, e.g. health → 3.
        let health_three = of_kind(Kind::Startup)
            .filter(|p| p.sectors == [Sector::Health] && !p.sdgs.is_empty())
            .all(|p| p.sdgs.contains(&sdg(3)));
        assert!(health_three);
    }

    #[test]
    fn descriptions_speak_about_the_sector_and_are_unique() {
        const FARMING: &[&str] = &[
            "farm",
            "crop",
            "harvest",
            "soil",
            "agro",
            "dairy",
            "grower",
            "livestock",
            "produce",
        ];
        for p in of_kind(Kind::Startup).filter(|p| p.sectors.contains(&Sector::Agritech)) {
            let text = p.description.to_lowercase();
            assert!(
                FARMING.iter().any(|w| text.contains(w)),
                "{}: {}",
                p.id,
                p.description
            );
        }
        for p in of_kind(Kind::Startup) {
            let sentences = p.description.matches(". ").count() + 1;
            assert!((1..=3).contains(&sentences), "{}: {}", p.id, p.description);
            let named = p.countries.iter().any(|c| p.description.contains(c.name()));
            assert!(named, "{}: {}", p.id, p.description);
        }
        for kind in [Kind::Startup, Kind::Investor, Kind::Partner] {
            let texts: HashSet<&str> = of_kind(kind).map(|p| p.description.as_str()).collect();
            assert_eq!(
                texts.len(),
                of_kind(kind).count(),
                "duplicate {kind} descriptions"
            );
        }
        for p in SAMPLE.iter().filter(|p| p.kind != Kind::Startup) {
            assert!(
                p.sectors
                    .iter()
                    .any(|s| p.description.contains(text(*s).theme)),
                "{}",
                p.id
            );
        }
        let names: HashSet<&str> = of_kind(Kind::Startup).map(|p| p.name.as_str()).collect();
        assert!(
            names.len() > 1_200,
            "only {} distinct start-up names",
            names.len()
        );
    }

    /// `cargo test --release -p tandem-engine synth -- --ignored --nocapture`
    #[test]
    #[ignore = "timing check, run in release mode"]
    fn a_million_startups_in_a_few_seconds() {
        let config = SynthConfig {
            startups: 1_000_000,
            investors: 0,
            partners: 0,
            seed: 1,
        };
        let start = std::time::Instant::now();
        let profiles = generate(&config);
        let elapsed = start.elapsed();
        println!(
            "generated {} profiles in {elapsed:.2?} on {} threads",
            profiles.len(),
            rayon::current_num_threads()
        );
        assert_eq!(profiles.len(), 1_000_000);
    }
}
