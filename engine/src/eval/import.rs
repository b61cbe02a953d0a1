//! Benchmark records as Tandem profiles: companies become start-ups, investors are inferred
//! from their deals before the split.
//!
//! Only a [`View`] is read, so nothing dated on or after the split can reach a profile. A
//! company's category is mapped to Tandem's sectors where one fits and always kept as words
//! of its text; its alpha-3 country becomes a place, and its `city` and city-level `region`
//! columns its cities (the region as the metro area of the built-in table it names, where it
//! names one); its ask gives its stage and amount. An investor's profile is what its portfolio
//! says: the sectors, countries, metro areas, cities and stages that make up a real share of
//! its deals, the range of its round sizes, and the categories and places of its companies as
//! text. Unknown stays unknown: a company without a category has no sectors, not a wrong one,
//! and a placeholder region ("TBD", "California - Other") is no place.

use std::collections::HashMap;

use super::data::{Company, Date, Deal};
use super::protocol::{Ask, View};
use crate::city::{City, Metro};
use crate::geography::Country;
use crate::learn::history::{Deal as HistoryDeal, Facet, History};
use crate::profile::{Profile, Usd};
use crate::taxonomy::{Kind, Sector, Stage};

/// A value makes it into an investor's profile when at least this share of its deals has it.
const MIN_SHARE: f64 = 0.15;

/// At most this many values of a facet make it into an investor's profile.
const MAX_VALUES: usize = 4;

/// The Tandem sector of a source category, where one fits.
pub fn sector_of(category: &str) -> Option<Sector> {
    use Sector::*;
    Some(match category {
        "software" | "enterprise" | "analytics" | "consulting" => EnterpriseSoftware,
        "biotech" | "nanotech" => Biotech,
        "games_video" => Games,
        "advertising" | "public_relations" | "news" | "music" | "photo_video" | "social"
        | "messaging" => Media,
        "cleantech" => ClimateEnergy,
        "ecommerce" | "fashion" => Ecommerce,
        "hardware" | "semiconductor" => Hardware,
        "network_hosting" | "mobile" => Connectivity,
        "medical" | "health" => Health,
        "security" => Cybersecurity,
        "finance" => Fintech,
        "education" => Edtech,
        "manufacturing" => Manufacturing,
        "travel" | "hospitality" | "sports" | "pets" | "local" => Consumer,
        "automotive" | "transportation" => Mobility,
        "government" => Govtech,
        "real_estate" => SmartCities,
        _ => return None,
    })
}

/// The Tandem stage of a source round type (`angel` is pre-seed, `series-c+` growth);
/// `None` for types that say nothing of stage (`venture`, `other`, debt).
pub fn stage_of(round_type: &str) -> Option<Stage> {
    match round_type {
        "private-equity" | "post-ipo" => Some(Stage::Growth),
        other => Stage::parse(other).ok(),
    }
}

/// Profile id of the company with this index.
pub fn company_profile_id(company: usize) -> String {
    format!("c{company}")
}

/// The company index of a profile id made by [`company_profile_id`].
pub fn company_of_profile_id(id: &str) -> Option<usize> {
    id.strip_prefix('c')?.parse().ok()
}

fn words(category: &str) -> String {
    category.replace('_', " ")
}

/// A company raising money, as a start-up profile; `backers` are the investors of its deals
/// before the split.
pub fn startup(index: usize, company: &Company, ask: &Ask, backers: &[usize]) -> Profile {
    let name = if company.name.trim().is_empty() {
        company.id.clone()
    } else {
        company.name.chars().take(200).collect()
    };
    let mut p = Profile::new(company_profile_id(index), Kind::Startup, name);
    let mut text: Vec<String> = Vec::new();
    if let Some(category) = &company.category {
        text.push(words(category));
        p.sectors.extend(sector_of(category));
    }
    text.extend(company.city.iter().chain(&company.region).cloned());
    p.description = text.join(" ");
    let country = country_of(company);
    p.countries.extend(country);
    let here = whereabouts(company, country);
    p.cities.extend(here.city);
    p.cities.extend(here.area.map(Area::city));
    p.stage = ask.round_type.as_deref().and_then(stage_of);
    p.funding_ask_usd = ask.amount_usd.map(|a| Usd(a.round() as u64));
    p.founded = company.founded_year.filter(|y| (1800..=2100).contains(y));
    p.backers = backers.iter().map(|i| investor_profile_id(*i)).collect();
    p
}

