//! A shared server: sign-in, sessions, CSRF, API tokens, what each role may do (the access
//! matrix of docs/security.md, checked against the code and against every endpoint of the
//! running server), readers who see the verified record only, and no secret in the logs or
//! the store's file.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use truce_model::{Action, ReadersSee, Role};

struct Server {
    child: Child,
    base: String,
    /// What the server printed on standard output, its first line read already.
    stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    /// Stops the server and answers what it wrote on standard output and error: its logs.
    fn logs(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut out = String::new();
        let _ = self.stdout.read_to_string(&mut out);
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut out);
        }
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `truce serve` on a free loopback port, without a rate limit (the matrix sends hundreds
/// of requests at once); `first` is the first line it printed besides the address.
fn serve(db: &Path, flags: &[&str]) -> (Server, Vec<String>) {
    let mut child = truce()
        .arg("--db")
        .arg(db)
        .args(["serve", "--addr", "127.0.0.1:0", "--rate-limit", "0"])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("truce serve starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = Vec::new();
    let base = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "serve stopped: {printed:?}"
        );
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            break url.trim_end_matches('/').to_string();
        }
        printed.push(line);
    };
    (
        Server {
            child,
            base,
            stdout,
        },
        printed,
    )
}

/// A client: a session's cookie and CSRF token, or an API token, or nothing.
#[derive(Clone, Default)]
struct Client {
    cookie: Option<String>,
    csrf: Option<String>,
    bearer: Option<String>,
}

