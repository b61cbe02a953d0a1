//! A profile's main fields as a form — name, kind, countries, sectors, stage or stages, ask or
//! ticket range, description — shared by Try it (a profile described from nothing, stored
//! nowhere) and the editor (a stored profile's fields, the rest of it kept). The form becomes
//! the same JSON profile the API reads, so it is checked by the engine's own validation, and a
//! bad value is blamed on its field ([`FieldError`]) in the engine's words.

use serde_json::{Map, Value, json};
use tandem_engine::profile::ProfileError;
use tandem_engine::{Kind, Profile};

use super::filters::{self, Choice, amount, given};

/// The form's fields, as a browser sends them; `sector` and `stage` may come many times.
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
    /// Stage slugs: a start-up's stage (one), or the stages an investor or partner works with.
    pub stages: Vec<String>,
    /// A start-up's ask, US dollars.
    pub ask: String,
    /// An investor's or partner's smallest ticket.
    pub ticket_min: String,
    /// An investor's or partner's largest ticket.
    pub ticket_max: String,
    /// What it does or looks for.
    pub description: String,
}

impl Described {
    /// The fields of a form body's `(name, value)` pairs; other names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Described {
        let mut d = Described::default();
        for (name, value) in pairs {
            let value = value.clone();
            match name.as_str() {
                "name" => d.name = value,
                "kind" => d.kind = value,
                "country" => d.country = value,
                "sector" => d.sectors.push(value),
                "stage" if !value.trim().is_empty() => d.stages.push(value),
                "ask" => d.ask = value,
                "ticket_min" => d.ticket_min = value,
                "ticket_max" => d.ticket_max = value,
                "description" => d.description = value,
                _ => {}
            }
        }
        d
    }

    /// The fields of a stored profile, as the editor shows them first.
    pub fn of(p: &Profile) -> Described {
        let usd = |u: Option<tandem_engine::profile::Usd>| u.map(|u| u.0.to_string());
        Described {
            name: p.name.clone(),
            kind: p.kind.slug().to_string(),
            country: p
                .countries
                .iter()
                .map(|c| c.alpha2())
                .collect::<Vec<_>>()
                .join(", "),
            sectors: p.sectors.iter().map(|s| s.slug().to_string()).collect(),
            stages: p
                .stage
                .iter()
                .chain(&p.stages)
                .map(|s| s.slug().to_string())
                .collect(),
            ask: usd(p.funding_ask_usd).unwrap_or_default(),
            ticket_min: usd(p.ticket_min_usd).unwrap_or_default(),
            ticket_max: usd(p.ticket_max_usd).unwrap_or_default(),
            description: p.description.clone(),
        }
    }

    /// The first stage chosen, or "" (a start-up's one stage; Try it's one select).
    pub fn stage(&self) -> &str {
        self.stages.first().map_or("", String::as_str)
    }

    /// The profile these fields make of `base`, a profile's JSON object (its other fields
    /// are kept), as the API would read it: `Err` names the form field that is wrong and says
    /// why, in the engine's words.
    pub fn profile_from(&self, mut object: Map<String, Value>) -> Result<Profile, FieldError> {
        let kind = self.kind.trim();
        let mut set = |key: &str, value: Option<Value>| {
            object.remove(key);
            if let Some(value) = value {
                object.insert(key.to_string(), value);
            }
        };
        set("kind", Some(json!(kind)));
        set("name", Some(json!(self.name.trim())));
        set("description", given(&self.description).map(|t| json!(t)));
        let countries: Vec<&str> = self
            .country
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        set(
            "countries",
            (!countries.is_empty()).then(|| json!(countries)),
        );
        set(
            "sectors",
            (!self.sectors.is_empty()).then(|| json!(self.sectors)),
        );
        let stages: Vec<&str> = self.stages.iter().map(|s| s.trim()).collect();
        if kind == "startup" {
            set("stages", None);
            set("stage", given(self.stage()).map(|s| json!(s)));
        } else {
            set("stage", None);
            set("stages", (!stages.is_empty()).then(|| json!(stages)));
        }
        for (field, key, raw) in [
            ("ask", "funding_ask_usd", &self.ask),
            ("ticket_min", "ticket_min_usd", &self.ticket_min),
            ("ticket_max", "ticket_max_usd", &self.ticket_max),
        ] {
            match amount(&format!("field `{key}`"), raw) {
                Ok(usd) => set(key, usd.map(|usd| json!(usd))),
                Err(message) => return Err(FieldError { field, message }),
            }
        }
        Profile::from_json(&Value::Object(object).to_string()).map_err(FieldError::from)
    }
}