/// An investor's deal history alone, as stored beside the candidates so that co-investment
/// can be found; its text is just its name, so that it hardly moves the candidates' BM25
/// statistics.
pub fn investor_record(view: &View, index: usize, deals: &[&Deal]) -> Profile {
    let mut p = Profile::new(
        investor_profile_id(index),
        Kind::Investor,
        name_of(view, index),
    );
    p.portfolio = portfolio(deals);
    p
}

fn name_of(view: &View, index: usize) -> String {
    let investor = &view.bench.investors[index];
    if investor.name.trim().is_empty() {
        investor.id.clone()
    } else {
        investor.name.chars().take(200).collect()
    }
}

fn portfolio(deals: &[&Deal]) -> Vec<String> {
    let mut ids: Vec<String> = deals
        .iter()
        .map(|d| company_profile_id(d.company))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn country_of(company: &Company) -> Option<Country> {
    company
        .country
        .as_deref()
        .and_then(|c| Country::parse(c).ok())
}

/// A view's train deals as the learned ranker's history (investors are askers, companies
/// candidates, both by their index), as of the split date: each company's category, sector,
/// country, city-level region and city, and each deal's day, round stage and size.
pub fn history(view: &View, split: Date) -> History {
    let companies = &view.bench.companies;
    let mut h = History::new(
        companies.len(),
        view.bench.investors.len(),
        Some(split.days_since_epoch()),
    );
    for (c, company) in companies.iter().enumerate() {
        let mut keys = Vec::new();
        if let Some(category) = &company.category {
            keys.push(h.key(Facet::Category, category));
            if let Some(sector) = sector_of(category) {
                keys.push(h.key(Facet::Sector, sector.slug()));
            }
        }
        if let Some(country) = &company.country {
            keys.push(h.key(Facet::Country, country));
        }
        let places = [
            (Facet::Metro, company.region.as_deref()),
            (Facet::City, company.city.as_deref()),
        ];
        for (facet, value) in places {
            if let Some(value) = value.filter(|v| !placeholder(v)) {
                keys.push(h.key(facet, value));
            }
        }
        h.describe(c, keys, company.founded_year);
    }
    for d in view.train {
        let stage = d.round_type.as_deref().and_then(stage_of);
        let deal = HistoryDeal {
            candidate: d.company as u32,
            day: Some(d.date.days_since_epoch()),
            stage: stage.map(|s| h.key(Facet::Stage, s.slug())),
            amount: d.amount_usd.filter(|a| *a >= 1.0).map(|a| a.log10() as f32),
        };
        h.add_deal(d.investor, deal);
    }
    h.finish()
}

/// Whether a `city` or `region` value stands for no place: empty, "TBD", "unknown", a
/// state's catch-all ("California - Other", "United States - Other") or a stray note in
/// parentheses.
fn placeholder(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    v.is_empty()
        || matches!(
            v.as_str(),
            "tbd" | "unknown" | "n/a" | "na" | "none" | "other"
        )
        || v.ends_with("- other")
        || v.starts_with('(')
}

/// The place a benchmark's city-level `region` names: a metro area of the table, or a town
/// the table does not list (by its name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Area {
    Metro(Metro),
    Named(City),
}

impl Area {
    /// The area as a profile names it.
    fn city(self) -> City {
        match self {
            Area::Metro(m) => City::new(m.name()).expect("metro names are valid cities"),
            Area::Named(city) => city,
        }
    }
}

/// Where a company is below its country.
struct Whereabouts {
    /// Its `city`, when it is one.
    city: Option<City>,
    /// Its `region` as a metro area where the table has one (by the area's name or a member
    /// city's: "New York" is Greater New York), else as written; else its city's metro area.
    area: Option<Area>,
}

