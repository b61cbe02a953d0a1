//! Output for people (tables) and programs (JSON).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use serde_json::json;
use tandem_engine::geography::{Area, Place};
use tandem_engine::learn::live::{Method, Ranked};
use tandem_engine::store::SearchHit;
use tandem_engine::{Kind, Match, Profile, Store};

use crate::cli::Format;
use crate::views;

pub(crate) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    if let Some(width) = terminal_width() {
        t.set_width(width);
    }
    t
}

/// The terminal width when stdout is a terminal; tables wrap to it.
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn join<T: ToString>(items: &[T], max: usize) -> String {
    let mut out: Vec<String> = items.iter().take(max).map(T::to_string).collect();
    if items.len() > max {
        out.push(format!("+{}", items.len() - max));
    }
    out.join(", ")
}

/// One line saying what a profile is: type, stage, money, where, sectors.
pub fn summary(p: &Profile) -> String {
    let mut parts = Vec::new();
    if let Some(t) = p.investor_type {
        parts.push(t.label().to_string());
    }
    if let Some(t) = p.partner_type {
        parts.push(t.label().to_string());
    }
    let stages = p.stage_set();
    if !stages.is_empty() {
        parts.push(join(&stages, 3));
    }
    match (p.funding_ask_usd, p.ticket_min_usd, p.ticket_max_usd) {
        (Some(ask), _, _) => parts.push(format!("asks {ask}")),
        (None, Some(lo), Some(hi)) => parts.push(format!("{lo}–{hi}")),
        (None, Some(lo), None) => parts.push(format!("from {lo}")),
        (None, None, Some(hi)) => parts.push(format!("up to {hi}")),
        _ => {}
    }
    // Cities first: the finest places, as the profile names them.
    let places: Vec<String> = p
        .cities
        .iter()
        .map(ToString::to_string)
        .chain(p.places().iter().map(ToString::to_string))
        .collect();
    if !places.is_empty() {
        parts.push(join(&places, 3));
    }
    if !p.sectors.is_empty() {
        parts.push(join(&p.sectors, 3));
    }
    parts.join(" · ")
}

/// The line saying which ranking ordered a list: the learned model (and its file) or the
/// thesis score, and why not the model.
fn ranking_line(method: &Method, model: Option<&Path>) -> String {
    match (method, model) {
        (Method::Learned, Some(path)) => {
            format!("Ranked by the learned model ({}).", path.display())
        }
        (Method::Learned, None) => "Ranked by the learned model.".to_string(),
        (Method::Thesis { reason: Some(why) }, _) => format!("Ranked by the thesis score: {why}."),
        (Method::Thesis { reason: None }, _) => "Ranked by the thesis score: no learned model is \
             loaded (--model FILE, or a model.json in the data directory)."
            .to_string(),
    }
}

/// Prints ranked matches, saying which ranking ordered them; `model` is the loaded model's
/// file, if any.
pub fn matches(
    query: &Profile,
    ranked: &Ranked,
    model: Option<&Path>,
    explain: bool,
    format: Format,
) -> Result<()> {
    if format == Format::Json {
        return print_json(&views::matches(query, ranked, explain));
    }
    let found = &ranked.matches;
    println!(
        "Matches for {} ({}, {}): {}",
        query.name,
        query.id,
        query.kind,
        summary(query)
    );
    println!("{}", ranking_line(&ranked.method, model));
    if found.is_empty() {
        println!("No candidates pass the filters.");
        return Ok(());
    }
    let reciprocal = found.iter().any(|m| m.reverse.is_some());
    let score_header = if reciprocal {
        "score (→ / ←)"
    } else {
        "score"
    };
    let mut t = table(&[
        "#",
        score_header,
        "id",
        "name",
        "profile",
        "strongest reasons",
    ]);
    for m in found {
        let score = match m.reverse {
            Some(r) => format!("{:.3} ({:.2} / {:.2})", m.score, m.forward, r),
            None => format!("{:.3}", m.score),
        };
        let reasons = views::strongest_reasons(m);
        t.add_row(vec![
            Cell::new(m.rank).set_alignment(CellAlignment::Right),
            Cell::new(score),
            Cell::new(&m.profile.id),
            Cell::new(&m.profile.name),
            Cell::new(summary(&m.profile)),
            Cell::new(reasons.join("\n")),
        ]);
    }
    println!("{t}");
    if explain {
        for m in found {
            explain_match(m);
        }
    } else if ranked.method == Method::Learned {
        println!(
            "Add --explain for the model's reasons, and every thesis component's value, weight and reason."
        );
    } else {
        println!("Add --explain for every component's value, weight and reason.");
    }
    Ok(())
}

