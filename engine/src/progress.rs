//! A progress hook for long work, so the engine can report without knowing about terminals.

/// Receives progress reports. Every method has a no-op default; `()` reports nowhere.
pub trait Progress: Sync {
    /// A stage of work starts, with the number of steps it will take.
    fn start(&self, _stage: &str, _total: u64) {}
    /// `n` more steps are done.
    fn advance(&self, _n: u64) {}
    /// The stage is over.
    fn finish(&self) {}
}

impl Progress for () {}