fn whereabouts(company: &Company, country: Option<Country>) -> Whereabouts {
    let valid = |value: &Option<String>| {
        value
            .as_deref()
            .filter(|v| !placeholder(v))
            .and_then(|v| City::new(v).ok())
    };
    let in_country = |m: &Metro| country.is_none_or(|c| m.country() == c);
    let metro_of = |city: &City| {
        Metro::named(city.name()).filter(in_country).or_else(|| {
            let mut listing = Metro::containing(city.key()).filter(in_country);
            match (listing.next(), listing.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })
    };
    let city = valid(&company.city);
    let area = match valid(&company.region) {
        Some(region) => Some(metro_of(&region).map_or(Area::Named(region), Area::Metro)),
        None => city.as_ref().and_then(metro_of).map(Area::Metro),
    };
    Whereabouts { city, area }
}

/// The values that make up at least [`MIN_SHARE`] of `total`, most frequent first, at most
/// [`MAX_VALUES`]; ties by value, so the choice is reproducible.
fn common<T: Ord + Clone + std::hash::Hash>(counts: &HashMap<T, usize>, total: usize) -> Vec<T> {
    let mut sorted: Vec<(usize, T)> = counts.iter().map(|(v, n)| (*n, v.clone())).collect();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    sorted
        .into_iter()
        .filter(|(n, _)| *n as f64 >= MIN_SHARE * total as f64)
        .take(MAX_VALUES)
        .map(|(_, v)| v)
        .collect()
}

/// Each investor's train deals, by investor index.
pub fn deals_by_investor<'v>(view: &View<'v>) -> Vec<Vec<&'v Deal>> {
    let mut by = vec![Vec::new(); view.bench.investors.len()];
    for d in view.train {
        by[d.investor].push(d);
    }
    by
}

/// Profile id of the investor with this index.
pub fn investor_profile_id(investor: usize) -> String {
    format!("i{investor}")
}

