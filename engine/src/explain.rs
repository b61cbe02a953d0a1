//! One-line human reasons for each score component ("ticket: ask $500k inside $50k–$750k").
//!
//! The numbers come from the ranking; this module only puts into words what the two profiles
//! share or where they differ, so a person can check a score at a glance.

use std::fmt::Display;

use crate::geography::{GeoMatch, Geography, Locality, Place};
use crate::profile::Profile;
use crate::taxonomy::Kind;
use crate::weights::Component;

/// At most this many items are listed in a reason.
const MAX_LISTED: usize = 4;

/// At most this many deal partners are named as network evidence.
pub const MAX_EVIDENCE: usize = 3;

/// What the ranking found about a candidate beyond both profiles: the words the texts
/// share (from the BM25 step) and the candidate's deal partners that resemble the asking
/// profile, with their weights (from [`crate::network::NetworkQuery::evidence`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    /// Analysed words of the query's text the candidate's text contains, in query order.
    pub shared_words: &'a [&'a str],
    /// The candidate's deal partners that share deals with the asking profile, best first.
    pub co_investors: &'a [(&'a str, f32)],
    /// The candidate's 1-based place in the network ranking, when fused with it.
    pub network_place: Option<usize>,
}

/// Puts one asking profile's fits into words, candidate after candidate.
pub struct Explainer<'a> {
    query: &'a Profile,
}

impl<'a> Explainer<'a> {
    /// Prepares the reasons for `query` as the asking side.
    pub fn new(query: &'a Profile) -> Explainer<'a> {
        Explainer { query }
    }

    /// The reason for one component's fit between the asking profile and a candidate;
    /// text and network reasons name the `evidence`.
    pub fn reason(
        &self,
        component: Component,
        fit: Option<f32>,
        candidate: &Profile,
        evidence: &Evidence,
    ) -> String {
        let query = self.query;
        match component {
            Component::Text => text(fit, evidence.shared_words),
            Component::Network => network(fit, query, candidate, evidence),
            Component::Sector => shared("sector", &query.sectors, &candidate.sectors, candidate),
            Component::Sdg => shared("SDG", &query.sdgs, &candidate.sdgs, candidate),
            Component::Instrument => shared(
                "instrument",
                &query.instruments,
                &candidate.instruments,
                candidate,
            ),
            Component::Geography => geography(query, candidate),
            Component::Stage => stage(query, candidate),
            Component::Ticket => ticket(query, candidate),
            Component::Support => support(query, candidate),
            Component::Attribute => attribute(fit, query, candidate),
        }
    }
}

fn list<T: Display>(items: &[T]) -> String {
    let mut out: Vec<String> = items
        .iter()
        .take(MAX_LISTED)
        .map(|i| i.to_string())
        .collect();
    if items.len() > MAX_LISTED {
        out.push(format!("+{} more", items.len() - MAX_LISTED));
    }
    out.join(", ")
}

/// Who lacks the data when a component is unknown.
fn unknown(what: &str, query_has: bool, candidate: &Profile) -> String {
    if query_has {
        format!("unknown: {} gives no {what}", candidate.name)
    } else {
        format!("unknown: the asking profile gives no {what}")
    }
}

fn text(fit: Option<f32>, shared_words: &[&str]) -> String {
    match fit {
        Some(f) if f > 0.0 && !shared_words.is_empty() => {
            format!("shares the words {}", list(shared_words))
        }
        _ => "no words in common".to_string(),
    }
}

fn network(fit: Option<f32>, query: &Profile, candidate: &Profile, evidence: &Evidence) -> String {
    let co_investors = evidence.co_investors;
    if fit.is_none() {
        let query_has = !crate::network::history(query).is_empty();
        return unknown("deal history", query_has, candidate);
    }
    if co_investors.is_empty() {
        return if crate::network::history(candidate).is_empty() {
            format!("no deal history of {} to compare", candidate.name)
        } else {
            "no deal partner in common".to_string()
        };
    }
    let named: Vec<String> = co_investors
        .iter()
        .map(|(id, w)| {
            if *id == query.id {
                format!("{id} (yourself)")
            } else {
                format!("{id} ({w:.2})")
            }
        })
        .collect();
    let who = match candidate.kind {
        Kind::Startup => "backed by investors like you",
        Kind::Investor | Kind::Partner => "did deals with companies like you",
    };
    match evidence.network_place {
        Some(place) => format!("#{place} by deal network, {who}: {}", named.join(", ")),
        None => format!("{who}: {}", named.join(", ")),
    }
}

fn shared<T: PartialEq + Display>(
    what: &str,
    mine: &[T],
    theirs: &[T],
    candidate: &Profile,
) -> String {
    if mine.is_empty() || theirs.is_empty() {
        return unknown(&format!("{what}s"), !mine.is_empty(), candidate);
    }
    let common: Vec<&T> = mine.iter().filter(|m| theirs.contains(m)).collect();
    if common.is_empty() {
        format!("no {what} in common ({} vs {})", list(mine), list(theirs))
    } else {
        format!("both {}", list(&common))
    }
}

/// A place or a city of one side, as the geography reason names it.
#[derive(Clone, Copy)]
enum Spot<'a> {
    Place(Place),
    City(&'a Locality),
}

impl Display for Spot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spot::Place(p) => write!(f, "{p}"),
            Spot::City(l) => write!(f, "{}", l.city),
        }
    }
}

