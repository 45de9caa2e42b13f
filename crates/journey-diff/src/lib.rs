//! `journey diff`: what a change to journey maps does to the customer's
//! experience.
//!
//! Two [`Side`]s (the compiled models of LANGUAGE.md §8 and the checker's
//! findings, for the old and the new version of some files) go in; a list
//! of [`Change`]s comes out, each with a stable [`Kind`], the ids it
//! concerns, its old and new values and an [`Effect`] (better, worse or
//! neutral for the customer). [`load`] builds a side from files through a
//! [`journey_check::FileSystem`]; [`render`] turns a diff into the human,
//! markdown and JSON reports. Nothing here prints.

mod compare;
pub mod load;
pub mod render;
mod verdict;

use journey_check::compile::{CompiledModel, Number, ValueJson};
use schemars::JsonSchema;
use serde::Serialize;

pub use compare::diff;
pub use verdict::verdict;

/// The version of the JSON report.
pub const VERSION: u32 = 1;

/// One version of the compared files.
#[derive(Clone, Debug, Default)]
pub struct Side {
    /// The compiled files, each under the name that matches it with the
    /// other side (a path relative to the compared directory or repository).
    pub files: Vec<SideFile>,
    /// The checker's errors and warnings in these files and their imports.
    pub findings: Vec<Finding>,
}

/// One compiled file of a [`Side`].
#[derive(Clone, Debug)]
pub struct SideFile {
    pub name: String,
    /// Its journeys, and every team, persona and channel visible in it.
    pub model: CompiledModel,
}

/// A diagnostic of the checker, reduced to what identifies it across two
/// versions (positions move with every edit; the message names the ids).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Finding {
    pub file: String,
    pub code: String,
    pub severity: FindingSeverity,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    Error,
    Warning,
}

/// One difference between the two sides.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    pub kind: Kind,
    /// What the change does to the customer's experience.
    pub effect: Effect,
    /// The file of the new version (of the old one for what was removed).
    pub file: String,
    pub journey: Option<String>,
    /// The stage of the new version (of the old one for what was removed).
    pub stage: Option<String>,
    pub touchpoint: Option<String>,
    pub desired: Option<String>,
    pub kpi: Option<String>,
    pub promise: Option<String>,
    pub persona: Option<String>,
    /// The text of the pain point a `pain-*` or `opportunity-*` change is about.
    pub pain: Option<String>,
    /// The diagnostic code of a `diagnostic-*` change.
    pub code: Option<String>,
    /// The severity of the pain point (`low`, `medium`, `high`) or of the
    /// diagnostic (`error`, `warning`).
    pub severity: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// Whether the target is met before and after (`target`, `completion`,
    /// `kpi-target`, `kpi-actual`); `null` for other kinds.
    pub met: Option<Met>,
    /// The change in one plain-text sentence (user text not escaped).
    pub message: String,
    /// Labels for grouping in reports; not part of the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub context: Context,
}

/// The labels of the journey and stage a change belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub journey_label: Option<String>,
    pub stage_label: Option<String>,
}

/// Whether a target is met, before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Met {
    pub old: Option<bool>,
    pub new: Option<bool>,
}

/// A value before or after a change.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    Number(Number),
    Text(String),
    List(Vec<String>),
    /// A KPI value, as in the compiled model.
    Quantity(ValueJson),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Better,
    Worse,
    Neutral,
}

impl Effect {
    /// The effect of the same change made backwards.
    pub fn mirror(self) -> Effect {
        match self {
            Effect::Better => Effect::Worse,
            Effect::Worse => Effect::Better,
            Effect::Neutral => Effect::Neutral,
        }
    }
}

macro_rules! kinds {
    ($($variant:ident = $name:literal),+ $(,)?) => {
        /// The stable kind of a change.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
        pub enum Kind {
            $(#[serde(rename = $name)] $variant),+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name),+ }
            }
        }
    };
}

