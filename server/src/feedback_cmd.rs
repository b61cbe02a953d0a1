//! `tandem feedback`: give, list and undo a profile's signals about candidates, on a data
//! directory (the operator's side of what `POST /v1/profiles/{id}/feedback` does).

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use comfy_table::Cell;
use jiff::Timestamp;
use tandem_engine::Store;
use tandem_engine::feedback::{FeedbackLog, Signal};

use crate::cli::Format;
use crate::render;
use crate::signals::{FeedbackList, FeedbackView};

/// Options of `feedback`.
#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: FeedbackAction,
}

/// `feedback give|list|undo`.
#[derive(Debug, Subcommand)]
pub enum FeedbackAction {
    /// Record what a profile says about a candidate.
    ///
    /// like and meeting rank candidates like it higher in the profile's own matches; pass
    /// leaves the candidate out of them (`match --include-passed` shows it again); deal
    /// writes the deal into both profiles' `portfolio`/`backers`, where every ranking reads
    /// it. Giving the same signal twice changes nothing; like replaces pass and the other
    /// way round.
    ///
    /// Example:
    ///   tandem --data DIR feedback give --as inv-0001 --to st-0042 --signal like
    #[command(verbatim_doc_comment)]
    Give {
        /// The profile giving the feedback.
        #[arg(long = "as", value_name = "ID")]
        from: String,
        /// The candidate it is about.
        #[arg(long, value_name = "ID")]
        to: String,
        /// like, pass, meeting or deal.
        #[arg(long, value_parser = parse_signal)]
        signal: Signal,
        /// When it happened: an RFC 3339 timestamp or a date (YYYY-MM-DD). Default: now.
        #[arg(long, value_name = "TIME", value_parser = parse_at)]
        at: Option<Timestamp>,
    },
    /// List every signal a profile gave.
    List {
        /// The profile whose feedback to list.
        #[arg(long = "as", value_name = "ID")]
        from: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Undo a profile's signals about a candidate (all of them, or one with --signal).
    Undo {
        /// The profile that gave the feedback.
        #[arg(long = "as", value_name = "ID")]
        from: String,
        /// The candidate it is about.
        #[arg(long, value_name = "ID")]
        to: String,
        /// Only this signal.
        #[arg(long, value_parser = parse_signal)]
        signal: Option<Signal>,
    },
}

fn parse_signal(s: &str) -> Result<Signal, String> {
    s.parse().map_err(|e: tandem_engine::Error| e.to_string())
}

fn parse_at(s: &str) -> Result<Timestamp, String> {
    tandem_engine::digest::parse_since(s)
}

/// Runs `feedback` on the store in `store`'s data directory.
pub fn run(store: &Store, args: &FeedbackArgs) -> Result<()> {
    let log = FeedbackLog::open_or_create(store.dir())?;
    match &args.action {
        FeedbackAction::Give {
            from,
            to,
            signal,
            at,
        } => {
            let at = at.unwrap_or_else(Timestamp::now);
            let recorded = log.record(store, from, to, *signal, at)?;
            let what = if recorded.created {
                "recorded"
            } else {
                "already recorded (nothing changed)"
            };
            eprintln!("{what}: {from} {signal} {to} at {}", recorded.feedback.at);
        }
        FeedbackAction::List { from, format } => {
            store.snapshot().require(from)?;
            let given = log.given_by(from)?;
            match format {
                Format::Json => render::print_json(&FeedbackList::of(&given))?,
                Format::Table => {
                    if given.is_empty() {
                        println!("{from} gave no feedback yet.");
                    }
                    let mut t = render::table(&["to", "signal", "at"]);
                    for f in given.iter().map(FeedbackView::from) {
                        t.add_row(vec![Cell::new(f.to), Cell::new(f.signal), Cell::new(f.at)]);
                    }
                    if !given.is_empty() {
                        println!("{t}");
                    }
                }
            }
        }
        FeedbackAction::Undo { from, to, signal } => {
            store.snapshot().require(from)?;
            let removed = log.undo(store, from, to, *signal)?;
            if removed.is_empty() {
                bail!(
                    "{from} gave no such feedback about {to}; see `tandem feedback list --as {from}`"
                );
            }
            for f in &removed {
                eprintln!("undone: {} {} {}", f.from, f.signal, f.to);
            }
        }
    }
    Ok(())
}
