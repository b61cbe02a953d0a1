//! The one definition of the learned ranker's features: numbers per (asker, candidate)
//! computed from a [`History`] and the candidate's ask.
//!
//! Training, ranking and explanations all read [`Feature`] and [`Features::pair`], so a
//! model is always scored on exactly the numbers it was trained on. Every feature is finite;
//! what is unknown is 0, with a flag feature where "unknown" itself says something.
//!
//! The families: the asker's history **shares** of the candidate's values (category,
//! sector, country, metro area, city, the ask's stage), the same shares among the askers
//! that resemble it (**peers**, for first raises), the **money** (the ask against the round
//! sizes the asker usually joins), the **network** (the candidate's earlier backers that
//! co-invested with the asker), **who likely leads** a round like the candidate's (see
//! [`Leads`]), how **active and recent** both sides are, and the thesis score's fits.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::history::{Deal, Facet, History, Key};
use super::leads::Leads;
use crate::fit::Fits;
use crate::weights::Component;

/// Days in a year, for recency windows.
const YEAR: i32 = 365;

macro_rules! features {
    ($($variant:ident => $name:literal, $words:literal;)+) => {
        /// One learned-ranker feature.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature { $($variant),+ }

        impl Feature {
            /// Every feature, in vector order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant),+];
            /// Number of features.
            pub const COUNT: usize = Self::ALL.len();

            /// Stable snake-case name (model files, reports).
            pub fn name(self) -> &'static str {
                match self { $(Feature::$variant => $name),+ }
            }

            /// What the feature says, in plain words.
            pub fn words(self) -> &'static str {
                match self { $(Feature::$variant => $words),+ }
            }
        }
    };
}

features! {
    CategoryShare => "category_share", "share of its deals in the candidate's category";
    SectorShare => "sector_share", "share of its deals in the candidate's sector";
    CountryShare => "country_share", "share of its deals in the candidate's country";
    MetroShare => "metro_share", "share of its deals in the candidate's metro area";
    CityShare => "city_share", "share of its deals in the candidate's city";
    StageShare => "stage_share", "share of its rounds at the ask's stage";
    RecentCategoryShare => "recent_category_share", "share of its last two years' deals in the candidate's category";
    RecentMetroShare => "recent_metro_share", "share of its last two years' deals in the candidate's metro area";
    PeerCategoryShare => "peer_category_share", "share of similar investors' deals in the candidate's category";
    PeerMetroShare => "peer_metro_share", "share of similar investors' deals in the candidate's metro area";
    PeerCountryShare => "peer_country_share", "share of similar investors' deals in the candidate's country";
    PeerStageShare => "peer_stage_share", "share of similar investors' rounds at the ask's stage";
    AmountDistance => "amount_distance", "distance of the ask from the round sizes it usually joins";
    AmountKnown => "amount_known", "both the ask and its usual round sizes are known";
    AskAmount => "ask_amount", "size of the ask";
    UsualAmount => "usual_amount", "the round size it usually joins";
    CoInvestSum => "co_invest_sum", "earlier backers resembling it (summed)";
    CoInvestMax => "co_invest_max", "the earlier backer resembling it most";
    CoInvestCount => "co_invest_count", "earlier backers it shares deals with";
    RepeatPartners => "repeat_partners", "earlier backers it co-invested with more than once";
    CoInvestLog => "co_invest_log", "earlier backers resembling it (log of the sum)";
    FollowSum => "follow_sum", "how often it joined the earlier backers' deals (summed)";
    FollowMax => "follow_max", "how often it joined the deals of the earlier backer it follows most";
    LeadShare => "lead_share", "how likely it leads a round like the candidate's, judged by the rounds it likely led";
    FollowLeads => "follow_leads", "how likely the investors whose rounds it joins lead the candidate's round";
    Backers => "backers", "earlier backers of the candidate";
    Rounds => "rounds", "earlier rounds of the candidate";
    SinceLastRound => "since_last_round", "time since the candidate's last round";
    FirstRaise => "first_raise", "the candidate raises for the first time";
    Age => "age", "the candidate's age";
    AgeKnown => "age_known", "the candidate's founding year is known";
    AskerDeals => "asker_deals", "how many deals it did";
    AskerRecent => "asker_recent", "share of its deals in the last year";
    AskerIdle => "asker_idle", "time since its last deal";
    StageCrowd => "stage_crowd", "investors per round at the ask's stage";
    CategoryTrend => "category_trend", "growth of the candidate's category last year";
    CategoryDemand => "category_demand", "share of last year's deals in the candidate's category";
    MetroDemand => "metro_demand", "share of last year's deals in the candidate's metro area";
    TextFit => "text_fit", "the words of the two profiles (text fit)";
    SectorFit => "sector_fit", "its sectors (sector fit)";
    GeographyFit => "geography_fit", "its places (geography fit)";
    StageFit => "stage_fit", "its stages (stage fit)";
    TicketFit => "ticket_fit", "its ticket range (ticket fit)";
    NetworkFit => "network_fit", "its co-investors and theirs backed the candidate (network fit)";
}

