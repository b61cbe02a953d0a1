//! Feedback: what a profile says about the candidates it is shown — `like`, `pass`,
//! `meeting`, `deal` — kept durably and used by its next ranking.
//!
//! Signals live in the data directory's feedback [`Ledger`] (`DIR/feedback/`), one record
//! per (giver, candidate, signal): giving the same signal twice stores it once, and undoing
//! removes it. `like` and `pass` exclude each other: the later replaces the earlier.
//!
//! Feedback is private to the profile that gave it. Only [`Personal`] — one giver's own
//! signals — reaches a ranking ([`personal`]), and only when that ranking is asked for by
//! the giver. Where a learned model ranks, it reads the giver's likes and meetings as deals
//! of the giver's own, for that ranking only
//! ([`crate::learn::features::Features::asker_told`]): they never join the history that
//! other askers' features, or the next training, read. The exception is a `deal`, which
//! is a fact rather than an opinion: it is written into the two profiles' deal history
//! (`portfolio` and `backers`), where the deal network and the learned ranker read it for
//! everyone, as if it had been imported.

pub mod personal;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::{Change, Entry, Ledger};
use crate::profile::Profile;
use crate::store::Store;
use crate::taxonomy::Kind;

/// What a profile said about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// Interested: ranks candidates that resemble it higher.
    Like,
    /// Not interested: leaves the giver's later matches.
    Pass,
    /// Met them: a positive example, like `like`.
    Meeting,
    /// Did a deal with them: joins the shared deal history.
    Deal,
}

impl Signal {
    /// Every signal, in the order they are listed.
    pub const ALL: [Signal; 4] = [Signal::Like, Signal::Pass, Signal::Meeting, Signal::Deal];

    /// The signal's name, as in JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Signal::Like => "like",
            Signal::Pass => "pass",
            Signal::Meeting => "meeting",
            Signal::Deal => "deal",
        }
    }

    /// Whether the signal says the giver wants more like this candidate.
    pub fn is_positive(self) -> bool {
        matches!(self, Signal::Like | Signal::Meeting)
    }

    /// The signal this one replaces for the same candidate: a like undoes a pass and the
    /// other way round.
    fn opposite(self) -> Option<Signal> {
        match self {
            Signal::Like => Some(Signal::Pass),
            Signal::Pass => Some(Signal::Like),
            Signal::Meeting | Signal::Deal => None,
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl std::str::FromStr for Signal {
    type Err = Error;

    fn from_str(s: &str) -> Result<Signal> {
        Signal::ALL
            .into_iter()
            .find(|signal| signal.slug() == s)
            .ok_or_else(|| {
                Error::BadRequest(format!(
                    "unknown signal `{s}`; expected one of like, pass, meeting, deal"
                ))
            })
    }
}

/// One signal one profile gave about another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Who gave it.
    pub from: String,
    /// About whom.
    pub to: String,
    /// What was said.
    pub signal: Signal,
    /// When (given by the caller, or the time it was recorded).
    pub at: Timestamp,
    /// For a deal: whether recording it added the edge to the deal history (so that undoing
    /// it removes the edge again); a deal the profiles already stated leaves them as they are.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added_edge: bool,
}

impl Entry for Feedback {
    fn key(&self) -> String {
        key(&self.from, &self.to, self.signal)
    }

    fn owner(&self) -> &str {
        &self.from
    }
}

/// Ids never contain a space, so the key is unambiguous.
fn key(from: &str, to: &str, signal: Signal) -> String {
    format!("{from} {to} {signal}")
}

/// What [`FeedbackLog::record`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The stored signal (the earlier one when it was already there).
    pub feedback: Feedback,
    /// Whether it is new; `false` when the same signal was already stored.
    pub created: bool,
}

/// One profile's own signals, as its rankings read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Personal {
    /// Candidates it passed on, by id.
    pub passed: BTreeSet<String>,
    /// The same, most recent first (ties by id).
    pub recent_passes: Vec<String>,
    /// Candidates it liked or met, once each with its latest positive signal, most recent
    /// first (ties by id).
    pub positives: Vec<(String, Signal)>,
    /// Every signal it gave each candidate, by candidate id.
    pub given: BTreeMap<String, Vec<Signal>>,
}

