//! pest pairs → the owned tree, and the syntax errors of its error nodes.

use pest::iterators::{Pair, Pairs};
use pest::Parser;

use crate::ast::*;
use crate::diagnostic::{Diagnostic, SYNTAX_ERROR};
use crate::grammar::{JourneyParser, Rule};
use crate::keywords::{keyword_doc, BlockKind, KEYWORDS};
use crate::shift;
use crate::suggest::edit_distance_within;
use crate::text::{self, floor_char_boundary, Span};
use crate::Parse;

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
        // The grammar accepts every input, so pest only fails when one of its
        // limits stops it (the stack guard on absurdly deep nesting).
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
    pairs
        .flatten()
        .filter(|pair| pair.as_rule() == Rule::comment)
        .map(|pair| {
            let span = span_of(&pair);
            let body = &text[span.range()];
            let kind = if body.starts_with("/*") {
                CommentKind::Block
            } else if body.starts_with("///") && !body.starts_with("////") {
                CommentKind::Doc
            } else {
                CommentKind::Line
            };
            Comment { kind, span }
        })
        .collect()
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
                id: name(kids.next()),
                text: self.string(kids.next()),
            },
            Rule::pain => {
                let text = self.string(kids.next());
                let block = self.block(kids, BlockKind::Pain, false);
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
                    .map(|p| self.string(Some(p)));
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
                team: kids.next().map(|p| name(Some(p))),
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
                let measure = measure(kids.next());
                let as_of = kids.next().map(|p| date(Some(p)));
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
    ) -> Def {
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
                        keyword_of(kind)
                    ),
                )
                .with_help(format!("write it like `{}`", first_line(example_of(kind)))),
            );
        }
        let mut block = self.block(kids, kind, header_broken);
        if let Some(block) = &mut block {
            block.has_errors |= header_broken;
        }
        Def { id, label, block }
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
                value: String::new(),
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
    fn doc_before(&self, start: usize) -> Option<Doc> {
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
        Some(Doc {
            text,
            span: lines[0].span.cover(lines[lines.len() - 1].span),
        })
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
        diagnostic.help = Some(format!(
            "did you mean `{keyword}`? the block is read as {}",
            article_noun(block_kind_of(keyword, context))
        ));
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

/// `target 40 %`: when `token` is a `%` with blanks between it and the
/// number before it, or a number with blanks and a `%` after it, its line
/// (trimmed) with those blanks removed.
fn detached_percent(text: &str, token: Span) -> Option<String> {
    let is_break = |c: char| c == '\n' || c == '\r';
    let line_start = text[..token.start as usize]
        .rfind(is_break)
        .map_or(0, |i| i + 1);
    let line_end = text[token.start as usize..]
        .find(is_break)
        .map_or(text.len(), |i| token.start as usize + i);
    let (number_end, percent) = if &text[token.range()] == "%" {
        let before = &text[line_start..token.start as usize];
        let number = before.trim_end_matches([' ', '\t']);
        (line_start + number.len(), token.start as usize)
    } else {
        let after = &text[token.end as usize..line_end];
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        (token.end as usize, token.end as usize + blanks)
    };
    let detached = percent > number_end
        && text[line_start..number_end].ends_with(|c: char| c.is_ascii_digit())
        && text[percent..line_end].starts_with('%');
    if !detached {
        return None;
    }
    let fixed = format!(
        "{}{}",
        &text[line_start..number_end],
        &text[percent..line_end]
    );
    let fixed = fixed.trim();
    let fixed = fixed.split("//").next().unwrap_or(fixed).trim_end();
    Some(fixed.chars().take(80).collect())
}

fn detached_percent_error(at: Span, fixed: &str) -> Diagnostic {
    Diagnostic::error(
        SYNTAX_ERROR,
        at,
        "the percent sign must follow its number directly, without a space",
    )
    .with_help(format!("write `{fixed}`"))
}

/// The first token of `text[at..]` for a diagnostic's span: an identifier or
/// number run, or a single character; empty only at the end of the text.
fn token_at(text: &str, at: usize) -> Span {
    let at = floor_char_boundary(text, at);
    let rest = &text[at..];
    let Some(first) = rest.chars().next() else {
        return Span::empty(at);
    };
    if first == '"' {
        return Span::new(at, at + 1);
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    if is_word(first) {
        let len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        // Long garbage is capped so that a 5 MB line stays a short label.
        let len = floor_char_boundary(rest, len.min(64));
        return Span::new(at, at + len.max(first.len_utf8()));
    }
    Span::new(at, at + first.len_utf8())
}

fn describe_token(token: &str) -> String {
    match token {
        "" => "the end of the file".to_string(),
        "\n" | "\r" => "the end of the line".to_string(),
        "\"" => "a string".to_string(),
        t if t.chars().all(|c| c.is_control()) => {
            format!(
                "the control character U+{:04X}",
                t.chars().next().map_or(0, |c| c as u32)
            )
        }
        t => format!("`{t}`"),
    }
}

/// Whether a gap between two tokens is blanks around exactly one line
/// break (of any style): a doc comment directly above a definition.
fn is_one_line_break(gap: &str) -> bool {
    gap.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        && text::count_line_breaks(gap) == 1
}

/// The identifier-like word a broken statement starts with ("" if none).
fn leading_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    &text[..end]
}

fn is_any_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.keyword == word)
}

