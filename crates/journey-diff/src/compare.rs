//! The comparison: journeys matched by id, then stages, touchpoints,
//! desired actions, promises and KPIs by id, pain points by text.
//!
//! Every rule is written so that comparing the sides the other way round
//! gives the mirror image: what one direction adds the other removes, and a
//! value change that is better one way is worse the other.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use journey_check::compile::{
    CompiledModel, CompletedJson, DesiredJson, DirectionJson, JourneyJson, KpiJson, MinMax, Number,
    PainJson, PersonaJson, PromiseJson, SeverityJson, StageJson, TouchpointJson, ValueJson,
};

use crate::{Change, Context, Effect, Finding, FindingSeverity, Kind, Met, Side, Value};

/// Compares two versions of some journey files.
pub fn diff(old: &Side, new: &Side) -> Vec<Change> {
    let old_journeys = journeys(old);
    let new_journeys = journeys(new);
    let mut out = Vec::new();
    let (pairs, removed) = pair_journeys(&old_journeys, &new_journeys);
    for (new_journey, old_journey) in new_journeys.iter().zip(pairs) {
        match old_journey {
            Some(old_journey) => compare_journey(&old_journeys[old_journey], new_journey, &mut out),
            None => out.push(journey_presence(new_journey, Kind::JourneyAdded)),
        }
    }
    for index in removed {
        out.push(journey_presence(&old_journeys[index], Kind::JourneyRemoved));
    }
    compare_personas(old, new, &mut out);
    compare_findings(&old.findings, &new.findings, &mut out);
    out
}

/// A journey with the file it is in.
struct Located<'a> {
    file: &'a str,
    model: &'a CompiledModel,
    journey: &'a JourneyJson,
}

fn journeys(side: &Side) -> Vec<Located<'_>> {
    side.files
        .iter()
        .flat_map(|file| {
            file.model.journeys.iter().map(move |journey| Located {
                file: &file.name,
                model: &file.model,
                journey,
            })
        })
        .collect()
}

/// For each new journey, the index of its old version; and the old
/// journeys that have none. A journey is matched in the same file first;
/// then a journey left over on both sides with an id that no other
/// left-over journey has is the same journey, moved to another file (a
/// renamed file keeps its history).
fn pair_journeys(old: &[Located<'_>], new: &[Located<'_>]) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut taken = vec![false; old.len()];
    let mut pairs: Vec<Option<usize>> = new
        .iter()
        .map(|n| {
            let found = (0..old.len())
                .find(|&i| !taken[i] && old[i].file == n.file && old[i].journey.id == n.journey.id);
            if let Some(i) = found {
                taken[i] = true;
            }
            found
        })
        .collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&i| pairs[i].is_none()).collect();
    let left_old: Vec<usize> = (0..old.len()).filter(|&i| !taken[i]).collect();
    for &n in &left_new {
        let id = &new[n].journey.id;
        let same_new = left_new.iter().filter(|&&m| new[m].journey.id == *id);
        let same_old: Vec<usize> = left_old
            .iter()
            .copied()
            .filter(|&o| old[o].journey.id == *id)
            .collect();
        if same_new.count() == 1 && same_old.len() == 1 {
            pairs[n] = Some(same_old[0]);
            taken[same_old[0]] = true;
        }
    }
    let removed = (0..old.len()).filter(|&i| !taken[i]).collect();
    (pairs, removed)
}

/// Where a change is: the file, journey, stage and touchpoint.
#[derive(Clone)]
struct Loc<'a> {
    file: &'a str,
    journey: &'a JourneyJson,
    stage: Option<&'a StageJson>,
    touchpoint: Option<&'a str>,
}

impl<'a> Loc<'a> {
    fn of(journey: &'a Located<'a>) -> Loc<'a> {
        Loc {
            file: journey.file,
            journey: journey.journey,
            stage: None,
            touchpoint: None,
        }
    }

    fn in_stage(&self, stage: &'a StageJson) -> Loc<'a> {
        Loc {
            stage: Some(stage),
            ..self.clone()
        }
    }

    fn at_touchpoint(&self, stage: &'a StageJson, touchpoint: &'a str) -> Loc<'a> {
        Loc {
            stage: Some(stage),
            touchpoint: Some(touchpoint),
            ..self.clone()
        }
    }

    fn change(&self, kind: Kind, effect: Effect, message: impl Into<String>) -> Change {
        Change {
            kind,
            effect,
            file: self.file.to_string(),
            journey: Some(self.journey.id.clone()),
            stage: self.stage.map(|s| s.id.clone()),
            touchpoint: self.touchpoint.map(str::to_string),
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
            message: message.into(),
            context: Context {
                journey_label: Some(self.journey.label.clone()),
                stage_label: self.stage.map(|s| s.label.clone()),
            },
        }
    }
}

impl Change {
    fn values(mut self, old: Option<Value>, new: Option<Value>) -> Change {
        self.old = old;
        self.new = new;
        self
    }
}

fn journey_presence(journey: &Located<'_>, kind: Kind) -> Change {
    let j = journey.journey;
    let verb = if kind == Kind::JourneyAdded {
        "added"
    } else {
        "removed"
    };
    let value = Some(Value::Text(j.label.clone()));
    let (old, new) = if kind == Kind::JourneyAdded {
        (None, value)
    } else {
        (value, None)
    };
    Loc::of(journey)
        .change(
            kind,
            Effect::Neutral,
            format!("journey {} \"{}\" {verb}", j.id, j.label),
        )
        .values(old, new)
}

