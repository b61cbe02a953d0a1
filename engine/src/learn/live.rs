//! The learned ranker on a live store: the deal history that stored profiles tell, and
//! matches ranked by a trained [`Model`] with each score explained in words.
//!
//! Stored profiles say who backed whom (start-ups' `backers`, investors' and partners'
//! `portfolio`) but not when, in which round or for how much. A [`StoreHistory`] is that
//! undated history: a model trained on it (`tandem train --history profiles`) reads the
//! same numbers in `eval`, `match` and `serve`, because all three build it here from a
//! snapshot. A model trained on a benchmark's dated deals (`--history deals`) reads
//! features that profiles cannot give, and [`LiveModel::new`] refuses it.
//!
//! The model ranks an investor's or partner's deal flow (start-ups) when the asker has
//! deals in the store to learn from; every other request keeps the thesis ranking, and
//! [`Ranked::method`] says which ranked and why.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use serde::Serialize;

use super::bound::{CandidateParts, NO_NODE, QueryBound};
use super::features::{Ask, Asker, Feature, Features};
use super::history::{Deal, Facet, History, Key};
use super::model::{HistorySource, Model};
use crate::error::{Error, Result};
use crate::fit::Fits;
use crate::geography::Place;
use crate::network::Location;
use crate::profile::Profile;
use crate::rank::{
    FeatureReason, LearnedScore, Match, MatchRequest, OutsideScore, default_targets, rank, rank_by,
};
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::weights::Weights;

/// How many of a learned score's parts an explanation lists.
pub const REASONS: usize = 5;

/// The deal history stored profiles tell, with the features' tables: built once per
/// snapshot.
pub struct StoreHistory {
    features: Features,
    /// Node of each id: every live profile and every organisation a history names.
    nodes: HashMap<String, u32>,
    /// Each node's id (nodes are numbered in id order).
    ids: Vec<String>,
    /// Each node's ask: its stage and funding ask, when stored.
    asks: Vec<Ask>,
    /// The node of each row of the snapshot, by kind and segment (see [`Location`]).
    located: Vec<Vec<Vec<u32>>>,
}

/// The facet values of a stored profile: its sectors, countries, metro areas and cities
/// (a city's metro area and country, where known, count as its places too).
fn facet_keys(history: &mut History, profile: &Profile) -> Vec<Key> {
    let mut keys: Vec<Key> = profile
        .sectors
        .iter()
        .map(|s| history.key(Facet::Sector, s.slug()))
        .collect();
    let geography = profile.geography();
    let within = geography.cities.iter().filter_map(|c| c.spot.within);
    let mut places: Vec<Place> = geography.places.iter().copied().chain(within).collect();
    places.extend(profile.countries.iter().map(|c| Place::Country(*c)));
    for place in places {
        match place {
            Place::Country(c) => keys.push(history.key(Facet::Country, c.alpha3())),
            Place::Metro(m) => {
                keys.push(history.key(Facet::Metro, m.name()));
                keys.push(history.key(Facet::Country, m.country().alpha3()));
            }
            Place::Area(_) => {}
        }
    }
    for city in &geography.cities {
        keys.push(history.key(Facet::City, city.city.key()));
    }
    keys
}

