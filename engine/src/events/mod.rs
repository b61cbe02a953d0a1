//! Events: pitch days and B2B sessions where stored profiles meet in short slots.
//!
//! An [`Event`] has a name, its time slots (each [`Event::meeting_minutes`] long), its
//! tables or rooms, organiser [`Rules`] (which groups may meet which, the fewest meetings a
//! group's members should get) and its [`Participant`]s: stored profiles, each in a role
//! group ("startups", "investors", "partners"…), with the slots they can attend, the most
//! meetings they want, whom they ask to meet and whom they never want to meet.
//!
//! Events are kept in the data directory's `events/` ledger ([`EventBook`]), one record per
//! event id: writing an event is one atomic commit that replaces the earlier version whole,
//! and an event that fails [`Event::check`] is never written. The JSON format is
//! documented in the README ("Events").

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::{Change, Entry, Ledger};
use crate::store::Snapshot;

pub mod schedule;

#[cfg(test)]
mod tests;

/// The longest meeting an event may have, in minutes.
pub const MAX_MEETING_MINUTES: u32 = 8 * 60;

/// An event at which stored profiles meet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// What identifies it: letters, digits, `-`, `_` and `.`.
    pub id: String,
    /// Its name, as participants see it.
    pub name: String,
    /// How long a meeting lasts, in minutes.
    pub meeting_minutes: u32,
    /// When each slot starts, earliest first; no two overlap.
    pub slots: Vec<Timestamp>,
    /// The tables or rooms, by name: one meeting at a time each.
    pub tables: Vec<String>,
    /// Who may meet whom, and the fewest meetings a group's members should get.
    #[serde(default)]
    pub rules: Rules,
    /// Who takes part.
    #[serde(default)]
    pub participants: Vec<Participant>,
}

/// The organiser's rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Pairs of groups whose members may meet, in either order (`["startups", "investors"]`).
    /// Empty: members of any two different groups may meet.
    #[serde(default)]
    pub may_meet: Vec<[String; 2]>,
    /// The fewest meetings each member of a group should get, by group
    /// (`{"startups": 2}`).
    #[serde(default)]
    pub min_meetings: BTreeMap<String, u32>,
}

/// A stored profile taking part in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The stored profile's id.
    pub profile: String,
    /// Its role group, e.g. "startups", "investors" or "partners".
    pub group: String,
    /// The slots it can attend, by start time. Absent: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Vec<Timestamp>>,
    /// The most meetings it wants. Absent: one in every slot it can attend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_meetings: Option<u32>,
    /// Participants it asks to meet, by profile id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<String>,
    /// Participants it never wants to meet, by profile id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<String>,
}

impl Participant {
    /// The indices of the event's slots it can attend.
    pub fn slots_available(&self, event: &Event) -> Vec<usize> {
        match &self.available {
            None => (0..event.slots.len()).collect(),
            Some(times) => (0..event.slots.len())
                .filter(|i| times.contains(&event.slots[*i]))
                .collect(),
        }
    }

    /// The most meetings it can have: its own maximum, or one per slot it can attend.
    pub fn capacity(&self, event: &Event) -> usize {
        let slots = self.slots_available(event).len();
        self.max_meetings.map_or(slots, |m| slots.min(m as usize))
    }
}

impl Event {
    /// Whether members of groups `a` and `b` may meet under the rules.
    pub fn groups_may_meet(&self, a: &str, b: &str) -> bool {
        if self.rules.may_meet.is_empty() {
            return a != b;
        }
        self.rules
            .may_meet
            .iter()
            .any(|[x, y]| (x == a && y == b) || (x == b && y == a))
    }

