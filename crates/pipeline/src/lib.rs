//! The ingest pipeline: inputs → `truce-ingest` → analysis → linking → `truce-store`, in
//! batches. The CLI's `ingest` and `demo`, the benchmarks and the server's upload all run
//! it, so a report stored any way is read, analysed and linked the same way.
//!
//! A source's reports and its "seen" mark are written in the same transaction, so a run
//! killed at any moment leaves whole sources stored or absent, and a re-run skips exactly
//! the files that made it (unchanged size and modification time) and completes the rest.

use serde::Serialize;
use std::os::unix::fs::MetadataExt;
use truce_ingest::{IngestError, Ingested, Input};
use truce_knowledge::Knowledge;
use truce_model::Mentions;
use truce_store::{NewSource, PutOutcome, Store, StoreError};

/// Flush a batch when it holds this many reports or bytes: large enough to amortise the
/// commit, small enough that a killed run loses little work.
const BATCH_REPORTS: usize = 500;
const BATCH_BYTES: usize = 16 << 20;

/// How many times a batch is stored before a conflict with another writer is given up
/// on (each attempt rolled back whole; conflicts come from two workers' first batches
/// naming the same new entities, and end once one of them commits).
const CONFLICT_ATTEMPTS: u32 = 5;

/// What a run did, for the summary line and `--json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub unchanged_skipped: usize,
    pub new: usize,
    pub new_sources: usize,
    pub duplicates: usize,
    pub bytes: u64,
    #[serde(flatten)]
    pub rejections: Rejections,
    /// Reports' events that joined an event reported before, and first reports of acts.
    pub events_linked: usize,
    pub events_new: usize,
}

/// How many rejections a summary lists; the rest are counted. Three million bad lines
/// listed one by one took 374 MB of messages.
pub const REJECTIONS_LISTED: usize = 100;

/// Rejected inputs (or lines): the first [`REJECTIONS_LISTED`] messages, each naming its
/// input and why, and how many there were in all.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rejections {
    #[serde(rename = "rejected")]
    pub listed: Vec<String>,
    #[serde(rename = "rejected_count")]
    pub count: usize,
}

impl Rejections {
    /// Counts a rejection, and keeps its message while fewer than [`REJECTIONS_LISTED`]
    /// are kept.
    pub fn push(&mut self, message: String) {
        self.count += 1;
        if self.listed.len() < REJECTIONS_LISTED {
            self.listed.push(message);
        }
    }

    /// How many were counted but not listed.
    pub fn unlisted(&self) -> usize {
        self.count - self.listed.len()
    }
}

impl Summary {
    pub fn line(&self, db: &str) -> String {
        format!(
            "{} inputs: {} new reports, {} new copies of stored reports, {} already stored, {} unchanged files skipped, {} rejected; {} events, {} of them reported before ({db})",
            self.inputs,
            self.new,
            self.new_sources,
            self.duplicates,
            self.unchanged_skipped,
            self.rejections.count,
            self.events_new + self.events_linked,
            self.events_linked
        )
    }
}

/// A file as last stored: (canonical path, size, modification time in ns), so that a
/// later run can skip it while it is unchanged.
pub type SeenMark = (String, u64, i64);

/// A source read and analysed, waiting to be written.
pub struct Pending {
    /// For files: the mark that says the file was stored.
    pub seen: Option<SeenMark>,
    pub reports: Vec<Ingested>,
}

/// Where a run reports how it goes: the CLI draws a progress bar, the server collects
/// the rejections for its answer.
pub trait Progress {
    /// One more input taken up.
    fn input(&self) {}
    /// This many more bytes of the inputs read (or skipped as already stored).
    fn read(&self, _bytes: u64) {}
    /// An input, or one report in it, was refused; `error` names it and why.
    fn rejected(&self, error: &IngestError);
}

