//! Request handlers: thin adapters from HTTP to the engine. Every engine call runs on the
//! blocking pool, so a slow ranking never stalls the async workers.

use axum::Json;
use axum::extract::rejection::StringRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_engine::listing::{self, Page};
use tandem_engine::store::ImportSummary;
use tandem_engine::{Kind, Profile, Snapshot, Weights, jsonl, rank};

use super::AppState;
use super::params::{ListParams, MatchParams, Params, SearchParams, kinds, limit};
use super::problem::Problem;
use crate::views;

/// Runs engine work on the blocking pool, at most [`super::AppState::engine_slots`] at a time.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&AppState) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    // Waiting here is asynchronous: a queued request holds no thread.
    let _permit = state
        .engine_slots
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| {
            tracing::error!("request task failed: {e}");
            Problem::internal()
        })?
}

/// Runs read-only engine work on the blocking pool against the current snapshot.
async fn reading<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Snapshot, &Weights) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    blocking(state, move |s| work(&s.store.snapshot(), &s.weights)).await
}

/// `GET /healthz`: liveness plus profile counts.
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    reading(&state, |snapshot, _| {
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
    reading(&state, move |snapshot, _| Ok(Json(snapshot.require(&id)?))).await
}

/// `GET /v1/profiles`: a page of profiles in id order; follow `next_cursor` for the next.
pub async fn list_profiles(
    State(state): State<AppState>,
    Params(params): Params<ListParams>,
) -> Result<Json<Page>, Problem> {
    let (kinds, filters, limit) = params.parse()?;
    reading(&state, move |snapshot, _| {
        Ok(Json(listing::list(
            snapshot,
            &kinds,
            &filters,
            params.cursor.as_deref(),
            limit,
        )?))
    })
    .await
}

/// `GET /v1/profiles/{id}/matches`: ranked, explained matches for a stored profile.
pub async fn profile_matches(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Params(params): Params<MatchParams>,
) -> Result<Json<Value>, Problem> {
    let request = params.request()?;
    reading(&state, move |snapshot, weights| {
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
    reading(&state, move |snapshot, weights| {
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
    let limit = limit(params.limit, 10)?;
    reading(&state, move |snapshot, _| {
        Ok(Json(views::search(
            &snapshot.search(&params.q, &kinds, limit)?,
        )))
    })
    .await
}

/// The profiles in a write's body: one JSON object, or JSON Lines (one profile a line).
fn profiles_in(body: &str) -> Result<Vec<Profile>, Problem> {
    let one_document = serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok();
    match Profile::from_json(body) {
        Ok(profile) => Ok(vec![profile]),
        // One JSON document (even pretty-printed over many lines) is one profile.
        Err(single) if one_document || body.trim().lines().count() <= 1 => {
            Err(Problem::invalid(single.to_string()))
        }
        Err(_) => jsonl::parse(body).map_err(|e| Problem::invalid(e.to_string())),
    }
}

/// `POST /v1/profiles`: one profile or a JSON Lines batch, inserted or replaced by id, all or
/// nothing.
pub async fn create_profiles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<ImportSummary>), Problem> {
    state.writes.check(&headers)?;
    let profiles = profiles_in(&body?)?;
    let summary = blocking(&state, move |s| Ok(s.store.import(&profiles, &())?)).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// `PUT /v1/profiles/{id}`: inserts or replaces one profile; the body's id must be the path's.
pub async fn put_profile(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<Profile>), Problem> {
    state.writes.check(&headers)?;
    let profile = Profile::from_json(&body?).map_err(|e| Problem::invalid(e.to_string()))?;
    if profile.id != id {
        return Err(Problem::bad_request(format!(
            "the body's id `{}` differs from the path's `{id}`",
            profile.id
        )));
    }
    blocking(&state, move |s| {
        let replaced = s.store.upsert(&profile)?;
        let status = if replaced {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        Ok((status, Json(profile)))
    })
    .await
}

/// `DELETE /v1/profiles/{id}`.
pub async fn delete_profile(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state.writes.check(&headers)?;
    blocking(&state, move |s| {
        if s.store.delete(&id)? {
            Ok(StatusCode::NO_CONTENT)
        } else {
            Err(tandem_engine::Error::NotFound(id).into())
        }
    })
    .await
}

/// Any other path.
pub async fn not_found() -> Problem {
    Problem {
        status: StatusCode::NOT_FOUND,
        title: "Not found",
        detail: "no such endpoint; see the README for the API".into(),
    }
}
