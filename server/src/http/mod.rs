//! The HTTP API: a thin axum server over the engine, versioned under `/v1`.
//!
//! Shared state is the open [`Store`] and the [`Weights`]; handlers take typed extractors and
//! return JSON or RFC 9457 problem details. Limits on body size and request time come from
//! tower-http layers; shutdown on SIGINT/SIGTERM lets in-flight requests finish.

mod auth;
mod handlers;
mod metrics;
mod params;
mod problem;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tandem_engine::{Store, Weights};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

pub use auth::WriteAccess;

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
    /// Who may write profiles.
    pub writes: WriteAccess,
    /// Request metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Engine work running at once: more would only make every request slower on a few
    /// cores, so further requests wait (asynchronously) for a slot.
    pub engine_slots: Arc<tokio::sync::Semaphore>,
}

/// The API's routes and layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(handlers::health))
        .route(
            "/v1/profiles",
            get(handlers::list_profiles).post(handlers::create_profiles),
        )
        .route(
            "/v1/profiles/{id}",
            get(handlers::profile)
                .put(handlers::put_profile)
                .delete(handlers::delete_profile),
        )
        .route("/v1/profiles/{id}/matches", get(handlers::profile_matches))
        .route("/v1/match", post(handlers::adhoc_match))
        .route("/v1/search", get(handlers::search))
        .route("/metrics", get(metrics::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// Serves the API on `addr` until SIGINT or SIGTERM, then lets in-flight requests finish.
/// Prints `listening on http://ADDR` (the bound address, also when the port was 0) first.
pub fn serve(
    store: Store,
    weights: Weights,
    writes: WriteAccess,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        println!("listening on http://{}", listener.local_addr()?);
        use std::io::Write;
        std::io::stdout().flush()?;
        let state = AppState {
            store: Arc::new(store),
            weights: Arc::new(weights),
            writes,
            metrics: Arc::default(),
            engine_slots: Arc::new(tokio::sync::Semaphore::new(engine_slots())),
        };
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        eprintln!("stopped");
        Ok(())
    })
}

/// Two engine tasks per core: enough to overlap I/O with ranking, few enough not to thrash.
fn engine_slots() -> usize {
    2 * std::thread::available_parallelism().map_or(2, usize::from)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
