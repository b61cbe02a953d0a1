//! Who led each round, estimated: the lead's thesis and who follows whom.
//!
//! A round's investors join for different reasons. One leads because the company fits its
//! thesis; others follow the lead, whose deals they often join; earlier backers follow on.
//! An investor's raw history shares mix the three, so its followed deals blur its own
//! thesis. Deal data does not say who led, so [`Leads::new`] estimates it by expectation
//! maximisation over the dated rounds of a [`History`]: each investor of a round is its
//! lead with a probability proportional to the rounds it led, how well the round fits its
//! lead profile (its category, country and stage, as shares of the rounds it led) and how
//! often the round's other investors joined its led rounds, earlier backers less; the
//! profiles are then counted again from those probabilities. Without the last factor an
//! investor that joins every round would explain them all as well as the specialists that
//! lead each kind, and would be made the lead of every one.
//!
//! From the result, for an asker and a candidate's round: how likely the asker is to lead
//! it (its lead profile's weight against every investor's, [`Leads::lead_share`]) and how
//! likely the investors it follows are to lead it ([`Leads::follow_leads`]). An undated
//! history has no rounds: every value is 0.

use std::collections::{BTreeMap, HashMap};
use std::sync::{PoisonError, RwLock};

use rayon::prelude::*;

use super::history::{Facet, History, Key};

/// The facets a lead profile describes, in slot order.
const FACETS: [Facet; 3] = [Facet::Category, Facet::Country, Facet::Stage];

/// Expectation-maximisation rounds (the shares settle within a few).
const ITERATIONS: usize = 10;

/// Pseudo-count of every facet value in a lead profile: how strongly an investor's few led
/// rounds are smoothed towards "any value". Chosen on the inner split 2010 of the synthetic
/// benchmark (0.05–1 tried) and checked on the real one's (0.2 against 1).
const SMOOTHING: f64 = 0.2;

/// Pseudo-count of led rounds, so that an investor that led none still may.
const ACTIVITY: f64 = 0.1;

/// How much less likely an earlier backer of the company is to lead its next round.
const FOLLOW_ON: f64 = 0.5;

/// What a round's investor adds to the chance that another led it when it never joined
/// that one's led rounds before.
const FOLLOW_FLOOR: f64 = 0.05;

/// At most this many investors an asker follows count for [`Leads::follow_leads`].
const FOLLOWED: usize = 50;

/// A round's category, country and stage: a key each, or `keys + slot` for none.
pub type Slots = [u32; FACETS.len()];

/// The estimated lead profile of one investor.
#[derive(Debug, Default, Clone)]
struct Profile {
    /// Rounds it led (a sum of probabilities).
    led: f64,
    /// Led rounds per slot value.
    per_value: HashMap<u32, f64>,
}

/// One dated round of the history.
struct Round {
    slots: Slots,
    /// Its investors (asker nodes, ascending) and whether each backed the company before.
    members: Vec<(u32, bool)>,
}

/// Lead profiles and who follows whom, estimated from a history's dated rounds.
pub struct Leads {
    /// Per asker.
    profiles: Vec<Profile>,
    /// Per asker: the investors whose led rounds it joined, with the share it joined
    /// (at most [`FOLLOWED`], by asker).
    followed: Vec<Vec<(u32, f64)>>,
    /// Number of values of each facet, none included.
    values: [f64; FACETS.len()],
    /// Number of keys of the history (the base of "none" slots).
    keys: u32,
    /// The askers that led nothing: they share one weight per round.
    idle: f64,
    /// Whether the history had no dated round.
    empty: bool,
    /// Every investor's weight summed, per round slots, as asked for.
    totals: RwLock<HashMap<Slots, f64>>,
}

