//! `match` and `serve` with a learned model, as a user runs them: a model trained with
//! `tandem train --history profiles` on a synthetic benchmark, a data directory whose
//! investors have portfolios and whose start-ups have backers, the model found at
//! `DATA/model.json` or named with `--model`, and every fall-back to the thesis score saying
//! why.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::server::Server;
use common::{fails, ok, tandem};
use serde_json::{Value, json};

/// Models trained once for every test of this file (training is the slow part).
struct Models {
    /// A model for stores (`--history profiles`).
    profiles: PathBuf,
    /// A model trained on the benchmark's dated deals (`--history deals`).
    deals: PathBuf,
}

/// Trains both models on a small synthetic benchmark, once per test run; under the target's
/// scratch folder so that nothing is left in /tmp.
fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("learned_match");
        // A model left by an older build could have another format: train afresh.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bench = dir.join("bench");
        let bench = bench.to_str().unwrap();
        ok(tandem(
            &dir,
            &[
                "generate",
                "--benchmark",
                bench,
                "--startups",
                "600",
                "--investors",
                "80",
                "--seed",
                "5",
            ],
        ));
        let train = |history: &str| {
            let out = dir.join(format!("{history}.json"));
            let printed = ok(tandem(
                &dir,
                &[
                    "train",
                    "--bench",
                    bench,
                    "--split",
                    "2011-01-01",
                    "--history",
                    history,
                    "--trees",
                    "rounds=60",
                    "-o",
                    out.to_str().unwrap(),
                ],
            ));
            assert!(printed.contains("model written to"), "{printed}");
            out
        };
        Models {
            profiles: train("profiles"),
            deals: train("deals"),
        }
    })
}

const SECTORS: [&str; 4] = ["fintech", "health", "agritech", "edtech"];
const COUNTRIES: [&str; 3] = ["KE", "NG", "GH"];
const STAGES: [&str; 3] = ["pre-seed", "seed", "series-a"];

/// A store's profiles with deal history on both sides: 48 start-ups (sectors, countries and
/// stages in turn), `inv-fin` and `inv-health` with portfolios in their sectors, `pt-agri` (a
/// partner) with one in agritech, `inv-new` with none, and start-ups naming backers
/// (`inv-fin` co-investing with `inv-health`, and an investor that is not stored).
fn profiles_jsonl() -> String {
    let mut lines = String::new();
    let startup = |i: usize| format!("st-{i:02}");
    for i in 0..48 {
        let sector = SECTORS[i % 4];
        let mut backers: Vec<&str> = Vec::new();
        if i < 24 && i % 4 == 2 {
            backers.push("inv-elsewhere");
        }
        if i < 24 && i % 8 == 1 {
            backers.push("inv-fin");
        }
        let profile = json!({
            "id": startup(i), "kind": "startup", "name": format!("Start-up {i}"),
            "description": format!("A {sector} company serving customers in {}.", COUNTRIES[i % 3]),
            "sectors": [sector], "countries": [COUNTRIES[i % 3]],
            "stage": STAGES[(i / 4) % 3], "funding_ask_usd": 100_000 * (1 + i % 5),
            "backers": backers,
        });
        writeln!(lines, "{profile}").unwrap();
    }
    let portfolio = |remainder: usize| -> Vec<String> {
        (0..24)
            .filter(|i| i % 4 == remainder)
            .map(startup)
            .collect()
    };
    let investors = [
        json!({"id": "inv-fin", "kind": "investor", "name": "Fin Fund",
               "investor_type": "seed-fund", "sectors": ["fintech"], "regions": ["africa"],
               "stages": ["pre-seed", "seed"], "ticket_min_usd": 50_000, "ticket_max_usd": 600_000,
               "portfolio": portfolio(0)}),
        json!({"id": "inv-health", "kind": "investor", "name": "Health Ventures",
               "investor_type": "vc", "sectors": ["health"], "countries": ["NG"],
               "stages": ["seed", "series-a"], "portfolio": portfolio(1)}),
        json!({"id": "inv-new", "kind": "investor", "name": "New Angels",
               "investor_type": "angel-network", "sectors": ["edtech"], "regions": ["africa"]}),
        json!({"id": "pt-agri", "kind": "partner", "name": "Agri Hub",
               "partner_type": "accelerator", "sectors": ["agritech"], "regions": ["africa"],
               "portfolio": portfolio(2)}),
    ];
    for profile in investors {
        writeln!(lines, "{profile}").unwrap();
    }
    lines
}

