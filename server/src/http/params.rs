//! Query parameters of the API, parsed into engine requests with precise errors.

use axum::extract::{FromRequestParts, Path, Query};
use serde::Deserialize;
use tandem_engine::city::City;
use tandem_engine::geography::{Area, Country, Place};
use tandem_engine::profile::MAX_USD;
use tandem_engine::rank::MAX_LIMIT;
use tandem_engine::taxonomy::{Sector, Stage};
use tandem_engine::{Filters, Kind, MatchRequest};
use utoipa::IntoParams;

use super::problem::Problem;
use crate::spelling::{CountryList, KindList, RegionList, SectorList, StageList};
use crate::views::{CitySchema, TimeSchema};

/// `Query<T>` whose rejection is a problem+json response.
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(Problem))]
pub struct Params<T>(pub T);

/// `Path<T>` whose rejection (e.g. a percent-encoded id that is not UTF-8) is a problem+json
/// response rather than axum's plain text.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(Problem))]
pub struct PathParam<T>(pub T);

/// Parameters of the match endpoints. Lists are comma-separated.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// Kinds of candidates, comma-separated: `startup`, `investor`, `partner`. Default: an
    /// investor or partner gets start-ups, a start-up gets investors.
    #[param(value_type = Option<KindList>, example = "investor,partner")]
    pub kind: Option<String>,
    /// How many matches (default 10, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// Include every component's fit, weight and reason.
    #[serde(default)]
    pub explain: bool,
    /// Rank by fit in both directions (harmonic mean).
    #[serde(default)]
    pub reciprocal: bool,
    /// Only candidates in these countries (ISO 3166-1 codes, comma-separated).
    #[param(value_type = Option<CountryList>, example = "KE,NG")]
    pub country: Option<String>,
    /// Only candidates in these UN M49 regions (comma-separated).
    #[param(value_type = Option<RegionList>, example = "eastern-africa")]
    pub region: Option<String>,
    /// Only candidates in this city or metro area (e.g. `Nairobi` or `SF Bay`; one name,
    /// which may hold a comma: "Washington, D.C."), or in a place containing it; with
    /// `country`, a country containing the city says where it is.
    #[param(value_type = Option<CitySchema>, example = "Nairobi")]
    pub city: Option<String>,
    /// Only candidates at these stages (comma-separated).
    #[param(value_type = Option<StageList>, example = "seed,series-a")]
    pub stage: Option<String>,
    /// Only candidates in these sectors (comma-separated).
    #[param(value_type = Option<SectorList>, example = "agritech")]
    pub sector: Option<String>,
    /// Only candidates whose ask or ticket reaches this amount (USD, 0 to 10^13).
    #[param(minimum = 0, maximum = 10_000_000_000_000_f64)]
    pub min_usd: Option<f64>,
    /// Only candidates whose ask or ticket starts at or below this amount (USD, 0 to 10^13).
    #[param(minimum = 0, maximum = 10_000_000_000_000_f64)]
    pub max_usd: Option<f64>,
    /// Never return these ids (comma-separated).
    pub exclude: Option<String>,
    /// Show again the candidates the asker passed on (its personalised matches leave them
    /// out).
    #[serde(default)]
    pub include_passed: bool,
}

/// Parses a comma-separated list, naming the parameter in the error.
fn list<T>(
    name: &str,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, Problem> {
    raw.as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            parse(s).map_err(|e| Problem::bad_request(format!("query parameter `{name}`: {e}")))
        })
        .collect()
}

/// The `limit` parameter, or `default`, checked against the engine's maximum.
pub fn limit(value: Option<usize>, default: usize) -> Result<usize, Problem> {
    let limit = value.unwrap_or(default);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Problem::bad_request(format!(
            "query parameter `limit`: {limit} is out of range; expected 1 to {MAX_LIMIT}"
        )));
    }
    Ok(limit)
}

/// Parses kinds (`startup,partner`).
pub fn kinds(raw: &Option<String>) -> Result<Vec<Kind>, Problem> {
    list("kind", raw, |s| Kind::parse(s).map_err(|e| e.to_string()))
}

/// An amount parameter, checked as the engine checks a profile's amounts: a NaN or infinite
/// bound would silently match nothing or everything.
fn amount(name: &str, value: Option<f64>) -> Result<Option<f64>, Problem> {
    match value {
        Some(v) if !(0.0..=MAX_USD).contains(&v) => Err(Problem::bad_request(format!(
            "query parameter `{name}`: {v} is out of range; expected US dollars from 0 to 10^13"
        ))),
        _ => Ok(value),
    }
}

