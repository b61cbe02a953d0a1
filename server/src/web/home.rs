//! The home page (`/`: a search box, what is stored, example profiles to start from) and
//! the search results (`/search`), both from the same engine calls as the API's `/healthz`,
//! `/v1/search` and `/v1/profiles`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tandem_engine::{Filters, Kind, Snapshot, listing};

use super::filters::{self, Choice, encode, given};
use super::page::{self, Chrome};
use super::view::{ProfileCard, kind_plural};
use crate::http::{AppState, ListParams, Problem, blocking};

/// Profiles shown first as examples, when stored (the README's tour starts from them); any
/// kind without one shows its first profile in id order.
const EXAMPLES: [&str; 3] = ["inv-0001", "st-0042", "pt-0007"];

/// Search hits per page, and added by each "more".
const HITS: usize = 20;

/// How many profiles of one kind are stored.
pub struct Count {
    /// The kind, plural, in words.
    pub label: &'static str,
    /// How many.
    pub count: usize,
}

/// The search form's fields, as a browser sends them.
#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Kind slug, or empty for all.
    #[serde(default)]
    pub kind: String,
    /// Country code or name.
    #[serde(default)]
    pub country: String,
    /// Sector slug.
    #[serde(default)]
    pub sector: String,
    /// How many hits.
    #[serde(default)]
    pub limit: String,
}

/// The search form with its options, as the home and results pages show it.
pub struct SearchBox {
    /// The text searched for.
    pub q: String,
    /// The kinds, one chosen or none.
    pub kinds: Vec<Choice>,
    /// The country typed.
    pub country: String,
    /// The sectors, one chosen or none.
    pub sectors: Vec<Choice>,
}

impl SearchBox {
    fn new(form: &SearchForm) -> SearchBox {
        SearchBox {
            q: form.q.clone(),
            kinds: filters::kinds(&form.kind),
            country: form.country.clone(),
            sectors: filters::sectors(&form.sector),
        }
    }
}

/// The home page.
#[derive(Template)]
#[template(path = "home.html")]
pub struct Home {
    /// The layout.
    pub chrome: Chrome,
    /// The search form.
    pub search: SearchBox,
    /// Stored profiles by kind.
    pub counts: Vec<Count>,
    /// A few profiles to start from, one of each kind.
    pub examples: Vec<ProfileCard>,
}

/// `GET /`: the home page.
pub async fn home(State(state): State<AppState>) -> Response {
    let answer = blocking(&state, |s| {
        let snapshot = s.store.snapshot();
        Ok((counts(&snapshot), examples(&snapshot)?))
    })
    .await;
    match answer {
        Ok((counts, examples)) => page::render(
            StatusCode::OK,
            &Home {
                chrome: Chrome::new("Find investors, partners and start-ups", "home"),
                search: SearchBox::new(&SearchForm::default()),
                counts,
                examples,
            },
        ),
        Err(problem) => page::problem(problem),
    }
}

fn counts(snapshot: &Snapshot) -> Vec<Count> {
    [Kind::Investor, Kind::Startup, Kind::Partner]
        .into_iter()
        .map(|kind| Count {
            label: kind_plural(kind),
            count: snapshot.count(kind),
        })
        .collect()
}

/// One example of each kind: the preferred one if stored, else the kind's first.
fn examples(snapshot: &Snapshot) -> Result<Vec<ProfileCard>, Problem> {
    let mut cards = Vec::new();
    for kind in [Kind::Investor, Kind::Startup, Kind::Partner] {
        let preferred = EXAMPLES
            .iter()
            .filter_map(|id| snapshot.get(id).transpose())
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .find(|p| p.kind == kind);
        let example = match preferred {
            Some(p) => Some(p),
            None => listing::list(snapshot, &[kind], &Filters::default(), None, 1)?
                .profiles
                .into_iter()
                .next(),
        };
        cards.extend(example.as_ref().map(ProfileCard::new));
    }
    Ok(cards)
}

