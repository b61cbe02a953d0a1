use proptest::prelude::*;

use super::*;
use crate::geography::{Country, Place};
use crate::taxonomy::{Sector, Stage};
use crate::testing::{population, store_with};

fn all_of(
    snapshot: &Snapshot,
    weights: &Weights,
    query: &Profile,
    request: &MatchRequest,
) -> Vec<Match> {
    let request = MatchRequest {
        limit: MAX_LIMIT,
        ..request.clone()
    };
    rank(snapshot, weights, query, &request).unwrap()
}

fn key(m: &Match) -> (String, u32) {
    (m.profile.id.clone(), m.score.to_bits())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn scores_and_components_lie_in_unit_interval(
        people in population(12),
        asker in 0usize..36,
        reciprocal in any::<bool>(),
    ) {
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let query = &people[asker];
        let request = MatchRequest { reciprocal, targets: Kind::ALL.to_vec(), ..MatchRequest::default() };
        let all = all_of(&snap, &Weights::default(), query, &request);
        prop_assert_eq!(all.len(), people.len() - 1, "every other profile is ranked");
        for m in &all {
            prop_assert!((0.0..=1.0001).contains(&m.score), "score {}", m.score);
            for c in &m.components {
                if let Some(f) = c.fit {
                    prop_assert!((0.0..=1.0).contains(&f), "{} fit {}", c.component, f);
                }
                prop_assert!(c.contribution >= 0.0 && c.contribution <= c.weight + 1e-6);
            }
            let thesis = m.components.iter().filter(|c| c.component != Component::Network);
            let sum: f32 = thesis.map(|c| c.contribution).sum();
            prop_assert!((sum - m.forward).abs() < 1e-4, "thesis contributions add up to the forward score");
            let network = &m.components[Component::Network.index()];
            match m.places {
                Some(places) => {
                    let thesis_part = crate::fusion::part(1.0 - network.weight, Some(places.thesis));
                    prop_assert!((thesis_part + network.contribution - m.score).abs() < 1e-4, "the two parts make the fused score");
                }
                None => prop_assert_eq!(network.contribution, 0.0),
            }
        }
    }

    #[test]
    fn top_k_is_the_prefix_of_the_full_sorted_ranking(
        people in population(15),
        asker in 0usize..45,
        k in 1usize..20,
    ) {
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let query = &people[asker];
        let request = MatchRequest { targets: Kind::ALL.to_vec(), limit: k, ..MatchRequest::default() };
        let all = all_of(&snap, &Weights::default(), query, &request);
        for pair in all.windows(2) {
            let ordered = pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].profile.id < pair[1].profile.id);
            prop_assert!(ordered, "sorted by score, then id");
        }
        let top = rank(&snap, &Weights::default(), query, &request).unwrap();
        let expected: Vec<_> = all.iter().take(k).map(key).collect();
        prop_assert_eq!(top.iter().map(key).collect::<Vec<_>>(), expected);
        let ranks: Vec<usize> = top.iter().map(|m| m.rank).collect();
        prop_assert_eq!(ranks, (1..=top.len()).collect::<Vec<_>>());
    }

    #[test]
    fn pruning_by_bounds_changes_no_result(
        people in population(20),
        asker in 0usize..60,
        k in 1usize..12,
        reciprocal in any::<bool>(),
        with_stage_filter in any::<bool>(),
        text_and_network in 0.0f32..3.0,
    ) {
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        // The components known only for candidates, from negligible to dominant.
        let mut weights = Weights::default();
        for side in [&mut weights.startup, &mut weights.investor, &mut weights.partner] {
            side.text *= text_and_network;
            side.network *= text_and_network * 3.0;
        }
        let filters = Filters {
            stages: if with_stage_filter { vec![Stage::Seed, Stage::SeriesA] } else { Vec::new() },
            ..Filters::default()
        };
        let request = MatchRequest { reciprocal, limit: k, filters, ..MatchRequest::default() };
        let run = |prune: bool| {
            let tuning = Tuning {
                prune,
                ..Tuning::default()
            };
            rank_with(&snap, &weights, &people[asker], &request, tuning, Order::Thesis).unwrap()
        };
        let pruned = run(true);
        let exhaustive = run(false);
        prop_assert_eq!(
            pruned.iter().map(key).collect::<Vec<_>>(),
            exhaustive.iter().map(key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_filter_on_update_times_ranks_as_excluding_the_older_profiles(
        people in population(20),
        asker in 0usize..60,
        k in 1usize..12,
        reciprocal in any::<bool>(),
        older in proptest::collection::vec(any::<bool>(), 60),
        learned in any::<bool>(),
    ) {
        // Two imports: the older profiles at t = 1,000 s, the rest at t = 2,000 s; the filter
        // asks for changes since t = 1,500 s. Skipping whole runs by their latest update time
        // must give what the exhaustive ranking gives with the older profiles excluded by id.
        let (_dir, store) = store_with(&[]);
        let at = |s: i64| jiff::Timestamp::from_second(s).unwrap();
        let of_age = |is_old: bool| -> Vec<Profile> {
            people.iter().zip(&older).filter(|(_, o)| **o == is_old).map(|(p, _)| p.clone()).collect()
        };
        let (old, new) = (of_age(true), of_age(false));
        store.import_at(&old, at(1_000), &()).unwrap();
        store.import_at(&new, at(2_000), &()).unwrap();
        let snap = store.snapshot();
        let recent = MatchRequest {
            reciprocal,
            limit: k,
            filters: Filters { updated_since: Some(at(1_500)), ..Filters::default() },
            ..MatchRequest::default()
        };
        let restricted = MatchRequest {
            filters: Filters {
                exclude_ids: old.iter().map(|p| p.id.clone()).collect(),
                ..Filters::default()
            },
            ..recent.clone()
        };
        let outside = SumOfFits;
        let order = if learned { Order::Outside(&outside) } else { Order::Thesis };
        let run = |request: &MatchRequest, prune: bool| {
            let tuning = Tuning { prune, first_batch: 1 };
            rank_with(&snap, &Weights::default(), &people[asker], request, tuning, order).unwrap()
        };
        let filtered = run(&recent, true);
        let exhaustive = run(&restricted, false);
        prop_assert_eq!(
            filtered.iter().map(key).collect::<Vec<_>>(),
            exhaustive.iter().map(key).collect::<Vec<_>>()
        );
        for m in &filtered {
            prop_assert!(new.iter().any(|p| p.id == m.profile.id), "{} is older", m.profile.id);
        }
    }

    #[test]
    fn results_do_not_depend_on_thread_count(
        people in population(15),
        asker in 0usize..45,
        reciprocal in any::<bool>(),
    ) {
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let request = MatchRequest { reciprocal, limit: 10, targets: Kind::ALL.to_vec(), ..MatchRequest::default() };
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| rank(&snap, &Weights::default(), &people[asker], &request).unwrap())
        };
        let one = run(1);
        let many = run(4);
        prop_assert_eq!(one.iter().map(key).collect::<Vec<_>>(), many.iter().map(key).collect::<Vec<_>>());
    }
}

