//! Request handlers: thin adapters from HTTP to the engine. Every engine call runs on rayon's
//! pool, so a slow ranking never stalls the async workers.
//!
//! Each handler's `#[utoipa::path]` both registers its route and documents it (see
//! [`super::openapi`]). Error responses are listed by status only: every one of them is a
//! problem+json body, which the document adds in one place.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::StringRejection;
use axum::http::{HeaderMap, StatusCode};
use tandem_engine::digest::{self, DigestRequest};
use tandem_engine::{Profile, Snapshot, Weights, jsonl, listing};

use super::params::{
    DigestParams, ListParams, MatchParams, Params, PathParam, SearchParams, kinds, limit,
};
use super::problem::Problem;
use super::{AppState, Caller};
use crate::views::{self, DigestView, Health, Hits, Imported, Matches, ProfilePage, ProfileSchema};

/// Runs engine work on rayon's pool once [`super::AppState::engine`] admits it.
///
/// Rayon's pool rather than tokio's blocking pool: the engine's parallel loops then run on
/// the thread that started them and its peers, instead of a blocking thread handing every
/// chunk to rayon and waiting — which under load costs more in thread switches than the
/// parallelism gains.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&AppState) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    // Waiting here is asynchronous: a queued request holds no thread.
    let permit = state.engine.acquire().await?;
    let state = state.clone();
    let (done, result) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        // A panic must answer 500, not take the pool (and the process) down.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&state)));
        // The slot stays taken until the work is done, even if the request times out first,
        // and is free before the answer leaves: a client that sends its next request on
        // receipt must not find the slot still taken (a spurious 503 with no queue).
        drop(permit);
        let _ = done.send(outcome);
    });
    match result.await {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) | Err(_) => {
            tracing::error!("request task failed");
            Err(Problem::internal())
        }
    }
}

/// After a write, prepares the learned ranking of the new snapshot on rayon's pool, apart
/// from the request, so that the next match request need not wait for it (at 100,000
/// start-ups it reads every profile: about 0.65 s).
fn prepare_after_write(state: &AppState) {
    let state = state.clone();
    rayon::spawn(move || state.ranking.prepare_latest(&state.store));
}

/// Runs read-only engine work on rayon's pool against the current snapshot.
async fn reading<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Snapshot, &Weights) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    blocking(state, move |s| work(&s.store.snapshot(), &s.weights)).await
}

/// Liveness, with the number of stored profiles of each kind.
///
/// Never needs a key. Answers 503 when the engine queue is full, like any engine request.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses(
        (status = 200, description = "The server is up", body = Health),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, Problem> {
    reading(&state, |snapshot, _| Ok(Json(Health::of(snapshot)))).await
}

/// One stored profile.
#[utoipa::path(
    get,
    path = "/v1/profiles/{id}",
    tag = "profiles",
    params(("id" = String, Path, description = "Profile id", example = "st-0042")),
    responses(
        (status = 200, description = "The profile", body = ProfileSchema),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    )
)]
pub async fn profile(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
) -> Result<Json<Profile>, Problem> {
    reading(&state, move |snapshot, _| Ok(Json(snapshot.require(&id)?))).await
}

/// A page of profiles in id order; follow `next_cursor` for the next.
#[utoipa::path(
    get,
    path = "/v1/profiles",
    tag = "profiles",
    params(ListParams),
    responses(
        (status = 200, description = "One page of profiles", body = ProfilePage),
        (status = 400, description = "A parameter is unknown or has a bad value"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    )
)]
pub async fn list_profiles(
    State(state): State<AppState>,
    Params(params): Params<ListParams>,
) -> Result<Json<ProfilePage>, Problem> {
    let (kinds, filters, limit) = params.parse()?;
    reading(&state, move |snapshot, _| {
        let page = listing::list(snapshot, &kinds, &filters, params.cursor.as_deref(), limit)?;
        Ok(Json(page.into()))
    })
    .await
}

