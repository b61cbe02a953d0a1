//! Learned ranking: features of (asker, candidate) pairs from deal history, and models
//! trained on past deals that rank by them.
//!
//! [`history`] is what the features read, [`features`] is their one definition, and
//! [`linear`] a listwise-trained linear model over them, [`trees`] gradient-boosted trees
//! (LambdaMART) over the same features.

pub mod features;
pub mod history;
pub mod linear;
pub mod model;
pub mod thesis;
pub mod trees;

pub use features::{Ask, Feature, Features};
pub use history::History;
