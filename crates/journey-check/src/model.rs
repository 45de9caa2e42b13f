//! The resolved semantic model of one `.journey` file: plain data with byte
//! spans, for the checks, the compiler and the language server.
//!
//! # Shape
//!
//! A [`Model`] belongs to one *analysed* file (see [`crate::Analysis`]):
//!
//! * [`Model::definitions`] holds every definition, addressed by [`DefId`]:
//!   the teams, personas and channels of the analysed file **and of every
//!   file it imports** (directly or transitively), then the journeys of the
//!   analysed file with everything inside them (stages, touchpoints, desired
//!   actions, promises, KPIs). Each [`Definition`] says in which file it is
//!   ([`FileId`], an index into [`crate::Analysis::files`]), where its id is
//!   written ([`Definition::id_span`]) and what it is ([`DefKind`]).
//! * [`Model::references`] holds every name the analysed file uses —
//!   `owner`, `for`, `channel`, `next`, `completed`, `keeps` — addressed by
//!   [`RefId`], with its span and, when it resolves, its [`Target`].
//!   A reference's [`Reference::expects`] is the kind of definition it
//!   names, so an unresolved one can still be completed or explained.
//! * [`Model::journeys`] is the typed tree of the analysed file's journeys
//!   ([`Journey`] → [`Stage`] → [`Touchpoint`]), whose fields refer to
//!   definitions and references by id, plus each journey's [`Flow`] graph of
//!   `next` edges.
//!
//! # For the language server
//!
//! * Go to definition / hover: [`Model::reference_at`] finds the reference
//!   under a cursor, [`Model::definition_at`] the definition whose id is under
//!   it; [`Reference::target`] then leads to a [`Definition`] (its `file`,
//!   `id_span`, `label`, `doc`) or to a built-in channel, which has no
//!   location.
//! * Find references / rename: [`Model::references_to`] lists the references
//!   resolving to a definition. Definitions of imported files are
//!   referenced from the analysed file only; to rename across files, analyse
//!   each file that imports the definition's file.
//! * Duplicates: a definition whose [`Definition::first`] is set is a
//!   duplicate (`duplicate-definition`); references resolve to the first one.
//!
//! All spans are byte ranges into the text of the definition's or the
//! reference's file ([`crate::AnalysedFile::text`]); nothing here is an LSP
//! type.

use foldhash::HashMap;
use foldhash::HashMapExt as _;

use journey_syntax::ast::{
    Approach, Date, Direction, Int, Measure, Name, PainSeverity, Phase, Range, Segment, Spanned,
    Str, ValueKind,
};
use journey_syntax::{CompactString, Span};
/// The model's short lists: see `thin-vec` in the workspace manifest.
pub use thin_vec::ThinVec;

use crate::builtins::{self, BuiltinChannel, BuiltinKpi};

