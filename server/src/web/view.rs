//! Page models of profiles and matches: what the templates show, in plain words, computed
//! from the engine's [`Profile`] and [`Match`] (the same results the API returns as JSON).

use tandem_engine::feedback::Signal;
use tandem_engine::learn::live::{Method, Ranked};
use tandem_engine::rank::ComponentScore;
use tandem_engine::weights::Component;
use tandem_engine::{Kind, Match, Profile};

use super::feedback::Actions;

/// A profile as a card: the facts people look at first.
pub struct ProfileCard {
    /// Its id (for links).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind, in words ("Investor").
    pub kind: &'static str,
    /// Its kind's slug, for styling.
    pub kind_slug: &'static str,
    /// Where it works: countries, regions and cities, by name.
    pub places: String,
    /// Its sectors, by name.
    pub sectors: String,
    /// Its stage (a start-up) or the stages it works with (investor, partner).
    pub stages: String,
    /// What it asks (a start-up) or the cheques it writes (investor, partner).
    pub money: String,
    /// What it does or looks for.
    pub description: String,
    /// Its web address, when it is an http(s) address (anything else is not linked).
    pub website: Option<String>,
}

impl ProfileCard {
    /// The card of a profile.
    pub fn new(p: &Profile) -> ProfileCard {
        let places: Vec<String> = p
            .countries
            .iter()
            .map(|c| c.name().to_string())
            .chain(p.regions.iter().map(|r| r.label().to_string()))
            .chain(p.cities.iter().map(ToString::to_string))
            .collect();
        let stages: Vec<&str> = p.stage.iter().chain(&p.stages).map(|s| s.label()).collect();
        let money = match (p.funding_ask_usd, p.ticket_min_usd, p.ticket_max_usd) {
            (Some(ask), _, _) => format!("raising {ask}"),
            (None, Some(min), Some(max)) => format!("tickets {min}–{max}"),
            (None, Some(min), None) => format!("tickets from {min}"),
            (None, None, Some(max)) => format!("tickets up to {max}"),
            (None, None, None) => String::new(),
        };
        ProfileCard {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: kind_label(p.kind),
            kind_slug: p.kind.slug(),
            places: places.join(", "),
            sectors: p
                .sectors
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", "),
            stages: stages.join(", "),
            money,
            description: p.description.clone(),
            website: p
                .website
                .clone()
                .filter(|w| w.starts_with("https://") || w.starts_with("http://")),
        }
    }
}

/// A kind in words, singular.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Startup => "Start-up / SME",
        Kind::Investor => "Investor",
        Kind::Partner => "Partner",
    }
}

/// A kind in words, plural (tab labels).
pub fn kind_plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Startup => "Start-ups / SMEs",
        Kind::Investor => "Investors",
        Kind::Partner => "Partners",
    }
}

/// One component of a match's score as a bar: its track is the component's weight (the
/// most it can give), its fill the points it gave (fit × weight).
pub struct Bar {
    /// The component, in words.
    pub name: &'static str,
    /// Points given, e.g. `0.18`.
    pub points: String,
    /// Points it could give (its weight), e.g. `0.20`.
    pub weight: String,
    /// The track's width, in percent of the widest track (the largest weight).
    pub track: u32,
    /// The fill's width, in percent of the track.
    pub fill: u32,
    /// Whether one side gives no data for it (its points are the unknown fit's).
    pub unknown: bool,
    /// The human reason.
    pub reason: String,
}

/// A ranked match, explained.
pub struct MatchCard {
    /// 1-based rank.
    pub rank: usize,
    /// The score that ranks, e.g. `0.74`.
    pub score: String,
    /// The candidate.
    pub card: ProfileCard,
    /// One bar per component that can give points, in the engine's order.
    pub bars: Vec<Bar>,
    /// The component that cost the most points, as a sentence; `None` when none lost any.
    pub why_not_higher: Option<String>,
    /// Reasons besides the components (a learned model's, the asker's feedback).
    pub notes: Vec<String>,
    /// Whether the asker liked it (shown only to the asker, whose ranking says so).
    pub liked: bool,
    /// Whether the asker asked to meet it.
    pub met: bool,
}

/// A component's name in words.
pub fn component_name(component: Component) -> &'static str {
    match component {
        Component::Text => "Description",
        Component::Sector => "Sectors",
        Component::Geography => "Geography",
        Component::Stage => "Stage",
        Component::Ticket => "Ticket size",
        Component::Sdg => "SDGs",
        Component::Support => "Support",
        Component::Instrument => "Instruments",
        Component::Attribute => "Attributes",
        Component::Network => "Deal network",
    }
}

/// The component that cost a match the most points: among those with a known fit, the one
/// with the largest loss `weight − points`. `None` when no known component lost any.
pub fn costliest(components: &[ComponentScore]) -> Option<&ComponentScore> {
    components
        .iter()
        .filter(|c| c.fit.is_some() && c.weight > 0.0)
        .map(|c| (c, c.weight - c.contribution))
        .filter(|(_, loss)| *loss > 0.005)
        .max_by(|(a, x), (b, y)| x.total_cmp(y).then(b.weight.total_cmp(&a.weight)))
        .map(|(c, _)| c)
}

