//! The typed syntax tree: owned, `Send`, every node with its byte span.
//!
//! Statements of every block share one [`Stmt`] type; the grammar decides
//! which kinds a block may hold. A statement that did not parse is kept as
//! [`StmtKind::Error`] so that the rest of its block is still available.

use compact_str::CompactString;
use serde::Serialize;

use crate::keywords::BlockKind;
use crate::text::Span;

#[derive(Clone, Debug, Default, Serialize)]
pub struct SourceFile {
    pub items: Vec<Stmt>,
    /// Every comment of the file in source order, doc comments included.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommentKind {
    /// `// …`
    Line,
    /// `/// …`: also attached to the definition that follows as [`Doc`].
    Doc,
    /// `/* … */`
    Block,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
}

/// An identifier as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Name {
    pub text: CompactString,
    pub span: Span,
}

/// A string literal: `value` has its escapes resolved; `span` includes the
/// quotes. A string with a bad escape or no closing quote is kept (its error
/// is reported) with `valid` false.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Str {
    pub value: CompactString,
    pub span: Span,
    pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Int {
    /// Saturated at the bounds of `i64` for absurdly long literals, which
    /// the checker reports as `value-out-of-range`.
    pub value: i64,
    pub span: Span,
}

/// A DATE, `YYYY-MM-DD` as written. `ymd` is `None` when the text is not a
/// real calendar date (`2026-02-30`), which the checker reports as
/// `value-out-of-range`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Date {
    pub ymd: Option<(i32, u32, u32)>,
    pub span: Span,
}

impl Date {
    /// Parses `YYYY-MM-DD`; `ymd` is `None` unless it is a real calendar date.
    pub fn parse(text: &str, span: Span) -> Date {
        Date {
            ymd: crate::date::parse_ymd(text),
            span,
        }
    }

    /// Days since 1970-01-01, for a valid date.
    pub fn days(&self) -> Option<i64> {
        self.ymd
            .map(|(y, m, d)| crate::date::days_from_civil(y, m, d))
    }

    /// The ISO text (`2026-05-01`), for a valid date.
    pub fn iso(&self) -> Option<String> {
        self.ymd.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
    }
}

/// `min..max` as written (no ordering is implied).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Range {
    pub min: Int,
    pub max: Int,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    pub fn seconds(self) -> f64 {
        match self {
            DurationUnit::Seconds => 1.0,
            DurationUnit::Minutes => 60.0,
            DurationUnit::Hours => 3_600.0,
            DurationUnit::Days => 86_400.0,
            DurationUnit::Weeks => 604_800.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ValueKind {
    Number(f64),
    Percent(f64),
    Duration {
        amount: f64,
        unit: DurationUnit,
    },
    Money {
        amount: f64,
        currency: CompactString,
    },
}

/// A VALUE: number, percent, duration or money.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// A keyword-valued argument such as `segment b2b` or `severity high`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn from_word(word: &str) -> Option<$name> {
                match word { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

word_enum!(Segment { B2b = "b2b", B2c = "b2c" });
word_enum!(Approach {
    Functional = "functional",
    Business = "business",
    Engagement = "engagement",
    Action = "action",
    Goal = "goal",
});
word_enum!(Phase {
    PrePurchase = "pre_purchase",
    Usage = "usage"
});
word_enum!(PainSeverity {
    Low = "low",
    Medium = "medium",
    High = "high"
});
word_enum!(Direction {
    Higher = "higher",
    Lower = "lower"
});

/// A doc comment (`///` lines directly before a definition), markers removed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Doc {
    pub text: CompactString,
    pub span: Span,
}

/// `{ … }`. `close` is empty at the end of the file when the `}` is missing.
#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub open: Span,
    pub close: Span,
    pub stmts: Vec<Stmt>,
    /// True when a statement directly inside did not parse, or the header of
    /// the block's definition is broken: checks that look for a missing
    /// statement stay quiet, since it may be in the broken text.
    pub has_errors: bool,
}

impl Block {
    pub fn span(&self) -> Span {
        self.open.cover(self.close)
    }

    pub fn is_closed(&self) -> bool {
        !self.close.is_empty()
    }
}

/// The common shape of definitions: `keyword IDENT STRING? { … }?`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Def {
    pub id: Option<Name>,
    pub label: Option<Str>,
    pub block: Option<Block>,
}