fn text(value: &str) -> Option<Value> {
    Some(Value::Text(value.to_string()))
}

fn number(value: f64) -> Option<Value> {
    Some(Value::Number(Number(value)))
}

fn list(values: &[String]) -> Option<Value> {
    Some(Value::List(values.to_vec()))
}

fn compare_journey(old: &Located<'_>, new: &Located<'_>, out: &mut Vec<Change>) {
    let loc = Loc::of(new);
    let (o, n) = (old.journey, new.journey);
    let mut changes = Vec::new();
    if old.file != new.file {
        changes.push(
            loc.change(
                Kind::JourneyMoved,
                Effect::Neutral,
                format!("journey moved from {} to {}", old.file, new.file),
            )
            .values(text(old.file), text(new.file)),
        );
    }
    if o.label != n.label {
        changes.push(
            loc.change(
                Kind::JourneyRenamed,
                Effect::Neutral,
                format!("journey renamed: \"{}\" → \"{}\"", o.label, n.label),
            )
            .values(text(&o.label), text(&n.label)),
        );
    }
    if (o.scale.min, o.scale.max) != (n.scale.min, n.scale.max) {
        changes.push(
            loc.change(
                Kind::Scale,
                Effect::Neutral,
                format!("emotion scale {} → {}", scale(o.scale), scale(n.scale)),
            )
            .values(text(&scale(o.scale)), text(&scale(n.scale))),
        );
    }
    if o.personas != n.personas {
        // Only touchpoints that follow the journey's audience on both sides.
        let gaps = |side: &Located<'_>, other: &JourneyJson| {
            let following: BTreeSet<&str> = touchpoints(other)
                .filter(|(_, u)| u.audience == other.personas)
                .map(|(_, u)| u.id.as_str())
                .collect();
            let mut set = BTreeSet::new();
            for (_, t) in touchpoints(side.journey) {
                if t.audience == side.journey.personas && following.contains(t.id.as_str()) {
                    for (persona, item) in touchpoint_gaps(side.model, t) {
                        set.insert((t.id.clone(), persona, item));
                    }
                }
            }
            set
        };
        let (effect, note) = gap_effect(&gaps(old, n), &gaps(new, o), |(t, p, i)| {
            format!("{p} lacks {i} at {t}")
        });
        changes.push(
            loc.change(
                Kind::Audience,
                effect,
                format!(
                    "audience {} → {}{note}",
                    names(&o.personas),
                    names(&n.personas)
                ),
            )
            .values(list(&o.personas), list(&n.personas)),
        );
    }
    compare_kpis(&loc, &o.kpis, &n.kpis, &mut changes);
    compare_stages(old, new, &loc, &mut changes);
    out.extend(changes);
}

fn scale(s: MinMax) -> String {
    format!("{}..{}", s.min, s.max)
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "(none)".to_string()
    } else {
        list.join(", ")
    }
}

fn touchpoints(journey: &JourneyJson) -> impl Iterator<Item = (&StageJson, &TouchpointJson)> {
    journey
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(move |t| (s, t)))
}

/// The data items the touchpoint's channel requires that a persona of its
/// audience lacks (the `channel-data-missing` findings), computed from the
/// compiled model of the touchpoint's file.
fn touchpoint_gaps(
    model: &CompiledModel,
    touchpoint: &TouchpointJson,
) -> BTreeSet<(String, String)> {
    let mut gaps = BTreeSet::new();
    let Some(channel) = &touchpoint.channel else {
        return gaps;
    };
    let Some(channel) = model.channels.iter().find(|c| c.id == *channel) else {
        return gaps;
    };
    for persona in &touchpoint.audience {
        let Some(persona) = model.personas.iter().find(|p| p.id == *persona) else {
            continue;
        };
        for item in &channel.requires {
            if !persona.data.contains(item) {
                gaps.insert((persona.id.clone(), item.clone()));
            }
        }
    }
    gaps
}

/// Better when the change only closes data gaps, worse when it only opens
/// them; with a note that says which.
fn gap_effect<T: Ord>(
    old: &BTreeSet<T>,
    new: &BTreeSet<T>,
    show: impl Fn(&T) -> String,
) -> (Effect, String) {
    let opened: Vec<String> = new.difference(old).map(&show).collect();
    let closed: Vec<String> = old.difference(new).map(&show).collect();
    let mut notes = Vec::new();
    if !opened.is_empty() {
        notes.push(format!(
            "creates channel-data-missing: {}",
            opened.join("; ")
        ));
    }
    if !closed.is_empty() {
        notes.push(format!("fixes channel-data-missing: {}", closed.join("; ")));
    }
    let effect = match (opened.is_empty(), closed.is_empty()) {
        (false, true) => Effect::Worse,
        (true, false) => Effect::Better,
        _ => Effect::Neutral,
    };
    let note = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    (effect, note)
}

