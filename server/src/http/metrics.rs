//! Prometheus metrics: request counts and latency histograms by route, engine admission
//! (busy slots, queue, requests shed with 503) and profile counts.
//!
//! Recorded by a middleware on the matched routes (so labels are route templates such as
//! `/v1/profiles/{id}/matches`, never raw paths with ids), rendered as Prometheus text.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tandem_engine::Kind;

use super::AppState;
use super::admission::AdmissionStats;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Observations at or below each bucket's bound (non-cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Request metrics of one server.
#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency histogram.
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        drop(requests);
        let mut latency = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        let h = latency.entry(route.to_string()).or_default();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            h.buckets[i] += 1;
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The metrics in Prometheus text format, with the given admission counters and profile
    /// counts.
    fn render(&self, engine: &AdmissionStats, profiles: &[(Kind, usize)]) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP tandem_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE tandem_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "tandem_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str(
            "# HELP tandem_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE tandem_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "tandem_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "tandem_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "tandem_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "tandem_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        for (name, kind, help, value) in [
            (
                "tandem_engine_slots",
                "gauge",
                "Engine tasks allowed at once (--engine-slots).",
                engine.slots as u64,
            ),
            (
                "tandem_engine_busy",
                "gauge",
                "Engine slots in use.",
                engine.busy as u64,
            ),
            (
                "tandem_engine_queued",
                "gauge",
                "Requests waiting for an engine slot.",
                engine.waiting as u64,
            ),
            (
                "tandem_engine_queue_limit",
                "gauge",
                "Most requests allowed to wait for a slot (--max-queue).",
                engine.max_queue as u64,
            ),
            (
                "tandem_http_shed_total",
                "counter",
                "Requests answered 503 at once because the engine queue was full.",
                engine.shed,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out.push_str("# HELP tandem_profiles Stored profiles by kind.\n");
        out.push_str("# TYPE tandem_profiles gauge\n");
        for (kind, n) in profiles {
            let _ = writeln!(out, "tandem_profiles{{kind=\"{kind}\"}} {n}");
        }
        out
    }
}

/// Middleware: times every routed request and counts it by method, route and status.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    state.metrics.record(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Prometheus metrics in text format: requests by method, route and status, latency
/// histograms by route, engine admission (busy slots, queue, requests shed) and profile counts.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    responses(
        (status = 200, description = "Prometheus text exposition format 0.0.4",
            body = String, content_type = "text/plain; version=0.0.4"),
    )
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let snapshot = state.store.snapshot();
    let profiles = tokio::task::spawn_blocking(move || {
        Kind::ALL
            .iter()
            .map(|k| (*k, snapshot.count(*k)))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(&state.engine.stats(), &profiles),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counts_labelled() {
        let m = Metrics::default();
        m.record("GET", "/healthz", 200, 0.0005);
        m.record("GET", "/healthz", 200, 0.02);
        m.record("GET", "/v1/profiles/{id}", 404, 0.003);
        let engine = AdmissionStats {
            slots: 4,
            busy: 1,
            waiting: 0,
            max_queue: 128,
            shed: 3,
        };
        let text = m.render(&engine, &[(Kind::Startup, 7)]);
        assert!(
            text.contains(
                "tandem_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(
            text.contains("route=\"/healthz\",le=\"0.001\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("route=\"/healthz\",le=\"0.025\"} 2"),
            "{text}"
        );
        assert!(text.contains("route=\"/healthz\",le=\"+Inf\"} 2"), "{text}");
        assert!(
            text.contains("tandem_profiles{kind=\"startup\"} 7"),
            "{text}"
        );
        assert!(
            text.contains("# TYPE tandem_http_shed_total counter\ntandem_http_shed_total 3\n"),
            "{text}"
        );
    }
}
