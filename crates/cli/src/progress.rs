//! Terminal progress: a bar with rate and ETA for long runs, nothing for short or quiet ones.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with fewer inputs than this finish too fast for a bar to help.
const MIN_INPUTS_FOR_BAR: u64 = 5;

/// Inputs holding at least this many bytes get a bar however few they are: one large
/// JSON Lines file is a long run.
const MIN_BYTES_FOR_BAR: u64 = 16 << 20;

/// A bar over the bytes of a run's inputs (`total_bytes`, of `inputs` inputs), with the
/// inputs done as its message.
pub fn bytes_bar(total_bytes: u64, inputs: u64, quiet: bool) -> ProgressBar {
    if quiet || (inputs < MIN_INPUTS_FOR_BAR && total_bytes < MIN_BYTES_FOR_BAR) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} · {bytes_per_sec} · ETA {eta} · {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(format!("0/{inputs} inputs"));
    bar
}

/// A run's progress on a terminal bar: the bytes read advance it, the inputs done are its
/// message, rejections are printed above it.
pub struct OnBar<'a> {
    bar: &'a ProgressBar,
    inputs: u64,
    done: std::sync::atomic::AtomicU64,
    rejected: std::sync::atomic::AtomicUsize,
}

impl<'a> OnBar<'a> {
    pub fn new(bar: &'a ProgressBar, inputs: u64) -> Self {
        OnBar {
            bar,
            inputs,
            done: std::sync::atomic::AtomicU64::new(0),
            rejected: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl truce_pipeline::Progress for OnBar<'_> {
    fn input(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        self.bar
            .set_message(format!("{done}/{} inputs", self.inputs));
    }

    fn read(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    /// Prints the first [`truce_pipeline::REJECTIONS_LISTED`] rejections, then says the
    /// rest are only counted; names are printed as data (control characters escaped).
    fn rejected(&self, error: &truce_ingest::IngestError) {
        let n = self
            .rejected
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let listed = truce_pipeline::REJECTIONS_LISTED;
        if n < listed {
            let line = printable(&error.to_string()).into_owned();
            self.bar.suspend(|| eprintln!("rejected: {line}"));
        } else if n == listed {
            self.bar.suspend(|| {
                eprintln!("rejected: more inputs; they are counted in the summary, not listed")
            });
        }
    }
}

/// Text from inputs (file names, messages that quote them) as it may reach a terminal:
/// control characters, among them newlines and escape sequences, are written escaped, so
/// a name cannot print lines of its own or drive the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped_and_other_text_kept() {
        assert_eq!(super::printable("Genève report.txt"), "Genève report.txt");
        assert_eq!(
            super::printable("a\nrejected: b\u{1b}[31m.txt"),
            "a\\nrejected: b\\u{1b}[31m.txt"
        );
    }
}
