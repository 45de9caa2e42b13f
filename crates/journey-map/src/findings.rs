//! The checker's diagnostics, placed on the part of the map they concern.
//!
//! A diagnostic's primary span lies inside the source of a touchpoint, a
//! stage or a journey (or outside every journey, such as an unused team).
//! The innermost of these is its [`Anchor`]: the map shows the finding as a
//! badge on that card, stage header or journey header. The compiled model
//! keeps every journey, stage and touchpoint in source order, so an anchor
//! is a path of indices into [`journey_check::compile::CompiledModel`].

use journey_check::Analysis;
use journey_syntax::{Severity, Span};

/// Where on the map a finding is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anchor {
    /// Outside every journey (the file's header).
    File,
    /// `journeys[j]`, outside its stages.
    Journey(usize),
    /// `journeys[j].stages[s]`, outside its touchpoints.
    Stage(usize, usize),
    /// `journeys[j].stages[s].touchpoints[t]`.
    Touchpoint(usize, usize, usize),
}

impl Anchor {
    /// The journey the anchor lies in, if any.
    pub fn journey(self) -> Option<usize> {
        match self {
            Anchor::File => None,
            Anchor::Journey(j) | Anchor::Stage(j, _) | Anchor::Touchpoint(j, _, _) => Some(j),
        }
    }
}

/// One diagnostic of the rendered file, as the map shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub anchor: Anchor,
}

/// The analysed file's own diagnostics, each with its anchor, in source
/// order. Imported files' diagnostics are not part of this file's map.
pub fn findings(analysis: &Analysis) -> Vec<Finding> {
    let places = Places::of(analysis);
    analysis
        .diagnostics()
        .iter()
        .map(|d| Finding {
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.as_deref().map(str::to_string),
            anchor: places.anchor(d.span),
        })
        .collect()
}

/// The source spans of the journeys, stages and touchpoints, each list in
/// source order (within one level, spans do not overlap).
struct Places {
    journeys: Vec<(Span, Anchor)>,
    stages: Vec<(Span, Anchor)>,
    touchpoints: Vec<(Span, Anchor)>,
}

impl Places {
    fn of(analysis: &Analysis) -> Places {
        let model = &analysis.model;
        let mut places = Places {
            journeys: Vec::new(),
            stages: Vec::new(),
            touchpoints: Vec::new(),
        };
        for (j, journey) in model.journeys.iter().enumerate() {
            places
                .journeys
                .push((model.def(journey.def).span, Anchor::Journey(j)));
            for (s, stage) in journey.stages.iter().enumerate() {
                places
                    .stages
                    .push((model.def(stage.def).span, Anchor::Stage(j, s)));
                for (t, touchpoint) in stage.touchpoints.iter().enumerate() {
                    places
                        .touchpoints
                        .push((model.def(touchpoint.def).span, Anchor::Touchpoint(j, s, t)));
                }
            }
        }
        for list in [
            &mut places.journeys,
            &mut places.stages,
            &mut places.touchpoints,
        ] {
            list.sort_by_key(|(span, _)| (span.start, span.end));
        }
        places
    }

    /// The innermost place holding `span`'s start (a binary search per
    /// level: linear overall in the number of diagnostics and places).
    fn anchor(&self, span: Span) -> Anchor {
        [&self.touchpoints, &self.stages, &self.journeys]
            .into_iter()
            .find_map(|list| containing(list, span.start))
            .unwrap_or(Anchor::File)
    }
}

fn containing(list: &[(Span, Anchor)], offset: u32) -> Option<Anchor> {
    let after = list.partition_point(|(span, _)| span.start <= offset);
    let (span, anchor) = list.get(after.checked_sub(1)?)?;
    (offset < span.end).then_some(*anchor)
}