/// An answer: its status, its Set-Cookie, and its body (JSON when it is).
struct Answer {
    status: u16,
    set_cookie: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

fn call(s: &Server, c: &Client, method: &str, path: &str, body: Option<&str>) -> Answer {
    let url = format!("{}{path}", s.base);
    let mut r = ureq::request(method, &url);
    if let Some(cookie) = &c.cookie {
        r = r.set("Cookie", &format!("truce_session={cookie}"));
    }
    if let Some(csrf) = &c.csrf {
        r = r.set("X-CSRF-Token", csrf);
    }
    if let Some(t) = &c.bearer {
        r = r.set("Authorization", &format!("Bearer {t}"));
    }
    let answer = match body {
        Some(b) => r.set("Content-Type", "application/json").send_string(b),
        None => r.call(),
    };
    let response = match answer {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    Answer {
        status: response.status(),
        set_cookie: response.header("set-cookie").map(str::to_string),
        body: response.into_string().unwrap_or_default(),
    }
}

/// Signs in: the client of the new session.
fn sign_in(s: &Server, name: &str, password: &str) -> Client {
    let body = serde_json::json!({"name": name, "password": password}).to_string();
    let a = call(s, &Client::default(), "POST", "/api/session", Some(&body));
    assert_eq!(a.status, 200, "{name}: {}", a.body);
    client_of(&a)
}

/// The session an answer opened: its cookie's secret and its CSRF token.
fn client_of(a: &Answer) -> Client {
    let set = a.set_cookie.clone().expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(set.contains(attribute), "{set}");
    }
    let secret = set
        .split(';')
        .next()
        .and_then(|kv| kv.strip_prefix("truce_session="))
        .unwrap()
        .to_string();
    Client {
        cookie: Some(secret),
        csrf: a.json()["csrf"].as_str().map(str::to_string),
        bearer: None,
    }
}

/// Adds a user with a password of their own (not a one-time one).
fn add_user(db: &Path, name: &str, role: &str, password: &str) {
    let out = run_with_input(
        db,
        &["users", "add", name, "--role", role, "--password-stdin"],
        password.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A client with a new API token of `user`'s, made by `truce tokens add` (whose last
/// word is the secret).
fn token_client(db: &Path, user: &str, label: &str) -> Client {
    let out = run(db, &["tokens", "add", user, "--label", label]);
    assert!(out.status.success(), "{}", stderr(&out));
    Client {
        bearer: stdout(&out).split_whitespace().last().map(str::to_string),
        ..Client::default()
    }
}

/// The one-time password a command printed (the last word of the line that says so).
fn one_time(printed: &str) -> String {
    printed
        .lines()
        .find(|l| l.contains("one-time password"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or_else(|| panic!("no one-time password in {printed:?}"))
        .to_string()
}

const PASSWORD: &str = "a long enough password";

/// The one-act store with a user of each role, each with [`PASSWORD`].
fn store_with_users() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = one_act_store();
    for &role in Role::ALL {
        add_user(&db, role.as_str(), role.as_str(), PASSWORD);
    }
    (dir, db)
}

fn docs_security() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/security.md"))
        .unwrap()
}

/// The rows of the markdown table after `<!-- marker -->`: each a list of cells.
fn table(doc: &str, marker: &str) -> Vec<Vec<String>> {
    let at = doc
        .find(&format!("<!-- {marker} -->"))
        .unwrap_or_else(|| panic!("docs/security.md lacks its {marker} table"));
    doc[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}

/// The documented matrix: for each column (a role, "reader, verified only", "one-time
/// password", "not signed in"), whether it may do each action.
fn documented_matrix() -> BTreeMap<(String, Action), bool> {
    let rows = table(&docs_security(), "access-matrix");
    let header = &rows[0];
    let mut matrix = BTreeMap::new();
    let mut actions = BTreeSet::new();
    for row in &rows[1..] {
        let action: Action = row[0].parse().unwrap();
        actions.insert(action);
        for (column, cell) in header.iter().zip(row).skip(1) {
            let may = match cell.as_str() {
                "yes" => true,
                "no" => false,
                other => panic!("{other:?} in the matrix: yes or no"),
            };
            matrix.insert((column.clone(), action), may);
        }
    }
    assert_eq!(actions.len(), Action::ALL.len(), "every action has its row");
    matrix
}

#[test]
fn the_documented_matrix_is_the_code_and_every_endpoint_holds_to_it_for_every_role() {
    let matrix = documented_matrix();
    // the code's one statement of it
    for &action in Action::ALL {
        for &role in Role::ALL {
            for see in [ReadersSee::All, ReadersSee::Verified] {
                let column = if role == Role::Reader && see == ReadersSee::Verified {
                    "reader, verified only"
                } else {
                    role.as_str()
                };
                assert_eq!(
                    truce_access::allowed(role, action, see),
                    matrix[&(column.to_string(), action)],
                    "{role} ({see}) may {action}: the code and docs/security.md differ"
                );
            }
        }
    }
    // the endpoints: the docs' table, the server's and the OpenAPI document's are one list
    let documented: BTreeSet<(String, String, String)> = table(&docs_security(), "endpoints")[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let served: BTreeSet<(String, String, String)> = truce_server::ENDPOINTS
        .iter()
        .map(|e| (e.method.into(), e.path.into(), e.action.as_str().into()))
        .collect();
    assert_eq!(
        documented, served,
        "docs/security.md's endpoints and the server's"
    );
    let spec: Value = serde_json::from_str(include_str!("../../server/src/openapi.json")).unwrap();
    let described: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, methods)| {
            methods.as_object().unwrap().keys().map(move |m| {
                (
                    m.to_uppercase(),
                    path.strip_prefix("/api").unwrap().to_string(),
                )
            })
        })
        .collect();
    let routed: BTreeSet<(String, String)> = served
        .iter()
        .map(|(m, p, _)| (m.clone(), p.clone()))
        .collect();
    assert_eq!(
        described, routed,
        "the OpenAPI document's endpoints and the server's"
    );

    // every endpoint, asked by every role, by a one-time password and by nobody
    let (_dir, db) = store_with_users();
    let out = run(&db, &["users", "add", "newcomer", "--role", "analyst"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let newcomer_password = one_time(&stdout(&out));
    let (s, _) = serve(&db, &[]);
    let analyst = sign_in(&s, "analyst", PASSWORD);
    let acts = call(&s, &analyst, "GET", "/api/acts?modality=any", None).json();
    let act = acts["acts"][0]["cluster"].to_string();
    let docs = call(&s, &analyst, "GET", "/api/documents", None).json();
    let document = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let concrete = |path: &str| {
        path.replace("{cluster}", &act)
            .replace("/documents/{id}", &format!("/documents/{document}"))
            .replace("/regimes/{id}", "/regimes/idlib")
            .replace("/agreements/{id}", "/agreements/1")
            .replace("/tokens/{id}", "/tokens/999999")
            .replace("/actors/{id}", "/actors/RUS")
            .replace("/places/{id}", "/places/SY-ID")
            .replace("{name}/{change}", "nobody/reset")
    };
    // signing out last, so the session lasts the round
    let mut endpoints: Vec<&truce_server::Endpoint> = truce_server::ENDPOINTS.iter().collect();
    endpoints.sort_by_key(|e| (e.method == "DELETE" && e.path == "/session", e.path));
    let check = |column: &str, who: &Client| {
        let mut wrong = Vec::new();
        for e in &endpoints {
            // an empty body: what is let through is then refused as a bad request, so the
            // round changes nothing in the store
            let body = (e.method != "GET" && e.method != "DELETE").then_some("");
            let a = call(
                &s,
                who,
                e.method,
                &format!("/api{}", concrete(e.path)),
                body,
            );
            let may = matrix[&(column.to_string(), e.action)];
            let refused = if column == "not signed in" { 401 } else { 403 };
            let held = if may {
                a.status != 401 && a.status != 403
            } else {
                a.status == refused
            };
            if !held {
                wrong.push(format!(
                    "{} {} ({}): {} {}",
                    e.method, e.path, e.action, a.status, a.body
                ));
            }
        }
        assert!(wrong.is_empty(), "{column}: {wrong:#?}");
    };
    for &role in Role::ALL {
        check(role.as_str(), &sign_in(&s, role.as_str(), PASSWORD));
    }
    check(
        "one-time password",
        &sign_in(&s, "newcomer", &newcomer_password),
    );
    check("not signed in", &Client::default());
    let admin = sign_in(&s, "admin", PASSWORD);
    let set = call(
        &s,
        &admin,
        "POST",
        "/api/settings",
        Some(r#"{"readers_see": "verified"}"#),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    check("reader, verified only", &sign_in(&s, "reader", PASSWORD));
}

#[test]
fn a_change_made_with_the_session_cookie_needs_its_csrf_token_and_names_the_signed_in_user() {
    let (_dir, db) = store_with_users();
    let (s, _) = serve(&db, &[]);
    let analyst = sign_in(&s, "analyst", PASSWORD);
    let other = sign_in(&s, "analyst", PASSWORD);
    let acts = call(&s, &analyst, "GET", "/api/acts", None).json();
    let act = acts["acts"][0]["cluster"].as_i64().unwrap();
    let path = format!("/api/acts/{act}/verification");
    let verdict = |version: i64| format!(r#"{{"status": "confirmed", "version": {version}}}"#);
    for (why, csrf) in [
        ("no token", None),
        ("a wrong token", Some("0".repeat(64))),
        ("another session's token", other.csrf.clone()),
    ] {
        let a = call(
            &s,
            &Client {
                csrf,
                ..analyst.clone()
            },
            "POST",
            &path,
            Some(&verdict(0)),
        );
        assert_eq!(a.status, 403, "{why}: {}", a.body);
        assert!(a.body.contains("x-csrf-token"), "{why}: {}", a.body);
    }
    // a page of another site is refused even with the token
    let evil = ureq::post(&format!("{}{path}", s.base))
        .set(
            "Cookie",
            &format!("truce_session={}", analyst.cookie.as_deref().unwrap()),
        )
        .set("X-CSRF-Token", analyst.csrf.as_deref().unwrap())
        .set("Origin", "http://evil.example")
        .set("Content-Type", "application/json")
        .send_string(&verdict(0));
    assert!(matches!(evil, Err(ureq::Error::Status(403, _))), "{evil:?}");
    // the verdict is the signed-in user's: a typed name is refused
    let typed = call(
        &s,
        &analyst,
        "POST",
        &path,
        Some(r#"{"status": "confirmed", "version": 0, "analyst": "someone else"}"#),
    );
    assert_eq!(typed.status, 400, "{}", typed.body);
    let a = call(&s, &analyst, "POST", &path, Some(&verdict(0)));
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["verification"]["analyst"], "analyst", "{}", a.body);
    // a provision's status too is the signed-in user's
    let status = format!(
        r#"{{"agreement": "moscow-2020", "provision": "p1", "level": 1, "date": "2020-03-06",
            "evidence": [{{"kind": "event", "id": "{act}"}}]}}"#
    );
    let a = call(
        &s,
        &analyst,
        "POST",
        "/api/regimes/idlib/status",
        Some(&status),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["status"]["analyst"], "analyst", "{}", a.body);
    // an API token is no cookie a page could make a browser send: no CSRF token needed
    let script = token_client(&db, "analyst", "nightly check");
    let a = call(&s, &script, "POST", &path, Some(&verdict(1)));
    assert_eq!(a.status, 200, "{}", a.body);
    // the trail says who, from where
    let out = run(&db, &["audit", "list", "--json"]);
    let trail = stdout(&out);
    assert!(
        trail.lines().any(|l| l.contains("act.verdict")
            && l.contains("\"actor\":\"analyst\"")
            && l.contains("api from 127.0.0.1")),
        "{trail}"
    );
}

#[test]
fn sessions_and_tokens_end_when_revoked_signed_out_reset_or_disabled() {
    let (_dir, db) = store_with_users();
    let (s, _) = serve(&db, &[]);
    let read = |c: &Client| call(&s, c, "GET", "/api/acts", None).status;

    // a wrong password and an unknown name get one answer, and are in the trail
    for (name, password) in [("analyst", "not the password"), ("nobody-here", PASSWORD)] {
        let body = serde_json::json!({"name": name, "password": password}).to_string();
        let a = call(&s, &Client::default(), "POST", "/api/session", Some(&body));
        assert_eq!(a.status, 401, "{}", a.body);
        assert!(a.set_cookie.is_none());
    }
    let trail = stdout(&run(&db, &["audit", "list", "--json"]));
    assert_eq!(trail.matches("session.refused").count(), 2, "{trail}");

    // guessing: past five wrong passwords in a row, a name waits, even with the right one
    let attempt = |password: &str| {
        let body =
            serde_json::json!({"name": "working-group-observer", "password": password}).to_string();
        let url = format!("{}/api/session", s.base);
        match ureq::post(&url)
            .set("Content-Type", "application/json")
            .send_string(&body)
        {
            Ok(r) => (r.status(), None),
            Err(ureq::Error::Status(code, r)) => {
                (code, r.header("retry-after").map(str::to_string))
            }
            Err(e) => panic!("{e}"),
        }
    };
    for guess in 0..5 {
        assert_eq!(attempt(&format!("guess number {guess}")).0, 401);
    }
    let (code, retry) = attempt(PASSWORD);
    assert_eq!(code, 429);
    let seconds: u64 = retry.expect("Retry-After").parse().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(seconds * 1000 + 100));
    assert_eq!(
        attempt(PASSWORD).0,
        200,
        "after the wait, the right password signs in"
    );

    // signing out ends the session
    let session = sign_in(&s, "analyst", PASSWORD);
    assert_eq!(read(&session), 200);
    let out = call(&s, &session, "DELETE", "/api/session", None);
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(read(&session), 401);

    // a token works until revoked
    let made = call(
        &s,
        &sign_in(&s, "reader", PASSWORD),
        "POST",
        "/api/tokens",
        Some(r#"{"label": "weekly export"}"#),
    );
    assert_eq!(made.status, 201, "{}", made.body);
    let token = Client {
        bearer: made.json()["secret"].as_str().map(str::to_string),
        ..Client::default()
    };
    assert_eq!(read(&token), 200);
    let id = made.json()["token"]["id"].to_string();
    let out = run(&db, &["tokens", "list"]);
    assert!(stdout(&out).contains("weekly export"), "{}", stdout(&out));
    let out = run(&db, &["tokens", "revoke", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&token), 401);

    // disabling a user ends their sessions and their tokens
    let session = sign_in(&s, "analyst", PASSWORD);
    let token = token_client(&db, "analyst", "feed");
    assert_eq!((read(&session), read(&token)), (200, 200));
    assert!(run(&db, &["users", "disable", "analyst"]).status.success());
    assert_eq!((read(&session), read(&token)), (401, 401));
    let body = serde_json::json!({"name": "analyst", "password": PASSWORD}).to_string();
    assert_eq!(
        call(&s, &Client::default(), "POST", "/api/session", Some(&body)).status,
        401
    );

    // a one-time password does nothing but change itself; the change ends the old session
    let admin = sign_in(&s, "admin", PASSWORD);
    let reset = call(&s, &admin, "POST", "/api/users/reader/reset", Some(""));
    assert_eq!(reset.status, 200, "{}", reset.body);
    let once = reset.json()["one_time_password"]
        .as_str()
        .unwrap()
        .to_string();
    let first = sign_in(&s, "reader", &once);
    assert_eq!(read(&first), 403);
    let change = serde_json::json!({"current": once, "new": "another long password"}).to_string();
    let changed = call(&s, &first, "POST", "/api/session/password", Some(&change));
    assert_eq!(changed.status, 200, "{}", changed.body);
    let renewed = client_of(&changed);
    assert_eq!((read(&first), read(&renewed)), (401, 200));
    sign_in(&s, "reader", "another long password");
}

#[test]
fn readers_see_only_verified_acts_when_the_admin_says_so() {
    let (_dir, db) = store_with_users();
    let (s, _) = serve(&db, &[]);
    let (admin, analyst, reader) = (
        sign_in(&s, "admin", PASSWORD),
        sign_in(&s, "analyst", PASSWORD),
        sign_in(&s, "reader", PASSWORD),
    );
    let count = |c: &Client, path: &str| {
        call(&s, c, "GET", path, None).json()["acts"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let all = count(&analyst, "/api/acts?modality=any");
    assert!(all >= 2, "{all}");
    assert_eq!(
        count(&reader, "/api/acts?modality=any"),
        all,
        "readers see all until the admin says"
    );
    let set = call(
        &s,
        &admin,
        "POST",
        "/api/settings",
        Some(r#"{"readers_see": "verified"}"#),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(count(&reader, "/api/acts?modality=any"), 0);
    assert_eq!(count(&analyst, "/api/acts?modality=any"), all);
    let acts = call(&s, &analyst, "GET", "/api/acts?modality=any", None).json();
    let act = acts["acts"][0]["cluster"].as_i64().unwrap();
    assert_eq!(
        call(&s, &reader, "GET", &format!("/api/acts/{act}"), None).status,
        404
    );
    assert_eq!(
        call(&s, &reader, "GET", "/api/acts?status=unverified", None).status,
        403
    );
    assert_eq!(call(&s, &reader, "GET", "/api/documents", None).status, 403);
    // an analyst confirms one act: the reader sees it, and it alone, in every view
    let v = call(
        &s,
        &analyst,
        "POST",
        &format!("/api/acts/{act}/verification"),
        Some(r#"{"status": "confirmed", "version": 0}"#),
    );
    assert_eq!(v.status, 200, "{}", v.body);
    let seen = call(&s, &reader, "GET", "/api/acts?modality=any", None).json();
    let ids: Vec<i64> = seen["acts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["cluster"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![act]);
    assert_eq!(
        call(&s, &reader, "GET", &format!("/api/acts/{act}"), None).status,
        200
    );
    let csv = call(
        &s,
        &reader,
        "GET",
        "/api/export?format=csv&modality=any",
        None,
    )
    .body;
    assert_eq!(
        csv.lines().filter(|l| !l.is_empty()).count(),
        2,
        "a header and one act: {csv}"
    );
    let timeline = call(&s, &reader, "GET", "/api/timeline?modality=any", None).json();
    let counted: i64 = timeline["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(counted, 1, "{timeline}");
}

#[test]
fn no_secret_reaches_the_logs_or_the_store_file() {
    let (dir, db) = one_act_store();
    let (s, printed) = serve(&db, &["--admin", "chief"]);
    let first = one_time(&printed.join("\n"));
    let mut secrets = vec![first.clone()];
    let admin = sign_in(&s, "chief", &first);
    let change =
        serde_json::json!({"current": first, "new": "the chief's own password"}).to_string();
    let changed = call(&s, &admin, "POST", "/api/session/password", Some(&change));
    assert_eq!(changed.status, 200, "{}", changed.body);
    secrets.push("the chief's own password".into());
    let admin = client_of(&changed);
    let added = call(
        &s,
        &admin,
        "POST",
        "/api/users",
        Some(r#"{"name": "ana", "role": "analyst"}"#),
    );
    assert_eq!(added.status, 201, "{}", added.body);
    let once = added.json()["one_time_password"]
        .as_str()
        .unwrap()
        .to_string();
    secrets.push(once.clone());
    let ana = sign_in(&s, "ana", &once);
    let change = serde_json::json!({"current": once, "new": "ana's own long password"}).to_string();
    let changed = call(&s, &ana, "POST", "/api/session/password", Some(&change));
    secrets.push("ana's own long password".into());
    let ana = client_of(&changed);
    let token = call(
        &s,
        &ana,
        "POST",
        "/api/tokens",
        Some(r#"{"label": "a script"}"#),
    )
    .json();
    let token_secret = token["secret"].as_str().unwrap().to_string();
    // every session's cookie and CSRF token, and the token, used once
    let script = Client {
        bearer: Some(token_secret.clone()),
        ..Client::default()
    };
    assert_eq!(call(&s, &script, "GET", "/api/acts", None).status, 200);
    // a wrong password, and a request the server cannot answer well, are logged
    let body = serde_json::json!({"name": "ana", "password": "a guess at ana's"}).to_string();
    call(&s, &Client::default(), "POST", "/api/session", Some(&body));
    secrets.push("a guess at ana's".into());
    for c in [&admin, &ana] {
        secrets.push(c.cookie.clone().unwrap());
        secrets.push(c.csrf.clone().unwrap());
    }
    secrets.push(token_secret);
    call(&s, &ana, "DELETE", "/api/session", None);
    let logs = format!("{}{}", printed.join(""), s.logs());
    let trail = stdout(&run(&db, &["audit", "list", "--json"]));
    assert!(
        trail.contains("session.open") && trail.contains("token.add"),
        "{trail}"
    );
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        files.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    for secret in &secrets {
        // the first one-time password is printed once on the terminal, by design, and
        // nowhere else
        let in_logs = logs.matches(secret.as_str()).count();
        let expected = usize::from(*secret == first);
        assert_eq!(
            in_logs, expected,
            "{secret:?} in the server's output:\n{logs}"
        );
        assert!(
            !trail.contains(secret.as_str()),
            "{secret:?} in the audit trail"
        );
        for f in &files {
            assert!(
                !f.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret:?} in the store's files"
            );
        }
    }
}
