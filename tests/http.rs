//! The HTTP API, end to end: a real `tandem serve` on an ephemeral loopback port, real requests.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

use common::server::{Reply, Server};

const KEY: &str = "test-key-0123456789";

fn ids(body: &Value) -> Vec<&str> {
    body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["profile"]["id"].as_str().unwrap())
        .collect()
}

#[test]
fn health_profile_search_and_matches_answer_json() {
    let server = Server::start();
    let (status, _, body) = server.get("/healthz");
    assert_eq!(status, 200);
    assert_eq!(body["profiles"]["startup"], 7);

    let (status, _, body) = server.get("/v1/profiles/st-ke-agri");
    assert_eq!((status, body["name"].as_str()), (200, Some("ShambaSense")));

    let (status, _, body) = server.get("/v1/search?q=smallholder%20farmers&kind=startup&limit=3");
    assert_eq!(status, 200);
    assert_eq!(body["hits"][0]["profile"]["id"], "st-ke-agri");

    let (status, _, body) = server.get("/v1/profiles/inv-agri-ea/matches?limit=20&explain=true");
    assert_eq!(status, 200);
    let ranked = ids(&body);
    assert_eq!(ranked[0], "st-ke-agri", "{ranked:?}");
    let fintech = ranked.iter().position(|i| *i == "st-ca-fintech").unwrap();
    assert!(fintech > 0);
    assert_eq!(
        body["matches"][0]["components"].as_array().unwrap().len(),
        10
    );
    assert_eq!(body["matches"][0]["why"].as_array().unwrap().len(), 2);
}

#[test]
fn the_scenario_rankings_hold_over_http() {
    let server = Server::start();
    let (_, _, body) = server.get("/v1/profiles/st-health-ke/matches?kind=partner");
    assert_eq!(ids(&body)[0], "pt-health-acc");
    let (_, _, body) = server.get("/v1/profiles/inv-angel/matches?limit=20");
    assert_ne!(ids(&body)[0], "st-big-ask");
    let (_, _, forward) = server.get("/v1/profiles/inv-equity-only/matches?limit=20");
    let (_, _, both) = server.get("/v1/profiles/inv-equity-only/matches?limit=20&reciprocal=true");
    let at = |body: &Value, id: &str| ids(body).iter().position(|i| *i == id).unwrap();
    assert!(at(&forward, "st-grant-seeker") < at(&forward, "st-both-ways"));
    assert!(at(&both, "st-both-ways") < at(&both, "st-grant-seeker"));
    let (_, _, filtered) = server.get("/v1/profiles/inv-agri-ea/matches?country=KE&stage=seed");
    assert!(ids(&filtered).contains(&"st-ke-agri"));
    assert!(!ids(&filtered).contains(&"st-ca-fintech"));
    // A city filter keeps what lies in the city or contains it (Kenya contains Nairobi), as a
    // country filter does; a city without a letter is refused, naming the parameter.
    let (status, _, body) = server.get("/v1/profiles/inv-agri-ea/matches?city=Nairobi");
    assert_eq!(status, 200, "{body}");
    let (_, _, kenya) = server.get("/v1/profiles/inv-agri-ea/matches?country=KE");
    assert_eq!(ids(&body), ids(&kenya));
    let (status, _, body) = server.get("/v1/profiles?kind=startup&city=SF%20Bay");
    assert_eq!(status, 200, "{body}");
    let listed: Vec<&str> = body["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["st-ca-fintech"], "the US contains SF Bay");
    let (status, _, body) = server.get("/v1/profiles/inv-agri-ea/matches?city=42");
    assert_eq!(status, 400);
    assert!(
        body["detail"].as_str().unwrap().contains("`city`"),
        "{body}"
    );
}

#[test]
fn profiles_are_listed_in_pages_with_filters() {
    let server = Server::start();
    let mut seen = Vec::new();
    let mut path = "/v1/profiles?kind=startup&limit=3".to_string();
    loop {
        let (status, _, body) = server.get(&path);
        assert_eq!(status, 200, "{body}");
        let page = body["profiles"].as_array().unwrap();
        assert!(page.len() <= 3);
        seen.extend(page.iter().map(|p| p["id"].as_str().unwrap().to_string()));
        match body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/profiles?kind=startup&limit=3&cursor={cursor}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "id order");
    assert_eq!(seen.len(), 7, "every start-up once");
    let (_, _, body) = server.get("/v1/profiles?sector=health&country=NG");
    let ids: Vec<&str> = body["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    // The accelerator covers all of Africa, so it serves Nigeria too.
    assert_eq!(
        ids,
        ["inv-angel", "pt-health-acc", "st-big-ask", "st-small-ask"]
    );
    assert_eq!(server.get("/v1/profiles?limit=0").0, 400);
}

/// One sample line of Prometheus text: `name{label="value",...} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

impl Sample {
    fn label(&self, name: &str) -> &str {
        self.labels
            .get(name)
            .unwrap_or_else(|| panic!("{self:?} has no label {name}"))
    }
}

/// Parses the Prometheus text format 0.0.4, more strictly than a scraper (no blank lines, no
/// other comments, no timestamps, since the server writes none): every line is
/// `# HELP name text`, `# TYPE name type` or a sample of the family declared by the latest
/// `# TYPE` (a histogram's `_bucket`, `_sum` and `_count`). Panics with the line number and
/// what was expected.
fn parse_prometheus(text: &str) -> Vec<Sample> {
    fn metric_name(s: &str) -> Option<(&str, &str)> {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(s.len());
        let name = &s[..end];
        (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| (name, &s[end..]))
    }
    /// `{a="x",b="y"}` at the start of `s`: the labels and what follows them.
    fn labels(mut s: &str) -> Result<(BTreeMap<String, String>, &str), String> {
        let mut labels = BTreeMap::new();
        let Some(rest) = s.strip_prefix('{') else {
            return Ok((labels, s));
        };
        s = rest;
        loop {
            if let Some(rest) = s.strip_prefix('}') {
                return Ok((labels, rest));
            }
            if !labels.is_empty() {
                s = s.strip_prefix(',').ok_or("',' or '}' after a label")?;
            }
            let (name, rest) = metric_name(s).ok_or(format!("a label name at {s:?}"))?;
            let mut chars = rest
                .strip_prefix("=\"")
                .ok_or(format!("=\" after label {name}"))?
                .char_indices();
            let mut value = String::new();
            let end = loop {
                match chars.next() {
                    Some((i, '"')) => break i,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, '\\')) => value.push('\\'),
                        Some((_, '"')) => value.push('"'),
                        Some((_, 'n')) => value.push('\n'),
                        other => return Err(format!("an escape \\\\, \\\" or \\n, not {other:?}")),
                    },
                    Some((_, c)) => value.push(c),
                    None => return Err(format!("a closing quote for label {name}")),
                }
            };
            if labels.insert(name.to_string(), value).is_some() {
                return Err(format!("label {name} once"));
            }
            s = &rest[2 + end + 1..];
        }
    }

    let mut family: Option<(String, String)> = None;
    let mut typed = std::collections::BTreeSet::new();
    let mut samples = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let fail = |expected: &str| -> ! {
            panic!("line {}: expected {expected}: {line:?}\n{text}", i + 1)
        };
        if let Some(help) = line.strip_prefix("# HELP ") {
            metric_name(help)
                .filter(|(_, rest)| rest.starts_with(' '))
                .unwrap_or_else(|| fail("# HELP name text"));
        } else if let Some(declaration) = line.strip_prefix("# TYPE ") {
            let (name, kind) = declaration
                .split_once(' ')
                .filter(|(name, kind)| {
                    metric_name(name).is_some_and(|(_, rest)| rest.is_empty())
                        && ["counter", "gauge", "histogram", "summary", "untyped"].contains(kind)
                })
                .unwrap_or_else(|| fail("# TYPE name counter|gauge|histogram|summary|untyped"));
            if !typed.insert(name.to_string()) {
                fail("one # TYPE line per metric");
            }
            family = Some((name.to_string(), kind.to_string()));
        } else {
            let (name, rest) = metric_name(line).unwrap_or_else(|| fail("a metric name"));
            let (labels, rest) = labels(rest).unwrap_or_else(|e| fail(&e));
            let value = match rest
                .strip_prefix(' ')
                .unwrap_or_else(|| fail("a space, then the value"))
            {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                number => number
                    .parse()
                    .unwrap_or_else(|_| fail("a number as the value")),
            };
            let Some((declared, kind)) = &family else {
                fail("a # TYPE line before the first sample")
            };
            let belongs = match kind.as_str() {
                "histogram" => ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|suffix| name.strip_suffix(suffix) == Some(declared)),
                _ => name == declared,
            };
            if !belongs {
                fail(&format!(
                    "a sample of {declared} ({kind}), the latest # TYPE"
                ));
            }
            samples.push(Sample {
                name: name.to_string(),
                labels,
                value,
            });
        }
    }
    samples
}

