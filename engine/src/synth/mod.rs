//! Seeded generator of realistic synthetic profiles, at any scale.
//!
//! [`generate`] builds start-ups/SMEs, investors and partners that look like the market Tandem
//! serves: start-ups in every sector, with real shares in Sub-Saharan Africa, Latin America and
//! South and South-East Asia; money, head count and age that rise with the stage; descriptions
//! that talk about each sector's customers, problems and products; investors whose tickets,
//! stages, instruments and geography fit their type; partners whose offers fit theirs.
//!
//! Every profile draws from its own random stream, seeded from `(seed, kind, index)`, so the
//! output depends only on the [`SynthConfig`] — not on the number of threads — and profiles are
//! built in parallel with rayon: a million start-ups take a few seconds in release mode. The
//! `i`-th profile of a kind is the same whatever the counts (only the zero padding of its id
//! widens with the count).
//!
//! ```
//! use tandem_engine::synth::{generate, SynthConfig};
//! let config = SynthConfig { startups: 20, investors: 5, partners: 5, seed: 7 };
//! let profiles = generate(&config);
//! assert_eq!(profiles.len(), 30);
//! assert_eq!(profiles[0].id, "st-0001");
//! assert_eq!(profiles[20].id, "inv-0001");
//! assert_eq!(profiles, generate(&config));
//! ```

mod investors;
mod markets;
mod organisation;
mod partners;
mod random;
mod sectors;
mod stages;
mod startup;
#[cfg(test)]
mod tests;
mod words;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::profile::Profile;
use crate::taxonomy::Kind;

use organisation::{investor, partner};
use startup::startup;

/// How many profiles of each kind to generate, and the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of start-ups/SMEs (ids `st-0001`, ...).
    pub startups: usize,
    /// Number of investors (ids `inv-0001`, ...).
    pub investors: usize,
    /// Number of partners (ids `pt-0001`, ...).
    pub partners: usize,
    /// Seed of every random choice: the same config always gives the same profiles.
    pub seed: u64,
}

impl SynthConfig {
    /// Total number of profiles the config asks for.
    pub fn total(&self) -> usize {
        self.startups + self.investors + self.partners
    }
}

impl Default for SynthConfig {
    /// A demo-sized market: 2,000 start-ups, 300 investors, 200 partners, seed 42.
    fn default() -> Self {
        SynthConfig {
            startups: 2_000,
            investors: 300,
            partners: 200,
            seed: 42,
        }
    }
}

/// All profiles: start-ups first, then investors, then partners. Same config => identical output.
///
/// Every profile is valid and in normal form ([`Profile::normalize`] has been applied).
pub fn generate(config: &SynthConfig) -> Vec<Profile> {
    let mut profiles = Vec::with_capacity(config.total());
    for (kind, count) in [
        (Kind::Startup, config.startups),
        (Kind::Investor, config.investors),
        (Kind::Partner, config.partners),
    ] {
        let width = count.to_string().len().max(4);
        profiles.par_extend(
            (0..count)
                .into_par_iter()
                .map(|index| synthesize(config.seed, kind, index, width)),
        );
    }
    profiles
}

/// The random stream every choice draws from.
type R = ChaCha8Rng;

/// Builds the `index`-th profile (from 0) of a kind from its own random stream.
fn synthesize(seed: u64, kind: Kind, index: usize, width: usize) -> Profile {
    let mut rng = R::seed_from_u64(mix(seed, kind, index));
    let (prefix, mut profile) = match kind {
        Kind::Startup => ("st", startup(&mut rng)),
        Kind::Investor => ("inv", investor(&mut rng)),
        Kind::Partner => ("pt", partner(&mut rng)),
    };
    profile.id = format!("{prefix}-{:0width$}", index + 1);
    profile
        .normalize()
        .expect("generated profiles are always valid");
    profile
}

/// SplitMix64's finaliser: a fast, well-mixing bijection on 64-bit integers.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of one profile's stream: independent streams per seed, kind and index.
fn mix(seed: u64, kind: Kind, index: usize) -> u64 {
    let stream = splitmix64(seed ^ splitmix64(kind.index() as u64 + 1));
    splitmix64(stream.wrapping_add(splitmix64(index as u64)))
}
