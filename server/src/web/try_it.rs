//! Try it (`/try`): describe a start-up/SME, investor or partner in a form and see its
//! matches at once, stored nowhere — the API's ad-hoc match (`POST /v1/match`). The form's
//! fields are [`super::profile_form`]'s: checked by the engine's own validation, a bad value
//! shown next to its field in the engine's words.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, json};

use super::filters::{self, Choice, MatchForm};
use super::page::{self, Chrome};
use super::profile_form::{Described, FieldError, FieldForm};
use super::view::{MatchList, kind_plural};
use crate::http::{AppState, blocking};

/// The id the described profile gets: it is never stored, so it need not be unique.
const TRY_ID: &str = "try-it";

/// The Try-it page: the form, and the matches once it is sent.
#[derive(Template)]
#[template(path = "try.html")]
pub struct TryPage {
    /// The layout.
    pub chrome: Chrome,
    /// The profile's fields.
    pub fields: FieldForm,
    /// The kinds of matches, one chosen or none (the natural counterparts).
    pub targets: Vec<Choice>,
    /// The matches, once a valid form is sent.
    pub matches: Option<MatchList>,
    /// The kinds matched, plural, in words.
    pub showing: &'static str,
}

impl TryPage {
    fn new(
        form: Described,
        target: &str,
        error: Option<FieldError>,
        matches: Option<MatchList>,
    ) -> TryPage {
        TryPage {
            chrome: Chrome::new("Try it: find matches without signing up", "try"),
            targets: filters::kinds(target),
            fields: FieldForm::new(form, None, error),
            showing: "",
            matches,
        }
    }
}

/// `GET /try`: the empty form.
pub async fn form() -> Response {
    page::render(
        StatusCode::OK,
        &TryPage::new(Described::default(), "", None, None),
    )
}

/// `POST /try` (form-encoded): the described profile's matches, or the form again with the
/// wrong field marked (422, as the API answers an invalid profile). Nothing is stored.
pub async fn submit(
    State(state): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let described = Described::from_pairs(&pairs);
    let target = pairs
        .iter()
        .find(|(name, _)| name == "target")
        .map_or_else(String::new, |(_, value)| value.clone());
    let mut base = Map::new();
    base.insert("id".into(), json!(TRY_ID));
    let query = match described.profile_from(base) {
        Ok(query) => query,
        Err(error) => {
            return page::render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &TryPage::new(described, &target, Some(error), None),
            );
        }
    };
    let target_form = MatchForm {
        kind: target.clone(),
        ..MatchForm::default()
    };
    let request = match target_form.request() {
        Ok(request) => request,
        Err(problem) => {
            let error = FieldError {
                field: "target",
                message: problem.detail,
            };
            return page::render(
                StatusCode::BAD_REQUEST,
                &TryPage::new(described, &target, Some(error), None),
            );
        }
    };
    let asker = query.kind;
    let ranked = blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        Ok(s.ranking
            .rank_unstored(&snapshot, &s.weights, &query, &request)?)
    })
    .await;
    match ranked {
        Ok(ranked) => {
            let kind = ranked
                .matches
                .first()
                .map(|m| m.profile.kind)
                .or_else(|| tandem_engine::Kind::parse(target.trim()).ok())
                .unwrap_or_else(|| tandem_engine::rank::default_targets(asker)[0]);
            let mut page = TryPage::new(described, &target, None, Some(MatchList::new(&ranked)));
            page.showing = kind_plural(kind);
            page::render(StatusCode::OK, &page)
        }
        Err(problem) => page::problem(problem),
    }
}