/// Batches pending sources and writes them to the store.
pub struct Writer<'s> {
    store: &'s mut Store,
    /// Analyse each new report before storing it (None: store documents only).
    knowledge: Option<&'s Knowledge>,
    pending: Vec<Pending>,
    /// Analyses made by the caller, one per pending report in order (see
    /// [`Writer::push_analysed`]).
    analysed: Vec<Mentions>,
    /// Keeps the days of events it has read from one batch to the next.
    linker: truce_link::Linker,
    pending_reports: usize,
    pending_bytes: usize,
    /// A batch analysed and not yet stored (see [`Writer::step`]).
    ready: Option<(Vec<Pending>, Vec<Mentions>)>,
    /// Who stores the reports and from where, for the audit trail (see
    /// [`Writer::audited_as`]).
    audited_as: Option<(String, String)>,
    pub summary: Summary,
}

/// How many of a batch's report ids its audit entry names; the rest are counted.
const AUDITED_IDS: usize = 20;

impl<'s> Writer<'s> {
    pub fn new(store: &'s mut Store, knowledge: Option<&'s Knowledge>) -> Self {
        // the storing thread bounds the pipeline: the log is copied into the store on
        // another; if that thread cannot start, SQLite checkpoints inside commits as before
        let _ = store.checkpoint_in_background();
        Writer {
            store,
            knowledge,
            audited_as: None,
            pending: Vec::new(),
            analysed: Vec::new(),
            linker: truce_link::Linker::default(),
            pending_reports: 0,
            pending_bytes: 0,
            ready: None,
            summary: Summary::default(),
        }
    }

    pub fn store(&self) -> &Store {
        self.store
    }

    pub fn push(&mut self, pending: Pending) -> Result<(), StoreError> {
        self.push_parts(pending, None)
    }

    /// Queues reports the caller has analysed already, one analysis per report, for a
    /// writer made without knowledge (the stage benchmark times analysis apart from
    /// storing).
    pub fn push_analysed(
        &mut self,
        pending: Pending,
        analyses: Vec<Mentions>,
    ) -> Result<(), StoreError> {
        debug_assert!(self.knowledge.is_none() && analyses.len() == pending.reports.len());
        self.push_parts(pending, Some(analyses))
    }

    /// An input of many reports (a feed, JSON Lines from stdin or an upload; JSON Lines
    /// files come in runs already, see [`ingest_inputs`]) goes in batch-sized parts, the
    /// file's mark with the last: a batch stays one transaction of bounded size and memory
    /// (a 40,000-line file took 2.9 GB as one batch), and a run interrupted inside the
    /// file reads it again next time, finding the parts stored as duplicates.
    fn push_parts(
        &mut self,
        mut pending: Pending,
        mut analyses: Option<Vec<Mentions>>,
    ) -> Result<(), StoreError> {
        while pending.reports.len() > BATCH_REPORTS {
            let rest = pending.reports.split_off(BATCH_REPORTS);
            let part = Pending {
                seen: None,
                reports: std::mem::replace(&mut pending.reports, rest),
            };
            let part_analyses = analyses.as_mut().map(|a| {
                let rest = a.split_off(BATCH_REPORTS.min(a.len()));
                std::mem::replace(a, rest)
            });
            self.push_one(part, part_analyses)?;
        }
        self.push_one(pending, analyses)
    }

    fn push_one(
        &mut self,
        pending: Pending,
        analyses: Option<Vec<Mentions>>,
    ) -> Result<(), StoreError> {
        if let Some(analyses) = analyses {
            self.analysed.extend(analyses);
        }
        self.pending_reports += pending.reports.len();
        self.pending_bytes += pending
            .reports
            .iter()
            .map(|r| r.raw.len() + r.document.text.len())
            .sum::<usize>();
        self.pending.push(pending);
        if self.pending_reports >= BATCH_REPORTS || self.pending_bytes >= BATCH_BYTES {
            self.step()?;
        }
        Ok(())
    }

    /// Stores every report pushed so far.
    /// Appends an entry to the audit trail for each batch stored: `actor` stored it from
    /// `origin`, with the batch's counts and its first report ids. (An upload through the
    /// server audits its own entry, naming every report.)
    pub fn audited_as(mut self, actor: impl Into<String>, origin: impl Into<String>) -> Self {
        self.audited_as = Some((actor.into(), origin.into()));
        self
    }

    pub fn flush(&mut self) -> Result<(), StoreError> {
        if let Some((batch, analyses)) = self.ready.take() {
            self.store_batch(batch, analyses)?;
        }
        let batch = self.take_batch();
        if batch.is_empty() {
            return Ok(());
        }
        let analyses = match self.knowledge {
            Some(k) => analyse_all(&batch, k, cores()),
            None => std::mem::take(&mut self.analysed),
        };
        self.store_batch(batch, analyses)
    }

