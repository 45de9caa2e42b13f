//! The registry of diagnostic codes, their documentation and their checks:
//! one module per code (LANGUAGE.md §6), each with a `RULE` (code, default
//! severity, summary, Markdown docs) and, for the semantic ones, a `check`
//! over an [`Analysis`].

use journey_syntax::ast::Date;
use journey_syntax::{Diagnostic, Severity, Span};

use crate::model::{Actions, Completed, Desired, FileId, Journey, Kpi, Model, Stage, Touchpoint};
use crate::Analysis;

/// A diagnostic code with its default severity and documentation.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, an example, the fix.
    pub docs: &'static str,
    /// It reports something that could be deleted (an unused definition,
    /// a touchpoint nobody reaches): editors fade it out (LSP `Unnecessary`).
    pub unnecessary: bool,
}

impl Rule {
    /// A diagnostic of this rule at its default severity.
    pub fn diagnostic(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, span, message)
    }

    /// The rule's full documentation as Markdown, as `journey explain CODE`
    /// prints it: the editor and SARIF viewers show it without a link.
    pub fn explanation(&self) -> String {
        let mut text = format!(
            "{} ({} by default)\n\n{}\n",
            self.code,
            self.severity.as_str(),
            self.summary
        );
        if !self.docs.is_empty() {
            text.push('\n');
            text.push_str(self.docs.trim_end());
            text.push('\n');
        }
        text
    }

    /// Where the rule is documented online, when the project has a public
    /// home ([`crate::project_url`]).
    pub fn docs_url(&self) -> Option<String> {
        crate::project_url().map(|url| format!("{url}/docs/reference/diagnostics.md#{}", self.code))
    }
}

mod code;
use code::codes;

pub mod broken_promise;
pub mod channel_data_missing;
pub mod duplicate_completed;
pub mod duplicate_definition;
pub mod duplicate_field;
pub mod emotion_out_of_scale;
pub mod empty_journey;
pub mod empty_stage;
pub(crate) mod fixes;
pub mod import_cycle;
pub mod import_not_found;
pub mod import_outside_root;
pub mod invalid_config;
pub mod invalid_count;
pub mod invalid_scale;
pub mod invalid_utf8;
pub mod lowest_emotion;
pub mod missing_goal;
pub mod missing_owner;
pub mod promise_kept_before_made;
pub mod syntax_error;
pub mod target_missed;
pub mod unaddressed_pain;
pub mod unit_mismatch;
pub mod unknown_reference;
pub mod unmeasured_action;
pub mod unreachable_touchpoint;
pub mod unused_definition;
pub mod value_out_of_range;
pub mod weak_moment_of_truth;
// Language 1.1 (LANGUAGE.md §10).
pub mod desired_without_target;
pub mod emotion_cliff;
pub mod future_measurement;
pub mod incomplete_kpi;
pub mod missing_audience;
pub mod missing_channel;
pub mod missing_emotion;
pub mod persona_not_in_audience;
pub mod phase_order;
pub mod stale_measurement;
pub mod unrated_moment_of_truth;