/// Help for a keyword used in the wrong block, or a misspelt one.
fn misplaced_help(word: &str, context: BlockKind) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    let homes: Vec<&str> = [
        BlockKind::TopLevel,
        BlockKind::Journey,
        BlockKind::Stage,
        BlockKind::Touchpoint,
        BlockKind::Persona,
        BlockKind::Channel,
        BlockKind::Pain,
        BlockKind::Desired,
        BlockKind::Kpi,
    ]
    .into_iter()
    .filter(|kind| kind.accepts(word))
    .map(|kind| {
        if kind == BlockKind::TopLevel {
            "the top level"
        } else {
            kind.noun()
        }
    })
    .collect();
    if !homes.is_empty() {
        let closing = if context != BlockKind::TopLevel {
            "; if it belongs after this block, a `}` may be missing before it"
        } else {
            ""
        };
        return Some(
            format!("`{word}` belongs in {} block{closing}", join_or(&homes))
                .replace("in the top level block", "at the top level"),
        );
    }
    let (_, closest) = context
        .statements()
        .iter()
        .filter_map(|k| edit_distance_within(word, k, 2.max(k.len() / 4)).map(|d| (d, k)))
        .min_by_key(|&(distance, _)| distance)?;
    Some(format!("did you mean `{closest}`?"))
}

/// The block keyword accepted in `context` that `word` is a typo of
/// (edit distance at most 2, the nearest; ties go to the more common one).
fn closest_block_keyword(word: &str, context: BlockKind) -> Option<&'static str> {
    context
        .statements()
        .iter()
        .filter(|k| opens_named_block(k, context))
        .filter_map(|k| edit_distance_within(word, k, 2).map(|d| (d, *k)))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, keyword)| keyword)
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

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("a {one}"),
        [init @ .., last] => format!("a {} or {last}", init.join(", ")),
    }
}