    /// A full batch: with knowledge, it is analysed while the batch analysed before it is
    /// stored (analysis is pure and storing is one thread's work, so on two cores the two
    /// overlap instead of taking turns), and stored at the next step or flush.
    fn step(&mut self) -> Result<(), StoreError> {
        let Some(k) = self.knowledge else {
            return self.flush();
        };
        let batch = self.take_batch();
        let analyses = match self.ready.take() {
            Some((ready, ready_analyses)) => {
                // one core fewer for the analysis: the store has one to itself
                let threads = cores().saturating_sub(1).max(1);
                let (analyses, stored) = std::thread::scope(|s| {
                    let analysing = s.spawn(|| analyse_all(&batch, k, threads));
                    let stored = self.store_batch(ready, ready_analyses);
                    (analysing.join().expect("analysis does not panic"), stored)
                });
                stored?;
                analyses
            }
            None => analyse_all(&batch, k, cores()),
        };
        self.ready = Some((batch, analyses));
        Ok(())
    }

    fn take_batch(&mut self) -> Vec<Pending> {
        self.pending_reports = 0;
        self.pending_bytes = 0;
        std::mem::take(&mut self.pending)
    }

    /// Links and stores one batch in one transaction, `analyses` one per report in order.
    /// A batch that another writer's transaction conflicted with (PostgreSQL rolled it
    /// back whole, to break a deadlock between two workers) is stored again.
    fn store_batch(
        &mut self,
        pending: Vec<Pending>,
        analyses: Vec<Mentions>,
    ) -> Result<(), StoreError> {
        let before = self.summary.clone();
        let mut attempt = 1;
        loop {
            match self.try_store_batch(&pending, &analyses, &before) {
                Err(e) if e.is_conflict() && attempt < CONFLICT_ATTEMPTS => {
                    self.summary = before.clone();
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    fn try_store_batch(
        &mut self,
        pending: &[Pending],
        analyses: &[Mentions],
        before: &Summary,
    ) -> Result<(), StoreError> {
        self.store.put_entities_named(analyses)?;
        let mut batch = self.store.batch()?;
        let mut analysed = analyses.iter();
        for source in pending {
            for r in &source.reports {
                let analysis = analysed.next().map(|m| (m, truce_analyse::ANALYSER));
                let new = NewSource {
                    document: &r.document,
                    raw: &r.raw,
                    origin: &r.origin,
                    format: r.format.as_str(),
                    encoding: r.encoding,
                    analysis,
                };
                let outcome = batch.put(&new)?;
                match outcome {
                    PutOutcome::New => self.summary.new += 1,
                    PutOutcome::NewSource => self.summary.new_sources += 1,
                    PutOutcome::Duplicate => self.summary.duplicates += 1,
                }
            }
            if let Some((path, size, mtime)) = &source.seen {
                batch.mark_seen(path, *size, *mtime, source.reports.len())?;
            }
        }
        // the batch's new events are written each in its act, after the reports (on
        // PostgreSQL the days they link on are locked until commit, so the reports of
        // several workers are written at once and only their linking takes turns); events
        // and links are committed together; events an earlier run left unlinked are placed
        // here too
        let linked = self.linker.link(&mut batch)?;
        self.summary.events_linked += linked.linked;
        self.summary.events_new += linked.new;
        if let Some((actor, origin)) = &self.audited_as {
            let ids: Vec<&str> = pending
                .iter()
                .flat_map(|p| p.reports.iter())
                .map(|r| r.document.id.as_str())
                .collect();
            let s = &self.summary;
            batch.set_origin(origin.clone());
            batch.audit(
                actor,
                "documents.ingest",
                &format!("{} report(s)", ids.len()),
                serde_json::json!({
                    "new": s.new - before.new,
                    "new_sources": s.new_sources - before.new_sources,
                    "duplicates": s.duplicates - before.duplicates,
                    "events_new": s.events_new - before.events_new,
                    "events_linked": s.events_linked - before.events_linked,
                    "documents": &ids[..ids.len().min(AUDITED_IDS)],
                    "more_documents": ids.len().saturating_sub(AUDITED_IDS),
                }),
            )?;
        }
        batch.commit()?;
        self.linker.committed();
        Ok(())
    }

    fn reject(&mut self, error: &IngestError, progress: &impl Progress) {
        progress.rejected(error);
        self.summary.rejections.push(error.to_string());
    }
}

/// Analyses every pending report, the batch split across the machine's cores: analysis
/// is pure, so the threads share nothing but the read-only knowledge.
fn analyse_all(pending: &[Pending], k: &Knowledge, threads: usize) -> Vec<Mentions> {
    let docs: Vec<&truce_model::Document> = pending
        .iter()
        .flat_map(|p| p.reports.iter().map(|r| &r.document))
        .collect();
    if threads <= 1 || docs.len() < 8 {
        return docs
            .iter()
            .map(|d| truce_analyse::analyse(d, k).mentions)
            .collect();
    }
    let chunk = docs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|d| truce_analyse::analyse(d, k).mentions)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("analysis does not panic"))
            .collect()
    })
}

