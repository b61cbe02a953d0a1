//! Signing in with an access link: `/login?token=tdm_…` checks a profile's access token as the
//! API checks a bearer token and keeps it in a cookie (HttpOnly, SameSite=Strict), so that the
//! token leaves the address bar; the pages then read the cookie as a credential, like the
//! `Authorization` header ([`caller`]). `POST /logout` clears it. Forms that change something
//! accept only requests from the pages themselves ([`same_origin`]): with a SameSite=Strict
//! cookie, this is the defence against cross-site request forgery.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tandem_engine::access::TOKEN_PREFIX;

use super::page::{self, Chrome};
use crate::http::{AppState, Caller, Problem, credential};

/// The cookie that holds the access token of the profile the visitor acts as.
pub const COOKIE: &str = "tandem_token";

/// The value of cookie `name` in a request's `Cookie` headers, if it has one.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// Who a page's visitor is: the credential of the `Authorization` or `X-API-Key` header,
/// else the sign-in cookie's token. `Err` (401) when the credential is not valid (a token
/// revoked or expired since signing in, say).
pub fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, Problem> {
    state.caller_of(credential(headers).or_else(|| cookie(headers, COOKIE)))
}

/// Whether a refused credential (a 401 from [`caller`]) is the sign-in cookie's: the request
/// holds the cookie and no header credential, which would have been read first.
pub fn stale_cookie(headers: &HeaderMap) -> bool {
    credential(headers).is_none() && cookie(headers, COOKIE).is_some()
}

/// A refused page request as a plain page ([`page::problem`]). When what was refused is the
/// sign-in cookie's token — revoked or expired since the visitor signed in (401) — the page
/// also offers to sign out, which clears the cookie: otherwise every page would keep
/// answering 401 until the browser drops it.
pub fn refusal(problem: Problem, headers: &HeaderMap) -> Response {
    let stale = problem.status == StatusCode::UNAUTHORIZED && stale_cookie(headers);
    page::problem_with(problem, stale)
}

/// Whether `caller` acts as profile `id` on its pages: the operator, or `id`'s own token.
/// Another profile's token reads the public pages, as anyone does.
pub fn acts_as(caller: &Caller, id: &str) -> bool {
    caller.act_as(id).is_ok()
}

/// Refuses (403) a request that changes something unless a page of this site sent it: a
/// browser says so in `Sec-Fetch-Site`, or, when older, in `Origin`, which must name the
/// `Host` asked. A request with neither is not a browser's cross-site form, and passes.
pub fn same_origin(headers: &HeaderMap) -> Result<(), Problem> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let same = match (text("sec-fetch-site"), text(header::ORIGIN.as_str())) {
        (Some(site), _) => site == "same-origin",
        (None, Some(origin)) => {
            let authority = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            authority.is_some() && authority == text(header::HOST.as_str())
        }
        (None, None) => true,
    };
    if same {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "this form may only be sent from Tandem's own pages",
        ))
    }
}

/// Checks that a request may read what is profile `id`'s own (its shortlist, its editor):
/// `id`'s token (or the operator). `Err` is 403, or 401 without a credential.
pub fn may_read(state: &AppState, headers: &HeaderMap, id: &str) -> Result<(), Problem> {
    caller(state, headers)?.act_as(id)
}

/// Checks that a form changing profile `id`'s own data may: sent from these pages, writes
/// open, by `id`'s token (or the operator), who is returned. `Err` is 403, or 401 without a
/// credential.
pub fn may_change(state: &AppState, headers: &HeaderMap, id: &str) -> Result<Caller, Problem> {
    same_origin(headers)?;
    state.writes.open()?;
    // The credential is verified once: it is a ledger read and a hash.
    let caller = caller(state, headers)?;
    caller.act_as(id)?;
    Ok(caller)
}

/// The access link's query.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    /// A profile's access token.
    #[serde(default)]
    pub token: String,
}

/// The page that follows signing in: it moves on to the profile at once. A new navigation
/// from this site's own page, rather than a redirect, so that the SameSite=Strict cookie is
/// sent even when the link was opened from another site (an e-mail in a web mail).
#[derive(Template)]
#[template(path = "signed_in.html")]
pub struct SignedIn {
    /// The layout.
    pub chrome: Chrome,
    /// The profile's page.
    pub next: String,
}

/// `GET /login?token=tdm_…`: checks the token and keeps it in the sign-in cookie, then goes
/// on to its profile's page. A wrong, expired or revoked token gets the API's 401 detail.
pub async fn login(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    let token = query.token.trim();
    if !token.starts_with(TOKEN_PREFIX) {
        return page::message(
            StatusCode::BAD_REQUEST,
            "Not an access link",
            "An access link ends in `?token=tdm_…`, a profile's access token: ask the \
             operator for yours.",
        );
    }
    let grant = match state.caller_of(Some(token)) {
        Ok(Caller::Profile(grant)) => grant,
        Ok(_) => return page::message(StatusCode::BAD_REQUEST, "Not an access link", ""),
        Err(problem) => return page::problem(problem),
    };
    let next = format!("/p/{}", grant.profile);
    let mut response = page::render(
        StatusCode::OK,
        &SignedIn {
            chrome: Chrome::new("Signed in", ""),
            next,
        },
    );
    set_cookie(&mut response, &format!("{COOKIE}={token}"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /logout`: clears the sign-in cookie and goes to the home page.
pub async fn logout(headers: HeaderMap) -> Response {
    if let Err(problem) = same_origin(&headers) {
        return page::problem(problem);
    }
    let mut response = Redirect::to("/").into_response();
    set_cookie(&mut response, &format!("{COOKIE}=; Max-Age=0"));
    response
}

/// Sets the sign-in cookie to `value` (`name=value` and any attributes), readable by this
/// site's pages only: not by scripts, not sent with requests from other sites.
fn set_cookie(response: &mut Response, value: &str) {
    let cookie = format!("{value}; HttpOnly; SameSite=Strict; Path=/");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, value.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_token_is_read_from_any_cookie_header() {
        let h = headers(&[("cookie", "a=1; tandem_token=tdm_x_y"), ("cookie", "b=2")]);
        assert_eq!(cookie(&h, COOKIE), Some("tdm_x_y"));
        assert_eq!(
            cookie(&headers(&[("cookie", "tandem_token=")]), COOKIE),
            None
        );
        assert_eq!(cookie(&HeaderMap::new(), COOKIE), None);
    }

    #[test]
    fn only_the_sites_own_pages_may_send_its_forms() {
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])).is_ok());
        assert_eq!(
            same_origin(&headers(&[("sec-fetch-site", "cross-site")]))
                .unwrap_err()
                .status,
            403
        );
        assert!(
            same_origin(&headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]))
            .is_ok()
        );
        assert!(
            same_origin(&headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:8080")
            ]))
            .is_err()
        );
        assert!(same_origin(&headers(&[("origin", "null"), ("host", "h")])).is_err());
        assert!(same_origin(&HeaderMap::new()).is_ok());
    }
}
