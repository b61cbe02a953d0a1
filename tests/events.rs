//! Events on the command line: the sample event in `data/events/` imports on the demo
//! profiles, an event with problems names each field and writes nothing, and `create`
//! makes an event `show --format json` gives back in the import format.

mod common;

use common::{fails, ok, tandem};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/events/pitch-day.json");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/profiles.jsonl");

/// A temporary data directory holding the demo profiles: (temp root, data dir).
fn demo_store() -> (tempfile::TempDir, String) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data").to_string_lossy().to_string();
    ok(tandem(root.path(), &["--data", &data, "import", DEMO]));
    (root, data)
}

/// `tandem event show ID --format json`, parsed.
fn stored(root: &std::path::Path, data: &str, id: &str) -> serde_json::Value {
    let json = ok(tandem(
        root,
        &["--data", data, "event", "show", id, "--format", "json"],
    ));
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_sample_event_imports_on_the_demo_profiles_and_a_bad_one_writes_nothing() {
    let (root, data) = demo_store();
    ok(tandem(
        root.path(),
        &["--data", &data, "event", "import", SAMPLE],
    ));
    let shown = ok(tandem(
        root.path(),
        &["--data", &data, "event", "show", "nairobi-pitch-day"],
    ));
    assert!(
        shown.contains("Nairobi Agritech & Climate Pitch Day"),
        "{shown}"
    );
    assert!(shown.contains("every member of startups should get at least 2 meetings"));
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).unwrap()).unwrap();
    assert_eq!(
        stored(root.path(), &data, "nairobi-pitch-day"),
        sample,
        "show --format json gives the imported event back"
    );

    // Three problems: a slot (and the availability naming it) overlapping the slot before, a
    // participant nobody stored, and an investor's block of the participant that was.
    let bad = root.path().join("bad.json");
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("2027-03-10T09:25:00Z", "2027-03-10T09:10:00Z")
        .replace("\"profile\": \"st-0044\"", "\"profile\": \"st-9999\"")
        .replace("Nairobi Agritech", "Changed");
    std::fs::write(&bad, text).unwrap();
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "event", "import", bad.to_str().unwrap()],
    ));
    assert!(
        err.contains("the event has 3 problems; nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("slots[1]: starts before the slot before it ends"),
        "{err}"
    );
    assert!(
        err.contains("participants[1].profile: no stored profile has id `st-9999`"),
        "{err}"
    );
    assert!(
        err.contains("participants[26].blocks[0]: `st-0044` does not take part"),
        "{err}"
    );
    assert_eq!(
        stored(root.path(), &data, "nairobi-pitch-day"),
        sample,
        "the stored event is unchanged"
    );

    let typo = root.path().join("typo.json");
    std::fs::write(
        &typo,
        std::fs::read_to_string(SAMPLE)
            .unwrap()
            .replace("\"meeting_minutes\": 20", "\"meeting_minutes\": \"20\""),
    )
    .unwrap();
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "event", "import", typo.to_str().unwrap()],
    ));
    assert!(err.contains("meeting_minutes: invalid type"), "{err}");
    fails(tandem(
        root.path(),
        &["--data", &data, "event", "show", "nope"],
    ));
}

#[test]
fn create_makes_evenly_spaced_slots_and_numbered_tables() {
    let (root, data) = demo_store();
    let create = [
        "--data",
        &data,
        "event",
        "create",
        "--id",
        "b2b",
        "--name",
        "B2B session",
        "--start",
        "2027-05-04T14:00:00Z",
        "--slots",
        "3",
        "--minutes",
        "15",
        "--break-minutes",
        "5",
        "--tables",
        "2",
    ];
    ok(tandem(root.path(), &create));
    let event = stored(root.path(), &data, "b2b");
    assert_eq!(
        event["slots"],
        serde_json::json!([
            "2027-05-04T14:00:00Z",
            "2027-05-04T14:20:00Z",
            "2027-05-04T14:40:00Z"
        ])
    );
    assert_eq!(event["tables"], serde_json::json!(["Table 1", "Table 2"]));
    let again = fails(tandem(root.path(), &create));
    assert!(again.contains("an event with id `b2b` exists"), "{again}");
    let listed = ok(tandem(root.path(), &["--data", &data, "event", "list"]));
    assert!(listed.contains("B2B session"), "{listed}");
}

#[test]
fn the_sample_event_is_scheduled_without_double_booking_and_meets_every_minimum() {
    let (root, data) = demo_store();
    ok(tandem(
        root.path(),
        &["--data", &data, "event", "import", SAMPLE],
    ));
    let run = || {
        ok(tandem(
            root.path(),
            &[
                "--data",
                &data,
                "schedule",
                "nairobi-pitch-day",
                "--format",
                "json",
            ],
        ))
    };
    let out = run();
    assert_eq!(out, run(), "the same event gives the same schedule");
    let out: serde_json::Value = serde_json::from_str(&out).unwrap();
    let meetings = out["meetings"].as_array().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut per_profile = std::collections::BTreeMap::<String, usize>::new();
    for m in meetings {
        let slot = m["slot"].as_str().unwrap();
        assert!(
            seen.insert((slot.to_string(), m["table"].to_string())),
            "a table twice"
        );
        for side in ["a", "b"] {
            let who = m[side].as_str().unwrap().to_string();
            assert!(
                seen.insert((slot.to_string(), who.clone())),
                "{who} twice at {slot}"
            );
            *per_profile.entry(who).or_default() += 1;
        }
    }
    assert!(meetings.len() <= 8 * 10, "8 slots of 10 tables");
    assert_eq!(
        out["shortfalls"],
        serde_json::json!([]),
        "every start-up gets 2"
    );
    let start_ups = per_profile.keys().filter(|k| k.contains("(st-")).count();
    assert_eq!(start_ups, 24, "every start-up meets someone");
    let summary = &out["summary"];
    assert_eq!(summary["mutual_requests_met"], summary["mutual_requests"]);
    assert!(summary["total_value"].as_f64().unwrap() <= summary["upper_bound"].as_f64().unwrap());
    let err = fails(tandem(root.path(), &["--data", &data, "schedule", "nope"]));
    assert!(err.contains("no event with id `nope`"), "{err}");
}
