//! `truce bench load`: many clients at once on the workbench's read endpoints, over
//! loopback, for a bounded time. The server is the real one (`truce_server::serve` on a
//! free port, the store of `--store`); each client is a task holding one keep-alive
//! HTTP/1.1 connection and sending the next request as soon as the last answer is read.
//! Reports throughput and latency percentiles overall and per endpoint.

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

#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub clients: usize,
    pub seconds: f64,
    pub requests: usize,
    pub errors: usize,
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
    Ok(status)
}

/// One client: requests in turn until `until`, each path's latencies in milliseconds.
async fn client(addr: SocketAddr, first: usize, until: Instant) -> Result<(Vec<Vec<f64>>, usize)> {
    let mut stream = BufReader::new(TcpStream::connect(addr).await?);
    let mut latencies = vec![Vec::new(); PATHS.len()];
    let mut errors = 0;
    let mut i = first;
    while Instant::now() < until {
        let p = i % PATHS.len();
        i += 1;
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n",
            PATHS[p]
        );
        let start = Instant::now();
        stream.get_mut().write_all(request.as_bytes()).await?;
        let status = response(&mut stream).await?;
        latencies[p].push(start.elapsed().as_secs_f64() * 1000.0);
        if status != 200 {
            errors += 1;
        }
    }
    Ok((latencies, errors))
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

/// Serves the store at `db` on a free loopback port and runs `clients` clients for
/// `seconds`.
pub fn run(db: &Path, clients: usize, seconds: f64) -> Result<LoadReport> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
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
            .map(|c| tokio::spawn(client(addr, c, until)))
            .collect();
        let mut per_path: Vec<Vec<f64>> = vec![Vec::new(); PATHS.len()];
        let mut errors = 0;
        for t in tasks {
            let (latencies, e) = t.await??;
            errors += e;
            for (all, mine) in per_path.iter_mut().zip(latencies) {
                all.extend(mine);
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        server.abort();
        let mut all: Vec<f64> = per_path.iter().flatten().copied().collect();
        all.sort_by(f64::total_cmp);
        let endpoints = PATHS
            .iter()
            .zip(per_path.iter_mut())
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
        Ok(LoadReport {
            clients,
            seconds: elapsed,
            requests: all.len(),
            errors,
            requests_per_s: all.len() as f64 / elapsed,
            p50_ms: quantile(&all, 0.5),
            p99_ms: quantile(&all, 0.99),
            endpoints,
        })
    })
}
