//! RFC 9457 problem details: every error the API returns, as `application/problem+json`.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection, StringRejection};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Seconds a client is asked to wait (`Retry-After`) before retrying a 503.
pub const RETRY_AFTER_SECONDS: u64 = 1;

/// An error response: status, a short title and a detail that says what to fix.
#[derive(Debug)]
pub struct Problem {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, in a few words (stable per kind of problem).
    pub title: &'static str,
    /// What exactly was wrong and what is expected.
    pub detail: String,
    /// Headers the status calls for, such as `Retry-After` on a 503. (A `Vec`, not a
    /// `HeaderMap`, keeps `Result<_, Problem>` small.)
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// The body of every error response (RFC 9457 problem details).
///
/// Clients should branch on `status` (and `title`, which is stable per kind of problem);
/// `detail` is for people: it names the parameter or field and what was expected.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Problem, example = json!({
    "type": "about:blank",
    "title": "Bad request",
    "status": 400,
    "detail": "query parameter `stage`: unknown stage `seeed` (did you mean `seed`?)"
}))]
pub struct ProblemDetails<'a> {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// What went wrong, in a few words.
    pub title: &'a str,
    /// The HTTP status, repeated.
    pub status: u16,
    /// What exactly was wrong and what is expected.
    pub detail: &'a str,
}

impl Problem {
    /// A problem with no extra headers.
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            title,
            detail: detail.into(),
            headers: Vec::new(),
        }
    }

    /// The same problem with one more header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Problem {
        self.headers.push((name, value));
        self
    }

    /// A 400: the request itself is malformed.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "Bad request", detail)
    }

    /// A 401: the request lacks a valid API key. RFC 9110 requires the challenge header.
    pub fn unauthorized(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "Unauthorized", detail).with_header(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"tandem\""),
        )
    }

    /// A 404 for a path no route serves.
    pub fn no_route() -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Not found",
            "no such endpoint; GET /openapi.json lists the API",
        )
    }

    /// A 500: the server failed; the details belong in its log, not in the answer.
    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal error",
            "the server could not complete the request; see its log",
        )
    }

    /// A 422: well-formed, but a value is not acceptable (e.g. an invalid profile field).
    pub fn invalid(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "Invalid input", detail)
    }

    /// A 503 that asks the client to retry after [`RETRY_AFTER_SECONDS`].
    pub fn unavailable(title: &'static str, detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, title, detail)
            .with_header(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = ProblemDetails {
            kind: "about:blank",
            title: self.title,
            status: self.status.as_u16(),
            detail: &self.detail,
        };
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, PROBLEM_JSON)],
            Json(body),
        )
            .into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

/// Response middleware: an error that left a layer without a body (the timeout's 408, the
/// router's 405) becomes problem+json too, so clients parse every error the same way.
pub async fn fill_empty_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let detail = match status {
        StatusCode::REQUEST_TIMEOUT => format!(
            "the request took longer than {} s; retry, or ask for less (a smaller `limit`, a \
             smaller batch)",
            super::REQUEST_TIMEOUT.as_secs()
        ),
        // axum adds the `Allow` header after every layer has run, so it is not here to quote.
        StatusCode::METHOD_NOT_ALLOWED => {
            "this path does not take that method; the `Allow` header lists the methods it takes"
                .to_string()
        }
        other => other
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_string(),
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let (parts, _) = response.into_parts();
    let mut answer = Problem::new(status, title, detail).into_response();
    // Keep what the layer said besides the status (e.g. `Allow` on a 405).
    for (name, value) in &parts.headers {
        if name == header::CONTENT_LENGTH {
            continue;
        }
        answer
            .headers_mut()
            .entry(name)
            .or_insert_with(|| value.clone());
    }
    answer
}

impl From<tandem_engine::Error> for Problem {
    fn from(error: tandem_engine::Error) -> Problem {
        use tandem_engine::Error as E;
        match error {
            E::NotFound(id) => Problem::new(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("no profile with id `{id}`"),
            ),
            E::UnknownToken(id) => Problem::new(
                StatusCode::NOT_FOUND,
                "Not found",
                format!("no access token with id `{id}`; GET /v1/access-tokens lists them"),
            ),
            E::Invalid(e) => Problem::invalid(e.to_string()),
            E::BadRequest(detail) => Problem::bad_request(detail),
            E::Locked(_) => Problem::unavailable(
                "Busy",
                "the data directory is being written by another process; retry later",
            ),
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

impl From<PathRejection> for Problem {
    fn from(rejection: PathRejection) -> Problem {
        Problem::new(rejection.status(), "Bad request", rejection.body_text())
    }
}

impl From<StringRejection> for Problem {
    fn from(rejection: StringRejection) -> Problem {
        Problem::new(rejection.status(), "Unreadable body", rejection.body_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bodiless_errors_become_problems_and_keep_their_headers() {
        let response = Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET,HEAD")
            .header(header::CONTENT_LENGTH, "0")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = fill_empty_errors(response).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
        assert_eq!(response.headers()[header::ALLOW], "GET,HEAD");
        assert!(
            !response.headers().contains_key(header::CONTENT_LENGTH),
            "the empty body's length is not the problem's"
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["status"], 405);
        assert!(
            body["detail"].as_str().unwrap().contains("`Allow` header"),
            "{body}"
        );

        let ok = fill_empty_errors(StatusCode::NO_CONTENT.into_response()).await;
        assert!(!ok.headers().contains_key(header::CONTENT_TYPE));
    }

    #[test]
    fn unavailable_asks_to_retry_later() {
        let response = Problem::unavailable("Overloaded", "later").into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers()[header::RETRY_AFTER],
            RETRY_AFTER_SECONDS.to_string()
        );
        assert_eq!(response.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
    }
}
