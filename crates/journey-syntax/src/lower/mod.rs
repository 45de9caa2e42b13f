//! pest pairs → the owned tree, and the syntax errors of its error nodes.
//! The wording of those errors is in [`messages`]; literals (strings,
//! numbers, dates, percentages) are decoded in [`literals`].

mod literals;
mod messages;

use compact_str::CompactString;
use pest::iterators::{Pair, Pairs};
use pest::{Parser, Token};

use crate::ast::*;
use crate::diagnostic::{Diagnostic, SYNTAX_ERROR};
use crate::grammar::{JourneyParser, Rule};
use crate::keywords::{keyword_doc, BlockKind, KEYWORDS};
use crate::shift;
use crate::suggest::edit_distance_within;
use crate::text::{self, floor_char_boundary, Span};
use crate::Parse;

use literals::*;
use messages::*;

pub(crate) fn parse(text: &str) -> Parse {
    match JourneyParser::parse(Rule::file, text) {
        Ok(pairs) => {
            let comments = collect_comments(pairs.clone(), text);
            let errors = unterminated_block_comments(&comments, text);
            let mut lower = Lower {
                text,
                comments: &comments,
                errors,
                unclosed_reported: false,
                implicitly_closed_at: None,
                misspelt_depth: 0,
            };
            let file_pair = pairs.into_iter().next();
            let items = match file_pair {
                Some(file) => lower.stmts(file.into_inner(), BlockKind::TopLevel).0,
                None => Vec::new(),
            };
            let mut errors = lower.errors;
            // In text order (the comments' errors were found first): the
            // incremental re-parse splices a region's errors in by position,
            // and must give exactly this list.
            errors.sort_by_key(|e| e.span.start);
            Parse {
                file: SourceFile { items, comments },
                errors,
            }
        }
        // The grammar accepts every input and bounds nesting itself, so this
        // is defensive: should pest fail all the same, one diagnostic.
        Err(error) => {
            let at = match error.location {
                pest::error::InputLocation::Pos(pos) => pos,
                pest::error::InputLocation::Span((start, _)) => start,
            };
            let span = token_at(text, at);
            Parse {
                file: SourceFile::default(),
                errors: vec![Diagnostic::error(
                    SYNTAX_ERROR,
                    span,
                    "the file is too deeply nested to be read",
                )
                .with_help("blocks nest at most four deep: journey → stage → touchpoint → pain, KPI or desired action")],
            }
        }
    }
}

fn collect_comments(pairs: Pairs<'_, Rule>, text: &str) -> Vec<Comment> {
    // Over the token stream rather than `flatten()`: a flattened pair costs
    // a reference-counted handle per node of the file, a token does not.
    // Comments never nest, so each start is closed by the next end of a
    // comment.
    let mut comments = Vec::new();
    let mut start = None;
    for token in pairs.tokens() {
        match token {
            Token::Start {
                rule: Rule::comment,
                pos,
            } => start = Some(pos.pos()),
            Token::End {
                rule: Rule::comment,
                pos,
            } => {
                if let Some(start) = start.take() {
                    comments.push(comment_at(Span::new(start, pos.pos()), text));
                }
            }
            _ => {}
        }
    }
    comments
}

fn comment_at(span: Span, text: &str) -> Comment {
    let body = &text[span.range()];
    let kind = if body.starts_with("/*") {
        CommentKind::Block
    } else if body.starts_with("///") && !body.starts_with("////") {
        CommentKind::Doc
    } else {
        CommentKind::Line
    };
    Comment { kind, span }
}