/// The cores analysis may use (at most 8: beyond that the store cannot keep up anyway).
fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// Results waiting between the reading thread and the writer: at most this many, and at
/// most [`BYTES_IN_FLIGHT`] of them (one result larger than that still goes through, on
/// its own). The reader must be able to run a whole batch ahead: the writer takes
/// [`BATCH_REPORTS`] results at a time and then stores them for a while, and a reader held
/// to 64 results left the writer waiting for the rest of every batch (16 % of ingest
/// time on 60,000 generated reports). The byte bound keeps memory flat when inputs are
/// large.
const RESULTS_IN_FLIGHT: usize = 4 * BATCH_REPORTS;
const BYTES_IN_FLIGHT: usize = 2 * BATCH_BYTES;

/// Runs `read` over `items` on a thread of its own while `write` takes its results on
/// this one, in order: reading a source (decoding, extraction, cleaning, fingerprints) and
/// storing the one before (SQLite, full-text index) each take about half the time of an
/// ingest without analysis, and overlap here. `weigh` says how many bytes a result holds,
/// for the bound on what waits between the two. Stops at the first error of `write`.
pub fn overlapped<T: Send, R: Send, E>(
    items: impl IntoIterator<Item = T, IntoIter: Send>,
    read: impl Fn(T) -> R + Send,
    weigh: impl Fn(&R) -> usize + Send,
    mut write: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<(R, usize)>(RESULTS_IN_FLIGHT);
    let in_flight = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    let items = items.into_iter();
    std::thread::scope(|scope| {
        let in_flight = &in_flight;
        scope.spawn(move || {
            for item in items {
                let result = read(item);
                let weight = weigh(&result);
                {
                    let (bytes, freed) = in_flight;
                    let mut bytes = bytes.lock().unwrap_or_else(|p| p.into_inner());
                    while *bytes > 0 && *bytes + weight > BYTES_IN_FLIGHT {
                        bytes = freed.wait(bytes).unwrap_or_else(|p| p.into_inner());
                    }
                    *bytes += weight;
                }
                // the writer stopped (an error): nothing more to read
                if tx.send((result, weight)).is_err() {
                    break;
                }
            }
        });
        // on an error the receiver is dropped, which stops the reader at its next send
        let outcome = rx.iter().try_for_each(|(result, weight)| {
            let (bytes, freed) = in_flight;
            *bytes.lock().unwrap_or_else(|p| p.into_inner()) -= weight;
            freed.notify_one();
            write(result)
        });
        // a reader waiting for room must see the writer has gone
        drop(rx);
        let (bytes, freed) = in_flight;
        *bytes.lock().unwrap_or_else(|p| p.into_inner()) = 0;
        freed.notify_one();
        outcome
    })
}

/// One input as the reading thread leaves it for the writer.
struct ReadInput {
    seen: Option<SeenMark>,
    bytes: u64,
    /// The input's last part (a JSON Lines file comes in several).
    last: bool,
    read: Result<Vec<Result<Ingested, IngestError>>, IngestError>,
}

