//! The web app's pages at realistic scale: server time per page at 100,000 start-ups.
//!
//! The issue asks for a server time p95 of at most 100 ms per page at 100k start-ups. This
//! bench builds the very router `tandem serve` serves ([`tandem::http::router`], the API and
//! the pages, with their layers) on a store holding the synthetic market of `benches/rank.rs`
//! (100,000 start-ups, 2,000 investors, 1,000 partners, seed 7) and sends it requests
//! in-process (`tower::ServiceExt::oneshot` on a multi-threaded tokio runtime, as the
//! server runs): no sockets, so a figure is the server's own time — routing, the engine,
//! the template, gzip — and the whole body is read before the clock stops.
//!
//! One bench per page a user can open: the home page, a search, an investor's profile page
//! (its start-ups), the same page seen by the investor itself after it liked five of its
//! matches and passed on two (the personalised ranking, with the like/pass buttons), a
//! start-up's page (its investors), an investor's page with filters, Try it (a valid form
//! posted) and the Analyst page (with a report written by `tandem eval` on a
//! small generated benchmark). Beside them, in the same process, their references: the JSON
//! API asked for the same thing (`/v1/search`, `/v1/profiles/{id}/matches?explain=true`,
//! `POST /v1/match?explain=true`), so that each page reads as a ratio to its API request.
//! Each iteration asks for the next of 8 profiles (or queries), as `rank.rs` does.
//!
//! Criterion reports means and medians of samples; the figure is a p95, so every
//! request's own duration is also recorded (warm-up included) and the p50, p95 and maximum
//! of each bench are printed to stderr at the end. Browsers send `Accept-Encoding: gzip`,
//! and so does this bench.
//!
//! Setup (generating and importing the profiles, the report) runs once, outside the timed
//! loops, and is printed to stderr. Run with `cargo bench --bench pages`; figures in
//! `benches/README.md`.

mod common;

use common::MARKET;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use clap::Parser;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use tandem::http::{AppState, EngineSlots, ReadAccess, WriteAccess};
use tandem::ranking::{ModelArgs, Ranking};
use tandem_engine::feedback::{FeedbackLog, Signal};
use tandem_engine::synth;
use tandem_engine::{Kind, MatchRequest, Profile, Store, Weights};
use tempfile::TempDir;
use tower::ServiceExt;

/// How many different profiles (or queries) each bench takes turns with.
const QUERIES: usize = 8;

/// What the search benches look for: words of the generated descriptions.
const SEARCHES: [&str; QUERIES] = [
    "solar",
    "clinics",
    "school fees",
    "cold storage",
    "logistics",
    "water",
    "farmers",
    "payments",
];

/// The operator's key: it acts as any profile, as a profile's own access link does on its
/// page, so that the page and the API rank with the profile's feedback.
const KEY: &str = "bench-operator-key-0123456789";

/// The filters of the filtered profile page: a region, a stage and a ticket range.
const FILTERS: &str = "region=africa&stage=seed&min_usd=100k&max_usd=2m";

/// One request, as a browser (or an API client) would send it.
#[derive(Clone)]
struct Req {
    method: &'static str,
    uri: String,
    /// The body and its content type.
    body: Option<(&'static str, String)>,
    /// Whether the request acts as the profile (with the operator's key).
    acting: bool,
}

impl Req {
    fn get(uri: String) -> Req {
        Req {
            method: "GET",
            uri,
            body: None,
            acting: false,
        }
    }

    fn post(uri: String, content_type: &'static str, body: String) -> Req {
        Req {
            method: "POST",
            uri,
            body: Some((content_type, body)),
            acting: false,
        }
    }

    /// The same request acting as the profile it asks about.
    fn acting(mut self) -> Req {
        self.acting = true;
        self
    }

