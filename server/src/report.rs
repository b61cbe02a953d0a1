//! `tandem eval --report DIR`: the metric table as Markdown and Recall@k curves as SVG, for
//! an analyst to keep.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use tandem_engine::eval::{Evaluation, Slice, Split, recall_curve};

/// Colours of the rankers' curves, in ranker order (Tandem first, in a strong blue).
const COLOURS: [&str; 6] = [
    "#1f5fbf", "#9e9e9e", "#e6a23c", "#4caf50", "#c0392b", "#8e44ad",
];

/// Size of one chart panel, in SVG units.
const PANEL: (f64, f64) = (320.0, 240.0);
/// Margins inside a panel: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (44.0, 12.0, 28.0, 36.0);

/// Writes `report.md` and `recall.svg` into `dir` (created if needed), each atomically.
pub fn write(dir: &Path, command: &str, split: &Split, evaluation: &Evaluation) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let depth = 100;
    let curves: Vec<Vec<Vec<f64>>> = evaluation
        .rankings
        .iter()
        .map(|r| {
            Slice::ALL
                .iter()
                .map(|s| recall_curve(split, r, *s, depth))
                .collect()
        })
        .collect();
    let names: Vec<&str> = evaluation
        .rows
        .iter()
        .step_by(Slice::ALL.len())
        .map(|r| r.ranker.as_str())
        .collect();
    let svg = svg(&names, &curves);
    let md = markdown(command, split, evaluation);
    for (name, text) in [("recall.svg", svg), ("report.md", md)] {
        let path = dir.join(name);
        tandem_engine::cache::write_atomically(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn markdown(command: &str, split: &Split, evaluation: &Evaluation) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Match quality: split {}\n", split.date);
    let _ = writeln!(
        md,
        "Train on deals before {}; test on the year until {} (excluded); {} evaluated investors. \
         Metrics are macro-averaged over investors; **cold** companies raise for the first time, \
         **warm** ones had earlier deals.\n",
        split.date,
        split.end,
        split.evaluated.len()
    );
    let _ = writeln!(md, "Reproduce with:\n\n```sh\n{command}\n```\n");
    let _ = writeln!(md, "![Recall@k for every ranker](recall.svg)\n");
    let mut header = vec!["ranker", "slice", "investors", "pairs"];
    header.extend(evaluation.metrics.iter().map(String::as_str));
    let _ = writeln!(md, "| {} |", header.join(" | "));
    let _ = writeln!(md, "|{}", "---|".repeat(header.len()));
    for row in &evaluation.rows {
        let values: Vec<String> = row.values.iter().map(|v| format!("{v:.4}")).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            row.ranker,
            row.slice,
            row.investors,
            row.pairs,
            values.join(" | ")
        );
    }
    md
}

/// One panel per slice: each ranker's Recall@k for k = 1…depth.
fn svg(names: &[&str], curves: &[Vec<Vec<f64>>]) -> String {
    let (w, h) = PANEL;
    let legend = 22.0;
    let width = w * Slice::ALL.len() as f64;
    let height = h + legend;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (p, slice) in Slice::ALL.iter().enumerate() {
        let top = (0..curves.len())
            .flat_map(|r| curves[r][p].iter().copied())
            .fold(0.0f64, f64::max);
        let y_max = nice_ceiling(top);
        let x0 = p as f64 * w;
        let (left, right, upper, lower) = MARGIN;
        let plot_w = w - left - right;
        let plot_h = h - upper - lower;
        let x = |k: usize, n: usize| x0 + left + plot_w * (k as f64) / ((n.max(2) - 1) as f64);
        let y = |v: f64| upper + plot_h * (1.0 - v / y_max);
        let _ = writeln!(
            out,
            r#"<text x="{}" y="16" text-anchor="middle" font-weight="bold">Recall@k — {slice}</text>"#,
            x0 + w / 2.0
        );
        for tick in 0..=4 {
            let v = y_max * tick as f64 / 4.0;
            let _ = writeln!(
                out,
                r##"<line x1="{}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#e5e5e5"/><text x="{}" y="{:.1}" text-anchor="end">{v:.2}</text>"##,
                x0 + left,
                x0 + w - right,
                x0 + left - 4.0,
                y(v) + 4.0,
                yy = y(v)
            );
        }
        for k in [1usize, 25, 50, 75, 100] {
            let _ = writeln!(
                out,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{k}</text>"#,
                x(k - 1, 100),
                h - lower + 14.0
            );
        }
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">k</text>"#,
            x0 + left + plot_w / 2.0,
            h - 6.0
        );
        for (r, curve) in curves.iter().enumerate() {
            let points: Vec<String> = curve[p]
                .iter()
                .enumerate()
                .map(|(k, v)| format!("{:.1},{:.1}", x(k, curve[p].len()), y(*v)))
                .collect();
            let width = if r == 0 { 2.5 } else { 1.5 };
            let _ = writeln!(
                out,
                r#"<polyline fill="none" stroke="{}" stroke-width="{width}" points="{}"/>"#,
                COLOURS[r % COLOURS.len()],
                points.join(" ")
            );
        }
    }
    let mut at = 10.0;
    for (r, name) in names.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<rect x="{at}" y="{}" width="14" height="4" fill="{}"/><text x="{}" y="{}">{name}</text>"#,
            h + 6.0,
            COLOURS[r % COLOURS.len()],
            at + 18.0,
            h + 11.0
        );
        at += 30.0 + 7.0 * name.len() as f64;
    }
    out.push_str("</svg>\n");
    out
}

/// A round number at or above `v` for an axis top (0.05, 0.1, 0.2, 0.25, 0.5, 1 …).
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0.27), 0.5);
        assert_eq!(nice_ceiling(0.18), 0.2);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert!((nice_ceiling(0.021) - 0.025).abs() < 1e-12);
    }
}
