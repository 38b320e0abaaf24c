//! Inputs named on the command line: files, directories (recursive) and `-` for stdin.

use crate::error::{IngestError, Problem};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// How errors and stored sources name this input.
    pub fn origin(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expands paths into the files below them, sorted, skipping hidden entries. Problems
/// (missing paths, unreadable directories, link loops) come back beside the inputs so the
/// caller can report them and go on with the rest.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => inputs.push(Input::File(e.into_path())),
                Ok(e) if e.file_type().is_dir() => {}
                // a pipe or a terminal named on its own is read as a stream, under the
                // size limit (`truce ingest <(curl ...)`); inside a directory, or a
                // socket or a disk device anywhere, it is named and refused, never
                // skipped without a word (opening a pipe nobody writes would wait forever)
                Ok(e) => match special_kind(&e.file_type()) {
                    Some(SpecialKind::Stream) if e.depth() == 0 => {
                        inputs.push(Input::File(e.into_path()))
                    }
                    kind => problems.push(IngestError::new(
                        e.path().display().to_string(),
                        Problem::NotAFile(kind.map_or("a special file", SpecialKind::name)),
                    )),
                },
                Err(err) => {
                    let at = err.path().unwrap_or(path).display().to_string();
                    let problem = match err.loop_ancestor() {
                        Some(ancestor) => {
                            Problem::LinkLoop(format!("it leads back to {}", ancestor.display()))
                        }
                        None => Problem::Unreadable(
                            err.io_error()
                                .map(|e| e.to_string())
                                .unwrap_or_else(|| err.to_string()),
                        ),
                    };
                    problems.push(IngestError::new(at, problem));
                }
            }
        }
    }
    (inputs, problems)
}

/// What a file that is neither a regular file nor a directory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpecialKind {
    /// A pipe or a character device: bytes that come and go, of no known size.
    Stream,
    Socket,
    BlockDevice,
}

impl SpecialKind {
    fn name(self) -> &'static str {
        match self {
            SpecialKind::Stream => "a pipe or a device inside a directory",
            SpecialKind::Socket => "a socket",
            SpecialKind::BlockDevice => "a disk device",
        }
    }
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> Option<SpecialKind> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() || t.is_char_device() {
        Some(SpecialKind::Stream)
    } else if t.is_socket() {
        Some(SpecialKind::Socket)
    } else if t.is_block_device() {
        Some(SpecialKind::BlockDevice)
    } else {
        None
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> Option<SpecialKind> {
    None
}

/// Reads at most `max_bytes` of a stream, refusing it when there is more.
fn read_bounded(
    reader: impl Read,
    max_bytes: u64,
    fail: impl Fn(Problem) -> IngestError,
) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut buf)
        .map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
    if buf.len() as u64 > max_bytes {
        return Err(fail(Problem::StreamTooLarge { limit: max_bytes }));
    }
    Ok(buf)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Reads an input whole, refusing anything over `max_bytes` before reading it.
pub fn read_input(input: &Input, max_bytes: u64) -> Result<Vec<u8>, IngestError> {
    let origin = input.origin();
    let fail = |problem| IngestError::new(origin.clone(), problem);
    match input {
        Input::File(path) => {
            let meta =
                std::fs::metadata(path).map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
            if meta.is_dir() {
                return Err(fail(Problem::NotAFile("a directory")));
            }
            if !meta.is_file() {
                // a pipe or a device says nothing of its size: read it under the limit
                let file = std::fs::File::open(path)
                    .map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
                return read_bounded(file, max_bytes, fail);
            }
            if meta.len() > max_bytes {
                return Err(fail(Problem::TooLarge {
                    bytes: meta.len(),
                    limit: max_bytes,
                }));
            }
            // a file that grows while it is read is still read only up to the limit
            let file =
                std::fs::File::open(path).map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
            read_bounded(file, max_bytes, fail)
        }
        Input::Stdin => read_bounded(std::io::stdin().lock(), max_bytes, fail),
    }
}

