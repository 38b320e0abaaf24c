//! `truce ingest` end to end: deduplication, syndication, resumption after kill -9, one
//! writer at a time, and bad input of every kind.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

const STORY: &str =
    "ALEPPO -- Aid convoys reached the eastern districts on Tuesday, the United Nations said.\n\
The convoys carried food and medicine for about 20,000 people, officials said.\n";

/// A child process that is killed and reaped when the test ends, however it ends.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `truce ingest DIR` in the background and returns once it has committed reports.
fn ingest_in_background(db: &std::path::Path, reports: &std::path::Path) -> Reaped {
    let child = Reaped(
        truce()
            .arg("--db")
            .arg(db)
            .args(["ingest", "--quiet"])
            .arg(reports)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while counts_or_zero(db) == 0 {
        assert!(
            Instant::now() < deadline,
            "ingest stored nothing in two minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

#[test]
fn syndicated_copy_is_a_second_source_of_one_document() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    std::fs::write(dir.path().join("a.txt"), STORY).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("{STORY}Share this article\n© 2019 Northern Wire Service. All rights reserved.\n"),
    )
    .unwrap();
    let out = run(&db, &["ingest", dir.path().to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (summary["new"].as_u64(), summary["new_sources"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(counts(&db), (1, 2));
    // Re-ingesting the directory reads nothing: both files are unchanged.
    let out = run(&db, &["ingest", dir.path().to_str().unwrap(), "--json"]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["unchanged_skipped"], 2);
    // `show` lists both raw copies under the one document.
    let list = run(&db, &["documents", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = rows[0]["id"].as_str().unwrap();
    let shown = run(&db, &["show", &id[..8], "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(doc["sources"].as_array().unwrap().len(), 2);
    assert_eq!(doc["dateline"]["text"], "ALEPPO");
}

#[test]
fn killed_ingest_leaves_a_consistent_store_and_resumes() {
    let dir = open_tempdir();
    let reports = dir.path().join("reports");
    let total = 6000;
    write_generated(&reports, total, 11);
    let db = dir.path().join("t.db");
    // Kill it with SIGKILL as soon as some reports are committed.
    let mut child = ingest_in_background(&db, &reports);
    child.0.kill().unwrap(); // SIGKILL on Unix
    child.0.wait().unwrap();
    let stored_at_kill = counts_or_zero(&db);
    let (documents, sources) = counts(&db);
    assert!(
        documents >= stored_at_kill && (documents as usize) < total,
        "killed mid-run: {documents} of {total}"
    );
    assert_eq!(documents, sources, "every stored document has its source");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    conn.execute(
        "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
    let seen: i64 = conn
        .query_row("SELECT count(*) FROM seen_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        seen, documents,
        "files are marked seen with their reports, not before or after"
    );
    drop(conn);

    let out = run(
        &db,
        &["ingest", reports.to_str().unwrap(), "--quiet", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["unchanged_skipped"].as_i64(),
        Some(documents),
        "the re-run skips what was stored"
    );
    assert_eq!(counts(&db), (total as i64, total as i64));
}

#[test]
fn a_second_ingest_on_the_same_database_is_refused() {
    let dir = open_tempdir();
    let reports = dir.path().join("reports");
    write_generated(&reports, 4000, 12);
    let db = dir.path().join("t.db");
    let mut first = ingest_in_background(&db, &reports);
    let other = dir.path().join("one.txt");
    std::fs::write(&other, STORY).unwrap();
    let second = run(&db, &["ingest", other.to_str().unwrap()]);
    let finished_early = first.0.try_wait().unwrap().is_some();
    assert!(first.0.wait().unwrap().success());
    if finished_early {
        eprintln!("skipped: the first ingest finished before the second started");
        return;
    }
    assert_fails_saying(&second, &["in use by another truce ingest", "t.db"]);
    assert_eq!(counts(&db), (4000, 4000), "the first run was not disturbed");
}

fn counts_or_zero(db: &std::path::Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn bad_inputs_are_named_with_a_remedy_and_the_rest_is_stored() {
    let dir = open_tempdir();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(inbox.join("nested")).unwrap();
    let files: [(&str, &[u8]); 7] = [
        ("good.txt", STORY.as_bytes()),
        ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("empty.txt", b""),
        (
            "nobody.html",
            b"<html><head><title>Only a title</title></head></html>",
        ),
        (
            "broken.rss",
            b"<?xml version=\"1.0\"?><rss><channel><item><title>x",
        ),
        (
            "lines.jsonl",
            b"{\"text\":\"A convoy reached Saraqib.\"}\n{oops\n",
        ),
        // Invalid UTF-8 (Windows-1252 bytes) is decoded, not rejected.
        (
            "legacy.txt",
            b"Talks in Gen\xe8ve resumed on Monday, the envoy\x92s office said.\n",
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    std::os::unix::fs::symlink("..", inbox.join("nested/loop")).unwrap();
    // A 200 MB file: refused by size before it is read (sparse, so the test stays cheap).
    std::fs::File::create(inbox.join("huge.txt"))
        .unwrap()
        .set_len(200_000_000)
        .unwrap();

    let db = dir.path().join("t.db");
    let out = run(&db, &["ingest", inbox.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let expect = [
        ("image.png", "a PNG image, not a text report"),
        ("empty.txt", "is empty"),
        ("nobody.html", "has no article text"),
        ("broken.rss", "is not a well-formed feed"),
        ("lines.jsonl:2", "is not a JSON object"),
        ("loop", "symbolic-link loop"),
        (
            "huge.txt",
            "over the 50 MB limit; split it or raise --max-size",
        ),
    ];
    for (input, message) in expect {
        let line = err
            .lines()
            .find(|l| l.contains(input) && l.contains(message));
        assert!(
            line.is_some(),
            "no error line for {input} ({message}) in:\n{err}"
        );
    }
    assert_eq!(
        err.lines().filter(|l| l.starts_with("rejected: ")).count(),
        expect.len(),
        "{err}"
    );
    // good.txt, legacy.txt and the good JSON line are stored.
    assert_eq!(counts(&db).0, 3);
    let listed = stdout(&run(&db, &["documents", "--search", "Genève"]));
    assert!(listed.contains("Genève"), "Windows-1252 decoded: {listed}");

    // Raising the limit lets the big file be read (and then refused for what it holds).
    let out = run(
        &db,
        &[
            "ingest",
            inbox.join("huge.txt").to_str().unwrap(),
            "--max-size",
            "300MB",
        ],
    );
    assert!(
        stderr(&out).contains("not a text report"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unreadable_files_are_reported_even_for_root() {
    let dir = open_tempdir();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, STORY).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "HAMA -- Shelling stopped on Sunday, residents said.\n",
    )
    .unwrap();
    std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o644)).unwrap();
    let dbdir = dir.path().join("db");
    std::fs::create_dir(&dbdir).unwrap();
    std::fs::set_permissions(&dbdir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = dbdir.join("t.db");
    let out = run_unprivileged(
        &db,
        &["ingest".as_ref(), secret.as_os_str(), good.as_os_str()],
    );
    assert_fails_saying(
        &out,
        &[
            "secret.txt: cannot be read",
            "Permission denied",
            "check that it exists and that you may read it",
        ],
    );
    assert_eq!(counts(&db).0, 1);
}

#[test]
fn read_only_database_is_refused_and_untouched() {
    let dir = open_tempdir();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    let db = dir.path().join("t.db");
    assert!(run(&db, &["ingest", story.to_str().unwrap(), "--quiet"])
        .status
        .success());
    let before = std::fs::read(&db).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "HOMS -- A new truce began.\n").unwrap();
    let out = run_unprivileged(&db, &["ingest".as_ref(), other.as_os_str()]);
    assert_fails_saying(&out, &["t.db is read-only", "pass another --db"]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // Reading still works.
    let listed = run_unprivileged(&db, &["documents"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
}

#[test]
fn corrupt_database_is_refused_and_untouched() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let garbage = b"SQLite format 3\0"
        .iter()
        .copied()
        .chain((0..8192u32).map(|i| (i * 7 % 251) as u8))
        .collect::<Vec<u8>>();
    std::fs::write(&db, &garbage).unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    let out = run(&db, &["ingest", story.to_str().unwrap()]);
    assert_fails_saying(&out, &["is not a truce database", "move it aside"]);
    assert_eq!(std::fs::read(&db).unwrap(), garbage);
}

#[test]
fn usage_errors_exit_2() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    for args in [
        vec!["ingest"],
        vec!["ingest", "x.txt", "--published", "last Tuesday"],
        vec!["ingest", "x.txt", "--max-size", "lots"],
        vec!["frobnicate"],
        vec!["documents", "--limit", "-3"],
    ] {
        let out = run(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert!(!db.exists(), "usage errors create nothing");
}

#[test]
fn stdin_jsonl_stream_is_ingested() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let corpus = truce()
        .args(["corpus", "--docs", "50", "--seed", "3"])
        .output()
        .unwrap();
    let out = run_with_input(&db, &["ingest", "-", "--json"], &corpus.stdout);
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["new"], 50);
    let rows: serde_json::Value =
        serde_json::from_slice(&run(&db, &["documents", "--json", "--limit", "100"]).stdout)
            .unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 50);
    assert!(rows[0]["publisher"].is_string() && rows[0]["published"].is_string());
}

#[test]
fn demo_builds_a_searchable_store() {
    let dir = open_tempdir();
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo", "--no-serve"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (documents, sources) = counts(&db);
    assert!(documents >= 10, "{documents} demo reports");
    assert_eq!(
        sources,
        documents + 1,
        "one demo report is syndicated twice"
    );
    let hits: serde_json::Value = serde_json::from_slice(
        &run(&db, &["documents", "--search", "joint patrol", "--json"]).stdout,
    )
    .unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    assert!(hits[0]["snippet"].as_str().unwrap().contains('['));
    // Running the demo again adds nothing.
    assert!(run(&db, &["demo", "--quiet", "--no-serve"])
        .status
        .success());
    assert_eq!(counts(&db), (documents, sources));
    let missing = run(&db, &["show", "ffffffffff"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no document with id"));
}

/// A JSON Lines file is read as a stream of lines: the size limit applies to each line,
/// so a file larger than the limit goes in, a line over it is refused alone, and the file
/// is marked stored once its last line is.
#[test]
fn a_json_lines_file_is_read_line_by_line_under_the_size_limit() {
    let dir = open_tempdir();
    let feed = dir.path().join("feed.jsonl");
    let good = |town: &str| {
        serde_json::json!({
            "text": format!(
                "{town} -- Aid convoys reached the eastern districts of {town} on Tuesday, the \
                 United Nations said, after weeks of talks. {}",
                "The convoys carried food and medicine for about 20,000 people, officials said. "
                    .repeat(8)
            )
        })
        .to_string()
    };
    let overlong = serde_json::json!({ "text": "Shelling resumed. ".repeat(200) }).to_string();
    let lines = [
        good("ALEPPO"),
        overlong.clone(),
        good("IDLIB"),
        good("HAMA"),
    ];
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let file_size = std::fs::metadata(&feed).unwrap().len();
    assert!(file_size > 3_000 && overlong.len() > 3_000 && good("HAMA").len() < 2_000);

    let db = dir.path().join("t.db");
    let out = run(
        &db,
        &["ingest", feed.to_str().unwrap(), "--max-size", "2KB"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let refused: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("rejected: "))
        .collect();
    assert_eq!(refused.len(), 1, "{err}");
    assert!(
        refused[0].contains("feed.jsonl:2") && refused[0].contains("KB, over the 2 KB limit"),
        "{err}"
    );
    assert_eq!(
        counts(&db).0,
        3,
        "the three lines within the limit are stored"
    );

    // The file was read to its end, so the next run finds it unchanged.
    let out = run(
        &db,
        &[
            "ingest",
            feed.to_str().unwrap(),
            "--max-size",
            "2KB",
            "--json",
        ],
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["unchanged_skipped"], 1, "{summary}");
}
