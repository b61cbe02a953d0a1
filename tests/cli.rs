//! The command line as a user meets it: every command, and clear failures on bad input.

mod common;

use common::{fails, fixture, fixture_store, ids, match_json, ok, tandem};

/// `tandem stats --format json` on a data directory, parsed.
fn stats(root: &std::path::Path, data: &str) -> serde_json::Value {
    serde_json::from_str(&ok(tandem(
        root,
        &["--data", data, "stats", "--format", "json"],
    )))
    .unwrap()
}

#[test]
fn a_bad_line_names_line_field_and_expectation_and_imports_nothing() {
    let (root, data) = fixture_store();
    let before = stats(root.path(), &data);
    let bad = root.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        concat!(
            r#"{"id":"new-1","kind":"startup","name":"Fine"}"#,
            "\n",
            r#"{"id":"new-2","kind":"startup","name":"Bad","sectors":["agri"]}"#,
            "\n",
            r#"{"id":"new-3","kind":"investor","name":"Worse","ticket_min_usd":-5}"#,
            "\n"
        ),
    )
    .unwrap();
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "import", bad.to_str().unwrap()],
    ));
    assert!(
        err.contains("2 lines are invalid; nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains(
            "line 2: field `sectors[0]`: unknown sector `agri` (did you mean `agritech`?)"
        ),
        "{err}"
    );
    assert!(err.contains("line 3: field `ticket_min_usd`"), "{err}");
    assert_eq!(before, stats(root.path(), &data), "the store is unchanged");
    fails(tandem(root.path(), &["--data", &data, "show", "new-1"]));
}

#[test]
fn a_line_that_is_not_utf8_is_named_and_nothing_is_imported() {
    let (root, data) = fixture_store();
    let before = stats(root.path(), &data);
    let bad = root.path().join("latin1.jsonl");
    let mut bytes = br#"{"id":"new-1","kind":"startup","name":"Fine"}"#.to_vec();
    bytes.extend_from_slice(b"\n\n");
    // "Café" saved as Latin-1: a lone 0xE9 byte.
    bytes.extend_from_slice(b"{\"id\":\"new-2\",\"kind\":\"startup\",\"name\":\"Caf\xe9\"}\n");
    std::fs::write(&bad, bytes).unwrap();
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "import", bad.to_str().unwrap()],
    ));
    assert!(
        err.contains("1 line is invalid; nothing was imported")
            && err.contains("line 3: invalid UTF-8 at byte 43 of the line; expected UTF-8 text"),
        "{err}"
    );
    assert_eq!(before, stats(root.path(), &data), "the store is unchanged");
}

#[test]
fn unknown_ids_and_missing_stores_fail_cleanly_with_advice() {
    let (root, data) = fixture_store();
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "match", "--for", "nobody"],
    ));
    assert!(err.contains("no profile with id `nobody`"), "{err}");
    let missing = root.path().join("nowhere");
    let err = fails(tandem(
        root.path(),
        &["--data", missing.to_str().unwrap(), "stats"],
    ));
    assert!(err.contains("not a Tandem data directory"), "{err}");
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "import", "/no/such/file.jsonl"],
    ));
    assert!(err.contains("cannot read /no/such/file.jsonl"), "{err}");
    let err = fails(tandem(
        root.path(),
        &[
            "--data",
            &data,
            "match",
            "--for",
            "inv-angel",
            "--limit",
            "0",
        ],
    ));
    assert!(err.contains("limit 0 is out of range"), "{err}");
}