impl Spot<'_> {
    fn closeness(self, other: Spot) -> GeoMatch {
        match (self, other) {
            (Spot::Place(a), Spot::Place(b)) => a.closeness(b),
            (Spot::City(c), Spot::Place(p)) | (Spot::Place(p), Spot::City(c)) => {
                c.spot.closeness_to_place(p)
            }
            (Spot::City(a), Spot::City(b)) => a.spot.closeness(b.spot),
        }
    }

    /// Whether `other` lies within this spot (a city contains nothing but itself).
    fn contains(self, other: Spot) -> bool {
        match (self, other) {
            (Spot::Place(a), Spot::Place(b)) => a.contains(b),
            (Spot::Place(a), Spot::City(c)) => c.spot.within.is_some_and(|w| a.contains(w)),
            (Spot::City(_), _) => false,
        }
    }
}

fn spots(geography: &Geography) -> Vec<Spot<'_>> {
    geography
        .places
        .iter()
        .map(|p| Spot::Place(*p))
        .chain(geography.cities.iter().map(Spot::City))
        .collect()
}

fn geography(query: &Profile, candidate: &Profile) -> String {
    let (mine, theirs) = (query.geography(), candidate.geography());
    let (mine, theirs) = (spots(&mine), spots(&theirs));
    if mine.is_empty() || theirs.is_empty() {
        return unknown("countries, regions or cities", !mine.is_empty(), candidate);
    }
    // Unknown (a city that cannot be placed) ranks below every known closeness.
    let rank = |m: GeoMatch| {
        let fit = m.fit();
        if fit.is_nan() { -1.0 } else { fit }
    };
    let best = mine
        .iter()
        .flat_map(|a| theirs.iter().map(move |b| (*a, *b, a.closeness(*b))))
        .max_by(|x, y| rank(x.2).total_cmp(&rank(y.2)))
        .expect("both sides name places");
    let (a, b, m) = best;
    match m {
        GeoMatch::Inside if a.contains(b) && b.contains(a) => format!("both in {a}"),
        GeoMatch::Inside if a.contains(b) => format!("{b} lies in {a}"),
        GeoMatch::Inside => format!("{a} lies in {b}"),
        GeoMatch::SameCity => format!("same city: {b}"),
        GeoMatch::SameMetro(metro) => format!("same metro area: {metro} ({a} and {b})"),
        GeoMatch::SameCountry(country) => format!("same country: {country} ({a} and {b})"),
        GeoMatch::Shared(area) => format!("{a} and {b} are both in {area}"),
        GeoMatch::Global => "a global mandate covers it".to_string(),
        GeoMatch::None => format!("no overlap ({} vs {})", list(&mine), list(&theirs)),
        GeoMatch::Unknown => {
            let city = [a, b]
                .into_iter()
                .find(|s| matches!(s, Spot::City(l) if l.spot.within.is_none()))
                .unwrap_or(b);
            format!("unknown: {city} is not in the city table and no single country places it")
        }
    }
}

