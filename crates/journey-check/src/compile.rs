//! The JSON model of LANGUAGE.md §8: `journey compile` and its schema.
//!
//! Field names are stable and `snake_case`; every optional field is present
//! (as `null` or `[]`); arrays keep source order. The schema
//! ([`schema`]) is generated from these same types, so the two cannot drift.

use journey_syntax::ast::{Approach, Direction, Measure, PainSeverity, Phase, Segment, ValueKind};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

use crate::builtins::BuiltinChannel;
use crate::model::{self, Actions, DefId, Model, RefId, Target};
use crate::Analysis;

/// The version of the JSON model.
pub const VERSION: u32 = 1;

/// A JSON number written as an integer when it is whole (`40`, not `40.0`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            serializer.serialize_i64(value as i64)
        } else {
            serializer.serialize_f64(value)
        }
    }
}

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

/// The compiled file.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "Compiled journey model",
    description = "The output of `journey compile` (LANGUAGE.md §8)."
)]
pub struct CompiledModel {
    /// Always 1.
    pub version: u32,
    /// The compiled file's path.
    pub source: String,
    /// Teams of the imported files, then of the file.
    pub teams: Vec<TeamJson>,
    pub personas: Vec<PersonaJson>,
    /// Declared channels, then the built-in channels the file uses.
    pub channels: Vec<ChannelJson>,
    /// The file's journeys.
    pub journeys: Vec<JourneyJson>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TeamJson {
    pub id: String,
    /// The given label, else the id.
    pub label: String,
    /// The `///` doc comment.
    pub doc: Option<String>,
}

/// `{min, max}` of an age range or an emotion scale.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MinMax {
    pub min: i64,
    pub max: i64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PersonaJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    pub segment: Option<SegmentJson>,
    pub age: Option<MinMax>,
    pub region: Vec<String>,
    pub interests: Vec<String>,
    /// Data items the business holds about the persona.
    pub data: Vec<String>,
    pub needs: Vec<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChannelJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    /// A built-in channel that no declaration replaces.
    pub builtin: bool,
    /// Data items a persona needs to be reached on it.
    pub requires: Vec<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JourneyJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    pub goal: Option<String>,
    pub approach: Option<ApproachJson>,
    /// Persona ids of the journey's `for`.
    pub personas: Vec<String>,
    /// The effective emotion scale (`{min:1,max:5}` when not declared).
    pub scale: MinMax,
    /// Team id.
    pub owner: Option<String>,
    pub description: Option<String>,
    pub kpis: Vec<KpiJson>,
    pub stages: Vec<StageJson>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StageJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    pub phase: Option<PhaseJson>,
    pub owner: Option<String>,
    pub expects: Vec<String>,
    pub description: Option<String>,
    pub kpis: Vec<KpiJson>,
    pub touchpoints: Vec<TouchpointJson>,
    pub desired: Vec<DesiredJson>,
    pub promises: Vec<PromiseJson>,
    /// Ids of the promises the stage keeps.
    pub keeps: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TouchpointJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    /// Channel id.
    pub channel: Option<String>,
    /// Resolved persona ids: the touchpoint's own `for`, else the journey's.
    pub audience: Vec<String>,
    pub owner: Option<String>,
    pub emotion: Option<i64>,
    pub effort: Option<i64>,
    pub pains: Vec<PainJson>,
    pub moments_of_truth: Vec<String>,
    pub opportunities: Vec<String>,
    /// Touchpoint ids.
    pub next: Vec<String>,
    pub description: Option<String>,
    pub kpis: Vec<KpiJson>,
    pub desired: Vec<DesiredJson>,
    pub promises: Vec<PromiseJson>,
    pub keeps: Vec<String>,
    /// Every rating in source order: the audience-wide one has `persona`
    /// null (its value is also `emotion`), `emotion … for p` one per persona.
    pub emotions: Vec<EmotionJson>,
    /// What the customer does here.
    pub does: Vec<String>,
    /// What goes through the customer's head.
    pub thinks: Vec<String>,
    /// Verbatim quotes from research.
    pub says: Vec<String>,
    /// Actions behind the touchpoint that the customer does not see.
    pub backstage: Vec<BackstageJson>,
    /// Systems involved.
    pub systems: Vec<String>,
    /// Where the ratings come from.
    pub source: Option<String>,
    /// When they were measured (ISO date).
    pub as_of: Option<String>,
}

/// One rating of a touchpoint.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EmotionJson {
    /// Persona id; `null` for the whole audience.
    pub persona: Option<String>,
    pub value: i64,
    /// The feeling in a word.
    pub feeling: Option<String>,
}

