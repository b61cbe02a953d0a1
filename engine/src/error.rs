//! The engine's error type: every failure a caller can see, each saying what to do about it.

use std::path::PathBuf;

use crate::jsonl::JsonlError;

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong inside the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input profiles were invalid; nothing was written.
    #[error(transparent)]
    Invalid(#[from] JsonlError),
    /// An event has problems; nothing was written.
    #[error(transparent)]
    Event(#[from] crate::events::EventError),
    /// No profile has this id.
    #[error("no profile with id `{0}`; list ids with `tandem search` or check the spelling")]
    NotFound(String),
    /// No access token has this id.
    #[error(
        "no access token with id `{0}`; list the tokens and their ids with `tandem access list`"
    )]
    UnknownToken(String),
    /// The folder is not a Tandem data directory.
    #[error("{} is not a Tandem data directory (it has no index/ folder); create one with `tandem import --data {} FILE.jsonl`", .0.display(), .0.display())]
    NotAStore(PathBuf),
    /// Another process holds the index writer lock.
    #[error("the data directory {} is being written by another process (tantivy's writer lock is taken); wait for it to finish or stop it", .0.display())]
    Locked(PathBuf),
    /// A request that cannot be served as asked (bad weights, bad filters...).
    #[error("{0}")]
    BadRequest(String),
    /// A stored profile could not be read back: the index is damaged or from an incompatible version.
    #[error(
        "stored profile {location} cannot be read ({message}); rebuild the data directory from your JSON Lines files"
    )]
    Corrupt {
        /// Where the bad document is.
        location: String,
        /// What failed.
        message: String,
    },
    /// A file-system error, with the path involved.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An error from tantivy.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}
