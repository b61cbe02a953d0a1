use super::*;
use crate::profile::Profile;
use crate::taxonomy::Kind;
use crate::testing::store_with;

fn at(hour: i8, minute: i8) -> Timestamp {
    format!("2027-03-10T{hour:02}:{minute:02}:00Z")
        .parse()
        .unwrap()
}

fn profiles() -> Vec<Profile> {
    vec![
        Profile::new("st-1", Kind::Startup, "ShambaSense"),
        Profile::new("st-2", Kind::Startup, "AgroPay"),
        Profile::new("inv-1", Kind::Investor, "Savannah Fund"),
    ]
}

fn participant(profile: &str, group: &str) -> Participant {
    Participant {
        profile: profile.into(),
        group: group.into(),
        available: None,
        max_meetings: None,
        requests: Vec::new(),
        blocks: Vec::new(),
    }
}

fn pitch_day() -> Event {
    Event {
        id: "nairobi-2027".into(),
        name: "Nairobi pitch day".into(),
        meeting_minutes: 20,
        slots: vec![at(9, 0), at(9, 20), at(9, 40)],
        tables: vec!["A".into(), "B".into()],
        rules: Rules {
            may_meet: vec![["startups".into(), "investors".into()]],
            min_meetings: BTreeMap::from([("startups".into(), 1)]),
        },
        participants: vec![
            participant("st-1", "startups"),
            participant("st-2", "startups"),
            participant("inv-1", "investors"),
        ],
    }
}

#[test]
fn a_good_event_is_stored_replaced_and_removed_whole() {
    let (dir, store) = store_with(&profiles());
    let snapshot = store.snapshot();
    let book = EventBook::open_or_create(dir.path()).unwrap();
    let mut event = pitch_day();
    assert!(!book.put(&snapshot, &event).unwrap(), "new");
    event.participants[0].requests = vec!["inv-1".into()];
    assert!(book.put(&snapshot, &event).unwrap(), "replaced");
    let reopened = EventBook::open_or_create(dir.path()).unwrap();
    assert_eq!(reopened.get("nairobi-2027").unwrap(), Some(event.clone()));
    assert_eq!(reopened.all().unwrap(), vec![event]);
    assert!(reopened.remove("nairobi-2027").unwrap());
    assert!(!reopened.remove("nairobi-2027").unwrap());
    assert!(reopened.all().unwrap().is_empty());
}

#[test]
fn every_problem_is_named_by_its_field_and_nothing_is_written() {
    let (dir, store) = store_with(&profiles());
    let snapshot = store.snapshot();
    let book = EventBook::open_or_create(dir.path()).unwrap();
    let mut event = pitch_day();
    event.id = "nairobi 2027".into();
    event.slots = vec![at(9, 0), at(9, 10), at(9, 5)];
    event.tables.push("A".into());
    event.participants[0].available = Some(vec![at(10, 0)]);
    event.participants[1].requests = vec!["inv-9".into(), "st-2".into()];
    event.participants[2].blocks = vec!["st-1".into()];
    event.participants[2].requests = vec!["st-1".into()];
    event.participants.push(participant("nobody", "startups"));
    event
        .rules
        .may_meet
        .push(["startups".into(), "investor".into()]);
    let err = book.put(&snapshot, &event).unwrap_err();
    let Error::Event(err) = err else {
        panic!("{err}")
    };
    let fields: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "id",
            "slots[1]",
            "slots[2]",
            "tables[2]",
            "participants[0].available[0]",
            "participants[1].requests[0]",
            "participants[1].requests[1]",
            "participants[2].requests[0]",
            "participants[3].profile",
            "rules.may_meet[1][1]",
        ],
        "{err}"
    );
    let text = err.to_string();
    assert!(text.starts_with("the event has 10 problems; nothing was written"));
    assert!(
        text.contains("no participant is in group `investor`; the groups are investors, startups")
    );
    assert!(text.contains("`st-1` is both requested and blocked"));
    assert!(book.all().unwrap().is_empty(), "nothing was written");
}

