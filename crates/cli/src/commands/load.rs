//! `truce bench load`: many clients at once on the workbench's endpoints, over loopback,
//! for a bounded time. The server is the real one (`truce_server::serve` on a free port,
//! over an SQLite file or a PostgreSQL database); each client is a task holding one
//! keep-alive HTTP/1.1 connection and sending the next request as soon as the last answer
//! is read. With writes, one request in ten is an analyst's verdict (the act read first,
//! for its version) and one in twenty an upload; afterwards every write the server
//! accepted is looked for in the store. Reports throughput and latency percentiles
//! overall and per endpoint.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The read endpoints a workbench session calls, in the order a client cycles them.
pub const PATHS: [&str; 8] = [
    "/api/events?limit=100",
    "/api/timeline",
    "/api/events.geojson?grid=1",
    "/api/events.geojson?type=ASSAULT&limit=200",
    "/api/documents?limit=20",
    "/api/quotes?limit=50",
    "/api/regimes/idlib",
    "/api/violations?from=2018-10-01&to=2018-10-31",
];

#[derive(Debug, Serialize)]
pub struct EndpointLatency {
    pub path: String,
    pub requests: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The two writes a client sends when the load mixes writes in, as its endpoints are
/// listed after [`PATHS`].
const VERDICT: &str = "POST /api/acts/{n}/verification";
const UPLOAD: &str = "POST /api/documents";

#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub clients: usize,
    pub seconds: f64,
    pub requests: usize,
    pub errors: usize,
    /// Verdicts and uploads the server accepted, and how many of them the store holds
    /// afterwards (all, or the benchmark fails).
    pub writes_accepted: usize,
    pub writes_found: usize,
    /// Verdicts refused because another client judged the act first (409).
    pub verdicts_refused_stale: usize,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub endpoints: Vec<EndpointLatency>,
}

pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

/// Reads one response; returns its status. Bodies carry a Content-Length (the API never
/// streams), which is what lets the connection be reused.
pub(crate) async fn response(stream: &mut BufReader<TcpStream>) -> Result<u16> {
    Ok(response_with_body(stream).await?.0)
}

/// [`response`], with the body.
async fn response_with_body(stream: &mut BufReader<TcpStream>) -> Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not an HTTP status line: {line:?}"))?;
    let mut length = None;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            bail!("the server closed the connection");
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.context("a response without Content-Length")?;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    Ok((status, body))
}

/// A write the server accepted, to be looked for in the store afterwards.
#[derive(Debug, Clone)]
enum Accepted {
    Verdict {
        act: i64,
        analyst: String,
        version: i64,
    },
    Upload(String),
}

/// What one client did.
#[derive(Default)]
struct ClientRun {
    latencies: Vec<Vec<f64>>,
    errors: usize,
    accepted: Vec<Accepted>,
    stale: usize,
}

/// Sends `method path` with a body of `kind` (or none) and reads the answer.
async fn send(
    stream: &mut BufReader<TcpStream>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<(&str, &str)>,
) -> Result<(u16, Vec<u8>)> {
    let request = match body {
        Some((kind, text)) => format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        ),
        None => format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n"),
    };
    stream.get_mut().write_all(request.as_bytes()).await?;
    response_with_body(stream).await
}

/// One client: requests in turn until `until`, each endpoint's latencies in
/// milliseconds; with `acts` (the store's number of acts), writes among the reads.
async fn client(
    addr: SocketAddr,
    first: usize,
    until: Instant,
    acts: Option<i64>,
) -> Result<ClientRun> {
    let mut stream = BufReader::new(TcpStream::connect(addr).await?);
    let mut run = ClientRun {
        latencies: vec![Vec::new(); PATHS.len() + 2],
        ..ClientRun::default()
    };
    let analyst = format!("load-{first}");
    let mut i = first;
    while Instant::now() < until {
        i += 1;
        let start = Instant::now();
        let (slot, ok) = match acts {
            Some(acts) if i.is_multiple_of(10) => {
                let act = (i as i64 * 7919 + first as i64) % acts + 1;
                let (status, body) =
                    send(&mut stream, addr, "GET", &format!("/api/acts/{act}"), None).await?;
                let version = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["act"]["version"].as_i64())
                    .unwrap_or(0);
                let verdict = format!(
                    r#"{{"status":"confirmed","analyst":"{analyst}","version":{version}}}"#
                );
                let (posted, _) = send(
                    &mut stream,
                    addr,
                    "POST",
                    &format!("/api/acts/{act}/verification"),
                    Some(("application/json", &verdict)),
                )
                .await?;
                match (status, posted) {
                    (200, 200) => run.accepted.push(Accepted::Verdict {
                        act,
                        analyst: analyst.clone(),
                        version: version + 1,
                    }),
                    (200, 409) => run.stale += 1,
                    _ => run.errors += 1,
                }
                (PATHS.len(), true)
            }
            Some(_) if i % 20 == 5 => {
                let text = format!(
                    "Load test report {first}-{i}: Syrian government forces shelled Khan Sheikhoun in Idlib province on Monday, killing {} civilians, a monitoring group said.",
                    i % 17 + 2
                );
                let (status, body) = send(
                    &mut stream,
                    addr,
                    "POST",
                    "/api/documents?published=2018-10-15",
                    Some(("text/plain", &text)),
                )
                .await?;
                let ids = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["documents"].as_array().cloned())
                    .unwrap_or_default();
                for id in ids.iter().filter_map(|v| v.as_str()) {
                    run.accepted.push(Accepted::Upload(id.to_string()));
                }
                (PATHS.len() + 1, (200..300).contains(&status))
            }
            _ => {
                let p = i % PATHS.len();
                let (status, _) = send(&mut stream, addr, "GET", PATHS[p], None).await?;
                (p, status == 200)
            }
        };
        run.latencies[slot].push(start.elapsed().as_secs_f64() * 1000.0);
        if !ok {
            run.errors += 1;
        }
    }
    Ok(run)
}

