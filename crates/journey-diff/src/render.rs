//! The reports of `journey diff`: human (grouped by journey and stage),
//! markdown (for a pull-request comment or `$GITHUB_STEP_SUMMARY`) and
//! JSON. Every piece of user text is escaped for its format: control
//! characters never reach a terminal, and nothing a journey says can break
//! a markdown table or inject markup.

use std::fmt::Write;

use crate::{Change, Effect, Kind, Report, Summary};

/// Whether the human report may use colour (the caller decides: only on a
/// terminal, never with `NO_COLOR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Colour,
    Plain,
}

/// A group of changes under one heading.
enum Group {
    Journey {
        file: String,
        id: String,
        label: String,
    },
    Personas,
    Findings,
}

/// Changes grouped by journey (in order of first appearance), then the
/// personas' changes, then the checker's findings.
fn groups(changes: &[Change]) -> Vec<(Group, Vec<&Change>)> {
    let mut journeys: Vec<(Group, Vec<&Change>)> = Vec::new();
    let mut personas = Vec::new();
    let mut findings = Vec::new();
    for change in changes {
        match &change.journey {
            Some(id) => {
                let at = journeys.iter().position(|(g, _)| {
                    matches!(g, Group::Journey { file, id: j, .. } if *file == change.file && j == id)
                });
                match at {
                    Some(at) => journeys[at].1.push(change),
                    None => journeys.push((
                        Group::Journey {
                            file: change.file.clone(),
                            id: id.clone(),
                            label: change.context.journey_label.clone().unwrap_or_default(),
                        },
                        vec![change],
                    )),
                }
            }
            None if change.kind == Kind::Data => personas.push(change),
            None => findings.push(change),
        }
    }
    if !personas.is_empty() {
        journeys.push((Group::Personas, personas));
    }
    if !findings.is_empty() {
        journeys.push((Group::Findings, findings));
    }
    journeys
}

/// A stage's id and label (none for the journey itself) and its changes.
type StageGroup<'a> = (Option<(String, String)>, Vec<&'a Change>);

/// A journey's changes by stage: journey-level ones first, then each stage
/// in order of first appearance.
fn by_stage<'a>(changes: &[&'a Change]) -> Vec<StageGroup<'a>> {
    let mut stages: Vec<StageGroup<'a>> = vec![(None, Vec::new())];
    for change in changes {
        let key = change.stage.clone().map(|id| {
            let label = change
                .context
                .stage_label
                .clone()
                .unwrap_or_else(|| id.clone());
            (id, label)
        });
        match stages
            .iter()
            .position(|(k, _)| k.as_ref().map(|k| &k.0) == key.as_ref().map(|k| &k.0))
        {
            Some(at) => stages[at].1.push(change),
            None => stages.push((key, vec![change])),
        }
    }
    stages.retain(|(_, list)| !list.is_empty());
    stages
}

fn marker(effect: Effect) -> &'static str {
    match effect {
        Effect::Better => "▲",
        Effect::Worse => "▼",
        Effect::Neutral => "•",
    }
}

fn counts(summary: Summary) -> String {
    format!(
        "{} better, {} worse, {} neutral",
        summary.better, summary.worse, summary.neutral
    )
}

/// User text for a terminal: control characters (and the bidirectional
/// overrides that reorder what a terminal shows) as `\u{…}` escapes.
pub fn escape_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// User text for a markdown table cell or heading: markdown punctuation
/// backslash-escaped (so `|` cannot end a cell and `<b>` is not HTML), line
/// breaks as `<br>`, other control characters as `\u{…}`.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            // `$` starts math on GitHub, `&` an entity.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

struct Paint {
    colour: bool,
}

