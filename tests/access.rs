//! Per-profile access tokens, end to end: the operator issues them over HTTP (and with
//! `tandem access`), and a token acts as its profile only — on a real server on loopback.

mod common;

use serde_json::Value;

use common::server::Server;
use common::{fails, ok, tandem};

const KEY: &str = "test-key-0123456789";

/// Issues a token for `profile` over HTTP with the operator's key; returns the answer.
fn issue(server: &Server, profile: &str, expires: Option<&str>) -> Value {
    let body = match expires {
        Some(at) => serde_json::json!({"for": profile, "expires": at}),
        None => serde_json::json!({"for": profile}),
    };
    let reply = server.request("POST", "/v1/access-tokens", Some(KEY), &body.to_string());
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body
}

/// `tandem --data DATA access ARGS`, with its cache folder in `root`.
fn access_command(root: &std::path::Path, data: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--data", data, "access"];
    all.extend_from_slice(args);
    tandem(root, &all)
}

/// The stored profile `id`, as JSON text, renamed so that a write shows.
fn renamed(server: &Server, id: &str, name: &str) -> String {
    let mut profile = server.get(&format!("/v1/profiles/{id}")).2;
    profile["name"] = Value::from(name);
    profile.to_string()
}

#[test]
fn a_token_acts_as_its_profile_and_nothing_else() {
    let server = Server::start_with(Some(KEY));
    let issued = issue(&server, "st-ke-agri", None);
    let own = issued["token"].as_str().unwrap().to_string();
    assert!(own.starts_with("tdm_"), "{issued}");
    assert_eq!(issued["for"], "st-ke-agri");
    assert!(issued["expires"].is_null());
    let other = issue(&server, "inv-agri-ea", None)["token"]
        .as_str()
        .unwrap()
        .to_string();

    // The own token reads the profile's matches and edits the profile.
    let matches = "/v1/profiles/st-ke-agri/matches";
    assert_eq!(server.request("GET", matches, Some(&own), "").status, 200);
    let edit = renamed(&server, "st-ke-agri", "ShambaSense by token");
    let reply = server.request("PUT", "/v1/profiles/st-ke-agri", Some(&own), &edit);
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        server.get("/v1/profiles/st-ke-agri").2["name"],
        "ShambaSense by token"
    );
    // As `Authorization: Bearer` too.
    let bearer = Server::agent()
        .get(format!("{}{matches}", server.base))
        .header("authorization", format!("Bearer {own}"))
        .call()
        .unwrap();
    assert_eq!(bearer.status(), 200);

    // Another profile's token: 403 on this profile's matches and edits, naming whose it is.
    let reply = server.request("GET", matches, Some(&other), "");
    assert!(
        reply.problem(403).contains("acts for `inv-agri-ea` only"),
        "{}",
        reply.text
    );
    let reply = server.request("PUT", "/v1/profiles/st-ke-agri", Some(&other), &edit);
    reply.problem(403);
    // ...nor may a token create another profile under its own path's rules.
    let fresh = r#"{"id":"st-fresh","kind":"startup","name":"Fresh"}"#;
    server
        .request("PUT", "/v1/profiles/st-fresh", Some(&own), fresh)
        .problem(403);
    assert_eq!(server.get("/v1/profiles/st-fresh").0, 404);

    // No credential on an edit: 401 with the challenge, and what is needed.
    let reply = server.request("PUT", "/v1/profiles/st-ke-agri", None, &edit);
    assert!(
        reply.problem(401).contains("access token or the API key"),
        "{}",
        reply.text
    );
    assert!(reply.header("www-authenticate").starts_with("Bearer"));
    // Open reads stay open to anyone.
    assert_eq!(server.request("GET", matches, None, "").status, 200);

    // Operator actions are the API key's only: a token gets 403 and changes nothing.
    for (method, path, body) in [
        ("POST", "/v1/profiles", fresh.to_string()),
        ("DELETE", "/v1/profiles/st-ke-agri", String::new()),
        ("DELETE", "/v1/profiles/inv-agri-ea", String::new()),
        (
            "POST",
            "/v1/access-tokens",
            r#"{"for":"inv-agri-ea"}"#.to_string(),
        ),
        ("GET", "/v1/access-tokens", String::new()),
        (
            "DELETE",
            &format!("/v1/access-tokens/{}", issued["id"].as_str().unwrap()),
            String::new(),
        ),
    ] {
        let reply = server.request(method, path, Some(&own), &body);
        assert!(
            reply.problem(403).contains("only the operator's API key"),
            "{method} {path}: {}",
            reply.text
        );
    }
    assert_eq!(server.get("/v1/profiles/st-ke-agri").0, 200);
    assert_eq!(server.get("/v1/profiles/st-fresh").0, 404);
    assert_eq!(server.request("GET", matches, Some(&own), "").status, 200);
}

