//! Small hand-written SVG charts for the HTML reports: a horizontal bar chart with reference
//! lines, and a line chart over months. Text stays `<text>` (no fonts are rasterised), so the
//! same SVG works in a browser and in a PDF.

use model::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// Escapes text for HTML and SVG.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The colours of series, in order.
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];

/// The colour of series `index`.
pub fn color(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// One bar: its label, its value (none: drawn as a dash) and its colour.
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The value.
    pub value: Option<Decimal>,
    /// The fill colour.
    pub color: &'static str,
}

/// One line of a line chart.
pub struct Series {
    /// The legend's name.
    pub name: String,
    /// One value per column (none: no point).
    pub values: Vec<Option<Decimal>>,
    /// The stroke colour.
    pub color: &'static str,
}

/// A vertical reference line in a bar chart (a target).
pub struct Reference<'a> {
    /// Where.
    pub value: Decimal,
    /// Its label (`3 %`).
    pub label: &'a str,
}

fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A horizontal bar chart: one bar per [`Bar`], scaled to the largest of the values
/// and references, with each value written at the bar's end followed by `unit`.
pub fn bar_chart(title: &str, bars: &[Bar], references: &[Reference<'_>], unit: &str) -> String {
    let (width, label_width, row_height, top) = (520.0_f64, 150.0_f64, 26.0_f64, 34.0_f64);
    let plot_width = width - label_width - 70.0;
    let height = top + row_height * bars.len().max(1) as f64 + 26.0;
    let maximum = bars
        .iter()
        .filter_map(|bar| bar.value)
        .chain(references.iter().map(|reference| reference.value))
        .map(number)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let x_of = |value: f64| label_width + plot_width * (value / maximum).clamp(0.0, 1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12"><title>{title}</title><text x="4" y="18" font-size="14" font-weight="bold">{title}</text>"##,
        title = escape(title)
    );
    for (
        index,
        Bar {
            label,
            value,
            color,
        },
    ) in bars.iter().enumerate()
    {
        let y = top + row_height * index as f64;
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{ty:.1}" text-anchor="end">{label}</text>"##,
            x = label_width - 6.0,
            ty = y + 15.0,
            label = escape(label)
        );
        match value {
            Some(value) => {
                let end = x_of(number(*value));
                let _ = write!(
                    svg,
                    r##"<rect x="{label_width:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{color}"/><text x="{tx:.1}" y="{ty:.1}">{value}{unit}</text>"##,
                    w = (end - label_width).max(0.5),
                    h = row_height - 8.0,
                    tx = end + 4.0,
                    ty = y + 15.0,
                    unit = escape(unit),
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="{x:.1}" y="{ty:.1}" fill="#888">—</text>"##,
                    x = label_width + 4.0,
                    ty = y + 15.0
                );
            }
        }
    }
    let bottom = top + row_height * bars.len().max(1) as f64;
    for reference in references {
        let x = x_of(number(reference.value));
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="{y1:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#c00" stroke-dasharray="4 3"/><text x="{x:.1}" y="{ty:.1}" fill="#c00" text-anchor="middle">{label}</text>"##,
            y1 = top - 6.0,
            ty = bottom + 16.0,
            label = escape(reference.label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A line chart: one polyline per series over the `columns` (months), values 0 to `maximum`.
pub fn line_chart(title: &str, columns: &[String], series: &[Series], maximum: Decimal) -> String {
    let (width, height, left, right, top, bottom) = (
        520.0_f64, 260.0_f64, 40.0_f64, 130.0_f64, 34.0_f64, 30.0_f64,
    );
    let plot_width = width - left - right;
    let plot_height = height - top - bottom;
    let maximum = number(maximum).max(f64::MIN_POSITIVE);
    let step = if columns.len() > 1 {
        plot_width / (columns.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |index: usize| {
        left + step * index as f64
            + if columns.len() > 1 {
                0.0
            } else {
                plot_width / 2.0
            }
    };
    let y_of =
        |value: Decimal| top + plot_height * (1.0 - (number(value) / maximum).clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12"><title>{title}</title><text x="4" y="18" font-size="14" font-weight="bold">{title}</text><line x1="{left}" y1="{bottom_y}" x2="{right_x}" y2="{bottom_y}" stroke="#444"/><line x1="{left}" y1="{top}" x2="{left}" y2="{bottom_y}" stroke="#444"/><text x="{lx}" y="{ty}" text-anchor="end">{max}</text><text x="{lx}" y="{bottom_y}" text-anchor="end">0</text>"##,
        title = escape(title),
        bottom_y = top + plot_height,
        right_x = left + plot_width,
        lx = left - 4.0,
        ty = top + 4.0,
        max = maximum,
    );
    for (index, column) in columns.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="middle">{label}</text>"##,
            x = x_of(index),
            y = top + plot_height + 18.0,
            label = escape(column)
        );
    }
    for (
        index,
        Series {
            name,
            values,
            color,
        },
    ) in series.iter().enumerate()
    {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .filter_map(|(column, value)| {
                value.map(|value| format!("{:.1},{:.1}", x_of(column), y_of(value)))
            })
            .collect();
        if points.len() > 1 {
            let _ = write!(
                svg,
                r##"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"##,
                points.join(" ")
            );
        }
        for point in &points {
            let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(svg, r##"<circle cx="{x}" cy="{y}" r="3" fill="{color}"/>"##);
        }
        let legend_y = top + 16.0 * index as f64;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{ry:.1}" width="10" height="10" fill="{color}"/><text x="{tx:.1}" y="{legend_y:.1}">{name}</text>"##,
            x = left + plot_width + 12.0,
            ry = legend_y - 9.0,
            tx = left + plot_width + 26.0,
            name = escape(name),
        );
    }
    svg.push_str("</svg>");
    svg
}
