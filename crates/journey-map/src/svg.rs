//! The map as one standalone SVG, for slides and wikis: the same header,
//! phases, stages and lanes as the HTML map, laid out with absolute
//! positions. Text stays text (system font stack), wrapped to the column
//! width by character count; a light theme on its own background, so it
//! reads the same wherever it is pasted.

use std::fmt::Write;

use journey_check::compile::{CompiledModel, PhaseJson};
use journey_syntax::Severity;

use crate::curve;
use crate::escape::Xml;
use crate::findings::{Anchor, Finding};
use crate::lanes::{self, Item, LaneBody, LANES};
use crate::text::wrap;
use crate::values::{self, Status};
use crate::view::{phase_name, JourneyView, Names};
use crate::{counts, Counts};

const MARGIN: f64 = 24.0;
const HEAD: f64 = 150.0;
const COLUMN: f64 = 240.0;
const LINE: f64 = 16.0;
const PAD: f64 = 8.0;
const GAP: f64 = 4.0;
const CURVE_HEIGHT: f64 = 230.0;
/// Characters per line in a column (about 6.6 px per character at 12 px).
const COLUMN_CHARS: usize = 34;

/// A laid-out piece of a cell.
enum Block {
    Line {
        class: &'static str,
        text: String,
    },
    Bar {
        rate: Option<f64>,
        target: Option<f64>,
        status: Status,
    },
    Gap,
}

impl Block {
    fn height(&self) -> f64 {
        match self {
            Block::Line { .. } => LINE,
            Block::Bar { .. } => 14.0,
            Block::Gap => GAP,
        }
    }
}

fn height(blocks: &[Block]) -> f64 {
    if blocks.is_empty() {
        0.0
    } else {
        blocks.iter().map(Block::height).sum::<f64>() + 2.0 * PAD
    }
}

