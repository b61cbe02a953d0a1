//! Derived binary caches: per-segment feature rows serialised with bincode.
//!
//! A cache is never the truth: it is rebuilt from the tantivy index whenever it is missing,
//! from another layout version, for another segment, or unreadable. Files are written to a
//! temporary name and renamed into place, so a crash mid-write leaves either the old file or
//! none, never a torn one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::features::{KindBlock, LAYOUT_VERSION, SegmentFeatures};

/// Marks a Tandem feature cache file.
const MAGIC: &str = "tandem-feature-cache";

/// What every version of the cache file starts with: read first, so that a file of another
/// layout is reported as stale rather than as unreadable.
#[derive(Deserialize)]
struct Header {
    magic: String,
    layout_version: u32,
}

/// Everything stored in one cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    magic: String,
    layout_version: u32,
    features: SegmentFeatures,
}

/// The folder of feature caches inside a data directory.
#[derive(Debug, Clone)]
pub struct FeatureCache {
    dir: PathBuf,
}

/// Why a cache file could not be used (it is then rebuilt).
#[derive(Debug, thiserror::Error)]
pub enum CacheMiss {
    /// No file for this segment.
    #[error("no cache file")]
    Missing,
    /// The file exists but could not be read or decoded.
    #[error("unreadable cache file: {0}")]
    Corrupt(String),
    /// The file was written by another layout version or for another segment.
    #[error("stale cache file: {0}")]
    Stale(String),
}

impl FeatureCache {
    /// The cache folder `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> FeatureCache {
        FeatureCache { dir: dir.into() }
    }

    /// The file holding a segment's features.
    pub fn path(&self, segment_id: &str) -> PathBuf {
        self.dir.join(format!("{segment_id}.features"))
    }

    /// Loads a segment's features, checking they belong to that segment and layout.
    pub fn load(&self, segment_id: &str, max_doc: u32) -> Result<SegmentFeatures, CacheMiss> {
        let bytes = match fs::read(self.path(segment_id)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(CacheMiss::Missing),
            Err(e) => return Err(CacheMiss::Corrupt(e.to_string())),
        };
        let not_ours = || CacheMiss::Corrupt("not a Tandem feature cache".into());
        let (header, _): (Header, usize) =
            bincode::serde::decode_from_slice(&bytes, bincode::config::standard())
                .map_err(|_| not_ours())?;
        if header.magic != MAGIC {
            return Err(not_ours());
        }
        if header.layout_version != LAYOUT_VERSION {
            return Err(CacheMiss::Stale(format!(
                "layout version {} (current {LAYOUT_VERSION})",
                header.layout_version
            )));
        }
        let (file, read): (CacheFile, usize) =
            bincode::serde::decode_from_slice(&bytes, bincode::config::standard())
                .map_err(|e| CacheMiss::Corrupt(e.to_string()))?;
        if read != bytes.len() {
            return Err(not_ours());
        }
        let f = file.features;
        if f.segment_id != segment_id || f.max_doc != max_doc || f.rows.len() != max_doc as usize {
            return Err(CacheMiss::Stale("written for another segment".into()));
        }
        let consistent = f.kinds.iter().all(|k| {
            k.docs.len() == k.ids.len()
                && k.rows.len() == k.docs.len()
                && k.updated.len() == k.docs.len()
        });
        if !consistent {
            return Err(CacheMiss::Corrupt("inconsistent row counts".into()));
        }
        if !f.kinds.iter().all(KindBlock::summaries_match) {
            return Err(CacheMiss::Corrupt("summaries do not match the rows".into()));
        }
        Ok(f)
    }

    /// Stores a segment's features atomically.
    pub fn store(&self, features: &SegmentFeatures) -> io::Result<()> {
        #[derive(Serialize)]
        struct CacheFileRef<'a> {
            magic: &'a str,
            layout_version: u32,
            features: &'a SegmentFeatures,
        }
        let bytes = bincode::serde::encode_to_vec(
            CacheFileRef {
                magic: MAGIC,
                layout_version: LAYOUT_VERSION,
                features,
            },
            bincode::config::standard(),
        )
        .map_err(io::Error::other)?;
        write_atomically(&self.path(&features.segment_id), &bytes)
    }

    /// Deletes cache files of segments that are no longer in the index.
    pub fn retain(&self, live_segments: &[String]) -> io::Result<()> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let ours = path
                .extension()
                .is_some_and(|e| e == "features" || e == "tmp");
            if ours && !live_segments.iter().any(|s| s == stem) {
                // Another process may have removed it first; that is fine.
                let _ = fs::remove_file(&path);
            }
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, syncing
/// the data first, so readers see the old content or the new, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile_in(dir, path)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    drop(tmp.1);
    fs::rename(&tmp.0, path)
}

/// A new, uniquely named temporary file next to `target`.
fn tempfile_in(dir: &Path, target: &Path) -> io::Result<(PathBuf, fs::File)> {
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("file");
    for attempt in 0..100u32 {
        let name = format!("{stem}.{}.{attempt}.tmp", std::process::id());
        let path = dir.join(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a temporary file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use crate::taxonomy::Kind;

    fn features() -> SegmentFeatures {
        let profiles = vec![
            Profile::new("a", Kind::Startup, "A"),
            Profile::new("b", Kind::Investor, "B"),
        ];
        SegmentFeatures::encode("seg1".into(), &profiles)
    }

    #[test]
    fn round_trips_and_detects_every_kind_of_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FeatureCache::new(dir.path().join("features"));
        assert!(matches!(cache.load("seg1", 2), Err(CacheMiss::Missing)));

        let f = features();
        cache.store(&f).unwrap();
        let back = cache.load("seg1", 2).unwrap();
        assert_eq!(back.kinds[0].ids, f.kinds[0].ids);
        // Debug output compares NaN (unknown money) as equal, unlike `==`.
        let rows = |f: &SegmentFeatures| format!("{:?}", f.kinds[0].rows);
        assert_eq!(rows(&back), rows(&f));

        assert!(matches!(cache.load("seg1", 3), Err(CacheMiss::Stale(_))));

        // A file of an older layout, whose rows no longer decode, is stale, not unreadable.
        let old = (MAGIC, LAYOUT_VERSION - 1, "rows of another shape");
        let bytes = bincode::serde::encode_to_vec(old, bincode::config::standard()).unwrap();
        fs::write(cache.path("seg1"), bytes).unwrap();
        assert!(matches!(cache.load("seg1", 2), Err(CacheMiss::Stale(_))));

        fs::write(cache.path("seg1"), b"garbage").unwrap();
        assert!(matches!(cache.load("seg1", 2), Err(CacheMiss::Corrupt(_))));

        cache.store(&f).unwrap();
        let whole = fs::read(cache.path("seg1")).unwrap();
        fs::write(cache.path("seg1"), &whole[..whole.len() / 2]).unwrap();
        assert!(matches!(cache.load("seg1", 2), Err(CacheMiss::Corrupt(_))));
    }

    #[test]
    fn retain_removes_only_dead_segments() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FeatureCache::new(dir.path());
        cache.store(&features()).unwrap();
        cache.retain(&["seg1".into()]).unwrap();
        assert!(cache.path("seg1").exists());
        cache.retain(&[]).unwrap();
        assert!(!cache.path("seg1").exists());
    }

    #[test]
    fn atomic_write_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
