//! `truce users`: accounts with roles, one-time passwords printed once and stored only as
//! Argon2id hashes, every change in the audit trail, bad input named.

mod common;
use common::*;

fn users(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["users"];
    all.extend_from_slice(args);
    run(db, &all)
}

#[test]
fn users_are_added_listed_disabled_and_reset_and_every_change_is_audited() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let out = users(&db, &["add", "Amina", "--role", "analyst"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    let secret = said
        .lines()
        .find_map(|l| l.split("sign-in): ").nth(1))
        .unwrap_or_else(|| panic!("a one-time password is printed: {said}"))
        .trim()
        .to_string();
    assert_eq!(secret.len(), 23, "{secret}");
    // a password given on standard input is taken as the user's own
    let out = run_with_input(
        &db,
        &[
            "users",
            "add",
            "Chief",
            "--role",
            "admin",
            "--password-stdin",
        ],
        b"a long enough secret\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("one-time"), "{}", stdout(&out));

    let out = users(&db, &["disable", "amina"]);
    assert!(
        out.status.success(),
        "names are matched in any case: {}",
        stderr(&out)
    );
    let out = users(&db, &["reset", "Chief"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reset = stdout(&out).split(": ").last().unwrap().trim().to_string();
    assert_ne!(reset, secret);

    let listed: Vec<serde_json::Value> = stdout(&users(&db, &["list", "--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["name"], "Amina");
    assert_eq!(listed[0]["disabled"], true);
    assert_eq!(listed[1]["role"], "admin");
    assert_eq!(
        listed[1]["must_change"], true,
        "a reset password is one to change"
    );
    assert!(
        listed.iter().all(|u| u.get("password_hash").is_none()),
        "the list never shows a hash"
    );

    // the store holds Argon2id hashes only: neither secret is anywhere in the file
    let c = rusqlite::Connection::open(&db).unwrap();
    let hashes: Vec<String> = c
        .prepare("SELECT password_hash FROM users")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        hashes.iter().all(|h| h.starts_with("$argon2id$")),
        "{hashes:?}"
    );
    drop(c);
    let bytes = std::fs::read(&db).unwrap();
    for s in [&secret, &reset, &"a long enough secret".to_string()] {
        assert!(
            !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
            "a password is in the store"
        );
    }

    // every change, in order, in the trail that holds
    let trail: Vec<serde_json::Value> = stdout(&run(&db, &["audit", "list", "--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<&str> = trail
        .iter()
        .rev()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["user.add", "user.add", "user.disable", "user.password"]
    );
    assert!(trail.iter().all(|e| !e.to_string().contains(&secret)));
    assert!(run(&db, &["audit", "verify"]).status.success());
}

#[test]
fn bad_input_is_refused_naming_what_to_do() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    assert!(users(&db, &["add", "Amina", "--role", "reader"])
        .status
        .success());
    assert_fails_saying(
        &users(&db, &["add", "AMINA", "--role", "reader"]),
        &["taken", "truce users list"],
    );
    // (a usage error: clap's exit code 2)
    let out = users(&db, &["add", "Bo", "--role", "chief"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"chief\" is not a known role: use one of admin, analyst, working-group-member, working-group-observer, reader"),
        "{}",
        stderr(&out)
    );
    assert_fails_saying(
        &users(&db, &["reset", "nobody"]),
        &["no such user", "truce users list"],
    );
    assert_fails_saying(
        &users(&db, &["add", " ", "--role", "reader"]),
        &["1 to 64 characters"],
    );
}
