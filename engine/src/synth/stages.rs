//! What is typical of a start-up at each stage: the [`STAGES`] table and the needs and
//! traction sentences it refers to.

use crate::taxonomy::{Instrument, Stage, Support};

/// What is typical of a start-up at one stage: money, size, age, instruments, needs, story.
pub(super) struct StageProfile {
    pub(super) stage: Stage,
    /// Share of start-ups at this stage (percent).
    pub(super) weight: u32,
    /// Funding ask range, USD (drawn log-uniformly).
    pub(super) ask: (f64, f64),
    /// Head-count range (drawn log-uniformly).
    pub(super) employees: (f64, f64),
    /// Chance of having any revenue, and its range in USD.
    pub(super) revenue: (f64, f64, f64),
    /// Range of founding years.
    pub(super) founded: (u16, u16),
    /// Instruments it accepts, each with its chance.
    pub(super) instruments: &'static [(Instrument, f64)],
    /// Non-funding needs, weighted.
    pub(super) needs: &'static [(Support, u32)],
    /// Traction sentences.
    pub(super) traction: &'static [&'static str],
    /// What the money is for.
    pub(super) uses: &'static [&'static str],
}

const EARLY_NEEDS: &[(Support, u32)] = &[
    (Support::Mentoring, 5),
    (Support::Networking, 4),
    (Support::Workspace, 3),
    (Support::Training, 3),
    (Support::TechnicalAssistance, 3),
    (Support::Talent, 2),
    (Support::Pilot, 2),
];
const MID_NEEDS: &[(Support, u32)] = &[
    (Support::MarketAccess, 5),
    (Support::Pilot, 4),
    (Support::Talent, 4),
    (Support::Networking, 3),
    (Support::Mentoring, 3),
    (Support::Distribution, 2),
    (Support::TechnicalAssistance, 2),
];
const LATE_NEEDS: &[(Support, u32)] = &[
    (Support::MarketAccess, 5),
    (Support::Distribution, 5),
    (Support::Talent, 4),
    (Support::Regulatory, 2),
    (Support::Networking, 2),
    (Support::Pilot, 2),
];

const REVENUE_TRACTION: &[&str] = &[
    "The team of {employees} people earned {revenue} in revenue last year.",
    "Revenue reached {revenue} last year with a team of {employees}.",
    "With {employees} staff and {revenue} in annual revenue, it is growing across {market}.",
];
/// Used instead of a revenue sentence when a later-stage company reports no revenue.
pub(super) const PRE_REVENUE_TRACTION: &[&str] = &[
    "The team of {employees} people is preparing its commercial launch.",
    "A team of {employees} is running paid pilots ahead of launch.",
];

pub(super) const STAGES: &[StageProfile] = &[
    StageProfile {
        stage: Stage::Idea,
        weight: 8,
        ask: (20e3, 150e3),
        employees: (1.0, 5.0),
        revenue: (0.0, 0.0, 0.0),
        founded: (2023, 2025),
        instruments: &[
            (Instrument::Grant, 0.75),
            (Instrument::Convertible, 0.4),
            (Instrument::Equity, 0.35),
        ],
        needs: EARLY_NEEDS,
        traction: &[
            "We are testing the idea with a first group of {customer} in {city}.",
            "The founders are validating demand in interviews with {customer} in {city}.",
        ],
        uses: &[
            "build a first working prototype",
            "validate the product with paying customers",
        ],
    },
    StageProfile {
        stage: Stage::PreSeed,
        weight: 22,
        ask: (50e3, 300e3),
        employees: (2.0, 10.0),
        revenue: (0.4, 5e3, 80e3),
        founded: (2021, 2025),
        instruments: &[
            (Instrument::Convertible, 0.6),
            (Instrument::Grant, 0.55),
            (Instrument::Equity, 0.5),
        ],
        needs: EARLY_NEEDS,
        traction: &[
            "A prototype is being piloted with {customer} in {city}.",
            "The first version is live with a handful of {customer} in {city}.",
        ],
        uses: &[
            "run a paid pilot",
            "hire the first engineers",
            "launch the first version",
        ],
    },
    StageProfile {
        stage: Stage::Seed,
        weight: 30,
        ask: (150e3, 2e6),
        employees: (4.0, 25.0),
        revenue: (0.85, 20e3, 1e6),
        founded: (2018, 2024),
        instruments: &[
            (Instrument::Equity, 0.8),
            (Instrument::Convertible, 0.5),
            (Instrument::Grant, 0.25),
            (Instrument::RevenueBased, 0.1),
        ],
        needs: MID_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "grow the sales team",
            "expand to a second market",
            "hire engineers and reach break-even",
        ],
    },
    StageProfile {
        stage: Stage::SeriesA,
        weight: 20,
        ask: (2e6, 15e6),
        employees: (12.0, 80.0),
        revenue: (1.0, 300e3, 5e6),
        founded: (2015, 2023),
        instruments: &[
            (Instrument::Equity, 0.9),
            (Instrument::Debt, 0.3),
            (Instrument::RevenueBased, 0.2),
            (Instrument::Convertible, 0.15),
        ],
        needs: MID_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "expand across the region",
            "scale the sales team",
            "build out the product platform",
        ],
    },
    StageProfile {
        stage: Stage::SeriesB,
        weight: 10,
        ask: (10e6, 50e6),
        employees: (35.0, 200.0),
        revenue: (1.0, 2e6, 20e6),
        founded: (2012, 2021),
        instruments: &[
            (Instrument::Equity, 0.9),
            (Instrument::Debt, 0.45),
            (Instrument::RevenueBased, 0.2),
        ],
        needs: LATE_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "enter new countries",
            "scale operations",
            "fund working capital for growth",
        ],
    },
    StageProfile {
        stage: Stage::Growth,
        weight: 10,
        ask: (20e6, 150e6),
        employees: (100.0, 400.0),
        revenue: (1.0, 10e6, 120e6),
        founded: (2008, 2019),
        instruments: &[
            (Instrument::Equity, 0.7),
            (Instrument::Debt, 0.65),
            (Instrument::RevenueBased, 0.3),
        ],
        needs: LATE_NEEDS,
        traction: REVENUE_TRACTION,
        uses: &[
            "enter new regions",
            "fund acquisitions",
            "scale production and distribution",
        ],
    },
];