/// The order of stages in the report: the new version's, then the removed.
fn compare_stages(old: &Located<'_>, new: &Located<'_>, loc: &Loc<'_>, out: &mut Vec<Change>) {
    let (o, n) = (old.journey, new.journey);
    let old_stages: HashMap<&str, &StageJson> =
        o.stages.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_stages: HashMap<&str, &StageJson> =
        n.stages.iter().map(|s| (s.id.as_str(), s)).collect();
    let old_tps: HashMap<&str, (&StageJson, &TouchpointJson)> = touchpoints(o)
        .map(|(s, t)| (t.id.as_str(), (s, t)))
        .collect();
    let new_tps: HashMap<&str, (&StageJson, &TouchpointJson)> = touchpoints(n)
        .map(|(s, t)| (t.id.as_str(), (s, t)))
        .collect();
    let scales = (o.scale, n.scale);

    for stage in &n.stages {
        let here = loc.in_stage(stage);
        match old_stages.get(stage.id.as_str()) {
            None => out.push(
                here.change(
                    Kind::StageAdded,
                    Effect::Neutral,
                    format!("stage {} \"{}\" added", stage.id, stage.label),
                )
                .values(None, text(&stage.label)),
            ),
            Some(before) => {
                if before.label != stage.label {
                    out.push(
                        here.change(
                            Kind::StageRenamed,
                            Effect::Neutral,
                            format!("stage renamed: \"{}\" → \"{}\"", before.label, stage.label),
                        )
                        .values(text(&before.label), text(&stage.label)),
                    );
                }
                compare_kpis(&here, &before.kpis, &stage.kpis, out);
            }
        }
        for t in &stage.touchpoints {
            let at = loc.at_touchpoint(stage, &t.id);
            match old_tps.get(t.id.as_str()) {
                None => out.push(
                    at.change(
                        Kind::TouchpointAdded,
                        Effect::Neutral,
                        format!("touchpoint {} \"{}\" added", t.id, t.label),
                    )
                    .values(None, text(&t.label)),
                ),
                Some((before_stage, before)) => {
                    if before_stage.id != stage.id {
                        out.push(
                            at.change(
                                Kind::TouchpointMoved,
                                Effect::Neutral,
                                format!(
                                    "moved from stage {} to stage {}",
                                    before_stage.id, stage.id
                                ),
                            )
                            .values(text(&before_stage.id), text(&stage.id)),
                        );
                    }
                    let pair = TouchpointPair {
                        at: &at,
                        old: (old, o, before),
                        new: (new, n, t),
                        scales,
                    };
                    pair.compare(out);
                }
            }
        }
        // Touchpoints of this stage that are gone from the journey.
        if let Some(before) = old_stages.get(stage.id.as_str()) {
            removed_touchpoints(loc, before, &new_tps, out);
        }
    }
    for stage in &o.stages {
        if new_stages.contains_key(stage.id.as_str()) {
            continue;
        }
        out.push(
            loc.in_stage(stage)
                .change(
                    Kind::StageRemoved,
                    Effect::Neutral,
                    format!("stage {} \"{}\" removed", stage.id, stage.label),
                )
                .values(text(&stage.label), None),
        );
        removed_touchpoints(loc, stage, &new_tps, out);
    }
    compare_actions(old, new, loc, out);
}

fn removed_touchpoints(
    loc: &Loc<'_>,
    stage: &StageJson,
    remaining: &HashMap<&str, (&StageJson, &TouchpointJson)>,
    out: &mut Vec<Change>,
) {
    for t in &stage.touchpoints {
        if !remaining.contains_key(t.id.as_str()) {
            out.push(
                loc.at_touchpoint(stage, &t.id)
                    .change(
                        Kind::TouchpointRemoved,
                        Effect::Neutral,
                        format!("touchpoint {} \"{}\" removed", t.id, t.label),
                    )
                    .values(text(&t.label), None),
            );
        }
    }
}

/// One touchpoint in both versions, with its journey and file.
struct TouchpointPair<'a> {
    at: &'a Loc<'a>,
    old: (&'a Located<'a>, &'a JourneyJson, &'a TouchpointJson),
    new: (&'a Located<'a>, &'a JourneyJson, &'a TouchpointJson),
    scales: (MinMax, MinMax),
}

