//! Syntax trees → the resolved [`Model`]: definitions, namespaces, journey
//! scopes, references, completions, kept promises and the flow graph.
//!
//! Linear in the size of the input: every lookup is a hash map.

// `if self.field(..)` records a duplicate as a side effect: it must not move
// into a match guard, where a repeated field would fall through to another arm.
#![allow(clippy::collapsible_match)]

use foldhash::HashMap;
use foldhash::HashMapExt as _;

use journey_syntax::ast::{Block, Def, Name, Stmt, StmtKind, Str, Value, ValueKind};
use journey_syntax::{CompactString, SourceFile, Span};

use crate::bodies::StageBodies;
use crate::builtins::builtin_channel;
use crate::model::*;

/// The statements of a block that take part in checks: a statement with a
/// string error (unterminated, bad escape) was reported once by the parser
/// and is left out (LANGUAGE.md §4), so that it causes no `duplicate-field`
/// or other follow-up diagnostic. Definitions are kept: their block holds
/// other statements.
fn checked(stmts: &[Stmt]) -> impl Iterator<Item = &Stmt> {
    stmts.iter().filter(|s| !has_string_error(&s.kind))
}

fn has_string_error(kind: &StmtKind) -> bool {
    let bad = |s: &Str| !s.valid;
    match kind {
        journey_syntax::string_statement!(s) => bad(s),
        StmtKind::Region(list) | StmtKind::Interests(list) => list.iter().any(bad),
        StmtKind::Pain { text, .. } | StmtKind::Backstage { text, .. } => bad(text),
        StmtKind::Emotion { feeling, .. } => feeling.as_deref().is_some_and(bad),
        _ => false,
    }
}

/// One parsed file to take definitions from.
pub(crate) struct Input<'a> {
    pub file: FileId,
    pub syntax: &'a SourceFile,
    pub text: &'a str,
}

/// Builds the model: top-level definitions of `files` in the given
/// (namespace) order, then the journeys of `root`. `bodies`: the statements
/// of the root's stages when they are not in its tree (a hollowed file),
/// consumed and freed stage by stage.
pub(crate) fn build(
    files: &[Input<'_>],
    root: &Input<'_>,
    bodies: Option<&mut StageBodies>,
) -> Model {
    let mut builder = Builder {
        model: Model::default(),
        text: root.text,
        file: root.file,
        bodies,
        freed: 0,
    };
    for input in files {
        builder.file = input.file;
        builder.text = input.text;
        for stmt in &input.syntax.items {
            builder.top_level(stmt);
        }
    }
    builder.file = root.file;
    builder.text = root.text;
    let mut journey_ids: HashMap<CompactString, DefId> = HashMap::new();
    for stmt in &root.syntax.items {
        if let StmtKind::Journey(def) = &stmt.kind {
            builder.journey(stmt, def, &mut journey_ids);
        }
    }
    builder.model.definitions.shrink_to_fit();
    builder.model.references.shrink_to_fit();
    if builder.bodies.is_some() {
        // What the build and the bodies freed goes back before the rules
        // allocate their findings (2 of 18 MB for a 2.4 MB journey).
        crate::memory::collect_everywhere();
    }
    builder.model
}

struct Builder<'a> {
    model: Model,
    text: &'a str,
    file: FileId,
    bodies: Option<&'a mut StageBodies>,
    /// Statements of stage bodies freed since the allocator last collected.
    freed: usize,
}

/// How many statements of consumed stage bodies are freed between two
/// collections of the allocator ([`crate::memory`]): about 100 kB of tree.
const COLLECT_EVERY_STMTS: usize = 1024;

