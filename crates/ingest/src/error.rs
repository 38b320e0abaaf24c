//! What can be wrong with one input, worded for the person who has to fix it.

use thiserror::Error;

/// A size as people write it: whole MB from a megabyte up, KB below ("200 MB", "3 KB").
fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{} KB", bytes.div_ceil(1_000))
    }
}

/// A problem with one input. Its message says what is wrong *and* what to do.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Problem {
    #[error("is empty; nothing to ingest")]
    Empty,
    #[error("holds no report: its {lines} lines are all blank; nothing to ingest")]
    Blank { lines: usize },
    #[error("is a feed with no items; nothing to ingest (fetch it again when it has some)")]
    EmptyFeed,
    #[error("is {0}, not a text report; convert it to text or HTML first")]
    Binary(String),
    #[error("is {}, over the {} limit; split it or raise --max-size", size(*.bytes), size(*.limit))]
    TooLarge { bytes: u64, limit: u64 },
    #[error("cannot be read ({0}); check that it exists and that you may read it")]
    Unreadable(String),
    #[error("is not a well-formed feed ({0}); check the URL or file it came from")]
    BadFeed(String),
    #[error("has no article text (the page has no body or only navigation); save the article page itself")]
    NoArticle,
    #[error(
        "holds only notices and navigation, no report text; check that it is the report itself"
    )]
    OnlyBoilerplate,
    #[error("is not a JSON object ({0}); each line must be one JSON object")]
    BadJsonLine(String),
    #[error(
        "has no text field (expected one of: text, body, content, html); add it or drop the line"
    )]
    MissingText,
    #[error(
        "has an unreadable date {0:?}; use ISO 8601 such as 2018-09-08 or 2018-09-08T10:00:00Z"
    )]
    BadDate(String),
    #[error("is part of a symbolic-link loop ({0}); remove the link that points back up the tree")]
    LinkLoop(String),
    #[error("is damaged here, {read} bytes into its text ({detail}); the lines before it were read; fetch or compress the file again for the rest")]
    Damaged { read: u64, detail: String },
    #[error("is not UTF-8 (byte {at} of the line); JSON Lines are UTF-8: convert the file, e.g. with iconv -f WINDOWS-1252 -t UTF-8")]
    NotUtf8 { at: usize },
    #[error("goes on past the {} limit; split it or raise --max-size", size(*.limit))]
    StreamTooLarge { limit: u64 },
    #[error("is {0}, not a file of reports; name a file, a directory, or - for standard input")]
    NotAFile(&'static str),
}

/// A problem together with the input it concerns ("reports/a.html", "feed.xml#3", "-:12").
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{input}: {problem}")]
pub struct IngestError {
    pub input: String,
    pub problem: Problem,
}

impl IngestError {
    pub fn new(input: impl Into<String>, problem: Problem) -> Self {
        IngestError {
            input: input.into(),
            problem,
        }
    }
}
