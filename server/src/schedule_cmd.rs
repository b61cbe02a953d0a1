//! `tandem schedule EVENT`: the meeting schedule of a stored event — who meets whom, when
//! and at which table, and why — beside the greedy reference and an upper bound.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use comfy_table::Cell;
use serde::Serialize;
use tandem_engine::Store;
use tandem_engine::events::schedule::{self, Requested, Schedule};
use tandem_engine::events::{Event, EventBook};

use crate::cli::{Format, load_weights};
use crate::render;

/// Options of `schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The event's id (see `tandem event list`).
    pub event: String,
    /// Output format: a table per slot, or JSON with every meeting.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Weights for the match scores (TOML), instead of the defaults.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

/// One meeting, as printed.
#[derive(Debug, Serialize)]
struct MeetingView {
    slot: String,
    table: String,
    a: String,
    b: String,
    score: f32,
    requested: Requested,
    value: f32,
}

/// How good a schedule is, next to its references.
#[derive(Debug, Serialize)]
struct Summary {
    meetings: usize,
    total_value: f64,
    greedy_total_value: f64,
    greedy_shortfalls: usize,
    upper_bound: f64,
    mutual_requests: usize,
    mutual_requests_met: usize,
}

/// The whole answer in JSON.
#[derive(Debug, Serialize)]
struct Output {
    event: String,
    summary: Summary,
    meetings: Vec<MeetingView>,
    shortfalls: Vec<ShortfallView>,
}

#[derive(Debug, Serialize)]
struct ShortfallView {
    profile: String,
    got: usize,
    wanted: usize,
    why: String,
}

/// Runs `schedule` on the store in `store`'s data directory.
pub fn run(store: &Store, args: &ScheduleArgs) -> Result<()> {
    let book = EventBook::open_or_create(store.dir())?;
    let event = crate::event_cmd::stored_event(&book, &args.event)?;
    let weights = load_weights(args.weights.as_deref())?;
    let snapshot = store.snapshot();
    let pairs = schedule::pair_values(&snapshot, &weights, &event)?;
    let reference = schedule::greedy(&event, pairs.clone());
    let bound = schedule::upper_bound(&event, &pairs);
    let chosen = schedule::schedule(&event, pairs);
    let name = |i: usize| -> Result<String> {
        let id = &event.participants[i].profile;
        Ok(snapshot.get(id)?.map_or_else(|| id.clone(), |p| p.name))
    };
    let mut meetings = Vec::with_capacity(chosen.meetings.len());
    for m in &chosen.meetings {
        let pair = &chosen.pairs[m.pair];
        meetings.push(MeetingView {
            slot: event.slots[m.slot].to_string(),
            table: event.tables[m.table].clone(),
            a: format!("{} ({})", name(pair.a)?, event.participants[pair.a].profile),
            b: format!("{} ({})", name(pair.b)?, event.participants[pair.b].profile),
            score: pair.score,
            requested: pair.requested,
            value: pair.value(),
        });
    }
    let mut shortfalls = Vec::new();
    for s in &chosen.shortfalls {
        shortfalls.push(ShortfallView {
            profile: event.participants[s.participant].profile.clone(),
            got: s.got,
            wanted: s.wanted,
            why: s.why.clone(),
        });
    }
    let summary = summarise(&chosen, &reference, bound);
    match args.format {
        Format::Json => render::print_json(&Output {
            event: event.id.clone(),
            summary,
            meetings,
            shortfalls,
        })?,
        Format::Table => print_tables(&event, &summary, &meetings, &shortfalls),
    }
    Ok(())
}

fn summarise(chosen: &Schedule, reference: &Schedule, bound: f64) -> Summary {
    let mutual = |s: &Schedule| {
        s.meetings
            .iter()
            .filter(|m| s.pairs[m.pair].requested == Requested::Mutual)
            .count()
    };
    Summary {
        meetings: chosen.meetings.len(),
        total_value: chosen.total_value(),
        greedy_total_value: reference.total_value(),
        greedy_shortfalls: reference.shortfalls.len(),
        upper_bound: bound,
        mutual_requests: chosen
            .pairs
            .iter()
            .filter(|p| p.requested == Requested::Mutual)
            .count(),
        mutual_requests_met: mutual(chosen),
    }
}

fn print_tables(
    event: &Event,
    summary: &Summary,
    meetings: &[MeetingView],
    shortfalls: &[ShortfallView],
) {
    println!("{} ({})", event.name, event.id);
    let percent = |x: f64, of: f64| if of > 0.0 { 100.0 * x / of } else { 100.0 };
    println!(
        "{} meetings worth {:.2}: {:+.1} % against greedy (highest score first, earliest free slot: {:.2}); {:.1} % of an upper bound ({:.2}: each participant's best pairs, halved; slots and tables ignored)",
        summary.meetings,
        summary.total_value,
        percent(summary.total_value, summary.greedy_total_value) - 100.0,
        summary.greedy_total_value,
        percent(summary.total_value, summary.upper_bound),
        summary.upper_bound
    );
    println!(
        "mutual requests met: {} of {}; greedy leaves {} participant(s) below their group's minimum",
        summary.mutual_requests_met, summary.mutual_requests, summary.greedy_shortfalls
    );
    let mut t = render::table(&["slot", "table", "meets", "with", "score", "asked for"]);
    for m in meetings {
        t.add_row(vec![
            Cell::new(&m.slot),
            Cell::new(&m.table),
            Cell::new(&m.a),
            Cell::new(&m.b),
            Cell::new(format!("{:.2}", m.score)),
            Cell::new(match m.requested {
                Requested::No => "",
                Requested::OneSide => "by one",
                Requested::Mutual => "by both",
            }),
        ]);
    }
    println!("{t}");
    if shortfalls.is_empty() {
        println!("Everyone got their group's minimum number of meetings.");
    }
    for s in shortfalls {
        println!(
            "{} got {} of its minimum {} meetings: {}",
            s.profile, s.got, s.wanted, s.why
        );
    }
}