#[test]
fn hard_filters_exclude_and_never_return_the_asker() {
    let profiles = crate::jsonl::parse(
        r#"{"id":"fund","kind":"investor","name":"Fund","sectors":["agritech"],"regions":["africa"]}
{"id":"ke-seed","kind":"startup","name":"KE seed","sectors":["agritech"],"countries":["KE"],"stage":"seed","funding_ask_usd":400000}
{"id":"ng-a","kind":"startup","name":"NG A","sectors":["fintech"],"countries":["NG"],"stage":"series-a","funding_ask_usd":3000000}
{"id":"us-b","kind":"startup","name":"US B","sectors":["agritech"],"countries":["US"],"stage":"series-b","funding_ask_usd":20000000}
{"id":"nowhere","kind":"startup","name":"No data"}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&profiles);
    let snap = store.snapshot();
    let fund = &profiles[0];
    let ids = |filters: Filters| -> Vec<String> {
        let request = MatchRequest {
            filters,
            ..MatchRequest::default()
        };
        let mut ids: Vec<String> = rank(&snap, &Weights::default(), fund, &request)
            .unwrap()
            .into_iter()
            .map(|m| m.profile.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(Filters::default()),
        ["ke-seed", "ng-a", "nowhere", "us-b"]
    );
    let africa = Filters {
        places: vec![Place::Area(crate::geography::Area::Africa)],
        ..Filters::default()
    };
    assert_eq!(ids(africa), ["ke-seed", "ng-a"]);
    let kenya = Filters {
        places: vec![Place::Country(Country::parse("KE").unwrap())],
        ..Filters::default()
    };
    assert_eq!(ids(kenya), ["ke-seed"]);
    let early = Filters {
        stages: vec![Stage::Seed, Stage::SeriesA],
        ..Filters::default()
    };
    assert_eq!(ids(early), ["ke-seed", "ng-a"]);
    let small = Filters {
        max_usd: Some(1_000_000.0),
        ..Filters::default()
    };
    assert_eq!(ids(small), ["ke-seed"]);
    let big = Filters {
        min_usd: Some(1_000_000.0),
        ..Filters::default()
    };
    assert_eq!(ids(big), ["ng-a", "us-b"]);
    let agri = Filters {
        sectors: vec![Sector::Agritech],
        exclude_ids: vec!["us-b".into()],
        ..Filters::default()
    };
    assert_eq!(ids(agri), ["ke-seed"]);
}

#[test]
fn a_nairobi_investor_prefers_nairobi_then_kenya_then_west_africa() {
    // Alike but for where they are; ids in the reverse of the expected order, so that a tie
    // broken by id would fail.
    let profiles = crate::jsonl::parse(
        r#"{"id":"fund","kind":"investor","name":"Fund","sectors":["fintech"],"cities":["Nairobi"]}
{"id":"a-lagos","kind":"startup","name":"L","sectors":["fintech"],"cities":["Lagos"]}
{"id":"b-mombasa","kind":"startup","name":"M","sectors":["fintech"],"countries":["KE"],"cities":["Mombasa"]}
{"id":"c-thika","kind":"startup","name":"T","sectors":["fintech"],"cities":["Thika"]}
{"id":"d-nairobi","kind":"startup","name":"N","sectors":["fintech"],"countries":["KE"],"cities":["nairobi"]}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&profiles);
    let snap = store.snapshot();
    let ranked = rank(
        &snap,
        &Weights::default(),
        &profiles[0],
        &MatchRequest::default(),
    )
    .unwrap();
    let ids: Vec<&str> = ranked.iter().map(|m| m.profile.id.as_str()).collect();
    assert_eq!(ids, ["d-nairobi", "c-thika", "b-mombasa", "a-lagos"]);
    let geography: Vec<Option<f32>> = ranked
        .iter()
        .map(|m| m.components[Component::Geography.index()].fit)
        .collect();
    assert_eq!(geography, [Some(1.0), Some(0.9), Some(0.8), Some(0.6)]);
    assert_eq!(
        ranked[0].components[Component::Geography.index()].reason,
        "same city: nairobi"
    );

    // The same places as hard filters: a Kenyan start-up anywhere in Kenya, the metro area
    // only, the city only.
    let only = |places: Vec<Place>, cities: &[&str]| -> Vec<String> {
        let filters = Filters {
            places,
            cities: cities
                .iter()
                .map(|c| crate::city::City::new(c).unwrap())
                .collect(),
            ..Filters::default()
        };
        let request = MatchRequest {
            filters,
            ..MatchRequest::default()
        };
        let mut ids: Vec<String> = rank(&snap, &Weights::default(), &profiles[0], &request)
            .unwrap()
            .into_iter()
            .map(|m| m.profile.id)
            .collect();
        ids.sort();
        ids
    };
    let kenya = Place::Country(Country::parse("KE").unwrap());
    assert_eq!(
        only(vec![kenya], &[]),
        ["b-mombasa", "c-thika", "d-nairobi"]
    );
    assert_eq!(
        only(Vec::new(), &["Greater Nairobi"]),
        ["c-thika", "d-nairobi"]
    );
    assert_eq!(only(Vec::new(), &["Nairobi"]), ["d-nairobi"]);
    assert_eq!(
        only(vec![kenya], &["Nairobi"]),
        ["d-nairobi"],
        "Kenya says where Nairobi is"
    );
}

#[test]
fn text_reaches_candidates_but_features_rank_all_of_them() {
    let profiles = crate::jsonl::parse(
        r#"{"id":"q","kind":"investor","name":"Q","description":"soil sensors for smallholder farmers"}
{"id":"words","kind":"startup","name":"W","description":"sensors that read soil moisture for farmers"}
{"id":"silent","kind":"startup","name":"S","description":"payments for shops"}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&profiles);
    let snap = store.snapshot();
    let ranked = rank(
        &snap,
        &Weights::default(),
        &profiles[0],
        &MatchRequest::default(),
    )
    .unwrap();
    assert_eq!(
        ranked.len(),
        2,
        "a candidate the text does not reach is still ranked"
    );
    assert_eq!(ranked[0].profile.id, "words");
    let text = ranked[0].components[0].fit.unwrap();
    assert!(
        text > 0.2 && text < 1.0,
        "shares three of the asker's five words, in a longer text: {text}"
    );
    assert_eq!(ranked[1].components[0].fit, Some(0.0));
    assert!(
        ranked[0].components[0].reason.contains("soil"),
        "{}",
        ranked[0].components[0].reason
    );
}

#[test]
fn limits_out_of_range_are_refused() {
    let (_dir, store) = store_with(&[]);
    let q = Profile::new("q", Kind::Investor, "Q");
    for limit in [0, MAX_LIMIT + 1] {
        let request = MatchRequest {
            limit,
            ..MatchRequest::default()
        };
        let err = rank(&store.snapshot(), &Weights::default(), &q, &request).unwrap_err();
        assert!(err.to_string().contains("expected 1 to"), "{err}");
    }
}

#[test]
fn the_text_reason_names_the_words_both_texts_use() {
    let people = crate::jsonl::parse(
        r#"{"id":"q","kind":"investor","name":"Fund","description":"soil sensors for smallholder farms"}
{"id":"a","kind":"startup","name":"A","description":"sensors that read soil moisture"}
{"id":"b","kind":"startup","name":"B","description":"mobile payments"}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&people);
    let snap = store.snapshot();
    let matches = rank(
        &snap,
        &Weights::default(),
        &people[0],
        &MatchRequest::default(),
    )
    .unwrap();
    let reason = |id: &str| {
        let m = matches.iter().find(|m| m.profile.id == id).unwrap();
        m.components[Component::Text.index()].reason.clone()
    };
    assert_eq!(reason("a"), "shares the words soil, sensor");
    assert_eq!(reason("b"), "no words in common");
}

#[test]
fn co_investment_lifts_a_company_and_names_the_co_investor() {
    let people = crate::jsonl::parse(
        r#"{"id":"q","kind":"investor","name":"Q Fund","sectors":["fintech"],"portfolio":["a","b"]}
{"id":"e","kind":"investor","name":"E Capital","portfolio":["a","x"]}
{"id":"a","kind":"startup","name":"A","sectors":["fintech"]}
{"id":"x","kind":"startup","name":"X","sectors":["fintech"]}
{"id":"y","kind":"startup","name":"Y","sectors":["fintech"],"backers":["stranger"]}
{"id":"z","kind":"startup","name":"Z","sectors":["fintech"]}"#,
    )
    .unwrap();
    let (_dir, store) = store_with(&people);
    let snap = store.snapshot();
    let request = MatchRequest {
        filters: Filters {
            exclude_ids: vec!["a".into()],
            ..Filters::default()
        },
        ..MatchRequest::default()
    };
    let matches = rank(&snap, &Weights::default(), &people[0], &request).unwrap();
    let ids: Vec<&str> = matches.iter().map(|m| m.profile.id.as_str()).collect();
    assert_eq!(ids[0], "x", "{ids:?}");
    let network = |m: &Match| m.components[Component::Network.index()].clone();
    assert_eq!(network(&matches[0]).fit, Some(0.5));
    assert_eq!(
        network(&matches[0]).reason,
        "#1 by deal network, backed by investors like you: e (0.50)"
    );
    // Thesis and network fused: x is first on both lists, so it scores 1.
    assert_eq!(
        matches[0].places,
        Some(Places {
            thesis: 1,
            network: Some(1)
        })
    );
    assert_eq!(matches[0].score, 1.0);
    // No evidence is 0 alike for a stranger's company and a first raise.
    let y = matches.iter().find(|m| m.profile.id == "y").unwrap();
    let z = matches.iter().find(|m| m.profile.id == "z").unwrap();
    assert_eq!((network(y).fit, network(z).fit), (Some(0.0), Some(0.0)));
    assert_eq!((y.forward, y.places.unwrap().network), (z.forward, None));
}

#[test]
fn fusion_keeps_the_best_first_raise_beside_the_network_favourites() {
    // q backed a and b beside e; e also backed x1..x4, all off q's thesis. f1 is a first
    // raise right on q's thesis (sector, country, stage); 200 others match its sector only.
    let mut lines = vec![
        r#"{"id":"q","kind":"investor","name":"Q","sectors":["fintech"],"countries":["KE"],"stages":["seed"],"portfolio":["a","b"]}"#.to_string(),
        r#"{"id":"e","kind":"investor","name":"E","portfolio":["a","x1","x2","x3","x4"]}"#.to_string(),
        r#"{"id":"f1","kind":"startup","name":"F1","sectors":["fintech"],"countries":["KE"],"stage":"seed"}"#.to_string(),
    ];
    for x in 1..=4 {
        lines.push(format!(
            r#"{{"id":"x{x}","kind":"startup","name":"X{x}","sectors":["energy"],"countries":["US"],"stage":"series-c"}}"#
        ));
    }
    for o in 0..200 {
        lines.push(format!(
            r#"{{"id":"o{o:03}","kind":"startup","name":"O{o}","sectors":["fintech"],"countries":["BR"],"stage":"series-b"}}"#
        ));
    }
    let people = crate::jsonl::parse(&lines.join("\n")).unwrap();
    let (_dir, store) = store_with(&people);
    let snap = store.snapshot();
    let request = MatchRequest {
        limit: 4,
        ..MatchRequest::default()
    };
    let ranked = |weights: &Weights| rank(&snap, weights, &people[0], &request).unwrap();
    let ids =
        |found: &[Match]| -> Vec<String> { found.iter().map(|m| m.profile.id.clone()).collect() };
    // Half the say to the network: the two lists interleave — its favourite and the
    // thesis's share the top two places, then the second of each.
    let fused = ranked(&Weights::default());
    assert_eq!(ids(&fused), ["x1", "f1", "x2", "o000"]);
    assert_eq!(
        fused[1].places,
        Some(Places {
            thesis: 1,
            network: None
        })
    );
    assert!(fused[0].places.unwrap().thesis > 200);
    // Without a network share, the thesis order alone: the x's are last.
    let mut thesis_only = Weights::default();
    thesis_only.investor.network = 0.0;
    let alone = ranked(&thesis_only);
    assert_eq!(ids(&alone)[0], "f1");
    assert!(
        alone
            .iter()
            .all(|m| m.places.is_none() && !m.profile.id.starts_with('x'))
    );
}

/// An outside score for tests: the sum of the known fits, bounded by the same sum with an
/// unknown fit counted as 1.
struct SumOfFits;

impl OutsideScore for SumOfFits {
    fn score(&self, _id: &str, fits: &Fits) -> f32 {
        fits.iter().filter(|f| !f.is_nan()).sum()
    }

    fn bound(&self, _at: crate::network::Location, fits: &Fits) -> f32 {
        fits.iter()
            .map(|f| if f.is_nan() { 1.0 } else { *f })
            .sum::<f32>()
            + 1e-3
    }
}