impl Leads {
    /// Estimates who led each dated round of `history`.
    pub fn new(history: &History) -> Leads {
        let keys = history.keys() as u32;
        let mut values = [1.0; FACETS.len()];
        for k in 0..keys {
            if let Some(slot) = FACETS.iter().position(|f| *f == history.facet_of(k)) {
                values[slot] += 1.0;
            }
        }
        let rounds = rounds(history, keys);
        let mut leads = Leads {
            profiles: vec![Profile::default(); history.askers()],
            followed: vec![Vec::new(); history.askers()],
            values,
            keys,
            idle: 0.0,
            empty: rounds.is_empty(),
            totals: RwLock::new(HashMap::new()),
        };
        if rounds.is_empty() {
            return leads;
        }
        // Before the first estimate, every new investor of a round is equally its lead.
        let mut chances: Vec<Vec<f64>> = rounds
            .iter()
            .map(|r| normalised(r.members.iter().map(|(_, before)| follow_on(*before))))
            .collect();
        for _ in 0..ITERATIONS {
            leads.count(&rounds, &chances);
            let joined = leads.joined(&rounds, &chances);
            chances = rounds
                .par_iter()
                .map(|r| {
                    normalised(r.members.iter().map(|(a, before)| {
                        let followers: f64 = r
                            .members
                            .iter()
                            .filter(|(o, before)| o != a && !before)
                            .map(|(o, _)| leads.follows(&joined, *o, *a) + FOLLOW_FLOOR)
                            .product();
                        leads.weight(*a, &r.slots) * follow_on(*before) * followers
                    }))
                })
                .collect();
        }
        leads.count(&rounds, &chances);
        leads.follow(&rounds, &chances);
        leads
    }

    /// Counts every investor's lead profile from the chances that it led each round.
    fn count(&mut self, rounds: &[Round], chances: &[Vec<f64>]) {
        for p in &mut self.profiles {
            p.led = 0.0;
            p.per_value.clear();
        }
        for (round, chance) in rounds.iter().zip(chances) {
            for ((a, _), c) in round.members.iter().zip(chance) {
                let p = &mut self.profiles[*a as usize];
                p.led += c;
                for s in round.slots {
                    *p.per_value.entry(s).or_default() += c;
                }
            }
        }
        let idle = self.profiles.iter().filter(|p| p.led == 0.0).count() as f64;
        self.idle = idle * ACTIVITY / self.values.iter().product::<f64>();
    }

    /// For each asker, the led rounds of each lead it joined (earlier backers following on
    /// aside).
    fn joined(&self, rounds: &[Round], chances: &[Vec<f64>]) -> Vec<BTreeMap<u32, f64>> {
        let mut joined: Vec<BTreeMap<u32, f64>> = vec![BTreeMap::new(); self.profiles.len()];
        for (round, chance) in rounds.iter().zip(chances) {
            for ((lead, _), c) in round.members.iter().zip(chance) {
                for (a, before) in &round.members {
                    if a != lead && !before {
                        *joined[*a as usize].entry(*lead).or_default() += c;
                    }
                }
            }
        }
        joined
    }

    /// The share of `lead`'s led rounds that `follower` joined.
    fn follows(&self, joined: &[BTreeMap<u32, f64>], follower: u32, lead: u32) -> f64 {
        let n = joined[follower as usize].get(&lead).copied().unwrap_or(0.0);
        n / (self.profiles[lead as usize].led + 1.0)
    }

    /// Who joins whose led rounds: for each asker, the share of each lead's rounds it
    /// joined, of the leads it follows most.
    fn follow(&mut self, rounds: &[Round], chances: &[Vec<f64>]) {
        let joined = self.joined(rounds, chances);
        for (a, leads) in joined.iter().enumerate() {
            let mut shares: Vec<(u32, f64)> = leads
                .keys()
                .map(|b| (*b, self.follows(&joined, a as u32, *b)))
                .collect();
            shares.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            shares.truncate(FOLLOWED);
            shares.sort_unstable_by_key(|(b, _)| *b);
            self.followed[a] = shares;
        }
    }

    /// How strongly an investor's lead profile draws it to a round with these slots: its
    /// led rounds times [`Leads::fit`].
    fn weight(&self, asker: u32, slots: &Slots) -> f64 {
        (self.profiles[asker as usize].led + ACTIVITY) * self.fit(asker, slots)
    }

