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

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
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

/// Whether pages may run their own scripts.
#[derive(Clone, Copy, PartialEq)]
enum Script {
    On,
    /// JavaScript disabled in the browser's settings, as a visitor may have it. WebDriver's
    /// own scripts (`execute`) still run: they bypass the page setting.
    Off,
}

/// Runs `test` with a fresh headless Chromium, then closes it, whether the test passed or
/// not (a failure is reported after the browser is closed).
fn in_browser<F, Fut>(screen: Screen, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    in_browser_with(screen, Script::On, test);
}

/// [`in_browser`], with pages' scripts on or off.
fn in_browser_with<F, Fut>(screen: Screen, script: Script, test: F)
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
    if script == Script::Off {
        options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
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
    mark_page(client).await;
    client.find(locator).await.unwrap().click().await.unwrap();
    wait_for_next_page(client).await;
}

/// Marks the page shown, for [`wait_for_next_page`].
async fn mark_page(client: &Client) {
    client
        .execute("document.documentElement.dataset.old = 'yes';", vec![])
        .await
        .unwrap();
}

/// Waits until the browser has loaded a page other than the one [`mark_page`] marked.
async fn wait_for_next_page(client: &Client) {
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

/// Searches start-ups for "solar irrigation" with the page's search form; checks it lands on
/// `/search` and gives the first result's name.
async fn search_solar_start_ups(client: &Client) -> String {
    fill(client, "#q", "solar irrigation").await;
    client
        .find(Locator::Css("#s-kind"))
        .await
        .unwrap()
        .select_by_value("startup")
        .await
        .unwrap();
    submit(client, "form.search button").await;
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/search");
    assert!(url.query().unwrap_or_default().contains("q=solar"), "{url}");
    client
        .find(Locator::Css(".cards .card h3 a"))
        .await
        .expect("the search finds something")
        .text()
        .await
        .unwrap()
}

/// Opens Try it and submits Maji Farms: a start-up in `country` (Kenya's "KE", or a bad
/// one), agritech, seed, asking 300k, with solar irrigation for its description.
async fn try_maji_farms(client: &Client, base: &str, country: &str) {
    client.goto(&format!("{base}/try")).await.unwrap();
    fill(client, "#t-name", "Maji Farms").await;
    client
        .find(Locator::Css("#t-kind"))
        .await
        .unwrap()
        .select_by_value("startup")
        .await
        .unwrap();
    fill(client, "#t-country", country).await;
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
    fill(client, "#t-ask", "300k").await;
    fill(
        client,
        "#t-description",
        "Solar-powered irrigation for smallholder farmers",
    )
    .await;
    submit(client, "form.describe button").await;
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

        let name = search_solar_start_ups(&client).await;
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
fn a_new_user_finds_matches_for_an_investor_a_start_up_and_a_partner_from_the_home_page() {
    let server = demo_server();
    let base = server.base.clone();
    in_browser(Screen::Desktop, |client| async move {
        // Nothing typed: the home page's examples, one click each.
        for (kind, label) in [
            ("investor", "Investor"),
            ("startup", "Start-up / SME"),
            ("partner", "Partner"),
        ] {
            client.goto(&base).await.unwrap();
            let card = format!(".cards .card.kind-{kind} h3 a");
            let name = client
                .find(Locator::Css(&card))
                .await
                .unwrap_or_else(|_| panic!("the home page offers no {label} to start from"))
                .text()
                .await
                .unwrap();
            click_and_load(&client, Locator::Css(&card)).await;
            let h1 = client.find(Locator::Css("h1")).await.unwrap();
            assert_eq!(h1.text().await.unwrap(), name);
            let shown_kind = client.find(Locator::Css(".profile .kind")).await.unwrap();
            assert_eq!(shown_kind.text().await.unwrap(), label);
            let matches = client.find_all(Locator::Css(".match")).await.unwrap();
            assert!(!matches.is_empty(), "{label} {name}: no matches");
            for m in &matches {
                let bars = m.find_all(Locator::Css(".bar-row")).await.unwrap();
                assert!(bars.len() >= 8, "{label} {name}: {} bars", bars.len());
                let fill = m.find(Locator::Css(".bar .fill")).await.unwrap();
                assert!(fill.is_displayed().await.unwrap());
                let reason = m.find(Locator::Css(".bar-reason")).await.unwrap();
                assert!(!reason.text().await.unwrap().is_empty());
            }
            screenshot(&client, &format!("walk-{kind}")).await;
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
        try_maji_farms(&client, &base, "Narnia").await;
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

/// Each match shown has its score bars, with a reason.
async fn assert_matches_with_bars(client: &Client, what: &str) {
    let matches = client.find_all(Locator::Css(".match")).await.unwrap();
    assert!(!matches.is_empty(), "{what}: no matches");
    for m in &matches {
        let bars = m.find_all(Locator::Css(".bar-row")).await.unwrap();
        assert!(bars.len() >= 8, "{what}: {} bars", bars.len());
        // A component may score nothing (an empty fill); some must score.
        let mut filled = false;
        for fill in m.find_all(Locator::Css(".bar .fill")).await.unwrap() {
            filled |= fill.is_displayed().await.unwrap();
        }
        assert!(filled, "{what}: no bar shows a fill");
        let reason = m.find(Locator::Css(".bar-reason")).await.unwrap();
        assert!(
            !reason.text().await.unwrap().is_empty(),
            "{what}: a bar without reason"
        );
    }
}

#[test]
fn without_javascript_search_matches_filters_more_tabs_and_try_it_work_as_links_and_forms() {
    let server = demo_server();
    let base = server.base.clone();
    in_browser_with(Screen::Desktop, Script::Off, |client| async move {
        // Proof that the page's own script does not run: tandem.js hides the fields that do
        // not apply to the chosen kind (and disables them), so with it no kind shows both the
        // start-up's and the investor's fields. With `Script::On` this test fails here.
        // (WebDriver's `execute` bypasses the page setting, so it cannot serve as the proof;
        // the helpers below use it only to wait for pages.)
        client.goto(&format!("{base}/try")).await.unwrap();
        for field in ["#t-ask", "#t-min", "#t-max"] {
            let input = client.find(Locator::Css(field)).await.unwrap();
            let shown = input.is_displayed().await.unwrap();
            assert!(shown, "{field} is hidden: the page's script ran");
            let enabled = input.is_enabled().await.unwrap();
            assert!(enabled, "{field} is disabled: the page's script ran");
        }

        // Search from the home page's form.
        client.goto(&base).await.unwrap();
        let name = search_solar_start_ups(&client).await;

        // Open a result: its matches, with their bars.
        click_and_load(&client, Locator::Css(".cards .card h3 a")).await;
        let h1 = client.find(Locator::Css("h1")).await.unwrap();
        assert_eq!(h1.text().await.unwrap(), name);
        let before = match_ids(&client).await;
        assert_eq!(before.len(), 10, "{before:?}");
        assert_matches_with_bars(&client, "a start-up's investors").await;

        // A filter from the filter form changes the list.
        client
            .find(Locator::Css("#f-region"))
            .await
            .unwrap()
            .select_by_value("western-africa")
            .await
            .unwrap();
        submit(&client, "form.filters button").await;
        let url = client.current_url().await.unwrap();
        assert!(
            url.query()
                .unwrap_or_default()
                .contains("region=western-africa"),
            "{url}"
        );
        let filtered = match_ids(&client).await;
        assert!(!filtered.is_empty(), "the region filter left nothing");
        assert_ne!(before, filtered, "the region filter changed nothing");
        assert_matches_with_bars(&client, "filtered").await;

        // "More matches" is a link: the same first ones, then more.
        click_and_load(&client, Locator::LinkText("More matches")).await;
        let more = match_ids(&client).await;
        assert!(more.len() > filtered.len(), "{more:?}");
        assert_eq!(more[..filtered.len()], filtered[..]);

        // A kind tab is a link.
        click_and_load(&client, Locator::LinkText("Partners")).await;
        let url = client.current_url().await.unwrap();
        assert!(
            url.query().unwrap_or_default().contains("kind=partner"),
            "{url}"
        );
        let kinds = client.find_all(Locator::Css(".match .kind")).await.unwrap();
        assert!(!kinds.is_empty());
        for kind in kinds {
            assert_eq!(kind.text().await.unwrap(), "Partner");
        }
        assert_matches_with_bars(&client, "partners").await;

        // Try it: every field shows, the start-up's are filled, the others left empty.
        try_maji_farms(&client, &base, "KE").await;
        let heading = client
            .find(Locator::Css("#results-heading"))
            .await
            .expect("Try it shows matches")
            .text()
            .await
            .unwrap();
        assert_eq!(heading, "Investors that fit Maji Farms");
        assert_eq!(match_ids(&client).await.len(), 10);
        assert_matches_with_bars(&client, "Try it").await;
        screenshot(&client, "nojs-try-matches").await;
    });
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
        // And with matches, scrolled to them (the README shows this one).
        try_maji_farms(&client, &base, "KE").await;
        assert!(!match_ids(&client).await.is_empty(), "no matches");
        no_sideways_scroll_on_a_phone(&client, "/try with matches").await;
        // A match's facts run on as one text: the places follow the kind on its line, not
        // in a column of their own.
        let gap = client
            .execute(
                "const kind = document.querySelector('.match .facts .kind'); \
                 const range = document.createRange(); \
                 range.selectNodeContents(kind.nextSibling); \
                 const [k, text] = [kind.getBoundingClientRect(), range.getClientRects()[0]]; \
                 return [text.left - k.right, Math.abs(text.top - k.top)];",
                vec![],
            )
            .await
            .unwrap();
        let [across, down] = [0, 1].map(|i| gap[i].as_f64().unwrap());
        assert!(
            (0.0..4.0).contains(&across) && down < 4.0,
            "the places do not follow the kind: {gap}"
        );
        client
            .execute(
                "document.getElementById('results').scrollIntoView();",
                vec![],
            )
            .await
            .unwrap();
        screenshot(&client, "phone-try-matches").await;
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
    let work = root.path().to_path_buf();
    let bench = generate_benchmark(&work);
    in_browser(Screen::Phone, move |client| async move {
        client.goto(&format!("{base}/analyst")).await.unwrap();
        let text = main_text(&client).await;
        assert!(
            text.contains("No evaluation report") && text.contains("eval --bench"),
            "{text}"
        );
        no_sideways_scroll_on_a_phone(&client, "/analyst without a report").await;
        screenshot(&client, "phone-analyst-how-to").await;

        let report = evaluate(&work, &data, &bench);
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

/// JavaScript shared by the accessibility checks: colours, WCAG contrast, visibility.
const A11Y_JS: &str = r#"
function visible(el) {
  if (!el.getClientRects().length) return false;
  const s = getComputedStyle(el);
  return s.visibility !== 'hidden' && s.display !== 'none';
}
function parse(c) {
  const m = /rgba?\(([^)]*)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(x => x !== '').map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
// The opaque colour behind `el`: its own and its ancestors' background colours, composited
// from the first opaque one (or the white canvas) up; null over a background image.
function backdrop(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage !== 'none') return null;
    const c = parse(s.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
function hex(c) {
  return '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('')
    + (c[3] < 1 ? '@' + c[3] : '');
}
function tag(el) {
  return '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
    + '>';
}
function describe(el) {
  const text = (el.innerText || el.textContent || el.value || '').trim().replace(/\s+/g, ' ');
  return tag(el) + ' "' + text.slice(0, 60) + '"';
}
function opacity(el) {
  let o = 1;
  for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
  return o;
}
"#;

/// Checks the page shown: every visible field has an accessible name, every link and button
/// a name, every visible text meets WCAG AA contrast on its background (4.5:1; 3:1 for large
/// text), and the component bars' fills stand out from their tracks (3:1). Returns
/// `{problems, texts, skipped}`: what fails, how many texts were checked, how many were
/// over a background image (not checked).
const AUDIT_JS: &str = r#"
const problems = [];
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden' || el.type === 'submit' || !visible(el)) continue;
  let name = '';
  const by = el.getAttribute('aria-labelledby');
  if (by) name = by.split(/\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  if (!name.trim()) name = el.getAttribute('aria-label') || '';
  if (!name.trim() && el.labels) name = [...el.labels].map(l => l.textContent).join(' ');
  if (!name.trim()) problems.push('field without a label: ' + describe(el) + ' name=' + el.name);
}
for (const el of document.querySelectorAll('a[href], button, summary')) {
  if (!visible(el)) continue;
  const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
  if (!name) problems.push('link or button without a name: ' + describe(el));
}
let texts = 0, skipped = 0;
function check(el, colour, what, text) {
  if (!visible(el)) return;
  const svg = el instanceof SVGElement;
  const bg = backdrop(svg ? el.closest('svg').parentElement : el);
  if (!bg) { skipped++; return; }
  const fg = parse(colour);
  if (!fg) { problems.push('unreadable colour ' + colour + ' of ' + describe(el)); return; }
  fg[3] *= opacity(el);
  const shown = over(fg, bg);
  const s = getComputedStyle(el);
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const need = large ? 3 : 4.5;
  const r = ratio(shown, bg);
  texts++;
  if (r < need) {
    problems.push(what + ' "' + text.trim().slice(0, 60) + '" in ' + tag(el) + ': ' + hex(fg) + ' on '
      + hex(bg) + ' is ' + r.toFixed(2) + ':1, below ' + need + ':1 (' + size + 'px, weight '
      + s.fontWeight + ')');
  }
}
for (const el of document.body.querySelectorAll('*')) {
  if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION'].includes(el.tagName)) continue;
  const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
    .map(n => n.textContent).join('').trim();
  const s = getComputedStyle(el);
  if (own) check(el, el instanceof SVGElement ? s.fill : s.color, 'text', own);
  if (el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')) {
    if (el.value) check(el, s.color, 'typed text', el.value);
    else if (el.placeholder) check(el, getComputedStyle(el, '::placeholder').color, 'placeholder', el.placeholder);
  }
  if (el.tagName === 'SELECT' && el.selectedIndex >= 0) {
    check(el, s.color, 'choice', el.options[el.selectedIndex].text);
  }
}
for (const fill of document.querySelectorAll('.bar .fill')) {
  if (!visible(fill) || fill.getBoundingClientRect().width === 0) continue;
  const track = backdrop(fill.parentElement);
  const r = ratio(parse(getComputedStyle(fill).backgroundColor), track);
  if (r < 3) problems.push('a bar fill ' + describe(fill.closest('.bar-row')) + ' is ' + r.toFixed(2) + ':1 on its track');
}
return {problems: problems, texts: texts, skipped: skipped};
"#;

/// What has the keyboard focus: `null` when nothing on the page has (the focus left it);
/// else whether it was focused before on this page (`again`), whether it follows the one
/// focused before in the document (`after`), whether it shows a focus indicator (an
/// outline or a box shadow) and the outline's contrast on what is behind it (`ring`).
const FOCUSED_JS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const seen = window.tandemTabbed || (window.tandemTabbed = []);
const again = seen.includes(el);
const after = seen.length === 0 || again
  || (seen[seen.length - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
if (!again) seen.push(el);
const s = getComputedStyle(el);
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
const shadow = s.boxShadow !== 'none';
let ring = null;
if (outline) {
  const behind = backdrop(el.parentElement) || [255, 255, 255, 1];
  ring = ratio(over(parse(s.outlineColor), behind), behind);
}
return {
  again: again, after: after, what: describe(el), indicator: outline || shadow, ring: ring,
  href: el.getAttribute('href'), id: el.id,
  in_main: !!el.closest('main'),
  match: el.matches('.match h3 a'), example: el.matches('.card h3 a'),
  kind_tab: el.matches('.tabs a'), field: el.matches('input, select, textarea')
};
"#;

/// The visible, enabled elements a keyboard user should reach that Tab did not.
const UNREACHED_JS: &str = r#"
const seen = window.tandemTabbed || [];
return [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)].filter(e => visible(e) && !e.disabled && !seen.includes(e)).map(describe);
"#;

/// Runs `body` (the body of a function, which may `return`) after [`A11Y_JS`].
async fn run_js(client: &Client, body: &str) -> Value {
    client
        .execute(&format!("{A11Y_JS}\n{body}"), vec![])
        .await
        .unwrap()
}

/// Presses and releases `key` on whatever has the focus.
async fn press(client: &Client, key: Key) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    client.perform_actions(keys).await.unwrap();
}

/// Presses Tab and says what has the focus then (see [`FOCUSED_JS`]).
async fn tab(client: &Client) -> Value {
    press(client, Key::Tab).await;
    run_js(client, FOCUSED_JS).await
}

/// The problems [`AUDIT_JS`] finds on the page shown (`what`), each prefixed with `what`.
async fn audit(client: &Client, what: &str) -> Vec<String> {
    let report = run_js(client, AUDIT_JS).await;
    let texts = report["texts"].as_u64().unwrap();
    assert!(texts >= 10, "{what}: only {texts} texts checked: {report}");
    assert_eq!(report["skipped"], 0, "{what}: texts over images: {report}");
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{what}: {}", p.as_str().unwrap()))
        .collect()
}

/// Tabs through the page shown (`what`), from its top until the focus leaves the page, and
/// returns the problems: an element focused out of document order, one without a visible
/// focus indicator (or an outline under 3:1 on what is behind it), one never reached.
/// Returns the problems and what was focused, in order.
async fn keyboard_walk(client: &Client, what: &str) -> (Vec<String>, Vec<Value>) {
    let mut problems = Vec::new();
    let mut focused = Vec::new();
    loop {
        let now = tab(client).await;
        if now.is_null() || now["again"] == true {
            break;
        }
        let element = now["what"].as_str().unwrap().to_string();
        if now["after"] != true {
            problems.push(format!("{what}: Tab goes back up the page to {element}"));
        }
        if now["indicator"] != true {
            problems.push(format!("{what}: no visible focus indicator on {element}"));
        } else if let Some(ring) = now["ring"].as_f64()
            && ring < 3.0
        {
            problems.push(format!(
                "{what}: the focus outline of {element} is {ring:.2}:1 on its background, below 3:1"
            ));
        }
        focused.push(now);
        assert!(focused.len() < 300, "{what}: Tab never leaves the page");
    }
    let unreached = run_js(client, UNREACHED_JS).await;
    for element in unreached.as_array().unwrap() {
        problems.push(format!("{what}: Tab never reaches {element}"));
    }
    (problems, focused)
}

/// Opens `path` afresh, presses Tab until the focus is on an element for which `wanted`
/// holds (a [`FOCUSED_JS`] answer), presses Enter and waits for the next page; returns the
/// link's `href`.
async fn tab_to_and_follow(
    client: &Client,
    base: &str,
    path: &str,
    wanted: fn(&Value) -> bool,
) -> String {
    client.goto(&format!("{base}{path}")).await.unwrap();
    let link = loop {
        let now = tab(client).await;
        assert!(
            !now.is_null() && now["again"] != true,
            "{path}: Tab never reached the link wanted"
        );
        if wanted(&now) {
            break now["href"].as_str().unwrap().to_string();
        }
    };
    mark_page(client).await;
    press(client, Key::Enter).await;
    wait_for_next_page(client).await;
    assert_eq!(
        client.current_url().await.unwrap().path(),
        link,
        "Enter on {link}"
    );
    link
}

#[test]
fn every_page_has_labelled_fields_aa_contrast_and_works_from_the_keyboard() {
    let server = demo_server();
    let base = server.base.clone();
    let data = server.data_dir();
    let token = access_token(&server, "inv-0001");
    let root = tempfile::tempdir().unwrap();
    let work = root.path().to_path_buf();
    let bench = generate_benchmark(&work);
    in_browser(Screen::Desktop, move |client| async move {
        let mut problems = Vec::new();
        let pages = [
            "/",
            "/search?q=solar+irrigation",
            "/p/inv-0001",
            "/p/st-0042",
            "/p/pt-0007",
            "/try",
            "/analyst",
        ];
        let mut walks = Vec::new();
        for path in pages {
            client.goto(&format!("{base}{path}")).await.unwrap();
            problems.extend(audit(&client, path).await);
            let (found, focused) = keyboard_walk(&client, path).await;
            problems.extend(found);
            walks.push((path, focused));
        }

        // Tab first reaches the skip link, then the site's links, then the page's own
        // content: on the home page, the search field first.
        for (path, focused) in &walks {
            assert!(focused.len() >= 6, "{path}: {focused:?}");
            assert_eq!(
                focused[0]["href"], "#main",
                "{path}: first Tab: {}",
                focused[0]
            );
            // The first form field Tab reaches; on a profile's page the kind tabs come
            // before the filters.
            let field = match *path {
                "/" | "/search?q=solar+irrigation" => Some("q"),
                "/try" => Some("t-name"),
                "/analyst" => None,
                _ => Some("f-region"),
            };
            let first_field = focused.iter().position(|f| f["field"] == true);
            assert_eq!(
                first_field.map(|i| focused[i]["id"].as_str().unwrap()),
                field,
                "{path}: the first field Tab reaches"
            );
            if path.starts_with("/p/") {
                let first_tab = focused.iter().position(|f| f["kind_tab"] == true);
                assert!(first_tab < first_field, "{path}: {focused:?}");
                assert!(first_tab.is_some(), "{path}: the kind tabs are not reached");
            }
        }
        // The skip link skips: Enter on it, then Tab, is the search field.
        client.goto(&base).await.unwrap();
        let skip = tab(&client).await;
        assert_eq!(skip["href"], "#main");
        press(&client, Key::Enter).await;
        assert_eq!(tab(&client).await["id"], "q", "Tab after the skip link");

        // With a field's error shown, and with matches.
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
        fill(&client, "#t-ask", "lots").await;
        submit(&client, "form.describe button").await;
        let errors = client.find_all(Locator::Css(".field-error")).await.unwrap();
        assert!(!errors.is_empty(), "no field error shown");
        problems.extend(audit(&client, "/try with an error").await);
        problems.extend(keyboard_walk(&client, "/try with an error").await.0);
        fill(&client, "#t-country", "KE").await;
        fill(&client, "#t-ask", "300k").await;
        submit(&client, "form.describe button").await;
        assert!(!match_ids(&client).await.is_empty(), "no matches");
        problems.extend(audit(&client, "/try with matches").await);

        // The Analyst page with a report: its table and chart.
        evaluate(&work, &data, &bench);
        client.goto(&format!("{base}/analyst")).await.unwrap();
        assert!(main_text(&client).await.contains("Metrics"));
        problems.extend(audit(&client, "/analyst with a report").await);
        problems.extend(keyboard_walk(&client, "/analyst with a report").await.0);

        // Acting as a profile: Like/Pass/Meet buttons, the shortlist, the editor.
        sign_in(&client, &base, &token, "inv-0001").await;
        problems.extend(audit(&client, "/p/inv-0001 signed in").await);
        problems.extend(keyboard_walk(&client, "/p/inv-0001 signed in").await.0);
        for path in ["/p/inv-0001/shortlist", "/p/inv-0001/edit"] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            problems.extend(audit(&client, path).await);
            problems.extend(keyboard_walk(&client, path).await.0);
        }
        assert!(
            problems.is_empty(),
            "{} accessibility problems; the first 40:\n{}",
            problems.len(),
            problems[..problems.len().min(40)].join("\n")
        );

        // From the keyboard alone: an example on the home page, then a match on its page.
        let example = tab_to_and_follow(&client, &base, "/", |f| f["example"] == true).await;
        assert!(example.starts_with("/p/"), "{example}");
        assert!(!match_ids(&client).await.is_empty());
        let first = match_ids(&client).await[0].clone();
        let opened = tab_to_and_follow(&client, &base, &example, |f| f["match"] == true).await;
        assert_eq!(
            opened,
            format!("/p/{first}"),
            "Tab reaches the best match first"
        );
        screenshot(&client, "keyboard-opened-match").await;
    });
}

/// A small synthetic deal benchmark in `work/bench`; returns its path.
fn generate_benchmark(work: &Path) -> PathBuf {
    let bench = work.join("bench");
    common::ok(common::tandem(
        work,
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
    bench
}

/// Evaluates on `bench` with `--data data`, so that the Analyst page of a server on `data`
/// shows the report; returns the report's folder (`work/report`).
fn evaluate(work: &Path, data: &Path, bench: &Path) -> PathBuf {
    let report = work.join("report");
    common::ok(common::tandem(
        work,
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
    report
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
