//! The layout engine: walks the syntax tree in source order and writes each
//! statement, comment and line break in the canonical style (see the crate
//! documentation for the rules).

use journey_syntax::ast::{Block, Comment, CommentKind, Measure, SourceFile, Stmt, StmtKind};
use journey_syntax::text::{self, LineEnding};
use journey_syntax::Span;

const INDENT: &str = "    ";

/// The formatted text, and the places where a top-level element starts a
/// line in both texts: `(source offset, output offset)` pairs, sorted, from
/// the start of the text to its end. Range formatting replaces the text
/// between two anchors.
pub(crate) struct Formatted {
    pub text: String,
    pub anchors: Vec<(usize, usize)>,
}

pub(crate) fn print(src: &str, file: &SourceFile) -> Formatted {
    let bom = if src.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let mut printer = Printer {
        src,
        comments: &file.comments,
        out: String::with_capacity(src.len() + src.len() / 8),
        newline: newline_style(src),
        anchors: vec![(bom, bom)],
        atoms: Vec::new(),
        lists: Vec::new(),
    };
    printer.out.push_str(&src[..bom]);
    printer.body(&file.items, bom, src.len(), 0, Context::TopLevel);
    let end = (src.len(), printer.out.len());
    if end.0 > bom {
        printer.anchors.push(end);
    }
    Formatted {
        text: printer.out,
        anchors: printer.anchors,
    }
}

/// The line break most of the text's line breaks are (`\n`, `\r\n` or a
/// lone `\r`; the first one's style on a tie, `\n` when there is none).
fn newline_style(src: &str) -> &'static str {
    LineEnding::dominant(src).as_str()
}

/// Where a list of statements stands: it decides the required blank lines.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    TopLevel,
    Journey,
    Block,
}

/// What goes before an element of a block.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sep {
    /// Nothing: the first element of the file.
    Nothing,
    /// One space: the element stays on the line of the one before.
    Space,
    /// A line break.
    Line,
    /// A line break and one blank line.
    Blank,
}

#[derive(Clone, Copy)]
enum Elem<'a> {
    Stmt(&'a Stmt),
    Comment(&'a Comment),
}

impl Elem<'_> {
    fn span(self) -> Span {
        match self {
            Elem::Stmt(stmt) => stmt.span,
            Elem::Comment(comment) => comment.span,
        }
    }
}

/// One token of a statement, from the syntax tree.
#[derive(Clone, Copy)]
struct Atom {
    span: Span,
    /// A VALUE: `1200   PLN` is written `1200 PLN`.
    value: bool,
}

/// A piece of a statement's line, as written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A token; `,` gets no space before it.
    Token,
    /// A `//` or `///` comment: what follows goes on the next line.
    LineComment,
    BlockComment,
}

struct Printer<'a> {
    src: &'a str,
    comments: &'a [Comment],
    out: String,
    newline: &'static str,
    anchors: Vec<(usize, usize)>,
    /// The tokens of the statement being written: one buffer for all of
    /// them rather than an allocation per statement.
    atoms: Vec<Atom>,
    /// Spare element and separator lists for [`Printer::body`]: one pair
    /// per block level in use, reused by every block at that depth rather
    /// than allocated per block.
    lists: Vec<(Vec<Elem<'a>>, Vec<Sep>)>,
}

impl<'a> Printer<'a> {
    /// Writes the statements and comments of the file (`context` top level)
    /// or of a block (from just after its `{` to just before its `}`), and
    /// the block's `}`.
    fn body(
        &mut self,
        stmts: &'a [Stmt],
        start: usize,
        end: usize,
        level: usize,
        context: Context,
    ) {
        let (mut elems, mut seps) = self.lists.pop().unwrap_or_default();
        self.elements(stmts, start, end, &mut elems);
        self.separators(&elems, start, context, &mut seps);
        self.write_elements(&elems, &seps, start, level, context);
        self.lists.push((elems, seps));
    }

