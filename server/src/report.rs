//! `tandem eval --report DIR`: what an analyst keeps of an evaluation — the metric table as
//! Markdown, the Recall@k curves as an SVG chart ([`crate::chart`]) and both as JSON
//! ([`Report`]) — and the latest report of a data directory (`DATA/reports/latest.json`),
//! which the web app's Analyst page shows.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tandem_engine::eval::{Evaluation, Row, Slice, Split, recall_curve};

use crate::chart;

/// How deep the Recall@k curves go.
const DEPTH: usize = 100;

/// The format of [`Report`]'s JSON; a file of another version is not read.
const VERSION: u32 = 1;

/// An evaluation as a report: where it came from, its metric table and its curves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The format's version ([`VERSION`]).
    pub version: u32,
    /// When the report was made (RFC 3339, UTC).
    pub created: String,
    /// The command that made it, to reproduce it.
    pub command: String,
    /// The benchmark's folder, as given.
    pub benchmark: String,
    /// The split date: rankers learned from the deals before it.
    pub split: String,
    /// The end of the test year (excluded).
    pub test_until: String,
    /// How many investors were evaluated.
    pub evaluated: usize,
    /// The metric names, in column order.
    pub metrics: Vec<String>,
    /// One row per ranker and slice.
    pub rows: Vec<Row>,
    /// Per ranker, in row order, Recall@k for k = 1…100 on each slice ([`Slice::ALL`]).
    pub curves: Vec<Curves>,
}

/// One ranker's Recall@k curves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curves {
    /// The ranker's name.
    pub ranker: String,
    /// One curve per slice, in [`Slice::ALL`] order.
    pub recall: Vec<Vec<f64>>,
}

impl Report {
    /// The report of `evaluation` on `split` of the benchmark in `benchmark`, made by `command`.
    pub fn new(command: &str, benchmark: &str, split: &Split, evaluation: &Evaluation) -> Report {
        let curves = evaluation
            .rows
            .iter()
            .step_by(Slice::ALL.len())
            .zip(&evaluation.rankings)
            .map(|(row, rankings)| Curves {
                ranker: row.ranker.clone(),
                recall: Slice::ALL
                    .iter()
                    .map(|s| recall_curve(split, rankings, *s, DEPTH))
                    .collect(),
            })
            .collect();
        Report {
            version: VERSION,
            created: jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            command: command.to_string(),
            benchmark: benchmark.to_string(),
            split: split.date.to_string(),
            test_until: split.end.to_string(),
            evaluated: split.evaluated.len(),
            metrics: evaluation.metrics.clone(),
            rows: evaluation.rows.clone(),
            curves,
        }
    }

    /// The Recall@k chart of every ranker, one panel per slice, as SVG.
    pub fn chart(&self) -> Result<String> {
        let panels: Vec<String> = Slice::ALL
            .iter()
            .map(|s| format!("{s} companies"))
            .collect();
        let panels: Vec<&str> = panels.iter().map(String::as_str).collect();
        let series: Vec<chart::Series<'_>> = self
            .curves
            .iter()
            .map(|c| chart::Series {
                name: &c.ranker,
                curves: &c.recall,
            })
            .collect();
        chart::recall_svg(&panels, &series)
    }

