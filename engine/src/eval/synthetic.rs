//! A synthetic deal benchmark with planted preferences, for users without deal data.
//!
//! Every investor has a planted thesis — one or two favourite categories, a home country,
//! favourite round types — and belongs to a syndicate whose members often invest together.
//! Companies raise one to three rounds between 2005 and 2012; each round's investors are
//! drawn mostly from those whose thesis fits the company, often with syndicate partners or
//! earlier backers following on. `tandem eval` on it shows whether a ranker recovers the
//! planted preferences. Seeded: the same configuration writes the same files.

use std::fmt::Write as _;
use std::path::Path;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::data::{Benchmark, Company, Date, Deal, Investor};

/// Source categories used by the synthetic companies (a subset of the real benchmark's).
const CATEGORIES: [&str; 12] = [
    "software",
    "biotech",
    "cleantech",
    "mobile",
    "ecommerce",
    "hardware",
    "medical",
    "finance",
    "education",
    "games_video",
    "security",
    "advertising",
];

/// Countries, alpha-3, the first most common.
const COUNTRIES: [&str; 8] = ["USA", "GBR", "DEU", "FRA", "ISR", "IND", "KEN", "BRA"];

/// Round types in stage order, with typical round sizes in dollars.
const ROUNDS: [(&str, f64); 5] = [
    ("angel", 4e5),
    ("seed", 1.2e6),
    ("series-a", 6e6),
    ("series-b", 1.8e7),
    ("series-c+", 4e7),
];

/// How big a synthetic benchmark is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticConfig {
    /// Number of companies.
    pub companies: usize,
    /// Number of investors.
    pub investors: usize,
    /// Random seed.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    fn default() -> SyntheticConfig {
        SyntheticConfig {
            companies: 4000,
            investors: 400,
            seed: 7,
        }
    }
}

/// One investor's planted thesis, in the benchmark's own words: what a simulated user of
/// Tandem likes (see [`crate::eval::feedback::simulate_user`]). The generator writes them to
/// `theses.csv` beside the benchmark; rankers never read them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlantedThesis {
    /// The investor's id.
    pub investor_id: String,
    /// Its favourite categories, `;`-separated.
    pub categories: String,
    /// Its home country (alpha-3).
    pub country: String,
    /// The earliest round type it joins.
    pub first_round: String,
}

impl PlantedThesis {
    /// Whether a company fits: one of the favourite categories, in the home country. A
    /// company that gives no category or country does not.
    pub fn fits(&self, company: &Company) -> bool {
        let category = company.category.as_deref().unwrap_or_default();
        self.categories.split(';').any(|c| c == category)
            && company.country.as_deref() == Some(self.country.as_str())
    }

    /// Reads `theses.csv` from a benchmark folder written by the generator.
    pub fn load(dir: &Path) -> Result<Vec<PlantedThesis>, String> {
        let path = dir.join(THESES_FILE);
        let mut reader = csv::Reader::from_path(&path).map_err(|e| {
            format!(
                "{}: {e}; only a synthetic benchmark has planted theses: write one with `tandem generate --benchmark DIR`",
                path.display()
            )
        })?;
        reader
            .deserialize()
            .enumerate()
            .map(|(i, row)| row.map_err(|e| format!("{} line {}: {e}", path.display(), i + 2)))
            .collect()
    }
}

/// The file of the planted theses.
pub const THESES_FILE: &str = "theses.csv";

/// Writes the planted theses of the benchmark `config` generates into `dir/theses.csv`,
/// atomically.
pub fn write_theses(config: &SyntheticConfig, dir: &Path) -> std::io::Result<()> {
    let (bench, theses) = generate_with_theses(config);
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, t) in theses.iter().enumerate() {
        writer.serialize(PlantedThesis {
            investor_id: bench.investors[i].id.clone(),
            categories: t
                .categories
                .iter()
                .map(|c| CATEGORIES[*c])
                .collect::<Vec<_>>()
                .join(";"),
            country: COUNTRIES[t.country].to_string(),
            first_round: ROUNDS[t.first_round].0.to_string(),
        })?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    crate::cache::write_atomically(&dir.join(THESES_FILE), &bytes)
}

struct Thesis {
    categories: Vec<usize>,
    country: usize,
    /// Index into [`ROUNDS`] of the earliest round it joins.
    first_round: usize,
    syndicate: usize,
}

/// Generates a benchmark with planted preferences.
pub fn generate(config: &SyntheticConfig) -> Benchmark {
    generate_with_theses(config).0
}