/// A candidate's public ask: the stage and size of the round it raises.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ask {
    /// The round's stage key, when known.
    pub stage: Option<Key>,
    /// log10 of the round's size in US dollars, when known.
    pub amount: Option<f32>,
}

/// Counts of an asker's deals per facet value.
#[derive(Debug, Default, Clone)]
struct Counts {
    /// Distinct candidates (for organisation facets) or deals (for stages) per key.
    per_key: HashMap<Key, f32>,
    /// Distinct candidates backed.
    candidates: f32,
    /// Deals with a known stage.
    staged: f32,
}

impl Counts {
    /// What a share of a facet's values is counted against: rounds for stages, candidates
    /// for the rest.
    fn total(&self, facet: Facet) -> f32 {
        if facet == Facet::Stage {
            self.staged
        } else {
            self.candidates
        }
    }

    fn share(&self, key: Key, facet: Facet) -> f32 {
        let total = self.total(facet);
        if total <= 0.0 {
            return 0.0;
        }
        self.per_key.get(&key).copied().unwrap_or(0.0) / total
    }
}

fn counts<'d>(
    history: &History,
    deals: impl Iterator<Item = &'d Deal>,
    since: Option<i32>,
) -> Counts {
    let mut c = Counts::default();
    let mut seen = std::collections::HashSet::new();
    for d in deals {
        if since.is_some_and(|s| d.day.is_none_or(|day| day < s)) {
            continue;
        }
        if let Some(stage) = d.stage {
            *c.per_key.entry(stage).or_default() += 1.0;
            c.staged += 1.0;
        }
        if seen.insert(d.candidate) {
            c.candidates += 1.0;
            for k in history.attributes_of(d.candidate as usize) {
                *c.per_key.entry(*k).or_default() += 1.0;
            }
        }
    }
    c
}

/// What is computed once per history: every asker's counts and the market's priors.
pub struct Features {
    history: History,
    counts: Vec<Counts>,
    /// Each asker's distinct candidates, sorted.
    portfolios: Vec<Vec<u32>>,
    /// Mean backers per round, by stage key.
    crowd: HashMap<Key, f32>,
    /// Share of all deals per key, over the whole history and over its last year.
    demand_all: HashMap<Key, f32>,
    demand_recent: HashMap<Key, f32>,
    /// Who likely led each round.
    leads: Leads,
}

/// What is computed once per asker.
pub struct Asker {
    index: usize,
    /// Its deals, private ones included (see [`Features::asker_told`]).
    deals: f32,
    all: Counts,
    recent: Counts,
    /// Peers' weighted shares per key.
    peer_share: HashMap<Key, f32>,
    /// Resemblance (cosine of portfolios) of every asker sharing a candidate.
    resemblance: HashMap<u32, f32>,
    /// Candidates shared with each co-investor.
    shared: HashMap<u32, u32>,
    /// Median and half the 10–90 % spread of the round sizes joined (log10 USD).
    usual_amount: Option<(f32, f32)>,
    last_day: Option<i32>,
    recent_deals: f32,
}

fn log_ratio(a: f32, b: f32) -> f32 {
    ((a + 1e-4) / (b + 1e-4)).ln()
}