#[test]
fn metrics_count_requests_by_route_in_prometheus_text() {
    let server = Server::start_with_args(None, &["--engine-slots", "3", "--max-queue", "5"]);
    server.get("/healthz");
    server.get("/healthz");
    server.get("/v1/profiles/inv-angel/matches");
    server.get("/v1/profiles/nobody");
    // Unrouted paths are not counted: labels are route templates, never raw paths.
    assert_eq!(server.get("/v1/nothing-here/123").0, 404);
    let scrape = || server.request("GET", "/metrics", None, "");
    // A scrape is counted once it has been answered, so the first shows none of itself.
    let first = scrape();
    let reply = scrape();
    assert_eq!((first.status, reply.status), (200, 200), "{}", reply.text);

    // The content type is the one the OpenAPI document gives.
    let content_type = reply.header("content-type");
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let (_, _, doc) = server.get("/openapi.json");
    let documented = &doc["paths"]["/metrics"]["get"]["responses"]["200"]["content"];
    assert!(
        documented[content_type].is_object(),
        "{content_type} vs {documented}"
    );

    let samples = parse_prometheus(&reply.text);
    let of = |name: &'static str| samples.iter().filter(move |s| s.name == name);
    let value = |name: &'static str| -> f64 {
        let found: Vec<_> = of(name).collect();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        found[0].value
    };

    let requests: BTreeMap<(&str, &str, &str), f64> = of("tandem_http_requests_total")
        .map(|s| {
            (
                (s.label("method"), s.label("route"), s.label("status")),
                s.value,
            )
        })
        .collect();
    let expected = BTreeMap::from([
        (("GET", "/healthz", "200"), 2.0),
        (("GET", "/metrics", "200"), 1.0),
        (("GET", "/v1/profiles/{id}", "404"), 1.0),
        (("GET", "/v1/profiles/{id}/matches", "200"), 1.0),
    ]);
    assert_eq!(requests, expected, "{}", reply.text);

    // One histogram per route, cumulative, its +Inf bucket and count the route's requests.
    for (route, requests) in [
        ("/healthz", 2.0),
        ("/metrics", 1.0),
        ("/v1/profiles/{id}", 1.0),
        ("/v1/profiles/{id}/matches", 1.0),
    ] {
        let buckets: Vec<(f64, f64)> = of("tandem_http_request_duration_seconds_bucket")
            .filter(|s| s.label("route") == route)
            .map(|s| (s.label("le").parse().expect("le is a number"), s.value))
            .collect();
        assert_eq!(buckets.len(), 13, "{route}: {buckets:?}");
        assert!(
            buckets
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{route}: bounds and counts rise: {buckets:?}"
        );
        assert_eq!(buckets.last(), Some(&(f64::INFINITY, requests)), "{route}");
        let of_route = |name: &'static str| {
            of(name)
                .find(|s| s.label("route") == route)
                .unwrap_or_else(|| panic!("no {name} for {route}"))
                .value
        };
        assert_eq!(
            of_route("tandem_http_request_duration_seconds_count"),
            requests
        );
        let sum = of_route("tandem_http_request_duration_seconds_sum");
        assert!(sum > 0.0 && sum < 30.0 * requests, "{route}: {sum}");
    }
    assert_eq!(
        of("tandem_http_request_duration_seconds_count").count(),
        4,
        "{}",
        reply.text
    );

    assert_eq!(value("tandem_engine_slots"), 3.0);
    assert_eq!(value("tandem_engine_queue_limit"), 5.0);
    assert_eq!(value("tandem_engine_busy"), 0.0);
    assert_eq!(value("tandem_engine_queued"), 0.0);
    assert_eq!(value("tandem_http_shed_total"), 0.0);

    // Profile counts are the fixture's, by kind.
    let fixture = std::fs::read_to_string(common::fixture()).unwrap();
    let mut stored: BTreeMap<String, f64> = ["startup", "investor", "partner"]
        .into_iter()
        .map(|k| (k.to_string(), 0.0))
        .collect();
    for line in fixture.lines().filter(|l| !l.trim().is_empty()) {
        let profile: Value = serde_json::from_str(line).unwrap();
        *stored
            .get_mut(profile["kind"].as_str().unwrap())
            .expect("a known kind") += 1.0;
    }
    let profiles: BTreeMap<String, f64> = of("tandem_profiles")
        .map(|s| (s.label("kind").to_string(), s.value))
        .collect();
    assert_eq!(profiles, stored);
}

