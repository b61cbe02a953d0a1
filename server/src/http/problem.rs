//! RFC 9457 problem details: every error the API returns, as `application/problem+json`.

use axum::Json;
use axum::extract::rejection::{QueryRejection, StringRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error response: status, a short title and a detail that says what to fix.
#[derive(Debug)]
pub struct Problem {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, in a few words (stable per kind of problem).
    pub title: &'static str,
    /// What exactly was wrong and what is expected.
    pub detail: String,
}

impl Problem {
    /// A 400: the request itself is malformed.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem {
            status: StatusCode::BAD_REQUEST,
            title: "Bad request",
            detail: detail.into(),
        }
    }

    /// A 500: the server failed; the details belong in its log, not in the answer.
    pub fn internal() -> Problem {
        Problem {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "Internal error",
            detail: "the server could not complete the request; see its log".into(),
        }
    }

    /// A 422: well-formed, but a value is not acceptable (e.g. an invalid profile field).
    pub fn invalid(detail: impl Into<String>) -> Problem {
        Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            title: "Invalid input",
            detail: detail.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            Json(body),
        )
            .into_response()
    }
}

impl From<tandem_engine::Error> for Problem {
    fn from(error: tandem_engine::Error) -> Problem {
        use tandem_engine::Error as E;
        match error {
            E::NotFound(id) => Problem {
                status: StatusCode::NOT_FOUND,
                title: "Not found",
                detail: format!("no profile with id `{id}`"),
            },
            E::Invalid(e) => Problem::invalid(e.to_string()),
            E::BadRequest(detail) => Problem::bad_request(detail),
            E::Locked(_) => Problem {
                status: StatusCode::SERVICE_UNAVAILABLE,
                title: "Busy",
                detail: "the data directory is being written by another process; retry later"
                    .into(),
            },
            other => {
                // The client did nothing wrong; the details belong in the server's log.
                tracing::error!("internal error: {other}");
                Problem::internal()
            }
        }
    }
}

impl From<QueryRejection> for Problem {
    fn from(rejection: QueryRejection) -> Problem {
        Problem::bad_request(rejection.body_text())
    }
}

impl From<StringRejection> for Problem {
    fn from(rejection: StringRejection) -> Problem {
        Problem {
            status: rejection.status(),
            title: "Unreadable body",
            detail: rejection.body_text(),
        }
    }
}
