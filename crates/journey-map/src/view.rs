//! What every renderer needs to know about a journey, computed once from the
//! compiled model: the columns (one per touchpoint, one for an empty stage),
//! the rated points of the curve, display names, where each promise is made
//! and kept, and the findings of each place.

use std::collections::HashMap;

use journey_check::compile::{
    CompiledModel, JourneyJson, PersonaJson, PhaseJson, StageJson, TouchpointJson,
};
use journey_check::curves::{persona_curves, PersonaCurve};

use crate::findings::{Anchor, Finding};

/// Display names of the file's teams, channels and personas.
pub(crate) struct Names<'a> {
    teams: HashMap<&'a str, &'a str>,
    channels: HashMap<&'a str, &'a str>,
    personas: HashMap<&'a str, &'a PersonaJson>,
}

impl<'a> Names<'a> {
    pub(crate) fn of(model: &'a CompiledModel) -> Names<'a> {
        Names {
            teams: model
                .teams
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str()))
                .collect(),
            channels: model
                .channels
                .iter()
                .map(|c| (c.id.as_str(), c.label.as_str()))
                .collect(),
            personas: model.personas.iter().map(|p| (p.id.as_str(), p)).collect(),
        }
    }

    pub(crate) fn team<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.teams.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn channel<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.channels.get(id).copied().unwrap_or(id)
    }

    pub(crate) fn persona_label<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.personas.get(id).map_or(id, |p| p.label.as_str())
    }

    pub(crate) fn persona(&self, id: &str) -> Option<&'a PersonaJson> {
        self.personas.get(id).copied()
    }
}

/// One column of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub stage: usize,
    /// `None`: the column of a stage without touchpoints.
    pub touchpoint: Option<usize>,
}

/// A rated touchpoint: a point of the emotion curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Point {
    pub slot: usize,
    pub stage: usize,
    pub touchpoint: usize,
    pub emotion: i64,
}

/// A point of a persona's curve, placed in its column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PersonaPoint<'a> {
    pub point: Point,
    pub feeling: Option<&'a str>,
    /// The persona's own rating (`false`: the audience-wide one).
    pub own: bool,
}

/// One persona's curve (LANGUAGE.md §10), as `journey_check::curves`
/// defines it, with its points placed in the map's columns.
#[derive(Clone, Debug)]
pub(crate) struct PersonaLine<'a> {
    pub persona: &'a str,
    pub label: &'a str,
    pub points: Vec<PersonaPoint<'a>>,
}

/// Where a promise is made or kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub stage: usize,
    pub touchpoint: Option<usize>,
}

/// A promise with where it is made and every place that keeps it.
#[derive(Clone, Debug)]
pub(crate) struct PromiseWay {
    pub made: Place,
    pub kept: Vec<Place>,
}

/// A run of consecutive stages in the same phase.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PhaseGroup {
    pub phase: Option<PhaseJson>,
    pub stages: usize,
    pub slots: usize,
}

pub(crate) struct JourneyView<'a> {
    pub index: usize,
    pub journey: &'a JourneyJson,
    pub names: &'a Names<'a>,
    pub slots: Vec<Slot>,
    /// The first slot of each stage and how many it has (at least one).
    pub stage_slots: Vec<(usize, usize)>,
    pub phases: Vec<PhaseGroup>,
    pub points: Vec<Point>,
    /// One curve per persona rated on its own somewhere (none in a journey
    /// without `emotion … for`: such a map looks as in language 1.0).
    pub persona_lines: Vec<PersonaLine<'a>>,
    /// The lowest rating, when the curve has a low point worth marking: at
    /// least two rated touchpoints and not all equal (as `lowest-emotion`).
    pub lowest: Option<i64>,
    pub promises: HashMap<&'a str, PromiseWay>,
    findings: HashMap<Anchor, Vec<&'a Finding>>,
}

impl<'a> JourneyView<'a> {
    pub(crate) fn new(
        index: usize,
        journey: &'a JourneyJson,
        names: &'a Names<'a>,
        findings: &'a [Finding],
    ) -> JourneyView<'a> {
        let mut slots = Vec::new();
        let mut stage_slots = Vec::with_capacity(journey.stages.len());
        let mut points = Vec::new();
        for (s, stage) in journey.stages.iter().enumerate() {
            stage_slots.push((slots.len(), stage.touchpoints.len().max(1)));
            if stage.touchpoints.is_empty() {
                slots.push(Slot {
                    stage: s,
                    touchpoint: None,
                });
            }
            for (t, tp) in stage.touchpoints.iter().enumerate() {
                if let Some(emotion) = rated(journey, tp) {
                    points.push(Point {
                        slot: slots.len(),
                        stage: s,
                        touchpoint: t,
                        emotion,
                    });
                }
                slots.push(Slot {
                    stage: s,
                    touchpoint: Some(t),
                });
            }
        }
        let lowest = lowest_mark(&points);
        let persona_lines = persona_curves(journey)
            .into_iter()
            .map(|curve| persona_line(curve, &stage_slots, names))
            .collect();
        let mut by_anchor: HashMap<Anchor, Vec<&Finding>> = HashMap::new();
        for finding in findings
            .iter()
            .filter(|f| f.anchor.journey() == Some(index))
        {
            by_anchor.entry(finding.anchor).or_default().push(finding);
        }
        JourneyView {
            index,
            journey,
            names,
            phases: phase_groups(journey, &stage_slots),
            slots,
            stage_slots,
            points,
            persona_lines,
            lowest,
            promises: promise_ways(journey),
            findings: by_anchor,
        }
    }

    pub(crate) fn stage(&self, s: usize) -> &'a StageJson {
        &self.journey.stages[s]
    }

    pub(crate) fn touchpoint(&self, s: usize, t: usize) -> &'a TouchpointJson {
        &self.journey.stages[s].touchpoints[t]
    }

    pub(crate) fn findings(&self, anchor: Anchor) -> &[&'a Finding] {
        self.findings.get(&anchor).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn journey_findings(&self) -> &[&'a Finding] {
        self.findings(Anchor::Journey(self.index))
    }

    pub(crate) fn stage_findings(&self, s: usize) -> &[&'a Finding] {
        self.findings(Anchor::Stage(self.index, s))
    }

    pub(crate) fn touchpoint_findings(&self, s: usize, t: usize) -> &[&'a Finding] {
        self.findings(Anchor::Touchpoint(self.index, s, t))
    }

    /// How a place is named on the map: "Landing page (Search)".
    pub(crate) fn place_name(&self, place: Place) -> String {
        let stage = self.stage(place.stage);
        match place.touchpoint {
            Some(t) => format!(
                "{} ({})",
                self.touchpoint(place.stage, t).label,
                stage.label
            ),
            None => format!("stage {}", stage.label),
        }
    }

    /// The scale's bounds, as declared (or the default 1..5).
    pub(crate) fn scale(&self) -> (i64, i64) {
        (self.journey.scale.min, self.journey.scale.max)
    }

    /// The middle of the scale: a moment of truth rated below it is weak.
    pub(crate) fn middle(&self) -> f64 {
        let (min, max) = self.scale();
        (min as f64 + max as f64) / 2.0
    }

    pub(crate) fn is_lowest(&self, emotion: i64) -> bool {
        self.lowest == Some(emotion)
    }
}