/// Tracks the single-valued fields of one block. A block has at most a
/// dozen kinds of them: a short list on the stack, searched in order, costs
/// less than a hash map allocated per block.
struct Fields {
    seen: [(&'static str, Span); Fields::MAX],
    len: usize,
    /// The rare fields past [`Fields::MAX`] (none in the grammar today).
    more: Vec<(&'static str, Span)>,
    block: &'static str,
}

impl Fields {
    const MAX: usize = 16;

    fn new(block: &'static str) -> Fields {
        Fields {
            seen: [("", Span::new(0, 0)); Fields::MAX],
            len: 0,
            more: Vec::new(),
            block,
        }
    }

    fn first(&self, keyword: &str) -> Option<Span> {
        self.seen[..self.len]
            .iter()
            .chain(&self.more)
            .find(|(seen, _)| *seen == keyword)
            .map(|&(_, span)| span)
    }

    fn insert(&mut self, keyword: &'static str, stmt: Span) {
        if self.len < Fields::MAX {
            self.seen[self.len] = (keyword, stmt);
            self.len += 1;
        } else {
            self.more.push((keyword, stmt));
        }
    }
}

impl<'a> Builder<'a> {
    /// Records a field; false (and a `duplicate-field`) when it is repeated.
    fn field(&mut self, fields: &mut Fields, keyword: &'static str, stmt: Span) -> bool {
        match fields.first(keyword) {
            Some(first) => {
                self.duplicate_field(keyword, stmt, first, fields.block);
                false
            }
            None => {
                fields.insert(keyword, stmt);
                true
            }
        }
    }

    fn duplicate_field(
        &mut self,
        keyword: &'static str,
        stmt: Span,
        first: Span,
        block: &'static str,
    ) {
        self.model.duplicate_fields.push(DuplicateField {
            keyword,
            file: self.file,
            stmt,
            first,
            block,
        });
    }

    fn define(
        &mut self,
        kind: DefKind,
        stmt: &Stmt,
        id: Option<&Name>,
        label: Option<&Str>,
        parent: Option<DefId>,
        journey: Option<DefId>,
    ) -> DefId {
        let def = DefId(self.model.definitions.len() as u32);
        self.model.definitions.push(Definition {
            kind,
            id: id.map(|n| n.text.clone()).unwrap_or_default(),
            label: label.map(|l| l.value.clone()),
            doc: stmt.doc.as_ref().map(|d| d.text.clone()),
            file: self.file,
            id_span: id.map_or(stmt.keyword, |n| n.span),
            span: stmt.span,
            parent,
            journey,
            first: None,
        });
        def
    }

    /// Enters a definition into a map of ids; marks it a duplicate when the
    /// id is taken.
    fn enter(&mut self, map: MapSel, def: DefId) {
        let id = self.model.definitions[def.index()].id.clone();
        if id.is_empty() {
            return;
        }
        let table = match map {
            MapSel::Namespace(DefKind::Team) => &mut self.model.namespace.teams,
            MapSel::Namespace(DefKind::Persona) => &mut self.model.namespace.personas,
            MapSel::Namespace(_) => &mut self.model.namespace.channels,
            MapSel::Scope(journey, kind) => {
                let scope = self.model.scopes.entry(journey).or_default();
                match kind {
                    DefKind::Stage => &mut scope.stages,
                    DefKind::Touchpoint => &mut scope.touchpoints,
                    DefKind::Desired => &mut scope.desired,
                    _ => &mut scope.promises,
                }
            }
        };
        match table.get(&id) {
            Some(&first) => self.model.definitions[def.index()].first = Some(first),
            None => {
                table.insert(id, def);
            }
        }
    }

    fn enter_local(&mut self, local: &mut HashMap<CompactString, DefId>, def: DefId) {
        let id = self.model.definitions[def.index()].id.clone();
        if id.is_empty() {
            return;
        }
        match local.get(&id) {
            Some(&first) => self.model.definitions[def.index()].first = Some(first),
            None => {
                local.insert(id, def);
            }
        }
    }

    fn reference(&mut self, role: RefRole, name: &Name, journey: Option<DefId>) -> RefId {
        let id = RefId(self.model.references.len() as u32);
        self.model.references.push(Reference {
            role,
            expects: role.expects(),
            name: name.text.clone(),
            file: self.file,
            span: name.span,
            target: None,
            journey,
        });
        id
    }

    fn quantity(&self, value: &Value) -> Quantity {
        let raw = self.text.get(value.span.range()).unwrap_or_default();
        let text = match value.kind {
            ValueKind::Money { .. } => raw.split_whitespace().collect::<Vec<_>>().join(" ").into(),
            _ => CompactString::from(raw),
        };
        Quantity {
            kind: value.kind.clone(),
            span: value.span,
            text,
        }
    }

    // ------------------------------------------------------------ top level

    fn top_level(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Team(def) => {
                let id = self.define(
                    DefKind::Team,
                    stmt,
                    def.id.as_ref(),
                    def.label.as_ref(),
                    None,
                    None,
                );
                self.enter(MapSel::Namespace(DefKind::Team), id);
                self.model.teams.push(Team { def: id });
            }
            StmtKind::Persona(def) => self.persona(stmt, def),
            StmtKind::ChannelDef(def) => self.channel(stmt, def),
            _ => {}
        }
    }

    fn persona(&mut self, stmt: &Stmt, def: &Def) {
        let id = self.define(
            DefKind::Persona,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            None,
            None,
        );
        self.enter(MapSel::Namespace(DefKind::Persona), id);
        let mut persona = Persona {
            def: id,
            segment: None,
            age: None,
            region: Vec::new(),
            interests: Vec::new(),
            data: Vec::new(),
            needs: Vec::new(),
            description: None,
        };
        let mut fields = Fields::new("persona");
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Segment(v) => {
                    if self.field(&mut fields, "segment", s.span) {
                        persona.segment = Some(*v);
                    }
                }
                StmtKind::Age(range) => {
                    if self.field(&mut fields, "age", s.span) {
                        persona.age = Some(range.clone());
                    }
                }
                StmtKind::Region(list) => persona.region.extend(list.iter().cloned()),
                StmtKind::Interests(list) => persona.interests.extend(list.iter().cloned()),
                StmtKind::Data(list) => persona.data.extend(list.iter().cloned()),
                StmtKind::Needs(text) => persona.needs.push(text.clone()),
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        persona.description = Some(text.clone());
                    }
                }
                _ => {}
            }
        }
        self.model
            .persona_index
            .insert(id, self.model.personas.len());
        self.model.personas.push(persona);
    }

    fn channel(&mut self, stmt: &Stmt, def: &Def) {
        let id = self.define(
            DefKind::Channel,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            None,
            None,
        );
        self.enter(MapSel::Namespace(DefKind::Channel), id);
        let mut channel = Channel {
            def: id,
            requires: Vec::new(),
            description: None,
            replaces: def.id.as_ref().and_then(|n| builtin_channel(&n.text)),
        };
        let mut fields = Fields::new("channel");
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Requires(list) => channel.requires.extend(list.iter().cloned()),
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        channel.description = Some(text.clone());
                    }
                }
                _ => {}
            }
        }
        self.model
            .channel_index
            .insert(id, self.model.channels.len());
        self.model.channels.push(channel);
    }

    // ------------------------------------------------------------ journeys

    fn journey(&mut self, stmt: &Stmt, def: &Def, journey_ids: &mut HashMap<CompactString, DefId>) {
        let id = self.define(
            DefKind::Journey,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            None,
            None,
        );
        self.enter_local(journey_ids, id);
        self.model.scopes.entry(id).or_default();
        let first_ref = self.model.references.len();
        let mut journey = Journey {
            def: id,
            goal: None,
            approach: None,
            audience: Vec::new(),
            scale: Scale {
                min: Scale::DEFAULT.0,
                max: Scale::DEFAULT.1,
                declared: None,
            },
            owner: None,
            description: None,
            kpis: Vec::new(),
            stages: Vec::with_capacity(count(def.stmts(), |k| matches!(k, StmtKind::Stage(_)))),
            has_errors: def.has_errors(),
            flow: Flow::default(),
        };
        let mut fields = Fields::new("journey");
        let mut kpi_ids = HashMap::new();
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Goal(text) => {
                    if self.field(&mut fields, "goal", s.span) {
                        journey.goal = Some(text.clone());
                    }
                }
                StmtKind::Approach(v) => {
                    if self.field(&mut fields, "approach", s.span) {
                        journey.approach = Some(*v);
                    }
                }
                StmtKind::For(names) => {
                    for name in names {
                        let r = self.reference(RefRole::For, name, Some(id));
                        journey.audience.push(r);
                    }
                }
                StmtKind::Scale(range) => {
                    if self.field(&mut fields, "scale", s.span) {
                        journey.scale = Scale {
                            min: range.min.value,
                            max: range.max.value,
                            declared: Some(range.clone()),
                        };
                    }
                }
                StmtKind::Owner(name) => {
                    let keep = self.field(&mut fields, "owner", s.span);
                    let r = self.reference(RefRole::Owner, name, Some(id));
                    if keep {
                        journey.owner = Some(r);
                    }
                }
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        journey.description = Some(text.clone());
                    }
                }
                StmtKind::Kpi(kpi) => {
                    let kpi = self.kpi(s, kpi, id, id, &mut kpi_ids);
                    journey.kpis.push(kpi);
                }
                StmtKind::Stage(stage) => {
                    let body = self.take_body(stage);
                    let stmts = body.as_deref().unwrap_or(stage.stmts());
                    let built = self.stage(s, stage, stmts, id);
                    journey.stages.push(built);
                    if let Some(body) = body {
                        self.free(body);
                    }
                }
                _ => {}
            }
        }
        self.resolve_references(first_ref);
        self.link(&mut journey);
        journey.shrink();
        self.model.journeys.push(journey);
    }

    /// The statements of a stage of a hollowed file, taken from the bodies.
    fn take_body(&mut self, stage: &Def) -> Option<Vec<Stmt>> {
        let open = stage.block.as_ref()?.open.start;
        self.bodies.as_mut()?.take(open)
    }

    /// Frees a consumed stage body, and has the allocator collect what was
    /// freed now and then: the body was made on another thread.
    fn free(&mut self, body: Vec<Stmt>) {
        self.freed += body.len();
        drop(body);
        if self.freed >= COLLECT_EVERY_STMTS {
            self.freed = 0;
            crate::memory::collect_everywhere();
        }
    }

    /// A stage; `stmts`: its block's statements (from the tree, or taken
    /// from a hollowed file's bodies).
    fn stage(&mut self, stmt: &Stmt, def: &Def, stmts: &[Stmt], journey: DefId) -> Stage {
        let id = self.define(
            DefKind::Stage,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            Some(journey),
            Some(journey),
        );
        self.enter(MapSel::Scope(journey, DefKind::Stage), id);
        let mut stage = Stage {
            def: id,
            phase: None,
            owner: None,
            expects: ThinVec::new(),
            description: None,
            kpis: ThinVec::new(),
            touchpoints: Vec::with_capacity(count(stmts, |k| matches!(k, StmtKind::Touchpoint(_)))),
            actions: Actions::default(),
            has_errors: def.has_errors(),
        };
        let mut fields = Fields::new("stage");
        let mut kpi_ids = HashMap::new();
        for s in checked(stmts) {
            match &s.kind {
                StmtKind::Phase(v) => {
                    if self.field(&mut fields, "phase", s.span) {
                        stage.phase = Some(*v);
                    }
                }
                StmtKind::Owner(name) => {
                    let keep = self.field(&mut fields, "owner", s.span);
                    let r = self.reference(RefRole::Owner, name, Some(journey));
                    if keep {
                        stage.owner = Some(r);
                    }
                }
                StmtKind::Expects(text) => push_one(&mut stage.expects, text.clone()),
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        stage.description = Some(text.clone());
                    }
                }
                StmtKind::Kpi(kpi) => {
                    let kpi = self.kpi(s, kpi, id, journey, &mut kpi_ids);
                    push_one(&mut stage.kpis, kpi);
                }
                StmtKind::Touchpoint(def) => {
                    let tp = self.touchpoint(s, def, id, journey);
                    // A touchpoint whose header lost its id defines nothing
                    // (LANGUAGE.md §4): its body was resolved above, but it takes
                    // no part in curves or checks that would name it.
                    if def.id.is_some() {
                        stage.touchpoints.push(tp);
                    }
                }
                _ => self.action(s, &mut stage.actions, id, journey),
            }
        }
        stage.shrink();
        stage
    }

    fn touchpoint(&mut self, stmt: &Stmt, def: &Def, stage: DefId, journey: DefId) -> Touchpoint {
        let id = self.define(
            DefKind::Touchpoint,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            Some(stage),
            Some(journey),
        );
        self.enter(MapSel::Scope(journey, DefKind::Touchpoint), id);
        let mut tp = Touchpoint {
            def: id,
            channel: None,
            audience: ThinVec::new(),
            owner: None,
            emotion: None,
            persona_emotions: ThinVec::new(),
            effort: None,
            pains: ThinVec::new(),
            moments_of_truth: ThinVec::new(),
            opportunities: ThinVec::new(),
            next: ThinVec::new(),
            description: None,
            kpis: ThinVec::new(),
            actions: Actions::default(),
            does: ThinVec::new(),
            thinks: ThinVec::new(),
            says: ThinVec::new(),
            backstage: ThinVec::new(),
            systems: ThinVec::new(),
            source: None,
            as_of: None,
            has_errors: def.has_errors(),
        };
        let mut fields = Fields::new("touchpoint");
        // `emotion … for p`: the first rating per persona counts.
        let mut rated_for: HashMap<CompactString, Span> = HashMap::new();
        let mut kpi_ids = HashMap::new();
        let j = Some(journey);
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Channel(name) => {
                    let keep = self.field(&mut fields, "channel", s.span);
                    let r = self.reference(RefRole::Channel, name, j);
                    if keep {
                        tp.channel = Some(r);
                    }
                }
                StmtKind::For(names) => {
                    for name in names {
                        let r = self.reference(RefRole::For, name, j);
                        push_one(&mut tp.audience, r);
                    }
                }
                StmtKind::Owner(name) => {
                    let keep = self.field(&mut fields, "owner", s.span);
                    let r = self.reference(RefRole::Owner, name, j);
                    if keep {
                        tp.owner = Some(r);
                    }
                }
                StmtKind::Emotion {
                    value,
                    feeling,
                    personas,
                } => {
                    let emotion = |persona| Emotion {
                        value: value.clone(),
                        feeling: feeling.as_deref().cloned(),
                        persona,
                        stmt: s.span,
                    };
                    if personas.is_empty() {
                        if self.field(&mut fields, "emotion", s.span) {
                            tp.emotion = Some(emotion(None));
                        }
                        continue;
                    }
                    for (i, name) in personas.iter().enumerate() {
                        // A repeated name (`for a, a`) counts once.
                        if personas[..i].iter().any(|p| p.text == name.text) {
                            continue;
                        }
                        let r = self.reference(RefRole::For, name, j);
                        if let Some(&first) = rated_for.get(&name.text) {
                            self.duplicate_field("emotion", s.span, first, "touchpoint");
                            continue;
                        }
                        rated_for.insert(name.text.clone(), s.span);
                        push_one(&mut tp.persona_emotions, emotion(Some(r)));
                    }
                }
                StmtKind::Does(text) => push_one(&mut tp.does, text.clone()),
                StmtKind::Thinks(text) => push_one(&mut tp.thinks, text.clone()),
                StmtKind::Says(text) => push_one(&mut tp.says, text.clone()),
                StmtKind::System(text) => push_one(&mut tp.systems, text.clone()),
                StmtKind::Backstage { text, team } => {
                    let team = team.as_ref().map(|t| self.reference(RefRole::By, t, j));
                    push_one(
                        &mut tp.backstage,
                        Backstage {
                            text: text.clone(),
                            team,
                        },
                    );
                }
                StmtKind::Source(text) => {
                    if self.field(&mut fields, "source", s.span) {
                        tp.source = Some(Box::new(text.clone()));
                    }
                }
                StmtKind::AsOf(date) => {
                    if self.field(&mut fields, "as_of", s.span) {
                        tp.as_of = Some(date.clone());
                    }
                }
                StmtKind::Effort(value) => {
                    if self.field(&mut fields, "effort", s.span) {
                        tp.effort = Some(value.clone());
                    }
                }
                StmtKind::Pain { text, block } => {
                    push_one(&mut tp.pains, self.pain(text, block.as_deref()))
                }
                StmtKind::MomentOfTruth(text) => push_one(&mut tp.moments_of_truth, text.clone()),
                StmtKind::Opportunity(text) => push_one(&mut tp.opportunities, text.clone()),
                StmtKind::Next(names) => {
                    for name in names {
                        let r = self.reference(RefRole::Next, name, j);
                        push_one(&mut tp.next, r);
                    }
                }
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        tp.description = Some(Box::new(text.clone()));
                    }
                }
                StmtKind::Kpi(kpi) => {
                    let kpi = self.kpi(s, kpi, id, journey, &mut kpi_ids);
                    push_one(&mut tp.kpis, kpi);
                }
                _ => self.action(s, &mut tp.actions, id, journey),
            }
        }
        tp.shrink();
        tp
    }

    fn pain(&mut self, text: &Str, block: Option<&Block>) -> Pain {
        let mut pain = Pain {
            text: text.clone(),
            severity: None,
            opportunities: ThinVec::new(),
            has_errors: block.is_some_and(|b| b.has_errors),
        };
        let mut fields = Fields::new("pain");
        for s in checked(block.map_or(&[][..], |b| &b.stmts)) {
            match &s.kind {
                StmtKind::Severity(v) => {
                    if self.field(&mut fields, "severity", s.span) {
                        pain.severity = Some(*v);
                    }
                }
                StmtKind::Opportunity(text) => push_one(&mut pain.opportunities, text.clone()),
                _ => {}
            }
        }
        pain.opportunities.shrink_to_fit();
        pain
    }

    /// `desired`, `completed`, `promise` and `keeps` in a stage or touchpoint.
    fn action(&mut self, s: &Stmt, actions: &mut Actions, parent: DefId, journey: DefId) {
        match &s.kind {
            StmtKind::Desired(def) => {
                let desired = self.desired(s, def, parent, journey);
                push_one(&mut actions.desired, desired);
            }
            StmtKind::Completed {
                action,
                measure,
                as_of,
            } => {
                let r = self.reference(RefRole::Completed, action, Some(journey));
                push_one(
                    &mut actions.completed,
                    Completed {
                        action: r,
                        measure: (**measure).clone(),
                        as_of: as_of.as_deref().cloned(),
                        stmt: s.span,
                        duplicate_of: None,
                    },
                );
            }
            StmtKind::Promise { id, text } => {
                let def = self.define(
                    DefKind::Promise,
                    s,
                    Some(id),
                    Some(text),
                    Some(parent),
                    Some(journey),
                );
                self.enter(MapSel::Scope(journey, DefKind::Promise), def);
                push_one(
                    &mut actions.promises,
                    Promise {
                        def,
                        text: text.clone(),
                        kept_by: Vec::new(),
                    },
                );
            }
            StmtKind::Keeps(name) => {
                let r = self.reference(RefRole::Keeps, name, Some(journey));
                push_one(&mut actions.keeps, r);
            }
            _ => {}
        }
    }

    fn desired(&mut self, stmt: &Stmt, def: &Def, parent: DefId, journey: DefId) -> Desired {
        let id = self.define(
            DefKind::Desired,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            Some(parent),
            Some(journey),
        );
        self.enter(MapSel::Scope(journey, DefKind::Desired), id);
        let mut desired = Desired {
            def: id,
            target: None,
            event: None,
            description: None,
            completion: None,
            has_errors: def.has_errors(),
        };
        let mut fields = Fields::new("desired action");
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Target(value) => {
                    if self.field(&mut fields, "target", s.span) {
                        desired.target = Some(self.quantity(value));
                    }
                }
                StmtKind::Event(text) => {
                    if self.field(&mut fields, "event", s.span) {
                        desired.event = Some(text.clone());
                    }
                }
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        desired.description = Some(Box::new(text.clone()));
                    }
                }
                _ => {}
            }
        }
        desired
    }

    fn kpi(
        &mut self,
        stmt: &Stmt,
        def: &Def,
        parent: DefId,
        journey: DefId,
        ids: &mut HashMap<CompactString, DefId>,
    ) -> Kpi {
        let id = self.define(
            DefKind::Kpi,
            stmt,
            def.id.as_ref(),
            def.label.as_ref(),
            Some(parent),
            Some(journey),
        );
        self.enter_local(ids, id);
        let mut kpi = Kpi {
            def: id,
            id: self.model.definitions[id.index()].id.clone(),
            target: None,
            actual: None,
            direction: None,
            description: None,
            source: None,
            as_of: None,
            has_errors: def.has_errors(),
        };
        let mut fields = Fields::new("KPI");
        for s in checked(def.stmts()) {
            match &s.kind {
                StmtKind::Target(value) => {
                    if self.field(&mut fields, "target", s.span) {
                        kpi.target = Some(self.quantity(value));
                    }
                }
                StmtKind::Actual(value) => {
                    if self.field(&mut fields, "actual", s.span) {
                        kpi.actual = Some(self.quantity(value));
                    }
                }
                StmtKind::Direction(v) => {
                    if self.field(&mut fields, "direction", s.span) {
                        kpi.direction = Some(*v);
                    }
                }
                StmtKind::Description(text) => {
                    if self.field(&mut fields, "description", s.span) {
                        kpi.description = Some(Box::new(text.clone()));
                    }
                }
                StmtKind::Source(text) => {
                    if self.field(&mut fields, "source", s.span) {
                        kpi.source = Some(Box::new(text.clone()));
                    }
                }
                StmtKind::AsOf(date) => {
                    if self.field(&mut fields, "as_of", s.span) {
                        kpi.as_of = Some(date.clone());
                    }
                }
                _ => {}
            }
        }
        kpi
    }

    // ------------------------------------------------------------ resolution

    /// Resolves the references made since `first` (those of one journey).
    fn resolve_references(&mut self, first: usize) {
        for i in first..self.model.references.len() {
            let reference = &self.model.references[i];
            let name = reference.name.as_str();
            let target = match reference.expects {
                DefKind::Team => self
                    .model
                    .namespace
                    .teams
                    .get(name)
                    .copied()
                    .map(Target::Definition),
                DefKind::Persona => self
                    .model
                    .namespace
                    .personas
                    .get(name)
                    .copied()
                    .map(Target::Definition),
                DefKind::Channel => match self.model.namespace.channels.get(name) {
                    Some(&def) => Some(Target::Definition(def)),
                    None => builtin_channel(name).map(Target::BuiltinChannel),
                },
                kind => reference
                    .journey
                    .and_then(|j| self.model.scopes.get(&j))
                    .and_then(|scope| scope.of(kind))
                    .and_then(|map| map.get(name))
                    .copied()
                    .map(Target::Definition),
            };
            self.model.references[i].target = target;
        }
    }

    /// Joins completions into desired actions, `keeps` into promises, and
    /// builds the flow graph.
    fn link(&mut self, journey: &mut Journey) {
        // Completions, in source order: the first one per action counts.
        let mut completed: Vec<(Span, RefId)> = Vec::new();
        let mut keeps: Vec<RefId> = Vec::new();
        let mut flow = Flow::default();
        for stage in &journey.stages {
            collect(&stage.actions, &mut completed, &mut keeps);
            for tp in &stage.touchpoints {
                collect(&tp.actions, &mut completed, &mut keeps);
                flow.uses_next |= !tp.next.is_empty();
                for &r in &tp.next {
                    if let Some(to) = self.resolve_def(r) {
                        flow.edges.push(FlowEdge {
                            from: tp.def,
                            to,
                            reference: r,
                        });
                    }
                }
            }
        }
        flow.start = journey
            .stages
            .iter()
            .find(|s| !s.touchpoints.is_empty())
            .map(|s| s.touchpoints.iter().map(|tp| tp.def).collect())
            .unwrap_or_default();
        journey.flow = flow;

        completed.sort_by_key(|(span, _)| span.start);
        let mut first: HashMap<DefId, Span> = HashMap::new();
        let mut duplicates: HashMap<u32, Span> = HashMap::new();
        for (span, r) in &completed {
            if let Some(desired) = self.resolve_def(*r) {
                match first.get(&desired) {
                    Some(&earlier) => {
                        duplicates.insert(span.start, earlier);
                    }
                    None => {
                        first.insert(desired, *span);
                    }
                }
            }
        }
        let mut completions: HashMap<DefId, Completion> = HashMap::new();
        let mut kept: HashMap<DefId, Vec<RefId>> = HashMap::new();
        for &r in &keeps {
            if let Some(promise) = self.resolve_def(r) {
                kept.entry(promise).or_default().push(r);
            }
        }
        let model = &self.model;
        let mut visit = |actions: &mut Actions| {
            for c in &mut actions.completed {
                c.duplicate_of = duplicates.get(&c.stmt.start).copied();
                if c.duplicate_of.is_none() {
                    if let Some(desired) = resolve_in(model, c.action) {
                        completions.insert(
                            desired,
                            Completion {
                                measure: c.measure.clone(),
                                as_of: c.as_of.clone(),
                                stmt: c.stmt,
                            },
                        );
                    }
                }
            }
        };
        for stage in &mut journey.stages {
            visit(&mut stage.actions);
            for tp in &mut stage.touchpoints {
                visit(&mut tp.actions);
            }
        }
        let fill = |actions: &mut Actions| {
            for d in &mut actions.desired {
                d.completion = completions.get(&d.def).cloned();
            }
            for p in &mut actions.promises {
                p.kept_by = kept.get(&p.def).cloned().unwrap_or_default();
            }
        };
        for stage in &mut journey.stages {
            fill(&mut stage.actions);
            for tp in &mut stage.touchpoints {
                fill(&mut tp.actions);
            }
        }
    }

    fn resolve_def(&self, r: RefId) -> Option<DefId> {
        resolve_in(&self.model, r)
    }
}

