//! What every page shares: the layout's links ([`Chrome`]), rendering a template into an
//! answer with the pages' headers, and the plain message page (errors, refusals).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::assets;
use crate::http::Problem;

/// What the layout (`base.html`) needs on every page.
pub struct Chrome {
    /// The page's title, before " · Tandem".
    pub title: String,
    /// The stylesheet's versioned URL.
    pub css: String,
    /// The script's versioned URL.
    pub js: String,
    /// Which item of the navigation is this page (`home`, `try`, `analyst`), if any.
    pub current: &'static str,
    /// The profile the visitor acts as with its access link, if any: the navigation then
    /// offers its shortlist, its editor and signing out.
    pub acting: Option<String>,
}

impl Chrome {
    /// The layout of a page titled `title`, in navigation section `current`.
    pub fn new(title: impl Into<String>, current: &'static str) -> Chrome {
        Chrome {
            title: title.into(),
            css: assets::CSS.url(),
            js: assets::JS.url(),
            current,
            acting: None,
        }
    }

    /// The same layout for a visitor acting as profile `id` (or not, with `None`).
    pub fn acting(mut self, id: Option<String>) -> Chrome {
        self.acting = id;
        self
    }
}

/// Only our own origin may serve anything a page loads; inline `style` attributes draw the
/// score bars. Nothing is loaded from other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// A rendered template as an HTML answer with `status` and the pages' headers.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CONTENT_SECURITY_POLICY),
            );
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            );
            response
        }
        Err(e) => {
            tracing::error!("page template failed: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be shown; see the server's log",
            )
                .into_response()
        }
    }
}

/// A plain page with a heading and one message.
#[derive(Template)]
#[template(path = "message.html")]
pub struct Message<'a> {
    /// The layout.
    pub chrome: Chrome,
    /// The message.
    pub detail: &'a str,
    /// Whether to offer signing out: the sign-in cookie holds a token that no longer works.
    pub sign_out: bool,
}

/// A plain page saying `detail` under the heading `title`, answered with `status`; a 401
/// carries the challenge RFC 9110 asks for.
pub fn message(status: StatusCode, title: &str, detail: &str) -> Response {
    message_with(status, title, detail, false)
}

/// [`message`], with a "Sign out" button when `sign_out`: for a visitor whose sign-in
/// cookie was refused (its token revoked or expired since), so that it can be cleared.
pub fn message_with(status: StatusCode, title: &str, detail: &str, sign_out: bool) -> Response {
    let mut response = render(
        status,
        &Message {
            chrome: Chrome::new(title, ""),
            detail,
            sign_out,
        },
    );
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"tandem\""),
        );
    }
    response
}

/// An API problem (a bad parameter, an unknown id, an overloaded server) as a plain page
/// with the same status and detail.
pub fn problem(problem: Problem) -> Response {
    problem_with(problem, false)
}

/// [`problem`], with a "Sign out" button when `sign_out` (see [`message_with`]).
pub fn problem_with(problem: Problem, sign_out: bool) -> Response {
    let mut response = message_with(problem.status, problem.title, &problem.detail, sign_out);
    for (name, value) in problem.headers {
        response.headers_mut().insert(name, value);
    }
    response
}