/// `backstage "TEXT" (by TEAM)?`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BackstageJson {
    pub text: String,
    /// Team id.
    pub team: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PainJson {
    pub text: String,
    pub severity: Option<SeverityJson>,
    /// The first opportunity of the pain's block.
    pub opportunity: Option<String>,
    /// Every opportunity of the pain's block.
    pub opportunities: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DesiredJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    /// The target completion rate in percent.
    pub target: Option<Number>,
    pub event: Option<String>,
    pub description: Option<String>,
    /// The measured outcome; `null` when unmeasured.
    pub completed: Option<CompletedJson>,
    /// Whether the completion rate reaches the target; `null` when either
    /// is missing.
    pub met: Option<bool>,
}

/// `completed x N of M` or `completed x N%`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[serde(untagged)]
pub enum CompletedJson {
    Counts {
        count: i64,
        of: i64,
        /// `count / of` in percent.
        rate: Option<Number>,
        /// When it was measured (ISO date).
        as_of: Option<String>,
    },
    Rate {
        /// In percent.
        rate: Option<Number>,
        /// When it was measured (ISO date).
        as_of: Option<String>,
    },
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PromiseJson {
    pub id: String,
    pub text: String,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct KpiJson {
    pub id: String,
    pub label: String,
    pub doc: Option<String>,
    pub target: Option<ValueJson>,
    pub actual: Option<ValueJson>,
    /// The effective direction: `direction`, else the built-in KPI's, else
    /// `higher`.
    pub direction: DirectionJson,
    /// Whether `actual` is on the right side of `target`; `null` when either
    /// is missing.
    pub met: Option<bool>,
    /// A KPI with a built-in meaning (`conversion_rate`, `nps`, `clv`, …).
    pub builtin: bool,
    pub description: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// When they were measured (ISO date).
    pub as_of: Option<String>,
}

/// A VALUE.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueJson {
    Percent {
        value: Number,
    },
    Number {
        value: Number,
    },
    Duration {
        seconds: Number,
        /// As written: `3d`, `45min`.
        text: String,
    },
    Money {
        amount: Number,
        currency: String,
    },
}

macro_rules! json_enum {
    ($name:ident from $source:ident { $($variant:ident),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$source> for $name {
            fn from(value: $source) -> $name {
                match value { $($source::$variant => $name::$variant),+ }
            }
        }
    };
}

json_enum!(SegmentJson from Segment { B2b, B2c });
json_enum!(ApproachJson from Approach { Functional, Business, Engagement, Action, Goal });
json_enum!(PhaseJson from Phase { PrePurchase, Usage });
json_enum!(SeverityJson from PainSeverity { Low, Medium, High });
json_enum!(DirectionJson from Direction { Higher, Lower });

/// The JSON Schema (draft 2020-12) of [`CompiledModel`].
pub fn schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<CompiledModel>();
    serde_json::to_value(schema).expect("a schema serialises")
}

/// Compiles an analysed file. Call it on a file without errors: names that
/// do not resolve are written as they are spelled (or left out of lists of
/// resolved ids), and values that carry errors compile with `met: null`.
pub fn compile(analysis: &Analysis) -> CompiledModel {
    let model = &analysis.model;
    let c = Compiler { model };
    let teams = model
        .teams
        .iter()
        .filter(|t| c.counts(t.def))
        .map(|t| {
            let def = model.def(t.def);
            TeamJson {
                id: def.id.to_string(),
                label: def.display_label().to_string(),
                doc: def.doc.as_ref().map(|d| d.to_string()),
            }
        })
        .collect();
    let personas = model
        .personas
        .iter()
        .filter(|p| c.counts(p.def))
        .map(|p| c.persona(p))
        .collect();
    let mut channels: Vec<ChannelJson> = model
        .channels
        .iter()
        .filter(|ch| c.counts(ch.def))
        .map(|ch| {
            let def = model.def(ch.def);
            ChannelJson {
                id: def.id.to_string(),
                label: def.display_label().to_string(),
                doc: def.doc.as_ref().map(|d| d.to_string()),
                builtin: false,
                requires: ch.requires.iter().map(|n| n.text.to_string()).collect(),
                description: text(ch.description.as_ref()),
            }
        })
        .collect();
    let mut used: Vec<&'static BuiltinChannel> = Vec::new();
    for reference in &model.references {
        if let Some(Target::BuiltinChannel(builtin)) = reference.target {
            if !used.iter().any(|b| b.id == builtin.id) {
                used.push(builtin);
            }
        }
    }
    channels.extend(used.into_iter().map(|b| ChannelJson {
        id: b.id.to_string(),
        label: b.id.to_string(),
        doc: None,
        builtin: true,
        requires: b.requires.iter().map(|r| r.to_string()).collect(),
        description: None,
    }));
    CompiledModel {
        version: VERSION,
        source: crate::paths::display(&analysis.files[0].path),
        teams,
        personas,
        channels,
        journeys: model.journeys.iter().map(|j| c.journey(j)).collect(),
    }
}

struct Compiler<'a> {
    model: &'a Model,
}

