//! The profile page (`/p/{id}`): a profile, then its ranked, explained matches, with a tab
//! per kind of candidate, the filters, the reciprocal toggle and "more" — the same ranking
//! as the API's `/v1/profiles/{id}/matches?explain=true`. Anyone reads the public list; the
//! visitor who acts as the profile (its access link, [`super::session`]) reads the list its
//! own feedback personalises, as the API's answer to the profile's token, with buttons to
//! like, pass or request a meeting on each match ([`super::feedback`]).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tandem_engine::Kind;
use tandem_engine::rank::{MAX_LIMIT, default_targets};

use super::feedback::Actions;
use super::filters::{self, Choice, MatchForm, PAGE};
use super::page::{self, Chrome};
use super::session;
use super::view::{MatchList, ProfileCard, kind_plural};
use crate::http::{AppState, Problem, blocking};

/// A tab: the matches of one kind of candidate.
pub struct Tab {
    /// Its label.
    pub label: &'static str,
    /// Its link (a query string).
    pub href: String,
    /// Whether it is the tab shown.
    pub current: bool,
}

/// The filter form's state and options.
pub struct FilterBox {
    /// The tab's kind, kept when filtering.
    pub kind: String,
    /// The regions, one chosen or none.
    pub regions: Vec<Choice>,
    /// The countries typed.
    pub country: String,
    /// The stages, one chosen or none.
    pub stages: Vec<Choice>,
    /// The sectors, one chosen or none.
    pub sectors: Vec<Choice>,
    /// The smallest amount typed.
    pub min_usd: String,
    /// The largest amount typed.
    pub max_usd: String,
    /// Whether the reciprocal box is ticked.
    pub reciprocal: bool,
    /// Whether any filter is set (a "clear" link is shown).
    pub filtered: bool,
    /// The link that clears the filters, keeping the tab.
    pub clear: String,
}

impl FilterBox {
    /// The filter form showing `form`, in the tab of `kind`.
    pub fn new(form: &MatchForm, kind: Kind) -> FilterBox {
        FilterBox {
            kind: kind.slug().to_string(),
            regions: filters::regions(&form.region),
            country: form.country.clone(),
            stages: filters::stages(&form.stage),
            sectors: filters::sectors(&form.sector),
            min_usd: form.min_usd.clone(),
            max_usd: form.max_usd.clone(),
            reciprocal: form.is_reciprocal(),
            filtered: form.is_filtered(),
            clear: format!("?kind={}", kind.slug()),
        }
    }
}

/// The profile page.
#[derive(Template)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    /// The layout.
    pub chrome: Chrome,
    /// The profile.
    pub profile: ProfileCard,
    /// One tab per kind of candidate.
    pub tabs: Vec<Tab>,
    /// The kind of candidates shown, plural, in words.
    pub showing: &'static str,
    /// The filters.
    pub filters: FilterBox,
    /// What was wrong with the filters, in the API's words.
    pub error: Option<String>,
    /// The matches (empty when the filters are wrong).
    pub matches: MatchList,
    /// The link to more matches, when there may be more.
    pub more: Option<String>,
}

/// `GET /p/{id}`: the profile and its matches — personalised, with buttons, for a visitor
/// acting as it; the public list, read-only, for anyone else (another profile's link too).
pub async fn profile(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(form): Query<MatchForm>,
    headers: HeaderMap,
) -> Response {
    let personal = match session::caller(&state, &headers) {
        Ok(caller) => session::acts_as(&caller, &id),
        Err(problem) => return session::refusal(problem, &headers),
    };
    // Wrong filters still show the profile, with the API's words on what is wrong.
    let (request, error) = match form.request() {
        Ok(request) => (Some(request), None),
        Err(problem) => (None, Some(problem.detail)),
    };
    let answer = blocking(&state, move |s| {
        let snapshot = s.store.snapshot();
        let query = snapshot.require(&id)?;
        // Whether the visitor's own feedback changed the order: without any, the
        // personal ranking is the public one.
        let mut personalised = false;
        let ranked = match &request {
            Some(request) if personal => {
                let feedback = s.feedback.personal(&query.id)?;
                personalised = !feedback.is_empty();
                let ranked = s
                    .ranking
                    .rank_personal(&snapshot, &s.weights, &query, request, &feedback, false)?;
                Some(ranked)
            }
            Some(request) => Some(s.ranking.rank(&snapshot, &s.weights, &query, request)?),
            None => None,
        };
        // A wrong `kind` falls back to the profile's natural counterparts, as the tab shows.
        let kind = match &request {
            Some(request) if !request.targets.is_empty() => request.targets[0],
            _ => default_targets(query.kind)[0],
        };
        Ok::<_, Problem>((query, ranked, kind, personalised))
    })
    .await;
    let (query, ranked, kind, personalised) = match answer {
        Ok(found) => found,
        Err(problem) => return page::problem(problem),
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let limit = form.limit();
    let mut matches = match &ranked {
        Some(ranked) if personalised => MatchList::personalised(ranked),
        Some(ranked) => MatchList::new(ranked),
        None => MatchList::empty(),
    };
    if personal && state.writes.open().is_ok() {
        let back = format!("/p/{}?{}", query.id, form.query_with(kind.slug(), limit));
        matches.actions = Some(Actions::new(&query.id, back));
    }
    let more = (matches.cards.len() == limit && limit < MAX_LIMIT).then(|| {
        format!(
            "?{}",
            form.query_with(kind.slug(), (limit + PAGE).min(MAX_LIMIT))
        )
    });
    let tabs = [Kind::Investor, Kind::Partner, Kind::Startup]
        .into_iter()
        .map(|k| Tab {
            label: kind_plural(k),
            href: format!(
                "?kind={}{}",
                k.slug(),
                if form.is_reciprocal() {
                    "&reciprocal=true"
                } else {
                    ""
                }
            ),
            current: k == kind,
        })
        .collect();
    page::render(
        status,
        &ProfilePage {
            chrome: Chrome::new(query.name.clone(), "").acting(personal.then(|| query.id.clone())),
            profile: ProfileCard::new(&query),
            tabs,
            showing: kind_plural(kind),
            filters: FilterBox::new(&form, kind),
            error,
            matches,
            more,
        },
    )
}
