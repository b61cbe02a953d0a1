//! The HTTP API: a thin axum server over the engine, versioned under `/v1`.
//!
//! Shared state is the open [`Store`], the [`Weights`] and the learned model, loaded once at
//! start ([`Ranking`]); handlers take typed extractors and
//! return JSON or RFC 9457 problem details. Routes are declared once, with their OpenAPI
//! description ([`openapi`]); limits on body size and request time come from tower-http
//! layers; engine work is admitted through a bounded queue ([`admission`]); shutdown on
//! SIGINT/SIGTERM lets in-flight requests finish.

mod access_tokens;
mod admission;
mod auth;
mod feedback;
mod handlers;
mod metrics;
mod openapi;
mod params;
mod problem;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::{Extension, Router};
use tandem_engine::access::Access;
use tandem_engine::feedback::FeedbackLog;
use tandem_engine::{Store, Weights};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ranking::Ranking;

pub use admission::EngineSlots;
pub use auth::{Caller, ReadAccess, WriteAccess, credential};
pub(crate) use feedback::invalid_request;
pub(crate) use handlers::{blocking, save_profile};
pub(crate) use params::{ListParams, MatchParams};
pub(crate) use problem::Problem;

/// Largest request body accepted (1 MiB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Longest a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The open data directory.
    pub store: Arc<Store>,
    /// Score weights.
    pub weights: Arc<Weights>,
    /// The learned model, if one is loaded, and the fall-back to the thesis score.
    pub ranking: Arc<Ranking>,
    /// Who may write profiles.
    pub writes: WriteAccess,
    /// Who may read.
    pub reads: ReadAccess,
    /// The profiles' access tokens; `None` on the embedded demo data, which has none.
    pub access: Option<Arc<Access>>,
    /// Request metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Engine work running at once, and the bounded queue of requests waiting for it: more
    /// work at once would only make every request slower on a few cores.
    pub engine: Arc<EngineSlots>,
    /// What profiles said about candidates.
    pub feedback: Arc<FeedbackLog>,
}

impl AppState {
    /// Checks that a request may act as profile `id` and change what is its own (its
    /// feedback): writes are open, and it carries the profile's access token or the API key.
    pub fn act_as(
        &self,
        headers: &axum::http::HeaderMap,
        id: &str,
    ) -> Result<(), problem::Problem> {
        self.writes.open()?;
        self.caller(headers)?.act_as(id)
    }

    /// Checks that a request may read what is private to profile `id` (its feedback): it
    /// carries the profile's access token or the API key.
    pub fn act_as_reader(
        &self,
        headers: &axum::http::HeaderMap,
        id: &str,
    ) -> Result<(), problem::Problem> {
        self.caller(headers)?.act_as(id)
    }

    /// Whether a read of profile `id`'s own list (matches, digest) acts as the profile, so
    /// that its private feedback applies. Such reads are open (or the read layer let the
    /// caller in): no credential reads the public list; the operator's key or the profile's
    /// token acts as it; another profile's token is refused (403), a bad credential too (401).
    pub fn reads_as(
        &self,
        headers: &axum::http::HeaderMap,
        id: &str,
    ) -> Result<bool, problem::Problem> {
        match self.caller(headers)? {
            Caller::Anonymous => Ok(false),
            Caller::Operator => Ok(true),
            profile @ Caller::Profile(_) => profile.act_as(id).map(|()| true),
        }
    }
}

/// How to serve, besides the data.
#[derive(Debug)]
pub struct Options {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Who may write.
    pub writes: WriteAccess,
    /// Who may read.
    pub reads: ReadAccess,
    /// The data directory's access tokens (`None` on the demo data).
    pub access: Option<Access>,
    /// Engine tasks at once.
    pub engine_slots: usize,
    /// Most requests waiting for an engine slot before further ones get 503.
    pub max_queue: usize,
}