impl Personal {
    /// Gathers one giver's signals.
    pub fn of(feedback: &[Feedback]) -> Personal {
        let passed = feedback
            .iter()
            .filter(|f| f.signal == Signal::Pass)
            .map(|f| f.to.clone())
            .collect();
        let mut passes: Vec<&Feedback> = feedback
            .iter()
            .filter(|f| f.signal == Signal::Pass)
            .collect();
        passes.sort_by(|a, b| b.at.cmp(&a.at).then(a.to.cmp(&b.to)));
        let recent_passes = passes.into_iter().map(|f| f.to.clone()).collect();
        let mut positive: Vec<&Feedback> =
            feedback.iter().filter(|f| f.signal.is_positive()).collect();
        positive.sort_by(|a, b| b.at.cmp(&a.at).then(a.to.cmp(&b.to)));
        let mut seen = BTreeSet::new();
        let positives = positive
            .into_iter()
            .filter(|f| seen.insert(f.to.as_str()))
            .map(|f| (f.to.clone(), f.signal))
            .collect();
        let mut given: BTreeMap<String, Vec<Signal>> = BTreeMap::new();
        for f in feedback {
            given.entry(f.to.clone()).or_default().push(f.signal);
        }
        for signals in given.values_mut() {
            signals.sort();
        }
        Personal {
            passed,
            recent_passes,
            positives,
            given,
        }
    }

    /// Whether there is nothing to personalise with.
    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
    }
}

/// The folder of a data directory that holds its feedback.
const FEEDBACK_DIR: &str = "feedback";

/// The feedback of a data directory.
pub struct FeedbackLog {
    ledger: Ledger<Feedback>,
}

impl FeedbackLog {
    /// Opens the feedback of the data directory `dir` (`DIR/feedback/`), creating it empty.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<FeedbackLog> {
        Ok(FeedbackLog {
            ledger: Ledger::open_or_create(dir.as_ref().join(FEEDBACK_DIR))?,
        })
    }

    /// Opens the feedback of the data directory `dir` if it has any, without creating the
    /// folder (a reader that finds none has no feedback to apply).
    pub fn open_existing(dir: impl AsRef<Path>) -> Result<Option<FeedbackLog>> {
        let dir = dir.as_ref();
        if !dir.join(FEEDBACK_DIR).exists() {
            return Ok(None);
        }
        FeedbackLog::open_or_create(dir).map(Some)
    }

    /// Every signal `from` gave, in order of candidate id, then signal.
    pub fn given_by(&self, from: &str) -> Result<Vec<Feedback>> {
        self.ledger.owned_by(from)
    }

    /// `from`'s signals as its rankings read them.
    pub fn personal(&self, from: &str) -> Result<Personal> {
        Ok(Personal::of(&self.given_by(from)?))
    }

    /// Every signal of every profile, in order of giver, candidate, signal.
    pub fn all(&self) -> Result<Vec<Feedback>> {
        self.ledger.all()
    }

    /// Records a signal of one stored profile about another.
    ///
    /// The same signal twice is stored once: the second call returns the first record with
    /// `created: false`. A like replaces a pass of the same candidate and the other way
    /// round. A deal must be between a start-up and an investor or partner; it is written
    /// into their `backers` and `portfolio` first (one import), then recorded. Unknown ids
    /// are [`Error::NotFound`]; feedback about oneself, or a deal between two profiles of
    /// the same side, is [`Error::BadRequest`].
    pub fn record(
        &self,
        store: &Store,
        from: &str,
        to: &str,
        signal: Signal,
        at: Timestamp,
    ) -> Result<Recorded> {
        let snapshot = store.snapshot();
        let giver = snapshot.require(from)?;
        let candidate = snapshot.require(to)?;
        if from == to {
            return Err(Error::BadRequest(format!(
                "`{from}` cannot give feedback about itself; `to` must be another profile"
            )));
        }
        if let Some(stored) = self.ledger.get(&key(from, to, signal))? {
            return Ok(Recorded {
                feedback: stored,
                created: false,
            });
        }
        let added_edge = match signal {
            Signal::Deal => add_deal(store, giver, candidate)?,
            _ => false,
        };
        let feedback = Feedback {
            from: from.to_string(),
            to: to.to_string(),
            signal,
            at,
            added_edge,
        };
        let mut changes = vec![Change::Put(feedback.clone())];
        if let Some(opposite) = signal.opposite() {
            changes.push(Change::Remove(key(from, to, opposite)));
        }
        self.ledger.apply(&changes)?;
        Ok(Recorded {
            feedback,
            created: true,
        })
    }

    /// Undoes `from`'s signals about `to`: the one given, or all of them. Returns what was
    /// removed (empty when there was nothing to undo). Undoing a deal removes the deal
    /// history edge it added, if the profiles still hold it.
    pub fn undo(
        &self,
        store: &Store,
        from: &str,
        to: &str,
        signal: Option<Signal>,
    ) -> Result<Vec<Feedback>> {
        let removed: Vec<Feedback> = self
            .given_by(from)?
            .into_iter()
            .filter(|f| f.to == to && signal.is_none_or(|s| s == f.signal))
            .collect();
        if removed
            .iter()
            .any(|f| f.signal == Signal::Deal && f.added_edge)
        {
            remove_deal(store, from, to)?;
        }
        let changes: Vec<Change<Feedback>> =
            removed.iter().map(|f| Change::Remove(f.key())).collect();
        self.ledger.apply(&changes)?;
        Ok(removed)
    }
}

