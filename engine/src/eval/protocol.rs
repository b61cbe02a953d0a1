//! The time-split protocol: what a ranker may know, what it is scored against.
//!
//! Given a split date S: train = deals before S; the test window = deals from S up to one
//! year later. Candidates are the companies raising in the window, each with its public
//! ask (type and amount of its earliest round there). An investor is evaluated when it has
//! at least [`MIN_TRAIN_COMPANIES`] distinct train companies and funded at least one
//! candidate in the window; those candidates are its relevant companies. The companies it
//! funded before S are removed from its candidates.
//!
//! [`Split::view`] is everything a ranker gets: train deals, candidates and asks. Who
//! invested in the window stays in [`Split`] alone, so no ranking can depend on it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::data::{Benchmark, Date, Deal};

/// An investor needs at least this many distinct companies before the split to be evaluated.
pub const MIN_TRAIN_COMPANIES: usize = 5;

/// What a company raising in the test window posts when it starts fundraising.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ask {
    /// The round type of its earliest round in the window (`None` when unknown).
    pub round_type: Option<String>,
    /// That round's total in US dollars (`None` when unknown).
    pub amount_usd: Option<f64>,
}

/// The part of a benchmark a ranker may use.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Companies and investors (no deals).
    pub bench: &'a Benchmark,
    /// Deals before the split, in file order.
    pub train: &'a [Deal],
    /// The companies raising in the test window, ascending, with their asks.
    pub candidates: &'a [(usize, Ask)],
}

/// One evaluated investor.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    /// Index into [`Benchmark::investors`].
    pub investor: usize,
    /// Companies it funded before the split (removed from its candidates).
    pub funded_before: BTreeSet<usize>,
    /// Candidates it funded in the test window.
    pub relevant: BTreeSet<usize>,
}

/// A benchmark cut at a split date.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    bench: &'a Benchmark,
    /// The split date S.
    pub date: Date,
    /// The end of the test window (S + 1 year, excluded).
    pub end: Date,
    train: Vec<Deal>,
    candidates: Vec<(usize, Ask)>,
    /// Evaluated investors, in file order.
    pub evaluated: Vec<Evaluated>,
    /// Companies with no deal before the split: a raise in the window is their first.
    cold: HashSet<usize>,
}