impl Features {
    /// Counts every asker's history and the market's priors.
    pub fn new(history: History) -> Features {
        let counts: Vec<Counts> = (0..history.askers())
            .into_par_iter()
            .map(|a| counts(&history, history.deals_of(a).iter(), None))
            .collect();
        let portfolios = (0..history.askers())
            .map(|a| history.portfolio(a).into_iter().collect())
            .collect();
        let mut round_backers: HashMap<(u32, i32), (Option<Key>, u32)> = HashMap::new();
        let mut all: HashMap<Key, f32> = HashMap::new();
        let mut recent: HashMap<Key, f32> = HashMap::new();
        let (mut n_all, mut n_recent) = (0.0f32, 0.0f32);
        for a in 0..history.askers() {
            for d in history.deals_of(a) {
                if let Some(day) = d.day {
                    let e = round_backers.entry((d.candidate, day)).or_insert((None, 0));
                    e.0 = e.0.or(d.stage);
                    e.1 += 1;
                }
                let is_recent = d.day.is_some_and(|day| day >= history.today - YEAR);
                n_all += 1.0;
                if is_recent {
                    n_recent += 1.0;
                }
                for k in history.attributes_of(d.candidate as usize) {
                    *all.entry(*k).or_default() += 1.0;
                    if is_recent {
                        *recent.entry(*k).or_default() += 1.0;
                    }
                }
            }
        }
        let mut per_stage: HashMap<Key, (f32, f32)> = HashMap::new();
        let mut rounds: Vec<_> = round_backers.into_values().collect();
        rounds.sort_unstable_by_key(|(k, n)| (*k, *n));
        for (stage, n) in rounds {
            if let Some(stage) = stage {
                let e = per_stage.entry(stage).or_default();
                e.0 += n as f32;
                e.1 += 1.0;
            }
        }
        let crowd = per_stage
            .into_iter()
            .map(|(k, (sum, rounds))| (k, sum / rounds))
            .collect();
        let normalise = |m: HashMap<Key, f32>, n: f32| -> HashMap<Key, f32> {
            m.into_iter().map(|(k, v)| (k, v / n.max(1.0))).collect()
        };
        Features {
            leads: Leads::new(&history),
            history,
            counts,
            portfolios,
            crowd,
            demand_all: normalise(all, n_all),
            demand_recent: normalise(recent, n_recent),
        }
    }

    /// The history features are computed from.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// What one asker's features need, computed once.
    pub fn asker(&self, asker: usize) -> Asker {
        self.asker_told(asker, &[])
    }

    /// What one asker's features need, with `told` counted as deals of its own besides its
    /// deals in the history: the companies it liked or met, which only it knows of.
    ///
    /// The told deals change only this asker's side — its shares, usual round, activity and
    /// the co-investors it resembles — and never the shared history: no other asker's
    /// features and no candidate's backers read them, so one asker's private signals stay
    /// out of everyone else's ranking.
    pub fn asker_told(&self, asker: usize, told: &[Deal]) -> Asker {
        let h = &self.history;
        let deals: Vec<&Deal> = h.deals_of(asker).iter().chain(told).collect();
        // Without told deals, the portfolio counted once per history serves.
        let mine: Cow<[u32]> = if told.is_empty() {
            Cow::Borrowed(&self.portfolios[asker])
        } else {
            let mut mine: Vec<u32> = deals.iter().map(|d| d.candidate).collect();
            mine.sort_unstable();
            mine.dedup();
            Cow::Owned(mine)
        };
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for c in mine.iter() {
            for b in h.backers_of(*c as usize) {
                if *b as usize != asker {
                    *shared.entry(*b).or_default() += 1;
                }
            }
        }
        let resemblance: HashMap<u32, f32> = shared
            .iter()
            .map(|(p, k)| {
                let norm = (mine.len() as f32 * self.portfolios[*p as usize].len() as f32)
                    .sqrt()
                    .max(1.0);
                (*p, *k as f32 / norm)
            })
            .collect();
        // Summed in asker order so that the same asker always gets the same bits.
        let mut peers: Vec<(u32, f32)> = resemblance.iter().map(|(p, w)| (*p, *w)).collect();
        peers.sort_unstable_by_key(|(p, _)| *p);
        let mut peer_share: HashMap<Key, f32> = HashMap::new();
        let mut total = 0.0;
        for (p, w) in &peers {
            let counts = &self.counts[*p as usize];
            for (k, n) in &counts.per_key {
                let total = counts.total(h.facet_of(*k));
                *peer_share.entry(*k).or_default() += w * n / total.max(1.0);
            }
            total += w;
        }
        if total > 0.0 {
            peer_share.values_mut().for_each(|v| *v /= total);
        }
        let mut amounts: Vec<f32> = deals.iter().filter_map(|d| d.amount).collect();
        amounts.sort_by(f32::total_cmp);
        let usual_amount = (!amounts.is_empty()).then(|| {
            let at = |q: f32| amounts[((amounts.len() - 1) as f32 * q).round() as usize];
            (at(0.5), (at(0.9) - at(0.1)) / 2.0)
        });
        let last_day = deals.iter().filter_map(|d| d.day).max();
        let recent_deals = deals
            .iter()
            .filter(|d| d.day.is_some_and(|day| day >= h.today - YEAR))
            .count() as f32;
        let all = if told.is_empty() {
            self.counts[asker].clone()
        } else {
            counts(h, deals.iter().copied(), None)
        };
        Asker {
            index: asker,
            deals: deals.len() as f32,
            all,
            recent: counts(h, deals.iter().copied(), Some(h.today - 2 * YEAR)),
            peer_share,
            resemblance,
            shared,
            usual_amount,
            last_day,
            recent_deals,
        }
    }

