//! The JSON shapes of results, shared by the CLI's `--format json` and the HTTP API so that
//! programs see the same documents from both.
//!
//! Each shape is a serialisable struct that also derives its OpenAPI schema, so the document
//! at `/openapi.json` describes exactly what is sent. Engine types inside them (profiles, kinds,
//! components) are described by hand at the end of this file: the engine knows nothing about
//! HTTP or OpenAPI.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;
use tandem_engine::access::{AccessToken, Status};
use tandem_engine::city::{MAX_CITIES, MAX_CITY_CHARS, is_letter};
use tandem_engine::learn::live::{Method, Ranked};
use tandem_engine::profile::{MAX_HISTORY, MAX_USD};
use tandem_engine::rank::{ComponentScore, LearnedScore};
use tandem_engine::store::{ImportSummary, SearchHit};
use tandem_engine::taxonomy::Sdg;
use tandem_engine::weights::Component;
use tandem_engine::{Kind, Match, Profile, Snapshot, listing};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Ref, Schema,
    SchemaType, Type,
};
use utoipa::{PartialSchema, ToSchema};

use crate::signals::PersonalisedView;

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
    /// The score that ranks. With `ranking.method` `learned`: the model's score (the same as
    /// `learned.score`, on the model's own scale, not 0–1). Otherwise the thesis score (the
    /// forward score, or in reciprocal mode the harmonic mean of both directions), or, when
    /// `places` is present, the fusion of the thesis ranking with the deal network's.
    pub score: f32,
    /// How well the candidate fits the asking profile (thesis score, without the network);
    /// also under a learned ranking.
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
    /// The two strongest reasons: under a learned ranking, the two features that moved the
    /// model's score most, in words; otherwise the reasons of the two components that
    /// contributed most, as "component: reason".
    pub why: Vec<String>,
    /// The learned model's score and the features that moved it most, in words (only when
    /// `ranking.method` is `learned`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub learned: Option<LearnedView>,
    /// Every thesis component's fit, weight, points and reason (only with `explain=true`;
    /// also under a learned ranking, whose features include the fits).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub components: Option<Vec<ComponentView>>,
    /// How the asker's own feedback placed it: present when the asker (with its access token,
    /// or the operator) gave feedback that changed the ranking or concerns this candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub feedback: Option<PersonalisedView>,
    /// The candidate.
    #[schema(value_type = ProfileSchema)]
    pub profile: Profile,
}

/// A learned model's score of a match, explained by the features that moved it most.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearnedView {
    /// The model's score: log-odds of a deal on the model's own scale (any real number;
    /// higher ranks first). Only comparable within one model.
    pub score: f32,
    /// Where the score starts before any feature moves it: `score − base` is the sum of
    /// every feature's contribution, of which `reasons` lists the largest.
    pub base: f32,
    /// The features that moved the score most (at most five), largest first by size,
    /// whichever the direction.
    pub reasons: Vec<FeatureReasonView>,
}

/// One feature's part in a learned score.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeatureReasonView {
    /// The feature's name as in the model file, e.g. `sector_share`; two names joined by
    /// `×` for a product of two features (linear models).
    #[schema(example = "sector_share")]
    pub feature: String,
    /// The feature's value for this pair (a share or fit in [0, 1], a log count, log10 of
    /// millions of dollars, ...); `null` when unknown, e.g. a fit one side gives no data for.
    pub value: Option<f32>,
    /// How much the feature moved the score: positive raises it, negative lowers it.
    pub contribution: f32,
    /// The same in words.
    #[schema(
        example = "raises the score by 0.84: share of its deals in the candidate's sector (38 %)"
    )]
    pub reason: String,
}

impl From<&LearnedScore> for LearnedView {
    fn from(learned: &LearnedScore) -> LearnedView {
        LearnedView {
            score: learned.score,
            base: learned.base,
            reasons: learned
                .reasons
                .iter()
                .map(|r| FeatureReasonView {
                    feature: r.feature.clone(),
                    // serde_json would write NaN as null anyway; the type says so.
                    value: r.value.is_finite().then_some(r.value),
                    contribution: r.contribution,
                    reason: r.reason.clone(),
                })
                .collect(),
        }
    }
}