/// A file of an analysis: an index into [`crate::Analysis::files`]; the
/// analysed file itself is [`FileId::ROOT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    /// The analysed file.
    pub const ROOT: FileId = FileId(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A definition: an index into [`Model::definitions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefId(pub u32);

impl DefId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A reference: an index into [`Model::references`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefId(pub u32);

impl RefId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a definition defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefKind {
    Team,
    Persona,
    Channel,
    Journey,
    Stage,
    Touchpoint,
    /// A desired action.
    Desired,
    Promise,
    Kpi,
}

impl DefKind {
    /// The kind's name in messages: "team", "desired action", "KPI".
    pub fn noun(self) -> &'static str {
        match self {
            DefKind::Team => "team",
            DefKind::Persona => "persona",
            DefKind::Channel => "channel",
            DefKind::Journey => "journey",
            DefKind::Stage => "stage",
            DefKind::Touchpoint => "touchpoint",
            DefKind::Desired => "desired action",
            DefKind::Promise => "promise",
            DefKind::Kpi => "KPI",
        }
    }

    /// The keyword that defines it.
    pub fn keyword(self) -> &'static str {
        match self {
            DefKind::Desired => "desired",
            DefKind::Kpi => "kpi",
            other => other.noun(),
        }
    }

    /// Top-level kinds share one namespace per kind across imports.
    pub fn is_top_level(self) -> bool {
        matches!(self, DefKind::Team | DefKind::Persona | DefKind::Channel)
    }
}

/// One definition of an id.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub kind: DefKind,
    /// The id as written (empty when the header is broken and has none).
    pub id: CompactString,
    /// The label string, if written.
    pub label: Option<CompactString>,
    /// The `///` doc comment, markers removed.
    pub doc: Option<CompactString>,
    pub file: FileId,
    /// The id in the definition's header.
    pub id_span: Span,
    /// The whole definition, block included.
    pub span: Span,
    /// The enclosing definition: the journey of a stage, the stage of a
    /// touchpoint, the stage or touchpoint of a desired action, promise or
    /// KPI, the journey of a journey-level KPI. `None` at top level.
    pub parent: Option<DefId>,
    /// The journey it belongs to (`None` for top-level definitions).
    pub journey: Option<DefId>,
    /// Set when this is a duplicate: the definition that counts.
    pub first: Option<DefId>,
}

impl Definition {
    /// The label, else the id (§8).
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// The statement a reference stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefRole {
    /// `owner TEAM` in a journey, stage or touchpoint.
    Owner,
    /// `for PERSONA, …` in a journey or touchpoint.
    For,
    /// `channel CHANNEL` in a touchpoint.
    Channel,
    /// `next TOUCHPOINT, …`.
    Next,
    /// `completed DESIRED …`.
    Completed,
    /// `keeps PROMISE`.
    Keeps,
    /// `backstage "…" by TEAM`.
    By,
}

impl RefRole {
    /// The kind of definition the role names.
    pub fn expects(self) -> DefKind {
        match self {
            RefRole::Owner => DefKind::Team,
            RefRole::For => DefKind::Persona,
            RefRole::Channel => DefKind::Channel,
            RefRole::Next => DefKind::Touchpoint,
            RefRole::Completed => DefKind::Desired,
            RefRole::Keeps => DefKind::Promise,
            RefRole::By => DefKind::Team,
        }
    }

    pub fn keyword(self) -> &'static str {
        match self {
            RefRole::Owner => "owner",
            RefRole::For => "for",
            RefRole::Channel => "channel",
            RefRole::Next => "next",
            RefRole::Completed => "completed",
            RefRole::Keeps => "keeps",
            RefRole::By => "by",
        }
    }
}

/// What a reference resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    Definition(DefId),
    /// A built-in channel that no declaration replaces; it has no location.
    BuiltinChannel(&'static BuiltinChannel),
}

/// A name used in the analysed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub role: RefRole,
    /// The kind of definition expected ([`RefRole::expects`]).
    pub expects: DefKind,
    pub name: CompactString,
    pub file: FileId,
    /// The name as written.
    pub span: Span,
    /// `None`: nothing of the expected kind has this name
    /// (`unknown-reference`).
    pub target: Option<Target>,
    /// The journey whose ids `next`, `completed` and `keeps` resolve in (set
    /// for every reference inside a journey).
    pub journey: Option<DefId>,
}

/// A `team`.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub def: DefId,
}

/// A `persona` with its statements (list statements accumulated, repeated
/// single-valued fields ignored after the first).
#[derive(Clone, Debug, PartialEq)]
pub struct Persona {
    pub def: DefId,
    pub segment: Option<Spanned<Segment>>,
    pub age: Option<Range>,
    pub region: Vec<Str>,
    pub interests: Vec<Str>,
    /// The data items the business holds (`data`).
    pub data: Vec<Name>,
    pub needs: Vec<Str>,
    pub description: Option<Str>,
}

impl Persona {
    pub fn has_data(&self, item: &str) -> bool {
        self.data.iter().any(|d| d.text == item)
    }
}

/// A declared `channel`.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub def: DefId,
    /// Data items it requires (`requires`, accumulated), with their spans.
    pub requires: Vec<Name>,
    pub description: Option<Str>,
    /// The built-in channel this declaration replaces, if any.
    pub replaces: Option<&'static BuiltinChannel>,
}

/// A VALUE with the text it was written as (whitespace in money collapsed).
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub kind: ValueKind,
    pub span: Span,
    pub text: CompactString,
}

