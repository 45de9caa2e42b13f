//! The emotion curve: one line across every column of a journey, y on the
//! declared scale. Drawn as SVG elements with classes (styled by the page's
//! or the SVG's stylesheet), shared by the HTML map and the standalone SVG.

use std::fmt::Write;

use crate::escape::Xml;
use crate::text::truncate;
use crate::view::JourneyView;

/// Room above the scale for moment-of-truth names and below it for the
/// "lowest" marks.
const TOP: f64 = 44.0;
const BOTTOM: f64 = 34.0;
/// The left margin inside the first column where the scale's labels stand.
const AXIS: f64 = 34.0;

/// The drawing's size for `columns` columns of `column` pixels.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub column: f64,
    pub height: f64,
}

impl Frame {
    pub fn width(&self, columns: usize) -> f64 {
        self.column * columns.max(1) as f64
    }

    fn x(&self, slot: usize) -> f64 {
        // Centred in its column, but never over the axis labels.
        (self.column * (slot as f64 + 0.5)).max(AXIS + 8.0)
    }

    fn y(&self, view: &JourneyView<'_>, emotion: f64) -> f64 {
        let (min, max) = view.scale();
        let span = (max as f64 - min as f64).max(1.0);
        let plot = self.height - TOP - BOTTOM;
        TOP + (max as f64 - emotion) / span * plot
    }
}

/// The ids of the curve's `<title>` and `<desc>` (for `aria-labelledby`).
pub fn ids(view: &JourneyView<'_>) -> (String, String) {
    (
        format!("j{}-curve-title", view.index),
        format!("j{}-curve-desc", view.index),
    )
}

/// A one-sentence summary of the curve (its `<title>`).
pub fn title(view: &JourneyView<'_>) -> String {
    let (min, max) = view.scale();
    format!(
        "Emotion curve of {} on a scale of {min} to {max} (higher is better)",
        view.journey.label
    )
}

/// The curve in words (its `<desc>`): every rated touchpoint in order, with
/// the lowest points and the moments of truth named.
pub fn description(view: &JourneyView<'_>) -> String {
    if view.points.is_empty() {
        return "No touchpoint is rated.".to_string();
    }
    let mut text = String::new();
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

/// Writes the curve's elements (no `<svg>` element around them).
pub fn draw(out: &mut String, view: &JourneyView<'_>, frame: Frame) {
    let width = frame.width(view.slots.len());
    axis(out, view, frame, width);
    line(out, view, frame);
    unrated(out, view, frame);
    for point in &view.points {
        mark(out, view, frame, *point);
    }
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
