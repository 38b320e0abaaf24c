//! The truce HTTP API (`/api/...`) and the web workbench (`/`), over one store.
//!
//! The store is SQLite; its connections are not shared between threads, so the server
//! keeps a small pool of read-only connections and runs every query on tokio's blocking
//! threads. Every parameter is checked: an unknown or malformed one is a 400 with a JSON
//! body naming it; an unknown id or path is a 404. Web assets and the basemap are
//! embedded in the binary: the workbench works with no network at all.

mod api;
mod auth;
mod error;
mod explained;
mod guard;
mod limits;
mod throttle;

pub use auth::{Endpoint, ENDPOINTS};
pub use error::ApiError;
pub use guard::AllowedHosts;
pub use limits::Limits;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::RustEmbed;
use truce_store::{Mode, Store, StoreError};

#[derive(RustEmbed)]
#[folder = "web/"]
struct Web;

/// The offline basemap (data/basemap/, Natural Earth country outlines as SVG paths).
const BASEMAP: &[u8] = include_bytes!("../../../data/basemap/countries-110m.json");

/// Requests larger than this are refused: an uploaded report up to 16 MB (reads need far
/// less; larger collections go through `truce ingest`).
pub const BODY_LIMIT: usize = 16 << 20;

/// Read-only connections to the store, one per concurrent query.
pub struct AppState {
    pool: Vec<Mutex<Store>>,
    next: AtomicUsize,
    pub db: PathBuf,
    /// The acts in memory for the timeline and the world map, of the store version it
    /// names; rebuilt on first use after the store changes.
    acts: Mutex<Option<Arc<truce_monitor::acts::ActIndex>>>,
    /// The user's `--knowledge` paths, for analysing uploaded reports.
    knowledge_paths: Vec<PathBuf>,
    /// The knowledge, loaded at the first upload (a server that only reads never needs it).
    knowledge: Mutex<Option<Arc<truce_knowledge::Knowledge>>>,
    /// The names besides its addresses this server answers to.
    allowed_hosts: AllowedHosts,
    /// Turns at the store's one writer (see [`AppState::writer_turn`]).
    writer: Arc<tokio::sync::Semaphore>,
    writers_waiting: AtomicUsize,
    /// The bounds on one request and one client.
    pub limits: Limits,
    clients: limits::Clients,
    /// Wrong passwords per name, which make its next sign-ins wait.
    sign_ins: throttle::SignInThrottle,
}

/// How a server is set up besides its store: the names it answers to and its bounds.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub allowed_hosts: AllowedHosts,
    pub limits: Limits,
}

/// How many writes (uploads, verdicts, statuses) may wait for the writer; past that a
/// write is answered 503 with Retry-After, naming this queue.
pub const WRITES_WAITING: usize = 64;

impl AppState {
    /// Opens `size` read-only connections to the store at `db`; uploads are analysed with
    /// the bundled knowledge and `knowledge` (the user's extra paths).
    pub fn open(
        db: &Path,
        size: usize,
        knowledge: &[PathBuf],
    ) -> Result<Arc<AppState>, StoreError> {
        AppState::open_with(db, size, knowledge, Settings::default())
    }

    /// Opens the store as [`AppState::open`] does, for a server set up as `settings` say
    /// (the names it answers to besides its IP addresses and `localhost`; its bounds).
    pub fn open_with(
        db: &Path,
        size: usize,
        knowledge: &[PathBuf],
        settings: Settings,
    ) -> Result<Arc<AppState>, StoreError> {
        let pool = (0..size.max(1))
            .map(|_| Store::open(db, Mode::Read).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(AppState {
            pool,
            next: AtomicUsize::new(0),
            db: db.to_path_buf(),
            acts: Mutex::new(None),
            knowledge_paths: knowledge.to_vec(),
            knowledge: Mutex::new(None),
            allowed_hosts: settings.allowed_hosts,
            writer: Arc::new(tokio::sync::Semaphore::new(1)),
            writers_waiting: AtomicUsize::new(0),
            limits: settings.limits,
            clients: limits::Clients::default(),
            sign_ins: throttle::SignInThrottle::default(),
        }))
    }