fn statement_rule(keyword: &str, context: BlockKind) -> Rule {
    match (keyword, context) {
        ("import", _) => Rule::import,
        ("team", _) => Rule::team,
        ("persona", _) => Rule::persona,
        ("channel", BlockKind::TopLevel) => Rule::channel_def,
        ("channel", _) => Rule::channel_use,
        ("journey", _) => Rule::journey,
        ("stage", _) => Rule::stage,
        ("touchpoint", _) => Rule::touchpoint,
        ("desired", _) => Rule::desired,
        ("kpi", _) => Rule::kpi,
        ("promise", _) => Rule::promise,
        ("pain", _) => Rule::pain,
        ("segment", _) => Rule::segment,
        ("age", _) => Rule::age,
        ("region", _) => Rule::region,
        ("interests", _) => Rule::interests,
        ("data", _) => Rule::data,
        ("needs", _) => Rule::needs,
        ("requires", _) => Rule::requires,
        ("goal", _) => Rule::goal,
        ("approach", _) => Rule::approach,
        ("for", _) => Rule::for_list,
        ("scale", _) => Rule::scale,
        ("owner", _) => Rule::owner,
        ("phase", _) => Rule::phase,
        ("expects", _) => Rule::expects,
        ("emotion", _) => Rule::emotion,
        ("effort", _) => Rule::effort,
        ("moment_of_truth", _) => Rule::moment_of_truth,
        ("opportunity", _) => Rule::opportunity,
        ("next", _) => Rule::next,
        ("severity", _) => Rule::severity,
        ("completed", _) => Rule::completed,
        ("keeps", _) => Rule::keeps,
        ("target", BlockKind::Desired) => Rule::target_percent,
        ("target", _) => Rule::target,
        ("actual", _) => Rule::actual,
        ("direction", _) => Rule::direction,
        ("event", _) => Rule::event,
        _ => Rule::description,
    }
}

fn keyword_of(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::TopLevel => "",
        BlockKind::Team => "team",
        BlockKind::Persona => "persona",
        BlockKind::Channel => "channel",
        BlockKind::Journey => "journey",
        BlockKind::Stage => "stage",
        BlockKind::Touchpoint => "touchpoint",
        BlockKind::Pain => "pain",
        BlockKind::Desired => "desired",
        BlockKind::Kpi => "kpi",
    }
}

fn keyword_len(kind: BlockKind) -> usize {
    keyword_of(kind).len()
}

fn example_of(kind: BlockKind) -> &'static str {
    keyword_doc(keyword_of(kind)).map_or("", |d| d.example)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn article_noun(kind: BlockKind) -> String {
    let noun = kind.noun();
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

fn name(pair: Option<Pair<'_, Rule>>) -> Name {
    pair.map_or(
        Name {
            text: String::new(),
            span: Span::default(),
        },
        |p| Name {
            text: p.as_str().to_string(),
            span: span_of(&p),
        },
    )
}

fn word<T: Copy>(pair: Option<Pair<'_, Rule>>, parse: fn(&str) -> Option<T>) -> Spanned<T> {
    let pair = pair.expect("the grammar guarantees a value word");
    Spanned {
        value: parse(pair.as_str()).expect("the grammar only accepts known words"),
        span: span_of(&pair),
    }
}

fn int(pair: Option<Pair<'_, Rule>>) -> Int {
    let pair = pair.expect("the grammar guarantees an integer");
    let text = pair.as_str();
    let value = text.parse::<i64>().unwrap_or(if text.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    });
    Int {
        value,
        span: span_of(&pair),
    }
}

fn date(pair: Option<Pair<'_, Rule>>) -> Date {
    let pair = pair.expect("the grammar guarantees a date");
    Date::parse(pair.as_str(), span_of(&pair))
}

fn range(pair: Option<Pair<'_, Rule>>) -> Range {
    let pair = pair.expect("the grammar guarantees a range");
    let span = span_of(&pair);
    let mut ints = pair.into_inner();
    Range {
        min: int(ints.next()),
        max: int(ints.next()),
        span,
    }
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or(f64::INFINITY)
}

fn measure(pair: Option<Pair<'_, Rule>>) -> Measure {
    let pair = pair.expect("the grammar guarantees a measure");
    if pair.as_rule() == Rule::counts {
        let span = span_of(&pair);
        let mut ints = pair.into_inner().filter(|p| p.as_rule() == Rule::int);
        Measure::Counts {
            count: int(ints.next()),
            of: int(ints.next()),
            span,
        }
    } else {
        Measure::Percent(value_of_percent(&pair))
    }
}

fn value_of_percent(pair: &Pair<'_, Rule>) -> Value {
    let text = pair.as_str();
    Value {
        kind: ValueKind::Percent(number(&text[..text.len() - 1])),
        span: span_of(pair),
    }
}

