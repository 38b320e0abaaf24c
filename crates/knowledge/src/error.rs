use std::path::PathBuf;

/// Why knowledge could not be loaded. Each names the file and what to fix.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("{file}: {problem}; fix the file or leave it out of --knowledge")]
    Parse { file: String, problem: String },
    #[error("cannot read knowledge from {}: {source}; check that the path exists and is readable", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: actor {id:?} refers to unknown actor {target:?} in `{field}`; define it or fix the id")]
    UnknownRef {
        file: String,
        id: String,
        field: &'static str,
        target: String,
    },
}
