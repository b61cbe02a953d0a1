//! The profile: one start-up/SME, investor or partner, as stored and as matched.
//!
//! Profiles are read from JSON (one object per line in an import) with every field checked:
//! unknown fields, unknown taxonomy values, bad country codes, negative money, `min > max`
//! and fields that do not belong to the profile's kind are rejected with the field's path,
//! the bad value and what is allowed. Aliases are stored in canonical form and lists are
//! de-duplicated, so a stored profile is always in normal form.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::city::{City, MAX_CITIES};
use crate::geography::{Area, Country, Geography, Place};
use crate::taxonomy::{
    Attribute, Instrument, InvestorType, Kind, PartnerType, Sdg, Sector, Stage, Support,
};

/// A validated profile. Build one with [`Profile::from_json`] or construct it and call
/// [`Profile::normalize`].
///
/// ```
/// use tandem_engine::profile::Profile;
/// let p = Profile::from_json(r#"{"id":"st-1","kind":"startup","name":"ShambaSense",
///     "sectors":["agriculture"],"countries":["ke"],"stage":"seed","funding_ask_usd":500000}"#).unwrap();
/// assert_eq!(p.sectors[0].slug(), "agritech");
/// assert_eq!(p.countries[0].alpha2(), "KE");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Unique id: 1–64 characters from `A–Z a–z 0–9 . _ -`.
    pub id: String,
    /// Which side of the market this profile is on.
    pub kind: Kind,
    /// Display name.
    pub name: String,
    /// Free text: what the organisation does or looks for. Indexed for text relevance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Sectors it works in (start-up) or invests in / supports (investor, partner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// Countries it operates in (start-up) or covers (investor, partner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<Country>,
    /// M49 areas it covers, e.g. `eastern-africa`, `latin-america`, `global`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Area>,
    /// Cities and metro areas it operates in or covers, e.g. `Nairobi`, `SF Bay`: free text,
    /// at most [`MAX_CITIES`], kept as typed and compared by [`City::key`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cities: Vec<City>,
    /// UN Sustainable Development Goals it contributes to or targets (1–17).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<Sdg>,
    /// Attributes (start-up) or lenses (investor, partner), e.g. `women-led`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Instruments it accepts (start-up) or provides (investor, partner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Instrument>,

    /// Start-up only: current stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Start-up only: how much it is raising.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_ask_usd: Option<Usd>,
    /// Start-up only: the support it is looking for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<Support>,
    /// Start-up only: ids of the investors that funded it before (its deal history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backers: Vec<String>,
    /// Start-up only: head count (micro ≤ 10, small ≤ 50, medium ≤ 250).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number"
    )]
    pub employees: Option<u32>,
    /// Start-up only: yearly revenue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_revenue_usd: Option<Usd>,
    /// Year founded.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number"
    )]
    pub founded: Option<u16>,

    /// Investor only: what kind of investor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investor_type: Option<InvestorType>,
    /// Partner only: what kind of partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_type: Option<PartnerType>,
    /// Investor or partner: the stages it works with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// Investor or partner: smallest cheque or grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_min_usd: Option<Usd>,
    /// Investor or partner: largest cheque or grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_max_usd: Option<Usd>,
    /// Investor or partner: the support it provides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offers: Vec<Support>,
    /// Investor or partner: ids of the start-ups it funded or supported (its deal history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub portfolio: Vec<String>,

    /// Optional web address, kept for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A non-negative amount of US dollars, whole dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usd(pub u64);

/// At most this many ids in `backers` or `portfolio`.
pub const MAX_HISTORY: usize = 10_000;

/// Amounts above this are certainly a typo (ten trillion dollars).
pub const MAX_USD: f64 = 1e13;

impl Usd {
    /// The amount as `f64`.
    pub fn as_f64(self) -> f64 {
        self.0 as f64
    }
}

impl fmt::Display for Usd {
    /// Compact money: `$500k`, `$1.5M`, `$2B`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.as_f64();
        let (value, unit) = if v >= 1e9 {
            (v / 1e9, "B")
        } else if v >= 1e6 {
            (v / 1e6, "M")
        } else if v >= 1e3 {
            (v / 1e3, "k")
        } else {
            (v, "")
        };
        let text = format!("{value:.1}");
        write!(f, "${}{unit}", text.trim_end_matches(".0"))
    }
}

