//! The product's promises, checked end to end through the CLI on a small, hand-written fixture.

mod common;

use common::{fixture_store, ids, match_json, position};

#[test]
fn an_east_african_agritech_seed_fund_prefers_the_kenyan_agritech_seed_startup() {
    let (root, data) = fixture_store();
    let result = match_json(
        root.path(),
        &data,
        &["--for", "inv-agri-ea", "--limit", "20"],
    );
    assert!(
        position(&result, "st-ke-agri") < position(&result, "st-ca-fintech"),
        "{:?}",
        ids(&result)
    );
    assert_eq!(ids(&result)[0], "st-ke-agri");
    let why = result["matches"][0]["why"]
        .as_array()
        .expect("every match says why");
    assert_eq!(why.len(), 2, "{why:?}");
}

#[test]
fn a_five_million_ask_is_not_first_for_an_angel_with_a_100k_ticket() {
    let (root, data) = fixture_store();
    let result = match_json(root.path(), &data, &["--for", "inv-angel", "--limit", "20"]);
    assert_ne!(ids(&result)[0], "st-big-ask", "{:?}", ids(&result));
    assert!(position(&result, "st-small-ask") < position(&result, "st-big-ask"));
}

#[test]
fn a_health_startup_finds_the_health_accelerator_offering_pilots_first() {
    let (root, data) = fixture_store();
    let result = match_json(
        root.path(),
        &data,
        &["--for", "st-health-ke", "--kind", "partner", "--limit", "5"],
    );
    assert_eq!(ids(&result)[0], "pt-health-acc", "{:?}", ids(&result));
    assert!(position(&result, "pt-health-acc") < position(&result, "pt-generic-acc"));
}

#[test]
fn reciprocal_mode_demotes_a_pair_that_fits_only_one_way() {
    let (root, data) = fixture_store();
    let one_way = ["--for", "inv-equity-only", "--limit", "20"];
    let forward = match_json(root.path(), &data, &one_way);
    assert!(
        position(&forward, "st-grant-seeker") < position(&forward, "st-both-ways"),
        "forward, the grant seeker fits the fund's thesis better: {:?}",
        ids(&forward)
    );
    let both = match_json(
        root.path(),
        &data,
        &[&one_way[..], &["--reciprocal"]].concat(),
    );
    assert!(
        position(&both, "st-both-ways") < position(&both, "st-grant-seeker"),
        "reciprocal, the start-up that wants what the fund offers wins: {:?}",
        ids(&both)
    );
    let seeker = &both["matches"][position(&both, "st-grant-seeker")];
    assert!(seeker["reverse"].as_f64().unwrap() < seeker["forward"].as_f64().unwrap());
}

#[test]
fn the_explanation_names_the_components_that_made_the_difference() {
    let (root, data) = fixture_store();
    let result = match_json(
        root.path(),
        &data,
        &["--for", "inv-agri-ea", "--limit", "20", "--explain"],
    );
    let matches = result["matches"].as_array().unwrap();
    let winner = &matches[position(&result, "st-ke-agri")];
    let loser = &matches[position(&result, "st-ca-fintech")];
    let component = |m: &serde_json::Value, name: &str| -> (f64, String) {
        let c = m["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["component"] == name)
            .unwrap_or_else(|| panic!("component {name} missing"));
        (
            c["contribution"].as_f64().unwrap(),
            c["reason"].as_str().unwrap().to_string(),
        )
    };
    // The components that separate the two are named, with reasons that say why.
    let mut gaps: Vec<(f64, &str)> = ["text", "sector", "geography", "stage", "ticket", "sdg"]
        .iter()
        .map(|n| (component(winner, n).0 - component(loser, n).0, *n))
        .collect();
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
    let biggest: Vec<&str> = gaps.iter().take(3).map(|g| g.1).collect();
    assert!(
        biggest.contains(&"sector") && biggest.contains(&"ticket"),
        "{gaps:?}"
    );
    assert_eq!(component(winner, "sector").1, "both agritech");
    assert!(
        component(loser, "sector")
            .1
            .starts_with("no sector in common")
    );
    assert!(component(winner, "ticket").1.contains("inside $50k–$750k"));
    assert!(component(loser, "ticket").1.contains("above"));
    assert!(component(winner, "geography").1.contains("KE"));
}

#[test]
fn the_table_output_shows_reasons_for_people() {
    let (root, data) = fixture_store();
    let out = common::ok(common::tandem(
        root.path(),
        &[
            "--data",
            &data,
            "match",
            "--for",
            "inv-agri-ea",
            "--explain",
        ],
    ));
    assert!(out.contains("ShambaSense"), "{out}");
    assert!(out.contains("strongest reasons"), "{out}");
    assert!(out.contains("ask $400k inside $50k–$750k"), "{out}");
}