/// A block comment that runs to the end of the file (the grammar accepts it
/// so that the rest of the file is not a cascade of errors).
fn unterminated_block_comments(comments: &[Comment], text: &str) -> Vec<Diagnostic> {
    comments
        .iter()
        .filter(|c| c.kind == CommentKind::Block && !text[c.span.range()].ends_with("*/"))
        .map(|c| {
            let start = c.span.start as usize;
            Diagnostic::error(
                SYNTAX_ERROR,
                Span::new(start, start + 2),
                "unterminated block comment: this `/*` is never closed",
            )
            .with_help("add `*/` where the comment ends")
        })
        .collect()
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

struct Lower<'t> {
    text: &'t str,
    comments: &'t [Comment],
    errors: Vec<Diagnostic>,
    /// Set once a block closed by the end of the file is reported: the
    /// blocks around it are then necessarily unclosed too.
    unclosed_reported: bool,
    /// Where the last block closed by a statement (a forgotten `}`) ended.
    implicitly_closed_at: Option<usize>,
    /// How many misspelt blocks enclose the text being lowered: each is
    /// parsed again on its own, so the depth is bounded (by the nesting of
    /// valid text) to keep hostile input linear.
    misspelt_depth: u8,
}

/// Blocks nest four deep in valid text; misspelt blocks deeper than that
/// stay broken statements.
const MAX_MISSPELT_DEPTH: u8 = 4;

impl<'t> Lower<'t> {
    /// Lowers the statements of a block (or of the file); returns them and
    /// whether any did not parse.
    fn stmts(&mut self, pairs: Pairs<'t, Rule>, context: BlockKind) -> (Vec<Stmt>, bool) {
        // Sized once from pest's pair count (comments included): the vector
        // never regrows and leaves little slack.
        let mut stmts: Vec<Stmt> = Vec::with_capacity(pairs.len());
        let mut has_errors = false;
        for pair in pairs {
            match pair.as_rule() {
                Rule::comment | Rule::EOI => {}
                Rule::stmt_error | Rule::stray_close => {
                    has_errors = true;
                    let span = span_of(&pair);
                    if let Some(stmt) = self.misspelt_block(span, context) {
                        stmts.push(stmt);
                        continue;
                    }
                    let follows_error = stmts.last().is_some_and(|s| s.kind.is_error());
                    if let Some(diagnostic) = self.error_stmt(span, context, follows_error) {
                        self.errors.push(diagnostic);
                    }
                    stmts.push(Stmt {
                        span,
                        keyword: Span::empty(span.start as usize),
                        doc: None,
                        kind: StmtKind::Error { context },
                    });
                }
                _ => {
                    let stmt = self.stmt(pair);
                    has_errors |= stmt.kind.def().is_some_and(|(def, _)| def.id.is_none());
                    stmts.push(stmt);
                }
            }
        }
        (stmts, has_errors)
    }