/// Two engine tasks per core: enough to overlap I/O with ranking, few enough not to thrash.
pub fn default_engine_slots() -> usize {
    2 * cores()
}

/// 64 waiting requests per core: a queue that drains in well under the 30 s timeout at
/// typical ranking times, so a request that is queued is likely to be answered.
pub fn default_max_queue() -> usize {
    64 * cores()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// The API's routes together with the OpenAPI document that describes them, both from the
/// same `routes!` declarations. Reads are keyed (route layer and document) when
/// `state.reads` says so — the API key or any profile's access token for the profile reads,
/// the API key alone for `/metrics`; writes and token management check the caller in their
/// handlers.
pub fn api(state: &AppState) -> OpenApiRouter<AppState> {
    let open = OpenApiRouter::new()
        .routes(routes!(handlers::health))
        .routes(routes!(openapi::document));
    let mut reads = OpenApiRouter::new()
        .routes(routes!(handlers::list_profiles))
        .routes(routes!(handlers::profile))
        .routes(routes!(handlers::profile_matches))
        .routes(routes!(handlers::profile_digest))
        .routes(routes!(handlers::adhoc_match))
        .routes(routes!(handlers::search));
    let mut operator_reads = OpenApiRouter::new().routes(routes!(metrics::metrics));
    if state.reads.is_keyed() {
        openapi::require_key(reads.get_openapi_mut(), true);
        reads = reads.route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_reader,
        ));
        openapi::require_key(operator_reads.get_openapi_mut(), false);
        operator_reads = operator_reads.route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_read_key,
        ));
    }
    let writes = OpenApiRouter::new()
        .routes(routes!(feedback::give, feedback::list))
        .routes(routes!(feedback::undo))
        .routes(routes!(handlers::create_profiles))
        .routes(routes!(handlers::put_profile, handlers::delete_profile))
        .routes(routes!(
            access_tokens::issue_token,
            access_tokens::list_tokens
        ))
        .routes(routes!(access_tokens::revoke_token));
    OpenApiRouter::with_openapi(openapi::base())
        .merge(open)
        .merge(reads)
        .merge(operator_reads)
        .merge(writes)
}

/// The API's routes and layers, with the web app's pages ([`crate::web`]) beside them: those
/// are HTML for people, not API, so the OpenAPI document does not list them.
pub fn router(state: AppState) -> Router {
    let (routes, mut document) = api(&state).split_for_parts();
    openapi::describe_problems(&mut document);
    routes
        .merge(crate::web::routes(&state))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .fallback(handlers::not_found)
        .layer(Extension(openapi::Document::new(&document)))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::map_response(problem::fill_empty_errors))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// Serves the API until SIGINT or SIGTERM, then lets in-flight requests finish.
/// Prints `listening on http://ADDR` (the bound address, also when the port was 0) first.
pub fn serve(
    store: Store,
    weights: Weights,
    ranking: Ranking,
    options: Options,
) -> anyhow::Result<()> {
    let Options {
        addr,
        writes,
        reads,
        access,
        engine_slots,
        max_queue,
    } = options;
    let feedback = FeedbackLog::open_or_create(store.dir())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let shutdown = shutdown_signal()?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        println!("listening on http://{}", listener.local_addr()?);
        use std::io::Write;
        std::io::stdout().flush()?;
        let state = AppState {
            store: Arc::new(store),
            weights: Arc::new(weights),
            ranking: Arc::new(ranking),
            writes,
            reads,
            access: access.map(Arc::new),
            metrics: Arc::default(),
            engine: Arc::new(EngineSlots::new(engine_slots, max_queue)),
            feedback: Arc::new(feedback),
        };
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown)
            .await?;
        eprintln!("stopped");
        Ok(())
    })
}

/// Installs the SIGINT and SIGTERM handlers at once, so that a signal sent as soon as the
/// address is printed already stops the server gracefully (a handler installed on first poll
/// could miss it, and the default action would kill the process); resolves on the first one.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
