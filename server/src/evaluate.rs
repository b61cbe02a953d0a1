//! `tandem eval`: Tandem and the baselines on a deal benchmark, as a metric table.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use comfy_table::{Cell, CellAlignment, Table};
use serde_json::json;
use tandem_engine::eval::{
    Benchmark, BuiltIn, Cutoffs, Date, Evaluation, LearnedRanker, Objective, Ranker, Split,
    TandemRanker, evaluate, learned,
};
use tandem_engine::learn::model::{HistorySource, Learner, Model};
use tandem_engine::learn::trees::Settings;

use crate::cli::{Format, load_weights};
use crate::progress::Bar;
use crate::render;
use crate::report::Report;

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
    /// Rank with this model (written by `tandem train`) instead of learning one from the
    /// deals before --split inside this command.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// How the model is learned when no --model is given (see `tandem train --help`).
    #[command(flatten)]
    pub learning: Learning,
    /// Weights file (.toml or .json) for the thesis ranking (the `tandem_thesis` row), e.g.
    /// one written by `tandem tune`.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Write report.md (the metric table), recall.svg (Recall@k curves of every ranker) and
    /// report.json (both) into this folder. With --data DATA, the report also becomes
    /// DATA/reports/latest.json, which `tandem serve --data DATA` shows at /analyst.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Seed of the random baseline.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Measure what feedback is worth instead: each investor tells Tandem the companies it
    /// funded in the first half of the test year (as likes, and as deals), and is scored on
    /// those it funds in the second half, against the same ranking told nothing.
    #[arg(long, conflicts_with_all = ["rankings_out", "report"])]
    pub feedback: bool,
    /// Simulate users on a synthetic benchmark (one with theses.csv, from `tandem generate
    /// --benchmark`): each investor sees 10 matches a round, likes those that fit its
    /// planted thesis and passes on the rest, for 5 rounds; prints what it found with
    /// feedback and without.
    #[arg(long, conflicts_with_all = ["rankings_out", "report", "feedback"])]
    pub simulate_users: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

pub(crate) fn load_benchmark(dir: &std::path::Path) -> Result<Benchmark> {
    Benchmark::load(dir).with_context(|| {
        format!(
            "cannot load the benchmark in {} (expected companies.csv, investors.csv and deals.csv)",
            dir.display()
        )
    })
}

/// A temporary folder for the index the benchmark's candidates are imported into.
pub(crate) fn scratch_dir() -> Result<tempfile::TempDir> {
    tempfile::tempdir().context("cannot create a temporary folder for the index")
}

/// Runs `eval`; `data` is the global `--data`, where a report also goes as the latest.
pub fn run(args: &EvalArgs, data: Option<&std::path::Path>) -> Result<()> {
    if let (Some(data), Some(_)) = (data, &args.report)
        && !data.is_dir()
    {
        bail!(
            "no data directory at {}: --data with --report keeps the report there for the web app; \
             make one with `tandem import --data {} FILE.jsonl`, or drop --data",
            data.display(),
            data.display()
        );
    }
    let mut ks = args.k.clone();
    ks.sort_unstable();
    ks.dedup();
    if ks.is_empty() || ks.contains(&0) {
        bail!("--k needs cut-offs of at least 1, e.g. --k 10,50,100");
    }
    let cutoffs = Cutoffs { ks };
    let weights = load_weights(args.weights.as_deref())?;
    let bench = load_benchmark(&args.bench)?;
    let split = Split::new(&bench, args.split);
    if split.evaluated.is_empty() {
        bail!(
            "no investor can be evaluated at split {}: none has 5 companies before it and a deal in the year after",
            args.split
        );
    }
    let view = split.view();
    let work = scratch_dir()?;
    let progress = Bar::default();
    let model = match &args.model {
        Some(path) if args.learning.options() != learned::Options::default() => bail!(
            "--learner, --trees, --warm-weight and --history say how a model is learned, but --model {} is already trained: drop them, or drop --model to learn one here",
            path.display()
        ),
        Some(path) => Model::load(path)?,
        None => {
            let [one, two] = learned::inner_splits(args.split);
            eprintln!(
                "learning from the deals before {} (inner splits {one} and {two}); `tandem train` saves such a model for --model",
                args.split
            );
            learned::train(
                &bench,
                args.split,
                &args.learning.options(),
                &work.path().join("train"),
                &args.bench.display().to_string(),
                &progress,
            )?
        }
    };
    if args.feedback {
        return crate::feedback_lift::run(args, &bench, &split, model, weights, &cutoffs);
    }
    if args.simulate_users {
        return crate::feedback_lift::simulate(args, &bench, &split, model, weights);
    }
    let learned = LearnedRanker::new(view, args.split, model, &work.path().join("learned"))?;
    let thesis = TandemRanker::new(view, weights, &work.path().join("thesis"), &progress)?;
    let baselines = BuiltIn::new(view, args.seed);
    let rankers: Vec<&dyn Ranker> = [&learned as &dyn Ranker, &thesis as &dyn Ranker]
        .into_iter()
        .chain(baselines.rankers())
        .collect();
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
    if let Some(dir) = &args.report {
        let command = std::env::args().collect::<Vec<_>>().join(" ");
        let report = Report::new(
            &command,
            &args.bench.display().to_string(),
            &split,
            &evaluation,
        );
        let mut written = report.write(dir)?;
        match data {
            Some(data) => written.push(report.write_latest(data)?),
            None => eprintln!(
                "(with --data DATA, the report would also be DATA/reports/latest.json, shown by `tandem serve --data DATA` at /analyst)"
            ),
        }
        let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!("wrote {}", written.join(", "));
    }
    Ok(())
}

