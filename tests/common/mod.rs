//! Helpers for end-to-end tests: run the real `tandem` binary on a real data directory.

#![allow(dead_code)]

pub mod server;

use std::path::Path;
use std::process::{Command, Output};

/// Path of the scenario fixture.
pub fn fixture() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scenarios.jsonl"
    )
}

/// Runs `tandem` with arguments; the demo store is kept inside `cache` so tests never touch
/// the user's cache folder.
pub fn tandem_in(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .env("TANDEM_CACHE_DIR", cache)
        .env_remove("TANDEM_DATA")
        .output()
        .expect("the tandem binary runs")
}

/// Runs `tandem` with a private cache folder under `dir`.
pub fn tandem(dir: &Path, args: &[&str]) -> Output {
    tandem_in(&dir.join("cache"), args)
}

/// Standard output as text, asserting success.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "tandem failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Standard error as text, asserting failure with exit code 1 (never a panic's 101).
pub fn fails(output: Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected a clean failure; stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 output");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// A temporary data directory holding the scenario fixture. Returns (temp root, data dir).
pub fn fixture_store() -> (tempfile::TempDir, String) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data").to_string_lossy().to_string();
    ok(tandem(root.path(), &["--data", &data, "import", fixture()]));
    (root, data)
}

/// `tandem match --format json` on a data directory, parsed.
pub fn match_json(root: &Path, data: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--data", data, "match", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(tandem(root, &all))).expect("match prints JSON")
}

/// The ranked ids of a match result.
pub fn ids(result: &serde_json::Value) -> Vec<String> {
    result["matches"]
        .as_array()
        .expect("matches array")
        .iter()
        .map(|m| m["profile"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// Position of an id in a match result.
pub fn position(result: &serde_json::Value, id: &str) -> usize {
    ids(result)
        .iter()
        .position(|i| i == id)
        .unwrap_or_else(|| panic!("{id} not ranked in {:?}", ids(result)))
}