impl TouchpointPair<'_> {
    fn compare(&self, out: &mut Vec<Change>) {
        let (old_side, old_journey, o) = self.old;
        let (new_side, new_journey, n) = self.new;
        let at = self.at;
        if o.label != n.label {
            out.push(
                at.change(
                    Kind::TouchpointRenamed,
                    Effect::Neutral,
                    format!("renamed: \"{}\" → \"{}\"", o.label, n.label),
                )
                .values(text(&o.label), text(&n.label)),
            );
        }
        let old_gaps = touchpoint_gaps(old_side.model, o);
        let new_gaps = touchpoint_gaps(new_side.model, n);
        let show = |(p, i): &(String, String)| format!("{p} lacks {i}");
        if o.channel != n.channel {
            let (effect, note) = gap_effect(&old_gaps, &new_gaps, show);
            out.push(
                at.change(
                    Kind::Channel,
                    effect,
                    format!(
                        "channel {} → {}{note}",
                        optional(&o.channel),
                        optional(&n.channel)
                    ),
                )
                .values(
                    o.channel.as_deref().and_then(text),
                    n.channel.as_deref().and_then(text),
                ),
            );
        }
        // A touchpoint that follows its journey's audience on both sides is
        // reported once, on the journey.
        let inherits = o.audience == old_journey.personas && n.audience == new_journey.personas;
        if o.audience != n.audience && !inherits {
            let (effect, note) = gap_effect(&old_gaps, &new_gaps, show);
            out.push(
                at.change(
                    Kind::Audience,
                    effect,
                    format!(
                        "audience {} → {}{note}",
                        names(&o.audience),
                        names(&n.audience)
                    ),
                )
                .values(list(&o.audience), list(&n.audience)),
            );
        }
        self.emotion(out);
        if o.effort != n.effort {
            let effect = match (o.effort, n.effort) {
                (Some(a), Some(b)) if b < a => Effect::Better,
                (Some(a), Some(b)) if b > a => Effect::Worse,
                _ => Effect::Neutral,
            };
            out.push(
                at.change(
                    Kind::Effort,
                    effect,
                    format!(
                        "effort {} → {}",
                        optional_int(o.effort),
                        optional_int(n.effort)
                    ),
                )
                .values(
                    o.effort.and_then(|e| number(e as f64)),
                    n.effort.and_then(|e| number(e as f64)),
                ),
            );
        }
        compare_pains(at, &o.pains, &n.pains, out);
        compare_texts(
            at,
            &o.opportunities,
            &n.opportunities,
            (Kind::OpportunityAdded, Kind::OpportunityRemoved),
            "opportunity",
            out,
        );
        compare_texts(
            at,
            &o.moments_of_truth,
            &n.moments_of_truth,
            (Kind::MomentAdded, Kind::MomentRemoved),
            "moment of truth",
            out,
        );
        compare_kpis(at, &o.kpis, &n.kpis, out);
    }

    /// The audience-wide rating, then each persona's own rating (language
    /// 1.1), compared one by one.
    fn emotion(&self, out: &mut Vec<Change>) {
        self.rating(self.old.2.emotion, self.new.2.emotion, None, out);
        // A persona's curve: its own rating, else the audience-wide one
        // (LANGUAGE.md §10), so that a new own rating compares with what the
        // persona was rated before.
        let own = |t: &TouchpointJson, persona: &str| {
            t.emotions
                .iter()
                .find(|e| e.persona.as_deref() == Some(persona))
                .map(|e| e.value)
                .or(t.emotion)
        };
        let mut personas: Vec<&str> = Vec::new();
        for e in self.old.2.emotions.iter().chain(&self.new.2.emotions) {
            if let Some(p) = e.persona.as_deref() {
                if !personas.contains(&p) {
                    personas.push(p);
                }
            }
        }
        for persona in personas {
            let (o, n) = (own(self.old.2, persona), own(self.new.2, persona));
            // Moving with the audience-wide rating is reported once, above.
            let audience_wide = (self.old.2.emotion, self.new.2.emotion);
            if (o, n) != audience_wide {
                self.rating(o, n, Some(persona), out);
            }
        }
    }

    /// Up is better; an old rating on another scale is rescaled first.
    fn rating(&self, o: Option<i64>, n: Option<i64>, persona: Option<&str>, out: &mut Vec<Change>) {
        let (old_scale, new_scale) = self.scales;
        let rescaled = o.map(|value| rescale(value, old_scale, new_scale));
        let same_scale = (old_scale.min, old_scale.max) == (new_scale.min, new_scale.max);
        // The same number on another scale is a different feeling.
        let unchanged = o == n
            && match (rescaled, n) {
                (Some(a), Some(b)) => (a - b as f64).abs() < 1e-9,
                _ => true,
            };
        if unchanged {
            return;
        }
        let effect = match (rescaled, n) {
            (Some(a), Some(b)) if (b as f64) > a + 1e-9 => Effect::Better,
            (Some(a), Some(b)) if (b as f64) < a - 1e-9 => Effect::Worse,
            _ => Effect::Neutral,
        };
        let whom = persona.map_or(String::new(), |p| format!(" for {p}"));
        let mut message = format!("emotion{whom} {} → {}", optional_int(o), optional_int(n));
        if let (Some(value), Some(scaled), false) = (o, rescaled, same_scale) {
            message.push_str(&format!(
                " (scale {} → {}: {value} is {} on the new scale)",
                scale(old_scale),
                scale(new_scale),
                show_number(scaled)
            ));
        }
        let mut change = self.at.change(Kind::Emotion, effect, message).values(
            o.and_then(|e| number(e as f64)),
            n.and_then(|e| number(e as f64)),
        );
        change.persona = persona.map(str::to_string);
        out.push(change);
    }
}

/// A rating on `from` at the same relative place on `to`.
fn rescale(value: i64, from: MinMax, to: MinMax) -> f64 {
    let width = (from.max - from.min) as f64;
    if width <= 0.0 {
        return value as f64;
    }
    let position = (value - from.min) as f64 / width;
    to.min as f64 + position * (to.max - to.min) as f64
}

fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "(none)".to_string())
}

fn optional_int(value: Option<i64>) -> String {
    value.map_or_else(|| "(none)".to_string(), |v| v.to_string())
}

/// A number with at most two decimals, without trailing zeros.
pub(crate) fn show_number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

fn severity_name(severity: Option<SeverityJson>) -> Option<&'static str> {
    severity.map(|s| match s {
        SeverityJson::Low => "low",
        SeverityJson::Medium => "medium",
        SeverityJson::High => "high",
    })
}

fn severity_rank(severity: Option<SeverityJson>) -> Option<u8> {
    severity.map(|s| match s {
        SeverityJson::Low => 1,
        SeverityJson::Medium => 2,
        SeverityJson::High => 3,
    })
}

/// Pairs equal items of two lists in order (each item used once): the
/// indices of the old list's items in the new one.
fn match_by<T, K: PartialEq>(old: &[T], new: &[T], key: impl Fn(&T) -> K) -> Vec<Option<usize>> {
    let mut used = vec![false; new.len()];
    old.iter()
        .map(|item| {
            let k = key(item);
            let found = (0..new.len()).find(|&i| !used[i] && key(&new[i]) == k);
            if let Some(i) = found {
                used[i] = true;
            }
            found
        })
        .collect()
}