impl Quantity {
    pub fn magnitude(&self) -> f64 {
        builtins::magnitude(&self.kind)
    }
}

/// The effective emotion scale of a journey.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    /// The `scale` statement's range; `None` for the default `1..5`.
    pub declared: Option<Range>,
}

impl Scale {
    pub const DEFAULT: (i64, i64) = (1, 5);

    /// `false` for `scale a..b` with `a >= b` (`invalid-scale`): then no
    /// emotion is checked or rated.
    pub fn is_valid(&self) -> bool {
        self.min < self.max
    }

    pub fn contains(&self, value: i64) -> bool {
        self.min <= value && value <= self.max
    }

    /// `(min + max) / 2`.
    pub fn middle(&self) -> f64 {
        (self.min as f64 + self.max as f64) / 2.0
    }
}

/// A `journey`.
#[derive(Clone, Debug, PartialEq)]
pub struct Journey {
    pub def: DefId,
    pub goal: Option<Str>,
    pub approach: Option<Spanned<Approach>>,
    /// `for`: references to personas.
    pub audience: Vec<RefId>,
    pub scale: Scale,
    pub owner: Option<RefId>,
    pub description: Option<Str>,
    pub kpis: Vec<Kpi>,
    pub stages: Vec<Stage>,
    /// The block had a broken statement or header (checks for missing
    /// statements stay quiet).
    pub has_errors: bool,
    pub flow: Flow,
}

impl Journey {
    /// The `desired`, `completed` and `keeps` statements of every stage and
    /// touchpoint, in source order of their stages.
    pub fn actions(&self) -> impl Iterator<Item = &Actions> {
        self.stages.iter().flat_map(|stage| {
            std::iter::once(&stage.actions).chain(stage.touchpoints.iter().map(|t| &t.actions))
        })
    }

    /// Every touchpoint with the index of its stage, in source order.
    pub fn touchpoints(&self) -> impl Iterator<Item = (usize, &Touchpoint)> {
        self.stages
            .iter()
            .enumerate()
            .flat_map(|(i, stage)| stage.touchpoints.iter().map(move |tp| (i, tp)))
    }

    /// A touchpoint's audience-wide emotion, when it counts: the scale is
    /// valid and the emotion lies on it.
    pub fn rated(&self, touchpoint: &Touchpoint) -> Option<i64> {
        touchpoint.emotion.as_ref().and_then(|e| self.counts(e))
    }

    /// An emotion's value when it counts (valid scale, value on it).
    pub fn counts(&self, emotion: &Emotion) -> Option<i64> {
        (self.scale.is_valid() && self.scale.contains(emotion.value.value))
            .then_some(emotion.value.value)
    }

    /// Every rating of a touchpoint that counts, audience-wide and per
    /// persona (LANGUAGE.md §10: the checks apply to every rating).
    pub fn ratings<'a>(
        &'a self,
        touchpoint: &'a Touchpoint,
    ) -> impl Iterator<Item = (&'a Emotion, i64)> + 'a {
        touchpoint
            .emotions()
            .filter_map(move |e| self.counts(e).map(|v| (e, v)))
    }
}

/// A `stage`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub def: DefId,
    pub phase: Option<Spanned<Phase>>,
    pub owner: Option<RefId>,
    pub expects: ThinVec<Str>,
    pub description: Option<Str>,
    pub kpis: ThinVec<Kpi>,
    pub touchpoints: Vec<Touchpoint>,
    /// Desired actions, completions, promises and `keeps` written directly
    /// in the stage.
    pub actions: Actions,
    pub has_errors: bool,
}

/// The action statements a stage or a touchpoint may hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Actions {
    pub desired: ThinVec<Desired>,
    pub completed: ThinVec<Completed>,
    pub promises: ThinVec<Promise>,
    /// `keeps`: references to promises.
    pub keeps: ThinVec<RefId>,
}