/// Ranked, explained matches for a stored profile.
///
/// With a learned model loaded (`serve --model FILE`, or `model.json` in the data directory),
/// an investor's or partner's start-ups are ranked by the model when the profile has deals
/// in the store; `ranking` says which ranking ordered the list and, when the model did not,
/// why.
///
/// Open to anyone unless the server runs with `--keyed-reads` (then the API key or a
/// profile's access token). A profile's access token (`Authorization: Bearer tdm_…`) may
/// read its own profile's matches only: another profile's answer 403.
///
/// Asked with the profile's own access token (or the operator's key), the matches are
/// personalised by its feedback: candidates it passed on are left out (unless
/// `include_passed=true`) and candidates like those it liked or met move up, each saying so
/// in `feedback` and `why`. Without a credential the ranking is the public one: feedback is
/// private.
#[utoipa::path(
    get,
    path = "/v1/profiles/{id}/matches",
    tag = "matching",
    params(
        ("id" = String, Path, description = "Id of the profile to find matches for", example = "inv-0001"),
        MatchParams,
    ),
    responses(
        (status = 200, description = "Matches, best first", body = Matches),
        (status = 400, description = "A parameter is unknown or has a bad value"),
        (status = 401, description = "A credential was sent but is not valid: a wrong API key, or an unknown, expired or revoked access token"),
        (status = 403, description = "The access token sent is another profile's"),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    ),
    security((), ("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn profile_matches(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    Params(params): Params<MatchParams>,
    headers: HeaderMap,
) -> Result<Json<Matches>, Problem> {
    let personal = state.reads_as(&headers, &id)?;
    let request = params.request()?;
    blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        let query = snapshot.require(&id)?;
        let ranked = if personal {
            let feedback = s.feedback.personal(&id)?;
            s.ranking.rank_personal(
                &snapshot,
                &s.weights,
                &query,
                &request,
                &feedback,
                params.include_passed,
            )?
        } else {
            s.ranking.rank(&snapshot, &s.weights, &query, &request)?
        };
        Ok(Json(views::matches(&query, &ranked, params.explain)))
    })
    .await
}

/// A stored profile's deal-flow digest: its best candidates (its natural counterparts)
/// added or changed since a time, ranked as `/matches` ranks them.
///
/// Asked with the profile's own access token (or the operator's key), what it already gave
/// feedback about (passed on, liked, met, did a deal with) is left out; without a credential
/// the digest is the public one, as for `/matches`.
#[utoipa::path(
    get,
    path = "/v1/profiles/{id}/digest",
    tag = "matching",
    params(
        ("id" = String, Path, description = "Id of the profile the digest is for", example = "inv-0001"),
        DigestParams,
    ),
    responses(
        (status = 200, description = "Candidates changed since `since`, best first", body = DigestView),
        (status = 400, description = "`since` is missing or not a date or timestamp, a parameter is unknown or has a bad value, or the data directory records no update times"),
        (status = 401, description = "A credential was sent but is not valid: a wrong API key, or an unknown, expired or revoked access token"),
        (status = 403, description = "The access token sent is another profile's"),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    ),
    security((), ("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn profile_digest(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    Params(params): Params<DigestParams>,
    headers: HeaderMap,
) -> Result<Json<DigestView>, Problem> {
    let personal = state.reads_as(&headers, &id)?;
    let (since, limit) = params.parse()?;
    blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        let query = snapshot.require(&id)?;
        digest::require_update_times(&snapshot)?;
        let asked = DigestRequest {
            kind: query.kind,
            since,
            limit,
        };
        let request = if personal {
            asked.match_request(&query, &*s.feedback)?
        } else {
            asked.match_request(&query, &())?
        };
        let ranked = s.ranking.rank(&snapshot, &s.weights, &query, &request)?;
        Ok(Json(views::digest(&query, since, &ranked)))
    })
    .await
}

/// Ranked matches for a profile in the body, which is not stored (try before signing up).
///
/// Always ranked by the thesis score: a learned model reads the asker's deals as the store
/// records them, and this profile is not stored (`ranking.reason` says so when a model is
/// loaded).
#[utoipa::path(
    post,
    path = "/v1/match",
    tag = "matching",
    params(MatchParams),
    request_body(content = ProfileSchema, description = "The profile to find matches for"),
    responses(
        (status = 200, description = "Matches, best first", body = Matches),
        (status = 400, description = "A parameter is unknown or has a bad value, or the body is not UTF-8"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "The body is not a valid profile; the detail names the field"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    )
)]
pub async fn adhoc_match(
    State(state): State<AppState>,
    Params(params): Params<MatchParams>,
    body: Result<String, StringRejection>,
) -> Result<Json<Matches>, Problem> {
    let query =
        Profile::from_json(&body?).map_err(|e| Problem::invalid(format!("profile: {e}")))?;
    let request = params.request()?;
    blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        let ranked = s
            .ranking
            .rank_unstored(&snapshot, &s.weights, &query, &request)?;
        Ok(Json(views::matches(&query, &ranked, params.explain)))
    })
    .await
}