#[test]
fn the_json_format_reads_as_documented_and_refuses_unknown_fields() {
    let json = r#"{
        "id": "b2b-1", "name": "B2B session", "meeting_minutes": 15,
        "slots": ["2027-03-10T09:00:00Z", "2027-03-10T09:15:00Z"],
        "tables": ["Room 1"],
        "rules": {"may_meet": [["startups", "investors"]], "min_meetings": {"startups": 1}},
        "participants": [
            {"profile": "st-1", "group": "startups", "available": ["2027-03-10T09:15:00Z"],
             "max_meetings": 1, "requests": ["inv-1"]},
            {"profile": "inv-1", "group": "investors", "blocks": ["st-2"]}
        ]
    }"#;
    let event: Event = serde_json::from_str(json).unwrap();
    assert_eq!(event.participants[0].slots_available(&event), vec![1]);
    assert_eq!(event.participants[0].capacity(&event), 1);
    assert_eq!(event.participants[1].capacity(&event), 2);
    assert!(event.groups_may_meet("investors", "startups"));
    assert!(!event.groups_may_meet("startups", "startups"));
    let typo = json.replace("\"tables\"", "\"table\"");
    let err = serde_json::from_str::<Event>(&typo)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `table`"), "{err}");
}

#[test]
fn without_rules_any_two_different_groups_may_meet() {
    let mut event = pitch_day();
    event.rules = Rules::default();
    assert!(event.groups_may_meet("partners", "investors"));
    assert!(!event.groups_may_meet("investors", "investors"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Events made of arbitrary pieces: slot offsets, tables, participants naming stored and
    /// unknown profiles, availability, requests and blocks.
    fn event() -> impl Strategy<Value = Event> {
        let ids = prop::sample::select(vec!["st-1", "st-2", "inv-1", "ghost"]);
        let groups = prop::sample::select(vec!["startups", "investors", ""]);
        let participant = (
            ids.clone(),
            groups,
            prop::option::of(prop::collection::vec(0i64..200, 0..3)),
            prop::option::of(0u32..4),
            prop::collection::vec(ids.clone(), 0..2),
            prop::collection::vec(ids, 0..2),
        );
        (
            1u32..60,
            prop::collection::vec(0i64..200, 0..5),
            prop::collection::vec(prop::sample::select(vec!["A", "B", ""]), 0..3),
            prop::collection::vec(participant, 0..5),
        )
            .prop_map(|(minutes, offsets, tables, participants)| {
                let t = |m: i64| at(9, 0) + jiff::SignedDuration::from_mins(m);
                Event {
                    id: "e".into(),
                    name: "E".into(),
                    meeting_minutes: minutes,
                    slots: offsets.into_iter().map(t).collect(),
                    tables: tables.into_iter().map(String::from).collect(),
                    rules: Rules::default(),
                    participants: participants
                        .into_iter()
                        .map(
                            |(id, group, available, max, requests, blocks)| Participant {
                                profile: id.into(),
                                group: group.into(),
                                available: available.map(|a| a.into_iter().map(t).collect()),
                                max_meetings: max,
                                requests: requests.into_iter().map(String::from).collect(),
                                blocks: blocks.into_iter().map(String::from).collect(),
                            },
                        )
                        .collect(),
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every event either passes the check, and then holds what the format promises, or
        /// is refused with at least one problem and nothing written; the JSON round-trips.
        #[test]
        fn an_event_is_written_only_when_it_holds_together(event in event()) {
            let (dir, store) = store_with(&profiles());
            let snapshot = store.snapshot();
            let book = EventBook::open_or_create(dir.path()).unwrap();
            let json = serde_json::to_string(&event).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Event>(&json).unwrap(), &event);
            match book.put(&snapshot, &event) {
                Ok(_) => {
                    prop_assert!(!event.slots.is_empty() && !event.tables.is_empty());
                    prop_assert!(event.slots.windows(2).all(|w| w[0] < w[1]));
                    for p in &event.participants {
                        prop_assert!(snapshot.get(&p.profile).unwrap().is_some());
                        prop_assert!(p.capacity(&event) <= event.slots.len());
                        prop_assert!(p.requests.iter().all(|r| !p.blocks.contains(r)));
                    }
                    prop_assert_eq!(book.get("e").unwrap(), Some(event));
                }
                Err(Error::Event(e)) => {
                    prop_assert!(!e.problems.is_empty());
                    prop_assert!(book.all().unwrap().is_empty());
                }
                Err(other) => prop_assert!(false, "{}", other),
            }
        }
    }
}
