//! The swim lanes under the stages, as a list.
//!
//! A lane says *what* goes in each cell as format-neutral [`Item`]s; the
//! HTML and SVG renderers say how items look. A new lane (language 1.1's
//! per-persona curves, does / thinks / says, backstage actions below the
//! line of visibility) is one more entry in [`LANES`] and, where it needs a
//! new kind of content, one more [`Item`] or [`Note`] variant.

use journey_check::compile::{DesiredJson, KpiJson, PromiseJson, SeverityJson};

use crate::findings::Finding;
use crate::values::{self, Status};
use crate::view::{JourneyView, Place};

/// One swim lane.
pub(crate) struct Lane {
    /// A stable key (HTML class `lane-KEY`).
    pub key: &'static str,
    pub title: &'static str,
    pub body: LaneBody,
    /// Shown even when no cell has content.
    pub always: bool,
}

pub(crate) enum LaneBody {
    /// Items per touchpoint column, and items that belong to a whole stage
    /// (shown across the stage's columns).
    Items {
        touchpoint: fn(&JourneyView<'_>, usize, usize) -> Vec<Item>,
        stage: fn(&JourneyView<'_>, usize) -> Vec<Item>,
    },
    /// The emotion curve: one drawing across every column of the journey.
    Curve,
}

/// The lanes, top to bottom.
pub(crate) const LANES: &[Lane] = &[
    Lane {
        key: "touchpoints",
        title: "Touchpoints",
        body: LaneBody::Items {
            touchpoint: touchpoint_card,
            stage: nothing,
        },
        always: true,
    },
    Lane {
        key: "emotion",
        title: "Emotion",
        body: LaneBody::Curve,
        always: true,
    },
    // Language 1.1: the customer's side of the touchpoint.
    Lane {
        key: "customer",
        title: "Does, thinks, says",
        body: LaneBody::Items {
            touchpoint: customer,
            stage: nothing,
        },
        always: false,
    },
    Lane {
        key: "pains",
        title: "Pain points and opportunities",
        body: LaneBody::Items {
            touchpoint: pains,
            stage: nothing,
        },
        always: false,
    },
    Lane {
        key: "actions",
        title: "Desired vs completed actions",
        body: LaneBody::Items {
            touchpoint: touchpoint_actions,
            stage: stage_actions,
        },
        always: false,
    },
    Lane {
        key: "promises",
        title: "Promises",
        body: LaneBody::Items {
            touchpoint: touchpoint_promises,
            stage: stage_promises,
        },
        always: false,
    },
    // The service blueprint: what the customer does not see, last.
    Lane {
        key: "backstage",
        title: "Backstage (below the line of visibility)",
        body: LaneBody::Items {
            touchpoint: backstage,
            stage: nothing,
        },
        always: false,
    },
];

/// A piece of a cell.
#[derive(Clone, Debug)]
pub(crate) enum Item {
    /// The cell's heading (a touchpoint's or stage's label).
    Title(String),
    /// "Channel: Web".
    Field { name: &'static str, value: String },
    /// A marked statement: a pain, an opportunity, a moment of truth, a
    /// promise, a KPI, an expectation.
    Note {
        kind: Note,
        text: String,
        /// A second line: the pain's opportunity, where a promise is kept.
        detail: Option<String>,
    },
    /// A desired action: its completed rate against its target.
    Meter {
        label: String,
        rate: Option<f64>,
        target: Option<f64>,
        status: Status,
        figures: String,
    },
    /// A diagnostic of the checker.
    Finding(Finding),
    /// Plain prose (a description or doc comment).
    Prose(String),
}

/// What a note is: each has a word and a symbol, so colour is never the
/// only cue.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Note {
    Pain(Option<SeverityJson>),
    Opportunity,
    Moment { weak: bool },
    Expects,
    Promise { broken: bool },
    Keeps,
    Kpi(Status),
    Does,
    Thinks,
    Says,
    Backstage,
    System,
}

impl Note {
    /// The visible word(s) in front of the text.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Note::Pain(Some(SeverityJson::High)) => "High pain",
            Note::Pain(Some(SeverityJson::Medium)) => "Medium pain",
            Note::Pain(Some(SeverityJson::Low)) => "Low pain",
            Note::Pain(None) => "Pain",
            Note::Opportunity => "Opportunity",
            Note::Moment { weak: false } => "Moment of truth",
            Note::Moment { weak: true } => "Weak moment of truth",
            Note::Expects => "Expects",
            Note::Promise { broken: false } => "Promise",
            Note::Promise { broken: true } => "Broken promise",
            Note::Keeps => "Keeps promise",
            Note::Kpi(_) => "KPI",
            Note::Does => "Does",
            Note::Thinks => "Thinks",
            Note::Says => "Says",
            Note::Backstage => "Backstage",
            Note::System => "System",
        }
    }

