//! The data directory: a tantivy index (the truth) and the derived feature caches.
//!
//! ```text
//! DIR/index/              tantivy index; each document stores one profile's JSON
//! DIR/cache/features/     one bincode file per index segment (rebuildable, never the truth)
//! ```
//!
//! Writes go through tantivy commits, which are atomic: an import either commits whole or
//! leaves the previous commit in place, also across a crash. Readers work on a [`Snapshot`]
//! (a searcher plus the features of its segments) that never changes under them; a write
//! publishes a new snapshot when it commits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, RwLock};

use jiff::Timestamp;
use rayon::prelude::*;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, SegmentReader,
    TantivyDocument, TantivyError,
};

use crate::cache::{CacheMiss, FeatureCache};
use crate::error::{Error, Result};
use crate::features::{KindBlock, NO_UPDATE, SegmentFeatures};
use crate::index::{self, AllHits, Fields};
use crate::network::DealGraph;
use crate::profile::Profile;
use crate::progress::Progress;
use crate::taxonomy::Kind;
use crate::text::{LiveCorpus, LiveStatistics};

/// Profiles [`Snapshot::profiles`] reads in document order on one thread: enough that
/// neighbours share the doc store's blocks.
const PROFILES_READ_TOGETHER: usize = 4096;

/// Memory tantivy's writer may use before flushing a segment.
const WRITER_MEMORY: usize = 200_000_000;

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Profiles whose id was new.
    pub added: usize,
    /// Profiles that replaced a stored profile with the same id.
    pub replaced: usize,
}

/// An open data directory.
pub struct Store {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    features: FeatureLoader,
    current: RwLock<Arc<Snapshot>>,
}

/// Finds the features of each segment a searcher sees: in memory, in the cache, or encoded
/// from the stored profiles (and then cached).
struct FeatureLoader {
    dir: PathBuf,
    fields: Fields,
    cache: FeatureCache,
    /// Features of segments seen by this process, by segment id.
    loaded: Mutex<HashMap<String, Arc<SegmentFeatures>>>,
}

