//! The HTML map: one self-contained page (inline CSS and SVG, no script,
//! nothing loaded from the network).
//!
//! Each journey is a grid: a sticky column of lane names on the left, one
//! fixed-width column per touchpoint (stages span their touchpoints'
//! columns, phases span their stages), a sticky row of stage headers, then
//! one row per lane of [`LANES`]. Columns have a fixed width in pixels so
//! that the emotion curve, one SVG across all columns, puts each point
//! above its touchpoint's card. The page uses no `style` attributes: every
//! rule is in the one `<style>` element, so a strict Content-Security-Policy
//! (a nonce or hash for that element) is enough to show it.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use journey_check::compile::{CompiledModel, JourneyJson};
use journey_syntax::Severity;

use crate::curve;
use crate::escape::Xml;
use crate::findings::{Anchor, Finding};
use crate::lanes::{self, Item, LaneBody, LANES};
use crate::values::{self, Status};
use crate::view::{phase_name, JourneyView, Names, PersonaPoint};
use crate::{counts, Counts, IndexEntry};

/// The width of one column, in CSS pixels.
pub(crate) const COLUMN: f64 = 240.0;
const CURVE_HEIGHT: f64 = 230.0;

/// A page with the given journeys of `model` (all of them, in order, when
/// `only` is `None`).
pub(crate) fn page(model: &CompiledModel, findings: &[Finding], only: Option<usize>) -> String {
    let names = Names::of(model);
    let views: Vec<JourneyView<'_>> = model
        .journeys
        .iter()
        .enumerate()
        .filter(|(j, _)| only.is_none_or(|o| o == *j))
        .map(|(j, journey)| JourneyView::new(j, journey, &names, findings))
        .collect();
    let title = match views.as_slice() {
        [one] => format!("{} — journey map", one.journey.label),
        _ => format!("{} — journey maps", model.source),
    };
    let mut out = String::with_capacity(64 * 1024);
    open_document(&mut out, &title, &views);
    let heading = if views.len() == 1 {
        "Journey map"
    } else {
        "Journey maps"
    };
    let _ = write!(out, r#"<header class="file-head"><h1>{heading}</h1>"#);
    let _ = write!(
        out,
        r#"<p class="source">From <code>{}</code> · {}</p>"#,
        Xml(&model.source),
        Xml(&counts_sentence(counts(findings.iter())))
    );
    let file_findings: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.anchor == Anchor::File)
        .collect();
    findings_list(&mut out, &file_findings);
    legend(&mut out);
    out.push_str("</header><main>");
    if views.is_empty() {
        out.push_str(r#"<p class="empty">This file defines no journey.</p>"#);
    }
    for view in &views {
        journey(&mut out, view, findings);
    }
    out.push_str("</main></body></html>\n");
    out
}

/// The page that lists the journeys of a directory (`-o DIR`).
pub(crate) fn index(title: &str, entries: &[IndexEntry]) -> String {
    let mut out = String::with_capacity(8 * 1024);
    open_document(&mut out, title, &[]);
    let _ = write!(
        out,
        r#"<header class="file-head"><h1>{}</h1><p class="source">{} journey map{}</p></header><main>"#,
        Xml(title),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    );
    if entries.is_empty() {
        out.push_str(r#"<p class="empty">No journey was found.</p>"#);
    } else {
        out.push_str(
            r#"<table class="index"><caption>Journeys, with their goal, owner, lowest emotion and the checker's findings</caption><thead><tr><th scope="col">Journey</th><th scope="col">Goal</th><th scope="col">Owner</th><th scope="col">Lowest emotion</th><th scope="col">Errors</th><th scope="col">Warnings</th><th scope="col">Advice</th></tr></thead><tbody>"#,
        );
        for entry in entries {
            index_row(&mut out, entry);
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</main></body></html>\n");
    out
}

fn index_row(out: &mut String, entry: &IndexEntry) {
    let lowest = match &entry.lowest {
        Some((value, (min, max), where_)) => {
            format!("{value} on {min}..{max} at {}", where_.join(", "))
        }
        None => "not rated".to_string(),
    };
    let _ = write!(
        out,
        r#"<tr><th scope="row"><a href="{}">{}</a><br><span class="detail">{}</span></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
        Xml(&entry.href),
        Xml(&entry.label),
        Xml(&entry.source),
        Xml(entry.goal.as_deref().unwrap_or("—")),
        Xml(entry.owner.as_deref().unwrap_or("—")),
        Xml(&lowest),
        entry.counts.errors,
        entry.counts.warnings,
        entry.counts.advice,
    );
}

fn open_document(out: &mut String, title: &str, views: &[JourneyView<'_>]) {
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="generator" content="journey render"><title>{}</title><style>{CSS}"#,
        Xml(title)
    );
    grid_classes(out, views);
    out.push_str("</style></head><body>");
}

/// Column templates and spans used by this page (one rule per distinct
/// number, so the stylesheet grows with the number of columns at most).
fn grid_classes(out: &mut String, views: &[JourneyView<'_>]) {
    let _ = write!(out, ":root{{--col:{COLUMN}px}}");
    let mut widths = BTreeSet::new();
    let mut spans = BTreeSet::new();
    for view in views {
        widths.insert(view.slots.len().max(1));
        spans.insert(view.slots.len().max(1));
        spans.extend(view.stage_slots.iter().map(|(_, n)| *n));
        spans.extend(view.phases.iter().map(|p| p.slots));
    }
    for n in widths {
        let _ = write!(
            out,
            ".g{n}{{grid-template-columns:var(--head) repeat({n},var(--col))}}"
        );
    }
    for n in spans {
        let _ = write!(
            out,
            ".w{n}{{grid-column:span {n}}}.k{n}{{grid-template-columns:repeat({n},1fr)}}"
        );
    }
}

fn journey(out: &mut String, view: &JourneyView<'_>, findings: &[Finding]) {
    let j = view.index;
    let _ = write!(
        out,
        r#"<section class="journey" id="journey-{}" aria-labelledby="j{j}-title">"#,
        Xml(&view.journey.id)
    );
    journey_header(out, view, findings);
    let _ = write!(
        out,
        r#"<div class="scroller" tabindex="0" role="region" aria-label="Map of {}: stages across, lanes down (scrolls sideways)"><div class="grid g{}">"#,
        Xml(&view.journey.label),
        view.slots.len().max(1)
    );
    phase_row(out, view);
    stage_row(out, view);
    for lane in LANES {
        lane_row(out, view, lane);
    }
    out.push_str("</div></div>");
    curve_table(out, view);
    out.push_str("</section>");
}

fn journey_header(out: &mut String, view: &JourneyView<'_>, findings: &[Finding]) {
    let journey = view.journey;
    let j = view.index;
    let _ = write!(
        out,
        r#"<header class="journey-head"><h2 id="j{j}-title">{}</h2>"#,
        Xml(&journey.label)
    );
    if let Some(text) = journey.description.as_deref().or(journey.doc.as_deref()) {
        let _ = write!(out, r#"<p class="prose">{}</p>"#, Xml(text));
    }
    match &journey.goal {
        Some(goal) => {
            let _ = write!(
                out,
                r#"<p class="goal"><span class="k">Goal</span> {}</p>"#,
                Xml(goal)
            );
        }
        None => out.push_str(r#"<p class="goal"><span class="k">Goal</span> not set</p>"#),
    }
    out.push_str(r#"<dl class="facts">"#);
    if let Some(approach) = journey.approach {
        fact(out, "Approach", values::approach(approach));
    }
    if let Some(owner) = &journey.owner {
        fact(out, "Owner", view.names.team(owner));
    }
    let (min, max) = view.scale();
    fact(
        out,
        "Emotion scale",
        &format!("{min} (worst) to {max} (best)"),
    );
    fact(
        out,
        "Findings",
        &counts_sentence(counts(journey_findings(findings, j))),
    );
    out.push_str("</dl>");
    personas(out, view);
    kpi_table(out, journey);
    findings_list(out, view.journey_findings());
    out.push_str("</header>");
}

fn journey_findings(findings: &[Finding], j: usize) -> impl Iterator<Item = &Finding> {
    findings
        .iter()
        .filter(move |f| f.anchor.journey() == Some(j))
}

fn fact(out: &mut String, name: &str, value: &str) {
    let _ = write!(
        out,
        "<div><dt>{}</dt><dd>{}</dd></div>",
        Xml(name),
        Xml(value)
    );
}

fn personas(out: &mut String, view: &JourneyView<'_>) {
    let journey = view.journey;
    if journey.personas.is_empty() {
        return;
    }
    out.push_str(r#"<h3 class="subhead">Personas</h3><ul class="personas">"#);
    for id in &journey.personas {
        let _ = write!(
            out,
            "<li><strong>{}</strong>",
            Xml(view.names.persona_label(id))
        );
        if let Some(p) = view.names.persona(id) {
            let mut facts: Vec<String> = Vec::new();
            if let Some(segment) = p.segment {
                facts.push(values::segment(segment).to_string());
            }
            if let Some(age) = p.age {
                facts.push(format!("age {}–{}", age.min, age.max));
            }
            if !p.region.is_empty() {
                facts.push(format!("region {}", p.region.join(", ")));
            }
            facts.push(if p.data.is_empty() {
                "no data held".to_string()
            } else {
                format!("data held: {}", p.data.join(", "))
            });
            let _ = write!(out, " · {}", Xml(&facts.join(" · ")));
            for need in &p.needs {
                let _ = write!(
                    out,
                    r#"<br><span class="detail">Needs: {}</span>"#,
                    Xml(need)
                );
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn kpi_table(out: &mut String, journey: &JourneyJson) {
    if journey.kpis.is_empty() {
        return;
    }
    out.push_str(r#"<table class="kpis"><caption>Journey KPIs</caption><thead><tr><th scope="col">KPI</th><th scope="col">Target</th><th scope="col">Actual</th><th scope="col">Status</th></tr></thead><tbody>"#);
    for kpi in &journey.kpis {
        let status = Status::of(kpi.met);
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="status {}"><span aria-hidden="true">{}</span> {}</td></tr>"#,
            Xml(&kpi.label),
            Xml(&kpi.target.as_ref().map_or("—".to_string(), values::value)),
            Xml(&kpi.actual.as_ref().map_or("—".to_string(), values::value)),
            status.class(),
            status.symbol(),
            status.word(),
        );
    }
    out.push_str("</tbody></table>");
}

fn phase_row(out: &mut String, view: &JourneyView<'_>) {
    out.push_str(r#"<div class="head phase-head">Phase</div>"#);
    for group in &view.phases {
        let class = match group.phase {
            None => "none",
            Some(journey_check::compile::PhaseJson::PrePurchase) => "pre",
            Some(journey_check::compile::PhaseJson::Usage) => "usage",
        };
        let _ = write!(
            out,
            r#"<div class="phase {class} w{}">{}</div>"#,
            group.slots,
            phase_name(group.phase)
        );
    }
    if view.phases.is_empty() {
        out.push_str(r#"<div class="phase none w1">—</div>"#);
    }
}

fn stage_row(out: &mut String, view: &JourneyView<'_>) {
    out.push_str(r#"<div class="head stage-head">Stage</div>"#);
    for (s, (_, slots)) in view.stage_slots.iter().enumerate() {
        let _ = write!(
            out,
            r#"<div class="stage w{slots}" data-stage="{}">"#,
            Xml(&view.stage(s).id)
        );
        items(out, &lanes::stage_header(view, s), "h3");
        out.push_str("</div>");
    }
    if view.stage_slots.is_empty() {
        out.push_str(r#"<div class="stage w1"><p class="empty">No stages yet.</p></div>"#);
    }
}

fn lane_row(out: &mut String, view: &JourneyView<'_>, lane: &lanes::Lane) {
    match &lane.body {
        LaneBody::Curve => {
            lane_head(out, lane);
            let width = view.slots.len().max(1);
            let _ = write!(out, r#"<div class="cell lane-{} w{width}">"#, lane.key);
            curve_svg(out, view);
            out.push_str("</div>");
        }
        LaneBody::Items { touchpoint, stage } => {
            let cells: Vec<(Vec<Vec<Item>>, Vec<Item>)> = (0..view.journey.stages.len())
                .map(|s| {
                    let per_touchpoint = (0..view.stage(s).touchpoints.len())
                        .map(|t| touchpoint(view, s, t))
                        .collect();
                    (per_touchpoint, stage(view, s))
                })
                .collect();
            let empty = cells
                .iter()
                .all(|(tps, wide)| wide.is_empty() && tps.iter().all(Vec::is_empty));
            if empty && !lane.always {
                return;
            }
            lane_head(out, lane);
            for (s, (per_touchpoint, wide)) in cells.iter().enumerate() {
                let slots = view.stage_slots[s].1;
                let _ = write!(
                    out,
                    r#"<div class="cell lane-{} w{slots}"><div class="sub k{slots}">"#,
                    lane.key
                );
                for (t, cell) in per_touchpoint.iter().enumerate() {
                    let card = lane.key == "touchpoints";
                    if card {
                        let _ = write!(
                            out,
                            r#"<article class="slot card" data-touchpoint="{}">"#,
                            Xml(&view.touchpoint(s, t).id)
                        );
                    } else {
                        out.push_str(r#"<div class="slot">"#);
                    }
                    items(out, cell, "h4");
                    out.push_str(if card { "</article>" } else { "</div>" });
                }
                if per_touchpoint.is_empty() {
                    out.push_str(r#"<div class="slot empty-slot"></div>"#);
                }
                if !wide.is_empty() {
                    out.push_str(r#"<div class="stagewide"><p class="k">Whole stage</p>"#);
                    items(out, wide, "h4");
                    out.push_str("</div>");
                }
                out.push_str("</div></div>");
            }
            if view.stage_slots.is_empty() {
                out.push_str(r#"<div class="cell w1"></div>"#);
            }
        }
    }
}

fn lane_head(out: &mut String, lane: &lanes::Lane) {
    let _ = write!(
        out,
        r#"<div class="head lane-head"><h3>{}</h3></div>"#,
        Xml(lane.title)
    );
}

fn curve_svg(out: &mut String, view: &JourneyView<'_>) {
    let frame = curve::frame(view, COLUMN, CURVE_HEIGHT);
    let width = frame.width(view.slots.len());
    let height = frame.height;
    let (title_id, desc_id) = curve::ids(view);
    let _ = write!(
        out,
        r#"<svg class="curve" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id} {desc_id}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
        Xml(&curve::title(view)),
        Xml(&curve::description(view)),
    );
    curve::draw(out, view, frame);
    out.push_str("</svg>");
}

/// A persona's rating in the curve's table: "1 (own rating: worried)".
fn persona_cell(point: Option<&PersonaPoint<'_>>) -> String {
    let Some(p) = point else {
        return "not on this curve".to_string();
    };
    let whose = if p.own {
        "own rating"
    } else {
        "whole audience's rating"
    };
    match p.feeling {
        Some(feeling) => format!("{} ({whose}: {feeling})", p.point.emotion),
        None => format!("{} ({whose})", p.point.emotion),
    }
}

/// The curve's text alternative: every touchpoint with its rating.
fn curve_table(out: &mut String, view: &JourneyView<'_>) {
    let (min, max) = view.scale();
    let _ = write!(
        out,
        r#"<details class="curve-table"><summary>The emotion curve as a table</summary><table><caption>Emotion at each touchpoint ({min} worst to {max} best)</caption><thead><tr><th scope="col">Stage</th><th scope="col">Touchpoint</th><th scope="col">Emotion</th><th scope="col">Notes</th>"#
    );
    // Language 1.1: a column per persona curve.
    for line in &view.persona_lines {
        let _ = write!(
            out,
            r#"<th scope="col">Emotion for {}</th>"#,
            Xml(line.label)
        );
    }
    out.push_str("</tr></thead><tbody>");
    let by_slot: Vec<HashMap<usize, &PersonaPoint<'_>>> = view
        .persona_lines
        .iter()
        .map(|line| line.points.iter().map(|p| (p.point.slot, p)).collect())
        .collect();
    for (i, slot) in view.slots.iter().enumerate() {
        let Some(t) = slot.touchpoint else { continue };
        let tp = view.touchpoint(slot.stage, t);
        let emotion = crate::view::rated(view.journey, tp);
        let mut notes: Vec<String> = Vec::new();
        if emotion.is_some_and(|e| view.is_lowest(e)) {
            notes.push("lowest".to_string());
        }
        notes.extend(
            tp.moments_of_truth
                .iter()
                .map(|m| format!("moment of truth: {m}")),
        );
        let _ = write!(
            out,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
            Xml(&view.stage(slot.stage).label),
            Xml(&tp.label),
            emotion.map_or("not rated".to_string(), |e| e.to_string()),
            Xml(&notes.join("; "))
        );
        for points in &by_slot {
            let _ = write!(
                out,
                "<td>{}</td>",
                Xml(&persona_cell(points.get(&i).copied()))
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></details>");
}

fn items(out: &mut String, items: &[Item], heading: &str) {
    for item in items {
        match item {
            Item::Title(text) => {
                let _ = write!(out, r#"<{heading} class="title">{}</{heading}>"#, Xml(text));
            }
            Item::Field { name, value } => {
                let _ = write!(
                    out,
                    r#"<p class="field"><span class="k">{name}</span> {}</p>"#,
                    Xml(value)
                );
            }
            Item::Note { kind, text, detail } => {
                let _ = write!(
                    out,
                    r#"<div class="note {}"><p><span class="sym" aria-hidden="true">{}</span> <strong>{}:</strong> {}</p>"#,
                    kind.class(),
                    kind.symbol(),
                    kind.word(),
                    Xml(text)
                );
                if let Some(detail) = detail {
                    let _ = write!(out, r#"<p class="detail">{}</p>"#, Xml(detail));
                }
                out.push_str("</div>");
            }
            Item::Meter {
                label,
                rate,
                target,
                status,
                figures,
            } => meter(out, label, *rate, *target, *status, figures),
            Item::Finding(finding) => finding_item(out, finding),
            Item::Prose(text) => {
                let _ = write!(out, r#"<p class="prose">{}</p>"#, Xml(text));
            }
        }
    }
}

fn meter(
    out: &mut String,
    label: &str,
    rate: Option<f64>,
    target: Option<f64>,
    status: Status,
    figures: &str,
) {
    let _ = write!(
        out,
        r#"<div class="meter {}"><p class="title">{}</p><svg class="bar" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true"><rect class="track" x="0" y="3" width="100" height="8"/>"#,
        status.class(),
        Xml(label)
    );
    if let Some(rate) = rate {
        let _ = write!(
            out,
            r#"<rect class="fill" x="0" y="3" width="{rate:.1}" height="8"/>"#
        );
    }
    if let Some(target) = target {
        let _ = write!(
            out,
            r#"<line class="target" x1="{target:.1}" y1="0" x2="{target:.1}" y2="14" vector-effect="non-scaling-stroke"/>"#
        );
    }
    let _ = write!(
        out,
        r#"</svg><p class="detail"><span class="status {}"><span aria-hidden="true">{}</span> {}</span> · {}</p></div>"#,
        status.class(),
        status.symbol(),
        status.word(),
        Xml(figures)
    );
}

fn severity_words(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("⛔", "Error"),
        Severity::Warning => ("⚠", "Warning"),
        Severity::Advice => ("ℹ", "Advice"),
    }
}

fn finding_item(out: &mut String, finding: &Finding) {
    let (symbol, word) = severity_words(finding.severity);
    let _ = write!(
        out,
        r#"<p class="finding {}"><span aria-hidden="true">{symbol}</span> <strong>{word}</strong> <code>{}</code> {}"#,
        finding.severity.as_str(),
        Xml(&finding.code),
        Xml(&finding.message)
    );
    if let Some(help) = &finding.help {
        let _ = write!(out, r#"<span class="help">{}</span>"#, Xml(help));
    }
    out.push_str("</p>");
}

fn findings_list(out: &mut String, findings: &[&Finding]) {
    if findings.is_empty() {
        return;
    }
    out.push_str(r#"<div class="findings">"#);
    for finding in findings {
        finding_item(out, finding);
    }
    out.push_str("</div>");
}

fn counts_sentence(counts: Counts) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.advice, "advice", "advice")
    )
}

fn legend(out: &mut String) {
    out.push_str(r#"<details class="legend"><summary>How to read this map</summary><ul><li><span aria-hidden="true">▲</span> high, <span aria-hidden="true">◆</span> medium, <span aria-hidden="true">●</span> low severity pain (also written out)</li><li><span aria-hidden="true">★</span> moment of truth, marked on the curve and named</li><li><span aria-hidden="true">▼</span> lowest emotion of the journey (ringed on the curve)</li><li><span aria-hidden="true">✓</span> target met, <span aria-hidden="true">✗</span> target missed; the bar is the completed rate, the upright line the target</li><li><span aria-hidden="true">✉</span> a promise, with where it is kept, or flagged when it is broken</li><li><span aria-hidden="true">⚠</span> warning and <span aria-hidden="true">ℹ</span> advice of <code>journey check</code>, on the card or stage they concern</li></ul></details>"#);
}

const CSS: &str = r#"
:root{--head:9.5rem;--bg:#ffffff;--fg:#1b1f24;--muted:#4a535d;--line:#c9d1d9;--panel:#f5f7fa;--card:#ffffff;--accent:#0b57d0;
--pre:#e7effc;--pre-fg:#0d3a82;--usage:#e6f4ea;--usage-fg:#0e5224;--none:#eef0f3;
--high:#fde7e7;--high-fg:#8a1111;--high-edge:#c62828;--medium:#fff2d6;--medium-fg:#6a4300;--medium-edge:#c77c00;--low:#eef3f8;--low-fg:#2f4254;--low-edge:#6b7f93;
--good:#0e6b2a;--bad:#a0141e;--warn-bg:#fff4d6;--warn-fg:#5f3d00;--adv-bg:#e8f0fe;--adv-fg:#123f8c;--err-bg:#fde7e7;--err-fg:#8a1111;
--curve:#0b57d0;--lowest:#c62828;--moment:#8a5a00;--grid:#d5dbe1;--tick:#4a535d;
--pc0:#7b1fa2;--pc1:#00796b;--pc2:#37474f;--pc3:#6d4c41}
@media (prefers-color-scheme:dark){:root{--bg:#0f1317;--fg:#e6e9ed;--muted:#aab4be;--line:#35404b;--panel:#161c22;--card:#1b222a;--accent:#8ab4f8;
--pre:#16294a;--pre-fg:#c9dafc;--usage:#15301f;--usage-fg:#bfe8cb;--none:#222a32;
--high:#3d1618;--high-fg:#ffc9c9;--high-edge:#ff6b6b;--medium:#3a2c10;--medium-fg:#ffe0a3;--medium-edge:#f0a020;--low:#1e2833;--low-fg:#cbd6e2;--low-edge:#8fa3b8;
--good:#7ee2a0;--bad:#ff9b9b;--warn-bg:#3a2c10;--warn-fg:#ffe0a3;--adv-bg:#16294a;--adv-fg:#c9dafc;--err-bg:#3d1618;--err-fg:#ffc9c9;
--curve:#8ab4f8;--lowest:#ff6b6b;--moment:#f0c060;--grid:#2c3640;--tick:#aab4be;
--pc0:#ce93d8;--pc1:#4db6ac;--pc2:#b0bec5;--pc3:#bcaaa4}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0;padding:1rem 1.25rem 2rem;background:var(--bg);color:var(--fg);font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji"}
h1{font-size:1.35rem;margin:0 0 .25rem}h2{font-size:1.5rem;margin:0 0 .4rem}h3{font-size:1rem;margin:0 0 .3rem}h4{font-size:.95rem;margin:0 0 .3rem}
code{font:12px/1.3 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
.source,.detail,.help{color:var(--muted)}.detail,.help{font-size:12px;margin:.1rem 0 0}.help{display:block}
.k{font-weight:600;color:var(--muted);margin-right:.35rem}
.journey{margin:1.5rem 0 2.5rem}.journey-head{max-width:72rem;margin-bottom:1rem}
.goal{font-size:1.05rem;margin:.2rem 0 .6rem}
.facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0 0 .6rem}.facts dt{font-weight:600;color:var(--muted)}.facts dd{margin:0}
.subhead{margin-top:.5rem}.personas{margin:.2rem 0 .6rem;padding-left:1.2rem}
table{border-collapse:collapse;margin:.4rem 0}caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}thead th{background:var(--panel)}
.status.met,.meter.met .status{color:var(--good);font-weight:600}.status.missed,.meter.missed .status{color:var(--bad);font-weight:600}.status.unknown{color:var(--muted)}
.findings{margin:.4rem 0}
.finding{margin:.25rem 0;padding:.3rem .5rem;border-radius:6px;font-size:12.5px;border-left:4px solid}
.finding.warning{background:var(--warn-bg);color:var(--warn-fg)}.finding.advice{background:var(--adv-bg);color:var(--adv-fg)}.finding.error{background:var(--err-bg);color:var(--err-fg)}
.finding code{font-weight:600}.finding .help{color:inherit;opacity:1;font-style:italic}
.legend{margin:.5rem 0;font-size:13px}.legend ul{margin:.3rem 0;padding-left:1.2rem}
.scroller{overflow:auto;max-height:92vh;border:1px solid var(--line);border-radius:8px;background:var(--bg)}
.scroller:focus{outline:2px solid var(--accent);outline-offset:2px}
.grid{display:grid;width:max-content;align-items:stretch}
.head{position:sticky;left:0;z-index:2;background:var(--panel);border-right:1px solid var(--line);border-bottom:1px solid var(--line);padding:.5rem .6rem;font-weight:600}
.phase-head,.phase{font-size:12px;text-transform:uppercase;letter-spacing:.04em;padding:.3rem .6rem;border-bottom:1px solid var(--line)}
.phase{font-weight:700;border-right:2px solid var(--bg)}.phase.pre{background:var(--pre);color:var(--pre-fg)}.phase.usage{background:var(--usage);color:var(--usage-fg)}.phase.none{background:var(--none);color:var(--muted)}
.stage-head{top:0;z-index:4}
.stage{position:sticky;top:0;z-index:3;background:var(--panel);border-right:1px solid var(--line);border-bottom:2px solid var(--line);padding:.5rem .7rem;min-width:0}
.stage .title{font-size:1.05rem}
.cell{border-right:1px solid var(--line);border-bottom:1px solid var(--line);min-width:0}
.sub{display:grid;height:100%;align-items:start;align-content:start}
.slot{padding:.5rem;min-width:0;overflow-wrap:anywhere}
.stagewide{grid-column:1/-1;margin:0 .5rem .5rem;padding:.4rem .5rem;border:1px dashed var(--line);border-radius:6px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:.4rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.field{margin:.1rem 0;font-size:13px}
.note{margin:.3rem 0;padding:.3rem .45rem;border-radius:6px;border-left:4px solid var(--line);font-size:13px;background:var(--panel)}
.note p{margin:0}
.pain.high{background:var(--high);color:var(--high-fg);border-color:var(--high-edge)}.pain.medium{background:var(--medium);color:var(--medium-fg);border-color:var(--medium-edge)}.pain.low{background:var(--low);color:var(--low-fg);border-color:var(--low-edge)}
.pain .detail{color:inherit}
.opportunity{border-color:var(--good)}.moment{border-color:var(--moment)}.moment.weak{border-style:dashed}
.promise{border-color:var(--accent)}.promise.broken{background:var(--err-bg);color:var(--err-fg);border-color:var(--high-edge)}.promise.broken .detail{color:inherit}.keeps{border-color:var(--good)}
.kpi.met{border-color:var(--good)}.kpi.missed{border-color:var(--bad)}.expects{border-color:var(--accent)}.says,.thinks,.does{border-color:var(--accent)}.backstage,.system{border-style:dotted}
.prose{font-size:13px;color:var(--muted);margin:.3rem 0}
.meter{margin:.3rem 0 .5rem}.meter .title{margin:0;font-weight:600;font-size:13px}
.bar{display:block;width:100%;height:14px;margin:.2rem 0}.bar .track{fill:var(--grid)}.bar .fill{fill:var(--curve)}.meter.missed .bar .fill{fill:var(--bad)}.meter.met .bar .fill{fill:var(--good)}.bar .target{stroke:var(--fg);stroke-width:2}
.lane-emotion{padding:0;background:var(--bg)}.curve{display:block}
.curve-grid{stroke:var(--grid);stroke-width:1}.curve-grid.bound{stroke:var(--tick)}
.curve-middle{stroke:var(--tick);stroke-dasharray:4 4}
.curve-tick,.curve-bound,.curve-unrated{fill:var(--tick);font-size:11px;font-family:inherit}
.curve-line{fill:none;stroke:var(--curve);stroke-width:3;stroke-linejoin:round}
.curve-dot{fill:var(--curve);stroke:var(--bg);stroke-width:2}.lowest .curve-dot{fill:var(--lowest)}
.curve-lowest-ring{fill:none;stroke:var(--lowest);stroke-width:2}.curve-lowest{fill:var(--lowest);font-size:11px;font-weight:700}
.curve-value{fill:var(--fg);font-size:12px;font-weight:700}
.curve-star{fill:var(--moment)}.curve-moment-stem{stroke:var(--moment);stroke-dasharray:2 3}.curve-moment-name{fill:var(--fg);font-size:11.5px;font-weight:600}
.curve-moment.weak .curve-star{fill:none;stroke:var(--moment);stroke-width:1.5}
.pc0{--pc:var(--pc0)}.pc1{--pc:var(--pc1)}.pc2{--pc:var(--pc2)}.pc3{--pc:var(--pc3)}
.persona-curve-line{fill:none;stroke:var(--pc);stroke-width:2;stroke-linejoin:round}
.persona-marker{fill:var(--bg);stroke:var(--pc);stroke-width:2}.own .persona-marker,.curve-legend-entry .persona-marker{fill:var(--pc)}
.curve-legend-name{fill:var(--fg);font-size:11.5px}
.curve-table{margin:.6rem 0;font-size:13px}
.index{width:100%}.index a{color:var(--accent);font-weight:600}
.empty{color:var(--muted)}
@page{size:A3 landscape;margin:10mm}
@media print{body{padding:0;font-size:11px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.scroller{overflow:visible;max-height:none;border:0}.head,.stage,.stage-head{position:static}
.legend,.curve-table{display:none}.card,.note,.meter,.stagewide{break-inside:avoid}.journey{break-before:page}.journey:first-of-type{break-before:auto}}
"#;
