//! API-key authorisation: always for writes, and for reads when the server runs with
//! `--keyed-reads`.
//!
//! The key comes from `--api-key-file` or `TANDEM_API_KEY`; clients send it as
//! `Authorization: Bearer KEY` or `X-API-Key: KEY`. Keys are compared in constant time and
//! never logged. Without a configured key, and on the read-only demo data, writes are refused.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

use super::AppState;
use super::problem::Problem;

/// Who may write.
#[derive(Clone)]
pub enum WriteAccess {
    /// Writes need this key.
    Key(String),
    /// Writes are refused, with the reason.
    Refused(&'static str),
}

impl std::fmt::Debug for WriteAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteAccess::Key(_) => f.write_str("Key(<redacted>)"),
            WriteAccess::Refused(why) => write!(f, "Refused({why:?})"),
        }
    }
}

impl WriteAccess {
    /// Checks a request's headers; `Err` is the problem to answer with.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), Problem> {
        match self {
            WriteAccess::Key(key) => check_key(key, headers, "writes"),
            WriteAccess::Refused(why) => {
                Err(Problem::new(StatusCode::FORBIDDEN, "Writes disabled", *why))
            }
        }
    }
}

/// Who may read (`/v1/*` reads and `/metrics`).
#[derive(Clone, Default)]
pub enum ReadAccess {
    /// Anyone may read.
    #[default]
    Open,
    /// Reads need this key (the same as writes).
    Key(String),
}

impl std::fmt::Debug for ReadAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadAccess::Open => f.write_str("Open"),
            ReadAccess::Key(_) => f.write_str("Key(<redacted>)"),
        }
    }
}

impl ReadAccess {
    /// Whether reads need the key.
    pub fn is_keyed(&self) -> bool {
        matches!(self, ReadAccess::Key(_))
    }

    /// Checks a request's headers; `Err` is the problem to answer with.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), Problem> {
        match self {
            ReadAccess::Open => Ok(()),
            ReadAccess::Key(key) => {
                check_key(key, headers, "reads (the server runs with --keyed-reads)")
            }
        }
    }
}

/// Middleware on the read routes: refuses requests without the key when reads are keyed.
/// It runs before the handler's extractors, so a request without a key learns that first,
/// not that a parameter is wrong.
pub async fn require_read_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, Problem> {
    state.reads.check(request.headers())?;
    Ok(next.run(request).await)
}

/// Checks that the headers carry `key`; `what` names what needs it, for the error's detail.
fn check_key(key: &str, headers: &HeaderMap, what: &str) -> Result<(), Problem> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()));
    match given {
        Some(given) if bool::from(given.trim().as_bytes().ct_eq(key.as_bytes())) => Ok(()),
        Some(_) => Err(Problem::unauthorized("the API key is not valid")),
        None => Err(Problem::unauthorized(format!(
            "{what} need an API key: send `Authorization: Bearer KEY` or `X-API-Key: KEY`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, value.parse().unwrap());
        h
    }

    #[test]
    fn keys_are_checked_from_either_header() {
        let access = WriteAccess::Key("s3cret".into());
        assert!(
            access
                .check(&headers("authorization", "Bearer s3cret"))
                .is_ok()
        );
        assert!(access.check(&headers("x-api-key", "s3cret")).is_ok());
        assert_eq!(
            access
                .check(&headers("x-api-key", "nope"))
                .unwrap_err()
                .status,
            401
        );
        assert_eq!(access.check(&HeaderMap::new()).unwrap_err().status, 401);
        let refused = WriteAccess::Refused("read-only");
        assert_eq!(
            refused
                .check(&headers("x-api-key", "s3cret"))
                .unwrap_err()
                .status,
            403
        );
        assert!(
            !format!("{access:?}").contains("s3cret"),
            "keys never reach logs"
        );
    }

    #[test]
    fn keyed_reads_need_the_key_and_open_reads_do_not() {
        let keyed = ReadAccess::Key("s3cret".into());
        assert!(
            keyed
                .check(&headers("authorization", "Bearer s3cret"))
                .is_ok()
        );
        let missing = keyed.check(&HeaderMap::new()).unwrap_err();
        assert_eq!(missing.status, 401);
        assert!(
            missing.detail.contains("--keyed-reads"),
            "{}",
            missing.detail
        );
        assert!(
            missing
                .headers
                .iter()
                .any(|(name, _)| name == header::WWW_AUTHENTICATE)
        );
        assert_eq!(
            keyed
                .check(&headers("x-api-key", "nope"))
                .unwrap_err()
                .status,
            401
        );
        assert!(ReadAccess::Open.check(&HeaderMap::new()).is_ok());
        assert!(!format!("{keyed:?}").contains("s3cret"));
    }
}