    /// How well a round with these slots fits an investor's lead profile: the smoothed share
    /// of each slot's value among the rounds it led.
    fn fit(&self, asker: u32, slots: &Slots) -> f64 {
        let p = &self.profiles[asker as usize];
        slots
            .iter()
            .zip(self.values)
            .map(|(s, values)| {
                let n = p.per_value.get(s).copied().unwrap_or(0.0);
                (n + SMOOTHING) / (p.led + SMOOTHING * values)
            })
            .product()
    }

    /// Every investor's weight for a round with these slots, summed in asker order.
    fn total(&self, slots: &Slots) -> f64 {
        let cached = self
            .totals
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(slots)
            .copied();
        if let Some(total) = cached {
            return total;
        }
        let total = self.idle
            + (0..self.profiles.len() as u32)
                .filter(|a| self.profiles[*a as usize].led > 0.0)
                .map(|a| self.weight(a, slots))
                .sum::<f64>();
        self.totals
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(*slots, total);
        total
    }

    /// The slots of a candidate's round: its last category and country (as the shares
    /// read them) and the round's stage.
    pub fn slots(&self, history: &History, candidate: usize, stage: Option<Key>) -> Slots {
        slots_of(history, self.keys, candidate, stage)
    }

    /// Whether any round was seen: without, every value is 0.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// The estimated chance that `asker` leads a round with these slots, among every
    /// investor of the history.
    pub fn lead_share(&self, asker: usize, slots: &Slots) -> f32 {
        if self.profiles[asker].led == 0.0 {
            return 0.0;
        }
        (self.weight(asker as u32, slots) / self.total(slots)) as f32
    }

    /// The chance that one of the investors `asker` follows leads a round with these slots,
    /// each weighted by the share of its led rounds the asker joined.
    pub fn follow_leads(&self, asker: usize, slots: &Slots) -> f32 {
        let followed = &self.followed[asker];
        if followed.is_empty() {
            return 0.0;
        }
        let total = self.total(slots);
        let sum: f64 = followed
            .iter()
            .map(|(b, share)| self.weight(*b, slots) / total * share)
            .sum();
        sum as f32
    }
}

/// The slots of a round of `candidate` at `stage`; `keys` is the history's number of keys.
fn slots_of(history: &History, keys: u32, candidate: usize, stage: Option<Key>) -> Slots {
    let mut slots: Slots = std::array::from_fn(|i| keys + i as u32);
    for k in history.attributes_of(candidate) {
        if let Some(i) = FACETS.iter().position(|f| *f == history.facet_of(*k)) {
            slots[i] = *k;
        }
    }
    if let Some(stage) = stage {
        slots[FACETS.len() - 1] = stage;
    }
    slots
}

/// An earlier backer's factor in the chance that it leads.
fn follow_on(before: bool) -> f64 {
    if before { FOLLOW_ON } else { 1.0 }
}

/// Weights scaled to sum to 1 (all equal when they sum to 0).
fn normalised(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let w: Vec<f64> = weights.collect();
    let sum: f64 = w.iter().sum();
    if sum > 0.0 {
        w.iter().map(|v| v / sum).collect()
    } else {
        vec![1.0 / w.len().max(1) as f64; w.len()]
    }
}