#[test]
fn wrong_revoked_and_expired_tokens_answer_401_saying_which() {
    let server = Server::start_with(Some(KEY));
    let edit = renamed(&server, "st-ke-agri", "Renamed");
    let put = |token: &str| server.request("PUT", "/v1/profiles/st-ke-agri", Some(token), &edit);

    // Wrong: a changed secret, an unknown id, something that is no token at all.
    let issued = issue(&server, "st-ke-agri", None);
    let token = issued["token"].as_str().unwrap();
    let last = if token.ends_with('0') { "1" } else { "0" };
    let wrong_secret = format!("{}{last}", &token[..token.len() - 1]);
    let unknown = format!("tdm_{}{}", "0".repeat(16), &token[20..]);
    for wrong in [&wrong_secret, &unknown] {
        let reply = put(wrong);
        assert!(reply.problem(401).contains("not valid"), "{}", reply.text);
        assert!(reply.header("www-authenticate").starts_with("Bearer"));
        let reply = server.request("GET", "/v1/profiles/st-ke-agri/matches", Some(wrong), "");
        reply.problem(401);
    }
    put("tdm_nonsense").problem(401);
    assert!(
        put("not-the-key-0123456789")
            .problem(401)
            .contains("API key is not valid")
    );

    // Revoked: by id, over HTTP; the list keeps it, as revoked.
    let id = issued["id"].as_str().unwrap();
    assert_eq!(put(token).status, 200);
    let reply = server.request("DELETE", &format!("/v1/access-tokens/{id}"), Some(KEY), "");
    assert_eq!(reply.status, 204, "{}", reply.text);
    let reply = put(token);
    assert!(reply.problem(401).contains("revoked"), "{}", reply.text);
    server
        .request(
            "DELETE",
            "/v1/access-tokens/0000000000000000",
            Some(KEY),
            "",
        )
        .problem(404);
    let list = server.request("GET", "/v1/access-tokens?for=st-ke-agri", Some(KEY), "");
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["tokens"][0]["status"], "revoked", "{}", list.text);
    assert!(!list.text.contains(&token[21..]), "never the secret");
    assert!(list.body["tokens"][0].get("hash").is_none(), "nor its hash");

    // Expired: a token that lives two seconds.
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
    let issued = issue(&server, "st-ke-agri", Some(&soon.to_string()));
    let short = issued["token"].as_str().unwrap().to_string();
    assert_eq!(put(&short).status, 200, "valid before its expiry");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let reply = put(&short);
    assert!(reply.problem(401).contains("expired"), "{}", reply.text);
    let list = server.request("GET", "/v1/access-tokens", Some(KEY), "");
    let statuses: Vec<&str> = list.body["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["revoked", "expired"], "{}", list.text);
}

