use proptest::prelude::*;

use super::*;
use crate::events::{Participant, Rules};

fn person(id: &str, group: &str, available: Option<Vec<usize>>, most: Option<u32>) -> Participant {
    Participant {
        profile: id.into(),
        group: group.into(),
        available: available.map(|slots| slots.into_iter().map(slot_time).collect()),
        max_meetings: most,
        requests: Vec::new(),
        blocks: Vec::new(),
    }
}

fn slot_time(i: usize) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_800_000_000 + 1_200 * i as i64).unwrap()
}

fn event(slots: usize, tables: usize, min_startups: u32, participants: Vec<Participant>) -> Event {
    Event {
        id: "e".into(),
        name: "E".into(),
        meeting_minutes: 20,
        slots: (0..slots).map(slot_time).collect(),
        tables: (0..tables).map(|t| format!("T{t}")).collect(),
        rules: Rules {
            may_meet: vec![["startups".into(), "investors".into()]],
            min_meetings: if min_startups > 0 {
                BTreeMap::from([("startups".into(), min_startups)])
            } else {
                BTreeMap::new()
            },
        },
        participants,
    }
}

fn pair(a: usize, b: usize, score: f32) -> Pair {
    Pair {
        a,
        b,
        score,
        requested: Requested::No,
    }
}

/// Who meets whom in which slot: (participant, participant, slot).
fn meetings(schedule: &Schedule) -> Vec<(usize, usize, usize)> {
    schedule
        .meetings
        .iter()
        .map(|m| (schedule.pairs[m.pair].a, schedule.pairs[m.pair].b, m.slot))
        .collect()
}

/// Everything a schedule promises: nobody twice in a slot, only when available, at most
/// its most meetings, at most one meeting per table and slot, only pairs that may meet,
/// and the shortfalls are exactly those below their minimum.
fn assert_feasible(event: &Event, schedule: &Schedule) -> std::result::Result<(), TestCaseError> {
    let n = event.participants.len();
    let mut busy = BTreeMap::new();
    let mut tables = BTreeMap::new();
    for m in &schedule.meetings {
        let p = &schedule.pairs[m.pair];
        for x in [p.a, p.b] {
            prop_assert!(
                busy.insert((x, m.slot), m.pair).is_none(),
                "{} twice in slot {}",
                x,
                m.slot
            );
            prop_assert!(
                event.participants[x]
                    .slots_available(event)
                    .contains(&m.slot)
            );
        }
        prop_assert!(m.table < event.tables.len());
        prop_assert!(
            tables.insert((m.slot, m.table), m.pair).is_none(),
            "table used twice"
        );
        let (g, h) = (
            &event.participants[p.a].group,
            &event.participants[p.b].group,
        );
        prop_assert!(event.groups_may_meet(g, h));
    }
    let count = schedule.meetings_per_participant(n);
    for (x, c) in count.iter().enumerate() {
        prop_assert!(*c <= event.participants[x].capacity(event));
    }
    let short: Vec<usize> = schedule.shortfalls.iter().map(|s| s.participant).collect();
    let expected: Vec<usize> = (0..n)
        .filter(|&x| {
            let min = event
                .rules
                .min_meetings
                .get(&event.participants[x].group)
                .copied()
                .unwrap_or(0);
            count[x] < min as usize
        })
        .collect();
    prop_assert_eq!(short, expected);
    Ok(())
}

#[test]
fn a_full_slot_makes_room_by_moving_a_meeting_that_can_go_elsewhere() {
    // a–b may meet in either slot, c–d only in the first; one table.
    let event = event(
        2,
        1,
        0,
        vec![
            person("a", "startups", None, None),
            person("b", "investors", None, None),
            person("c", "startups", Some(vec![0]), None),
            person("d", "investors", Some(vec![0]), None),
        ],
    );
    let pairs = vec![pair(0, 1, 0.9), pair(2, 3, 0.8)];
    let greedy = greedy(&event, pairs.clone());
    assert_eq!(meetings(&greedy), vec![(0, 1, 0)], "earliest slot first");
    let better = schedule(&event, pairs);
    assert_eq!(meetings(&better), vec![(2, 3, 0), (0, 1, 1)]);
    assert!((better.total_value() - 1.7).abs() < 1e-6);
}

