//! The JSON shapes of results, shared by the CLI's `--format json` and the HTTP API so that
//! programs see the same documents from both.
//!
//! Each shape is a serialisable struct that also derives its OpenAPI schema, so the document
//! at `/openapi.json` describes exactly what is sent. Engine types inside them (profiles, kinds,
//! components) are described by hand at the end of this file: the engine knows nothing about
//! HTTP or OpenAPI.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tandem_engine::rank::ComponentScore;
use tandem_engine::store::{ImportSummary, SearchHit};
use tandem_engine::weights::Component;
use tandem_engine::{Kind, Match, Profile, Snapshot, listing};
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, schema::AdditionalProperties};
use utoipa::{PartialSchema, ToSchema};

/// Liveness and the number of stored profiles of each kind.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "profiles": {"investor": 300, "partner": 200, "startup": 2000}}))]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// Stored profiles by kind (`startup`, `investor`, `partner`).
    pub profiles: BTreeMap<&'static str, usize>,
}

impl Health {
    /// The health of a snapshot.
    pub fn of(snapshot: &Snapshot) -> Health {
        Health {
            status: "ok",
            profiles: Kind::ALL
                .iter()
                .map(|k| (k.slug(), snapshot.count(*k)))
                .collect(),
        }
    }
}

/// The profile matches were ranked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueryRef {
    /// Its id.
    pub id: String,
    /// Its kind.
    #[schema(value_type = KindSchema)]
    pub kind: Kind,
    /// Its name.
    pub name: String,
}

/// One component of a match's score, explained.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentView {
    /// Which component.
    #[schema(value_type = ComponentSchema)]
    pub component: Component,
    /// Its fit in [0, 1], or `null` when one side gives no data (then `unknown_fit` counts).
    pub fit: Option<f32>,
    /// Its weight: for the thesis components, normalised so that they sum to 1; for the
    /// network, its share in the fusion of the two rankings.
    pub weight: f32,
    /// `weight × fit`, with the unknown fit standing in when the fit is unknown: its points in
    /// the thesis score. For the network, its points in the fused score (0 when not fused).
    pub contribution: f32,
    /// A one-line human reason.
    pub reason: String,
}

impl From<&ComponentScore> for ComponentView {
    fn from(c: &ComponentScore) -> ComponentView {
        ComponentView {
            component: c.component,
            fit: c.fit,
            weight: c.weight,
            contribution: c.contribution,
            reason: c.reason.clone(),
        }
    }
}

/// A ranked candidate.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchView {
    /// 1-based rank.
    pub rank: usize,
    /// The score that ranks: the thesis score (the forward score, or in reciprocal mode the
    /// harmonic mean of both directions), or, when `places` is present, the fusion of the
    /// thesis ranking with the deal network's.
    pub score: f32,
    /// How well the candidate fits the asking profile (thesis score, without the network).
    pub forward: f32,
    /// How well the asking profile fits the candidate (reciprocal mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reverse: Option<f32>,
    /// The candidate's places in the thesis and network rankings, when the asking profile's
    /// deal history made them fused.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub places: Option<PlacesView>,
    /// The reasons of the two components that contributed most, as "component: reason".
    pub why: Vec<String>,
    /// Every component's fit, weight, points and reason (only with `explain=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub components: Option<Vec<ComponentView>>,
    /// The candidate.
    #[schema(value_type = ProfileSchema)]
    pub profile: Profile,
}

/// A fused match's places in the two rankings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacesView {
    /// 1-based place in the thesis ranking (places below 1,000 count as 1,001).
    pub thesis: usize,
    /// 1-based place in the network ranking; absent when the network does not reach it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub network: Option<usize>,
}

/// Ranked, explained matches for one profile, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Matches {
    /// The profile the matches are for.
    pub query: QueryRef,
    /// The matches, best first.
    pub matches: Vec<MatchView>,
}

/// The reasons of the two components that contributed most, as "component: reason".
pub fn strongest_reasons(m: &Match) -> Vec<String> {
    m.top_components(2)
        .iter()
        .map(|c| format!("{}: {}", c.component, c.reason))
        .collect()
}

/// Ranked matches for a query profile: every match says `why` (its strongest reasons) and,
/// with `explain`, carries every component's fit, weight, points and reason.
pub fn matches(query: &Profile, found: &[Match], explain: bool) -> Matches {
    Matches {
        query: QueryRef {
            id: query.id.clone(),
            kind: query.kind,
            name: query.name.clone(),
        },
        matches: found
            .iter()
            .map(|m| MatchView {
                rank: m.rank,
                score: m.score,
                forward: m.forward,
                reverse: m.reverse,
                places: m.places.map(|p| PlacesView {
                    thesis: p.thesis,
                    network: p.network,
                }),
                why: strongest_reasons(m),
                components: explain.then(|| m.components.iter().map(Into::into).collect()),
                profile: m.profile.clone(),
            })
            .collect(),
    }
}