fn text(s: Option<&journey_syntax::ast::Str>) -> Option<String> {
    s.map(|s| s.value.to_string())
}

fn texts(list: &[journey_syntax::ast::Str]) -> Vec<String> {
    list.iter().map(|s| s.value.to_string()).collect()
}

impl Compiler<'_> {
    /// Duplicates are left out: the first definition counts.
    fn counts(&self, def: DefId) -> bool {
        let def = self.model.def(def);
        def.first.is_none() && !def.id.is_empty()
    }

    fn name(&self, r: RefId) -> String {
        self.model.reference(r).name.to_string()
    }

    fn names(&self, refs: &[RefId]) -> Vec<String> {
        refs.iter().map(|&r| self.name(r)).collect()
    }

    fn resolved(&self, refs: &[RefId]) -> Vec<String> {
        refs.iter()
            .filter(|&&r| self.model.reference(r).target.is_some())
            .map(|&r| self.name(r))
            .collect()
    }

    fn persona(&self, p: &model::Persona) -> PersonaJson {
        let def = self.model.def(p.def);
        PersonaJson {
            id: def.id.to_string(),
            label: def.display_label().to_string(),
            doc: def.doc.as_ref().map(|d| d.to_string()),
            segment: p.segment.map(|s| s.value.into()),
            age: p.age.as_ref().map(|a| MinMax {
                min: a.min.value,
                max: a.max.value,
            }),
            region: texts(&p.region),
            interests: texts(&p.interests),
            data: p.data.iter().map(|n| n.text.to_string()).collect(),
            needs: texts(&p.needs),
            description: text(p.description.as_ref()),
        }
    }

    fn journey(&self, j: &model::Journey) -> JourneyJson {
        let def = self.model.def(j.def);
        JourneyJson {
            id: def.id.to_string(),
            label: def.display_label().to_string(),
            doc: def.doc.as_ref().map(|d| d.to_string()),
            goal: text(j.goal.as_ref()),
            approach: j.approach.map(|a| a.value.into()),
            personas: self.resolved(&j.audience),
            scale: MinMax {
                min: j.scale.min,
                max: j.scale.max,
            },
            owner: j.owner.map(|r| self.name(r)),
            description: text(j.description.as_ref()),
            kpis: self.kpis(&j.kpis),
            stages: j.stages.iter().map(|s| self.stage(j, s)).collect(),
        }
    }

    fn stage(&self, j: &model::Journey, s: &model::Stage) -> StageJson {
        let def = self.model.def(s.def);
        StageJson {
            id: def.id.to_string(),
            label: def.display_label().to_string(),
            doc: def.doc.as_ref().map(|d| d.to_string()),
            phase: s.phase.map(|p| p.value.into()),
            owner: s.owner.map(|r| self.name(r)),
            expects: texts(&s.expects),
            description: text(s.description.as_ref()),
            kpis: self.kpis(&s.kpis),
            touchpoints: s
                .touchpoints
                .iter()
                .map(|t| self.touchpoint(j, t))
                .collect(),
            desired: self.desired(&s.actions),
            promises: self.promises(&s.actions),
            keeps: self.names(&s.actions.keeps),
        }
    }

    fn touchpoint(&self, j: &model::Journey, t: &model::Touchpoint) -> TouchpointJson {
        let def = self.model.def(t.def);
        let audience = self
            .model
            .audience_personas(self.model.audience(j, t))
            .into_iter()
            .map(|p| self.model.def(p).id.to_string())
            .collect();
        TouchpointJson {
            id: def.id.to_string(),
            label: def.display_label().to_string(),
            doc: def.doc.as_ref().map(|d| d.to_string()),
            channel: t.channel.map(|r| self.name(r)),
            audience,
            owner: t.owner.map(|r| self.name(r)),
            emotion: t.emotion.as_ref().map(|e| e.value.value),
            effort: t.effort.as_ref().map(|e| e.value),
            pains: t
                .pains
                .iter()
                .map(|p| PainJson {
                    text: p.text.value.to_string(),
                    severity: p.severity.map(|s| s.value.into()),
                    opportunity: p.opportunities.first().map(|o| o.value.to_string()),
                    opportunities: texts(&p.opportunities),
                })
                .collect(),
            moments_of_truth: texts(&t.moments_of_truth),
            opportunities: texts(&t.opportunities),
            next: self.names(&t.next),
            description: text(t.description.as_deref()),
            kpis: self.kpis(&t.kpis),
            desired: self.desired(&t.actions),
            promises: self.promises(&t.actions),
            keeps: self.names(&t.actions.keeps),
            emotions: self.emotions(t),
            does: texts(&t.does),
            thinks: texts(&t.thinks),
            says: texts(&t.says),
            backstage: t
                .backstage
                .iter()
                .map(|b| BackstageJson {
                    text: b.text.value.to_string(),
                    team: b.team.map(|r| self.name(r)),
                })
                .collect(),
            systems: texts(&t.systems),
            source: text(t.source.as_deref()),
            as_of: t.as_of.as_ref().and_then(|d| d.iso()),
        }
    }

    /// Every rating in source order (the model keeps the audience-wide one
    /// apart).
    fn emotions(&self, t: &model::Touchpoint) -> Vec<EmotionJson> {
        let mut emotions: Vec<&model::Emotion> = t.emotions().collect();
        emotions.sort_by_key(|e| e.stmt.start);
        emotions
            .into_iter()
            .map(|e| EmotionJson {
                persona: e.persona.map(|r| self.name(r)),
                value: e.value.value,
                feeling: text(e.feeling.as_ref()),
            })
            .collect()
    }

    fn desired(&self, actions: &Actions) -> Vec<DesiredJson> {
        actions
            .desired
            .iter()
            .filter(|d| self.counts(d.def))
            .map(|d| {
                let def = self.model.def(d.def);
                let completed = d.completion.as_ref().map(|c| {
                    let rate = c.rate().map(Number);
                    let as_of = c.as_of.as_ref().and_then(|d| d.iso());
                    match &c.measure {
                        Measure::Counts { count, of, .. } => CompletedJson::Counts {
                            count: count.value,
                            of: of.value,
                            rate,
                            as_of,
                        },
                        Measure::Percent(_) => CompletedJson::Rate { rate, as_of },
                    }
                });
                DesiredJson {
                    id: def.id.to_string(),
                    label: def.display_label().to_string(),
                    doc: def.doc.as_ref().map(|d| d.to_string()),
                    target: d.target.as_ref().and_then(|t| match t.kind {
                        ValueKind::Percent(p) => Some(Number(p)),
                        _ => None,
                    }),
                    event: text(d.event.as_ref()),
                    description: text(d.description.as_deref()),
                    completed,
                    met: d.met(),
                }
            })
            .collect()
    }

    fn promises(&self, actions: &Actions) -> Vec<PromiseJson> {
        actions
            .promises
            .iter()
            .filter(|p| self.counts(p.def))
            .map(|p| {
                let def = self.model.def(p.def);
                PromiseJson {
                    id: def.id.to_string(),
                    text: p.text.value.to_string(),
                    doc: def.doc.as_ref().map(|d| d.to_string()),
                }
            })
            .collect()
    }

    fn kpis(&self, kpis: &[model::Kpi]) -> Vec<KpiJson> {
        kpis.iter()
            .filter(|k| self.counts(k.def))
            .map(|k| self.kpi(k))
            .collect()
    }

    fn kpi(&self, k: &model::Kpi) -> KpiJson {
        let def = self.model.def(k.def);
        KpiJson {
            id: def.id.to_string(),
            label: def.display_label().to_string(),
            doc: def.doc.as_ref().map(|d| d.to_string()),
            target: k.target.as_ref().map(value),
            actual: k.actual.as_ref().map(value),
            direction: k.direction().into(),
            met: k.met(),
            builtin: k.builtin().is_some(),
            description: text(k.description.as_deref()),
            source: text(k.source.as_deref()),
            as_of: k.as_of.as_ref().and_then(|d| d.iso()),
        }
    }
}

fn value(q: &model::Quantity) -> ValueJson {
    match &q.kind {
        ValueKind::Number(n) => ValueJson::Number { value: Number(*n) },
        ValueKind::Percent(p) => ValueJson::Percent { value: Number(*p) },
        ValueKind::Duration { .. } => ValueJson::Duration {
            seconds: Number(q.magnitude()),
            text: q.text.to_string(),
        },
        ValueKind::Money { amount, currency } => ValueJson::Money {
            amount: Number(*amount),
            currency: currency.to_string(),
        },
    }
}