    /// A shape that tells the kind without colour.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Note::Pain(Some(SeverityJson::High)) => "▲",
            Note::Pain(Some(SeverityJson::Medium)) => "◆",
            Note::Pain(Some(SeverityJson::Low)) => "●",
            Note::Pain(None) => "○",
            Note::Opportunity => "➜",
            Note::Moment { .. } => "★",
            Note::Expects => "❝",
            Note::Promise { broken: false } => "✉",
            Note::Promise { broken: true } => "✉✗",
            Note::Keeps => "✓",
            Note::Kpi(status) => status.symbol(),
            Note::Does => "▸",
            Note::Thinks => "…",
            Note::Says => "❞",
            Note::Backstage => "⚙",
            Note::System => "▣",
        }
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Note::Pain(Some(SeverityJson::High)) => "pain high",
            Note::Pain(Some(SeverityJson::Medium)) => "pain medium",
            Note::Pain(Some(SeverityJson::Low)) => "pain low",
            Note::Pain(None) => "pain",
            Note::Opportunity => "opportunity",
            Note::Moment { weak: false } => "moment",
            Note::Moment { weak: true } => "moment weak",
            Note::Expects => "expects",
            Note::Promise { broken: false } => "promise",
            Note::Promise { broken: true } => "promise broken",
            Note::Keeps => "keeps",
            Note::Kpi(status) => match status {
                Status::Met => "kpi met",
                Status::Missed => "kpi missed",
                Status::Unknown | Status::NoTarget => "kpi unknown",
            },
            Note::Does => "does",
            Note::Thinks => "thinks",
            Note::Says => "says",
            Note::Backstage => "backstage",
            Note::System => "system",
        }
    }
}

fn nothing(_: &JourneyView<'_>, _: usize) -> Vec<Item> {
    Vec::new()
}

fn touchpoint_card(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    let tp = view.touchpoint(s, t);
    let mut items = vec![Item::Title(tp.label.clone())];
    if let Some(channel) = &tp.channel {
        items.push(Item::Field {
            name: "Channel",
            value: view.names.channel(channel).to_string(),
        });
    }
    if !tp.audience.is_empty() {
        let audience: Vec<&str> = tp
            .audience
            .iter()
            .map(|p| view.names.persona_label(p))
            .collect();
        items.push(Item::Field {
            name: "Audience",
            value: audience.join(", "),
        });
    }
    if let Some(effort) = tp.effort {
        items.push(Item::Field {
            name: "Effort",
            value: format!("{effort} of 7 (lower is easier)"),
        });
    }
    if let Some(owner) = &tp.owner {
        items.push(Item::Field {
            name: "Owner",
            value: view.names.team(owner).to_string(),
        });
    }
    let weak = tp.emotion.is_some_and(|e| (e as f64) < view.middle());
    items.extend(tp.moments_of_truth.iter().map(|m| Item::Note {
        kind: Note::Moment { weak },
        text: m.clone(),
        detail: None,
    }));
    items.extend(tp.kpis.iter().map(kpi_note));
    items.extend(prose(tp.description.as_deref(), tp.doc.as_deref()));
    items.extend(
        view.touchpoint_findings(s, t)
            .iter()
            .map(|f| Item::Finding((*f).clone())),
    );
    items
}

/// `does`, `thinks` and `says`, in that order.
fn customer(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    let tp = view.touchpoint(s, t);
    let note = |kind: Note| {
        move |text: &String| Item::Note {
            kind,
            text: text.clone(),
            detail: None,
        }
    };
    let mut items: Vec<Item> = tp.does.iter().map(note(Note::Does)).collect();
    items.extend(tp.thinks.iter().map(note(Note::Thinks)));
    items.extend(tp.says.iter().map(note(Note::Says)));
    items
}

/// Backstage actions with the team that performs them, then the systems.
fn backstage(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    let tp = view.touchpoint(s, t);
    let mut items: Vec<Item> = tp
        .backstage
        .iter()
        .map(|b| Item::Note {
            kind: Note::Backstage,
            text: b.text.clone(),
            detail: b.team.as_ref().map(|team| format!("By: {team}")),
        })
        .collect();
    items.extend(tp.systems.iter().map(|system| Item::Note {
        kind: Note::System,
        text: system.clone(),
        detail: None,
    }));
    items
}