/// A data directory with [`profiles_jsonl`] imported and the profiles model at
/// `DATA/model.json`. Returns (temp root, data dir).
fn store_with_model() -> (tempfile::TempDir, String) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let file = root.path().join("profiles.jsonl");
    std::fs::write(&file, profiles_jsonl()).unwrap();
    let data_str = data.to_str().unwrap().to_string();
    ok(tandem(
        root.path(),
        &["--data", &data_str, "import", file.to_str().unwrap()],
    ));
    std::fs::copy(&models().profiles, data.join("model.json")).unwrap();
    (root, data_str)
}

/// `tandem --data DATA match --for ID ARGS...`, asserting success.
fn run_match(root: &Path, data: &str, id: &str, args: &[&str]) -> String {
    let mut all = vec!["--data", data, "match", "--for", id];
    all.extend_from_slice(args);
    ok(tandem(root, &all))
}

/// The same with `--format json`, parsed.
fn match_json(root: &Path, data: &str, id: &str, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&run_match(root, data, id, &all)).expect("match prints JSON")
}

/// Checks a learned ranking's JSON: the method, and for every match a learned score equal
/// to the ranking score, finite numbers, reasons in words largest first; ranks in score
/// order.
fn assert_learned(doc: &Value) {
    assert_eq!(doc["ranking"]["method"], "learned", "{doc}");
    assert!(doc["ranking"].get("reason").is_none(), "{doc}");
    let matches = doc["matches"].as_array().unwrap();
    assert!(!matches.is_empty(), "{doc}");
    let mut previous = f64::INFINITY;
    for m in matches {
        let learned = &m["learned"];
        let score = learned["score"].as_f64().expect("a finite learned score");
        assert_eq!(m["score"].as_f64(), Some(score), "{m}");
        assert!(score <= previous, "not best first: {doc}");
        previous = score;
        assert!(learned["base"].as_f64().is_some(), "{m}");
        // The thesis score stays beside it.
        assert!((0.0..=1.0).contains(&m["forward"].as_f64().unwrap()), "{m}");
        let reasons = learned["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty() && reasons.len() <= 5, "{m}");
        let mut largest = f64::INFINITY;
        for r in reasons {
            let contribution = r["contribution"]
                .as_f64()
                .unwrap_or_else(|| panic!("a contribution that is not a finite number: {r}"));
            assert!(contribution != 0.0, "{r}");
            assert!(contribution.abs() <= largest, "not largest first: {m}");
            largest = contribution.abs();
            let words = r["reason"].as_str().unwrap();
            let direction = if contribution > 0.0 {
                "raises"
            } else {
                "lowers"
            };
            assert!(
                words.starts_with(&format!(
                    "{direction} the score by {:.2}: ",
                    contribution.abs()
                )),
                "{r}"
            );
            assert!(!words.contains("NaN"), "{r}");
            assert!(!r["feature"].as_str().unwrap().is_empty(), "{r}");
        }
        // `why` is the two largest reasons.
        let why: Vec<&Value> = reasons.iter().take(2).map(|r| &r["reason"]).collect();
        assert_eq!(m["why"].as_array().unwrap().iter().collect::<Vec<_>>(), why);
    }
}

/// Checks a thesis ranking's JSON: the method, the reason (when one is expected) and no
/// learned scores.
fn assert_thesis(doc: &Value, reason: Option<&str>) {
    assert_eq!(doc["ranking"]["method"], "thesis", "{doc}");
    match reason {
        Some(expected) => {
            let said = doc["ranking"]["reason"].as_str().unwrap_or_default();
            assert!(
                said.contains(expected),
                "reason {said:?} lacks {expected:?}"
            );
        }
        None => assert!(doc["ranking"].get("reason").is_none(), "{doc}"),
    }
    for m in doc["matches"].as_array().unwrap() {
        assert!(m.get("learned").is_none(), "{m}");
    }
}

#[test]
fn match_ranks_with_the_data_directorys_model_and_says_why_in_words() {
    let (root, data) = store_with_model();
    let model = Path::new(&data).join("model.json");

    let table = run_match(root.path(), &data, "inv-fin", &[]);
    let expected = format!("Ranked by the learned model ({}).", model.display());
    assert!(table.contains(&expected), "{table}");
    assert!(
        table.contains("raises the score by") || table.contains("lowers the score by"),
        "the strongest reasons are the model's, in words:\n{table}"
    );
    assert!(
        table.contains("Add --explain for the model's reasons"),
        "{table}"
    );

    let explained = run_match(
        root.path(),
        &data,
        "inv-fin",
        &["--explain", "--limit", "3"],
    );
    assert!(explained.contains("learned score"), "{explained}");
    for header in ["feature", "contribution", "component", "weight"] {
        assert!(
            explained.contains(header),
            "no {header} column:\n{explained}"
        );
    }
    assert!(
        explained.contains("Thesis score") && explained.contains("(not what ranked)"),
        "{explained}"
    );

    // The JSON says the same, and the same command gives the same bytes.
    let doc = match_json(root.path(), &data, "inv-fin", &["--limit", "20"]);
    assert_learned(&doc);
    assert_eq!(doc["matches"].as_array().unwrap().len(), 20);
    let args = [
        "--data", &data, "match", "--for", "inv-fin", "--format", "json",
    ];
    let first = ok(tandem(root.path(), &args));
    let again = ok(tandem(root.path(), &args));
    assert!(first == again, "two runs print different bytes");
    let explained = match_json(root.path(), &data, "inv-fin", &["--explain"]);
    assert_learned(&explained);
    for m in explained["matches"].as_array().unwrap() {
        assert!(!m["components"].as_array().unwrap().is_empty(), "{m}");
    }

    // A partner with a portfolio is ranked by the model too; --model names it explicitly.
    let doc = match_json(
        root.path(),
        &data,
        "pt-agri",
        &["--model", models().profiles.to_str().unwrap()],
    );
    assert_learned(&doc);
    let table = run_match(
        root.path(),
        &data,
        "pt-agri",
        &["--model", models().profiles.to_str().unwrap()],
    );
    let expected = format!(
        "Ranked by the learned model ({}).",
        models().profiles.display()
    );
    assert!(table.contains(&expected), "{table}");
}

#[test]
fn without_the_model_or_where_it_does_not_apply_the_thesis_score_ranks_and_says_why() {
    let (root, data) = store_with_model();

    // --no-model: the thesis ranking, exactly as with no model at all.
    let forced = match_json(root.path(), &data, "inv-fin", &["--no-model"]);
    assert_thesis(&forced, None);
    let table = run_match(root.path(), &data, "inv-fin", &["--no-model"]);
    assert!(
        table.contains("Ranked by the thesis score: no learned model is loaded"),
        "{table}"
    );
    std::fs::remove_file(Path::new(&data).join("model.json")).unwrap();
    let without = match_json(root.path(), &data, "inv-fin", &[]);
    assert_eq!(forced, without);
    // Both at once is a usage error.
    let both = tandem(
        root.path(),
        &[
            "--data",
            &data,
            "match",
            "--for",
            "inv-fin",
            "--no-model",
            "--model",
            "x.json",
        ],
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));

    let model = models().profiles.to_str().unwrap();
    // A start-up asks for investors: the model does not rank those.
    let doc = match_json(root.path(), &data, "st-01", &["--model", model]);
    assert_thesis(
        &doc,
        Some("the model ranks start-ups for investors and partners"),
    );
    let table = run_match(root.path(), &data, "st-01", &["--model", model]);
    assert!(
        table.contains(
            "Ranked by the thesis score: the model ranks start-ups for investors and partners"
        ),
        "{table}"
    );
    // An investor asking for partners, or reciprocally, is not the model's either.
    let doc = match_json(
        root.path(),
        &data,
        "inv-fin",
        &["--model", model, "--kind", "partner"],
    );
    assert_thesis(&doc, Some("start-ups for investors and partners"));
    let doc = match_json(
        root.path(),
        &data,
        "inv-fin",
        &["--model", model, "--reciprocal"],
    );
    assert_thesis(&doc, Some("reciprocal"));
    // An investor without deals has nothing for the model to read.
    let doc = match_json(root.path(), &data, "inv-new", &["--model", model]);
    assert_thesis(&doc, Some("`inv-new` has no deals in the store"));
    let table = run_match(root.path(), &data, "inv-new", &["--model", model]);
    assert!(
        table.contains("Ranked by the thesis score: `inv-new` has no deals in the store"),
        "{table}"
    );
}

