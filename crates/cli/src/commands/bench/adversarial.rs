//! `truce bench adversarial`: what each hostile or heavy input costs, beside the bound
//! the README states for it. The inputs are those of the robustness review: a search of
//! 2,000 words, reports of 1 MB and 16 MB (one sentence repeated, and distinct generated
//! sentences), 3 million empty JSON Lines, four heavy searches while `/api/health` is
//! timed, and eight uploaders at once. Every case runs on this process's real components
//! (the store, the pipeline, the server on a loopback port).

use super::*;
use std::time::Duration;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One hostile input: what it cost and its bound.
#[derive(Serialize)]
struct Case {
    input: String,
    cost: String,
    bound: String,
    within: bool,
}

#[derive(Serialize)]
struct AdversarialReport {
    machine: Machine,
    store_documents: i64,
    cases: Vec<Case>,
}

/// The sentence a report of one repeated sentence repeats.
const REPEATED: &str = "Russian President Vladimir Putin said he would meet Turkish President Recep Tayyip Erdogan in Sochi. \"We will not allow terrorists to stay in Idlib,\" he said. ";

/// The common words a heavy search asks for: each is in most reports, so every one is a
/// long list the index must intersect and rank.
const COMMON: [&str; 32] = [
    "the", "of", "and", "to", "in", "a", "said", "on", "for", "was", "with", "by", "that", "as",
    "at", "from", "is", "were", "it", "an", "had", "his", "after", "have", "has", "two", "be",
    "are", "which", "their", "its", "not",
];

