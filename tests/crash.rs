//! Crash safety, shown rather than argued: `tandem import` and `tandem serve` are killed with
//! SIGKILL at seeded random moments, and what they leave behind is checked.
//!
//! After every kill of an import, the store must open, hold exactly the old set of profiles or
//! the new one, rank byte for byte like a clean store built from that set in one import, keep
//! no torn feature cache file, and take a later import. After every kill of a server in the
//! middle of batch writes, every batch it acknowledged must be stored, the batch in flight must
//! be stored whole or not at all, and a restarted server must accept new writes.
//!
//! Seeded: the same `SEED` gives the same data, kill moments and batches (the moments are
//! fractions of an import timed on the machine, so slower machines are hit at the same phases).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tandem_engine::cache::FeatureCache;
use tandem_engine::synth::{self, SynthConfig};
use tandem_engine::{Kind, MatchRequest, Profile, Store, Weights, rank};

use common::server::Server;

/// Seed of the data, the kill moments and the batches.
const SEED: u64 = 12;
/// How many times `tandem import` is killed.
const IMPORT_KILLS: usize = 20;
/// How many times `tandem serve` is killed.
const SERVE_KILLS: usize = 8;
const KEY: &str = "crash-test-key-0123456789";

/// Profiles by id, each in normal-form JSON: what a store holds, comparable as a whole.
type Set = BTreeMap<String, String>;

fn set_of<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Set {
    profiles
        .into_iter()
        .map(|p| (p.id.clone(), p.to_json()))
        .collect()
}

/// A synthetic market with deal histories: synth gives none, so some start-ups get backers
/// and some investors a portfolio, drawn from the same market.
fn market(config: SynthConfig, rng: &mut ChaCha8Rng) -> Vec<Profile> {
    let mut profiles = synth::generate(&config);
    let of_kind = |kind: Kind| -> Vec<String> {
        profiles
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.id.clone())
            .collect()
    };
    let investors = of_kind(Kind::Investor);
    let startups = of_kind(Kind::Startup);
    for p in &mut profiles {
        match p.kind {
            Kind::Startup if rng.random_bool(0.3) => {
                let n = rng.random_range(1..=3);
                p.backers = (0..n)
                    .map(|_| investors[rng.random_range(0..investors.len())].clone())
                    .collect();
            }
            Kind::Investor if rng.random_bool(0.4) => {
                let n = rng.random_range(2..=8);
                p.portfolio = (0..n)
                    .map(|_| startups[rng.random_range(0..startups.len())].clone())
                    .collect();
            }
            _ => {}
        }
        p.normalize().expect("a market profile stays valid");
    }
    profiles
}

