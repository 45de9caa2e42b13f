//! The emotion curve: one line across every column of a journey, y on the
//! declared scale. Drawn as SVG elements with classes (styled by the page's
//! or the SVG's stylesheet), shared by the HTML map and the standalone SVG.

use std::fmt::Write;

use crate::escape::Xml;
use crate::text::truncate;
use crate::view::{JourneyView, PersonaLine, PersonaPoint};

/// Room above the scale for moment-of-truth names and below it for the
/// "lowest" marks.
const TOP: f64 = 44.0;
const BOTTOM: f64 = 34.0;
/// The left margin inside the first column where the scale's labels stand.
const AXIS: f64 = 34.0;

/// One row of the legend of the persona curves, and one entry's width.
const LEGEND_ROW: f64 = 20.0;
const LEGEND_ENTRY: f64 = 280.0;

/// The drawing's size for `columns` columns of `column` pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub column: f64,
    /// The whole drawing: the plot and, under it, the legend.
    pub height: f64,
    /// The legend's band at the bottom (0 without persona curves).
    legend: f64,
}

/// The frame of `view`'s curve: a plot of `plot_height` pixels, and a
/// legend under it when the journey has persona curves.
pub(crate) fn frame(view: &JourneyView<'_>, column: f64, plot_height: f64) -> Frame {
    let mut frame = Frame {
        column,
        height: plot_height,
        legend: 0.0,
    };
    if !view.persona_lines.is_empty() {
        let rows = legend_rows(view, frame.width(view.slots.len()));
        frame.legend = rows as f64 * LEGEND_ROW + 8.0;
        frame.height += frame.legend;
    }
    frame
}

/// Legend entries per row and the number of rows: the whole audience's
/// line, then one per persona.
fn legend_layout(view: &JourneyView<'_>, width: f64) -> (usize, usize) {
    let entries = view.persona_lines.len() + 1;
    let per_row = (((width - AXIS) / LEGEND_ENTRY).floor() as usize).max(1);
    (per_row, entries.div_ceil(per_row))
}

fn legend_rows(view: &JourneyView<'_>, width: f64) -> usize {
    legend_layout(view, width).1
}

impl Frame {
    pub(crate) fn width(&self, columns: usize) -> f64 {
        self.column * columns.max(1) as f64
    }

    fn x(&self, slot: usize) -> f64 {
        // Centred in its column, but never over the axis labels.
        (self.column * (slot as f64 + 0.5)).max(AXIS + 8.0)
    }

    fn y(&self, view: &JourneyView<'_>, emotion: f64) -> f64 {
        let (min, max) = view.scale();
        let span = (max as f64 - min as f64).max(1.0);
        let plot = self.height - self.legend - TOP - BOTTOM;
        TOP + (max as f64 - emotion) / span * plot
    }
}

/// The ids of the curve's `<title>` and `<desc>` (for `aria-labelledby`).
pub(crate) fn ids(view: &JourneyView<'_>) -> (String, String) {
    (
        format!("j{}-curve-title", view.index),
        format!("j{}-curve-desc", view.index),
    )
}

/// A one-sentence summary of the curve (its `<title>`).
pub(crate) fn title(view: &JourneyView<'_>) -> String {
    let (min, max) = view.scale();
    if !view.persona_lines.is_empty() {
        return format!(
            "Emotion curves of {}, for the whole audience and per persona, on a scale of {min} to {max} (higher is better)",
            view.journey.label
        );
    }
    format!(
        "Emotion curve of {} on a scale of {min} to {max} (higher is better)",
        view.journey.label
    )
}

/// The curve in words (its `<desc>`): every rated touchpoint in order, with
/// the lowest points and the moments of truth named.
pub(crate) fn description(view: &JourneyView<'_>) -> String {
    let mut text = audience_description(view);
    for (i, line) in view.persona_lines.iter().enumerate() {
        let _ = write!(text, " {}", persona_description(view, line, Style::of(i)));
    }
    text
}