fn resolve_in(model: &Model, r: RefId) -> Option<DefId> {
    match model.references[r.index()].target? {
        Target::Definition(def) => Some(def),
        Target::BuiltinChannel(_) => None,
    }
}

fn collect(actions: &Actions, completed: &mut Vec<(Span, RefId)>, keeps: &mut Vec<RefId>) {
    completed.extend(actions.completed.iter().map(|c| (c.stmt, c.action)));
    keeps.extend(actions.keeps.iter().copied());
}

#[derive(Clone, Copy)]
enum MapSel {
    Namespace(DefKind),
    Scope(DefId, DefKind),
}

/// How many statements of a block are of a kind: room for a list of large
/// items (touchpoints, stages) made once, not grown by copying them.
fn count(stmts: &[Stmt], kind: impl Fn(&StmtKind) -> bool) -> usize {
    stmts.iter().filter(|s| kind(&s.kind)).count()
}

/// Pushes onto a list of a block, making room for exactly one item at the
/// first push (a vector makes room for four): most such lists hold one
/// item, and then [`Shrink`] has nothing to give back.
fn push_one<T>(list: &mut ThinVec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// Gives back the room a vector grew into but does not use. A block's lists
/// mostly hold one or two items, and a vector's first push makes room for
/// four: for a touchpoint's KPIs, desired actions and pains that room was
/// more than half of the model (12 of 22 MB for a 2.4 MB journey).
trait Shrink {
    fn shrink(&mut self);
}

impl Shrink for Actions {
    fn shrink(&mut self) {
        self.desired.shrink_to_fit();
        self.completed.shrink_to_fit();
        self.promises.shrink_to_fit();
        self.keeps.shrink_to_fit();
    }
}

impl Shrink for Touchpoint {
    fn shrink(&mut self) {
        self.audience.shrink_to_fit();
        self.persona_emotions.shrink_to_fit();
        self.pains.shrink_to_fit();
        self.moments_of_truth.shrink_to_fit();
        self.opportunities.shrink_to_fit();
        self.next.shrink_to_fit();
        self.kpis.shrink_to_fit();
        self.actions.shrink();
        self.does.shrink_to_fit();
        self.thinks.shrink_to_fit();
        self.says.shrink_to_fit();
        self.backstage.shrink_to_fit();
        self.systems.shrink_to_fit();
    }
}

impl Shrink for Stage {
    fn shrink(&mut self) {
        self.expects.shrink_to_fit();
        self.kpis.shrink_to_fit();
        self.touchpoints.shrink_to_fit();
        self.actions.shrink();
    }
}

impl Shrink for Journey {
    /// After `link`, which fills the flow and the promises' `kept_by`.
    fn shrink(&mut self) {
        self.audience.shrink_to_fit();
        self.kpis.shrink_to_fit();
        self.stages.shrink_to_fit();
        self.flow.edges.shrink_to_fit();
        self.flow.start.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_past_the_inline_room_are_still_found() {
        const KEYWORDS: [&str; 20] = [
            "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11", "k12", "k13",
            "k14", "k15", "k16", "k17", "k18", "k19",
        ];
        let mut fields = Fields::new("touchpoint");
        for (i, keyword) in KEYWORDS.iter().enumerate() {
            assert_eq!(fields.first(keyword), None);
            fields.insert(keyword, Span::new(i, i + 1));
        }
        for (i, keyword) in KEYWORDS.iter().enumerate() {
            assert_eq!(
                fields.first(keyword),
                Some(Span::new(i, i + 1)),
                "{keyword}"
            );
        }
        assert_eq!(fields.first("k20"), None);
    }
}