/// The hard filters named by query parameters (each a comma-separated list, or an amount).
// One argument per query parameter: a struct of them would only rename them.
#[allow(clippy::too_many_arguments)]
fn filters(
    country: &Option<String>,
    region: &Option<String>,
    city: &Option<String>,
    stage: &Option<String>,
    sector: &Option<String>,
    min_usd: Option<f64>,
    max_usd: Option<f64>,
    exclude: &Option<String>,
) -> Result<Filters, Problem> {
    let countries = list("country", country, Country::parse)?;
    let min_usd = amount("min_usd", min_usd)?;
    let max_usd = amount("max_usd", max_usd)?;
    let regions = list("region", region, |s| {
        Area::parse(s).map_err(|e| e.to_string())
    })?;
    let places = countries
        .into_iter()
        .map(Place::Country)
        .chain(regions.into_iter().map(Place::Area))
        .collect();
    Ok(Filters {
        exclude_ids: list("exclude", exclude, |s| Ok(s.to_string()))?,
        places,
        cities: city
            .as_deref()
            .map(|name| {
                City::new(name)
                    .map_err(|e| Problem::bad_request(format!("query parameter `city`: {e}")))
            })
            .transpose()?
            .into_iter()
            .collect(),
        stages: list("stage", stage, |s| {
            Stage::parse(s).map_err(|e| e.to_string())
        })?,
        sectors: list("sector", sector, |s| {
            Sector::parse(s).map_err(|e| e.to_string())
        })?,
        min_usd,
        max_usd,
        only_ids: None,
        updated_since: None,
    })
}

impl MatchParams {
    /// The engine request these parameters describe.
    pub fn request(&self) -> Result<MatchRequest, Problem> {
        Ok(MatchRequest {
            targets: kinds(&self.kind)?,
            limit: self.limit.unwrap_or(10),
            reciprocal: self.reciprocal,
            filters: filters(
                &self.country,
                &self.region,
                &self.city,
                &self.stage,
                &self.sector,
                self.min_usd,
                self.max_usd,
                &self.exclude,
            )?,
        })
    }
}

/// Parameters of a profile's digest.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DigestParams {
    /// Only candidates added or changed since then: a date (`2026-11-01`, midnight UTC) or
    /// an RFC 3339 timestamp (`2026-11-01T09:00:00Z`). A day or time that does not exist
    /// (`2026-02-30`) is refused with 400.
    #[param(value_type = TimeSchema, example = "2026-11-01")]
    pub since: String,
    /// How many candidates (default 20, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

impl DigestParams {
    /// The time and number of candidates these parameters ask for.
    pub fn parse(&self) -> Result<(jiff::Timestamp, usize), Problem> {
        let since = tandem_engine::digest::parse_since(&self.since)
            .map_err(|e| Problem::bad_request(format!("query parameter `since`: {e}")))?;
        Ok((since, limit(self.limit, 20)?))
    }
}

/// Parameters of the profile listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only these kinds (comma-separated: `startup`, `investor`, `partner`).
    #[param(value_type = Option<KindList>)]
    pub kind: Option<String>,
    /// Page size (default 50, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only profiles in these countries (ISO 3166-1 codes, comma-separated).
    #[param(value_type = Option<CountryList>)]
    pub country: Option<String>,
    /// Only profiles in these UN M49 regions (comma-separated).
    #[param(value_type = Option<RegionList>)]
    pub region: Option<String>,
    /// Only profiles in this city or metro area (one name, e.g. `Nairobi`), or in a place
    /// containing it.
    #[param(value_type = Option<CitySchema>, example = "Nairobi")]
    pub city: Option<String>,
    /// Only profiles at these stages (comma-separated).
    #[param(value_type = Option<StageList>)]
    pub stage: Option<String>,
    /// Only profiles in these sectors (comma-separated).
    #[param(value_type = Option<SectorList>)]
    pub sector: Option<String>,
}

impl ListParams {
    /// The kinds, filters and page size these parameters describe.
    pub fn parse(&self) -> Result<(Vec<Kind>, Filters, usize), Problem> {
        let limit = limit(self.limit, 50)?;
        let filters = filters(
            &self.country,
            &self.region,
            &self.city,
            &self.stage,
            &self.sector,
            None,
            None,
            &None,
        )?;
        Ok((kinds(&self.kind)?, filters, limit))
    }
}

/// Parameters of free-text search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for (tantivy query syntax: "quoted phrases", AND, OR).
    #[param(example = "solar irrigation")]
    pub q: String,
    /// Only these kinds (comma-separated: `startup`, `investor`, `partner`).
    #[param(value_type = Option<KindList>)]
    pub kind: Option<String>,
    /// How many hits (default 10, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_with_aliases_and_name_the_bad_parameter() {
        let params = MatchParams {
            kind: Some("startup, partner".into()),
            country: Some("ke,NG".into()),
            region: Some("latin-america".into()),
            stage: Some("seed".into()),
            ..MatchParams::default()
        };
        let request = params.request().unwrap();
        assert_eq!(request.targets, [Kind::Startup, Kind::Partner]);
        assert_eq!(request.filters.places.len(), 3);
        assert_eq!(request.limit, 10);
        let bad = MatchParams {
            stage: Some("seeed".into()),
            ..MatchParams::default()
        };
        let problem = bad.request().unwrap_err();
        assert!(
            problem
                .detail
                .starts_with("query parameter `stage`: unknown stage `seeed`"),
            "{}",
            problem.detail
        );
    }
}
