//! `emotion-cliff`: a sharp drop between one rated touchpoint and the next
//! one the customer meets, per persona curve (LANGUAGE.md §10).

use std::collections::{HashMap, HashSet};

use journey_syntax::{Severity, Span};

use super::{Rule, Sink};
use crate::curves::{curve_personas, persona_rating};
use crate::model::{DefId, Emotion, Journey, Model, Touchpoint};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "emotion-cliff",
    severity: Severity::Warning,
    summary: "A rating that falls by half the scale or more from one touchpoint to the next.",
    docs: DOCS,
    unnecessary: false,
};

/// Steps of `next`-edge walks per curve: hostile graphs (many rated
/// touchpoints funnelling into long unrated chains) stay linear-ish.
const WALK_BUDGET: usize = 1_000_000;

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        if !journey.scale.is_valid() {
            continue;
        }
        let mut reported: HashSet<Span> = HashSet::new();
        for curve in curves(model, journey) {
            steps(model, journey, curve, |from, to| {
                report(model, journey, curve, from, to, &mut reported, sink);
            });
        }
    }
}

/// A rated point of a curve: the touchpoint, the rating that gives its value.
type Point<'a> = (&'a Touchpoint, &'a Emotion, i64);

/// The audience-wide curve (`None`), then one per persona rated on its own
/// somewhere in the journey (the map draws the same curves: see
/// [`crate::curves`]).
fn curves(model: &Model, journey: &Journey) -> Vec<Option<DefId>> {
    let own = journey
        .touchpoints()
        .flat_map(|(_, tp)| tp.persona_emotions.iter())
        .filter_map(|e| e.persona.and_then(|r| model.resolve(r)));
    std::iter::once(None)
        .chain(curve_personas(own).into_iter().map(Some))
        .collect()
}

/// A touchpoint's value on a curve: a persona's own rating where there is
/// one, else the audience-wide rating if the persona meets the touchpoint.
fn point<'a>(
    model: &Model,
    journey: &Journey,
    tp: &'a Touchpoint,
    curve: Option<DefId>,
) -> Option<Point<'a>> {
    let rated = |e: &'a Emotion| journey.counts(e).map(|v| (tp, e, v));
    let Some(persona) = curve else {
        return tp.emotion.as_ref().and_then(rated);
    };
    let own = tp
        .persona_emotions
        .iter()
        .find(|e| e.persona.and_then(|r| model.resolve(r)) == Some(persona));
    // Only looked up when needed: the audience is a walk over references.
    let meets = own.is_none()
        && model
            .audience_personas(model.audience(journey, tp))
            .contains(&persona);
    persona_rating(own, tp.emotion.as_ref(), meets).and_then(rated)
}

/// Each pair of consecutive rated points the customer meets, to `each`:
/// along `next` edges where the journey uses them (skipping unrated
/// touchpoints), else in source order across the stages.
fn steps<'a>(
    model: &Model,
    journey: &'a Journey,
    curve: Option<DefId>,
    mut each: impl FnMut(Point<'a>, Point<'a>),
) {
    if !journey.flow.uses_next {
        let mut rated = journey
            .touchpoints()
            .filter_map(|(_, tp)| point(model, journey, tp, curve));
        let Some(mut before) = rated.next() else {
            return;
        };
        for point in rated {
            each(before, point);
            before = point;
        }
        return;
    }
    let points: Vec<Option<Point<'a>>> = journey
        .touchpoints()
        .map(|(_, tp)| point(model, journey, tp, curve))
        .collect();
    let index: HashMap<DefId, usize> = journey
        .touchpoints()
        .enumerate()
        .map(|(i, (_, tp))| (tp.def, i))
        .collect();
    let successors = Successors::new(
        points.len(),
        journey
            .flow
            .edges
            .iter()
            .filter_map(|edge| Some((*index.get(&edge.from)?, *index.get(&edge.to)?))),
    );
    let mut budget = WALK_BUDGET;
    // One set and one stack for every walk: a large journey has thousands.
    let mut seen = HashSet::new();
    let mut stack: Vec<usize> = Vec::new();
    for (start, from) in points.iter().enumerate() {
        let Some(from) = from else { continue };
        seen.clear();
        seen.insert(start);
        stack.clear();
        stack.extend_from_slice(successors.of(start));
        while let Some(node) = stack.pop() {
            if budget == 0 {
                return;
            }
            budget -= 1;
            if !seen.insert(node) {
                continue;
            }
            match points[node] {
                Some(to) => each(*from, to),
                None => stack.extend_from_slice(successors.of(node)),
            }
        }
    }
}