codes! {
    SyntaxError => syntax_error,
    InvalidUtf8 => invalid_utf8,
    DuplicateDefinition => duplicate_definition,
    DuplicateField => duplicate_field,
    UnknownReference => unknown_reference,
    InvalidScale => invalid_scale,
    EmotionOutOfScale => emotion_out_of_scale,
    ValueOutOfRange => value_out_of_range,
    UnitMismatch => unit_mismatch,
    InvalidCount => invalid_count,
    DuplicateCompleted => duplicate_completed,
    ImportNotFound => import_not_found,
    ImportCycle => import_cycle,
    ImportOutsideRoot => import_outside_root,
    MissingGoal => missing_goal,
    EmptyJourney => empty_journey,
    EmptyStage => empty_stage,
    ChannelDataMissing => channel_data_missing,
    BrokenPromise => broken_promise,
    PromiseKeptBeforeMade => promise_kept_before_made,
    UnreachableTouchpoint => unreachable_touchpoint,
    TargetMissed => target_missed,
    UnaddressedPain => unaddressed_pain,
    WeakMomentOfTruth => weak_moment_of_truth,
    UnusedDefinition => unused_definition,
    UnmeasuredAction => unmeasured_action,
    MissingOwner => missing_owner,
    LowestEmotion => lowest_emotion,
    InvalidConfig => invalid_config,
    // The table of §10.
    MissingChannel => missing_channel,
    MissingEmotion => missing_emotion,
    EmotionCliff => emotion_cliff,
    UnratedMomentOfTruth => unrated_moment_of_truth,
    IncompleteKpi => incomplete_kpi,
    DesiredWithoutTarget => desired_without_target,
    PhaseOrder => phase_order,
    MissingAudience => missing_audience,
    PersonaNotInAudience => persona_not_in_audience,
    StaleMeasurement => stale_measurement,
    FutureMeasurement => future_measurement,
}

type Check = fn(&Analysis, &mut Sink);

/// The semantic checks (syntax, UTF-8 and configuration problems are found
/// while reading).
static CHECKS: &[Check] = &[
    duplicate_definition::check,
    duplicate_field::check,
    unknown_reference::check,
    invalid_scale::check,
    emotion_out_of_scale::check,
    value_out_of_range::check,
    unit_mismatch::check,
    invalid_count::check,
    duplicate_completed::check,
    import_not_found::check,
    import_cycle::check,
    import_outside_root::check,
    missing_goal::check,
    empty_journey::check,
    empty_stage::check,
    channel_data_missing::check,
    broken_promise::check,
    promise_kept_before_made::check,
    unreachable_touchpoint::check,
    target_missed::check,
    unaddressed_pain::check,
    weak_moment_of_truth::check,
    unused_definition::check,
    unmeasured_action::check,
    missing_owner::check,
    lowest_emotion::check,
    missing_channel::check,
    missing_emotion::check,
    emotion_cliff::check,
    unrated_moment_of_truth::check,
    incomplete_kpi::check,
    desired_without_target::check,
    phase_order::check,
    missing_audience::check,
    persona_not_in_audience::check,
    stale_measurement::check,
    future_measurement::check,
];

/// The rule of a code, by its name.
pub fn rule(code: &str) -> Option<&'static Rule> {
    Code::from_name(code).map(Code::rule)
}

/// How many definitions a model needs before its checks run on several
/// threads: below it, handing the checks out costs more than they take (a
/// directory run already checks its files in parallel).
const PARALLEL_FROM_DEFINITIONS: usize = 4_000;

/// Runs every semantic check on an analysis. The findings come in the
/// order of [`CHECKS`], however the checks were run.
pub(crate) fn run(analysis: &Analysis, sink: &mut Sink) {
    let parallel = analysis.model.definitions.len() >= PARALLEL_FROM_DEFINITIONS;
    run_checks(analysis, sink, parallel);
}

fn run_checks(analysis: &Analysis, sink: &mut Sink, parallel: bool) {
    if !parallel {
        for check in CHECKS {
            check(analysis, sink);
        }
        return;
    }
    use rayon::prelude::*;
    let found: Vec<Sink> = CHECKS
        .par_iter()
        .map(|check| {
            let mut own = Sink::default();
            check(analysis, &mut own);
            own
        })
        .collect();
    sink.root
        .reserve_exact(found.iter().map(|own| own.root.len()).sum());
    for own in found {
        sink.root.extend(own.root);
        sink.elsewhere.extend(own.elsewhere);
    }
}

/// What the rules find in statements rather than in the model, among
/// statements that the model's build is about to consume (a hollowed file's
/// stage bodies, [`crate::bodies`]); the rules see only the rest of the
/// tree. Only `value-out-of-range`'s literal check looks inside stages.
pub(crate) fn found_in_statements<'s>(
    stmts: impl IntoIterator<Item = &'s journey_syntax::ast::Stmt>,
    text: &str,
) -> Vec<Diagnostic> {
    value_out_of_range::literal_diagnostics(stmts, text)
}

