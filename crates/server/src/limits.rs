//! What one request and one client may cost: the server's bounds, and the per-client
//! accounts that keep one client from taking the server from the others.
//!
//! Every bound is stated here once and documented in the README: a query runs at most
//! [`Limits::query_time`] and stops as soon as its client leaves; headers and body must
//! arrive within [`Limits::client_timeout`]; a client (an IP address) may send
//! [`Limits::requests_per_second`] requests a second on average and have
//! [`Limits::in_flight_per_client`] answered at once. Past a bound the answer is a JSON
//! error saying which bound and what to do.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState};

/// The server's bounds on one request and one client.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The longest a query may run before it is stopped (503).
    pub query_time: Duration,
    /// The longest a client may take to send its headers, and then its body (408).
    pub client_timeout: Duration,
    /// Requests a second one client may send on average (twice as many in a burst);
    /// `None` sets no rate (the load benchmark, a server behind a proxy that limits).
    pub requests_per_second: Option<u32>,
    /// Requests of one client being answered at once (429 past it).
    pub in_flight_per_client: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            query_time: Duration::from_secs(10),
            client_timeout: Duration::from_secs(15),
            requests_per_second: Some(200),
            in_flight_per_client: 32,
        }
    }
}

/// How many clients are remembered before idle ones are forgotten.
const CLIENTS_REMEMBERED: usize = 10_000;

/// One client's account: tokens for its rate, and its requests being answered.
struct Account {
    tokens: f64,
    at: Instant,
    in_flight: usize,
}

/// The accounts of the clients seen lately.
#[derive(Default)]
pub(crate) struct Clients {
    accounts: Mutex<HashMap<IpAddr, Account>>,
}

impl Clients {
    /// Takes a turn for `client`, or says which bound it is past.
    fn admit(&self, client: IpAddr, limits: &Limits) -> Result<(), ApiError> {
        let now = Instant::now();
        let burst = limits
            .requests_per_second
            .map_or(0.0, |r| f64::from(r) * 2.0);
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        if accounts.len() >= CLIENTS_REMEMBERED && !accounts.contains_key(&client) {
            // forget the clients with nothing in flight (their tokens refill anyway)
            accounts.retain(|_, a| a.in_flight > 0);
        }
        let account = accounts.entry(client).or_insert(Account {
            tokens: burst,
            at: now,
            in_flight: 0,
        });
        if account.in_flight >= limits.in_flight_per_client {
            return Err(too_many(format!(
                "this client has {} requests being answered already; wait for their answers",
                limits.in_flight_per_client
            )));
        }
        if let Some(rate) = limits.requests_per_second {
            let refill = now.duration_since(account.at).as_secs_f64() * f64::from(rate);
            account.tokens = (account.tokens + refill).min(burst);
            account.at = now;
            if account.tokens < 1.0 {
                return Err(too_many(format!(
                    "this client sent more than {rate} requests a second; slow down"
                )));
            }
            account.tokens -= 1.0;
        }
        account.in_flight += 1;
        Ok(())
    }

    fn done(&self, client: IpAddr) {
        let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = accounts.get_mut(&client) {
            a.in_flight = a.in_flight.saturating_sub(1);
        }
    }
}

fn too_many(message: String) -> ApiError {
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, message)
}

/// Middleware: each client within its rate and its requests in flight. Requests that
/// did not come through [`crate::serve`] (no peer address) are not counted.
pub(crate) async fn per_client(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(client) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return next.run(request).await;
    };
    if let Err(e) = state.clients.admit(client, &state.limits) {
        return e.into_response();
    }
    // counted out however the request ends, answered or dropped with its client
    struct Done<'a>(&'a Clients, IpAddr);
    impl Drop for Done<'_> {
        fn drop(&mut self) {
            self.0.done(self.1);
        }
    }
    let _done = Done(&state.clients, client);
    next.run(request).await
}

