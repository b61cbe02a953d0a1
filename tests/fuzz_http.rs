//! Bounded, seeded fuzzing of every HTTP operation, driven by the served `/openapi.json`.
//!
//! For each operation the document lists, requests are generated from its parameters (path
//! and query: wrong-typed, empty, huge, unicode, percent-encoded invalid UTF-8, outside the
//! documented bounds and enums, repeated, unknown) and request bodies (profiles broken
//! field by field from the body's schema, JSON Lines with a bad line, deep nesting, invalid
//! UTF-8, oversized, empty, wrong content types), with and without the API key. New routes
//! are covered as soon as they are documented.
//!
//! Nothing may answer 5xx, hang (every request has a timeout) or panic (the server's standard
//! error is searched for "panicked"), and a rejected write must leave the stored profiles as
//! they were. Requests go over raw TCP so that anything, however malformed, can be sent.
//!
//! A plain binary (`harness = false`): it prints how many requests it tried, which libtest
//! would hide. `TANDEM_FUZZ_SCALE=N` multiplies the request count and the time budget.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::server::Server;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

const KEY: &str = "fuzz-api-key-0123456789";
const SEED: u64 = 12;
/// Requests per operation, and the time they may take in all (debug build).
const ROUNDS: usize = 150;
const BUDGET: Duration = Duration::from_secs(20);
/// Longest a single request may take before it counts as a hang.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    let scale = std::env::var("TANDEM_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let started = Instant::now();
    let mut server = Server::start_logged(Some(KEY), &[]);
    let address = server.base.trim_start_matches("http://").to_string();
    let client = Client { address };

    let doc = client.send(&Request::get("/openapi.json")).json();
    let operations = operations(&doc);
    assert!(!operations.is_empty(), "the document lists no operations");
    let fixture: Vec<Value> = std::fs::read_to_string(common::fixture())
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut stored = client.stored();
    let mut run = Run::default();
    let budget = BUDGET * scale;
    'rounds: for _ in 0..ROUNDS * scale as usize {
        for op in &operations {
            if started.elapsed() > budget {
                run.out_of_time = true;
                break 'rounds;
            }
            let ids: Vec<String> = stored.keys().cloned().collect();
            let request = generate(op, &doc, &fixture, &ids, &mut rng);
            let reply = client.send(&request);
            run.count(op, &reply);
            if let Err(e) = check(&request, &reply) {
                run.fail(format!("{} {}: {e}", request.method, request.shown()));
                continue;
            }
            if request.method != "GET" {
                let now = client.stored();
                if (400..500).contains(&reply.status) {
                    run.rejected_writes += 1;
                    if now != stored {
                        run.fail(format!(
                            "{} {} was rejected ({}) but changed the stored profiles",
                            request.method,
                            request.shown(),
                            reply.status
                        ));
                    }
                }
                stored = now;
            }
        }
    }

    server.terminate();
    let log = server.log();
    if let Some(at) = log.find("panicked") {
        let from = log[..at].rfind('\n').map_or(0, |i| i + 1);
        run.fail(format!(
            "the server panicked: {}",
            &log[from..log.len().min(at + 500)]
        ));
    }
    // The data directory itself, read after the server let go of it, holds what the API showed.
    let store = tandem_engine::Store::open(server.data_dir()).expect("the data directory opens");
    let on_disk: BTreeMap<String, Value> = store
        .snapshot()
        .profiles(None)
        .unwrap()
        .iter()
        .map(|p| (p.id.clone(), serde_json::to_value(p).unwrap()))
        .collect();
    if on_disk != stored {
        run.fail("the data directory differs from what the API last listed".into());
    }

    let untried: Vec<String> = operations
        .iter()
        .filter(|op| !run.by_operation.contains_key(&op.name()))
        .map(Operation::name)
        .collect();
    if !untried.is_empty() {
        run.fail(format!("operations never tried: {untried:?}"));
    }
    println!(
        "fuzz_http: {} requests to {} operations read from /openapi.json in {:.1} s{}; \
         statuses {:?}; {} rejected writes left the data unchanged; {} failed",
        run.total,
        operations.len(),
        started.elapsed().as_secs_f64(),
        if run.out_of_time {
            " (time budget reached)"
        } else {
            ""
        },
        run.statuses,
        run.rejected_writes,
        run.failures.len()
    );
    for (name, count) in &run.by_operation {
        println!("  {name}: {count}");
    }
    if !run.failures.is_empty() {
        for failure in run.failures.iter().take(30) {
            eprintln!("FAILED {failure}");
        }
        std::process::exit(1);
    }
}