    fn stmt(&mut self, pair: Pair<'t, Rule>) -> Stmt {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut kids = pair.into_inner().filter(|p| p.as_rule() != Rule::comment);
        let kind = match rule {
            Rule::import => StmtKind::Import(self.string(kids.next())),
            Rule::team => StmtKind::Team(self.def(kids, BlockKind::Team, span)),
            Rule::persona => StmtKind::Persona(self.def(kids, BlockKind::Persona, span)),
            Rule::channel_def => StmtKind::ChannelDef(self.def(kids, BlockKind::Channel, span)),
            Rule::journey => StmtKind::Journey(self.def(kids, BlockKind::Journey, span)),
            Rule::stage => StmtKind::Stage(self.def(kids, BlockKind::Stage, span)),
            Rule::touchpoint => StmtKind::Touchpoint(self.def(kids, BlockKind::Touchpoint, span)),
            Rule::desired => StmtKind::Desired(self.def(kids, BlockKind::Desired, span)),
            Rule::kpi => StmtKind::Kpi(self.def(kids, BlockKind::Kpi, span)),
            Rule::promise => StmtKind::Promise {
                id: Box::new(name(kids.next())),
                text: self.string(kids.next()),
            },
            Rule::pain => {
                let text = self.string(kids.next());
                let block = self.block(kids, BlockKind::Pain, false).map(Box::new);
                StmtKind::Pain { text, block }
            }
            Rule::segment => StmtKind::Segment(word(kids.next(), Segment::from_word)),
            Rule::age => StmtKind::Age(range(kids.next())),
            Rule::region => StmtKind::Region(kids.map(|p| self.string(Some(p))).collect()),
            Rule::interests => StmtKind::Interests(kids.map(|p| self.string(Some(p))).collect()),
            Rule::data => StmtKind::Data(kids.map(|p| name(Some(p))).collect()),
            Rule::needs => StmtKind::Needs(self.string(kids.next())),
            Rule::requires => StmtKind::Requires(kids.map(|p| name(Some(p))).collect()),
            Rule::goal => StmtKind::Goal(self.string(kids.next())),
            Rule::approach => StmtKind::Approach(word(kids.next(), Approach::from_word)),
            Rule::for_list => StmtKind::For(kids.map(|p| name(Some(p))).collect()),
            Rule::scale => StmtKind::Scale(range(kids.next())),
            Rule::owner => StmtKind::Owner(name(kids.next())),
            Rule::description => StmtKind::Description(self.string(kids.next())),
            Rule::phase => StmtKind::Phase(word(kids.next(), Phase::from_word)),
            Rule::expects => StmtKind::Expects(self.string(kids.next())),
            Rule::channel_use => StmtKind::Channel(name(kids.next())),
            Rule::emotion => {
                let value = int(kids.next());
                let mut kids = kids.peekable();
                let feeling = kids
                    .next_if(|p| matches!(p.as_rule(), Rule::good_string | Rule::bad_string))
                    .map(|p| Box::new(self.string(Some(p))));
                let personas = kids.map(|p| name(Some(p))).collect();
                StmtKind::Emotion {
                    value,
                    feeling,
                    personas,
                }
            }
            Rule::does => StmtKind::Does(self.string(kids.next())),
            Rule::thinks => StmtKind::Thinks(self.string(kids.next())),
            Rule::says => StmtKind::Says(self.string(kids.next())),
            Rule::backstage => StmtKind::Backstage {
                text: self.string(kids.next()),
                team: kids.next().map(|p| Box::new(name(Some(p)))),
            },
            Rule::system => StmtKind::System(self.string(kids.next())),
            Rule::source => StmtKind::Source(self.string(kids.next())),
            Rule::as_of => StmtKind::AsOf(date(kids.next())),
            Rule::effort => StmtKind::Effort(int(kids.next())),
            Rule::moment_of_truth => StmtKind::MomentOfTruth(self.string(kids.next())),
            Rule::opportunity => StmtKind::Opportunity(self.string(kids.next())),
            Rule::next => StmtKind::Next(kids.map(|p| name(Some(p))).collect()),
            Rule::severity => StmtKind::Severity(word(kids.next(), PainSeverity::from_word)),
            Rule::completed => {
                let action = name(kids.next());
                let measure = Box::new(measure(kids.next()));
                let as_of = kids.next().map(|p| Box::new(date(Some(p))));
                StmtKind::Completed {
                    action,
                    measure,
                    as_of,
                }
            }
            Rule::keeps => StmtKind::Keeps(name(kids.next())),
            Rule::target | Rule::target_percent => StmtKind::Target(value(kids.next())),
            Rule::actual => StmtKind::Actual(value(kids.next())),
            Rule::direction => StmtKind::Direction(word(kids.next(), Direction::from_word)),
            Rule::event => StmtKind::Event(self.string(kids.next())),
            other => unreachable!("rule {other:?} is not a statement"),
        };
        let keyword_len = kind.keyword().map_or(0, str::len);
        let keyword = Span::new(span.start as usize, span.start as usize + keyword_len);
        let doc = if kind.def().is_some() || matches!(kind, StmtKind::Promise { .. }) {
            self.doc_before(span.start as usize)
        } else {
            None
        };
        Stmt {
            span,
            keyword,
            doc,
            kind,
        }
    }