/// Which ranking ordered the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankingMethod {
    /// A model learned from deals (`tandem train --history profiles`).
    Learned,
    /// The thesis score: weighted component fits, fused with the deal network's ranking
    /// when the asker has deals.
    Thesis,
}

/// Which ranking ordered the matches, and why not the learned model when one is loaded.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingView {
    /// `learned`: a model trained on deals ordered the list, and every match has `learned`.
    /// `thesis`: the thesis score did.
    pub method: RankingMethod,
    /// Why the thesis score ranked although a learned model is loaded (the model ranks an
    /// investor's or partner's start-ups, one way, for a stored profile with deals in the
    /// store); absent when the model ranked or none is loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<String>,
}

impl From<&Method> for RankingView {
    fn from(method: &Method) -> RankingView {
        match method {
            Method::Learned => RankingView {
                method: RankingMethod::Learned,
                reason: None,
            },
            Method::Thesis { reason } => RankingView {
                method: RankingMethod::Thesis,
                reason: reason.clone(),
            },
        }
    }
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
    /// Which ranking ordered them.
    pub ranking: RankingView,
    /// The matches, best first.
    pub matches: Vec<MatchView>,
}

/// A match's two strongest reasons: what the asker's own feedback did to its place (the
/// liked examples it resembles, the passed one that placed it lower), then under a learned
/// ranking the features that moved its score most, in words, otherwise the components that
/// contributed most, as "component: reason".
pub fn strongest_reasons(m: &Match) -> Vec<String> {
    let mut reasons: Vec<String> = m
        .personalised
        .iter()
        .flat_map(|p| p.reason.iter().chain(&p.lowered).cloned())
        .collect();
    reasons.extend(
        usual_reasons(m)
            .into_iter()
            .take(2usize.saturating_sub(reasons.len())),
    );
    reasons
}

/// The two strongest reasons of the usual ranking.
fn usual_reasons(m: &Match) -> Vec<String> {
    if let Some(learned) = &m.learned {
        return learned
            .reasons
            .iter()
            .take(2)
            .map(|r| r.reason.clone())
            .collect();
    }
    m.top_components(2)
        .iter()
        .map(|c| format!("{}: {}", c.component, c.reason))
        .collect()
}

/// Ranked matches for a query profile: which ranking ordered them, and every match says
/// `why` (its strongest reasons), carries the learned model's explanation when the model
/// ranked, and, with `explain`, every component's fit, weight, points and reason.
pub fn matches(query: &Profile, ranked: &Ranked, explain: bool) -> Matches {
    Matches {
        query: QueryRef {
            id: query.id.clone(),
            kind: query.kind,
            name: query.name.clone(),
        },
        ranking: (&ranked.method).into(),
        matches: ranked
            .matches
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
                learned: m.learned.as_ref().map(Into::into),
                components: explain.then(|| m.components.iter().map(Into::into).collect()),
                feedback: m.personalised.as_ref().map(Into::into),
                profile: m.profile.clone(),
            })
            .collect(),
    }
}

/// One profile's deal-flow digest: its best candidates added or changed since a time.
#[derive(Debug, Serialize, ToSchema)]
pub struct DigestView {
    /// The profile the digest is for.
    pub query: QueryRef,
    /// Only candidates added or changed at or after this time (RFC 3339, UTC).
    #[schema(example = "2026-11-01T00:00:00Z")]
    pub since: String,
    /// Which ranking ordered them.
    pub ranking: RankingView,
    /// The candidates, best first (empty when nothing that fits changed).
    pub matches: Vec<MatchView>,
}

