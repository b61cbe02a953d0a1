//! The embedded demo data set: the profiles in `data/profiles.jsonl`, compiled into the
//! binary and unpacked into a store in the user's cache folder on first use.
//!
//! The folder name carries a hash of the data, so a new build with new demo data gets a new
//! store; the store is built in a temporary folder and renamed into place, so concurrent
//! first runs never see a half-built store.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use anyhow::{Context, Result};
use tandem_engine::progress::Progress;
use tandem_engine::{Store, jsonl};

/// The demo profiles, as JSON Lines.
pub const PROFILES: &str = include_str!("../../data/profiles.jsonl");

/// Where the demo store lives: `$TANDEM_CACHE_DIR`, else `$XDG_CACHE_HOME/tandem`, else
/// `~/.cache/tandem`, else the system temp folder; inside, one folder per data version.
pub fn store_dir() -> PathBuf {
    let base = std::env::var_os("TANDEM_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("tandem")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("tandem"))
        })
        .unwrap_or_else(|| std::env::temp_dir().join("tandem"));
    let mut hasher = DefaultHasher::new();
    PROFILES.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    base.join(format!("demo-{:016x}", hasher.finish()))
}

/// Opens the demo store, building it first if this is the first run.
pub fn open(progress: &dyn Progress) -> Result<Store> {
    let dir = store_dir();
    if dir.join("index").join("meta.json").exists() {
        return Ok(Store::open(&dir)?);
    }
    let parent = dir.parent().expect("the store folder has a parent");
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create the cache folder {}", parent.display()))?;
    let building = tempfile::Builder::new()
        .prefix("demo-building-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a folder in {}", parent.display()))?;
    {
        let profiles = jsonl::parse(PROFILES).context("the embedded demo data is invalid")?;
        let store = Store::open_or_create(building.path())?;
        store.import(&profiles, progress)?;
    }
    let built = building.keep();
    if std::fs::rename(&built, &dir).is_err() {
        // Another process finished first: use its store, drop ours.
        let _ = std::fs::remove_dir_all(&built);
    }
    Ok(Store::open(&dir)?)
}