#[test]
fn the_metrics_parser_rejects_malformed_lines() {
    let ok = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"q\\\"\\\\\\n\",y=\"2\"} 3\n";
    let samples = parse_prometheus(ok);
    assert_eq!(samples[0].label("x"), "q\"\\\n");
    assert_eq!((samples[0].label("y"), samples[0].value), ("2", 3.0));
    for bad in [
        "a_total 1\n",                                        // no # TYPE
        "# TYPE a counter\nb 1\n",                            // not the declared family
        "# TYPE a gauge\na{x=\"1\"\n",                        // unclosed labels
        "# TYPE a gauge\na{x=1} 1\n",                         // unquoted value
        "# TYPE a gauge\na one\n",                            // not a number
        "# TYPE a gauge\n# TYPE a gauge\n",                   // declared twice
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1 12 3\n", // trailing text
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_prometheus(bad)).is_err(),
            "accepted {bad:?}"
        );
    }
}

#[test]
fn an_ad_hoc_profile_is_matched_without_being_stored() {
    let server = Server::start();
    let me = r#"{"id":"visitor","kind":"startup","name":"Visitor","sectors":["health"],"countries":["KE"],"needs":["pilot"]}"#;
    let (status, _, body) = server.post("/v1/match?kind=partner&limit=3", me);
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body)[0], "pt-health-acc");
    let (status, _, _) = server.get("/v1/profiles/visitor");
    assert_eq!(status, 404, "the ad-hoc profile is not stored");

    // An investor with a deal history gets the fused ranking: each match says its places.
    // Nobody stored shares its deals, so the network reaches no one and the thesis order
    // stands.
    let fund = r#"{"id":"fund","kind":"investor","name":"Fund","sectors":["agritech"],"countries":["KE"],"portfolio":["st-ca-fintech"]}"#;
    let (status, _, body) = server.post("/v1/match?limit=3", fund);
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body).len(), 3);
    for (i, m) in body["matches"].as_array().unwrap().iter().enumerate() {
        assert_eq!(m["places"]["thesis"], i + 1, "{m}");
        assert!(m["places"].get("network").is_none(), "{m}");
        // Thesis part only: (1 − ½) · 11 / (10 + place).
        let expected = 0.5 * 11.0 / (10.0 + (i + 1) as f64);
        assert!(
            (m["score"].as_f64().unwrap() - expected).abs() < 1e-6,
            "{m}"
        );
    }
}

#[test]
fn bad_requests_get_problem_details_never_a_500() {
    let server = Server::start();
    let problem =
        |(status, content_type, body): (u16, String, Value), expected: u16, detail: &str| {
            assert_eq!(status, expected, "{body}");
            assert_eq!(content_type, "application/problem+json");
            assert_eq!(body["status"], expected);
            let text = body["detail"].as_str().unwrap();
            assert!(text.contains(detail), "{text}");
        };
    problem(
        server.get("/v1/profiles/nobody"),
        404,
        "no profile with id `nobody`",
    );
    problem(server.get("/v1/profiles/nobody/matches"), 404, "nobody");
    problem(
        server.get("/v1/profiles/inv-angel/matches?limit=5000"),
        400,
        "limit 5000 is out of range",
    );
    problem(
        server.get("/v1/profiles/inv-angel/matches?limit=ten"),
        400,
        "limit",
    );
    problem(
        server.get("/v1/profiles/inv-angel/matches?stage=seeed"),
        400,
        "did you mean `seed`",
    );
    problem(
        server.get("/v1/profiles/inv-angel/matches?colour=red"),
        400,
        "unknown field `colour`",
    );
    problem(
        server.get("/v1/search?kind=startup"),
        400,
        "missing field `q`",
    );
    problem(server.get("/v1/nothing-here"), 404, "no such endpoint");
    problem(server.post("/v1/match", "{not json"), 422, "invalid JSON");
    problem(
        server.post(
            "/v1/match",
            r#"{"id":"x","kind":"startup","name":"X","sectors":["agri"]}"#,
        ),
        422,
        "field `sectors[0]`",
    );
    problem(
        server.post_oversized("/v1/match", 2 << 20),
        413,
        "length limit",
    );
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = Server::start();
    assert_eq!(server.get("/healthz").0, 200);
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
    // The handlers are in place once the address is printed: a signal right then is graceful.
    for _ in 0..3 {
        let status = Server::start().terminate();
        assert!(status.success(), "{status:?}");
    }
}

#[test]
fn writes_need_the_api_key_and_are_all_or_nothing() {
    let server = Server::start_with(Some(KEY));
    let one = r#"{"id":"st-new","kind":"startup","name":"New Co","sectors":["edtech"],"countries":["GH"]}"#;
    assert_eq!(server.write("POST", "/v1/profiles", None, one).0, 401);
    assert_eq!(
        server
            .write("POST", "/v1/profiles", Some("wrong-key-0123456789"), one)
            .0,
        401
    );
    assert_eq!(
        server.get("/v1/profiles/st-new").0,
        404,
        "refused writes change nothing"
    );

    let (status, _, body) = server.write("POST", "/v1/profiles", Some(KEY), one);
    assert_eq!((status, body["added"].as_u64()), (201, Some(1)), "{body}");
    assert_eq!(server.get("/v1/profiles/st-new").2["name"], "New Co");

    let batch = [
        r#"{"id":"st-b1","kind":"startup","name":"B1"}"#,
        r#"{"id":"st-b2","kind":"startup","name":"B2","stage":"sed"}"#,
    ]
    .join("\n");
    let (status, content_type, body) = server.write("POST", "/v1/profiles", Some(KEY), &batch);
    assert_eq!(
        (status, content_type.as_str()),
        (422, "application/problem+json")
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("line 2: field `stage`"),
        "{body}"
    );
    assert_eq!(
        server.get("/v1/profiles/st-b1").0,
        404,
        "a bad line imports nothing"
    );

    let pretty = "{\n  \"id\": \"st-pretty\",\n  \"kind\": \"startup\",\n  \"name\": \"P\",\n  \"stage\": \"sed\"\n}";
    let (status, _, body) = server.write("POST", "/v1/profiles", Some(KEY), pretty);
    assert_eq!(status, 422);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("field `stage`"),
        "one document, one profile: {body}"
    );

    let good_batch = batch.replace("sed", "seed");
    let (status, _, body) = server.write("POST", "/v1/profiles", Some(KEY), &good_batch);
    assert_eq!((status, body["added"].as_u64()), (201, Some(2)), "{body}");
    assert_eq!(server.get("/healthz").2["profiles"]["startup"], 10);
}

