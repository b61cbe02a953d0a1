//! The score's components and their weights: one config, defaults in code, overridable from a
//! TOML or JSON file, learnable later by `tune`.
//!
//! Weights depend on who asks. An investor looking for deal flow cares most that a start-up
//! fits its thesis (sector, stage, ticket, geography); a start-up looking for investors cares
//! as much about whether the funder provides what it needs (support, instruments). That
//! asymmetry is what gives reciprocal matching its meaning.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::profile::elide_quoted;
use crate::taxonomy::Kind;

/// One part of a match score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// BM25 relevance of the two profiles' texts, normalised per query.
    Text,
    /// Sector overlap.
    Sector,
    /// Geography: same country > intermediate region > sub-region > region > global.
    Geography,
    /// Stage fit.
    Stage,
    /// Ask inside the ticket range, decaying with log-distance outside it.
    Ticket,
    /// Shared Sustainable Development Goals.
    Sdg,
    /// Needs met by offers.
    Support,
    /// Instruments in common.
    Instrument,
    /// Attributes sought by a lens (e.g. women-led).
    Attribute,
    /// Deal history: the candidate's deal partners resemble the asking profile (e.g. a
    /// company's earlier investors co-invested with the asking investor).
    Network,
}

impl Component {
    /// Every component, in score order.
    pub const ALL: [Component; 10] = [
        Component::Text,
        Component::Sector,
        Component::Geography,
        Component::Stage,
        Component::Ticket,
        Component::Sdg,
        Component::Support,
        Component::Instrument,
        Component::Attribute,
        Component::Network,
    ];

    /// Number of components.
    pub const COUNT: usize = Self::ALL.len();