/// A `touchpoint`.
#[derive(Clone, Debug, PartialEq)]
pub struct Touchpoint {
    pub def: DefId,
    pub channel: Option<RefId>,
    /// Its own `for` list (the effective audience is
    /// [`Model::audience`]).
    pub audience: ThinVec<RefId>,
    pub owner: Option<RefId>,
    /// The audience-wide `emotion` (without `for`).
    pub emotion: Option<Emotion>,
    /// `emotion … for p`: one per persona, in source order.
    pub persona_emotions: ThinVec<Emotion>,
    pub effort: Option<Int>,
    pub pains: ThinVec<Pain>,
    pub moments_of_truth: ThinVec<Str>,
    pub opportunities: ThinVec<Str>,
    /// `next`: references to touchpoints.
    pub next: ThinVec<RefId>,
    pub description: Option<Box<Str>>,
    pub kpis: ThinVec<Kpi>,
    pub actions: Actions,
    pub does: ThinVec<Str>,
    pub thinks: ThinVec<Str>,
    pub says: ThinVec<Str>,
    pub backstage: ThinVec<Backstage>,
    pub systems: ThinVec<Str>,
    pub source: Option<Box<Str>>,
    pub as_of: Option<Date>,
    /// The block had a broken statement or header.
    pub has_errors: bool,
}

impl Touchpoint {
    /// Every rating as written: the audience-wide one first, then the
    /// per-persona ones.
    pub fn emotions(&self) -> impl Iterator<Item = &Emotion> {
        self.emotion.iter().chain(&self.persona_emotions)
    }
}

/// `emotion N "feeling"? (for p)?`: a per-persona statement gives one
/// [`Emotion`] per persona named.
#[derive(Clone, Debug, PartialEq)]
pub struct Emotion {
    pub value: Int,
    pub feeling: Option<Str>,
    /// The persona it rates for; `None` for the whole audience.
    pub persona: Option<RefId>,
    /// The whole statement.
    pub stmt: Span,
}

/// `backstage "TEXT" (by TEAM)?`.
#[derive(Clone, Debug, PartialEq)]
pub struct Backstage {
    pub text: Str,
    pub team: Option<RefId>,
}

/// `pain "…" { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pain {
    pub text: Str,
    pub severity: Option<Spanned<PainSeverity>>,
    pub opportunities: ThinVec<Str>,
    pub has_errors: bool,
}

/// `desired ID "LABEL"? { … }?`.
#[derive(Clone, Debug, PartialEq)]
pub struct Desired {
    pub def: DefId,
    /// `target N%`.
    pub target: Option<Quantity>,
    pub event: Option<Str>,
    pub description: Option<Box<Str>>,
    /// The first `completed` naming this action (later ones are
    /// `duplicate-completed` and ignored).
    pub completion: Option<Completion>,
    /// The block had a broken statement or header.
    pub has_errors: bool,
}

/// The measured outcome of a desired action.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub measure: Measure,
    pub as_of: Option<Date>,
    /// The `completed` statement.
    pub stmt: Span,
}

impl Completion {
    /// `N of M` as written, when the counts are valid (`0 <= N <= M`, `M > 0`).
    pub fn counts(&self) -> Option<(i64, i64)> {
        match &self.measure {
            Measure::Counts { count, of, .. } => Some((count.value, of.value)),
            Measure::Percent(_) => None,
        }
    }

    /// The completion rate in percent, `None` when the counts or the percent
    /// are invalid (`invalid-count`, `value-out-of-range`).
    pub fn rate(&self) -> Option<f64> {
        measure_rate(&self.measure)
    }
}

/// The completion rate of a `completed` measure in percent, `None` when the
/// counts or the percent are invalid (`invalid-count`, `value-out-of-range`).
/// The one definition: the checker, `compile`, the editor's hints and hover
/// all read it.
pub fn measure_rate(measure: &Measure) -> Option<f64> {
    match measure {
        Measure::Counts { count, of, .. } => {
            let (n, m) = (count.value, of.value);
            (counts_valid(n, m)).then(|| n as f64 / m as f64 * 100.0)
        }
        Measure::Percent(value) => valid_percent(&value.kind),
    }
}

/// A percentage (a rate or a target) when it lies in 0..100, the range the
/// checker accepts (else `value-out-of-range`).
pub fn valid_percent(value: &ValueKind) -> Option<f64> {
    match *value {
        ValueKind::Percent(p) if (0.0..=100.0).contains(&p) => Some(p),
        _ => None,
    }
}

