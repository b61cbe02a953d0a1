//! The meeting scheduler: which participants meet, in which slot, at which table.
//!
//! Every meeting is a pair the rules allow (their groups may meet, neither blocks the other,
//! both can attend a common slot), worth its reciprocal match score plus a bonus when one
//! side asked for it ([`REQUEST_BONUS`]) or both did ([`MUTUAL_BONUS`]) — see
//! [`pair_values`]. A schedule never double-books anyone, never exceeds a participant's
//! most meetings or availability, and never seats more meetings in a slot than there are
//! tables.
//!
//! [`schedule`] builds one in three steps:
//! 1. **Greedy**: the most valuable pairs first, each in the earliest slot both are free
//!    ([`greedy`] stops here: it is the reference the README compares with).
//! 2. **Minimums**: each participant whose group has a minimum and who has fewer meetings
//!    gets its best remaining pairs, moving another meeting to a free slot, or replacing
//!    meetings that no one's minimum needs, when that is what makes room.
//! 3. **Improvement** (local search): each pair not scheduled, most valuable first, is
//!    placed if a slot is free for both, or if moving one meeting of either to another slot
//!    frees one, or by replacing meetings worth less in all (which are then placed
//!    elsewhere if they can be). Every accepted step raises the total value, so it ends.
//!
//! Whoever still has fewer meetings than its minimum is listed with the reason. The result
//! depends on the event and the scores alone: pairs are taken in order of value, then ids.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Event;
use crate::error::Result;
use crate::rank::{MAX_LIMIT, MatchRequest, rank};
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::weights::Weights;

/// What a one-sided request adds to a pair's value (match scores lie in 0 to 1).
pub const REQUEST_BONUS: f32 = 0.5;

/// What a request from both sides adds.
pub const MUTUAL_BONUS: f32 = 1.0;

/// Who asked for a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requested {
    /// Nobody: the match score chose it.
    No,
    /// One of the two.
    OneSide,
    /// Both.
    Mutual,
}

/// A pair that may meet, and what the meeting is worth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// One participant, by index in [`Event::participants`] (the smaller index).
    pub a: usize,
    /// The other.
    pub b: usize,
    /// Their reciprocal match score (0 to 1).
    pub score: f32,
    /// Who asked for it.
    pub requested: Requested,
}

impl Pair {
    /// The score plus the request bonus.
    pub fn value(&self) -> f32 {
        self.score
            + match self.requested {
                Requested::No => 0.0,
                Requested::OneSide => REQUEST_BONUS,
                Requested::Mutual => MUTUAL_BONUS,
            }
    }
}

/// Every pair of `event`'s participants that may meet, with its reciprocal match score
/// (the mean of the two directions' reciprocal rankings) and who requested it; ordered by
/// `a`, then `b`.
pub fn pair_values(snapshot: &Snapshot, weights: &Weights, event: &Event) -> Result<Vec<Pair>> {
    let n = event.participants.len();
    let slots: Vec<Vec<usize>> = event
        .participants
        .iter()
        .map(|p| p.slots_available(event))
        .collect();
    let mut profiles = Vec::with_capacity(n);
    for p in &event.participants {
        profiles.push(snapshot.require(&p.profile)?);
    }
    let allowed = |i: usize, j: usize| {
        let (p, q) = (&event.participants[i], &event.participants[j]);
        i != j
            && event.groups_may_meet(&p.group, &q.group)
            && !p.blocks.contains(&q.profile)
            && !q.blocks.contains(&p.profile)
            && slots[i].iter().any(|s| slots[j].contains(s))
    };
    let index: BTreeMap<&str, usize> = event
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.profile.as_str(), i))
        .collect();
    // Each participant ranks those it may meet; a pair's score is the mean of both ways.
    let mut scores: BTreeMap<(usize, usize), (f32, u8)> = BTreeMap::new();
    for i in 0..n {
        let others: Vec<usize> = (0..n).filter(|&j| allowed(i, j)).collect();
        let mut targets: Vec<Kind> = others.iter().map(|&j| profiles[j].kind).collect();
        targets.sort();
        targets.dedup();
        for chunk in others.chunks(MAX_LIMIT) {
            let request = MatchRequest {
                targets: targets.clone(),
                limit: chunk.len(),
                reciprocal: true,
                filters: crate::rank::Filters {
                    only_ids: Some(chunk.iter().map(|&j| profiles[j].id.clone()).collect()),
                    ..Default::default()
                },
            };
            for m in rank(snapshot, weights, &profiles[i], &request)? {
                let Some(&j) = index.get(m.profile.id.as_str()) else {
                    continue;
                };
                let entry = scores.entry((i.min(j), i.max(j))).or_insert((0.0, 0));
                entry.0 += m.score;
                entry.1 += 1;
            }
        }
    }
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if !allowed(a, b) {
                continue;
            }
            let score = scores
                .get(&(a, b))
                .map_or(0.0, |(sum, k)| sum / f32::from(*k));
            let (p, q) = (&event.participants[a], &event.participants[b]);
            let asked = [
                p.requests.contains(&q.profile),
                q.requests.contains(&p.profile),
            ];
            let requested = match asked {
                [true, true] => Requested::Mutual,
                [false, false] => Requested::No,
                _ => Requested::OneSide,
            };
            pairs.push(Pair {
                a,
                b,
                score,
                requested,
            });
        }
    }
    Ok(pairs)
}