    /// Position in [`Component::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as used in weight files and explanations.
    pub fn name(self) -> &'static str {
        match self {
            Component::Text => "text",
            Component::Sector => "sector",
            Component::Geography => "geography",
            Component::Stage => "stage",
            Component::Ticket => "ticket",
            Component::Sdg => "sdg",
            Component::Support => "support",
            Component::Instrument => "instrument",
            Component::Attribute => "attribute",
            Component::Network => "network",
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The weight of each component for one asking side. Need not sum to 1: they are normalised.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentWeights {
    /// Text relevance.
    pub text: f32,
    /// Sector overlap.
    pub sector: f32,
    /// Geography.
    pub geography: f32,
    /// Stage fit.
    pub stage: f32,
    /// Ticket fit.
    pub ticket: f32,
    /// Shared SDGs.
    pub sdg: f32,
    /// Needs ↔ offers.
    pub support: f32,
    /// Instruments.
    pub instrument: f32,
    /// Attributes / lenses.
    pub attribute: f32,
    /// Deal history (co-investment).
    pub network: f32,
}

impl ComponentWeights {
    /// The weights in [`Component::ALL`] order.
    pub fn as_array(&self) -> [f32; Component::COUNT] {
        [
            self.text,
            self.sector,
            self.geography,
            self.stage,
            self.ticket,
            self.sdg,
            self.support,
            self.instrument,
            self.attribute,
            self.network,
        ]
    }

    /// The weights of the thesis score — every component but the network, scaled to sum
    /// to 1 (all 0 when only the network weighs) — and the network's share of the whole:
    /// how much its own ranking counts when the two rankings are fused ([`crate::fusion`]).
    pub fn thesis_and_network(&self) -> ([f32; Component::COUNT], f32) {
        let mut thesis = self.as_array();
        let network = std::mem::take(&mut thesis[Component::Network.index()]);
        let sum: f32 = thesis.iter().sum();
        let share = network / (sum + network);
        if sum > 0.0 {
            (thesis.map(|w| w / sum), share)
        } else {
            (thesis, share)
        }
    }

    fn check(&self, side: &str) -> Result<()> {
        for (c, w) in Component::ALL.iter().zip(self.as_array()) {
            if !w.is_finite() || w < 0.0 {
                return Err(Error::BadRequest(format!(
                    "weight {side}.{c} is {w}; weights must be finite and ≥ 0"
                )));
            }
        }
        if self.as_array().iter().sum::<f32>() <= 0.0 {
            return Err(Error::BadRequest(format!(
                "the weights for {side} are all zero; give at least one a positive value"
            )));
        }
        Ok(())
    }
}

/// All weights: one set per asking kind, plus the value that stands in for an unknown fit.
///
/// A weights file may override any subset, e.g. in TOML:
/// ```toml
/// [investor]
/// ticket = 0.3
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// When a start-up or SME asks (for investors or partners).
    pub startup: ComponentWeights,
    /// When an investor asks (deal flow).
    pub investor: ComponentWeights,
    /// When a partner asks (start-ups to support).
    pub partner: ComponentWeights,
    /// Fit used when a component cannot be judged because one side gives no data: missing
    /// data is unknown, not a mismatch, so it scores between a miss (0) and a hit (1).
    pub unknown_fit: f32,
}

impl Default for Weights {
    /// Hand-set defaults: thesis fit (sector, geography, stage, ticket) dominates the thesis
    /// score of an investor; what the counterpart offers (support, instruments) also weighs
    /// for a start-up; sectors, place, support and SDGs for a partner. Geography weighs
    /// heavily on every side: few funders or partners work outside their mandate. An
    /// investor's deal network gets half the say in the fused ranking (its thesis weights sum
    /// to 1, its network weight is 1): on the deal benchmark's training years that share
    /// served companies with backers and first raises most evenly (README, "Match quality").
    fn default() -> Weights {
        Weights {
            startup: ComponentWeights {
                text: 0.10,
                sector: 0.16,
                geography: 0.20,
                stage: 0.10,
                ticket: 0.12,
                sdg: 0.04,
                support: 0.16,
                instrument: 0.08,
                attribute: 0.04,
                network: 0.06,
            },
            investor: ComponentWeights {
                text: 0.10,
                sector: 0.22,
                geography: 0.22,
                stage: 0.14,
                ticket: 0.16,
                sdg: 0.04,
                support: 0.04,
                instrument: 0.04,
                attribute: 0.04,
                network: 1.0,
            },
            partner: ComponentWeights {
                text: 0.10,
                sector: 0.20,
                geography: 0.22,
                stage: 0.12,
                ticket: 0.04,
                sdg: 0.08,
                support: 0.16,
                instrument: 0.02,
                attribute: 0.06,
                network: 0.06,
            },
            unknown_fit: 0.5,
        }
    }
}

impl Weights {
    /// Reads weights from a `.toml` or `.json` file; fields left out keep their defaults.
    pub fn from_file(path: &Path) -> Result<Weights> {
        let bytes = std::fs::read(path).map_err(Error::io(path))?;
        let bad = |message: String| {
            Error::BadRequest(format!("weights file {}: {message}", path.display()))
        };
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()].split(|b| *b == b'\n').count();
            bad(format!(
                "line {line}: invalid UTF-8; expected UTF-8 text (re-save the file as UTF-8)"
            ))
        })?;
        let overrides: serde_json::Value = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::from_str(text).map_err(|e| bad(json_error(&e)))?,
            Some("toml") => toml::from_str(text).map_err(|e| bad(toml_error(text, &e)))?,
            _ => return Err(bad("expected a .toml or .json file".into())),
        };
        let mut merged = serde_json::to_value(Weights::default()).expect("weights serialise");
        merge(&mut merged, overrides);
        // With the path, a wrong type names its key (`investor.sector: invalid type ...`);
        // serde_json alone would not say which of thirty-one values it was.
        let weights: Weights = serde_path_to_error::deserialize(merged).map_err(|e| {
            let path = e.path().to_string();
            bad(elide_quoted(&format!("`{path}`: {}", e.into_inner())))
        })?;
        weights.check().map_err(|e| bad(e.to_string()))?;
        Ok(weights)
    }

    /// Checks every weight is usable.
    pub fn check(&self) -> Result<()> {
        self.startup.check("startup")?;
        self.investor.check("investor")?;
        self.partner.check("partner")?;
        if !(0.0..=1.0).contains(&self.unknown_fit) {
            return Err(Error::BadRequest(format!(
                "unknown_fit is {}; it must lie in [0, 1]",
                self.unknown_fit
            )));
        }
        Ok(())
    }

    /// The weights used when a profile of this kind asks.
    pub fn for_kind(&self, kind: Kind) -> &ComponentWeights {
        match kind {
            Kind::Startup => &self.startup,
            Kind::Investor => &self.investor,
            Kind::Partner => &self.partner,
        }
    }

    /// The weights of one asking side, to change.
    pub fn for_kind_mut(&mut self, kind: Kind) -> &mut ComponentWeights {
        match kind {
            Kind::Startup => &mut self.startup,
            Kind::Investor => &mut self.investor,
            Kind::Partner => &mut self.partner,
        }
    }

    /// Writes the weights as TOML, a file [`Weights::from_file`] reads back.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("weights serialise")
    }
}