/// Whether `N of M` is a valid count.
pub fn counts_valid(count: i64, of: i64) -> bool {
    of > 0 && count >= 0 && count <= of
}

impl Desired {
    /// The target in percent, when it is valid (0..100).
    pub fn target_percent(&self) -> Option<f64> {
        valid_percent(&self.target.as_ref()?.kind)
    }

    /// Whether the completion rate reaches the target; `None` when either is
    /// missing or invalid.
    pub fn met(&self) -> Option<bool> {
        let rate = self.completion.as_ref()?.rate()?;
        Some(rate >= self.target_percent()?)
    }
}

/// A `completed` statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Completed {
    /// The desired action it names.
    pub action: RefId,
    pub measure: Measure,
    pub as_of: Option<Date>,
    /// The whole statement.
    pub stmt: Span,
    /// Set when an earlier `completed` names the same action: its statement.
    pub duplicate_of: Option<Span>,
}

/// `promise ID "TEXT"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Promise {
    pub def: DefId,
    pub text: Str,
    /// The `keeps` that resolve to it.
    pub kept_by: Vec<RefId>,
}

/// `kpi ID "LABEL"? { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    pub def: DefId,
    /// The KPI's id (also in its definition).
    pub id: CompactString,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    pub direction: Option<Spanned<Direction>>,
    pub description: Option<Box<Str>>,
    pub source: Option<Box<Str>>,
    pub as_of: Option<Date>,
    /// The block had a broken statement or header.
    pub has_errors: bool,
}

impl Kpi {
    /// The built-in KPI of this id, if it is one.
    pub fn builtin(&self) -> Option<&'static BuiltinKpi> {
        builtins::builtin_kpi(&self.id)
    }

    /// `direction`, else the built-in's default, else `higher`.
    pub fn direction(&self) -> Direction {
        self.direction
            .map(|d| d.value)
            .or_else(|| self.builtin().map(|b| b.direction))
            .unwrap_or(Direction::Higher)
    }

    /// Whether one value is acceptable on its own: for a built-in KPI, of
    /// its kind and in its range.
    pub fn value_ok(&self, value: &Quantity) -> bool {
        // A number too large to be represented is `value-out-of-range`.
        if !value.magnitude().is_finite() {
            return false;
        }
        match self.builtin() {
            None => true,
            Some(builtin) => {
                crate::builtins::Kind::of(&value.kind) == builtin.kind
                    && in_range(value.magnitude(), builtin.min, builtin.max)
            }
        }
    }

    /// Whether `actual` is on the right side of `target`; `None` when either
    /// is missing or carries an error.
    pub fn met(&self) -> Option<bool> {
        let (target, actual) = (self.target.as_ref()?, self.actual.as_ref()?);
        if !self.value_ok(target)
            || !self.value_ok(actual)
            || !builtins::comparable(&target.kind, &actual.kind)
        {
            return None;
        }
        Some(match self.direction() {
            Direction::Higher => actual.magnitude() >= target.magnitude(),
            Direction::Lower => actual.magnitude() <= target.magnitude(),
        })
    }
}

pub(crate) fn in_range(value: f64, min: Option<f64>, max: Option<f64>) -> bool {
    min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
}

/// The `next` graph of one journey.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    /// Resolved edges in source order.
    pub edges: Vec<FlowEdge>,
    /// Whether any touchpoint of the journey writes `next` (resolved or
    /// not): only then is reachability checked.
    pub uses_next: bool,
    /// The touchpoints of the first stage that has any: where the flow
    /// starts.
    pub start: Vec<DefId>,
}

/// `next` from one touchpoint to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowEdge {
    pub from: DefId,
    pub to: DefId,
    pub reference: RefId,
}