impl Store {
    /// Opens an existing data directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        let index_dir = dir.join("index");
        if !index_dir.join("meta.json").exists() {
            return Err(Error::NotAStore(dir));
        }
        let index = Index::open_in_dir(&index_dir)?;
        Store::with_index(dir, index)
    }

    /// Opens a data directory, creating an empty one if it does not exist yet.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        let index_dir = dir.join("index");
        if index_dir.join("meta.json").exists() {
            return Store::open(dir);
        }
        std::fs::create_dir_all(&index_dir).map_err(Error::io(&index_dir))?;
        let index = Index::create_in_dir(&index_dir, index::schema())?;
        Store::with_index(dir, index)
    }

    fn with_index(dir: PathBuf, index: Index) -> Result<Store> {
        index::register_analyzer(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::Corrupt {
            location: format!("schema of {}", dir.display()),
            message: e.to_string(),
        })?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let features = FeatureLoader {
            cache: FeatureCache::new(dir.join("cache").join("features")),
            dir: dir.clone(),
            fields,
            loaded: Mutex::new(HashMap::new()),
        };
        let first = features.snapshot(&index, reader.searcher())?;
        features.forget_all_but(&first);
        Ok(Store {
            dir,
            fields,
            reader,
            writer: Mutex::new(None),
            features,
            current: RwLock::new(Arc::new(first)),
            index,
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current consistent view for reading and ranking.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Re-reads the index and publishes a new snapshot. Called after every commit; call it to
    /// see commits made by another process.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload()?;
        let snapshot = Arc::new(
            self.features
                .snapshot(&self.index, self.reader.searcher())?,
        );
        let generation = |s: &Snapshot| s.searcher.generation().generation_id();
        {
            let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
            // Two writers refresh at once after their commits; the slower one must not put
            // back the older view, hiding a write already acknowledged.
            if generation(&current) > generation(&snapshot) {
                return Ok(());
            }
            *current = snapshot.clone();
        }
        self.features.forget_all_but(&snapshot);
        Ok(())
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        let mut guard = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(self.open_writer()?);
        }
        Ok(guard)
    }

    fn open_writer(&self) -> Result<IndexWriter> {
        let writer = self.index.writer(WRITER_MEMORY).map_err(|e| match e {
            TantivyError::LockFailure(..) => Error::Locked(self.dir.clone()),
            other => Error::Index(other),
        })?;
        // A writer killed before its commit leaves files the last commit does not list,
        // such as a `.del` file named after the opstamp the commit would have had. The
        // next import reaches the same opstamp and would fail on "file already exists",
        // again and again, since tantivy only collects garbage after a commit; so collect
        // it first. Only files no commit lists are removed, as every commit does anyway.
        writer.garbage_collect_files().wait()?;
        Ok(writer)
    }

    /// Inserts or replaces (by id) every profile, all or nothing, in one commit, stamped with
    /// the time of the write.
    ///
    /// Profiles must be valid (see [`crate::jsonl::parse`]) and their ids unique.
    pub fn import(&self, profiles: &[Profile], progress: &dyn Progress) -> Result<ImportSummary> {
        self.import_at(profiles, Timestamp::now(), progress)
    }

    /// [`Store::import`] with the time of the write given: every profile that is new or
    /// changed gets `at` as its update time; a profile byte for byte the same as the stored
    /// one keeps the time it had (it did not change). For replays, migrations and tests;
    /// [`Store::import`] passes the clock's time.
    pub fn import_at(
        &self,
        profiles: &[Profile],
        at: Timestamp,
        progress: &dyn Progress,
    ) -> Result<ImportSummary> {
        let mut ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::BadRequest(format!(
                "id `{}` appears twice in one import",
                pair[0]
            )));
        }
        let now = at.as_microsecond();
        let snapshot = self.snapshot();
        // Each profile's update time: the stored one when nothing changed, else the write's.
        let stamps: Vec<(bool, i64)> = profiles
            .par_iter()
            .map(|p| {
                let Some(address) = snapshot.address_of(&p.id)? else {
                    return Ok((false, now));
                };
                let doc: TantivyDocument = snapshot.searcher.doc(address)?;
                let same = self.fields.profile_json(&doc) == Some(p.to_json().as_str());
                let kept = self.fields.updated(&doc).filter(|_| same);
                Ok((true, kept.unwrap_or(now)))
            })
            .collect::<Result<_>>()?;
        let replaced = stamps.iter().filter(|(stored, _)| *stored).count();

        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer() opened it");
        progress.start("importing", profiles.len() as u64);
        let written = (|| {
            for (chunk, stamps) in profiles.chunks(1024).zip(stamps.chunks(1024)) {
                for (p, (_, updated)) in chunk.iter().zip(stamps) {
                    writer.delete_term(self.fields.id_term(&p.id));
                    writer.add_document(self.fields.document(p, *updated))?;
                }
                progress.advance(chunk.len() as u64);
            }
            writer.commit()
        })();
        progress.finish();
        if let Err(e) = written {
            writer.rollback()?;
            return Err(e.into());
        }
        drop(guard);
        self.refresh()?;
        Ok(ImportSummary {
            added: profiles.len() - replaced,
            replaced,
        })
    }

    /// Inserts or replaces one profile. Returns whether it replaced an existing one.
    pub fn upsert(&self, profile: &Profile) -> Result<bool> {
        Ok(self.import(std::slice::from_ref(profile), &())?.replaced == 1)
    }

    /// Deletes a profile by id. Returns whether it existed.
    pub fn delete(&self, id: &str) -> Result<bool> {
        if !self.snapshot().contains(id)? {
            return Ok(false);
        }
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer() opened it");
        writer.delete_term(self.fields.id_term(id));
        if let Err(e) = writer.commit() {
            writer.rollback()?;
            return Err(e.into());
        }
        drop(guard);
        self.refresh()?;
        Ok(true)
    }

    /// Merges every segment into one, dropping deleted documents, and publishes the result.
    /// Rankings do not change (they depend on the live profiles alone); reading gets faster
    /// and the files smaller after many small writes.
    pub fn compact(&self) -> Result<()> {
        let mut guard = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        // Background merges change the set of segments under a merge of them all (which then
        // fails); let them finish, and start a writer that has none running.
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads()?;
        }
        let writer = guard.insert(self.open_writer()?);
        let segments = self.index.searchable_segment_ids()?;
        let has_deletes = self
            .snapshot()
            .searcher
            .segment_readers()
            .iter()
            .any(|r| r.has_deletes());
        if segments.len() > 1 || has_deletes {
            writer.merge(&segments).wait()?;
            drop(guard);
            self.refresh()?;
        }
        Ok(())
    }
}

