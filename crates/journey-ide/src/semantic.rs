//! Semantic tokens: what each piece of the text is, for colour in editors
//! without a TextMate grammar (Helix, Zed, plain LSP clients).
//!
//! Keywords and literals come from the syntax tree, names from the
//! checker's model (which is built from broken trees too), so it works on
//! half-typed text. Tokens are byte spans in source order, never
//! overlapping; a token may span lines (a block comment): the language
//! server splits it when the client asks for one line per token.

use journey_syntax::ast::{Measure, Stmt, StmtKind};
use journey_syntax::Span;

use journey_check::{Analysis, DefKind, FileId};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    Keyword,
    /// A name of a definition: its own id when the token is a definition,
    /// a reference otherwise.
    Symbol(DefKind),
    /// A name in `data` / `requires`.
    Data,
    /// A keyword-valued argument (`b2b`, `high`, `pre_purchase`).
    Word,
    String,
    /// Numbers, percents, durations, money, ranges.
    Number,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: TokenKind,
    /// The name being defined (not a use of it).
    pub definition: bool,
}

/// Every token of the analysed file, sorted by position and not
/// overlapping.
pub fn semantic_tokens(analysis: &Analysis) -> Vec<SemanticToken> {
    let root = analysis.file(FileId::ROOT);
    let Some(syntax) = &root.syntax else {
        return Vec::new();
    };
    let model = &analysis.model;
    let mut out = Vec::new();
    let mut push = |span: Span, kind: TokenKind, definition: bool| {
        if !span.is_empty() {
            out.push(SemanticToken {
                span,
                kind,
                definition,
            });
        }
    };
    for comment in &syntax.file.comments {
        push(comment.span, TokenKind::Comment, false);
    }
    let in_root = model.definitions.iter().filter(|d| d.file == FileId::ROOT);
    for def in in_root.filter(|d| !d.id.is_empty()) {
        push(def.id_span, TokenKind::Symbol(def.kind), true);
    }
    for reference in model.references.iter().filter(|r| r.file == FileId::ROOT) {
        push(reference.span, TokenKind::Symbol(reference.expects), false);
    }
    walk(&root.text, &syntax.file.items, &mut push);
    out.sort();
    remove_overlaps(out)
}

/// Keeps the first of overlapping tokens (a broken statement can yield
/// spans that cover others; clients reject overlapping tokens).
fn remove_overlaps(tokens: Vec<SemanticToken>) -> Vec<SemanticToken> {
    let mut kept: Vec<SemanticToken> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if kept
            .last()
            .is_none_or(|last| token.span.start >= last.span.end)
        {
            kept.push(token);
        }
    }
    kept
}

/// The keywords and literals of statements; names come from the model.
fn walk(text: &str, stmts: &[Stmt], push: &mut impl FnMut(Span, TokenKind, bool)) {
    use TokenKind::{Data, Number, String, Word};
    for stmt in stmts {
        if stmt.kind.keyword().is_some() {
            push(stmt.keyword, TokenKind::Keyword, false);
        }
        match &stmt.kind {
            journey_syntax::string_statement!(s)
            | StmtKind::Backstage { text: s, .. }
            | StmtKind::Promise { text: s, .. } => push(s.span, String, false),
            StmtKind::AsOf(date) => push(date.span, Number, false),
            StmtKind::Pain { text: label, block } => {
                push(label.span, String, false);
                if let Some(block) = block {
                    walk(text, &block.stmts, push);
                }
            }
            StmtKind::Region(strings) | StmtKind::Interests(strings) => {
                strings.iter().for_each(|s| push(s.span, String, false))
            }
            StmtKind::Data(names) | StmtKind::Requires(names) => {
                names.iter().for_each(|n| push(n.span, Data, false))
            }
            StmtKind::Age(range) | StmtKind::Scale(range) => push(range.span, Number, false),
            StmtKind::Emotion { value, feeling, .. } => {
                push(value.span, Number, false);
                if let Some(feeling) = feeling {
                    push(feeling.span, String, false);
                }
            }
            StmtKind::Effort(int) => push(int.span, Number, false),
            StmtKind::Target(value) | StmtKind::Actual(value) => push(value.span, Number, false),
            StmtKind::Completed { measure, as_of, .. } => {
                measure_tokens(text, measure, push);
                if let Some(date) = as_of {
                    push(date.span, Number, false);
                }
            }
            StmtKind::Segment(w) => push(w.span, Word, false),
            StmtKind::Approach(w) => push(w.span, Word, false),
            StmtKind::Phase(w) => push(w.span, Word, false),
            StmtKind::Severity(w) => push(w.span, Word, false),
            StmtKind::Direction(w) => push(w.span, Word, false),
            _ => {}
        }
        if let Some((def, _)) = stmt.kind.def() {
            if let Some(label) = &def.label {
                push(label.span, String, false);
            }
            if let Some(block) = &def.block {
                walk(text, &block.stmts, push);
            }
        }
    }
}

/// `N of M` is two numbers around the keyword `of`; `N%` one number.
fn measure_tokens(text: &str, measure: &Measure, push: &mut impl FnMut(Span, TokenKind, bool)) {
    match measure {
        Measure::Counts { count, of, .. } => {
            push(count.span, TokenKind::Number, false);
            let (a, b) = (count.span.end as usize, of.span.start as usize);
            if let Some(at) = text.get(a..b).and_then(|between| between.find("of")) {
                push(Span::new(a + at, a + at + 2), TokenKind::Keyword, false);
            }
            push(of.span, TokenKind::Number, false);
        }
        Measure::Percent(value) => push(value.span, TokenKind::Number, false),
    }
}