impl Def {
    pub fn stmts(&self) -> &[Stmt] {
        self.block.as_ref().map_or(&[], |b| &b.stmts)
    }

    pub fn has_errors(&self) -> bool {
        self.block.as_ref().is_some_and(|b| b.has_errors)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Measure {
    /// `N of M`
    Counts { count: Int, of: Int, span: Span },
    /// `N%`
    Percent(Value),
}

impl Measure {
    pub fn span(&self) -> Span {
        match self {
            Measure::Counts { span, .. } => *span,
            Measure::Percent(value) => value.span,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Stmt {
    /// The whole statement, block included.
    pub span: Span,
    /// The leading keyword (empty for a statement that did not parse).
    pub keyword: Span,
    pub doc: Option<Box<Doc>>,
    pub kind: StmtKind,
}

/// Every statement is as large as the largest kind, so the definitions'
/// payload and the large, rarer parts of a few kinds (a completion's measure
/// and date, an emotion's feeling, a pain's block, a backstage's team, a
/// promise's id) are boxed: a statement is 80 bytes instead of 176, which
/// is most of a tree's size (issue #16; the assertion below keeps it so).
#[derive(Clone, Debug, Serialize)]
pub enum StmtKind {
    Import(Str),
    Team(Box<Def>),
    Persona(Box<Def>),
    /// A top-level `channel` definition.
    ChannelDef(Box<Def>),
    Journey(Box<Def>),
    Stage(Box<Def>),
    Touchpoint(Box<Def>),
    Desired(Box<Def>),
    Kpi(Box<Def>),
    Promise {
        id: Box<Name>,
        text: Str,
    },
    Pain {
        text: Str,
        block: Option<Box<Block>>,
    },
    Segment(Spanned<Segment>),
    Age(Range),
    Region(Vec<Str>),
    Interests(Vec<Str>),
    Data(Vec<Name>),
    Needs(Str),
    Requires(Vec<Name>),
    Goal(Str),
    Approach(Spanned<Approach>),
    For(Vec<Name>),
    Scale(Range),
    Owner(Name),
    Description(Str),
    Phase(Spanned<Phase>),
    Expects(Str),
    /// `channel IDENT` inside a touchpoint.
    Channel(Name),
    /// `emotion N "feeling"? (for p, …)?`: no personas means the whole
    /// audience.
    Emotion {
        value: Int,
        feeling: Option<Box<Str>>,
        personas: Vec<Name>,
    },
    Does(Str),
    Thinks(Str),
    Says(Str),
    /// `backstage "TEXT" (by TEAM)?`
    Backstage {
        text: Str,
        team: Option<Box<Name>>,
    },
    System(Str),
    Source(Str),
    AsOf(Date),
    Effort(Int),
    MomentOfTruth(Str),
    Opportunity(Str),
    Next(Vec<Name>),
    Severity(Spanned<PainSeverity>),
    Completed {
        action: Name,
        measure: Box<Measure>,
        as_of: Option<Box<Date>>,
    },
    Keeps(Name),
    /// `target` of a desired action (always a percent) or of a KPI.
    Target(Value),
    Actual(Value),
    Direction(Spanned<Direction>),
    Event(Str),
    /// Text that did not parse; its diagnostic is in [`crate::Parse`].
    Error {
        /// The block the broken text stands in.
        context: BlockKind,
    },
}

// A larger statement makes every tree larger: box what made it grow.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Stmt>() <= 80);

/// A pattern matching every statement whose one argument is a string
/// (`import`, `goal`, `needs`, `does`, …), binding that [`Str`] to `$s`:
/// the one list of them, for every walk over statements.
#[macro_export]
macro_rules! string_statement {
    ($s:pat) => {
        $crate::ast::StmtKind::Import($s)
            | $crate::ast::StmtKind::Needs($s)
            | $crate::ast::StmtKind::Goal($s)
            | $crate::ast::StmtKind::Description($s)
            | $crate::ast::StmtKind::Expects($s)
            | $crate::ast::StmtKind::MomentOfTruth($s)
            | $crate::ast::StmtKind::Opportunity($s)
            | $crate::ast::StmtKind::Event($s)
            | $crate::ast::StmtKind::Does($s)
            | $crate::ast::StmtKind::Thinks($s)
            | $crate::ast::StmtKind::Says($s)
            | $crate::ast::StmtKind::System($s)
            | $crate::ast::StmtKind::Source($s)
    };
}

impl StmtKind {
    /// The keyword that starts the statement as written (`None` for errors).
    pub fn keyword(&self) -> Option<&'static str> {
        Some(match self {
            StmtKind::Import(_) => "import",
            StmtKind::Team(_) => "team",
            StmtKind::Persona(_) => "persona",
            StmtKind::ChannelDef(_) | StmtKind::Channel(_) => "channel",
            StmtKind::Journey(_) => "journey",
            StmtKind::Stage(_) => "stage",
            StmtKind::Touchpoint(_) => "touchpoint",
            StmtKind::Desired(_) => "desired",
            StmtKind::Kpi(_) => "kpi",
            StmtKind::Promise { .. } => "promise",
            StmtKind::Pain { .. } => "pain",
            StmtKind::Segment(_) => "segment",
            StmtKind::Age(_) => "age",
            StmtKind::Region(_) => "region",
            StmtKind::Interests(_) => "interests",
            StmtKind::Data(_) => "data",
            StmtKind::Needs(_) => "needs",
            StmtKind::Requires(_) => "requires",
            StmtKind::Goal(_) => "goal",
            StmtKind::Approach(_) => "approach",
            StmtKind::For(_) => "for",
            StmtKind::Scale(_) => "scale",
            StmtKind::Owner(_) => "owner",
            StmtKind::Description(_) => "description",
            StmtKind::Phase(_) => "phase",
            StmtKind::Expects(_) => "expects",
            StmtKind::Emotion { .. } => "emotion",
            StmtKind::Does(_) => "does",
            StmtKind::Thinks(_) => "thinks",
            StmtKind::Says(_) => "says",
            StmtKind::Backstage { .. } => "backstage",
            StmtKind::System(_) => "system",
            StmtKind::Source(_) => "source",
            StmtKind::AsOf(_) => "as_of",
            StmtKind::Effort(_) => "effort",
            StmtKind::MomentOfTruth(_) => "moment_of_truth",
            StmtKind::Opportunity(_) => "opportunity",
            StmtKind::Next(_) => "next",
            StmtKind::Severity(_) => "severity",
            StmtKind::Completed { .. } => "completed",
            StmtKind::Keeps(_) => "keeps",
            StmtKind::Target(_) => "target",
            StmtKind::Actual(_) => "actual",
            StmtKind::Direction(_) => "direction",
            StmtKind::Event(_) => "event",
            StmtKind::Error { .. } => return None,
        })
    }

    /// The definition a statement introduces, with the kind of its block.
    pub fn def(&self) -> Option<(&Def, BlockKind)> {
        match self {
            StmtKind::Team(d) => Some((d, BlockKind::Team)),
            StmtKind::Persona(d) => Some((d, BlockKind::Persona)),
            StmtKind::ChannelDef(d) => Some((d, BlockKind::Channel)),
            StmtKind::Journey(d) => Some((d, BlockKind::Journey)),
            StmtKind::Stage(d) => Some((d, BlockKind::Stage)),
            StmtKind::Touchpoint(d) => Some((d, BlockKind::Touchpoint)),
            StmtKind::Desired(d) => Some((d, BlockKind::Desired)),
            StmtKind::Kpi(d) => Some((d, BlockKind::Kpi)),
            _ => None,
        }
    }

    /// The nested block of a statement, if it has one.
    pub fn block(&self) -> Option<(&Block, BlockKind)> {
        match self {
            StmtKind::Pain { block, .. } => block.as_deref().map(|b| (b, BlockKind::Pain)),
            _ => self
                .def()
                .and_then(|(def, kind)| def.block.as_ref().map(|b| (b, kind))),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, StmtKind::Error { .. })
    }
}
