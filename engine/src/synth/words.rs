//! Text helpers shared by every generator: taxonomy values in words, template filling,
//! capitalisation, "a, b and c" lists and websites.

use rand::Rng;

use super::R;
use super::random::chance;
use crate::geography::Country;
use crate::taxonomy::{Attribute, Instrument, Stage, Support};

/// A stage inside a sentence ("seed to Series B").
fn stage_word(stage: Stage) -> &'static str {
    match stage {
        Stage::Idea => "idea-stage",
        Stage::PreSeed => "pre-seed",
        Stage::Seed => "seed",
        Stage::SeriesA => "Series A",
        Stage::SeriesB => "Series B",
        Stage::Growth => "growth-stage",
    }
}

/// A contiguous run of stages in words: "seed", "pre-seed and seed", "seed to Series B".
pub(super) fn stages_phrase(stages: &[Stage]) -> String {
    match stages {
        [] => "all-stage".to_string(),
        [only] => stage_word(*only).to_string(),
        [a, b] => format!("{} and {}", stage_word(*a), stage_word(*b)),
        [first, .., last] => format!("{} to {}", stage_word(*first), stage_word(*last)),
    }
}

/// Support as offered in a sentence.
pub(super) fn support_phrase(support: Support) -> &'static str {
    match support {
        Support::Funding => "funding",
        Support::Mentoring => "hands-on mentoring",
        Support::Pilot => "pilot projects",
        Support::MarketAccess => "access to customers",
        Support::Distribution => "distribution channels",
        Support::TechnicalAssistance => "technical assistance",
        Support::Talent => "help with key hires",
        Support::Networking => "introductions to investors and partners",
        Support::Training => "training",
        Support::Workspace => "workspace",
        Support::Research => "joint research",
        Support::Regulatory => "regulatory guidance",
    }
}

/// An instrument as provided in a sentence.
pub(super) fn instrument_phrase(instrument: Instrument) -> &'static str {
    match instrument {
        Instrument::Grant => "grants",
        Instrument::Equity => "equity",
        Instrument::Convertible => "convertible notes",
        Instrument::Debt => "loans",
        Instrument::RevenueBased => "revenue-based financing",
    }
}

/// An attribute as an investor's or partner's lens.
pub(super) fn lens_phrase(attribute: Attribute) -> &'static str {
    match attribute {
        Attribute::WomenLed => "women-led teams",
        Attribute::YouthLed => "young founders",
        Attribute::MinorityLed => "under-represented founders",
        Attribute::RefugeeLed => "refugee entrepreneurs",
        Attribute::Rural => "rural businesses",
        Attribute::SocialEnterprise => "social enterprises",
        Attribute::ClimatePositive => "climate-positive businesses",
        Attribute::UniversitySpinout => "university spin-outs",
    }
}

/// Replaces every `{key}` in the template with its value.
pub(super) fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 96);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("placeholders are closed");
        let key = &rest[open + 1..close];
        let value = vars
            .iter()
            .find(|(k, _)| *k == key)
            .unwrap_or_else(|| panic!("template variable `{key}` is not set"))
            .1;
        out.push_str(&rest[..open]);
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The text with its first letter in upper case.
pub(super) fn capitalize(mut text: String) -> String {
    if let Some(first) = text.chars().next()
        && first.is_lowercase()
    {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    text
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// A website for ASCII names, with the chance given: `https://shambasense.co`.
pub(super) fn website(rng: &mut R, name: &str, country: Country, share: f64) -> Option<String> {
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !chance(rng, share) || !name.is_ascii() || slug.is_empty() || slug.len() > 30 {
        return None;
    }
    let tld = match rng.random_range(0..20) {
        0..=7 => "com".to_string(),
        8..=10 => "io".to_string(),
        11 | 12 => "co".to_string(),
        _ if country.alpha2() == "GB" => "co.uk".to_string(),
        _ => country.alpha2().to_ascii_lowercase(),
    };
    Some(format!("https://{slug}.{tld}"))
}