/// A scheduled meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    /// The pair, by index in [`Schedule::pairs`].
    pub pair: usize,
    /// The slot, by index in [`Event::slots`].
    pub slot: usize,
    /// The table, by index in [`Event::tables`].
    pub table: usize,
}

/// A participant with fewer meetings than its group's minimum, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// The participant, by index in [`Event::participants`].
    pub participant: usize,
    /// Meetings it got.
    pub got: usize,
    /// Its group's minimum.
    pub wanted: usize,
    /// Why, in words.
    pub why: String,
}

/// A schedule for an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Every pair that may meet (scheduled or not).
    pub pairs: Vec<Pair>,
    /// The meetings, by slot, then table.
    pub meetings: Vec<Meeting>,
    /// Those who got fewer meetings than their group's minimum.
    pub shortfalls: Vec<Shortfall>,
}

impl Schedule {
    /// The sum of the meetings' values.
    pub fn total_value(&self) -> f64 {
        self.meetings
            .iter()
            .map(|m| f64::from(self.pairs[m.pair].value()))
            .sum()
    }

    /// How many meetings each participant has, by index.
    pub fn meetings_per_participant(&self, participants: usize) -> Vec<usize> {
        let mut count = vec![0; participants];
        for m in &self.meetings {
            count[self.pairs[m.pair].a] += 1;
            count[self.pairs[m.pair].b] += 1;
        }
        count
    }
}

/// An upper bound on any schedule's total value: each participant's most valuable pairs, up
/// to its most meetings, summed over participants and halved (every meeting counts for
/// both). It ignores slots and tables, so the best schedule may stay below it.
pub fn upper_bound(event: &Event, pairs: &[Pair]) -> f64 {
    let mut values: Vec<Vec<f32>> = vec![Vec::new(); event.participants.len()];
    for p in pairs {
        values[p.a].push(p.value());
        values[p.b].push(p.value());
    }
    let total: f64 = values
        .iter_mut()
        .zip(&event.participants)
        .map(|(v, p)| {
            v.sort_by(|x, y| y.total_cmp(x));
            v.iter()
                .take(p.capacity(event))
                .map(|x| f64::from(*x))
                .sum::<f64>()
        })
        .sum();
    total / 2.0
}

/// The reference: the most valuable pairs first, each in the earliest slot where both are
/// free and a table is left. No minimums, no improvement.
pub fn greedy(event: &Event, pairs: Vec<Pair>) -> Schedule {
    let mut board = Board::new(event, &pairs);
    for e in board.order.clone() {
        board.place_if_free(e);
    }
    board.finish(pairs)
}

/// The scheduler: see the module documentation.
pub fn schedule(event: &Event, pairs: Vec<Pair>) -> Schedule {
    let mut board = Board::new(event, &pairs);
    for e in board.order.clone() {
        board.place_if_free(e);
    }
    board.meet_minimums();
    board.improve();
    board.finish(pairs)
}

