//! Hostile inputs for every file the engine reads: profile JSON Lines, weights files (TOML,
//! JSON) and benchmark CSVs. Seeded proptest properties plus the explicit cases of issue 12
//! (truncated lines, wrong types, huge and negative numbers, NaN-like values, deep nesting,
//! invalid UTF-8, 10 MB strings, duplicate ids).
//!
//! The properties: nothing panics or hangs; every rejection names the line (and the field or
//! column where one applies) and what was expected; valid input still parses and round-trips;
//! a rejected import leaves the store as it was.
//!
//! This is a plain binary (`harness = false` in Cargo.toml) rather than `#[test]`s, because
//! libtest hides a passing test's output and issue 12 asks that the run print how many
//! inputs it tried. The runs are seeded (same inputs every time); `TANDEM_FUZZ_SCALE=N`
//! multiplies every case count for a longer run.

use std::fmt::Debug;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{Value, json};
use tandem_engine::eval::{Benchmark, Date};
use tandem_engine::profile::{Profile, ProfileError};
use tandem_engine::synth::{SynthConfig, generate};
use tandem_engine::{Store, Weights, jsonl};

fn main() {
    let started = Instant::now();
    let mut fuzz = Fuzz::default();
    let pool = generate(&SynthConfig {
        startups: 30,
        investors: 12,
        partners: 8,
        seed: 12,
    });

    fuzz.property("jsonl: hostile lines", 256, files(&pool), |file| {
        check_jsonl(&pool, &file)
    });
    fuzz.property(
        "jsonl: arbitrary text",
        256,
        prop::collection::vec(garbage_line(), 1..8),
        |lines| check_garbage(&lines),
    );
    fuzz.property("jsonl: invalid UTF-8 bytes", 128, bad_utf8(&pool), |case| {
        check_bad_utf8(&pool, &case)
    });
    let store_dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(store_dir.path()).unwrap();
    store.import(&pool[..20], &()).unwrap();
    fuzz.property(
        "store: rejected imports",
        24,
        files(&pool).prop_filter("has a bad line", |f| f.lines.iter().any(Line::is_broken)),
        |file| check_rejected_import(&store, &pool, &file),
    );
    fuzz.property("weights files", 256, weights_files(), |file| {
        check_weights(&file)
    });
    fuzz.property("benchmark CSVs", 192, benchmarks(), |bench| {
        check_benchmark(&bench)
    });
    fuzz.property("benchmark dates", 512, date_text(), |text| {
        check_date(&text)
    });

    explicit_jsonl_cases(&mut fuzz, &pool);
    explicit_store_cases(&mut fuzz, &store, &pool);
    explicit_weights_cases(&mut fuzz);
    explicit_benchmark_cases(&mut fuzz);

    println!(
        "hostile inputs: {} inputs tried ({} properties, {} explicit cases) in {:.1} s; {} failed",
        fuzz.tried,
        fuzz.properties,
        fuzz.cases,
        started.elapsed().as_secs_f64(),
        fuzz.failures.len()
    );
    if !fuzz.failures.is_empty() {
        for failure in &fuzz.failures {
            eprintln!("FAILED {failure}");
        }
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------------------------------
// The runner

#[derive(Default)]
struct Fuzz {
    tried: usize,
    properties: usize,
    cases: usize,
    failures: Vec<String>,
}

/// A case count times `TANDEM_FUZZ_SCALE` (default 1).
fn scaled(cases: u32) -> u32 {
    let scale = std::env::var("TANDEM_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}

impl Fuzz {
    /// Runs a seeded property; counts every input tried, shrinking included.
    fn property<S: Strategy>(
        &mut self,
        name: &str,
        cases: u32,
        strategy: S,
        test: impl Fn(S::Value) -> Result<(), TestCaseError>,
    ) where
        S::Value: Debug,
    {
        let config = Config {
            cases: scaled(cases),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
        let tried = std::cell::Cell::new(0usize);
        let started = Instant::now();
        let outcome = runner.run(&strategy, |value| {
            tried.set(tried.get() + 1);
            test(value)
        });
        self.tried += tried.get();
        self.properties += 1;
        let verdict = match outcome {
            Ok(()) => "ok".to_string(),
            Err(e) => {
                let e = e.to_string();
                let shown: String = e.chars().take(4_000).collect();
                self.failures.push(format!("{name}: {shown}"));
                "FAILED".to_string()
            }
        };
        println!(
            "  {name}: {} inputs, {:.2} s, {verdict}",
            tried.get(),
            started.elapsed().as_secs_f64()
        );
    }

    /// Runs one explicit case, which must finish within `limit` and not panic.
    fn case(&mut self, name: &str, limit: Duration, test: impl FnOnce() -> Result<(), String>) {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(test))
            .unwrap_or_else(|_| Err("panicked".into()));
        let took = started.elapsed();
        self.tried += 1;
        self.cases += 1;
        let outcome = outcome.and_then(|()| {
            if took > limit {
                Err(format!("took {took:?}, over the {limit:?} allowed"))
            } else {
                Ok(())
            }
        });
        if let Err(e) = outcome {
            let shown: String = e.chars().take(2_000).collect();
            self.failures.push(format!("{name}: {shown}"));
        }
    }
}

/// `prop_assert!` for plain booleans with a formatted message.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($arg)+)));
        }
    };
}

/// `ensure!` for explicit cases, which return `Result<(), String>`.
macro_rules! require {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(format!($($arg)+));
        }
    };
}

/// Whether an error message says what was expected or allowed (the project's rule for every
/// rejection), in one of the phrasings the engine uses.
fn says_what_is_expected(message: &str) -> bool {
    [
        "expected",
        "must",
        "at most",
        "allowed",
        "only",
        "already appears",
        "is not used for",
    ]
    .iter()
    .any(|p| message.contains(p))
}

// ---------------------------------------------------------------------------------------
// Profile JSON Lines

