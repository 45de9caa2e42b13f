//! Per-persona emotion curves (LANGUAGE.md §10): "a persona's curve uses
//! its own rating where there is one, else the audience-wide one".
//!
//! One definition for everything that follows a persona's curve: the
//! `emotion-cliff` rule (on the resolved model, where it needs spans) and
//! the map (on the compiled model, which is all a renderer may read) both
//! use [`curve_personas`] for *which* curves exist and [`persona_rating`]
//! for *which* rating a touchpoint contributes; [`persona_curves`] applies
//! them to a compiled journey.

use std::collections::HashSet;
use std::hash::Hash;

use crate::compile::{EmotionJson, JourneyJson, MinMax, TouchpointJson};

/// The personas that get a curve of their own: each persona rated on its
/// own (`emotion … for p`) somewhere, in order of first appearance. The
/// audience-wide curve is separate and always exists.
pub fn curve_personas<P: Hash + Eq + Clone>(own_ratings: impl IntoIterator<Item = P>) -> Vec<P> {
    let mut seen = HashSet::new();
    own_ratings
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

/// The rating a touchpoint contributes to a persona's curve: the persona's
/// own rating when it has one (even one that does not count, e.g. off the
/// scale: an own rating is never replaced by the audience-wide one), else
/// the audience-wide rating when the persona `meets` the touchpoint (is in
/// its audience), else none: the curve skips the touchpoint.
pub fn persona_rating<E>(own: Option<E>, audience_wide: Option<E>, meets: bool) -> Option<E> {
    match own {
        Some(own) => Some(own),
        None if meets => audience_wide,
        None => None,
    }
}

/// One persona's curve in a compiled journey.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonaCurve<'a> {
    /// The persona's id.
    pub persona: &'a str,
    /// The touchpoints on the curve, in source order across the stages.
    pub points: Vec<CurvePoint<'a>>,
}

/// A touchpoint on a persona's curve.
#[derive(Clone, Debug, PartialEq)]
pub struct CurvePoint<'a> {
    /// Indexes into `journey.stages` and that stage's `touchpoints`.
    pub stage: usize,
    pub touchpoint: usize,
    pub value: i64,
    pub feeling: Option<&'a str>,
    /// The persona's own rating (`false`: the audience-wide one).
    pub own: bool,
}

/// Every per-persona curve of a compiled journey (none in a journey without
/// `emotion … for`). Ratings off the journey's scale do not count, as in
/// the checks.
pub fn persona_curves(journey: &JourneyJson) -> Vec<PersonaCurve<'_>> {
    let touchpoints = || {
        journey.stages.iter().enumerate().flat_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .enumerate()
                .map(move |(t, tp)| (s, t, tp))
        })
    };
    let personas = curve_personas(
        touchpoints()
            .flat_map(|(_, _, tp)| tp.emotions.iter())
            .filter_map(|e| e.persona.as_deref()),
    );
    personas
        .into_iter()
        .map(|persona| PersonaCurve {
            persona,
            points: touchpoints()
                .filter_map(|(s, t, tp)| point(journey.scale, s, t, tp, persona))
                .collect(),
        })
        .collect()
}

fn point<'a>(
    scale: MinMax,
    stage: usize,
    touchpoint: usize,
    tp: &'a TouchpointJson,
    persona: &str,
) -> Option<CurvePoint<'a>> {
    let own = tp
        .emotions
        .iter()
        .find(|e| e.persona.as_deref() == Some(persona));
    let wide = tp.emotions.iter().find(|e| e.persona.is_none());
    let meets = tp.audience.iter().any(|p| p == persona);
    let rating: &EmotionJson = persona_rating(own, wide, meets)?;
    counts(scale, rating.value).then(|| CurvePoint {
        stage,
        touchpoint,
        value: rating.value,
        feeling: rating.feeling.as_deref(),
        own: own.is_some(),
    })
}