impl Serialize for Usd {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Usd {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !v.is_finite() || v < 0.0 {
            return Err(serde::de::Error::custom(format!(
                "invalid amount {v}; expected a non-negative number of US dollars"
            )));
        }
        if v > MAX_USD {
            return Err(serde::de::Error::custom(format!(
                "amount {v} is implausibly large; expected US dollars below 10 trillion"
            )));
        }
        Ok(Usd(v.round() as u64))
    }
}

/// The value of a whole-number field, which JSON may write as `8` or as `8.0`: JSON does not
/// tell the two apart, and neither does JSON Schema's `integer`, which the OpenAPI document
/// promises. A fraction, a negative number or one too large for `T` is rejected.
fn whole_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64> + Bounded,
{
    let Some(v) = Option::<f64>::deserialize(d)? else {
        return Ok(None);
    };
    if v.fract() == 0.0
        && (0.0..=T::MAX as f64).contains(&v)
        && let Ok(n) = T::try_from(v as u64)
    {
        return Ok(Some(n));
    }
    Err(serde::de::Error::custom(format!(
        "invalid value {v}; expected a whole number from 0 to {}",
        T::MAX
    )))
}

/// The largest value of an unsigned integer type, for [`whole_number`].
trait Bounded {
    const MAX: u64;
}

impl Bounded for u16 {
    const MAX: u64 = u16::MAX as u64;
}

impl Bounded for u32 {
    const MAX: u64 = u32::MAX as u64;
}

/// What is wrong with a profile: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if field.is_empty() { String::new() } else { format!("field `{field}`: ") })]
pub struct ProfileError {
    /// Path of the offending field, e.g. `sectors[1]` (empty when the whole object is wrong).
    pub field: String,
    /// What was wrong and what is expected.
    pub message: String,
}

impl ProfileError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ProfileError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl Profile {
    /// An empty profile of a kind, to be filled in by code (e.g. the generator or tests).
    pub fn new(id: impl Into<String>, kind: Kind, name: impl Into<String>) -> Profile {
        Profile {
            id: id.into(),
            kind,
            name: name.into(),
            description: String::new(),
            sectors: Vec::new(),
            countries: Vec::new(),
            regions: Vec::new(),
            cities: Vec::new(),
            sdgs: Vec::new(),
            attributes: Vec::new(),
            instruments: Vec::new(),
            stage: None,
            funding_ask_usd: None,
            needs: Vec::new(),
            backers: Vec::new(),
            employees: None,
            annual_revenue_usd: None,
            founded: None,
            investor_type: None,
            partner_type: None,
            stages: Vec::new(),
            ticket_min_usd: None,
            ticket_max_usd: None,
            offers: Vec::new(),
            portfolio: Vec::new(),
            website: None,
        }
    }

    /// Parses and validates one JSON object.
    pub fn from_json(json: &str) -> Result<Profile, ProfileError> {
        Profile::from_json_unelided(json).map_err(|e| ProfileError {
            field: shorten(&e.field),
            message: elide_quoted(&e.message),
        })
    }