#[test]
fn bad_flag_values_are_usage_errors_listing_what_is_allowed() {
    let root = tempfile::tempdir().unwrap();
    let out = tandem(root.path(), &["match", "--for", "x", "--kind", "robot"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown kind `robot`"), "{err}");
    let out = tandem(root.path(), &["match", "--for", "x", "--country", "XX"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ISO 3166-1 alpha-2"));
    let out = tandem(root.path(), &["match", "--for", "x", "--city", "42"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no letter"));
}

#[test]
fn the_city_filter_keeps_candidates_in_or_covering_the_city() {
    let (root, data) = fixture_store();
    let only = |filter: &[&str]| {
        let args = [&["--for", "inv-angel", "--limit", "100"][..], filter].concat();
        let mut found = ids(&match_json(root.path(), &data, &args));
        found.sort();
        found
    };
    // The fixture names countries and regions only: a candidate covers Nairobi when it
    // covers Kenya, and the Lagos filter keeps others.
    let nairobi = only(&["--city", "Nairobi"]);
    assert!(!nairobi.is_empty());
    assert_eq!(nairobi, only(&["--country", "KE"]));
    assert_eq!(only(&["--city", "Lagos"]), only(&["--country", "NG"]));
    assert_ne!(nairobi, only(&["--city", "Lagos"]));
    assert_eq!(
        only(&["--city", "Nairobi", "--city", "Lagos"]),
        only(&["--country", "KE,NG"])
    );
}

#[test]
fn show_search_delete_and_stats_work_on_a_data_directory() {
    let (root, data) = fixture_store();
    let shown = ok(tandem(
        root.path(),
        &["--data", &data, "show", "st-ke-agri", "--format", "json"],
    ));
    let profile: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(profile["name"], "ShambaSense");
    let table = ok(tandem(
        root.path(),
        &["--data", &data, "show", "st-ke-agri"],
    ));
    assert!(table.contains("micro"), "size class shown: {table}");

    let hits = ok(tandem(
        root.path(),
        &[
            "--data",
            &data,
            "search",
            "smallholder farmers",
            "--kind",
            "startup",
            "--format",
            "json",
        ],
    ));
    let hits: serde_json::Value = serde_json::from_str(&hits).unwrap();
    assert_eq!(hits["hits"][0]["profile"]["id"], "st-ke-agri");
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["profile"]["kind"] == "startup")
    );

    ok(tandem(
        root.path(),
        &["--data", &data, "delete", "st-ke-agri"],
    ));
    fails(tandem(
        root.path(),
        &["--data", &data, "show", "st-ke-agri"],
    ));
    let err = fails(tandem(
        root.path(),
        &["--data", &data, "delete", "st-ke-agri"],
    ));
    assert!(err.contains("no profile with id `st-ke-agri`"), "{err}");
    assert_eq!(stats(root.path(), &data)["profiles"], 11);
}

#[test]
fn reimporting_replaces_by_id() {
    let (root, data) = fixture_store();
    let out = tandem(root.path(), &["--data", &data, "import", fixture()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 new, 12 replaced"));
    assert_eq!(stats(root.path(), &data)["profiles"], 12);
}

#[test]
fn the_demo_data_set_works_without_any_setup_and_is_read_only() {
    let root = tempfile::tempdir().unwrap();
    let stats: serde_json::Value =
        serde_json::from_str(&ok(tandem(root.path(), &["stats", "--format", "json"]))).unwrap();
    assert_eq!(stats["by_kind"]["startup"], 2000);
    assert_eq!(stats["by_kind"]["investor"], 300);
    assert_eq!(stats["by_kind"]["partner"], 200);
    let result: serde_json::Value = serde_json::from_str(&ok(tandem(
        root.path(),
        &[
            "match", "--for", "inv-0001", "--format", "json", "--limit", "5",
        ],
    )))
    .unwrap();
    assert_eq!(result["matches"].as_array().unwrap().len(), 5);
    let err = fails(tandem(root.path(), &["delete", "inv-0001"]));
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn generate_is_reproducible_from_the_seed() {
    let root = tempfile::tempdir().unwrap();
    let args = [
        "generate",
        "--startups",
        "30",
        "--investors",
        "5",
        "--partners",
        "5",
        "--seed",
        "7",
    ];
    let first = ok(tandem(root.path(), &args));
    let second = ok(tandem(root.path(), &args));
    assert_eq!(first, second);
    assert_eq!(first.lines().count(), 40);
    let out = root.path().join("gen.jsonl");
    ok(tandem(
        root.path(),
        &[&args[..], &["--out", out.to_str().unwrap()]].concat(),
    ));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
}

#[test]
fn restart_and_lost_caches_give_the_same_ranking() {
    let (root, data) = fixture_store();
    let args = ["--for", "inv-agri-ea", "--limit", "20", "--explain"];
    let first = match_json(root.path(), &data, &args);
    let again = match_json(root.path(), &data, &args);
    assert_eq!(
        first, again,
        "a new process reopening the store ranks the same"
    );

    let cache = std::path::Path::new(&data).join("cache/features");
    let files: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty(), "feature caches are written");
    std::fs::remove_file(&files[0]).unwrap();
    let rebuilt = match_json(root.path(), &data, &args);
    assert_eq!(first, rebuilt, "a deleted cache is rebuilt from the index");
    assert!(files[0].exists(), "and written again");

    std::fs::write(&files[0], b"not a cache").unwrap();
    let repaired = match_json(root.path(), &data, &args);
    assert_eq!(first, repaired, "a corrupt cache is rebuilt too");
}

#[test]
fn a_digest_lists_every_investor_in_id_order_and_a_cut_file_resumes_to_the_same_bytes() {
    let (root, data) = fixture_store();
    let digest = |extra: &[&str]| {
        let mut args = vec!["--data", data.as_str(), "digest", "--limit", "3"];
        args.extend_from_slice(extra);
        tandem(root.path(), &args)
    };
    // Every profile was imported after 2000, none after 2999.
    let streamed = ok(digest(&["--since", "2000-01-01"]));
    let lines: Vec<serde_json::Value> = streamed
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let investors: Vec<&str> = lines.iter().map(|l| l["for"].as_str().unwrap()).collect();
    let mut sorted = investors.clone();
    sorted.sort_unstable();
    assert_eq!(investors, sorted, "in id order");
    assert!(investors.contains(&"inv-agri-ea"), "{investors:?}");
    for line in &lines {
        assert_eq!(line["since"], "2000-01-01T00:00:00Z");
        let matches = line["matches"].as_array().unwrap();
        assert_eq!(matches.len(), 3, "{line}");
        assert_eq!(matches[0]["rank"], 1);
        assert!(
            matches[0]["id"].as_str().unwrap().starts_with("st-"),
            "{line}"
        );
        assert_eq!(matches[0]["reasons"].as_array().unwrap().len(), 2);
    }
    let agri = &lines[investors.iter().position(|i| *i == "inv-agri-ea").unwrap()];
    let ranked = match_json(
        root.path(),
        &data,
        &["--for", "inv-agri-ea", "--limit", "3"],
    );
    let digest_ids: Vec<&str> = agri["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(digest_ids, ids(&ranked), "the digest ranks as `match` does");

    let later = ok(digest(&["--since", "2999-01-01"]));
    assert!(
        later.lines().all(|l| l.ends_with(r#""matches":[]}"#)),
        "{later}"
    );

    for format in ["jsonl", "csv", "md"] {
        let whole = root.path().join(format!("whole.{format}"));
        let whole_arg = whole.to_str().unwrap();
        let run = |out: &str| {
            ok(digest(&[
                "--since",
                "2000-01-01",
                "--format",
                format,
                "--out",
                out,
            ]))
        };
        run(whole_arg);
        let bytes = std::fs::read(&whole).unwrap();
        if format == "jsonl" {
            assert_eq!(
                bytes,
                streamed.as_bytes(),
                "the file holds what stdout shows"
            );
        }
        // A crash leaves a prefix of the file; a rerun must end with the same bytes.
        for cut in [
            0,
            1,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 1,
            bytes.len(),
        ] {
            let part = root.path().join(format!("part-{cut}.{format}"));
            std::fs::write(&part, &bytes[..cut]).unwrap();
            run(part.to_str().unwrap());
            assert_eq!(
                String::from_utf8_lossy(&std::fs::read(&part).unwrap()),
                String::from_utf8_lossy(&bytes),
                "{format} cut at {cut}"
            );
        }
        // Another --since must not be appended to this file.
        let err = fails(digest(&[
            "--since",
            "2001-01-01",
            "--format",
            format,
            "--out",
            whole_arg,
        ]));
        assert!(err.contains("pass the same --since and --format"), "{err}");
        assert_eq!(std::fs::read(&whole).unwrap(), bytes, "left as it was");
    }

    // A bad --since is a usage error (exit 2), like any bad option.
    let bad = digest(&["--since", "next week"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("neither a date"), "{err}");
}
