//! What feedback is worth on real deals: each evaluated investor tells Tandem the companies
//! it funded in the first half of the test year, and is scored on the companies it funds in
//! the second half ([`Split::second_half`]).
//!
//! Two ways of telling are measured against the same ranking told nothing:
//! - **as likes** ([`LikedRanker`]): the first-half companies are positive examples, as a
//!   stored profile's likes are: the usual ranker reads them as the investor's private
//!   deals where it can ([`Ranker::rank_told`]; the learned ranker does), and its list is
//!   fused with the thesis they reveal ([`crate::feedback::personal`]; passes, which only
//!   the simulated user gives, also lower what resembles them);
//! - **as deals**: the first-half deals join the deal history, as a `deal` signal writes
//!   them into the profiles' `portfolio` and `backers` (the caller builds the ranker on a
//!   view whose train deals include them, see [`with_told_deals`]).

use super::baselines::Ranker;
use super::data::Company;
use super::data::Deal;
use super::protocol::Split;
use super::protocol::View;
use super::tandem::TandemRanker;
use crate::error::Result;
use crate::feedback::personal::{DEPTH, fuse, lower_passed, share};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A ranker told some companies each investor liked (and maybe passed on): the usual
/// ranker's list fused with the thesis the liked companies reveal, what resembles a passed
/// company placed lower, as [`crate::feedback::personal::personalise`] ranks for a stored
/// profile.
pub struct LikedRanker<'a> {
    name: String,
    usual: &'a dyn Ranker,
    thesis: &'a TandemRanker<'a>,
    /// Per investor, ascending, the companies it liked (ascending by investor).
    liked: &'a [(usize, Vec<usize>)],
    /// The same for the companies it passed on.
    passed: &'a [(usize, Vec<usize>)],
}

impl<'a> LikedRanker<'a> {
    /// `usual` told the likes in `liked`; `thesis` holds the candidates' profiles.
    pub fn new(
        usual: &'a dyn Ranker,
        thesis: &'a TandemRanker<'a>,
        liked: &'a [(usize, Vec<usize>)],
    ) -> LikedRanker<'a> {
        LikedRanker {
            name: format!("{}+likes", usual.name()),
            usual,
            thesis,
            liked,
            passed: &[],
        }
    }

    /// The same, told also the companies each investor passed on (ascending, by investor
    /// ascending). The candidates given to rank should leave them out, as a stored
    /// profile's ranking does.
    pub fn with_passes(self, passed: &'a [(usize, Vec<usize>)]) -> LikedRanker<'a> {
        LikedRanker { passed, ..self }
    }
}

impl Ranker for LikedRanker<'_> {
    fn name(&self) -> &str {
        &self.name
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        let (liked, passed) = (told(self.liked, investor), told(self.passed, investor));
        if liked.is_empty() && passed.is_empty() {
            return self.usual.rank(investor, candidates, depth);
        }
        let deep = DEPTH.max(depth);
        let usual = self.usual.rank_told(investor, liked, candidates, deep)?;
        let revealed = if liked.is_empty() {
            Vec::new()
        } else {
            self.thesis
                .rank_revealed(investor, liked, candidates, deep)?
        };
        let mut fused = fuse(&usual, &revealed, deep, share(liked.len(), passed.len()));
        if !passed.is_empty() {
            let listed: Vec<usize> = fused.iter().map(|f| f.id).collect();
            let alike: BTreeMap<usize, f32> = listed
                .iter()
                .copied()
                .zip(self.thesis.passed_alike(investor, passed, &listed)?)
                .collect();
            lower_passed(&mut fused, |id| alike[id]);
        }
        Ok(fused.into_iter().take(depth).map(|f| f.id).collect())
    }
}

/// What `lists` (ascending by investor) tells of `investor`: nothing when it is absent.
fn told(lists: &[(usize, Vec<usize>)], investor: usize) -> &[usize] {
    lists
        .binary_search_by_key(&investor, |(i, _)| *i)
        .map_or(&[][..], |at| lists[at].1.as_slice())
}