#[test]
fn put_and_delete_replace_and_remove_by_id() {
    let server = Server::start_with(Some(KEY));
    let renamed =
        r#"{"id":"st-ke-agri","kind":"startup","name":"ShambaSense Ltd","countries":["KE"]}"#;
    let (status, _, body) = server.write("PUT", "/v1/profiles/other-id", Some(KEY), renamed);
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        server
            .write("PUT", "/v1/profiles/st-ke-agri", Some(KEY), renamed)
            .0,
        200
    );
    assert_eq!(
        server.get("/v1/profiles/st-ke-agri").2["name"],
        "ShambaSense Ltd"
    );
    let fresh = r#"{"id":"pt-new","kind":"partner","name":"New Hub"}"#;
    assert_eq!(
        server
            .write("PUT", "/v1/profiles/pt-new", Some(KEY), fresh)
            .0,
        201
    );

    assert_eq!(
        server.write("DELETE", "/v1/profiles/pt-new", None, "").0,
        401
    );
    assert_eq!(
        server
            .write("DELETE", "/v1/profiles/pt-new", Some(KEY), "")
            .0,
        204
    );
    assert_eq!(
        server
            .write("DELETE", "/v1/profiles/pt-new", Some(KEY), "")
            .0,
        404
    );
    assert_eq!(server.get("/v1/profiles/pt-new").0, 404);
}

#[test]
fn without_a_key_writes_are_refused() {
    let server = Server::start();
    let (status, _, body) = server.write(
        "POST",
        "/v1/profiles",
        Some(KEY),
        r#"{"id":"x","kind":"startup","name":"X"}"#,
    );
    assert_eq!(status, 403);
    assert!(
        body["detail"].as_str().unwrap().contains("TANDEM_API_KEY"),
        "{body}"
    );
}

/// JSON Lines of `count` synthetic start-ups, from `tandem generate`.
fn generated_startups(server: &Server, count: usize, seed: u64) -> String {
    common::ok(common::tandem(
        server.root.path(),
        &[
            "generate",
            "--startups",
            &count.to_string(),
            "--investors",
            "0",
            "--partners",
            "0",
            "--seed",
            &seed.to_string(),
        ],
    ))
}

#[test]
fn readers_during_a_batch_import_see_the_old_or_the_new_state_never_a_partial_one() {
    let server = Server::start_with(Some(KEY));
    let generated = generated_startups(&server, 800, 3);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let counts = std::thread::scope(|scope| {
        let readers: Vec<_> = (0..6)
            .map(|_| {
                scope.spawn(|| {
                    let mut seen = Vec::new();
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let (status, _, body) = server.get("/healthz");
                        assert_eq!(status, 200, "{body}");
                        seen.push(body["profiles"]["startup"].as_u64().unwrap());
                        let (status, _, body) =
                            server.get("/v1/profiles/inv-agri-ea/matches?limit=3");
                        assert_eq!(status, 200, "{body}");
                    }
                    seen
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(300));
        let (status, _, body) = server.write("POST", "/v1/profiles", Some(KEY), &generated);
        assert_eq!((status, body["added"].as_u64()), (201, Some(800)), "{body}");
        std::thread::sleep(std::time::Duration::from_millis(300));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        readers
            .into_iter()
            .flat_map(|r| r.join().unwrap())
            .collect::<Vec<u64>>()
    });
    assert!(
        counts.iter().all(|c| *c == 7 || *c == 807),
        "partial states seen: {counts:?}"
    );
    assert!(
        counts.contains(&7) && counts.contains(&807),
        "readers ran before and after"
    );
}

/// The routes the API serves, as (method, OpenAPI path template).
const ROUTES: [(&str, &str); 18] = [
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
    ("GET", "/v1/profiles"),
    ("POST", "/v1/profiles"),
    ("GET", "/v1/profiles/{id}"),
    ("PUT", "/v1/profiles/{id}"),
    ("DELETE", "/v1/profiles/{id}"),
    ("GET", "/v1/profiles/{id}/matches"),
    ("GET", "/v1/profiles/{id}/feedback"),
    ("POST", "/v1/profiles/{id}/feedback"),
    ("DELETE", "/v1/profiles/{id}/feedback/{to}"),
    ("GET", "/v1/profiles/{id}/digest"),
    ("POST", "/v1/match"),
    ("GET", "/v1/search"),
    ("POST", "/v1/access-tokens"),
    ("GET", "/v1/access-tokens"),
    ("DELETE", "/v1/access-tokens/{token_id}"),
];

/// The (method, path template) pairs of an OpenAPI document.
fn documented_routes(doc: &Value) -> std::collections::BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| {
                    [
                        "get", "put", "post", "delete", "options", "head", "patch", "trace",
                    ]
                    .contains(&k.as_str())
                })
                .map(|method| (method.to_uppercase(), path.clone()))
        })
        .collect()
}