/// One free-text search hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    /// BM25 relevance (only comparable within one search).
    pub score: f32,
    /// The profile found.
    #[schema(value_type = ProfileSchema)]
    pub profile: Profile,
}

/// Free-text search hits, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hits {
    /// The hits, best first.
    pub hits: Vec<Hit>,
}

/// Free-text search hits, best first.
pub fn search(hits: &[SearchHit]) -> Hits {
    Hits {
        hits: hits
            .iter()
            .map(|h| Hit {
                score: h.score,
                profile: h.profile.clone(),
            })
            .collect(),
    }
}

/// A page of profiles in id order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfilePage {
    /// The profiles of this page.
    #[schema(value_type = Vec<ProfileSchema>)]
    pub profiles: Vec<Profile>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl From<listing::Page> for ProfilePage {
    fn from(page: listing::Page) -> ProfilePage {
        ProfilePage {
            profiles: page.profiles,
            next_cursor: page.next_cursor,
        }
    }
}

/// What a write of profiles changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    /// Profiles whose id was new.
    pub added: usize,
    /// Profiles that replaced a stored profile with the same id.
    pub replaced: usize,
}

impl From<ImportSummary> for Imported {
    fn from(summary: ImportSummary) -> Imported {
        Imported {
            added: summary.added,
            replaced: summary.replaced,
        }
    }
}

// Schemas of engine types, written by hand because the engine does not depend on utoipa.
// They are never built as values, only named in `#[schema(value_type = ...)]` and in
// `#[utoipa::path]` bodies, hence uninhabited enums.

/// OpenAPI schema of a profile (the engine's `Profile`).
pub enum ProfileSchema {}

impl PartialSchema for ProfileSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "A start-up or SME, an investor or a partner, as in the JSON Lines files Tandem \
                 imports. Only `id`, `kind` and `name` are required; anything left out counts as \
                 unknown, never as a mismatch. Every field and its values (sectors, ISO 3166-1 \
                 countries, UN M49 regions, stages, SDGs, tickets, needs and offers, ...) are \
                 listed in the README, section \"Profiles\". Values are checked, and aliases \
                 stored in their canonical form.",
            ))
            .property(
                "id",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .description(Some("Unique id, e.g. `st-0042`."))
                    .min_length(Some(1)),
            )
            .property("kind", KindSchema::schema())
            .property(
                "name",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .description(Some("Display name.")),
            )
            .required("id")
            .required("kind")
            .required("name")
            .additional_properties(Some(AdditionalProperties::FreeForm(true)))
            .examples([serde_json::json!({
                "id": "st-0001", "kind": "startup", "name": "ShambaSense",
                "description": "Low-cost soil sensors and SMS advice for smallholder farmers.",
                "sectors": ["agritech", "iot"], "countries": ["KE", "UG"], "sdgs": [2, 13],
                "stage": "seed", "funding_ask_usd": 500000, "instruments": ["equity", "grant"],
                "needs": ["funding", "pilot"]
            })])
            .into()
    }
}

impl ToSchema for ProfileSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Profile")
    }
}

/// OpenAPI schema of a profile kind.
pub enum KindSchema {}

impl PartialSchema for KindSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("Kind of profile (start-ups include SMEs)."))
            .enum_values(Some(Kind::SLUGS.iter().copied()))
            .into()
    }
}

impl ToSchema for KindSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Kind")
    }
}

/// OpenAPI schema of a score component.
pub enum ComponentSchema {}

impl PartialSchema for ComponentSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(
                "A score component; the README's \"How a match is scored\" says how each fits.",
            ))
            .enum_values(Some(Component::ALL.iter().map(|c| c.name())))
            .into()
    }
}

impl ToSchema for ComponentSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Component")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written enums must list what serde actually writes.
    #[test]
    fn hand_written_enums_match_the_serialised_values() {
        let listed = |schema: RefOr<Schema>| match schema {
            RefOr::T(Schema::Object(object)) => object.enum_values.unwrap(),
            _ => panic!("not an object schema"),
        };
        assert_eq!(
            listed(ComponentSchema::schema()),
            Component::ALL
                .iter()
                .map(|c| serde_json::to_value(c).unwrap())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            listed(KindSchema::schema()),
            Kind::ALL
                .iter()
                .map(|k| serde_json::to_value(k).unwrap())
                .collect::<Vec<_>>()
        );
    }
}