/// The longest address (path and query) a request may have. Past 64 KB the HTTP library
/// refuses the request itself, before truce sees it; [`crate::explained`] gives that
/// answer the same explanation.
pub const MAX_ADDRESS: usize = 8 << 10;

/// Middleware: the address within [`MAX_ADDRESS`] (414), and the body arrived whole within
/// the client timeout and the body limit (408, 413), before any handler runs.
pub(crate) async fn bounded_request(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let address = request
        .uri()
        .path_and_query()
        .map_or(0, |a| a.as_str().len());
    if address > MAX_ADDRESS {
        return ApiError::new(StatusCode::URI_TOO_LONG, format!(
                "the address is {address} bytes long and truce takes at most {MAX_ADDRESS}: ask for less (a search takes at most {} different words)",
                truce_store::MAX_SEARCH_WORDS
            ))
        .into_response();
    }
    let (parts, body) = request.into_parts();
    let limit = state.limits.client_timeout;
    let read = tokio::time::timeout(limit, axum::body::to_bytes(body, crate::BODY_LIMIT)).await;
    let bytes = match read {
        Err(_) => {
            return ApiError {
                status: StatusCode::REQUEST_TIMEOUT,
                message: format!(
                    "the body did not arrive within {} s; send it at once",
                    limit.as_secs_f64()
                ),
                parameter: Some("body".into()),
            }
            .into_response()
        }
        Ok(Err(_)) => {
            return ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: format!(
                    "the body was not read: it is larger than {} MB (larger collections go through truce ingest)",
                    crate::BODY_LIMIT >> 20
                ),
                parameter: Some("body".into()),
            }
            .into_response()
        }
        Ok(Ok(bytes)) => bytes,
    };
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// A query's stop signal: set when its time is up, or when the request that asked for
/// it is dropped because its client left (see [`crate::api`]'s `query`).
pub(crate) struct Stop {
    left: Arc<AtomicBool>,
}

impl Stop {
    pub(crate) fn new() -> Stop {
        Stop {
            left: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The question SQLite asks as it works: stop now? Time counts from now, the
    /// request's arrival at its query: a wait for a free connection is part of it.
    pub(crate) fn asker(&self, time: Duration) -> impl FnMut() -> bool + Send + 'static {
        let left = self.left.clone();
        let deadline = Instant::now() + time;
        move || left.load(Ordering::Relaxed) || Instant::now() >= deadline
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        self.left.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_told_to_stop_when_its_request_is_dropped_or_its_time_is_up() {
        let stop = Stop::new();
        let mut ask = stop.asker(Duration::from_secs(60));
        assert!(!ask());
        drop(stop);
        assert!(ask(), "the request was dropped: the query stops");

        let stop = Stop::new();
        let mut ask = stop.asker(Duration::from_millis(1));
        std::thread::sleep(Duration::from_millis(5));
        assert!(ask(), "past its time the query stops");
    }

    #[test]
    fn a_client_past_its_rate_or_its_requests_in_flight_is_refused_and_others_are_not() {
        let clients = Clients::default();
        let limits = Limits {
            requests_per_second: Some(5),
            in_flight_per_client: 3,
            ..Limits::default()
        };
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            clients.admit(one, &limits).unwrap();
        }
        let e = clients.admit(one, &limits).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.message.contains("being answered"), "{}", e.message);
        clients.admit(other, &limits).unwrap();
        // answered, the three leave room; the burst of ten a second is spent after ten
        for _ in 0..3 {
            clients.done(one);
        }
        for _ in 0..7 {
            clients.admit(one, &limits).unwrap();
            clients.done(one);
        }
        let e = clients.admit(one, &limits).unwrap_err();
        assert!(e.message.contains("5 requests a second"), "{}", e.message);
        // a fifth of a second later one more is due
        std::thread::sleep(Duration::from_millis(250));
        clients.admit(one, &limits).unwrap();
    }
}