/// A digest's matches, with the time they changed since.
pub fn digest(query: &Profile, since: jiff::Timestamp, ranked: &Ranked) -> DigestView {
    let Matches {
        query,
        ranking,
        matches,
    } = matches(query, ranked, false);
    DigestView {
        query,
        since: since.to_string(),
        ranking,
        matches,
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

/// The body of `POST /v1/access-tokens`: which profile a new token acts for, and until when.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"for": "st-0042", "expires": "2027-01-31T00:00:00Z"}))]
pub struct IssueToken {
    /// The id of the stored profile the token acts for.
    #[serde(rename = "for")]
    #[schema(value_type = ProfileIdSchema)]
    pub profile: String,
    /// When the token stops working (RFC 3339, after now and before
    /// 9999-12-30T22:00:00Z); leave out for a token that lasts until it is revoked.
    #[schema(value_type = Option<String>, format = DateTime)]
    #[serde(default)]
    pub expires: Option<String>,
}

/// A token just issued: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "3f9a0c41d2b87e65",
    "for": "st-0042",
    "token": "tdm_3f9a0c41d2b87e65_5be1c0d7a9f24e3b8c6d1f0a7e2b9c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
    "created": "2026-12-02T08:00:00Z",
    "expires": null
}))]
pub struct IssuedToken {
    /// The token's public id, for lists and revocation.
    pub id: String,
    /// The profile it acts for.
    #[serde(rename = "for")]
    pub profile: String,
    /// The token to hand to the profile (`Authorization: Bearer TOKEN`). Only its hash is
    /// stored: it cannot be shown again.
    pub token: String,
    /// When it was issued.
    #[schema(value_type = String, format = DateTime)]
    pub created: Timestamp,
    /// When it stops working, or `null` for never (until revoked).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires: Option<Timestamp>,
}

impl IssuedToken {
    /// The answer to an issue: the record and the token shown once.
    pub fn new(record: &AccessToken, token: String) -> IssuedToken {
        IssuedToken {
            id: record.id.clone(),
            profile: record.profile.clone(),
            token,
            created: record.created,
            expires: record.expires,
        }
    }
}

/// Whether a token works now.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenStatus {
    /// It lets its holder act as its profile.
    Active,
    /// Its expiry has passed.
    Expired,
    /// It was revoked.
    Revoked,
}

impl std::fmt::Display for TokenStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = match self {
            TokenStatus::Active => Status::Active,
            TokenStatus::Expired => Status::Expired,
            TokenStatus::Revoked => Status::Revoked,
        };
        f.write_str(status.as_str())
    }
}

impl From<Status> for TokenStatus {
    fn from(status: Status) -> TokenStatus {
        match status {
            Status::Active => TokenStatus::Active,
            Status::Expired => TokenStatus::Expired,
            Status::Revoked => TokenStatus::Revoked,
        }
    }
}

/// An issued token as listed: never its secret, nor the secret's hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// The token's public id.
    pub id: String,
    /// The profile it acts for.
    #[serde(rename = "for")]
    pub profile: String,
    /// Whether it works now.
    pub status: TokenStatus,
    /// When it was issued.
    #[schema(value_type = String, format = DateTime)]
    pub created: Timestamp,
    /// When it stops working, or `null` for never.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires: Option<Timestamp>,
    /// When it was revoked, or `null`.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked: Option<Timestamp>,
}

impl TokenView {
    /// A stored token as seen at `now`.
    pub fn new(token: &AccessToken, now: Timestamp) -> TokenView {
        TokenView {
            id: token.id.clone(),
            profile: token.profile.clone(),
            status: token.status(now).into(),
            created: token.created,
            expires: token.expires,
            revoked: token.revoked,
        }
    }
}

/// Issued access tokens, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// The tokens (revoked and expired ones too).
    pub tokens: Vec<TokenView>,
}

impl TokenList {
    /// The list of `tokens` as seen at `now`.
    pub fn new(tokens: &[AccessToken], now: Timestamp) -> TokenList {
        TokenList {
            tokens: tokens.iter().map(|t| TokenView::new(t, now)).collect(),
        }
    }
}