fn pains(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    let tp = view.touchpoint(s, t);
    let mut items: Vec<Item> = tp
        .pains
        .iter()
        .map(|pain| Item::Note {
            kind: Note::Pain(pain.severity),
            text: pain.text.clone(),
            detail: match pain.opportunities.as_slice() {
                [] => Some("no opportunity recorded".to_string()),
                list => Some(format!("Opportunity: {}", list.join("; "))),
            },
        })
        .collect();
    items.extend(tp.opportunities.iter().map(|o| Item::Note {
        kind: Note::Opportunity,
        text: o.clone(),
        detail: None,
    }));
    items
}

fn touchpoint_actions(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    view.touchpoint(s, t).desired.iter().map(meter).collect()
}

fn stage_actions(view: &JourneyView<'_>, s: usize) -> Vec<Item> {
    view.stage(s).desired.iter().map(meter).collect()
}

fn touchpoint_promises(view: &JourneyView<'_>, s: usize, t: usize) -> Vec<Item> {
    let tp = view.touchpoint(s, t);
    promise_items(view, &tp.promises, &tp.keeps)
}

fn stage_promises(view: &JourneyView<'_>, s: usize) -> Vec<Item> {
    let stage = view.stage(s);
    promise_items(view, &stage.promises, &stage.keeps)
}

fn promise_items(view: &JourneyView<'_>, made: &[PromiseJson], keeps: &[String]) -> Vec<Item> {
    let mut items: Vec<Item> = made
        .iter()
        .map(|promise| {
            let kept: Vec<Place> = view
                .promises
                .get(promise.id.as_str())
                .map(|w| w.kept.clone())
                .unwrap_or_default();
            let detail = if kept.is_empty() {
                "never kept later in the journey".to_string()
            } else {
                let places: Vec<String> = kept.iter().map(|p| view.place_name(*p)).collect();
                format!("kept at {}", places.join(", "))
            };
            Item::Note {
                kind: Note::Promise {
                    broken: kept.is_empty(),
                },
                text: promise.text.clone(),
                detail: Some(detail),
            }
        })
        .collect();
    items.extend(keeps.iter().map(|id| {
        let (text, detail) = match view.promises.get(id.as_str()) {
            Some(way) => (
                promise_text(view, way.made, id)
                    .unwrap_or(id.as_str())
                    .to_string(),
                format!("made at {}", view.place_name(way.made)),
            ),
            None => (id.clone(), "made nowhere in this journey".to_string()),
        };
        Item::Note {
            kind: Note::Keeps,
            text,
            detail: Some(detail),
        }
    }));
    items
}

fn promise_text<'a>(view: &JourneyView<'a>, made: Place, id: &str) -> Option<&'a str> {
    let promises = match made.touchpoint {
        Some(t) => &view.touchpoint(made.stage, t).promises,
        None => &view.stage(made.stage).promises,
    };
    promises
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.text.as_str())
}

fn meter(desired: &DesiredJson) -> Item {
    Item::Meter {
        label: desired.label.clone(),
        rate: values::completed_rate(desired),
        target: desired.target.map(|t| t.0.clamp(0.0, 100.0)),
        status: match (desired.met, &desired.completed, desired.target) {
            (None, Some(_), None) => Status::NoTarget,
            (met, _, _) => Status::of(met),
        },
        figures: values::desired_figures(desired),
    }
}

pub(crate) fn kpi_note(kpi: &KpiJson) -> Item {
    let status = Status::of(kpi.met);
    Item::Note {
        kind: Note::Kpi(status),
        text: format!("{} — {}", kpi.label, status.word()),
        detail: Some(values::kpi_figures(kpi)),
    }
}

fn prose(description: Option<&str>, doc: Option<&str>) -> Option<Item> {
    description
        .or(doc)
        .map(|text| Item::Prose(text.to_string()))
}

/// The items of a stage's header: owner, expectations, KPIs, description
/// and the stage's own findings.
pub(crate) fn stage_header(view: &JourneyView<'_>, s: usize) -> Vec<Item> {
    let stage = view.stage(s);
    let mut items = vec![Item::Title(stage.label.clone())];
    if let Some(owner) = &stage.owner {
        items.push(Item::Field {
            name: "Owner",
            value: view.names.team(owner).to_string(),
        });
    }
    items.extend(stage.expects.iter().map(|e| Item::Note {
        kind: Note::Expects,
        text: e.clone(),
        detail: None,
    }));
    items.extend(stage.kpis.iter().map(kpi_note));
    items.extend(prose(stage.description.as_deref(), stage.doc.as_deref()));
    items.extend(
        view.stage_findings(s)
            .iter()
            .map(|f| Item::Finding((*f).clone())),
    );
    items
}
