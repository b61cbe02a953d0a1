//! What the benches share: the synthetic market they run in, and its timed import.
// Each bench uses only part of this.
#![allow(dead_code)]

use std::time::Instant;

use tandem_engine::synth::SynthConfig;
use tandem_engine::{Profile, Store};

/// The synthetic market of the ranking and page benches: 100,000 start-ups, 2,000
/// investors and 1,000 partners, seed 7.
pub const MARKET: SynthConfig = SynthConfig {
    startups: 100_000,
    investors: 2_000,
    partners: 1_000,
    seed: 7,
};

/// Imports `profiles` into `store` in one call, printing how long it took (setup, not a
/// timed figure).
pub fn import_timed(store: &Store, profiles: &[Profile]) {
    let started = Instant::now();
    store.import(profiles, &()).expect("the import succeeds");
    eprintln!(
        "imported {} profiles in {:.2?}",
        profiles.len(),
        started.elapsed()
    );
}
