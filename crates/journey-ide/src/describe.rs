//! What the editor says about a thing, shared by hover and completion: a
//! keyword's documentation, a definition's summary (header, doc comment and
//! key facts), a built-in channel's or KPI's meaning.

use std::fmt::Write as _;

use journey_check::model::{Journey, Touchpoint};
use journey_check::{Analysis, DefId, DefKind, FileId, RefId};
use journey_syntax::ast::Str;
use journey_syntax::{KeywordDoc, Span};

use crate::builtins;

/// A keyword's documentation as Markdown: syntax, meaning, example.
pub(crate) fn keyword_markdown(doc: &KeywordDoc) -> String {
    format!(
        "```journey\n{}\n```\n{}\n\nExample:\n```journey\n{}\n```",
        doc.syntax, doc.summary, doc.example
    )
}

pub(crate) fn builtin_kpi_markdown(kpi: &builtins::BuiltinKpi) -> String {
    format!(
        "Built-in KPI `{}`: {}\n\nValues: {} ({}); {} is better.",
        kpi.id,
        kpi.summary,
        builtins::kpi_kind(kpi),
        builtins::kpi_range(kpi),
        kpi.direction.as_str()
    )
}

/// A summary of a definition: its header, doc comment and key facts, as
/// the checker's model has them.
pub(crate) fn summary(analysis: &Analysis, id: DefId) -> String {
    let model = &analysis.model;
    let def = model.def(id);
    let mut out = String::new();
    let label = def
        .label
        .as_ref()
        .map(|l| format!(" \"{l}\""))
        .unwrap_or_default();
    let _ = write!(
        out,
        "```journey\n{} {}{}\n```\n",
        def.kind.keyword(),
        def.id,
        label
    );
    if let Some(doc) = &def.doc {
        let _ = write!(out, "{doc}\n\n");
    }
    for fact in facts(analysis, id) {
        let _ = writeln!(out, "- {fact}");
    }
    if let Some(name) = analysis.file(def.file).path.file_name() {
        let _ = write!(
            out,
            "\n*{} in `{}`*",
            def.kind.noun(),
            name.to_string_lossy()
        );
    }
    out.trim_end().to_string()
}