fn audience_description(view: &JourneyView<'_>) -> String {
    if view.points.is_empty() {
        return "No touchpoint is rated.".to_string();
    }
    let mut text = String::new();
    if !view.persona_lines.is_empty() {
        text.push_str("Whole audience (solid line, round points): ");
    }
    for (i, point) in view.points.iter().enumerate() {
        let tp = view.touchpoint(point.stage, point.touchpoint);
        if i > 0 {
            text.push_str("; ");
        }
        let _ = write!(text, "{}: {}", tp.label, point.emotion);
        if view.is_lowest(point.emotion) {
            text.push_str(" (lowest)");
        }
        for moment in &tp.moments_of_truth {
            let _ = write!(text, " (moment of truth: {moment})");
        }
    }
    text.push('.');
    text
}

/// One persona's curve in words: "Sales rep (dashed line, square points):
/// Kick-off: 1, own rating, worried; Training: 4."
fn persona_description(view: &JourneyView<'_>, line: &PersonaLine<'_>, style: Style) -> String {
    let mut text = format!(
        "{} ({} line, {} points): ",
        line.label, style.dash_name, style.shape_name
    );
    for (i, p) in line.points.iter().enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        let tp = view.touchpoint(p.point.stage, p.point.touchpoint);
        let _ = write!(text, "{}: {}", tp.label, p.point.emotion);
        text.push_str(if p.own {
            ", own rating"
        } else {
            ", whole audience's rating"
        });
        if let Some(feeling) = p.feeling {
            let _ = write!(text, ", {feeling}");
        }
    }
    if line.points.is_empty() {
        text.push_str("no rating on the scale");
    }
    text.push('.');
    text
}

/// Writes the curve's elements (no `<svg>` element around them).
pub(crate) fn draw(out: &mut String, view: &JourneyView<'_>, frame: Frame) {
    let width = frame.width(view.slots.len());
    axis(out, view, frame, width);
    line(out, view, frame);
    unrated(out, view, frame);
    for point in &view.points {
        mark(out, view, frame, *point);
    }
    for (i, line) in view.persona_lines.iter().enumerate() {
        persona_curve(out, view, frame, line, Style::of(i));
    }
    legend(out, view, frame, width);
}

/// How one persona's curve looks: told apart without colour by its dash
/// pattern and marker shape (the colour only helps).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Style {
    /// The CSS class giving the colour (`pc0`..`pc3`).
    colour: usize,
    dash: &'static str,
    dash_name: &'static str,
    shape: Shape,
    shape_name: &'static str,
    /// Where its markers sit beside the column's centre, so that a persona
    /// rated like the whole audience does not hide behind its point.
    dx: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Cross,
}

const DASHES: [(&str, &str); 4] = [
    ("9 5", "dashed"),
    ("2 4", "dotted"),
    ("12 4 2 4", "dash-dotted"),
    ("4 3", "short-dashed"),
];

const SHAPES: [(Shape, &str); 5] = [
    (Shape::Square, "square"),
    (Shape::Triangle, "triangle"),
    (Shape::Diamond, "diamond"),
    (Shape::TriangleDown, "downward triangle"),
    (Shape::Cross, "cross"),
];

impl Style {
    /// The style of the `i`-th persona curve: 4 dash patterns × 5 shapes
    /// give 20 distinct combinations before one repeats.
    fn of(i: usize) -> Style {
        let (dash, dash_name) = DASHES[i % DASHES.len()];
        let (shape, shape_name) = SHAPES[i % SHAPES.len()];
        let side = if i.is_multiple_of(2) { 1.0 } else { -1.0 };
        Style {
            colour: i % 4,
            dash,
            dash_name,
            shape,
            shape_name,
            dx: side * 11.0 * ((i / 2) % 2 + 1) as f64,
        }
    }