    /// The report as Markdown: where it came from, how to reproduce it, the chart
    /// (`recall.svg` beside it) and the table.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Match quality: split {}\n", self.split);
        let _ = writeln!(
            md,
            "Train on deals before {}; test on the year until {} (excluded); {} evaluated investors. \
             Metrics are macro-averaged over investors; **cold** companies raise for the first time, \
             **warm** ones had earlier deals.\n",
            self.split, self.test_until, self.evaluated
        );
        let _ = writeln!(md, "Reproduce with:\n\n```sh\n{}\n```\n", self.command);
        let _ = writeln!(md, "![Recall@k for every ranker](recall.svg)\n");
        let mut header = vec!["ranker", "slice", "investors", "pairs"];
        header.extend(self.metrics.iter().map(String::as_str));
        let _ = writeln!(md, "| {} |", header.join(" | "));
        let _ = writeln!(md, "|{}", "---|".repeat(header.len()));
        for row in &self.rows {
            let values: Vec<String> = row.values.iter().map(|v| format!("{v:.4}")).collect();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                row.ranker,
                row.slice,
                row.investors,
                row.pairs,
                values.join(" | ")
            );
        }
        md
    }

    /// Writes `report.md`, `recall.svg` and `report.json` into `dir` (created if needed), each
    /// atomically; returns the paths written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let files = [
            ("recall.svg", self.chart()?),
            ("report.md", self.markdown()),
            ("report.json", self.json()?),
        ];
        let mut written = Vec::new();
        for (name, text) in files {
            let path = dir.join(name);
            write(&path, &text)?;
            written.push(path);
        }
        Ok(written)
    }

    /// Writes the report as the latest of data directory `data` ([`latest_path`]),
    /// atomically: a reader sees the previous report or this one, whole.
    pub fn write_latest(&self, data: &Path) -> Result<PathBuf> {
        let path = latest_path(data);
        write(&path, &self.json()?)?;
        Ok(path)
    }

    /// The latest report of data directory `data`, if one was written.
    pub fn latest(data: &Path) -> Result<Option<Report>> {
        let path = latest_path(data);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let report: Report = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a report", path.display()))?;
        anyhow::ensure!(
            report.version == VERSION,
            "{} is a report of format {}, not {VERSION}: make it again with `tandem eval --report`",
            path.display(),
            report.version
        );
        Ok(Some(report))
    }

    fn json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}

/// Where data directory `data` keeps its latest report.
pub fn latest_path(data: &Path) -> PathBuf {
    data.join("reports").join("latest.json")
}

fn write(path: &Path, text: &str) -> Result<()> {
    tandem_engine::cache::write_atomically(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small report of two rankers, as a fixture.
    pub(crate) fn sample() -> Report {
        let rows = ["tandem", "random"]
            .iter()
            .flat_map(|ranker| {
                Slice::ALL.iter().map(|slice| Row {
                    ranker: ranker.to_string(),
                    slice: *slice,
                    investors: 6,
                    pairs: 12,
                    values: vec![0.25, 0.5],
                })
            })
            .collect();
        let curve: Vec<f64> = (0..DEPTH).map(|k| k as f64 / 400.0).collect();
        Report {
            version: VERSION,
            created: "2026-12-07T21:00:00Z".into(),
            command: "tandem --data D eval --bench B --split 2011-01-01 --report R".into(),
            benchmark: "B".into(),
            split: "2011-01-01".into(),
            test_until: "2012-01-01".into(),
            evaluated: 6,
            metrics: vec!["recall@10".into(), "ndcg@10".into()],
            rows,
            curves: ["tandem", "random"]
                .iter()
                .map(|r| Curves {
                    ranker: r.to_string(),
                    recall: vec![curve.clone(); 3],
                })
                .collect(),
        }
    }

    #[test]
    fn the_latest_report_reads_back_as_written() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(Report::latest(data.path()).unwrap(), None);
        let report = sample();
        let path = report.write_latest(data.path()).unwrap();
        assert_eq!(path, data.path().join("reports/latest.json"));
        assert_eq!(Report::latest(data.path()).unwrap(), Some(report.clone()));
        let leftovers: Vec<_> = std::fs::read_dir(data.path().join("reports"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");

        let mut other = report;
        other.version = VERSION + 1;
        other.write_latest(data.path()).unwrap();
        let error = Report::latest(data.path()).unwrap_err().to_string();
        assert!(error.contains("make it again"), "{error}");
        std::fs::write(latest_path(data.path()), "{").unwrap();
        assert!(Report::latest(data.path()).is_err());
    }

    #[test]
    fn a_report_folder_has_the_table_the_chart_and_the_json() {
        let dir = tempfile::tempdir().unwrap();
        let report = sample();
        report.write(dir.path()).unwrap();
        let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
        assert!(
            md.contains("| tandem | cold | 6 | 12 | 0.2500 | 0.5000 |"),
            "{md}"
        );
        let svg = std::fs::read_to_string(dir.path().join("recall.svg")).unwrap();
        assert!(svg.contains("tandem") && svg.contains("random"));
        let json = std::fs::read(dir.path().join("report.json")).unwrap();
        assert_eq!(serde_json::from_slice::<Report>(&json).unwrap(), report);
    }
}
