//! Helpers for end-to-end tests that run the real `truce` binary.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn truce() -> Command {
    Command::new(env!("CARGO_BIN_EXE_truce"))
}

/// Runs truce with `args` against the database `db`.
pub fn run(db: &Path, args: &[&str]) -> Output {
    truce()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("truce runs")
}

/// Runs truce with `args` against the database `db`, `input` on its standard input.
pub fn run_with_input(db: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = truce()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("truce runs");
    child
        .stdin
        .take()
        .expect("its standard input")
        .write_all(input)
        .expect("truce reads its standard input");
    child.wait_with_output().expect("truce ends")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts that a run failed with exit code 1 and that its stderr says every one of `needles`.
pub fn assert_fails_saying(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
}

/// `../shared`, or `None` (with a note) when it is absent outside CI.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("skipped: {} is missing", dir.display());
    None
}

/// A temporary directory others may enter (tests drop privileges to `nobody`).
pub fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { geteuid() == 0 }
}

extern "C" {
    fn geteuid() -> u32;
}

/// A truce command that runs as an unprivileged user when the tests run as root, since a
/// permission test that root passes tests nothing.
pub fn truce_unprivileged() -> Command {
    if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_truce"));
        cmd
    } else {
        truce()
    }
}

/// Runs truce unprivileged (see [`truce_unprivileged`]) with `args` against `db`.
pub fn run_unprivileged<S: AsRef<std::ffi::OsStr>>(db: &Path, args: &[S]) -> Output {
    truce_unprivileged()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("truce runs")
}

/// Counts of documents and sources, read directly with SQLite.
pub fn counts(db: &Path) -> (i64, i64) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sources)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// Writes `n` generated reports as text files into `dir`.
pub fn write_generated(dir: &Path, n: usize, seed: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for (i, report) in truce_corpus::Generator::new(seed).take(n).enumerate() {
        std::fs::write(dir.join(format!("report-{i:05}.txt")), report.text).unwrap();
    }
}

/// A store holding the reports of tests/reports/one-act (one strike told by three
/// reports, and another act), ingested as published on 2019-05-07.
pub fn one_act_store() -> (tempfile::TempDir, PathBuf) {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reports/one-act");
    let out = run(
        &db,
        &[
            "ingest",
            reports.to_str().unwrap(),
            "--published",
            "2019-05-07",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

/// `truce violations --json` for May 2019 (the month of the one-act reports), which must
/// succeed.
pub fn violations_in_may_2019(db: &Path) -> serde_json::Value {
    let out = run(
        db,
        &[
            "violations",
            "--json",
            "--from",
            "2019-05-01",
            "--to",
            "2019-05-31",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("violations print JSON")
}

/// Writes `reports` (file name, text) of our own into a new directory `dir/name` and
/// ingests them into `db` as published on `published`; the ingest must succeed.
pub fn ingest_own(db: &Path, dir: &Path, name: &str, reports: &[(&str, &str)], published: &str) {
    let inbox = dir.join(name);
    std::fs::create_dir_all(&inbox).unwrap();
    for (file, text) in reports {
        std::fs::write(inbox.join(file), text).unwrap();
    }
    let out = run(
        db,
        &[
            "ingest",
            inbox.to_str().unwrap(),
            "--published",
            published,
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A database of its own on the test PostgreSQL server, dropped when the test ends.
pub struct TestDatabase {
    /// Its URL, for `--db` and `truce migrate`.
    pub url: String,
    admin: String,
    name: String,
}

impl TestDatabase {
    /// A client of this database, for what a test checks inside it.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A new, empty database on the PostgreSQL server `$TRUCE_TEST_POSTGRES` names (a URL of
/// a role that may create databases; `scripts/test` starts a throwaway server and sets
/// it), or `None` (with a note) when it is unset outside CI.
pub fn postgres_database() -> Option<TestDatabase> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let Ok(admin) = std::env::var("TRUCE_TEST_POSTGRES") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but TRUCE_TEST_POSTGRES is unset: run the tests with scripts/test, which starts a PostgreSQL server for them"
        );
        eprintln!("skipped: TRUCE_TEST_POSTGRES is unset (scripts/test sets it)");
        return None;
    };
    let name = format!(
        "truce_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut client =
        postgres::Client::connect(&admin, postgres::NoTls).expect("the test PostgreSQL server");
    // one statement at a time: a batch of several runs as one transaction, which
    // neither statement allows
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("no database left by an earlier run");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a test database");
    // the same URL with the new database's name as its path
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin.as_str(), String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    Some(TestDatabase {
        url: format!("{server}/{name}{query}"),
        admin,
        name,
    })
}

/// A `truce serve` process on a free loopback port, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `truce serve` over `db` (a file, or a PostgreSQL database's URL).
pub fn start(db: impl AsRef<std::ffi::OsStr>) -> Server {
    start_with(db, &[])
}

/// Starts `truce serve` over `db` with `flags` besides its address (a free loopback port
/// unless `flags` give one).
pub fn start_with(db: impl AsRef<std::ffi::OsStr>, flags: &[&str]) -> Server {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
        .arg("--db")
        .arg(db)
        .arg("serve")
        .args(if flags.contains(&"--addr") {
            &[][..]
        } else {
            &["--addr", "127.0.0.1:0"][..]
        })
        .args(flags)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("truce serve starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, base }
}