    /// Every feature of one (asker, candidate) pair, in [`Feature::ALL`] order.
    ///
    /// `fits` are the thesis score's component fits of the pair (see
    /// [`crate::learn::thesis`]), `NaN` where unknown.
    ///
    /// The features come in parts that depend on less than the whole pair (the candidate
    /// alone, one of its facet values, the asker alone, ...): bounds of a model's score
    /// ([`crate::learn::bound`]) compute each part where it is cheapest, from these same
    /// functions.
    pub fn pair(
        &self,
        asker: &Asker,
        candidate: usize,
        ask: &Ask,
        fits: Option<&Fits>,
    ) -> [f32; Feature::COUNT] {
        let mut x = [0.0f32; Feature::COUNT];
        let mut put = |f: Feature, v: f32| x[f as usize] = v;
        // A candidate with several values of a facet reads the last one's.
        for k in self.keys_of(candidate, ask) {
            self.key_features(asker, k, &mut put);
        }
        Self::money_features(asker, ask, &mut put);
        self.network_features(asker, candidate, &mut put);
        self.lead_features(asker, candidate, ask, &mut put);
        self.candidate_features(candidate, ask, &mut put);
        if let Some(fits) = fits {
            Self::fit_features(fits, &mut put);
        }
        self.asker_features(asker, &mut put);
        x
    }