/// The search results page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct Results {
    /// The layout.
    pub chrome: Chrome,
    /// The search form, as submitted.
    pub search: SearchBox,
    /// What was wrong with the form, if anything (the API's words).
    pub error: Option<String>,
    /// The profiles found, best first (id order without text).
    pub hits: Vec<ProfileCard>,
    /// The URL of the next page, when there may be more.
    pub more: Option<String>,
}

/// `GET /search`: profiles matching free text (BM25, as `/v1/search`) and the filters (as
/// `/v1/profiles`); without text, every profile passing the filters, in id order.
pub async fn search(State(state): State<AppState>, Query(form): Query<SearchForm>) -> Response {
    let limit = form
        .limit
        .parse()
        .ok()
        .filter(|n| (1..=tandem_engine::rank::MAX_LIMIT).contains(n))
        .unwrap_or(HITS);
    let params = ListParams {
        kind: given(&form.kind),
        limit: Some(limit),
        country: given(&form.country),
        sector: given(&form.sector),
        ..ListParams::default()
    };
    let q = form.q.trim().to_string();
    let found = match params.parse() {
        Ok((kinds, filters, limit)) => {
            blocking(&state, move |s| {
                let snapshot = s.store.snapshot();
                find(&snapshot, &q, &kinds, filters, limit)
            })
            .await
        }
        Err(problem) => Err(problem),
    };
    let (status, error, hits) = match found {
        Ok(hits) => (StatusCode::OK, None, hits),
        Err(problem) if problem.status == StatusCode::BAD_REQUEST => {
            (StatusCode::BAD_REQUEST, Some(problem.detail), Vec::new())
        }
        Err(problem) => return page::problem(problem),
    };
    let more = (hits.len() == limit && limit < tandem_engine::rank::MAX_LIMIT).then(|| {
        format!(
            "/search?q={}&kind={}&country={}&sector={}&limit={}",
            encode(form.q.trim()),
            encode(form.kind.trim()),
            encode(form.country.trim()),
            encode(form.sector.trim()),
            (limit + HITS).min(tandem_engine::rank::MAX_LIMIT)
        )
    });
    let title = if form.q.trim().is_empty() {
        "Profiles".to_string()
    } else {
        format!("Search: {}", form.q.trim())
    };
    page::render(
        status,
        &Results {
            chrome: Chrome::new(title, "home"),
            search: SearchBox::new(&form),
            error,
            hits: hits.iter().map(ProfileCard::new).collect(),
            more,
        },
    )
}

/// The profiles `q` finds among `kinds`, passing `filters`, best first; without `q`, those
/// passing the filters in id order.
fn find(
    snapshot: &Snapshot,
    q: &str,
    kinds: &[Kind],
    mut filters: Filters,
    limit: usize,
) -> Result<Vec<tandem_engine::Profile>, Problem> {
    if q.is_empty() {
        return Ok(listing::list(snapshot, kinds, &filters, None, limit)?.profiles);
    }
    let unfiltered = filters.places.is_empty() && filters.sectors.is_empty();
    let wanted = if unfiltered {
        limit
    } else {
        tandem_engine::rank::MAX_LIMIT
    };
    let hits = snapshot.search(q, kinds, wanted)?;
    let mut profiles: Vec<_> = hits.into_iter().map(|h| h.profile).collect();
    if !unfiltered {
        // The engine's own filters decide which hits pass; the hits keep their order.
        filters.only_ids = Some(profiles.iter().map(|p| p.id.clone()).collect());
        let passing = listing::list(snapshot, kinds, &filters, None, profiles.len().max(1))?;
        let passing: std::collections::HashSet<String> =
            passing.profiles.into_iter().map(|p| p.id).collect();
        profiles.retain(|p| passing.contains(&p.id));
    }
    profiles.truncate(limit);
    Ok(profiles)
}