/// A wrong form field and the message saying why.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The form field: `name`, `kind`, `country`, `sectors`, `stage`, `ask`, `ticket_min`,
    /// `ticket_max`, `description`, a page's own (Try it's `target`), or `form` when no one
    /// field is to blame.
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

/// The fields' form as a page shows it (`profile_fields.html`): what was typed, the options,
/// and the wrong field.
pub struct FieldForm {
    /// What was typed.
    pub form: Described,
    /// The kind, when it cannot be changed (the editor): its fields alone are shown, and
    /// stages are boxes to tick (an investor's or partner's several).
    pub fixed_kind: Option<Kind>,
    /// The kinds, one chosen.
    pub kinds: Vec<Choice>,
    /// The stages, the chosen ones selected.
    pub stages: Vec<Choice>,
    /// The sectors, the ticked ones selected.
    pub sectors: Vec<Choice>,
    /// The wrong field, if any.
    pub error: Option<FieldError>,
}

impl FieldForm {
    /// The form showing `form`, with `error` marked; `fixed_kind` as for the editor.
    pub fn new(form: Described, fixed_kind: Option<Kind>, error: Option<FieldError>) -> FieldForm {
        let ticked = |mut choices: Vec<Choice>, chosen: &[String]| {
            for choice in &mut choices {
                choice.selected = chosen.iter().any(|s| s == choice.value);
            }
            choices
        };
        let kind = if form.kind.is_empty() {
            "startup"
        } else {
            form.kind.as_str()
        };
        FieldForm {
            kinds: filters::kinds(kind),
            stages: ticked(filters::stages(""), &form.stages),
            sectors: ticked(filters::sectors(""), &form.sectors),
            fixed_kind,
            form,
            error,
        }
    }

    /// Whether the form shows the field meant for `kinds` (e.g. "investor partner"): always
    /// when the kind may be chosen (a script hides what does not apply), else when the fixed
    /// kind is one of them.
    pub fn shows(&self, kinds: &str) -> bool {
        self.fixed_kind
            .is_none_or(|k| kinds.split(' ').any(|s| s == k.slug()))
    }

    /// Whether stages are boxes to tick (an investor or partner being edited) rather than
    /// one choice.
    pub fn several_stages(&self) -> bool {
        self.fixed_kind.is_some_and(|k| k != Kind::Startup)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn startup() -> Described {
        Described {
            name: "Maji Pay".into(),
            kind: "startup".into(),
            country: "KE".into(),
            sectors: vec!["fintech".into()],
            stages: vec!["seed".into()],
            ask: "250k".into(),
            ..Described::default()
        }
    }

    fn new(d: &Described) -> Result<Profile, FieldError> {
        let mut base = Map::new();
        base.insert("id".into(), json!("x"));
        d.profile_from(base)
    }

    #[test]
    fn described_fields_are_the_profile_the_api_would_read() {
        let profile = new(&startup()).unwrap();
        assert_eq!(profile.countries[0].alpha2(), "KE");
        assert_eq!(profile.funding_ask_usd.map(|u| u.0), Some(250_000));
    }

    #[test]
    fn a_bad_value_is_blamed_on_its_field_in_the_engines_words() {
        let narnia = Described {
            country: "KE, Narnia".into(),
            ..startup()
        };
        let error = new(&narnia).unwrap_err();
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
        assert_eq!(new(&bad_ask).unwrap_err().field, "ask");
        let nameless = Described {
            name: " ".into(),
            ..startup()
        };
        assert_eq!(new(&nameless).unwrap_err().field, "name");
        let investor_with_ask = Described {
            kind: "investor".into(),
            ..startup()
        };
        let error = new(&investor_with_ask).unwrap_err();
        assert_eq!(error.field, "ask", "{}", error.message);
    }

    #[test]
    fn an_edit_keeps_the_fields_the_form_does_not_show_and_clears_emptied_ones() {
        let stored = new(&startup()).unwrap();
        let mut object = serde_json::to_value(&stored).unwrap();
        object["website"] = json!("https://maji.example");
        let Value::Object(object) = object else {
            unreachable!()
        };
        let edited = Described {
            name: "Maji Pay Ltd".into(),
            ask: String::new(),
            ..Described::of(&stored)
        };
        let profile = edited.profile_from(object).unwrap();
        assert_eq!(profile.name, "Maji Pay Ltd");
        assert_eq!(profile.website.as_deref(), Some("https://maji.example"));
        assert_eq!(profile.funding_ask_usd, None);
        assert_eq!(Described::of(&profile).stages, vec!["seed".to_string()]);
    }
}
