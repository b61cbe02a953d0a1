//! The Analyst page (`/analyst`): the data directory's latest `tandem eval --report`
//! ([`crate::report::Report::latest`]) as its metric table and its Recall@k chart, drawn by
//! the same plotters code as the report's `recall.svg`; without one, how to make one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::page::{self, Chrome};
use crate::http::{AppState, blocking};
use crate::report::Report;

/// One row of the metric table, its numbers formatted.
pub struct TableRow {
    /// The ranker's name.
    pub ranker: String,
    /// The slice: all, cold or warm companies.
    pub slice: String,
    /// Investors with a relevant company in the slice.
    pub investors: usize,
    /// Relevant (investor, company) pairs.
    pub pairs: usize,
    /// The metrics, four decimals, in column order.
    pub values: Vec<String>,
}

/// What the page shows of a report.
pub struct Shown {
    /// The report, for where it came from.
    pub report: Report,
    /// Its table rows.
    pub rows: Vec<TableRow>,
    /// Its chart, as SVG markup to inline.
    pub chart: String,
}

/// The Analyst page.
#[derive(Template)]
#[template(path = "analyst.html")]
pub struct Analyst {
    /// The layout.
    pub chrome: Chrome,
    /// The latest report, if there is one that could be read.
    pub shown: Option<Shown>,
    /// Why a report that is there could not be shown.
    pub trouble: Option<String>,
}

impl Analyst {
    /// The page for data directory `data`.
    fn load(data: &std::path::Path) -> Analyst {
        let (shown, trouble) = match Report::latest(data).and_then(|r| r.map(shown).transpose()) {
            Ok(shown) => (shown, None),
            Err(e) => (None, Some(format!("{e:#}"))),
        };
        Analyst {
            chrome: Chrome::new("Analyst", "analyst"),
            shown,
            trouble,
        }
    }
}

fn shown(report: Report) -> anyhow::Result<Shown> {
    let chart = report.chart()?;
    let rows = report
        .rows
        .iter()
        .map(|r| TableRow {
            ranker: r.ranker.clone(),
            slice: r.slice.to_string(),
            investors: r.investors,
            pairs: r.pairs,
            values: r.values.iter().map(|v| format!("{v:.4}")).collect(),
        })
        .collect();
    Ok(Shown {
        report,
        rows,
        chart,
    })
}

/// `GET /analyst`.
pub async fn analyst(State(state): State<AppState>) -> Response {
    match blocking(&state, |state| Ok(Analyst::load(state.store.dir()))).await {
        Ok(analyst) => page::render(StatusCode::OK, &analyst),
        Err(problem) => page::problem(problem),
    }
}
