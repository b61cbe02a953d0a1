//! Runs rankers through a split and scores them: the metric table of `tandem eval`.

use std::collections::HashSet;
use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::baselines::Ranker;
use super::metrics::{Average, Cutoffs};
use super::protocol::{Evaluated, Split};
use crate::error::Result;
use crate::progress::Progress;

/// Which relevant companies a row of the table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slice {
    /// Every relevant company.
    All,
    /// Companies raising for the first time (no train deal with anyone). Warm relevant
    /// companies are removed from the ranking, not counted as misses.
    Cold,
    /// Companies with an earlier deal; cold relevant ones are removed from the ranking.
    Warm,
}

impl Slice {
    /// The three slices, in table order.
    pub const ALL: [Slice; 3] = [Slice::All, Slice::Cold, Slice::Warm];
}

impl fmt::Display for Slice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Slice::All => "all",
            Slice::Cold => "cold",
            Slice::Warm => "warm",
        })
    }
}

/// One row of the metric table: a ranker on a slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The ranker's name.
    pub ranker: String,
    /// The slice.
    pub slice: Slice,
    /// Investors with at least one relevant company in the slice.
    pub investors: usize,
    /// Relevant (investor, company) pairs in the slice.
    pub pairs: usize,
    /// Macro-averaged metrics, in [`Cutoffs::names`] order.
    pub values: Vec<f64>,
}

/// One investor's ranking, as company indexes, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// Index into the benchmark's investors.
    pub investor: usize,
    /// Company indexes, best first.
    pub ranked: Vec<usize>,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The metric names, in column order.
    pub metrics: Vec<String>,
    /// One row per ranker and slice, rankers in the order given.
    pub rows: Vec<Row>,
    /// Per ranker, every evaluated investor's ranking.
    pub rankings: Vec<Vec<Ranking>>,
}

/// Ranks every evaluated investor's candidates with each ranker and scores the rankings.
pub fn evaluate(
    split: &Split,
    rankers: &[&dyn Ranker],
    cutoffs: &Cutoffs,
    progress: &dyn Progress,
) -> Result<Evaluation> {
    let depth = cutoffs.depth();
    let mut rows = Vec::new();
    let mut rankings = Vec::new();
    for ranker in rankers {
        progress.start(
            &format!("ranking with {}", ranker.name()),
            split.evaluated.len() as u64,
        );
        let ranked: Vec<Ranking> = split
            .evaluated
            .par_iter()
            .map(|e| {
                let ranked = ranker.rank(e.investor, &split.candidates_for(e), depth)?;
                progress.advance(1);
                Ok(Ranking {
                    investor: e.investor,
                    ranked,
                })
            })
            .collect::<Result<_>>()?;
        progress.finish();
        for slice in Slice::ALL {
            let mut average = Average::default();
            for (e, r) in split.evaluated.iter().zip(&ranked) {
                let (ranking, relevant) = sliced(split, e, &r.ranked, slice);
                if let Some(values) = cutoffs.score(&ranking, &relevant) {
                    average.add(&values, relevant.len());
                }
            }
            rows.push(Row {
                ranker: ranker.name().to_string(),
                slice,
                investors: average.investors,
                pairs: average.pairs,
                values: average.means(),
            });
        }
        rankings.push(ranked);
    }
    Ok(Evaluation {
        metrics: cutoffs.names(),
        rows,
        rankings,
    })
}

/// Macro-averaged Recall@k of one ranker's rankings on a slice, for every k from 1 to
/// `depth`: the points of a recall curve.
pub fn recall_curve(split: &Split, rankings: &[Ranking], slice: Slice, depth: usize) -> Vec<f64> {
    let mut sums = vec![0.0; depth];
    let mut investors = 0usize;
    for (e, r) in split.evaluated.iter().zip(rankings) {
        let (ranking, relevant) = sliced(split, e, &r.ranked, slice);
        if relevant.is_empty() {
            continue;
        }
        investors += 1;
        let mut hits = 0usize;
        for (k, sum) in sums.iter_mut().enumerate() {
            if ranking.get(k).is_some_and(|c| relevant.contains(c)) {
                hits += 1;
            }
            *sum += hits as f64 / relevant.len() as f64;
        }
    }
    sums.iter()
        .map(|s| {
            if investors > 0 {
                s / investors as f64
            } else {
                0.0
            }
        })
        .collect()
}

