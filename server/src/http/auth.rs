//! Who may do what: the operator's API key, and per-profile access tokens.
//!
//! Two kinds of credential, both sent as `Authorization: Bearer CREDENTIAL` or
//! `X-API-Key: CREDENTIAL`:
//!
//! - the operator's **API key** (`--api-key-file` or `TANDEM_API_KEY`): every write, token
//!   management, and reads when the server runs with `--keyed-reads`. Without a configured
//!   key, and on the read-only demo data, writes are refused ([`WriteAccess::Refused`]);
//! - a profile's **access token** (`tdm_…`, issued by the operator with `tandem access issue`
//!   or `POST /v1/access-tokens`; see [`tandem_engine::access`]): acting as that one profile —
//!   its matches, editing it (`PUT /v1/profiles/{its id}`), feedback as it. Under
//!   `--keyed-reads` a valid token also opens the general reads (profiles, search, ad-hoc
//!   matches), since its holder is a known user; never `/metrics`, never another profile's
//!   matches, never an operator action.
//!
//! A request's credential becomes a [`Caller`] ([`AppState::caller`]); handlers then ask it
//! [`Caller::act_as`] (the profile itself or the operator) or [`Caller::operator`]. A
//! credential that is present but wrong, expired or revoked is a 401 whose detail says
//! which; acting for another profile is a 403. Keys and tokens are compared in constant time
//! and never logged (a [`Caller`] holds the token's public id, not its secret).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;
use tandem_engine::access::{Grant, TOKEN_PREFIX};

use super::AppState;
use super::problem::Problem;

/// Who sent a request, from its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The operator: the request carries the API key.
    Operator,
    /// A profile: the request carries a valid access token of this profile.
    Profile(Grant),
    /// No credential.
    Anonymous,
}

impl Caller {
    /// Allows acting as profile `id` (its matches, editing it, feedback as it): the operator
    /// and the holder of `id`'s token may; anyone else gets 401 (no credential) or 403
    /// (another profile's token).
    pub fn act_as(&self, id: &str) -> Result<(), Problem> {
        match self {
            Caller::Operator => Ok(()),
            Caller::Profile(grant) if grant.profile == id => Ok(()),
            Caller::Profile(grant) => Err(Problem::new(
                StatusCode::FORBIDDEN,
                "Forbidden",
                format!(
                    "this access token acts for `{}` only, not for `{id}`",
                    grant.profile
                ),
            )),
            Caller::Anonymous => Err(Problem::unauthorized(format!(
                "acting as `{id}` needs this profile's access token or the API key: send \
                 `Authorization: Bearer TOKEN`"
            ))),
        }
    }

    /// Allows an operator action (`what`, e.g. "delete profiles", for the detail): only the
    /// API key may; a profile's token gets 403, no credential 401.
    pub fn operator(&self, what: &str) -> Result<(), Problem> {
        match self {
            Caller::Operator => Ok(()),
            Caller::Profile(grant) => Err(Problem::new(
                StatusCode::FORBIDDEN,
                "Forbidden",
                format!(
                    "only the operator's API key may {what}; this access token acts for `{}` \
                     only",
                    grant.profile
                ),
            )),
            Caller::Anonymous => Err(Problem::unauthorized(format!(
                "only the operator may {what}: send the API key as `Authorization: Bearer KEY` \
                 or `X-API-Key: KEY`"
            ))),
        }
    }

    /// The profile whose token was sent, if one was.
    pub fn profile(&self) -> Option<&str> {
        match self {
            Caller::Profile(grant) => Some(&grant.profile),
            _ => None,
        }
    }
}