/// Is this input a JSON Lines file, plain or gzipped, to be read as a stream?
pub fn is_jsonl_file(input: &Input) -> bool {
    match input {
        Input::File(path) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let name = name.strip_suffix(".gz").unwrap_or(&name);
            name.ends_with(".jsonl") || name.ends_with(".ndjson")
        }
        Input::Stdin => false,
    }
}

/// A run of whole lines of a JSON Lines file.
#[derive(Debug)]
pub struct JsonlChunk {
    /// The lines, each with its line feed (the last one may lack it).
    pub bytes: Vec<u8>,
    /// The number of the first line in the file (1 for the first).
    pub first_line: usize,
    /// Lines refused without being read whole (longer than the size limit).
    pub refused: Vec<IngestError>,
    /// The file's last run: the file is done once this one is stored.
    pub last: bool,
}

/// The most lines one run holds. Each line's result (a report, or why it was refused) is
/// kept until its run is stored, so a run of a few MB of tiny lines held a million
/// results (3 million lines of `{}` took 1.2 GB); real reports run a few hundred to the
/// MB, so runs of them still end by size.
pub const RUN_LINES: usize = 8192;

/// Reads a JSON Lines file in runs of whole lines of about `chunk_bytes` (and at most
/// [`RUN_LINES`] lines), so a file of
/// any size goes through in bounded memory: the size limit applies to each line (each
/// report) instead of to the file. A line over the limit is refused on its own, without
/// being held in memory, and reading goes on after it.
pub struct JsonlChunks {
    /// None once the file is read to its end, or could not be opened or read.
    reader: Option<Box<dyn std::io::BufRead + Send>>,
    origin: String,
    next_line: usize,
    chunk_bytes: usize,
    max_line: u64,
    /// An error opening the file, reported as the only item, or the damage that ended
    /// it, reported after the whole lines read before it.
    failed: Option<IngestError>,
    /// Bytes of text read in whole lines so far (after decompression).
    read: u64,
    /// Whether every line so far was blank (none refused): a file that ends so held no
    /// report, and says so.
    blank: bool,
}

impl JsonlChunks {
    pub fn open(path: &Path, chunk_bytes: usize, max_line: u64) -> JsonlChunks {
        let origin = path.display().to_string();
        let (reader, failed) = match std::fs::File::open(path) {
            Ok(f) => {
                let gzipped = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
                let reader: Box<dyn std::io::BufRead + Send> = if gzipped {
                    Box::new(std::io::BufReader::with_capacity(
                        1 << 16,
                        flate2::read::GzDecoder::new(f),
                    ))
                } else {
                    Box::new(std::io::BufReader::with_capacity(1 << 16, f))
                };
                (Some(reader), None)
            }
            Err(e) => (
                None,
                Some(IngestError::new(
                    origin.clone(),
                    Problem::Unreadable(e.to_string()),
                )),
            ),
        };
        JsonlChunks {
            reader,
            origin,
            next_line: 1,
            chunk_bytes,
            max_line,
            failed,
            read: 0,
            blank: true,
        }
    }

    /// A problem with the line being read, named `path:LINE`.
    fn at_line(&self, problem: Problem) -> IngestError {
        IngestError::new(format!("{}:{}", self.origin, self.next_line), problem)
    }