    fn build(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(self.method)
            .uri(&self.uri)
            .header(header::HOST, "127.0.0.1")
            .header(header::ACCEPT_ENCODING, "gzip");
        if self.acting {
            builder = builder.header("x-api-key", KEY);
        }
        match &self.body {
            Some((content_type, body)) => builder
                .header(header::CONTENT_TYPE, *content_type)
                .body(Body::from(body.clone())),
            None => builder.body(Body::empty()),
        }
        .expect("a valid request")
    }
}

/// The server's router on an imported store, and the runtime that drives it.
struct Fixture {
    /// Keeps the data directory alive as long as the store.
    _dir: TempDir,
    runtime: tokio::runtime::Runtime,
    app: Router,
    /// Investors spread over the ids (`inv-0001`, `inv-0251`, …).
    investors: Vec<Profile>,
    /// Start-ups spread over the ids.
    startups: Vec<Profile>,
}

impl Fixture {
    fn new() -> Fixture {
        let profiles = synth::generate(&MARKET);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("data");
        let store = Store::open_or_create(&data).expect("a new store");
        common::import_timed(&store, &profiles);
        assert_eq!(store.snapshot().count(Kind::Startup), MARKET.startups);
        write_report(dir.path(), &data);
        let every = |kind: Kind, count: usize| -> Vec<Profile> {
            profiles
                .iter()
                .filter(|p| p.kind == kind)
                .step_by(count / QUERIES)
                .take(QUERIES)
                .cloned()
                .collect()
        };
        let investors = every(Kind::Investor, MARKET.investors);
        let startups = every(Kind::Startup, MARKET.startups);
        let feedback = FeedbackLog::open_or_create(&data).expect("a feedback log");
        give_feedback(&store, &feedback, &investors);
        let ranking = Ranking::load(
            &ModelArgs {
                model: None,
                no_model: true,
            },
            Some(&data),
        )
        .expect("the thesis ranking");
        let state = AppState {
            feedback: Arc::new(feedback),
            store: Arc::new(store),
            weights: Arc::new(Weights::default()),
            ranking: Arc::new(ranking),
            writes: WriteAccess::Key(KEY.to_string()),
            reads: ReadAccess::Open,
            access: None,
            metrics: Arc::default(),
            engine: Arc::new(EngineSlots::new(
                tandem::http::default_engine_slots(),
                tandem::http::default_max_queue(),
            )),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        Fixture {
            _dir: dir,
            runtime,
            app: tandem::http::router(state),
            investors,
            startups,
        }
    }

    /// Sends `request` and reads the whole answer: its status and its body as sent.
    fn send(&self, request: Request<Body>) -> (StatusCode, axum::body::Bytes) {
        self.runtime.block_on(async {
            let response = self
                .app
                .clone()
                .oneshot(request)
                .await
                .expect("the router answers");
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            (status, body)
        })
    }

    /// The page `req` asks for, uncompressed.
    fn html(&self, req: &Req) -> String {
        let mut request = req.build();
        request.headers_mut().remove(header::ACCEPT_ENCODING);
        let (status, body) = self.send(request);
        assert_eq!(status, StatusCode::OK, "{}", req.uri);
        String::from_utf8(body.to_vec()).expect("UTF-8")
    }
}

/// Each investor passes on the first two of its own top ten and likes the next five, as in
/// `benches/rank.rs`: its own page (and API answer) is then the personalised ranking.
fn give_feedback(store: &Store, log: &FeedbackLog, investors: &[Profile]) {
    let snapshot = store.snapshot();
    let request = MatchRequest {
        limit: 10,
        ..MatchRequest::default()
    };
    for investor in investors {
        let top = tandem_engine::rank(&snapshot, &Weights::default(), investor, &request)
            .expect("ranking succeeds");
        for (n, m) in top.iter().take(7).enumerate() {
            let signal = if n < 2 { Signal::Pass } else { Signal::Like };
            let at = jiff::Timestamp::from_second(1_800_000_000 + n as i64).expect("a time");
            log.record(store, &investor.id, &m.profile.id, signal, at)
                .expect("the feedback is recorded");
        }
    }
}

/// Generates a small deal benchmark and runs `tandem --data DATA eval … --report`, which
/// keeps the report as DATA/reports/latest.json for the Analyst page.
fn write_report(root: &std::path::Path, data: &std::path::Path) {
    let started = Instant::now();
    let bench = root.join("bench");
    let run = |args: &[&str]| {
        let cli =
            tandem::cli::Cli::parse_from(std::iter::once("tandem").chain(args.iter().copied()));
        tandem::cli::run(cli).expect("the command succeeds");
    };
    let path = |p: &std::path::Path| p.to_str().expect("a UTF-8 path").to_string();
    run(&[
        "generate",
        "--benchmark",
        &path(&bench),
        "--startups",
        "400",
        "--investors",
        "60",
    ]);
    run(&[
        "--data",
        &path(data),
        "eval",
        "--bench",
        &path(&bench),
        "--split",
        "2011-01-01",
        "--report",
        &path(&root.join("report")),
    ]);
    assert!(data.join("reports/latest.json").is_file());
    eprintln!(
        "wrote an evaluation report for /analyst in {:.2?}",
        started.elapsed()
    );
}

/// `text` as a form or query value: `application/x-www-form-urlencoded`.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A page (or API request) and the requests it takes turns with.
struct Route {
    name: &'static str,
    requests: Vec<Req>,
}

/// The benches: pages, each followed by its API reference.
fn routes(f: &Fixture) -> Vec<Route> {
    let each = |profiles: &[Profile], uri: &dyn Fn(&Profile) -> String| -> Vec<Req> {
        profiles.iter().map(|p| Req::get(uri(p))).collect()
    };
    let matches = |p: &Profile| format!("/v1/profiles/{}/matches?explain=true&limit=10", p.id);
    let try_form: Vec<(String, String)> = f
        .startups
        .iter()
        .map(|p| {
            let country = p.countries.first().map_or("KE".to_string(), |c| c.to_string());
            let sector = p.sectors.first().map_or("agritech".to_string(), |s| s.slug().to_string());
            let form = format!(
                "name=Bench+Co&kind=startup&country={country}&sector={sector}&stage=seed&ask=300k&description={}",
                encode(&p.description)
            );
            let json = serde_json::json!({
                "id": "try-it",
                "kind": "startup",
                "name": "Bench Co",
                "countries": [country],
                "sectors": [sector],
                "stage": "seed",
                "funding_ask_usd": 300_000,
                "description": p.description,
            })
            .to_string();
            (form, json)
        })
        .collect();
    vec![
        Route {
            name: "page_home",
            requests: vec![Req::get("/".into())],
        },
        Route {
            name: "page_search",
            requests: SEARCHES
                .iter()
                .map(|q| Req::get(format!("/search?q={}", encode(q))))
                .collect(),
        },
        Route {
            name: "api_search",
            requests: SEARCHES
                .iter()
                .map(|q| Req::get(format!("/v1/search?q={}&limit=20", encode(q))))
                .collect(),
        },
        Route {
            name: "page_investor",
            requests: each(&f.investors, &|p| format!("/p/{}", p.id)),
        },
        Route {
            name: "api_investor_matches",
            requests: each(&f.investors, &matches),
        },
        Route {
            name: "page_investor_filtered",
            requests: each(&f.investors, &|p| {
                format!("/p/{}?kind=startup&{FILTERS}", p.id)
            }),
        },
        Route {
            name: "api_investor_matches_filtered",
            requests: each(&f.investors, &|p| {
                format!(
                    "/v1/profiles/{}/matches?explain=true&limit=10&kind=startup&region=africa&stage=seed&min_usd=100000&max_usd=2000000",
                    p.id
                )
            }),
        },
        Route {
            name: "page_investor_personalised",
            requests: each(&f.investors, &|p| format!("/p/{}", p.id))
                .into_iter()
                .map(Req::acting)
                .collect(),
        },
        Route {
            name: "api_investor_matches_personalised",
            requests: each(&f.investors, &matches)
                .into_iter()
                .map(Req::acting)
                .collect(),
        },
        Route {
            name: "page_startup",
            requests: each(&f.startups, &|p| format!("/p/{}", p.id)),
        },
        Route {
            name: "api_startup_matches",
            requests: each(&f.startups, &matches),
        },
        Route {
            name: "page_try_post",
            requests: try_form
                .iter()
                .map(|(form, _)| {
                    Req::post(
                        "/try".into(),
                        "application/x-www-form-urlencoded",
                        form.clone(),
                    )
                })
                .collect(),
        },
        Route {
            name: "api_match_post",
            requests: try_form
                .iter()
                .map(|(_, json)| {
                    Req::post(
                        "/v1/match?explain=true&limit=10".into(),
                        "application/json",
                        json.clone(),
                    )
                })
                .collect(),
        },
        Route {
            name: "page_analyst",
            requests: vec![Req::get("/analyst".into())],
        },
    ]
}

/// Times `route`'s requests in turn, one per iteration, and returns every request's own
/// duration (warm-up included).
fn bench_route(
    group: &mut BenchmarkGroup<'_, WallTime>,
    fixture: &Fixture,
    route: &Route,
) -> Vec<Duration> {
    let mut next = route.requests.iter().cycle();
    let mut each = Vec::new();
    group.bench_function(route.name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let request = next.next().expect("a non-empty cycle").build();
                let started = Instant::now();
                let answer = fixture.send(request);
                let took = started.elapsed();
                assert_eq!(black_box(answer).0, StatusCode::OK);
                each.push(took);
                total += took;
            }
            total
        })
    });
    each
}

