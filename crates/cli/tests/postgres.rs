//! The store on PostgreSQL: `truce migrate` copies whole stores between SQLite and
//! PostgreSQL losslessly, the PostgreSQL schema pairs with SQLite's, and bad input or a
//! race leaves the target consistent. Needs the server `scripts/test` starts
//! (`TRUCE_TEST_POSTGRES`); skipped without it outside CI.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The demo store with analysts' records of every kind added (verdicts, a correction, a
/// join, a provision's status, a user and the audit trail they write), built once.
fn demo_with_records() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_dir, db) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("demo.db");
        let ok = |out: std::process::Output| {
            assert!(out.status.success(), "{}", stderr(&out));
            out
        };
        ok(run(&db, &["demo", "--no-serve", "--quiet"]));
        let acts: Value =
            serde_json::from_str(&stdout(&ok(run(&db, &["events", "--json"])))).unwrap();
        let acts = acts.as_array().expect("a list of acts");
        assert!(acts.len() >= 3, "the demo store has acts");
        let number = |i: usize| acts[i]["act"].as_i64().unwrap().to_string();
        ok(run(
            &db,
            &[
                "events",
                "verify",
                &number(0),
                "--status",
                "confirmed",
                "--analyst",
                "ana",
            ],
        ));
        ok(run(
            &db,
            &[
                "events",
                "verify",
                &number(1),
                "--killed",
                "5",
                "--analyst",
                "ana",
                "--note",
                "the ministry's figure",
            ],
        ));
        let moved = &acts[2]["events"][0];
        ok(run(
            &db,
            &[
                "events",
                "join",
                moved["document"].as_str().unwrap(),
                moved["local"].as_str().unwrap(),
                "--into",
                &number(0),
                "--analyst",
                "ana",
            ],
        ));
        ok(run(
            &db,
            &[
                "regime",
                "status",
                "idlib",
                "sochi-2018",
                "p1",
                "--level",
                "1",
                "--analyst",
                "ana",
                "--evidence",
                &format!("event:{}", number(0)),
            ],
        ));
        ok(run(&db, &["users", "add", "Ana", "--role", "analyst"]));
        (dir, db)
    });
    db
}

fn migrate(from: &str, to: &str) -> std::process::Output {
    truce()
        .args(["migrate", "--quiet", "--json", from, to])
        .output()
        .expect("truce runs")
}

fn report(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).expect("a JSON report")
}

fn rows(report: &Value, side: &str, table: &str) -> u64 {
    report[side]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == table)
        .unwrap_or_else(|| panic!("{table} in the report"))["rows"]
        .as_u64()
        .unwrap()
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).expect(sql).get(0)
}

#[test]
fn the_demo_store_round_trips_through_postgres_table_for_table() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let source = demo_with_records();
    let dir = tempfile::tempdir().unwrap();
    let back = dir.path().join("back.db");

    let there = report(&migrate(source.to_str().unwrap(), &pg.url));
    let again = report(&migrate(&pg.url, back.to_str().unwrap()));
    // each copy reads back what it wrote, and the second ends where the first began
    assert_eq!(there["source"], there["target"]);
    assert_eq!(again["source"], again["target"]);
    assert_eq!(there["source"], again["target"]);
    for table in [
        "documents",
        "sources",
        "events",
        "quotes",
        "cluster_summaries",
        "verifications",
        "act_verdicts",
        "event_decisions",
        "provision_status",
        "audit_log",
        "users",
    ] {
        assert!(
            rows(&there, "source", table) > 0,
            "the demo store has {table}"
        );
    }

    // the copy is a whole store: checked, listed and searched as the original
    let check = run(&back, &["check"]);
    assert!(
        stdout(&check).contains("no problems found"),
        "{}",
        stdout(&check)
    );
    for args in [
        &["events", "--json", "--limit", "1000"][..],
        &["documents", "--search", "patrol"][..],
        &["audit", "verify"][..],
        &["regime", "show", "idlib"][..],
    ] {
        assert_eq!(
            stdout(&run(source, args)),
            stdout(&run(&back, args)),
            "truce {args:?} differs after the round trip"
        );
    }

    // PostgreSQL's own views give the acts' summaries the SQLite store derived, verdicts
    // and corrections included, and its search finds the reports SQLite's does
    let mut client = pg.client();
    let columns = "type, modality, cluster, date, date_precision, mode, cameo, actors, recipients, place, place_name, place_precision, lat, lon, reports, evidence, status, killed, injured";
    for (a, b) in [
        ("act_effective", "cluster_summaries"),
        ("cluster_summaries", "act_effective"),
    ] {
        let differing = count(
            &mut client,
            &format!("SELECT count(*) FROM (SELECT {columns} FROM {a} EXCEPT SELECT {columns} FROM {b}) d"),
        );
        assert_eq!(differing, 0, "rows of {a} missing from {b}");
    }
    assert!(
        count(
            &mut client,
            "SELECT count(*) FROM cluster_summaries WHERE killed = 5"
        ) >= 1
    );
    let found = count(
        &mut client,
        "SELECT count(*) FROM documents WHERE search @@ plainto_tsquery('english', 'patrol')",
    );
    let listed = stdout(&run(
        source,
        &["documents", "--search", "patrol", "--limit", "1000"],
    ));
    let sqlite_found = listed
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .count();
    assert_eq!(found as usize, sqlite_found, "{listed}");
    // the mentions view unpacks the packed mentions
    assert!(count(&mut client, "SELECT count(*) FROM all_mentions") > 0);
    // new rows continue after the copied numbers instead of colliding with them
    client
        .batch_execute("INSERT INTO event_clusters (created) VALUES ('now')")
        .expect("identities continue after the copy");
}

