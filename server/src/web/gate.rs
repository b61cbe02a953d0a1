//! Who may see the pages: everyone when reads are open; with `--keyed-reads`, only a request
//! carrying the API key or a profile's access token (in a header or the sign-in cookie), as
//! for the API's reads.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use super::{page, session};
use crate::http::{AppState, Caller};

/// Middleware on the pages that show data. With keyed reads, a request without a valid
/// credential gets a plain page saying so (401) and no data; with open reads it passes.
pub async fn require_reader(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if state.reads.is_keyed() {
        let refused = match session::caller(&state, request.headers()) {
            Ok(Caller::Operator | Caller::Profile(_)) => None,
            Ok(Caller::Anonymous) => Some((
                "This Tandem server keeps its profiles private: its pages are shown only with \
                 an access link or the operator's key."
                    .to_string(),
                false,
            )),
            Err(problem) => Some((problem.detail, session::stale_cookie(request.headers()))),
        };
        if let Some((detail, sign_out)) = refused {
            return page::message_with(
                StatusCode::UNAUTHORIZED,
                "Sign-in needed",
                &detail,
                sign_out,
            );
        }
    }
    next.run(request).await
}
