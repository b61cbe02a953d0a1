//! A ledger: small keyed records that are not profiles — feedback signals, access tokens —
//! kept durably in a tantivy index of their own inside the data directory.
//!
//! ```text
//! DIR/feedback/    what each profile said about others (see crate::feedback)
//! DIR/access/      per-profile access tokens, hashed (see crate::access)
//! ```
//!
//! Like the profile index, a ledger is a source of truth, not a cache: nothing else holds its
//! records. Every change is one tantivy commit, so it is atomic and durable: a change that
//! returned `Ok` survives `kill -9`, and a crash before the commit leaves the previous
//! commit in place. A record is identified by its [`Entry::key`]; writing the same key again
//! replaces the record, so repeating a write changes nothing.
//!
//! The writer is opened for each change and closed after it, so the command line and a
//! running server can both write (one after the other: a change waits up to
//! [`LOCK_WAIT`] for the other's lock). Every read first looks for a newer commit (tantivy
//! reads the index's `meta.json`, and reopens only what changed), so a token issued or
//! revoked, or feedback given, by another process counts at the next request.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tantivy::collector::DocSetCollector;
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::error::{Error, Result};

/// The longest a change waits for another process's write to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// Memory for the writer of one small change: tantivy's minimum per thread.
const WRITER_MEMORY: usize = 15_000_000;

/// A record a [`Ledger`] keeps.
pub trait Entry: Serialize + DeserializeOwned {
    /// What identifies the record: writing another record with the same key replaces it.
    fn key(&self) -> String;
    /// The profile the record belongs to, by which [`Ledger::owned_by`] finds it.
    fn owner(&self) -> &str;
}

/// A change to a ledger; [`Ledger::apply`] makes a list of them in one commit.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    /// Insert the record, or replace the one with its key.
    Put(T),
    /// Remove the record with this key, if there is one.
    Remove(String),
}

/// Records of type `T` in a tantivy index at one folder.
pub struct Ledger<T> {
    dir: PathBuf,
    index: Index,
    fields: LedgerFields,
    reader: IndexReader,
    /// One change at a time from this process (tantivy's lock keeps other processes out).
    writing: Mutex<()>,
    entries: PhantomData<fn() -> T>,
}

#[derive(Clone, Copy)]
struct LedgerFields {
    key: Field,
    owner: Field,
    record: Field,
}

fn schema() -> Schema {
    let mut schema = Schema::builder();
    schema.add_text_field("key", STRING);
    schema.add_text_field("owner", STRING);
    schema.add_text_field("record", STORED);
    schema.build()
}