    fn from_json_unelided(json: &str) -> Result<Profile, ProfileError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let mut profile: Profile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            // serde_path_to_error writes `?` for a place it cannot name (e.g. after a value,
            // where a `,` was expected); the column in the message says where that is.
            let path = e.path().to_string();
            let field = match path.trim_end_matches('?').trim_end_matches('.') {
                "" | "." => String::new(),
                named => named.to_string(),
            };
            ProfileError::new(field, strip_position(&e.into_inner()))
        })?;
        de.end()
            .map_err(|e| ProfileError::new("", strip_position(&e)))?;
        profile.normalize()?;
        Ok(profile)
    }

    /// Serialises to one line of JSON (the stored form).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("profiles always serialise")
    }

    /// Checks the rules serde cannot express and puts lists in canonical order without
    /// duplicates. Idempotent.
    pub fn normalize(&mut self) -> Result<(), ProfileError> {
        check_id(&self.id)?;
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(ProfileError::new("name", "must not be empty"));
        }
        check_len("name", &self.name, 200)?;
        check_len("description", &self.description, 10_000)?;
        self.check_kind_fields()?;
        if let (Some(min), Some(max)) = (self.ticket_min_usd, self.ticket_max_usd)
            && min > max
        {
            return Err(ProfileError::new(
                "ticket_min_usd",
                format!("{min} is above ticket_max_usd {max}; expected min ≤ max"),
            ));
        }
        if let Some(year) = self.founded
            && !(1800..=2100).contains(&year)
        {
            return Err(ProfileError::new(
                "founded",
                format!("{year} is not a plausible year; expected 1800–2100"),
            ));
        }
        if let Some(site) = &self.website {
            check_len("website", site, 500)?;
        }
        sort_dedup(&mut self.sectors);
        sort_dedup(&mut self.countries);
        sort_dedup(&mut self.regions);
        if self.cities.len() > MAX_CITIES {
            return Err(ProfileError::new(
                "cities",
                format!(
                    "lists {} cities and metro areas; at most {MAX_CITIES} are allowed",
                    self.cities.len()
                ),
            ));
        }
        // One entry per key: "São Paulo" and "Sao Paulo" are one city.
        self.cities.sort();
        self.cities.dedup_by(|a, b| a.key() == b.key());
        sort_dedup(&mut self.sdgs);
        sort_dedup(&mut self.attributes);
        sort_dedup(&mut self.instruments);
        sort_dedup(&mut self.needs);
        sort_dedup(&mut self.stages);
        sort_dedup(&mut self.offers);
        for (field, ids) in [
            ("backers", &mut self.backers),
            ("portfolio", &mut self.portfolio),
        ] {
            if ids.len() > MAX_HISTORY {
                return Err(ProfileError::new(
                    field,
                    format!("lists {} ids; at most {MAX_HISTORY} are allowed", ids.len()),
                ));
            }
            for (i, id) in ids.iter().enumerate() {
                check_id(id).map_err(|e| ProfileError::new(format!("{field}[{i}]"), e.message))?;
            }
            sort_dedup(ids);
        }
        Ok(())
    }

    /// Rejects fields that belong to another kind, saying where the value should go.
    fn check_kind_fields(&self) -> Result<(), ProfileError> {
        let wrong = |field: &str, hint: &str| {
            Err(ProfileError::new(
                field,
                format!("is not used for a {} profile; {hint}", self.kind.slug()),
            ))
        };
        match self.kind {
            Kind::Startup => {
                if self.investor_type.is_some() {
                    return wrong("investor_type", "only investors have it");
                }
                if self.partner_type.is_some() {
                    return wrong("partner_type", "only partners have it");
                }
                if !self.stages.is_empty() {
                    return wrong("stages", "a start-up gives its current `stage`");
                }
                if self.ticket_min_usd.is_some() || self.ticket_max_usd.is_some() {
                    let field = if self.ticket_min_usd.is_some() {
                        "ticket_min_usd"
                    } else {
                        "ticket_max_usd"
                    };
                    return wrong(
                        field,
                        "a start-up gives the amount it raises in `funding_ask_usd`",
                    );
                }
                if !self.offers.is_empty() {
                    return wrong("offers", "a start-up lists what it looks for in `needs`");
                }
                if !self.portfolio.is_empty() {
                    return wrong("portfolio", "a start-up lists its investors in `backers`");
                }
            }
            Kind::Investor | Kind::Partner => {
                if self.stage.is_some() {
                    return wrong("stage", "list the stages it works with in `stages`");
                }
                if self.funding_ask_usd.is_some() {
                    return wrong(
                        "funding_ask_usd",
                        "give cheque sizes in `ticket_min_usd`/`ticket_max_usd`",
                    );
                }
                if !self.needs.is_empty() {
                    return wrong("needs", "list what it provides in `offers`");
                }
                if !self.backers.is_empty() {
                    return wrong("backers", "list the start-ups it funded in `portfolio`");
                }
                if self.employees.is_some() || self.annual_revenue_usd.is_some() {
                    let field = if self.employees.is_some() {
                        "employees"
                    } else {
                        "annual_revenue_usd"
                    };
                    return wrong(
                        field,
                        "company size is recorded for start-ups and SMEs only",
                    );
                }
                if self.kind == Kind::Investor && self.partner_type.is_some() {
                    return wrong("partner_type", "use `investor_type` for investors");
                }
                if self.kind == Kind::Partner && self.investor_type.is_some() {
                    return wrong("investor_type", "use `partner_type` for partners");
                }
            }
        }
        Ok(())
    }

    /// Where this profile is for matching: its places and its cities, placed (see
    /// [`Geography::resolve`]).
    pub fn geography(&self) -> Geography {
        Geography::resolve(&self.countries, &self.regions, &self.cities)
    }

    /// The countries and areas this profile names, as given (its cities aside).
    pub fn places(&self) -> Vec<Place> {
        self.countries
            .iter()
            .map(|c| Place::Country(*c))
            .chain(self.regions.iter().map(|a| Place::Area(*a)))
            .collect()
    }

    /// The stages this profile is at (start-up) or works with (investor, partner).
    pub fn stage_set(&self) -> Vec<Stage> {
        match self.stage {
            Some(s) => vec![s],
            None => self.stages.clone(),
        }
    }

    /// The money range this profile brings to a match, in USD: a start-up's ask as a point,
    /// an investor's ticket as an interval (an open end when one bound is missing).
    /// `None` when no amount is known.
    pub fn money_range(&self) -> Option<(f64, f64)> {
        if let Some(ask) = self.funding_ask_usd {
            return Some((ask.as_f64(), ask.as_f64()));
        }
        match (self.ticket_min_usd, self.ticket_max_usd) {
            (None, None) => None,
            (min, max) => Some((
                min.map_or(0.0, Usd::as_f64),
                max.map_or(f64::INFINITY, Usd::as_f64),
            )),
        }
    }

    /// Size class by head count, following the usual SME definitions.
    pub fn size_class(&self) -> Option<&'static str> {
        self.employees.map(|n| match n {
            0..=10 => "micro",
            11..=50 => "small",
            51..=250 => "medium",
            _ => "large",
        })
    }

    /// The words that describe this profile for text relevance: name, description, and the
    /// labels of its sectors, support, type and attributes.
    pub fn text(&self) -> String {
        let mut text = format!("{}\n{}", self.name, self.description);
        let mut add = |label: &str| {
            text.push(' ');
            text.push_str(label);
        };
        self.sectors.iter().for_each(|s| add(s.label()));
        self.needs
            .iter()
            .chain(&self.offers)
            .for_each(|s| add(s.label()));
        self.attributes.iter().for_each(|a| add(a.label()));
        if let Some(t) = self.partner_type {
            add(t.label());
        }
        if let Some(t) = self.investor_type {
            add(t.label());
        }
        text
    }
}