/// The working state: who meets whom when.
struct Board {
    /// Per participant, per slot: can attend.
    available: Vec<Vec<bool>>,
    /// Per participant: most meetings.
    capacity: Vec<usize>,
    /// Per participant: its group's minimum.
    minimum: Vec<usize>,
    tables: usize,
    /// Per pair: its two participants and value.
    ends: Vec<(usize, usize)>,
    value: Vec<f32>,
    /// Pairs by value, best first (ties by index, which is by participants).
    order: Vec<usize>,
    /// Per participant, per slot: the pair meeting then.
    busy: Vec<Vec<Option<usize>>>,
    /// Per pair: its slot when scheduled.
    slot_of: Vec<Option<usize>>,
    /// Per slot: meetings seated.
    seated: Vec<usize>,
    /// Per participant: meetings.
    degree: Vec<usize>,
}

impl Board {
    fn new(event: &Event, pairs: &[Pair]) -> Board {
        let slots = event.slots.len();
        let available: Vec<Vec<bool>> = event
            .participants
            .iter()
            .map(|p| {
                let mut row = vec![false; slots];
                for s in p.slots_available(event) {
                    row[s] = true;
                }
                row
            })
            .collect();
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_by(|&x, &y| {
            pairs[y]
                .value()
                .total_cmp(&pairs[x].value())
                .then(x.cmp(&y))
        });
        Board {
            capacity: event
                .participants
                .iter()
                .map(|p| p.capacity(event))
                .collect(),
            minimum: event
                .participants
                .iter()
                .map(|p| {
                    event
                        .rules
                        .min_meetings
                        .get(&p.group)
                        .map_or(0, |m| *m as usize)
                })
                .collect(),
            tables: event.tables.len(),
            ends: pairs.iter().map(|p| (p.a, p.b)).collect(),
            value: pairs.iter().map(Pair::value).collect(),
            order,
            busy: vec![vec![None; slots]; available.len()],
            slot_of: vec![None; pairs.len()],
            seated: vec![0; slots],
            degree: vec![0; available.len()],
            available,
        }
    }

    fn slots(&self) -> usize {
        self.seated.len()
    }

    /// Whether pair `e` can sit in slot `s` as things are.
    fn fits(&self, e: usize, s: usize) -> bool {
        let (a, b) = self.ends[e];
        self.available[a][s]
            && self.available[b][s]
            && self.busy[a][s].is_none()
            && self.busy[b][s].is_none()
            && self.seated[s] < self.tables
    }

    fn has_room(&self, e: usize) -> bool {
        let (a, b) = self.ends[e];
        self.degree[a] < self.capacity[a] && self.degree[b] < self.capacity[b]
    }

    fn put(&mut self, e: usize, s: usize) {
        let (a, b) = self.ends[e];
        self.busy[a][s] = Some(e);
        self.busy[b][s] = Some(e);
        self.slot_of[e] = Some(s);
        self.seated[s] += 1;
        self.degree[a] += 1;
        self.degree[b] += 1;
    }

    fn take(&mut self, e: usize) -> usize {
        let s = self.slot_of[e].take().expect("scheduled");
        let (a, b) = self.ends[e];
        self.busy[a][s] = None;
        self.busy[b][s] = None;
        self.seated[s] -= 1;
        self.degree[a] -= 1;
        self.degree[b] -= 1;
        s
    }

    /// Places `e` in the earliest slot free for both; whether it did.
    fn place_if_free(&mut self, e: usize) -> bool {
        if self.slot_of[e].is_some() || !self.has_room(e) {
            return false;
        }
        match (0..self.slots()).find(|&s| self.fits(e, s)) {
            Some(s) => {
                self.put(e, s);
                true
            }
            None => false,
        }
    }