pub(super) fn adversarial(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let k = super::super::load_knowledge(knowledge)?;
    // first, while this process's peak memory is still low: the empty lines' own peak
    let mut cases = vec![empty_lines(dir.path(), &k)?];
    let (db, _) = regime_store(knowledge, &args, dir.path())?;
    let store_documents = Store::open(&db, Mode::Read)?.counts()?.0;
    cases.push(long_search(&db)?);
    let repeated = |bytes: usize| REPEATED.repeat(bytes / REPEATED.len());
    let distinct = |bytes: usize| {
        let mut text = String::with_capacity(bytes + 8192);
        for report in Generator::new(3).density(Density::News) {
            if text.len() >= bytes {
                break;
            }
            text.push_str(&report.text);
            text.push_str("\n\n");
        }
        text
    };
    for (what, text) in [
        ("one sentence repeated", repeated(1 << 20)),
        ("distinct generated sentences", distinct(1 << 20)),
        ("one sentence repeated", repeated(16 << 20)),
        ("distinct generated sentences", distinct(16 << 20)),
    ] {
        cases.push(one_report(dir.path(), &k, what, &text)?);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let seconds = args.seconds.clamp(1.0, 60.0);
    cases.extend(runtime.block_on(server_cases(db.clone(), k, seconds))?);
    let report = AdversarialReport {
        machine: machine(),
        store_documents,
        cases,
    };
    if args.json {
        crate::commands::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!("a store of {store_documents} generated reports");
    for c in &report.cases {
        let mark = if c.within { "within" } else { "OVER" };
        println!("{:<58} {:<44} {mark:<6} {}", c.input, c.cost, c.bound);
    }
    Ok(ExitCode::SUCCESS)
}

/// A search of one word repeated 2,000 times, and of 33 different words.
fn long_search(db: &std::path::Path) -> Result<Case> {
    let store = Store::open(db, Mode::Read)?;
    let words = vec!["Idlib"; 2000].join(" ");
    let filter = |search: String| truce_store::DocumentFilter {
        search: Some(search),
        ..Default::default()
    };
    let start = Instant::now();
    let found = store.documents(&filter(words), 50, 0)?.len();
    let seconds = start.elapsed().as_secs_f64();
    let many: Vec<String> = (0..33).map(|i| format!("w{i}")).collect();
    let refused = store.documents(&filter(many.join(" ")), 50, 0).is_err();
    Ok(Case {
        input: "search of \"Idlib\" 2,000 times; of 33 different words".into(),
        cost: format!(
            "{:.3} s, {found} found; 33 words {}",
            seconds,
            if refused { "refused" } else { "ANSWERED" }
        ),
        bound: "one lookup per different word (1 s); at most 32 words".into(),
        within: seconds < 1.0 && refused,
    })
}

/// One report as an upload is stored: read, analysed, linked and written to a new store.
fn one_report(
    dir: &std::path::Path,
    k: &truce_knowledge::Knowledge,
    what: &str,
    text: &str,
) -> Result<Case> {
    let db = dir.join(format!("report-{}.db", text.len()));
    let mut store = Store::open(&db, Mode::Write)?;
    let options = truce_ingest::Options {
        max_bytes: truce_server::BODY_LIMIT as u64,
        ..Default::default()
    };
    let start = Instant::now();
    let reports = truce_ingest::ingest_declared(
        text.as_bytes(),
        "upload:report.txt",
        Some(truce_ingest::Format::Text),
        &truce_ingest::Hints::default(),
        &options,
    )?
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    let mut writer = Writer::new(&mut store, Some(k));
    writer.push(Pending {
        seen: None,
        reports,
    })?;
    writer.flush()?;
    let seconds = start.elapsed().as_secs_f64();
    let events = writer.summary.events_new + writer.summary.events_linked;
    drop(writer);
    drop(store);
    let _ = std::fs::remove_file(&db);
    let mb = text.len() as f64 / f64::from(1u32 << 20);
    Ok(Case {
        input: format!("a report of {mb:.0} MB, {what}"),
        cost: format!("{seconds:.2} s, {events} events"),
        bound: format!("read, analysed and stored in {mb:.0} s (1 s a MB)"),
        within: seconds < mb,
    })
}

/// 3 million lines of `{}`: each rejected, counted, and only the first hundred listed.
fn empty_lines(dir: &std::path::Path, k: &truce_knowledge::Knowledge) -> Result<Case> {
    let path = dir.join("empty.jsonl");
    std::fs::write(&path, "{}\n".repeat(3_000_000))?;
    let db = dir.join("empty.db");
    let before = status_mb("VmRSS");
    let start = Instant::now();
    let mut store = Store::open(&db, Mode::Write)?;
    let mut writer = Writer::new(&mut store, Some(k));
    struct Quiet;
    impl truce_pipeline::Progress for Quiet {
        fn rejected(&self, _: &truce_ingest::IngestError) {}
    }
    truce_pipeline::ingest_inputs(
        &mut writer,
        &[truce_ingest::Input::File(path.clone())],
        &truce_ingest::Hints::default(),
        &truce_ingest::Options::default(),
        &Quiet,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let rejected = &writer.summary.rejections;
    let (count, listed) = (rejected.count, rejected.listed.len());
    drop(writer);
    drop(store);
    let grown = peak_rss_mb() - before;
    std::fs::remove_file(&path)?;
    Ok(Case {
        input: "3,000,000 empty JSON Lines ({})".into(),
        cost: format!("{seconds:.1} s, {count} rejected, {listed} listed, +{grown:.0} MB"),
        bound: "all counted, 100 listed, memory flat (under 256 MB more)".into(),
        within: count == 3_000_000 && listed <= truce_pipeline::REJECTIONS_LISTED && grown < 256.0,
    })
}

/// The server's cases: `/api/health` timed while four heavy searches run, and eight
/// uploaders at once. The server has its default bounds.
async fn server_cases(
    db: std::path::PathBuf,
    k: truce_knowledge::Knowledge,
    seconds: f64,
) -> Result<Vec<Case>> {
    let state = truce_server::AppState::open_with(&db, 4, &[], truce_server::Settings::default())?;
    state.set_knowledge(k);
    let (addr, server) = crate::commands::load::serve_on_loopback(state).await?;
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let search = format!("/api/documents?limit=1000&search={}", COMMON.join("+"));
    // the searches come from another client (127.0.0.2, loopback too) than the one timing
    // the health, as an abuser's would: the server bounds each client on its own
    let searchers: Vec<_> = (0..4)
        .map(|_| {
            let path = search.clone();
            tokio::spawn(async move {
                let socket = tokio::net::TcpSocket::new_v4()?;
                socket.bind("127.0.0.2:0".parse().expect("an address"))?;
                let mut stream = BufReader::new(socket.connect(addr).await?);
                let (mut answered, mut refused) = (0usize, 0usize);
                while Instant::now() < until {
                    match send(&mut stream, addr, "GET", &path, "", b"").await? {
                        200 => answered += 1,
                        _ => refused += 1,
                    }
                }
                anyhow::Ok((answered, refused))
            })
        })
        .collect();
    let mut health = Vec::new();
    let mut stream = BufReader::new(TcpStream::connect(addr).await?);
    while Instant::now() < until {
        let start = Instant::now();
        let status = send(&mut stream, addr, "GET", "/api/health", "", b"").await?;
        health.push(start.elapsed().as_secs_f64() * 1000.0);
        if status != 200 {
            bail!("/api/health answered {status} during the heavy searches");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (mut searches, mut refused) = (0, 0);
    for s in searchers {
        let (a, r) = s.await??;
        searches += a;
        refused += r;
    }
    health.sort_by(f64::total_cmp);
    let p99 = crate::commands::load::quantile(&health, 0.99);
    let p50 = crate::commands::load::quantile(&health, 0.5);
    let mut cases = vec![Case {
        input: format!("/api/health during 4 searches of 32 common words ({seconds:.0} s)"),
        cost: format!(
            "p50 {p50:.1} ms, p99 {p99:.1} ms ({} requests; {searches} searches answered, {refused} refused)",
            health.len()
        ),
        bound: "p99 under 100 ms".into(),
        within: p99 < 100.0,
    }];
    cases.push(uploaders(addr, &db).await?);
    server.abort();
    Ok(cases)
}

/// Eight uploads at once: each answered 201 and stored.
async fn uploaders(addr: std::net::SocketAddr, db: &std::path::Path) -> Result<Case> {
    let before = Store::open(db, Mode::Read)?.counts()?.0;
    let start = Instant::now();
    let uploads: Vec<_> = (0..8)
        .map(|i| {
            tokio::spawn(async move {
                let body = format!(
                    "Talks in round {i}\n\nGENEVA -- Delegations met for round {i} of the talks on Tuesday, an envoy said; round {i} was set in advance.\n"
                );
                let mut stream = BufReader::new(TcpStream::connect(addr).await?);
                let path = format!("/api/documents?name=round-{i}.txt");
                send(&mut stream, addr, "POST", &path, "text/plain", body.as_bytes()).await
            })
        })
        .collect();
    let mut created = 0;
    for u in uploads {
        if u.await?? == 201 {
            created += 1;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let stored = Store::open(db, Mode::Read)?.counts()?.0 - before;
    Ok(Case {
        input: "8 uploaders at once".into(),
        cost: format!("{created} answered 201, {stored} stored, {seconds:.2} s"),
        bound: "none refused while the queue (64) has room, none lost".into(),
        within: created == 8 && stored == 8,
    })
}

/// Sends one request on a kept-alive connection and reads the answer; its status.
async fn send(
    stream: &mut BufReader<TcpStream>,
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Result<u16> {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n");
    if !body.is_empty() {
        request.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.get_mut().write_all(&bytes).await?;
    crate::commands::load::response(stream).await
}