impl<T: Entry> Ledger<T> {
    /// Opens the ledger at `dir`, creating an empty one if there is none yet.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<Ledger<T>> {
        let dir = dir.as_ref().to_path_buf();
        let index = if dir.join("meta.json").exists() {
            Index::open_in_dir(&dir)?
        } else {
            std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
            match Index::create_in_dir(&dir, schema()) {
                Ok(index) => index,
                // Another process created it between the check and here.
                Err(TantivyError::IndexAlreadyExists) => Index::open_in_dir(&dir)?,
                Err(e) => return Err(e.into()),
            }
        };
        let field = |name: &str| {
            index.schema().get_field(name).map_err(|e| Error::Corrupt {
                location: format!("ledger {}", dir.display()),
                message: e.to_string(),
            })
        };
        let fields = LedgerFields {
            key: field("key")?,
            owner: field("owner")?,
            record: field("record")?,
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Ledger {
            dir,
            index,
            fields,
            reader,
            writing: Mutex::new(()),
            entries: PhantomData,
        })
    }

    /// The ledger's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes every change in one commit, all or nothing, and sees it at once.
    pub fn apply(&self, changes: &[Change<T>]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let _one_at_a_time = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let mut writer = self.open_writer()?;
        for change in changes {
            match change {
                Change::Put(entry) => {
                    let key = entry.key();
                    writer.delete_term(Term::from_field_text(self.fields.key, &key));
                    let record = serde_json::to_string(entry).map_err(|e| {
                        Error::BadRequest(format!("record `{key}` cannot be written: {e}"))
                    })?;
                    let mut doc = TantivyDocument::new();
                    doc.add_text(self.fields.key, &key);
                    doc.add_text(self.fields.owner, entry.owner());
                    doc.add_text(self.fields.record, &record);
                    writer.add_document(doc)?;
                }
                Change::Remove(key) => {
                    writer.delete_term(Term::from_field_text(self.fields.key, key));
                }
            }
        }
        if let Err(e) = writer.commit() {
            writer.rollback()?;
            return Err(e.into());
        }
        // Merging the tiny segments of past changes keeps reads quick; waiting for it also
        // releases the lock for the next writer, in this process or another.
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The record with this key, if any.
    pub fn get(&self, key: &str) -> Result<Option<T>> {
        let term = Term::from_field_text(self.fields.key, key);
        Ok(self
            .read(&TermQuery::new(term, IndexRecordOption::Basic))?
            .into_iter()
            .next())
    }

    /// Every record of one owner, in key order.
    pub fn owned_by(&self, owner: &str) -> Result<Vec<T>> {
        let term = Term::from_field_text(self.fields.owner, owner);
        self.read(&TermQuery::new(term, IndexRecordOption::Basic))
    }

    /// Every record, in key order.
    pub fn all(&self) -> Result<Vec<T>> {
        self.read(&AllQuery)
    }

    /// The records `query` finds in the latest commit, in key order.
    fn read(&self, query: &dyn Query) -> Result<Vec<T>> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut found: Vec<(String, T)> = searcher
            .search(query, &DocSetCollector)?
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let text = doc
                    .get_first(self.fields.record)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let entry: T = serde_json::from_str(text).map_err(|e| Error::Corrupt {
                    location: format!("record in ledger {}", self.dir.display()),
                    message: e.to_string(),
                })?;
                Ok((entry.key(), entry))
            })
            .collect::<Result<_>>()?;
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found.into_iter().map(|(_, entry)| entry).collect())
    }

    /// Opens a writer, waiting up to [`LOCK_WAIT`] while another process holds the lock.
    fn open_writer(&self) -> Result<IndexWriter> {
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
                Ok(writer) => {
                    // Files a killed writer left behind would block this commit (see
                    // `Store::open_writer`): collect them first.
                    writer.garbage_collect_files().wait()?;
                    return Ok(writer);
                }
                Err(TantivyError::LockFailure(..)) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TantivyError::LockFailure(..)) => {
                    return Err(Error::Locked(self.dir.clone()));
                }
                Err(other) => return Err(other.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    struct Note {
        owner: String,
        about: String,
        text: String,
    }

    impl Entry for Note {
        fn key(&self) -> String {
            format!("{}/{}", self.owner, self.about)
        }
        fn owner(&self) -> &str {
            &self.owner
        }
    }

    fn note(owner: &str, about: &str, text: &str) -> Note {
        Note {
            owner: owner.into(),
            about: about.into(),
            text: text.into(),
        }
    }

    #[test]
    fn puts_replace_by_key_and_removes_remove() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::<Note>::open_or_create(dir.path().join("notes")).unwrap();
        ledger
            .apply(&[
                Change::Put(note("b", "x", "1")),
                Change::Put(note("a", "y", "2")),
                Change::Put(note("a", "x", "3")),
            ])
            .unwrap();
        ledger.apply(&[Change::Put(note("a", "x", "4"))]).unwrap();
        assert_eq!(
            ledger.owned_by("a").unwrap(),
            vec![note("a", "x", "4"), note("a", "y", "2")]
        );
        assert_eq!(ledger.get("b/x").unwrap(), Some(note("b", "x", "1")));
        ledger
            .apply(&[Change::Remove("a/y".into()), Change::Remove("none".into())])
            .unwrap();
        assert_eq!(ledger.all().unwrap().len(), 2);
        assert_eq!(ledger.get("a/y").unwrap(), None);
    }

    #[test]
    fn records_survive_reopening_and_another_handle_can_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes");
        let first = Ledger::<Note>::open_or_create(&path).unwrap();
        first.apply(&[Change::Put(note("a", "x", "1"))]).unwrap();
        // A second handle (as another process would have) writes while the first is open:
        // the writer is not held between changes.
        let second = Ledger::<Note>::open_or_create(&path).unwrap();
        second.apply(&[Change::Put(note("a", "y", "2"))]).unwrap();
        first.apply(&[Change::Put(note("a", "z", "3"))]).unwrap();
        drop((first, second));
        let reopened = Ledger::<Note>::open_or_create(&path).unwrap();
        assert_eq!(reopened.owned_by("a").unwrap().len(), 3);
    }
}