impl<'a> Split<'a> {
    /// Cuts a benchmark at `date`.
    pub fn new(bench: &'a Benchmark, date: Date) -> Split<'a> {
        Split::with_minimum(bench, date, MIN_TRAIN_COMPANIES)
    }

    /// Cuts a benchmark at `date`, evaluating investors with at least `min_companies`
    /// distinct train companies (training on a small benchmark may need fewer than the
    /// protocol's [`MIN_TRAIN_COMPANIES`]).
    pub fn with_minimum(bench: &'a Benchmark, date: Date, min_companies: usize) -> Split<'a> {
        let end = date.plus_one_year();
        let train: Vec<Deal> = bench
            .deals
            .iter()
            .filter(|d| d.date < date)
            .cloned()
            .collect();
        let window: Vec<&Deal> = bench
            .deals
            .iter()
            .filter(|d| d.date >= date && d.date < end)
            .collect();

        // The ask: the earliest round in the window; its first known type and amount.
        let mut earliest: HashMap<usize, (Date, Ask)> = HashMap::new();
        for d in &window {
            let entry = earliest
                .entry(d.company)
                .or_insert((d.date, Ask::default()));
            if d.date < entry.0 {
                *entry = (d.date, Ask::default());
            }
            if d.date == entry.0 {
                let ask = &mut entry.1;
                ask.round_type = ask.round_type.take().or_else(|| d.round_type.clone());
                ask.amount_usd = ask.amount_usd.or(d.amount_usd);
            }
        }
        let mut candidates: Vec<(usize, Ask)> = earliest
            .into_iter()
            .map(|(company, (_, ask))| (company, ask))
            .collect();
        candidates.sort_by_key(|(company, _)| *company);

        let mut funded_before: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); bench.investors.len()];
        for d in &train {
            funded_before[d.investor].insert(d.company);
        }
        let mut relevant: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); bench.investors.len()];
        for d in &window {
            if !funded_before[d.investor].contains(&d.company) {
                relevant[d.investor].insert(d.company);
            }
        }
        let evaluated = funded_before
            .into_iter()
            .zip(relevant)
            .enumerate()
            .filter(|(_, (before, rel))| before.len() >= min_companies.max(1) && !rel.is_empty())
            .map(|(investor, (funded_before, relevant))| Evaluated {
                investor,
                funded_before,
                relevant,
            })
            .collect();
        let warm: HashSet<usize> = train.iter().map(|d| d.company).collect();
        let cold = candidates
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !warm.contains(c))
            .collect();
        Split {
            bench,
            date,
            end,
            train,
            candidates,
            evaluated,
            cold,
        }
    }

    /// What a ranker may know.
    pub fn view(&self) -> View<'_> {
        View {
            bench: self.bench,
            train: &self.train,
            candidates: &self.candidates,
        }
    }

    /// The candidates of one evaluated investor: every company raising in the window that
    /// it had not funded before.
    pub fn candidates_for(&self, investor: &Evaluated) -> Vec<usize> {
        self.candidates
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !investor.funded_before.contains(c))
            .collect()
    }

    /// The second half of the test window, for measuring what feedback is worth: each
    /// investor's deals in the first half (from the split date up to `middle`, excluded) are
    /// what it tells Tandem, and the companies it funds from `middle` on are what it should
    /// find next. Returns that split — the same train deals, candidates and cold companies,
    /// with every investor's first-half companies counted as funded before and the
    /// second-half ones as relevant — and the first-half companies of each investor it
    /// evaluates, ascending. Only investors evaluated here, with first-half deals and a
    /// new company in the second half, are kept.
    pub fn second_half(&self, middle: Date) -> (Split<'a>, Vec<(usize, Vec<usize>)>) {
        let mut first: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut second: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for d in self.bench.deals.iter() {
            if d.date >= self.date && d.date < middle {
                first.entry(d.investor).or_default().insert(d.company);
            } else if d.date >= middle && d.date < self.end {
                second.entry(d.investor).or_default().insert(d.company);
            }
        }
        let mut told = Vec::new();
        let evaluated = self
            .evaluated
            .iter()
            .filter_map(|e| {
                let first = first.get(&e.investor)?;
                let funded_before: BTreeSet<usize> =
                    e.funded_before.union(first).copied().collect();
                let relevant: BTreeSet<usize> = second
                    .get(&e.investor)?
                    .difference(&funded_before)
                    .copied()
                    .collect();
                if relevant.is_empty() {
                    return None;
                }
                told.push((e.investor, first.iter().copied().collect()));
                Some(Evaluated {
                    investor: e.investor,
                    funded_before,
                    relevant,
                })
            })
            .collect();
        let half = Split {
            evaluated,
            ..self.clone()
        };
        (half, told)
    }

    /// Whether a company's raise in the window is its first (no train deal with anyone).
    pub fn is_cold(&self, company: usize) -> bool {
        self.cold.contains(&company)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::eval::data::{Company, Investor};

    /// A small benchmark: investors i0..i2, companies c0..c7, deals as (investor, company,
    /// date, round type).
    pub(crate) fn fixture(deals: &[(usize, usize, &str, &str)]) -> Benchmark {
        let companies = (0..8)
            .map(|i| Company {
                id: format!("c{i}"),
                name: format!("C{i}"),
                category: (i % 2 == 0).then(|| "software".to_string()),
                country: Some(if i < 4 { "USA" } else { "GBR" }.to_string()),
                region: None,
                city: None,
                founded_year: None,
            })
            .collect();
        let investors = (0..3)
            .map(|i| Investor {
                id: format!("i{i}"),
                name: format!("I{i}"),
            })
            .collect();
        let deals = deals
            .iter()
            .map(|(investor, company, date, round)| Deal {
                investor: *investor,
                company: *company,
                date: Date::parse(date).unwrap(),
                round_type: (!round.is_empty()).then(|| round.to_string()),
                amount_usd: Some(1e6),
            })
            .collect();
        Benchmark {
            companies,
            investors,
            deals,
        }
    }

    #[test]
    fn counts_on_a_small_fixture() {
        let bench = fixture(&[
            // i0: five train companies, then two in the window (c0 again, and c5).
            (0, 0, "2010-01-01", "seed"),
            (0, 1, "2010-02-01", ""),
            (0, 2, "2010-03-01", ""),
            (0, 3, "2010-04-01", ""),
            (0, 4, "2010-05-01", ""),
            (0, 0, "2011-03-01", "series-a"),
            (0, 5, "2011-06-01", "series-b"),
            // i1: only one train company: not evaluated.
            (1, 6, "2010-01-01", ""),
            (1, 6, "2011-02-01", ""),
            // i2: a window deal for c7, its later round in the window, and one after it.
            (2, 7, "2011-01-01", "seed"),
            (2, 7, "2011-09-01", "series-a"),
            (2, 5, "2012-01-01", ""),
        ]);
        let split = Split::new(&bench, Date::parse("2011-01-01").unwrap());
        let candidates: Vec<usize> = split.view().candidates.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            candidates,
            vec![0, 5, 6, 7],
            "companies raising in 2011 only"
        );
        assert_eq!(split.view().train.len(), 6);
        assert_eq!(split.evaluated.len(), 1);
        let i0 = &split.evaluated[0];
        assert_eq!(i0.investor, 0);
        assert_eq!(
            i0.relevant.iter().copied().collect::<Vec<_>>(),
            vec![5],
            "c0 was funded before"
        );
        assert_eq!(split.candidates_for(i0), vec![5, 6, 7]);
        assert!(split.is_cold(5) && split.is_cold(7) && !split.is_cold(6));
        let ask = |c: usize| {
            &split
                .view()
                .candidates
                .iter()
                .find(|(x, _)| *x == c)
                .unwrap()
                .1
        };
        assert_eq!(
            ask(7).round_type.as_deref(),
            Some("seed"),
            "the earliest round in the window"
        );
    }
}