/// How many of the writes the server accepted the store at `db` holds.
fn found_in_store(db: &Path, accepted: &[Accepted]) -> Result<usize> {
    let store = truce_store::Store::open(db, truce_store::Mode::Read)?;
    let mut found = 0;
    for a in accepted {
        let here = match a {
            Accepted::Verdict {
                act,
                analyst,
                version,
            } => store
                .act_history(*act)?
                .iter()
                .any(|v| &v.analyst == analyst && v.version == Some(*version)),
            Accepted::Upload(id) => store.get_document(id)?.is_some(),
        };
        found += usize::from(here);
    }
    Ok(found)
}

/// Starts the real server with `state` on a free loopback port: its address, and the task
/// serving (abort it to stop).
pub(crate) async fn serve_on_loopback(
    state: std::sync::Arc<truce_server::AppState>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let server = tokio::spawn(truce_server::serve(
        state,
        "127.0.0.1:0".parse().expect("an address"),
        move |bound| {
            let _ = tx.send(bound);
        },
    ));
    let addr = rx.await.context("the server did not start")?;
    Ok((addr, server))
}

/// Serves the store at `db` (a file or a PostgreSQL URL) on a free loopback port and runs
/// `clients` clients for `seconds`, reads only or (`writes`) with verdicts and uploads.
pub fn run(db: &Path, clients: usize, seconds: f64, writes: bool) -> Result<LoadReport> {
    // the store is opened outside the runtime (PostgreSQL's client runs one of its own)
    // the benchmark measures the server, not its per-client rate: set none
    let settings = truce_server::Settings {
        limits: truce_server::Limits {
            requests_per_second: None,
            in_flight_per_client: usize::MAX,
            ..truce_server::Limits::default()
        },
        ..truce_server::Settings::default()
    };
    let state = truce_server::AppState::open_with(db, 4, &[], settings)?;
    let acts = if writes {
        Some(
            truce_store::Store::open(db, truce_store::Mode::Read)?
                .event_counts(false)?
                .0
                .max(1),
        )
    } else {
        None
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (mut report, accepted) = runtime.block_on(async {
        let (addr, server) = serve_on_loopback(state).await?;
        // each path once first, so the in-memory index and SQLite's cache are warm, as
        // they are for a server that has been up; a path that fails stops the benchmark
        let mut warm = BufReader::new(TcpStream::connect(addr).await?);
        for path in PATHS {
            let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            warm.get_mut().write_all(request.as_bytes()).await?;
            let status = response(&mut warm).await?;
            if status != 200 {
                bail!("{path} answered {status} on the benchmark store");
            }
        }
        let started = Instant::now();
        let until = started + Duration::from_secs_f64(seconds);
        let tasks: Vec<_> = (0..clients)
            .map(|c| tokio::spawn(client(addr, c, until, acts)))
            .collect();
        let mut per_path: Vec<Vec<f64>> = vec![Vec::new(); PATHS.len() + 2];
        let (mut errors, mut stale, mut accepted) = (0, 0, Vec::new());
        for t in tasks {
            let run = t.await??;
            errors += run.errors;
            stale += run.stale;
            accepted.extend(run.accepted);
            for (all, mine) in per_path.iter_mut().zip(run.latencies) {
                all.extend(mine);
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        server.abort();
        let mut all: Vec<f64> = per_path.iter().flatten().copied().collect();
        all.sort_by(f64::total_cmp);
        let endpoints = PATHS
            .iter()
            .chain([&VERDICT, &UPLOAD])
            .zip(per_path.iter_mut())
            .filter(|(_, l)| !l.is_empty())
            .map(|(path, l)| {
                l.sort_by(f64::total_cmp);
                EndpointLatency {
                    path: path.to_string(),
                    requests: l.len(),
                    p50_ms: quantile(l, 0.5),
                    p99_ms: quantile(l, 0.99),
                }
            })
            .collect();
        let report = LoadReport {
            clients,
            seconds: elapsed,
            requests: all.len(),
            errors,
            writes_accepted: accepted.len(),
            writes_found: 0,
            verdicts_refused_stale: stale,
            requests_per_s: all.len() as f64 / elapsed,
            p50_ms: quantile(&all, 0.5),
            p99_ms: quantile(&all, 0.99),
            endpoints,
        };
        Ok::<_, anyhow::Error>((report, accepted))
    })?;
    drop(runtime);
    // every write the server said it took must be in the store
    report.writes_found = found_in_store(db, &accepted)?;
    if report.writes_found != accepted.len() {
        bail!(
            "the server accepted {} writes and the store holds {} of them",
            accepted.len(),
            report.writes_found
        );
    }
    Ok(report)
}