/// The dated rounds of a history (a round is a candidate's day of deals), by candidate and
/// day, each with its slots and who had backed the candidate before.
fn rounds(history: &History, keys: u32) -> Vec<Round> {
    let mut by_day: BTreeMap<(u32, i32), (Option<Key>, Vec<u32>)> = BTreeMap::new();
    for a in 0..history.askers() {
        for d in history.deals_of(a) {
            if let Some(day) = d.day {
                let round = by_day.entry((d.candidate, day)).or_default();
                round.0 = round.0.or(d.stage);
                round.1.push(a as u32);
            }
        }
    }
    let mut out = Vec::with_capacity(by_day.len());
    let mut backed: Vec<u32> = Vec::new();
    let mut current = None;
    for ((candidate, _), (stage, mut members)) in by_day {
        if current != Some(candidate) {
            backed.clear();
            current = Some(candidate);
        }
        members.sort_unstable();
        members.dedup();
        out.push(Round {
            slots: slots_of(history, keys, candidate as usize, stage),
            members: members
                .iter()
                .map(|a| (*a, backed.binary_search(a).is_ok()))
                .collect(),
        });
        backed.extend(members);
        backed.sort_unstable();
        backed.dedup();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::history::Deal;

    /// Six companies, even ones software and odd ones biotech: investor 0 backs the
    /// software ones, 1 the biotech ones, 2 joins every round and 3 never invests.
    fn history(dated: bool) -> History {
        let mut h = History::new(6, 4, dated.then_some(20_000));
        let software = h.key(Facet::Category, "software");
        let biotech = h.key(Facet::Category, "biotech");
        let seed = h.key(Facet::Stage, "seed");
        for c in 0..6 {
            h.describe(c, vec![if c % 2 == 0 { software } else { biotech }], None);
            let specialist = c % 2;
            for a in [specialist, 2] {
                let deal = Deal {
                    candidate: c as u32,
                    day: dated.then_some(19_000 + c as i32),
                    stage: Some(seed),
                    amount: None,
                };
                h.add_deal(a, deal);
            }
        }
        h.finish()
    }

    #[test]
    fn the_specialist_leads_and_the_generalist_follows() {
        let h = history(true);
        let leads = Leads::new(&h);
        let seed = h.find(Facet::Stage, "seed");
        let software = leads.slots(&h, 0, seed);
        let biotech = leads.slots(&h, 1, seed);
        let share = |a, s| leads.lead_share(a, s);
        assert!(
            share(0, &software) > share(2, &software),
            "the software specialist more likely leads a software round than the investor in every round: {} vs {}",
            share(0, &software),
            share(2, &software)
        );
        assert!(share(0, &software) > 4.0 * share(0, &biotech));
        assert!(share(1, &biotech) > share(1, &software));
        assert_eq!(share(3, &software), 0.0, "it led nothing");
        let shares: f32 = (0..4).map(|a| share(a, &software)).sum();
        assert!(shares <= 1.0 + 1e-6, "chances among investors: {shares}");
        assert!(
            leads.follow_leads(2, &software) > leads.follow_leads(0, &software),
            "2 joins the rounds that 0 leads"
        );
        assert!(leads.follow_leads(2, &software) > 0.0);
        assert_eq!(leads.follow_leads(3, &software), 0.0);
    }

    #[test]
    fn leads_do_not_depend_on_the_number_of_threads() {
        use crate::eval::data::Date;
        use crate::eval::protocol::Split;
        use crate::eval::synthetic::{SyntheticConfig, generate};
        let bench = generate(&SyntheticConfig {
            companies: 400,
            investors: 60,
            seed: 5,
        });
        let split = Split::new(&bench, Date::parse("2010-01-01").unwrap());
        let history = crate::eval::import::history(&split.view(), split.date);
        let values = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let leads = Leads::new(&history);
                assert!(!leads.is_empty());
                let stage = history.find(Facet::Stage, "series-a");
                let mut bits = Vec::new();
                for c in 0..history.candidates() {
                    let slots = leads.slots(&history, c, stage);
                    for a in 0..history.askers() {
                        bits.push(leads.lead_share(a, &slots).to_bits());
                        bits.push(leads.follow_leads(a, &slots).to_bits());
                    }
                }
                bits
            })
        };
        let one = values(1);
        assert!(one.iter().any(|b| *b != 0), "some investor leads something");
        assert_eq!(one, values(3));
    }

    #[test]
    fn an_undated_history_has_no_rounds_and_every_value_is_0() {
        let h = history(false);
        let leads = Leads::new(&h);
        assert!(leads.is_empty());
        let slots = leads.slots(&h, 0, h.find(Facet::Stage, "seed"));
        assert_eq!(leads.lead_share(0, &slots), 0.0);
        assert_eq!(leads.follow_leads(2, &slots), 0.0);
    }
}
