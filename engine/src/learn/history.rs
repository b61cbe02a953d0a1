//! Deal history as the learned ranker reads it: who backed whom, when, in which round and
//! for how much, and what each backed organisation is (its category, sector, places).
//!
//! A [`History`] is built from whatever source knows the deals — a benchmark's train deals
//! today ([`History::from_view`]), stored profiles' portfolios later — so that
//! [`crate::learn::features`] has one definition of every feature, whatever the source.
//! Facet values are interned as [`Key`]s; dates are days since 1970-01-01 and may be
//! unknown; amounts are log10 US dollars.

use std::collections::{BTreeSet, HashMap};

use crate::eval::data::Date;
use crate::eval::import::{sector_of, stage_of};
use crate::eval::protocol::View;

/// What a value describes: a facet of a backed organisation or of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// The source's fine category (e.g. `web`, `biotech`).
    Category,
    /// Tandem's sector.
    Sector,
    /// The country.
    Country,
    /// The metro area or city-level region (e.g. `SF Bay`).
    Metro,
    /// The city.
    City,
    /// The round's stage (of a deal; of a candidate, of its ask).
    Stage,
}

impl Facet {
    /// Every facet.
    pub const ALL: [Facet; 6] = [
        Facet::Category,
        Facet::Sector,
        Facet::Country,
        Facet::Metro,
        Facet::City,
        Facet::Stage,
    ];
}

/// An interned (facet, value) pair.
pub type Key = u32;

/// One deal of an asker: the organisation it backed, when, the round's stage and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deal {
    /// The backed organisation (a node of the history).
    pub candidate: u32,
    /// Days since 1970-01-01, when known.
    pub day: Option<i32>,
    /// The round's stage key, when known.
    pub stage: Option<Key>,
    /// log10 of the round's size in US dollars, when known.
    pub amount: Option<f32>,
}

/// Who backed whom before the moment a ranking is for, and what the backed organisations are.
#[derive(Debug, Default)]
pub struct History {
    keys: HashMap<(Facet, String), Key>,
    /// The facet of each key.
    facets: Vec<Facet>,
    /// The facet values of each candidate node, sorted.
    attributes: Vec<Vec<Key>>,
    /// Each asker's deals, by date then candidate.
    by_asker: Vec<Vec<Deal>>,
    /// Each candidate's backers (asker nodes), sorted, without repeats.
    backers: Vec<Vec<u32>>,
    /// Each candidate's deal days (one per round), sorted, without repeats.
    rounds: Vec<Vec<i32>>,
    /// Each candidate's founding year, when known.
    founded: Vec<Option<u16>>,
    /// The day rankings are for (the split date): ages and recency count back from it.
    pub today: i32,
}

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
pub fn days(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether a city-level region says where a company is (the source uses placeholders).
fn is_place(region: &str) -> bool {
    let r = region.trim();
    !r.is_empty() && r != "TBD" && !r.ends_with("- Other")
}

impl History {
    /// The key of a facet value, made when new.
    pub fn key(&mut self, facet: Facet, value: &str) -> Key {
        let n = self.keys.len() as Key;
        let key = *self
            .keys
            .entry((facet, value.trim().to_lowercase()))
            .or_insert(n);
        if key == n {
            self.facets.push(facet);
        }
        key
    }

    /// The key of a facet value, if any organisation or round has it.
    pub fn find(&self, facet: Facet, value: &str) -> Option<Key> {
        self.keys
            .get(&(facet, value.trim().to_lowercase()))
            .copied()
    }

    /// A benchmark's train deals (investors are askers, companies candidates, both by their
    /// index), as of the split date.
    pub fn from_view(view: &View, split: Date) -> History {
        let mut h = History {
            attributes: vec![Vec::new(); view.bench.companies.len()],
            by_asker: vec![Vec::new(); view.bench.investors.len()],
            backers: vec![Vec::new(); view.bench.companies.len()],
            rounds: vec![Vec::new(); view.bench.companies.len()],
            founded: view
                .bench
                .companies
                .iter()
                .map(|c| c.founded_year)
                .collect(),
            today: days(split),
            ..History::default()
        };
        for (c, company) in view.bench.companies.iter().enumerate() {
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
            if let Some(region) = company.region.as_deref().filter(|r| is_place(r)) {
                keys.push(h.key(Facet::Metro, region));
            }
            if let Some(city) = company.city.as_deref().filter(|r| is_place(r)) {
                keys.push(h.key(Facet::City, city));
            }
            keys.sort_unstable();
            keys.dedup();
            h.attributes[c] = keys;
        }
        for d in view.train {
            let stage = d.round_type.as_deref().and_then(stage_of).map(|s| s.slug());
            let stage = stage.map(|s| h.key(Facet::Stage, s));
            let day = days(d.date);
            h.by_asker[d.investor].push(Deal {
                candidate: d.company as u32,
                day: Some(day),
                stage,
                amount: d.amount_usd.filter(|a| *a >= 1.0).map(|a| a.log10() as f32),
            });
            h.backers[d.company].push(d.investor as u32);
            h.rounds[d.company].push(day);
        }
        for list in &mut h.backers {
            list.sort_unstable();
            list.dedup();
        }
        // A round is a day of deals.
        for list in &mut h.rounds {
            list.sort_unstable();
            list.dedup();
        }
        for deals in &mut h.by_asker {
            deals.sort_by_key(|d| (d.day, d.candidate));
        }
        h
    }

    /// Number of asker nodes.
    pub fn askers(&self) -> usize {
        self.by_asker.len()
    }

    /// Number of candidate nodes.
    pub fn candidates(&self) -> usize {
        self.attributes.len()
    }

    /// An asker's deals, by date.
    pub fn deals_of(&self, asker: usize) -> &[Deal] {
        &self.by_asker[asker]
    }

    /// A candidate's backers, sorted.
    pub fn backers_of(&self, candidate: usize) -> &[u32] {
        &self.backers[candidate]
    }

    /// A candidate's round days, sorted.
    pub fn rounds_of(&self, candidate: usize) -> &[i32] {
        &self.rounds[candidate]
    }

    /// A candidate's facet values, sorted.
    pub fn attributes_of(&self, candidate: usize) -> &[Key] {
        &self.attributes[candidate]
    }

    /// A candidate's age in years on [`History::today`], when its founding year is known.
    pub fn age_of(&self, candidate: usize) -> Option<f32> {
        let founded = self.founded[candidate]?;
        Some((self.today as f32 / 365.25 + 1970.0 - f32::from(founded)).max(0.0))
    }

    /// The facet of a key.
    pub fn facet_of(&self, key: Key) -> Facet {
        self.facets[key as usize]
    }

    /// Number of keys.
    pub fn keys(&self) -> usize {
        self.facets.len()
    }

    /// The distinct candidates an asker backed.
    pub fn portfolio(&self, asker: usize) -> BTreeSet<u32> {
        self.by_asker[asker].iter().map(|d| d.candidate).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        let d = |s: &str| days(Date::parse(s).unwrap());
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("2000-03-01"), 11_017);
        assert_eq!(d("2011-01-01") - d("2010-01-01"), 365);
        assert_eq!(d("2013-01-01") - d("2012-01-01"), 366);
        assert_eq!(d("1969-12-31"), -1);
    }
}
