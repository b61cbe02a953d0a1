//! Feedback from the pages, as the profile the visitor acts as (its access link): like, pass
//! or request a meeting with a match, undo it (`POST /p/{id}/feedback`), and the shortlist
//! of what it liked or asked to meet (`/p/{id}/shortlist`). Signals are recorded through the
//! same [`tandem_engine::feedback::FeedbackLog`] calls as the API's feedback routes, and the
//! same rules decide who may: the profile's own token (or the operator), writes open, and
//! — for forms — a request from this site's own pages ([`session::same_origin`]).

use std::str::FromStr;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use tandem_engine::feedback::Signal;

use super::page::{self, Chrome};
use super::session;
use super::view::ProfileCard;
use crate::http::{AppState, Problem, blocking, invalid_request};

/// Where a match's buttons send their form, and where the answer comes back to.
pub struct Actions {
    /// The form's action: `/p/{id}/feedback`.
    pub post: String,
    /// The page to come back to (this page, with its query).
    pub back: String,
}

impl Actions {
    /// The buttons of profile `id`'s pages, coming back to `back`.
    pub fn new(id: &str, back: String) -> Actions {
        Actions {
            post: format!("/p/{id}/feedback"),
            back,
        }
    }
}

/// The signals a page may give: like, pass, meeting. A deal changes both profiles' history,
/// which is the API's (or the CLI's) to record.
fn page_signal(slug: &str) -> Result<Signal, Problem> {
    match Signal::from_str(slug.trim()) {
        Ok(signal @ (Signal::Like | Signal::Pass | Signal::Meeting)) => Ok(signal),
        _ => Err(Problem::invalid(format!(
            "`{slug}` is not a signal these pages give: like, pass or meeting"
        ))),
    }
}

/// A match's buttons, as a browser sends them: `signal` to give one, or `undo` to take one
/// back, about `to`.
#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    /// The candidate.
    pub to: String,
    /// The signal to give.
    #[serde(default)]
    pub signal: String,
    /// The signal to undo.
    #[serde(default)]
    pub undo: String,
    /// The page to come back to: one of this profile's pages (anything else comes back to
    /// the profile page).
    #[serde(default)]
    pub back: String,
}

/// `POST /p/{id}/feedback`: gives or undoes a signal as profile `id`, then goes back (303) to
/// the page the form was on, which shows the ranking it changed.
pub async fn give(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<FeedbackForm>,
) -> Response {
    if let Err(problem) = session::may_change(&state, &headers, &id) {
        return session::refusal(problem, &headers);
    }
    let undo = !form.undo.trim().is_empty();
    let signal = match page_signal(if undo { &form.undo } else { &form.signal }) {
        Ok(signal) => signal,
        Err(problem) => return page::problem(problem),
    };
    let own = format!("/p/{id}");
    let back = if form.back.starts_with(&own) && !form.back.contains(['\\', '\r', '\n']) {
        form.back.clone()
    } else {
        own
    };
    let to = form.to.trim().to_string();
    let done = blocking(&state, move |s| {
        if undo {
            s.store.snapshot().require(&id)?;
            s.feedback.undo(&s.store, &id, &to, Some(signal))?;
        } else {
            s.feedback
                .record(&s.store, &id, &to, signal, Timestamp::now())
                .map_err(invalid_request)?;
        }
        Ok(())
    })
    .await;
    match done {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(problem) => page::problem(problem),
    }
}

/// One candidate on the shortlist.
pub struct Listed {
    /// The candidate.
    pub card: ProfileCard,
    /// Whether the profile liked it.
    pub liked: bool,
    /// Whether the profile asked to meet it.
    pub met: bool,
}

/// The shortlist page.
#[derive(Template)]
#[template(path = "shortlist.html")]
pub struct ShortlistPage {
    /// The layout.
    pub chrome: Chrome,
    /// The profile's id.
    pub id: String,
    /// The profile's name.
    pub name: String,
    /// Liked or asked-to-meet candidates, most recent first.
    pub listed: Vec<Listed>,
    /// The undo buttons' form.
    pub actions: Actions,
}

/// `GET /p/{id}/shortlist`: what profile `id` liked or asked to meet, with undo; only for
/// the profile itself (its access link) or the operator.
pub async fn shortlist(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(problem) = session::may_read(&state, &headers, &id) {
        return session::refusal(problem, &headers);
    }
    let found = blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        let profile = snapshot.require(&id)?;
        let personal = s.feedback.personal(&id)?;
        let mut listed = Vec::new();
        for (to, _) in &personal.positives {
            // A candidate deleted since is no longer anyone's to meet.
            if let Some(candidate) = snapshot.get(to)? {
                let given = personal.given.get(to).map_or(&[][..], Vec::as_slice);
                listed.push(Listed {
                    card: ProfileCard::new(&candidate),
                    liked: given.contains(&Signal::Like),
                    met: given.contains(&Signal::Meeting),
                });
            }
        }
        Ok((profile, listed))
    })
    .await;
    let (profile, listed) = match found {
        Ok(found) => found,
        Err(problem) => return page::problem(problem),
    };
    let back = format!("/p/{}/shortlist", profile.id);
    page::render(
        StatusCode::OK,
        &ShortlistPage {
            chrome: Chrome::new(format!("Shortlist of {}", profile.name), "shortlist")
                .acting(Some(profile.id.clone())),
            id: profile.id.clone(),
            name: profile.name,
            listed,
            actions: Actions::new(&profile.id, back),
        },
    )
}