/// A touchpoint's emotion when it lies on the scale (a file with errors is
/// never rendered, but the map must not draw off its own axis either).
pub(crate) fn rated(journey: &JourneyJson, tp: &TouchpointJson) -> Option<i64> {
    let emotion = tp.emotion?;
    let (min, max) = (journey.scale.min, journey.scale.max);
    (min < max && (min..=max).contains(&emotion)).then_some(emotion)
}

fn persona_line<'a>(
    curve: PersonaCurve<'a>,
    stage_slots: &[(usize, usize)],
    names: &Names<'a>,
) -> PersonaLine<'a> {
    PersonaLine {
        persona: curve.persona,
        label: names.persona_label(curve.persona),
        points: curve
            .points
            .iter()
            .map(|p| PersonaPoint {
                point: Point {
                    // A stage with touchpoints has one column per touchpoint.
                    slot: stage_slots[p.stage].0 + p.touchpoint,
                    stage: p.stage,
                    touchpoint: p.touchpoint,
                    emotion: p.value,
                },
                feeling: p.feeling,
                own: p.own,
            })
            .collect(),
    }
}

fn lowest_mark(points: &[Point]) -> Option<i64> {
    let lowest = points.iter().map(|p| p.emotion).min()?;
    let highest = points.iter().map(|p| p.emotion).max()?;
    (points.len() >= 2 && lowest < highest).then_some(lowest)
}

fn phase_groups(journey: &JourneyJson, stage_slots: &[(usize, usize)]) -> Vec<PhaseGroup> {
    let mut groups: Vec<PhaseGroup> = Vec::new();
    for (s, stage) in journey.stages.iter().enumerate() {
        let slots = stage_slots[s].1;
        match groups.last_mut() {
            Some(group) if same_phase(group.phase, stage.phase) => {
                group.stages += 1;
                group.slots += slots;
            }
            _ => groups.push(PhaseGroup {
                phase: stage.phase,
                stages: 1,
                slots,
            }),
        }
    }
    groups
}

fn same_phase(a: Option<PhaseJson>, b: Option<PhaseJson>) -> bool {
    phase_key(a) == phase_key(b)
}

fn phase_key(phase: Option<PhaseJson>) -> u8 {
    match phase {
        None => 0,
        Some(PhaseJson::PrePurchase) => 1,
        Some(PhaseJson::Usage) => 2,
    }
}

pub(crate) fn phase_name(phase: Option<PhaseJson>) -> &'static str {
    match phase {
        None => "Phase not set",
        Some(PhaseJson::PrePurchase) => "Pre-purchase",
        Some(PhaseJson::Usage) => "Usage",
    }
}

fn promise_ways(journey: &JourneyJson) -> HashMap<&str, PromiseWay> {
    let mut ways: HashMap<&str, PromiseWay> = HashMap::new();
    for (s, stage) in journey.stages.iter().enumerate() {
        let here = Place {
            stage: s,
            touchpoint: None,
        };
        for promise in &stage.promises {
            ways.entry(&promise.id).or_insert(PromiseWay {
                made: here,
                kept: Vec::new(),
            });
        }
        for (t, tp) in stage.touchpoints.iter().enumerate() {
            let here = Place {
                stage: s,
                touchpoint: Some(t),
            };
            for promise in &tp.promises {
                ways.entry(&promise.id).or_insert(PromiseWay {
                    made: here,
                    kept: Vec::new(),
                });
            }
        }
    }
    for (s, stage) in journey.stages.iter().enumerate() {
        let keeps = stage.keeps.iter().map(|k| (k, None));
        let tp_keeps = stage
            .touchpoints
            .iter()
            .enumerate()
            .flat_map(|(t, tp)| tp.keeps.iter().map(move |k| (k, Some(t))));
        for (id, touchpoint) in keeps.chain(tp_keeps) {
            if let Some(way) = ways.get_mut(id.as_str()) {
                way.kept.push(Place {
                    stage: s,
                    touchpoint,
                });
            }
        }
    }
    ways
}