impl Flow {
    /// Every touchpoint reachable from [`Flow::start`], in a set indexed by
    /// [`DefId`] (linear in the number of edges).
    pub fn reachable(&self, definitions: usize) -> Vec<bool> {
        let mut successors: HashMap<DefId, Vec<DefId>> = HashMap::new();
        for edge in &self.edges {
            successors.entry(edge.from).or_default().push(edge.to);
        }
        let mut seen = vec![false; definitions];
        let mut stack: Vec<DefId> = self.start.clone();
        for start in &self.start {
            seen[start.index()] = true;
        }
        while let Some(node) = stack.pop() {
            for &next in successors.get(&node).map_or(&[][..], Vec::as_slice) {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }
}

/// A `duplicate-field`: a single-valued statement repeated in one block.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateField {
    pub keyword: &'static str,
    pub file: FileId,
    /// The repeated statement.
    pub stmt: Span,
    /// The first occurrence, which counts.
    pub first: Span,
    /// The block's noun ("touchpoint", "KPI").
    pub block: &'static str,
}

/// One namespace per top-level kind, and the ids of each journey.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Namespace {
    pub teams: HashMap<CompactString, DefId>,
    pub personas: HashMap<CompactString, DefId>,
    pub channels: HashMap<CompactString, DefId>,
}

impl Namespace {
    pub fn of(&self, kind: DefKind) -> Option<&HashMap<CompactString, DefId>> {
        match kind {
            DefKind::Team => Some(&self.teams),
            DefKind::Persona => Some(&self.personas),
            DefKind::Channel => Some(&self.channels),
            _ => None,
        }
    }
}

/// The resolved model of one analysed file (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
    /// Teams, personas and channels of the imported files (depth-first, in
    /// import order) then of the analysed file, in source order.
    pub teams: Vec<Team>,
    pub personas: Vec<Persona>,
    pub channels: Vec<Channel>,
    /// The analysed file's journeys.
    pub journeys: Vec<Journey>,
    /// Top-level name → the definition that counts (the first one).
    pub namespace: Namespace,
    /// Per journey (by [`DefId`]), its stage, touchpoint, desired-action and
    /// promise ids → the definition that counts.
    pub scopes: HashMap<DefId, JourneyScope>,
    pub duplicate_fields: Vec<DuplicateField>,
    /// [`DefId`] → index in `personas` / `channels`.
    pub(crate) persona_index: HashMap<DefId, usize>,
    pub(crate) channel_index: HashMap<DefId, usize>,
}

/// The ids of one journey, by kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JourneyScope {
    pub stages: HashMap<CompactString, DefId>,
    pub touchpoints: HashMap<CompactString, DefId>,
    pub desired: HashMap<CompactString, DefId>,
    pub promises: HashMap<CompactString, DefId>,
}

impl JourneyScope {
    pub fn of(&self, kind: DefKind) -> Option<&HashMap<CompactString, DefId>> {
        match kind {
            DefKind::Stage => Some(&self.stages),
            DefKind::Touchpoint => Some(&self.touchpoints),
            DefKind::Desired => Some(&self.desired),
            DefKind::Promise => Some(&self.promises),
            _ => None,
        }
    }
}

impl Model {
    pub fn def(&self, id: DefId) -> &Definition {
        &self.definitions[id.index()]
    }

    pub fn reference(&self, id: RefId) -> &Reference {
        &self.references[id.index()]
    }

    /// The definition a reference resolves to, if it is not a built-in.
    pub fn resolve(&self, id: RefId) -> Option<DefId> {
        match self.reference(id).target? {
            Target::Definition(def) => Some(def),
            Target::BuiltinChannel(_) => None,
        }
    }

    /// The reference whose name touches a byte offset of a file.
    pub fn reference_at(&self, file: FileId, offset: usize) -> Option<RefId> {
        self.references
            .iter()
            .position(|r| r.file == file && r.span.touches(offset))
            .map(|i| RefId(i as u32))
    }

    /// The definition whose id touches a byte offset of a file.
    pub fn definition_at(&self, file: FileId, offset: usize) -> Option<DefId> {
        self.definitions
            .iter()
            .position(|d| d.file == file && !d.id.is_empty() && d.id_span.touches(offset))
            .map(|i| DefId(i as u32))
    }

    /// Every reference resolving to a definition, in source order.
    pub fn references_to(&self, def: DefId) -> Vec<RefId> {
        (0..self.references.len())
            .map(|i| RefId(i as u32))
            .filter(|&r| self.resolve(r) == Some(def))
            .collect()
    }