impl ReadInput {
    /// The bytes this part holds while it waits for the writer: each report's raw bytes
    /// and its clean text, each rejection's name of its input, and every result's own
    /// slot (a run of tiny refused lines weighed nothing, and 3 million of them all
    /// waited at once: 1.2 GB).
    fn weight(&self) -> usize {
        let slot = std::mem::size_of::<Result<Ingested, IngestError>>();
        match &self.read {
            Ok(reports) => reports
                .iter()
                .map(|x| match x {
                    Ok(x) => slot + x.raw.len() + x.document.text.len(),
                    Err(e) => slot + e.input.len(),
                })
                .sum(),
            Err(e) => slot + e.input.len(),
        }
    }
}

/// What the reading thread reads next: a whole input, or a run of lines of a JSON Lines
/// file read as a stream (with the file's mark on its last run only).
enum ToRead<'a> {
    Whole(&'a Input, Option<SeenMark>),
    Lines {
        origin: String,
        chunk: Result<truce_ingest::JsonlChunk, IngestError>,
        seen: Option<SeenMark>,
    },
}

/// Runs of a streamed JSON Lines file are about this size: a few batches each.
const JSONL_CHUNK_BYTES: usize = 4 << 20;

/// Reads, analyses and stores every input, reporting rejected ones as it goes. Files
/// unchanged since they were stored are skipped first (the store is asked on this
/// thread); the rest are read on a second thread while this one stores. JSON Lines files
/// are read as a stream of runs of lines, so memory stays flat whatever their size, and
/// the size limit applies to each line.
pub fn ingest_inputs(
    writer: &mut Writer<'_>,
    inputs: &[Input],
    hints: &truce_ingest::Hints,
    options: &truce_ingest::Options,
    progress: &impl Progress,
) -> Result<(), StoreError> {
    let to_read = inputs_to_read(writer, inputs, progress)?;
    // Runs of a JSON Lines file are read lazily, on the reading thread, as it gets to them.
    let items = to_read
        .into_iter()
        .flat_map(|(input, seen)| parts_of(input, seen, options));
    let read = |item: ToRead| read_part(item, hints, options);
    overlapped(items, read, ReadInput::weight, |r: ReadInput| {
        store_part(writer, r, progress)
    })?;
    writer.flush()
}

/// The inputs to read, each with its mark for the store's list of files seen; files
/// unchanged since they were stored are counted as skipped, unreadable ones rejected.
fn inputs_to_read<'a>(
    writer: &mut Writer<'_>,
    inputs: &'a [Input],
    progress: &impl Progress,
) -> Result<Vec<(&'a Input, Option<SeenMark>)>, StoreError> {
    let mut to_read = Vec::new();
    for input in inputs {
        writer.summary.inputs += 1;
        let seen = match input {
            // a pipe or a device has no size or time to recognise it by: always read
            Input::File(path) => match std::fs::metadata(path) {
                Ok(meta) if !meta.is_file() => None,
                Ok(meta) => {
                    let key = std::fs::canonicalize(path)
                        .unwrap_or_else(|_| path.clone())
                        .display()
                        .to_string();
                    let mtime = meta.mtime() * 1_000_000_000 + meta.mtime_nsec();
                    if writer.store().is_unchanged(&key, meta.len(), mtime)? {
                        writer.summary.unchanged_skipped += 1;
                        progress.read(meta.len());
                        progress.input();
                        continue;
                    }
                    Some((key, meta.len(), mtime))
                }
                Err(e) => {
                    let error = IngestError::new(
                        input.origin(),
                        truce_ingest::Problem::Unreadable(e.to_string()),
                    );
                    writer.reject(&error, progress);
                    progress.input();
                    continue;
                }
            },
            Input::Stdin => None,
        };
        to_read.push((input, seen));
    }
    Ok(to_read)
}

/// What the reading thread reads of one input: the whole of it, or a JSON Lines file's
/// runs of lines, opened lazily.
fn parts_of<'a>(
    input: &'a Input,
    seen: Option<SeenMark>,
    options: &truce_ingest::Options,
) -> Box<dyn Iterator<Item = ToRead<'a>> + Send + 'a> {
    match input {
        Input::File(path) if truce_ingest::walk::is_jsonl_file(input) => {
            let origin = input.origin();
            let chunks =
                truce_ingest::JsonlChunks::open(path, JSONL_CHUNK_BYTES, options.max_bytes);
            Box::new(chunks.map(move |chunk| {
                let last = chunk.as_ref().map_or(true, |c| c.last);
                // an error ends the file unread: no mark, so the next run reads it again
                let seen = match &chunk {
                    Ok(_) if last => seen.clone(),
                    _ => None,
                };
                ToRead::Lines {
                    origin: origin.clone(),
                    chunk,
                    seen,
                }
            }))
        }
        _ => Box::new(std::iter::once(ToRead::Whole(input, seen))),
    }
}

