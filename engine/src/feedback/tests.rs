use proptest::prelude::*;

use super::personal::{DEPTH, SHARE, fuse, personalise};
use super::*;
use crate::rank::{MatchRequest, rank};
use crate::testing::{population, store_with};
use crate::weights::Weights;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).unwrap()
}

fn startup(id: &str, name: &str) -> Profile {
    let mut p = Profile::new(id, Kind::Startup, name);
    p.description = format!("{name} builds things");
    p
}

fn investor(id: &str) -> Profile {
    let mut p = Profile::new(id, Kind::Investor, "Fund");
    p.description = "we back builders".into();
    p
}

#[test]
fn a_signal_given_twice_is_stored_once_and_like_replaces_pass() {
    let (dir, store) = store_with(&[investor("i"), startup("a", "A"), startup("b", "B")]);
    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    let first = log.record(&store, "i", "a", Signal::Pass, at(1)).unwrap();
    assert!(first.created);
    let again = log.record(&store, "i", "a", Signal::Pass, at(2)).unwrap();
    assert!(!again.created);
    assert_eq!(again.feedback.at, at(1), "the first record stands");
    log.record(&store, "i", "a", Signal::Like, at(3)).unwrap();
    log.record(&store, "i", "b", Signal::Meeting, at(4))
        .unwrap();
    let given: Vec<(String, Signal)> = log
        .given_by("i")
        .unwrap()
        .into_iter()
        .map(|f| (f.to, f.signal))
        .collect();
    assert_eq!(
        given,
        vec![("a".into(), Signal::Like), ("b".into(), Signal::Meeting)]
    );
    let personal = log.personal("i").unwrap();
    assert!(personal.passed.is_empty());
    assert_eq!(
        personal.positives,
        vec![("b".into(), Signal::Meeting), ("a".into(), Signal::Like)],
        "most recent first"
    );
}

#[test]
fn bad_feedback_is_refused_and_changes_nothing() {
    let (dir, store) = store_with(&[investor("i"), investor("j"), startup("a", "A")]);
    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    let err = |r: Result<Recorded>| r.unwrap_err().to_string();
    assert!(err(log.record(&store, "i", "zz", Signal::Like, at(0))).contains("`zz`"));
    assert!(err(log.record(&store, "zz", "a", Signal::Like, at(0))).contains("`zz`"));
    assert!(err(log.record(&store, "i", "i", Signal::Like, at(0))).contains("itself"));
    assert!(err(log.record(&store, "i", "j", Signal::Deal, at(0))).contains("a deal is between"));
    assert!(log.all().unwrap().is_empty());
    assert!(
        "love"
            .parse::<Signal>()
            .unwrap_err()
            .to_string()
            .contains("like, pass")
    );
}

#[test]
fn a_deal_joins_both_histories_and_undoing_it_leaves_them_as_they_were() {
    let mut known = startup("b", "B");
    known.backers = vec!["i".into()];
    let (dir, store) = store_with(&[investor("i"), startup("a", "A"), known]);
    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    let deal = log.record(&store, "a", "i", Signal::Deal, at(0)).unwrap();
    assert!(deal.feedback.added_edge);
    let snapshot = store.snapshot();
    assert_eq!(snapshot.require("a").unwrap().backers, vec!["i"]);
    assert_eq!(snapshot.require("i").unwrap().portfolio, vec!["a"]);
    // The investor already stated its deal with b (on b's side): recording it adds the other
    // side, and undoing it removes nothing the import said.
    let stated = log.record(&store, "i", "b", Signal::Deal, at(1)).unwrap();
    assert!(!stated.feedback.added_edge);
    log.undo(&store, "a", "i", None).unwrap();
    log.undo(&store, "i", "b", Some(Signal::Deal)).unwrap();
    let snapshot = store.snapshot();
    assert!(snapshot.require("a").unwrap().backers.is_empty());
    assert_eq!(snapshot.require("i").unwrap().portfolio, vec!["b"]);
    assert_eq!(snapshot.require("b").unwrap().backers, vec!["i"]);
    assert!(log.all().unwrap().is_empty());
    assert!(log.undo(&store, "a", "i", None).unwrap().is_empty());
}

#[test]
fn feedback_survives_reopening() {
    let (dir, store) = store_with(&[investor("i"), startup("a", "A")]);
    FeedbackLog::open_or_create(dir.path())
        .unwrap()
        .record(&store, "i", "a", Signal::Like, at(0))
        .unwrap();
    let reopened = FeedbackLog::open_or_create(dir.path()).unwrap();
    assert_eq!(reopened.given_by("i").unwrap().len(), 1);
}

#[test]
fn fusion_places_every_candidate_of_either_list_once() {
    let fused = fuse(&[3, 1, 2], &[2, 4], 2, SHARE);
    let ids: Vec<i32> = fused.iter().map(|f| f.id).collect();
    assert_eq!(ids, vec![3, 2, 1, 4]);
    assert_eq!(fused[2].usual_place, 2);
    assert_eq!(fused[3].usual_place, 3, "deeper than the depth: depth + 1");
    assert_eq!(fused[2].liked_place, None);
}