fn stage(query: &Profile, candidate: &Profile) -> String {
    let (mine, theirs) = (query.stage_set(), candidate.stage_set());
    if mine.is_empty() || theirs.is_empty() {
        return unknown("stage", !mine.is_empty(), candidate);
    }
    let (a, b) = mine
        .iter()
        .flat_map(|a| theirs.iter().map(move |b| (*a, *b)))
        .min_by_key(|(a, b)| a.distance(*b))
        .expect("both sides have stages");
    match a.distance(b) {
        0 if mine.len() == 1 && theirs.len() == 1 => format!("both {a}"),
        0 => format!(
            "{a} is among {}",
            list(if mine.len() > 1 { &mine } else { &theirs })
        ),
        1 => format!("{a} vs {b}: one stage apart"),
        d => format!("{a} vs {b}: {d} stages apart"),
    }
}

/// "$50k–$750k", "from $50k", "up to $750k" or "$500k".
fn range(profile: &Profile) -> String {
    if let Some(ask) = profile.funding_ask_usd {
        return format!("ask {ask}");
    }
    match (profile.ticket_min_usd, profile.ticket_max_usd) {
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
        (Some(lo), None) => format!("from {lo}"),
        (None, Some(hi)) => format!("up to {hi}"),
        (None, None) => "no amount".to_string(),
    }
}

fn ticket(query: &Profile, candidate: &Profile) -> String {
    let (Some((q_lo, q_hi)), Some((c_lo, c_hi))) = (query.money_range(), candidate.money_range())
    else {
        return unknown("amount", query.money_range().is_some(), candidate);
    };
    // Put the ask (a point) first when there is one: "ask $5M above $50k–$100k".
    let (point, span, (p_lo, p_hi), (s_lo, s_hi)) = if candidate.funding_ask_usd.is_some() {
        (candidate, query, (c_lo, c_hi), (q_lo, q_hi))
    } else {
        (query, candidate, (q_lo, q_hi), (c_lo, c_hi))
    };
    let relation = if p_lo > s_hi {
        "above"
    } else if p_hi < s_lo {
        "below"
    } else if point.funding_ask_usd.is_some() {
        "inside"
    } else {
        "overlaps"
    };
    format!(
        "{} {relation} {}",
        range(point),
        range(span).trim_start_matches("ask ")
    )
}

fn support(query: &Profile, candidate: &Profile) -> String {
    let (seeker, provider) = if query.needs.is_empty() {
        (candidate, query)
    } else {
        (query, candidate)
    };
    if seeker.needs.is_empty() || provider.offers.is_empty() {
        let what = if query.kind == Kind::Startup {
            "offers"
        } else {
            "needs"
        };
        return unknown(
            what,
            !query.needs.is_empty() || !query.offers.is_empty(),
            candidate,
        );
    }
    let met: Vec<_> = seeker
        .needs
        .iter()
        .filter(|n| provider.offers.contains(n))
        .collect();
    let needed = seeker.needs.len();
    match met.len() {
        0 => format!(
            "meets none of {needed} needs; offers {}",
            list(&provider.offers)
        ),
        n if n == needed => format!("meets every need: {}", list(&met)),
        n => format!("meets {n} of {needed} needs: {}", list(&met)),
    }
}

