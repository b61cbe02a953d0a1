//! A digest's output: its three formats, written one profile at a time, and read back to
//! resume an interrupted digest.
//!
//! Every format writes each profile's record with one `write` in id order, so a crash
//! leaves complete records and at most one torn record at the end. Resuming keeps every
//! profile but the last one in the file (which may be torn, or in CSV and Markdown, whose
//! records span lines, cut short between its lines), truncates the file where that last
//! profile starts, and digests it again with the rest: the file then ends byte for byte as
//! an uninterrupted run would have written it. A file that holds another digest (another
//! `--since` or format) is refused, never appended to.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tandem_engine::digest::DigestEntry;

use crate::views::strongest_reasons;

/// The output format of `tandem digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DigestFormat {
    /// One JSON object per profile and line: `{"for", "since", "matches": [...]}`.
    #[default]
    Jsonl,
    /// One row per (profile, match); a profile with no match gets one row with the match
    /// columns empty.
    Csv,
    /// A section per profile, for people to read.
    Md,
}

/// The CSV header.
const CSV_HEADER: &str = "for,since,rank,id,name,score,reasons";

/// One match in a JSON Lines record.
#[derive(Serialize, Deserialize)]
struct JsonMatch {
    rank: usize,
    id: String,
    name: String,
    score: f32,
    reasons: Vec<String>,
}

/// One JSON Lines record: a profile's digest.
#[derive(Serialize, Deserialize)]
struct JsonRecord {
    #[serde(rename = "for")]
    for_id: String,
    since: String,
    matches: Vec<JsonMatch>,
}

impl DigestFormat {
    /// What a new file starts with (before the first profile).
    pub fn preamble(self, since: Timestamp) -> String {
        match self {
            DigestFormat::Jsonl => String::new(),
            DigestFormat::Csv => format!("{CSV_HEADER}\n"),
            DigestFormat::Md => format!("# Deal-flow digest: changes since {since}\n"),
        }
    }

    /// One profile's record: every byte the file gets for it.
    pub fn record(self, since: Timestamp, entry: &DigestEntry) -> String {
        let profile = &entry.profile;
        match self {
            DigestFormat::Jsonl => {
                let record = JsonRecord {
                    for_id: profile.id.clone(),
                    since: since.to_string(),
                    matches: entry
                        .matches
                        .iter()
                        .map(|m| JsonMatch {
                            rank: m.rank,
                            id: m.profile.id.clone(),
                            name: m.profile.name.clone(),
                            score: m.score,
                            reasons: strongest_reasons(m),
                        })
                        .collect(),
                };
                let mut line = serde_json::to_string(&record).expect("records serialise");
                line.push('\n');
                line
            }
            DigestFormat::Csv => {
                let mut writer = csv::Writer::from_writer(Vec::new());
                let since = since.to_string();
                if entry.matches.is_empty() {
                    writer
                        .write_record([profile.id.as_str(), &since, "", "", "", "", ""])
                        .expect("writing to memory");
                }
                for m in &entry.matches {
                    writer
                        .write_record([
                            profile.id.as_str(),
                            &since,
                            &m.rank.to_string(),
                            &m.profile.id,
                            &m.profile.name,
                            &m.score.to_string(),
                            &strongest_reasons(m).join("; "),
                        ])
                        .expect("writing to memory");
                }
                let bytes = writer.into_inner().expect("writing to memory");
                String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
            }
            DigestFormat::Md => {
                let mut md = format!("\n## {} · {}\n\n", profile.id, one_line(&profile.name));
                if entry.matches.is_empty() {
                    md.push_str("Nothing new that fits.\n");
                }
                for m in &entry.matches {
                    let _ = writeln!(
                        md,
                        "{}. **{}** (`{}`), score {:.3}: {}",
                        m.rank,
                        one_line(&m.profile.name),
                        m.profile.id,
                        m.score,
                        strongest_reasons(m)
                            .iter()
                            .map(|r| one_line(r))
                            .collect::<Vec<_>>()
                            .join("; ")
                    );
                }
                md
            }
        }
    }

