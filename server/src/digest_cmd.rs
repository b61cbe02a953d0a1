//! `tandem digest`: every profile of a kind gets its best candidates added or changed since
//! a date, streamed to a file (or standard output) with a progress bar, resumable.
//!
//! The engine ranks ([`tandem_engine::digest`]); this module chooses the ranking (the learned
//! model where it applies, as `match` does), opens and resumes the output file, and writes
//! each profile's record as the engine hands it over, in id order
//! ([`crate::digest_file`] defines the formats and how an interrupted file is read back).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use jiff::Timestamp;
use tandem_engine::Kind;
use tandem_engine::digest::{Digest, DigestRequest};
use tandem_engine::feedback::FeedbackLog;

use crate::digest_file::{DigestFormat, read_existing};
use crate::progress::Bar;
use crate::ranking::{ModelArgs, Ranking};

/// Options of `tandem digest`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tandem digest --data ./mydata --since 2026-11-01
      every investor's top 20 start-ups added or changed since 1 November 2026 (UTC), as JSON Lines
  tandem digest --data ./mydata --since 2026-11-01T09:00:00+03:00 --kind partner --limit 5 \\
      --format md --out digest.md
      a readable digest per partner; run it again after a crash and it carries on
  tandem digest --data ./mydata --since 2026-11-01 --format csv --out digest.csv")]
pub struct DigestArgs {
    /// Only candidates added or changed since then: a date (`2026-11-01`, midnight UTC) or an
    /// RFC 3339 timestamp (`2026-11-01T09:00:00Z`, `2026-11-01T09:00:00+03:00`).
    #[arg(long, value_name = "DATE", value_parser = tandem_engine::digest::parse_since)]
    pub since: Timestamp,
    /// Whose digests: every stored profile of this kind (investor, partner or startup).
    #[arg(long, default_value = "investor")]
    pub kind: Kind,
    /// Candidates per profile (1–1000).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Write here instead of standard output. If the file already holds part of the same
    /// digest (same --since and --format), the profiles it has are kept and only the rest
    /// are added: a digest cut short resumes where it stopped.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format: jsonl (a line per profile), csv (a row per match), md (for reading).
    #[arg(long, value_enum, default_value_t)]
    pub format: DigestFormat,
    /// Weights file (.toml or .json) overriding the defaults.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// The learned model.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Runs `tandem digest` on the data directory `data` (`None`: the demo data).
pub fn run(data: Option<&Path>, args: &DigestArgs) -> Result<()> {
    let weights = crate::cli::load_weights(args.weights.as_deref())?;
    let ranking = Ranking::load(&args.model, data)?;
    let store = crate::cli::open_data(data)?;
    let snapshot = store.snapshot();
    let rank = |query: &tandem_engine::Profile, request: &tandem_engine::MatchRequest| {
        Ok(ranking.rank(&snapshot, &weights, query, request)?.matches)
    };
    let request = DigestRequest {
        kind: args.kind,
        since: args.since,
        limit: args.limit,
    };
    // What each profile already gave feedback about is not new to it (none on the demo data).
    let feedback = match data {
        Some(dir) => FeedbackLog::open_existing(dir)?,
        None => None,
    };
    let mut digest = Digest::new(&snapshot, request, &rank)?;
    if let Some(feedback) = &feedback {
        digest = digest.excluding(feedback);
    }
    let (since, format) = (args.since, args.format);

    let Some(path) = &args.out else {
        let mut stdout = std::io::stdout().lock();
        let mut write = |bytes: &str| -> tandem_engine::Result<()> {
            stdout
                .write_all(bytes.as_bytes())
                .map_err(tandem_engine::Error::io("standard output"))
        };
        let outcome = write(&format.preamble(since)).and_then(|()| {
            digest.run(&|_| false, &Bar::default(), &mut |entry| {
                write(&format.record(since, &entry))
            })
        });
        return match outcome {
            // A closed pipe (`| head`) ends the digest quietly.
            Err(e) if is_broken_pipe(&e) => Ok(()),
            other => other.map(|_| ()).map_err(Into::into),
        };
    };

    let resume = match read_existing(path)? {
        Some(bytes) => format.resume(&bytes, since, path)?,
        None => Default::default(),
    };
    let file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    // Drop the last profile (maybe torn) and anything after it; it is digested again.
    file.set_len(resume.keep as u64)
        .with_context(|| format!("cannot truncate {}", path.display()))?;
    let mut file = OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if resume.keep == 0 {
        file.write_all(format.preamble(since).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut done = resume.done;
    done.sort_unstable();
    let summary = digest.run(
        &|id| done.binary_search_by(|d| d.as_str().cmp(id)).is_ok(),
        &Bar::default(),
        &mut |entry| {
            file.write_all(format.record(since, &entry).as_bytes())
                .map_err(tandem_engine::Error::io(path))
        },
    );
    let summary = summary.with_context(|| {
        format!(
            "the digest stopped; run the same command again to carry on from where {} ends",
            path.display()
        )
    })?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote the digests of {} profiles to {}{}",
        summary.written,
        path.display(),
        if summary.skipped > 0 {
            format!(" ({} already there were kept)", summary.skipped)
        } else {
            String::new()
        }
    );
    Ok(())
}

fn is_broken_pipe(e: &tandem_engine::Error) -> bool {
    matches!(e, tandem_engine::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}
