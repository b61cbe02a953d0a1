//! The operator's management of per-profile access tokens: issue, list, revoke
//! (`/v1/access-tokens`). The API key only; the tokens themselves are checked in
//! [`super::auth`], and kept by [`tandem_engine::access`].

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::StringRejection;
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde::Deserialize;
use tandem_engine::access::Access;
use tandem_engine::profile::check_id;
use utoipa::IntoParams;

use super::AppState;
use super::handlers::blocking;
use super::params::{Params, PathParam};
use super::problem::Problem;
use crate::views::{IssueToken, IssuedToken, ProfileIdSchema, TokenList};

/// Lets the operator manage tokens, and returns the ledger: 403 when writes are refused
/// (no key configured, or the demo data, which has no tokens), 401 or 403 for anyone but
/// the operator.
fn operator_access(
    state: &AppState,
    headers: &HeaderMap,
    what: &str,
) -> Result<Arc<Access>, Problem> {
    state.writes.open()?;
    state.caller(headers)?.operator(what)?;
    state.access.clone().ok_or_else(|| {
        Problem::new(
            StatusCode::FORBIDDEN,
            "Writes disabled",
            "the embedded demo data set has no access tokens; serve your own data with --data DIR",
        )
    })
}

/// Parses an issue request, naming the field that is wrong.
fn issue_request(body: &str, now: Timestamp) -> Result<(String, Option<Timestamp>), Problem> {
    let request: IssueToken = serde_path_to_error::deserialize(
        &mut serde_json::Deserializer::from_str(body),
    )
    .map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Problem::invalid(match path.as_str() {
            "." => format!("body: {inner}"),
            field => format!("field `{field}`: {inner}"),
        })
    })?;
    let expires = match request.expires.as_deref() {
        None => None,
        Some(text) => {
            let at: Timestamp = text.parse().map_err(|e| {
                // The last hours of the year 9999 are valid RFC 3339 but beyond what a
                // timestamp holds; say so rather than call them malformed.
                Problem::invalid(if text.starts_with("9999-") {
                    format!(
                        "field `expires`: `{text}` is beyond the latest time Tandem can store \
                         ({}); give an earlier time, or leave `expires` out",
                        Timestamp::MAX
                    )
                } else {
                    format!(
                        "field `expires`: `{text}` is not an RFC 3339 timestamp such as \
                         2027-01-31T00:00:00Z ({e})"
                    )
                })
            })?;
            if at <= now {
                return Err(Problem::invalid(format!(
                    "field `expires`: {at} is not in the future (it is now {now}); give a later \
                     time, or leave `expires` out for a token that lasts until it is revoked"
                )));
            }
            Some(at)
        }
    };
    check_id(&request.profile)
        .map_err(|e| Problem::invalid(format!("field `for`: {}", e.message)))?;
    Ok((request.profile, expires))
}

/// Issues an access token for a stored profile. The token is in this answer only: it is
/// stored as a hash and cannot be shown again.
///
/// Hand the token to the profile's owner; they send it as `Authorization: Bearer TOKEN` to
/// read the profile's matches and edit the profile, and nothing else.
#[utoipa::path(
    post,
    path = "/v1/access-tokens",
    tag = "access",
    request_body(content = IssueToken, description = "The profile, and an optional expiry"),
    responses(
        (status = 201, description = "Issued; `token` is shown this once", body = IssuedToken),
        (status = 400, description = "The body is not UTF-8"),
        (status = 401, description = "The API key is missing or wrong (or an access token sent is not valid)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or a profile's access token was sent: only the API key may"),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "The body is not valid (the detail names the field), or `expires` is not in the future"),
        (status = 503, description = "Overloaded, or the access tokens are being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn issue_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<IssuedToken>), Problem> {
    let access = operator_access(&state, &headers, "issue access tokens")?;
    let now = Timestamp::now();
    let (profile, expires) = issue_request(&body?, now)?;
    blocking(&state, move |s| {
        // Only for a stored profile: a token for nobody would act for whoever is stored
        // under that id later.
        s.store.snapshot().require(&profile)?;
        let (record, token) = access.issue(&profile, expires, now)?;
        tracing::info!(token = %record.id, profile = %record.profile, "access token issued");
        Ok((StatusCode::CREATED, Json(IssuedToken::new(&record, token))))
    })
    .await
}

/// Which tokens to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListTokenParams {
    /// Only the tokens of this profile.
    #[serde(rename = "for")]
    #[param(rename = "for", value_type = Option<ProfileIdSchema>)]
    pub profile: Option<String>,
}

/// Issued access tokens with their status (active, expired, revoked), oldest first; never
/// their secrets.
#[utoipa::path(
    get,
    path = "/v1/access-tokens",
    tag = "access",
    params(ListTokenParams),
    responses(
        (status = 200, description = "The tokens", body = TokenList),
        (status = 400, description = "A parameter is unknown or has a bad value"),
        (status = 401, description = "The API key is missing or wrong (or an access token sent is not valid)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or a profile's access token was sent: only the API key may"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(params): Params<ListTokenParams>,
) -> Result<Json<TokenList>, Problem> {
    let access = operator_access(&state, &headers, "list access tokens")?;
    if let Some(id) = &params.profile {
        check_id(id)
            .map_err(|e| Problem::bad_request(format!("query parameter `for`: {}", e.message)))?;
    }
    blocking(&state, move |_| {
        let tokens = access.list(params.profile.as_deref())?;
        Ok(Json(TokenList::new(&tokens, Timestamp::now())))
    })
    .await
}

/// Revokes one access token at once; it is kept in the list as revoked. Revoking a revoked
/// token changes nothing.
#[utoipa::path(
    delete,
    path = "/v1/access-tokens/{token_id}",
    tag = "access",
    params(("token_id" = String, Path, description = "The token's id (`id` in the list; not the token itself)", example = "3f9a0c41d2b87e65")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "The API key is missing or wrong (or an access token sent is not valid)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or a profile's access token was sent: only the API key may"),
        (status = 404, description = "No access token has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded, or the access tokens are being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    PathParam(token_id): PathParam<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    let access = operator_access(&state, &headers, "revoke access tokens")?;
    blocking(&state, move |_| {
        let token = access.revoke(&token_id, Timestamp::now())?;
        tracing::info!(token = %token.id, profile = %token.profile, "access token revoked");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