/// A rating counts when the scale is valid and holds it.
fn counts(scale: MinMax, value: i64) -> bool {
    scale.min < scale.max && (scale.min..=scale.max).contains(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, CompiledModel};
    use crate::{check_file, MemoryFileSystem};

    const PERSONAS: &str = "persona buyer \"Buyer\" {}\npersona user \"User\" {}\n";

    fn compiled(touchpoints: &str) -> CompiledModel {
        let source = format!(
            "{PERSONAS}journey j \"J\" {{\n    for buyer, user\n    stage s {{\n{touchpoints}    }}\n}}\n"
        );
        let path = std::path::Path::new("/mem/curves.journey");
        let fs = MemoryFileSystem::new().with(path, source);
        compile(&check_file(&fs, path).analysis)
    }

    fn values(curve: &PersonaCurve<'_>) -> Vec<(usize, i64, bool)> {
        curve
            .points
            .iter()
            .map(|p| (p.touchpoint, p.value, p.own))
            .collect()
    }

    #[test]
    fn a_persona_curve_uses_its_own_rating_else_the_audience_wide_one() {
        let model = compiled(concat!(
            // Both meet it, only the audience-wide rating: both inherit it.
            "touchpoint t0 { emotion 4 }\n",
            // The buyer's own rating replaces the audience-wide one.
            "touchpoint t1 {\n emotion 3 \"fine\"\n emotion 1 \"worried\" for buyer\n }\n",
            // Not rated at all: on no curve.
            "touchpoint t2 { channel web }\n",
            // The user is not in this touchpoint's audience: no fallback.
            "touchpoint t3 {\n for buyer\n emotion 5\n }\n",
            // The user's own rating: the user's curve appears second.
            "touchpoint t4 { emotion 2 for user }\n",
        ));
        let curves = persona_curves(&model.journeys[0]);
        let personas: Vec<&str> = curves.iter().map(|c| c.persona).collect();
        assert_eq!(personas, ["buyer", "user"]);
        assert_eq!(
            values(&curves[0]),
            [(0, 4, false), (1, 1, true), (3, 5, false)]
        );
        assert_eq!(curves[0].points[1].feeling, Some("worried"));
        assert_eq!(
            values(&curves[1]),
            [(0, 4, false), (1, 3, false), (4, 2, true)]
        );
        assert_eq!(curves[1].points[1].feeling, Some("fine"));
    }

    #[test]
    fn no_own_rating_means_no_persona_curve() {
        let model = compiled("touchpoint t0 { emotion 4 }\ntouchpoint t1 { emotion 2 }\n");
        assert!(persona_curves(&model.journeys[0]).is_empty());
    }

    #[test]
    fn an_own_rating_off_the_scale_is_not_replaced_by_the_audience_wide_one() {
        let model = compiled(concat!(
            "touchpoint t0 {\n emotion 3\n emotion 9 for buyer\n }\n",
            "touchpoint t1 { emotion 4 }\n",
        ));
        let curves = persona_curves(&model.journeys[0]);
        assert_eq!(values(&curves[0]), [(1, 4, false)]);
    }

    #[test]
    fn one_rating_for_several_personas_rates_each() {
        let model = compiled("touchpoint t0 {\n emotion 4\n emotion 2 for user, buyer\n }\n");
        let curves = persona_curves(&model.journeys[0]);
        let personas: Vec<&str> = curves.iter().map(|c| c.persona).collect();
        assert_eq!(personas, ["user", "buyer"]);
        assert!(curves.iter().all(|c| values(c) == [(0, 2, true)]));
    }

    #[test]
    fn curve_personas_keep_first_appearance_order() {
        assert_eq!(curve_personas(["b", "a", "b", "c", "a"]), ["b", "a", "c"]);
        assert_eq!(persona_rating(None, Some(3), false), None);
        assert_eq!(persona_rating(None, Some(3), true), Some(3));
        assert_eq!(persona_rating(Some(1), Some(3), false), Some(1));
    }
}