impl AppState {
    /// The operator's API key, if the server has one (for writes, keyed reads, or both).
    fn api_key(&self) -> Option<&str> {
        match (&self.writes, &self.reads) {
            (WriteAccess::Key(key), _) | (_, ReadAccess::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// Who sent a request. `Err` (401) when a credential is present but is not a valid API
    /// key or access token: a client that sent one meant to be someone, and must learn that
    /// it is not, rather than be served as anonymous.
    ///
    /// A token is checked here, on the async worker, rather than on the engine's pool: it is
    /// one term lookup in a small memory-mapped index, cheaper than a trip to the pool.
    pub fn caller(&self, headers: &HeaderMap) -> Result<Caller, Problem> {
        self.caller_of(credential(headers))
    }

    /// Who holds the credential `given` (an API key or access token, from wherever it came:
    /// a header, or the web app's sign-in cookie): [`Caller::Anonymous`] for none, `Err`
    /// (401) for one that is not valid, as [`AppState::caller`].
    pub fn caller_of(&self, given: Option<&str>) -> Result<Caller, Problem> {
        let Some(given) = given else {
            return Ok(Caller::Anonymous);
        };
        if given.starts_with(TOKEN_PREFIX) {
            let Some(access) = &self.access else {
                return Err(Problem::unauthorized(
                    "access tokens are not valid on the embedded demo data; serve your own data \
                     with --data DIR",
                ));
            };
            return match access.verify(given, jiff::Timestamp::now())? {
                Ok(grant) => Ok(Caller::Profile(grant)),
                Err(denied) => Err(Problem::unauthorized(denied.to_string())),
            };
        }
        match self.api_key() {
            Some(key) if bool::from(given.as_bytes().ct_eq(key.as_bytes())) => Ok(Caller::Operator),
            _ => Err(Problem::unauthorized(
                "the API key is not valid (nor is it an access token, which starts with `tdm_`)",
            )),
        }
    }
}

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
    /// Whether writes are possible at all: `Err` (403, with the reason) when refused. Who
    /// may write is then the [`Caller`]'s check.
    pub fn open(&self) -> Result<(), Problem> {
        match self {
            WriteAccess::Key(_) => Ok(()),
            WriteAccess::Refused(why) => {
                Err(Problem::new(StatusCode::FORBIDDEN, "Writes disabled", *why))
            }
        }
    }

    /// Checks a request's headers for the API key; `Err` is the problem to answer with.
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

/// Middleware on the read routes when reads are keyed: lets through the API key and any
/// profile's valid access token (a handler may still refuse another profile's resource),
/// and refuses the rest. It runs before the handler's extractors, so a request without a
/// credential learns that first, not that a parameter is wrong.
pub async fn require_reader(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, Problem> {
    match state.caller(request.headers())? {
        Caller::Anonymous => state.reads.check(request.headers())?,
        Caller::Operator | Caller::Profile(_) => {}
    }
    Ok(next.run(request).await)
}

/// Middleware on the operator's reads (`/metrics`) when reads are keyed: the API key only.
pub async fn require_read_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, Problem> {
    state.reads.check(request.headers())?;
    Ok(next.run(request).await)
}

/// The credential a request carries (API key or access token), trimmed: the `Bearer`
/// authorisation, else `X-API-Key`. Another scheme (e.g. `Basic`) or a value that is not
/// text counts as none.
pub fn credential(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok()))
        .map(str::trim)
}

/// Checks that the headers carry `key`; `what` names what needs it, for the error's detail.
fn check_key(key: &str, headers: &HeaderMap, what: &str) -> Result<(), Problem> {
    match credential(headers) {
        Some(given) if bool::from(given.as_bytes().ct_eq(key.as_bytes())) => Ok(()),
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
    fn a_profiles_token_acts_as_that_profile_only_and_never_as_the_operator() {
        let token = Caller::Profile(Grant {
            profile: "st-1".into(),
            token: "0123456789abcdef".into(),
        });
        assert!(token.act_as("st-1").is_ok());
        let other = token.act_as("st-2").unwrap_err();
        assert_eq!(other.status, 403);
        assert!(
            other.detail.contains("acts for `st-1` only"),
            "{}",
            other.detail
        );
        let operator_only = token.operator("delete profiles").unwrap_err();
        assert_eq!(operator_only.status, 403);
        assert!(
            operator_only
                .detail
                .contains("only the operator's API key may delete profiles"),
            "{}",
            operator_only.detail
        );

        assert!(Caller::Operator.act_as("st-2").is_ok());
        assert!(Caller::Operator.operator("delete profiles").is_ok());

        let anonymous = Caller::Anonymous.act_as("st-1").unwrap_err();
        assert_eq!(anonymous.status, 401);
        assert!(anonymous.detail.contains("access token or the API key"));
        assert!(
            anonymous
                .headers
                .iter()
                .any(|(name, _)| name == header::WWW_AUTHENTICATE)
        );
        assert_eq!(Caller::Anonymous.operator("x").unwrap_err().status, 401);
        assert_eq!(token.profile(), Some("st-1"));
        assert_eq!(Caller::Operator.profile(), None);
    }

    #[test]
    fn credentials_come_from_either_header_and_other_schemes_are_none() {
        assert_eq!(
            credential(&headers("authorization", "Bearer  tdm_x ")),
            Some("tdm_x")
        );
        assert_eq!(credential(&headers("x-api-key", "k")), Some("k"));
        assert_eq!(
            credential(&headers("authorization", "Basic Zm9vOmJhcg==")),
            None
        );
        assert_eq!(credential(&HeaderMap::new()), None);
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
