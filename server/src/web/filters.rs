//! The match filters of the profile page and the Try-it results, as a GET form: parsed into
//! the API's [`MatchParams`] so that they are checked, and their errors worded, as the API's
//! query parameters are; and the options the form's lists offer.

use serde::Deserialize;
use tandem_engine::geography::Area;
use tandem_engine::taxonomy::{Sector, Stage};
use tandem_engine::{Kind, MatchRequest};

use crate::http::{MatchParams, Problem};

/// Matches shown at first, and added by each "more".
pub const PAGE: usize = 10;

/// The filter form's fields, as a browser sends them: empty fields are empty strings and
/// unknown fields are ignored (a page should not fail on what a browser adds).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct MatchForm {
    /// Kind of candidates (the tab).
    #[serde(default)]
    pub kind: String,
    /// UN M49 region slug.
    #[serde(default)]
    pub region: String,
    /// Country codes or names, comma-separated.
    #[serde(default)]
    pub country: String,
    /// Stage slug.
    #[serde(default)]
    pub stage: String,
    /// Sector slug.
    #[serde(default)]
    pub sector: String,
    /// Smallest amount, US dollars.
    #[serde(default)]
    pub min_usd: String,
    /// Largest amount, US dollars.
    #[serde(default)]
    pub max_usd: String,
    /// `true` when the reciprocal box is ticked.
    #[serde(default)]
    pub reciprocal: String,
    /// How many matches to show.
    #[serde(default)]
    pub limit: String,
}

/// `Some(trimmed)` unless blank.
pub fn given(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Parses an amount as people write it: `500000`, `500,000`, `$500k`, `1.5M`. `Err` says
/// what was expected, naming `field`.
pub fn amount(field: &str, raw: &str) -> Result<Option<f64>, String> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | '_' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let (digits, factor) = match cleaned.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&cleaned[..cleaned.len() - 1], 1e3),
        Some('m') => (&cleaned[..cleaned.len() - 1], 1e6),
        Some('b') => (&cleaned[..cleaned.len() - 1], 1e9),
        _ => (cleaned.as_str(), 1.0),
    };
    match digits.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v * factor)),
        _ => Err(format!(
            "{field}: `{}` is not an amount; write US dollars, e.g. 500000 or 500k",
            raw.trim()
        )),
    }
}

impl MatchForm {
    /// Whether the reciprocal box is ticked.
    pub fn is_reciprocal(&self) -> bool {
        matches!(self.reciprocal.as_str(), "true" | "on" | "1")
    }

    /// How many matches to show: the form's `limit` when it is a number from 1 to 1000,
    /// else [`PAGE`].
    pub fn limit(&self) -> usize {
        self.limit
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=tandem_engine::rank::MAX_LIMIT).contains(n))
            .unwrap_or(PAGE)
    }

    /// The API's parameters these fields mean, with `explain` on.
    pub fn params(&self) -> Result<MatchParams, Problem> {
        let amount = |name, raw| amount(name, raw).map_err(Problem::bad_request);
        Ok(MatchParams {
            kind: given(&self.kind),
            limit: Some(self.limit()),
            explain: true,
            reciprocal: self.is_reciprocal(),
            country: given(&self.country),
            region: given(&self.region),
            stage: given(&self.stage),
            sector: given(&self.sector),
            min_usd: amount("min_usd", &self.min_usd)?,
            max_usd: amount("max_usd", &self.max_usd)?,
            ..MatchParams::default()
        })
    }

    /// The engine request, checked as the API checks its query parameters.
    pub fn request(&self) -> Result<MatchRequest, Problem> {
        self.params()?.request()
    }

    /// Whether any filter is set (not the tab, the toggle or the page size).
    pub fn is_filtered(&self) -> bool {
        [
            &self.region,
            &self.country,
            &self.stage,
            &self.sector,
            &self.min_usd,
            &self.max_usd,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }

    /// The query string of these fields with `kind` and `limit` replaced (for tabs and
    /// "more"), each value percent-encoded; blank fields are left out.
    pub fn query_with(&self, kind: &str, limit: usize) -> String {
        let limit = limit.to_string();
        let pairs = [
            ("kind", kind),
            ("region", self.region.as_str()),
            ("country", self.country.as_str()),
            ("stage", self.stage.as_str()),
            ("sector", self.sector.as_str()),
            ("min_usd", self.min_usd.as_str()),
            ("max_usd", self.max_usd.as_str()),
            ("reciprocal", if self.is_reciprocal() { "true" } else { "" }),
            (
                "limit",
                if limit == PAGE.to_string() {
                    ""
                } else {
                    &limit
                },
            ),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v.trim())))
            .collect();
        query.join("&")
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One option of a list in a form.
pub struct Choice {
    /// The value sent.
    pub value: &'static str,
    /// What people read.
    pub label: &'static str,
    /// Whether it is the chosen one.
    pub selected: bool,
}

/// Options from `(value, label)` pairs, `chosen` selected.
fn choices(all: impl Iterator<Item = (&'static str, &'static str)>, chosen: &str) -> Vec<Choice> {
    all.map(|(value, label)| Choice {
        value,
        label,
        selected: value == chosen.trim(),
    })
    .collect()
}

/// The kinds, `chosen` selected.
pub fn kinds(chosen: &str) -> Vec<Choice> {
    choices(
        Kind::ALL
            .iter()
            .map(|k| (k.slug(), super::view::kind_label(*k))),
        chosen,
    )
}

/// The regions, `chosen` selected.
pub fn regions(chosen: &str) -> Vec<Choice> {
    choices(Area::ALL.iter().map(|a| (a.slug(), a.label())), chosen)
}

/// The stages, `chosen` selected.
pub fn stages(chosen: &str) -> Vec<Choice> {
    choices(Stage::ALL.iter().map(|s| (s.slug(), s.label())), chosen)
}

/// The sectors, `chosen` selected.
pub fn sectors(chosen: &str) -> Vec<Choice> {
    choices(Sector::ALL.iter().map(|s| (s.slug(), s.label())), chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(amount("x", "500,000"), Ok(Some(500_000.0)));
        assert_eq!(amount("x", "$500k"), Ok(Some(500_000.0)));
        assert_eq!(amount("x", "1.5M"), Ok(Some(1_500_000.0)));
        assert_eq!(amount("x", "  "), Ok(None));
        let bad = amount("min_usd", "lots").unwrap_err();
        assert!(bad.starts_with("min_usd: `lots` is not an amount"), "{bad}");
    }

    #[test]
    fn filters_are_checked_as_the_apis_parameters_are() {
        let form = MatchForm {
            country: "Narnia".into(),
            ..MatchForm::default()
        };
        let problem = form.request().unwrap_err();
        assert!(
            problem
                .detail
                .starts_with("query parameter `country`: unknown country `Narnia`"),
            "{}",
            problem.detail
        );
        let form = MatchForm {
            kind: "partner".into(),
            stage: "seed".into(),
            reciprocal: "true".into(),
            limit: "20".into(),
            ..MatchForm::default()
        };
        let request = form.request().unwrap();
        assert_eq!(request.targets, [Kind::Partner]);
        assert!(request.reciprocal);
        assert_eq!(request.limit, 20);
        assert_eq!(
            form.query_with("investor", 30),
            "kind=investor&stage=seed&reciprocal=true&limit=30"
        );
        assert_eq!(encode("KE, NG"), "KE%2C%20NG");
    }
}