/// A digest leaves out every candidate its profile already gave a signal about: passed on,
/// liked, met or did a deal with — none of it is new deal flow.
impl crate::digest::DigestExclusions for FeedbackLog {
    fn excluded(&self, profile: &Profile) -> Result<Vec<String>> {
        let mut ids: Vec<String> = self
            .given_by(&profile.id)?
            .into_iter()
            .map(|f| f.to)
            .collect();
        ids.dedup();
        Ok(ids)
    }
}

/// The start-up and the investor or partner of a deal between `a` and `b`, in that order.
fn deal_sides(a: Profile, b: Profile) -> Result<(Profile, Profile)> {
    match (a.kind, b.kind) {
        (Kind::Startup, Kind::Investor | Kind::Partner) => Ok((a, b)),
        (Kind::Investor | Kind::Partner, Kind::Startup) => Ok((b, a)),
        _ => Err(Error::BadRequest(format!(
            "a deal is between a start-up and an investor or partner; `{}` is a {} and `{}` a {}",
            a.id,
            a.kind.slug(),
            b.id,
            b.kind.slug()
        ))),
    }
}

/// Writes a deal into both profiles' history; returns whether neither stated it before.
fn add_deal(store: &Store, giver: Profile, candidate: Profile) -> Result<bool> {
    let (mut startup, mut backer) = deal_sides(giver, candidate)?;
    let in_backers = startup.backers.contains(&backer.id);
    let in_portfolio = backer.portfolio.contains(&startup.id);
    if !in_backers {
        startup.backers.push(backer.id.clone());
    }
    if !in_portfolio {
        backer.portfolio.push(startup.id.clone());
    }
    rewrite(store, [(startup, !in_backers), (backer, !in_portfolio)])?;
    Ok(!in_backers && !in_portfolio)
}

/// Removes the deal between `a` and `b` from both profiles' history, where it still is.
fn remove_deal(store: &Store, a: &str, b: &str) -> Result<()> {
    let snapshot = store.snapshot();
    let (Some(a), Some(b)) = (snapshot.get(a)?, snapshot.get(b)?) else {
        // A deleted profile took its side of the history with it.
        return Ok(());
    };
    let (mut startup, mut backer) = deal_sides(a, b)?;
    let had_backer = startup.backers.len();
    startup.backers.retain(|id| *id != backer.id);
    let had_portfolio = backer.portfolio.len();
    backer.portfolio.retain(|id| *id != startup.id);
    let changed = [
        had_backer != startup.backers.len(),
        had_portfolio != backer.portfolio.len(),
    ];
    rewrite(store, [(startup, changed[0]), (backer, changed[1])])
}

/// Stores the profiles marked changed, in one import.
fn rewrite(store: &Store, profiles: [(Profile, bool); 2]) -> Result<()> {
    let mut changed = Vec::with_capacity(2);
    for (mut profile, is_changed) in profiles {
        if is_changed {
            profile.normalize().map_err(|e| {
                Error::BadRequest(format!(
                    "the deal cannot be written into `{}`: {e}",
                    profile.id
                ))
            })?;
            changed.push(profile);
        }
    }
    if !changed.is_empty() {
        store.import(&changed, &())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