    /// Skips the rest of an overlong line: whether more lines follow, and how many bytes
    /// the skipped part held.
    fn skip_line(reader: &mut dyn std::io::BufRead) -> std::io::Result<(bool, u64)> {
        let mut skipped = 0u64;
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                return Ok((false, skipped));
            }
            if let Some(i) = buf.iter().position(|&b| b == b'\n') {
                reader.consume(i + 1);
                return Ok((true, skipped + i as u64));
            }
            let n = buf.len();
            skipped += n as u64;
            reader.consume(n);
        }
    }

    /// Reads the next run into `chunk`: Ok(true) when the file ended with it.
    fn fill(&mut self, chunk: &mut JsonlChunk) -> std::io::Result<bool> {
        use std::io::{BufRead, Read};
        let reader = self
            .reader
            .as_mut()
            .expect("fill is called on an open file");
        let first_line = self.next_line;
        while chunk.bytes.len() < self.chunk_bytes && self.next_line - first_line < RUN_LINES {
            let start = chunk.bytes.len();
            let got = reader
                .by_ref()
                .take(self.max_line + 1)
                .read_until(b'\n', &mut chunk.bytes);
            let got = match got {
                Ok(n) => n,
                Err(e) => {
                    // keep the whole lines before the damage; the broken one goes
                    chunk.bytes.truncate(start);
                    return Err(e);
                }
            };
            if got == 0 {
                return Ok(true);
            }
            let line = &chunk.bytes[start..];
            let length = (line.len() - usize::from(line.ends_with(b"\n"))) as u64;
            if length > self.max_line {
                // Hold no more of it: refuse the line, skip to the next one, and end the
                // run here so the lines of the run stay consecutive.
                chunk.bytes.truncate(start);
                let (more, rest) = Self::skip_line(reader)?;
                let refused = self.at_line(Problem::TooLarge {
                    bytes: length + rest,
                    limit: self.max_line,
                });
                chunk.refused.push(refused);
                self.blank = false;
                self.next_line += 1;
                return Ok(!more);
            }
            self.blank = self.blank && line.iter().all(u8::is_ascii_whitespace);
            self.read += (chunk.bytes.len() - start) as u64;
            self.next_line += 1;
        }
        Ok(false)
    }
}

impl Iterator for JsonlChunks {
    type Item = Result<JsonlChunk, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.reader.is_none() {
            return self.failed.take().map(Err);
        }
        let mut chunk = JsonlChunk {
            bytes: Vec::with_capacity(self.chunk_bytes.min(1 << 20)),
            first_line: self.next_line,
            refused: Vec::new(),
            last: false,
        };
        match self.fill(&mut chunk) {
            Ok(ended) => {
                if ended {
                    chunk.last = true;
                    self.reader = None;
                    if self.blank {
                        let lines = self.next_line - 1;
                        let problem = if lines == 0 {
                            Problem::Empty
                        } else {
                            Problem::Blank { lines }
                        };
                        chunk
                            .refused
                            .push(IngestError::new(self.origin.clone(), problem));
                    }
                }
                Some(Ok(chunk))
            }
            // damage ends the file: the whole lines read before it are handed on (not as
            // the last run, so the file is not marked stored and a later run reads it
            // again), then the damage, at its line and byte
            Err(e) => {
                self.reader = None;
                let damage = self.at_line(Problem::Damaged {
                    read: self.read,
                    detail: e.to_string(),
                });
                if chunk.bytes.is_empty() && chunk.refused.is_empty() {
                    return Some(Err(damage));
                }
                self.failed = Some(damage);
                Some(Ok(chunk))
            }
        }
    }
}

#[cfg(test)]
mod jsonl_tests {
    use super::*;

