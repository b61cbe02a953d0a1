//! Recall@k curves of every ranker as an SVG chart, drawn with plotters' SVG backend: the
//! one chart code of `tandem eval --report` and the web app's Analyst page.
//!
//! The SVG backend writes text as `<text>` elements, so no font is read and plotters is built
//! without its `ttf` feature (no fontconfig or freetype).

use anyhow::{Result, anyhow};
use plotters::prelude::*;

/// Colours of the rankers' curves, in ranker order (Tandem first, in a strong blue); each has
/// a contrast of at least 3:1 on white, as WCAG asks of graphics.
const COLOURS: [RGBColor; 8] = [
    RGBColor(0x1f, 0x5f, 0xbf),
    RGBColor(0x5f, 0x5f, 0x5f),
    RGBColor(0xb3, 0x5c, 0x00),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0xc0, 0x39, 0x2b),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0x00, 0x79, 0x6b),
    RGBColor(0x6d, 0x4c, 0x41),
];

/// Size of one panel, in SVG units; panels are stacked, one per slice, so that the chart
/// stays readable when a phone scales it to its width.
const PANEL: (u32, u32) = (640, 300);

/// One ranker's curves: its name and, per panel, Recall@k for k = 1, 2, ….
pub struct Series<'a> {
    /// The ranker's name, shown in the legend.
    pub name: &'a str,
    /// One curve per panel, in panel order.
    pub curves: &'a [Vec<f64>],
}

/// The chart: one panel per entry of `panels` (its title, e.g. "all companies"), each with
/// every ranker's Recall@k curve, and a legend naming the rankers.
pub fn recall_svg(panels: &[&str], series: &[Series<'_>]) -> Result<String> {
    let mut svg = String::new();
    {
        let height = PANEL.1 * panels.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (PANEL.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let areas = root.split_evenly((panels.len().max(1), 1));
        for (p, (area, title)) in areas.iter().zip(panels).enumerate() {
            panel(area, title, p, series)?;
        }
        root.present().map_err(drawing)?;
    }
    Ok(svg)
}

/// Draws panel `p` of the chart into `area`.
fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    p: usize,
    series: &[Series<'_>],
) -> Result<()> {
    let depth = series
        .iter()
        .filter_map(|s| s.curves.get(p).map(Vec::len))
        .max()
        .unwrap_or(0)
        .max(2);
    let top = series
        .iter()
        .filter_map(|s| s.curves.get(p))
        .flatten()
        .copied()
        .fold(0.0f64, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(format!("Recall@k, {title}"), ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(1usize..depth, 0f64..nice_ceiling(top))
        .map_err(drawing)?;
    chart
        .configure_mesh()
        .x_desc("k (matches shown)")
        .y_desc("Recall@k")
        .x_labels(10)
        .y_labels(5)
        .y_label_formatter(&|v| format!("{v:.2}"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 14))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xe0, 0xe0, 0xe0))
        .draw()
        .map_err(drawing)?;
    for (r, s) in series.iter().enumerate() {
        let Some(curve) = s.curves.get(p) else {
            continue;
        };
        let colour = COLOURS[r % COLOURS.len()];
        let width = if r == 0 { 3 } else { 2 };
        chart
            .draw_series(LineSeries::new(
                curve.iter().enumerate().map(|(k, v)| (k + 1, *v)),
                colour.stroke_width(width),
            ))
            .map_err(drawing)?
            .label(s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 3), (x + 18, y + 3)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(("sans-serif", 13))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(0x99, 0x99, 0x99))
        .draw()
        .map_err(drawing)?;
    Ok(())
}

/// Plotters' drawing errors carry the backend's; an SVG in memory has none worth keeping.
fn drawing(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("cannot draw the chart: {e}")
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

    #[test]
    fn the_chart_is_one_svg_naming_every_ranker_with_a_curve_per_panel() {
        let rising: Vec<f64> = (0..100).map(|k| f64::from(k) / 200.0).collect();
        let curves = vec![rising.clone(), rising.clone(), rising];
        let names = ["tandem", "tandem_thesis", "random & co <1>"];
        let series: Vec<Series<'_>> = names
            .iter()
            .map(|name| Series {
                name,
                curves: &curves,
            })
            .collect();
        let svg = recall_svg(&["all", "cold", "warm"], &series).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("viewBox"), "scales to its container");
        // The axes are black polylines too; the curves are coloured.
        let curves = svg
            .split("<polyline")
            .skip(1)
            .filter(|p| !p.contains(r##"stroke="#000000""##))
            .count();
        assert_eq!(curves, 3 * 3, "{svg}");
        assert!(svg.contains("tandem_thesis") && svg.contains("random &amp; co &lt;1&gt;"));
        assert!(svg.contains("Recall@k, cold") && svg.contains("k (matches shown)"));
        // Well-formed: every element opened is closed, in order.
        let mut open = Vec::new();
        for tag in svg.split('<').skip(1) {
            let end = tag.find('>').expect("a closed tag");
            let inner = &tag[..end];
            if let Some(name) = inner.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name.trim()), "{svg}");
            } else if !inner.ends_with('/') && !inner.starts_with('?') && !inner.starts_with('!') {
                open.push(inner.split_whitespace().next().unwrap());
            }
        }
        assert!(open.is_empty(), "unclosed {open:?}");
    }
}