    /// The facet values of a candidate and its ask, in the order [`Features::pair`] reads
    /// them.
    pub fn keys_of(&self, candidate: usize, ask: &Ask) -> impl Iterator<Item = Key> + '_ {
        let h = &self.history;
        h.attributes_of(candidate).iter().copied().chain(ask.stage)
    }

    /// The features one facet value of the candidate sets: the asker's and its peers'
    /// shares of it, and the market's demand for it.
    pub fn key_features(&self, asker: &Asker, k: Key, put: &mut impl FnMut(Feature, f32)) {
        use Feature as F;
        let facet = self.history.facet_of(k);
        let share = asker.all.share(k, facet);
        let recent = asker.recent.share(k, facet);
        let peers = asker.peer_share.get(&k).copied().unwrap_or(0.0);
        match facet {
            Facet::Category => {
                put(F::CategoryShare, share);
                put(F::RecentCategoryShare, recent);
                put(F::PeerCategoryShare, peers);
                let last_year = self.demand_recent.get(&k).copied().unwrap_or(0.0);
                let ever = self.demand_all.get(&k).copied().unwrap_or(0.0);
                put(F::CategoryTrend, log_ratio(last_year, ever));
                put(F::CategoryDemand, (last_year + 1e-4).ln());
            }
            Facet::Sector => put(F::SectorShare, share),
            Facet::Country => {
                put(F::CountryShare, share);
                put(F::PeerCountryShare, peers);
            }
            Facet::Metro => {
                put(F::MetroShare, share);
                put(F::RecentMetroShare, recent);
                put(F::PeerMetroShare, peers);
                let last_year = self.demand_recent.get(&k).copied().unwrap_or(0.0);
                put(F::MetroDemand, (last_year + 1e-4).ln());
            }
            Facet::City => put(F::CityShare, share),
            Facet::Stage => {
                put(F::StageShare, share);
                put(F::PeerStageShare, peers);
                put(
                    F::StageCrowd,
                    self.crowd.get(&k).copied().unwrap_or(0.0).ln_1p(),
                );
            }
        }
    }

    /// The features of the ask's size against the round sizes the asker usually joins.
    pub fn money_features(asker: &Asker, ask: &Ask, put: &mut impl FnMut(Feature, f32)) {
        if let (Some(amount), Some((median, spread))) = (ask.amount, asker.usual_amount) {
            put(Feature::AmountKnown, 1.0);
            put(
                Feature::AmountDistance,
                ((amount - median).abs() / spread.max(0.3)).min(4.0),
            );
        }
    }

    /// The network features: the candidate's earlier backers that co-invested with the
    /// asker. All 0 unless the candidate is one of [`Features::reach`].
    pub fn network_features(
        &self,
        asker: &Asker,
        candidate: usize,
        put: &mut impl FnMut(Feature, f32),
    ) {
        use Feature as F;
        let (mut sum, mut max, mut count, mut repeat) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        let (mut follow_sum, mut follow_max) = (0.0f32, 0.0f32);
        for b in self.history.backers_of(candidate) {
            if let Some(w) = asker.resemblance.get(b) {
                sum += w;
                max = max.max(*w);
                count += 1.0;
            }
            if let Some(n) = asker.shared.get(b) {
                if *n >= 2 {
                    repeat += 1.0;
                }
                let theirs = self.portfolios[*b as usize].len() as f32;
                let follow = *n as f32 / theirs.max(1.0);
                follow_sum += follow;
                follow_max = follow_max.max(follow);
            }
        }
        put(F::CoInvestLog, (20.0 * sum).ln_1p());
        put(F::FollowSum, follow_sum);
        put(F::FollowMax, follow_max);
        put(F::CoInvestSum, sum);
        put(F::CoInvestMax, max);
        put(F::CoInvestCount, count.ln_1p());
        put(F::RepeatPartners, repeat.ln_1p());
    }

    /// The features of who likely leads the candidate's round (see [`Leads`]): all 0 for an
    /// undated history.
    pub fn lead_features(
        &self,
        asker: &Asker,
        candidate: usize,
        ask: &Ask,
        put: &mut impl FnMut(Feature, f32),
    ) {
        if self.leads.is_empty() {
            return;
        }
        let slots = self.leads.slots(&self.history, candidate, ask.stage);
        put(
            Feature::LeadShare,
            self.leads.lead_share(asker.index, &slots),
        );
        put(
            Feature::FollowLeads,
            self.leads.follow_leads(asker.index, &slots),
        );
    }

    /// The candidates an asker's co-investors backed, sorted: the only ones whose network
    /// features are not all 0.
    pub fn reach(&self, asker: &Asker) -> Vec<u32> {
        let mut reached: Vec<u32> = asker
            .shared
            .keys()
            .flat_map(|p| self.portfolios[*p as usize].iter().copied())
            .collect();
        reached.sort_unstable();
        reached.dedup();
        reached
    }

    /// The features of the candidate alone: its earlier backers and rounds, its age and the
    /// size of its ask.
    pub fn candidate_features(
        &self,
        candidate: usize,
        ask: &Ask,
        put: &mut impl FnMut(Feature, f32),
    ) {
        use Feature as F;
        let h = &self.history;
        let backers = h.backers_of(candidate);
        put(F::Backers, (backers.len() as f32).ln_1p());
        let rounds = h.rounds_of(candidate);
        put(F::Rounds, (rounds.len() as f32).ln_1p());
        if backers.is_empty() {
            put(F::FirstRaise, 1.0);
        }
        if let Some(last) = rounds.last() {
            put(
                F::SinceLastRound,
                ((h.today - last).max(0) as f32 / YEAR as f32).ln_1p(),
            );
        }
        if let Some(age) = h.age_of(candidate) {
            put(F::Age, (age / 10.0).clamp(0.0, 3.0));
            put(F::AgeKnown, 1.0);
        }
        if let Some(amount) = ask.amount {
            put(F::AskAmount, amount - 6.0);
        }
    }

    /// The features that pass the thesis score's component fits through (unknown: 0).
    pub fn fit_features(fits: &Fits, put: &mut impl FnMut(Feature, f32)) {
        let known = |v: f32| if v.is_nan() { 0.0 } else { v };
        for (feature, component) in FIT_FEATURES {
            put(feature, known(fits[component.index()]));
        }
    }

    /// The features of the asker alone: how active and recent it is, and its usual round.
    pub fn asker_features(&self, asker: &Asker, put: &mut impl FnMut(Feature, f32)) {
        use Feature as F;
        let h = &self.history;
        if let Some((median, _)) = asker.usual_amount {
            put(F::UsualAmount, median - 6.0);
        }
        put(F::AskerDeals, asker.all.candidates.ln_1p());
        put(F::AskerRecent, asker.recent_deals / asker.deals.max(1.0));
        if let Some(last) = asker.last_day {
            put(
                F::AskerIdle,
                ((h.today - last).max(0) as f32 / YEAR as f32).ln_1p(),
            );
        }
    }
}

