//! The JSON shapes of results, shared by the CLI's `--format json` and the HTTP API so that
//! programs see the same documents from both.

use serde_json::{Value, json};
use tandem_engine::store::SearchHit;
use tandem_engine::{Match, Profile};

/// The reasons of the two components that contributed most, as "component: reason".
pub fn strongest_reasons(m: &Match) -> Vec<String> {
    m.top_components(2)
        .iter()
        .map(|c| format!("{}: {}", c.component, c.reason))
        .collect()
}

/// Ranked matches for a query profile: every match says `why` (its strongest reasons) and,
/// with `explain`, carries every component's fit, weight, points and reason.
pub fn matches(query: &Profile, found: &[Match], explain: bool) -> Value {
    let matches: Vec<Value> = found
        .iter()
        .map(|m| {
            let mut v = serde_json::to_value(m).expect("matches serialise");
            let fields = v.as_object_mut().expect("a match is an object");
            fields.insert("why".into(), json!(strongest_reasons(m)));
            if !explain {
                fields.remove("components");
            }
            v
        })
        .collect();
    json!({
        "query": { "id": query.id, "kind": query.kind, "name": query.name },
        "matches": matches,
    })
}

/// Free-text search hits, best first.
pub fn search(hits: &[SearchHit]) -> Value {
    let hits: Vec<Value> = hits
        .iter()
        .map(|h| json!({ "score": h.score, "profile": h.profile }))
        .collect();
    json!({ "hits": hits })
}