/// A change to one line that certainly makes it invalid, with the field the error must name
/// (`""`: the error may name any field or none, e.g. truncated JSON).
#[derive(Debug, Clone)]
enum Break {
    /// Sets `field` to this JSON text.
    Set(&'static str, String),
    /// Cuts the line after this fraction of its characters (at least one is kept).
    Truncate(f64),
    /// Adds a field no profile has.
    Unknown(String),
    /// Nests `sectors` this deep.
    Deep(usize),
    /// Gives the line the id of the line this many lines before (if that one is valid).
    DuplicateOf(usize),
}

/// A line: a valid profile from the pool, possibly changed in a way that may or may not be
/// legal, or certainly broken.
#[derive(Debug, Clone)]
enum Line {
    Valid(usize),
    Maybe(usize, &'static str, String),
    Broken(usize, Break),
}

impl Line {
    fn is_broken(&self) -> bool {
        matches!(self, Line::Broken(_, b) if !matches!(b, Break::DuplicateOf(_)))
    }
}

#[derive(Debug, Clone)]
struct File {
    lines: Vec<Line>,
    /// Blank lines inserted before these line positions.
    blanks: Vec<usize>,
    crlf: bool,
}

const MONEY: [&str; 4] = [
    "funding_ask_usd",
    "ticket_min_usd",
    "ticket_max_usd",
    "annual_revenue_usd",
];
const LISTS: [&str; 8] = [
    "sectors",
    "countries",
    "regions",
    "stages",
    "instruments",
    "needs",
    "offers",
    "attributes",
];

/// Values that no field may take, per field.
fn breaking_edit() -> impl Strategy<Value = Break> {
    let money = (
        prop::sample::select(&MONEY[..]),
        prop::sample::select(
            &[
                "1e309",
                "-1e309",
                "18446744073709551616",
                "1e300",
                "-1",
                "-1e300",
                "-0.5",
                "10000000000001",
                "\"NaN\"",
                "\"Infinity\"",
                "\"-0\"",
                "\"1000\"",
                "true",
                "[]",
                "{}",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x10",
                "1e",
                "--1",
            ][..],
        ),
    )
        .prop_map(|(f, v)| Break::Set(f, v.to_string()));
    let counts = prop_oneof![
        prop::sample::select(
            &[
                "-1",
                "4294967296",
                "1.5",
                "1e300",
                "\"8\"",
                "\"NaN\"",
                "18446744073709551616"
            ][..]
        )
        .prop_map(|v| Break::Set("employees", v.to_string())),
        prop::sample::select(
            &[
                "65536", "-1", "1799", "2101", "\"2020\"", "2020.5", "0", "1e3"
            ][..]
        )
        .prop_map(|v| Break::Set("founded", v.to_string())),
        prop::sample::select(
            &[
                "[0]",
                "[18]",
                "[256]",
                "[-1]",
                "[\"NaN\"]",
                "[1.5]",
                "7",
                "\"7\"",
                "[1e309]"
            ][..]
        )
        .prop_map(|v| Break::Set("sdgs", v.to_string())),
    ];
    let text = prop_oneof![
        prop::sample::select(
            &[
                "123",
                "[]",
                "{}",
                "null",
                "true",
                "\"\"",
                "\"   \"",
                "\"\\u00a0\\t\""
            ][..]
        )
        .prop_map(|v| Break::Set("name", v.to_string())),
        (201usize..400).prop_map(|n| Break::Set("name", json!("ü".repeat(n)).to_string())),
        prop::sample::select(&["1", "[\"a\"]", "{}", "false"][..])
            .prop_map(|v| Break::Set("description", v.to_string())),
        (10_001usize..10_100)
            .prop_map(|n| Break::Set("description", json!("d".repeat(n)).to_string())),
        (501usize..600).prop_map(|n| Break::Set("website", json!("w".repeat(n)).to_string())),
        prop::sample::select(
            &[
                "\"\"",
                "\"has space\"",
                "\"ü\"",
                "1",
                "null",
                "\"a/b\"",
                "\"\\u0000\"",
                "\"x\\u202e\"",
                "[\"a\"]"
            ][..]
        )
        .prop_map(|v| Break::Set("id", v.to_string())),
        (65usize..100).prop_map(|n| Break::Set("id", json!("i".repeat(n)).to_string())),
        prop::sample::select(&["\"robot\"", "1", "null", "\"\"", "[\"startup\"]"][..])
            .prop_map(|v| Break::Set("kind", v.to_string())),
    ];
    let lists = (
        prop::sample::select(&LISTS[..]),
        prop::sample::select(
            &[
                "\"agritech\"",
                "[1]",
                "[[\"agritech\"]]",
                "[\"nope\"]",
                "{}",
                "[null]",
                "[\"\"]",
                "[\"\\u0000\"]",
                "[\"🦄\"]",
            ][..],
        ),
    )
        .prop_map(|(f, v)| Break::Set(f, v.to_string()));
    let history = (
        prop::sample::select(&["backers", "portfolio"][..]),
        prop::sample::select(&["[\"bad id\"]", "[1]", "\"x\"", "[\"\"]", "[null]"][..]),
    )
        .prop_map(|(f, v)| Break::Set(f, v.to_string()));
    prop_oneof![
        4 => money,
        3 => counts,
        4 => text,
        3 => lists,
        1 => history,
        3 => (0.0..1.0f64).prop_map(Break::Truncate),
        1 => "[a-z_]{1,12}|[^\"\\\\\\x00-\\x1f]{1,8}".prop_map(Break::Unknown),
        1 => (129usize..600).prop_map(Break::Deep),
        2 => (1usize..4).prop_map(Break::DuplicateOf),
    ]
}

/// Changes that look hostile but may be legal: unicode, NaN-like text, edge amounts.
fn legal_edit() -> impl Strategy<Value = (&'static str, String)> {
    prop_oneof![
        prop::sample::select(
            &[
                "\u{202e}reversed",
                "🦄 Unicorn Ltd",
                "e\u{301}\u{301}\u{301}",
                "a\u{0}b",
                "\u{200b}zero width",
                "  padded  ",
                "شركة ناشئة",
                "NaN",
                "Infinity",
                "-0",
                "null",
                "</script><script>",
                "\\\"quoted\\\"",
                "\u{feff}bom",
                "\u{10ffff}",
            ][..]
        )
        .prop_map(|v| ("name", json!(v).to_string())),
        prop::sample::select(
            &[
                "NaN",
                "-0",
                "1e309",
                "\u{0}",
                "line\nbreak",
                "\r\n",
                "🦄🦄🦄"
            ][..]
        )
        .prop_map(|v| ("description", json!(v).to_string())),
        (
            prop::sample::select(&MONEY[..]),
            prop::sample::select(
                &[
                    "-0",
                    "0",
                    "1e13",
                    "9999999999999.4",
                    "1.5",
                    "1e-300",
                    "0.0",
                    "-0.0",
                    "null"
                ][..]
            )
        )
            .prop_map(|(f, v)| (f, v.to_string())),
        // Whole numbers may carry a zero fraction: JSON (and JSON Schema's integer) does not
        // tell 8 from 8.0.
        prop::sample::select(&["0", "4294967295", "-0", "8.0", "null"][..])
            .prop_map(|v| ("employees", v.to_string())),
        prop::sample::select(&["1800", "2100", "2020.0", "2.02e3", "null"][..])
            .prop_map(|v| ("founded", v.to_string())),
        prop::sample::select(
            &[
                "[\"ai\",\"ai\",\"AI\",\"artificial intelligence\"]",
                "[\"Climate Energy\",\"cleantech\"]",
                "[]",
                "null"
            ][..]
        )
        .prop_map(|v| ("sectors", v.to_string())),
        prop::sample::select(&["[\"ke\",\"KEN\",\"Kenya\"]", "[\" KE \"]", "[]"][..])
            .prop_map(|v| ("countries", v.to_string())),
        prop::sample::select(&["[1,1,17]", "[17]", "[13.0]", "[]"][..])
            .prop_map(|v| ("sdgs", v.to_string())),
    ]
}

fn line(pool_len: usize) -> impl Strategy<Value = Line> {
    let index = 0..pool_len;
    prop_oneof![
        3 => index.clone().prop_map(Line::Valid),
        2 => (index.clone(), legal_edit()).prop_map(|(i, (f, v))| Line::Maybe(i, f, v)),
        3 => (index, breaking_edit()).prop_map(|(i, b)| Line::Broken(i, b)),
    ]
}

fn files(pool: &[Profile]) -> impl Strategy<Value = File> {
    let n = pool.len();
    (
        prop::collection::vec(line(n), 1..12),
        prop::collection::vec(0usize..12, 0..3),
        any::<bool>(),
    )
        .prop_map(move |(mut lines, blanks, crlf)| {
            // Distinct profiles per line (files are shorter than the pool), so only
            // `DuplicateOf` repeats an id.
            let start = lines[0].index();
            for (k, l) in lines.iter_mut().enumerate() {
                let (Line::Valid(i) | Line::Maybe(i, ..) | Line::Broken(i, _)) = l;
                *i = (start + k) % n;
            }
            File {
                lines,
                blanks,
                crlf,
            }
        })
}

/// A profile's JSON with `field` set to raw JSON text `value` (which need not be valid).
fn with_field(profile: &Profile, field: &str, value: &str) -> String {
    let mut object: serde_json::Map<String, Value> =
        serde_json::from_str(&profile.to_json()).unwrap();
    object.remove(field);
    let rest = Value::Object(object).to_string();
    let key = Value::String(field.to_string()).to_string();
    format!("{{{key}:{value},{}", &rest[1..])
}

/// The text of each line of a file (before blanks are inserted).
fn line_texts(pool: &[Profile], file: &File) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    for l in &file.lines {
        let text = match l {
            Line::Valid(i) => pool[*i].to_json(),
            Line::Maybe(i, f, v) => with_field(&pool[*i], f, v),
            Line::Broken(i, b) => match b {
                Break::Set(f, v) => with_field(&pool[*i], f, v),
                Break::Truncate(at) => {
                    let json = pool[*i].to_json();
                    let chars = json.chars().count();
                    let keep = ((chars as f64 * at) as usize).clamp(1, chars - 1);
                    json.chars().take(keep).collect()
                }
                Break::Unknown(name) => with_field(&pool[*i], &format!("zz{name}"), "1"),
                Break::Deep(depth) => with_field(
                    &pool[*i],
                    "sectors",
                    &format!("{}{}", "[".repeat(*depth), "]".repeat(*depth)),
                ),
                Break::DuplicateOf(back) => {
                    let mut p = pool[*i].clone();
                    if let Some(id) = ids.len().checked_sub(*back).map(|k| ids[k].clone()) {
                        p.id = id;
                    }
                    p.to_json()
                }
            },
        };
        // The id this line would have if valid, for later duplicates.
        ids.push(
            Profile::from_json(&text)
                .map(|p| p.id)
                .unwrap_or_else(|_| pool[l.index()].id.clone()),
        );
        texts.push(text);
    }
    texts
}

impl Line {
    fn index(&self) -> usize {
        match self {
            Line::Valid(i) | Line::Maybe(i, ..) | Line::Broken(i, _) => *i,
        }
    }
}

/// The whole file's text, with blank lines and line endings, and the line number of each
/// profile line.
fn file_text(texts: &[String], file: &File) -> (String, Vec<usize>) {
    let mut out = Vec::new();
    let mut numbers = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        for _ in file.blanks.iter().filter(|b| **b == k) {
            out.push(if k % 2 == 0 { "" } else { "  \t" }.to_string());
        }
        out.push(t.clone());
        numbers.push(out.len());
    }
    let end = if file.crlf { "\r\n" } else { "\n" };
    (out.join(end) + end, numbers)
}

