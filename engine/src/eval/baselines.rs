//! Reference rankers, run in the same evaluation as Tandem so that its figures read as a
//! ratio: seeded random, popularity, and category/country (and round type) affinity, as the
//! benchmark README defines them, and a collaborative filter on co-investment, a stand-in for
//! the learned recommenders the README lists.

use std::collections::{BTreeSet, HashMap};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::protocol::View;
use crate::error::Result;

/// Ranks one investor's candidates, best first.
pub trait Ranker: Sync {
    /// The name shown in reports.
    fn name(&self) -> &str;

    /// The best `depth` of `candidates` (company indexes) for `investor`, best first.
    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>>;

    /// [`Ranker::rank`] for an investor that liked the companies `liked` (ascending), where
    /// the ranker can read likes as its own evidence; by default they change nothing.
    fn rank_told(
        &self,
        investor: usize,
        liked: &[usize],
        candidates: &[usize],
        depth: usize,
    ) -> Result<Vec<usize>> {
        let _ = liked;
        self.rank(investor, candidates, depth)
    }
}

/// Candidates sorted by a score, best first; ties go to the more popular company, then to
/// the lower index, so every ranking is reproducible.
fn by_score(
    candidates: &[usize],
    depth: usize,
    popularity: &[u32],
    score: impl Fn(usize) -> f64,
) -> Vec<usize> {
    let mut scored: Vec<(f64, u32, usize)> = candidates
        .iter()
        .map(|c| (score(*c), popularity[*c], *c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().take(depth).map(|(_, _, c)| c).collect()
}

/// Train deals per company.
fn popularity(view: &View) -> Vec<u32> {
    let mut counts = vec![0u32; view.bench.companies.len()];
    for d in view.train {
        counts[d.company] += 1;
    }
    counts
}

/// A seeded random order, different for each investor.
pub struct Random {
    seed: u64,
}

impl Random {
    /// A random ranker with a fixed seed.
    pub fn new(seed: u64) -> Random {
        Random { seed }
    }
}

impl Ranker for Random {
    fn name(&self) -> &str {
        "random"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ (investor as u64).rotate_left(32));
        let mut order = candidates.to_vec();
        order.shuffle(&mut rng);
        order.truncate(depth);
        Ok(order)
    }
}

/// Most train deals first, the same for every investor.
pub struct Popularity {
    popularity: Vec<u32>,
}

impl Popularity {
    /// Counts the train deals of each company.
    pub fn new(view: &View) -> Popularity {
        Popularity {
            popularity: popularity(view),
        }
    }
}

impl Ranker for Popularity {
    fn name(&self) -> &str {
        "popularity"
    }

    fn rank(&self, _investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        Ok(by_score(candidates, depth, &self.popularity, |_| 0.0))
    }
}

/// Per investor, the share of its train deals in each value of some company attribute.
struct Shares(Vec<HashMap<String, f64>>);

impl Shares {
    fn new<'v>(
        view: &View<'v>,
        value: impl Fn(&'v super::data::Deal) -> Option<&'v str>,
    ) -> Shares {
        let mut counts: Vec<HashMap<String, f64>> =
            vec![HashMap::new(); view.bench.investors.len()];
        let mut totals = vec![0.0f64; view.bench.investors.len()];
        for d in view.train {
            totals[d.investor] += 1.0;
            if let Some(v) = value(d) {
                *counts[d.investor].entry(v.to_string()).or_default() += 1.0;
            }
        }
        for (c, total) in counts.iter_mut().zip(totals) {
            for v in c.values_mut() {
                *v /= total;
            }
        }
        Shares(counts)
    }

    fn of(&self, investor: usize, value: Option<&str>) -> f64 {
        value
            .and_then(|v| self.0[investor].get(v))
            .copied()
            .unwrap_or(0.0)
    }
}

/// The investor's train share of the company's category, plus half its share of the
/// company's country; with `with_stage`, plus its share of the candidate's ask round type.
pub struct Affinity<'a> {
    view: View<'a>,
    popularity: Vec<u32>,
    category: Shares,
    country: Shares,
    round: Option<(Shares, HashMap<usize, Option<&'a str>>)>,
}

impl<'a> Affinity<'a> {
    /// Category and country affinity (`affinity`), or also round type (`affinity_stage`).
    pub fn new(view: View<'a>, with_stage: bool) -> Affinity<'a> {
        let companies = &view.bench.companies;
        let round = with_stage.then(|| {
            let asks = view
                .candidates
                .iter()
                .map(|(c, ask)| (*c, ask.round_type.as_deref()))
                .collect();
            (Shares::new(&view, |d| d.round_type.as_deref()), asks)
        });
        Affinity {
            popularity: popularity(&view),
            category: Shares::new(&view, |d| companies[d.company].category.as_deref()),
            country: Shares::new(&view, |d| companies[d.company].country.as_deref()),
            round,
            view,
        }
    }
}

impl Ranker for Affinity<'_> {
    fn name(&self) -> &str {
        if self.round.is_some() {
            "affinity_stage"
        } else {
            "affinity"
        }
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let companies = &self.view.bench.companies;
        Ok(by_score(candidates, depth, &self.popularity, |c| {
            let company = &companies[c];
            let mut score = self.category.of(investor, company.category.as_deref())
                + 0.5 * self.country.of(investor, company.country.as_deref());
            if let Some((shares, asks)) = &self.round {
                score += shares.of(investor, asks.get(&c).copied().flatten());
            }
            score
        }))
    }
}

/// User-based collaborative filtering: investors resemble each other by the cosine of their
/// train portfolios, and a candidate scores the summed resemblance of its train backers to
/// the investor ("investors like you backed it"). Companies raising for the first time have
/// no backers and score 0 — what such filters learn from co-investment, they cannot use on
/// a cold start.
pub struct CoInvestment {
    popularity: Vec<u32>,
    /// Per investor, its train companies.
    portfolios: Vec<BTreeSet<usize>>,
    /// Per company, its train backers.
    backers: Vec<BTreeSet<usize>>,
}

impl CoInvestment {
    /// Indexes the train deals both ways.
    pub fn new(view: &View) -> CoInvestment {
        let mut portfolios = vec![BTreeSet::new(); view.bench.investors.len()];
        let mut backers = vec![BTreeSet::new(); view.bench.companies.len()];
        for d in view.train {
            portfolios[d.investor].insert(d.company);
            backers[d.company].insert(d.investor);
        }
        CoInvestment {
            popularity: popularity(view),
            portfolios,
            backers,
        }
    }

    /// Every investor sharing a train company with `investor`, with the cosine of the two
    /// portfolios (`investor` itself: 1).
    fn resemblance(&self, investor: usize) -> HashMap<usize, f64> {
        let mine = &self.portfolios[investor];
        let mut shared: HashMap<usize, f64> = HashMap::new();
        for c in mine {
            for peer in &self.backers[*c] {
                *shared.entry(*peer).or_default() += 1.0;
            }
        }
        for (peer, k) in shared.iter_mut() {
            *k /= (mine.len() as f64 * self.portfolios[*peer].len() as f64).sqrt();
        }
        shared
    }
}

impl Ranker for CoInvestment {
    fn name(&self) -> &str {
        "co_investment"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let peers = self.resemblance(investor);
        Ok(by_score(candidates, depth, &self.popularity, |c| {
            self.backers[c]
                .iter()
                .filter_map(|b| peers.get(b))
                .sum::<f64>()
        }))
    }
}

/// Every built-in baseline on one view, in the order reports list them.
pub struct BuiltIn<'a> {
    random: Random,
    popularity: Popularity,
    affinity: Affinity<'a>,
    affinity_stage: Affinity<'a>,
    co_investment: CoInvestment,
}

