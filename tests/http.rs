//! The HTTP API, end to end: a real `tandem serve` on an ephemeral loopback port, real requests.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running server, stopped (SIGTERM, then kill) when dropped.
struct Server {
    child: Child,
    base: String,
    root: tempfile::TempDir,
}

impl Server {
    /// Serves the scenario fixture, read-only.
    fn start() -> Server {
        Server::start_with(None)
    }

    /// Serves the scenario fixture; writes need `key` when given.
    fn start_with(key: Option<&str>) -> Server {
        let (root, data) = common::fixture_store();
        let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
        command.env_remove("TANDEM_API_KEY");
        if let Some(key) = key {
            command.env("TANDEM_API_KEY", key);
        }
        let mut child = command
            .args(["--data", &data, "serve", "--addr", "127.0.0.1:0"])
            .env("TANDEM_CACHE_DIR", root.path().join("cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, base, root }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// GET a path; returns status, content type and parsed JSON body.
    fn get(&self, path: &str) -> (u16, String, Value) {
        let response = Self::agent()
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        Self::read(response)
    }

    /// POST a body to a path.
    fn post(&self, path: &str, body: &str) -> (u16, String, Value) {
        let response = Self::agent()
            .post(format!("{}{path}", self.base))
            .send(body)
            .unwrap();
        Self::read(response)
    }

    /// POSTs a body of `size` bytes over a raw socket. The server may answer 413 and close
    /// before the body is sent (a client like ureq then fails with a broken pipe), so write
    /// errors are ignored and the response is read whatever happened.
    fn post_oversized(&self, path: &str, size: usize) -> (u16, String, Value) {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&vec![b'a'; size]);
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let content_type = headers
            .lines()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or_default()
            .to_string();
        (
            status,
            content_type,
            serde_json::from_str(body).unwrap_or(Value::Null),
        )
    }

    /// Sends a write with an optional API key.
    fn write(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: &str,
    ) -> (u16, String, Value) {
        let url = format!("{}{path}", self.base);
        let agent = Self::agent();
        let response = match method {
            "POST" => with_key(agent.post(url), key).send(body),
            "PUT" => with_key(agent.put(url), key).send(body),
            "DELETE" => with_key(agent.delete(url), key).call(),
            other => panic!("unsupported method {other}"),
        };
        Self::read(response.unwrap())
    }

    fn read(mut response: ureq::http::Response<ureq::Body>) -> (u16, String, Value) {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        (
            status,
            content_type,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn with_key<B>(request: ureq::RequestBuilder<B>, key: Option<&str>) -> ureq::RequestBuilder<B> {
    match key {
        Some(key) => request.header("x-api-key", key),
        None => request,
    }
}

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
        9
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

#[test]
fn metrics_count_requests_by_route_in_prometheus_text() {
    let server = Server::start();
    server.get("/healthz");
    server.get("/v1/profiles/inv-angel/matches");
    server.get("/v1/profiles/nobody");
    let response = Server::agent()
        .get(format!("{}/metrics", server.base))
        .call()
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.into_body().read_to_string().unwrap();
    for expected in [
        r#"tandem_http_requests_total{method="GET",route="/healthz",status="200"} 1"#,
        r#"tandem_http_requests_total{method="GET",route="/v1/profiles/{id}/matches",status="200"} 1"#,
        r#"tandem_http_requests_total{method="GET",route="/v1/profiles/{id}",status="404"} 1"#,
        r#"tandem_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 1"#,
        r#"tandem_profiles{kind="startup"} 7"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
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

#[test]
fn readers_during_a_batch_import_see_the_old_or_the_new_state_never_a_partial_one() {
    let server = Server::start_with(Some(KEY));
    let generated = common::ok(common::tandem(
        server.root.path(),
        &[
            "generate",
            "--startups",
            "800",
            "--investors",
            "0",
            "--partners",
            "0",
            "--seed",
            "3",
        ],
    ));
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