/// Checks a break's error: the field it must name and that it says what was expected.
fn check_break(b: &Break, e: &ProfileError) -> Result<(), TestCaseError> {
    let field = match b {
        Break::Set(f, _) => *f,
        Break::Deep(_) => "sectors",
        Break::DuplicateOf(_) => "id",
        Break::Truncate(_) | Break::Unknown(_) => "",
    };
    // A value that is not JSON at all may be caught after it, where the column tells.
    let syntax = e.message.starts_with("invalid JSON at column") && e.field.is_empty();
    ensure!(
        e.field.starts_with(field) || syntax,
        "error names field `{}`, expected `{field}`: {e}",
        e.field
    );
    match b {
        Break::Truncate(_) => ensure!(
            e.message.starts_with("invalid JSON at column"),
            "a truncated line is not called invalid JSON: {e}"
        ),
        Break::Unknown(_) => ensure!(
            e.message.contains("unknown field"),
            "an unknown field is not called so: {e}"
        ),
        _ => {}
    }
    ensure!(
        says_what_is_expected(&e.message),
        "the error does not say what was expected: {e}"
    );
    ensure!(
        e.message.chars().count() < 2_000,
        "the error is {} characters long",
        e.message.len()
    );
    Ok(())
}

fn check_jsonl(pool: &[Profile], file: &File) -> Result<(), TestCaseError> {
    let texts = line_texts(pool, file);
    let (text, numbers) = file_text(&texts, file);
    // The oracle: each line on its own, then ids in file order.
    let mut expected: Vec<(usize, ProfileError)> = Vec::new();
    let mut first: std::collections::HashMap<String, usize> = Default::default();
    for ((l, t), n) in file.lines.iter().zip(&texts).zip(&numbers) {
        let alone = Profile::from_json(t.trim());
        if let Line::Broken(_, b) = l
            && !matches!(b, Break::DuplicateOf(_))
        {
            let e = alone.as_ref().err().ok_or_else(|| {
                TestCaseError::fail(format!("{b:?} was accepted: {}", &t[..t.len().min(300)]))
            })?;
            check_break(b, e)?;
        }
        match alone {
            Ok(p) => {
                if let Some(at) = first.get(&p.id) {
                    expected.push((
                        *n,
                        ProfileError {
                            field: "id".into(),
                            message: format!(
                                "`{}` already appears on line {at}; ids must be unique",
                                p.id
                            ),
                        },
                    ));
                } else {
                    first.insert(p.id.clone(), *n);
                    // Valid input round-trips, and its normal form is a fixed point.
                    let back = Profile::from_json(&p.to_json());
                    ensure!(
                        back.as_ref() == Ok(&p),
                        "{p:?} does not round-trip: {back:?}"
                    );
                }
            }
            Err(e) => expected.push((*n, e)),
        }
    }
    let parsed = jsonl::parse(&text);
    ensure!(
        parsed == jsonl::parse_bytes(text.as_bytes()),
        "parse and parse_bytes disagree"
    );
    match parsed {
        Ok(profiles) => {
            ensure!(
                expected.is_empty(),
                "accepted, but lines {expected:?} are bad"
            );
            ensure!(
                profiles.len() == texts.len(),
                "{} profiles from {} lines",
                profiles.len(),
                texts.len()
            );
        }
        Err(e) => {
            ensure!(
                e.total == expected.len(),
                "{} bad lines reported, {} expected: {e}",
                e.total,
                expected.len()
            );
            let shown: Vec<(usize, ProfileError)> =
                e.errors.iter().map(|l| (l.line, l.error.clone())).collect();
            let wanted = &expected[..expected.len().min(jsonl::MAX_REPORTED)];
            ensure!(shown == wanted, "reported {shown:?}, expected {wanted:?}");
            let display = e.to_string();
            for (n, _) in wanted {
                ensure!(
                    display.contains(&format!("\n  line {n}: ")),
                    "{display} lacks line {n}"
                );
            }
            ensure!(display.contains("nothing was imported"), "{display}");
        }
    }
    Ok(())
}