#[test]
fn the_openapi_document_lists_exactly_the_routes_the_server_routes() {
    let server = Server::start_with(Some(KEY));
    let (status, content_type, doc) = server.get("/openapi.json");
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    assert_eq!(doc["info"]["title"], "Tandem API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    let documented = documented_routes(&doc);
    let expected = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, expected);

    // Every documented route is routed: a real, harmless request answers with one of the
    // statuses the document gives for it, never the router's 404 or 405. Deletions go last,
    // the profile's own last of all, so that the profile the others use is still there.
    let existing = "st-ke-agri";
    let profile = server
        .get(&format!("/v1/profiles/{existing}"))
        .2
        .to_string();
    let issued = server.request(
        "POST",
        "/v1/access-tokens",
        Some(KEY),
        r#"{"for":"st-ke-agri"}"#,
    );
    let token_id = issued.body["id"].as_str().unwrap().to_string();
    let mut probes: Vec<&(String, String)> = documented.iter().collect();
    probes.sort_by_key(|(method, path)| (method == "DELETE", path == "/v1/profiles/{id}"));
    for (method, template) in probes {
        let mut path = template
            .replace("{id}", existing)
            .replace("{to}", "st-ca-fintech")
            .replace("{token_id}", &token_id);
        let body = match (method.as_str(), template.as_str()) {
            ("POST", "/v1/profiles") => r#"{"id":"st-probe","kind":"startup","name":"Probe"}"#,
            ("POST", "/v1/profiles/{id}/feedback") => r#"{"to":"st-ca-fintech","signal":"like"}"#,
            ("POST", "/v1/access-tokens") => r#"{"for":"st-ke-agri"}"#,
            ("PUT", _) | ("POST", "/v1/match") => profile.as_str(),
            _ => "",
        };
        if template == "/v1/search" {
            path.push_str("?q=farmers");
        }
        if template == "/v1/profiles/{id}/digest" {
            path.push_str("?since=2000-01-01");
        }
        let reply = server.request(method, &path, Some(KEY), body);
        assert!(
            !reply.is_unrouted(),
            "{method} {path} is documented but not routed: {} {}",
            reply.status,
            reply.text
        );
        let operation = &doc["paths"][template][method.to_lowercase()];
        assert!(
            (200..300).contains(&reply.status)
                && operation["responses"][reply.status.to_string()].is_object(),
            "{method} {path} answered {} (not a documented success): {}",
            reply.status,
            reply.text
        );
    }

    // Nothing undocumented is routed: no other method on a documented path...
    for (path, item) in doc["paths"].as_object().unwrap() {
        let path = path.replace("{id}", existing);
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            if item.get(method.to_lowercase()).is_none() {
                let reply = server.request(method, &path, Some(KEY), "");
                assert_eq!(
                    reply.status, 405,
                    "{method} {path} is routed: {}",
                    reply.text
                );
                assert!(
                    reply.problem(405).contains("`Allow` header"),
                    "{}",
                    reply.text
                );
                let allowed: Vec<&str> = reply.header("allow").split(',').collect();
                for documented in item.as_object().unwrap().keys() {
                    let documented = documented.to_uppercase();
                    assert!(
                        allowed.contains(&documented.as_str()),
                        "{method} {path}: {allowed:?}"
                    );
                }
            }
        }
    }
    // ...and no path beside the documented ones, but for the web app's pages (HTML for
    // people, not API: tests/web.rs), starting at `/`.
    let home = server.request("GET", "/", Some(KEY), "");
    assert_eq!(home.status, 200);
    assert!(home.header("content-type").starts_with("text/html"));
    for path in [
        "/v1",
        "/v1/nothing-here",
        "/v1/profiles/st-ke-agri/matches/extra",
        "/v1/healthz",
        "/openapi.yaml",
        "/v2/profiles",
    ] {
        let reply = server.request("GET", path, Some(KEY), "");
        assert!(reply.is_unrouted(), "GET {path} is routed: {}", reply.text);
        assert!(
            reply.problem(404).contains("/openapi.json"),
            "{}",
            reply.text
        );
    }
}

