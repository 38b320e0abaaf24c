//! Hostile and heavy input: every request has a bounded cost and says what it refused.

mod common;
use common::*;

/// A search costs one lookup per different word: a word repeated two thousand times is
/// the search for that word, and more different words than the bound are refused by name.
#[test]
fn a_search_counts_each_word_once_and_refuses_more_words_than_its_bound() {
    let (_dir, db) = one_act_store();
    let once = run(&db, &["documents", "--search", "warplanes", "--json"]);
    assert!(once.status.success(), "{}", stderr(&once));
    let repeated = vec!["Warplanes,"; 2000].join(" ");
    let many = run(&db, &["documents", "--search", &repeated, "--json"]);
    assert!(many.status.success(), "{}", stderr(&many));
    assert_eq!(stdout(&many), stdout(&once));
    assert!(stdout(&once).contains("warplanes"), "{}", stdout(&once));

    let distinct: Vec<String> = (0..33).map(|i| format!("word{i}")).collect();
    let out = run(&db, &["documents", "--search", &distinct.join(" ")]);
    assert_fails_saying(&out, &["at most 32 different words"]);
    let out = run(&db, &["quotes", "--search", &distinct.join(" ")]);
    assert_fails_saying(&out, &["at most 32 different words"]);
    // thirty-two are a search
    let out = run(&db, &["documents", "--search", &distinct[..32].join(" ")]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `truce check` says a store is whole, names what differs from its records when it is
/// not, and `--repair-index` rebuilds the derived tables from the records.
#[test]
fn check_finds_a_damaged_summary_and_repair_rebuilds_it_from_the_records() {
    let (_dir, db) = one_act_store();
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("no problems found"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("4 reports"), "{}", stdout(&out));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE cluster_summaries SET reports = reports + 5", [])
            .unwrap();
    }
    let out = run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("acts whose summary differs from their events"),
        "{}",
        stdout(&out)
    );
    let out = run(&db, &["check", "--repair-index"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("no problems found"),
        "{}",
        stdout(&out)
    );
    let events = run(&db, &["events", "--json"]);
    assert!(
        stdout(&events).contains("\"reports\": 3"),
        "{}",
        stdout(&events)
    );
    // a store that is not there is an error, not an empty store made by the repair
    let missing = db.with_file_name("missing.db");
    let out = run(&missing, &["check", "--repair-index"]);
    assert_fails_saying(&out, &["does not exist"]);
    assert!(!missing.exists());
}

/// Rejections are counted and the first hundred listed, never all: a file of 200,000
/// lines that are no report gives a hundred lines of messages and the whole count.
#[test]
fn rejected_lines_are_counted_and_only_the_first_listed() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let lines = dir.path().join("empty-objects.jsonl");
    std::fs::write(&lines, "{}\n".repeat(200_000)).unwrap();
    let out = run(&db, &["ingest", lines.to_str().unwrap()]);
    let said = stderr(&out);
    let listed = said.lines().filter(|l| l.starts_with("rejected:")).count();
    assert!(
        (100..=102).contains(&listed),
        "{listed} lines of rejections"
    );
    assert!(
        said.contains("counted in the summary, not listed"),
        "{said}"
    );
    let summary = format!("{}{}", stdout(&out), said);
    assert!(summary.contains("200000 rejected"), "{summary}");
    let again = dir.path().join("again.db");
    let out = run(&again, &["ingest", "--json", lines.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["rejected_count"], 200_000, "{json}");
    assert_eq!(json["rejected"].as_array().map(Vec::len), Some(100));
}

/// A file name is printed as data: its newline and escape sequence are written escaped,
/// so it can neither print a rejection of its own nor colour the terminal.
#[test]
fn a_file_name_cannot_print_lines_or_drive_the_terminal() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let name = dir
        .path()
        .join("report\nrejected: forged.txt\u{1b}[31m.txt");
    std::fs::write(&name, "").unwrap();
    let out = run(&db, &["ingest", name.to_str().unwrap()]);
    let said = stderr(&out);
    assert!(!said.contains('\u{1b}'), "{said:?}");
    let rejections = said.lines().filter(|l| l.starts_with("rejected:")).count();
    assert_eq!(rejections, 1, "{said:?}");
    assert!(
        said.contains("report\\nrejected: forged.txt\\u{1b}[31m.txt"),
        "{said:?}"
    );
}

/// Inputs of no known size are read under the size limit, a pipe named on its own is
/// read, and a pipe inside a directory is named and refused, never skipped in silence.
#[test]
fn pipes_and_devices_are_read_under_the_limit_or_refused_by_name() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    // an endless device stops at the limit with a message, instead of filling memory
    let out = run(&db, &["analyse", "/dev/zero", "--max-size", "1MB"]);
    assert_fails_saying(
        &out,
        &["/dev/zero", "goes on past the 1 MB limit", "--max-size"],
    );

    let fifo = dir.path().join("incoming.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(
                &fifo,
                "Shelling reported near Saraqib\n\nIDLIB -- Government artillery shelled Saraqib on Tuesday, a monitor said.\n",
            )
        })
    };
    let out = run(&db, &["ingest", fifo.to_str().unwrap()]);
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 new reports") || stdout(&out).contains("1 new reports"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    // inside a directory a pipe would wait for a writer forever: it is named and refused
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(
        inbox.join("a.txt"),
        "IDLIB -- Talks resumed on Monday, officials said.\n",
    )
    .unwrap();
    std::process::Command::new("mkfifo")
        .arg(inbox.join("pipe"))
        .status()
        .unwrap();
    let out = run(&db, &["ingest", inbox.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("pipe: is a pipe or a device inside a directory"),
        "{}",
        stderr(&out)
    );
}