    /// Waits for this server's turn at the store's one writer: writes from the API take
    /// turns here instead of refusing each other (SQLite has one writer, and this server
    /// is it), up to [`WRITES_WAITING`] waiting; past that, 503 with Retry-After.
    pub async fn writer_turn(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        let waiting = self.writers_waiting.fetch_add(1, Ordering::SeqCst);
        if waiting >= WRITES_WAITING {
            self.writers_waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!(
                    "this server's queue of writes is full ({WRITES_WAITING} uploads, verdicts or statuses waiting); try again in a moment"
                )));
        }
        let turn = self.writer.clone().acquire_owned().await;
        self.writers_waiting.fetch_sub(1, Ordering::SeqCst);
        turn.map_err(ApiError::internal)
    }

    /// Hands over knowledge loaded already (for the paths given to [`AppState::open`]).
    pub fn set_knowledge(&self, k: truce_knowledge::Knowledge) {
        *self.knowledge.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(k));
    }

    /// The knowledge uploads are analysed with, loaded on first use.
    pub fn knowledge(&self) -> Result<Arc<truce_knowledge::Knowledge>, ApiError> {
        let mut slot = self.knowledge.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = slot.as_ref() {
            return Ok(k.clone());
        }
        let paths: Vec<&Path> = self.knowledge_paths.iter().map(PathBuf::as_path).collect();
        let k = Arc::new(truce_knowledge::Knowledge::load(&paths).map_err(|e| {
            ApiError::internal(format!("cannot load the knowledge to analyse uploads: {e}"))
        })?);
        *slot = Some(k.clone());
        Ok(k)
    }

    /// The in-memory index of the acts, current with `store` (built or rebuilt when the
    /// store's acts changed since it was last built; requests meanwhile wait for it).
    pub fn acts(&self, store: &Store) -> Result<Arc<truce_monitor::acts::ActIndex>, StoreError> {
        let version = store.acts_version()?;
        let mut slot = self.acts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(index) = slot.as_ref().filter(|i| i.version() == version) {
            return Ok(index.clone());
        }
        let index = Arc::new(truce_monitor::acts::ActIndex::build(store)?);
        *slot = Some(index.clone());
        Ok(index)
    }

    /// Runs `f` with a free connection (or waits for the next one in turn).
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        for c in &self.pool {
            if let Ok(store) = c.try_lock() {
                return f(&store);
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
        let store = self.pool[i].lock().unwrap_or_else(|p| p.into_inner());
        f(&store)
    }
}

/// The API and the workbench.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .nest("/api", api::routes())
        .route("/", get(index))
        .route("/basemap.json", get(basemap))
        .fallback(get(asset))
        // who asks and whether they may, once the route (and so its action) is known
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authorize,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // outermost last: Host and Origin are checked first (and every answer gets the
        // security headers), then the client's rate, then the request's size
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::bounded_request,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::per_client,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// Serves until Ctrl-C. `ready` hears the bound address first (port 0 picks one).
///
/// Each connection is HTTP/1.1 with a header timeout (a client that sends its headers
/// slowly is dropped after [`Limits::client_timeout`]) and knows its peer's address, for
/// the per-client bounds. On Ctrl-C no new connection is taken and those open finish
/// their requests (for at most ten seconds).
pub async fn serve(
    state: Arc<AppState>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    let header_timeout = state.limits.client_timeout;
    let app = router(state);
    let open = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                // out of file descriptors and the like: wait for some to close
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                app.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            // a request's head (its line and headers) may be up to 128 KB: past it, 431
            .max_buf_size(128 << 10)
            .serve_connection(TokioIo::new(explained::Explained::new(stream)), service);
        let connection = open.watch(connection);
        tokio::spawn(async move {
            // a connection's end (the client left, a timeout) concerns only that client
            let _ = connection.await;
        });
    }
    tokio::select! {
        () = open.shutdown() => {}
        () = tokio::time::sleep(std::time::Duration::from_secs(10)) => {}
    }
    Ok(())
}

fn embedded(path: &str, file: Option<rust_embed::EmbeddedFile>) -> Response {
    match file {
        Some(f) => {
            let mime = match path.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("json") => "application/json",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            ([(header::CONTENT_TYPE, mime)], f.data.into_owned()).into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            "not found: try / for the workbench or /api/openapi.json\n",
        )
            .into_response(),
    }
}

async fn index() -> Response {
    embedded("index.html", Web::get("index.html"))
}

async fn basemap() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], BASEMAP).into_response()
}

async fn asset(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    embedded(path, Web::get(path))
}
