//! Progress bars on the terminal (hidden when stderr is not one).

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;

/// An indicatif bar behind the engine's [`tandem_engine::progress::Progress`] hook.
#[derive(Default)]
pub struct Bar {
    bar: Mutex<Option<ProgressBar>>,
}

impl tandem_engine::progress::Progress for Bar {
    fn start(&self, stage: &str, total: u64) {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(stage.to_string());
        *self.bar.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &*self.bar.lock().unwrap_or_else(|e| e.into_inner()) {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}
