//! Investors and partners: the shape of a type's spec ([`OrgSpec`]), and everything built from
//! it — coverage, stages, tickets, offers, lenses, SDGs, names and descriptions.
//!
//! The specs themselves are in `investors.rs` and `partners.rs`.

use rand::Rng;
use rand::seq::SliceRandom;

use super::R;
use super::investors::INVESTORS;
use super::markets::{Home, coverage, coverage_phrase, pick_home};
use super::partners::PARTNERS;
use super::random::{chance, flags_or_first, one, pick_distinct, round_money, weighted};
use super::sectors::{SectorText, pick_sectors, sdg, text};
use super::words::{
    capitalize, fill, instrument_phrase, join_and, lens_phrase, stages_phrase, support_phrase,
    website,
};
use crate::profile::{Profile, Usd};
use crate::taxonomy::{Attribute, Instrument, Kind, Sdg, Sector, Stage, Support};

/// Builds one investor: its type, then everything that type implies.
pub(super) fn investor(rng: &mut R) -> Profile {
    let (kind, spec) = weighted(rng, INVESTORS, |(_, s)| s.weight);
    let mut p = organisation(rng, Kind::Investor, spec);
    p.investor_type = Some(*kind);
    p
}

/// Builds one partner: its type, then everything that type implies.
pub(super) fn partner(rng: &mut R) -> Profile {
    let (kind, spec) = weighted(rng, PARTNERS, |(_, s)| s.weight);
    let mut p = organisation(rng, Kind::Partner, spec);
    p.partner_type = Some(*kind);
    p
}

/// Where an investor or partner works: the weights of a national, sub-regional, wider-regional
/// and global mandate.
pub(super) struct Scope {
    /// Based in (and focused on) emerging markets.
    pub(super) emerging: bool,
    /// Weights of [country, finest area, wider area, global].
    pub(super) weights: [u32; 4],
    /// Chance that a national mandate also covers neighbouring countries.
    pub(super) neighbours: f64,
}

/// What is typical of one investor or partner type.
pub(super) struct OrgSpec {
    /// Share of this type among its kind.
    pub(super) weight: u32,
    /// A person (an angel) rather than an organisation.
    pub(super) person: bool,
    /// Ticket or grant range, USD, when it funds.
    pub(super) ticket: Option<(f64, f64)>,
    /// The widest range of stages it works with.
    pub(super) stages: (Stage, Stage),
    /// Instruments it provides when it funds, each with its chance.
    pub(super) instruments: &'static [(Instrument, f64)],
    /// Support it offers, each with its chance (the first is kept if none is drawn).
    pub(super) offers: &'static [(Support, f64)],
    /// Range of the number of sectors.
    pub(super) sectors: (usize, usize),
    pub(super) scope: Scope,
    /// Chance of naming SDGs.
    pub(super) sdg_share: f64,
    /// Chance of applying lenses, and which (weighted).
    pub(super) lens_share: f64,
    pub(super) lenses: &'static [(Attribute, u32)],
    /// Range of founding years, if it makes sense for the type.
    pub(super) founded: Option<(u16, u16)>,
    /// Name templates.
    pub(super) names: &'static [&'static str],
    /// Opening sentences: each names the sectors, stages and geography.
    pub(super) intros: &'static [&'static str],
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