/// A JSON Lines file with one line in another encoding: that line is refused by its
/// number and the others are stored as written, not decoded with it as mojibake.
#[test]
fn a_line_that_is_not_utf8_is_refused_by_number_and_the_others_kept_whole() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let file = dir.path().join("mixed.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(
        "{\"text\": \"GENEVA -- Talks in Genève resumed on Monday, the envoy said.\"}\n".as_bytes(),
    );
    bytes.extend_from_slice(b"{\"text\": \"GENEVA -- Talks in Gen\xe8ve stalled on Tuesday.\"}\n");
    bytes.extend_from_slice(
        "{\"text\": \"GENEVA -- Délégations met again on Wednesday, the envoy said.\"}\n"
            .as_bytes(),
    );
    std::fs::write(&file, &bytes).unwrap();
    let out = run(&db, &["ingest", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("mixed.jsonl:2: is not UTF-8"),
        "{}",
        stderr(&out)
    );
    let listed = stdout(&run(&db, &["documents", "--search", "Genève", "--json"]));
    assert!(listed.contains("Genève"), "{listed}");
    let listed = stdout(&run(&db, &["documents", "--json"]));
    assert!(listed.contains("Délégations"), "{listed}");
    assert!(!listed.contains("Ã"), "{listed}");
}

/// A gzipped JSON Lines file cut short: every whole line before the damage is stored, and
/// the damage is named by its line and byte, with a remedy that fits.
#[test]
fn a_truncated_gzip_keeps_the_lines_before_the_damage_and_names_where_it_stopped() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let plain = dir.path().join("wire.jsonl");
    let lines: String = (0..3000)
        .map(|i| {
            format!("{{\"text\": \"GENEVA -- Delegations met for session {i} of the talks; envoy number {i} said the session {i} agenda was set.\"}}\n")
        })
        .collect();
    std::fs::write(&plain, lines).unwrap();
    let gzipped = std::process::Command::new("gzip")
        .arg("-k")
        .arg(&plain)
        .status();
    if !gzipped.is_ok_and(|s| s.success()) {
        eprintln!("skipped: gzip is not available");
        return;
    }
    let gz = dir.path().join("wire.jsonl.gz");
    let bytes = std::fs::read(&gz).unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() * 6 / 10]).unwrap();
    std::fs::remove_file(&plain).unwrap();
    let out = run(&db, &["ingest", gz.to_str().unwrap()]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let damage = said
        .lines()
        .find(|l| l.contains("is damaged here"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(damage.contains("the lines before it were read"), "{damage}");
    assert!(!damage.contains("check that it exists"), "{damage}");
    // "wire.jsonl.gz:N: is damaged here": lines 1 to N-1 are stored
    let line: usize = damage
        .split(".gz:")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{damage}"));
    assert!(line > 100, "{damage}");
    let (documents, _) = counts(&db);
    assert_eq!(documents as usize, line - 1, "{said}");
}

/// An input that yields no report says so and fails: a JSON Lines file of blank lines is
/// named, with how many lines it held, and a feed with no items as such; exit 1.
#[test]
fn an_input_that_yields_no_report_says_so() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let blank = dir.path().join("blank.jsonl");
    std::fs::write(&blank, "\n \n\t\n".repeat(100_000)).unwrap();
    let out = run(&db, &["ingest", blank.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("blank.jsonl: holds no report: its 300000 lines are all blank"),
        "{}",
        stderr(&out)
    );
    let feed = dir.path().join("quiet.rss");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
    )
    .unwrap();
    let out = run(&db, &["ingest", feed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("quiet.rss: is a feed with no items"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, &["analyse", feed.to_str().unwrap()]);
    assert_fails_saying(&out, &["is a feed with no items"]);
    // with one report among the blanks, the report is stored and nothing is said
    std::fs::write(
        &blank,
        "\n\n{\"text\": \"GENEVA -- Delegations met on Monday, an envoy said.\"}\n\n",
    )
    .unwrap();
    let out = run(&db, &["ingest", blank.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&db).0, 1);
}

/// A store whose pages are damaged is named as damaged, with `truce check` as the way to
/// see what; never SQLite's bare "Conversion error" or "Query returned no rows".
#[test]
fn a_damaged_store_is_named_as_such_with_the_check_to_run() {
    let (_dir, db) = one_act_store();
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "a store of {} bytes", bytes.len());
    // every page after the first two: the schema stays readable, the rows do not
    for (i, b) in bytes[2 * page..].iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    for args in [
        &["events"][..],
        &["documents"][..],
        &["quotes"][..],
        &["export", "--format", "csv"][..],
    ] {
        let out = run(&db, args);
        assert!(!out.status.success(), "{args:?}: {}", stdout(&out));
        let said = stderr(&out);
        assert!(said.contains("truce check"), "{args:?}: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
    }
    let out = run(&db, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