impl StoreHistory {
    /// Reads every live profile of a snapshot. A deal recorded on both sides (in a
    /// start-up's `backers` and in the investor's `portfolio`) counts once; the start-up is
    /// the candidate, the other side the asker.
    pub fn build(snapshot: &Snapshot) -> Result<StoreHistory> {
        let mut profiles = snapshot.profiles(None)?;
        profiles.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut deals: Vec<(&str, &str)> = Vec::new();
        for p in &profiles {
            if p.kind == Kind::Startup {
                deals.extend(p.backers.iter().map(|b| (b.as_str(), p.id.as_str())));
            } else {
                deals.extend(p.portfolio.iter().map(|c| (p.id.as_str(), c.as_str())));
            }
        }
        deals.sort_unstable();
        deals.dedup();
        let mut ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        ids.extend(deals.iter().flat_map(|(a, c)| [*a, *c]));
        ids.sort_unstable();
        ids.dedup();
        let nodes: HashMap<String, u32> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| (id.to_string(), n as u32))
            .collect();
        // No dates: rankings must depend on the stored profiles alone, not on the day.
        let mut history = History::new(ids.len(), ids.len(), None);
        let mut asks = vec![Ask::default(); ids.len()];
        for p in &profiles {
            let node = nodes[&p.id] as usize;
            let keys = facet_keys(&mut history, p);
            history.describe(node, keys, p.founded);
            asks[node] = Ask {
                stage: p.stage.map(|s| history.key(Facet::Stage, s.slug())),
                amount: p
                    .funding_ask_usd
                    .filter(|a| a.0 >= 1)
                    .map(|a| a.as_f64().log10() as f32),
            };
        }
        for (asker, candidate) in deals {
            let deal = Deal {
                candidate: nodes[candidate],
                day: None,
                stage: None,
                amount: None,
            };
            history.add_deal(nodes[asker] as usize, deal);
        }
        let located = Kind::ALL
            .iter()
            .map(|kind| {
                snapshot
                    .blocks(*kind)
                    .map(|(_, block)| {
                        // A deleted row's id may be in no history: it has no node.
                        let node = |id: &String| nodes.get(id.as_str()).copied();
                        block
                            .ids
                            .iter()
                            .map(|id| node(id).unwrap_or(NO_NODE))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Ok(StoreHistory {
            features: Features::new(history.finish()),
            nodes,
            ids: ids.into_iter().map(str::to_string).collect(),
            asks,
            located,
        })
    }

    /// The node of a profile id, if it is stored or named by a history.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.get(id).map(|n| *n as usize)
    }

    /// The features' tables.
    pub fn features(&self) -> &Features {
        &self.features
    }

    /// Deals of an asker's own with the profiles `ids`, shaped like the stored ones (no
    /// date, stage or size, which a stored portfolio does not say): what its likes and
    /// meetings tell [`Features::asker_told`]. Ids the history does not know are left out.
    pub fn told<S: AsRef<str>>(&self, ids: impl IntoIterator<Item = S>) -> Vec<Deal> {
        ids.into_iter()
            .filter_map(|id| self.node(id.as_ref()))
            .map(|node| Deal {
                candidate: node as u32,
                day: None,
                stage: None,
                amount: None,
            })
            .collect()
    }

    /// A node's ask (its stage and funding ask).
    pub fn ask(&self, node: usize) -> Ask {
        self.asks[node]
    }

    /// Every feature of (asker, candidate) by id, with the candidate's component fits; `None`
    /// when either is unknown to the history.
    pub fn pair(
        &self,
        asker: &Asker,
        candidate: &str,
        fits: &Fits,
    ) -> Option<[f32; Feature::COUNT]> {
        let node = self.node(candidate)?;
        Some(
            self.features
                .pair(asker, node, &self.asks[node], Some(fits)),
        )
    }
}

/// Which ranking ordered a list of matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// The learned model.
    Learned,
    /// The thesis score (weighted component fits, fused with the network), and why not the
    /// model when one was loaded.
    Thesis {
        /// Why the model did not rank, when there is one.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// Matches with the ranking that ordered them.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Best first.
    pub matches: Vec<Match>,
    /// Which ranking ordered them.
    pub method: Method,
}

impl Ranked {
    /// The thesis ranking ([`rank`]), with why the model did not rank when there is one.
    pub fn by_thesis(
        snapshot: &Snapshot,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
        reason: Option<String>,
    ) -> Result<Ranked> {
        Ok(Ranked {
            matches: rank(snapshot, weights, query, request)?,
            method: Method::Thesis { reason },
        })
    }
}

/// A trained model ready to rank a store, keeping the history of the last snapshot it read.
pub struct LiveModel {
    model: Model,
    prepared: Mutex<Option<(Weak<Snapshot>, Arc<Prepared>)>>,
}

/// What ranking a snapshot with the model reads: the snapshot's history and, when the
/// model is additive, every candidate's own part of its score.
struct Prepared {
    history: Arc<StoreHistory>,
    parts: Option<CandidateParts>,
}

/// A ranking by an outside score ([`rank_by`]).
type RankBy =
    dyn Fn(&Snapshot, &Weights, &Profile, &MatchRequest, &dyn OutsideScore) -> Result<Vec<Match>>;

/// One asker's learned scores, with their bounds when the model is additive.
struct LearnedScores<'a> {
    model: &'a Model,
    history: &'a StoreHistory,
    asker: &'a Asker,
    bound: Option<QueryBound<'a>>,
}

impl OutsideScore for LearnedScores<'_> {
    fn score(&self, id: &str, fits: &Fits) -> f32 {
        self.history
            .pair(self.asker, id, fits)
            .map_or(f32::NEG_INFINITY, |x| self.model.score(&x))
    }

    fn bound(&self, at: Location, fits: &Fits) -> f32 {
        let bound = self.bound.as_ref().and_then(|b| b.bound(at, fits));
        bound.unwrap_or(f32::INFINITY)
    }
}

