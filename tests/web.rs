//! The web app in a real browser: headless Chromium, driven over WebDriver (fantoccini), on
//! a real `tandem serve` on loopback holding the demo data. Screenshots are saved under
//! `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install chromium
//! chromium-driver`; `.ci/run` installs them when missing). Without them these tests fail,
//! saying so: a browser test that silently skips proves nothing.

mod common;

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use common::server::Server;

const KEY: &str = "web-test-key-0123456789";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// One browser at a time: the machine running the tests may have two cores.
static BROWSER: Mutex<()> = Mutex::new(());

/// A profile whose name and description hold words far wider than a phone: they must wrap.
const LONG_WORDS: &str = r#"{"id":"st-zz-a-very-long-identifier-that-does-not-fit-on-a-phone-screen","kind":"startup","name":"Supercalifragilisticexpialidocious-Agri-Solutions-International-Holdings","description":"https://example.invalid/a/very/long/address/without/any/break/at/all/that/goes/on/and/on/and/on and Pneumonoultramicroscopicsilicovolcanoconiosis","sectors":["agritech"],"countries":["KE"],"stage":"seed","funding_ask_usd":300000}"#;

/// A server on a private copy of the demo data (plus [`LONG_WORDS`]), writable with [`KEY`]
/// so that "nothing is stored" means something. The data directory is removed after the
/// server stops.
struct DemoServer {
    server: Server,
    _data: tempfile::TempDir,
}

impl std::ops::Deref for DemoServer {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.server
    }
}

fn demo_server() -> DemoServer {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/data/profiles.jsonl");
    let extra = root.path().join("long.jsonl");
    std::fs::write(&extra, LONG_WORDS).unwrap();
    for file in [Path::new(demo), &extra] {
        common::ok(common::tandem(
            root.path(),
            &[
                "--data",
                data.to_str().unwrap(),
                "import",
                file.to_str().unwrap(),
            ],
        ));
    }
    DemoServer {
        server: Server::start_on(&data, Some(KEY)),
        _data: root,
    }
}

/// A chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        assert!(
            Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
            "the browser tests need Chromium and its WebDriver at {CHROMIUM} and {CHROMEDRIVER}: \
             install them with `apt-get install chromium chromium-driver` (as root; .ci/run does)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen on port {port} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM first, so that chromedriver closes the browsers it started.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How the browser looks at pages.
#[derive(Clone, Copy)]
enum Screen {
    /// A desktop window, 1280 × 1000.
    Desktop,
    /// A phone: 360 × 740 CSS pixels at device pixel ratio 3 (Chrome's mobile emulation;
    /// a desktop window cannot be made that narrow).
    Phone,
}

/// Runs `test` with a fresh headless Chromium, then closes it, whether the test passed or
/// not (a failure is reported after the browser is closed).
fn in_browser<F, Fut>(screen: Screen, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut options = json!({"binary": CHROMIUM});
    match screen {
        Screen::Desktop => args.push("--window-size=1280,1000".into()),
        Screen::Phone => {
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 3.0}});
        }
    }
    options["args"] = json!(args);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .expect("a Chromium session starts");
        let outcome = tokio::spawn(test(client.clone())).await;
        let _ = client.close().await;
        if let Err(failure) = outcome {
            std::panic::resume_unwind(failure.into_panic());
        }
    });
}

/// Where screenshots go: `target/screenshots/`.
fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a screenshot of the page as `target/screenshots/{name}.png`.
async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// The ids of the matches shown, best first.
async fn match_ids(client: &Client) -> Vec<String> {
    let mut ids = Vec::new();
    for link in client.find_all(Locator::Css(".match h3 a")).await.unwrap() {
        let href = link.attr("href").await.unwrap().unwrap();
        ids.push(href.trim_start_matches("/p/").to_string());
    }
    ids
}