/// The view's train deals and the told investors' first-half deals: the deal history after
/// they were given as `deal` signals.
pub fn with_told_deals(
    view: &View,
    told: &[(usize, Vec<usize>)],
    first_half: &[Deal],
) -> Vec<Deal> {
    let mut deals: Vec<Deal> = view.train.to_vec();
    deals.extend(
        first_half
            .iter()
            .filter(|d| told.binary_search_by_key(&d.investor, |(i, _)| *i).is_ok())
            .cloned(),
    );
    deals
}

/// What a simulated user found: see [`simulate_user`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Simulation {
    /// Users simulated (evaluated investors with at least one fitting candidate).
    pub users: usize,
    /// Rounds each.
    pub rounds: usize,
    /// Matches shown a round.
    pub shown: usize,
    /// Mean fitting candidates found after each round, with feedback.
    pub with_feedback: Vec<f64>,
    /// The same without feedback: the next page of the same ranking each round.
    pub without: Vec<f64>,
}

/// Simulates investors using Tandem: each round one sees the `shown` best matches it has
/// not seen yet, likes those that `fits` its hidden thesis and passes on the rest, for
/// `rounds` rounds. With feedback, each round ranks with the likes and passes so far
/// ([`LikedRanker`]) and without what was shown; without, the user pages through the same
/// ranking. Investors are the split's evaluated ones with a fitting candidate.
pub fn simulate_user(
    split: &Split,
    usual: &dyn Ranker,
    thesis: &TandemRanker,
    fits: &(dyn Fn(usize, &Company) -> bool + Sync),
    rounds: usize,
    shown: usize,
) -> Result<Simulation> {
    let companies = &split.view().bench.companies;
    let users: Vec<(usize, Vec<usize>)> = split
        .evaluated
        .iter()
        .map(|e| (e.investor, split.candidates_for(e)))
        .filter(|(i, candidates)| candidates.iter().any(|c| fits(*i, &companies[*c])))
        .collect();
    let found: Vec<(Vec<usize>, Vec<usize>)> = users
        .par_iter()
        .map(|(investor, candidates)| {
            let fitting = |c: &usize| fits(*investor, &companies[*c]);
            let paged = usual.rank(*investor, candidates, rounds * shown)?;
            let without: Vec<usize> = (1..=rounds)
                .map(|r| paged.iter().take(r * shown).filter(|c| fitting(c)).count())
                .collect();
            let mut seen: std::collections::BTreeSet<usize> = Default::default();
            let mut liked: Vec<usize> = Vec::new();
            let mut with = Vec::with_capacity(rounds);
            for _ in 0..rounds {
                let pool: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|c| !seen.contains(c))
                    .collect();
                liked.sort_unstable();
                let passed: Vec<usize> = seen
                    .iter()
                    .copied()
                    .filter(|c| liked.binary_search(c).is_err())
                    .collect();
                let liked_told = [(*investor, liked.clone())];
                let passed_told = [(*investor, passed)];
                let page = LikedRanker::new(usual, thesis, &liked_told)
                    .with_passes(&passed_told)
                    .rank(*investor, &pool, shown)?;
                for c in page {
                    if fitting(&c) {
                        liked.push(c);
                    }
                    seen.insert(c);
                }
                with.push(liked.len());
            }
            Ok((with, without))
        })
        .collect::<Result<_>>()?;
    let mean = |round: usize, with: bool| {
        let total: usize = found
            .iter()
            .map(|(w, wo)| if with { w[round] } else { wo[round] })
            .sum();
        total as f64 / found.len().max(1) as f64
    };
    Ok(Simulation {
        users: users.len(),
        rounds,
        shown,
        with_feedback: (0..rounds).map(|r| mean(r, true)).collect(),
        without: (0..rounds).map(|r| mean(r, false)).collect(),
    })
}