    /// The participant for a profile id.
    pub fn participant(&self, profile: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.profile == profile)
    }

    /// Checks the event against itself and the stored profiles: every problem, each naming
    /// its field (`participants[3].available[1]`), or `Ok` when there are none.
    pub fn check(&self, snapshot: &Snapshot) -> std::result::Result<(), EventError> {
        let mut problems = Problems::default();
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            problems.add(
                "id",
                format!(
                    "`{}` is not an event id: use letters, digits, `-`, `_` and `.`",
                    self.id
                ),
            );
        }
        if self.name.trim().is_empty() {
            problems.add("name", "give the event a name");
        }
        if !(1..=MAX_MEETING_MINUTES).contains(&self.meeting_minutes) {
            problems.add(
                "meeting_minutes",
                format!("expected 1 to {MAX_MEETING_MINUTES} minutes"),
            );
        }
        self.check_slots(&mut problems);
        if self.tables.is_empty() {
            problems.add("tables", "list at least one table or room");
        }
        let mut tables = BTreeSet::new();
        for (i, t) in self.tables.iter().enumerate() {
            if t.trim().is_empty() {
                problems.add(format!("tables[{i}]"), "a table needs a name");
            } else if !tables.insert(t) {
                problems.add(format!("tables[{i}]"), format!("`{t}` is listed twice"));
            }
        }
        self.check_participants(snapshot, &mut problems);
        self.check_rules(&mut problems);
        problems.into_result()
    }

    fn check_slots(&self, problems: &mut Problems) {
        if self.slots.is_empty() {
            problems.add("slots", "list at least one slot start time");
        }
        let length = jiff::SignedDuration::from_mins(i64::from(self.meeting_minutes));
        for (i, pair) in self.slots.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                problems.add(
                    format!("slots[{}]", i + 1),
                    format!("{} is not after the slot before it ({})", pair[1], pair[0]),
                );
            } else if pair[0].duration_until(pair[1]) < length {
                problems.add(
                    format!("slots[{}]", i + 1),
                    format!(
                        "starts before the slot before it ends ({} + {} minutes)",
                        pair[0], self.meeting_minutes
                    ),
                );
            }
        }
    }

    fn check_participants(&self, snapshot: &Snapshot, problems: &mut Problems) {
        let mut seen = BTreeSet::new();
        let ids: BTreeSet<&str> = self
            .participants
            .iter()
            .map(|p| p.profile.as_str())
            .collect();
        for (i, p) in self.participants.iter().enumerate() {
            let at = format!("participants[{i}]");
            if !seen.insert(p.profile.as_str()) {
                problems.add(
                    format!("{at}.profile"),
                    format!("`{}` takes part twice", p.profile),
                );
            }
            match snapshot.get(&p.profile) {
                Ok(Some(_)) => {}
                Ok(None) => problems.add(
                    format!("{at}.profile"),
                    format!("no stored profile has id `{}`", p.profile),
                ),
                Err(e) => problems.add(format!("{at}.profile"), e.to_string()),
            }
            if p.group.trim().is_empty() {
                problems.add(
                    format!("{at}.group"),
                    "name its group, e.g. \"startups\" or \"investors\"",
                );
            }
            for (j, t) in p.available.iter().flatten().enumerate() {
                if !self.slots.contains(t) {
                    problems.add(
                        format!("{at}.available[{j}]"),
                        format!("{t} is not the start of one of the event's slots"),
                    );
                }
            }
            if p.max_meetings == Some(0) {
                problems.add(
                    format!("{at}.max_meetings"),
                    "expected at least 1 (leave the participant out instead)",
                );
            }
            for (field, list) in [("requests", &p.requests), ("blocks", &p.blocks)] {
                for (j, other) in list.iter().enumerate() {
                    let where_ = format!("{at}.{field}[{j}]");
                    if *other == p.profile {
                        problems.add(where_, "a participant cannot name itself");
                    } else if !ids.contains(other.as_str()) {
                        problems.add(where_, format!("`{other}` does not take part"));
                    }
                }
            }
            for (j, other) in p.requests.iter().enumerate() {
                if p.blocks.contains(other) {
                    problems.add(
                        format!("{at}.requests[{j}]"),
                        format!("`{other}` is both requested and blocked"),
                    );
                }
            }
        }
    }

    fn check_rules(&self, problems: &mut Problems) {
        let groups: BTreeSet<&str> = self.participants.iter().map(|p| p.group.as_str()).collect();
        let known = |g: &str| groups.is_empty() || groups.contains(g);
        for (i, pair) in self.rules.may_meet.iter().enumerate() {
            for (j, g) in pair.iter().enumerate() {
                if !known(g) {
                    problems.add(
                        format!("rules.may_meet[{i}][{j}]"),
                        format!("no participant is in group `{g}`{}", listing(&groups)),
                    );
                }
            }
        }
        for (g, n) in &self.rules.min_meetings {
            if !known(g) {
                problems.add(
                    format!("rules.min_meetings.{g}"),
                    format!("no participant is in group `{g}`{}", listing(&groups)),
                );
            } else if *n as usize > self.slots.len() {
                problems.add(
                    format!("rules.min_meetings.{g}"),
                    format!("{n} is more than the event's {} slots", self.slots.len()),
                );
            }
        }
    }
}

/// ": the groups are a, b" for a message, or nothing when there are none.
fn listing(groups: &BTreeSet<&str>) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = groups.iter().copied().collect();
    format!("; the groups are {}", names.join(", "))
}

/// One problem with an event: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where, e.g. `participants[3].available[1]`.
    pub field: String,
    /// What is wrong, and what was expected.
    pub message: String,
}

/// Why an event was not written: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct EventError {
    /// The problems, in the order of the event's fields.
    pub problems: Vec<Problem>,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the event has {n} problem{}; nothing was written",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {}: {}", p.field, p.message)?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    fn into_result(self) -> std::result::Result<(), EventError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(EventError { problems: self.0 })
        }
    }
}

impl Entry for Event {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn owner(&self) -> &str {
        &self.id
    }
}

/// The folder of a data directory that holds its events.
const EVENTS_DIR: &str = "events";

/// The events of a data directory.
pub struct EventBook {
    ledger: Ledger<Event>,
}

impl EventBook {
    /// Opens the events of the data directory `dir` (`DIR/events/`), creating it empty.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<EventBook> {
        Ok(EventBook {
            ledger: Ledger::open_or_create(dir.as_ref().join(EVENTS_DIR))?,
        })
    }

    /// Writes `event` after checking it against the stored profiles, replacing an event with
    /// its id; returns whether one was replaced. An event with problems is not written.
    pub fn put(&self, snapshot: &Snapshot, event: &Event) -> Result<bool> {
        event.check(snapshot).map_err(Error::Event)?;
        let replaced = self.ledger.get(&event.id)?.is_some();
        self.ledger.apply(&[Change::Put(event.clone())])?;
        Ok(replaced)
    }

    /// The event with this id.
    pub fn get(&self, id: &str) -> Result<Option<Event>> {
        self.ledger.get(id)
    }

    /// Every event, by id.
    pub fn all(&self) -> Result<Vec<Event>> {
        let mut events = self.ledger.all()?;
        events.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(events)
    }

    /// Removes the event with this id; returns whether there was one.
    pub fn remove(&self, id: &str) -> Result<bool> {
        let found = self.ledger.get(id)?.is_some();
        if found {
            self.ledger.apply(&[Change::Remove(id.to_string())])?;
        }
        Ok(found)
    }
}
