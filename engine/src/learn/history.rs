//! Deal history as the learned ranker reads it: who backed whom, when, in which round and
//! for how much, and what each backed organisation is (its category, sector, places).
//!
//! A [`History`] is built from whatever source knows the deals — a benchmark's train deals
//! today ([`crate::eval::import::history`]), stored profiles' portfolios later — so that
//! [`crate::learn::features`] has one definition of every feature, whatever the source.
//! Facet values are interned as [`Key`]s; dates are days since 1970-01-01 and may be
//! unknown; amounts are log10 US dollars.

use std::collections::{BTreeSet, HashMap};

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
    /// Whether deals carry dates.
    dated: bool,
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

    /// An empty history of `candidates` candidate and `askers` asker nodes, as of `today`
    /// (days since 1970-01-01) when the deals' dates are known.
    pub fn new(candidates: usize, askers: usize, today: Option<i32>) -> History {
        History {
            attributes: vec![Vec::new(); candidates],
            by_asker: vec![Vec::new(); askers],
            backers: vec![Vec::new(); candidates],
            rounds: vec![Vec::new(); candidates],
            founded: vec![None; candidates],
            today: today.unwrap_or(0),
            dated: today.is_some(),
            ..History::default()
        }
    }

    /// Sets what a candidate is: its facet values (keys made with [`History::key`]) and its
    /// founding year, when known.
    pub fn describe(&mut self, candidate: usize, mut keys: Vec<Key>, founded: Option<u16>) {
        keys.sort_unstable();
        keys.dedup();
        self.attributes[candidate] = keys;
        self.founded[candidate] = founded;
    }

    /// Records a deal of an asker. A dated deal is also a round of the candidate (a round is
    /// a day of deals).
    pub fn add_deal(&mut self, asker: usize, deal: Deal) {
        self.by_asker[asker].push(deal);
        let candidate = deal.candidate as usize;
        self.backers[candidate].push(asker as u32);
        if let Some(day) = deal.day {
            self.rounds[candidate].push(day);
        }
    }

    /// Puts every list in its canonical order once all deals are added: the features follow
    /// these orders, so they depend on the set of deals alone.
    pub fn finish(mut self) -> History {
        for list in &mut self.backers {
            list.sort_unstable();
            list.dedup();
        }
        // A round is a day of deals.
        for list in &mut self.rounds {
            list.sort_unstable();
            list.dedup();
        }
        for deals in &mut self.by_asker {
            deals.sort_by_key(|d| (d.day, d.candidate));
        }
        self
    }

    /// Whether deals carry dates (a benchmark's do; stored profiles' portfolios do not):
    /// without them, recency, ages and rounds are unknown and their features are 0.
    pub fn is_dated(&self) -> bool {
        self.dated
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

    /// A candidate's age in years on [`History::today`], when its founding year and the
    /// day are known.
    pub fn age_of(&self, candidate: usize) -> Option<f32> {
        if !self.dated {
            return None;
        }
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