/// A pain point that appeared or went away ("pain point added: …").
fn pain_change(at: &Loc<'_>, kind: Kind, effect: Effect, verb: &str, pain: &PainJson) -> Change {
    let severity = severity_name(pain.severity);
    let mut change = at.change(
        kind,
        effect,
        format!(
            "pain point {verb}: \"{}\"{}",
            pain.text,
            severity.map_or(String::new(), |s| format!(" ({s})"))
        ),
    );
    change.pain = Some(pain.text.clone());
    change.severity = severity.map(str::to_string);
    change
}

/// Pain points are matched by their text: a reworded pain point is one
/// resolved and one added.
fn compare_pains(at: &Loc<'_>, old: &[PainJson], new: &[PainJson], out: &mut Vec<Change>) {
    let matches = match_by(old, new, |p| p.text.clone());
    let matched: BTreeSet<usize> = matches.iter().flatten().copied().collect();
    for (i, pain) in new.iter().enumerate() {
        if matched.contains(&i) {
            continue;
        }
        out.push(pain_change(
            at,
            Kind::PainAdded,
            Effect::Worse,
            "added",
            pain,
        ));
    }
    for (pain, found) in old.iter().zip(&matches) {
        let Some(found) = found else {
            out.push(pain_change(
                at,
                Kind::PainResolved,
                Effect::Better,
                "resolved",
                pain,
            ));
            continue;
        };
        let after = &new[*found];
        if severity_rank(pain.severity) != severity_rank(after.severity) {
            let effect = match (severity_rank(pain.severity), severity_rank(after.severity)) {
                (Some(a), Some(b)) if b > a => Effect::Worse,
                (Some(a), Some(b)) if b < a => Effect::Better,
                _ => Effect::Neutral,
            };
            let (a, b) = (severity_name(pain.severity), severity_name(after.severity));
            let mut change = at
                .change(
                    Kind::PainSeverity,
                    effect,
                    format!(
                        "pain point \"{}\": severity {} → {}",
                        pain.text,
                        a.unwrap_or("(none)"),
                        b.unwrap_or("(none)")
                    ),
                )
                .values(a.and_then(text), b.and_then(text));
            change.pain = Some(pain.text.clone());
            change.severity = b.map(str::to_string);
            out.push(change);
        }
        compare_pain_opportunities(at, pain, after, out);
    }
}

/// An opportunity that gives a pain point its first way out is better; the
/// last one taken away, worse.
fn compare_pain_opportunities(at: &Loc<'_>, old: &PainJson, new: &PainJson, out: &mut Vec<Change>) {
    let matches = match_by(&old.opportunities, &new.opportunities, |o| o.clone());
    let matched: BTreeSet<usize> = matches.iter().flatten().copied().collect();
    for (i, opportunity) in new.opportunities.iter().enumerate() {
        if matched.contains(&i) {
            continue;
        }
        let effect = if old.opportunities.is_empty() {
            Effect::Better
        } else {
            Effect::Neutral
        };
        let mut change = at
            .change(
                Kind::OpportunityAdded,
                effect,
                format!(
                    "opportunity added to pain point \"{}\": \"{opportunity}\"",
                    new.text
                ),
            )
            .values(None, text(opportunity));
        change.pain = Some(new.text.clone());
        out.push(change);
    }
    for (opportunity, found) in old.opportunities.iter().zip(&matches) {
        if found.is_some() {
            continue;
        }
        let effect = if new.opportunities.is_empty() {
            Effect::Worse
        } else {
            Effect::Neutral
        };
        let mut change = at
            .change(
                Kind::OpportunityRemoved,
                effect,
                format!(
                    "opportunity removed from pain point \"{}\": \"{opportunity}\"",
                    old.text
                ),
            )
            .values(text(opportunity), None);
        change.pain = Some(old.text.clone());
        out.push(change);
    }
}

/// Texts added to and removed from a list (moments of truth, opportunities).
fn compare_texts(
    at: &Loc<'_>,
    old: &[String],
    new: &[String],
    (added, removed): (Kind, Kind),
    noun: &str,
    out: &mut Vec<Change>,
) {
    let matches = match_by(old, new, |s| s.clone());
    let matched: BTreeSet<usize> = matches.iter().flatten().copied().collect();
    for (i, item) in new.iter().enumerate() {
        if !matched.contains(&i) {
            out.push(
                at.change(added, Effect::Neutral, format!("{noun} added: \"{item}\""))
                    .values(None, text(item)),
            );
        }
    }
    for (item, found) in old.iter().zip(&matches) {
        if found.is_none() {
            out.push(
                at.change(
                    removed,
                    Effect::Neutral,
                    format!("{noun} removed: \"{item}\""),
                )
                .values(text(item), None),
            );
        }
    }
}

/// The effect of a target becoming met or missed.
fn flip_effect(met: Met) -> Effect {
    match (met.old, met.new) {
        (Some(false), Some(true)) => Effect::Better,
        (Some(true), Some(false)) => Effect::Worse,
        _ => Effect::Neutral,
    }
}

fn flip_note(met: Met, met_words: &str, missed_words: &str) -> String {
    match (met.old, met.new) {
        (Some(false), Some(true)) => format!(", {met_words}"),
        (Some(true), Some(false)) => format!(", {missed_words}"),
        _ => String::new(),
    }
}