/// Free-text search over names and descriptions (BM25).
#[utoipa::path(
    get,
    path = "/v1/search",
    tag = "matching",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits, best first", body = Hits),
        (status = 400, description = "`q` is missing, or a parameter is unknown or has a bad value"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded: the engine queue is full"),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
) -> Result<Json<Hits>, Problem> {
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

/// Stores one profile, or a JSON Lines batch: inserted or replaced by id, all or nothing.
#[utoipa::path(
    post,
    path = "/v1/profiles",
    tag = "profiles",
    request_body(
        description = "One profile (a JSON object), or JSON Lines: one profile object a line",
        content(
            (ProfileSchema = "application/json"),
            ("application/jsonl"),
        ),
    ),
    responses(
        (status = 201, description = "Stored; how many were new and how many replaced", body = Imported),
        (status = 400, description = "The body is not UTF-8"),
        (status = 401, description = "The API key is missing or wrong (or an access token sent is not valid)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or a profile's access token was sent: only the API key may"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "A profile is invalid; the detail names the line and field, and nothing was stored"),
        (status = 503, description = "Overloaded, or the data directory is being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn create_profiles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<Imported>), Problem> {
    state.writes.open()?;
    state.caller(&headers)?.operator("create profiles")?;
    let profiles = profiles_in(&body?)?;
    let summary = blocking(&state, move |s| Ok(s.store.import(&profiles, &())?)).await?;
    prepare_after_write(&state);
    Ok((StatusCode::CREATED, Json(summary.into())))
}

/// Inserts or replaces one profile; the body's id must be the path's.
///
/// With the API key, any profile. With a profile's access token, that profile only, and
/// only while it is stored: a token edits its profile, it does not create one.
#[utoipa::path(
    put,
    path = "/v1/profiles/{id}",
    tag = "profiles",
    params(("id" = String, Path, description = "Profile id; must equal the body's `id`", example = "st-0042")),
    request_body(content = ProfileSchema, description = "The profile"),
    responses(
        (status = 200, description = "Replaced", body = ProfileSchema),
        (status = 201, description = "Inserted", body = ProfileSchema),
        (status = 400, description = "The body's id differs from the path's, or the body is not UTF-8"),
        (status = 401, description = "No credential, or the API key or access token is not valid (wrong, expired or revoked)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or the access token is another profile's"),
        (status = 404, description = "An access token's profile is no longer stored (a token edits, it does not create)"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 413, description = "The body is over 1 MiB"),
        (status = 422, description = "The profile is invalid; the detail names the field"),
        (status = 503, description = "Overloaded, or the data directory is being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []), ("access_token" = []))
)]
pub async fn put_profile(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    headers: HeaderMap,
    body: Result<String, StringRejection>,
) -> Result<(StatusCode, Json<Profile>), Problem> {
    state.writes.open()?;
    let caller = state.caller(&headers)?;
    caller.act_as(&id)?;
    let profile = Profile::from_json(&body?).map_err(|e| Problem::invalid(e.to_string()))?;
    if profile.id != id {
        return Err(Problem::bad_request(format!(
            "the body's id `{}` differs from the path's `{id}`",
            profile.id
        )));
    }
    let status = save_profile(&state, caller, profile.clone()).await?;
    Ok((status, Json(profile)))
}

/// Stores `profile` for `caller`, who may act as it (the API's PUT, the web app's editor):
/// 200 when it replaced a stored profile, 201 when new. A profile's token edits its profile
/// only while it is stored: it does not bring back one the operator deleted (404).
pub(crate) async fn save_profile(
    state: &AppState,
    caller: Caller,
    profile: Profile,
) -> Result<StatusCode, Problem> {
    let status = blocking(state, move |s| {
        // The token was issued for a stored profile; if the operator has deleted it since,
        // the token must not bring it back.
        let id = &profile.id;
        if caller.profile().is_some() && s.store.snapshot().get(id)?.is_none() {
            return Err(Problem::new(
                StatusCode::NOT_FOUND,
                "Not found",
                format!(
                    "no profile with id `{id}`: it was deleted, and an access token may edit \
                     its profile but not create it; ask the operator"
                ),
            ));
        }
        let replaced = s.store.upsert(&profile)?;
        Ok(if replaced {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        })
    })
    .await?;
    prepare_after_write(state);
    Ok(status)
}

/// Deletes one profile.
#[utoipa::path(
    delete,
    path = "/v1/profiles/{id}",
    tag = "profiles",
    params(("id" = String, Path, description = "Profile id", example = "st-0042")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "The API key is missing or wrong (or an access token sent is not valid)"),
        (status = 403, description = "Writes are disabled (no key configured, or the read-only demo data), or a profile's access token was sent: only the API key may"),
        (status = 404, description = "No profile has this id"),
        (status = 408, description = "No answer within the request timeout"),
        (status = 503, description = "Overloaded, or the data directory is being written by another process"),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn delete_profile(
    State(state): State<AppState>,
    PathParam(id): PathParam<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state.writes.open()?;
    state.caller(&headers)?.operator("delete profiles")?;
    let status = blocking(&state, move |s| {
        if s.store.delete(&id)? {
            // The profile's tokens die with it: a profile stored later under the same id is
            // someone else's.
            if let Some(access) = &s.access {
                access.revoke_all(&id, jiff::Timestamp::now())?;
            }
            Ok(StatusCode::NO_CONTENT)
        } else {
            Err(tandem_engine::Error::NotFound(id).into())
        }
    })
    .await?;
    prepare_after_write(&state);
    Ok(status)
}

/// Any other path.
pub async fn not_found() -> Problem {
    Problem::no_route()
}