/// The SVG document of the given journeys (all when `only` is `None`).
pub(crate) fn document(model: &CompiledModel, findings: &[Finding], only: Option<usize>) -> String {
    let names = Names::of(model);
    let views: Vec<JourneyView<'_>> = model
        .journeys
        .iter()
        .enumerate()
        .filter(|(j, _)| only.is_none_or(|o| o == *j))
        .map(|(j, journey)| JourneyView::new(j, journey, &names, findings))
        .collect();
    let columns = views
        .iter()
        .map(|v| v.slots.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let width = 2.0 * MARGIN + HEAD + COLUMN * columns as f64;
    let header_chars = ((width - 2.0 * MARGIN) / 7.2) as usize;
    let mut body = String::with_capacity(64 * 1024);
    let mut y = MARGIN;
    let title = match views.as_slice() {
        [one] => format!("{} — journey map", one.journey.label),
        _ => format!("{} — journey maps", model.source),
    };
    let mut lines = vec![Block::Line {
        class: "h1",
        text: title.clone(),
    }];
    lines.push(Block::Line {
        class: "muted",
        text: format!(
            "From {} · {}",
            model.source,
            counts_sentence(counts(findings.iter()))
        ),
    });
    for finding in findings.iter().filter(|f| f.anchor == Anchor::File) {
        finding_lines(&mut lines, finding, header_chars);
    }
    y += text_blocks(&mut body, &lines, MARGIN, y, width - 2.0 * MARGIN);
    if views.is_empty() {
        y += text_blocks(
            &mut body,
            &[Block::Line {
                class: "muted",
                text: "This file defines no journey.".to_string(),
            }],
            MARGIN,
            y,
            width,
        );
    }
    for view in &views {
        y += 12.0;
        y = journey(&mut body, view, findings, y, header_chars);
    }
    let height = y + MARGIN;
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0}" viewBox="0 0 {width} {height:.0}" role="img" aria-labelledby="map-title"><title id="map-title">{}</title><style>{CSS}</style><rect class="page" x="0" y="0" width="{width}" height="{height:.0}"/>"#,
        Xml(&title)
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

fn journey(
    out: &mut String,
    view: &JourneyView<'_>,
    findings: &[Finding],
    mut y: f64,
    chars: usize,
) -> f64 {
    let journey = view.journey;
    let mut head = vec![Block::Line {
        class: "h2",
        text: journey.label.clone(),
    }];
    let mut push_wrapped = |class: &'static str, text: &str, lines: usize| {
        for line in wrap(text, chars, lines) {
            head.push(Block::Line { class, text: line });
        }
    };
    push_wrapped(
        "goal",
        &format!("Goal: {}", journey.goal.as_deref().unwrap_or("not set")),
        2,
    );
    let mut facts: Vec<String> = Vec::new();
    if let Some(approach) = journey.approach {
        facts.push(format!("Approach: {}", values::approach(approach)));
    }
    if let Some(owner) = &journey.owner {
        facts.push(format!("Owner: {}", view.names.team(owner)));
    }
    let (min, max) = view.scale();
    facts.push(format!("Emotion scale: {min} (worst) to {max} (best)"));
    facts.push(format!(
        "Findings: {}",
        counts_sentence(counts(
            findings
                .iter()
                .filter(|f| f.anchor.journey() == Some(view.index))
        ))
    ));
    push_wrapped("body", &facts.join(" · "), 2);
    for id in &journey.personas {
        let mut text = format!("Persona: {}", view.names.persona_label(id));
        if let Some(p) = view.names.persona(id) {
            if let Some(segment) = p.segment {
                let _ = write!(text, " · {}", values::segment(segment));
            }
            if let Some(age) = p.age {
                let _ = write!(text, " · age {}–{}", age.min, age.max);
            }
            if !p.region.is_empty() {
                let _ = write!(text, " · region {}", p.region.join(", "));
            }
            if !p.data.is_empty() {
                let _ = write!(text, " · data held: {}", p.data.join(", "));
            }
        }
        push_wrapped("body", &text, 2);
    }
    for kpi in &journey.kpis {
        let status = Status::of(kpi.met);
        push_wrapped(
            status.class(),
            &format!(
                "KPI {}: {} — {} {}",
                kpi.label,
                values::kpi_figures(kpi),
                status.symbol(),
                status.word()
            ),
            2,
        );
    }
    for finding in view.journey_findings() {
        finding_lines(&mut head, finding, chars);
    }
    y += text_blocks(out, &head, MARGIN, y, chars as f64 * 7.2);
    y += 6.0;
    y = phase_row(out, view, y);
    y = stage_row(out, view, y);
    for lane in LANES {
        y = lane_row(out, view, lane, y);
    }
    y
}

fn slot_x(slot: usize) -> f64 {
    MARGIN + HEAD + COLUMN * slot as f64
}

fn phase_row(out: &mut String, view: &JourneyView<'_>, y: f64) -> f64 {
    let h = 26.0;
    head_cell(out, "PHASE", y, h);
    let mut slot = 0;
    for group in &view.phases {
        let class = match group.phase {
            None => "phase none",
            Some(PhaseJson::PrePurchase) => "phase pre",
            Some(PhaseJson::Usage) => "phase usage",
        };
        let (x, w) = (slot_x(slot), COLUMN * group.slots as f64);
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{x}" y="{y}" width="{:.1}" height="{h}"/><text class="phase-name" x="{:.1}" y="{:.1}">{}</text>"#,
            w - 2.0,
            x + PAD,
            y + 17.0,
            phase_name(group.phase).to_uppercase()
        );
        slot += group.slots;
    }
    y + h
}