/// The key facts of a definition, one line each.
fn facts(analysis: &Analysis, id: DefId) -> Vec<String> {
    let model = &analysis.model;
    let mut facts: Vec<String> = Vec::new();
    let strings = |list: &[Str]| {
        list.iter()
            .map(|s| format!("\"{}\"", s.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = |list: &[RefId]| {
        list.iter()
            .map(|&r| model.reference(r).name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let def = model.def(id);
    match def.kind {
        DefKind::Persona => {
            let Some(persona) = model.persona(id) else {
                return facts;
            };
            if let Some(segment) = &persona.segment {
                facts.push(format!("segment: {}", segment.value.as_str()));
            }
            if let Some(age) = &persona.age {
                facts.push(format!("ages {}–{}", age.min.value, age.max.value));
            }
            if !persona.region.is_empty() {
                facts.push(format!("regions: {}", strings(&persona.region)));
            }
            if !persona.data.is_empty() {
                let data: Vec<&str> = persona.data.iter().map(|d| d.text.as_str()).collect();
                facts.push(format!("data: {}", data.join(", ")));
            }
            for need in &persona.needs {
                facts.push(format!("needs: \"{}\"", need.value));
            }
        }
        DefKind::Channel => {
            let requires = channel_requires(analysis, id);
            facts.push(if requires.is_empty() {
                "requires no customer data".to_string()
            } else {
                format!("requires: {}", requires.join(", "))
            });
            if builtins::channel(&def.id).is_some() {
                facts.push("replaces the built-in channel of that name".to_string());
            }
        }
        DefKind::Touchpoint => {
            let (Some(journey), Some(touchpoint)) = (model.journey_of(id), model.touchpoint(id))
            else {
                return facts;
            };
            touchpoint_facts(analysis, journey, touchpoint, &mut facts);
        }
        DefKind::Desired => {
            let Some(desired) = model.desired(id) else {
                return facts;
            };
            if let Some(target) = &desired.target {
                facts.push(format!("target: {}", target.text));
            }
            facts.push(match &desired.completion {
                Some(completion) => {
                    let text = snippet_of(analysis, completion.measure.span());
                    match completion.rate() {
                        Some(rate) => format!("measured: `{text}` = {rate:.1}%"),
                        None => format!("measured: `{text}`"),
                    }
                }
                None => "not measured yet (no `completed`)".to_string(),
            });
        }
        DefKind::Promise => {
            let kept = model.promise(id).map_or(0, |p| p.kept_by.len());
            facts.push(match kept {
                0 => "not kept anywhere yet".to_string(),
                1 => "kept once".to_string(),
                n => format!("kept {n} times"),
            });
        }
        DefKind::Journey => {
            let Some(journey) = model.journey_of(id) else {
                return facts;
            };
            if let Some(goal) = &journey.goal {
                facts.push(format!("goal: \"{}\"", goal.value));
            }
            if let Some(approach) = &journey.approach {
                facts.push(format!("approach: {}", approach.value.as_str()));
            }
            if let Some(owner) = journey.owner {
                facts.push(format!("owner: `{}`", model.reference(owner).name));
            }
            if let Some(scale) = &journey.scale.declared {
                facts.push(format!("scale: {}..{}", scale.min.value, scale.max.value));
            }
            if !journey.audience.is_empty() {
                facts.push(format!("for: {}", names(&journey.audience)));
            }
        }
        DefKind::Stage => {
            let Some(stage) = model.stage(id) else {
                return facts;
            };
            if let Some(phase) = &stage.phase {
                facts.push(format!("phase: {}", phase.value.as_str()));
            }
            if let Some(owner) = stage.owner {
                facts.push(format!("owner: `{}`", model.reference(owner).name));
            }
            facts.push(format!("{} touchpoint(s)", stage.touchpoints.len()));
        }
        DefKind::Kpi => {
            if let Some(kpi) = builtins::kpi(&def.id) {
                facts.push(builtins::kpi_detail(kpi).replace("built-in KPI", "built-in"));
            }
            if let Some(kpi) = model.kpi(id) {
                if let Some(target) = &kpi.target {
                    facts.push(format!("target: {}", target.text));
                }
                if let Some(actual) = &kpi.actual {
                    facts.push(format!("actual: {}", actual.text));
                }
            }
        }
        DefKind::Team => {}
    }
    facts
}

fn touchpoint_facts(
    analysis: &Analysis,
    journey: &Journey,
    touchpoint: &Touchpoint,
    facts: &mut Vec<String>,
) {
    let model = &analysis.model;
    if let Some(channel) = touchpoint.channel {
        let requires = model.channel_requires(channel).join(", ");
        let requires = if requires.is_empty() {
            String::new()
        } else {
            format!(" (requires {requires})")
        };
        facts.push(format!(
            "channel: `{}`{requires}",
            model.reference(channel).name
        ));
    }
    let (min, max) = (journey.scale.min, journey.scale.max);
    for emotion in touchpoint.emotions() {
        let feeling = emotion
            .feeling
            .as_ref()
            .map(|f| format!(" ({})", f.value))
            .unwrap_or_default();
        let whom = match emotion.persona {
            Some(persona) => format!(" for `{}`", model.reference(persona).name),
            None => String::new(),
        };
        facts.push(format!(
            "emotion: {} on the scale {min}..{max}{feeling}{whom}",
            emotion.value.value
        ));
    }
    if let Some(effort) = &touchpoint.effort {
        facts.push(format!("effort: {} of 7", effort.value));
    }
    for pain in &touchpoint.pains {
        let severity = pain
            .severity
            .as_ref()
            .map(|s| format!(" ({})", s.value.as_str()))
            .unwrap_or_default();
        facts.push(format!("pain: \"{}\"{severity}", pain.text.value));
    }
    for moment in &touchpoint.moments_of_truth {
        facts.push(format!("moment of truth: \"{}\"", moment.value));
    }
    if !touchpoint.next.is_empty() {
        let next: Vec<&str> = touchpoint
            .next
            .iter()
            .map(|&r| model.reference(r).name.as_str())
            .collect();
        facts.push(format!("next: {}", next.join(", ")));
    }
}

/// The text of a span of the analysed file.
pub(crate) fn snippet_of(analysis: &Analysis, span: Span) -> String {
    analysis
        .file(FileId::ROOT)
        .text
        .get(span.range())
        .unwrap_or("")
        .to_string()
}

pub(crate) fn requires_detail(what: &str, requires: &[&str]) -> String {
    if requires.is_empty() {
        format!("{what}, requires no data")
    } else {
        format!("{what}, requires {}", requires.join(", "))
    }
}

pub(crate) fn builtin_channel_markdown(channel: &builtins::BuiltinChannel) -> String {
    format!(
        "Built-in channel `{}`.\n\n{}",
        channel.id,
        if channel.requires.is_empty() {
            "Requires no customer data.".to_string()
        } else {
            format!(
                "Reaches only personas whose `data` has {}.",
                channel
                    .requires
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    )
}

/// The `requires` items of a declared channel.
pub(crate) fn channel_requires(analysis: &Analysis, id: DefId) -> Vec<&str> {
    analysis
        .model
        .channel(id)
        .map(|c| c.requires.iter().map(|n| n.text.as_str()).collect())
        .unwrap_or_default()
}
