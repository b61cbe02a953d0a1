//! The editor (`/p/{id}/edit`): the profile's main fields as a form, for the visitor acting
//! as it (its access link) or the operator. Saving goes through the API's own path
//! ([`crate::http::save_profile`], as `PUT /v1/profiles/{id}`); the fields are
//! [`super::profile_form`]'s, laid over the stored profile, whose other fields are kept. A bad
//! value is shown next to its field in the engine's words, and nothing is stored.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use tandem_engine::Profile;

use super::page::{self, Chrome};
use super::profile_form::{Described, FieldError, FieldForm};
use super::session;
use crate::http::{AppState, Problem, blocking, save_profile};

/// The editor page.
#[derive(Template)]
#[template(path = "edit.html")]
pub struct EditPage {
    /// The layout.
    pub chrome: Chrome,
    /// The profile's id.
    pub id: String,
    /// The profile's stored name.
    pub name: String,
    /// The profile's fields.
    pub fields: FieldForm,
}

impl EditPage {
    fn new(stored: &Profile, form: Described, error: Option<FieldError>) -> EditPage {
        EditPage {
            chrome: Chrome::new(format!("Edit {}", stored.name), "edit")
                .acting(Some(stored.id.clone())),
            id: stored.id.clone(),
            name: stored.name.clone(),
            fields: FieldForm::new(form, Some(stored.kind), error),
        }
    }
}

/// The stored profile `id`.
async fn stored(state: &AppState, id: String) -> Result<Profile, Problem> {
    blocking(state, move |s| Ok(s.store.snapshot().require(&id)?)).await
}

/// `GET /p/{id}/edit`: the form, filled with the stored profile.
pub async fn form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(problem) = session::may_read(&state, &headers, &id) {
        return session::refusal(problem, &headers);
    }
    let found = stored(&state, id).await;
    match found {
        Ok(profile) => page::render(
            StatusCode::OK,
            &EditPage::new(&profile, Described::of(&profile), None),
        ),
        Err(problem) => page::problem(problem),
    }
}

/// `POST /p/{id}/edit` (form-encoded): saves the fields over the stored profile and goes to
/// its page (303), or shows the form again with the wrong field marked (422), storing
/// nothing.
pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let caller = match session::may_change(&state, &headers, &id) {
        Ok(caller) => caller,
        Err(problem) => return session::refusal(problem, &headers),
    };
    let stored = match stored(&state, id.clone()).await {
        Ok(profile) => profile,
        Err(problem) => return page::problem(problem),
    };
    let mut form = Described::from_pairs(&pairs);
    // The kind is not the editor's to change.
    form.kind = stored.kind.slug().to_string();
    let Ok(Value::Object(base)) = serde_json::to_value(&stored) else {
        return page::problem(Problem::internal());
    };
    let edited = match form.profile_from(base) {
        Ok(edited) => edited,
        Err(error) => {
            return page::render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditPage::new(&stored, form, Some(error)),
            );
        }
    };
    match save_profile(&state, caller, edited).await {
        Ok(_) => Redirect::to(&format!("/p/{id}")).into_response(),
        Err(problem) => page::problem(problem),
    }
}