fn kpi_value(value: &ValueJson) -> String {
    match value {
        ValueJson::Percent { value } => format!("{}%", show_number(value.0)),
        ValueJson::Number { value } => show_number(value.0),
        ValueJson::Duration { text, .. } => text.clone(),
        ValueJson::Money { amount, currency } => format!("{} {currency}", show_number(amount.0)),
    }
}

fn optional_kpi_value(value: &Option<ValueJson>) -> String {
    value
        .as_ref()
        .map_or_else(|| "(none)".to_string(), kpi_value)
}

/// A value's magnitude with what it must share with another to be compared.
fn magnitude(value: &ValueJson) -> (&'static str, &str, f64) {
    match value {
        ValueJson::Percent { value } => ("percent", "", value.0),
        ValueJson::Number { value } => ("number", "", value.0),
        ValueJson::Duration { seconds, .. } => ("duration", "", seconds.0),
        ValueJson::Money { amount, currency } => ("money", currency, amount.0),
    }
}

fn same_value(a: &Option<ValueJson>, b: &Option<ValueJson>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => magnitude(a) == magnitude(b) && kpi_value(a) == kpi_value(b),
        _ => false,
    }
}

/// KPIs of one block, matched by id.
fn compare_kpis(loc: &Loc<'_>, old: &[KpiJson], new: &[KpiJson], out: &mut Vec<Change>) {
    for kpi in new {
        let Some(before) = old.iter().find(|k| k.id == kpi.id) else {
            let mut change = loc
                .change(
                    Kind::KpiAdded,
                    Effect::Neutral,
                    format!("KPI {} added", kpi.id),
                )
                .values(None, kpi.actual.clone().map(Value::Quantity));
            change.kpi = Some(kpi.id.clone());
            out.push(change);
            continue;
        };
        compare_kpi(loc, before, kpi, out);
    }
    for kpi in old {
        if !new.iter().any(|k| k.id == kpi.id) {
            let mut change = loc
                .change(
                    Kind::KpiRemoved,
                    Effect::Neutral,
                    format!("KPI {} removed", kpi.id),
                )
                .values(kpi.actual.clone().map(Value::Quantity), None);
            change.kpi = Some(kpi.id.clone());
            out.push(change);
        }
    }
}

fn compare_kpi(loc: &Loc<'_>, old: &KpiJson, new: &KpiJson, out: &mut Vec<Change>) {
    let met = Met {
        old: old.met,
        new: new.met,
    };
    let actual_changed = !same_value(&old.actual, &new.actual);
    let target_changed = !same_value(&old.target, &new.target);
    let note = flip_note(met, "now met", "now missed");
    if target_changed {
        // The flip belongs to the actual value when both moved.
        let (effect, note) = if actual_changed {
            (Effect::Neutral, String::new())
        } else {
            (flip_effect(met), note.clone())
        };
        let mut change = loc
            .change(
                Kind::KpiTarget,
                effect,
                format!(
                    "KPI {} target {} → {}{note}",
                    new.id,
                    optional_kpi_value(&old.target),
                    optional_kpi_value(&new.target)
                ),
            )
            .values(
                old.target.clone().map(Value::Quantity),
                new.target.clone().map(Value::Quantity),
            );
        change.kpi = Some(new.id.clone());
        change.met = Some(met);
        out.push(change);
    }
    if actual_changed {
        let higher = matches!(new.direction, DirectionJson::Higher);
        let effect = match (&old.actual, &new.actual) {
            (Some(a), Some(b)) => {
                let ((kind_a, unit_a, a), (kind_b, unit_b, b)) = (magnitude(a), magnitude(b));
                if kind_a != kind_b || unit_a != unit_b || a == b {
                    flip_effect(met)
                } else if (b > a) == higher {
                    Effect::Better
                } else {
                    Effect::Worse
                }
            }
            _ => flip_effect(met),
        };
        let direction = if higher { "higher" } else { "lower" };
        let mut change = loc
            .change(
                Kind::KpiActual,
                effect,
                format!(
                    "KPI {} actual {} → {} ({direction} is better){note}",
                    new.id,
                    optional_kpi_value(&old.actual),
                    optional_kpi_value(&new.actual)
                ),
            )
            .values(
                old.actual.clone().map(Value::Quantity),
                new.actual.clone().map(Value::Quantity),
            );
        change.kpi = Some(new.id.clone());
        change.met = Some(met);
        out.push(change);
    }
}

/// Desired actions and promises of a journey (ids unique in the journey),
/// and how often each promise is kept.
struct Actions<'a> {
    desired: Vec<(&'a StageJson, Option<&'a str>, &'a DesiredJson)>,
    promises: Vec<(&'a StageJson, Option<&'a str>, &'a PromiseJson)>,
    keeps: BTreeMap<&'a str, usize>,
}

fn actions(journey: &JourneyJson) -> Actions<'_> {
    let mut actions = Actions {
        desired: Vec::new(),
        promises: Vec::new(),
        keeps: BTreeMap::new(),
    };
    for stage in &journey.stages {
        actions
            .desired
            .extend(stage.desired.iter().map(|d| (stage, None, d)));
        actions
            .promises
            .extend(stage.promises.iter().map(|p| (stage, None, p)));
        for keep in &stage.keeps {
            *actions.keeps.entry(keep).or_default() += 1;
        }
        for t in &stage.touchpoints {
            let id = Some(t.id.as_str());
            actions
                .desired
                .extend(t.desired.iter().map(|d| (stage, id, d)));
            actions
                .promises
                .extend(t.promises.iter().map(|p| (stage, id, p)));
            for keep in &t.keeps {
                *actions.keeps.entry(keep).or_default() += 1;
            }
        }
    }
    actions
}

