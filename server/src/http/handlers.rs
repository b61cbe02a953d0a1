//! Request handlers: thin adapters from HTTP to the engine. Every engine call runs on the
//! blocking pool, so a slow ranking never stalls the async workers.

use axum::Json;
use axum::extract::rejection::StringRejection;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use tandem_engine::rank::MAX_LIMIT;
use tandem_engine::{Kind, Profile, Snapshot, Weights, rank};

use super::AppState;
use super::params::{MatchParams, Params, SearchParams, kinds};
use super::problem::Problem;
use crate::views;

/// Runs engine work on the blocking pool against the current snapshot.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Snapshot, &Weights) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let snapshot = state.store.snapshot();
    let weights = state.weights.clone();
    tokio::task::spawn_blocking(move || work(&snapshot, &weights))
        .await
        .map_err(|e| {
            tracing::error!("request task failed: {e}");
            Problem::from(tandem_engine::Error::BadRequest(
                "the request could not be completed".into(),
            ))
        })?
}

/// `GET /healthz`: liveness plus profile counts.
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    blocking(&state, |snapshot, _| {
        let counts: serde_json::Map<String, Value> = Kind::ALL
            .iter()
            .map(|k| (k.slug().to_string(), json!(snapshot.count(*k))))
            .collect();
        Ok(Json(json!({ "status": "ok", "profiles": counts })))
    })
    .await
}

/// `GET /v1/profiles/{id}`.
pub async fn profile(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Profile>, Problem> {
    blocking(&state, move |snapshot, _| Ok(Json(snapshot.require(&id)?))).await
}

/// `GET /v1/profiles/{id}/matches`: ranked, explained matches for a stored profile.
pub async fn profile_matches(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Params(params): Params<MatchParams>,
) -> Result<Json<Value>, Problem> {
    let request = params.request()?;
    blocking(&state, move |snapshot, weights| {
        let query = snapshot.require(&id)?;
        let found = rank(snapshot, weights, &query, &request)?;
        Ok(Json(views::matches(&query, &found, params.explain)))
    })
    .await
}

/// `POST /v1/match`: ranked matches for a profile in the body, which is not stored.
pub async fn adhoc_match(
    State(state): State<AppState>,
    Params(params): Params<MatchParams>,
    body: Result<String, StringRejection>,
) -> Result<Json<Value>, Problem> {
    let query =
        Profile::from_json(&body?).map_err(|e| Problem::invalid(format!("profile: {e}")))?;
    let request = params.request()?;
    blocking(&state, move |snapshot, weights| {
        let found = rank(snapshot, weights, &query, &request)?;
        Ok(Json(views::matches(&query, &found, params.explain)))
    })
    .await
}

/// `GET /v1/search?q=`: free-text search.
pub async fn search(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
) -> Result<Json<Value>, Problem> {
    let kinds = kinds(&params.kind)?;
    let limit = params.limit.unwrap_or(10);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Problem::bad_request(format!(
            "query parameter `limit`: {limit} is out of range; expected 1 to {MAX_LIMIT}"
        )));
    }
    blocking(&state, move |snapshot, _| {
        Ok(Json(views::search(
            &snapshot.search(&params.q, &kinds, limit)?,
        )))
    })
    .await
}

/// Any other path.
pub async fn not_found() -> Problem {
    Problem {
        status: axum::http::StatusCode::NOT_FOUND,
        title: "Not found",
        detail: "no such endpoint; see the README for the API".into(),
    }
}