/// Any text at all on a line, JSON-looking or not: never a panic; errors point at lines that
/// exist and are not blank.
fn garbage_line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[{}\\[\\]\":,0-9a-z\\\\ .eE+-]{0,60}",
        "\\{\"id\":\"[a-z]{1,3}\",\"kind\":\"(startup|investor|partner)\",\"name\":\"[^\"\\\\]{0,5}\"[,}\\]\"0-9a-z:]{0,12}",
    ]
}

fn check_garbage(lines: &[String]) -> Result<(), TestCaseError> {
    let text = lines.join("\n");
    let all: Vec<&str> = text.lines().collect();
    match jsonl::parse(&text) {
        Ok(profiles) => {
            for p in profiles {
                let back = Profile::from_json(&p.to_json());
                ensure!(back.as_ref() == Ok(&p), "{p:?} does not round-trip");
            }
        }
        Err(e) => {
            ensure!(e.total >= e.errors.len() && !e.errors.is_empty(), "{e:?}");
            for l in &e.errors {
                ensure!(
                    l.line >= 1 && l.line <= all.len() && !all[l.line - 1].trim().is_empty(),
                    "line {} is not a non-blank line of {} lines",
                    l.line,
                    all.len()
                );
                ensure!(
                    !l.error.message.is_empty(),
                    "empty message on line {}",
                    l.line
                );
            }
        }
    }
    Ok(())
}

/// A file of valid lines with invalid UTF-8 bytes put into one of them.
#[derive(Debug, Clone)]
struct BadUtf8 {
    lines: Vec<usize>,
    victim: usize,
    at: f64,
    bytes: &'static [u8],
}

/// Byte sequences that are not UTF-8: a byte never used, an overlong encoding, a surrogate,
/// a cut sequence, a lone continuation byte, a five-byte form, a code point above U+10FFFF.
static BAD_BYTES: [&[u8]; 7] = [
    &[0xff],
    &[0xc0, 0x80],
    &[0xed, 0xa0, 0x80],
    &[0xe2, 0x82],
    &[0x80],
    &[0xf8, 0x88, 0x80, 0x80, 0x80],
    &[0xf4, 0x90, 0x80, 0x80],
];

fn bad_utf8(pool: &[Profile]) -> impl Strategy<Value = BadUtf8> {
    let n = pool.len();
    (
        prop::collection::vec(0..n, 1..8),
        any::<prop::sample::Index>(),
        0.0..1.0f64,
        prop::sample::select(&BAD_BYTES[..]),
    )
        .prop_map(move |(mut lines, victim, at, bytes)| {
            lines.sort_unstable();
            lines.dedup();
            BadUtf8 {
                victim: victim.index(lines.len()),
                lines,
                at,
                bytes,
            }
        })
}

fn check_bad_utf8(pool: &[Profile], case: &BadUtf8) -> Result<(), TestCaseError> {
    let mut file = Vec::new();
    for (k, i) in case.lines.iter().enumerate() {
        let json = pool[*i].to_json().into_bytes();
        if k == case.victim {
            let at = ((json.len() as f64 * case.at) as usize).min(json.len());
            file.extend_from_slice(&json[..at]);
            file.extend_from_slice(case.bytes);
            file.extend_from_slice(&json[at..]);
        } else {
            file.extend_from_slice(&json);
        }
        file.push(b'\n');
    }
    let e = jsonl::parse_bytes(&file).expect_err("invalid UTF-8 was accepted");
    ensure!(e.total == 1, "{e}");
    ensure!(e.errors[0].line == case.victim + 1, "{e}");
    let message = &e.errors[0].error.message;
    ensure!(
        message.contains("invalid UTF-8 at byte") && message.contains("expected UTF-8"),
        "{e}"
    );
    Ok(())
}

fn state(store: &Store) -> (Vec<String>, Vec<u8>) {
    let profiles = store.snapshot().profiles(None).unwrap();
    let meta = std::fs::read(store.dir().join("index/meta.json")).unwrap();
    (profiles.iter().map(Profile::to_json).collect(), meta)
}