#[derive(Default)]
struct Run {
    total: usize,
    statuses: BTreeMap<u16, usize>,
    by_operation: BTreeMap<String, usize>,
    rejected_writes: usize,
    failures: Vec<String>,
    out_of_time: bool,
}

impl Run {
    fn count(&mut self, op: &Operation, reply: &Reply) {
        self.total += 1;
        *self.statuses.entry(reply.status).or_default() += 1;
        *self.by_operation.entry(op.name()).or_default() += 1;
    }

    fn fail(&mut self, what: String) {
        let shown: String = what.chars().take(1_500).collect();
        self.failures.push(shown);
    }
}

/// What every answer must be: a response, in time, not a server error; an error is
/// problem+json (bar hyper's own 414 and 431, sent before the router sees the request).
fn check(request: &Request, reply: &Reply) -> Result<(), String> {
    if let Some(e) = &reply.transport {
        return Err(format!("no answer: {e}"));
    }
    if reply.took > REQUEST_TIMEOUT {
        return Err(format!("took {:?}", reply.took));
    }
    if reply.status >= 500 || reply.status < 100 {
        return Err(format!("answered {}: {}", reply.status, reply.text()));
    }
    if reply.status >= 400 && ![414, 431].contains(&reply.status) {
        let content_type = reply.header("content-type");
        if content_type != "application/problem+json" {
            return Err(format!(
                "a {} is `{content_type}`, not problem+json: {}",
                reply.status,
                reply.text()
            ));
        }
        let detail = reply.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if detail.is_empty() {
            return Err(format!(
                "a {} has no detail: {}",
                reply.status,
                reply.text()
            ));
        }
    }
    let _ = request;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The document

struct Operation {
    method: String,
    path: String,
    params: Vec<Param>,
    /// Media types of the request body, if it takes one.
    bodies: Vec<String>,
    /// The body's schema (resolved from `components` when a reference).
    body_schema: Option<Value>,
}

impl Operation {
    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

struct Param {
    name: String,
    location: String,
    required: bool,
    schema: Value,
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            let params = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| Param {
                            name: p["name"].as_str().unwrap().to_string(),
                            location: p["in"].as_str().unwrap().to_string(),
                            required: p["required"].as_bool().unwrap_or(false),
                            schema: resolve(doc, &p["schema"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let content = &op["requestBody"]["content"];
            let bodies: Vec<String> = content
                .as_object()
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default();
            let body_schema = content
                .as_object()
                .and_then(|c| c.values().find_map(|m| m.get("schema")))
                .map(|s| resolve(doc, s));
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                params,
                bodies,
                body_schema,
            });
        }
    }
    out
}

/// A schema with a top-level `$ref` (or a nullable `oneOf`/`anyOf` around one) resolved.
fn resolve(doc: &Value, schema: &Value) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return resolve(doc, &doc["components"]["schemas"][name]);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema[key]
            .as_array()
            .and_then(|v| v.iter().find(|s| s["type"] != "null"))
        {
            return resolve(doc, first);
        }
    }
    schema.clone()
}

/// The schema's type: the first non-null one when it lists several.
fn type_of(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(t) => t,
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    }
}

// ---------------------------------------------------------------------------------------
// Generation

/// Text that is hostile to any parameter.
const HOSTILE: [&str; 36] = [
    "",
    " ",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "-1e309",
    "18446744073709551616",
    "99999999999999999999999999999",
    "NaN",
    "inf",
    "-Infinity",
    "true",
    "null",
    "[]",
    "{}",
    ",",
    ",,,",
    "\u{202e}cilbup\u{202c}",
    "🦄🦄",
    "e\u{301}\u{301}\u{301}",
    "\0",
    "a\u{0}b",
    "%",
    "+",
    "'; DROP TABLE profiles; --",
    "../../etc/passwd",
    "*",
    "\"",
    "\\",
    "title:( AND",
    "\"unclosed phrase",
    "\u{feff}",
    "\r\n",
    "startup,,investor,,",
];

