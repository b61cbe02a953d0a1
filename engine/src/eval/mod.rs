//! Match quality on real deals: benchmark import, the time-split protocol, metrics,
//! baselines and Tandem as a ranker.
//!
//! The flow of `tandem eval`: [`Benchmark::load`] reads a benchmark directory,
//! [`Split::new`] cuts it at a date, each [`Ranker`] ranks every evaluated investor's
//! candidates from the split's [`View`] (train deals, candidates and asks — never who
//! invested in the test window), and [`evaluate`] scores the rankings.

pub mod baselines;
pub mod data;
pub mod feedback;
pub mod import;
pub mod learned;
pub mod metrics;
pub mod protocol;
pub mod run;
pub mod synthetic;
pub mod tandem;
pub mod tune;

pub use baselines::{Affinity, BuiltIn, CoInvestment, Popularity, Random, Ranker};
pub use data::{Benchmark, DataError, Date};
pub use learned::LearnedRanker;
pub use metrics::Cutoffs;
pub use protocol::{Split, View};
pub use run::{Evaluation, Row, Slice, evaluate, recall_curve};
pub use synthetic::SyntheticConfig;
pub use tandem::TandemRanker;
pub use tune::{Objective, Tuned, tune};