/// Prints one match's explanation: the learned score's parts when a model ranked, then the
/// thesis components.
fn explain_match(m: &Match) {
    let fused = match m.places {
        Some(p) => format!(
            ", fused: thesis #{} ({:.3}), network {}",
            p.thesis,
            m.forward,
            p.network.map_or("—".to_string(), |n| format!("#{n}"))
        ),
        None => String::new(),
    };
    if let Some(learned) = &m.learned {
        println!(
            "\n{}. {} ({}) — learned score {:.3} = base {:.3} + the features' contributions",
            m.rank, m.profile.name, m.profile.id, learned.score, learned.base
        );
        let mut t = table(&["feature", "value", "contribution", "reason"]);
        for r in &learned.reasons {
            t.add_row(vec![
                Cell::new(&r.feature),
                Cell::new(if r.value.is_finite() {
                    format!("{:.3}", r.value)
                } else {
                    "unknown".to_string()
                }),
                Cell::new(format!("{:+.3}", r.contribution)),
                Cell::new(&r.reason),
            ]);
        }
        // The listed reasons are the largest parts only: say what the rest adds, so that the
        // table sums to the score.
        let listed: f32 = learned.reasons.iter().map(|r| r.contribution).sum();
        let rest = learned.score - learned.base - listed;
        if rest.abs() >= 0.0005 {
            t.add_row(vec![
                Cell::new("(the other features)"),
                Cell::new(""),
                Cell::new(format!("{rest:+.3}")),
                Cell::new("the model's smaller contributions together"),
            ]);
        }
        println!("{t}");
        println!(
            "Thesis score {:.3} (not what ranked), by component:",
            m.forward
        );
    } else {
        println!(
            "\n{}. {} ({}) — score {:.3}{fused}",
            m.rank, m.profile.name, m.profile.id, m.score
        );
    }
    let mut t = table(&["component", "fit", "weight", "points", "reason"]);
    for c in &m.components {
        t.add_row(vec![
            Cell::new(c.component),
            Cell::new(c.fit.map_or("unknown".to_string(), |f| format!("{f:.2}"))),
            Cell::new(format!("{:.2}", c.weight)),
            Cell::new(format!("{:.3}", c.contribution)),
            Cell::new(&c.reason),
        ]);
    }
    println!("{t}");
}

/// Prints free-text search hits.
pub fn search(hits: &[SearchHit], format: Format) -> Result<()> {
    if format == Format::Json {
        return print_json(&views::search(hits));
    }
    if hits.is_empty() {
        println!("No profile matches that text.");
        return Ok(());
    }
    let mut t = table(&["#", "relevance", "id", "kind", "name", "profile"]);
    for (i, h) in hits.iter().enumerate() {
        t.add_row(vec![
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.2}", h.score)),
            Cell::new(&h.profile.id),
            Cell::new(h.profile.kind),
            Cell::new(&h.profile.name),
            Cell::new(summary(&h.profile)),
        ]);
    }
    println!("{t}");
    Ok(())
}

/// Prints one profile.
pub fn profile(p: &Profile, format: Format) -> Result<()> {
    let value = serde_json::to_value(p)?;
    if format == Format::Json {
        return print_json(&value);
    }
    let mut t = table(&["field", "value"]);
    for (field, v) in value.as_object().expect("a profile is an object") {
        let shown = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        t.add_row(vec![field.as_str(), shown.as_str()]);
    }
    if let Some(size) = p.size_class() {
        t.add_row(vec!["size class", size]);
    }
    println!("{t}");
    Ok(())
}

/// Prints counts by kind, sector and region.
pub fn stats(store: &Store, format: Format) -> Result<()> {
    let snapshot = store.snapshot();
    let profiles = snapshot.profiles(None)?;
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_region: BTreeMap<String, usize> = BTreeMap::new();
    for p in &profiles {
        *by_kind.entry(p.kind.to_string()).or_default() += 1;
        for s in &p.sectors {
            *by_sector.entry(s.to_string()).or_default() += 1;
        }
        *by_region.entry(region_of(p)).or_default() += 1;
    }
    if format == Format::Json {
        return print_json(&json!({
            "data": store.dir(),
            "profiles": profiles.len(),
            "by_kind": by_kind,
            "by_sector": by_sector,
            "by_region": by_region,
        }));
    }
    println!("{} profiles in {}", profiles.len(), store.dir().display());
    for (title, counts) in [
        ("kind", &by_kind),
        ("region", &by_region),
        ("sector", &by_sector),
    ] {
        let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut t = table(&[title, "profiles"]);
        for (name, n) in rows {
            t.add_row(vec![
                Cell::new(name),
                Cell::new(n).set_alignment(CellAlignment::Right),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

/// The sub-region a profile mostly sits in (its first country's, else that of the country
/// its first metro area or city lies in, else its first area).
fn region_of(p: &Profile) -> String {
    let country = p.countries.first().copied().or_else(|| {
        let g = p.geography();
        g.places
            .iter()
            .copied()
            .chain(g.cities.iter().filter_map(|l| l.spot.within))
            .find_map(Place::country)
    });
    let area = country
        .and_then(|c| {
            c.areas()
                .find(|a| a.level() == tandem_engine::geography::AreaLevel::SubRegion)
        })
        .or_else(|| p.regions.first().copied());
    match (area, p.kind) {
        (Some(a), _) => a.to_string(),
        (None, Kind::Startup) => "unknown".to_string(),
        (None, _) => Area::Global.to_string(),
    }
}