impl FeatureLoader {
    /// The snapshot of a searcher: it and the features of exactly its segments.
    ///
    /// No lock is held while a segment is encoded: encoding runs on rayon's pool, and a worker
    /// waiting inside its parallel loop may run another queued job meanwhile — in the server,
    /// another request's write, which would wait for that same lock forever.
    fn snapshot(&self, index: &Index, searcher: Searcher) -> Result<Snapshot> {
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let id = reader.segment_id().uuid_string();
            let known = self.loaded().get(&id).cloned();
            let features = match known {
                Some(f) => f,
                None => {
                    let encoded = Arc::new(self.load_or_encode(reader, &id)?);
                    self.loaded().insert(id, encoded.clone());
                    encoded
                }
            };
            segments.push(features);
        }
        Ok(Snapshot {
            index: index.clone(),
            fields: self.fields,
            searcher,
            segments,
            deal_graph: OnceLock::new(),
            text_statistics: OnceLock::new(),
        })
    }

    fn loaded(&self) -> MutexGuard<'_, HashMap<String, Arc<SegmentFeatures>>> {
        self.loaded.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets the features, and deletes the cache files, of segments the published snapshot
    /// no longer has.
    fn forget_all_but(&self, published: &Snapshot) {
        let live: Vec<String> = published
            .segments
            .iter()
            .map(|s| s.segment_id.clone())
            .collect();
        let mut loaded = self.loaded();
        loaded.retain(|id, _| live.contains(id));
        // Under the lock, so that two tidy-ups do not interleave.
        if let Err(e) = self.cache.retain(&live) {
            tracing::warn!("could not tidy the feature cache: {e}");
        }
    }

    /// A segment's features from the cache, or encoded from its stored profiles (and cached).
    fn load_or_encode(&self, reader: &SegmentReader, id: &str) -> Result<SegmentFeatures> {
        match self.cache.load(id, reader.max_doc()) {
            Ok(features) => return Ok(features),
            Err(CacheMiss::Missing) => {}
            // A new layout after an upgrade is expected; a damaged file is worth a warning.
            Err(miss @ CacheMiss::Stale(_)) => {
                tracing::info!("rebuilding features of segment {id}: {miss}")
            }
            Err(miss) => tracing::warn!("rebuilding features of segment {id}: {miss}"),
        }
        let store = reader.get_store_reader(16).map_err(Error::io(&self.dir))?;
        let docs: Vec<String> = (0..reader.max_doc())
            .map(|doc| {
                let stored: TantivyDocument = store.get(doc)?;
                Ok(self
                    .fields
                    .profile_json(&stored)
                    .unwrap_or_default()
                    .to_string())
            })
            .collect::<tantivy::Result<_>>()?;
        let profiles: Vec<Profile> = docs
            .par_iter()
            .enumerate()
            .map(|(doc, json)| {
                serde_json::from_str(json).map_err(|e| Error::Corrupt {
                    location: format!("in segment {id}, document {doc}"),
                    message: e.to_string(),
                })
            })
            .collect::<Result<_>>()?;
        let updated: Vec<i64> = match self.fields.updated {
            Some(_) => {
                let column = reader.fast_fields().i64(index::UPDATED)?;
                (0..reader.max_doc())
                    .map(|doc| column.first(doc).unwrap_or(NO_UPDATE))
                    .collect()
            }
            None => vec![NO_UPDATE; profiles.len()],
        };
        let features = SegmentFeatures::encode_updated(id.to_string(), &profiles, &updated);
        if let Err(e) = self.cache.store(&features) {
            tracing::warn!("could not write the feature cache (it will be rebuilt next time): {e}");
        }
        Ok(features)
    }
}