fn stage_row(out: &mut String, view: &JourneyView<'_>, y: f64) -> f64 {
    let cells: Vec<Vec<Block>> = (0..view.journey.stages.len())
        .map(|s| {
            let chars = COLUMN_CHARS * view.stage_slots[s].1;
            blocks(&lanes::stage_header(view, s), chars)
        })
        .collect();
    let h = cells.iter().map(|c| height(c)).fold(40.0, f64::max);
    head_cell(out, "STAGE", y, h);
    for (s, cell) in cells.iter().enumerate() {
        let (first, slots) = view.stage_slots[s];
        let (x, w) = (slot_x(first), COLUMN * slots as f64);
        let _ = write!(
            out,
            r#"<rect class="stage" x="{x}" y="{y}" width="{:.1}" height="{h:.1}"/>"#,
            w - 2.0
        );
        text_blocks(out, cell, x, y, w);
    }
    y + h + 2.0
}

fn lane_row(out: &mut String, view: &JourneyView<'_>, lane: &lanes::Lane, y: f64) -> f64 {
    match &lane.body {
        LaneBody::Curve => {
            let frame = curve::frame(view, COLUMN, CURVE_HEIGHT);
            let h = frame.height;
            head_cell(out, lane.title, y, h);
            let (title_id, desc_id) = curve::ids(view);
            let _ = write!(
                out,
                r#"<g class="curve" transform="translate({},{y})" role="img" aria-labelledby="{title_id} {desc_id}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
                slot_x(0),
                Xml(&curve::title(view)),
                Xml(&curve::description(view))
            );
            curve::draw(out, view, frame);
            out.push_str("</g>");
            y + h + 2.0
        }
        LaneBody::Items { touchpoint, stage } => {
            // Per stage: the touchpoints' cells side by side, then the
            // stage-wide cell across them.
            let stages: Vec<(Vec<Vec<Block>>, Vec<Block>)> = (0..view.journey.stages.len())
                .map(|s| {
                    let cells = (0..view.stage(s).touchpoints.len())
                        .map(|t| blocks(&touchpoint(view, s, t), COLUMN_CHARS))
                        .collect();
                    let wide = stage(view, s);
                    let wide_blocks = if wide.is_empty() {
                        Vec::new()
                    } else {
                        let mut b = vec![Block::Line {
                            class: "label",
                            text: "Whole stage".to_string(),
                        }];
                        b.extend(blocks(&wide, COLUMN_CHARS * view.stage_slots[s].1));
                        b
                    };
                    (cells, wide_blocks)
                })
                .collect();
            let empty = stages
                .iter()
                .all(|(cells, wide)| wide.is_empty() && cells.iter().all(Vec::is_empty));
            if empty && !lane.always {
                return y;
            }
            let row = stages
                .iter()
                .map(|(cells, wide)| {
                    cells.iter().map(|c| height(c)).fold(0.0, f64::max) + height(wide)
                })
                .fold(30.0, f64::max);
            head_cell(out, lane.title, y, row);
            let card = lane.key == "touchpoints";
            for (s, (cells, wide)) in stages.iter().enumerate() {
                let (first, slots) = view.stage_slots[s];
                let top = cells.iter().map(|c| height(c)).fold(0.0, f64::max);
                for (t, cell) in cells.iter().enumerate() {
                    let x = slot_x(first + t);
                    if card {
                        let _ = write!(
                            out,
                            r#"<rect class="card" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6"/>"#,
                            x + 3.0,
                            y + 3.0,
                            COLUMN - 8.0,
                            row - 6.0
                        );
                    }
                    text_blocks(out, cell, x, y, COLUMN);
                }
                if !wide.is_empty() {
                    let x = slot_x(first);
                    let _ = write!(
                        out,
                        r#"<rect class="wide" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6"/>"#,
                        x + 3.0,
                        y + top + 2.0,
                        COLUMN * slots as f64 - 8.0,
                        height(wide) - 4.0
                    );
                    text_blocks(out, wide, x, y + top, COLUMN * slots as f64);
                }
            }
            let _ = write!(
                out,
                r#"<line class="rule" x1="{MARGIN}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                y + row,
                slot_x(view.slots.len().max(1)),
                y + row
            );
            y + row + 2.0
        }
    }
}