fn value(pair: Option<Pair<'_, Rule>>) -> Value {
    let pair = pair.expect("the grammar guarantees a value");
    if pair.as_rule() == Rule::percent {
        return value_of_percent(&pair);
    }
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let amount = inner.next().map_or(0.0, |n| number(n.as_str()));
    let kind = match inner.next() {
        None => ValueKind::Number(amount),
        Some(unit) => match unit.as_rule() {
            Rule::percent_sign => ValueKind::Percent(amount),
            Rule::currency => ValueKind::Money {
                amount,
                currency: unit.as_str().trim_start().to_string(),
            },
            _ => ValueKind::Duration {
                amount,
                unit: match unit.as_str() {
                    "s" => DurationUnit::Seconds,
                    "min" => DurationUnit::Minutes,
                    "h" => DurationUnit::Hours,
                    "d" => DurationUnit::Days,
                    _ => DurationUnit::Weeks,
                },
            },
        },
    };
    Value { kind, span }
}

enum StringProblem {
    Unterminated,
    BadEscape { offset: usize, len: usize },
}

/// Resolves a string literal's escapes; on error returns the best-effort
/// value and the first problem.
fn unescape(raw: &str) -> Result<String, (String, StringProblem)> {
    let terminated = raw.len() >= 2 && raw.ends_with('"') && !ends_with_escaped_quote(raw);
    let body = if terminated {
        &raw[1..raw.len() - 1]
    } else {
        &raw[1..]
    };
    // Most strings have no escapes: copy them whole.
    if !body.as_bytes().contains(&b'\\') {
        let value = body.to_string();
        return if terminated {
            Ok(value)
        } else {
            Err((value, StringProblem::Unterminated))
        };
    }
    let mut value = String::with_capacity(body.len());
    let mut problem = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        let escaped = match chars.next() {
            Some((_, 'n')) => Some('\n'),
            Some((_, 't')) => Some('\t'),
            Some((_, '\\')) => Some('\\'),
            Some((_, '"')) => Some('"'),
            Some((_, 'u')) => unicode_escape(&body[i + 2..]).map(|(ch, len)| {
                for _ in 0..len {
                    chars.next();
                }
                ch
            }),
            _ => None,
        };
        match escaped {
            Some(ch) => value.push(ch),
            None => {
                if problem.is_none() {
                    let rest = &body[i..];
                    let len = match (rest.starts_with("\\u{"), rest.find('}')) {
                        (true, Some(close)) if close <= 10 => close + 1,
                        _ => rest.chars().take(2).map(char::len_utf8).sum(),
                    };
                    problem = Some(StringProblem::BadEscape { offset: 1 + i, len });
                }
            }
        }
    }
    if !terminated {
        return Err((value, StringProblem::Unterminated));
    }
    match problem {
        None => Ok(value),
        Some(problem) => Err((value, problem)),
    }
}

fn ends_with_escaped_quote(raw: &str) -> bool {
    let before_quote = &raw[..raw.len() - 1];
    let backslashes = before_quote.len() - before_quote.trim_end_matches('\\').len();
    raw.len() >= 2 && !before_quote.is_empty() && backslashes % 2 == 1
}

/// `{1F600}` after `\u`: the character and the bytes consumed.
fn unicode_escape(rest: &str) -> Option<(char, usize)> {
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let hex = &inner[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((ch, close + 2))
}

fn string_error(span: Span, raw: &str, problem: StringProblem) -> Diagnostic {
    match problem {
        StringProblem::Unterminated => Diagnostic::error(
            SYNTAX_ERROR,
            Span::new(span.start as usize, span.start as usize + 1),
            "unterminated string: this quote is never closed on its line",
        )
        .with_help(
            "add the closing `\"`; a string cannot span lines (write `\\n` for a line break)",
        ),
        StringProblem::BadEscape { offset, len } => {
            let start = span.start as usize + offset;
            let escape = &raw[offset..offset + len];
            Diagnostic::error(
                SYNTAX_ERROR,
                Span::new(start, start + len),
                format!("unknown escape `{escape}` in a string"),
            )
            .with_help("the escapes are `\\\\`, `\\\"`, `\\n`, `\\t` and `\\u{1F600}`")
        }
    }
}