/// A consistent, immutable view of the store: what a query reads and ranks.
pub struct Snapshot {
    index: Index,
    fields: Fields,
    searcher: Searcher,
    /// Features of each segment, in the searcher's segment order.
    segments: Vec<Arc<SegmentFeatures>>,
    /// Built by the first ranking of the snapshot, not when it is opened.
    deal_graph: OnceLock<DealGraph>,
    /// Read by the first text scoring of the snapshot.
    text_statistics: OnceLock<LiveStatistics>,
}

/// An update time as stored (microseconds since the Unix epoch) as a timestamp; `None` for
/// [`NO_UPDATE`] or a value out of range.
pub fn timestamp(micros: i64) -> Option<Timestamp> {
    (micros != NO_UPDATE)
        .then(|| Timestamp::from_microsecond(micros).ok())
        .flatten()
}

/// One hit of a free-text search.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// BM25 relevance.
    pub score: f32,
    /// The profile.
    pub profile: Profile,
}

impl Snapshot {
    /// Who did deals with whom, from every live profile's `backers` and `portfolio`.
    pub fn deal_graph(&self) -> &DealGraph {
        self.deal_graph.get_or_init(|| DealGraph::build(self))
    }

    /// The BM25 statistics of the live documents: what every text score of this snapshot
    /// reads, so that scores depend on the stored profiles alone, not on deletions a merge
    /// has not yet dropped.
    pub fn corpus(&self) -> Result<LiveCorpus<'_>> {
        let statistics = match self.text_statistics.get() {
            Some(s) => s,
            None => {
                let read = LiveStatistics::new(&self.searcher, self.fields.text)?;
                self.text_statistics.get_or_init(|| read)
            }
        };
        Ok(statistics.provider(&self.searcher))
    }

    /// The id of a live document's profile.
    fn id_at(&self, segment: usize, doc: tantivy::DocId) -> &str {
        let features = &self.segments[segment];
        let at = features.rows[doc as usize];
        &features.kind(at.kind).ids[at.row as usize]
    }

    /// The tantivy searcher.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Features of each segment, in the searcher's segment order.
    pub fn segments(&self) -> &[Arc<SegmentFeatures>] {
        &self.segments
    }

    /// Whether a document is live (not deleted) in this snapshot.
    pub fn is_alive(&self, segment: usize, doc: tantivy::DocId) -> bool {
        !self.searcher.segment_reader(segment as u32).is_deleted(doc)
    }

    /// Live rows of a kind across all segments, as `(segment, block)` pairs.
    pub fn blocks(&self, kind: Kind) -> impl Iterator<Item = (usize, &KindBlock)> {
        self.segments
            .iter()
            .enumerate()
            .map(move |(s, f)| (s, f.kind(kind)))
    }

    /// Number of live profiles of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.blocks(kind)
            .map(|(s, block)| block.docs.iter().filter(|d| self.is_alive(s, **d)).count())
            .sum()
    }

    /// Where the profile with this id is stored, if anywhere.
    pub fn address_of(&self, id: &str) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(self.fields.id_term(id), IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, address)| *address))
    }

    /// Whether the index records update times. A data directory made before they existed
    /// does not: its profiles have none until imported into a new data directory.
    pub fn has_update_times(&self) -> bool {
        self.fields.updated.is_some()
    }

    /// When the profile with this id last changed (`Ok(None)`: no such profile, or stored
    /// without an update time).
    pub fn updated(&self, id: &str) -> Result<Option<Timestamp>> {
        let Some(address) = self.address_of(id)? else {
            return Ok(None);
        };
        let features = &self.segments[address.segment_ord as usize];
        let at = features.rows[address.doc_id as usize];
        let micros = features.kind(at.kind).updated[at.row as usize];
        Ok(timestamp(micros))
    }

    /// Whether a profile with this id exists.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let query = TermQuery::new(self.fields.id_term(id), IndexRecordOption::Basic);
        Ok(self.searcher.search(&query, &Count)? > 0)
    }

    /// The profile with this id, if any.
    pub fn get(&self, id: &str) -> Result<Option<Profile>> {
        match self.address_of(id)? {
            Some(address) => self.profile_at(address).map(Some),
            None => Ok(None),
        }
    }

    /// The profile with this id, or [`Error::NotFound`].
    pub fn require(&self, id: &str) -> Result<Profile> {
        self.get(id)?.ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// The stored profile of a document.
    pub fn profile_at(&self, address: DocAddress) -> Result<Profile> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let corrupt = |message: String| Error::Corrupt {
            location: format!("at {address:?}"),
            message,
        };
        let json = self
            .fields
            .profile_json(&doc)
            .ok_or_else(|| corrupt("no stored profile".into()))?;
        serde_json::from_str(json).map_err(|e| corrupt(e.to_string()))
    }

    /// Every live profile, in index order (optionally of one kind).
    pub fn profiles(&self, kind: Option<Kind>) -> Result<Vec<Profile>> {
        let kinds: Vec<Kind> = kind.map_or_else(|| Kind::ALL.to_vec(), |k| vec![k]);
        let mut addresses = Vec::new();
        for k in kinds {
            for (s, block) in self.blocks(k) {
                for doc in block.docs.iter().filter(|d| self.is_alive(s, **d)) {
                    addresses.push(DocAddress::new(s as u32, *doc));
                }
            }
        }
        // Read in document order, in parallel runs: the doc store then decompresses each of
        // its blocks about once, where index order (rows by likeness) would decompress a
        // block for almost every profile.
        let mut order: Vec<usize> = (0..addresses.len()).collect();
        order.sort_unstable_by_key(|i| addresses[*i]);
        let read: Vec<Vec<Profile>> = order
            .par_chunks(PROFILES_READ_TOGETHER)
            .map(|run| run.iter().map(|i| self.profile_at(addresses[*i])).collect())
            .collect::<Result<_>>()?;
        let mut out: Vec<Option<Profile>> = vec![None; addresses.len()];
        for (i, profile) in order.into_iter().zip(read.into_iter().flatten()) {
            out[i] = Some(profile);
        }
        Ok(out.into_iter().flatten().collect())
    }

    /// Free-text search (tantivy query syntax), ranked by BM25 over the live documents, ties
    /// by id; optionally within kinds.
    pub fn search(&self, text: &str, kinds: &[Kind], limit: usize) -> Result<Vec<SearchHit>> {
        let query = index::search_query(&self.index, &self.fields, text, kinds);
        let hits =
            self.searcher
                .search_with_statistics_provider(&query, &AllHits, &self.corpus()?)?;
        let mut ranked: Vec<(f32, &str, DocAddress)> = hits
            .iter()
            .enumerate()
            .flat_map(|(segment, hits)| {
                hits.iter().map(move |(doc, score)| {
                    let address = DocAddress::new(segment as u32, *doc);
                    (*score, self.id_at(segment, *doc), address)
                })
            })
            .collect();
        let best_first = |a: &(f32, &str, DocAddress), b: &(f32, &str, DocAddress)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
        };
        let limit = limit.max(1);
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, best_first);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(best_first);
        ranked
            .into_iter()
            .map(|(score, _, address)| {
                Ok(SearchHit {
                    score,
                    profile: self.profile_at(address)?,
                })
            })
            .collect()
    }

    /// BM25 scores of every document relevant to a profile's text, per segment.
    pub fn relevance(&self, profile: &Profile) -> Result<Vec<Vec<(tantivy::DocId, f32)>>> {
        match index::relevance_query(&self.fields, profile) {
            Some(query) => Ok(self.searcher.search_with_statistics_provider(
                &query,
                &AllHits,
                &self.corpus()?,
            )?),
            None => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{population, store_with};
    use proptest::prelude::*;

    /// Ways a line can be wrong, each caught by validation.
    const BAD_LINES: [&str; 7] = [
        "{not json",
        r#"{"id":"x1","kind":"startup","name":"X","sectors":["agri"]}"#,
        r#"{"id":"x2","kind":"startup","name":"X","funding_ask_usd":-1}"#,
        r#"{"id":"x3","kind":"investor","name":"X","ticket_min_usd":9,"ticket_max_usd":1}"#,
        r#"{"id":"x4","kind":"startup","name":"X","countries":["ZZ"]}"#,
        r#"{"id":"x5","kind":"startup","name":"X","favourite":"tea"}"#,
        r#"{"id":"s0","kind":"startup","name":"duplicate of the first line"}"#,
    ];

    fn state(store: &Store) -> (Vec<String>, Vec<u8>) {
        let profiles = store.snapshot().profiles(None).unwrap();
        let meta = std::fs::read(store.dir().join("index/meta.json")).unwrap();
        (profiles.iter().map(Profile::to_json).collect(), meta)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

        #[test]
        fn an_invalid_line_anywhere_leaves_the_store_unchanged(
            before in population(4),
            incoming in population(5),
            bad in 0usize..BAD_LINES.len(),
            position in 0usize..16,
        ) {
            let (_dir, store) = store_with(&before);
            let was = state(&store);
            let mut lines: Vec<String> = incoming.iter().map(Profile::to_json).collect();
            lines.insert(position.min(lines.len()), BAD_LINES[bad].to_string());
            let outcome = crate::jsonl::parse(&lines.join("\n"))
                .map_err(Error::from)
                .and_then(|profiles| store.import(&profiles, &()));
            prop_assert!(outcome.is_err());
            prop_assert_eq!(state(&store), was);
        }
    }

    fn profiles() -> Vec<Profile> {
        crate::jsonl::parse(
            r#"{"id":"st-1","kind":"startup","name":"ShambaSense","description":"Soil sensors for farmers","sectors":["agritech"]}
{"id":"inv-1","kind":"investor","name":"Savannah Seed","description":"Seed cheques for agriculture","sectors":["agritech"]}
{"id":"pt-1","kind":"partner","name":"AgriHub","partner_type":"accelerator","offers":["pilot"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn import_get_delete_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(dir.path()).unwrap();
        let summary = store.import(&profiles(), &()).unwrap();
        assert_eq!(
            summary,
            ImportSummary {
                added: 3,
                replaced: 0
            }
        );
        let snap = store.snapshot();
        assert_eq!(snap.count(Kind::Startup), 1);
        assert_eq!(snap.require("st-1").unwrap().name, "ShambaSense");
        assert!(matches!(snap.require("nope"), Err(Error::NotFound(_))));

        let mut changed = profiles()[0].clone();
        changed.name = "ShambaSense Ltd".into();
        assert!(store.upsert(&changed).unwrap());
        let snap = store.snapshot();
        assert_eq!(snap.count(Kind::Startup), 1);
        assert_eq!(snap.require("st-1").unwrap().name, "ShambaSense Ltd");

        assert!(store.delete("pt-1").unwrap());
        assert!(!store.delete("pt-1").unwrap());
        drop(store);

        let store = Store::open(dir.path()).unwrap();
        let snap = store.snapshot();
        assert_eq!(snap.count(Kind::Partner), 0);
        assert_eq!(snap.count(Kind::Startup), 1);
        assert_eq!(snap.profiles(None).unwrap().len(), 2);
    }

    #[test]
    fn imports_stamp_changed_profiles_and_keep_the_time_of_unchanged_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(dir.path()).unwrap();
        let first = Timestamp::from_second(1_000).unwrap();
        let second = Timestamp::from_second(2_000).unwrap();
        store.import_at(&profiles(), first, &()).unwrap();
        let snap = store.snapshot();
        assert!(snap.has_update_times());
        assert_eq!(snap.updated("st-1").unwrap(), Some(first));
        assert_eq!(snap.updated("nope").unwrap(), None);

        let mut again = profiles();
        again[1].name = "Savannah Seed II".into();
        let summary = store.import_at(&again, second, &()).unwrap();
        assert_eq!(summary.replaced, 3);
        let snap = store.snapshot();
        assert_eq!(snap.updated("st-1").unwrap(), Some(first), "unchanged");
        assert_eq!(snap.updated("inv-1").unwrap(), Some(second), "changed");
        assert_eq!(snap.updated("pt-1").unwrap(), Some(first), "unchanged");
        drop(store);
        // The times are in the index: a new process (and a rebuilt cache) reads the same.
        std::fs::remove_dir_all(dir.path().join("cache")).unwrap();
        let snap = Store::open(dir.path()).unwrap().snapshot();
        assert_eq!(snap.updated("inv-1").unwrap(), Some(second));
        assert_eq!(snap.updated("st-1").unwrap(), Some(first));
    }

    #[test]
    fn an_index_made_before_update_times_still_opens_without_them() {
        let (_dir, store) = crate::testing::store_made_before_update_times();
        store.import(&profiles(), &()).unwrap();
        let snap = store.snapshot();
        assert!(!snap.has_update_times());
        assert_eq!(snap.updated("st-1").unwrap(), None);
        assert_eq!(snap.require("st-1").unwrap().name, "ShambaSense");
    }

    #[test]
    fn opening_a_folder_that_is_not_a_store_says_how_to_make_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("not a Tandem data directory"), "{err}");
        assert!(err.contains("tandem import --data"), "{err}");
    }

    #[test]
    fn search_ranks_by_text_within_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(dir.path()).unwrap();
        store.import(&profiles(), &()).unwrap();
        let snap = store.snapshot();
        let hits = snap.search("farmers soil", &[], 10).unwrap();
        assert_eq!(hits[0].profile.id, "st-1");
        let hits = snap.search("agriculture", &[Kind::Startup], 10).unwrap();
        assert!(hits.iter().all(|h| h.profile.kind == Kind::Startup));
    }

    #[test]
    fn concurrent_writes_on_rayons_pool_neither_deadlock_nor_publish_an_older_view() {
        // Each import encodes its new segment in parallel; a worker waiting in that loop runs
        // other queued imports meanwhile, as the server's engine slots do. The store must hold
        // no lock across the loop, and end with every write visible.
        let (_dir, store) = store_with(&[]);
        let store = std::sync::Arc::new(store);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let batches = 24;
        for b in 0..batches {
            let (store, done) = (store.clone(), done.clone());
            pool.spawn(move || {
                let profiles: Vec<Profile> = (0..400)
                    .map(|i| Profile::new(format!("b{b}-{i}"), Kind::Startup, "Soil sensors"))
                    .collect();
                done.send(store.import(&profiles, &()).map(|_| ())).unwrap();
            });
        }
        for _ in 0..batches {
            let outcome = finished
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("every import finishes (no deadlock)");
            outcome.unwrap();
        }
        assert_eq!(store.snapshot().count(Kind::Startup), batches * 400);
    }

    #[test]
    fn a_second_writer_is_told_the_directory_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open_or_create(dir.path()).unwrap();
        first.import(&profiles(), &()).unwrap();
        let second = Store::open(dir.path()).unwrap();
        let err = second.delete("st-1").err().unwrap();
        assert!(matches!(err, Error::Locked(_)), "{err}");
    }
}