    /// Reads back what an interrupted digest left in `bytes`: the ids of the profiles that
    /// are complete, in file order, and the length to truncate the file to before
    /// appending (the start of the last profile, which is redone). Fails when the file
    /// holds another digest.
    pub fn resume(self, bytes: &[u8], since: Timestamp, path: &Path) -> Result<Resume> {
        let preamble = self.preamble(since);
        if bytes.len() <= preamble.len() {
            // Empty, or torn within the preamble: start over if it is ours.
            if !preamble.as_bytes().starts_with(bytes) {
                bail!(another(path, self, since));
            }
            return Ok(Resume::default());
        }
        if !bytes.starts_with(preamble.as_bytes()) {
            bail!(another(path, self, since));
        }
        let body = &bytes[preamble.len()..];
        let bad = || another(path, self, since);
        let since = since.to_string();
        // Where each record (profile, or CSV row) starts in `body`, and whose it is.
        let mut records: Vec<(usize, String)> = Vec::new();
        match self {
            DigestFormat::Jsonl => {
                let mut offset = 0;
                for line in body.split_inclusive(|b| *b == b'\n') {
                    let last = offset + line.len() == body.len();
                    match serde_json::from_slice::<JsonRecord>(line) {
                        Ok(record) if record.since == since => {
                            records.push((offset, record.for_id))
                        }
                        Ok(_) => bail!(bad()),
                        // A torn last line.
                        Err(_) if last => records.push((offset, String::new())),
                        Err(e) => bail!(
                            "{} is not a digest in JSON Lines ({e}); pass another --out",
                            path.display()
                        ),
                    }
                    offset += line.len();
                }
            }
            DigestFormat::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(body);
                let mut row = csv::StringRecord::new();
                loop {
                    let start = reader.position().byte() as usize;
                    match reader.read_record(&mut row) {
                        Ok(false) => break,
                        Ok(true) => {
                            // Only a last row cut short may differ from the rest.
                            let torn = reader.position().byte() as usize >= body.len()
                                && !body.ends_with(b"\n");
                            let ours = row.len() == 7 && row.get(1) == Some(since.as_str());
                            if !ours && !torn {
                                bail!(bad());
                            }
                            records.push((start, row.get(0).unwrap_or_default().to_string()));
                        }
                        // Torn inside the last row: it is redone.
                        Err(_) => {
                            records.push((start, String::new()));
                            break;
                        }
                    }
                }
            }
            DigestFormat::Md => {
                let mut offset: usize = 0;
                for line in body.split_inclusive(|b| *b == b'\n') {
                    // A record is a blank line, then its heading.
                    if let Some(rest) = line.strip_prefix(b"## ") {
                        let text = String::from_utf8_lossy(rest);
                        let id = text.split(' ').next().unwrap_or_default().to_string();
                        records.push((offset.saturating_sub(1), id));
                    }
                    offset += line.len();
                }
                if !records.is_empty() && records[0].0 != 0 {
                    bail!(bad());
                }
            }
        }
        // Each profile's first record starts it.
        let mut starts: Vec<(usize, String)> = Vec::new();
        for (at, id) in records {
            if starts.last().is_none_or(|(_, previous)| *previous != id) {
                starts.push((preamble.len() + at, id));
            }
        }
        let Some((keep, _)) = starts.pop() else {
            // Bytes past the preamble but no record start: torn at the first record.
            return Ok(Resume {
                done: Vec::new(),
                keep: preamble.len(),
            });
        };
        Ok(Resume {
            done: starts.into_iter().map(|(_, id)| id).collect(),
            keep,
        })
    }
}

/// What [`DigestFormat::resume`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resume {
    /// Ids of the complete profiles in the file.
    pub done: Vec<String>,
    /// Bytes of the file to keep; the rest is redone (0: start over, preamble included).
    pub keep: usize,
}

fn another(path: &Path, format: DigestFormat, since: Timestamp) -> String {
    format!(
        "{} holds something other than a {} digest of changes since {since}; pass the same \
         --since and --format to resume it, or another --out",
        path.display(),
        format
            .to_possible_value()
            .expect("every format has a name")
            .get_name()
    )
}

/// A text on one line, for Markdown lists and headings.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads an existing output file for [`DigestFormat::resume`] (`None`: no file yet).
pub fn read_existing(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_engine::{Kind, Profile};

    fn entry(id: &str) -> DigestEntry {
        DigestEntry {
            profile: Profile::new(id, Kind::Investor, "Fund, \"quoted\"\nand broken"),
            matches: Vec::new(),
        }
    }

    #[test]
    fn every_cut_of_a_file_resumes_to_the_same_bytes() {
        let since: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let path = Path::new("digest.out");
        for format in [DigestFormat::Jsonl, DigestFormat::Csv, DigestFormat::Md] {
            let ids = ["i1", "i2", "i3"];
            let records: Vec<String> = ids
                .iter()
                .map(|id| format.record(since, &entry(id)))
                .collect();
            let whole = format.preamble(since) + &records.concat();
            for cut in 0..=whole.len() {
                let bytes = &whole.as_bytes()[..cut];
                let resume = format.resume(bytes, since, path).unwrap();
                let mut again = if resume.keep == 0 {
                    format.preamble(since)
                } else {
                    String::from_utf8(bytes[..resume.keep].to_vec()).unwrap()
                };
                for id in ids
                    .iter()
                    .filter(|id| !resume.done.iter().any(|d| d == *id))
                {
                    again.push_str(&format.record(since, &entry(id)));
                }
                assert_eq!(again, whole, "{format:?} cut at {cut}");
            }
            let other: Timestamp = "2026-10-01T00:00:00Z".parse().unwrap();
            let err = format
                .resume(whole.as_bytes(), other, path)
                .unwrap_err()
                .to_string();
            assert!(err.contains("pass the same --since"), "{format:?}: {err}");
        }
    }
}
