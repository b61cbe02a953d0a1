//! Tandem's thesis ranking (the hand-weighted hybrid score `match` uses without a model) as a
//! benchmark ranker: the candidates imported as start-up profiles into a
//! real store, beside every investor's deal history before the split (for the network
//! component), and each evaluated investor's inferred profile ranked against them with
//! [`crate::rank`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::baselines::Ranker;
use super::data::Deal;
use super::import::{self, company_of_profile_id, company_profile_id};
use super::protocol::View;
use crate::error::Result;
use crate::feedback::personal::{Alike, revealed_thesis};
use crate::profile::Profile;
use crate::progress::Progress;
use crate::rank::{Filters, MAX_LIMIT, MatchRequest, rank};
use crate::store::Store;
use crate::taxonomy::Kind;
use crate::weights::Weights;

/// Ranks a benchmark's candidates with Tandem's hybrid score.
pub struct TandemRanker<'a> {
    view: View<'a>,
    store: Store,
    weights: Weights,
    by_investor: Vec<Vec<&'a Deal>>,
    all_candidates: Vec<usize>,
}

impl<'a> TandemRanker<'a> {
    /// Imports the candidates into a new store in `dir` (which must not hold one yet).
    pub fn new(
        view: View<'a>,
        weights: Weights,
        dir: &Path,
        progress: &dyn Progress,
    ) -> Result<TandemRanker<'a>> {
        let by_investor = import::deals_by_investor(&view);
        let mut backers: HashMap<usize, Vec<usize>> = HashMap::new();
        for d in view.train {
            backers.entry(d.company).or_default().push(d.investor);
        }
        let candidates = view.candidates.iter().map(|(c, ask)| {
            let earlier = backers.get(c).map_or(&[][..], Vec::as_slice);
            import::startup(*c, &view.bench.companies[*c], ask, earlier)
        });
        let investors = by_investor
            .iter()
            .enumerate()
            .filter(|(_, deals)| !deals.is_empty())
            .map(|(i, deals)| import::investor_record(&view, i, deals));
        let profiles: Vec<_> = candidates
            .chain(investors)
            .map(|mut p| {
                p.normalize()
                    .expect("benchmark records map to valid profiles");
                p
            })
            .collect();
        let store = Store::open_or_create(dir)?;
        store.import(&profiles, progress)?;
        Ok(TandemRanker {
            by_investor,
            all_candidates: view.candidates.iter().map(|(c, _)| *c).collect(),
            view,
            store,
            weights,
        })
    }
}

impl TandemRanker<'_> {
    /// The store the candidates were imported into.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The investor as an asking profile, or an empty investor profile when its deals say
    /// nothing.
    fn asker(&self, investor: usize) -> Profile {
        self.investor_profile(investor).unwrap_or_else(|| {
            Profile::new(
                import::investor_profile_id(investor),
                Kind::Investor,
                "investor",
            )
        })
    }

    /// An evaluated investor as an asking profile: what its deals before the split say
    /// (`None` without any).
    pub fn investor_profile(&self, investor: usize) -> Option<crate::profile::Profile> {
        let mut query = import::investor(&self.view, investor, &self.by_investor[investor])?;
        query
            .normalize()
            .expect("inferred investors are valid profiles");
        Some(query)
    }

    /// Ranks with other weights from now on (the store is kept).
    pub fn set_weights(&mut self, weights: Weights) {
        self.weights = weights;
    }
}

impl TandemRanker<'_> {
    /// Ranks `candidates` for the query profile `query` over the store, best first.
    fn rank_query(
        &self,
        query: &Profile,
        candidates: &[usize],
        depth: usize,
    ) -> Result<Vec<usize>> {
        let allowed: HashSet<usize> = candidates.iter().copied().collect();
        let request = MatchRequest {
            targets: vec![Kind::Startup],
            limit: depth.clamp(1, MAX_LIMIT),
            reciprocal: false,
            filters: Filters {
                exclude_ids: self
                    .all_candidates
                    .iter()
                    .filter(|c| !allowed.contains(c))
                    .map(|c| company_profile_id(*c))
                    .collect(),
                ..Filters::default()
            },
        };
        let snapshot = self.store.snapshot();
        Ok(rank(&snapshot, &self.weights, query, &request)?
            .into_iter()
            .filter_map(|m| company_of_profile_id(&m.profile.id))
            .collect())
    }

    /// Ranks `candidates` by the thesis that the companies `liked` reveal for `investor`
    /// ([`revealed_thesis`]): the second list of a personalised ranking.
    pub fn rank_revealed(
        &self,
        investor: usize,
        liked: &[usize],
        candidates: &[usize],
        depth: usize,
    ) -> Result<Vec<usize>> {
        let asker = self.asker(investor);
        let snapshot = self.store.snapshot();
        let mut examples = Vec::with_capacity(liked.len());
        for company in liked {
            if let Some(profile) = snapshot.get(&company_profile_id(*company))? {
                examples.push(profile);
            }
        }
        let examples: Vec<&Profile> = examples.iter().collect();
        self.rank_query(&revealed_thesis(&asker, &examples), candidates, depth)
    }
}

impl TandemRanker<'_> {
    /// How much each of `candidates` resembles the closest of the companies `investor`
    /// passed on (0 to 1), as a stored profile's passes lower its matches
    /// ([`crate::feedback::personal::lower_passed`]).
    pub fn passed_alike(
        &self,
        investor: usize,
        passed: &[usize],
        candidates: &[usize],
    ) -> Result<Vec<f32>> {
        let asker = self.asker(investor);
        let snapshot = self.store.snapshot();
        let mut examples = Vec::with_capacity(passed.len());
        for company in passed {
            examples.extend(snapshot.get(&company_profile_id(*company))?);
        }
        let alike = Alike::new(&asker, &self.weights, &examples);
        candidates
            .iter()
            .map(|c| {
                let candidate = snapshot.get(&company_profile_id(*c))?;
                Ok(candidate.map_or(0.0, |p| alike.greatest(&p)))
            })
            .collect()
    }
}

impl Ranker for TandemRanker<'_> {
    fn name(&self) -> &str {
        "tandem_thesis"
    }

    fn rank(&self, investor: usize, candidates: &[usize], depth: usize) -> Result<Vec<usize>> {
        match self.investor_profile(investor) {
            Some(query) => self.rank_query(&query, candidates, depth),
            None => Ok(candidates.iter().copied().take(depth).collect()),
        }
    }
}
