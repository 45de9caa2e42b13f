//! Mermaid `journey` diagrams, for pasting into Markdown (GitHub renders
//! them): title = the journey's label, one `section` per stage, one task per
//! touchpoint with its emotion mapped linearly onto Mermaid's 1..5, actors =
//! the touchpoint's audience.

use std::fmt::Write;

use journey_check::compile::{CompiledModel, JourneyJson, TouchpointJson};

use crate::escape::mermaid as clean;
use crate::view::{rated, Names};

/// One diagram per journey of the file, separated by a blank line (Mermaid
/// draws one diagram per block: paste each into its own fenced block).
pub fn diagrams(model: &CompiledModel, only: Option<usize>) -> String {
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
    let (score, unrated) = match rated(journey, tp) {
        Some(emotion) => (score(emotion, journey.scale.min, journey.scale.max), ""),
        // Mermaid needs a score: an unrated touchpoint sits in the middle
        // and says so in its name.
        None => (3, " (not rated)"),
    };
    let name = format!("{}{unrated}", clean(&tp.label, &tp.id, false));
    let _ = write!(out, "      {name}: {score}");
    let actors: Vec<String> = tp
        .audience
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
pub fn score(emotion: i64, min: i64, max: i64) -> i64 {
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