    fn chunks_of(content: &[u8], chunk_bytes: usize, max_line: u64) -> Vec<JsonlChunk> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        std::fs::write(&path, content).unwrap();
        JsonlChunks::open(&path, chunk_bytes, max_line)
            .map(|c| c.unwrap())
            .collect()
    }

    #[test]
    fn runs_hold_whole_lines_numbered_as_in_the_file() {
        let content = b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n\n{\"text\":\"four\"}";
        let runs = chunks_of(content, 20, 1000);
        let joined: Vec<u8> = runs.iter().flat_map(|c| c.bytes.clone()).collect();
        assert_eq!(joined, content, "every byte once, in order");
        // A run ends at the first line end past 20 bytes: lines 1–2, then 3–4 (and the end).
        let firsts: Vec<usize> = runs.iter().map(|c| c.first_line).collect();
        assert_eq!(firsts, [1, 3]);
        assert!(runs[1].bytes.ends_with(b"four\"}"));
        assert!(runs.last().unwrap().last);
        assert_eq!(runs.iter().filter(|c| c.last).count(), 1);
    }

    #[test]
    fn an_overlong_line_is_refused_alone_with_its_real_size() {
        let long = format!("{{\"text\":\"{}\"}}", "x".repeat(5000));
        let content = format!("{{\"text\":\"a\"}}\n{long}\n{{\"text\":\"c\"}}\n");
        let runs = chunks_of(content.as_bytes(), 1 << 20, 100);
        let refused: Vec<&IngestError> = runs.iter().flat_map(|c| &c.refused).collect();
        assert_eq!(refused.len(), 1);
        let message = refused[0].to_string();
        assert!(message.contains("feed.jsonl:2"), "{message}");
        assert!(
            matches!(refused[0].problem, Problem::TooLarge { bytes, limit: 100 } if bytes == long.len() as u64),
            "{message}"
        );
        let kept: Vec<(usize, String)> = runs
            .iter()
            .filter(|c| !c.bytes.is_empty())
            .map(|c| (c.first_line, String::from_utf8(c.bytes.clone()).unwrap()))
            .collect();
        assert_eq!(
            kept,
            [
                (1, "{\"text\":\"a\"}\n".to_string()),
                (3, "{\"text\":\"c\"}\n".to_string())
            ]
        );
    }

    #[test]
    fn a_gzipped_file_streams_as_its_lines() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.ndjson.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n")
            .unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        assert!(is_jsonl_file(&Input::File(path.clone())));
        assert!(!is_jsonl_file(&Input::File("report.json.gz".into())));
        let bytes: Vec<u8> = JsonlChunks::open(&path, 8, 100)
            .flat_map(|c| c.unwrap().bytes)
            .collect();
        assert_eq!(bytes, b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
    }

    #[test]
    fn a_corrupt_gzip_ends_the_file_with_an_error_naming_the_line() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all("{\"text\":\"a\"}\n".repeat(2000).as_bytes())
            .unwrap();
        let mut bytes = gz.finish().unwrap();
        let middle = bytes.len() / 2;
        bytes[middle..].iter_mut().for_each(|b| *b ^= 0x5a);
        std::fs::write(&path, bytes).unwrap();
        let items: Vec<_> = JsonlChunks::open(&path, 1 << 20, 100).collect();
        let last = items.last().unwrap();
        assert!(
            last.as_ref()
                .is_err_and(|e| e.to_string().contains("feed.jsonl.gz:")
                    && e.to_string().contains("is damaged here")),
            "{:?}",
            last.as_ref().err()
        );
        assert!(items.iter().all(|c| c.as_ref().map_or(true, |c| !c.last)));
        // the whole lines before the damage (if any decoded) come first, and the damage is
        // named at the line after them
        let kept: usize = items
            .iter()
            .filter_map(|c| c.as_ref().ok())
            .map(|c| {
                c.bytes
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count()
            })
            .sum();
        let damage = last.as_ref().unwrap_err().to_string();
        assert!(
            damage.contains(&format!("feed.jsonl.gz:{}:", kept + 1)),
            "{damage}"
        );
    }

    #[test]
    fn an_empty_or_blank_file_says_it_holds_no_report_and_a_missing_one_is_an_error() {
        let runs = chunks_of(b"", 100, 100);
        assert_eq!(runs.len(), 1);
        assert!(runs[0].last && runs[0].bytes.is_empty());
        assert_eq!(runs[0].refused.len(), 1);
        assert_eq!(runs[0].refused[0].problem, Problem::Empty);
        let runs = chunks_of(&b"\n  \n\t\n".repeat(50), 16, 100);
        let refused: Vec<_> = runs.iter().flat_map(|r| &r.refused).collect();
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].problem, Problem::Blank { lines: 150 });
        assert!(refused[0].to_string().contains("150 lines are all blank"));
        // blank lines around a report are no problem
        let runs = chunks_of(b"\n{\"text\": \"A report.\"}\n\n", 100, 100);
        assert!(runs.iter().all(|r| r.refused.is_empty()));
        let missing: Vec<_> =
            JsonlChunks::open(Path::new("/nonexistent/feed.jsonl"), 100, 100).collect();
        assert_eq!(missing.len(), 1);
        assert!(missing[0]
            .as_ref()
            .is_err_and(|e| e.to_string().contains("cannot be read")));
    }
}
