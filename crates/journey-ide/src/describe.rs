//! What the editor says about a thing, shared by hover and completion: a
//! keyword's documentation, a definition's summary (header, doc comment and
//! key facts), a built-in channel's or KPI's meaning.

use std::fmt::Write as _;

use journey_check::model::measure_rate;
use journey_syntax::ast::{Stmt, StmtKind};
use journey_syntax::{KeywordDoc, Span};

use crate::builtins;
use crate::index::{FileAnalysis, SymbolKind};
use crate::world::{Located, World};

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

/// A summary of a definition: its header, doc comment and key facts.
pub(crate) fn summary(world: &World<'_>, located: &Located) -> String {
    let def = &located.def;
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
        def.name,
        label
    );
    if let Some(doc) = &def.doc {
        let _ = write!(out, "{doc}\n\n");
    }
    let stmt = located.file.def_stmt(def);
    let stmts: &[Stmt] = stmt
        .and_then(|s| s.kind.def())
        .map_or(&[], |(d, _)| d.stmts());
    let mut facts: Vec<String> = Vec::new();
    let strings = |list: &[journey_syntax::ast::Str]| {
        list.iter()
            .map(|s| format!("\"{}\"", s.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = |list: &[journey_syntax::ast::Name]| {
        list.iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match def.kind {
        SymbolKind::Persona => {
            for s in stmts {
                match &s.kind {
                    StmtKind::Segment(v) => facts.push(format!("segment: {}", v.value.as_str())),
                    StmtKind::Age(r) => facts.push(format!("ages {}–{}", r.min.value, r.max.value)),
                    StmtKind::Region(list) => facts.push(format!("regions: {}", strings(list))),
                    StmtKind::Data(list) => facts.push(format!("data: {}", names(list))),
                    StmtKind::Needs(s) => facts.push(format!("needs: \"{}\"", s.value)),
                    _ => {}
                }
            }
        }
        SymbolKind::Channel => {
            let requires = channel_requires(located);
            let shadows = builtins::channel(&def.name).is_some();
            facts.push(if requires.is_empty() {
                "requires no customer data".to_string()
            } else {
                format!("requires: {}", requires.join(", "))
            });
            if shadows {
                facts.push("replaces the built-in channel of that name".to_string());
            }
        }
        SymbolKind::Touchpoint => {
            let journey = def.journey.and_then(|j| journey_stmt(&located.file, j));
            let (min, max) = journey_scale(journey);
            for s in stmts {
                match &s.kind {
                    StmtKind::Channel(name) => {
                        let requires = builtins::channel(&name.text)
                            .map(|c| c.requires.join(", "))
                            .filter(|r| !r.is_empty())
                            .map(|r| format!(" (requires {r})"))
                            .unwrap_or_default();
                        facts.push(format!("channel: `{}`{requires}", name.text));
                    }
                    StmtKind::Emotion {
                        value,
                        feeling,
                        personas,
                    } => {
                        let feeling = feeling
                            .as_ref()
                            .map(|f| format!(" ({})", f.value))
                            .unwrap_or_default();
                        let whom = if personas.is_empty() {
                            String::new()
                        } else {
                            let names: Vec<String> =
                                personas.iter().map(|p| format!("`{}`", p.text)).collect();
                            format!(" for {}", names.join(", "))
                        };
                        facts.push(format!(
                            "emotion: {} on the scale {min}..{max}{feeling}{whom}",
                            value.value
                        ))
                    }
                    StmtKind::Effort(v) => facts.push(format!("effort: {} of 7", v.value)),
                    StmtKind::Pain { text, block } => {
                        let severity = block
                            .as_ref()
                            .and_then(|b| {
                                b.stmts.iter().find_map(|s| match &s.kind {
                                    StmtKind::Severity(v) => Some(v.value.as_str()),
                                    _ => None,
                                })
                            })
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default();
                        facts.push(format!("pain: \"{}\"{severity}", text.value));
                    }
                    StmtKind::MomentOfTruth(text) => {
                        facts.push(format!("moment of truth: \"{}\"", text.value))
                    }
                    StmtKind::Next(list) => facts.push(format!("next: {}", names(list))),
                    _ => {}
                }
            }
        }
        SymbolKind::Desired => {
            for s in stmts {
                if let StmtKind::Target(v) = &s.kind {
                    facts.push(format!("target: {}", snippet_of(&located.file, v.span)));
                }
            }
            facts.push(match completion_of(&located.file, def) {
                Some((text, Some(rate))) => format!("measured: `{text}` = {rate:.1}%"),
                Some((text, None)) => format!("measured: `{text}`"),
                None => "not measured yet (no `completed`)".to_string(),
            });
        }
        SymbolKind::Promise => {
            let kept = located
                .file
                .index
                .refs
                .iter()
                .filter(|r| {
                    r.kind == SymbolKind::Promise && r.name == def.name && r.journey == def.journey
                })
                .count();
            facts.push(match kept {
                0 => "not kept anywhere yet".to_string(),
                1 => "kept once".to_string(),
                n => format!("kept {n} times"),
            });
        }
        SymbolKind::Stage | SymbolKind::Journey => {
            for s in stmts {
                match &s.kind {
                    StmtKind::Goal(g) => facts.push(format!("goal: \"{}\"", g.value)),
                    StmtKind::Approach(v) => facts.push(format!("approach: {}", v.value.as_str())),
                    StmtKind::Phase(v) => facts.push(format!("phase: {}", v.value.as_str())),
                    StmtKind::Owner(n) => facts.push(format!("owner: `{}`", n.text)),
                    StmtKind::Scale(r) => {
                        facts.push(format!("scale: {}..{}", r.min.value, r.max.value))
                    }
                    StmtKind::For(list) => facts.push(format!("for: {}", names(list))),
                    _ => {}
                }
            }
            let touchpoints = stmts
                .iter()
                .filter(|s| matches!(s.kind, StmtKind::Touchpoint(_)))
                .count();
            if def.kind == SymbolKind::Stage {
                facts.push(format!("{touchpoints} touchpoint(s)"));
            }
        }
        SymbolKind::Kpi => {
            if let Some(kpi) = builtins::kpi(&def.name) {
                facts.push(builtins::kpi_detail(kpi).replace("built-in KPI", "built-in"));
            }
            for s in stmts {
                match &s.kind {
                    StmtKind::Target(v) => {
                        facts.push(format!("target: {}", snippet_of(&located.file, v.span)))
                    }
                    StmtKind::Actual(v) => {
                        facts.push(format!("actual: {}", snippet_of(&located.file, v.span)))
                    }
                    _ => {}
                }
            }
        }
        SymbolKind::Team => {}
    }
    for fact in facts {
        let _ = writeln!(out, "- {fact}");
    }
    let _ = world;
    if let Some(name) = located.file.path.file_name() {
        let _ = write!(
            out,
            "\n*{} in `{}`*",
            def.kind.noun(),
            name.to_string_lossy()
        );
    }
    out.trim_end().to_string()
}

pub(crate) fn snippet_of(file: &FileAnalysis, span: Span) -> String {
    file.text.get(span.range()).unwrap_or("").to_string()
}

pub(crate) fn journey_stmt(file: &FileAnalysis, index: usize) -> Option<&Stmt> {
    file.file()
        .items
        .iter()
        .filter(|s| matches!(s.kind, StmtKind::Journey(_)))
        .nth(index)
}

/// The first `completed` of a desired action: its measure as written and
/// its rate.
pub(crate) fn completion_of(
    file: &FileAnalysis,
    def: &crate::index::Definition,
) -> Option<(String, Option<f64>)> {
    let reference = file.index.refs.iter().find(|r| {
        r.kind == SymbolKind::Desired && r.name == def.name && r.journey == def.journey
    })?;
    let stmt = file
        .stmts_at(reference.span.start as usize)
        .into_iter()
        .last()?;
    match &stmt.kind {
        StmtKind::Completed { measure, .. } => {
            Some((snippet_of(file, measure.span()), measure_rate(measure)))
        }
        _ => None,
    }
}

/// The effective scale of a journey statement (default 1..5).
pub(crate) fn journey_scale(journey: Option<&Stmt>) -> (i64, i64) {
    journey
        .and_then(|j| j.kind.def())
        .and_then(|(def, _)| {
            def.stmts().iter().find_map(|s| match &s.kind {
                StmtKind::Scale(range) => Some((range.min.value, range.max.value)),
                _ => None,
            })
        })
        .unwrap_or((1, 5))
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
pub(crate) fn channel_requires(located: &Located) -> Vec<String> {
    located
        .file
        .def_stmt(&located.def)
        .and_then(|s| s.kind.def())
        .map(|(def, _)| {
            def.stmts()
                .iter()
                .filter_map(|s| match &s.kind {
                    StmtKind::Requires(names) => Some(names.iter().map(|n| n.text.clone())),
                    _ => None,
                })
                .flatten()
                .collect()
        })
        .unwrap_or_default()
}
