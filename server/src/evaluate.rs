//! `tandem eval`: Tandem and the baselines on a deal benchmark, as a metric table.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use comfy_table::{Cell, CellAlignment, Table};
use serde_json::json;
use tandem_engine::eval::{
    Affinity, Benchmark, Cutoffs, Date, Evaluation, Popularity, Random, Ranker, Split,
    TandemRanker, evaluate,
};

use crate::cli::{Format, load_weights};
use crate::progress::Bar;
use crate::render;

/// Options of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Benchmark directory holding companies.csv, investors.csv and deals.csv, e.g.
    /// ../shared/bench/crunchbase-dev.
    #[arg(long, value_name = "DIR")]
    pub bench: PathBuf,
    /// Split date: rankers learn from deals before it and are scored on the year from it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub split: Date,
    /// Cut-offs of Recall@k and NDCG@k (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "10,50,100")]
    pub k: Vec<usize>,
    /// Write Tandem's rankings here, one JSON object a line:
    /// {"investor_id": "...", "ranked": ["company_id", ...]}, so any scorer can check them.
    #[arg(long, value_name = "FILE")]
    pub rankings_out: Option<PathBuf>,
    /// Weights file (.toml or .json) for Tandem, e.g. one written by `tandem tune`.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Seed of the random baseline.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

/// Runs `eval`.
pub fn run(args: &EvalArgs) -> Result<()> {
    let mut ks = args.k.clone();
    ks.sort_unstable();
    ks.dedup();
    if ks.is_empty() || ks.contains(&0) {
        bail!("--k needs cut-offs of at least 1, e.g. --k 10,50,100");
    }
    let cutoffs = Cutoffs { ks };
    let weights = load_weights(args.weights.as_deref())?;
    let bench = Benchmark::load(&args.bench).with_context(|| {
        format!(
            "cannot load the benchmark in {} (expected companies.csv, investors.csv and deals.csv)",
            args.bench.display()
        )
    })?;
    let split = Split::new(&bench, args.split);
    if split.evaluated.is_empty() {
        bail!(
            "no investor can be evaluated at split {}: none has 5 companies before it and a deal in the year after",
            args.split
        );
    }
    let view = split.view();
    let work = tempfile::tempdir().context("cannot create a temporary folder for the index")?;
    let progress = Bar::default();
    let tandem = TandemRanker::new(view, weights, work.path(), &progress)?;
    let random = Random::new(args.seed);
    let popularity = Popularity::new(&view);
    let affinity = Affinity::new(view, false);
    let affinity_stage = Affinity::new(view, true);
    let rankers: [&dyn Ranker; 5] = [&tandem, &random, &popularity, &affinity, &affinity_stage];
    let evaluation = evaluate(&split, &rankers, &cutoffs, &progress)?;
    let candidates = view.candidates.len();
    match args.format {
        Format::Table => {
            println!(
                "split {}: train before {}, test until {} (excluded); {} candidates, {} evaluated investors",
                args.split,
                split.date,
                split.end,
                candidates,
                split.evaluated.len()
            );
            println!("{}", table(&evaluation));
        }
        Format::Json => {
            let doc = json!({
                "split": split.date.to_string(),
                "test_until": split.end.to_string(),
                "candidates": candidates,
                "metrics": evaluation.metrics,
                "rows": evaluation.rows,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
    }
    if let Some(path) = &args.rankings_out {
        write_rankings(&bench, &evaluation, path)?;
    }
    Ok(())
}

/// The metric table: one row per ranker and slice.
fn table(evaluation: &Evaluation) -> Table {
    let mut header = vec!["ranker", "slice", "investors", "pairs"];
    header.extend(evaluation.metrics.iter().map(String::as_str));
    let mut table = render::table(&header);
    for row in &evaluation.rows {
        let mut cells = vec![
            Cell::new(&row.ranker),
            Cell::new(row.slice),
            Cell::new(row.investors).set_alignment(CellAlignment::Right),
            Cell::new(row.pairs).set_alignment(CellAlignment::Right),
        ];
        cells.extend(
            row.values
                .iter()
                .map(|v| Cell::new(format!("{v:.4}")).set_alignment(CellAlignment::Right)),
        );
        table.add_row(cells);
    }
    table
}

/// Writes the first ranker's (Tandem's) rankings as JSON Lines, atomically.
fn write_rankings(
    bench: &Benchmark,
    evaluation: &Evaluation,
    path: &std::path::Path,
) -> Result<()> {
    let mut text = String::new();
    for ranking in &evaluation.rankings[0] {
        let line = json!({
            "investor_id": bench.investors[ranking.investor].id,
            "ranked": ranking.ranked.iter().map(|c| &bench.companies[*c].id).collect::<Vec<_>>(),
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    tandem_engine::cache::write_atomically(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {} rankings to {}",
        evaluation.rankings[0].len(),
        path.display()
    );
    Ok(())
}
