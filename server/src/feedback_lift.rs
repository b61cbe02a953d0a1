//! `tandem eval --feedback`: what feedback is worth on a deal benchmark (see
//! `tandem_engine::eval::feedback`).

use anyhow::{Result, bail};
use serde_json::json;
use tandem_engine::Weights;
use tandem_engine::eval::feedback::{LikedRanker, simulate_user, with_told_deals};
use tandem_engine::eval::synthetic::PlantedThesis;
use tandem_engine::eval::{
    Benchmark, Cutoffs, LearnedRanker, Ranker, Split, TandemRanker, evaluate,
};
use tandem_engine::learn::model::Model;

use crate::cli::Format;
use crate::evaluate::{EvalArgs, scratch_dir, table};
use crate::progress::Bar;

/// Runs `eval --feedback` with the model learned before the split.
pub fn run(
    args: &EvalArgs,
    bench: &Benchmark,
    split: &Split,
    model: Model,
    weights: Weights,
    cutoffs: &Cutoffs,
) -> Result<()> {
    let middle = split.date.plus_half_year();
    let (half, told) = split.second_half(middle);
    if half.evaluated.is_empty() {
        bail!(
            "no investor funds companies both before {middle} and after it in the test year from {}: nothing to measure",
            split.date
        );
    }
    let view = split.view();
    let work = scratch_dir()?;
    let progress = Bar::default();
    let first_half: Vec<_> = bench
        .deals
        .iter()
        .filter(|d| d.date >= split.date && d.date < middle)
        .cloned()
        .collect();
    let told_deals = with_told_deals(&view, &told, &first_half);
    let dealt = tandem_engine::eval::View {
        train: &told_deals,
        ..view
    };

    let learned = LearnedRanker::new(view, split.date, model.clone(), &work.path().join("l"))?;
    let thesis = TandemRanker::new(view, weights.clone(), &work.path().join("t"), &progress)?;
    let learned_dealt = Named(
        "tandem+deals",
        LearnedRanker::new(dealt, middle, model, &work.path().join("ld"))?,
    );
    let thesis_dealt = Named(
        "tandem_thesis+deals",
        TandemRanker::new(dealt, weights, &work.path().join("td"), &progress)?,
    );
    let learned_liked = LikedRanker::new(&learned, &thesis, &told);
    let thesis_liked = LikedRanker::new(&thesis, &thesis, &told);
    let both = LikedRanker::new(&learned_dealt, &thesis_dealt.1, &told);
    let rankers: [&dyn Ranker; 7] = [
        &learned,
        &learned_liked,
        &learned_dealt,
        &both,
        &thesis,
        &thesis_liked,
        &thesis_dealt,
    ];
    let evaluation = evaluate(&half, &rankers, cutoffs, &progress)?;
    match args.format {
        Format::Table => {
            println!(
                "feedback at split {}: first half {} to {middle} (excluded) told, second half to {} scored; {} investors",
                split.date,
                split.date,
                split.end,
                half.evaluated.len()
            );
            println!("{}", table(&evaluation));
        }
        Format::Json => {
            let doc = json!({
                "split": split.date.to_string(),
                "middle": middle.to_string(),
                "test_until": split.end.to_string(),
                "metrics": evaluation.metrics,
                "rows": evaluation.rows,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
    }
    Ok(())
}

/// A ranker under another name.
struct Named<R>(&'static str, R);

impl<R: Ranker> Ranker for Named<R> {
    fn name(&self) -> &str {
        self.0
    }

    fn rank(
        &self,
        investor: usize,
        candidates: &[usize],
        depth: usize,
    ) -> tandem_engine::Result<Vec<usize>> {
        self.1.rank(investor, candidates, depth)
    }
}

/// Runs `eval --simulate-users`.
pub fn simulate(
    args: &EvalArgs,
    bench: &Benchmark,
    split: &Split,
    model: Model,
    weights: Weights,
) -> Result<()> {
    let theses = PlantedThesis::load(&args.bench).map_err(anyhow::Error::msg)?;
    let by_investor: Vec<Option<&PlantedThesis>> = bench
        .investors
        .iter()
        .map(|i| theses.iter().find(|t| t.investor_id == i.id))
        .collect();
    let fits = |investor: usize, company: &tandem_engine::eval::data::Company| {
        by_investor[investor].is_some_and(|t| t.fits(company))
    };
    let view = split.view();
    let work = scratch_dir()?;
    let progress = Bar::default();
    let learned = LearnedRanker::new(view, split.date, model, &work.path().join("l"))?;
    let thesis = TandemRanker::new(view, weights, &work.path().join("t"), &progress)?;
    for (name, usual) in [
        ("tandem", &learned as &dyn Ranker),
        ("tandem_thesis", &thesis),
    ] {
        let s = simulate_user(split, usual, &thesis, &fits, 5, 10)?;
        match args.format {
            Format::Table => {
                println!(
                    "{name}: {} simulated investors, 10 matches a round; mean fitting start-ups found",
                    s.users
                );
                for r in 0..s.rounds {
                    println!(
                        "  after round {}: {:.2} with feedback, {:.2} without ({:.2}x)",
                        r + 1,
                        s.with_feedback[r],
                        s.without[r],
                        s.with_feedback[r] / s.without[r].max(f64::MIN_POSITIVE)
                    );
                }
            }
            Format::Json => println!("{}", json!({"ranker": name, "simulation": s})),
        }
    }
    Ok(())
}