/// The features that are a component fit of the thesis score, with their component.
pub const FIT_FEATURES: [(Feature, Component); 6] = [
    (Feature::TextFit, Component::Text),
    (Feature::SectorFit, Component::Sector),
    (Feature::GeographyFit, Component::Geography),
    (Feature::StageFit, Component::Stage),
    (Feature::TicketFit, Component::Ticket),
    (Feature::NetworkFit, Component::Network),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::Date;
    use crate::eval::protocol::Split;
    use crate::eval::protocol::tests::fixture;

    #[test]
    fn shares_network_and_first_raises_come_from_deals_before_the_split() {
        // c0, c2, c4 and c6 are software; c0–c3 are in the USA, c4–c7 in GBR.
        let bench = fixture(&[
            (0, 0, "2010-01-01", "seed"),
            (0, 2, "2010-02-01", "seed"),
            (0, 5, "2010-03-01", "series-a"),
            (1, 0, "2010-01-01", "seed"),
            (1, 3, "2010-04-01", "seed"),
            // The window: c3 raises again (warm), c4 raises for the first time (cold).
            (2, 3, "2011-02-01", "series-a"),
            (2, 4, "2011-03-01", "seed"),
            // A deal of i0's in the window must not count.
            (0, 6, "2011-04-01", "seed"),
        ]);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let history = crate::eval::import::history(&split.view(), split.date);
        let features = Features::new(history);
        let asker = features.asker(0);
        let get = |x: &[f32; Feature::COUNT], f: Feature| x[f as usize];

        let cold = features.pair(&asker, 4, &Ask::default(), None);
        assert!((get(&cold, Feature::CategoryShare) - 2.0 / 3.0).abs() < 1e-6);
        assert!((get(&cold, Feature::CountryShare) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(get(&cold, Feature::FirstRaise), 1.0);
        assert_eq!(get(&cold, Feature::CoInvestSum), 0.0);
        assert_eq!(get(&cold, Feature::Backers), 0.0);

        // c3's backer i1 shares c0 with i0: cosine 1 / √(3 · 2).
        let warm = features.pair(&asker, 3, &Ask::default(), None);
        assert_eq!(get(&warm, Feature::FirstRaise), 0.0);
        assert!((get(&warm, Feature::CoInvestSum) - 1.0 / 6f32.sqrt()).abs() < 1e-6);
        assert!(
            (get(&warm, Feature::FollowMax) - 0.5).abs() < 1e-6,
            "i0 joined 1 of i1's 2"
        );
        assert!((get(&warm, Feature::Backers) - 2f32.ln()).abs() < 1e-6);
        assert!(
            warm.iter().chain(&cold).all(|v| v.is_finite()),
            "every feature is a number"
        );
        // Unknown component fits are 0, known ones pass through.
        let mut fits = [f32::NAN; crate::weights::Component::COUNT];
        fits[Component::Sector.index()] = 0.75;
        let with_fits = features.pair(&asker, 4, &Ask::default(), Some(&fits));
        assert_eq!(get(&with_fits, Feature::SectorFit), 0.75);
        assert_eq!(get(&with_fits, Feature::TextFit), 0.0);
    }
}
