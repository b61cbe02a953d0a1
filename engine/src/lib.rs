//! # tandem-engine
//!
//! The core of Tandem, a matchmaking engine that links start-ups and SMEs with investors and
//! partners. It validates [`profile::Profile`]s against a shared [`taxonomy`] and
//! [`geography`] (with [`city`] below the country), stores them in a tantivy index that is the single source of truth, encodes
//! them as compact feature rows, and ranks candidates by text relevance plus weighted feature fits,
//! explaining every score.
//!
//! The engine knows nothing about HTTP or terminals: callers pass progress callbacks and get
//! plain data and typed errors back.

pub mod access;
pub mod cache;
pub mod city;
#[cfg(test)]
mod determinism_tests;
pub mod digest;
pub mod error;
pub mod eval;
pub mod events;
pub mod explain;
pub mod feature_sum;
pub mod features;
pub mod feedback;
pub mod filter;
pub mod fit;
pub mod fusion;
pub mod geography;
pub mod index;
pub mod jsonl;
pub mod learn;
pub mod ledger;
pub mod listing;
pub mod network;
pub mod profile;
pub mod progress;
pub mod rank;
pub mod store;
pub mod synth;
pub mod taxonomy;
#[cfg(test)]
mod testing;
pub mod text;
pub mod vocabulary;
pub mod weights;

pub use error::{Error, Result};
pub use profile::Profile;
pub use rank::{Filters, Match, MatchRequest, rank};
pub use store::{Snapshot, Store};
pub use taxonomy::Kind;
pub use weights::Weights;