    /// The part of [`Printer::body`] that writes, once the elements and what
    /// goes before each are known.
    fn write_elements(
        &mut self,
        elems: &[Elem<'a>],
        seps: &[Sep],
        start: usize,
        level: usize,
        context: Context,
    ) {
        let top = context == Context::TopLevel;
        if elems.is_empty() {
            if !top {
                self.out.push('}');
            }
            return;
        }
        let mut prev_end = start;
        for (&elem, &sep) in elems.iter().zip(seps) {
            match sep {
                Sep::Nothing => {}
                Sep::Space => self.out.push(' '),
                Sep::Line | Sep::Blank => {
                    self.out.push_str(self.newline);
                    if sep == Sep::Blank {
                        self.out.push_str(self.newline);
                    }
                    if top {
                        // Both texts are at the start of a line here when
                        // the source also had a line break before the element.
                        let gap = &self.src[prev_end..elem.span().start as usize];
                        if let Some(line_start) = text::last_line_start(gap) {
                            self.anchors.push((prev_end + line_start, self.out.len()));
                        }
                    }
                    self.indent(level);
                }
            }
            match elem {
                Elem::Comment(comment) => self.comment(comment),
                Elem::Stmt(stmt) => self.stmt(stmt, level),
            }
            prev_end = elem.span().end as usize;
        }
        self.out.push_str(self.newline);
        if !top {
            self.indent(level - 1);
            self.out.push('}');
        }
    }

    /// The statements of a block and the comments between them, in source
    /// order (comments inside a statement belong to the statement), in
    /// place of what `elems` held.
    fn elements(&self, stmts: &'a [Stmt], start: usize, end: usize, elems: &mut Vec<Elem<'a>>) {
        let comments = self.comments;
        let mut next = comments.partition_point(|c| (c.span.start as usize) < start);
        elems.clear();
        for stmt in stmts {
            while next < comments.len() && comments[next].span.start < stmt.span.start {
                elems.push(Elem::Comment(&comments[next]));
                next += 1;
            }
            elems.push(Elem::Stmt(stmt));
            while next < comments.len() && comments[next].span.start < stmt.span.end {
                next += 1;
            }
        }
        while next < comments.len() && (comments[next].span.start as usize) < end {
            elems.push(Elem::Comment(&comments[next]));
            next += 1;
        }
    }

    /// What goes before each element: the line structure of the source,
    /// normalised (see the crate documentation), in place of what `seps`
    /// held.
    fn separators(&self, elems: &[Elem<'a>], start: usize, context: Context, seps: &mut Vec<Sep>) {
        seps.clear();
        // The line of a block's `{` holds its definition's header.
        let mut line_has_code = context != Context::TopLevel;
        let mut prev: Option<Elem<'a>> = None;
        let mut prev_end = start;
        for &elem in elems {
            let elem_start = elem.span().start as usize;
            let breaks = text::count_line_breaks(&self.src[prev_end..elem_start]);
            let sep = match prev {
                None if context == Context::TopLevel => Sep::Nothing,
                None if breaks == 0 && matches!(elem, Elem::Comment(_)) => Sep::Space,
                None => Sep::Line,
                // A `//` comment runs to the end of its line.
                Some(Elem::Comment(c)) if c.kind != CommentKind::Block => {
                    if breaks >= 2 {
                        Sep::Blank
                    } else {
                        Sep::Line
                    }
                }
                Some(_) if breaks >= 2 => Sep::Blank,
                Some(_) if breaks == 1 => Sep::Line,
                Some(_) => match elem {
                    Elem::Comment(_) => Sep::Space,
                    Elem::Stmt(_) if line_has_code => Sep::Line,
                    Elem::Stmt(_) => Sep::Space,
                },
            };
            if matches!(sep, Sep::Line | Sep::Blank) {
                line_has_code = false;
            }
            if matches!(elem, Elem::Stmt(_)) {
                line_has_code = true;
            }
            seps.push(sep);
            prev = Some(elem);
            prev_end = elem.span().end as usize;
        }
        if context != Context::Block {
            // Required blank lines: added after the first statement, before
            // the comments that lead into the second, unless the author put
            // one somewhere between them.
            let mut last_stmt: Option<(usize, &Stmt)> = None;
            for (j, &elem) in elems.iter().enumerate() {
                let Elem::Stmt(b) = elem else { continue };
                if let Some((i, a)) = last_stmt {
                    if needs_blank_line(context, a, b) && !seps[i + 1..=j].contains(&Sep::Blank) {
                        // Never between a `///` comment and the definition
                        // it documents: before the first of its lines (even
                        // when that one ends the line of `a`).
                        let mut doc_start = j;
                        while doc_start > i + 1
                            && seps[doc_start] == Sep::Line
                            && matches!(elems[doc_start - 1], Elem::Comment(c) if c.kind == CommentKind::Doc)
                        {
                            doc_start -= 1;
                        }
                        let k = (i + 1..=doc_start)
                            .find(|&k| seps[k] == Sep::Line)
                            .unwrap_or(doc_start);
                        seps[k] = Sep::Blank;
                    }
                }
                last_stmt = Some((j, b));
            }
        }
    }

    fn comment(&mut self, comment: &Comment) {
        let text = &self.src[comment.span.range()];
        match comment.kind {
            CommentKind::Block => self.out.push_str(text),
            CommentKind::Line | CommentKind::Doc => {
                self.out.push_str(text.trim_end_matches([' ', '\t', '\r']))
            }
        }
    }

    /// Writes a statement: its tokens (and the comments between them), then
    /// its block.
    fn stmt(&mut self, stmt: &'a Stmt, level: usize) {
        let (block, context) = block_of(stmt);
        let header_end = block.map_or(stmt.span.end as usize, |b| b.open.start as usize);
        let mut line = Line {
            first: true,
            break_next: false,
        };
        let mut prev_end = stmt.span.start as usize;
        // Taken out while the statement's line is written, and given back
        // before its block (whose statements reuse it).
        let mut atoms = std::mem::take(&mut self.atoms);
        atoms_of(stmt, &mut atoms);
        for &atom in &atoms {
            self.gap(prev_end, atom.span.start as usize, level, &mut line);
            let text = &self.src[atom.span.range()];
            if atom.value && text.contains([' ', '\t']) {
                let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
                self.piece(&value, Piece::Token, level, &mut line);
            } else {
                self.piece(text, Piece::Token, level, &mut line);
            }
            prev_end = atom.span.end as usize;
        }
        self.atoms = atoms;
        self.gap(prev_end, header_end, level, &mut line);
        if let Some(block) = block {
            if line.break_next {
                self.out.push_str(self.newline);
                self.indent(level);
                self.out.push('{');
            } else {
                self.out.push_str(" {");
            }
            self.body(
                &block.stmts,
                block.open.end as usize,
                block.close.start as usize,
                level + 1,
                context,
            );
        }
    }

    /// The text between two tokens of a statement: whitespace, comments, and
    /// punctuation that the tree does not keep (`,` and `of`).
    fn gap(&mut self, start: usize, end: usize, level: usize, line: &mut Line) {
        let gap = &self.src[start..end];
        if gap
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            return;
        }
        let comments = self.comments;
        let mut next = comments.partition_point(|c| (c.span.start as usize) < start);
        let mut at = start;
        let mut piece_end = start;
        while at < end {
            if let Some(comment) = comments.get(next).filter(|c| c.span.start as usize == at) {
                let piece = match comment.kind {
                    CommentKind::Block => Piece::BlockComment,
                    CommentKind::Line | CommentKind::Doc => Piece::LineComment,
                };
                let text = &self.src[comment.span.range()];
                let text = if piece == Piece::LineComment {
                    text.trim_end_matches([' ', '\t', '\r'])
                } else {
                    text
                };
                // A comment that starts its own line keeps it.
                if text::has_line_break(&self.src[piece_end..at]) {
                    line.break_next = true;
                }
                self.piece(text, piece, level, line);
                at = comment.span.end as usize;
                piece_end = at;
                next += 1;
                continue;
            }
            let rest = &self.src[at..end];
            let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
            if blank > 0 {
                at += blank;
                continue;
            }
            // Punctuation: up to the next whitespace or comment.
            let limit = comments
                .get(next)
                .map_or(end, |c| (c.span.start as usize).min(end));
            let len = self.src[at..limit]
                .find([' ', '\t', '\r', '\n'])
                .unwrap_or(limit - at);
            let len = if len == 0 {
                self.src[at..].chars().next().map_or(1, char::len_utf8)
            } else {
                len
            };
            let text = &self.src[at..at + len];
            self.piece(text, Piece::Token, level, line);
            at += len;
            piece_end = at;
        }
    }

    /// Writes one piece of a statement's line with the space or line break
    /// before it.
    fn piece(&mut self, text: &str, piece: Piece, level: usize, line: &mut Line) {
        if line.first {
            line.first = false;
        } else if line.break_next {
            self.out.push_str(self.newline);
            self.indent(level + 1);
        } else if !(piece == Piece::Token && text.starts_with(',')) {
            self.out.push(' ');
        }
        self.out.push_str(text);
        line.break_next = piece == Piece::LineComment;
    }

    fn indent(&mut self, level: usize) {
        const SPACES: &str = "                                ";
        let width = level * INDENT.len();
        if width <= SPACES.len() {
            self.out.push_str(&SPACES[..width]);
        } else {
            for _ in 0..level {
                self.out.push_str(INDENT);
            }
        }
    }
}

/// The state of the line a statement is being written on.
struct Line {
    /// Nothing is written yet: the keyword comes next.
    first: bool,
    /// The next piece starts a continuation line (after a `//` comment, or
    /// for a comment that started its own line in the source).
    break_next: bool,
}

/// Whether two statements of a list, one after the other (comments aside),
/// need a blank line between them.
fn needs_blank_line(context: Context, a: &Stmt, b: &Stmt) -> bool {
    match context {
        Context::TopLevel => !same_one_line_kind(a, b),
        Context::Journey => {
            matches!(a.kind, StmtKind::Stage(_)) && matches!(b.kind, StmtKind::Stage(_))
        }
        Context::Block => false,
    }
}

/// `import`s, `team`s and block-less `channel`s: consecutive ones may stay
/// adjacent.
fn same_one_line_kind(a: &Stmt, b: &Stmt) -> bool {
    match (&a.kind, &b.kind) {
        (StmtKind::Import(_), StmtKind::Import(_)) | (StmtKind::Team(_), StmtKind::Team(_)) => true,
        (StmtKind::ChannelDef(a), StmtKind::ChannelDef(b)) => {
            a.block.is_none() && b.block.is_none()
        }
        _ => false,
    }
}

fn block_of(stmt: &Stmt) -> (Option<&Block>, Context) {
    match &stmt.kind {
        StmtKind::Journey(def) => (def.block.as_ref(), Context::Journey),
        StmtKind::Pain { block, .. } => (block.as_deref(), Context::Block),
        kind => (
            kind.def().and_then(|(def, _)| def.block.as_ref()),
            Context::Block,
        ),
    }
}

/// The tokens of a statement before its block, in source order: the
/// keyword, then its arguments. Punctuation between them (`,` in lists, `of`
/// in counts) is not in the tree; [`Printer::gap`] finds it. They replace
/// what `atoms` held.
fn atoms_of(stmt: &Stmt, atoms: &mut Vec<Atom>) {
    atoms.clear();
    let mut push = |span: Span| atoms.push(Atom { span, value: false });
    push(stmt.keyword);
    match &stmt.kind {
        journey_syntax::string_statement!(s) | StmtKind::Pain { text: s, .. } => push(s.span),
        StmtKind::AsOf(date) => push(date.span),
        // `by` is found between the atoms, like `of` in counts.
        StmtKind::Backstage { text, team } => {
            push(text.span);
            if let Some(team) = team {
                push(team.span);
            }
        }
        StmtKind::Team(def)
        | StmtKind::Persona(def)
        | StmtKind::ChannelDef(def)
        | StmtKind::Journey(def)
        | StmtKind::Stage(def)
        | StmtKind::Touchpoint(def)
        | StmtKind::Desired(def)
        | StmtKind::Kpi(def) => {
            if let Some(id) = &def.id {
                push(id.span);
            }
            if let Some(label) = &def.label {
                push(label.span);
            }
        }
        StmtKind::Promise { id, text } => {
            push(id.span);
            push(text.span);
        }
        StmtKind::Segment(word) => push(word.span),
        StmtKind::Approach(word) => push(word.span),
        StmtKind::Phase(word) => push(word.span),
        StmtKind::Severity(word) => push(word.span),
        StmtKind::Direction(word) => push(word.span),
        StmtKind::Age(range) | StmtKind::Scale(range) => push(range.span),
        StmtKind::Region(strings) | StmtKind::Interests(strings) => {
            strings.iter().for_each(|s| push(s.span));
        }
        StmtKind::Data(names)
        | StmtKind::Requires(names)
        | StmtKind::For(names)
        | StmtKind::Next(names) => names.iter().for_each(|n| push(n.span)),
        StmtKind::Owner(name) | StmtKind::Channel(name) | StmtKind::Keeps(name) => push(name.span),
        StmtKind::Emotion {
            value,
            feeling,
            personas,
        } => {
            push(value.span);
            if let Some(feeling) = feeling {
                push(feeling.span);
            }
            personas.iter().for_each(|n| push(n.span));
        }
        StmtKind::Effort(int) => push(int.span),
        StmtKind::Completed {
            action,
            measure,
            as_of,
        } => {
            push(action.span);
            match &**measure {
                Measure::Counts { count, of, .. } => {
                    push(count.span);
                    push(of.span);
                }
                Measure::Percent(value) => push(value.span),
            }
            if let Some(date) = as_of {
                push(date.span);
            }
        }
        StmtKind::Target(value) | StmtKind::Actual(value) => push(value.span),
        // Never formatted (a file with errors is refused); kept verbatim.
        StmtKind::Error { .. } => push(stmt.span),
    }
    if matches!(stmt.kind, StmtKind::Target(_) | StmtKind::Actual(_)) {
        if let Some(last) = atoms.last_mut() {
            last.value = true;
        }
    }
    // A missing part of a broken statement has an empty span: skip it.
    atoms.retain(|atom| !atom.span.is_empty());
}