    /// Places `e` in slot `s` after moving other meetings of that slot to slots free for
    /// them: those of `e`'s participants then, or, when they are free but every table is
    /// taken, any one meeting; whether it did (nothing changes if not).
    fn place_by_moving(&mut self, e: usize, s: usize) -> bool {
        let (a, b) = self.ends[e];
        if !self.available[a][s] || !self.available[b][s] {
            return false;
        }
        let mut blockers: Vec<usize> = [self.busy[a][s], self.busy[b][s]]
            .into_iter()
            .flatten()
            .collect();
        if blockers.is_empty() {
            if self.seated[s] < self.tables {
                return false;
            }
            // A full slot: one meeting moving out is enough.
            let mut in_slot: Vec<usize> = self.busy.iter().filter_map(|row| row[s]).collect();
            in_slot.sort_unstable();
            in_slot.dedup();
            for m in in_slot {
                if let Some(t) = self.elsewhere(m, s) {
                    self.take(m);
                    self.put(m, t);
                    self.put(e, s);
                    return true;
                }
            }
            return false;
        }
        blockers.dedup();
        let mut moved = Vec::new();
        for m in blockers {
            match self.elsewhere(m, s) {
                Some(t) => {
                    self.take(m);
                    self.put(m, t);
                    moved.push(m);
                }
                None => {
                    for m in moved.into_iter().rev() {
                        self.take(m);
                        self.put(m, s);
                    }
                    return false;
                }
            }
        }
        self.put(e, s);
        true
    }

    /// The earliest slot other than `s` that meeting `m` (now in `s`) fits in.
    fn elsewhere(&self, m: usize, s: usize) -> Option<usize> {
        (0..self.slots()).find(|&t| t != s && self.fits(m, t))
    }

    /// Places `e`: in a free slot, or by moving one meeting; whether it did.
    fn place(&mut self, e: usize) -> bool {
        if self.slot_of[e].is_some() || !self.has_room(e) {
            return false;
        }
        self.place_if_free(e) || (0..self.slots()).any(|s| self.place_by_moving(e, s))
    }