/// `i0`'s signals, each given a second after the one before.
fn given(signals: &[(usize, Signal)]) -> Vec<Feedback> {
    signals
        .iter()
        .enumerate()
        .map(|(n, (to, signal))| Feedback {
            from: "i0".into(),
            to: format!("s{to}"),
            signal: *signal,
            at: at(n as i64),
            added_edge: false,
        })
        .collect()
}

fn signal() -> impl Strategy<Value = Signal> {
    prop_oneof![
        Just(Signal::Like),
        Just(Signal::Pass),
        Just(Signal::Meeting)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A pass never reappears (unless asked for), the ranking depends on the signals, not
    /// the order they are listed in, and without positives it is the usual one less the
    /// passes, with what resembles a pass placed lower (saying so).
    #[test]
    fn passes_never_reappear_and_order_does_not_matter(
        profiles in population(12),
        signals in prop::collection::btree_map(0usize..12, signal(), 0..6),
        seed in any::<u64>(),
    ) {
        let (_dir, store) = store_with(&profiles);
        let snapshot = store.snapshot();
        let weights = Weights::default();
        let query = snapshot.require("i0").unwrap();
        let request = MatchRequest { limit: 8, ..MatchRequest::default() };
        let usual = |r: &MatchRequest| rank(&snapshot, &weights, &query, r);
        let listed: Vec<(usize, Signal)> = signals.into_iter().collect();
        let n = listed.len().max(1);
        let personal = Personal::of(&given(&listed));
        // Feedback listed in another order, each signal at its own time as before.
        let mut reordered = given(&listed);
        reordered.rotate_left(seed as usize % n);
        prop_assert_eq!(&Personal::of(&reordered), &personal);

        let ranked = personalise(&snapshot, &weights, &query, &request, &personal, false, &usual).unwrap();
        let ranks: Vec<usize> = ranked.iter().map(|m| m.rank).collect();
        prop_assert_eq!(ranks, (1..=ranked.len()).collect::<Vec<_>>());
        for m in &ranked {
            prop_assert!(!personal.passed.contains(&m.profile.id), "{} was passed", m.profile.id);
        }
        let again = personalise(&snapshot, &weights, &query, &request, &personal, false, &usual).unwrap();
        prop_assert_eq!(&again, &ranked);
        if personal.positives.is_empty() {
            let mut plain = MatchRequest { limit: DEPTH, ..request.clone() };
            plain.filters.exclude_ids.extend(personal.passed.iter().cloned());
            let expected: Vec<String> = rank(&snapshot, &weights, &query, &plain).unwrap().into_iter().map(|m| m.profile.id).collect();
            let lowered = |m: &crate::rank::Match| m.personalised.as_ref().is_some_and(|p| p.lowered.is_some());
            // Those not lowered keep the usual order; without passes that is all of them.
            let kept: Vec<&String> = ranked.iter().filter(|m| !lowered(m)).map(|m| &m.profile.id).collect();
            let mut usual_order = expected.iter().filter(|id| kept.contains(id));
            prop_assert!(kept.iter().all(|id| usual_order.next() == Some(*id)), "{:?} not in the order of {:?}", kept, expected);
            if personal.passed.is_empty() {
                let got: Vec<&String> = ranked.iter().map(|m| &m.profile.id).collect();
                prop_assert_eq!(got, expected.iter().take(request.limit).collect::<Vec<_>>());
            }
        }
        let shown = personalise(&snapshot, &weights, &query, &request, &personal, true, &usual).unwrap();
        prop_assert!(shown.len() >= ranked.len());
    }
}

/// Investor `i` and 40 start-ups in Kenya, `s00`…`s39` ("Start 0"…): every `agritech_every`-th
/// one (from `s00`) builds soil sensors for farmers (agritech), the others payments for shops
/// (fintech).
fn two_sectors(agritech_every: usize) -> Vec<Profile> {
    use crate::taxonomy::Sector;
    let mut profiles = vec![investor("i")];
    for n in 0..40 {
        let mut s = startup(&format!("s{n:02}"), &format!("Start {n}"));
        let agritech = n % agritech_every == 0;
        s.sectors = vec![if agritech {
            Sector::Agritech
        } else {
            Sector::Fintech
        }];
        s.countries = vec![crate::geography::Country::parse("KE").unwrap()];
        s.description = if agritech {
            "soil sensors for farmers".into()
        } else {
            "payments for shops".into()
        };
        profiles.push(s);
    }
    profiles
}

#[test]
fn likes_lift_what_resembles_them_and_say_so() {
    use crate::taxonomy::Sector;
    let profiles = two_sectors(4);
    let (dir, store) = store_with(&profiles);
    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    log.record(&store, "i", "s00", Signal::Like, at(0)).unwrap();
    log.record(&store, "i", "s01", Signal::Pass, at(1)).unwrap();
    let snapshot = store.snapshot();
    let weights = Weights::default();
    let query = snapshot.require("i").unwrap();
    let request = MatchRequest {
        limit: 5,
        ..MatchRequest::default()
    };
    let usual = |r: &MatchRequest| rank(&snapshot, &weights, &query, r);
    let personal = log.personal("i").unwrap();
    let ranked = personalise(
        &snapshot, &weights, &query, &request, &personal, false, &usual,
    )
    .unwrap();
    let agritech = ranked
        .iter()
        .filter(|m| m.profile.sectors == vec![Sector::Agritech])
        .count();
    assert!(
        agritech >= 3,
        "{:?}",
        ranked.iter().map(|m| &m.profile.id).collect::<Vec<_>>()
    );
    let first_agri = ranked
        .iter()
        .find(|m| m.profile.sectors == vec![Sector::Agritech] && m.profile.id != "s00")
        .unwrap();
    let why = first_agri.personalised.as_ref().unwrap();
    assert_eq!(why.reason.as_deref(), Some("like Start 0, which you liked"));
    assert!(ranked.iter().all(|m| m.profile.id != "s01"));
    assert!(ranked.len() <= DEPTH);
}

#[test]
fn passes_lower_what_resembles_them_and_say_so() {
    use crate::taxonomy::Sector;
    let mut profiles = two_sectors(2);
    profiles[0].description = "payments".into();
    let (dir, store) = store_with(&profiles);
    let snapshot = store.snapshot();
    let weights = Weights::default();
    let query = snapshot.require("i").unwrap();
    let request = MatchRequest {
        limit: 5,
        ..MatchRequest::default()
    };
    let usual = |r: &MatchRequest| rank(&snapshot, &weights, &query, r);
    let is_fintech = |m: &crate::rank::Match| m.profile.sectors == vec![Sector::Fintech];
    let before = usual(&request).unwrap();
    assert!(before.iter().all(is_fintech), "the words favour fintech");

    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    log.record(&store, "i", "s01", Signal::Pass, at(0)).unwrap();
    let personal = log.personal("i").unwrap();
    let after = personalise(
        &snapshot, &weights, &query, &request, &personal, false, &usual,
    )
    .unwrap();
    assert!(
        after.iter().all(|m| !is_fintech(m)),
        "a page after the pass offers something else: {:?}",
        after.iter().map(|m| &m.profile.id).collect::<Vec<_>>()
    );
    // Deeper down, the fintech start-ups come back, saying why they are lower.
    let all = MatchRequest {
        limit: 39,
        ..MatchRequest::default()
    };
    let deep = personalise(&snapshot, &weights, &query, &all, &personal, false, &usual).unwrap();
    assert_eq!(deep.len(), 39);
    let lowered = deep.iter().find(|m| is_fintech(m)).unwrap();
    let why = lowered.personalised.as_ref().unwrap();
    assert_eq!(
        why.lowered.as_deref(),
        Some("placed lower: like Start 1, which you passed on")
    );
    assert_eq!(why.passed_alike, Some(("s01".into(), "Start 1".into())));
    assert!(
        deep.iter()
            .filter(|m| !is_fintech(m))
            .all(|m| { m.personalised.as_ref().is_some_and(|p| p.lowered.is_none()) })
    );
}

/// With a learned ranking as the usual one, candidates the revealed thesis brings that the
/// learned ranking leaves out (what the investor already backed) give their places to the
/// next: the list stays full, its ranks consecutive.
#[test]
fn a_learned_usual_ranking_keeps_the_list_full_and_its_ranks_in_order() {
    use crate::learn::LiveModel;
    use crate::taxonomy::Sector;
    let mut fund = investor("i");
    fund.sectors = vec![Sector::Agritech];
    fund.portfolio = vec!["s00".into(), "s04".into(), "s12".into()];
    let mut profiles = vec![fund];
    for n in 0..30 {
        let mut s = startup(&format!("s{n:02}"), &format!("Start {n}"));
        s.sectors = vec![if n % 4 == 0 {
            Sector::Agritech
        } else {
            Sector::Fintech
        }];
        profiles.push(s);
    }
    let (dir, store) = store_with(&profiles);
    let log = FeedbackLog::open_or_create(dir.path()).unwrap();
    log.record(&store, "i", "s08", Signal::Like, at(0)).unwrap();
    let snapshot = store.snapshot();
    let weights = Weights::default();
    let live = LiveModel::new(crate::testing::learned_model()).unwrap();
    let query = snapshot.require("i").unwrap();
    let usual = |r: &MatchRequest| Ok(live.rank(&snapshot, &weights, &query, r)?.matches);
    let request = MatchRequest {
        limit: 20,
        ..MatchRequest::default()
    };
    assert_eq!(
        live.rank(&snapshot, &weights, &query, &request)
            .unwrap()
            .method,
        crate::learn::live::Method::Learned
    );
    let personal = log.personal("i").unwrap();
    let ranked = personalise(
        &snapshot, &weights, &query, &request, &personal, false, &usual,
    )
    .unwrap();
    let ranks: Vec<usize> = ranked.iter().map(|m| m.rank).collect();
    assert_eq!(ranks, (1..=20).collect::<Vec<_>>());
    assert!(
        ranked
            .iter()
            .all(|m| !["s00", "s04", "s12"].contains(&m.profile.id.as_str()))
    );
}