fn write_jsonl<'a>(path: &Path, profiles: impl IntoIterator<Item = &'a String>) {
    let mut text = String::new();
    for json in profiles {
        text.push_str(json);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

/// `tandem import` of `file` into `data`, as a child process.
fn import_child(data: &Path, file: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("--data")
        .arg(data)
        .arg("import")
        .arg(file)
        .env_remove("TANDEM_DATA")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tandem import starts")
}

/// Runs `tandem import` to its end, asserting success.
fn import(data: &Path, file: &Path) {
    let output = import_child(data, file).wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "import of {} into {} failed: {}",
        file.display(),
        data.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies a data directory (two levels: `index/`, `cache/features/`).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The profiles of a store, opened the way every command opens it.
fn stored(data: &Path) -> Set {
    let store = Store::open(data)
        .unwrap_or_else(|e| panic!("the store in {} does not open: {e}", data.display()));
    set_of(&store.snapshot().profiles(None).unwrap())
}

/// Who asks for matches, chosen from a set: investors and start-ups with and without deal
/// history, a partner, and a reciprocal request. Returns (id, reciprocal).
fn askers(set: &Set) -> Vec<(String, bool)> {
    let profiles: Vec<Profile> = set
        .values()
        .map(|j| Profile::from_json(j).unwrap())
        .collect();
    let first = |what: &str, test: &dyn Fn(&Profile) -> bool| {
        profiles
            .iter()
            .find(|p| test(p))
            .unwrap_or_else(|| panic!("the set has no {what}"))
            .id
            .clone()
    };
    let is = |kind| move |p: &Profile| p.kind == kind;
    let startup = is(Kind::Startup);
    let investor = is(Kind::Investor);
    vec![
        (
            first("investor with a portfolio", &|p| {
                investor(p) && !p.portfolio.is_empty()
            }),
            false,
        ),
        (
            first("investor without a portfolio", &|p| {
                investor(p) && p.portfolio.is_empty()
            }),
            false,
        ),
        (
            first("start-up with backers", &|p| {
                startup(p) && !p.backers.is_empty()
            }),
            false,
        ),
        (
            first("start-up without backers", &|p| {
                startup(p) && p.backers.is_empty()
            }),
            false,
        ),
        (first("partner", &is(Kind::Partner)), false),
        (first("start-up", &startup), true),
    ]
}

/// Every asker's matches in a store, serialised: equal strings mean equal rankings, scores
/// to the last bit included.
fn rankings(data: &Path, askers: &[(String, bool)]) -> Vec<String> {
    let store = Store::open(data)
        .unwrap_or_else(|e| panic!("the store in {} does not open: {e}", data.display()));
    let snapshot = store.snapshot();
    let weights = Weights::default();
    askers
        .iter()
        .map(|(id, reciprocal)| {
            let query = snapshot.require(id).unwrap();
            let request = MatchRequest {
                limit: 25,
                reciprocal: *reciprocal,
                ..MatchRequest::default()
            };
            let found = rank(&snapshot, &weights, &query, &request)
                .unwrap_or_else(|e| panic!("ranking for {id} failed: {e}"));
            serde_json::to_string(&found).unwrap()
        })
        .collect()
}

/// A set a store may hold, with its askers and their rankings in two stores holding it: one
/// built clean (one import of the whole set), and one with the killed store's history (the
/// old store, or the old store plus an uninterrupted import of the new file).
struct Expected {
    name: &'static str,
    set: Set,
    askers: Vec<(String, bool)>,
    clean: Vec<String>,
    same_history: Vec<String>,
}

impl Expected {
    fn new(name: &'static str, set: Set, clean: &Path, same_history: &Path) -> Expected {
        for store in [clean, same_history] {
            let held = stored(store);
            assert!(
                held == set,
                "{} does not hold the {name} set: {}",
                store.display(),
                difference(&held, &set)
            );
        }
        let askers = askers(&set);
        Expected {
            name,
            clean: rankings(clean, &askers),
            same_history: rankings(same_history, &askers),
            set,
            askers,
        }
    }

    /// How a store's rankings differ from those of the clean store and of the same-history
    /// one, if they do.
    fn ranking_differences(&self, data: &Path, context: &str) -> Vec<String> {
        let got = rankings(data, &self.askers);
        let mut found = Vec::new();
        for (label, want) in [("clean", &self.clean), ("same-history", &self.same_history)] {
            let first = self
                .askers
                .iter()
                .zip(got.iter().zip(want))
                .find(|(_, (got, want))| got != want);
            if let Some(((asker, reciprocal), (got, want))) = first {
                found.push(format!(
                    "{context}: matches for {asker} (reciprocal: {reciprocal}) differ from a \
                     {label} store of the {} set; from the first difference:\n got: {}\nwant: {}",
                    self.name,
                    from_first_difference(got, want),
                    from_first_difference(want, got),
                ));
            }
        }
        found
    }
}

/// `text` from a little before where it first differs from `other`.
fn from_first_difference<'a>(text: &'a str, other: &str) -> &'a str {
    let at = text
        .bytes()
        .zip(other.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(text.len().min(other.len()));
    let mut start = at.saturating_sub(300);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 300).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// Describes how two sets differ, briefly.
fn difference(got: &Set, want: &Set) -> String {
    let missing = want.keys().filter(|id| !got.contains_key(*id)).count();
    let extra = got.keys().filter(|id| !want.contains_key(*id)).count();
    let changed: Vec<&String> = want
        .iter()
        .filter(|(id, json)| got.get(*id).is_some_and(|g| g != *json))
        .map(|(id, _)| id)
        .collect();
    format!(
        "{} profiles, expected {}: {missing} missing, {extra} extra, {} changed (first: {:?})",
        got.len(),
        want.len(),
        changed.len(),
        changed.first()
    )
}

/// Segments of the store's last commit, by id as cache files name them, with their sizes.
fn live_segments(data: &Path) -> BTreeMap<String, u32> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("index/meta.json")).unwrap()).unwrap();
    meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["segment_id"].as_str().unwrap().replace('-', ""),
                s["max_doc"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

/// What a crash left behind, before anything opens the store again.
#[derive(Default, Debug)]
struct Leftovers {
    /// Index files of segments the last commit does not list.
    orphan_index_files: usize,
    /// Temporary files of the feature cache.
    cache_temp_files: usize,
    /// Cache files of the live segments, each of which must load whole.
    live_cache_files: usize,
}

/// Counts the leftovers and asserts that every cache file of a live segment loads: the cache
/// is written through a temporary file and a rename, so a kill never leaves a torn one.
fn leftovers(data: &Path) -> Leftovers {
    let live = live_segments(data);
    let mut found = Leftovers::default();
    for entry in std::fs::read_dir(data.join("index")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let stem = name.split('.').next().unwrap_or_default();
        if stem.len() == 32 && !live.contains_key(stem) {
            found.orphan_index_files += 1;
        }
    }
    let folder = data.join("cache/features");
    let cache = FeatureCache::new(&folder);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("tmp") => found.cache_temp_files += 1,
            Some("features") => {
                if let Some(max_doc) = live.get(&stem) {
                    found.live_cache_files += 1;
                    if let Err(miss) = cache.load(&stem, *max_doc) {
                        panic!("{}: torn feature cache file: {miss}", path.display());
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// When an import commits and ends, measured on an uninterrupted run into `data`.
fn time_import(data: &Path, file: &Path) -> (Duration, Duration) {
    let meta = data.join("index/meta.json");
    let before = std::fs::read(&meta).unwrap();
    let start = Instant::now();
    let mut child = import_child(data, file);
    let mut commit = None;
    loop {
        if commit.is_none() && std::fs::read(&meta).is_ok_and(|now| now != before) {
            commit = Some(start.elapsed());
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let total = start.elapsed();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (commit.expect("the import commits"), total)
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_old_set_or_the_new_one() {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let root = tempfile::tempdir().unwrap();
    let path = |name: &str| -> PathBuf { root.path().join(name) };

    // The old store: 1,500 profiles. The new file replaces two thirds of them (same id, other
    // content) and adds about 1,900 new ones: enough for the debug build's import to take most
    // of a second, so that kills land in every phase.
    let old = market(
        SynthConfig {
            startups: 1_200,
            investors: 180,
            partners: 120,
            seed: SEED,
        },
        &mut rng,
    );
    let incoming: Vec<Profile> = market(
        SynthConfig {
            startups: 2_400,
            investors: 360,
            partners: 160,
            seed: SEED + 1,
        },
        &mut rng,
    );
    let old_set = set_of(&old);
    let incoming: Vec<Profile> = incoming
        .into_iter()
        .filter(|p| !old_set.contains_key(&p.id) || !rng.random_bool(1.0 / 3.0))
        .collect();
    let replaced = incoming
        .iter()
        .filter(|p| old_set.contains_key(&p.id))
        .count();
    let mut new_set = old_set.clone();
    new_set.extend(set_of(&incoming));
    assert!(replaced > 0 && new_set.len() > old_set.len() && replaced < old_set.len());

    write_jsonl(&path("old.jsonl"), old_set.values());
    write_jsonl(&path("new.jsonl"), set_of(&incoming).values());
    write_jsonl(&path("new-set.jsonl"), new_set.values());
    import(&path("old"), &path("old.jsonl"));
    import(&path("clean-new"), &path("new-set.jsonl"));

    // An uninterrupted import times the commit and the end; kill moments are spread over that
    // span, with some very early and some around the commit.
    let timed = path("timed");
    copy_dir(&path("old"), &timed);
    let (commit, total) = time_import(&timed, &path("new.jsonl"));
    let old = Expected::new("old", old_set, &path("old"), &path("old"));
    let new = Expected::new("new", new_set, &path("clean-new"), &timed);
    println!(
        "import of {} profiles ({replaced} replaced) into {} : commit after {commit:?}, end after {total:?}",
        incoming.len(),
        old.set.len(),
    );
    let mut moments: Vec<Duration> = (0..IMPORT_KILLS)
        .map(|i| match i % 4 {
            0 => Duration::from_millis(rng.random_range(0..30)),
            1 => commit.mul_f64(rng.random_range(0.85..1.15)),
            _ => total.mul_f64(rng.random_range(0.0..1.1)),
        })
        .collect();
    moments.sort();

    let (mut before_commit, mut after_commit) = (0, 0);
    let mut left = Leftovers::default();
    let mut unlike = Vec::new();
    for (i, moment) in moments.iter().enumerate() {
        let data = path(&format!("killed-{i}"));
        copy_dir(&path("old"), &data);
        let mut child = import_child(&data, &path("new.jsonl"));
        std::thread::sleep(*moment);
        child.kill().unwrap();
        child.wait().unwrap();
        let context = format!("kill {i} after {moment:?}");

        let found = leftovers(&data);
        left.orphan_index_files += found.orphan_index_files;
        left.cache_temp_files += found.cache_temp_files;
        left.live_cache_files += found.live_cache_files;

        let held = stored(&data);
        let expected = if held == old.set {
            before_commit += 1;
            &old
        } else if held == new.set {
            after_commit += 1;
            &new
        } else {
            panic!(
                "{context}: the store holds neither the old set ({}) nor the new one ({})",
                difference(&held, &old.set),
                difference(&held, &new.set)
            );
        };
        unlike.extend(expected.ranking_differences(&data, &context));
        import(&data, &path("new.jsonl"));
        assert!(
            stored(&data) == new.set,
            "{context}: a later import did not give the new set: {}",
            difference(&stored(&data), &new.set)
        );
        std::fs::remove_dir_all(&data).unwrap();
    }
    println!(
        "{} kills of `tandem import`: {before_commit} before the commit (old set), {after_commit} \
         after it (new set); left behind: {left:?}",
        moments.len()
    );

    // What a crash can leave, planted on purpose: a torn cache file of a live segment, a
    // temporary cache file, a cache file of a segment that no longer exists. None of it may
    // change a ranking or stop an import.
    let live = live_segments(&timed);
    let (segment, _) = live.iter().next().unwrap();
    let cache = timed.join("cache/features");
    let file = cache.join(format!("{segment}.features"));
    let whole = std::fs::read(&file).unwrap();
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    std::fs::write(cache.join(format!("{segment}.4242.0.tmp")), &whole[..100]).unwrap();
    std::fs::write(cache.join(format!("{}.features", "0".repeat(32))), &whole).unwrap();
    unlike.extend(new.ranking_differences(&timed, "planted leftovers"));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        whole,
        "the torn cache file is rebuilt"
    );
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names.len(),
        live.len(),
        "only live cache files remain: {names:?}"
    );
    import(&timed, &path("new.jsonl"));
    assert!(stored(&timed) == new.set);

    println!("import crash test took {:?}", started.elapsed());
    // Checked last, so that a failure here comes after every crash check has passed.
    assert!(
        unlike.is_empty(),
        "{} rankings differ from those of a store with the same set; the first ones:\n{}",
        unlike.len(),
        unlike[..unlike.len().min(4)].join("\n")
    );
    assert!(
        before_commit > 0 && after_commit > 0,
        "every kill landed on the same side of the commit ({before_commit} before, \
         {after_commit} after): the moments do not cover the import"
    );
}

/// One batch of writes: new profiles and replacements of stored ones.
fn batch(rng: &mut ChaCha8Rng, stored: &Set, label: &str) -> Vec<Profile> {
    let config = SynthConfig {
        startups: 30,
        investors: 6,
        partners: 4,
        seed: rng.random(),
    };
    let mut profiles = synth::generate(&config);
    for p in &mut profiles {
        p.id = format!("{}-{label}", p.id);
    }
    let ids: Vec<&String> = stored.keys().collect();
    let mut replaced = BTreeMap::new();
    while replaced.len() < 20.min(ids.len()) {
        let id = ids[rng.random_range(0..ids.len())];
        let mut p = Profile::from_json(&stored[id]).unwrap();
        p.name = format!("{} {label}", p.name.split(' ').next().unwrap_or("P"));
        p.normalize().unwrap();
        replaced.insert(id.clone(), p);
    }
    profiles.extend(replaced.into_values());
    profiles
}

fn body(batch: &[Profile]) -> String {
    batch
        .iter()
        .map(Profile::to_json)
        .collect::<Vec<_>>()
        .join("\n")
}

/// POSTs a batch; `None` when the request failed (the server died), else the status.
fn post(base: &str, batch: &[Profile]) -> Option<u16> {
    let response = Server::agent()
        .post(format!("{base}/v1/profiles"))
        .header("x-api-key", KEY)
        .header("content-type", "application/jsonl")
        .send(body(batch))
        .ok()?;
    Some(response.status().as_u16())
}

#[test]
fn a_server_killed_during_batch_writes_keeps_every_acknowledged_batch() {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 0x5e7e);
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let base = market(
        SynthConfig {
            startups: 600,
            investors: 100,
            partners: 50,
            seed: SEED,
        },
        &mut rng,
    );
    Store::open_or_create(&data)
        .unwrap()
        .import(&base, &())
        .unwrap();
    // What the store must hold: every acknowledged batch applied in order.
    let mut model = set_of(&base);

    let mut server = Server::start_on(&data, Some(KEY));
    let (mut acknowledged, mut in_flight_stored, mut in_flight_lost) = (0, 0, 0);
    for round in 0..SERVE_KILLS {
        let client_seed: u64 = rng.random();
        let kill_after = Duration::from_millis(rng.random_range(0..1_500));
        let url = server.base.clone();
        let mut client_model = model.clone();
        // The client sends batches one after another until one fails; it returns the model
        // with every acknowledged batch applied, and the batch in flight when the server died.
        let client = std::thread::spawn(move || {
            let mut rng = ChaCha8Rng::seed_from_u64(client_seed);
            let mut acked = 0;
            for k in 0.. {
                let batch = batch(&mut rng, &client_model, &format!("r{round}b{k}"));
                match post(&url, &batch) {
                    Some(201) => {
                        client_model.extend(set_of(&batch));
                        acked += 1;
                    }
                    Some(status) => panic!("batch r{round}b{k} was answered {status}"),
                    None => return (client_model, batch, acked),
                }
            }
            unreachable!()
        });
        std::thread::sleep(kill_after);
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        let (acked_model, in_flight, acked) = client.join().unwrap();
        acknowledged += acked;

        let held = stored(&data);
        let mut with_in_flight = acked_model.clone();
        with_in_flight.extend(set_of(&in_flight));
        if held == acked_model {
            in_flight_lost += 1;
        } else if held == with_in_flight {
            in_flight_stored += 1;
        } else {
            panic!(
                "kill {round} after {kill_after:?} and {acked} acknowledged batches: the store \
                 lost an acknowledged write or holds part of a batch: {}",
                difference(&held, &acked_model)
            );
        }
        model = held;

        // The server restarts on what the kill left and takes a new batch.
        server = Server::start_on(&data, Some(KEY));
        let next = batch(&mut rng, &model, &format!("r{round}-restart"));
        assert_eq!(
            post(&server.base, &next),
            Some(201),
            "kill {round}: the restarted server refused a batch"
        );
        model.extend(set_of(&next));
        assert!(
            stored(&data) == model,
            "kill {round}: the batch after the restart is not stored whole: {}",
            difference(&stored(&data), &model)
        );
    }
    server.terminate();
    println!(
        "{SERVE_KILLS} kills of `tandem serve`: {acknowledged} acknowledged batches, all kept; \
         batch in flight stored whole {in_flight_stored} times, absent {in_flight_lost} times; \
         took {:?}",
        started.elapsed()
    );
}