    /// `keyword IDENT? STRING? header_error? block?`
    fn def(
        &mut self,
        kids: impl Iterator<Item = Pair<'t, Rule>>,
        kind: BlockKind,
        stmt: Span,
    ) -> Box<Def> {
        let mut kids = kids.peekable();
        let id = kids
            .next_if(|p| p.as_rule() == Rule::ident)
            .map(|p| name(Some(p)));
        let label = kids
            .next_if(|p| matches!(p.as_rule(), Rule::good_string | Rule::bad_string))
            .map(|p| self.string(Some(p)));
        let header_error = kids
            .next_if(|p| p.as_rule() == Rule::header_error)
            .map(|p| span_of(&p));
        let header_broken = header_error.is_some() || (id.is_none() && kind != BlockKind::Team);
        if let Some(bad) = header_error {
            self.errors
                .push(self.header_error(kind, bad, id.is_some(), label.is_some()));
        } else if id.is_none() {
            let after_keyword = stmt.start as usize + keyword_len(kind);
            let at = self.next_token(after_keyword);
            self.errors.push(
                Diagnostic::error(
                    SYNTAX_ERROR,
                    at,
                    format!(
                        "expected {} id after `{}`",
                        article_noun(kind),
                        kind.keyword()
                    ),
                )
                .with_help(format!("write it like `{}`", first_line(example_of(kind)))),
            );
        }
        let mut block = self.block(kids, kind, header_broken);
        if let Some(block) = &mut block {
            block.has_errors |= header_broken;
        }
        Box::new(Def { id, label, block })
    }

    /// `open body close`, if present among the remaining children.
    fn block(
        &mut self,
        mut kids: impl Iterator<Item = Pair<'t, Rule>>,
        kind: BlockKind,
        header_broken: bool,
    ) -> Option<Block> {
        let open = span_of(&kids.next()?);
        let body = kids.next()?;
        let close_pair = kids.next();
        let closed_by_statement = close_pair
            .as_ref()
            .is_some_and(|p| p.as_rule() == Rule::implicit_close);
        let close = close_pair.map_or(Span::empty(self.text.len()), |p| span_of(&p));
        let (stmts, has_errors) = self.stmts(body.into_inner(), kind);
        if closed_by_statement {
            self.forgotten_close(open, close.start as usize, kind);
        } else if close.is_empty() && !self.unclosed_reported {
            self.unclosed_reported = true;
            self.errors.push(
                Diagnostic::error(
                    SYNTAX_ERROR,
                    open,
                    format!("this `{{` of the {} is never closed", kind.noun()),
                )
                .with_help("add the missing `}`; the end of the file closed the block"),
            );
        }
        Some(Block {
            open,
            close,
            stmts,
            has_errors: has_errors || header_broken,
        })
    }

    /// A block closed by a statement that only an enclosing block can
    /// contain (a forgotten `}`). Blocks closed at the same statement are
    /// reported once, at the innermost (lowered first): the outer ones only
    /// follow from it.
    fn forgotten_close(&mut self, open: Span, at: usize, kind: BlockKind) {
        if self.implicitly_closed_at == Some(at) {
            return;
        }
        self.implicitly_closed_at = Some(at);
        let closer = token_at(self.text, at);
        let keyword = &self.text[closer.range()];
        self.errors.push(
            Diagnostic::error(
                SYNTAX_ERROR,
                open,
                format!("this `{{` of the {} is never closed", kind.noun()),
            )
            .with_label(
                closer,
                format!(
                    "a {} cannot contain `{keyword}`, so the block ends here",
                    kind.noun()
                ),
            )
            .with_help(format!("add the missing `}}` before `{keyword}`")),
        );
    }

    fn string(&mut self, pair: Option<Pair<'t, Rule>>) -> Str {
        let Some(pair) = pair else {
            return Str {
                value: CompactString::default(),
                span: Span::default(),
                valid: false,
            };
        };
        let span = span_of(&pair);
        let raw = pair.as_str();
        match unescape(raw) {
            Ok(value) => Str {
                value,
                span,
                valid: true,
            },
            Err((value, problem)) => {
                self.errors.push(string_error(span, raw, problem));
                Str {
                    value,
                    span,
                    valid: false,
                }
            }
        }
    }