/// The `q`-quantile of sorted durations (nearest rank).
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn pages_100k(c: &mut Criterion) {
    let fixture = Fixture::new();
    let routes = routes(&fixture);
    // Every request answers 200 before anything is timed; the sizes are as sent (gzip for
    // the pages).
    for route in &routes {
        let sizes: Vec<usize> = route
            .requests
            .iter()
            .map(|r| {
                let (status, body) = fixture.send(r.build());
                assert_eq!(status, StatusCode::OK, "{} {}", r.method, r.uri);
                body.len()
            })
            .collect();
        eprintln!(
            "{}: {} requests, {}–{} bytes as sent",
            route.name,
            route.requests.len(),
            sizes.iter().min().expect("requests"),
            sizes.iter().max().expect("requests"),
        );
    }

    // The pages show what they should: the investor's own page is personalised, the
    // public one is not, a search finds something, the Analyst page shows its chart.
    let page = |name: &str| {
        let route = routes.iter().find(|r| r.name == name).expect("a route");
        fixture.html(&route.requests[0])
    };
    let personal = "by your likes and passes";
    assert!(page("page_investor_personalised").contains(personal));
    assert!(!page("page_investor").contains(personal));
    assert!(page("page_search").contains("<article class=\"card"));
    assert!(page("page_analyst").contains("<svg"));

    let mut group = c.benchmark_group("pages_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    let mut times = Vec::new();
    for route in &routes {
        times.push((route.name, bench_route(&mut group, &fixture, route)));
    }
    group.finish();

    eprintln!("\nserver time of every request (warm-up included):");
    eprintln!(
        "{:<32} {:>7} {:>9} {:>9} {:>9}",
        "bench", "requests", "p50 ms", "p95 ms", "max ms"
    );
    for (name, mut each) in times {
        // A bench a filter on the command line left out timed nothing.
        if each.is_empty() {
            continue;
        }
        each.sort();
        eprintln!(
            "{name:<32} {:>7} {:>9.2} {:>9.2} {:>9.2}",
            each.len(),
            ms(quantile(&each, 0.50)),
            ms(quantile(&each, 0.95)),
            ms(*each.last().expect("requests")),
        );
    }
}

criterion_group!(benches, pages_100k);
criterion_main!(benches);
