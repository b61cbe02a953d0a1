//! Feedback handlers: a profile gives, lists and undoes its signals about candidates.
//!
//! Feedback is private: every route here acts as the profile in the path, so it needs that
//! profile's access token or the operator's API key ([`super::auth`]).

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::StringRejection;
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde::Deserialize;
use tandem_engine::feedback::Signal;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::handlers::blocking;
use super::params::{Params, PathParam};
use super::problem::Problem;
use crate::signals::{FeedbackList, FeedbackView, SignalSchema};
use crate::views::TimeSchema;
use tandem_engine::digest::parse_since;

/// A signal to give.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// The candidate it is about: another stored profile's id.
    #[schema(example = "st-0042")]
    pub to: String,
    /// What the profile says about it.
    #[schema(value_type = SignalSchema)]
    pub signal: Signal,
    /// When it happened: an RFC 3339 timestamp or a date (`YYYY-MM-DD`, taken as midnight
    /// UTC). Default: now. A day or time that does not exist (`2026-02-30`) is refused with
    /// 422.
    #[schema(value_type = Option<TimeSchema>, example = "2026-12-01T09:30:00Z")]
    pub at: Option<String>,
}

/// Parses a body with the field of any error named.
fn parse_body(body: &str) -> Result<FeedbackBody, Problem> {
    let mut de = serde_json::Deserializer::from_str(body);
    let parsed: FeedbackBody = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match path.as_str() {
            "." | "" => Problem::invalid(format!("feedback: {inner}")),
            field => Problem::invalid(format!("feedback field `{field}`: {inner}")),
        }
    })?;
    de.end()
        .map_err(|e| Problem::invalid(format!("feedback: {e}")))?;
    Ok(parsed)
}

/// Gives a signal about a candidate, as the profile in the path.
///
/// The same signal twice is stored once (200 with the stored signal). A `like` replaces a
/// `pass` of the same candidate and the other way round. A `deal` is written into both
/// profiles' deal history (`portfolio`, `backers`), where every ranking reads it; the other
/// signals stay private to this profile.
#[utoipa::path(
    post,
    path = "/v1/profiles/{id}/feedback",
    tag = "feedback",
    params(("id" = String, Path, description = "The profile giving the feedback", example = "inv-0001")),
    request_body(content = FeedbackBody, description = "The signal"),
    responses(
        (status = 200, description = "Already given: nothing changed", body = FeedbackView),
        (status = 201, description = "Recorded", body = FeedbackView),
        (status = 400, description = "The body is not UTF-8"),
        (status = 401, description = "No credential, or the token or key is not valid, expired or revoked"),
        (status = 403, description = "The token acts for another profile, or writes are disabled"),
        (status = 404, description = "No profile has the path's id or `to`"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "The body is not valid feedback; the detail names the field"),
        (status = 503, description = "Overloaded, or the data directory is being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn give(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<FeedbackView>), Problem> {
    state.act_as(&headers, &id)?;
    let body = parse_body(&body?)?;
    let at = match &body.at {
        Some(text) => {
            parse_since(text).map_err(|e| Problem::invalid(format!("feedback field `at`: {e}")))?
        }
        None => Timestamp::now(),
    };
    blocking(&state, move |s| {
        let recorded = s
            .feedback
            .record(&s.store, &id, &body.to, body.signal, at)
            .map_err(invalid_request)?;
        let status = if recorded.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok((status, Json(FeedbackView::from(&recorded.feedback))))
    })
    .await
}

/// A bad request from the engine is bad input here: 422, like an invalid field.
pub(crate) fn invalid_request(error: tandem_engine::Error) -> Problem {
    match error {
        tandem_engine::Error::BadRequest(detail) => Problem::invalid(detail),
        other => other.into(),
    }
}

/// Every signal the profile in the path gave, by candidate id, then signal.
#[utoipa::path(
    get,
    path = "/v1/profiles/{id}/feedback",
    tag = "feedback",
    params(("id" = String, Path, description = "The profile whose feedback to list", example = "inv-0001")),
    responses(
        (status = 200, description = "Its signals", body = FeedbackList),
        (status = 401, description = "No credential, or the token or key is not valid, expired or revoked"),
        (status = 403, description = "The token acts for another profile"),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    ),
    security(("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    headers: HeaderMap,
) -> Result<Json<FeedbackList>, Problem> {
    state.act_as_reader(&headers, &id)?;
    blocking(&state, move |s| {
        s.store.snapshot().require(&id)?;
        Ok(Json(FeedbackList::of(&s.feedback.given_by(&id)?)))
    })
    .await
}

/// Which signal to undo.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UndoParams {
    /// Only this signal (default: every signal about the candidate).
    #[param(value_type = Option<SignalSchema>)]
    pub signal: Option<Signal>,
}

/// Undoes the signals the profile in the path gave about `to` (or only `signal`).
#[utoipa::path(
    delete,
    path = "/v1/profiles/{id}/feedback/{to}",
    tag = "feedback",
    params(
        ("id" = String, Path, description = "The profile that gave the feedback", example = "inv-0001"),
        ("to" = String, Path, description = "The candidate it is about", example = "st-0042"),
        UndoParams,
    ),
    responses(
        (status = 200, description = "Undone: the signals removed", body = FeedbackList),
        (status = 400, description = "A parameter is unknown or has a bad value"),
        (status = 401, description = "No credential, or the token or key is not valid, expired or revoked"),
        (status = 403, description = "The token acts for another profile, or writes are disabled"),
        (status = 404, description = "No profile has this id, or there is no such feedback to undo"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded, or the data directory is being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn undo(
    State(state): State<AppState>,
    PathParam((id, to)): PathParam<(String, String)>,
    Params(params): Params<UndoParams>,
    headers: HeaderMap,
) -> Result<Json<FeedbackList>, Problem> {
    state.act_as(&headers, &id)?;
    blocking(&state, move |s| {
        s.store.snapshot().require(&id)?;
        let removed = s.feedback.undo(&s.store, &id, &to, params.signal)?;
        if removed.is_empty() {
            let what = params
                .signal
                .map_or_else(|| "feedback".to_string(), |s| format!("`{s}`"));
            return Err(Problem::new(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("`{id}` gave no {what} about `{to}`; list its feedback with GET /v1/profiles/{id}/feedback"),
            ));
        }
        Ok(Json(FeedbackList::of(&removed)))
    })
    .await
}