    /// The `///` lines directly before a definition, markers stripped.
    fn doc_before(&self, start: usize) -> Option<Box<Doc>> {
        let mut end = self
            .comments
            .partition_point(|c| (c.span.end as usize) <= start);
        let mut next_start = start;
        let mut first = None;
        while end > 0 {
            let comment = &self.comments[end - 1];
            let gap = &self.text[comment.span.end as usize..next_start];
            let one_line_break = is_one_line_break(gap);
            if comment.kind != CommentKind::Doc || !one_line_break {
                break;
            }
            first = Some(end - 1);
            next_start = comment.span.start as usize;
            end -= 1;
        }
        let first = first?;
        let last = self
            .comments
            .partition_point(|c| (c.span.end as usize) <= start);
        let lines = &self.comments[first..last];
        let text = lines
            .iter()
            .map(|c| {
                let line = &self.text[c.span.range()][3..];
                line.strip_prefix(' ').unwrap_or(line).trim_end()
            })
            .collect::<Vec<_>>()
            .join("\n");
        Some(Box::new(Doc {
            text: text.into(),
            span: lines[0].span.cover(lines[lines.len() - 1].span),
        }))
    }

    /// A broken statement shaped like a block header whose word is a typo
    /// of a block keyword this block accepts (`touchpiont cart "Cart" {`):
    /// one diagnostic, and the block is read as that keyword's block, so its
    /// id is defined and its body checked. `None` when the text is not such
    /// a block (it then stays a plain broken statement).
    fn misspelt_block(&mut self, span: Span, context: BlockKind) -> Option<Stmt> {
        let start = span.start as usize;
        let broken = &self.text[span.range()];
        let word = leading_word(broken);
        if word.is_empty() || is_any_keyword(word) || self.misspelt_depth >= MAX_MISSPELT_DEPTH {
            return None;
        }
        let keyword = closest_block_keyword(word, context)?;
        let rule = statement_rule(keyword, context);
        // The broken text with its word replaced by the keyword, parsed as
        // that statement; its spans are moved back by `delta` afterwards.
        let probe = format!("{keyword}{}", &broken[word.len()..]);
        let pairs = JourneyParser::parse(rule, &probe).ok()?;
        let comments = collect_comments(pairs.clone(), &probe);
        let pair = pairs.into_iter().next()?;
        if !is_block_header_shaped(&pair) || !is_trivia(&probe[pair.as_span().end()..]) {
            return None;
        }
        let mut diagnostic = self.error_stmt(span, context, false)?;
        diagnostic.help = Some(
            format!(
                "did you mean `{keyword}`? the block is read as {}",
                article_noun(block_kind_of(keyword, context))
            )
            .into(),
        );
        let mut inner = Lower {
            text: &probe,
            comments: &comments,
            errors: Vec::new(),
            unclosed_reported: self.unclosed_reported,
            implicitly_closed_at: None,
            misspelt_depth: self.misspelt_depth + 1,
        };
        let mut stmt = inner.stmt(pair);
        self.unclosed_reported = inner.unclosed_reported;
        let delta = start as i64 + word.len() as i64 - keyword.len() as i64;
        shift::shift_stmt(&mut stmt, delta);
        stmt.span = span;
        stmt.keyword = Span::new(start, start + word.len());
        stmt.doc = self.doc_before(start);
        self.errors.push(diagnostic);
        for mut error in inner.errors {
            shift::shift_diagnostic(&mut error, delta, |_| true);
            self.errors.push(error);
        }
        Some(stmt)
    }

