//! The web app: server-rendered pages for the people Tandem serves, at `/` beside the API.
//!
//! Pages are HTML built with askama templates (`server/templates/`), one small stylesheet and
//! a little script embedded in the binary ([`assets`]); everything works without JavaScript,
//! as plain links and forms. Handlers are as thin as the API's: they parse a form, call the
//! same engine functions as the API's handlers (through [`crate::http::blocking`]), and turn
//! the answer into a page model ([`view`]). The engine knows nothing of any of this.
//!
//! - [`home`]: `/` (search box, counts, example profiles) and `/search`;
//! - [`profile`]: `/p/{id}`, a profile and its ranked, explained matches;
//! - [`try_it`]: `/try`, matches for a profile described in a form, stored nowhere;
//! - [`analyst`]: `/analyst`, the data directory's latest evaluation report, table and chart;
//! - [`profile_form`]: a profile's main fields as a form, shared by Try it and the editor;
//! - [`edit`]: `/p/{id}/edit`, the editor of the profile the visitor acts as;
//! - [`session`]: `/login?token=…` (a profile's access link) and `/logout`: the sign-in
//!   cookie, read by the pages as a credential, and the check that forms come from our pages;
//! - [`feedback`]: like, pass and meetings from the profile page, and `/p/{id}/shortlist`;
//! - [`gate`]: with `--keyed-reads`, pages that show data answer 401 without a credential.
//!
//! The pages are not part of the OpenAPI document: they are not API. Their answers are
//! gzip-compressed when the browser accepts it.

mod analyst;
mod assets;
mod edit;
mod feedback;
mod filters;
mod gate;
mod home;
mod page;
mod profile;
mod profile_form;
mod session;
mod try_it;
mod view;

use axum::Router;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;

use crate::http::AppState;

/// The web app's routes: the pages (behind [`gate`] when reads are keyed) and the assets.
pub fn routes(state: &AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(home::home))
        .route("/search", get(home::search))
        .route("/p/{id}", get(profile::profile))
        .route("/p/{id}/feedback", post(feedback::give))
        .route("/p/{id}/shortlist", get(feedback::shortlist))
        .route("/p/{id}/edit", get(edit::form).post(edit::save))
        .route("/try", get(try_it::form).post(try_it::submit))
        .route("/analyst", get(analyst::analyst))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::require_reader,
        ));
    Router::new()
        .merge(pages)
        .route("/login", get(session::login))
        .route("/logout", post(session::logout))
        .route("/assets/{name}", get(assets::asset))
        .layer(CompressionLayer::new())
}
