//! Mermaid `journey` diagrams, for pasting into Markdown (GitHub renders
//! them): title = the journey's label, one `section` per stage, one task per
//! touchpoint with its emotion mapped linearly onto Mermaid's 1..5, actors =
//! the touchpoint's audience. A persona's own rating (language 1.1) is one
//! more task right after it, "Label (for Persona)", with that persona as
//! its only actor; the persona is then no actor of the audience-wide task.

use std::collections::HashSet;
use std::fmt::Write;

use journey_check::compile::{CompiledModel, JourneyJson, TouchpointJson};

use crate::escape::mermaid as clean;
use crate::view::{rated, Names};

/// One diagram per journey of the file, separated by a blank line (Mermaid
/// draws one diagram per block: paste each into its own fenced block).
pub(crate) fn diagrams(model: &CompiledModel, only: Option<usize>) -> String {
    let names = Names::of(model);
    let mut out = String::new();
    for (j, journey) in model.journeys.iter().enumerate() {
        if only.is_some_and(|o| o != j) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        diagram(&mut out, journey, &names);
    }
    out
}

fn diagram(out: &mut String, journey: &JourneyJson, names: &Names<'_>) {
    let _ = writeln!(
        out,
        "journey\n    title {}",
        clean(&journey.label, &journey.id, false)
    );
    for stage in &journey.stages {
        let _ = writeln!(out, "    section {}", clean(&stage.label, &stage.id, false));
        for tp in &stage.touchpoints {
            task(out, journey, tp, names);
        }
    }
}

fn task(out: &mut String, journey: &JourneyJson, tp: &TouchpointJson, names: &Names<'_>) {
    let (wide_score, unrated) = match rated(journey, tp) {
        Some(emotion) => (score(emotion, journey.scale.min, journey.scale.max), ""),
        // Mermaid needs a score: an unrated touchpoint sits in the middle
        // and says so in its name.
        None => (3, " (not rated)"),
    };
    let own = own_ratings(journey, tp);
    let rated_alone: HashSet<&str> = own.iter().map(|(p, _)| *p).collect();
    let name = format!("{}{unrated}", clean(&tp.label, &tp.id, false));
    // The audience-wide score speaks for the personas without a rating of
    // their own here: the others are the actors of their own tasks.
    let actors: Vec<&str> = tp
        .audience
        .iter()
        .map(String::as_str)
        .filter(|p| !rated_alone.contains(p))
        .collect();
    line(out, &name, wide_score, &actors, names);
    for (persona, value) in own {
        let name = format!(
            "{} (for {})",
            clean(&tp.label, &tp.id, false),
            clean(names.persona_label(persona), persona, false)
        );
        let own_score = score(value, journey.scale.min, journey.scale.max);
        line(out, &name, own_score, &[persona], names);
    }
}

/// The touchpoint's own ratings of personas (`emotion … for p`) that lie
/// on the scale, one per persona, in source order.
fn own_ratings<'a>(journey: &JourneyJson, tp: &'a TouchpointJson) -> Vec<(&'a str, i64)> {
    let (min, max) = (journey.scale.min, journey.scale.max);
    let mut own: Vec<(&str, i64)> = Vec::new();
    let mut seen = HashSet::new();
    for emotion in &tp.emotions {
        let Some(persona) = emotion.persona.as_deref() else {
            continue;
        };
        // The first rating of a persona is its rating (as on the curves).
        if !seen.insert(persona) {
            continue;
        }
        if min < max && (min..=max).contains(&emotion.value) {
            own.push((persona, emotion.value));
        }
    }
    own
}

/// One Mermaid task: `name: score: actor, actor`.
fn line(out: &mut String, name: &str, score: i64, actors: &[&str], names: &Names<'_>) {
    let _ = write!(out, "      {name}: {score}");
    let actors: Vec<String> = actors
        .iter()
        .map(|p| clean(names.persona_label(p), p, true))
        .collect();
    if !actors.is_empty() {
        let _ = write!(out, ": {}", actors.join(", "));
    }
    out.push('\n');
}

/// `emotion` on `min..max` mapped linearly onto 1..5 and rounded (halves
/// away from zero).
pub(crate) fn score(emotion: i64, min: i64, max: i64) -> i64 {
    if max <= min {
        return 3;
    }
    let position = (emotion as f64 - min as f64) / (max as f64 - min as f64);
    (1.0 + 4.0 * position.clamp(0.0, 1.0)).round() as i64
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn scores_map_the_declared_scale_onto_one_to_five() {
        assert_eq!(score(1, 1, 5), 1);
        assert_eq!(score(5, 1, 5), 5);
        assert_eq!(score(3, 1, 5), 3);
        assert_eq!(score(1, 1, 10), 1);
        assert_eq!(score(10, 1, 10), 5);
        // 6 on 1..10 is 1 + 4 * 5/9 = 3.22.
        assert_eq!(score(6, 1, 10), 3);
        // 2 on 1..3 is the middle.
        assert_eq!(score(2, 1, 3), 3);
        // 7 on 1..10 is 3.67, rounded up.
        assert_eq!(score(7, 1, 10), 4);
        assert_eq!(score(i64::MAX, i64::MIN, i64::MAX), 5);
    }
}