/// Already percent-encoded: bytes that are not UTF-8, and a broken escape.
const RAW_ENCODED: [&str; 6] = ["%FF", "%C0%80", "%ED%A0%80", "%E2%82", "%FE%FF", "%ZZ"];

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A value for a parameter: mostly outside what its schema allows, sometimes inside it (so
/// that the other parameters of the request are read too). Returned percent-encoded.
fn value(schema: &Value, rng: &mut ChaCha8Rng) -> String {
    let kind = type_of(schema);
    let min = schema["minimum"].as_f64();
    let max = schema["maximum"].as_f64();
    let roll = rng.random_range(0..100);
    if roll < 20 {
        // Inside the schema: an example, an enum value or a bound.
        let valid = schema["example"]
            .as_str()
            .map(str::to_string)
            .or_else(|| {
                schema["enum"]
                    .as_array()
                    .and_then(|e| e.choose(rng))
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .or_else(|| min.map(|m| m.to_string()))
            .unwrap_or_else(|| match kind {
                "integer" | "number" => "5".into(),
                "boolean" => "true".into(),
                _ => ["startup", "investor", "KE", "seed", "agritech", "solar"]
                    [rng.random_range(0..6)]
                .into(),
            });
        return encode(&valid);
    }
    if roll < 40 {
        // Just outside the schema's own bounds and lists.
        let mut outside = Vec::new();
        if let Some(min) = min {
            outside.extend([min - 1.0, min - 1e6, min - 0.5].map(|v| v.to_string()));
        }
        if let Some(max) = max {
            outside.extend([max + 1.0, max * 1e6, max + 0.5].map(|v| v.to_string()));
        }
        if let Some(values) = schema["enum"].as_array() {
            for v in values.iter().filter_map(Value::as_str) {
                outside.push(format!("{v}x"));
                outside.push(v.to_uppercase() + "\u{301}");
            }
        }
        match kind {
            "integer" => outside.extend(["1.0", "1e2", "0x10", "+5", "5 "].map(String::from)),
            "number" => outside.extend(["1e400", "0x1p3", "1,5", "NaN"].map(String::from)),
            "boolean" => outside.extend(["yes", "1", "TRUE", "on", "tru"].map(String::from)),
            _ => outside.extend(["nope", "kenya,narnia", "seed,seeed"].map(String::from)),
        }
        return encode(outside.choose(rng).unwrap());
    }
    if roll < 55 {
        return RAW_ENCODED.choose(rng).unwrap().to_string();
    }
    if roll < 62 {
        // Huge: 100 KB (hyper refuses such a request line itself) or 6 KB (which reaches
        // the handlers).
        let unit = ["9", "x", "ü", "🦄", ",", "a,"].choose(rng).unwrap();
        let size = *[100_000, 6_000].choose(rng).unwrap();
        return encode(&unit.repeat(size / unit.len()));
    }
    encode(HOSTILE.choose(rng).unwrap())
}

/// Hostile path segments for an id (percent-encoded, so they stay one segment).
fn path_value(ids: &[String], rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..10) {
        0..=2 if !ids.is_empty() => ids.choose(rng).unwrap().clone(),
        3 => RAW_ENCODED.choose(rng).unwrap().to_string(),
        4 => encode(&"i".repeat(100_000)),
        5 => ["%2F", "..", "%2E%2E", ".", "%00", "a%2Fb"]
            .choose(rng)
            .unwrap()
            .to_string(),
        6 => encode(&"x".repeat(65)),
        _ => encode(HOSTILE.choose(rng).unwrap()),
    }
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Request {
    fn get(target: &str) -> Request {
        Request {
            method: "GET".into(),
            target: target.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The request line as it may be shown: long targets are cut.
    fn shown(&self) -> String {
        let target: String = self.target.chars().take(200).collect();
        let body: String = String::from_utf8_lossy(&self.body)
            .chars()
            .take(300)
            .collect();
        format!("{target} ({} body bytes: {body:?})", self.body.len())
    }
}

fn generate(
    op: &Operation,
    doc: &Value,
    fixture: &[Value],
    ids: &[String],
    rng: &mut ChaCha8Rng,
) -> Request {
    let mut path = op.path.clone();
    let mut path_id = None;
    for p in op.params.iter().filter(|p| p.location == "path") {
        let v = path_value(ids, rng);
        path_id = Some(v.clone());
        path = path.replace(&format!("{{{}}}", p.name), &v);
    }
    let mut query: Vec<String> = Vec::new();
    for p in op.params.iter().filter(|p| p.location == "query") {
        if p.required || rng.random_bool(0.5) {
            query.push(format!("{}={}", encode(&p.name), value(&p.schema, rng)));
        }
    }
    let queried: Vec<&Param> = op.params.iter().filter(|p| p.location == "query").collect();
    if !queried.is_empty() && rng.random_bool(0.15) {
        // The same parameter twice.
        let p = queried.choose(rng).unwrap();
        query.push(format!("{}={}", p.name, value(&p.schema, rng)));
        query.push(format!("{}={}", p.name, value(&p.schema, rng)));
    }
    match rng.random_range(0..20) {
        0 => query.push("zzz=1".into()),
        1 => query.push("&&=&=%".into()),
        2 => query.push(format!("{}=", encode(HOSTILE.choose(rng).unwrap()))),
        _ => {}
    }
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    let mut headers = Vec::new();
    match rng.random_range(0..6) {
        0 | 1 => headers.push(("X-API-Key".into(), KEY.as_bytes().to_vec())),
        2 => headers.push(("Authorization".into(), format!("Bearer {KEY}").into_bytes())),
        3 => headers.push(("X-API-Key".into(), [KEY.as_bytes(), b"\xff"].concat())),
        4 => headers.push(("Authorization".into(), b"Basic Zm9vOmJhcg==".to_vec())),
        _ => {}
    }
    let mut body = Vec::new();
    if !op.bodies.is_empty() || rng.random_bool(0.1) {
        let content_type = match rng.random_range(0..8) {
            0 => Some("text/plain".to_string()),
            1 => Some("application/x-www-form-urlencoded".into()),
            2 => Some("multipart/form-data; boundary=zz".into()),
            3 => None,
            _ => op.bodies.choose(rng).cloned(),
        };
        if let Some(c) = content_type {
            headers.push(("Content-Type".into(), c.into_bytes()));
        }
        body = body_for(op, doc, fixture, path_id.as_deref(), rng);
    }
    Request {
        method: op.method.clone(),
        target,
        headers,
        body,
    }
}

/// A fixture profile, with the path's id when the operation has one that is a plain id.
fn base_profile(fixture: &[Value], path_id: Option<&str>, rng: &mut ChaCha8Rng) -> Value {
    let mut p = fixture.choose(rng).unwrap().clone();
    if let Some(id) = path_id.filter(|id| id.len() <= 64 && !id.contains('%')) {
        p["id"] = json!(id);
    }
    p
}

/// A value of the wrong type (or outside the bounds and enums) for a property's schema.
fn wrong_for(schema: &Value, rng: &mut ChaCha8Rng) -> String {
    let mut choices: Vec<String> = vec![
        "null".into(),
        "{}".into(),
        "[[[[[[]]]]]]".into(),
        json!("\u{202e}\u{0}🦄").to_string(),
        "1e309".into(),
        "-1e309".into(),
    ];
    match type_of(schema) {
        "string" => choices.extend(["123", "[\"a\"]", "true", "\"\"", "-0"].map(String::from)),
        "integer" | "number" => choices.extend(
            [
                "\"NaN\"",
                "\"Infinity\"",
                "\"-0\"",
                "-1",
                "18446744073709551616",
                "1e300",
                "-1e300",
                "1.5",
                "true",
            ]
            .map(String::from),
        ),
        "array" => choices.extend(["\"x\"", "[1]", "[null]", "[\"nope\"]", "{}"].map(String::from)),
        _ => choices.push("\"x\"".into()),
    }
    if let Some(max) = schema["maximum"].as_f64() {
        choices.push((max + 1.0).to_string());
    }
    if let Some(min) = schema["minimum"].as_f64() {
        choices.push((min - 1.0).to_string());
    }
    if let Some(n) = schema["maxLength"].as_u64() {
        choices.push(json!("x".repeat(n as usize + 1)).to_string());
    }
    if schema["enum"].is_array() || schema["items"]["enum"].is_array() {
        choices.push("\"not-in-the-enum\"".into());
        choices.push("[\"not-in-the-enum\"]".into());
    }
    choices.push(json!("y".repeat(rng.random_range(1_000..200_000))).to_string());
    choices.choose(rng).unwrap().clone()
}

/// A profile object with raw JSON values put in for some of its properties.
fn with_raw(profile: &Value, raw: &[(String, String)]) -> String {
    let mut object = profile.as_object().unwrap().clone();
    for (k, _) in raw {
        object.remove(k);
    }
    let rest = Value::Object(object).to_string();
    let mut fields: Vec<String> = raw
        .iter()
        .map(|(k, v)| format!("{}:{v}", json!(k)))
        .collect();
    fields.push(rest[1..rest.len() - 1].to_string());
    format!(
        "{{{}}}",
        fields
            .into_iter()
            .filter(|f| !f.is_empty())
            .collect::<Vec<_>>()
            .join(",")
    )
}

fn body_for(
    op: &Operation,
    doc: &Value,
    fixture: &[Value],
    path_id: Option<&str>,
    rng: &mut ChaCha8Rng,
) -> Vec<u8> {
    let _ = doc;
    let profile = base_profile(fixture, path_id, rng);
    let properties: Vec<(String, Value)> = op
        .body_schema
        .as_ref()
        .and_then(|s| s["properties"].as_object())
        .map(|ps| ps.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    match rng.random_range(0..16) {
        // Valid: such writes succeed and change the data, which later checks then follow.
        0 | 1 => profile.to_string().into_bytes(),
        // Broken property by property, from the body's schema.
        2..=6 if !properties.is_empty() => {
            let n = rng.random_range(1..=3);
            let raw: Vec<(String, String)> = (0..n)
                .map(|_| {
                    let (name, schema) = properties.choose(rng).unwrap();
                    (name.clone(), wrong_for(schema, rng))
                })
                .collect();
            with_raw(&profile, &raw).into_bytes()
        }
        7 => with_raw(&profile, &[("zz_unknown".into(), "1".into())]).into_bytes(),
        8 => {
            // JSON Lines: valid lines and one bad one, or a repeated id.
            let mut lines: Vec<String> = (0..rng.random_range(1..5))
                .map(|_| base_profile(fixture, None, rng).to_string())
                .collect();
            let bad = if rng.random_bool(0.5) {
                lines[0].clone()
            } else {
                with_raw(&profile, &[("sectors".into(), "[\"nope\"]".into())])
            };
            let at = rng.random_range(0..=lines.len());
            lines.insert(at, bad);
            lines.join("\n").into_bytes()
        }
        9 => {
            let depth = 10_000;
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
        }
        10 => {
            let mut bytes = profile.to_string().into_bytes();
            let at = rng.random_range(0..bytes.len());
            bytes.splice(at..at, [0xff, 0xc0, 0x80]);
            bytes
        }
        11 => {
            let text = profile.to_string();
            let cut = rng.random_range(1..text.len());
            text.as_bytes()[..cut].to_vec()
        }
        12 => vec![b' '; (1 << 20) + rng.random_range(1..4096)],
        13 => Vec::new(),
        14 => [
            "null",
            "[]",
            "\"x\"",
            "1e309",
            "NaN",
            "{\"id\":1e309}",
            "\u{feff}{}",
        ]
        .choose(rng)
        .unwrap()
        .as_bytes()
        .to_vec(),
        _ => profile
            .to_string()
            .replace(
                "\"name\":\"",
                &format!("\"name\":\"{}", "\u{202e}🦄e\u{301}"),
            )
            .into_bytes(),
    }
}

// ---------------------------------------------------------------------------------------
// A raw HTTP/1.1 client

struct Client {
    address: String,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    took: Duration,
    transport: Option<String>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body)
            .chars()
            .take(500)
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Client {
    /// Sends one request on its own connection (`Connection: close`) and reads the answer.
    /// Writing may fail when the server answers early (413) and closes; the answer is read
    /// whatever happened.
    fn send(&self, request: &Request) -> Reply {
        let started = Instant::now();
        let failed = |e: String| Reply {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
            took: started.elapsed(),
            transport: Some(e),
        };
        let mut stream = match TcpStream::connect(&self.address) {
            Ok(s) => s,
            Err(e) => return failed(format!("connect: {e}")),
        };
        stream.set_read_timeout(Some(REQUEST_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(REQUEST_TIMEOUT)).unwrap();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            request.method,
            request.target,
            self.address,
            request.body.len()
        )
        .into_bytes();
        for (name, value) in &request.headers {
            head.extend_from_slice(name.as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(value);
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n");
        let _ = stream
            .write_all(&head)
            .and_then(|()| stream.write_all(&request.body));
        let mut raw = Vec::new();
        if let Err(e) = stream.read_to_end(&mut raw)
            && raw.is_empty()
        {
            return failed(format!("read: {e}"));
        }
        let took = started.elapsed();
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            return failed(format!("no response head in {} bytes", raw.len()));
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
        if chunked {
            body = dechunk(&body);
        }
        Reply {
            status,
            headers,
            body,
            took,
            transport: None,
        }
    }

    /// Every stored profile by id, read page by page through the API.
    fn stored(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut target = "/v1/profiles?limit=1000".to_string();
            if let Some(c) = &cursor {
                target += &format!("&cursor={}", encode(c));
            }
            let reply = self.send(&Request::get(&target));
            assert_eq!(reply.status, 200, "listing failed: {}", reply.text());
            let page = reply.json();
            for p in page["profiles"].as_array().unwrap() {
                out.insert(p["id"].as_str().unwrap().to_string(), p.clone());
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => return out,
            }
        }
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap().trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}