fn attribute(fit: Option<f32>, query: &Profile, candidate: &Profile) -> String {
    if query.attributes.is_empty() {
        return "no attribute lens: neutral".to_string();
    }
    let common: Vec<_> = query
        .attributes
        .iter()
        .filter(|a| candidate.attributes.contains(a))
        .collect();
    match fit {
        Some(f) if f > 0.0 => format!("{} as sought", list(&common)),
        _ => format!("seeks {}; has none of them", list(&query.attributes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(json: &str) -> Profile {
        Profile::from_json(json).unwrap()
    }

    #[test]
    fn reasons_read_like_a_person_would_say_them() {
        let fund = p(
            r#"{"id":"f","kind":"investor","name":"Fund","sectors":["agritech"],"regions":["eastern-africa"],
            "stages":["pre-seed","seed"],"ticket_min_usd":50000,"ticket_max_usd":750000,"offers":["funding"]}"#,
        );
        let st = p(
            r#"{"id":"s","kind":"startup","name":"Shamba","sectors":["agritech","iot"],"countries":["KE"],
            "stage":"seed","funding_ask_usd":500000,"needs":["funding","pilot"]}"#,
        );
        let explainer = Explainer::new(&fund);
        let reason = |c: Component, fit: Option<f32>, candidate: &Profile| {
            explainer.reason(c, fit, candidate, &Evidence::default())
        };
        assert_eq!(reason(Component::Sector, Some(1.0), &st), "both agritech");
        assert_eq!(
            reason(Component::Ticket, Some(1.0), &st),
            "ask $500k inside $50k–$750k"
        );
        assert_eq!(
            reason(Component::Geography, Some(1.0), &st),
            "KE lies in eastern-africa"
        );
        assert_eq!(
            reason(Component::Stage, Some(1.0), &st),
            "seed is among pre-seed, seed"
        );
        assert_eq!(
            reason(Component::Support, Some(0.75), &st),
            "meets 1 of 2 needs: funding"
        );

        let big = p(r#"{"id":"b","kind":"startup","name":"Big","funding_ask_usd":5000000}"#);
        assert_eq!(
            reason(Component::Ticket, Some(0.0), &big),
            "ask $5M above $50k–$750k"
        );
        assert_eq!(
            reason(Component::Sector, None, &big),
            "unknown: Big gives no sectors"
        );
    }

    #[test]
    fn places_below_the_country_are_named() {
        let fund = p(r#"{"id":"f","kind":"investor","name":"Fund","cities":["Nairobi"]}"#);
        let explainer = Explainer::new(&fund);
        let at = |fields: &str| {
            let st = p(&format!(
                r#"{{"id":"s","kind":"startup","name":"S",{fields}}}"#
            ));
            explainer.reason(Component::Geography, Some(1.0), &st, &Evidence::default())
        };
        assert_eq!(at(r#""cities":["nairobi"]"#), "same city: nairobi");
        assert_eq!(
            at(r#""cities":["Thika"]"#),
            "same metro area: Greater Nairobi (Nairobi and Thika)"
        );
        assert_eq!(
            at(r#""countries":["KE"],"cities":["Mombasa"]"#),
            "same country: KE (Nairobi and Mombasa)"
        );
        assert_eq!(at(r#""countries":["KE"]"#), "Nairobi lies in KE");
        assert_eq!(
            at(r#""cities":["Lagos"]"#),
            "Nairobi and Lagos are both in sub-saharan-africa"
        );
        assert_eq!(
            at(r#""cities":["Eldoret"]"#),
            "unknown: Eldoret is not in the city table and no single country places it"
        );
        assert_eq!(
            at(r#""sectors":["ai"]"#),
            "unknown: S gives no countries, regions or cities"
        );
        let bay = p(r#"{"id":"b","kind":"investor","name":"Bay","cities":["SF Bay"]}"#);
        let st = p(r#"{"id":"s","kind":"startup","name":"S","cities":["Palo Alto"]}"#);
        let reason =
            Explainer::new(&bay).reason(Component::Geography, Some(1.0), &st, &Evidence::default());
        assert_eq!(reason, "Palo Alto lies in SF Bay");
    }
}
