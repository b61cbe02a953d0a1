//! `tandem event`: create, import, list and show the events of a data directory (pitch days
//! and B2B sessions where stored profiles meet in short slots; see
//! `tandem_engine::events`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use comfy_table::Cell;
use jiff::{SignedDuration, Timestamp};
use tandem_engine::Store;
use tandem_engine::events::{Event, EventBook, Rules};

use crate::cli::Format;
use crate::render;

/// Options of `event`.
#[derive(Debug, Args)]
pub struct EventArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: EventAction,
}

/// `event create|import|list|show`.
#[derive(Debug, Subcommand)]
pub enum EventAction {
    /// Create an event with evenly spaced slots, numbered tables and no participants yet.
    ///
    /// Add participants by editing its JSON and importing it again:
    ///   tandem --data DIR event create --id pitch-2027 --name "Pitch day" \
    ///       --start 2027-03-10T09:00:00Z --slots 16 --minutes 20 --tables 10
    ///   tandem --data DIR event show pitch-2027 --format json > pitch.json
    ///   (edit pitch.json: participants, rules)
    ///   tandem --data DIR event import pitch.json
    #[command(verbatim_doc_comment)]
    Create {
        /// The event's id: letters, digits, `-`, `_` and `.`.
        #[arg(long)]
        id: String,
        /// Its name, as participants see it.
        #[arg(long)]
        name: String,
        /// When the first slot starts (RFC 3339, e.g. 2027-03-10T09:00:00Z).
        #[arg(long, value_name = "TIME")]
        start: Timestamp,
        /// How many slots.
        #[arg(long, value_name = "N")]
        slots: usize,
        /// How long a meeting lasts, in minutes.
        #[arg(long, value_name = "MINUTES", default_value_t = 20)]
        minutes: u32,
        /// Minutes between one meeting's end and the next slot.
        #[arg(long, value_name = "MINUTES", default_value_t = 0)]
        break_minutes: u32,
        /// How many tables, named "Table 1", "Table 2"…
        #[arg(long, value_name = "N")]
        tables: usize,
    },
    /// Import an event from a JSON file (the README's "Events" format), replacing the event
    /// with its id.
    ///
    /// The whole event is checked against the stored profiles first: every problem is
    /// reported with its field (e.g. participants[3].available[1]) and nothing is written
    /// unless there are none.
    Import {
        /// The event's JSON file (`-` for standard input).
        file: PathBuf,
    },
    /// List the events.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show one event: its slots, tables, rules and participants.
    ///
    /// `--format json` prints the event in the format `event import` reads.
    Show {
        /// The event's id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// The most slots `event create` makes.
const MAX_SLOTS: usize = 200;

/// The most tables `event create` makes.
const MAX_TABLES: usize = 10_000;

/// Runs `event` on the store in `store`'s data directory.
pub fn run(store: &Store, args: &EventArgs) -> Result<()> {
    let book = EventBook::open_or_create(store.dir())?;
    match &args.action {
        EventAction::Create {
            id,
            name,
            start,
            slots,
            minutes,
            break_minutes,
            tables,
        } => {
            if book.get(id)?.is_some() {
                bail!(
                    "an event with id `{id}` exists; change it with `tandem event import`, or choose another id"
                );
            }
            if !(1..=MAX_SLOTS).contains(slots) {
                bail!("--slots: expected 1 to {MAX_SLOTS}, got {slots}");
            }
            if !(1..=MAX_TABLES).contains(tables) {
                bail!("--tables: expected 1 to {MAX_TABLES}, got {tables}");
            }
            let step = SignedDuration::from_mins(i64::from(*minutes) + i64::from(*break_minutes));
            let mut times = Vec::with_capacity(*slots);
            let mut at = *start;
            for _ in 0..*slots {
                times.push(at);
                at = at
                    .checked_add(step)
                    .context("--start: the slots run past the end of time")?;
            }
            let event = Event {
                id: id.clone(),
                name: name.clone(),
                meeting_minutes: *minutes,
                slots: times,
                tables: (1..=*tables).map(|n| format!("Table {n}")).collect(),
                rules: Rules::default(),
                participants: Vec::new(),
            };
            book.put(&store.snapshot(), &event)?;
            eprintln!(
                "created {id}: {slots} slots of {minutes} minutes from {start}, {tables} tables; add participants with `tandem event show {id} --format json`, edit, then `tandem event import`"
            );
        }
        EventAction::Import { file } => {
            let event = read_event(file)?;
            let replaced = book.put(&store.snapshot(), &event)?;
            eprintln!(
                "{} {}: {} participants, {} slots, {} tables",
                if replaced { "replaced" } else { "imported" },
                event.id,
                event.participants.len(),
                event.slots.len(),
                event.tables.len()
            );
        }
        EventAction::List { format } => {
            let events = book.all()?;
            match format {
                Format::Json => render::print_json(&events)?,
                Format::Table => {
                    if events.is_empty() {
                        println!("No events yet; create one with `tandem event create --help`.");
                        return Ok(());
                    }
                    let mut t = render::table(&[
                        "id",
                        "name",
                        "first slot",
                        "slots",
                        "tables",
                        "participants",
                    ]);
                    for e in &events {
                        t.add_row(vec![
                            Cell::new(&e.id),
                            Cell::new(&e.name),
                            Cell::new(e.slots.first().map(|s| s.to_string()).unwrap_or_default()),
                            Cell::new(e.slots.len()),
                            Cell::new(e.tables.len()),
                            Cell::new(e.participants.len()),
                        ]);
                    }
                    println!("{t}");
                }
            }
        }
        EventAction::Show { id, format } => {
            let event = stored_event(&book, id)?;
            match format {
                Format::Json => render::print_json(&event)?,
                Format::Table => show(store, &event)?,
            }
        }
    }
    Ok(())
}

/// The stored event with this id, or an error saying how to find the ids.
pub(crate) fn stored_event(book: &EventBook, id: &str) -> Result<Event> {
    match book.get(id)? {
        Some(event) => Ok(event),
        None => bail!("no event with id `{id}`; list them with `tandem event list`"),
    }
}

/// Reads an event's JSON, naming the field and the line of a mistake.
fn read_event(file: &Path) -> Result<Event> {
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let mut json = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}: {}; nothing was written (the format is in the README, \"Events\")",
            file.display(),
            e.path(),
            e.inner()
        )
    })
}

