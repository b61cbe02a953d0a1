//! Prometheus metrics: request counts and latency histograms by route, engine admission
//! (busy slots, queue, requests shed with 503) and profile counts.
//!
//! Requests are recorded by a middleware on the matched routes (so labels are route templates
//! such as `/v1/profiles/{id}/matches`, never raw paths with ids) into `prometheus-client`
//! counters and histograms; the state that `/metrics` reports (slots, queue, profiles) is read
//! when it is scraped. `prometheus-client` writes the Prometheus text format 0.0.4.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, MetricEncoder, prometheus_text};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::{MetricType, TypedMetric};
use prometheus_client::registry::Registry;
use tandem_engine::Kind;

use super::AppState;
use super::admission::AdmissionStats;
use super::problem::Problem;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Labels of `tandem_http_requests_total`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// Labels of `tandem_http_request_duration_seconds`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// Labels of `tandem_profiles`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, EncodeLabelSet)]
struct KindLabels {
    kind: String,
}

/// Metrics of one name by label set, encoded in label order.
///
/// `prometheus-client`'s own `Family` keeps its label sets in a `HashMap`, whose order changes
/// from one process to the next: two servers that counted the same requests would answer
/// different bytes, and a route's lines would not stay together.
#[derive(Clone, Debug)]
struct SortedFamily<S, M> {
    /// Shared by every clone, so that a registry built for one scrape reads the live values.
    members: Arc<Mutex<BTreeMap<S, M>>>,
    make: fn() -> M,
}

impl<S: Ord, M: Clone> SortedFamily<S, M> {
    fn new(make: fn() -> M) -> Self {
        SortedFamily {
            members: Arc::default(),
            make,
        }
    }

    /// The metric of these labels, created on first use. The metric is a handle on the
    /// family's value, so it is updated after the family's lock is released.
    fn get(&self, labels: S) -> M {
        lock(&self.members)
            .entry(labels)
            .or_insert_with(self.make)
            .clone()
    }
}

impl<S, M> EncodeMetric for SortedFamily<S, M>
where
    S: EncodeLabelSet,
    M: EncodeMetric + TypedMetric,
{
    fn encode(&self, mut encoder: MetricEncoder) -> fmt::Result {
        for (labels, metric) in lock(&self.members).iter() {
            metric.encode(encoder.encode_family(labels)?)?;
        }
        Ok(())
    }

    fn metric_type(&self) -> MetricType {
        M::TYPE
    }

    fn is_empty(&self) -> bool {
        lock(&self.members).is_empty()
    }
}

