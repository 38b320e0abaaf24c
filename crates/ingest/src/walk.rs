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
                Ok(_) => {}
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
            if meta.len() > max_bytes {
                return Err(fail(Problem::TooLarge {
                    bytes: meta.len(),
                    limit: max_bytes,
                }));
            }
            std::fs::read(path).map_err(|e| fail(Problem::Unreadable(e.to_string())))
        }
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
            if buf.len() as u64 > max_bytes {
                return Err(fail(Problem::TooLarge {
                    bytes: buf.len() as u64,
                    limit: max_bytes,
                }));
            }
            Ok(buf)
        }
    }
}