kinds! {
    JourneyAdded = "journey-added",
    JourneyRemoved = "journey-removed",
    JourneyRenamed = "journey-renamed",
    JourneyMoved = "journey-moved",
    Scale = "scale",
    StageAdded = "stage-added",
    StageRemoved = "stage-removed",
    StageRenamed = "stage-renamed",
    TouchpointAdded = "touchpoint-added",
    TouchpointRemoved = "touchpoint-removed",
    TouchpointRenamed = "touchpoint-renamed",
    TouchpointMoved = "touchpoint-moved",
    Channel = "channel",
    Audience = "audience",
    Emotion = "emotion",
    Effort = "effort",
    PainAdded = "pain-added",
    PainResolved = "pain-resolved",
    PainSeverity = "pain-severity",
    OpportunityAdded = "opportunity-added",
    OpportunityRemoved = "opportunity-removed",
    MomentAdded = "moment-added",
    MomentRemoved = "moment-removed",
    PromiseAdded = "promise-added",
    PromiseRemoved = "promise-removed",
    PromiseKept = "promise-kept",
    PromiseBroken = "promise-broken",
    DesiredAdded = "desired-added",
    DesiredRemoved = "desired-removed",
    Target = "target",
    Completion = "completion",
    KpiAdded = "kpi-added",
    KpiRemoved = "kpi-removed",
    KpiTarget = "kpi-target",
    KpiActual = "kpi-actual",
    Data = "data",
    DiagnosticAdded = "diagnostic-added",
    DiagnosticFixed = "diagnostic-fixed",
}

impl Kind {
    /// The kind of the same change made backwards: what one direction adds,
    /// the other removes.
    pub fn mirror(self) -> Kind {
        use Kind::*;
        match self {
            JourneyAdded => JourneyRemoved,
            JourneyRemoved => JourneyAdded,
            StageAdded => StageRemoved,
            StageRemoved => StageAdded,
            TouchpointAdded => TouchpointRemoved,
            TouchpointRemoved => TouchpointAdded,
            PainAdded => PainResolved,
            PainResolved => PainAdded,
            OpportunityAdded => OpportunityRemoved,
            OpportunityRemoved => OpportunityAdded,
            MomentAdded => MomentRemoved,
            MomentRemoved => MomentAdded,
            PromiseAdded => PromiseRemoved,
            PromiseRemoved => PromiseAdded,
            PromiseKept => PromiseBroken,
            PromiseBroken => PromiseKept,
            DesiredAdded => DesiredRemoved,
            DesiredRemoved => DesiredAdded,
            KpiAdded => KpiRemoved,
            KpiRemoved => KpiAdded,
            DiagnosticAdded => DiagnosticFixed,
            DiagnosticFixed => DiagnosticAdded,
            other => other,
        }
    }
}

/// Counts of changes by effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    pub better: usize,
    pub worse: usize,
    pub neutral: usize,
}

impl Summary {
    pub fn of(changes: &[Change]) -> Summary {
        let mut summary = Summary::default();
        for change in changes {
            match change.effect {
                Effect::Better => summary.better += 1,
                Effect::Worse => summary.worse += 1,
                Effect::Neutral => summary.neutral += 1,
            }
        }
        summary
    }
}

/// The JSON report of `journey diff --format json`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "journey diff report",
    description = "The output of `journey diff --format json`: what a change to journey maps does to the customer's experience."
)]
pub struct Report {
    /// Always 1.
    pub version: u32,
    /// One sentence for a reviewer.
    pub verdict: String,
    pub changes: Vec<Change>,
    pub summary: Summary,
}

impl Report {
    pub fn new(changes: Vec<Change>) -> Report {
        Report {
            version: VERSION,
            verdict: verdict(&changes),
            summary: Summary::of(&changes),
            changes,
        }
    }
}

/// The JSON Schema (draft 2020-12) of [`Report`].
pub fn schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Report>();
    serde_json::to_value(schema).expect("a schema serialises")
}
