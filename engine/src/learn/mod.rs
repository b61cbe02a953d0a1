//! Learned ranking: features of (asker, candidate) pairs from deal history, and models
//! trained on past deals that rank by them.
//!
//! [`history`] is what the features read, [`features`] is their one definition (with
//! [`thesis`], the thesis score's component fits as features, and [`leads`], who likely
//! led each round), [`linear`] a listwise-trained linear model over them, [`trees`]
//! gradient-boosted trees over the same features, and [`model`] the versioned file that
//! holds either with its training report. Training lists and the benchmark ranker live in
//! [`crate::eval::learned`].

pub mod additive;
pub mod bound;
pub mod features;
pub mod history;
pub mod leads;
pub mod linear;
pub mod live;
pub mod model;
pub mod thesis;
pub mod trees;

pub use features::{Ask, Feature, Features};
pub use history::History;
pub use live::{LiveModel, StoreHistory};
pub use model::{HistorySource, Model};