fn place<'a>(loc: &Loc<'a>, stage: &'a StageJson, touchpoint: Option<&'a str>) -> Loc<'a> {
    match touchpoint {
        Some(t) => loc.at_touchpoint(stage, t),
        None => loc.in_stage(stage),
    }
}

fn compare_actions<'a>(old: &Located<'a>, new: &Located<'a>, loc: &Loc<'_>, out: &mut Vec<Change>) {
    let (o, n) = (actions(old.journey), actions(new.journey));
    let by_id = |a: &Actions<'a>| -> HashMap<&'a str, &'a DesiredJson> {
        a.desired
            .iter()
            .map(|(_, _, d)| (d.id.as_str(), *d))
            .collect()
    };
    let (old_desired, new_desired) = (by_id(&o), by_id(&n));
    let promise_ids = |a: &Actions<'a>| -> BTreeSet<&'a str> {
        a.promises.iter().map(|(_, _, p)| p.id.as_str()).collect()
    };
    let (old_promises, new_promises) = (promise_ids(&o), promise_ids(&n));
    for &(stage, touchpoint, d) in &n.desired {
        let at = place(loc, stage, touchpoint);
        match old_desired.get(d.id.as_str()) {
            None => {
                let mut change = at
                    .change(
                        Kind::DesiredAdded,
                        Effect::Neutral,
                        format!("desired action {} \"{}\" added", d.id, d.label),
                    )
                    .values(None, text(&d.label));
                change.desired = Some(d.id.clone());
                out.push(change);
            }
            Some(before) => compare_desired(&at, before, d, out),
        }
    }
    for &(stage, touchpoint, d) in &o.desired {
        if !new_desired.contains_key(d.id.as_str()) {
            let mut change = place(loc, stage, touchpoint)
                .change(
                    Kind::DesiredRemoved,
                    Effect::Neutral,
                    format!("desired action {} \"{}\" removed", d.id, d.label),
                )
                .values(text(&d.label), None);
            change.desired = Some(d.id.clone());
            out.push(change);
        }
    }
    for &(stage, touchpoint, p) in &n.promises {
        let at = place(loc, stage, touchpoint);
        let kept_now = n.keeps.get(p.id.as_str()).copied().unwrap_or(0);
        if !old_promises.contains(p.id.as_str()) {
            let mut change = at
                .change(
                    Kind::PromiseAdded,
                    Effect::Neutral,
                    format!("promise {} added: \"{}\"", p.id, p.text),
                )
                .values(None, text(&p.text));
            change.promise = Some(p.id.clone());
            out.push(change);
            continue;
        }
        let kept_before = o.keeps.get(p.id.as_str()).copied().unwrap_or(0);
        let (kind, effect, words) = match (kept_before > 0, kept_now > 0) {
            (false, true) => (Kind::PromiseKept, Effect::Better, "is now kept"),
            (true, false) => (Kind::PromiseBroken, Effect::Worse, "is no longer kept"),
            _ => continue,
        };
        let mut change = at
            .change(kind, effect, format!("promise {} {words}", p.id))
            .values(number(kept_before as f64), number(kept_now as f64));
        change.promise = Some(p.id.clone());
        out.push(change);
    }
    for &(stage, touchpoint, p) in &o.promises {
        if !new_promises.contains(p.id.as_str()) {
            let mut change = place(loc, stage, touchpoint)
                .change(
                    Kind::PromiseRemoved,
                    Effect::Neutral,
                    format!("promise {} removed: \"{}\"", p.id, p.text),
                )
                .values(text(&p.text), None);
            change.promise = Some(p.id.clone());
            out.push(change);
        }
    }
}

fn rate(completed: &Option<CompletedJson>) -> Option<f64> {
    match completed.as_ref()? {
        CompletedJson::Counts { rate, .. } | CompletedJson::Rate { rate, .. } => rate.map(|r| r.0),
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "(none)".to_string(), |v| format!("{}%", show_number(v)))
}

fn compare_desired(at: &Loc<'_>, old: &DesiredJson, new: &DesiredJson, out: &mut Vec<Change>) {
    let met = Met {
        old: old.met,
        new: new.met,
    };
    let target = |d: &DesiredJson| d.target.map(|t| t.0);
    let (old_rate, new_rate) = (rate(&old.completed), rate(&new.completed));
    let rate_changed = old_rate != new_rate;
    let crossing = flip_note(
        met,
        &format!("now reaches its {} target", percent(target(new))),
        &format!("now under its {} target", percent(target(new))),
    );
    if target(old) != target(new) {
        let (effect, note) = if rate_changed {
            (Effect::Neutral, String::new())
        } else {
            (flip_effect(met), crossing.clone())
        };
        let mut change = at
            .change(
                Kind::Target,
                effect,
                format!(
                    "desired action {} target {} → {}{note}",
                    new.id,
                    percent(target(old)),
                    percent(target(new))
                ),
            )
            .values(target(old).and_then(number), target(new).and_then(number));
        change.desired = Some(new.id.clone());
        change.met = Some(met);
        out.push(change);
    }
    if rate_changed {
        let effect = match (old_rate, new_rate) {
            (Some(a), Some(b)) if b > a => Effect::Better,
            (Some(a), Some(b)) if b < a => Effect::Worse,
            _ => Effect::Neutral,
        };
        let mut change = at
            .change(
                Kind::Completion,
                effect,
                format!(
                    "desired action {} completed {} → {}{crossing}",
                    new.id,
                    percent(old_rate),
                    percent(new_rate)
                ),
            )
            .values(old_rate.and_then(number), new_rate.and_then(number));
        change.desired = Some(new.id.clone());
        change.met = Some(met);
        out.push(change);
    }
}