impl LiveModel {
    /// Wraps a model trained on stored profiles' history; a model trained on dated deals
    /// is refused (its features cannot be computed from profiles).
    pub fn new(model: Model) -> Result<LiveModel> {
        if model.history != HistorySource::Profiles {
            return Err(Error::BadRequest(
                "this model was trained on a benchmark's dated deals (`--history deals`), which stored profiles do not have; train one for stores with `tandem train --history profiles`".into(),
            ));
        }
        Ok(LiveModel {
            model,
            prepared: Mutex::new(None),
        })
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The history of `snapshot`, built on first use and kept until a newer snapshot is asked
    /// for.
    pub fn history(&self, snapshot: &Arc<Snapshot>) -> Result<Arc<StoreHistory>> {
        Ok(Arc::clone(&self.prepared(snapshot)?.history))
    }

    fn prepared(&self, snapshot: &Arc<Snapshot>) -> Result<Arc<Prepared>> {
        {
            let cached = self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((seen, prepared)) = cached.as_ref()
                && seen.upgrade().is_some_and(|s| Arc::ptr_eq(&s, snapshot))
            {
                return Ok(Arc::clone(prepared));
            }
        }
        // Built without the lock held: building runs parallel loops on rayon's pool, and a
        // worker waiting in one may run another request that asks for the history, which
        // would wait for this lock forever on the thread that holds it. Two requests may
        // then build the same history at once; either result is the same.
        let history = StoreHistory::build(snapshot)?;
        let parts = self.model.additive().and_then(|model| {
            CandidateParts::new(model, history.features(), &history.asks, &history.located)
        });
        let prepared = Arc::new(Prepared {
            history: Arc::new(history),
            parts,
        });
        *self.prepared.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Arc::downgrade(snapshot), Arc::clone(&prepared)));
        Ok(prepared)
    }

    /// Builds what every learned ranking of `snapshot` shares — the store's deal history
    /// and each candidate's parts of the model — unless it is built already: a server calls
    /// this after a write, so that the next ranking need not wait for it.
    pub fn prepare(&self, snapshot: &Arc<Snapshot>) -> Result<()> {
        self.prepared(snapshot).map(drop)
    }

    /// Ranks for `query` with the model where it applies, else with the thesis score.
    pub fn rank(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
    ) -> Result<Ranked> {
        self.rank_told(snapshot, weights, query, request, &[])
    }

    /// [`LiveModel::rank`] for an asker that liked or met the profiles `told`: the model
    /// counts them as the asker's own deals ([`Features::asker_told`]) in this ranking only.
    /// They never join the store's history, so no other asker's ranking reads them.
    pub fn rank_told(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
        told: &[String],
    ) -> Result<Ranked> {
        self.rank_with(snapshot, weights, query, request, told, &rank_by)
    }

    /// [`LiveModel::rank`] with the model's ranking done by `rank_by` (tests compare the
    /// pruned ranking with scoring every candidate).
    fn rank_with(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
        told: &[String],
        rank_by: &RankBy,
    ) -> Result<Ranked> {
        // The request is checked before the history is read: building it reads every stored
        // profile, which a request the model cannot rank need not wait for.
        if let Err(reason) = Self::applies_to(query, request) {
            return Ranked::by_thesis(snapshot, weights, query, request, Some(reason));
        }
        let prepared = self.prepared(snapshot)?;
        let history = &prepared.history;
        let asker = match Self::asker_node(history, query) {
            Ok(node) => node,
            Err(reason) => {
                return Ranked::by_thesis(snapshot, weights, query, request, Some(reason));
            }
        };
        // Deal flow is companies the asker has not backed yet (the model learned from such
        // lists: a benchmark's candidates leave out what each investor already funded).
        let mut request = request.clone();
        request.filters.exclude_ids.extend(
            history
                .features()
                .history()
                .portfolio(asker)
                .into_iter()
                .map(|c| history.ids[c as usize].clone()),
        );
        let request = &request;
        let asker = history.features().asker_told(asker, &history.told(told));
        let bound = match (self.model.additive(), &prepared.parts) {
            (Some(model), Some(parts)) => {
                Some(QueryBound::new(model, history.features(), parts, &asker))
            }
            _ => None,
        };
        let scores = LearnedScores {
            model: &self.model,
            history,
            asker: &asker,
            bound,
        };
        let mut matches = rank_by(snapshot, weights, query, request, &scores)?;
        for m in &mut matches {
            let mut fits = [f32::NAN; crate::weights::Component::COUNT];
            for c in &m.components {
                fits[c.component.index()] = c.fit.unwrap_or(f32::NAN);
            }
            let id = &m.profile.id;
            if let (Some(x), Some(node)) = (history.pair(&asker, id, &fits), history.node(id)) {
                m.learned = Some(self.explain(&x, history.ask(node).amount.is_some()));
            }
        }
        Ok(Ranked {
            matches,
            method: Method::Learned,
        })
    }

    /// Whether the model applies to the request (the asker's kind, the targets, one way),
    /// else why not.
    fn applies_to(query: &Profile, request: &MatchRequest) -> std::result::Result<(), String> {
        let targets = if request.targets.is_empty() {
            default_targets(query.kind)
        } else {
            request.targets.clone()
        };
        if query.kind == Kind::Startup || targets.iter().any(|k| *k != Kind::Startup) {
            return Err("the model ranks start-ups for investors and partners".into());
        }
        if request.reciprocal {
            return Err("the model ranks one way; reciprocal matches use the thesis score".into());
        }
        Ok(())
    }

    /// The asker's node when it has deals in the store to learn from, else why not.
    fn asker_node(history: &StoreHistory, query: &Profile) -> std::result::Result<usize, String> {
        match history.node(&query.id) {
            Some(node) if !history.features().history().deals_of(node).is_empty() => Ok(node),
            _ => Err(format!(
                "`{}` has no deals in the store to learn from (its `portfolio` is empty)",
                query.id
            )),
        }
    }

    /// A learned score's largest parts, in words.
    fn explain(&self, x: &[f32; Feature::COUNT], asks: bool) -> LearnedScore {
        let score = self.model.score(x);
        let parts = self.model.contributions(x);
        let total: f32 = parts.iter().map(|c| c.value).sum();
        let reasons = parts
            .iter()
            .filter(|c| c.value != 0.0)
            .take(REASONS)
            .map(|c| {
                let value = x[c.feature as usize];
                let what = match c.with {
                    None => format!(
                        "{} ({})",
                        c.feature.words(),
                        value_words(c.feature, value, asks)
                    ),
                    Some(other) => format!(
                        "{} ({}), given {} ({})",
                        c.feature.words(),
                        value_words(c.feature, value, asks),
                        other.words(),
                        value_words(other, x[other as usize], asks)
                    ),
                };
                let direction = if c.value > 0.0 { "raises" } else { "lowers" };
                FeatureReason {
                    feature: match c.with {
                        None => c.feature.name().to_string(),
                        Some(other) => format!("{}×{}", c.feature.name(), other.name()),
                    },
                    value,
                    contribution: c.value,
                    reason: format!("{direction} the score by {:.2}: {what}", c.value.abs()),
                }
            })
            .collect();
        LearnedScore {
            score,
            base: score - total,
            reasons,
        }
    }
}

