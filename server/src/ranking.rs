//! Which ranking orders `match` and `serve` results: a learned model trained on stored
//! profiles' deal history, or the thesis score.
//!
//! Both commands choose and load the model here, the same way (`--model FILE`, else
//! `DATA/model.json` when the data directory holds one, never with `--no-model`), so a model
//! that works for one works for the other, and a bad one is refused before any ranking with
//! the same message.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use clap::Args;
use tandem_engine::feedback::Personal;
use tandem_engine::feedback::personal::{MAX_EXAMPLES, personalise};
use tandem_engine::learn::live::Ranked;
use tandem_engine::learn::{LiveModel, Model};
use tandem_engine::{MatchRequest, Profile, Snapshot, Store, Weights};

/// The model a data directory uses unless told otherwise.
pub const MODEL_FILE: &str = "model.json";

/// Options choosing the learned model, shared by `match` and `serve`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Rank with this learned model (from `tandem train --history profiles`) where it
    /// applies: an investor's or partner's start-ups, when it has deals (a `portfolio`) in
    /// the store. [default: DATA/model.json when the data directory holds one]
    #[arg(long, value_name = "FILE", conflicts_with = "no_model")]
    pub model: Option<PathBuf>,
    /// Rank by the thesis score, even when the data directory holds a model.json.
    #[arg(long)]
    pub no_model: bool,
}

/// A loaded model and the file it came from.
struct Loaded {
    live: LiveModel,
    path: PathBuf,
}

/// How matches are ranked: with a learned model where it applies, else by the thesis score.
pub struct Ranking {
    model: Option<Loaded>,
    /// Whether a [`Ranking::prepare_latest`] is running.
    preparing: AtomicBool,
}

impl Ranking {
    /// The model `args` choose for the data directory `data` (`None`: the demo data, which
    /// has no model); loaded and checked now, so that a bad file fails before any ranking.
    pub fn load(args: &ModelArgs, data: Option<&Path>) -> Result<Ranking> {
        if args.no_model {
            return Ok(Ranking::new(None));
        }
        let path = match (&args.model, data) {
            (Some(path), _) => path.clone(),
            (None, Some(dir)) if dir.join(MODEL_FILE).is_file() => dir.join(MODEL_FILE),
            (None, _) => return Ok(Ranking::new(None)),
        };
        let how = format!(
            "cannot rank with the model {path}{found}: train one for stored profiles with `tandem train --bench DIR --split DATE --history profiles -o {path}`, or pass --no-model to rank by the thesis score",
            path = path.display(),
            // A model nobody named on the command line may surprise: say where it came from.
            found = if args.model.is_none() {
                " (found in the data directory, so used by default)"
            } else {
                ""
            }
        );
        let live = Model::load(&path).and_then(LiveModel::new).context(how)?;
        Ok(Ranking::new(Some(Loaded { live, path })))
    }

    fn new(model: Option<Loaded>) -> Ranking {
        Ranking {
            model,
            preparing: AtomicBool::new(false),
        }
    }

    /// Prepares the model's rankings of the store's current snapshot ([`LiveModel::prepare`]),
    /// so that the first match request after a write does not wait for it; nothing without a
    /// model. A call while another runs returns at once, and the running one then prepares
    /// the newest snapshot before it stops, so a burst of writes costs one preparation at a
    /// time.
    pub fn prepare_latest(&self, store: &Store) {
        let Some(model) = &self.model else {
            return;
        };
        if self.preparing.swap(true, Ordering::AcqRel) {
            return;
        }
        loop {
            let snapshot = store.snapshot();
            if let Err(e) = model.live.prepare(&snapshot) {
                // The next request builds it again and answers the error itself.
                tracing::warn!("could not prepare the learned ranking: {e}");
            }
            self.preparing.store(false, Ordering::Release);
            // A write that came meanwhile found the flag set and left its snapshot to us.
            let newest = store.snapshot();
            if Arc::ptr_eq(&newest, &snapshot) || self.preparing.swap(true, Ordering::AcqRel) {
                break;
            }
        }
    }

    /// The file of the loaded model, if any.
    pub fn model_path(&self) -> Option<&Path> {
        self.model.as_ref().map(|m| m.path.as_path())
    }

    /// Ranks for a stored profile: with the model where it applies, else by the thesis score
    /// (and, with a model loaded, why not the model).
    pub fn rank(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
    ) -> tandem_engine::Result<Ranked> {
        self.rank_told(snapshot, weights, query, request, &[])
    }

    /// [`Ranking::rank`] for an asker that liked or met the profiles `told`: the model, when
    /// it ranks, reads them as the asker's own private deals; the thesis score does not.
    fn rank_told(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
        told: &[String],
    ) -> tandem_engine::Result<Ranked> {
        match &self.model {
            Some(model) => model
                .live
                .rank_told(snapshot, weights, query, request, told),
            None => Ranked::by_thesis(snapshot, weights, query, request, None),
        }
    }

    /// Ranks for a stored profile with its own feedback ([`personalise`]): what it passed on
    /// is left out unless `include_passed`, and candidates like the ones it liked or met
    /// move up. Without feedback this is [`Ranking::rank`].
    pub fn rank_personal(
        &self,
        snapshot: &Arc<Snapshot>,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
        personal: &Personal,
        include_passed: bool,
    ) -> tandem_engine::Result<Ranked> {
        if personal.is_empty() {
            return self.rank(snapshot, weights, query, request);
        }
        // The method of the usual ranking (learned or thesis) is the one of its first call.
        let method = RefCell::new(None);
        let told: Vec<String> = personal
            .positives
            .iter()
            .take(MAX_EXAMPLES)
            .map(|(id, _)| id.clone())
            .collect();
        let usual = |request: &MatchRequest| {
            let ranked = self.rank_told(snapshot, weights, query, request, &told)?;
            method.borrow_mut().get_or_insert(ranked.method);
            Ok(ranked.matches)
        };
        let matches = personalise(
            snapshot,
            weights,
            query,
            request,
            personal,
            include_passed,
            &usual,
        )?;
        let method = method
            .into_inner()
            .expect("personalise ranks the usual way at least once");
        Ok(Ranked { matches, method })
    }

    /// Ranks for a profile that is not stored (the API's ad-hoc match): always by the thesis
    /// score. The model reads the asker's deals as the store records them, and a posted
    /// profile is not in the store — even one whose id a stored profile has, whose deals
    /// would then be another profile's.
    pub fn rank_unstored(
        &self,
        snapshot: &Snapshot,
        weights: &Weights,
        query: &Profile,
        request: &MatchRequest,
    ) -> tandem_engine::Result<Ranked> {
        let reason = self.model.as_ref().map(|_| {
            "the learned model ranks for stored investors and partners with deals in the store; a posted profile is not stored"
                .to_string()
        });
        Ranked::by_thesis(snapshot, weights, query, request, reason)
    }
}