// Schemas of engine types, written by hand because the engine does not depend on utoipa.
// They are never built as values, only named in `#[schema(value_type = ...)]` and in
// `#[utoipa::path]` bodies, hence uninhabited enums.

/// OpenAPI schema of a profile (the engine's `Profile`): one object schema per kind, since a
/// field of another kind is rejected (see [`profile_of_kind`]).
pub enum ProfileSchema {}

impl PartialSchema for ProfileSchema {
    fn schema() -> RefOr<Schema> {
        let mut one_of = OneOfBuilder::new().description(Some(
            "A start-up or SME, an investor or a partner, as in the JSON Lines files Tandem \
             imports; one schema per kind, because the fields of another kind are rejected \
             (a start-up gives its `stage` and `funding_ask_usd`, an investor or partner its \
             `stages` and tickets). Only `id`, `kind` and `name` are required; anything left \
             out counts as unknown, never as a mismatch. Values are checked, aliases are \
             stored in their canonical form and lists are sorted without duplicates. The \
             README, section \"Profiles\", explains every field.",
        ));
        for kind in Kind::ALL {
            one_of = one_of.item(profile_of_kind(*kind));
        }
        one_of.into()
    }
}

impl ToSchema for ProfileSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Profile")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.extend(crate::spelling::components());
        schemas.push(("ProfileId".to_string(), profile_id()));
        schemas.push(("City".to_string(), city()));
    }
}

/// A city or metro area as the engine checks it: at most [`MAX_CITY_CHARS`] characters, no
/// control character, a letter ([`is_letter`], listed character by character, since the
/// dialects of JSON Schema patterns share no Unicode letter class).
fn city() -> RefOr<Schema> {
    let control = r"\x00-\x1F\x7F-\x9F";
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(format!(
            "A city, town or metro area, e.g. `Nairobi`, `São Paulo` or `SF Bay`: at most \
             {MAX_CITY_CHARS} characters, at least one letter (of any script), no control \
             characters. Stored trimmed, as typed; compared ignoring case, accents, \
             punctuation and spacing, with the other spellings of a listed city folded \
             (`Bengaluru` is `Bangalore`)."
        )))
        .max_length(Some(MAX_CITY_CHARS))
        .pattern(Some(format!(
            "^[^{control}]*[{}][^{control}]*$",
            letter_class()
        )))
        .examples(["Nairobi"])
        .into()
}

/// Every character [`is_letter`] accepts, as the inside of a character class of ranges.
/// (No letter is special inside a class: `]`, the backslash, `^` and `-` are punctuation.)
fn letter_class() -> String {
    fn push((first, last): (char, char), class: &mut String) {
        class.push(first);
        if last != first {
            if u32::from(last) > u32::from(first) + 1 {
                class.push('-');
            }
            class.push(last);
        }
    }
    let mut class = String::new();
    let mut range: Option<(char, char)> = None;
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        if !is_letter(c) {
            continue;
        }
        range = match range {
            Some((first, last)) if u32::from(last) + 1 == u32::from(c) => Some((first, c)),
            Some(done) => {
                push(done, &mut class);
                Some((c, c))
            }
            None => Some((c, c)),
        };
    }
    if let Some(done) = range {
        push(done, &mut class);
    }
    class
}

/// A profile id: 1–64 characters from `A–Z a–z 0–9 . _ -`, as the engine checks.
fn profile_id() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(
            "A profile id: 1–64 characters from A–Z, a–z, 0–9, '.', '_' and '-'.",
        ))
        .pattern(Some(r"^[A-Za-z0-9._\-]{1,64}$"))
        .examples(["st-0042"])
        .into()
}

/// A `$ref` to a component schema.
fn component(name: &str) -> RefOr<Schema> {
    Ref::from_schema_name(name).into()
}

/// A list of values of a component schema.
fn list_of(name: &str, description: &str) -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(component(name))
        .description(Some(description))
        .into()
}

