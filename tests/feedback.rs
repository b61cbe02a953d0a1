//! Feedback over HTTP, end to end: a real `tandem serve` on loopback; a profile gives, lists
//! and undoes signals, and its next ranking changes; acknowledged feedback survives kill -9.

mod common;

use serde_json::Value;

use common::server::Server;

const KEY: &str = "test-key-0123456789";

fn ids(body: &Value) -> Vec<String> {
    body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["profile"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_pass_leaves_the_matches_and_a_like_says_why() {
    let server = Server::start_with(Some(KEY));
    let matches = "/v1/profiles/inv-angel/matches?limit=7";
    let before = server.request("GET", matches, Some(KEY), "");
    assert_eq!(before.status, 200, "{}", before.text);
    let first = ids(&before.body)[0].clone();
    let second = ids(&before.body)[1].clone();

    let feedback = "/v1/profiles/inv-angel/feedback";
    let pass = format!(r#"{{"to":"{first}","signal":"pass"}}"#);
    let given = server.request("POST", feedback, Some(KEY), &pass);
    assert_eq!(given.status, 201, "{}", given.text);
    assert_eq!(given.body["signal"], "pass");
    assert_eq!(
        server.request("POST", feedback, Some(KEY), &pass).status,
        200,
        "the same signal twice is one"
    );

    let after = server.request("GET", matches, Some(KEY), "");
    assert!(!ids(&after.body).contains(&first), "{}", after.text);
    let shown = server.request(
        "GET",
        &format!("{matches}&include_passed=true"),
        Some(KEY),
        "",
    );
    assert!(ids(&shown.body).contains(&first));
    // What resembles the passed start-up is placed lower, and says so.
    let deep = server.request(
        "GET",
        "/v1/profiles/inv-angel/matches?limit=100",
        Some(KEY),
        "",
    );
    let lowered: Vec<&Value> = deep.body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["feedback"]["lowered"].is_string())
        .collect();
    assert!(!lowered.is_empty(), "{}", deep.text);
    for m in lowered {
        assert_eq!(m["feedback"]["passed_alike"]["id"], first.as_str());
        let why = m["feedback"]["lowered"].as_str().unwrap();
        assert!(why.ends_with("which you passed on"), "{why}");
    }
    let public = server.get(matches);
    assert_eq!(
        ids(&public.2),
        ids(&before.body),
        "without a credential, the public ranking: feedback is private"
    );

    let like = format!(r#"{{"to":"{second}","signal":"like","at":"2026-11-30"}}"#);
    assert_eq!(
        server.request("POST", feedback, Some(KEY), &like).status,
        201
    );
    let liked = server.request("GET", matches, Some(KEY), "");
    let reasons: Vec<&str> = liked.body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["feedback"]["reason"].as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("which you liked")),
        "{}",
        liked.text
    );

    let list = server.request("GET", feedback, Some(KEY), "");
    assert_eq!(list.status, 200);
    assert_eq!(
        list.body["feedback"].as_array().unwrap().len(),
        2,
        "{}",
        list.text
    );
    let at: Vec<&str> = list.body["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["at"].as_str())
        .collect();
    assert!(at.contains(&"2026-11-30T00:00:00Z"), "{}", list.text);

    let undo = server.request("DELETE", &format!("{feedback}/{first}"), Some(KEY), "");
    assert_eq!(undo.status, 200, "{}", undo.text);
    assert_eq!(
        server
            .request("DELETE", &format!("{feedback}/{first}"), Some(KEY), "")
            .status,
        404,
        "nothing left to undo"
    );
    let back = server.request("GET", matches, Some(KEY), "");
    assert!(ids(&back.body).contains(&first));
}

#[test]
fn bad_feedback_gets_problem_details_naming_the_field() {
    let server = Server::start_with(Some(KEY));
    let feedback = "/v1/profiles/inv-angel/feedback";
    let cases = [
        (r#"{"to":"st-small-ask","signal":"love"}"#, 422, "`signal`"),
        (r#"{"to":"st-small-ask"}"#, 422, "signal"),
        (
            r#"{"to":"st-small-ask","signal":"like","at":"yesterday"}"#,
            422,
            "`at`",
        ),
        (
            r#"{"to":"st-small-ask","signal":"like","extra":1}"#,
            422,
            "extra",
        ),
        (r#"{"to":"nobody","signal":"like"}"#, 404, "`nobody`"),
        (r#"{"to":"inv-angel","signal":"like"}"#, 422, "itself"),
        (
            r#"{"to":"inv-agri-ea","signal":"deal"}"#,
            422,
            "a deal is between",
        ),
    ];
    for (body, status, says) in cases {
        let reply = server.request("POST", feedback, Some(KEY), body);
        assert_eq!(reply.status, status, "{body}: {}", reply.text);
        assert_eq!(reply.header("content-type"), "application/problem+json");
        assert!(
            reply.body["detail"].as_str().unwrap().contains(says),
            "{body}: {}",
            reply.text
        );
    }
    let unknown = server.request(
        "POST",
        "/v1/profiles/nobody/feedback",
        Some(KEY),
        r#"{"to":"st-small-ask","signal":"like"}"#,
    );
    assert_eq!(unknown.status, 404);
    assert_eq!(
        server
            .request(
                "POST",
                feedback,
                None,
                r#"{"to":"st-small-ask","signal":"like"}"#
            )
            .status,
        401,
        "feedback needs a credential"
    );
    assert_eq!(
        server.request("GET", feedback, None, "").status,
        401,
        "and is private"
    );
    assert_eq!(
        server.request("GET", feedback, Some(KEY), "").body["feedback"],
        serde_json::json!([])
    );
}

#[test]
fn a_deal_joins_the_shared_history_and_feedback_survives_kill_9() {
    let (_root, data) = common::fixture_store();
    let data = std::path::PathBuf::from(data);
    let server = Server::start_on(&data, Some(KEY));
    let deal = r#"{"to":"st-small-ask","signal":"deal"}"#;
    let reply = server.request("POST", "/v1/profiles/inv-angel/feedback", Some(KEY), deal);
    assert_eq!(reply.status, 201, "{}", reply.text);
    let (_, _, startup) = server.get("/v1/profiles/st-small-ask");
    assert_eq!(startup["backers"], serde_json::json!(["inv-angel"]));
    // Dropping the server kills it with SIGKILL: no chance to flush anything after the
    // acknowledged answer.
    drop(server);

    let again = Server::start_on(&data, Some(KEY));
    let list = again.request("GET", "/v1/profiles/inv-angel/feedback", Some(KEY), "");
    assert_eq!(list.body["feedback"][0]["signal"], "deal", "{}", list.text);
    let (_, _, investor) = again.get("/v1/profiles/inv-angel");
    assert_eq!(investor["portfolio"], serde_json::json!(["st-small-ask"]));
}

/// The README's flow: the operator issues a token; the profile likes and passes with it and
/// sees its next ranking change; another profile's token and no credential are refused, and
/// a revoked token stops working.
#[test]
fn a_profile_gives_feedback_with_its_own_token_and_no_other() {
    let server = Server::start_with(Some(KEY));
    let issue = |profile: &str| {
        let body = format!(r#"{{"for":"{profile}"}}"#);
        let reply = server.request("POST", "/v1/access-tokens", Some(KEY), &body);
        assert_eq!(reply.status, 201, "{}", reply.text);
        (
            reply.body["token"].as_str().unwrap().to_string(),
            reply.body["id"].as_str().unwrap().to_string(),
        )
    };
    let (own, own_id) = issue("inv-angel");
    let (other, _) = issue("inv-agri-ea");
    let matches = "/v1/profiles/inv-angel/matches";
    let feedback = "/v1/profiles/inv-angel/feedback";
    let before = ids(&server.request("GET", matches, Some(&own), "").body);

    let pass = format!(r#"{{"to":"{}","signal":"pass"}}"#, before[0]);
    let reply = server.request("POST", feedback, Some(&own), &pass);
    assert_eq!(reply.status, 201, "{}", reply.text);
    let after = ids(&server.request("GET", matches, Some(&own), "").body);
    assert!(!after.contains(&before[0]), "the pass left: {after:?}");
    assert_eq!(
        ids(&server.get(matches).2),
        before,
        "others see the public ranking"
    );

    assert_eq!(
        server.request("POST", feedback, Some(&other), &pass).status,
        403
    );
    assert_eq!(
        server.request("GET", feedback, Some(&other), "").status,
        403
    );
    assert_eq!(
        server.request("GET", matches, Some(&other), "").status,
        403,
        "another profile's matches"
    );
    assert_eq!(server.request("POST", feedback, None, &pass).status, 401);
    assert_eq!(server.request("GET", feedback, Some(&own), "").status, 200);

    let revoke = format!("/v1/access-tokens/{own_id}");
    assert_eq!(server.request("DELETE", &revoke, Some(KEY), "").status, 204);
    assert_eq!(server.request("GET", feedback, Some(&own), "").status, 401);
    assert_eq!(server.request("GET", matches, Some(&own), "").status, 401);
}

/// The digest leaves out what the profile already gave feedback about, for the profile
/// itself; the public digest does not know its feedback.
#[test]
fn the_digest_leaves_out_what_the_profile_passed_on_or_liked() {
    let server = Server::start_with(Some(KEY));
    let digest = "/v1/profiles/inv-angel/digest?since=2000-01-01&limit=20";
    let listed = |reply: &common::server::Reply| -> Vec<String> {
        reply.body["matches"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", reply.text))
            .iter()
            .map(|m| {
                m["id"]
                    .as_str()
                    .or(m["profile"]["id"].as_str())
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = listed(&server.request("GET", digest, Some(KEY), ""));
    let feedback = "/v1/profiles/inv-angel/feedback";
    for (to, signal) in [(&before[0], "pass"), (&before[1], "like")] {
        let body = format!(r#"{{"to":"{to}","signal":"{signal}"}}"#);
        assert_eq!(
            server.request("POST", feedback, Some(KEY), &body).status,
            201
        );
    }
    let own = listed(&server.request("GET", digest, Some(KEY), ""));
    assert!(
        !own.contains(&before[0]) && !own.contains(&before[1]),
        "{own:?}"
    );
    assert_eq!(own.len(), before.len() - 2);
    let public = listed(&server.request("GET", digest, None, ""));
    assert_eq!(public, before, "the public digest knows no one's feedback");
}