/// Collects diagnostics with the file each one lies in: those of the
/// analysed file (nearly all) in a list of their own, which becomes its
/// report without a copy.
#[derive(Debug, Default)]
pub struct Sink {
    root: Vec<Diagnostic>,
    elsewhere: Vec<(FileId, Diagnostic)>,
}

impl Sink {
    pub fn push(&mut self, file: FileId, diagnostic: Diagnostic) {
        // A definition whose header lost its id keeps its block but defines
        // nothing, and no message may name it (LANGUAGE.md §4): every message
        // quotes ids in backticks, so an empty id shows as "``". Its syntax
        // error is reported; the rest would be noise about a name nobody wrote.
        if diagnostic.message.contains("``") {
            return;
        }
        if file == FileId::ROOT {
            self.root.push(diagnostic);
        } else {
            self.elsewhere.push((file, diagnostic));
        }
    }

    /// A diagnostic in the analysed file.
    pub fn root(&mut self, diagnostic: Diagnostic) {
        self.push(FileId::ROOT, diagnostic);
    }

    /// The analysed file's diagnostics, and the others with their files,
    /// each in the order found.
    pub fn into_parts(self) -> (Vec<Diagnostic>, Vec<(FileId, Diagnostic)>) {
        (self.root, self.elsewhere)
    }
}

/// Every KPI of a journey (journey, stage and touchpoint level).
pub(crate) fn kpis(journey: &Journey) -> impl Iterator<Item = &Kpi> {
    journey
        .kpis
        .iter()
        .chain(journey.stages.iter().flat_map(|stage| {
            stage
                .kpis
                .iter()
                .chain(stage.touchpoints.iter().flat_map(|tp| tp.kpis.iter()))
        }))
}

/// Every action block of a journey with the index of its stage.
pub(crate) fn actions(journey: &Journey) -> impl Iterator<Item = (usize, &Actions)> {
    journey.stages.iter().enumerate().flat_map(|(i, stage)| {
        std::iter::once((i, &stage.actions))
            .chain(stage.touchpoints.iter().map(move |tp| (i, &tp.actions)))
    })
}

/// Every desired action of every journey.
pub(crate) fn all_desired(model: &Model) -> impl Iterator<Item = &Desired> {
    model
        .journeys
        .iter()
        .flat_map(|journey| actions(journey).flat_map(|(_, block)| &block.desired))
}

/// Every `completed` statement of every journey.
pub(crate) fn all_completed(model: &Model) -> impl Iterator<Item = &Completed> {
    model
        .journeys
        .iter()
        .flat_map(|journey| actions(journey).flat_map(|(_, block)| &block.completed))
}

/// Every `as_of` date of every journey that takes part in checks: on
/// touchpoints, KPIs and `completed` statements (not their duplicates).
pub(crate) fn measurement_dates(model: &Model) -> impl Iterator<Item = &Date> {
    model.journeys.iter().flat_map(|journey| {
        let touchpoints = journey
            .touchpoints()
            .filter_map(|(_, tp)| tp.as_of.as_ref());
        let kpis = kpis(journey).filter_map(|k| k.as_of.as_ref());
        let completed = actions(journey).flat_map(|(_, block)| {
            block
                .completed
                .iter()
                .filter(|c| c.duplicate_of.is_none())
                .filter_map(|c| c.as_of.as_ref())
        });
        touchpoints.chain(kpis).chain(completed)
    })
}

/// Every journey with its stages' touchpoints.
pub(crate) fn touchpoints(model: &Model) -> impl Iterator<Item = (&Journey, &Stage, &Touchpoint)> {
    model.journeys.iter().flat_map(|journey| {
        journey
            .stages
            .iter()
            .flat_map(move |stage| stage.touchpoints.iter().map(move |tp| (journey, stage, tp)))
    })
}

#[cfg(test)]
mod tests;