fn head_cell(out: &mut String, title: &str, y: f64, h: f64) {
    let _ = write!(
        out,
        r#"<rect class="head" x="{MARGIN}" y="{y:.1}" width="{:.1}" height="{h:.1}"/>"#,
        HEAD - 2.0
    );
    for (i, line) in wrap(title, 18, 3).iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="lane" x="{:.1}" y="{:.1}">{}</text>"#,
            MARGIN + PAD,
            y + 20.0 + LINE * i as f64,
            Xml(line)
        );
    }
}

/// The lines of a cell's items, wrapped to `chars` characters.
fn blocks(items: &[Item], chars: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Block>, class: &'static str, text: &str, lines: usize| {
        for line in wrap(text, chars, lines) {
            out.push(Block::Line { class, text: line });
        }
    };
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(Block::Gap);
        }
        match item {
            Item::Title(text) => push(&mut out, "title", text, 2),
            Item::Field { name, value } => push(&mut out, "body", &format!("{name}: {value}"), 2),
            Item::Note { kind, text, detail } => {
                let class = match kind.class() {
                    c if c.starts_with("pain high") => "high",
                    c if c.starts_with("pain medium") => "medium",
                    c if c.starts_with("promise broken") => "missed",
                    c if c.starts_with("kpi missed") => "missed",
                    c if c.starts_with("kpi met") => "met",
                    _ => "body",
                };
                push(
                    &mut out,
                    class,
                    &format!("{} {}: {text}", kind.symbol(), kind.word()),
                    3,
                );
                if let Some(detail) = detail {
                    push(&mut out, "muted", detail, 2);
                }
            }
            Item::Meter {
                label,
                rate,
                target,
                status,
                figures,
            } => {
                push(&mut out, "title", label, 2);
                out.push(Block::Bar {
                    rate: *rate,
                    target: *target,
                    status: *status,
                });
                push(
                    &mut out,
                    status.class(),
                    &format!("{} {} · {figures}", status.symbol(), status.word()),
                    2,
                );
            }
            Item::Finding(finding) => finding_lines(&mut out, finding, chars),
            Item::Prose(text) => push(&mut out, "muted", text, 2),
        }
    }
    out
}

fn finding_lines(out: &mut Vec<Block>, finding: &Finding, chars: usize) {
    let (class, symbol, word) = match finding.severity {
        Severity::Error => ("missed", "⛔", "Error"),
        Severity::Warning => ("warning", "⚠", "Warning"),
        Severity::Advice => ("advice", "ℹ", "Advice"),
    };
    for line in wrap(
        &format!("{symbol} {word} {}: {}", finding.code, finding.message),
        chars,
        3,
    ) {
        out.push(Block::Line { class, text: line });
    }
}

/// Draws blocks in a box at (x, y) of width `w`; returns the height used.
fn text_blocks(out: &mut String, blocks: &[Block], x: f64, y: f64, w: f64) -> f64 {
    if blocks.is_empty() {
        return 0.0;
    }
    let mut at = y + PAD;
    for block in blocks {
        match block {
            Block::Line { class, text } => {
                let _ = write!(
                    out,
                    r#"<text class="{class}" x="{:.1}" y="{:.1}">{}</text>"#,
                    x + PAD,
                    at + 12.0,
                    Xml(text)
                );
            }
            Block::Bar {
                rate,
                target,
                status,
            } => {
                let bar = (w - 2.0 * PAD).min(COLUMN - 2.0 * PAD);
                let _ = write!(
                    out,
                    r#"<rect class="track" x="{:.1}" y="{:.1}" width="{bar:.1}" height="8"/>"#,
                    x + PAD,
                    at + 3.0
                );
                if let Some(rate) = rate {
                    let _ = write!(
                        out,
                        r#"<rect class="fill {}" x="{:.1}" y="{:.1}" width="{:.1}" height="8"/>"#,
                        status.class(),
                        x + PAD,
                        at + 3.0,
                        bar * rate / 100.0
                    );
                }
                if let Some(target) = target {
                    let tx = x + PAD + bar * target / 100.0;
                    let _ = write!(
                        out,
                        r#"<line class="target" x1="{tx:.1}" y1="{at:.1}" x2="{tx:.1}" y2="{:.1}"/>"#,
                        at + 14.0
                    );
                }
            }
            Block::Gap => {}
        }
        at += block.height();
    }
    at + PAD - y
}

