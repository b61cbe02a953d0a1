//! What the ranking and page benches share: the synthetic market they run in.

use tandem_engine::synth::SynthConfig;

/// The synthetic market: 100,000 start-ups, 2,000 investors and 1,000 partners, seed 7.
pub const MARKET: SynthConfig = SynthConfig {
    startups: 100_000,
    investors: 2_000,
    partners: 1_000,
    seed: 7,
};