impl MatchCard {
    /// The card of one match.
    pub fn new(m: &Match) -> MatchCard {
        let shown: Vec<&ComponentScore> = m.components.iter().filter(|c| c.weight > 0.0).collect();
        let widest = shown.iter().map(|c| c.weight).fold(0.0_f32, f32::max);
        let bars = shown
            .iter()
            .map(|c| Bar {
                name: component_name(c.component),
                points: format!("{:.2}", c.contribution),
                weight: format!("{:.2}", c.weight),
                track: percent(c.weight, widest),
                fill: percent(c.contribution, c.weight),
                unknown: c.fit.is_none(),
                reason: c.reason.clone(),
            })
            .collect();
        let why_not_higher = costliest(&m.components).map(|c| {
            format!(
                "{} cost it {:.2} of {:.2} points: {}",
                component_name(c.component),
                c.weight - c.contribution,
                c.weight,
                c.reason
            )
        });
        let mut notes: Vec<String> = m
            .personalised
            .iter()
            .flat_map(|p| p.reason.iter().chain(&p.lowered).cloned())
            .collect();
        if let Some(learned) = &m.learned {
            notes.extend(learned.reasons.iter().take(2).map(|r| r.reason.clone()));
        }
        let given = m
            .personalised
            .as_ref()
            .map_or(&[][..], |p| p.given.as_slice());
        MatchCard {
            liked: given.contains(&Signal::Like),
            met: given.contains(&Signal::Meeting),
            rank: m.rank,
            score: format!("{:.2}", m.score),
            card: ProfileCard::new(&m.profile),
            bars,
            why_not_higher,
            notes,
        }
    }
}

/// `part / whole` in whole percent, within 0–100 (0 when `whole` is 0).
fn percent(part: f32, whole: f32) -> u32 {
    if whole <= 0.0 || !part.is_finite() {
        return 0;
    }
    (part / whole * 100.0).round().clamp(0.0, 100.0) as u32
}

/// What a visitor's own feedback does to the order of its matches, in words.
const FEEDBACK: &str = "what you passed on is left out, and matches like the ones you liked \
     or asked to meet move up.";

/// Ranked matches as cards, with a sentence on which ranking ordered them.
pub struct MatchList {
    /// The cards, best first.
    pub cards: Vec<MatchCard>,
    /// Which ranking ordered them, in words.
    pub method: String,
    /// The buttons of each match, when the visitor acts as the asker (its access link).
    pub actions: Option<Actions>,
}

impl MatchList {
    /// No matches (the filters were wrong).
    pub fn empty() -> MatchList {
        MatchList {
            cards: Vec::new(),
            method: String::new(),
            actions: None,
        }
    }

    /// The cards of a ranking.
    pub fn new(ranked: &Ranked) -> MatchList {
        MatchList::ordered(ranked, false)
    }

    /// The cards of a ranking that the visitor's own feedback personalised (a profile's page
    /// seen by the profile itself, once it liked, passed on or asked to meet a candidate):
    /// the line above the matches says so.
    pub fn personalised(ranked: &Ranked) -> MatchList {
        MatchList::ordered(ranked, true)
    }

    fn ordered(ranked: &Ranked, personalised: bool) -> MatchList {
        let method = match (&ranked.method, personalised) {
            (Method::Learned, false) => {
                "Ordered by a model learned from deals; bars show the thesis score's parts."
                    .to_string()
            }
            (Method::Thesis { .. }, false) => {
                "Ordered by fit: each bar is a part of the score (fit × weight).".to_string()
            }
            (Method::Learned, true) => format!(
                "Ordered by a model learned from deals and by your likes and passes: {FEEDBACK} \
                 Bars show the thesis score's parts."
            ),
            (Method::Thesis { .. }, true) => format!(
                "Ordered by fit and by your likes and passes: {FEEDBACK} Each bar is a part of \
                 the fit score (fit × weight)."
            ),
        };
        MatchList {
            cards: ranked.matches.iter().map(MatchCard::new).collect(),
            method,
            actions: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(component: Component, fit: Option<f32>, weight: f32) -> ComponentScore {
        ComponentScore {
            component,
            fit,
            weight,
            contribution: weight * fit.unwrap_or(0.5),
            reason: format!("{component} reason"),
        }
    }

    #[test]
    fn the_costliest_component_is_the_largest_known_loss() {
        let components = [
            component(Component::Sector, Some(1.0), 0.3),
            component(Component::Geography, Some(0.5), 0.2),
            // Loses more, but unknown: not a reason it ranks lower.
            component(Component::Ticket, None, 0.4),
            component(Component::Stage, Some(0.0), 0.15),
        ];
        assert_eq!(
            costliest(&components).map(|c| c.component),
            Some(Component::Stage)
        );
        let perfect = [component(Component::Sector, Some(1.0), 0.3)];
        assert!(costliest(&perfect).is_none());
    }

    #[test]
    fn percentages_stay_within_bounds() {
        assert_eq!(percent(0.1, 0.2), 50);
        assert_eq!(percent(0.3, 0.2), 100);
        assert_eq!(percent(0.1, 0.0), 0);
        assert_eq!(percent(f32::NAN, 1.0), 0);
    }
}