/// A file with a bad line is rejected whole: neither its valid lines (some of which replace
/// stored profiles) nor anything else reaches the store.
fn check_rejected_import(
    store: &Store,
    pool: &[Profile],
    file: &File,
) -> Result<(), TestCaseError> {
    let before = state(store);
    let texts = line_texts(pool, file);
    let (text, _) = file_text(&texts, file);
    let outcome = jsonl::parse_bytes(text.as_bytes())
        .map_err(tandem_engine::Error::from)
        .and_then(|profiles| store.import(&profiles, &()));
    ensure!(outcome.is_err(), "a file with a bad line was imported");
    ensure!(
        state(store) == before,
        "a rejected import changed the store"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Weights files

const SIDES: [&str; 3] = ["startup", "investor", "partner"];
const COMPONENTS: [&str; 10] = [
    "text",
    "sector",
    "geography",
    "stage",
    "ticket",
    "sdg",
    "support",
    "instrument",
    "attribute",
    "network",
];

/// A value in a weights file: a good weight (its text and value) or a bad one.
#[derive(Debug, Clone)]
enum WeightValue {
    Good(&'static str, f32),
    Bad(&'static str),
}

#[derive(Debug, Clone)]
struct WeightsFile {
    toml: bool,
    /// (side or "" for top level, key, value)
    entries: Vec<(&'static str, &'static str, WeightValue)>,
    /// One value that makes the file invalid, if any: (side, key, text).
    bad: Option<(&'static str, &'static str, &'static str)>,
}

fn weights_files() -> impl Strategy<Value = WeightsFile> {
    let good = prop::sample::select(
        &[
            ("0", 0.0f32),
            ("0.5", 0.5),
            ("1", 1.0),
            ("2.5", 2.5),
            ("1e-50", 0.0),
            ("-0.0", -0.0),
            ("100", 100.0),
        ][..],
    );
    let entry = (
        prop::sample::select(&SIDES[..]),
        prop::sample::select(&COMPONENTS[..]),
        good,
    );
    let bad_value = prop::sample::select(
        &[
            "-1",
            "-1e300",
            "1e309",
            "nan",
            "inf",
            "-inf",
            "9223372036854775808",
            "\"0.5\"",
            "[0.5]",
            "true",
            "3.5e38",
            "1e39",
            "{}",
            "\"NaN\"",
            "1979-05-27",
            "0x1p3",
            "1__0",
            "",
        ][..],
    );
    let bad = prop_oneof![
        (
            prop::sample::select(&SIDES[..]),
            prop::sample::select(&COMPONENTS[..]),
            bad_value.clone()
        ),
        // Unknown sections and keys start with `x`, which no known one does.
        ("x[a-z]{0,8}", "x[a-z]{0,8}", Just("1")).prop_map(|(s, k, v)| {
            let s: &'static str = s.leak();
            let k: &'static str = k.leak();
            (s, k, v)
        }),
        (
            Just(""),
            Just("unknown_fit"),
            prop::sample::select(&["1.5", "-0.1", "nan", "2", "\"x\""][..])
        ),
        (prop::sample::select(&SIDES[..]), "x[a-z]{0,8}", Just("1")).prop_map(|(s, k, v)| (
            s,
            &*k.leak(),
            v
        )),
    ];
    (
        any::<bool>(),
        prop::collection::vec(entry, 0..12),
        prop::option::weighted(0.6, bad),
    )
        .prop_map(|(toml, entries, bad)| WeightsFile {
            toml,
            entries: entries
                .into_iter()
                .map(|(s, k, (t, v))| (s, k, WeightValue::Good(t, v)))
                .collect(),
            bad,
        })
}

impl WeightsFile {
    /// The entries that end up in the file: later ones win, the bad one last.
    fn effective(&self) -> Vec<(&'static str, &'static str, WeightValue)> {
        let mut out: Vec<(&str, &str, WeightValue)> = Vec::new();
        let mut all = self.entries.clone();
        if let Some((s, k, v)) = self.bad {
            all.push((s, k, WeightValue::Bad(v)));
        }
        for (s, k, v) in all {
            out.retain(|(s2, k2, _)| !(*s2 == s && *k2 == k));
            out.push((s, k, v));
        }
        out
    }

    fn text(&self) -> String {
        let entries = self.effective();
        let value = |v: &WeightValue| match v {
            WeightValue::Good(t, _) | WeightValue::Bad(t) => t.to_string(),
        };
        if self.toml {
            let mut text = String::new();
            for (_, k, v) in entries.iter().filter(|(s, ..)| s.is_empty()) {
                text += &format!("{k} = {}\n", value(v));
            }
            let mut sides: Vec<&str> = entries
                .iter()
                .map(|e| e.0)
                .filter(|s| !s.is_empty())
                .collect();
            sides.dedup();
            sides.sort_unstable();
            sides.dedup();
            for side in sides {
                text += &format!("[{side}]\n");
                for (_, k, v) in entries.iter().filter(|(s, ..)| *s == side) {
                    text += &format!("{k} = {}\n", value(v));
                }
            }
            text
        } else {
            let mut parts = Vec::new();
            for (_, k, v) in entries.iter().filter(|(s, ..)| s.is_empty()) {
                parts.push(format!("\"{k}\": {}", json_value(v)));
            }
            let mut sides: Vec<&str> = entries
                .iter()
                .map(|e| e.0)
                .filter(|s| !s.is_empty())
                .collect();
            sides.sort_unstable();
            sides.dedup();
            for side in sides {
                let inner: Vec<String> = entries
                    .iter()
                    .filter(|(s, ..)| *s == side)
                    .map(|(_, k, v)| format!("\"{k}\": {}", json_value(v)))
                    .collect();
                parts.push(format!("\"{side}\": {{{}}}", inner.join(", ")));
            }
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// The JSON spelling of a value: TOML's `nan`, `inf` and dates have none, so they are quoted
/// (still bad); the empty value stays empty (invalid JSON).
fn json_value(v: &WeightValue) -> String {
    match v {
        WeightValue::Good(t, _) => t.to_string(),
        WeightValue::Bad(t) => match *t {
            "nan" | "inf" | "-inf" | "1979-05-27" | "0x1p3" | "1__0" => format!("\"{t}\""),
            // JSON reads this as a (valid) float; one below i64::MIN is as bad as TOML's.
            "9223372036854775808" => "-9223372036854775809".to_string(),
            other => other.to_string(),
        },
    }
}

fn check_weights(file: &WeightsFile) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let name = if file.toml { "w.toml" } else { "w.json" };
    let path = dir.path().join(name);
    std::fs::write(&path, file.text()).unwrap();
    let loaded = Weights::from_file(&path);
    // The expected weights when every value is good.
    let mut expected = Weights::default();
    for (side, key, v) in file.effective() {
        if let WeightValue::Good(_, value) = v {
            let weights = match side {
                "startup" => &mut expected.startup,
                "investor" => &mut expected.investor,
                _ => &mut expected.partner,
            };
            let component = tandem_engine::weights::Component::ALL
                [COMPONENTS.iter().position(|c| *c == key).unwrap()];
            *weights.get_mut(component) = value;
        }
    }
    let all_zero = SIDES.iter().find(|s| {
        let w = match **s {
            "startup" => &expected.startup,
            "investor" => &expected.investor,
            _ => &expected.partner,
        };
        w.as_array().iter().sum::<f32>() <= 0.0
    });
    match (&file.bad, loaded) {
        (None, Ok(w)) => {
            ensure!(
                all_zero.is_none(),
                "all-zero weights for {all_zero:?} were accepted"
            );
            ensure!(w == expected, "loaded {w:?}, expected {expected:?}");
            // What `tune` writes reads back the same.
            std::fs::write(dir.path().join("back.toml"), w.to_toml()).unwrap();
            let back = Weights::from_file(&dir.path().join("back.toml"));
            ensure!(back.as_ref().ok() == Some(&w), "{back:?}");
        }
        (None, Err(e)) => {
            let e = e.to_string();
            let side = all_zero
                .ok_or_else(|| TestCaseError::fail(format!("good weights rejected: {e}")))?;
            ensure!(
                e.contains(side) && e.contains("all zero") && e.contains(name),
                "{e}"
            );
        }
        (Some(bad), Ok(w)) => {
            return Err(TestCaseError::fail(format!(
                "{bad:?} was accepted as {w:?}"
            )));
        }
        (Some((side, key, _)), Err(e)) => {
            let e = e.to_string();
            ensure!(e.contains(name), "the error does not name the file: {e}");
            let place = if side.is_empty() {
                key.to_string()
            } else if SIDES.contains(side) {
                format!("{side}.{key}")
            } else {
                side.to_string()
            };
            let named = e.contains(&place)
                || e.contains(" line ")
                || (all_zero.is_some() && e.contains("all zero"));
            ensure!(named, "the error names neither `{place}` nor a line: {e}");
            ensure!(
                says_what_is_expected(&e) || e.contains("invalid") || e.contains("unknown"),
                "{e}"
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Benchmark CSVs

const COMPANY_HEADER: [&str; 7] = [
    "company_id",
    "name",
    "category",
    "country",
    "region",
    "city",
    "founded_year",
];
const INVESTOR_HEADER: [&str; 2] = ["investor_id", "name"];
const DEAL_HEADER: [&str; 5] = [
    "investor_id",
    "company_id",
    "date",
    "round_type",
    "amount_usd",
];

fn base_benchmark() -> [Vec<Vec<String>>; 3] {
    let s = |row: &[&str]| row.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    [
        vec![
            s(&COMPANY_HEADER),
            s(&["c1", "Acme", "software", "USA", "CA", "SF", "2004"]),
            s(&["c2", "Beta", "", "", "", "", ""]),
            s(&["c3", "Gamma", "biotech", "KEN", "", "Nairobi", "2015"]),
        ],
        vec![
            s(&INVESTOR_HEADER),
            s(&["f1", "Fund One"]),
            s(&["f2", "Angel"]),
        ],
        vec![
            s(&DEAL_HEADER),
            s(&["f1", "c1", "2010-05-01", "series-a", "2000000"]),
            s(&["f2", "c2", "2011-02-01", "", ""]),
            s(&["f1", "c3", "2012-12-31", "seed", "150000.5"]),
            s(&["f2", "c1", "2012-02-29", "angel", "0"]),
        ],
    ]
}

const CSV_FILES: [&str; 3] = ["companies.csv", "investors.csv", "deals.csv"];

#[derive(Debug, Clone)]
enum CsvEdit {
    /// Sets a cell (file, row ≥ 1, column) to a value that must be rejected in that column.
    Bad(usize, usize, usize, &'static str),
    /// Sets a cell to a value that must be kept as written (names, free text).
    Legal(usize, usize, usize, &'static str),
    /// Gives a row the id of another row of its file.
    DuplicateId(usize, usize),
    /// Adds a cell to a row (or removes one).
    Ragged(usize, usize, bool),
    /// Renames a header column.
    Header(usize, usize),
    /// Puts bytes that are not UTF-8 into a cell.
    Bytes(usize, usize, usize),
}

fn benchmarks() -> impl Strategy<Value = CsvEdit> {
    let bad = prop_oneof![
        (
            1usize..4,
            prop::sample::select(
                &[
                    "-1",
                    "65536",
                    "20o4",
                    "1e3",
                    "２００４",
                    "NaN",
                    " 2004x",
                    "+-1"
                ][..]
            )
        )
            .prop_map(|(r, v)| CsvEdit::Bad(0, r, 6, v)),
        (
            1usize..5,
            prop::sample::select(
                &[
                    "2011-02-29",
                    "0000-01-01",
                    "+999-01-01",
                    "2011-1-01",
                    "2011-01-01T00:00",
                    "",
                    "NaN",
                    "٢٠١١-٠١-٠١",
                    "2011-13-01",
                    "2011-00-10",
                    "2011-04-31",
                    "-201-01-01",
                    "99999-01-01",
                ][..]
            )
        )
            .prop_map(|(r, v)| CsvEdit::Bad(2, r, 2, v)),
        (
            1usize..5,
            prop::sample::select(
                &[
                    "NaN", "inf", "-1", "1e309", "-inf", "abc", "1,000", "0x10", "-1e-300"
                ][..]
            )
        )
            .prop_map(|(r, v)| CsvEdit::Bad(2, r, 4, v)),
        (
            1usize..5,
            0usize..2,
            prop::sample::select(&["nobody", "", "c1 ", "C1", "f1\u{0}"][..])
        )
            .prop_map(|(r, c, v)| CsvEdit::Bad(2, r, c, v)),
    ];
    let legal = prop_oneof![
        (
            1usize..4,
            prop::sample::select(
                &[
                    "a, \"quoted\" name",
                    "line\nbreak",
                    "🦄",
                    "\u{202e}rtl",
                    "",
                    "   ",
                    "NaN",
                    "-0"
                ][..]
            )
        )
            .prop_map(|(r, v)| CsvEdit::Legal(0, r, 1, v)),
        (
            1usize..3,
            prop::sample::select(&["Fund, \"LP\"", "ü\r\nx", ""][..])
        )
            .prop_map(|(r, v)| CsvEdit::Legal(1, r, 1, v)),
        (
            1usize..5,
            prop::sample::select(&["-0", "1e300", "  7  ", "0.0"][..])
        )
            .prop_map(|(r, v)| CsvEdit::Legal(2, r, 4, v)),
    ];
    prop_oneof![
        4 => bad,
        2 => legal,
        1 => (0usize..2, 2usize..3).prop_map(|(f, r)| CsvEdit::DuplicateId(f, r)),
        1 => (0usize..3, 1usize..3, any::<bool>()).prop_map(|(f, r, more)| CsvEdit::Ragged(f, r, more)),
        1 => (0usize..3, 0usize..2).prop_map(|(f, c)| CsvEdit::Header(f, c)),
        1 => (0usize..3, 1usize..3, 0usize..2).prop_map(|(f, r, c)| CsvEdit::Bytes(f, r, c)),
    ]
}

fn write_csv(dir: &Path, file: usize, rows: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(dir.join(CSV_FILES[file]))
        .unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn check_benchmark(edit: &CsvEdit) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut files = base_benchmark();
    // (file, line, column) the error must name; column "" for a malformed row.
    let mut expected: Option<(usize, usize, &str)> = None;
    let mut raw: Option<(usize, Vec<u8>)> = None;
    match edit {
        CsvEdit::Bad(f, r, c, v) => {
            files[*f][*r][*c] = v.to_string();
            let column = [&COMPANY_HEADER[..], &INVESTOR_HEADER, &DEAL_HEADER][*f][*c];
            expected = Some((*f, r + 1, column));
        }
        CsvEdit::Legal(f, r, c, v) => files[*f][*r][*c] = v.to_string(),
        CsvEdit::DuplicateId(f, r) => {
            files[*f][*r][0] = files[*f][1][0].clone();
            expected = Some((*f, r + 1, files[*f][0][0].clone().leak()));
        }
        CsvEdit::Ragged(f, r, more) => {
            if *more {
                files[*f][*r].push("extra".into());
            } else {
                files[*f][*r].pop();
            }
            expected = Some((*f, r + 1, ""));
        }
        CsvEdit::Header(f, c) => {
            files[*f][0][*c] = "renamed".into();
            expected = Some((*f, 2, ""));
        }
        CsvEdit::Bytes(f, r, c) => {
            let mut text = Vec::new();
            for (k, row) in files[*f].iter().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    if j > 0 {
                        text.push(b',');
                    }
                    text.extend_from_slice(cell.as_bytes());
                    if k == *r && j == *c {
                        text.extend_from_slice(&[0xff, 0xfe]);
                    }
                }
                text.push(b'\n');
            }
            raw = Some((*f, text));
            expected = Some((*f, r + 1, ""));
        }
    }
    for (f, rows) in files.iter().enumerate() {
        write_csv(dir.path(), f, rows);
    }
    if let Some((f, bytes)) = &raw {
        std::fs::write(dir.path().join(CSV_FILES[*f]), bytes).unwrap();
    }
    let loaded = Benchmark::load(dir.path());
    match (expected, loaded) {
        (None, Ok(b)) => {
            ensure!(
                b.companies.len() == 3 && b.investors.len() == 2 && b.deals.len() == 4,
                "{b:?}"
            );
            let names: Vec<&str> = b.companies.iter().map(|c| c.name.as_str()).collect();
            let written: Vec<&str> = files[0][1..].iter().map(|r| r[1].as_str()).collect();
            ensure!(names == written, "names {names:?}, written {written:?}");
            for d in &b.deals {
                ensure!(
                    d.amount_usd.is_none_or(|a| a.is_finite() && a >= 0.0),
                    "{d:?}"
                );
            }
        }
        (None, Err(e)) => return Err(TestCaseError::fail(format!("{edit:?} was rejected: {e}"))),
        (Some(_), Ok(_)) => return Err(TestCaseError::fail(format!("{edit:?} was accepted"))),
        (Some((f, line, column)), Err(e)) => {
            let e = e.to_string();
            let place = format!("{}, line {line}, column `{column}`", CSV_FILES[f]);
            let place = if column.is_empty() {
                format!("{}, line {line}", CSV_FILES[f])
            } else {
                place
            };
            ensure!(e.contains(&place), "`{e}` does not name `{place}`");
            ensure!(
                says_what_is_expected(&e)
                    || e.contains("found record with")
                    || e.contains("missing field")
                    || e.contains("not in")
                    || e.contains("appears twice")
                    || e.contains("utf-8"),
                "{e}"
            );
        }
    }
    Ok(())
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[+-]?[0-9]{1,5}-[0-9+]{1,3}-[0-9]{1,3}",
        any::<String>(),
        Just("0000-01-01".to_string()),
        Just("9999-12-31".to_string()),
        Just("0001-01-01".to_string()),
    ]
}

/// Every date the parser accepts reads back as written, and can step a year either way.
fn check_date(text: &str) -> Result<(), TestCaseError> {
    if let Ok(d) = Date::parse(text) {
        ensure!(d.to_string() == text, "{text:?} reads back as {d}");
        let _ = (d.plus_one_year(), d.minus_one_year());
    } else {
        let e = Date::parse(text).unwrap_err();
        ensure!(e.contains("expected YYYY-MM-DD"), "{e}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Explicit cases

const TEN_MB: usize = 10 << 20;

fn explicit_jsonl_cases(fuzz: &mut Fuzz, pool: &[Profile]) {
    let base = r#""kind":"startup","name":"A""#;
    {
        let depth = 10_000usize;
        let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        fuzz.case(
            &format!("{depth} nested arrays in a field"),
            Duration::from_secs(5),
            || {
                let line = format!(r#"{{"id":"a",{base},"sectors":{nest}}}"#);
                let e = jsonl::parse(&line).unwrap_err();
                let e = &e.errors[0];
                require!(e.line == 1 && e.error.field.starts_with("sectors"), "{e}");
                require!(says_what_is_expected(&e.error.message), "{e}");
                Ok(())
            },
        );
        fuzz.case(
            &format!("{depth} nested arrays as a line"),
            Duration::from_secs(5),
            || {
                let e = jsonl::parse(&format!("\n{nest}")).unwrap_err();
                require!(e.errors[0].line == 2, "{e}");
                let object = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
                let e = jsonl::parse(&object).unwrap_err();
                require!(e.errors[0].line == 1, "{e}");
                Ok(())
            },
        );
    }
    let long = "x".repeat(TEN_MB);
    let long_json = Value::String(long.clone()).to_string();
    for (field, value) in [
        ("name", long_json.clone()),
        ("description", long_json.clone()),
        ("website", long_json.clone()),
        ("id", long_json.clone()),
        ("sectors", format!("[{long_json}]")),
        ("countries", format!("[{long_json}]")),
        ("regions", format!("[{long_json}]")),
        ("employees", long_json.clone()),
        ("funding_ask_usd", long_json.clone()),
        ("backers", format!("[{long_json}]")),
        ("funding_ask_usd", format!("1{}", "0".repeat(TEN_MB))),
        ("funding_ask_usd", format!("0.{}", "0".repeat(TEN_MB))),
    ] {
        fuzz.case(
            &format!("10 MB value in `{field}`"),
            Duration::from_secs(10),
            || {
                let line = format!(r#"{{"id":"a",{base},"{field}":{value}}}"#);
                let line = if field == "name" || field == "id" {
                    format!(
                        r#"{{"kind":"startup","{field}":{value},"{}":"a"}}"#,
                        if field == "id" { "name" } else { "id" }
                    )
                } else {
                    line
                };
                let e = jsonl::parse(&format!("\n{line}"));
                if field == "funding_ask_usd" && value.starts_with("0.") {
                    // 0.000… is a legal (zero) amount.
                    require!(e.is_ok(), "{:?}", e.map(|_| ()));
                    return Ok(());
                }
                let e = e.unwrap_err();
                let e = &e.errors[0];
                require!(
                    e.line == 2,
                    "{}",
                    e.to_string().chars().take(300).collect::<String>()
                );
                require!(
                    e.error.field.starts_with(field),
                    "field `{}`",
                    e.error.field.chars().take(100).collect::<String>()
                );
                require!(
                    e.error.message.len() < 2_000,
                    "the error is {} bytes: {}",
                    e.error.message.len(),
                    e.error.message.chars().take(300).collect::<String>()
                );
                require!(says_what_is_expected(&e.error.message), "{e}");
                Ok(())
            },
        );
    }
    fuzz.case("10 MB unknown field name", Duration::from_secs(10), || {
        let e = jsonl::parse(&format!(r#"{{"id":"a",{base},{long_json}:1}}"#)).unwrap_err();
        let e = &e.errors[0].error;
        require!(
            e.message.starts_with("unknown field `xxxx") && e.message.len() < 2_000,
            "{}",
            e.message.chars().take(300).collect::<String>()
        );
        require!(e.field.len() < 200, "field is {} bytes", e.field.len());
        Ok(())
    });
    fuzz.case(
        "10 MB of blank lines and one profile",
        Duration::from_secs(10),
        || {
            let text = format!("{}{}", "\n".repeat(TEN_MB), pool[0].to_json());
            let ok = jsonl::parse(&text).map_err(|e| e.to_string())?;
            require!(ok == [pool[0].clone()], "{ok:?}");
            Ok(())
        },
    );
    fuzz.case(
        "duplicate ids name the first line",
        Duration::from_secs(5),
        || {
            let a = pool[0].to_json();
            let b = pool[1].to_json();
            let e = jsonl::parse(&format!("{a}\n{b}\n\n{a}\n{a}")).unwrap_err();
            let lines: Vec<(usize, &str)> = e
                .errors
                .iter()
                .map(|l| (l.line, l.error.field.as_str()))
                .collect();
            require!(lines == [(4, "id"), (5, "id")], "{e}");
            require!(
                e.errors
                    .iter()
                    .all(|l| l.error.message.contains("already appears on line 1")),
                "{e}"
            );
            Ok(())
        },
    );
    fuzz.case(
        "a byte-order mark does not spoil line 1",
        Duration::from_secs(5),
        || {
            let text = format!("\u{feff}{}\n{}", pool[0].to_json(), pool[1].to_json());
            let from_text = jsonl::parse(&text).map_err(|e| e.to_string())?;
            let from_bytes = jsonl::parse_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
            require!(
                from_text.len() == 2 && from_text == from_bytes,
                "{from_text:?}"
            );
            Ok(())
        },
    );
    fuzz.case(
        "more bad lines than are reported",
        Duration::from_secs(5),
        || {
            let text = "{\n".repeat(jsonl::MAX_REPORTED * 3);
            let e = jsonl::parse(&text).unwrap_err();
            require!(
                e.total == jsonl::MAX_REPORTED * 3 && e.errors.len() == jsonl::MAX_REPORTED,
                "{e}"
            );
            require!(
                e.to_string()
                    .contains(&format!("and {} more", jsonl::MAX_REPORTED * 2)),
                "{e}"
            );
            Ok(())
        },
    );
}

fn explicit_store_cases(fuzz: &mut Fuzz, store: &Store, pool: &[Profile]) {
    fuzz.case(
        "duplicate ids passed to import directly",
        Duration::from_secs(10),
        || {
            let before = state(store);
            let twice = [pool[0].clone(), pool[25].clone(), pool[0].clone()];
            let e = store.import(&twice, &()).unwrap_err().to_string();
            require!(e.contains(&pool[0].id) && e.contains("twice"), "{e}");
            require!(state(store) == before, "the store changed");
            Ok(())
        },
    );
    fuzz.case(
        "the same file without its bad line is imported",
        Duration::from_secs(20),
        || {
            // The control for the rejected-import property: the store does change when it should.
            let before = state(store);
            let mut changed = pool[3].clone();
            changed.name = "Renamed".into();
            let text = format!("{}\n{}\n", changed.to_json(), pool[40].to_json());
            let profiles = jsonl::parse_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
            store.import(&profiles, &()).map_err(|e| e.to_string())?;
            require!(
                state(store) != before,
                "an accepted import left the store as it was"
            );
            require!(
                store
                    .snapshot()
                    .require(&changed.id)
                    .map_err(|e| e.to_string())?
                    .name
                    == "Renamed",
                "not replaced"
            );
            Ok(())
        },
    );
}

fn explicit_weights_cases(fuzz: &mut Fuzz) {
    let dir = tempfile::tempdir().unwrap();
    let load = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        Weights::from_file(&path)
    };
    {
        let depth = 10_000usize;
        fuzz.case(
            &format!("weights: {depth} nested arrays"),
            Duration::from_secs(10),
            || {
                let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
                let e = load(
                    "deep.toml",
                    format!("[investor]\nsector = {nest}\n").as_bytes(),
                )
                .unwrap_err()
                .to_string();
                require!(
                    e.contains("deep.toml") && e.len() < 2_000,
                    "{}",
                    e.chars().take(300).collect::<String>()
                );
                let e = load(
                    "deep.json",
                    format!("{{\"investor\":{{\"sector\":{nest}}}}}").as_bytes(),
                )
                .unwrap_err()
                .to_string();
                require!(
                    e.contains("deep.json") && e.contains("recursion limit"),
                    "{e}"
                );
                let tables = "a.".repeat(depth);
                let e = load("dotted.toml", format!("{tables}b = 1\n").as_bytes())
                    .unwrap_err()
                    .to_string();
                require!(
                    e.contains("dotted.toml") && e.len() < 4_000,
                    "{}",
                    e.chars().take(300).collect::<String>()
                );
                Ok(())
            },
        );
    }
    fuzz.case(
        "weights: invalid UTF-8 names its line",
        Duration::from_secs(5),
        || {
            let e = load("bad.toml", b"[investor]\nsector = 0.5\n# caf\xe9\n")
                .unwrap_err()
                .to_string();
            require!(
                e.contains("bad.toml") && e.contains("line 3") && e.contains("UTF-8"),
                "{e}"
            );
            Ok(())
        },
    );
    fuzz.case(
        "weights: a wrong type names its key",
        Duration::from_secs(5),
        || {
            let e = load("typed.toml", b"[partner]\nsdg = \"high\"\n")
                .unwrap_err()
                .to_string();
            require!(
                e.contains("partner.sdg") && e.contains("expected f32"),
                "{e}"
            );
            let e = load("typed.json", br#"{"startup": {"text": [1]}}"#)
                .unwrap_err()
                .to_string();
            require!(
                e.contains("startup.text") && e.contains("expected f32"),
                "{e}"
            );
            let e = load("typed.json", br#"{"startup": 3}"#)
                .unwrap_err()
                .to_string();
            require!(
                e.contains("`startup`") && e.contains("expected struct"),
                "{e}"
            );
            Ok(())
        },
    );
    fuzz.case(
        "weights: empty files keep the defaults",
        Duration::from_secs(5),
        || {
            require!(
                load("empty.toml", b"").map_err(|e| e.to_string())? == Weights::default(),
                "toml"
            );
            require!(
                load("empty.json", b"{}").map_err(|e| e.to_string())? == Weights::default(),
                "json"
            );
            let e = load("empty.json", b"").unwrap_err().to_string();
            require!(e.contains("empty.json") && e.contains("line 1"), "{e}");
            let e = load("weights.yaml", b"a: 1").unwrap_err().to_string();
            require!(e.contains("expected a .toml or .json file"), "{e}");
            Ok(())
        },
    );
    fuzz.case("weights: 10 MB key", Duration::from_secs(10), || {
        let e = load(
            "long.toml",
            format!("[investor]\n{} = 1\n", "k".repeat(TEN_MB)).as_bytes(),
        )
        .unwrap_err()
        .to_string();
        require!(
            e.contains("long.toml") && e.contains("unknown field"),
            "{}",
            e.chars().take(300).collect::<String>()
        );
        Ok(())
    });
}

fn explicit_benchmark_cases(fuzz: &mut Fuzz) {
    let write = |dir: &Path, files: &[Vec<Vec<String>>; 3]| {
        for (f, rows) in files.iter().enumerate() {
            write_csv(dir, f, rows);
        }
    };
    fuzz.case("benchmark: 10 MB cells", Duration::from_secs(20), || {
        let dir = tempfile::tempdir().unwrap();
        let mut files = base_benchmark();
        files[0][1][1] = "n".repeat(TEN_MB);
        write(dir.path(), &files);
        let b = Benchmark::load(dir.path()).map_err(|e| e.to_string())?;
        require!(
            b.companies[0].name.len() == TEN_MB,
            "the long name was not kept"
        );
        files[2][2][2] = "9".repeat(TEN_MB);
        write(dir.path(), &files);
        let e = Benchmark::load(dir.path()).unwrap_err().to_string();
        require!(
            e.contains("deals.csv, line 3, column `date`"),
            "{}",
            e.chars().take(300).collect::<String>()
        );
        Ok(())
    });
    fuzz.case(
        "benchmark: invalid UTF-8 in a header",
        Duration::from_secs(5),
        || {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), &base_benchmark());
            std::fs::write(
                dir.path().join("investors.csv"),
                b"investor_id,n\xffme\nf1,Fund\n",
            )
            .unwrap();
            let e = Benchmark::load(dir.path()).unwrap_err().to_string();
            require!(e.contains("investors.csv"), "{e}");
            Ok(())
        },
    );
    fuzz.case(
        "benchmark: empty and header-only files",
        Duration::from_secs(5),
        || {
            let dir = tempfile::tempdir().unwrap();
            let files = base_benchmark();
            let headers_only = [
                vec![files[0][0].clone()],
                vec![files[1][0].clone()],
                vec![files[2][0].clone()],
            ];
            write(dir.path(), &headers_only);
            let b = Benchmark::load(dir.path()).map_err(|e| e.to_string())?;
            require!(b.companies.is_empty() && b.deals.is_empty(), "{b:?}");
            std::fs::write(dir.path().join("deals.csv"), b"").unwrap();
            let loaded = Benchmark::load(dir.path());
            require!(
                loaded.as_ref().map_or(true, |b| b.deals.is_empty()),
                "{loaded:?}"
            );
            Ok(())
        },
    );
}