/// A value of a component schema, or `null` (the same as leaving it out).
fn nullable(name: &str, description: &str) -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(component(name))
        .item(ObjectBuilder::new().schema_type(SchemaType::new(Type::Null)))
        .description(Some(description))
        .into()
}

/// A number of a JSON type within bounds, or `null`.
fn bounded(kind: Type, minimum: f64, maximum: f64, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([kind, Type::Null]))
        .minimum(Some(minimum))
        .maximum(Some(maximum))
        .description(Some(description))
        .into()
}

/// An amount of US dollars as the engine reads it: non-negative, below ten trillion.
fn usd(description: &str) -> RefOr<Schema> {
    bounded(
        Type::Number,
        0.0,
        MAX_USD,
        &format!(
            "{description} US dollars, non-negative and at most 10^13; rounded to whole dollars."
        ),
    )
}

/// A deal history: profile ids.
fn history(description: &str) -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(component("ProfileId"))
        .max_items(Some(MAX_HISTORY))
        .description(Some(description))
        .into()
}

/// A field of another kind: accepted only empty, as if left out.
fn unused(kind: Kind, field: &str, list: bool) -> RefOr<Schema> {
    let description = format!(
        "Not used for a {} profile: only {} is read, the same as leaving `{field}` out.",
        kind.slug(),
        if list { "an empty list" } else { "`null`" }
    );
    if list {
        ArrayBuilder::new()
            .max_items(Some(0))
            .description(Some(description))
            .into()
    } else {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Null))
            .description(Some(description))
            .into()
    }
}

/// Characters `str::trim` removes, as the inside of a character class.
fn whitespace_class() -> String {
    (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace())
        .collect()
}