#[test]
fn a_dated_deals_model_or_a_damaged_one_is_refused_naming_the_file() {
    let (root, data) = store_with_model();
    let deals = models().deals.to_str().unwrap();
    let refused = |args: &[&str]| {
        let mut all = vec!["--data", data.as_str(), "match", "--for", "inv-fin"];
        all.extend_from_slice(args);
        fails(tandem(root.path(), &all))
    };

    let err = refused(&["--model", deals]);
    assert!(
        err.contains(&format!("cannot rank with the model {deals}")),
        "{err}"
    );
    assert!(err.contains("--history profiles"), "{err}");
    assert!(err.contains("dated deals"), "{err}");

    let damaged = root.path().join("damaged.json");
    let text = std::fs::read_to_string(&models().profiles).unwrap();
    std::fs::write(&damaged, &text[..text.len() / 2]).unwrap();
    let err = refused(&["--model", damaged.to_str().unwrap()]);
    assert!(
        err.contains(&format!("cannot rank with the model {}", damaged.display())),
        "{err}"
    );
    assert!(err.contains("is not a usable Tandem model"), "{err}");

    let missing = root.path().join("missing.json");
    let err = refused(&["--model", missing.to_str().unwrap()]);
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("--history profiles"), "{err}");

    // A bad DATA/model.json is not skipped silently: the message says where it came from
    // and how to do without it.
    std::fs::copy(&damaged, Path::new(&data).join("model.json")).unwrap();
    let err = refused(&[]);
    assert!(
        err.contains("(found in the data directory, so used by default)"),
        "{err}"
    );
    assert!(err.contains("--no-model"), "{err}");
    assert_thesis(
        &match_json(root.path(), &data, "inv-fin", &["--no-model"]),
        None,
    );

    // `serve` refuses them before it listens.
    for (args, expected) in [
        (vec!["--model", deals], "dated deals"),
        (vec![], "found in the data directory"),
    ] {
        let err = serve_fails(root.path(), &data, &args);
        assert!(err.contains("cannot rank with the model"), "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

/// Runs `tandem serve` expecting it to refuse to start: its standard error. Fails (instead
/// of hanging) if it is still running after a minute.
fn serve_fails(root: &Path, data: &str, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["--data", data, "serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env("TANDEM_CACHE_DIR", root.join("cache"))
        .env_remove("TANDEM_API_KEY")
        .env_remove("TANDEM_KEYED_READS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve {args:?} did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    fails(child.wait_with_output().unwrap())
}

#[test]
fn serve_ranks_stored_investors_with_the_model_and_ad_hoc_profiles_by_the_thesis() {
    let (_root, data) = store_with_model();
    let server = Server::start_on(Path::new(&data), None);

    let (status, _, doc) = server.get("/v1/profiles/inv-fin/matches?limit=5");
    assert_eq!(status, 200, "{doc}");
    assert_learned(&doc);
    assert_eq!(doc["matches"].as_array().unwrap().len(), 5);
    assert!(doc["matches"][0].get("components").is_none());
    // The CLI prints the same document.
    let root = tempfile::tempdir().unwrap();
    let cli = match_json(root.path(), &data, "inv-fin", &["--limit", "5"]);
    assert_eq!(doc, cli);

    let (status, _, doc) = server.get("/v1/profiles/inv-fin/matches?limit=3&explain=true");
    assert_eq!(status, 200, "{doc}");
    assert_learned(&doc);
    assert!(doc["matches"][0]["components"].is_array(), "{doc}");

    let (status, _, doc) = server.get("/v1/profiles/inv-new/matches");
    assert_eq!(status, 200, "{doc}");
    assert_thesis(&doc, Some("has no deals in the store"));

    // The ad-hoc match: not stored, so not the model's, even under a stored investor's id.
    let body = r#"{"id":"inv-fin","kind":"investor","name":"Fin Fund","sectors":["fintech"],"portfolio":["st-00"]}"#;
    let (status, _, doc) = server.post("/v1/match?limit=3", body);
    assert_eq!(status, 200, "{doc}");
    assert_thesis(&doc, Some("a posted profile is not stored"));

    // The document describes the new fields.
    let (_, _, openapi) = server.get("/openapi.json");
    let schemas = &openapi["components"]["schemas"];
    for (schema, field) in [
        ("Matches", "ranking"),
        ("MatchView", "learned"),
        ("LearnedView", "reasons"),
        ("FeatureReasonView", "contribution"),
        ("RankingView", "reason"),
    ] {
        let property = &schemas[schema]["properties"][field];
        assert!(
            property.is_object(),
            "{schema}.{field} is not described: {}",
            schemas[schema]
        );
    }
    assert_eq!(
        schemas["RankingMethod"]["enum"],
        json!(["learned", "thesis"]),
        "{}",
        schemas["RankingMethod"]
    );
}

#[test]
fn after_a_write_the_learned_ranking_reads_the_new_profiles() {
    // Each write also starts preparing the model's ranking of the new snapshot in the
    // background; the next request must see the write whether or not that has finished.
    let (_root, data) = store_with_model();
    let key = "a-key-of-at-least-16-chars";
    let server = Server::start_on(Path::new(&data), Some(key));
    let ids = |doc: &Value| -> Vec<String> {
        let matches = doc["matches"].as_array().unwrap();
        matches
            .iter()
            .map(|m| m["profile"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    let new = r#"{"id":"st-new","kind":"startup","name":"New Pay","sectors":["fintech"],"countries":["KE"],"stage":"seed","backers":["inv-fin"]}"#;
    for _ in 0..3 {
        let (status, _, doc) = server.write("PUT", "/v1/profiles/st-new", Some(key), new);
        assert!(status == 200 || status == 201, "{doc}");
        let (status, _, doc) = server.get("/v1/profiles/inv-fin/matches?limit=1000");
        assert_eq!(status, 200, "{doc}");
        assert_learned(&doc);
        // Now in the investor's portfolio (it is a backer), so never its own match.
        assert!(!ids(&doc).contains(&"st-new".to_string()), "{doc}");
        let (status, _, doc) = server.get("/v1/profiles/inv-new/matches?limit=1000");
        assert_eq!(status, 200, "{doc}");
        assert!(ids(&doc).contains(&"st-new".to_string()), "{doc}");

        let (status, _, doc) = server.write("DELETE", "/v1/profiles/st-new", Some(key), "");
        assert_eq!(status, 204, "{doc}");
        let (status, _, doc) = server.get("/v1/profiles/inv-new/matches?limit=1000");
        assert_eq!(status, 200, "{doc}");
        assert!(!ids(&doc).contains(&"st-new".to_string()), "{doc}");
    }
}

#[test]
fn serve_without_a_model_says_so_and_the_ad_hoc_match_gives_no_reason() {
    let (_root, data) = store_with_model();
    let server = Server::start_on_with_args(Path::new(&data), None, &["--no-model"]);
    let (status, _, doc) = server.get("/v1/profiles/inv-fin/matches?limit=3");
    assert_eq!(status, 200, "{doc}");
    assert_thesis(&doc, None);
    let body = r#"{"id":"visitor","kind":"investor","name":"Visitor","sectors":["fintech"]}"#;
    let (status, _, doc) = server.post("/v1/match?limit=3", body);
    assert_eq!(status, 200, "{doc}");
    assert_thesis(&doc, None);
}