impl ComponentWeights {
    /// The weight of one component, to change.
    pub fn get_mut(&mut self, component: Component) -> &mut f32 {
        match component {
            Component::Text => &mut self.text,
            Component::Sector => &mut self.sector,
            Component::Geography => &mut self.geography,
            Component::Stage => &mut self.stage,
            Component::Ticket => &mut self.ticket,
            Component::Sdg => &mut self.sdg,
            Component::Support => &mut self.support,
            Component::Instrument => &mut self.instrument,
            Component::Attribute => &mut self.attribute,
            Component::Network => &mut self.network,
        }
    }
}

/// A JSON syntax error with its place, saying what a weights file holds when serde_json
/// does not say what it expected (e.g. "number out of range").
fn json_error(e: &serde_json::Error) -> String {
    let text = elide_quoted(&e.to_string());
    if !e.is_syntax() && !e.is_eof() || text.contains("expected") {
        return text;
    }
    format!(
        "{text}; expected an object of finite weights, e.g. {{\"investor\": {{\"ticket\": 0.3}}}}"
    )
}

/// A TOML error as `line L, column C: message`. The toml crate's own display quotes the whole
/// offending line under it, which for a hostile file is megabytes long.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = elide_quoted(e.message().trim());
    let Some(span) = e.span() else {
        return message;
    };
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    let hint = if message.contains("expected") {
        ""
    } else {
        "; expected TOML such as `[investor]` and below it `ticket = 0.3`"
    };
    format!("line {line}, column {column}: {message}{hint}")
}

/// Overlays `overrides` on `base`, object by object.
fn merge(base: &mut serde_json::Value, overrides: serde_json::Value) {
    match (base, overrides) {
        (serde_json::Value::Object(base), serde_json::Value::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_normalise_to_one() {
        let w = Weights::default();
        w.check().unwrap();
        for kind in Kind::ALL {
            let (thesis, share) = w.for_kind(*kind).thesis_and_network();
            let sum: f32 = thesis.iter().sum();
            assert!((sum - 1.0).abs() < 1e-5);
            assert_eq!(thesis[Component::Network.index()], 0.0);
            assert!((0.0..1.0).contains(&share));
        }
    }

    #[test]
    fn files_override_only_what_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.toml");
        std::fs::write(&path, "unknown_fit = 0.4\n[investor]\nsector = 0.5\n").unwrap();
        let w = Weights::from_file(&path).unwrap();
        assert_eq!(w.investor.sector, 0.5);
        assert_eq!(w.investor.ticket, Weights::default().investor.ticket);
        assert_eq!(w.startup, Weights::default().startup);
        assert_eq!(w.unknown_fit, 0.4);

        std::fs::write(&path, "[investor]\nsector = -1\n").unwrap();
        let err = Weights::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("w.toml"), "{err}");

        let json = dir.path().join("w.json");
        std::fs::write(&json, r#"{"colour": 1}"#).unwrap();
        let err = Weights::from_file(&json).unwrap_err().to_string();
        assert!(err.contains("unknown field `colour`"), "{err}");
    }
}
