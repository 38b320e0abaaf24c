//! Terminal progress: a bar with rate and ETA for long runs, nothing for short or quiet ones.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with fewer inputs than this finish too fast for a bar to help.
const MIN_INPUTS_FOR_BAR: u64 = 5;

pub fn bar(len: u64, unit: &str, quiet: bool) -> ProgressBar {
    if quiet || len < MIN_INPUTS_FOR_BAR {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit} · {{per_sec}} · ETA {{eta}} {{msg}}");
    bar.set_style(
        ProgressStyle::with_template(&template)
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

/// A run's progress on a terminal bar: each input advances it, rejections are printed
/// above it.
pub struct OnBar<'a>(pub &'a ProgressBar);

impl truce_pipeline::Progress for OnBar<'_> {
    fn input(&self) {
        self.0.inc(1);
    }

    fn rejected(&self, error: &truce_ingest::IngestError) {
        self.0.suspend(|| eprintln!("rejected: {error}"));
    }
}