/// The event as tables: what, when, where, who.
fn show(store: &Store, event: &Event) -> Result<()> {
    let snapshot = store.snapshot();
    println!("{} ({})", event.name, event.id);
    match (event.slots.first(), event.slots.last()) {
        (Some(first), Some(last)) => println!(
            "{} slots of {} minutes, {first} to {last}; {} tables",
            event.slots.len(),
            event.meeting_minutes,
            event.tables.len()
        ),
        _ => println!("no slots"),
    }
    if event.rules.may_meet.is_empty() {
        println!("any two different groups may meet");
    } else {
        let pairs: Vec<String> = event
            .rules
            .may_meet
            .iter()
            .map(|[a, b]| format!("{a} with {b}"))
            .collect();
        println!("may meet: {}", pairs.join("; "));
    }
    for (group, n) in &event.rules.min_meetings {
        println!("every member of {group} should get at least {n} meetings");
    }
    if event.participants.is_empty() {
        println!("No participants yet.");
        return Ok(());
    }
    let mut t = render::table(&[
        "profile",
        "name",
        "group",
        "slots free",
        "max meetings",
        "requests",
        "blocks",
    ]);
    for p in &event.participants {
        let name = snapshot
            .get(&p.profile)?
            .map(|s| s.name)
            .unwrap_or_default();
        t.add_row(vec![
            Cell::new(&p.profile),
            Cell::new(name),
            Cell::new(&p.group),
            Cell::new(p.slots_available(event).len()),
            Cell::new(p.capacity(event)),
            Cell::new(p.requests.join(", ")),
            Cell::new(p.blocks.join(", ")),
        ]);
    }
    println!("{t}");
    Ok(())
}