/// The metric table: one row per ranker and slice.
pub(crate) fn table(evaluation: &Evaluation) -> Table {
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

/// Options of `train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Benchmark directory holding companies.csv, investors.csv and deals.csv.
    #[arg(long, value_name = "DIR")]
    pub bench: PathBuf,
    /// Learn only from deals before this date (the split an evaluation will score).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub split: Date,
    /// Where to write the model (JSON, for --model of eval).
    #[arg(long, short, value_name = "FILE", default_value = "model.json")]
    pub out: PathBuf,
    /// How the model is learned.
    #[command(flatten)]
    pub learning: Learning,
}

/// Options of how a model is learned, shared by `train` and `eval`.
#[derive(Debug, Args)]
pub struct Learning {
    /// The kind of model: `trees`, gradient-boosted trees (the best measured); `linear`, a
    /// linear model over the features and some of their products (simpler, explained by
    /// exact term contributions); `blend`, both with their scores summed.
    #[arg(long, value_enum, default_value_t)]
    pub learner: LearnerKind,
    /// How much a deal with a company that had backers before counts in training, against 1
    /// for a first raise. Above 1 ranks companies with backers higher, at the cost of first
    /// raises (measured trade-off in the README).
    #[arg(long, value_name = "W", default_value_t = 1.0, value_parser = parse_warm_weight)]
    pub warm_weight: f32,
    /// How the trees are grown, as key=value pairs overriding the defaults, e.g.
    /// `leaves=31,rounds=500`: rounds (1000; 2000 with --history profiles; `auto` chooses
    /// them on the inner years, up to 2000: better for a small benchmark), eta (0.05), leaves
    /// (7; 2 with --history profiles: one split per tree, an additive model), depth (0: no
    /// limit), min_child_weight (0.01), l2 (1), bins (256), objective (logistic, ndcg@N or
    /// pairwise@N), interacting (a yes/no feature every tree may also split on, e.g.
    /// first_raise).
    #[arg(long, value_name = "SETTINGS", default_value = "", value_parser = parse_tree_settings)]
    pub trees: String,
    /// Which deal history the features read: `deals`, the benchmark's dated deals (round,
    /// size and day of each: the most it tells); `profiles`, only what its profiles say
    /// (backers and portfolios, undated), which makes a model `match` and `serve` can use.
    #[arg(long, value_enum, default_value_t)]
    pub history: HistoryKind,
}

/// `--history` of `train` and `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum HistoryKind {
    /// The benchmark's dated deals.
    #[default]
    Deals,
    /// What stored profiles say.
    Profiles,
}

