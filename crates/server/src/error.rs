use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An API error: the HTTP status, a message saying what to do, and the parameter at
/// fault, sent as `{"error": ..., "parameter": ...}`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub parameter: Option<String>,
}

impl ApiError {
    /// An error of `status` that concerns no one parameter.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            parameter: None,
        }
    }

    pub fn bad(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            parameter: Some(parameter.to_string()),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
            parameter: None,
        }
    }

    /// A fault of the server or its store. The detail (paths, SQLite's words) goes to the
    /// server's log, printed as data; the answer says only that it happened and where the
    /// detail is, under a number that finds it in the log.
    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        static NUMBER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let number = NUMBER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let detail: String = e.to_string().escape_debug().collect();
        eprintln!("truce serve: internal error {number}: {detail}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!(
                "the server could not answer (internal error {number}; the server's log has the detail); `truce check` finds faults in the store"
            ),
            parameter: None,
        }
    }
}

impl From<truce_store::StoreError> for ApiError {
    fn from(e: truce_store::StoreError) -> ApiError {
        match e {
            truce_store::StoreError::Ambiguous { .. } => ApiError::bad("id", e.to_string()),
            truce_store::StoreError::TooManyWords { .. } => ApiError::bad("search", e.to_string()),
            truce_store::StoreError::Interrupted { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the query was stopped: it ran past the time one query may take \
                    (truce serve --query-time); narrow it: fewer words, a shorter period, a smaller page"
                    .into(),
                parameter: None,
            },
            truce_store::StoreError::Busy { .. } => ApiError {
                status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
                message: e.to_string(),
                parameter: None,
            },
            // a part of the store not yet written for PostgreSQL: no fault, and the
            // answer says which (the message names no password)
            truce_store::StoreError::NotYetOnPostgres { .. } => ApiError {
                status: StatusCode::NOT_IMPLEMENTED,
                message: "this does not work on a PostgreSQL store yet; serve a copy of the store in an SQLite file (`truce migrate`)".into(),
                parameter: None,
            },
            other => ApiError::internal(other),
        }
    }
}

/// The most characters of a message, and of a parameter's name, an error answer carries:
/// they may quote what the client sent, and an answer stays small whatever that was.
const MESSAGE_CHARS: usize = 4000;
const PARAMETER_CHARS: usize = 100;

fn capped(text: String, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": capped(self.message, MESSAGE_CHARS),
            "parameter": self.parameter.map(|p| capped(p, PARAMETER_CHARS)),
        });
        let mut answer = (self.status, Json(body)).into_response();
        // a busy writer, a full queue or a stopped query (503), or a client past its
        // bounds (429): say when to come back
        let retry = match self.status {
            StatusCode::SERVICE_UNAVAILABLE => Some("2"),
            StatusCode::TOO_MANY_REQUESTS => Some("1"),
            _ => None,
        };
        if let Some(seconds) = retry {
            answer.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(seconds),
            );
        }
        answer
    }
}