/// Checks a profile id: 1–64 characters from `A–Z a–z 0–9 . _ -` (the error names the field
/// `id`).
pub fn check_id(id: &str) -> Result<(), ProfileError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if id.is_empty() || id.len() > 64 || !id.chars().all(ok_char) {
        return Err(ProfileError::new(
            "id",
            format!(
                "`{id}` is not a valid id; expected 1–64 characters from A–Z, a–z, 0–9, '.', '_' and '-'"
            ),
        ));
    }
    Ok(())
}

fn check_len(field: &str, value: &str, max: usize) -> Result<(), ProfileError> {
    let n = value.chars().count();
    if n > max {
        return Err(ProfileError::new(
            field,
            format!("is {n} characters long; at most {max} are allowed"),
        ));
    }
    Ok(())
}

fn sort_dedup<T: Ord>(values: &mut Vec<T>) {
    values.sort();
    values.dedup();
}

/// serde_json appends " at line L column C"; for one-line records the column is the useful
/// part, and the line is the import's business. Syntax errors that do not say what was
/// expected get a hint that does.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let hint = match message {
        "number out of range" => {
            "; expected a number a 64-bit float can hold (below about 1.8e308)"
        }
        "invalid number" => {
            "; expected a JSON number such as 1500000 (NaN and Infinity are not JSON)"
        }
        "recursion limit exceeded" => {
            "; expected at most 128 nested arrays or objects (a profile needs two)"
        }
        _ if e.is_eof() => "; expected the rest of the object: a profile is one whole line",
        _ if !message.contains("expected") => "; expected one JSON object per line",
        _ => "",
    };
    if e.is_syntax() || e.is_eof() {
        format!("invalid JSON at column {}: {message}{hint}", e.column())
    } else {
        message.to_string()
    }
}

/// Values quoted in an error longer than this many characters are shortened.
pub(crate) const MAX_QUOTED: usize = 80;