/// [`generate`], with each investor's planted thesis.
fn generate_with_theses(config: &SyntheticConfig) -> (Benchmark, Vec<Thesis>) {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let syndicates = (config.investors / 8).max(1);
    let all_categories: Vec<usize> = (0..CATEGORIES.len()).collect();
    let theses: Vec<Thesis> = (0..config.investors)
        .map(|_| {
            let favourites = rng.random_range(1..=2);
            Thesis {
                categories: all_categories
                    .choose_multiple(&mut rng, favourites)
                    .copied()
                    .collect(),
                country: skewed(&mut rng, COUNTRIES.len()),
                first_round: rng.random_range(0..ROUNDS.len() - 1),
                syndicate: rng.random_range(0..syndicates),
            }
        })
        .collect();
    let investors: Vec<Investor> = (0..config.investors)
        .map(|i| Investor {
            id: format!("syn-inv-{i:04}"),
            name: format!("Synthetic Capital {i}"),
        })
        .collect();
    let mut companies = Vec::with_capacity(config.companies);
    let mut deals = Vec::new();
    for c in 0..config.companies {
        let category = skewed(&mut rng, CATEGORIES.len());
        let country = skewed(&mut rng, COUNTRIES.len());
        let founded = rng.random_range(2002..2012u16);
        companies.push(Company {
            id: format!("syn-co-{c:05}"),
            name: format!("Company {c}"),
            // A fifth of the companies give no category, as in real data.
            category: (!rng.random_bool(0.2)).then(|| CATEGORIES[category].to_string()),
            country: (!rng.random_bool(0.15)).then(|| COUNTRIES[country].to_string()),
            region: None,
            city: None,
            founded_year: rng.random_bool(0.7).then_some(founded),
        });
        let rounds = rng.random_range(1..=3usize);
        let first = rng.random_range(0..2usize);
        let mut year = (founded + 1).max(2005);
        let mut backers: Vec<usize> = Vec::new();
        for (round, &(round_type, size)) in ROUNDS.iter().enumerate().skip(first).take(rounds) {
            if year > 2012 {
                break;
            }
            let fits: Vec<usize> = (0..config.investors)
                .filter(|i| {
                    let t = &theses[*i];
                    t.categories.contains(&category)
                        && (t.country == country || rng.random_bool(0.25))
                        && t.first_round <= round
                })
                .collect();
            let mut chosen: Vec<usize> = Vec::new();
            if let Some(lead) = fits.choose(&mut rng).copied() {
                chosen.push(lead);
                // Syndicate partners join often.
                for i in 0..config.investors {
                    if i != lead
                        && theses[i].syndicate == theses[lead].syndicate
                        && rng.random_bool(0.3)
                    {
                        chosen.push(i);
                    }
                }
            }
            // Earlier backers follow on sometimes.
            chosen.extend(backers.iter().filter(|_| rng.random_bool(0.4)).copied());
            // Some noise: an investor outside its thesis.
            if rng.random_bool(0.2) {
                chosen.push(rng.random_range(0..config.investors));
            }
            chosen.sort_unstable();
            chosen.dedup();
            chosen.shuffle(&mut rng);
            chosen.truncate(5);
            let date = Date::parse(&format!(
                "{year}-{:02}-{:02}",
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            ))
            .expect("a valid generated date");
            let amount = (size * rng.random_range(0.5..2.0f64)).round();
            for investor in &chosen {
                deals.push(Deal {
                    investor: *investor,
                    company: c,
                    date,
                    round_type: (!rng.random_bool(0.25)).then(|| round_type.to_string()),
                    amount_usd: Some(amount),
                });
            }
            backers.extend(chosen);
            year += rng.random_range(1..=2);
        }
    }
    deals.sort_by_key(|d| (d.date, d.company, d.investor));
    let bench = Benchmark {
        companies,
        investors,
        deals,
    };
    (bench, theses)
}

/// An index below `n`, lower ones more likely (about a third of draws are 0).
fn skewed(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((u * u) * n as f64) as usize % n
}

impl Benchmark {
    /// Writes companies.csv, investors.csv and deals.csv into `dir` (created if needed),
    /// each file atomically.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut companies =
            String::from("company_id,name,category,country,region,city,founded_year\n");
        for c in &self.companies {
            let _ = writeln!(
                companies,
                "{},{},{},{},{},{},{}",
                c.id,
                c.name,
                field(&c.category),
                field(&c.country),
                field(&c.region),
                field(&c.city),
                c.founded_year.map(|y| y.to_string()).unwrap_or_default()
            );
        }
        let mut investors = String::from("investor_id,name\n");
        for i in &self.investors {
            let _ = writeln!(investors, "{},{}", i.id, i.name);
        }
        let mut deals = String::from("investor_id,company_id,date,round_type,amount_usd\n");
        for d in &self.deals {
            let _ = writeln!(
                deals,
                "{},{},{},{},{}",
                self.investors[d.investor].id,
                self.companies[d.company].id,
                d.date,
                field(&d.round_type),
                d.amount_usd.map(|a| format!("{a:.0}")).unwrap_or_default()
            );
        }
        for (name, text) in [
            ("companies.csv", companies),
            ("investors.csv", investors),
            ("deals.csv", deals),
        ] {
            crate::cache::write_atomically(&dir.join(name), text.as_bytes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synthetic_benchmark_round_trips_and_is_reproducible() {
        let config = SyntheticConfig {
            companies: 300,
            investors: 40,
            seed: 3,
        };
        let bench = generate(&config);
        assert!(bench.deals.len() > 300);
        let dir = tempfile::tempdir().unwrap();
        bench.write(dir.path()).unwrap();
        let back = Benchmark::load(dir.path()).unwrap();
        assert_eq!(back.companies, bench.companies);
        assert_eq!(back.investors, bench.investors);
        assert_eq!(back.deals, bench.deals);
        assert_eq!(generate(&config).deals, bench.deals, "seeded");
    }
}