impl Paint {
    fn effect(&self, effect: Effect, text: &str) -> String {
        if !self.colour {
            return text.to_string();
        }
        let code = match effect {
            Effect::Better => "32",
            Effect::Worse => "31",
            Effect::Neutral => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    fn bold(&self, text: &str) -> String {
        if self.colour {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The human report: one heading per journey, changes grouped by stage,
/// `▲` better, `▼` worse, `•` neutral; the verdict last.
pub fn human(changes: &[Change], style: Style) -> String {
    let paint = Paint {
        colour: style == Style::Colour,
    };
    let mut out = String::new();
    for (group, list) in groups(changes) {
        match group {
            Group::Journey { file, id, label } => {
                let heading = format!("journey {id} \"{label}\" ({file})");
                let _ = writeln!(out, "{}", paint.bold(&escape_terminal(&heading)));
                for (stage, list) in by_stage(&list) {
                    let indent = match &stage {
                        None => "  ",
                        Some((id, label)) => {
                            let heading = format!("stage {id} \"{label}\"");
                            let _ = writeln!(out, "  {}", paint.bold(&escape_terminal(&heading)));
                            "    "
                        }
                    };
                    for change in list {
                        let place = change
                            .touchpoint
                            .as_ref()
                            .map_or(String::new(), |t| format!("{t}: "));
                        line(&mut out, &paint, indent, change, &place);
                    }
                }
            }
            Group::Personas => {
                let _ = writeln!(out, "{}", paint.bold("personas"));
                for change in list {
                    line(&mut out, &paint, "  ", change, "");
                }
            }
            Group::Findings => {
                let _ = writeln!(out, "{}", paint.bold("checker findings"));
                for change in list {
                    line(
                        &mut out,
                        &paint,
                        "  ",
                        change,
                        &format!("{}: ", change.file),
                    );
                }
            }
        }
        out.push('\n');
    }
    let summary = Summary::of(changes);
    let _ = writeln!(
        out,
        "{} ({})",
        paint.bold(&escape_terminal(&crate::verdict(changes))),
        counts(summary)
    );
    out
}

fn line(out: &mut String, paint: &Paint, indent: &str, change: &Change, place: &str) {
    let text = escape_terminal(&format!("{place}{}", change.message));
    let _ = writeln!(
        out,
        "{indent}{} {text}",
        paint.effect(change.effect, marker(change.effect))
    );
}

/// The markdown report: the verdict first, then a table per journey.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("### Customer experience (journey diff)\n\n");
    let _ = writeln!(out, "**{}**\n", escape_markdown(&crate::verdict(changes)));
    if changes.is_empty() {
        return out;
    }
    for (group, list) in groups(changes) {
        match group {
            Group::Journey { file, id, label } => {
                let _ = writeln!(
                    out,
                    "#### {} ({} in {})\n",
                    escape_markdown(&label),
                    escape_markdown(&id),
                    escape_markdown(&file)
                );
                out.push_str("| | Stage | Touchpoint | Change |\n|:-:|---|---|---|\n");
                for (stage, list) in by_stage(&list) {
                    let stage = stage.map_or(String::from("(journey)"), |(_, label)| label);
                    for change in list {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {} | {} |",
                            marker(change.effect),
                            escape_markdown(&stage),
                            escape_markdown(change.touchpoint.as_deref().unwrap_or("")),
                            escape_markdown(&change.message)
                        );
                    }
                }
            }
            Group::Personas => {
                out.push_str("#### Personas\n\n| | Persona | Change |\n|:-:|---|---|\n");
                for change in list {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        marker(change.effect),
                        escape_markdown(change.persona.as_deref().unwrap_or("")),
                        escape_markdown(&change.message)
                    );
                }
            }
            Group::Findings => {
                out.push_str("#### Checker findings\n\n| | File | Finding |\n|:-:|---|---|\n");
                for change in list {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        marker(change.effect),
                        escape_markdown(&change.file),
                        escape_markdown(&change.message)
                    );
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "▲ better for the customer · ▼ worse · • neutral — {}",
        counts(Summary::of(changes))
    );
    out
}

/// The JSON report (pretty-printed, with a final newline).
pub fn json(changes: &[Change]) -> String {
    let report = Report::new(changes.to_vec());
    let mut text = serde_json::to_string_pretty(&report).expect("the report serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Kind};

    fn change(effect: Effect, message: &str) -> Change {
        Change {
            kind: Kind::Emotion,
            effect,
            file: "map.journey".to_string(),
            journey: Some("j".to_string()),
            stage: Some("s".to_string()),
            touchpoint: Some("t".to_string()),
            desired: None,
            kpi: None,
            promise: None,
            persona: None,
            pain: None,
            code: None,
            severity: None,
            old: None,
            new: None,
            met: None,
            message: message.to_string(),
            context: Context {
                journey_label: Some("J".to_string()),
                stage_label: Some("S".to_string()),
            },
        }
    }

    #[test]
    fn colour_only_when_asked_and_user_text_never_colours_the_terminal() {
        let changes = [
            change(Effect::Better, "emotion 2 → 4"),
            change(Effect::Worse, "pain \x1b[2J\x1b]0;title\x07"),
        ];
        let plain = human(&changes, Style::Plain);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("▲ t: emotion 2 → 4"));
        assert!(plain.contains("▼ t: pain \\u{1b}[2J\\u{1b}]0;title\\u{7}"));
        let colour = human(&changes, Style::Colour);
        assert!(colour.contains("\x1b[32m▲\x1b[0m"));
        assert!(colour.contains("\x1b[31m▼\x1b[0m"));
        // The only escapes are ours: user text stays escaped.
        assert!(!colour.contains("\x1b[2J"));
    }

    #[test]
    fn markdown_cells_cannot_be_broken_out_of() {
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(
            escape_markdown("one\r\ntwo\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
        assert_eq!(escape_markdown("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(
            escape_markdown("**b** `c` [l](u) $x$"),
            "\\*\\*b\\*\\* \\`c\\` \\[l\\](u) \\$x\\$"
        );
        assert_eq!(escape_markdown("\u{1b}\u{202e}"), "\\u{1b}\\u{202e}");
        assert_eq!(escape_markdown("żółw 🐢"), "żółw 🐢");
    }
}