    /// Names of the given kind visible where a reference of that kind is
    /// written (for completion and suggestions). `journey` is needed for
    /// journey-scoped kinds.
    pub fn names(&self, kind: DefKind, journey: Option<DefId>) -> Vec<&str> {
        let mut names: Vec<&str> = match kind {
            DefKind::Team | DefKind::Persona | DefKind::Channel => self
                .namespace
                .of(kind)
                .map(|map| map.keys().map(CompactString::as_str).collect())
                .unwrap_or_default(),
            _ => journey
                .and_then(|j| self.scopes.get(&j))
                .and_then(|scope| scope.of(kind))
                .map(|map| map.keys().map(CompactString::as_str).collect())
                .unwrap_or_default(),
        };
        if kind == DefKind::Channel {
            for builtin in builtins::BUILTIN_CHANNELS {
                if !self.namespace.channels.contains_key(builtin.id) {
                    names.push(builtin.id);
                }
            }
        }
        names.sort_unstable();
        names
    }

    /// The persona of a definition (constant time).
    pub fn persona(&self, def: DefId) -> Option<&Persona> {
        self.personas.get(*self.persona_index.get(&def)?)
    }

    /// The declared channel of a definition (constant time).
    pub fn channel(&self, def: DefId) -> Option<&Channel> {
        self.channels.get(*self.channel_index.get(&def)?)
    }

    /// The data items a channel reference requires (built-in or declared).
    pub fn channel_requires(&self, reference: RefId) -> Vec<&str> {
        match self.reference(reference).target {
            Some(Target::BuiltinChannel(builtin)) => builtin.requires.to_vec(),
            Some(Target::Definition(def)) => self
                .channel(def)
                .map(|c| c.requires.iter().map(|s| s.text.as_str()).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// The audience of a touchpoint: its own `for` list, else its
    /// journey's, else empty (as references, resolved or not).
    pub fn audience<'a>(&self, journey: &'a Journey, touchpoint: &'a Touchpoint) -> &'a [RefId] {
        if touchpoint.audience.is_empty() {
            &journey.audience
        } else {
            &touchpoint.audience
        }
    }

    /// The resolved personas of an audience, without repeats, in order.
    pub fn audience_personas(&self, audience: &[RefId]) -> Vec<DefId> {
        let mut out: Vec<DefId> = Vec::new();
        for &r in audience {
            if let Some(def) = self.resolve(r) {
                if !out.contains(&def) {
                    out.push(def);
                }
            }
        }
        out
    }

    /// A stage of the analysed file, by its definition.
    pub fn stage(&self, def: DefId) -> Option<&Stage> {
        self.journey_of(def)?.stages.iter().find(|s| s.def == def)
    }

    /// A touchpoint of the analysed file, by its definition.
    pub fn touchpoint(&self, def: DefId) -> Option<&Touchpoint> {
        self.journey_of(def)?
            .touchpoints()
            .map(|(_, t)| t)
            .find(|t| t.def == def)
    }

    /// A desired action of the analysed file, by its definition.
    pub fn desired(&self, def: DefId) -> Option<&Desired> {
        let journey = self.journey_of(def)?;
        journey
            .actions()
            .flat_map(|a| &a.desired)
            .find(|d| d.def == def)
    }

    /// A promise of the analysed file, by its definition.
    pub fn promise(&self, def: DefId) -> Option<&Promise> {
        let journey = self.journey_of(def)?;
        journey
            .actions()
            .flat_map(|a| &a.promises)
            .find(|p| p.def == def)
    }

    /// A KPI of the analysed file (of a journey, stage or touchpoint), by
    /// its definition.
    pub fn kpi(&self, def: DefId) -> Option<&Kpi> {
        let journey = self.journey_of(def)?;
        journey
            .kpis
            .iter()
            .chain(journey.stages.iter().flat_map(|s| &s.kpis))
            .chain(journey.touchpoints().flat_map(|(_, t)| &t.kpis))
            .find(|k| k.def == def)
    }

    /// The definition of a journey tree node, by journey index.
    pub fn journey_of(&self, def: DefId) -> Option<&Journey> {
        let journey = if self.def(def).kind == DefKind::Journey {
            def
        } else {
            self.def(def).journey?
        };
        self.journeys.iter().find(|j| j.def == journey)
    }
}