/// Clicks what `locator` finds and waits until the browser has loaded the next page: the
/// old page is marked first, and the wait ends when a page without the mark is complete.
async fn click_and_load(client: &Client, locator: Locator<'_>) {
    client
        .execute("document.documentElement.dataset.old = 'yes';", vec![])
        .await
        .unwrap();
    client.find(locator).await.unwrap().click().await.unwrap();
    let started = Instant::now();
    loop {
        let loaded = client
            .execute(
                "return document.readyState === 'complete' \
                 && document.documentElement.dataset.old === undefined;",
                vec![],
            )
            .await
            .map(|v| v == Value::Bool(true))
            // A command may land while the old page unloads.
            .unwrap_or(false);
        if loaded {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no new page within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Submits a form with its button `button` and waits for the next page.
async fn submit(client: &Client, button: &str) {
    click_and_load(client, Locator::Css(button)).await;
}

/// Types `text` into the empty field `css`.
async fn fill(client: &Client, css: &str, text: &str) {
    let field = client.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The number of stored profiles of each kind, from the API.
fn stored(server: &Server) -> Value {
    let (status, _, health) = server.get("/healthz");
    assert_eq!(status, 200);
    health["profiles"].clone()
}

#[test]
fn search_then_open_a_profile_and_see_its_matches_with_component_bars() {
    let server = demo_server();
    let base = server.base.clone();
    in_browser(Screen::Desktop, |client| async move {
        client.goto(&base).await.unwrap();
        assert_eq!(
            client.title().await.unwrap(),
            "Find investors, partners and start-ups · Tandem"
        );
        // The home page starts people off: counts and one example of each kind.
        let counts = client.find(Locator::Css(".counts")).await.unwrap();
        let counts = counts.text().await.unwrap();
        assert!(counts.contains("300 Investors"), "{counts}");
        assert!(counts.contains("2001 Start-ups / SMEs"), "{counts}");
        let examples = client.find_all(Locator::Css(".cards .card")).await.unwrap();
        assert_eq!(examples.len(), 3);
        screenshot(&client, "home").await;

        fill(&client, "#q", "solar irrigation").await;
        client
            .find(Locator::Css("#s-kind"))
            .await
            .unwrap()
            .select_by_value("startup")
            .await
            .unwrap();
        submit(&client, "form.search button").await;
        let url = client.current_url().await.unwrap();
        assert_eq!(url.path(), "/search");
        let first = client
            .find(Locator::Css(".cards .card h3 a"))
            .await
            .unwrap();
        let name = first.text().await.unwrap();
        screenshot(&client, "search").await;
        click_and_load(&client, Locator::Css(".cards .card h3 a")).await;
        assert_eq!(
            client
                .find(Locator::Css("h1"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
            name
        );
        // A start-up sees investors first, ten of them, each with its score, one bar per
        // component and the component that cost it most.
        let current = client
            .find(Locator::Css(".tabs [aria-current=page]"))
            .await
            .unwrap();
        assert_eq!(current.text().await.unwrap(), "Investors");
        let matches = client.find_all(Locator::Css(".match")).await.unwrap();
        assert_eq!(matches.len(), 10);
        for m in &matches {
            let score: f32 = m
                .find(Locator::Css(".score strong"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
                .parse()
                .unwrap();
            assert!((0.0..=1.0).contains(&score));
            let bars = m.find_all(Locator::Css(".bar-row")).await.unwrap();
            assert!(bars.len() >= 8, "{} bars", bars.len());
            let fill = m.find(Locator::Css(".bar .fill")).await.unwrap();
            assert!(fill.is_displayed().await.unwrap());
            let reason = m.find(Locator::Css(".bar-reason")).await.unwrap();
            assert!(!reason.text().await.unwrap().is_empty());
        }
        let why_not = client.find(Locator::Css(".why-not")).await.unwrap();
        assert!(
            why_not.text().await.unwrap().starts_with("Why not higher:"),
            "{}",
            why_not.text().await.unwrap()
        );
        screenshot(&client, "profile").await;
        client
            .execute("document.querySelector('.match').scrollIntoView();", vec![])
            .await
            .unwrap();
        screenshot(&client, "profile-matches").await;

        // Tabs are links: partners.
        click_and_load(&client, Locator::LinkText("Partners")).await;
        let url = client.current_url().await.unwrap();
        assert_eq!(url.query(), Some("kind=partner"));
        let kinds = client.find_all(Locator::Css(".match .kind")).await.unwrap();
        assert!(!kinds.is_empty());
        for kind in kinds {
            assert_eq!(kind.text().await.unwrap(), "Partner");
        }
    });
}

#[test]
fn a_filter_changes_the_list_and_more_shows_the_next_matches() {
    let server = demo_server();
    let base = server.base.clone();
    in_browser(Screen::Desktop, |client| async move {
        client.goto(&format!("{base}/p/inv-0001")).await.unwrap();
        let before = match_ids(&client).await;
        assert_eq!(before.len(), 10, "{before:?}");
        // inv-0001 invests at pre-seed and seed: its first matches are at either stage.
        client
            .find(Locator::Css("#f-stage"))
            .await
            .unwrap()
            .select_by_value("seed")
            .await
            .unwrap();
        submit(&client, "form.filters button").await;
        let after = match_ids(&client).await;
        assert!(!after.is_empty());
        assert_ne!(before, after, "the stage filter changed nothing");
        for facts in client
            .find_all(Locator::Css(".match .facts"))
            .await
            .unwrap()
        {
            let facts = facts.text().await.unwrap();
            assert!(facts.contains("Seed"), "{facts}");
            assert!(!facts.contains("Pre-seed"), "{facts}");
        }
        screenshot(&client, "profile-filtered").await;

        // "More" keeps the filter and shows the next ten after the same first ten.
        click_and_load(&client, Locator::LinkText("More matches")).await;
        let more = match_ids(&client).await;
        assert_eq!(more.len(), 20);
        assert_eq!(more[..10], after[..]);

        // Reciprocal: both ways.
        let reciprocal = client.find(Locator::Css("#f-reciprocal")).await.unwrap();
        reciprocal.click().await.unwrap();
        submit(&client, "form.filters button").await;
        let url = client.current_url().await.unwrap();
        assert!(
            url.query().unwrap_or_default().contains("reciprocal=true"),
            "{url}"
        );
        assert!(
            client
                .find(Locator::Css("#f-reciprocal"))
                .await
                .unwrap()
                .is_selected()
                .await
                .unwrap()
        );
    });
}

#[test]
fn try_it_marks_a_bad_country_stores_nothing_and_shows_matches_for_a_good_one() {
    let server = demo_server();
    let base = server.base.clone();
    let counts = stored(&server);
    in_browser(Screen::Desktop, |client| async move {
        client.goto(&format!("{base}/try")).await.unwrap();
        fill(&client, "#t-name", "Maji Farms").await;
        client
            .find(Locator::Css("#t-kind"))
            .await
            .unwrap()
            .select_by_value("startup")
            .await
            .unwrap();
        fill(&client, "#t-country", "Narnia").await;
        client
            .find(Locator::Css("input[name=sector][value=agritech]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::Css("#t-stage"))
            .await
            .unwrap()
            .select_by_value("seed")
            .await
            .unwrap();
        fill(&client, "#t-ask", "300k").await;
        fill(
            &client,
            "#t-description",
            "Solar-powered irrigation for smallholder farmers",
        )
        .await;
        submit(&client, "form.describe button").await;
        let error = client
            .find(Locator::Css("#t-country-error"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            error.starts_with("field `countries[0]`: unknown country `Narnia`"),
            "{error}"
        );
        // The message at the top links to the field.
        let top = client.find(Locator::Css("p.error a")).await.unwrap();
        assert_eq!(
            top.attr("href").await.unwrap().as_deref(),
            Some("#t-country")
        );
        let country = client.find(Locator::Css("#t-country")).await.unwrap();
        assert_eq!(
            country.attr("aria-invalid").await.unwrap().as_deref(),
            Some("true")
        );
        // What was typed is kept, and no matches are shown.
        assert_eq!(
            country.prop("value").await.unwrap().as_deref(),
            Some("Narnia")
        );
        assert!(
            client
                .find_all(Locator::Css(".match"))
                .await
                .unwrap()
                .is_empty()
        );
        screenshot(&client, "try-error").await;

        fill(&client, "#t-country", "KE").await;
        submit(&client, "form.describe button").await;
        let heading = client
            .find(Locator::Css("#results-heading"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(heading, "Investors that fit Maji Farms");
        let matches = client.find_all(Locator::Css(".match")).await.unwrap();
        assert_eq!(matches.len(), 10);
        assert!(
            matches[0]
                .find_all(Locator::Css(".bar-row"))
                .await
                .unwrap()
                .len()
                >= 8
        );
        screenshot(&client, "try-matches").await;
    });
    // Neither form stored anything.
    assert_eq!(stored(&server), counts);
    let (status, _, _) = server.get("/v1/profiles/try-it");
    assert_eq!(status, 404);
}

#[test]
fn at_360_px_wide_no_page_scrolls_sideways() {
    let server = demo_server();
    let base = server.base.clone();
    in_browser(Screen::Phone, |client| async move {
        let long = "st-zz-a-very-long-identifier-that-does-not-fit-on-a-phone-screen";
        let pages = [
            ("phone-home", "/".to_string()),
            ("phone-profile", "/p/inv-0001".to_string()),
            ("phone-long-words", format!("/p/{long}")),
            (
                "phone-search",
                "/search?q=Supercalifragilisticexpialidocious".to_string(),
            ),
            ("phone-try", "/try".to_string()),
        ];
        for (name, path) in pages {
            client.goto(&format!("{base}{path}")).await.unwrap();
            no_sideways_scroll_on_a_phone(&client, &path).await;
            screenshot(&client, name).await;
        }
        // The Try-it form with an error and with matches, too.
        client.goto(&format!("{base}/try")).await.unwrap();
        fill(
            &client,
            "#t-name",
            "Supercalifragilisticexpialidocious-Agri-Solutions",
        )
        .await;
        fill(
            &client,
            "#t-country",
            "Narnia-and-Supercalifragilisticexpialidocious",
        )
        .await;
        submit(&client, "form.describe button").await;
        no_sideways_scroll_on_a_phone(&client, "/try with an error").await;
        screenshot(&client, "phone-try-error").await;
    });
}

/// Asserts that the page shown (`what`) is 360 px wide and does not scroll sideways.
async fn no_sideways_scroll_on_a_phone(client: &Client, what: &str) {
    let widths = client
        .execute(
            "const e = document.documentElement; \
             return [e.scrollWidth, e.clientWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    let [scroll, client_width, inner] = [0, 1, 2].map(|i| widths[i].as_u64().unwrap());
    assert_eq!(inner, 360, "{what}: the phone's metrics are not emulated");
    assert!(
        scroll <= client_width,
        "{what} scrolls sideways at 360 px: {scroll} > {client_width}"
    );
}

/// The text of the page's main content.
async fn main_text(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[test]
fn the_analyst_page_shows_how_to_make_a_report_then_the_latest_one() {
    let server = demo_server();
    let base = server.base.clone();
    let data = server.data_dir();
    let root = tempfile::tempdir().unwrap();
    let bench = root.path().join("bench");
    common::ok(common::tandem(
        root.path(),
        &[
            "generate",
            "--benchmark",
            bench.to_str().unwrap(),
            "--startups",
            "400",
            "--investors",
            "60",
        ],
    ));
    let work = root.path().to_path_buf();
    in_browser(Screen::Phone, move |client| async move {
        client.goto(&format!("{base}/analyst")).await.unwrap();
        let text = main_text(&client).await;
        assert!(
            text.contains("No evaluation report") && text.contains("eval --bench"),
            "{text}"
        );
        no_sideways_scroll_on_a_phone(&client, "/analyst without a report").await;
        screenshot(&client, "phone-analyst-how-to").await;

        let report = work.join("report");
        common::ok(common::tandem(
            &work,
            &[
                "--data",
                data.to_str().unwrap(),
                "eval",
                "--bench",
                bench.to_str().unwrap(),
                "--split",
                "2011-01-01",
                "--report",
                report.to_str().unwrap(),
            ],
        ));
        assert!(report.join("recall.svg").exists() && data.join("reports/latest.json").exists());
        client.goto(&format!("{base}/analyst")).await.unwrap();
        let text = main_text(&client).await;
        for expected in [
            "Metrics",
            "tandem_thesis",
            "recall@10",
            "2011-01-01",
            "eval --bench",
        ] {
            assert!(text.contains(expected), "{expected} is not shown: {text}");
        }
        let charts = client
            .find_all(Locator::Css("figure.chart svg polyline"))
            .await
            .unwrap();
        assert!(charts.len() >= 3, "a curve per slice at least");
        let alignment = client
            .execute(
                "return getComputedStyle(document.querySelector('.metrics td.num')).textAlign;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(alignment, "right", "numbers are right-aligned");
        no_sideways_scroll_on_a_phone(&client, "/analyst with a report").await;
        screenshot(&client, "phone-analyst").await;
    });
}

/// Bytes a response puts on the wire — status line and headers (roughly, as HTTP/1.1 text)
/// and the body as sent — and its `Content-Encoding`.
fn transferred(server: &Server, path: &str) -> (usize, String) {
    let mut response = Server::agent()
        .get(format!("{}{path}", server.base))
        .header("accept-encoding", "gzip")
        .call()
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let headers: usize = response
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum::<usize>()
        + "HTTP/1.1 200 OK\r\n\r\n".len();
    let mut body = Vec::new();
    response
        .body_mut()
        .as_reader()
        .read_to_end(&mut body)
        .unwrap();
    (headers + body.len(), encoding)
}

/// What a browser's first visit to `path` transfers, in bytes: the page and the assets it
/// loads (a stylesheet and a script), each gzip-compressed as the browser accepts. Asserts
/// that the page loads nothing from other sites. Returns the bytes and the page's own size
/// uncompressed.
fn first_load(server: &Server, path: &str) -> (usize, usize) {
    let (page, encoding) = transferred(server, path);
    assert_eq!(encoding, "gzip", "{path} is compressed");
    // What the page loads (`src`, `<link href>`), read uncompressed; links people follow
    // (`<a href>`: a profile's website) load nothing.
    let html = Server::agent()
        .get(format!("{}{path}", server.base))
        .call()
        .unwrap()
        .body_mut()
        .with_config()
        .limit(10 << 20)
        .read_to_string()
        .unwrap();
    let linked = regex::Regex::new(r#"(?:\ssrc|<link\s[^>]*href)="([^"]+)""#).unwrap();
    let mut total = page;
    let mut assets = 0;
    for found in linked.captures_iter(&html) {
        let url = &found[1];
        assert!(
            !url.starts_with("http:") && !url.starts_with("https:") && !url.starts_with("//"),
            "{path} loads from another site: {url}"
        );
        if url.starts_with("/assets/") {
            let (bytes, encoding) = transferred(server, url);
            assert_eq!(encoding, "gzip", "{url} is compressed");
            total += bytes;
            assets += 1;
        }
    }
    assert_eq!(assets, 2, "{path}: a stylesheet and a script");
    (total, html.len())
}

#[test]
fn the_first_load_of_every_page_stays_within_100_kb_and_loads_nothing_from_elsewhere() {
    let server = demo_server();
    // The Analyst page with a report: it inlines the Recall@k chart as SVG.
    let root = tempfile::tempdir().unwrap();
    let bench = root.path().join("bench");
    let path = |p: &Path| p.to_str().unwrap().to_string();
    common::ok(common::tandem(
        root.path(),
        &[
            "generate",
            "--benchmark",
            &path(&bench),
            "--startups",
            "400",
            "--investors",
            "60",
        ],
    ));
    common::ok(common::tandem(
        root.path(),
        &[
            "--data",
            &path(&server.data_dir()),
            "eval",
            "--bench",
            &path(&bench),
            "--split",
            "2011-01-01",
            "--report",
            &path(&root.path().join("report")),
        ],
    ));
    let long = "st-zz-a-very-long-identifier-that-does-not-fit-on-a-phone-screen";
    let pages = [
        "/".to_string(),
        "/search?q=solar+irrigation".to_string(),
        "/p/inv-0001".to_string(),
        "/p/st-0001".to_string(),
        "/p/inv-0001?kind=partner&region=africa&stage=seed".to_string(),
        format!("/p/{long}"),
        "/try".to_string(),
        "/analyst".to_string(),
    ];
    for page in pages {
        let (total, html) = first_load(&server, &page);
        assert!(
            total <= 100 * 1024,
            "the first load of {page} transfers {total} bytes, over 100 KB"
        );
        eprintln!(
            "first load of {page}: {total} bytes transferred (page {html} bytes uncompressed)"
        );
    }
    let analyst = server.request("GET", "/analyst", None, "").text;
    assert!(
        analyst.contains("<svg") && analyst.contains("recall@10"),
        "the report is shown"
    );
}

#[test]
fn with_keyed_reads_pages_show_no_data_without_a_credential() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    common::ok(common::tandem(
        root.path(),
        &[
            "--data",
            data.to_str().unwrap(),
            "import",
            common::fixture(),
        ],
    ));
    let server = Server::start_on_with_args(&data, Some(KEY), &["--keyed-reads"]);
    for path in [
        "/",
        "/p/st-ke-agri",
        "/search?q=farmers",
        "/try",
        "/analyst",
    ] {
        let reply = server.request("GET", path, None, "");
        assert_eq!(reply.status, 401, "{path}: {}", reply.text);
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{path}"
        );
        assert!(reply.text.contains("keeps its profiles private"), "{path}");
        assert!(
            !reply.text.contains("ShambaSense"),
            "{path} shows a profile"
        );
        let with_key = server.request("GET", path, Some(KEY), "");
        assert_eq!(with_key.status, 200, "{path}: {}", with_key.text);
    }
    assert!(
        server
            .request("GET", "/p/st-ke-agri", Some(KEY), "")
            .text
            .contains("ShambaSense")
    );
    let reply = server.request("POST", "/try", None, "name=x&kind=startup");
    assert_eq!(reply.status, 401);
    // An access link's cookie counts as the token: the pages show data.
    let token = access_token(&server, "st-ke-agri");
    let mut reply = Server::agent()
        .get(format!("{}/p/st-ke-agri", server.base))
        .header("cookie", format!("tandem_token={token}"))
        .call()
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert!(
        reply
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("ShambaSense")
    );
    // The stylesheet holds no data.
    assert_eq!(
        server.request("GET", "/assets/tandem.css", None, "").status,
        200
    );
    // Once the link is revoked, its cookie gets 401 with a way to sign out; no cookie, none.
    let id = token.trim_start_matches("tdm_").split('_').next().unwrap();
    let revoked = server.request("DELETE", &format!("/v1/access-tokens/{id}"), Some(KEY), "");
    assert_eq!(revoked.status, 204, "{}", revoked.text);
    let sign_out = r#"<form class="forget" method="post" action="/logout">"#;
    let (status, page) = page_with_cookie(&server, "/", Some(&token));
    assert_eq!(status, 401);
    assert!(
        page.contains("revoked") && page.contains(sign_out),
        "{page}"
    );
    let (status, page) = page_with_cookie(&server, "/", None);
    assert_eq!(status, 401);
    assert!(!page.contains(sign_out), "{page}");
}

/// Issues an access token for `profile` with the operator's key, as `tandem access issue`
/// does; returns the token.
fn access_token(server: &Server, profile: &str) -> String {
    let body = json!({ "for": profile }).to_string();
    let reply = server.request("POST", "/v1/access-tokens", Some(KEY), &body);
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body["token"].as_str().unwrap().to_string()
}

/// Opens `token`'s access link and waits until the browser has moved on to `/p/{profile}`.
async fn sign_in(client: &Client, base: &str, token: &str, profile: &str) {
    client
        .goto(&format!("{base}/login?token={token}"))
        .await
        .unwrap();
    let started = Instant::now();
    let target = format!("{base}/p/{profile}");
    loop {
        let url = client.current_url().await.unwrap();
        let complete = client
            .execute("return document.readyState === 'complete';", vec![])
            .await
            .map(|v| v == Value::Bool(true))
            .unwrap_or(false);
        if url.as_str() == target && complete {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the access link did not lead to {target} within 20 s (at {url})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// How many matches show the buttons of the profile acted as.
async fn acting_forms(client: &Client) -> usize {
    client
        .find_all(Locator::Css(".match form.act"))
        .await
        .unwrap()
        .len()
}

/// The page's text.
async fn page_text(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A form post as another site (or a forger) would send it: `cookie` as the browser holds
/// it, `origin` as the page that sent it says, if any.
fn forged_post(server: &Server, path: &str, cookie: &str, origin: Option<&str>, body: &str) -> u16 {
    let mut request = Server::agent()
        .post(format!("{}{path}", server.base))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send(body).unwrap().status().as_u16()
}

#[test]
fn with_an_access_link_pass_removes_the_match_and_like_changes_the_order() {
    let server = demo_server();
    let base = server.base.clone();
    let token = access_token(&server, "inv-0001");
    let other = access_token(&server, "inv-0002");
    let link = token.clone();
    in_browser(Screen::Desktop, move |client| async move {
        // Without a link: read-only.
        client.goto(&format!("{base}/p/inv-0001")).await.unwrap();
        let public = match_ids(&client).await;
        assert!(public.len() >= 5, "{public:?}");
        assert_eq!(acting_forms(&client).await, 0, "buttons without a link");

        sign_in(&client, &base, &link, "inv-0001").await;
        assert!(
            !client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("tdm_"),
            "the token left the address bar"
        );
        let before = match_ids(&client).await;
        assert_eq!(before, public, "no feedback yet: the public order");
        assert_eq!(acting_forms(&client).await, before.len());
        screenshot(&client, "acting-profile").await;

        // Pass on the top match: it leaves the list.
        submit(
            &client,
            ".match:first-child button[name='signal'][value='pass']",
        )
        .await;
        assert!(
            client.current_url().await.unwrap().path() == "/p/inv-0001",
            "back on the profile page"
        );
        let passed = match_ids(&client).await;
        assert!(!passed.contains(&before[0]), "{passed:?}");

        // Like the last one shown: the order changes, and a match says why.
        let liked = passed.last().unwrap().clone();
        let like = format!(
            ".match:nth-child({}) button[name='signal'][value='like']",
            passed.len()
        );
        submit(&client, &like).await;
        let after = match_ids(&client).await;
        assert_ne!(after, passed, "a like changes the order");
        assert!(!after.contains(&before[0]), "the pass still holds");
        let text = page_text(&client).await;
        assert!(text.contains("which you liked"), "{text}");
        if after.contains(&liked) {
            assert!(text.contains("You liked this"), "{text}");
        }
        screenshot(&client, "acting-liked").await;

        // The shortlist lists the liked one, and undo takes it off.
        client
            .goto(&format!("{base}/p/inv-0001/shortlist"))
            .await
            .unwrap();
        assert_eq!(match_ids(&client).await, vec![liked.clone()]);
        submit(&client, ".match button[name='undo'][value='like']").await;
        assert!(match_ids(&client).await.is_empty());

        // Another profile's page is read-only, even signed in.
        client.goto(&format!("{base}/p/inv-0002")).await.unwrap();
        assert!(!match_ids(&client).await.is_empty());
        assert_eq!(acting_forms(&client).await, 0, "another profile's buttons");

        // Signing out ends acting.
        client.goto(&format!("{base}/p/inv-0001")).await.unwrap();
        submit(&client, ".sign-out button").await;
        client.goto(&format!("{base}/p/inv-0001")).await.unwrap();
        assert_eq!(acting_forms(&client).await, 0, "buttons after signing out");
    });

    // Forged posts: another profile's token, another site's page, no credential.
    let body = format!("to={}&signal=like", "st-0001");
    let cookie = |t: &str| format!("tandem_token={t}");
    assert_eq!(
        forged_post(
            &server,
            "/p/inv-0001/feedback",
            &cookie(&other),
            None,
            &body
        ),
        403
    );
    assert_eq!(
        forged_post(
            &server,
            "/p/inv-0001/feedback",
            &cookie(&token),
            Some("https://evil.example"),
            &body
        ),
        403
    );
    assert_eq!(
        forged_post(&server, "/p/inv-0001/feedback", "", None, &body),
        401
    );
    let given = server.request("GET", "/v1/profiles/inv-0001/feedback", Some(KEY), "");
    let forged: Vec<&Value> = given.body["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["to"] == "st-0001")
        .collect();
    assert!(forged.is_empty(), "a forged post was stored: {forged:?}");
}

#[test]
fn the_editor_marks_a_bad_country_stores_nothing_and_saves_a_good_edit() {
    let server = demo_server();
    let base = server.base.clone();
    let token = access_token(&server, "inv-0001");
    let before = server.get("/v1/profiles/inv-0001").2;
    let api = server.base.clone();
    in_browser(Screen::Desktop, move |client| async move {
        // No link: no editor.
        client
            .goto(&format!("{base}/p/inv-0001/edit"))
            .await
            .unwrap();
        assert!(
            client
                .find_all(Locator::Css("#t-name"))
                .await
                .unwrap()
                .is_empty(),
            "an editor without a link"
        );
        sign_in(&client, &base, &token, "inv-0001").await;
        client
            .goto(&format!("{base}/p/inv-0001/edit"))
            .await
            .unwrap();
        fill(&client, "#t-country", "KE, Narnia").await;
        submit(&client, "form.describe button[type='submit']").await;
        let error = client
            .find(Locator::Css("#t-country-error"))
            .await
            .expect("the country's error is shown next to it")
            .text()
            .await
            .unwrap();
        assert!(error.contains("unknown country `Narnia`"), "{error}");
        let unchanged = fetch_json(&format!("{api}/v1/profiles/inv-0001"));
        assert_eq!(unchanged, before, "nothing is stored on error");

        fill(&client, "#t-country", "KE, NG").await;
        fill(&client, "#t-name", "Meridian Seed Capital II").await;
        submit(&client, "form.describe button[type='submit']").await;
        assert_eq!(client.current_url().await.unwrap().path(), "/p/inv-0001");
        screenshot(&client, "edited-profile").await;
        let saved = fetch_json(&format!("{api}/v1/profiles/inv-0001"));
        assert_eq!(saved["name"], "Meridian Seed Capital II");
        assert_eq!(saved["countries"], json!(["KE", "NG"]));
        assert_eq!(
            saved["description"], before["description"],
            "the rest is kept"
        );
        assert_eq!(saved["stages"], before["stages"], "every stage is kept");
    });
}

/// GETs a JSON document.
fn fetch_json(url: &str) -> Value {
    let mut response = Server::agent().get(url).call().unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

/// The page at `path` with the sign-in cookie holding `token` (none without), as HTML.
fn page_with_cookie(server: &Server, path: &str, token: Option<&str>) -> (u16, String) {
    let mut request = Server::agent().get(format!("{}{path}", server.base));
    if let Some(token) = token {
        request = request.header("cookie", format!("tandem_token={token}"));
    }
    let mut reply = request.call().unwrap();
    let status = reply.status().as_u16();
    (status, reply.body_mut().read_to_string().unwrap())
}

#[test]
fn the_line_above_the_matches_says_when_your_own_likes_and_passes_order_them() {
    let server = demo_server();
    let token = access_token(&server, "inv-0001");
    let thesis = "Ordered by fit: each bar is a part of the score";
    let personal = "Ordered by fit and by your likes and passes";
    // Acting as the profile, without feedback yet: the public order, said as such.
    let (status, page) = page_with_cookie(&server, "/p/inv-0001", Some(&token));
    assert_eq!(status, 200);
    assert!(page.contains(thesis) && !page.contains(personal), "{page}");

    let matches = server.request("GET", "/v1/profiles/inv-0001/matches", None, "");
    let last = matches.body["matches"][9]["profile"]["id"]
        .as_str()
        .unwrap();
    let body = json!({"to": last, "signal": "like"}).to_string();
    let given = server.request(
        "POST",
        "/v1/profiles/inv-0001/feedback",
        Some(&token),
        &body,
    );
    assert!(given.status < 300, "{}", given.text);

    let (status, page) = page_with_cookie(&server, "/p/inv-0001", Some(&token));
    assert_eq!(status, 200);
    assert!(page.contains(personal) && !page.contains(thesis), "{page}");
    assert!(page.contains("ones you liked"), "{page}");
    // Anyone else reads the public order, and is told so.
    let (_, public) = page_with_cookie(&server, "/p/inv-0001", None);
    assert!(public.contains(thesis) && !public.contains(personal));
}

#[test]
fn a_revoked_access_link_answers_401_with_a_way_to_sign_out() {
    let server = demo_server();
    let token = access_token(&server, "inv-0001");
    let id = token.trim_start_matches("tdm_").split('_').next().unwrap();
    let revoked = server.request("DELETE", &format!("/v1/access-tokens/{id}"), Some(KEY), "");
    assert!(revoked.status < 300, "{}", revoked.text);
    let sign_out = r#"<form class="forget" method="post" action="/logout">"#;
    for path in ["/p/inv-0001", "/p/inv-0001/shortlist", "/p/inv-0001/edit"] {
        let (status, page) = page_with_cookie(&server, path, Some(&token));
        assert_eq!(status, 401, "{path}: {page}");
        assert!(page.contains("revoked"), "{path}: {page}");
        assert!(page.contains(sign_out), "{path} offers no sign-out: {page}");
    }
    // Nobody signed in is not offered to sign out.
    let (status, page) = page_with_cookie(&server, "/p/inv-0001/shortlist", None);
    assert_eq!(status, 401);
    assert!(!page.contains(sign_out), "{page}");
    // Signing out clears the cookie, and the pages open again.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let reply = agent
        .post(format!("{}/logout", server.base))
        .header("cookie", format!("tandem_token={token}"))
        .header("origin", &server.base)
        .header("host", server.base.trim_start_matches("http://"))
        .send("")
        .unwrap();
    assert_eq!(reply.status(), 303);
    let cleared = reply.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cleared.starts_with("tandem_token=; Max-Age=0"), "{cleared}");
    assert_eq!(page_with_cookie(&server, "/p/inv-0001", None).0, 200);
}