#[test]
fn issuing_checks_the_profile_and_the_body() {
    let server = Server::start_with(Some(KEY));
    let post = |body: &str| server.request("POST", "/v1/access-tokens", Some(KEY), body);
    assert!(
        post(r#"{"for":"nobody"}"#)
            .problem(404)
            .contains("no profile with id `nobody`")
    );
    for (body, field) in [
        (r#"{}"#, "for"),
        (r#"{"for":"st-ke-agri","expires":"tomorrow"}"#, "expires"),
        (
            r#"{"for":"st-ke-agri","expires":"2020-01-01T00:00:00Z"}"#,
            "expires",
        ),
        (
            r#"{"for":"st-ke-agri","expires":"9999-12-31T23:59:59Z"}"#,
            "beyond the latest time",
        ),
        (r#"{"for":"st-ke-agri","scope":"all"}"#, "scope"),
        (r#"{"for":42}"#, "for"),
        (
            r#"{"for":"no spaces"}"#,
            "field `for`: `no spaces` is not a valid id",
        ),
    ] {
        let reply = post(body);
        assert!(reply.problem(422).contains(field), "{body}: {}", reply.text);
    }
    assert!(
        server
            .request("POST", "/v1/access-tokens", None, r#"{"for":"st-ke-agri"}"#)
            .problem(401)
            .contains("only the operator")
    );
    let list = server.request("GET", "/v1/access-tokens", Some(KEY), "");
    assert_eq!(list.body["tokens"], serde_json::json!([]), "nothing issued");
    for bad in ["", "a%20b", "x%2Fy"] {
        let reply = server.request(
            "GET",
            &format!("/v1/access-tokens?for={bad}"),
            Some(KEY),
            "",
        );
        assert!(
            reply.problem(400).contains("query parameter `for`"),
            "{bad}: {}",
            reply.text
        );
    }

    // A deleted profile's tokens are revoked with it, and cannot bring it back.
    let token = issue(&server, "st-ca-fintech", None)["token"]
        .as_str()
        .unwrap()
        .to_string();
    let profile = server.get("/v1/profiles/st-ca-fintech").2.to_string();
    assert_eq!(
        server
            .request("DELETE", "/v1/profiles/st-ca-fintech", Some(KEY), "")
            .status,
        204
    );
    let reply = server.request("PUT", "/v1/profiles/st-ca-fintech", Some(&token), &profile);
    assert!(reply.problem(401).contains("revoked"), "{}", reply.text);
    assert_eq!(server.get("/v1/profiles/st-ca-fintech").0, 404);
}

#[test]
fn without_an_api_key_tokens_cannot_be_managed() {
    let keyless = Server::start();
    let reply = keyless.request(
        "POST",
        "/v1/access-tokens",
        Some(KEY),
        r#"{"for":"st-ke-agri"}"#,
    );
    assert!(
        reply.problem(403).contains("TANDEM_API_KEY"),
        "{}",
        reply.text
    );
    keyless
        .request("GET", "/v1/access-tokens", Some(KEY), "")
        .problem(403);
}

#[test]
fn under_keyed_reads_a_token_opens_the_profile_reads_but_not_metrics() {
    let server = Server::start_with_args(Some(KEY), &["--keyed-reads"]);
    let token = issue(&server, "st-ke-agri", None)["token"]
        .as_str()
        .unwrap()
        .to_string();
    for path in [
        "/v1/profiles/st-ke-agri",
        "/v1/profiles?limit=2",
        "/v1/search?q=farmers",
        "/v1/profiles/st-ke-agri/matches",
    ] {
        assert_eq!(
            server.request("GET", path, Some(&token), "").status,
            200,
            "{path}"
        );
        server.request("GET", path, None, "").problem(401);
    }
    server
        .request("GET", "/v1/profiles/inv-agri-ea/matches", Some(&token), "")
        .problem(403);
    server
        .request("GET", "/metrics", Some(&token), "")
        .problem(401);
    assert_eq!(server.request("GET", "/metrics", Some(KEY), "").status, 200);

    let doc = server.get("/openapi.json").2;
    let security = |method: &str, path: &str| doc["paths"][path][method]["security"].clone();
    let with_tokens = serde_json::json!([{"api_key": []}, {"bearer": []}, {"access_token": []}]);
    assert_eq!(security("get", "/v1/profiles/{id}/matches"), with_tokens);
    assert_eq!(security("put", "/v1/profiles/{id}"), with_tokens);
    assert_eq!(
        security("get", "/metrics"),
        serde_json::json!([{"api_key": []}, {"bearer": []}])
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["access_token"]["scheme"],
        "bearer"
    );
}

#[test]
fn the_command_line_issues_lists_and_revokes_and_never_shows_a_secret_twice() {
    let (root, data) = common::fixture_store();
    let run = |args: &[&str]| access_command(root.path(), &data, args);
    let output = run(&["issue", "--for", "st-ke-agri", "--expires", "30d"]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let token = ok(output).trim().to_string();
    assert!(
        token.starts_with("tdm_") && !token.contains(char::is_whitespace),
        "{token}"
    );
    assert!(
        stderr.contains("only time it is shown") && stderr.contains("Authorization: Bearer"),
        "{stderr}"
    );
    let second = ok(run(&["issue", "--for", "inv-agri-ea"]))
        .trim()
        .to_string();

    let table = ok(run(&["list"]));
    let json: Value = serde_json::from_str(&ok(run(&["list", "--format", "json"]))).unwrap();
    for listed in [&table, &json.to_string()] {
        for secret in [&token, &second] {
            assert!(
                !listed.contains(&secret[21..]),
                "a secret is listed: {listed}"
            );
        }
    }
    let tokens = json["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2, "{json}");
    assert_eq!(tokens[0]["for"], "st-ke-agri");
    assert_eq!(tokens[0]["status"], "active");
    assert!(tokens[0]["expires"].is_string());
    assert!(
        table.contains("st-ke-agri") && table.contains("active"),
        "{table}"
    );
    let mine: Value = serde_json::from_str(&ok(run(&[
        "list",
        "--for",
        "inv-agri-ea",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(mine["tokens"].as_array().unwrap().len(), 1);

    // A server on the same data takes the command line's token.
    let server = Server::start_on(std::path::Path::new(&data), Some(KEY));
    let matches = "/v1/profiles/st-ke-agri/matches";
    assert_eq!(server.request("GET", matches, Some(&token), "").status, 200);
    drop(server);

    // Revoke one by id, all of a profile's by --for.
    let id = tokens[0]["id"].as_str().unwrap();
    let stderr = String::from_utf8(run(&["revoke", "--token", id]).stderr).unwrap();
    assert!(
        stderr.contains(&format!("revoked access token {id}")),
        "{stderr}"
    );
    let stderr = String::from_utf8(run(&["revoke", "--for", "inv-agri-ea"]).stderr).unwrap();
    assert!(
        stderr.contains("revoked 1 access token of `inv-agri-ea`"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&ok(run(&["list", "--format", "json"]))).unwrap();
    for listed in json["tokens"].as_array().unwrap() {
        assert_eq!(listed["status"], "revoked", "{json}");
    }
    let server = Server::start_on(std::path::Path::new(&data), Some(KEY));
    let reply = server.request("GET", matches, Some(&token), "");
    assert!(reply.problem(401).contains("revoked"), "{}", reply.text);
    drop(server);

    // Clear failures: an unknown profile or token, a past expiry, the demo data.
    assert!(fails(run(&["issue", "--for", "nobody"])).contains("no profile with id `nobody`"));
    assert!(
        fails(run(&["revoke", "--token", "0000000000000000"]))
            .contains("no access token with id `0000000000000000`")
    );
    assert!(
        fails(run(&[
            "issue",
            "--for",
            "st-ke-agri",
            "--expires",
            "2020-01-01"
        ]))
        .contains("not in the future")
    );
    assert!(
        fails(run(&[
            "issue",
            "--for",
            "st-ke-agri",
            "--expires",
            "soonish"
        ]))
        .contains("30d")
    );
    let demo = fails(tandem(root.path(), &["access", "list"]));
    assert!(demo.contains("--data DIR"), "{demo}");
    let usage = tandem(root.path(), &["--data", &data, "access", "revoke"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "revoke needs --for or --token"
    );
}

/// A token issued with the command line while a server runs on the same data directory
/// works at the server's next request, and stops at the next request after a revocation.
#[test]
fn tokens_issued_and_revoked_by_the_command_line_count_at_a_running_servers_next_request() {
    let (root, data) = common::fixture_store();
    let server = Server::start_on(std::path::Path::new(&data), Some(KEY));
    let access = |args: &[&str]| access_command(root.path(), &data, args);
    let token = ok(access(&["issue", "--for", "st-ke-agri"]))
        .trim()
        .to_string();
    let matches = "/v1/profiles/st-ke-agri/matches";
    let reply = server.request("GET", matches, Some(&token), "");
    assert_eq!(reply.status, 200, "{}", reply.text);
    ok(access(&["revoke", "--for", "st-ke-agri"]));
    let reply = server.request("GET", matches, Some(&token), "");
    assert!(reply.problem(401).contains("revoked"), "{}", reply.text);
}

/// `access issue --base-url URL` prints the access link alone, and the link signs in.
#[test]
fn the_command_line_prints_a_ready_access_link_with_base_url() {
    let (root, data) = common::fixture_store();
    let run = |args: &[&str]| access_command(root.path(), &data, args);
    let server = Server::start_on(std::path::Path::new(&data), Some(KEY));
    let base = format!("{}/", server.base);
    let output = run(&["issue", "--for", "st-ke-agri", "--base-url", &base]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let link = ok(output).trim().to_string();
    let prefix = format!("{}/login?token=tdm_", server.base);
    assert!(
        link.starts_with(&prefix) && !link.contains(char::is_whitespace),
        "{link}"
    );
    assert!(
        stderr.contains("access link") && stderr.contains("only time it is shown"),
        "{stderr}"
    );
    // The link signs in: its page keeps the token in the sign-in cookie.
    let reply = Server::agent().get(&link).call().unwrap();
    assert_eq!(reply.status(), 200);
    let cookie = reply.headers().get("set-cookie").unwrap().to_str().unwrap();
    let token = link.split_once("token=").unwrap().1;
    assert!(
        cookie.starts_with(&format!("tandem_token={token};")),
        "{cookie}"
    );
    // Its token is an ordinary one.
    let matches = "/v1/profiles/st-ke-agri/matches";
    assert_eq!(server.request("GET", matches, Some(token), "").status, 200);

    // A base URL that is not a server's address issues nothing.
    let error = fails(run(&[
        "issue",
        "--for",
        "st-ke-agri",
        "--base-url",
        "127.0.0.1:8080",
    ]));
    assert!(error.contains("--base-url"), "{error}");
    let listed: Value = serde_json::from_str(&ok(run(&["list", "--format", "json"]))).unwrap();
    assert_eq!(listed["tokens"].as_array().unwrap().len(), 1, "{listed}");
}