    /// Meetings that would have to go for `e` to sit in slot `s`: those of its participants
    /// then, the least valuable meeting of the slot when all tables are taken, and each
    /// participant's least valuable other meeting when it is at its most. `None` when one of
    /// them is needed for someone's minimum (other than `e`'s own participants) or `e`
    /// cannot sit there at all.
    fn displaced(&self, e: usize, s: usize) -> Option<Vec<usize>> {
        let (a, b) = self.ends[e];
        if !self.available[a][s] || !self.available[b][s] {
            return None;
        }
        let mut out: Vec<usize> = [self.busy[a][s], self.busy[b][s]]
            .into_iter()
            .flatten()
            .collect();
        out.dedup();
        if out.is_empty() && self.seated[s] >= self.tables {
            let in_slot = self.busy.iter().filter_map(|row| row[s]);
            out.push(self.cheapest(in_slot)?);
        }
        for p in [a, b] {
            let freed = self.count_involving(&out, p);
            if self.degree[p] - freed >= self.capacity[p] {
                let others = self.busy[p]
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|m| !out.contains(m));
                out.push(self.cheapest(others)?);
            }
        }
        // Nobody else may fall below its minimum.
        let mut loses: BTreeMap<usize, usize> = BTreeMap::new();
        for &m in &out {
            let (x, y) = self.ends[m];
            *loses.entry(x).or_default() += 1;
            *loses.entry(y).or_default() += 1;
        }
        for (p, lost) in loses {
            if p != a && p != b && self.degree[p] - lost < self.minimum[p] {
                return None;
            }
        }
        Some(out)
    }

    /// Whether pair `m` includes participant `p`.
    fn involves(&self, m: usize, p: usize) -> bool {
        self.ends[m].0 == p || self.ends[m].1 == p
    }

    /// The least valuable of some meetings (the later pair among equals).
    fn cheapest(&self, meetings: impl Iterator<Item = usize>) -> Option<usize> {
        meetings.min_by(|&x, &y| self.value[x].total_cmp(&self.value[y]).then(y.cmp(&x)))
    }

    /// How many of the meetings `out` include participant `p`.
    fn count_involving(&self, out: &[usize], p: usize) -> usize {
        out.iter().filter(|&&m| self.involves(m, p)).count()
    }

    /// The slot where making room for `e` costs least, among those whose displaced meetings
    /// ([`Board::displaced`]) `admissible` accepts: the value lost, the slot and those
    /// meetings (the earlier slot among equal losses).
    fn cheapest_room(
        &self,
        e: usize,
        admissible: impl Fn(&[usize]) -> bool,
    ) -> Option<(f32, usize, Vec<usize>)> {
        (0..self.slots())
            .filter_map(|s| {
                let out = self.displaced(e, s)?;
                admissible(&out).then(|| (out.iter().map(|&m| self.value[m]).sum(), s, out))
            })
            .min_by(|x: &(f32, usize, Vec<usize>), y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)))
    }

    /// Places `e` in slot `s` instead of the meetings `out`, then tries to place those
    /// elsewhere.
    fn replace(&mut self, e: usize, s: usize, out: &[usize]) {
        debug_assert!(self.slot_of[e].is_none());
        for &m in out {
            self.take(m);
        }
        debug_assert!(self.fits(e, s) && self.has_room(e));
        self.put(e, s);
        for &m in out {
            self.place(m);
        }
    }

    /// Gives each participant below its minimum its best pairs, moving or replacing other
    /// meetings when needed.
    fn meet_minimums(&mut self) {
        let people: Vec<usize> = (0..self.capacity.len())
            .filter(|&p| self.minimum[p] > 0)
            .collect();
        for p in people {
            let own: Vec<usize> = self
                .order
                .iter()
                .copied()
                .filter(|&e| self.involves(e, p))
                .collect();
            for e in own {
                if self.degree[p] >= self.minimum[p].min(self.capacity[p]) {
                    break;
                }
                if self.slot_of[e].is_some() {
                    continue;
                }
                if self.place(e) {
                    continue;
                }
                // Replace what costs least, among what no one's minimum needs.
                let (a, b) = self.ends[e];
                let other = if a == p { b } else { a };
                let best = self.cheapest_room(e, |out| {
                    // Never take a meeting of `p` itself to make room for another.
                    !out.iter().any(|&m| self.involves(m, p))
                        && self.degree[other] - self.count_involving(out, other)
                            >= self.minimum[other]
                });
                if let Some((_, s, out)) = best {
                    self.replace(e, s, &out);
                }
            }
        }
    }

    /// Local search: places each pair not scheduled, best first, where it raises the total.
    fn improve(&mut self) {
        loop {
            let mut changed = false;
            for e in self.order.clone() {
                if self.slot_of[e].is_some() {
                    continue;
                }
                if self.place(e) {
                    changed = true;
                    continue;
                }
                let (a, b) = self.ends[e];
                let best = self
                    .cheapest_room(e, |out| {
                        // The pair's own participants may not fall below their minimums.
                        [a, b].iter().all(|&p| {
                            self.degree[p] + 1 - self.count_involving(out, p)
                                >= self.minimum[p].min(self.degree[p])
                        })
                    })
                    .filter(|(loss, _, _)| self.value[e] > loss + 1e-6);
                if let Some((_, s, out)) = best {
                    self.replace(e, s, &out);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The meetings with their tables (in each slot, by pair), and the shortfalls.
    fn finish(&self, pairs: Vec<Pair>) -> Schedule {
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); self.slots()];
        for (e, s) in self.slot_of.iter().enumerate() {
            if let Some(s) = s {
                by_slot[*s].push(e);
            }
        }
        let meetings = by_slot
            .into_iter()
            .enumerate()
            .flat_map(|(slot, es)| {
                es.into_iter()
                    .enumerate()
                    .map(move |(table, pair)| Meeting { pair, slot, table })
            })
            .collect();
        let shortfalls = (0..self.capacity.len())
            .filter(|&p| self.degree[p] < self.minimum[p])
            .map(|p| Shortfall {
                participant: p,
                got: self.degree[p],
                wanted: self.minimum[p],
                why: self.why_short(&pairs, p),
            })
            .collect();
        Schedule {
            pairs,
            meetings,
            shortfalls,
        }
    }

    /// Why `p` got fewer meetings than its minimum.
    fn why_short(&self, pairs: &[Pair], p: usize) -> String {
        let possible = pairs.iter().filter(|x| x.a == p || x.b == p).count();
        if !self.available[p].iter().any(|a| *a) {
            "it is available in none of the slots".into()
        } else if self.capacity[p] < self.minimum[p] {
            format!(
                "it can have at most {} meetings (its most, or the slots it is available)",
                self.capacity[p]
            )
        } else if possible < self.minimum[p] {
            format!(
                "only {possible} participant{} it may meet {} available when it is (rules, blocks and availability)",
                if possible == 1 { "" } else { "s" },
                if possible == 1 { "is" } else { "are" }
            )
        } else {
            "everyone it may meet was fully booked, or busy whenever it was free".into()
        }
    }
}

#[cfg(test)]
mod tests;