/// The ranking and relevant set one slice scores: the other slice's relevant companies
/// leave the ranking.
fn sliced(
    split: &Split,
    e: &Evaluated,
    ranked: &[usize],
    slice: Slice,
) -> (Vec<usize>, HashSet<usize>) {
    let in_slice = |c: usize| match slice {
        Slice::All => true,
        Slice::Cold => split.is_cold(c),
        Slice::Warm => !split.is_cold(c),
    };
    let relevant: HashSet<usize> = e
        .relevant
        .iter()
        .copied()
        .filter(|c| in_slice(*c))
        .collect();
    let ranking = ranked
        .iter()
        .copied()
        .filter(|c| in_slice(*c) || !e.relevant.contains(c))
        .collect();
    (ranking, relevant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::baselines::{Popularity, Random};
    use crate::eval::data::Date;
    use crate::eval::protocol::tests::fixture;

    #[test]
    fn slices_remove_the_other_slices_relevant_companies() {
        let bench = fixture(&[
            (0, 0, "2010-01-01", ""),
            (0, 1, "2010-01-02", ""),
            (0, 2, "2010-01-03", ""),
            (0, 3, "2010-01-04", ""),
            (0, 4, "2010-01-05", ""),
            (1, 5, "2010-06-01", ""),
            // i0 funds c5 (warm: i1 funded it before) and c6 (cold) in the window.
            (0, 5, "2011-02-01", ""),
            (0, 6, "2011-03-01", ""),
            (2, 7, "2011-04-01", ""),
        ]);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let e = &split.evaluated[0];
        let (ranking, relevant) = sliced(&split, e, &[5, 7, 6], Slice::Cold);
        assert_eq!(
            ranking,
            vec![7, 6],
            "warm relevant c5 is removed, not a miss"
        );
        assert_eq!(relevant, HashSet::from([6]));
        let (ranking, relevant) = sliced(&split, e, &[5, 7, 6], Slice::Warm);
        assert_eq!((ranking, relevant), (vec![5, 7], HashSet::from([5])));

        let popularity = Popularity::new(&split.view());
        let random = Random::new(1);
        let result = evaluate(&split, &[&popularity, &random], &Cutoffs::default(), &()).unwrap();
        assert_eq!(result.rows.len(), 6);
        let all = &result.rows[0];
        assert_eq!((all.investors, all.pairs), (1, 2));
        // Popularity ranks c5 (one train deal) first: recall@10 = 1, MRR = 1.
        assert_eq!(all.values[0], 1.0);
        assert_eq!(result.rankings[0][0].ranked[0], 5);
        let curve = recall_curve(&split, &result.rankings[0], Slice::All, 4);
        assert_eq!(curve.len(), 4);
        assert_eq!(curve[0], 0.5, "c5 first: one of two relevant");
        assert_eq!(curve[3], all.values[0], "recall@10 with 3 candidates");
    }

    /// The fixture's 3 investors and 8 companies with 60 deals spread over 2009–2011.
    fn market() -> crate::eval::Benchmark {
        let mut deals = Vec::new();
        for i in 0..60usize {
            let investor = (i * 7 + i / 9) % 3;
            let company = (i * 5 + i / 4) % 8;
            let year = 2009 + (i * 2 + i / 5) % 3;
            let month = 1 + (i % 12);
            let round = ["seed", "series-a", "", "angel"][i % 4];
            deals.push((investor, company, year, month, round));
        }
        let as_str: Vec<(usize, usize, String, &str)> = deals
            .iter()
            .map(|(inv, c, y, m, r)| (*inv, *c, format!("{y}-{m:02}-15"), *r))
            .collect();
        let borrowed: Vec<(usize, usize, &str, &str)> = as_str
            .iter()
            .map(|(a, b, d, r)| (*a, *b, d.as_str(), *r))
            .collect();
        fixture(&borrowed)
    }

    #[test]
    fn shuffling_who_invested_in_the_window_changes_no_ranking() {
        let bench = market();
        let date = Date::parse("2011-01-01").unwrap();
        let mut shuffled = bench.clone();
        for d in shuffled.deals.iter_mut().filter(|d| d.date >= date) {
            d.investor = (d.investor + 1) % 3;
        }
        assert!(
            bench.deals != shuffled.deals,
            "some deal lies in the window"
        );
        let rankings = |bench: &crate::eval::Benchmark| {
            let split = Split::new(bench, date);
            let view = split.view();
            let dir = tempfile::tempdir().unwrap();
            let tandem = crate::eval::TandemRanker::new(
                view,
                crate::Weights::default(),
                &dir.path().join("thesis"),
                &(),
            )
            .unwrap();
            // The learned ranker, trained inside the split as `eval` does.
            let model = crate::eval::learned::train(
                bench,
                date,
                &crate::eval::learned::Options::default(),
                &dir.path().join("train"),
                "fixture",
                &(),
            )
            .unwrap();
            let learned =
                crate::eval::LearnedRanker::new(view, date, model, &dir.path().join("learned"))
                    .unwrap();
            let baselines = crate::eval::BuiltIn::new(view, 1);
            let rankers: Vec<&dyn Ranker> = [&tandem as &dyn Ranker, &learned as &dyn Ranker]
                .into_iter()
                .chain(baselines.rankers())
                .collect();
            let mut all = Vec::new();
            for investor in 0..bench.investors.len() {
                let before: HashSet<usize> = view
                    .train
                    .iter()
                    .filter(|d| d.investor == investor)
                    .map(|d| d.company)
                    .collect();
                let candidates: Vec<usize> = view
                    .candidates
                    .iter()
                    .map(|(c, _)| *c)
                    .filter(|c| !before.contains(c))
                    .collect();
                for ranker in &rankers {
                    all.push(ranker.rank(investor, &candidates, 100).unwrap());
                }
            }
            all
        };
        let original = rankings(&bench);
        assert!(
            original.iter().any(|r| r.len() > 1),
            "the fixture ranks something"
        );
        assert!(original == rankings(&shuffled), "a ranking changed");
    }
}
