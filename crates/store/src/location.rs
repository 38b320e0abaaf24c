//! Where a store lives: an SQLite file, or a database on a PostgreSQL server named by its
//! URL. `--db` and `TRUCE_DB` take either; [`Location::parse`] tells them apart.

use std::fmt;
use std::path::{Path, PathBuf};

/// A store's place: a file for the embedded engine, a URL for a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(PostgresUrl),
}

impl Location {
    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is
    /// the path of an SQLite file.
    pub fn parse(text: &str) -> Location {
        if PostgresUrl::is_url(text) {
            Location::Postgres(PostgresUrl(text.to_string()))
        } else {
            Location::Sqlite(PathBuf::from(text))
        }
    }

    /// The same, for a path given as an OS string (`--db` as clap reads it).
    pub fn from_path(path: &Path) -> Location {
        match path.to_str() {
            Some(text) => Location::parse(text),
            None => Location::Sqlite(path.to_path_buf()),
        }
    }
}

/// Shows a file's path, or a URL without its password: locations go into messages and
/// logs, and a password must not.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => write!(f, "{url}"),
        }
    }
}

/// A PostgreSQL connection URL (`postgres://user:password@host:port/database?options`).
/// Displayed with its password replaced, so that it can be named in errors.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    fn is_url(text: &str) -> bool {
        text.starts_with("postgres://") || text.starts_with("postgresql://")
    }

    /// The URL as given, password included: for connecting, never for printing.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The same server and user with another database: the URL's path replaced, its
    /// options kept.
    pub fn with_database(&self, database: &str) -> PostgresUrl {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("postgres", &self.0));
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let after = &rest[authority_end..];
        let options = after.find('?').map_or("", |q| &after[q..]);
        PostgresUrl(format!(
            "{scheme}://{}/{database}{options}",
            &rest[..authority_end]
        ))
    }

    /// The URL with the password (if any) as `***`.
    pub fn redacted(&self) -> String {
        let Some((scheme, rest)) = self.0.split_once("://") else {
            return self.0.clone();
        };
        // the user information ends at the last @ before the host's path
        let authority_end = rest.find('/').unwrap_or(rest.len());
        match rest[..authority_end].rfind('@') {
            Some(at) => {
                let user_info = &rest[..at];
                let user = match user_info.split_once(':') {
                    Some((user, _password)) => format!("{user}:***"),
                    None => user_info.to_string(),
                };
                format!("{scheme}://{user}{}", &rest[at..])
            }
            None => self.0.clone(),
        }
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_postgres_and_the_rest_are_files() {
        assert!(matches!(
            Location::parse("postgres://u@localhost/truce"),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse("postgresql://localhost/truce"),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("postgres.db"),
            Location::Sqlite(PathBuf::from("postgres.db"))
        );
        assert_eq!(
            Location::parse("./postgres://x"),
            Location::Sqlite(PathBuf::from("./postgres://x"))
        );
    }

    #[test]
    fn another_database_keeps_server_user_and_options() {
        let url = |s: &str| PostgresUrl(s.to_string());
        assert_eq!(
            url("postgres://a:pw@db:5432/truce?sslmode=require")
                .with_database("bench")
                .secret(),
            "postgres://a:pw@db:5432/bench?sslmode=require"
        );
        assert_eq!(
            url("postgresql://db").with_database("bench").secret(),
            "postgresql://db/bench"
        );
        assert_eq!(
            url("postgres://db?application_name=x")
                .with_database("bench")
                .secret(),
            "postgres://db/bench?application_name=x"
        );
    }

    #[test]
    fn passwords_never_show() {
        let at = Location::parse("postgres://analyst:s3cr@t@db.example:5432/truce?sslmode=require");
        let shown = at.to_string();
        assert!(!shown.contains("s3cr"), "{shown}");
        assert_eq!(
            shown,
            "postgres://analyst:***@db.example:5432/truce?sslmode=require"
        );
        assert!(!format!("{at:?}").contains("s3cr"));
        assert_eq!(
            Location::parse("postgres://analyst@db/truce").to_string(),
            "postgres://analyst@db/truce"
        );
        assert_eq!(
            Location::parse("postgres://db/truce").to_string(),
            "postgres://db/truce"
        );
    }
}