    /// The diagnostic of a statement that did not parse, or `None` when it
    /// only continues the broken statement before it.
    fn error_stmt(
        &mut self,
        span: Span,
        context: BlockKind,
        follows_error: bool,
    ) -> Option<Diagnostic> {
        let start = span.start as usize;
        let word = leading_word(&self.text[start..span.end as usize]);
        if context.accepts(word) {
            return Some(self.bad_statement(start, word, context));
        }
        if follows_error && !is_any_keyword(word) {
            return None;
        }
        let token = token_at(self.text, start);
        let found = describe_token(&self.text[token.range()]);
        let message = if context == BlockKind::TopLevel {
            format!(
                "expected a top-level item (`journey`, `persona`, `team`, `channel` or `import`), found {found}"
            )
        } else {
            let such_as = context.statements()[..3.min(context.statements().len())]
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "expected `}}` or {} statement such as {such_as}, found {found}",
                article_noun(context)
            )
        };
        let mut diagnostic = Diagnostic::error(SYNTAX_ERROR, token, message);
        if self.text[start..].starts_with('}') {
            diagnostic = diagnostic.with_help("this `}` closes no block");
        } else if let Some(fixed) = detached_percent(self.text, token) {
            diagnostic = detached_percent_error(token, &fixed);
        } else if let Some(help) = misplaced_help(word, context) {
            diagnostic = diagnostic.with_help(help);
        }
        Some(diagnostic)
    }

    /// A statement whose keyword is right but whose arguments are not:
    /// re-parse it alone to find the first offending token.
    fn bad_statement(&self, start: usize, keyword: &str, context: BlockKind) -> Diagnostic {
        let rule = statement_rule(keyword, context);
        let failed_at = match JourneyParser::parse(rule, &self.text[start..]) {
            Err(error) => {
                let reported = match error.location {
                    pest::error::InputLocation::Pos(pos) => pos,
                    pest::error::InputLocation::Span((s, _)) => s,
                };
                // The attempts also count literal tokens (`of`), not only rules.
                let furthest = error.parse_attempts().map_or(0, |a| a.max_position);
                start + reported.max(furthest)
            }
            Ok(_) => start + keyword.len(),
        };
        // pest reports the furthest position it tried; never before the
        // keyword's end, since the keyword itself matched.
        let failed_at = failed_at.max(start + keyword.len());
        if text::has_line_break(&self.text[start..failed_at]) {
            if let Some(diagnostic) = self.header_problem(start, rule) {
                return diagnostic;
            }
        }
        let mut at = self.next_token(failed_at);
        let mut found = describe_token(&self.text[at.range()]);
        // A statement's arguments stay on its line: when the line ends first,
        // point at the keyword rather than at the next line's text.
        let after_keyword = &self.text[start + keyword.len()..];
        let rest_of_line = text::first_line(after_keyword);
        let nothing_follows =
            rest_of_line.trim().is_empty() || rest_of_line.trim_start().starts_with("//");
        if nothing_follows
            || text::has_line_break(&self.text[failed_at..at.start as usize])
            || at.is_empty()
        {
            at = Span::new(start, start + keyword.len());
            found = "the end of the line".to_string();
        }
        let doc = keyword_doc(keyword);
        let expects = doc.map_or("its arguments", |d| d.expects);
        let mut diagnostic = Diagnostic::error(
            SYNTAX_ERROR,
            at,
            format!("expected {expects} after `{keyword}`, found {found}"),
        );
        let example = match (keyword, context) {
            ("channel", BlockKind::Touchpoint) => Some("channel email"),
            _ => doc.map(|d| first_line(d.example)),
        };
        if let Some(fixed) = detached_percent(self.text, at) {
            diagnostic = detached_percent_error(at, &fixed);
        } else if let Some(example) = example {
            diagnostic = diagnostic.with_help(format!("write it like `{example}`"));
        }
        diagnostic
    }

    /// The error of a definition whose parse failed on a later line (where
    /// it looked for the block's `{`) although its own line is broken, like
    /// `persona may share`: its line parsed again with a `{}` appended shows
    /// the offending header token. `None` when the line is a well-formed
    /// header (the `{` may then stand on a later line) or the probe does not
    /// parse as this statement.
    fn header_problem(&self, start: usize, rule: Rule) -> Option<Diagnostic> {
        let line = text::first_line(&self.text[start..]);
        let probe = format!("{line} {{}}");
        let pair = JourneyParser::parse(rule, &probe).ok()?.next()?;
        if pair.as_span().end() != probe.len() {
            return None;
        }
        let mut lower = Lower {
            text: &probe,
            comments: &[],
            errors: Vec::new(),
            unclosed_reported: true,
            implicitly_closed_at: None,
            misspelt_depth: MAX_MISSPELT_DEPTH,
        };
        lower.stmt(pair);
        let mut diagnostic = lower.errors.into_iter().next()?;
        if diagnostic.span.end as usize > line.len() || !diagnostic.labels.is_empty() {
            return None;
        }
        let at = start as u32;
        diagnostic.span = Span {
            start: diagnostic.span.start + at,
            end: diagnostic.span.end + at,
        };
        Some(diagnostic)
    }

    fn header_error(
        &self,
        kind: BlockKind,
        bad: Span,
        has_id: bool,
        has_label: bool,
    ) -> Diagnostic {
        let token = token_at(self.text, bad.start as usize);
        let found = describe_token(&self.text[token.range()]);
        let expected = match (has_id, has_label) {
            (false, _) => format!("{} id", article_noun(kind)),
            (true, false) => "a label in double quotes or `{`".to_string(),
            (true, true) => "`{`".to_string(),
        };
        Diagnostic::error(
            SYNTAX_ERROR,
            token,
            format!(
                "expected {expected} in the {} header, found {found}",
                kind.noun()
            ),
        )
        .with_help(format!("write it like `{}`", first_line(example_of(kind))))
    }

    /// The token starting at the first non-blank character at or after
    /// `offset` (comments are skipped).
    fn next_token(&self, offset: usize) -> Span {
        let mut at = offset.min(self.text.len());
        loop {
            let rest = &self.text[at..];
            let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
            at += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                at += text::first_line_end(trimmed).unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                at += trimmed.find("*/").map_or(trimmed.len(), |i| i + 2);
            } else {
                return token_at(self.text, at);
            }
        }
    }
}