#[test]
fn two_copies_racing_into_one_database_leave_exactly_one() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let source = demo_with_records().to_str().unwrap().to_string();
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let (source, url) = (source.clone(), pg.url.clone());
            std::thread::spawn(move || migrate(&source, &url))
        })
        .collect();
    let outs: Vec<_> = racers.into_iter().map(|r| r.join().unwrap()).collect();
    let won: Vec<_> = outs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        outs.iter().map(stderr).collect::<Vec<_>>()
    );
    let lost = outs.iter().find(|o| !o.status.success()).unwrap();
    assert_fails_saying(lost, &["already holds data", "new, empty store"]);
    let sums = report(won[0]);
    assert_eq!(sums["source"], sums["target"]);
    let mut client = pg.client();
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM documents") as u64,
        rows(&sums, "source", "documents")
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM schema_migrations"),
        1
    );
}

#[test]
fn a_value_postgres_cannot_hold_stops_the_copy_and_the_target_stays_empty() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (damage, needles) in [
        (
            "UPDATE documents SET title = title || char(0) WHERE rowid = 2",
            &["documents", "title", "NUL"][..],
        ),
        (
            "UPDATE events SET killed = 'many' WHERE rowid = 1",
            &["events", "killed", "\"many\""][..],
        ),
    ] {
        let bad = dir.path().join("bad.db");
        std::fs::copy(demo_with_records(), &bad).unwrap();
        rusqlite::Connection::open(&bad)
            .unwrap()
            .execute_batch(damage)
            .unwrap();
        let out = migrate(bad.to_str().unwrap(), &pg.url);
        assert_fails_saying(&out, needles);
        let mut client = pg.client();
        for table in ["documents", "sources", "events", "users"] {
            assert_eq!(
                count(&mut client, &format!("SELECT count(*) FROM {table}")),
                0,
                "{table} after a failed copy"
            );
        }
    }
    // nothing half-written stands in the way of a good copy
    let good = report(&migrate(demo_with_records().to_str().unwrap(), &pg.url));
    assert_eq!(good["source"], good["target"]);
}

#[test]
fn stores_that_are_not_new_or_not_ours_are_refused_untouched() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let source = demo_with_records().to_str().unwrap();
    // another program's database: nothing of ours is written beside its tables
    let mut client = pg.client();
    client
        .batch_execute("CREATE TABLE payroll (id int); INSERT INTO payroll VALUES (1)")
        .unwrap();
    assert_fails_saying(&migrate(source, &pg.url), &["another program"]);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ),
        1
    );
    // a store is never copied over another or into itself
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.db");
    std::fs::copy(source, &existing).unwrap();
    let listed = |db: &Path| stdout(&run(db, &["events", "--json", "--limit", "1000"]));
    let before = listed(&existing);
    assert_fails_saying(
        &migrate(source, existing.to_str().unwrap()),
        &["already holds data", "documents"],
    );
    assert!(listed(&existing) == before, "the existing store changed");
    assert_fails_saying(&migrate(source, source), &["into itself"]);
}

