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

    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e.to_string(),
            parameter: None,
        }
    }
}

impl From<truce_store::StoreError> for ApiError {
    fn from(e: truce_store::StoreError) -> ApiError {
        match e {
            truce_store::StoreError::Ambiguous { .. } => ApiError::bad("id", e.to_string()),
            truce_store::StoreError::TooManyWords { .. } => ApiError::bad("search", e.to_string()),
            truce_store::StoreError::Busy { .. } => ApiError {
                status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
                message: e.to_string(),
                parameter: None,
            },
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "parameter": self.parameter });
        let mut answer = (self.status, Json(body)).into_response();
        // the only unavailability is a writer busy for a moment: say when to come back
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            answer.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("2"),
            );
        }
        answer
    }
}
