//! Start-ups and SMEs: where they are, what they do, what they need and how they tell it.
//!
//! The stage drawn from [`STAGES`] sets the money, head count and age; the sectors set the
//! extra needs, the attributes, the SDGs, the name and the pitch.

use rand::Rng;
use rand::seq::SliceRandom;

use super::R;
use super::markets::{Market, countries_phrase, country_name, neighbours, pick_home};
use super::random::{
    chance, flags_or_first, log_uniform, one, pick_distinct, round_money, weighted,
};
use super::sectors::{SectorText, pick_sectors, sdg, text};
use super::stages::{PRE_REVENUE_TRACTION, STAGES, StageProfile};
use super::words::{capitalize, fill, join_and, website};
use crate::profile::{Profile, Usd};
use crate::taxonomy::{Attribute, Kind, Sdg, Sector, Stage, Support};

/// Builds one start-up/SME (id and normal form are applied by the caller).
pub(super) fn startup(rng: &mut R) -> Profile {
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
