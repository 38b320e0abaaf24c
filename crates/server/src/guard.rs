//! What keeps other web pages out of a truce server: every request must name this server
//! as its Host (an IP address, `localhost`, or a name the operator allowed), so a page
//! that rebinds its own name to this address reads nothing; a request that changes the
//! store must come from the server's own page (its Origin, or without one its Referer,
//! is this server), so a page elsewhere cannot record a verdict or upload a report; JSON
//! bodies must say they are JSON, which a cross-site form cannot; and every answer
//! carries the headers that keep the page from being framed, sniffed or scripted from
//! elsewhere.
//!
//! Clients that are not browsers (curl, scripts) send no Origin and are let through: the
//! Host check still holds for them.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::{ApiError, AppState};

/// The names, besides IP addresses and `localhost`, this server answers to
/// (`truce serve --allow-host`), lower case, without a port.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(pub Vec<String>);

impl AllowedHosts {
    /// Whether a Host header names this server: an IP address or `localhost` (which no
    /// other site can rebind), or a name the operator listed.
    fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        name == "localhost"
            || name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok()
            || self.0.contains(&name)
    }
}

/// A Host header's name without its port ("[::1]:8080" is "[::1]").
fn host_name(host: &str) -> &str {
    match host.rfind(':') {
        // an IPv6 literal has colons inside its brackets
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host,
    }
}

/// The origin ("http://host:port") a Referer names.
fn origin_of(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

/// Checks a request against [`AllowedHosts`] and its origin, then adds the security
/// headers to whatever the server answers.
pub(crate) async fn guard(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refusal) = check(&state.allowed_hosts, request.method(), request.headers()) {
        let mut answer = refusal.into_response();
        security_headers(answer.headers_mut());
        return answer;
    }
    let mut answer = next.run(request).await;
    security_headers(answer.headers_mut());
    answer
}

fn check(allowed: &AllowedHosts, method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = text(header::HOST) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "the request names no Host",
        ));
    };
    if !allowed.allows(host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "this server does not answer to the name {:?}; reach it by its address, or start it with --allow-host {}",
                host,
                host_name(host)
            ),
        ));
    }
    if changes_the_store(method) {
        let from = text(header::ORIGIN).or_else(|| text(header::REFERER).and_then(origin_of));
        if let Some(origin) = from {
            let own = [format!("http://{host}"), format!("https://{host}")];
            if !own.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    format!("a page from {origin:?} may not change this store; use the workbench this server serves"),
                ));
            }
        }
    }
    Ok(())
}

/// Whether a request of `method` may change the store (everything but reading).
pub(crate) fn changes_the_store(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a body that does not say it is JSON: a form of another site can post
/// text/plain without asking, but not application/json.
pub(crate) async fn require_json(request: Request, next: Next) -> Response {
    // what sends no body (a read, a sign-out) has no type to say
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::DELETE
    ) {
        return next.run(request).await;
    }
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            let t = t.trim().to_ascii_lowercase();
            t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
        });
    if json {
        next.run(request).await
    } else {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON, with Content-Type: application/json",
        )
        .into_response()
    }
}

/// The page runs only its own scripts, is framed by no one, and its answers are taken
/// for the type they say; inline style attributes stay allowed (the views colour badges
/// with them), inline scripts do not.
fn security_headers(headers: &mut HeaderMap) {
    const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
        img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
        form-action 'self'; frame-ancestors 'none'";
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn addresses_localhost_and_allowed_names_are_this_server_and_others_are_not() {
        let allowed = AllowedHosts(vec!["truce.example.org".into()]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:8080",
            "10.0.0.5",
            "truce.example.org:80",
            "LOCALHOST",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.evil.example:8080",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
    }

    #[test]
    fn a_change_from_another_origin_is_refused_and_from_its_own_page_or_a_script_let_through() {
        let allowed = AllowedHosts::default();
        let host = (header::HOST, "127.0.0.1:8080");
        let post = Method::POST;
        assert!(check(&allowed, &post, &headers(std::slice::from_ref(&host))).is_ok());
        assert!(check(
            &allowed,
            &post,
            &headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:8080")])
        )
        .is_ok());
        for (name, from) in [
            (header::ORIGIN, "http://evil.example"),
            (header::ORIGIN, "null"),
            (header::REFERER, "http://evil.example/page.html"),
            (header::ORIGIN, "http://127.0.0.1:9999"),
        ] {
            let answer =
                check(&allowed, &post, &headers(&[host.clone(), (name, from)])).unwrap_err();
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{from}");
        }
        // reading is not changing: another origin may read (the Host check still holds)
        assert!(check(
            &allowed,
            &Method::GET,
            &headers(&[host, (header::ORIGIN, "http://evil.example")])
        )
        .is_ok());
        let rebinding = headers(&[(header::HOST, "evil.example:8080")]);
        assert_eq!(
            check(&allowed, &Method::GET, &rebinding)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
    }
}
