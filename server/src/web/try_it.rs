//! Try it (`/try`): describe a start-up/SME, investor or partner in a form and see its
//! matches at once, stored nowhere — the API's ad-hoc match (`POST /v1/match`). The form
//! becomes the same JSON profile the API reads, so it is checked by the engine's own
//! validation, and a bad value is shown next to its field in the engine's words.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};
use tandem_engine::Profile;
use tandem_engine::profile::ProfileError;

use super::filters::{self, Choice, MatchForm, amount, given};
use super::page::{self, Chrome};
use super::view::{MatchList, kind_plural};
use crate::http::{AppState, blocking};

/// The id the described profile gets: it is never stored, so it need not be unique.
const TRY_ID: &str = "try-it";

/// The form's fields, as a browser sends them; `sector` may come many times.
#[derive(Debug, Default, Clone)]
pub struct Described {
    /// Name.
    pub name: String,
    /// Kind slug.
    pub kind: String,
    /// Countries, comma-separated codes or names.
    pub country: String,
    /// Sector slugs (ticked boxes).
    pub sectors: Vec<String>,
    /// Stage slug: a start-up's stage, or the stage an investor or partner works with.
    pub stage: String,
    /// A start-up's ask, US dollars.
    pub ask: String,
    /// An investor's or partner's smallest ticket.
    pub ticket_min: String,
    /// An investor's or partner's largest ticket.
    pub ticket_max: String,
    /// What it does or looks for.
    pub description: String,
    /// Which kind of matches to show (empty: the natural counterparts).
    pub target: String,
}

impl Described {
    /// The fields of a form body's `(name, value)` pairs; unknown names are ignored.
    fn from_pairs(pairs: Vec<(String, String)>) -> Described {
        let mut d = Described::default();
        for (name, value) in pairs {
            match name.as_str() {
                "name" => d.name = value,
                "kind" => d.kind = value,
                "country" => d.country = value,
                "sector" => d.sectors.push(value),
                "stage" => d.stage = value,
                "ask" => d.ask = value,
                "ticket_min" => d.ticket_min = value,
                "ticket_max" => d.ticket_max = value,
                "description" => d.description = value,
                "target" => d.target = value,
                _ => {}
            }
        }
        d
    }

    /// The profile described, as the API would read it from JSON: `Err` names the form
    /// field that is wrong and says why, in the engine's words.
    pub fn profile(&self) -> Result<Profile, FieldError> {
        let mut object = Map::new();
        object.insert("id".into(), json!(TRY_ID));
        object.insert("kind".into(), json!(self.kind.trim()));
        object.insert("name".into(), json!(self.name.trim()));
        if let Some(text) = given(&self.description) {
            object.insert("description".into(), json!(text));
        }
        let countries: Vec<&str> = self
            .country
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if !countries.is_empty() {
            object.insert("countries".into(), json!(countries));
        }
        if !self.sectors.is_empty() {
            object.insert("sectors".into(), json!(self.sectors));
        }
        let startup = self.kind.trim() == "startup";
        if let Some(stage) = given(&self.stage) {
            if startup {
                object.insert("stage".into(), json!(stage));
            } else {
                object.insert("stages".into(), json!([stage]));
            }
        }
        for (field, key, raw) in [
            ("ask", "funding_ask_usd", &self.ask),
            ("ticket_min", "ticket_min_usd", &self.ticket_min),
            ("ticket_max", "ticket_max_usd", &self.ticket_max),
        ] {
            match amount(&format!("field `{key}`"), raw) {
                Ok(Some(usd)) => {
                    object.insert(key.into(), json!(usd));
                }
                Ok(None) => {}
                Err(message) => {
                    return Err(FieldError { field, message });
                }
            }
        }
        Profile::from_json(&Value::Object(object).to_string()).map_err(FieldError::from)
    }
}

/// A wrong form field and the message saying why.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The form field: `name`, `kind`, `country`, `sectors`, `stage`, `ask`, `ticket_min`,
    /// `ticket_max`, `description`, or `form` when no one field is to blame.
    pub field: &'static str,
    /// What is wrong, as the API says it.
    pub message: String,
}

impl From<ProfileError> for FieldError {
    /// The form field a profile error's path points at; the message is the error's whole
    /// text, as the API's detail quotes it.
    fn from(e: ProfileError) -> FieldError {
        let root = e.field.split(['[', '.']).next().unwrap_or_default();
        let field = match root {
            "name" => "name",
            "kind" => "kind",
            "countries" => "country",
            "sectors" => "sectors",
            "stage" | "stages" => "stage",
            "funding_ask_usd" => "ask",
            "ticket_min_usd" => "ticket_min",
            "ticket_max_usd" => "ticket_max",
            "description" => "description",
            _ => "form",
        };
        FieldError {
            field,
            message: e.to_string(),
        }
    }
}