/// A feature's value as a reader would say it; `asks`: whether the candidate states the
/// size of its ask (else the ask's features are 0 for "unknown").
fn value_words(feature: Feature, v: f32, asks: bool) -> String {
    use Feature as F;
    let count = |v: f32| format!("{}", v.exp_m1().round() as i64);
    let usd = |log10_millions: f32| {
        let dollars = 10f64.powf(f64::from(log10_millions) + 6.0);
        if dollars >= 1e6 {
            format!("${:.1}M", dollars / 1e6)
        } else {
            format!("${:.0}k", dollars / 1e3)
        }
    };
    match feature {
        F::CategoryShare
        | F::SectorShare
        | F::CountryShare
        | F::MetroShare
        | F::CityShare
        | F::StageShare
        | F::RecentCategoryShare
        | F::RecentMetroShare
        | F::PeerCategoryShare
        | F::PeerMetroShare
        | F::PeerCountryShare
        | F::PeerStageShare
        | F::AskerRecent
        | F::TextFit
        | F::SectorFit
        | F::GeographyFit
        | F::StageFit
        | F::TicketFit
        | F::NetworkFit => format!("{:.0} %", 100.0 * v),
        F::FirstRaise | F::AmountKnown | F::AgeKnown => {
            if v > 0.0 { "yes" } else { "no" }.to_string()
        }
        F::Backers | F::Rounds | F::AskerDeals | F::CoInvestCount | F::RepeatPartners => count(v),
        F::AskAmount if !asks => "unknown".to_string(),
        F::AskAmount | F::UsualAmount => usd(v),
        _ => format!("{v:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::{Order, Tuning, rank_with};
    use crate::testing::{learned_model, population, store_with};
    use proptest::prelude::*;

    fn model(history: HistorySource) -> Model {
        Model {
            history,
            ..learned_model()
        }
    }

    fn profile(json: &str) -> Profile {
        let mut p = Profile::from_json(json).unwrap();
        p.normalize().unwrap();
        p
    }

    /// Two investors sharing a deal, start-ups in two sectors and countries, some backed.
    fn market() -> Vec<Profile> {
        let mut out = vec![
            profile(
                r#"{"id":"inv-a","kind":"investor","name":"A","description":"fintech in Kenya","sectors":["fintech"],"countries":["KE"],"portfolio":["st-1","st-2"]}"#,
            ),
            profile(
                r#"{"id":"inv-b","kind":"investor","name":"B","description":"payments","sectors":["fintech"],"portfolio":["st-2","st-5"]}"#,
            ),
            profile(
                r#"{"id":"inv-c","kind":"investor","name":"C","description":"no deals yet","sectors":["health"]}"#,
            ),
        ];
        for i in 1..=12 {
            let (sector, country) = if i % 2 == 0 {
                ("fintech", "KE")
            } else {
                ("health", "NG")
            };
            let backers = if i == 5 || i == 7 {
                r#","backers":["inv-b"]"#
            } else {
                ""
            };
            out.push(profile(&format!(
                r#"{{"id":"st-{i}","kind":"startup","name":"S{i}","description":"{sector} company number {i}","sectors":["{sector}"],"countries":["{country}"],"stage":"seed","funding_ask_usd":{}{backers}}}"#,
                100_000 * i
            )));
        }
        out
    }

    #[test]
    fn a_deal_on_both_sides_counts_once_and_first_raises_are_those_without_backers() {
        let (_dir, store) = store_with(&market());
        let history = StoreHistory::build(&store.snapshot()).unwrap();
        let h = history.features().history();
        let b = history.node("inv-b").unwrap();
        // inv-b lists st-2 and st-5; st-5 and st-7 list inv-b: three deals.
        assert_eq!(h.deals_of(b).len(), 3);
        assert!(!h.is_dated());
        let asker = history.features().asker(history.node("inv-a").unwrap());
        let fits = [f32::NAN; crate::weights::Component::COUNT];
        let x = |id: &str| history.pair(&asker, id, &fits).unwrap();
        assert_eq!(x("st-4")[Feature::FirstRaise as usize], 1.0);
        assert_eq!(x("st-5")[Feature::FirstRaise as usize], 0.0);
        // inv-a backed st-1 (health, NG) and st-2 (fintech, KE).
        assert_eq!(x("st-4")[Feature::SectorShare as usize], 0.5);
        assert_eq!(x("st-4")[Feature::CountryShare as usize], 0.5);
        // inv-b, who shares st-2 with inv-a, backed st-5.
        assert!(x("st-5")[Feature::CoInvestSum as usize] > 0.0);
        assert_eq!(x("st-4")[Feature::CoInvestSum as usize], 0.0);
        assert!(history.pair(&asker, "nobody", &fits).is_none());
    }

    /// Every start-up but the asker's portfolio scored by hand with the model, the asker
    /// told `told`, best first, ties by id.
    fn by_hand(
        live: &LiveModel,
        snapshot: &Arc<Snapshot>,
        query: &Profile,
        told: &[&str],
    ) -> Vec<(f32, String)> {
        let history = live.history(snapshot).unwrap();
        let node = history.node(&query.id).unwrap();
        let asker = history.features().asker_told(node, &history.told(told));
        let fits = crate::learn::thesis::component_fits(snapshot, query, &[Kind::Startup]).unwrap();
        let mut expected: Vec<(f32, String)> = fits
            .iter()
            .filter(|(id, _)| !query.portfolio.contains(id))
            .map(|(id, f)| {
                let x = history.pair(&asker, id, f).unwrap();
                (live.model().score(&x), id.clone())
            })
            .collect();
        expected.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        expected
    }

    fn scores_of(ranked: &Ranked) -> Vec<(f32, String)> {
        ranked
            .matches
            .iter()
            .map(|m| (m.score, m.profile.id.clone()))
            .collect()
    }

    #[test]
    fn a_ranking_told_likes_is_the_model_on_the_askers_features_with_them() {
        let (_dir, store) = store_with(&market());
        let snapshot = store.snapshot();
        let live = LiveModel::new(model(HistorySource::Profiles)).unwrap();
        let weights = Weights::default();
        let query = snapshot.require("inv-a").unwrap();
        let request = MatchRequest {
            limit: 6,
            ..MatchRequest::default()
        };
        let other = snapshot.require("inv-b").unwrap();
        let others_before = live.rank(&snapshot, &weights, &other, &request).unwrap();
        let told = ["st-4", "st-6"];
        let ids: Vec<String> = told.iter().map(|t| t.to_string()).collect();
        let ranked = live
            .rank_told(&snapshot, &weights, &query, &request, &ids)
            .unwrap();
        let expected = by_hand(&live, &snapshot, &query, &told);
        assert_eq!(scores_of(&ranked), expected[..6].to_vec());
        assert_ne!(
            expected,
            by_hand(&live, &snapshot, &query, &[]),
            "the likes change the scores"
        );
        // Nothing of inv-a's likes stays behind for another asker's ranking.
        assert_eq!(
            live.rank(&snapshot, &weights, &other, &request)
                .unwrap()
                .matches,
            others_before.matches
        );
    }

    #[test]
    fn likes_count_as_the_askers_own_deals_for_it_alone() {
        let (_dir, store) = store_with(&market());
        let history = StoreHistory::build(&store.snapshot()).unwrap();
        let features = history.features();
        let (a, b) = (
            history.node("inv-a").unwrap(),
            history.node("inv-b").unwrap(),
        );
        let fits = [f32::NAN; crate::weights::Component::COUNT];
        let x = |asker: &Asker, id: &str| history.pair(asker, id, &fits).unwrap();
        let others_before = x(&features.asker(b), "st-8");

        // inv-a backed st-1 (health, NG) and st-2 (fintech, KE), then liked two Kenyan
        // fintechs; an id the store does not know is left out.
        let told = history.told(["st-4", "st-6", "nobody"]);
        assert_eq!(told.len(), 2);
        let plain = x(&features.asker(a), "st-8");
        let liked = x(&features.asker_told(a, &told), "st-8");
        let get = |row: &[f32; Feature::COUNT], f: Feature| row[f as usize];
        assert_eq!(get(&plain, Feature::SectorShare), 0.5);
        assert_eq!(get(&liked, Feature::SectorShare), 0.75);
        assert_eq!(get(&liked, Feature::CountryShare), 0.75);
        assert_eq!(get(&liked, Feature::AskerDeals), 4f32.ln_1p());
        // Nothing told is the plain asker, bit for bit.
        assert_eq!(x(&features.asker_told(a, &[]), "st-8"), plain);
        // The likes joined no history: inv-a's stored deals and inv-b's features are as
        // they were.
        assert_eq!(features.history().deals_of(a).len(), 2);
        assert_eq!(x(&features.asker(b), "st-8"), others_before);
    }

    #[test]
    fn ranks_exactly_by_the_model_with_reasons_and_falls_back_with_why() {
        let (_dir, store) = store_with(&market());
        let snapshot = store.snapshot();
        let live = LiveModel::new(model(HistorySource::Profiles)).unwrap();
        let weights = Weights::default();
        let query = snapshot.require("inv-a").unwrap();
        let request = MatchRequest {
            limit: 5,
            ..MatchRequest::default()
        };
        let ranked = live.rank(&snapshot, &weights, &query, &request).unwrap();
        assert_eq!(ranked.method, Method::Learned);

        // Deal flow leaves out what inv-a backed already (st-1, st-2).
        let expected = by_hand(&live, &snapshot, &query, &[]);
        assert_eq!(scores_of(&ranked), expected[..5].to_vec());

        for m in &ranked.matches {
            let learned = m.learned.as_ref().expect("a learned explanation");
            assert_eq!(learned.score, m.score);
            assert!(!learned.reasons.is_empty() && learned.reasons.len() <= REASONS);
            let sizes: Vec<f32> = learned
                .reasons
                .iter()
                .map(|r| r.contribution.abs())
                .collect();
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first");
            for r in &learned.reasons {
                assert!(r.contribution.is_finite() && r.value.is_finite());
                assert!(r.reason.starts_with("raises") || r.reason.starts_with("lowers"));
            }
        }
        // The co-invested st-5 is explained by its co-investor.
        let st5 = ranked
            .matches
            .iter()
            .find(|m| m.profile.id == "st-5")
            .unwrap();
        let reasons = &st5.learned.as_ref().unwrap().reasons;
        assert!(
            reasons.iter().any(|r| r.feature == "co_invest_sum"
                && r.reason.contains("earlier backers resembling it")),
            "{reasons:?}"
        );

        let thesis = |query: &str, request: &MatchRequest| {
            let query = snapshot.require(query).unwrap();
            live.rank(&snapshot, &weights, &query, request).unwrap()
        };
        let reason = |r: Ranked| match r.method {
            Method::Thesis { reason } => reason.unwrap(),
            Method::Learned => panic!("the model should not apply"),
        };
        assert!(reason(thesis("inv-c", &request)).contains("no deals"));
        assert!(reason(thesis("st-1", &request)).contains("start-ups for investors"));
        let reciprocal = MatchRequest {
            reciprocal: true,
            ..request.clone()
        };
        let fallback = thesis("inv-a", &reciprocal);
        assert_eq!(
            fallback.matches,
            crate::rank::rank(&snapshot, &weights, &query, &reciprocal).unwrap()
        );
        assert!(reason(fallback).contains("reciprocal"));
    }

    /// A synthetic market where a third of the start-ups have two backers among the
    /// even-numbered investors, and an additive model (one-split trees) trained on it to
    /// find each investor's backed start-ups among all.
    fn backed_market_and_additive_model() -> (Vec<Profile>, Model) {
        use crate::learn::linear::list;
        use crate::learn::model::{Learner, TrainingReport};
        use crate::learn::trees::Trees;
        let config = crate::synth::SynthConfig {
            startups: 1_500,
            investors: 40,
            partners: 10,
            seed: 11,
        };
        let mut profiles = crate::synth::generate(&config);
        let startups = profiles.iter_mut().filter(|p| p.kind == Kind::Startup);
        for (j, p) in startups.enumerate().filter(|(j, _)| j % 3 == 0) {
            let pick = |salt: usize| 2 * (1 + (j * 31 + salt * 17 + j / 7) % 19);
            p.backers = vec![format!("inv-{:04}", pick(0)), format!("inv-{:04}", pick(1))];
            p.backers.dedup();
        }
        let (_dir, store) = store_with(&profiles);
        let snapshot = store.snapshot();
        let history = StoreHistory::build(&snapshot).unwrap();
        let h = history.features().history();
        let mut lists = Vec::new();
        for investor in profiles.iter().filter(|p| p.kind == Kind::Investor) {
            let node = history.node(&investor.id).unwrap();
            let portfolio = h.portfolio(node);
            let asker = history.features().asker(node);
            let fits = crate::learn::thesis::component_fits(&snapshot, investor, &[Kind::Startup])
                .unwrap();
            let mut ids: Vec<&String> = fits.keys().collect();
            ids.sort();
            let rows: Vec<[f32; Feature::COUNT]> = ids
                .iter()
                .map(|id| history.pair(&asker, id, &fits[*id]).unwrap())
                .collect();
            let labels: Vec<f32> = ids
                .iter()
                .map(|id| {
                    let backed = portfolio.contains(&(history.node(id).unwrap() as u32));
                    if backed { 1.0 } else { 0.0 }
                })
                .collect();
            lists.push(list(&rows, &labels));
        }
        let trees = Trees::train(&lists, &"leaves=2,rounds=300".parse().unwrap()).unwrap();
        assert!(trees.additive().is_some());
        let model = Model::new(
            Learner::Trees(trees),
            HistorySource::Profiles,
            TrainingReport::default(),
        );
        (profiles, model)
    }

    /// The learned ranking tuned: `Some(n)` prunes with first batches of `n` rows, `None`
    /// scores every candidate in full.
    fn tuned(first_batch: Option<usize>) -> Box<RankBy> {
        Box::new(move |snapshot, weights, query, request, score| {
            let tuning = Tuning {
                prune: first_batch.is_some(),
                first_batch: first_batch.unwrap_or(1),
            };
            rank_with(
                snapshot,
                weights,
                query,
                request,
                tuning,
                Order::Outside(score),
            )
        })
    }

    /// [`backed_market_and_additive_model`], trained once for every test that needs it.
    fn shared_market_and_model() -> (Vec<Profile>, Model) {
        static SHARED: std::sync::OnceLock<(Vec<Profile>, Model)> = std::sync::OnceLock::new();
        SHARED.get_or_init(backed_market_and_additive_model).clone()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Random profiles, random deals, two imports (the second replaces some profiles,
        /// leaving deleted rows and a second segment): bounds never change a ranking.
        #[test]
        fn bounds_never_change_a_learned_ranking(
            mut people in population(12),
            deals in proptest::collection::vec((0usize..12, 0usize..12), 0..40),
            replaced in proptest::collection::btree_set(0usize..36, 0..6),
            limit in 1usize..5,
        ) {
            for (startup, investor) in deals {
                let backer = format!("i{investor}");
                if !people[startup].backers.contains(&backer) {
                    people[startup].backers.push(backer);
                }
            }
            let (_dir, store) = store_with(&people);
            let again: Vec<Profile> = replaced.iter().map(|i| people[*i].clone()).collect();
            if !again.is_empty() {
                store.import(&again, &()).unwrap();
            }
            let snapshot = store.snapshot();
            let live = LiveModel::new(shared_market_and_model().1).unwrap();
            let weights = Weights::default();
            let request = MatchRequest { limit, ..MatchRequest::default() };
            // Batches from 1 row, so that a dozen start-ups are pruned as 100,000 would be.
            let (pruned, exhaustive) = (tuned(Some(1)), tuned(None));
            for investor in people.iter().filter(|p| p.kind == Kind::Investor) {
                let rank = |by: &RankBy| {
                    live.rank_with(&snapshot, &weights, investor, &request, &[], by).unwrap()
                };
                prop_assert_eq!(rank(&pruned), rank(&exhaustive), "{}", investor.id);
            }
        }
    }

    #[test]
    fn preparing_a_snapshot_builds_what_its_rankings_share() {
        let (_dir, store) = store_with(&market());
        let snapshot = store.snapshot();
        let live = LiveModel::new(learned_model()).unwrap();
        let cached = || {
            let cached = live.prepared.lock().unwrap();
            cached.as_ref().map(|(_, prepared)| Arc::clone(prepared))
        };
        assert!(cached().is_none());
        live.prepare(&snapshot).unwrap();
        let built = cached().expect("prepare keeps what it built");
        live.prepare(&snapshot).unwrap();
        let ranked_with = live.prepared(&snapshot).unwrap();
        assert!(Arc::ptr_eq(&built, &ranked_with), "built once, then reused");
    }

    #[test]
    fn the_pruned_learned_ranking_is_the_exhaustive_one() {
        let (profiles, model) = shared_market_and_model();
        let (_dir, store) = store_with(&profiles);
        let snapshot = store.snapshot();
        let live = LiveModel::new(model).unwrap();
        let weights = Weights::default();
        let every = tuned(None);
        let mut compared = 0;
        for investor in profiles.iter().filter(|p| p.kind == Kind::Investor) {
            for (limit, country) in [(1, None), (10, None), (40, None), (10, Some("KEN"))] {
                let mut request = MatchRequest {
                    limit,
                    ..MatchRequest::default()
                };
                if let Some(country) = country {
                    let country = crate::geography::Country::parse(country).unwrap();
                    request.filters.places = vec![Place::Country(country)];
                }
                let pruned = live.rank(&snapshot, &weights, investor, &request).unwrap();
                let exhaustive = live
                    .rank_with(&snapshot, &weights, investor, &request, &[], &every)
                    .unwrap();
                assert_eq!(pruned, exhaustive, "{} limit {limit}", investor.id);
                compared += usize::from(pruned.method == Method::Learned);
            }
        }
        assert!(compared > 40, "the model ranked for the backing investors");
    }

    #[test]
    fn feature_values_read_as_people_say_them() {
        assert_eq!(value_words(Feature::SectorShare, 0.38, true), "38 %");
        assert_eq!(value_words(Feature::Backers, 3f32.ln(), true), "2");
        assert_eq!(value_words(Feature::FirstRaise, 1.0, true), "yes");
        assert_eq!(value_words(Feature::AskAmount, 0.5, true), "$3.2M");
        assert_eq!(value_words(Feature::AskAmount, -0.7, true), "$200k");
        assert_eq!(value_words(Feature::AskAmount, 0.0, false), "unknown");
    }

    #[test]
    fn a_model_of_dated_deals_is_refused_with_what_to_do() {
        let error = LiveModel::new(model(HistorySource::Deals)).err().unwrap();
        assert!(error.to_string().contains("--history profiles"), "{error}");
    }

    #[test]
    fn the_history_is_rebuilt_for_a_new_snapshot_only() {
        let (_dir, store) = store_with(&market());
        let live = LiveModel::new(model(HistorySource::Profiles)).unwrap();
        let first = live.history(&store.snapshot()).unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &live.history(&store.snapshot()).unwrap()
        ));
        let mut changed = store.snapshot().require("inv-c").unwrap();
        changed.portfolio = vec!["st-3".into()];
        store.upsert(&changed).unwrap();
        let second = live.history(&store.snapshot()).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        let c = second.node("inv-c").unwrap();
        assert_eq!(second.features().history().deals_of(c).len(), 1);
    }
}