#[test]
fn a_start_up_gets_its_minimum_when_someone_can_give_up_a_meeting() {
    // s1 would take i1's only slot s2 can attend; s1 can also meet i2 instead.
    let event = event(
        2,
        1,
        1,
        vec![
            person("s1", "startups", None, None),
            person("s2", "startups", Some(vec![0]), None),
            person("i1", "investors", None, Some(1)),
            person("i2", "investors", Some(vec![1]), None),
        ],
    );
    let pairs = vec![pair(0, 2, 0.9), pair(0, 3, 0.1), pair(1, 2, 0.5)];
    let greedy = greedy(&event, pairs.clone());
    assert_eq!(meetings(&greedy), vec![(0, 2, 0), (0, 3, 1)]);
    let fair = schedule(&event, pairs);
    assert!(fair.shortfalls.is_empty(), "{:?}", fair.shortfalls);
    assert_eq!(meetings(&fair), vec![(1, 2, 0), (0, 3, 1)]);
}

#[test]
fn who_misses_their_minimum_is_told_why() {
    let event = event(
        2,
        2,
        1,
        vec![
            person("s1", "startups", None, None),
            person("s2", "startups", Some(vec![]), None),
            person("s3", "startups", Some(vec![1]), None),
            person("i1", "investors", Some(vec![0]), None),
        ],
    );
    // s3 and i1 share no slot: no pair.
    let pairs = vec![pair(0, 3, 0.7)];
    let schedule = schedule(&event, pairs);
    let why: Vec<(usize, &str)> = schedule
        .shortfalls
        .iter()
        .map(|s| (s.participant, s.why.as_str()))
        .collect();
    assert_eq!(
        why,
        vec![
            (1, "it is available in none of the slots"),
            (
                2,
                "only 0 participants it may meet are available when it is (rules, blocks and availability)"
            ),
        ]
    );
}

/// Small events with random availability, capacities, minimums and scores.
fn instance() -> impl Strategy<Value = (Event, Vec<Pair>)> {
    (1usize..5, 1usize..4, 0u32..3, 2usize..10, any::<u64>()).prop_map(
        |(slots, tables, min, n, seed)| {
            let mut state = seed | 1;
            let mut next = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let participants: Vec<Participant> = (0..n)
                .map(|i| {
                    let group = if i % 2 == 0 { "startups" } else { "investors" };
                    let available = if next() % 3 == 0 {
                        Some((0..slots).filter(|_| next() % 2 == 0).collect())
                    } else {
                        None
                    };
                    let most = (next() % 3 == 0).then(|| 1 + (next() % 3) as u32);
                    person(&format!("p{i}"), group, available, most)
                })
                .collect();
            let event = event(slots, tables, min, participants);
            let mut pairs = Vec::new();
            for a in 0..n {
                for b in a + 1..n {
                    let (p, q) = (&event.participants[a], &event.participants[b]);
                    let common = p
                        .slots_available(&event)
                        .iter()
                        .any(|s| q.slots_available(&event).contains(s));
                    if p.group != q.group && common && next() % 4 != 0 {
                        pairs.push(Pair {
                            a,
                            b,
                            score: (next() % 1000) as f32 / 1000.0,
                            requested: match next() % 6 {
                                0 => Requested::OneSide,
                                1 => Requested::Mutual,
                                _ => Requested::No,
                            },
                        });
                    }
                }
            }
            (event, pairs)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Both schedulers keep every promise; the scheduler is deterministic, and without
    /// minimums it is worth at least what greedy is.
    #[test]
    fn schedules_are_feasible_deterministic_and_no_worse_than_greedy((event, pairs) in instance()) {
        let reference = greedy(&event, pairs.clone());
        assert_feasible(&event, &reference)?;
        let ours = schedule(&event, pairs.clone());
        assert_feasible(&event, &ours)?;
        prop_assert_eq!(&schedule(&event, pairs), &ours);
        if event.rules.min_meetings.is_empty() {
            prop_assert!(ours.total_value() >= reference.total_value() - 1e-6,
                "{} < greedy {}", ours.total_value(), reference.total_value());
        }
    }
}