/// The Try-it page: the form, and the matches once it is sent.
#[derive(Template)]
#[template(path = "try.html")]
pub struct TryPage {
    /// The layout.
    pub chrome: Chrome,
    /// What was typed.
    pub form: Described,
    /// The kinds, one chosen.
    pub kinds: Vec<Choice>,
    /// The kinds of matches, one chosen or none (the natural counterparts).
    pub targets: Vec<Choice>,
    /// The stages, one chosen or none.
    pub stages: Vec<Choice>,
    /// The sectors, with the ticked ones selected.
    pub sectors: Vec<Choice>,
    /// The wrong field, if any.
    pub error: Option<FieldError>,
    /// The matches, once a valid form is sent.
    pub matches: Option<MatchList>,
    /// The kinds matched, plural, in words.
    pub showing: &'static str,
}

impl TryPage {
    fn new(form: Described, error: Option<FieldError>, matches: Option<MatchList>) -> TryPage {
        let mut sectors = filters::sectors("");
        for choice in &mut sectors {
            choice.selected = form.sectors.iter().any(|s| s == choice.value);
        }
        let kind = if form.kind.is_empty() {
            "startup"
        } else {
            form.kind.as_str()
        };
        TryPage {
            chrome: Chrome::new("Try it: find matches without signing up", "try"),
            kinds: filters::kinds(kind),
            targets: filters::kinds(&form.target),
            stages: filters::stages(&form.stage),
            sectors,
            showing: "",
            form,
            error,
            matches,
        }
    }

    /// The HTML id of the wrong field's control, for the link from the message at the top.
    pub fn error_anchor(&self) -> &'static str {
        match self.error.as_ref().map(|e| e.field) {
            Some("name") => "t-name",
            Some("kind") => "t-kind",
            Some("country") => "t-country",
            Some("sectors") => "t-sectors",
            Some("stage") => "t-stage",
            Some("ask") => "t-ask",
            Some("ticket_min") => "t-min",
            Some("ticket_max") => "t-max",
            Some("description") => "t-description",
            Some("target") => "t-target",
            _ => "main",
        }
    }

    /// The error message of form field `field`, if it is the wrong one (for the template).
    pub fn error_of(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// `GET /try`: the empty form.
pub async fn form() -> Response {
    page::render(
        StatusCode::OK,
        &TryPage::new(Described::default(), None, None),
    )
}

/// `POST /try` (form-encoded): the described profile's matches, or the form again with the
/// wrong field marked (422, as the API answers an invalid profile). Nothing is stored.
pub async fn submit(
    State(state): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let described = Described::from_pairs(pairs);
    let query = match described.profile() {
        Ok(query) => query,
        Err(error) => {
            return page::render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &TryPage::new(described, Some(error), None),
            );
        }
    };
    let target = MatchForm {
        kind: described.target.clone(),
        ..MatchForm::default()
    };
    let request = match target.request() {
        Ok(request) => request,
        Err(problem) => {
            let error = FieldError {
                field: "target",
                message: problem.detail,
            };
            return page::render(
                StatusCode::BAD_REQUEST,
                &TryPage::new(described, Some(error), None),
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
                .or_else(|| tandem_engine::Kind::parse(described.target.trim()).ok())
                .unwrap_or_else(|| tandem_engine::rank::default_targets(asker)[0]);
            let mut page = TryPage::new(described, None, Some(MatchList::new(&ranked)));
            page.showing = kind_plural(kind);
            page::render(StatusCode::OK, &page)
        }
        Err(problem) => page::problem(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn startup() -> Described {
        Described {
            name: "Maji Pay".into(),
            kind: "startup".into(),
            country: "KE".into(),
            sectors: vec!["fintech".into()],
            stage: "seed".into(),
            ask: "250k".into(),
            ..Described::default()
        }
    }

    #[test]
    fn a_described_startup_is_the_profile_the_api_would_read() {
        let profile = startup().profile().unwrap();
        assert_eq!(profile.countries[0].alpha2(), "KE");
        assert_eq!(profile.funding_ask_usd.map(|u| u.0), Some(250_000));
    }

    #[test]
    fn a_bad_value_is_blamed_on_its_field_in_the_engines_words() {
        let narnia = Described {
            country: "KE, Narnia".into(),
            ..startup()
        };
        let error = narnia.profile().unwrap_err();
        assert_eq!(error.field, "country");
        assert!(
            error
                .message
                .starts_with("field `countries[1]`: unknown country `Narnia`"),
            "{}",
            error.message
        );
        let bad_ask = Described {
            ask: "plenty".into(),
            ..startup()
        };
        assert_eq!(bad_ask.profile().unwrap_err().field, "ask");
        let nameless = Described {
            name: " ".into(),
            ..startup()
        };
        assert_eq!(nameless.profile().unwrap_err().field, "name");
        let investor_with_ask = Described {
            kind: "investor".into(),
            ..startup()
        };
        let error = investor_with_ask.profile().unwrap_err();
        assert_eq!(error.field, "ask", "{}", error.message);
    }
}
