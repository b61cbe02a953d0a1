//! The OpenAPI 3.1 document of the API, served at `GET /openapi.json`.
//!
//! It is generated from the code: each handler's `#[utoipa::path]` both registers its route
//! (utoipa-axum's `routes!`, see [`super::api`]) and describes it, so the document lists
//! exactly the routes the server serves. This module adds what all operations share: the
//! security schemes (the API key in either header, and a profile's access token), the
//! problem+json body of every error response (with
//! `Retry-After` on a 503 and `WWW-Authenticate` on a 401), and, under `--keyed-reads`, the
//! key on the read operations.

use axum::Extension;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::content::Content;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::Response;
use utoipa::openapi::schema::{ObjectBuilder, Ref, SchemaType, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::{Modify, OpenApi as _, ToSchema};

use super::problem::{PROBLEM_JSON, ProblemDetails};
use crate::views::ProfileSchema;

/// The document's fixed parts; the paths come from the router (see [`super::api`]).
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Tandem API",
        version = env!("CARGO_PKG_VERSION"),
        description = "Ranked, explained matches between start-ups/SMEs and the investors and \
            partners that fit them. Profiles are JSON objects; the README's \"Profiles\" section \
            lists every field. Every error is an RFC 9457 `application/problem+json` document \
            whose `detail` says what to fix. Writes need the API key; reads need it only when \
            the server runs with `--keyed-reads`. A profile's access token (`tdm_…`, issued by \
            the operator through `/v1/access-tokens`) acts as that profile only: its matches \
            and editing it, and, under `--keyed-reads`, the profile reads.",
    ),
    modifiers(&SecuritySchemes, &EngineSchemas),
    components(schemas(ProblemDetails)),
    tags(
        (name = "profiles", description = "Stored profiles: read, list, write"),
        (name = "matching", description = "Ranked matches and free-text search"),
        (name = "access", description = "Per-profile access tokens, managed by the operator"),
        (name = "service", description = "Health, metrics and this document"),
    ),
)]
pub struct ApiDoc;

/// Names of the security schemes: the same key, sent in either header.
const SCHEMES: [&str; 2] = ["api_key", "bearer"];

/// Name of the security scheme of a profile's access token.
pub const TOKEN_SCHEME: &str = "access_token";

/// Adds the two ways of sending the API key, and the access token, to the components.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SCHEMES[0],
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "The server's API key (--api-key-file or TANDEM_API_KEY).",
            ))),
        );
        components.add_security_scheme(
            SCHEMES[1],
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The same API key, as `Authorization: Bearer KEY`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            TOKEN_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("tdm_<id>_<secret>")
                    .description(Some(
                        "A profile's access token, as `Authorization: Bearer TOKEN` (or \
                         `X-API-Key: TOKEN`): it acts as that profile only. The operator issues \
                         it with `POST /v1/access-tokens` or `tandem access issue`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Adds the schemas of engine types that profiles and query parameters refer to (the
/// vocabularies, profile ids), whichever operation names them first.
struct EngineSchemas;

impl Modify for EngineSchemas {
    fn modify(&self, openapi: &mut OpenApi) {
        let mut schemas = Vec::new();
        <ProfileSchema as ToSchema>::schemas(&mut schemas);
        let components = openapi.components.get_or_insert_with(Default::default);
        components.schemas.extend(schemas);
    }
}

/// Every operation of a document, mutably.
fn operations(doc: &mut OpenApi) -> impl Iterator<Item = &mut Operation> {
    doc.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
    })
}

/// Marks every operation of `doc` as needing the API key (in either header), or also
/// accepting a profile's access token when `tokens`, with its 401.
pub fn require_key(doc: &mut OpenApi, tokens: bool) {
    for operation in operations(doc) {
        operation.security = Some(security(tokens));
        operation
            .responses
            .responses
            .entry("401".to_string())
            .or_insert_with(|| {
                Response::new(if tokens {
                    "The server runs with --keyed-reads and neither the API key nor a valid \
                     access token was sent"
                } else {
                    "The server runs with --keyed-reads and the API key is missing or wrong"
                })
                .into()
            });
    }
}

/// The security requirements of an operation: the API key in either header, or also a
/// profile's access token when `tokens`.
fn security(tokens: bool) -> Vec<SecurityRequirement> {
    let token = tokens.then_some(TOKEN_SCHEME);
    SCHEMES
        .iter()
        .copied()
        .chain(token)
        .map(|scheme| SecurityRequirement::new(scheme, Vec::<String>::new()))
        .collect()
}

/// Gives every error response its body: handlers list errors by status and reason only,
/// because every error the API sends is a [`ProblemDetails`] document.
pub fn describe_problems(doc: &mut OpenApi) {
    for operation in operations(doc) {
        for (status, response) in operation.responses.responses.iter_mut() {
            let RefOr::T(response) = response else {
                continue;
            };
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            response.content.insert(
                PROBLEM_JSON.to_string(),
                RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
            );
            let header = match status.as_str() {
                "503" => Some((
                    header::RETRY_AFTER,
                    Type::Integer,
                    "Seconds to wait before retrying.",
                )),
                "401" => Some((
                    header::WWW_AUTHENTICATE,
                    Type::String,
                    "The challenge: `Bearer realm=\"tandem\"`.",
                )),
                _ => None,
            };
            if let Some((name, kind, description)) = header {
                let mut header =
                    Header::new(ObjectBuilder::new().schema_type(SchemaType::new(kind)));
                header.description = Some(description.to_string());
                response
                    .headers
                    .insert(name.as_str().to_string(), RefOr::T(header));
            }
        }
    }
}

/// The document's fixed parts, before the routes add their paths.
pub fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// The finished document, serialised once: it does not change while the server runs.
#[derive(Clone)]
pub struct Document(Bytes);

impl Document {
    /// Serialises a finished document.
    pub fn new(doc: &OpenApi) -> Document {
        Document(Bytes::from(
            doc.to_json().expect("an OpenAPI document serialises"),
        ))
    }
}

/// This document: every route of the API with its parameters, bodies, responses and security.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "service",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this server", body = Object,
            content_type = "application/json"),
    )
)]
pub async fn document(Extension(doc): Extension<Document>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], doc.0)
}
