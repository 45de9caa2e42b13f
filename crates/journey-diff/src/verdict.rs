//! The one-sentence verdict a reviewer reads first: "2 touchpoints better,
//! 1 worse, 1 new high pain point, KPI nps now missed".

use std::collections::{BTreeMap, BTreeSet};

use crate::{Change, Effect, Kind};

/// Summarises a diff for a reviewer.
pub fn verdict(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No changes to the customer's experience.".to_string();
    }
    let mut parts = Vec::new();
    let mut accounted = vec![false; changes.len()];
    touchpoints(changes, &mut accounted, &mut parts);
    let high_pains = changes
        .iter()
        .filter(|c| c.kind == Kind::PainAdded && c.severity.as_deref() == Some("high"))
        .count();
    if high_pains > 0 {
        parts.push(count(
            high_pains,
            "new high pain point",
            "new high pain points",
        ));
    }
    flips(changes, &mut accounted, &mut parts);
    for (i, change) in changes.iter().enumerate() {
        let words = match change.kind {
            Kind::PromiseBroken => "no longer kept",
            Kind::PromiseKept => "now kept",
            _ => continue,
        };
        accounted[i] = true;
        let id = change.promise.as_deref().unwrap_or_default();
        parts.push(format!("promise {id} {words}"));
    }
    diagnostics(changes, &mut accounted, &mut parts);
    let journeys = |kind| changes.iter().filter(|c| c.kind == kind).count();
    let added = journeys(Kind::JourneyAdded);
    if added > 0 {
        parts.push(count(added, "journey added", "journeys added"));
    }
    let removed = journeys(Kind::JourneyRemoved);
    if removed > 0 {
        parts.push(count(removed, "journey removed", "journeys removed"));
    }
    others(changes, &accounted, &mut parts);
    if parts.is_empty() {
        let n = changes.len();
        parts.push(count(n, "change", "changes") + ", none better or worse");
    }
    capitalise(&parts.join(", "))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A touchpoint is worse when any of its changes is worse, else better
/// when any is better.
fn touchpoints(changes: &[Change], accounted: &mut [bool], parts: &mut Vec<String>) {
    let mut effects: BTreeMap<(&str, &str, &str), Effect> = BTreeMap::new();
    for (i, change) in changes.iter().enumerate() {
        let (Some(journey), Some(touchpoint)) = (&change.journey, &change.touchpoint) else {
            continue;
        };
        if change.effect == Effect::Neutral {
            continue;
        }
        accounted[i] = true;
        let key = (change.file.as_str(), journey.as_str(), touchpoint.as_str());
        let entry = effects.entry(key).or_insert(change.effect);
        if change.effect == Effect::Worse {
            *entry = Effect::Worse;
        }
    }
    let better = effects.values().filter(|e| **e == Effect::Better).count();
    let worse = effects.values().filter(|e| **e == Effect::Worse).count();
    match (better, worse) {
        (0, 0) => {}
        (0, w) => parts.push(count(w, "touchpoint worse", "touchpoints worse")),
        (b, 0) => parts.push(count(b, "touchpoint better", "touchpoints better")),
        (b, w) => {
            parts.push(count(b, "touchpoint better", "touchpoints better"));
            parts.push(format!("{w} worse"));
        }
    }
}

/// Targets that flip between met and missed: KPIs and desired actions.
fn flips(changes: &[Change], accounted: &mut [bool], parts: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for (i, change) in changes.iter().enumerate() {
        let Some(met) = change.met else {
            continue;
        };
        let flipped = match (met.old, met.new) {
            (Some(false), Some(true)) => true,
            (Some(true), Some(false)) => false,
            _ => continue,
        };
        accounted[i] = true;
        let text = if let Some(kpi) = &change.kpi {
            let words = if flipped { "now met" } else { "now missed" };
            format!("KPI {kpi} {words}")
        } else if let Some(desired) = &change.desired {
            let words = if flipped {
                "now reaches its target"
            } else {
                "now under its target"
            };
            format!("{desired} {words}")
        } else {
            continue;
        };
        if seen.insert(text.clone()) {
            parts.push(text);
        }
    }
}

fn diagnostics(changes: &[Change], accounted: &mut [bool], parts: &mut Vec<String>) {
    let mut errors_added = 0;
    let mut errors_fixed = 0;
    for (i, change) in changes.iter().enumerate() {
        if change.severity.as_deref() != Some("error") {
            continue;
        }
        match change.kind {
            Kind::DiagnosticAdded => errors_added += 1,
            Kind::DiagnosticFixed => errors_fixed += 1,
            _ => continue,
        }
        accounted[i] = true;
    }
    if errors_added > 0 {
        parts.push(count(errors_added, "new error", "new errors"));
    }
    if errors_fixed > 0 {
        parts.push(count(errors_fixed, "error fixed", "errors fixed"));
    }
}

/// Better and worse changes that no part above names (a journey's KPI, a
/// persona's data).
fn others(changes: &[Change], accounted: &[bool], parts: &mut Vec<String>) {
    let left = |effect| {
        changes
            .iter()
            .zip(accounted)
            .filter(|(c, done)| !**done && c.effect == effect)
            .count()
    };
    let (better, worse) = (left(Effect::Better), left(Effect::Worse));
    let prefix = if parts.is_empty() { "" } else { "other " };
    if better > 0 {
        parts.push(format!(
            "{better} {prefix}{} better",
            if better == 1 { "change" } else { "changes" }
        ));
    }
    if worse > 0 {
        parts.push(format!(
            "{worse} {prefix}{} worse",
            if worse == 1 { "change" } else { "changes" }
        ));
    }
}