/// The schema of a profile of one kind, with exactly the fields and bounds that
/// `Profile::from_json` accepts for it. `ticket_min_usd ≤ ticket_max_usd` is the one rule a
/// JSON Schema cannot state; the field's description says it.
pub fn profile_of_kind(kind: Kind) -> RefOr<Schema> {
    let kinds = crate::spelling::vocabulary("Kind");
    let space = whitespace_class();
    let startup = kind == Kind::Startup;
    let mut object = ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Object))
        .title(Some(format!("{} profile", kind.label())))
        .property("id", component("ProfileId"))
        .property(
            "kind",
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::String))
                .description(Some(format!(
                    "`{}`, or any spelling of it (see the `Kind` schema).",
                    kind.slug()
                )))
                .pattern(Some(kinds.pattern(Some(kind.index())))),
        )
        .property(
            "name",
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::String))
                .description(Some(
                    "Display name: 1–200 characters once surrounding whitespace is trimmed \
                     (it is stored trimmed).",
                ))
                // Trimmed, 1 to 200 characters: a non-space, then at most 198 of anything
                // and a last non-space, with any whitespace around.
                .pattern(Some(format!(
                    "^[{space}]*[^{space}](?:[\\s\\S]{{0,198}}[^{space}])?[{space}]*$"
                ))),
        )
        .property(
            "description",
            ObjectBuilder::new()
                .schema_type(SchemaType::new(Type::String))
                .max_length(Some(10_000))
                .description(Some(
                    "Free text: what the organisation does or looks for; indexed for text \
                     relevance.",
                )),
        )
        .property(
            "sectors",
            list_of(
                "Sector",
                "Sectors it works in (start-up) or invests in or supports.",
            ),
        )
        .property(
            "countries",
            list_of("Country", "Countries it operates in (start-up) or covers."),
        )
        .property(
            "regions",
            list_of(
                "Region",
                "UN M49 areas it covers, e.g. `eastern-africa`, `global`.",
            ),
        )
        .property(
            "cities",
            ArrayBuilder::new()
                .items(component("City"))
                .max_items(Some(MAX_CITIES))
                .description(Some(format!(
                    "Cities and metro areas it operates in (start-up) or covers, at most \
                     {MAX_CITIES}, e.g. `[\"Nairobi\", \"SF Bay\"]`. A known city lies in its \
                     metro area and country; a country that contains one of its cities says \
                     where that city is rather than widening the profile (\"Cambridge\" with \
                     `GB` is not Cambridge, Massachusetts)."
                ))),
        )
        .property(
            "sdgs",
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .schema_type(SchemaType::new(Type::Integer))
                        .minimum(Some(1))
                        .maximum(Some(Sdg::COUNT as u32)),
                )
                .description(Some(
                    "UN Sustainable Development Goals it contributes to or targets, by number.",
                )),
        )
        .property(
            "attributes",
            list_of(
                "Attribute",
                "Attributes (start-up) or the lenses it applies (investor, partner).",
            ),
        )
        .property(
            "instruments",
            list_of(
                "Instrument",
                "Instruments it accepts (start-up) or provides.",
            ),
        )
        .property(
            "founded",
            bounded(Type::Integer, 1800.0, 2100.0, "Year founded."),
        )
        .property(
            "website",
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .max_length(Some(500))
                .description(Some("Web address, kept for display.")),
        );
    if startup {
        object = object
            .property("stage", nullable("Stage", "Its current stage."))
            .property("funding_ask_usd", usd("How much it is raising, in"))
            .property(
                "needs",
                list_of("Support", "The support it is looking for."),
            )
            .property(
                "backers",
                history("Ids of the investors that funded it before (its deal history)."),
            )
            .property(
                "employees",
                bounded(
                    Type::Integer,
                    0.0,
                    f64::from(u32::MAX),
                    "Head count (micro ≤ 10, small ≤ 50, medium ≤ 250).",
                ),
            )
            .property("annual_revenue_usd", usd("Yearly revenue, in"));
        for field in [
            "investor_type",
            "partner_type",
            "ticket_min_usd",
            "ticket_max_usd",
        ] {
            object = object.property(field, unused(kind, field, false));
        }
        for field in ["stages", "offers", "portfolio"] {
            object = object.property(field, unused(kind, field, true));
        }
    } else {
        let (own_type, other_type) = if kind == Kind::Investor {
            (("investor_type", "InvestorType"), "partner_type")
        } else {
            (("partner_type", "PartnerType"), "investor_type")
        };
        object = object
            .property(
                own_type.0,
                nullable(own_type.1, &format!("What kind of {} it is.", kind.slug())),
            )
            .property(other_type, unused(kind, other_type, false))
            .property("stages", list_of("Stage", "The stages it works with."))
            .property(
                "ticket_min_usd",
                usd("Smallest cheque or grant, at most `ticket_max_usd`, in"),
            )
            .property(
                "ticket_max_usd",
                usd("Largest cheque or grant, at least `ticket_min_usd`, in"),
            )
            .property("offers", list_of("Support", "The support it provides."))
            .property(
                "portfolio",
                history("Ids of the start-ups it funded or supported (its deal history)."),
            );
        for field in [
            "stage",
            "funding_ask_usd",
            "employees",
            "annual_revenue_usd",
        ] {
            object = object.property(field, unused(kind, field, false));
        }
        for field in ["needs", "backers"] {
            object = object.property(field, unused(kind, field, true));
        }
    }
    object
        .required("id")
        .required("kind")
        .required("name")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .examples([example(kind)])
        .into()
}