/// The distinct successors of each touchpoint (by index), in the order of
/// the edges: one list for all, not one allocation per touchpoint.
struct Successors {
    /// `targets[starts[i]..starts[i + 1]]` are the successors of `i`.
    starts: Vec<usize>,
    targets: Vec<usize>,
}

impl Successors {
    fn new(nodes: usize, edges: impl Iterator<Item = (usize, usize)>) -> Successors {
        let mut edges: Vec<(usize, usize)> = edges.collect();
        // Stable: each touchpoint's successors keep the edges' order.
        edges.sort_by_key(|&(from, _)| from);
        let mut distinct = HashSet::with_capacity(edges.len());
        let mut starts = Vec::with_capacity(nodes + 1);
        let mut targets = Vec::with_capacity(edges.len());
        let mut edge = 0;
        for node in 0..nodes {
            starts.push(targets.len());
            while edge < edges.len() && edges[edge].0 == node {
                if distinct.insert(edges[edge]) {
                    targets.push(edges[edge].1);
                }
                edge += 1;
            }
        }
        starts.push(targets.len());
        Successors { starts, targets }
    }

    fn of(&self, node: usize) -> &[usize] {
        &self.targets[self.starts[node]..self.starts[node + 1]]
    }
}

fn report(
    model: &Model,
    journey: &Journey,
    curve: Option<DefId>,
    (from_tp, from, a): Point<'_>,
    (to_tp, to, b): Point<'_>,
    reported: &mut HashSet<Span>,
    sink: &mut Sink,
) {
    let width = journey.scale.max - journey.scale.min;
    // Half the width, rounded up: 2 on 1..5, 5 on 0..10, 3 on 1..7.
    let threshold = (width + 1) / 2;
    let drop = a.saturating_sub(b);
    if drop < threshold || !reported.insert(to.value.span) {
        return;
    }
    let persona = curve.map_or(String::new(), |p| format!(" for `{}`", model.def(p).id));
    sink.root(
        RULE.diagnostic(
            to.value.span,
            format!(
                "emotion falls from {a} at `{}` to {b} at `{}`{persona}: a drop of {drop} on {}..{}",
                model.def(from_tp.def).id,
                model.def(to_tp.def).id,
                journey.scale.min,
                journey.scale.max
            ),
        )
        .with_label(from.value.span, "the rating before")
        .with_help("a sharp drop is where customers give up: smooth the step between the two touchpoints"),
    );
}

pub const DOCS: &str = r#"## What it does

Reports a rating that falls by at least half the scale's width (`(max − min) / 2`, rounded up:
2 on `1..5`) from one rated touchpoint to the next rated one the customer meets. In a journey
that uses `next`, "the next one" follows the `next` edges (unrated touchpoints in between are
skipped); otherwise it is the source order across the journey's stages. Each persona's curve is
compared on its own: a persona's own rating (`emotion 2 for buyer`) where there is one, else the
audience-wide rating of the touchpoints it meets. The diagnostic points at the later rating.

## Why it matters

Customers forgive a low point they saw coming; a cliff — delight followed by frustration — is
where they abandon the journey and tell others. A curve's average hides it; comparing
neighbours does not.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint form "Booking form" { channel web emotion 5 }
        touchpoint pay "Payment" { channel web emotion 2 }
    }
}
```

## Fix

Improve the later touchpoint, or add the step that is missing between the two (a confirmation,
a status message). When the drop is expected and accepted, set `emotion-cliff = "allow"` under
`[lints]` in `journey.toml`.
"#;