#[test]
fn the_openapi_document_describes_parameters_bodies_errors_and_security() {
    let server = Server::start();
    let (_, _, doc) = server.get("/openapi.json");
    let op = |method: &str, path: &str| doc["paths"][path][method].clone();
    let names = |op: &Value| -> Vec<String> {
        op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| p["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };

    let matches = op("get", "/v1/profiles/{id}/matches");
    for name in [
        "id",
        "kind",
        "limit",
        "explain",
        "reciprocal",
        "country",
        "region",
        "city",
        "stage",
        "sector",
        "min_usd",
        "max_usd",
        "exclude",
    ] {
        assert!(
            names(&matches).contains(&name.to_string()),
            "{name}: {matches}"
        );
    }
    assert_eq!(
        names(&op("get", "/v1/profiles")),
        [
            "kind", "limit", "cursor", "country", "region", "city", "stage", "sector"
        ]
    );
    let search = op("get", "/v1/search");
    assert_eq!(names(&search), ["q", "kind", "limit"]);
    assert_eq!(search["parameters"][0]["required"], true, "q is required");
    assert_eq!(search["parameters"][2]["schema"]["maximum"], 1000);

    // Errors: every 4xx/5xx is problem+json; a 503 says when to retry.
    for (method, path, statuses) in [
        (
            "get",
            "/v1/profiles/{id}/matches",
            &["400", "404", "408", "503"][..],
        ),
        (
            "post",
            "/v1/match",
            &["400", "408", "413", "422", "503"][..],
        ),
        (
            "post",
            "/v1/profiles",
            &["400", "401", "403", "408", "413", "422", "503"][..],
        ),
        (
            "delete",
            "/v1/profiles/{id}",
            &["401", "403", "404", "408", "503"][..],
        ),
    ] {
        let responses = &op(method, path)["responses"];
        for status in statuses {
            let schema = &responses[*status]["content"]["application/problem+json"]["schema"];
            assert_eq!(
                schema["$ref"], "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
    }
    assert!(
        op("get", "/healthz")["responses"]["503"]["headers"]["retry-after"].is_object(),
        "{}",
        op("get", "/healthz")
    );
    let problem = &doc["components"]["schemas"]["Problem"]["properties"];
    for field in ["type", "title", "status", "detail"] {
        assert!(problem[field].is_object(), "{field}: {problem}");
    }

    // Bodies and engine types point to the profile format.
    assert_eq!(
        op("post", "/v1/match")["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Profile"
    );
    let profile = &doc["components"]["schemas"]["Profile"];
    assert!(
        profile["description"].as_str().unwrap().contains("README"),
        "{profile}"
    );
    for branch in profile["oneOf"].as_array().unwrap() {
        assert_eq!(
            branch["required"],
            serde_json::json!(["id", "kind", "name"])
        );
    }
    assert_eq!(
        doc["components"]["schemas"]["Kind"]["anyOf"][0]["enum"],
        serde_json::json!(["startup", "investor", "partner"])
    );

    // Writes need the key, in either header; by default reads do not.
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["type"], "apiKey");
    assert_eq!(schemes["api_key"]["in"], "header");
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    let either = serde_json::json!([{"api_key": []}, {"bearer": []}]);
    for (method, path) in [
        ("post", "/v1/profiles"),
        ("delete", "/v1/profiles/{id}"),
        ("post", "/v1/access-tokens"),
        ("get", "/v1/access-tokens"),
        ("delete", "/v1/access-tokens/{token_id}"),
    ] {
        assert_eq!(op(method, path)["security"], either, "{method} {path}");
    }
    // A profile may edit itself with its access token.
    assert_eq!(
        op("put", "/v1/profiles/{id}")["security"],
        serde_json::json!([{"api_key": []}, {"bearer": []}, {"access_token": []}])
    );
    assert_eq!(schemes["access_token"]["scheme"], "bearer");
    for (method, path) in [
        ("get", "/v1/profiles/{id}"),
        ("get", "/metrics"),
        ("get", "/healthz"),
    ] {
        assert!(op(method, path)["security"].is_null(), "{method} {path}");
        assert!(
            op(method, path)["responses"]["401"].is_null(),
            "{method} {path}"
        );
    }
}

#[test]
fn keyed_reads_need_the_key_but_health_and_the_document_stay_open() {
    let server = Server::start_with_args(Some(KEY), &["--keyed-reads"]);
    for (method, path, body) in [
        ("GET", "/v1/profiles/st-ke-agri", ""),
        ("GET", "/v1/profiles?limit=2", ""),
        ("GET", "/v1/profiles/inv-agri-ea/matches", ""),
        ("GET", "/v1/search?q=farmers", ""),
        (
            "POST",
            "/v1/match",
            r#"{"id":"visitor","kind":"startup","name":"Visitor"}"#,
        ),
        ("GET", "/metrics", ""),
    ] {
        let missing = server.request(method, path, None, body);
        assert!(
            missing.problem(401).contains("--keyed-reads"),
            "{method} {path}: {}",
            missing.text
        );
        assert!(missing.header("www-authenticate").starts_with("Bearer"));
        let wrong = server.request(method, path, Some("wrong-key-0123456789"), body);
        assert!(wrong.problem(401).contains("not valid"), "{}", wrong.text);
        let right = server.request(method, path, Some(KEY), body);
        assert_eq!(right.status, 200, "{method} {path}: {}", right.text);
    }
    // The key is checked before the parameters, so a caller without it learns that first.
    server
        .request("GET", "/v1/profiles?limit=0", None, "")
        .problem(401);
    let bearer = Server::agent()
        .get(format!("{}/v1/profiles/st-ke-agri", server.base))
        .header("authorization", format!("Bearer {KEY}"))
        .call()
        .unwrap();
    assert_eq!(bearer.status(), 200);

    assert_eq!(server.request("GET", "/healthz", None, "").status, 200);
    let doc = server.request("GET", "/openapi.json", None, "");
    assert_eq!(doc.status, 200);
    let read = &doc.body["paths"]["/v1/profiles/{id}"]["get"];
    assert_eq!(
        read["security"],
        serde_json::json!([{"api_key": []}, {"bearer": []}, {"access_token": []}]),
        "a profile's access token opens the profile reads too"
    );
    assert_eq!(
        read["responses"]["401"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
    assert!(doc.body["paths"]["/healthz"]["get"]["security"].is_null());

    // Without the flag the same server configuration reads openly.
    let open = Server::start_with(Some(KEY));
    assert_eq!(
        open.request("GET", "/v1/profiles/st-ke-agri", None, "")
            .status,
        200
    );
    assert_eq!(open.request("GET", "/metrics", None, "").status, 200);
}

#[test]
fn keyed_reads_without_a_key_is_a_startup_error_and_the_env_variable_works() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let output = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .args(["--keyed-reads"])
        .env_remove("TANDEM_API_KEY")
        .env_remove("TANDEM_KEYED_READS")
        .env("TANDEM_CACHE_DIR", root.path().join("cache"))
        .output()
        .unwrap();
    let stderr = common::fails(output);
    assert!(
        stderr.contains("--keyed-reads needs an API key") && stderr.contains("TANDEM_API_KEY"),
        "{stderr}"
    );

    let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
    let output = command
        .args([
            "--data",
            data.to_str().unwrap(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .env_remove("TANDEM_API_KEY")
        .env("TANDEM_KEYED_READS", "true")
        .env("TANDEM_CACHE_DIR", root.path().join("cache"))
        .output()
        .unwrap();
    assert!(
        common::fails(output).contains("--keyed-reads needs an API key"),
        "TANDEM_KEYED_READS=true turns keyed reads on"
    );
}

#[test]
fn one_request_at_a_time_is_never_shed() {
    // One slot and no queue: a client that waits for each answer must always find the slot
    // free, so the slot has to be given back before the answer is sent.
    let server = Server::start_with_args(None, &["--engine-slots", "1", "--max-queue", "0"]);
    for i in 0..200 {
        let (status, _, body) = server.get("/healthz");
        assert_eq!(status, 200, "request {i}: {body}");
    }
    let metrics = server.request("GET", "/metrics", None, "").text;
    assert!(
        metrics.contains("\ntandem_http_shed_total 0\n"),
        "{metrics}"
    );
}

#[test]
fn a_full_engine_queue_answers_503_with_retry_after_at_once() {
    // One engine slot and no queue: while a batch import holds the slot, every engine
    // request must be refused at once. Without the bounded queue they would wait and get 200.
    let server = Server::start_with_args(Some(KEY), &["--engine-slots", "1", "--max-queue", "0"]);
    let mut refused = Vec::new();
    let mut answered = 0;
    for seed in 0..5u64 {
        let generated = generated_startups(&server, 1500, seed);
        let importing = std::sync::atomic::AtomicBool::new(true);
        let (import_replies, replies) = std::thread::scope(|scope| {
            let readers: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        let mut replies = Vec::new();
                        while importing.load(std::sync::atomic::Ordering::Relaxed) {
                            replies.push(server.request(
                                "GET",
                                "/v1/profiles/inv-agri-ea/matches?limit=3",
                                None,
                                "",
                            ));
                        }
                        replies
                    })
                })
                .collect();
            // The import itself may be refused while a reader holds the slot: retry it, as
            // the 503 asks (bounded, so a broken server fails the test instead of hanging).
            let mut import_replies = Vec::new();
            for _ in 0..200 {
                let reply = server.request("POST", "/v1/profiles", Some(KEY), &generated);
                let done = reply.status == 201;
                import_replies.push(reply);
                if done {
                    break;
                }
            }
            importing.store(false, std::sync::atomic::Ordering::Relaxed);
            let replies: Vec<Reply> = readers
                .into_iter()
                .flat_map(|r| r.join().unwrap())
                .collect();
            (import_replies, replies)
        });
        assert_eq!(
            import_replies.last().unwrap().status,
            201,
            "the import went through"
        );
        for reply in import_replies.into_iter().chain(replies) {
            match reply.status {
                200 | 201 => answered += 1,
                503 => refused.push(reply),
                other => panic!("unexpected {other}: {}", reply.text),
            }
        }
        if !refused.is_empty() {
            break;
        }
    }
    assert!(
        !refused.is_empty(),
        "no request was refused while the only slot was busy ({answered} answered)"
    );
    for reply in &refused {
        assert!(reply.problem(503).contains("overloaded"), "{}", reply.text);
        assert!(reply.body["detail"].as_str().unwrap().contains("retry"));
        assert_eq!(reply.header("retry-after"), "1");
    }
    let metrics = server.request("GET", "/metrics", None, "").text;
    assert!(
        metrics.contains(&format!("\ntandem_http_shed_total {}\n", refused.len())),
        "{} refused, metrics:\n{metrics}",
        refused.len()
    );
    assert!(metrics.contains("\ntandem_engine_slots 1\n"), "{metrics}");
    assert!(
        metrics.contains("\ntandem_engine_queue_limit 0\n"),
        "{metrics}"
    );
}

/// The pattern of a vocabulary's component schema (its `anyOf`'s second branch), compiled.
fn vocabulary_pattern(doc: &Value, name: &str) -> regex::Regex {
    let pattern = doc["components"]["schemas"][name]["anyOf"][1]["pattern"]
        .as_str()
        .unwrap_or_else(|| panic!("{name} has no pattern"));
    regex::Regex::new(pattern).unwrap()
}

/// Spellings near `spelling`: other letter cases, other separators, padding, a letter more or
/// less — some accepted, some not.
fn variants(spelling: &str, rng: &mut impl rand::Rng) -> Vec<String> {
    let mut out = vec![
        spelling.to_uppercase(),
        spelling.replace('-', " "),
        spelling.replace('-', "__"),
        format!(" \t{spelling}\u{a0}-"),
        format!("{spelling}s"),
        spelling.chars().skip(1).collect(),
        format!("-{spelling},"),
    ];
    for _ in 0..4 {
        let mixed: String = spelling
            .chars()
            .map(|c| match rng.random_range(0..6) {
                0 => c.to_uppercase().next().unwrap(),
                1 if c == '-' => '\u{2003}',
                2 if c == 'k' => '\u{212A}',
                3 => '.',
                _ => c,
            })
            .collect();
        out.push(mixed);
    }
    out
}

#[test]
fn the_openapi_document_declares_exactly_the_engines_vocabularies_and_profile_fields() {
    use rand::SeedableRng;
    use tandem_engine::geography::{Area, Country};
    use tandem_engine::taxonomy::{
        Attribute, Instrument, InvestorType, Kind, PartnerType, Sector, Stage, Support,
    };

    let server = Server::start();
    let (_, _, doc) = server.get("/openapi.json");
    let schemas = &doc["components"]["schemas"];

    // The enums are the engine's canonical values, and each pattern accepts a string exactly
    // when the engine's parser does: every slug, alias and label, and near misses checked
    // against the parser itself.
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    macro_rules! check {
        ($name:literal, $type:ty) => {{
            assert_eq!(
                schemas[$name]["anyOf"][0]["enum"],
                serde_json::json!(<$type>::SLUGS),
                "{}",
                $name
            );
            let pattern = vocabulary_pattern(&doc, $name);
            let spellings = <$type>::SLUGS
                .iter()
                .map(|s| s.to_string())
                .chain(<$type>::ALIASES.iter().map(|(a, _)| a.to_string()))
                .chain(<$type>::ALL.iter().map(|v| v.label().to_string()));
            for spelling in spellings {
                assert!(pattern.is_match(&spelling), "{}: {spelling}", $name);
                for variant in variants(&spelling, &mut rng) {
                    assert_eq!(
                        pattern.is_match(&variant),
                        <$type>::parse(&variant).is_ok(),
                        "{}: {variant:?}",
                        $name
                    );
                }
            }
        }};
    }
    check!("Kind", Kind);
    check!("Sector", Sector);
    check!("Stage", Stage);
    check!("Instrument", Instrument);
    check!("Support", Support);
    check!("PartnerType", PartnerType);
    check!("InvestorType", InvestorType);
    check!("Attribute", Attribute);
    check!("Region", Area);
    assert_eq!(
        schemas["Country"]["anyOf"][0]["enum"],
        serde_json::json!(Country::all().map(Country::alpha2).collect::<Vec<_>>())
    );
    let countries = vocabulary_pattern(&doc, "Country");
    for country in Country::all() {
        for spelling in [country.alpha2(), country.alpha3(), country.name()] {
            assert!(countries.is_match(spelling), "{spelling}");
            for variant in variants(spelling, &mut rng) {
                assert_eq!(
                    countries.is_match(&variant),
                    Country::parse(&variant).is_ok(),
                    "{variant:?}"
                );
            }
        }
    }
    for junk in ["", " ", "-", "XX", "Kenya,", "k e"] {
        assert!(!countries.is_match(junk), "{junk:?}");
    }

    // The list parameters: what their pattern accepts, the server accepts, and the rest it
    // answers with 400.
    let matches = &doc["paths"]["/v1/profiles/{id}/matches"]["get"]["parameters"];
    let parameter = |name: &str| {
        matches
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
    };
    let list_of = |name: &str| {
        let reference = parameter(name)["schema"]["$ref"].as_str().unwrap();
        let schema = &schemas[reference.trim_start_matches("#/components/schemas/")];
        regex::Regex::new(schema["pattern"].as_str().unwrap()).unwrap()
    };
    for (name, values) in [
        (
            "kind",
            &[
                "startup, Partners",
                "",
                "investor,,",
                "robot",
                "startup;investor",
            ][..],
        ),
        (
            "sector",
            &["agritech,E-Health", "Climate and energy", "agri", "ai,"][..],
        ),
        ("stage", &["seed,Series A", "series_b", "seeed", " , "][..]),
        (
            "country",
            &["KE,nga, Peru", "Côte d'Ivoire", "ke ng", "XX"][..],
        ),
        (
            "region",
            &["latin-america", "East Africa,global", "mars"][..],
        ),
    ] {
        let pattern = list_of(name);
        for value in values {
            let path = format!("/v1/profiles/inv-agri-ea/matches?{name}={}", encode(value));
            let status = server.request("GET", &path, None, "").status;
            assert_eq!(
                pattern.is_match(value),
                status == 200,
                "{name}={value:?} answered {status}"
            );
            assert!(status == 200 || status == 400, "{name}={value:?}: {status}");
        }
    }
    // Amounts: within the document's bounds and nothing else.
    for (value, ok) in [
        ("0", true),
        ("1e13", true),
        ("-1", false),
        ("1e14", false),
        ("NaN", false),
        ("inf", false),
    ] {
        for name in ["min_usd", "max_usd"] {
            let schema = &parameter(name)["schema"];
            assert_eq!(schema["minimum"], 0, "{name}");
            assert_eq!(schema["maximum"], 1e13, "{name}");
            let path = format!("/v1/profiles/inv-agri-ea/matches?{name}={value}");
            let status = server.request("GET", &path, None, "").status;
            assert_eq!(status == 200, ok, "{name}={value}: {status}");
        }
    }

    // The Profile schema has one branch per kind, each closed and listing every field the
    // engine writes. A struct literal, so that a new field fails to compile here until the
    // document has it.
    let full = tandem_engine::Profile {
        id: "st-1".into(),
        kind: Kind::Startup,
        name: "Full".into(),
        description: "d".into(),
        sectors: vec![Sector::Ai],
        countries: vec![Country::parse("KE").unwrap()],
        regions: vec![Area::Africa],
        cities: vec![tandem_engine::city::City::new("Nairobi").unwrap()],
        sdgs: vec![tandem_engine::taxonomy::Sdg::new(1).unwrap()],
        attributes: vec![Attribute::Rural],
        instruments: vec![Instrument::Grant],
        stage: Some(Stage::Seed),
        funding_ask_usd: Some(tandem_engine::profile::Usd(1)),
        needs: vec![Support::Talent],
        backers: vec!["inv-1".into()],
        employees: Some(1),
        annual_revenue_usd: Some(tandem_engine::profile::Usd(1)),
        founded: Some(2000),
        investor_type: Some(InvestorType::Angel),
        partner_type: Some(PartnerType::Incubator),
        stages: vec![Stage::Seed],
        ticket_min_usd: Some(tandem_engine::profile::Usd(1)),
        ticket_max_usd: Some(tandem_engine::profile::Usd(2)),
        offers: vec![Support::Talent],
        portfolio: vec!["st-2".into()],
        website: Some("https://example.org".into()),
    };
    let written: std::collections::BTreeSet<String> = serde_json::to_value(&full)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let branches = schemas["Profile"]["oneOf"].as_array().unwrap();
    assert_eq!(branches.len(), Kind::COUNT);
    for (branch, kind) in branches.iter().zip(Kind::ALL) {
        let fields: std::collections::BTreeSet<String> = branch["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(fields, written, "{kind}");
        assert_eq!(branch["additionalProperties"], false, "{kind}");
        assert_eq!(
            branch["required"],
            serde_json::json!(["id", "kind", "name"])
        );
        let kind_pattern =
            regex::Regex::new(branch["properties"]["kind"]["pattern"].as_str().unwrap()).unwrap();
        for other in Kind::ALL {
            assert_eq!(kind_pattern.is_match(other.slug()), other == kind);
        }
        let sdg = &branch["properties"]["sdgs"]["items"];
        assert_eq!(
            (&sdg["minimum"], &sdg["maximum"]),
            (&serde_json::json!(1), &serde_json::json!(17))
        );
        // Each branch's example is a profile the server takes as it is.
        let example = branch["examples"][0].to_string();
        let reply = server.request("POST", "/v1/match", None, &example);
        assert_eq!(reply.status, 200, "{kind}: {}", reply.text);
    }
    let id = regex::Regex::new(schemas["ProfileId"]["pattern"].as_str().unwrap()).unwrap();
    for (value, ok) in [
        ("st-0042", true),
        ("a.b_c", true),
        ("", false),
        ("a b", false),
        (&*"x".repeat(65), false),
    ] {
        assert_eq!(id.is_match(value), ok, "{value}");
    }
    // A city: what the schema accepts, the server accepts, and the rest it refuses.
    let city = &schemas["City"];
    let city_pattern = regex::Regex::new(city["pattern"].as_str().unwrap()).unwrap();
    let max_length = city["maxLength"].as_u64().unwrap() as usize;
    for value in [
        "Nairobi",
        " São Paulo ",
        "東京",
        "6th of October City",
        "Ra'anana",
        "1234",
        "—",
        " ",
        "Nai\nrobi",
        "Nairobi\u{85}",
        &"x".repeat(max_length),
        &"x".repeat(max_length + 1),
    ] {
        let in_schema = city_pattern.is_match(value) && value.chars().count() <= max_length;
        let body =
            serde_json::json!({"id": "c", "kind": "startup", "name": "C", "cities": [value]});
        let reply = server.request("POST", "/v1/match", None, &body.to_string());
        let expected = if in_schema { 200 } else { 422 };
        assert_eq!(reply.status, expected, "{value:?}: {}", reply.text);
    }
    let nine: Vec<String> = (0
        ..=schemas["Profile"]["oneOf"][0]["properties"]["cities"]["maxItems"]
            .as_u64()
            .unwrap())
        .map(|i| format!("Town {i}"))
        .collect();
    let body = serde_json::json!({"id": "c", "kind": "startup", "name": "C", "cities": nine});
    let reply = server.request("POST", "/v1/match", None, &body.to_string());
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("cities"), "{}", reply.text);
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn a_digest_ranks_what_changed_since_and_refuses_a_bad_since() {
    let server = Server::start();
    // Everything in the fixture was imported after 2000: the digest is the plain ranking.
    let (status, _, digest) = server.get("/v1/profiles/inv-agri-ea/digest?since=2000-01-01");
    assert_eq!(status, 200, "{digest}");
    let (_, _, matches) = server.get("/v1/profiles/inv-agri-ea/matches?limit=20");
    assert_eq!(ids(&digest), ids(&matches));
    assert_eq!(digest["since"], "2000-01-01T00:00:00Z");
    assert_eq!(digest["query"]["id"], "inv-agri-ea");
    assert_eq!(digest["ranking"]["method"], "thesis");

    let (status, _, digest) =
        server.get("/v1/profiles/inv-agri-ea/digest?since=2999-01-01T00:00:00Z&limit=5");
    assert_eq!(status, 200, "{digest}");
    assert!(ids(&digest).is_empty(), "nothing changed since 2999");

    let reply = server.request(
        "GET",
        "/v1/profiles/inv-agri-ea/digest?since=yesterday",
        None,
        "",
    );
    assert_eq!(reply.status, 400);
    assert!(reply.problem(400).contains("`since`"), "{}", reply.text);
    let reply = server.request("GET", "/v1/profiles/inv-agri-ea/digest", None, "");
    assert_eq!(reply.status, 400, "since is required: {}", reply.text);
    let reply = server.request(
        "GET",
        "/v1/profiles/nobody/digest?since=2000-01-01",
        None,
        "",
    );
    assert_eq!(reply.status, 404);
}