#[test]
fn a_password_in_a_url_never_reaches_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let out = migrate(
        "postgres://analyst:hunter2@127.0.0.1:1/truce",
        dir.path().join("x.db").to_str().unwrap(),
    );
    assert_fails_saying(
        &out,
        &["cannot connect", "postgres://analyst:***@127.0.0.1:1/truce"],
    );
    assert!(!stderr(&out).contains("hunter2"));
    assert!(
        !dir.path().join("x.db").exists(),
        "no store made when the source fails"
    );
}

#[test]
fn a_postgres_url_is_a_database_never_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = truce()
        .current_dir(dir.path())
        .args([
            "--db",
            "postgres://analyst:hunter2@127.0.0.1:1/truce",
            "events",
        ])
        .output()
        .unwrap();
    assert_fails_saying(
        &out,
        &["cannot connect", "postgres://analyst:***@127.0.0.1:1/truce"],
    );
    assert!(!stderr(&out).contains("hunter2"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing made"
    );
}

/// The commands written for both engines so far read a PostgreSQL store as they read
/// the same store in SQLite; the others say so and name the way around.
#[test]
fn reading_commands_give_the_same_on_both_engines() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let source = demo_with_records();
    report(&migrate(source.to_str().unwrap(), &pg.url));
    let on = |db: &str, args: &[&str]| {
        let out = truce().args(["--db", db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?} on {db}: {}", stderr(&out));
        stdout(&out)
    };
    let sqlite = source.to_str().unwrap();
    let listed: Value =
        serde_json::from_str(&on(sqlite, &["documents", "--json", "--limit", "1"])).unwrap();
    let report_id = listed[0]["id"].as_str().unwrap()[..12].to_string();
    for args in [
        &["users", "list"][..],
        &["audit", "list"][..],
        &["audit", "verify"][..],
        &["audit", "head"][..],
        &["documents"][..],
        &["documents", "--json", "--limit", "3", "--offset", "2"][..],
        &["show", &report_id, "--json"][..],
        &["quotes", "--json"][..],
        &["events"][..],
        &["events", "--json", "--limit", "5"][..],
        &["events", "show", "3"][..],
        &["agreements"][..],
        &["regime", "show", "idlib", "--json"][..],
        &["violations", "--regime", "idlib", "--json"][..],
        &["export", "--format", "csv"][..],
        &["export", "--format", "geojson"][..],
    ] {
        let (a, b) = (on(sqlite, args), on(&pg.url, args));
        assert!(!a.trim().is_empty(), "{args:?} lists something");
        assert_eq!(a, b, "truce {args:?} differs between the engines");
    }
    // a search finds the same reports (each engine ranks and cuts snippets its own way)
    let found = |db: &str| {
        let listed: Value =
            serde_json::from_str(&on(db, &["documents", "--search", "patrols", "--json"])).unwrap();
        let mut ids: Vec<String> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let ids = found(sqlite);
    assert!(ids.len() >= 2, "{ids:?}");
    assert_eq!(ids, found(&pg.url));
    // what is not written for PostgreSQL yet refuses with the way around
    let out = truce().args(["--db", &pg.url, "check"]).output().unwrap();
    assert_fails_saying(
        &out,
        &["does not work on a PostgreSQL store yet", "truce migrate"],
    );
}

/// Accounts and their audit trail, written and read on each engine by the same commands,
/// give the same (once the one-time secrets and clock times are masked).
#[test]
fn accounts_are_kept_the_same_on_both_engines() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accounts.db");
    let steps: &[&[&str]] = &[
        &["users", "add", "Ana", "--role", "analyst"],
        &["users", "add", "bo", "--role", "reader"],
        &["users", "disable", "BO"],
        &["users", "enable", "bo"],
        &["users", "reset", "bo"],
        &["tokens", "add", "ana", "--label", "nightly export"],
        &["tokens", "revoke", "1"],
        &["tokens", "list"],
        &["users", "list"],
        &["audit", "verify"],
        &["audit", "list"],
    ];
    // secrets (passwords, tokens, hashes) and times differ from run to run
    let masked = |text: &str| -> String {
        text.split_whitespace()
            .map(|w| {
                let secret = w.len() >= 20 || w.matches('-').count() >= 3;
                let time = w.starts_with("20") && w.contains('T');
                if secret || time {
                    "…"
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let run_all = |db: &str| -> Vec<String> {
        steps
            .iter()
            .map(|args| {
                let out = truce().args(["--db", db]).args(*args).output().unwrap();
                assert!(out.status.success(), "{args:?} on {db}: {}", stderr(&out));
                masked(&stdout(&out))
            })
            .collect()
    };
    let (sqlite, postgres) = (run_all(file.to_str().unwrap()), run_all(&pg.url));
    assert!(
        sqlite.iter().any(|o| o.contains("nightly export")),
        "{sqlite:?}"
    );
    assert_eq!(sqlite, postgres);
    // a name taken in another case is refused on both
    for db in [file.to_str().unwrap(), &pg.url] {
        let out = truce()
            .args(["--db", db, "users", "add", "ANA", "--role", "reader"])
            .output()
            .unwrap();
        assert_fails_saying(&out, &["the name is taken"]);
    }
}

/// Several writers at once: on PostgreSQL there is no writer's lock, and the audit
/// trail's chain still comes out whole, one entry after another, however their
/// transactions interleave.
#[test]
fn writers_at_once_keep_the_audit_chain_whole_on_postgres() {
    use truce_store::{Mode, Store};
    let Some(pg) = postgres_database() else {
        return;
    };
    let url = std::path::PathBuf::from(&pg.url);
    // the schema first, so that the writers race on the chain, not on creating it
    drop(Store::open(&url, Mode::Write).unwrap());
    let (writers, each) = (6, 15);
    let start = std::sync::Arc::new(std::sync::Barrier::new(writers));
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&url, Mode::Write).unwrap();
                start.wait();
                for i in 0..each {
                    let mut batch = store.batch().unwrap();
                    batch
                        .add_user(
                            "admin",
                            &format!("w{w}u{i}"),
                            truce_model::Role::Reader,
                            "hash",
                            true,
                        )
                        .unwrap();
                    batch.commit().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a writer finished without error");
    }
    let out = truce()
        .args(["--db", &pg.url, "audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("{} entries", writers * each)),
        "{}",
        stdout(&out)
    );
}

/// Two `truce ingest` processes writing into one PostgreSQL store at once: the acts come
/// out as one worker makes them (reports of one act linked by two workers at the same
/// moment are linked into one act, not two), and a report given to both is stored once.
#[test]
fn two_ingest_workers_at_once_give_the_acts_one_gives() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (fa, fb, earlier) = two_wires(dir.path());
    let ingest = |url: &str, files: &[&str]| {
        let out = truce()
            .args(["--db", url, "ingest", "--quiet"])
            .args(files)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };

    // acts as sets of reports' events, and how many of each size
    let acts = |db: &Path| {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare("SELECT count(*) FROM events GROUP BY cluster ORDER BY 1")
            .unwrap();
        let sizes: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let reports: i64 = conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap();
        (reports, sizes)
    };
    let one = dir.path().join("one.db");
    ingest(one.to_str().unwrap(), &[&earlier, &fa, &fb]);
    let (reports, sizes) = acts(&one);
    assert_eq!(reports, 86);
    assert!(
        sizes.iter().filter(|&&n| n >= 2).count() >= 40,
        "the wires' reports are linked: {sizes:?}"
    );

    // the race held open: the test locks the table every linking batch's commit writes
    // (acts_changes), so the first worker waits there after reading the days it links on,
    // while the second reads them too; only the day locks keep the second from linking
    // before it sees the first's events
    let mut holder = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    ingest(&pg.url, &[&earlier]);
    let mut hold = holder.transaction().unwrap();
    hold.batch_execute("LOCK TABLE acts_changes IN EXCLUSIVE MODE")
        .unwrap();
    let workers = ingest_at_once(&pg.url, [vec![fa.clone()], vec![fb.clone()]]);
    let mut watcher = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    let started = std::time::Instant::now();
    while count(
        &mut watcher,
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
    ) < 2
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "both workers reach the point where they wait"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    hold.rollback().unwrap();
    for out in workers {
        let out = out.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let two = dir.path().join("two.db");
    report(&migrate(&pg.url, two.to_str().unwrap()));
    assert_eq!(
        acts(&two),
        (reports, sizes.clone()),
        "two workers' acts differ from one's"
    );

    // the same reports given to two workers at once are stored once, and the acts are
    // still one worker's (the second waits on the first's reports, or runs its batch
    // again when the two wait on each other)
    let Some(again) = postgres_database() else {
        return;
    };
    ingest(&again.url, &[&earlier]);
    for out in ingest_at_once(&again.url, [vec![fa.clone()], vec![fb.clone(), fa.clone()]]) {
        let out = out.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let both = dir.path().join("both.db");
    report(&migrate(&again.url, both.to_str().unwrap()));
    assert_eq!(
        acts(&both),
        (reports, sizes),
        "reports stored twice or acts split"
    );
}

/// `truce ingest` of each list of files, all at once into the store at `url`.
fn ingest_at_once<const N: usize>(
    url: &str,
    files: [Vec<String>; N],
) -> Vec<std::thread::JoinHandle<std::process::Output>> {
    files
        .into_iter()
        .map(|files| {
            let url = url.to_string();
            std::thread::spawn(move || {
                truce()
                    .args(["--db", &url, "ingest", "--quiet"])
                    .args(&files)
                    .output()
                    .unwrap()
            })
        })
        .collect()
}

/// Forty acts, each told by two wires on its own day (1 January 2020 was a Wednesday),
/// as two files under `dir`, one per wire; and six acts a year earlier in a third, to be
/// stored first, so that the workers find the places and parties they name already
/// known (as in a store that has run for a while). Their paths: wire A, wire B, earlier.
fn two_wires(dir: &Path) -> (String, String, String) {
    let towns = [
        "Saraqeb",
        "Ariha",
        "Sarmin",
        "Binnish",
        "Taftanaz",
        "Kafranbel",
    ];
    let days = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let (mut a, mut b, mut earlier) = (String::new(), String::new(), String::new());
    for i in (0..40usize).chain(1000..1006) {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
            + chrono::Duration::days(i as i64 % 1000)
            - chrono::Duration::days(if i >= 1000 { 365 } else { 0 });
        let (town, day, killed) = (towns[i % towns.len()], days[(i + 2) % 7], i + 2);
        let line = |publisher: &str, text: String| {
            serde_json::json!({"publisher": publisher, "published": date.to_string(), "title": format!("Shelling in {town}"), "text": text}).to_string() + "\n"
        };
        let (wire_a, wire_b) = if i >= 1000 {
            (&mut earlier, None)
        } else {
            (&mut a, Some(&mut b))
        };
        *wire_a += &line("Wire A", format!("Syrian government forces shelled {town} in Idlib province on {day}, killing {killed} civilians, a monitoring group said."));
        if let Some(wire_b) = wire_b {
            *wire_b += &line("Wire B", format!("At least {killed} civilians were killed when Syrian government artillery shelled {town} on {day}, rescuers said."));
        }
    }
    let file = |name: &str, lines: &str| {
        let path = dir.join(name);
        std::fs::write(&path, lines).unwrap();
        path.to_str().unwrap().to_string()
    };
    (
        file("a.jsonl", &a),
        file("b.jsonl", &b),
        file("earlier.jsonl", &earlier),
    )
}

/// The workbench's server over a PostgreSQL store answers as it does over the same store
/// in SQLite: every read endpoint, then a verdict, a correction and an upload written
/// through the API, after which the acts and the audit trail still agree.
#[test]
fn the_server_answers_the_same_on_both_engines() {
    let Some(pg) = postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // the demo store without accounts: a server over it asks no one to sign in
    let sqlite = dir.path().join("demo.db");
    let out = truce()
        .args(["--db", sqlite.to_str().unwrap(), "demo", "--no-serve"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    report(&migrate(sqlite.to_str().unwrap(), &pg.url));
    let servers = [start(&sqlite), start(&pg.url)];
    let get = |base: &str, path: &str| -> String {
        match ureq::get(&format!("{base}{path}")).call() {
            Ok(r) => r.into_string().unwrap(),
            Err(e) => panic!("{base}{path}: {e}"),
        }
    };
    let same = |path: &str| {
        let (a, b) = (get(&servers[0].base, path), get(&servers[1].base, path));
        assert_eq!(a, b, "GET {path} differs between the engines");
    };
    for path in [
        "/api/health",
        "/api/acts",
        "/api/acts?modality=asserted&limit=5",
        "/api/acts.geojson",
        "/api/acts/3",
        "/api/timeline",
        "/api/documents?limit=5",
        "/api/quotes",
        "/api/actors",
        "/api/actors/TUR",
        "/api/places",
        "/api/agreements",
        "/api/regimes/idlib",
        "/api/regimes/idlib/evidence",
        "/api/violations?regime=idlib",
        "/api/export",
    ] {
        same(path);
    }
    let post = |base: &str, path: &str, body: &str, kind: &str| -> Value {
        let answer = ureq::post(&format!("{base}{path}"))
            .set("content-type", kind)
            .send_string(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        serde_json::from_str(&answer.into_string().unwrap()).unwrap()
    };
    for base in servers.iter().map(|s| &s.base) {
        let act: Value = serde_json::from_str(&get(base, "/api/acts/5")).unwrap();
        let version = act["version"].as_i64().unwrap_or(0);
        post(
            base,
            "/api/acts/5/verification",
            &format!(r#"{{"status":"confirmed","analyst":"ana","version":{version}}}"#),
            "application/json",
        );
        post(
            base,
            "/api/acts/5/verification",
            &format!(
                r#"{{"status":"corrected","analyst":"ana","correction":{{"killed":3}},"version":{}}}"#,
                version + 1
            ),
            "application/json",
        );
        let stored = post(base, "/api/documents?published=2020-10-20", "Turkish troops withdrew from the Morek observation post on Monday, the defence ministry said.", "text/plain");
        assert_eq!(stored["new"], 1, "{stored}");
    }
    // the same acts, the corrected one included (its verdicts' times aside)
    let acts = |base: &str| {
        let mut listed: Value = serde_json::from_str(&get(base, "/api/acts?limit=500")).unwrap();
        mask_times(&mut listed);
        listed
    };
    assert_eq!(acts(&servers[0].base), acts(&servers[1].base));
    let corrected: Value = serde_json::from_str(&get(&servers[1].base, "/api/acts/5")).unwrap();
    assert_eq!(corrected["act"]["killed"], 3, "{corrected}");
    assert_eq!(corrected["act"]["verification"]["status"], "corrected");
    let out = truce()
        .args(["--db", &pg.url, "audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Replaces every "decided_at" in `v` by a mark: the clock, not the engine, sets them.
fn mask_times(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "decided_at" {
                    *x = Value::from("(time)");
                } else {
                    mask_times(x);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_times),
        _ => {}
    }
}

/// The load test on both engines: clients reading, judging acts and uploading reports at
/// once, after which every write the server accepted is found in the store (the
/// benchmark fails otherwise).
#[test]
fn the_load_test_finds_every_accepted_write_on_both_engines() {
    let Ok(server) = std::env::var("TRUCE_TEST_POSTGRES") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"));
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("load.db");
    let store = store.to_str().unwrap();
    for db in [None, Some(server.as_str())] {
        let mut command = truce();
        if let Some(url) = db {
            command.args(["--db", url]);
        }
        let out = command
            .args([
                "bench",
                "load",
                "--store",
                store,
                "--docs",
                "200",
                "--density",
                "news",
            ])
            .args(["--clients", "8", "--seconds", "1", "--writes", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{db:?}: {}", stderr(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let load = &report["load"];
        assert_eq!(
            report["engine"],
            if db.is_some() { "PostgreSQL" } else { "SQLite" }
        );
        assert_eq!(load["errors"], 0, "{report}");
        assert!(load["writes_accepted"].as_u64().unwrap() > 0, "{report}");
        assert_eq!(load["writes_found"], load["writes_accepted"], "{report}");
        let endpoints: Vec<&str> = load["endpoints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap())
            .collect();
        assert!(
            endpoints.contains(&"POST /api/acts/{n}/verification"),
            "{endpoints:?}"
        );
        assert!(endpoints.contains(&"POST /api/documents"), "{endpoints:?}");
    }
}