impl From<HistoryKind> for HistorySource {
    fn from(kind: HistoryKind) -> Self {
        match kind {
            HistoryKind::Deals => HistorySource::Deals,
            HistoryKind::Profiles => HistorySource::Profiles,
        }
    }
}

fn parse_warm_weight(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(w) if w.is_finite() && w >= 1.0 => Ok(w),
        _ => Err(format!(
            "`{s}` is not a weight of at least 1, e.g. 1 (first raises and companies with backers alike) or 1.5"
        )),
    }
}

fn parse_tree_settings(s: &str) -> Result<String, String> {
    s.parse::<Settings>()?;
    Ok(s.to_string())
}

impl Learning {
    fn options(&self) -> learned::Options {
        let history = HistorySource::from(self.history);
        learned::Options {
            method: self.learner.into(),
            trees: Settings::for_history(history)
                .with_overrides(&self.trees)
                .expect("checked when parsed"),
            warm_weight: self.warm_weight,
            history,
        }
    }
}

/// `--learner` of `train` and `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LearnerKind {
    /// Gradient-boosted trees.
    #[default]
    Trees,
    /// A linear model over the features and some of their products.
    Linear,
    /// Both, their scores summed.
    Blend,
}

impl From<LearnerKind> for learned::Method {
    fn from(kind: LearnerKind) -> Self {
        match kind {
            LearnerKind::Trees => learned::Method::Trees,
            LearnerKind::Linear => learned::Method::Linear,
            LearnerKind::Blend => learned::Method::Blend,
        }
    }
}

/// Runs `train`: learns a model from the deals before --split and writes it with its report.
pub fn train(args: &TrainArgs) -> Result<()> {
    let bench = load_benchmark(&args.bench)?;
    let work = scratch_dir()?;
    let progress = Bar::default();
    let model = learned::train(
        &bench,
        args.split,
        &args.learning.options(),
        work.path(),
        &args.bench.display().to_string(),
        &progress,
    )?;
    model
        .save(&args.out)
        .with_context(|| format!("cannot write the model to {}", args.out.display()))?;
    let r = &model.report;
    println!(
        "learned from deals before {} (labels: the years from {}): {} lists, {} positives in {} rows; {} passes",
        r.split,
        r.inner_splits.join(" and "),
        r.lists,
        r.positives,
        r.rows,
        r.epochs
    );
    if let Some(c) = r.rounds_chosen {
        println!(
            "{} trees, chosen on the inner years: trees grown on one year's lists ranked the other's best after {} rounds (mean NDCG@10 {:.4} of the sampled lists, both ways), doubled for both years' lessons",
            c.rounds, c.fold_rounds, c.ndcg
        );
    }
    if let Learner::Linear(linear) = &model.learner {
        if let Some(loss) = r.loss {
            println!("listwise loss {loss:.4}");
        }
        println!("strongest terms (weight on standardised features):");
        let mut terms: Vec<(f32, String)> = linear
            .terms
            .iter()
            .zip(&linear.weights)
            .map(|(t, w)| (*w, t.name()))
            .collect();
        terms.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then(a.1.cmp(&b.1)));
        for (w, name) in terms.iter().take(12) {
            println!("  {w:>+8.3}  {name}");
        }
    }
    println!(
        "model written to {}; rank with it: tandem eval --bench {} --split {} --model {}",
        args.out.display(),
        args.bench.display(),
        args.split,
        args.out.display()
    );
    Ok(())
}

/// Options of `tune`.
#[derive(Debug, Args)]
pub struct TuneArgs {
    /// Benchmark directory holding companies.csv, investors.csv and deals.csv.
    #[arg(long, value_name = "DIR")]
    pub bench: PathBuf,
    /// The split date of the evaluation: tuning reads only deals before it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub split: Date,
    /// Where to write the learned weights (TOML, for --weights of match, serve and eval).
    #[arg(long, short, value_name = "FILE", default_value = "weights.toml")]
    pub out: PathBuf,
    /// Starting weights (default: the built-in ones).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Rounds of coordinate ascent at most.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// What to maximise on the inner year: `baselines`, the worst ratio of Tandem to the best
    /// built-in baseline over NDCG@10 and Recall@100 on cold and on warm companies;
    /// `targets`, the geometric mean of those four figures; or `ndcg`, the mean of cold and
    /// warm NDCG@10.
    #[arg(long, value_enum, default_value_t = Goal::Baselines)]
    pub objective: Goal,
}