fn counts_sentence(counts: Counts) -> String {
    format!(
        "{} errors, {} warnings, {} advice",
        counts.errors, counts.warnings, counts.advice
    )
}

const CSS: &str = r#"
text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif,"Noto Color Emoji";font-size:12px;fill:#1b1f24}
.page{fill:#ffffff}.h1{font-size:18px;font-weight:700}.h2{font-size:20px;font-weight:700}.goal{font-size:13px;font-weight:600}
.muted{fill:#4a535d;font-size:11.5px}.title{font-weight:700;font-size:12.5px}.label,.lane{font-weight:700;fill:#4a535d}
.head{fill:#f5f7fa}.stage{fill:#f5f7fa;stroke:#c9d1d9}.card{fill:#ffffff;stroke:#c9d1d9}.wide{fill:none;stroke:#c9d1d9;stroke-dasharray:4 3}.rule{stroke:#e1e6eb}
.phase.pre{fill:#e7effc}.phase.usage{fill:#e6f4ea}.phase.none{fill:#eef0f3}.phase-name{font-size:11px;font-weight:700;letter-spacing:.04em;fill:#1b1f24}
.high{fill:#8a1111;font-weight:600}.medium{fill:#6a4300}.met{fill:#0e6b2a;font-weight:600}.missed{fill:#a0141e;font-weight:600}.unknown{fill:#4a535d}
.warning{fill:#5f3d00}.advice{fill:#123f8c}
.track{fill:#d5dbe1}.fill{fill:#0b57d0}.fill.missed{fill:#a0141e}.fill.met{fill:#0e6b2a}.target{stroke:#1b1f24;stroke-width:2}
.curve-grid{stroke:#d5dbe1}.curve-grid.bound{stroke:#4a535d}.curve-middle{stroke:#4a535d;stroke-dasharray:4 4}
.curve-tick,.curve-bound,.curve-unrated{fill:#4a535d;font-size:11px}
.curve-line{fill:none;stroke:#0b57d0;stroke-width:3;stroke-linejoin:round}
.curve-dot{fill:#0b57d0;stroke:#ffffff;stroke-width:2}.lowest .curve-dot{fill:#c62828}
.curve-lowest-ring{fill:none;stroke:#c62828;stroke-width:2}.curve-lowest{fill:#c62828;font-size:11px;font-weight:700}
.curve-value{font-weight:700}.curve-star{fill:#8a5a00}.curve-moment-stem{stroke:#8a5a00;stroke-dasharray:2 3}.curve-moment-name{font-size:11.5px;font-weight:600}
.curve-moment.weak .curve-star{fill:none;stroke:#8a5a00;stroke-width:1.5}
.persona-curve-line{fill:none;stroke-width:2;stroke-linejoin:round}.persona-marker{fill:#ffffff;stroke-width:2}.curve-legend-name{font-size:11.5px}
.pc0 .persona-curve-line,.pc0 .persona-marker{stroke:#7b1fa2}.pc0 .own .persona-marker,.pc0.curve-legend-entry .persona-marker{fill:#7b1fa2}
.pc1 .persona-curve-line,.pc1 .persona-marker{stroke:#00796b}.pc1 .own .persona-marker,.pc1.curve-legend-entry .persona-marker{fill:#00796b}
.pc2 .persona-curve-line,.pc2 .persona-marker{stroke:#37474f}.pc2 .own .persona-marker,.pc2.curve-legend-entry .persona-marker{fill:#37474f}
.pc3 .persona-curve-line,.pc3 .persona-marker{stroke:#6d4c41}.pc3 .own .persona-marker,.pc3.curve-legend-entry .persona-marker{fill:#6d4c41}
"#;