/// A poisoned lock still holds consistent counts (every update is one map insertion or one
/// atomic add), so metrics carry on rather than fail every later request.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Request metrics of one server.
#[derive(Debug)]
pub struct Metrics {
    requests: SortedFamily<RequestLabels, Counter>,
    latency: SortedFamily<RouteLabels, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: SortedFamily::new(Counter::default),
            latency: SortedFamily::new(|| Histogram::new(BUCKETS)),
        }
    }
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get(RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get(RouteLabels {
                route: route.to_string(),
            })
            .observe(seconds);
    }

    /// The metrics in Prometheus text format, with the given admission counters and profile
    /// counts.
    ///
    /// Those are state read at scrape time, not events, so they go into a registry built for
    /// this scrape as constants, next to handles on the request metrics.
    fn render(
        &self,
        engine: &AdmissionStats,
        profiles: &[(Kind, usize)],
    ) -> Result<String, fmt::Error> {
        let mut registry = Registry::default();
        // Counters are registered without `_total`: the encoder appends it.
        registry.register(
            "tandem_http_requests",
            "HTTP requests by method, route and status",
            self.requests.clone(),
        );
        registry.register(
            "tandem_http_request_duration_seconds",
            "Time to answer a request, by route",
            self.latency.clone(),
        );
        registry.register(
            "tandem_engine_slots",
            "Engine tasks allowed at once (--engine-slots)",
            ConstGauge::new(engine.slots),
        );
        registry.register(
            "tandem_engine_busy",
            "Engine slots in use",
            ConstGauge::new(engine.busy),
        );
        registry.register(
            "tandem_engine_queued",
            "Requests waiting for an engine slot",
            ConstGauge::new(engine.waiting),
        );
        registry.register(
            "tandem_engine_queue_limit",
            "Most requests allowed to wait for a slot (--max-queue)",
            ConstGauge::new(engine.max_queue),
        );
        registry.register(
            "tandem_http_shed",
            "Requests answered 503 at once because the engine queue was full",
            ConstCounter::new(engine.shed),
        );
        let by_kind = SortedFamily::<KindLabels, Gauge<u64, AtomicU64>>::new(Gauge::default);
        for (kind, n) in profiles {
            by_kind
                .get(KindLabels {
                    kind: kind.to_string(),
                })
                .set(*n as u64);
        }
        registry.register("tandem_profiles", "Stored profiles by kind", by_kind);
        let mut text = String::new();
        prometheus_text::encode(&mut text, &registry)?;
        Ok(text)
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
        // The same string as `prometheus_text::CONTENT_TYPE`, which the answer carries
        // (an attribute takes only a literal); the HTTP tests compare the two.
        (status = 200, description = "Prometheus text exposition format 0.0.4",
            body = String, content_type = "text/plain; version=0.0.4; charset=utf-8"),
    )
)]
pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, Problem> {
    let snapshot = state.store.snapshot();
    // Counting walks every segment's documents: not work for an async worker.
    let profiles = tokio::task::spawn_blocking(move || {
        Kind::ALL
            .iter()
            .map(|k| (*k, snapshot.count(*k)))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| {
        tracing::error!("counting profiles for /metrics failed: {e}");
        Problem::internal()
    })?;
    let text = state
        .metrics
        .render(&state.engine.stats(), &profiles)
        .map_err(|_| {
            tracing::error!("encoding /metrics failed");
            Problem::internal()
        })?;
    Ok((
        [(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)],
        text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_counts_labelled_and_lines_in_label_order() {
        let m = Metrics::default();
        m.record("GET", "/v1/profiles/{id}", 404, 0.003);
        m.record("GET", "/healthz", 200, 0.0005);
        m.record("GET", "/healthz", 200, 0.02);
        let engine = AdmissionStats {
            slots: 4,
            busy: 1,
            waiting: 0,
            max_queue: 128,
            shed: 3,
        };
        let text = m
            .render(&engine, &[(Kind::Startup, 7), (Kind::Investor, 2)])
            .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let at = |line: &str| {
            lines
                .iter()
                .position(|l| *l == line)
                .unwrap_or_else(|| panic!("no line {line:?} in\n{text}"))
        };
        let healthz =
            at("tandem_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2");
        let profile = at(
            "tandem_http_requests_total{method=\"GET\",route=\"/v1/profiles/{id}\",status=\"404\"} 1",
        );
        assert!(
            healthz < profile,
            "label order, not insertion order:\n{text}"
        );
        at("tandem_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.001\"} 1");
        at("tandem_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.01\"} 1");
        at("tandem_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.025\"} 2");
        at("tandem_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 2");
        at("tandem_http_request_duration_seconds_count{route=\"/healthz\"} 2");
        at(
            "tandem_http_request_duration_seconds_bucket{route=\"/v1/profiles/{id}\",le=\"0.0025\"} 0",
        );
        at(
            "tandem_http_request_duration_seconds_bucket{route=\"/v1/profiles/{id}\",le=\"0.005\"} 1",
        );
        at("# TYPE tandem_http_requests_total counter");
        at("# TYPE tandem_http_request_duration_seconds histogram");
        at("# TYPE tandem_engine_busy gauge");
        at("tandem_engine_slots 4");
        at("tandem_engine_busy 1");
        at("tandem_engine_queued 0");
        at("tandem_engine_queue_limit 128");
        let shed = at("# TYPE tandem_http_shed_total counter");
        assert_eq!(lines[shed + 1], "tandem_http_shed_total 3", "{text}");
        assert!(
            at("tandem_profiles{kind=\"investor\"} 2") < at("tandem_profiles{kind=\"startup\"} 7")
        );
        // Same counts, same bytes.
        assert_eq!(
            text,
            m.render(&engine, &[(Kind::Startup, 7), (Kind::Investor, 2)])
                .unwrap()
        );
    }

    #[test]
    fn label_values_are_escaped() {
        let m = Metrics::default();
        m.record("GET", "a\"b\\c\nd", 200, 0.1);
        let text = m
            .render(
                &AdmissionStats {
                    slots: 1,
                    busy: 0,
                    waiting: 0,
                    max_queue: 0,
                    shed: 0,
                },
                &[],
            )
            .unwrap();
        assert!(text.contains(r#"route="a\"b\\c\nd""#), "{text}");
    }
}
