//! Rankings are a pure function of the stored set of profiles: the same set, however it was
//! imported (order, batches, replaced and deleted profiles, merged or not), and however many
//! threads rank it, gives byte-identical matches and search hits.

use proptest::prelude::*;

use std::sync::Arc;

use crate::learn::LiveModel;
use crate::profile::Profile;
use crate::rank::{MatchRequest, rank};
use crate::store::{Snapshot, Store};
use crate::taxonomy::Kind;
use crate::testing::{learned_model, population, profile, store_with};
use crate::weights::Weights;

/// Every stored profile's matches (forward to all kinds, reciprocal, and the default
/// counterpart with a learned model), and a few searches, as JSON.
fn everything(snapshot: &Arc<Snapshot>, people: &[Profile]) -> Vec<String> {
    let weights = Weights::default();
    let learned = LiveModel::new(learned_model()).unwrap();
    let mut out = Vec::new();
    for query in people {
        let requests = [
            MatchRequest {
                targets: Kind::ALL.to_vec(),
                limit: 50,
                ..MatchRequest::default()
            },
            MatchRequest {
                reciprocal: true,
                limit: 7,
                ..MatchRequest::default()
            },
        ];
        for request in &requests {
            let found = rank(snapshot, &weights, query, request).unwrap();
            out.push(serde_json::to_string(&found).unwrap());
        }
        let ranked = learned
            .rank(snapshot, &weights, query, &MatchRequest::default())
            .unwrap();
        out.push(format!(
            "{:?} {}",
            ranked.method,
            serde_json::to_string(&ranked.matches).unwrap()
        ));
    }
    for text in ["soil farmers", "solar OR energy", "credit", "org"] {
        let hits: Vec<(String, u32)> = snapshot
            .search(text, &[], 30)
            .unwrap()
            .into_iter()
            .map(|h| (h.profile.id, h.score.to_bits()))
            .collect();
        out.push(format!("{text}: {hits:?}"));
    }
    out
}

/// Ranks on a pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(work)
}

/// A profile of any kind with the `i`-th id of its kind's prefix (`prefixes` in
/// [`Kind::ALL`] order: start-up, investor, partner).
fn any_kind(
    ids: std::ops::Range<usize>,
    prefixes: [&'static str; 3],
) -> impl Strategy<Value = Profile> {
    (ids, 0usize..3)
        .prop_flat_map(move |(i, k)| profile(Kind::ALL[k], format!("{}{i}", prefixes[k])))
}

/// Earlier versions of some profiles (replaced later) and profiles deleted later, so that
/// the history leaves deleted documents behind in the segments.
fn history() -> impl Strategy<Value = (Vec<Profile>, Vec<Profile>)> {
    (
        proptest::collection::vec(any_kind(0..12, ["s", "i", "p"]), 0..8),
        proptest::collection::vec(any_kind(0..100, ["gs", "gi", "gp"]), 0..6),
    )
}

/// Imports `profiles` after the earlier versions and ghosts, in batches cut at `cuts`, then
/// deletes the ghosts (and compacts when asked).
fn built_in_steps(
    profiles: &[Profile],
    (earlier, ghosts): &(Vec<Profile>, Vec<Profile>),
    cuts: &[usize],
    compact: bool,
) -> (tempfile::TempDir, Store) {
    let (dir, store) = store_with(&[]);
    let unique = |list: &[Profile]| {
        let mut seen = std::collections::BTreeMap::new();
        for p in list {
            seen.insert(p.id.clone(), p.clone());
        }
        seen.into_values().collect::<Vec<_>>()
    };
    for batch in [unique(earlier), unique(ghosts)] {
        if !batch.is_empty() {
            store.import(&batch, &()).unwrap();
        }
    }
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (profiles.len() + 1)).collect();
    cuts.extend([0, profiles.len()]);
    cuts.sort_unstable();
    for pair in cuts.windows(2) {
        if pair[0] < pair[1] {
            store.import(&profiles[pair[0]..pair[1]], &()).unwrap();
        }
    }
    for ghost in unique(ghosts) {
        store.delete(&ghost.id).unwrap();
    }
    if compact {
        store.compact().unwrap();
    }
    (dir, store)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_same_stored_set_ranks_the_same_whatever_its_history(
        people in population(12),
        order in Just((0..36).collect::<Vec<usize>>()).prop_shuffle(),
        earlier_and_ghosts in history(),
        cuts in proptest::collection::vec(0usize..37, 1..4),
        compact in any::<bool>(),
    ) {
        let (_a, clean) = store_with(&people);
        let expected = everything(&clean.snapshot(), &people);

        let shuffled: Vec<Profile> = order.iter().map(|i| people[*i].clone()).collect();
        let (_b, built) = built_in_steps(&shuffled, &earlier_and_ghosts, &cuts, compact);
        let snapshot = built.snapshot();
        prop_assert_eq!(
            snapshot.profiles(None).unwrap().len(),
            people.len(),
            "the same set is stored"
        );
        let segments = snapshot.searcher().segment_readers().len();
        let got = on_threads(1, || everything(&snapshot, &people));
        for (want, have) in expected.iter().zip(&got) {
            prop_assert_eq!(want, have, "{} segments, compacted: {}", segments, compact);
        }
    }
}

#[test]
fn a_compacted_store_keeps_its_profiles_and_drops_deleted_documents() {
    let people = crate::jsonl::parse(
        r#"{"id":"a","kind":"startup","name":"Soil sensors"}
{"id":"b","kind":"investor","name":"Seed fund","portfolio":["a"]}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&people[..1]);
    store.import(&people, &()).unwrap();
    let before = store.snapshot();
    assert_eq!(before.searcher().segment_readers().len(), 2);
    store.compact().unwrap();
    let after = store.snapshot();
    let readers = after.searcher().segment_readers();
    assert_eq!(readers.len(), 1);
    assert!(!readers[0].has_deletes());
    assert_eq!(
        after.profiles(None).unwrap(),
        before.profiles(None).unwrap()
    );
}