/// Whether a gap between two tokens is blanks around exactly one line
/// break (of any style): a doc comment directly above a definition.
fn is_one_line_break(gap: &str) -> bool {
    gap.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        && text::count_line_breaks(gap) == 1
}

/// Keywords of definitions shaped `keyword IDENT STRING? { … }`.
fn opens_named_block(keyword: &str, context: BlockKind) -> bool {
    match keyword {
        "journey" | "persona" | "stage" | "touchpoint" | "kpi" | "desired" => true,
        "channel" => context == BlockKind::TopLevel,
        _ => false,
    }
}

fn block_kind_of(keyword: &str, context: BlockKind) -> BlockKind {
    match keyword {
        "journey" => BlockKind::Journey,
        "persona" => BlockKind::Persona,
        "stage" => BlockKind::Stage,
        "touchpoint" => BlockKind::Touchpoint,
        "kpi" => BlockKind::Kpi,
        "desired" => BlockKind::Desired,
        _ if context == BlockKind::TopLevel => BlockKind::Channel,
        _ => context,
    }
}

/// Whether a definition parsed as `keyword IDENT STRING? {`: an id, no
/// broken header and a block.
fn is_block_header_shaped(pair: &Pair<'_, Rule>) -> bool {
    let mut kids = pair
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() != Rule::comment);
    let Some(first) = kids.next() else {
        return false;
    };
    first.as_rule() == Rule::ident
        && kids
            .take_while(|p| p.as_rule() != Rule::open)
            .all(|p| matches!(p.as_rule(), Rule::good_string | Rule::bad_string))
        && pair.clone().into_inner().any(|p| p.as_rule() == Rule::open)
}

/// Blanks and comments only (what may follow a block on its line).
fn is_trivia(text: &str) -> bool {
    let rest = text.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with("//") || (rest.starts_with("/*") && rest.ends_with("*/"))
}