/// Reads (decodes, extracts, cleans and analyses) one part, on the reading thread.
fn read_part(
    item: ToRead,
    hints: &truce_ingest::Hints,
    options: &truce_ingest::Options,
) -> ReadInput {
    match item {
        ToRead::Whole(input, seen) => {
            let (bytes, read) = match truce_ingest::read_input(input, options.max_bytes) {
                Ok(raw) => (
                    raw.len() as u64,
                    truce_ingest::ingest_bytes(&raw, &input.origin(), hints, options),
                ),
                Err(error) => (0, Err(error)),
            };
            ReadInput {
                seen,
                bytes,
                last: true,
                read,
            }
        }
        ToRead::Lines {
            origin,
            chunk: Ok(chunk),
            seen,
        } => {
            // a run may hold no lines (the end of the file, or only a refused line)
            let mut results = if chunk.bytes.iter().all(u8::is_ascii_whitespace) {
                Ok(Vec::new())
            } else {
                truce_ingest::ingest_jsonl_lines(
                    &chunk.bytes,
                    &origin,
                    chunk.first_line,
                    hints,
                    options,
                )
            }
            // a run that cannot be decoded is one rejection; the refused lines are reported
            // either way
            .unwrap_or_else(|error| vec![Err(error)]);
            results.extend(chunk.refused.into_iter().map(Err));
            ReadInput {
                seen,
                bytes: chunk.bytes.len() as u64,
                last: chunk.last,
                read: Ok(results),
            }
        }
        ToRead::Lines {
            chunk: Err(error), ..
        } => ReadInput {
            seen: None,
            bytes: 0,
            last: true,
            read: Err(error),
        },
    }
}

/// Hands one part's reports to the writer and its rejections to the summary.
fn store_part(
    writer: &mut Writer<'_>,
    r: ReadInput,
    progress: &impl Progress,
) -> Result<(), StoreError> {
    if r.last {
        progress.input();
    }
    progress.read(r.bytes);
    writer.summary.bytes += r.bytes;
    match r.read {
        Ok(results) => {
            // room for the reports only: a run of refused lines reserved a slot for each,
            // and runs wait in the batch until it has enough reports (3 million refused
            // lines held 1 GB of empty slots)
            let mut reports = Vec::new();
            for result in results {
                match result {
                    Ok(report) => reports.push(report),
                    Err(error) => writer.reject(&error, progress),
                }
            }
            writer.push(Pending {
                seen: r.seen,
                reports,
            })
        }
        Err(error) => {
            writer.reject(&error, progress);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn rejected(&self, _: &IngestError) {}
    }

    /// A run of refused lines waits in the batch holding nothing: no slot is kept for
    /// the reports it did not have (each slot held a whole report's room, and 3 million
    /// refused lines held 1 GB of them).
    #[test]
    fn a_run_of_refused_lines_waits_holding_no_room_for_reports() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db"), truce_store::Mode::Write).unwrap();
        let mut writer = Writer::new(&mut store, None);
        for run in 0..3 {
            let refused = (0..10_000)
                .map(|i| {
                    Err(IngestError::new(
                        format!("lines.jsonl:{}", run * 10_000 + i + 1),
                        truce_ingest::Problem::Empty,
                    ))
                })
                .collect();
            let part = ReadInput {
                seen: None,
                bytes: 30_000,
                last: false,
                read: Ok(refused),
            };
            store_part(&mut writer, part, &Quiet).unwrap();
        }
        let room: usize = writer.pending.iter().map(|p| p.reports.capacity()).sum();
        assert_eq!(room, 0);
        assert_eq!(writer.summary.rejections.count, 30_000);
        assert_eq!(writer.summary.rejections.listed.len(), REJECTIONS_LISTED);
    }
}