/// A value as it may be quoted in an error: whole, or its start and its length.
pub(crate) fn shorten(value: &str) -> String {
    let length = value.chars().count();
    if length <= MAX_QUOTED {
        return value.to_string();
    }
    let start: String = value.chars().take(MAX_QUOTED / 2).collect();
    format!("{start}… ({length} characters)")
}

/// Shortens long quoted values (between backticks or double quotes) in an error message:
/// serde and the vocabularies quote the value they reject, and a 10 MB value quoted whole
/// would bury the line number and what was expected.
pub(crate) fn elide_quoted(message: &str) -> String {
    if message.chars().count() <= MAX_QUOTED {
        return message.to_string();
    }
    let mut out = String::with_capacity(MAX_QUOTED * 4);
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().expect("found a quote");
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        let quoted = &after[..close];
        out.push_str(&rest[..=open]);
        out.push_str(&shorten(quoted));
        out.push(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> ProfileError {
        Profile::from_json(json).unwrap_err()
    }

    #[test]
    fn parses_the_design_examples() {
        let st = Profile::from_json(
            r#"{"id":"st-0001","kind":"startup","name":"ShambaSense",
            "description":"Low-cost soil sensors and SMS advice for smallholder farmers.",
            "sectors":["agritech","iot"],"countries":["KE","UG"],"sdgs":[2,13],
            "stage":"seed","funding_ask_usd":500000,"instruments":["equity","grant"],
            "needs":["funding","pilot","distribution"],"employees":8,"annual_revenue_usd":120000,
            "founded":2022,"attributes":["women-led"]}"#,
        )
        .unwrap();
        assert_eq!(st.size_class(), Some("micro"));
        assert_eq!(st.money_range(), Some((500_000.0, 500_000.0)));
        let inv = Profile::from_json(
            r#"{"id":"inv-0042","kind":"investor","name":"Savannah Seed Fund",
            "description":"Pre-seed and seed cheques for climate and agriculture technology.",
            "sectors":["agritech","climate-energy"],"regions":["eastern-africa"],"sdgs":[2,7,13],
            "stages":["pre-seed","seed"],"ticket_min_usd":50000,"ticket_max_usd":750000,
            "instruments":["equity","convertible"],"offers":["funding","mentoring"]}"#,
        )
        .unwrap();
        assert_eq!(inv.money_range(), Some((50_000.0, 750_000.0)));
        assert_eq!(inv.places(), vec![Place::Area(Area::EasternAfrica)]);
    }

    #[test]
    fn errors_name_the_field_and_what_is_expected() {
        let e = err(r#"{"id":"a","kind":"startup","name":"A","sectors":["agritech","agri"]}"#);
        assert_eq!(e.field, "sectors[1]");
        assert!(e.message.contains("did you mean `agritech`"), "{e}");

        let e = err(r#"{"id":"a","kind":"startup","name":"A","colour":"red"}"#);
        assert!(e.message.contains("unknown field `colour`"), "{e}");

        let e = err(r#"{"id":"a","kind":"startup","name":"A","countries":["XX"]}"#);
        assert_eq!(e.field, "countries[0]");

        let e = err(r#"{"id":"a","kind":"startup","name":"A","funding_ask_usd":-5}"#);
        assert_eq!(e.field, "funding_ask_usd");
        assert!(e.message.contains("non-negative"), "{e}");

        let e = err(
            r#"{"id":"a","kind":"investor","name":"A","ticket_min_usd":10,"ticket_max_usd":5}"#,
        );
        assert_eq!(e.field, "ticket_min_usd");

        let e = err(r#"{"id":"a","kind":"investor","name":"A","stage":"seed"}"#);
        assert_eq!(e.field, "stage");
        assert!(e.message.contains("`stages`"), "{e}");

        let e = err(r#"{"id":"bad id","kind":"startup","name":"A"}"#);
        assert_eq!(e.field, "id");

        let e = err(r#"{"id":"a","kind":"startup","name":"A""#);
        assert!(e.message.contains("invalid JSON at column"), "{e}");

        let e = err(r#"{"id":"a","kind":"startup","name":"A","employees":2.5}"#);
        assert_eq!(e.field, "employees");
        assert!(e.message.contains("expected a whole number"), "{e}");
        let e = err(r#"{"id":"a","kind":"startup","name":"A","employees":4294967296}"#);
        assert_eq!(e.field, "employees");

        let e = err(r#"{"id":"a","kind":"robot","name":"A"}"#);
        assert_eq!(e.field, "kind");

        let e = err(r#"{"id":"a","kind":"startup"}"#);
        assert!(e.message.contains("missing field `name`"), "{e}");
    }

    #[test]
    fn cities_are_checked_deduplicated_by_key_and_sorted() {
        let p = Profile::from_json(
            r#"{"id":"a","kind":"startup","name":"A",
            "cities":["São Paulo"," Nairobi ","sao  paulo","SF Bay","nairobi"]}"#,
        )
        .unwrap();
        let names: Vec<&str> = p.cities.iter().map(City::name).collect();
        assert_eq!(names, ["Nairobi", "São Paulo", "SF Bay"]);
        assert_eq!(Profile::from_json(&p.to_json()).unwrap(), p);
        let mut shuffled = p.clone();
        shuffled.cities.reverse();
        shuffled.normalize().unwrap();
        assert_eq!(shuffled, p);

        let e = err(r#"{"id":"a","kind":"startup","name":"A","cities":["Nairobi","42"]}"#);
        assert_eq!(e.field, "cities[1]");
        assert!(e.message.contains("no letter"), "{e}");
        let e = err(r#"{"id":"a","kind":"startup","name":"A","cities":["Nai\u0000robi"]}"#);
        assert_eq!(e.field, "cities[0]");
        assert!(e.message.contains("control character"), "{e}");
        let long = "x".repeat(61);
        let e = err(&format!(
            r#"{{"id":"a","kind":"startup","name":"A","cities":["{long}"]}}"#
        ));
        assert_eq!(e.field, "cities[0]");
        let nine: Vec<String> = (0..9).map(|i| format!("\"Town {i}x\"")).collect();
        let e = err(&format!(
            r#"{{"id":"a","kind":"investor","name":"A","cities":[{}]}}"#,
            nine.join(",")
        ));
        assert_eq!(e.field, "cities");
        assert!(e.message.contains("at most 8"), "{e}");
    }

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        let p = Profile::from_json(
            r#"{"id":"a","kind":"startup","name":"A","employees":8.0,"founded":2.02e3,"sdgs":[13.0]}"#,
        )
        .unwrap();
        assert_eq!((p.employees, p.founded), (Some(8), Some(2020)));
        assert_eq!(p.sdgs[0].number(), 13);
        assert_eq!(
            p.to_json(),
            r#"{"id":"a","kind":"startup","name":"A","sdgs":[13],"employees":8,"founded":2020}"#
        );
        let p = Profile::from_json(r#"{"id":"a","kind":"startup","name":"A","employees":null}"#);
        assert_eq!(p.unwrap().employees, None);
    }

    #[test]
    fn normal_form_is_canonical_and_round_trips() {
        let p = Profile::from_json(
            r#"{"id":"a","kind":"startup","name":" A ","sectors":["iot","cleantech","climate-energy"]}"#,
        )
        .unwrap();
        assert_eq!(p.name, "A");
        assert_eq!(p.sectors, vec![Sector::Iot, Sector::ClimateEnergy]);
        let back = Profile::from_json(&p.to_json()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn long_rejected_values_are_quoted_shortened() {
        let long = "x".repeat(5_000_000);
        let e = err(&format!(
            r#"{{"id":"a","kind":"startup","name":"A","sectors":["{long}"]}}"#
        ));
        assert_eq!(e.field, "sectors[0]");
        assert!(e.message.len() < 1_000, "{}", &e.message[..200]);
        assert!(e.message.contains("(5000000 characters)`"), "{e}");
        assert!(e.message.contains("expected one of: ai,"), "{e}");
        let e = err(&format!(
            r#"{{"id":"a","kind":"startup","name":"A","{long}":1}}"#
        ));
        assert!(e.message.starts_with("unknown field `xxx"), "{e}");
        assert!(e.message.len() < 1_000, "{}", &e.message[..200]);
        assert_eq!(elide_quoted("short `kept` as is"), "short `kept` as is");
    }

    #[test]
    fn money_is_written_compactly() {
        assert_eq!(Usd(500_000).to_string(), "$500k");
        assert_eq!(Usd(1_500_000).to_string(), "$1.5M");
        assert_eq!(Usd(750).to_string(), "$750");
        assert_eq!(Usd(2_000_000_000).to_string(), "$2B");
    }
}