/// A typical profile of a kind.
fn example(kind: Kind) -> serde_json::Value {
    match kind {
        Kind::Startup => serde_json::json!({
            "id": "st-0001", "kind": "startup", "name": "ShambaSense",
            "description": "Low-cost soil sensors and SMS advice for smallholder farmers.",
            "sectors": ["agritech", "iot"], "countries": ["KE", "UG"], "sdgs": [2, 13],
            "stage": "seed", "funding_ask_usd": 500000, "instruments": ["equity", "grant"],
            "needs": ["funding", "pilot"]
        }),
        Kind::Investor => serde_json::json!({
            "id": "inv-0042", "kind": "investor", "investor_type": "seed-fund",
            "name": "Savannah Seed Fund", "sectors": ["agritech", "climate-energy"],
            "regions": ["eastern-africa"], "stages": ["pre-seed", "seed"],
            "ticket_min_usd": 50000, "ticket_max_usd": 750000, "offers": ["funding", "mentoring"]
        }),
        Kind::Partner => serde_json::json!({
            "id": "pt-0007", "kind": "partner", "partner_type": "accelerator",
            "name": "HealthBridge", "sectors": ["health"], "regions": ["africa"],
            "stages": ["pre-seed", "seed"], "offers": ["pilot", "mentoring"]
        }),
    }
}

/// OpenAPI schema of a profile kind.
pub enum KindSchema {}

impl PartialSchema for KindSchema {
    fn schema() -> RefOr<Schema> {
        crate::spelling::vocabulary("Kind").schema()
    }
}

impl ToSchema for KindSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Kind")
    }
}

/// OpenAPI schema of a profile id (the `ProfileId` component), for fields that name one.
pub enum ProfileIdSchema {}

impl PartialSchema for ProfileIdSchema {
    fn schema() -> RefOr<Schema> {
        profile_id()
    }
}

impl ToSchema for ProfileIdSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProfileId")
    }
}

/// What a date or an RFC 3339 timestamp looks like, as [`tandem_engine::digest::parse_since`]
/// reads them; whether the day and time exist is checked when it is read.
pub const TIME_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$";

/// OpenAPI schema of a point in time as people write it (the `Time` component): a date or
/// an RFC 3339 timestamp.
pub enum TimeSchema {}

impl PartialSchema for TimeSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(
                "A date (`2026-11-01`, midnight UTC) or an RFC 3339 timestamp \
                 (`2026-11-01T09:00:00Z`, `2026-11-01T09:00:00+03:00`). A day or time that \
                 does not exist (`2026-02-30`) is refused.",
            ))
            .pattern(Some(TIME_PATTERN))
            .examples(["2026-11-01"])
            .into()
    }
}

impl ToSchema for TimeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Time")
    }
}

/// OpenAPI schema of a city or metro area (the `City` component), for query parameters.
pub enum CitySchema {}

impl PartialSchema for CitySchema {
    fn schema() -> RefOr<Schema> {
        city()
    }
}

impl ToSchema for CitySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("City")
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

    /// An unknown feature value is `null`, as its schema says, and the method and its reason
    /// are written as the schema names them.
    #[test]
    fn learned_scores_and_the_method_serialise_as_described() {
        let learned = LearnedScore {
            score: 0.5,
            base: -1.0,
            reasons: vec![tandem_engine::rank::FeatureReason {
                feature: "text_fit".into(),
                value: f32::NAN,
                contribution: -0.25,
                reason: "lowers the score by 0.25: the words of the two profiles".into(),
            }],
        };
        let view = serde_json::to_value(LearnedView::from(&learned)).unwrap();
        assert_eq!(view["reasons"][0]["value"], serde_json::Value::Null);
        assert_eq!(view["reasons"][0]["contribution"], -0.25);
        let thesis = Method::Thesis {
            reason: Some("why".into()),
        };
        assert_eq!(
            serde_json::to_value(RankingView::from(&thesis)).unwrap(),
            serde_json::json!({"method": "thesis", "reason": "why"})
        );
        assert_eq!(
            serde_json::to_value(RankingView::from(&Method::Learned)).unwrap(),
            serde_json::json!({"method": "learned"})
        );
    }

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
        let canonical = |schema: RefOr<Schema>| match schema {
            RefOr::T(Schema::AnyOf(any)) => listed(any.items[0].clone()),
            _ => panic!("not an anyOf schema"),
        };
        assert_eq!(
            canonical(KindSchema::schema()),
            Kind::ALL
                .iter()
                .map(|k| serde_json::to_value(k).unwrap())
                .collect::<Vec<_>>()
        );
    }
}