/// An investor as its deals before the split (`deals`, from [`deals_by_investor`]) describe
/// it; `None` when it has none.
pub fn investor(view: &View, index: usize, deals: &[&Deal]) -> Option<Profile> {
    if deals.is_empty() {
        return None;
    }
    let companies = &view.bench.companies;
    let mut sectors = HashMap::new();
    let mut countries = HashMap::new();
    let mut areas: HashMap<Area, usize> = HashMap::new();
    let mut places: Vec<Whereabouts> = Vec::with_capacity(deals.len());
    let mut stages = HashMap::new();
    let mut amounts: Vec<f64> = Vec::new();
    let mut text: Vec<String> = Vec::new();
    for d in deals {
        let company = &companies[d.company];
        if let Some(s) = company.category.as_deref().and_then(sector_of) {
            *sectors.entry(s).or_default() += 1;
        }
        let country = country_of(company);
        if let Some(c) = country {
            *countries.entry(c).or_default() += 1;
        }
        let here = whereabouts(company, country);
        if let Some(area) = &here.area {
            *areas.entry(area.clone()).or_default() += 1;
        }
        places.push(here);
        if let Some(s) = d.round_type.as_deref().and_then(stage_of) {
            *stages.entry(s).or_default() += 1;
        }
        amounts.extend(d.amount_usd.filter(|a| *a >= 1.0));
        text.extend(company.category.as_deref().map(words));
        text.extend(company.city.iter().cloned());
    }
    let mut p = Profile::new(
        investor_profile_id(index),
        Kind::Investor,
        name_of(view, index),
    );
    p.portfolio = portfolio(deals);
    let n = deals.len();
    p.sectors = common(&sectors, n);
    p.countries = common(&countries, n);
    // Its usual metro areas, and its usual cities outside them: a city inside one of its
    // metro areas would make that area only say where the city is (see
    // `Geography::resolve`), narrowing the investor to the city.
    let usual_areas = common(&areas, n);
    let mut by_key: HashMap<String, (usize, City)> = HashMap::new();
    for here in &places {
        if let Some(city) = &here.city
            && here.area.as_ref().is_none_or(|a| !usual_areas.contains(a))
        {
            // One entry per key, under its first spelling in sorted order, whatever the
            // order of the deals.
            let entry = by_key
                .entry(city.key().to_string())
                .or_insert_with(|| (0, city.clone()));
            entry.0 += 1;
            if *city < entry.1 {
                entry.1 = city.clone();
            }
        }
    }
    let cities: HashMap<City, usize> = by_key.into_values().map(|(n, c)| (c, n)).collect();
    p.cities = usual_areas.into_iter().map(Area::city).collect();
    p.cities.extend(common(&cities, n));
    p.stages = common(&stages, n);
    if !amounts.is_empty() {
        amounts.sort_by(f64::total_cmp);
        let at = |q: f64| amounts[((amounts.len() - 1) as f64 * q).round() as usize];
        p.ticket_min_usd = Some(Usd(at(0.1).round() as u64));
        p.ticket_max_usd = Some(Usd(at(0.9).round() as u64));
    }
    p.description = text.join(" ").chars().take(10_000).collect();
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::Date;
    use crate::eval::protocol::Split;
    use crate::eval::protocol::tests::fixture;

    #[test]
    fn investors_are_inferred_from_train_deals_only() {
        let mut deals = vec![
            (0, 0, "2010-01-01", "seed"),
            (0, 2, "2010-02-01", "seed"),
            (0, 3, "2010-03-01", "series-a"),
        ];
        let before = {
            let bench = fixture(&deals);
            let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
            let view = split.view();
            investor(&view, 0, &deals_by_investor(&view)[0]).unwrap()
        };
        assert_eq!(before.sectors, vec![Sector::EnterpriseSoftware]);
        assert_eq!(before.stages, vec![Stage::Seed, Stage::SeriesA]);
        assert_eq!(before.countries, vec![Country::parse("US").unwrap()]);
        assert!(before.description.contains("software"));
        let mut normalized = before.clone();
        normalized.normalize().unwrap();

        // Deals on and after the split change nothing.
        deals.extend([
            (0, 4, "2011-01-01", "series-b"),
            (0, 6, "2011-05-01", "angel"),
        ]);
        let bench = fixture(&deals);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let view = split.view();
        let by = deals_by_investor(&view);
        assert_eq!(investor(&view, 0, &by[0]).unwrap(), before);
        assert_eq!(investor(&view, 1, &by[1]), None);
    }

    #[test]
    fn cities_come_from_the_city_and_region_columns_and_investors_get_their_usual_ones() {
        let mut bench = fixture(&[
            (0, 0, "2010-01-01", "seed"),
            (0, 1, "2010-02-01", "seed"),
            (0, 2, "2010-03-01", "seed"),
            (0, 3, "2010-04-01", "seed"),
            (0, 4, "2010-05-01", "seed"),
        ]);
        let places = [
            (Some("SF Bay"), Some("Palo Alto")),
            (Some("SF Bay"), Some("San Francisco")),
            (Some("New York"), Some("Brooklyn")),
            (Some("TBD"), None),
            (None, Some("Cambridge")),
        ];
        for (company, (region, city)) in bench.companies.iter_mut().zip(places) {
            company.region = region.map(String::from);
            company.city = city.map(String::from);
        }
        let ask = Ask {
            round_type: None,
            amount_usd: None,
        };
        let names = |p: &Profile| {
            p.cities
                .iter()
                .map(|c| c.name().to_string())
                .collect::<Vec<_>>()
        };
        let company = |i: usize| {
            let mut p = startup(i, &bench.companies[i], &ask, &[]);
            p.normalize().unwrap();
            p
        };
        assert_eq!(names(&company(0)), ["Palo Alto", "SF Bay"]);
        assert_eq!(
            names(&company(2)),
            ["Brooklyn", "Greater New York"],
            "the region's metro area"
        );
        assert!(company(3).cities.is_empty(), "TBD is no place");
        // c4 is in the United Kingdom (the fixture's GBR): not Greater Boston's Cambridge.
        assert_eq!(names(&company(4)), ["Cambridge"]);
        let geography = company(4).geography();
        assert_eq!(
            geography.cities[0].spot.within,
            Some(crate::geography::Place::Country(
                Country::parse("GB").unwrap()
            ))
        );

        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let view = split.view();
        let mut inferred = investor(&view, 0, &deals_by_investor(&view)[0]).unwrap();
        inferred.normalize().unwrap();
        // SF Bay holds 2 of 5 deals; Greater New York and Cambridge 1 each (20 %, above the
        // 15 % share); Palo Alto and San Francisco lie in SF Bay, so only the area is named.
        assert_eq!(
            names(&inferred),
            ["Cambridge", "Greater New York", "SF Bay"]
        );
    }

    #[test]
    fn companies_keep_unknowns_unknown() {
        let bench = fixture(&[]);
        let ask = Ask {
            round_type: Some("venture".into()),
            amount_usd: Some(2.5e6),
        };
        let mut p = startup(1, &bench.companies[1], &ask, &[]);
        p.normalize().unwrap();
        assert!(p.sectors.is_empty(), "c1 has no category");
        assert_eq!(p.stage, None, "venture says nothing of stage");
        assert_eq!(p.funding_ask_usd, Some(Usd(2_500_000)));
        assert_eq!(company_of_profile_id(&p.id), Some(1));
        assert_eq!(stage_of("series-c+"), Some(Stage::Growth));
        assert_eq!(stage_of("angel"), Some(Stage::PreSeed));
    }
}