/// `--objective` of `tune`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Goal {
    /// Worst ratio to the best baseline of NDCG@10 and Recall@100, cold and warm.
    Baselines,
    /// Geometric mean of NDCG@10 and Recall@100, cold and warm.
    Targets,
    /// Mean of cold and warm NDCG@10.
    Ndcg,
}

/// Runs `tune`: learns on the inner split, then reports inner and held-out figures.
pub fn tune(args: &TuneArgs) -> Result<()> {
    let start = load_weights(args.weights.as_deref())?;
    let bench = load_benchmark(&args.bench)?;
    let inner_date = args.split.minus_one_year();
    let inner = Split::new(&bench, inner_date);
    if inner.evaluated.is_empty() {
        bail!(
            "no investor can be evaluated on the inner split {inner_date} (train before it, score on the year up to {}); pick a later --split",
            args.split
        );
    }
    eprintln!(
        "tuning on deals before {}: learn from those before {inner_date}, score on the year from it ({} investors)",
        args.split,
        inner.evaluated.len()
    );
    let progress = Bar::default();
    let work = scratch_dir()?;
    let mut ranker = TandemRanker::new(inner.view(), start.clone(), work.path(), &progress)?;
    let goal = match args.objective {
        Goal::Baselines => Objective::Baselines,
        Goal::Targets => Objective::Targets,
        Goal::Ndcg => Objective::Ndcg,
    };
    let tuned =
        tandem_engine::eval::tune(&mut ranker, &inner, &start, goal, args.rounds, &progress)?;
    tandem_engine::cache::write_atomically(&args.out, tuned.weights.to_toml().as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    for step in &tuned.steps {
        println!(
            "  {:<10} → {:.3}   inner objective {:.4}",
            step.component.name(),
            step.weight,
            step.objective
        );
    }
    println!(
        "inner split {inner_date}: objective {:.4} → {:.4} after {} trials; weights written to {}",
        tuned.start,
        tuned.objective,
        tuned.trials,
        args.out.display()
    );

    // Held out: the real split, never read while tuning.
    let outer = Split::new(&bench, args.split);
    if outer.evaluated.is_empty() {
        println!(
            "no investor to evaluate at {}: no held-out figures",
            args.split
        );
        return Ok(());
    }
    let held_out_dir = scratch_dir()?;
    let mut held_out =
        TandemRanker::new(outer.view(), start.clone(), held_out_dir.path(), &progress)?;
    let cutoffs = Cutoffs::default();
    let before = evaluate(&outer, &[&held_out], &cutoffs, &progress)?;
    held_out.set_weights(tuned.weights.clone());
    let after = evaluate(&outer, &[&held_out], &cutoffs, &progress)?;
    let at = |name: &str| {
        cutoffs
            .names()
            .iter()
            .position(|n| n == name)
            .expect("scored")
    };
    let mut table = render::table(&[
        "weights",
        "slice",
        "ndcg@10",
        "recall@100",
        "inner objective",
    ]);
    for (label, evaluation, inner_score) in [
        ("start", &before, tuned.start),
        ("tuned", &after, tuned.objective),
    ] {
        for row in &evaluation.rows {
            table.add_row(vec![
                Cell::new(label),
                Cell::new(row.slice),
                Cell::new(format!("{:.4}", row.values[at("ndcg@10")]))
                    .set_alignment(CellAlignment::Right),
                Cell::new(format!("{:.4}", row.values[at("recall@100")]))
                    .set_alignment(CellAlignment::Right),
                Cell::new(if row.slice == tandem_engine::eval::Slice::All {
                    format!("{inner_score:.4}")
                } else {
                    String::new()
                })
                .set_alignment(CellAlignment::Right),
            ]);
        }
    }
    println!(
        "held out: split {} (test until {}), never read while tuning",
        outer.date, outer.end
    );
    println!("{table}");
    Ok(())
}
