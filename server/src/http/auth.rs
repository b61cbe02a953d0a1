//! API-key authorisation for writes.
//!
//! The key comes from `--api-key-file` or `TANDEM_API_KEY`; clients send it as
//! `Authorization: Bearer KEY` or `X-API-Key: KEY`. Keys are compared in constant time and
//! never logged. Without a configured key, and on the read-only demo data, writes are refused.

use axum::http::{HeaderMap, StatusCode, header};
use subtle::ConstantTimeEq;

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
}