    /// The marker's outline around (x, y).
    fn marker(&self, x: f64, y: f64) -> String {
        let r = 5.0;
        match self.shape {
            Shape::Square => format!(
                "M{:.1} {:.1}h{:.1}v{:.1}h{:.1}Z",
                x - r,
                y - r,
                2.0 * r,
                2.0 * r,
                -2.0 * r
            ),
            Shape::Triangle => format!(
                "M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
                y - r - 1.0,
                x + r + 1.0,
                y + r,
                x - r - 1.0,
                y + r
            ),
            Shape::Diamond => format!(
                "M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z",
                y - r - 1.0,
                x + r + 1.0,
                y + r + 1.0,
                x - r - 1.0
            ),
            Shape::TriangleDown => format!(
                "M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
                y + r + 1.0,
                x + r + 1.0,
                y - r,
                x - r - 1.0,
                y - r
            ),
            Shape::Cross => format!(
                "M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}",
                x - r,
                y - r,
                x + r,
                y + r,
                x - r,
                y + r,
                x + r,
                y - r
            ),
        }
    }
}

fn persona_curve(
    out: &mut String,
    view: &JourneyView<'_>,
    frame: Frame,
    line: &PersonaLine<'_>,
    style: Style,
) {
    let _ = write!(
        out,
        r#"<g class="persona-curve pc{}" data-persona="{}">"#,
        style.colour,
        Xml(line.persona)
    );
    let at = |p: &PersonaPoint<'_>| {
        (
            frame.x(p.point.slot) + style.dx,
            frame.y(view, p.point.emotion as f64),
        )
    };
    if line.points.len() >= 2 {
        out.push_str(r#"<path class="persona-curve-line" d=""#);
        for (i, p) in line.points.iter().enumerate() {
            let (x, y) = at(p);
            let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
        }
        let _ = write!(out, r#"" stroke-dasharray="{}"/>"#, style.dash);
    }
    let (min, max) = view.scale();
    for p in &line.points {
        let tp = view.touchpoint(p.point.stage, p.point.touchpoint);
        let (x, y) = at(p);
        let feeling = p.feeling.map_or(String::new(), |f| format!(", {f}"));
        let whose = if p.own {
            "own rating"
        } else {
            "whole audience's rating"
        };
        let _ = write!(
            out,
            r#"<g class="persona-curve-point{}" data-persona="{}" data-touchpoint="{}" data-emotion="{}"><title>{} at {}: {} on {min}..{max} ({whose}{})</title><path class="persona-marker" d="{}"/></g>"#,
            if p.own { " own" } else { "" },
            Xml(line.persona),
            Xml(&tp.id),
            p.point.emotion,
            Xml(line.label),
            Xml(&tp.label),
            p.point.emotion,
            Xml(&feeling),
            style.marker(x, y),
        );
    }
    out.push_str("</g>");
}

/// The legend under the plot: a sample of each curve's line and marker
/// with its name (the whole audience first).
fn legend(out: &mut String, view: &JourneyView<'_>, frame: Frame, width: f64) {
    if view.persona_lines.is_empty() {
        return;
    }
    let (per_row, _) = legend_layout(view, width);
    let top = frame.height - frame.legend + 4.0;
    let place = |i: usize| {
        (
            AXIS + (i % per_row) as f64 * LEGEND_ENTRY,
            top + (i / per_row) as f64 * LEGEND_ROW + LEGEND_ROW / 2.0,
        )
    };
    // The label's room: the entry minus the sample (34 px) and a gap.
    let chars = ((LEGEND_ENTRY - 46.0) / 6.6) as usize;
    out.push_str(r#"<g class="curve-legend">"#);
    let (x, y) = place(0);
    let _ = write!(
        out,
        r#"<g class="curve-legend-entry"><line class="curve-line" x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><circle class="curve-dot" cx="{:.1}" cy="{y:.1}" r="5"/><text class="curve-legend-name" x="{:.1}" y="{:.1}">Whole audience</text></g>"#,
        x + 28.0,
        x + 14.0,
        x + 36.0,
        y + 4.0
    );
    for (i, line) in view.persona_lines.iter().enumerate() {
        let style = Style::of(i);
        let (x, y) = place(i + 1);
        let _ = write!(
            out,
            r#"<g class="curve-legend-entry pc{}" data-persona="{}"><title>{}: {} line, {} points; a hollow point is the whole audience's rating</title><line class="persona-curve-line" x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke-dasharray="{}"/><path class="persona-marker" d="{}"/><text class="curve-legend-name" x="{:.1}" y="{:.1}">{}</text></g>"#,
            style.colour,
            Xml(line.persona),
            Xml(line.label),
            style.dash_name,
            style.shape_name,
            x + 28.0,
            style.dash,
            style.marker(x + 14.0, y),
            x + 36.0,
            y + 4.0,
            Xml(&truncate(line.label, chars)),
        );
    }
    out.push_str("</g>");
}

fn ticks(min: i64, max: i64) -> impl Iterator<Item = i64> {
    // At most about ten grid lines, always including both bounds.
    let width = i128::from(max) - i128::from(min);
    let step = (width / 10).max(1);
    let ends_on_max = width % step == 0;
    (min..=max)
        .step_by(usize::try_from(step).unwrap_or(usize::MAX))
        .chain((!ends_on_max).then_some(max))
}

fn axis(out: &mut String, view: &JourneyView<'_>, frame: Frame, width: f64) {
    let (min, max) = view.scale();
    for tick in ticks(min, max) {
        let y = frame.y(view, tick as f64);
        let class = if tick == min || tick == max {
            "curve-grid bound"
        } else {
            "curve-grid"
        };
        let _ = write!(
            out,
            r#"<line class="{class}" x1="{AXIS}" y1="{y:.1}" x2="{width:.1}" y2="{y:.1}"/><text class="curve-tick" x="{:.1}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            AXIS - 6.0,
            y + 4.0,
        );
    }
    let (top, bottom) = (frame.y(view, max as f64), frame.y(view, min as f64));
    let _ = write!(
        out,
        r#"<text class="curve-bound" x="4" y="{:.1}">{max} best</text><text class="curve-bound" x="4" y="{:.1}">{min} worst</text>"#,
        top - 10.0,
        bottom + 18.0,
    );
    let middle = frame.y(view, view.middle());
    let _ = write!(
        out,
        r#"<line class="curve-middle" x1="{AXIS}" y1="{middle:.1}" x2="{width:.1}" y2="{middle:.1}"><title>Middle of the scale: a moment of truth below it is weak</title></line>"#,
    );
}

fn line(out: &mut String, view: &JourneyView<'_>, frame: Frame) {
    if view.points.len() < 2 {
        return;
    }
    out.push_str(r#"<path class="curve-line" d=""#);
    for (i, point) in view.points.iter().enumerate() {
        let _ = write!(
            out,
            "{}{:.1} {:.1}",
            if i == 0 { "M" } else { " L" },
            frame.x(point.slot),
            frame.y(view, point.emotion as f64)
        );
    }
    out.push_str(r#""/>"#);
}

fn unrated(out: &mut String, view: &JourneyView<'_>, frame: Frame) {
    let mut rated = view.points.iter().map(|p| p.slot).peekable();
    let middle = frame.y(view, view.middle());
    for (slot, place) in view.slots.iter().enumerate() {
        while rated.next_if(|&s| s < slot).is_some() {}
        if rated.peek() == Some(&slot) {
            continue;
        }
        let text = if place.touchpoint.is_some() {
            "not rated"
        } else {
            "no touchpoints"
        };
        let _ = write!(
            out,
            r#"<text class="curve-unrated" x="{:.1}" y="{:.1}" text-anchor="middle">{text}</text>"#,
            frame.x(slot),
            middle - 6.0
        );
    }
}

fn mark(out: &mut String, view: &JourneyView<'_>, frame: Frame, point: crate::view::Point) {
    let tp = view.touchpoint(point.stage, point.touchpoint);
    let (x, y) = (frame.x(point.slot), frame.y(view, point.emotion as f64));
    let lowest = view.is_lowest(point.emotion);
    let (min, max) = view.scale();
    let _ = write!(
        out,
        r#"<g class="curve-point{}" data-touchpoint="{}" data-emotion="{}"><title>{}: {} on {min}..{max}{}</title>"#,
        if lowest { " lowest" } else { "" },
        Xml(&tp.id),
        point.emotion,
        Xml(&tp.label),
        point.emotion,
        if lowest { " (lowest)" } else { "" },
    );
    if lowest {
        // A ring and a word, not only a colour.
        let _ = write!(
            out,
            r#"<circle class="curve-lowest-ring" cx="{x:.1}" cy="{y:.1}" r="11"/><text class="curve-lowest" x="{x:.1}" y="{:.1}" text-anchor="middle">▼ lowest</text>"#,
            y + 26.0
        );
    }
    let _ = write!(
        out,
        r#"<circle class="curve-dot" cx="{x:.1}" cy="{y:.1}" r="6"/><text class="curve-value" x="{:.1}" y="{:.1}">{}</text></g>"#,
        x + 10.0,
        y - 8.0,
        point.emotion
    );
    moments(out, view, frame, point, x, y);
}

fn moments(
    out: &mut String,
    view: &JourneyView<'_>,
    frame: Frame,
    point: crate::view::Point,
    x: f64,
    y: f64,
) {
    let tp = view.touchpoint(point.stage, point.touchpoint);
    let Some(first) = tp.moments_of_truth.first() else {
        return;
    };
    let weak = (point.emotion as f64) < view.middle();
    let all = tp.moments_of_truth.join("; ");
    let chars = ((frame.column - 24.0) / 7.2).max(8.0) as usize;
    let name = if tp.moments_of_truth.len() > 1 {
        truncate(
            &format!("{first} (+{})", tp.moments_of_truth.len() - 1),
            chars,
        )
    } else {
        truncate(first, chars)
    };
    let _ = write!(
        out,
        r#"<g class="curve-moment{}"><title>Moment of truth{}: {}</title><line class="curve-moment-stem" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><path class="curve-star" d="{}"/><text class="curve-moment-name" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
        if weak { " weak" } else { "" },
        if weak {
            " (weak: below the middle of the scale)"
        } else {
            ""
        },
        Xml(&all),
        y - 8.0,
        36.0,
        star(x, 29.0, 7.0),
        14.0,
        Xml(&format!("★ {name}")),
    );
}

/// A five-pointed star's path around (cx, cy).
fn star(cx: f64, cy: f64, r: f64) -> String {
    let mut d = String::new();
    for i in 0..10 {
        let radius = if i % 2 == 0 { r } else { r * 0.45 };
        let angle = std::f64::consts::PI * (i as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
        let _ = write!(
            d,
            "{}{:.1} {:.1}",
            if i == 0 { "M" } else { " L" },
            cx + radius * angle.cos(),
            cy + radius * angle.sin()
        );
    }
    d.push('Z');
    d
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn ticks_include_both_bounds_and_stay_few() {
        assert_eq!(ticks(1, 5).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
        assert_eq!(ticks(1, 10).collect::<Vec<_>>().len(), 10);
        let wide: Vec<i64> = ticks(0, 105).collect();
        assert_eq!(wide.first(), Some(&0));
        assert_eq!(wide.last(), Some(&105));
        assert!(wide.len() <= 12);
        // A huge declared scale must not make the grid huge.
        assert!(ticks(-1_000_000_000, 1_000_000_000).count() <= 12);
    }
}