impl<'a> BuiltIn<'a> {
    /// Builds the baselines from a view's train deals; `seed` seeds the random one.
    pub fn new(view: View<'a>, seed: u64) -> BuiltIn<'a> {
        BuiltIn {
            random: Random::new(seed),
            popularity: Popularity::new(&view),
            affinity: Affinity::new(view, false),
            affinity_stage: Affinity::new(view, true),
            co_investment: CoInvestment::new(&view),
        }
    }

    /// random, popularity, affinity, affinity_stage, co_investment.
    pub fn rankers(&self) -> [&dyn Ranker; 5] {
        [
            &self.random,
            &self.popularity,
            &self.affinity,
            &self.affinity_stage,
            &self.co_investment,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::Date;
    use crate::eval::protocol::Split;
    use crate::eval::protocol::tests::fixture;

    #[test]
    fn baselines_rank_as_defined_with_reproducible_ties() {
        let bench = fixture(&[
            // i0 backs software (even companies) in the USA (c0..c3).
            (0, 0, "2010-01-01", "seed"),
            (0, 2, "2010-02-01", "seed"),
            (1, 2, "2010-02-01", "seed"),
            (1, 3, "2010-03-01", ""),
            (0, 4, "2011-02-01", "seed"),
            (1, 1, "2011-02-01", "series-a"),
            (1, 3, "2011-03-01", ""),
            (2, 6, "2011-04-01", "series-b"),
        ]);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let view = split.view();
        let candidates = [1, 3, 4, 6];
        // c3 has one train deal, the others none: ties break by index.
        assert_eq!(
            Popularity::new(&view).rank(0, &candidates, 10).unwrap(),
            vec![3, 1, 4, 6]
        );
        // i0: category share 1 for software (c4, c6), country share 1 for the USA (c1, c3).
        let affinity = Affinity::new(view, false);
        assert_eq!(affinity.rank(0, &candidates, 10).unwrap(), vec![4, 6, 3, 1]);
        // With stage: c4 asks "seed", i0's only round type.
        let staged = Affinity::new(view, true);
        assert_eq!(staged.rank(0, &candidates, 2).unwrap(), vec![4, 6]);
        let random = Random::new(7);
        assert_eq!(
            random.rank(0, &candidates, 10).unwrap(),
            random.rank(0, &candidates, 10).unwrap()
        );
        let mut sorted = random.rank(0, &candidates, 10).unwrap();
        sorted.sort();
        assert_eq!(sorted, candidates);
    }

    #[test]
    fn co_investment_scores_candidates_by_their_backers_resemblance() {
        let bench = fixture(&[
            // i0 and i1 share c0; i1 also backed c2, i2 backed c4 alone.
            (0, 0, "2010-01-01", "seed"),
            (0, 6, "2010-01-01", "seed"),
            (1, 0, "2010-02-01", "seed"),
            (1, 2, "2010-02-01", "seed"),
            (2, 4, "2010-03-01", "seed"),
            (0, 1, "2011-02-01", "seed"),
            (1, 2, "2011-02-01", "seed"),
            (2, 4, "2011-02-01", "seed"),
            (0, 3, "2011-03-01", "seed"),
        ]);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let view = split.view();
        let cf = CoInvestment::new(&view);
        // i0 ~ i1: one shared company of two each, cosine ½; i2 shares nothing.
        assert_eq!(cf.resemblance(0).get(&1), Some(&0.5));
        assert_eq!(cf.resemblance(0).get(&2), None);
        // c2 (backed by i1) first; c4 (a stranger's) and the first raises c1, c3 score 0 and
        // keep the popularity and index order.
        assert_eq!(cf.rank(0, &[1, 2, 3, 4], 10).unwrap(), vec![2, 4, 1, 3]);
    }
}