/// Every persona of a side by id (the first definition met wins), with the
/// name of the first file it is visible in.
fn personas(side: &Side) -> BTreeMap<&str, (&str, &PersonaJson)> {
    let mut map = BTreeMap::new();
    for file in &side.files {
        for persona in &file.model.personas {
            map.entry(persona.id.as_str())
                .or_insert((file.name.as_str(), persona));
        }
    }
    map
}

/// The data gaps of one persona across every journey of a side.
fn persona_gaps(side: &Side, persona: &str) -> BTreeSet<(String, String, String)> {
    let mut gaps = BTreeSet::new();
    for file in &side.files {
        for journey in &file.model.journeys {
            for (_, t) in touchpoints(journey) {
                for (p, item) in touchpoint_gaps(&file.model, t) {
                    if p == persona {
                        gaps.insert((journey.id.clone(), t.id.clone(), item));
                    }
                }
            }
        }
    }
    gaps
}

/// A persona's `data`: what the business holds decides the channels that
/// reach it.
fn compare_personas(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let before = personas(old);
    for (id, (file, persona)) in personas(new) {
        let Some((_, was)) = before.get(id) else {
            continue;
        };
        let (mut a, mut b) = (was.data.clone(), persona.data.clone());
        a.sort();
        a.dedup();
        b.sort();
        b.dedup();
        if a == b {
            continue;
        }
        let (effect, note) = gap_effect(
            &persona_gaps(old, id),
            &persona_gaps(new, id),
            |(j, t, i)| format!("{i} at {j}/{t}"),
        );
        let mut change = Change {
            kind: Kind::Data,
            effect,
            file: file.to_string(),
            journey: None,
            stage: None,
            touchpoint: None,
            desired: None,
            kpi: None,
            promise: None,
            persona: Some(id.to_string()),
            pain: None,
            code: None,
            severity: None,
            old: None,
            new: None,
            met: None,
            message: format!(
                "persona {id} data {} → {}{note}",
                names(&was.data),
                names(&persona.data)
            ),
            context: Context::default(),
        };
        change.old = list(&was.data);
        change.new = list(&persona.data);
        out.push(change);
    }
}

/// Findings added and fixed: matched in the same file first, then in any
/// file (a renamed file keeps its findings). An error added is worse, one
/// fixed is better; warnings are neutral, because the change behind a
/// warning (a target now missed, a pain point added) is already judged.
fn compare_findings(old: &[Finding], new: &[Finding], out: &mut Vec<Change>) {
    // Multisets, so that thousands of findings compare in n log n.
    let mut exact: BTreeMap<&Finding, usize> = BTreeMap::new();
    for finding in old {
        *exact.entry(finding).or_default() += 1;
    }
    let mut new_left = Vec::new();
    for finding in new {
        match exact.get_mut(finding) {
            Some(count) if *count > 0 => *count -= 1,
            _ => new_left.push(finding),
        }
    }
    let coarse = |f: &'_ Finding| (f.code.clone(), f.severity, f.message.clone());
    let mut old_left: BTreeMap<_, Vec<&Finding>> = BTreeMap::new();
    for (finding, count) in exact {
        for _ in 0..count {
            old_left.entry(coarse(finding)).or_default().push(finding);
        }
    }
    let mut added = Vec::new();
    for finding in new_left {
        match old_left.get_mut(&coarse(finding)).and_then(Vec::pop) {
            Some(_) => {}
            None => added.push(finding),
        }
    }
    let mut fixed: Vec<&Finding> = old_left.into_values().flatten().collect();
    added.sort();
    fixed.sort();
    for finding in added {
        out.push(finding_change(finding, Kind::DiagnosticAdded));
    }
    for finding in fixed {
        out.push(finding_change(finding, Kind::DiagnosticFixed));
    }
}

fn finding_change(finding: &Finding, kind: Kind) -> Change {
    let is_error = finding.severity == FindingSeverity::Error;
    let (effect, verb) = match kind {
        Kind::DiagnosticAdded if is_error => (Effect::Worse, "new"),
        Kind::DiagnosticAdded => (Effect::Neutral, "new"),
        _ if is_error => (Effect::Better, "fixed"),
        _ => (Effect::Neutral, "fixed"),
    };
    let severity = if is_error { "error" } else { "warning" };
    let value = text(&finding.message);
    let (old, new) = if kind == Kind::DiagnosticAdded {
        (None, value)
    } else {
        (value, None)
    };
    Change {
        kind,
        effect,
        file: finding.file.clone(),
        journey: None,
        stage: None,
        touchpoint: None,
        desired: None,
        kpi: None,
        promise: None,
        persona: None,
        pain: None,
        code: Some(finding.code.clone()),
        severity: Some(severity.to_string()),
        old,
        new,
        met: None,
        message: format!("{verb} {severity} {}: {}", finding.code, finding.message),
        context: Context::default(),
    }
}
