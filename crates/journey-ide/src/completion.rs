//! Context-aware completion on incomplete text.
//!
//! The enclosing block comes from the syntax tree (which always exists: a
//! half-typed statement is an error node in its block, and an unclosed block
//! ends at the end of the file); what is being typed comes from the current
//! line's text before the cursor.

use std::collections::HashSet;
use std::sync::Arc;

use journey_check::model::{RefRole, Scale};
use journey_check::{Analysis, DefId, DefKind, FileId};
use journey_syntax::ast::{Approach, Direction, PainSeverity, Phase, Segment, Stmt, StmtKind};
use journey_syntax::{keyword_doc, BlockKind, Span};

use crate::builtins;
use crate::describe::{
    builtin_channel_markdown, channel_requires, keyword_markdown, requires_detail, summary,
};
use crate::parsed::ParsedFile;
use crate::{clamp, is_ident_char};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Value,
    Team,
    Persona,
    Channel,
    Touchpoint,
    Desired,
    Promise,
    Kpi,
    Data,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What to insert instead of the label; a snippet when `snippet` is set.
    pub insert_text: Option<String>,
    pub snippet: bool,
    pub sort_text: Option<String>,
    /// The text the item replaces (the word being typed).
    pub replace: Span,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind, replace: Span) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
            insert_text: None,
            snippet: false,
            sort_text: None,
            replace,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn docs(mut self, docs: Option<String>) -> Self {
        self.documentation = docs;
        self
    }

    fn sort(mut self, key: impl Into<String>) -> Self {
        self.sort_text = Some(key.into());
        self
    }
}

/// Where the cursor is, structurally.
pub(crate) struct Context<'f> {
    /// The kind of the innermost block holding the cursor.
    pub block: BlockKind,
    /// The statements of that block (empty at an unparsable spot).
    pub stmts: &'f [Stmt],
    /// The enclosing journey statement.
    pub journey: Option<&'f Stmt>,
    /// The enclosing touchpoint statement.
    pub touchpoint: Option<&'f Stmt>,
}

pub(crate) fn context(file: &ParsedFile, offset: usize) -> Context<'_> {
    let mut ctx = Context {
        block: BlockKind::TopLevel,
        stmts: &file.file().items,
        journey: None,
        touchpoint: None,
    };
    for stmt in file.stmts_at(offset) {
        let Some((block, kind)) = stmt.kind.block() else {
            continue;
        };
        // Inside the braces: after `{`, and before `}` (or anywhere up to the
        // end of the file when the block is unclosed).
        let inside = offset >= block.open.end as usize
            && (!block.is_closed() || offset <= block.close.start as usize);
        if !inside {
            continue;
        }
        ctx.block = kind;
        ctx.stmts = &block.stmts;
        match kind {
            BlockKind::Journey => ctx.journey = Some(stmt),
            BlockKind::Touchpoint => ctx.touchpoint = Some(stmt),
            _ => {}
        }
    }
    ctx
}

/// The model's journey of a journey statement of the analysed file (by
/// where it starts: a text with the cursor's line blanked out keeps every
/// offset).
fn journey_def(analysis: &Analysis, journey: &Stmt) -> Option<DefId> {
    let index = analysis.model.definitions.iter().position(|d| {
        d.kind == DefKind::Journey && d.file == FileId::ROOT && d.span.start == journey.span.start
    })?;
    Some(DefId(index as u32))
}

fn in_comment_or_string(file: &ParsedFile, offset: usize, line_prefix: &str) -> bool {
    let in_comment = file.file().comments.iter().any(|c| {
        c.span.start as usize <= offset.saturating_sub(1) && (offset as u32) <= c.span.end && {
            // A line comment ends before the line break: the cursor at its
            // end is still in it; a closed block comment's end is not.
            let body = &file.text[c.span.range()];
            !(body.starts_with("/*") && body.ends_with("*/") && offset == c.span.end as usize)
        }
    });
    let mut quotes = 0;
    let mut escaped = false;
    for ch in line_prefix.chars() {
        match ch {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => quotes += 1,
            _ => {}
        }
        escaped = false;
    }
    in_comment || quotes % 2 == 1
}

/// The completion items at `offset` in `file`, whose checker analysis is
/// `analysis`: the names offered are those the checker would resolve there.
pub fn completion(
    analysis: &Analysis,
    file: &Arc<ParsedFile>,
    offset: usize,
) -> Vec<CompletionItem> {
    let text = &*file.text;
    let offset = clamp(text, offset);
    let line_start = file
        .line_index
        .line_start(file.line_index.line_of(offset))
        .min(offset);
    let word_start = text[line_start..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_ident_char(c))
        .last()
        .map_or(offset, |(i, _)| line_start + i);
    let word_end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_ident_char(c))
        .map_or(text.len(), |(i, _)| offset + i);
    let replace = Span::new(word_start, word_end);
    let prefix = &text[line_start..word_start];
    if in_comment_or_string(file, offset, prefix) {
        return Vec::new();
    }
    // Only the statement being typed: after the last brace on the line.
    let stmt_text = prefix
        .rfind(['{', '}'])
        .map_or(prefix, |i| &prefix[i + 1..]);
    // A half-typed definition header (`kpi ` above `stage s {`) can swallow
    // the block that follows it: then read the structure from the text with
    // the cursor's line blanked out (same length, so offsets hold).
    let line_end = file
        .line_index
        .line_end(text, file.line_index.line_of(offset));
    let swallows = file.stmts_at(offset).last().is_some_and(|stmt| {
        stmt.span.start as usize >= line_start
            && stmt.span.end as usize > line_end
            && stmt
                .kind
                .block()
                .is_none_or(|(block, _)| block.open.start as usize > line_end)
    });
    let blanked;
    let file = if swallows {
        let mut copy = String::with_capacity(text.len());
        copy.push_str(&text[..line_start]);
        copy.extend(
            text[line_start..line_end]
                .chars()
                .map(|c| " ".repeat(c.len_utf8())),
        );
        copy.push_str(&text[line_end..]);
        blanked = Arc::new(ParsedFile::new(file.path.clone(), Arc::from(copy)));
        &blanked
    } else {
        file
    };
    let ctx = context(file, offset);
    // Statements need no separators: on a line like `{ channel web emotion `
    // the statement being typed starts at the last keyword of the block.
    let stmt_text = inner_reference(last_statement(stmt_text, ctx.block));
    let trimmed = stmt_text.trim_start();
    if trimmed.is_empty() {
        return statements(&ctx, replace);
    }
    let keyword_len = trimmed
        .find(|c: char| !is_ident_char(c))
        .unwrap_or(trimmed.len());
    let (keyword, rest) = trimmed.split_at(keyword_len);
    if !rest.starts_with([' ', '\t']) {
        return Vec::new();
    }
    // `keyword a, b, ` (a list) or `keyword ` then the word being typed.
    let rest = rest.trim();
    let list_so_far = rest.is_empty()
        || (rest.ends_with(',')
            && rest[..rest.len() - 1]
                .split(',')
                .all(|part| !part.trim().is_empty() && part.trim().chars().all(is_ident_char)));
    if !list_so_far {
        return Vec::new();
    }
    let is_list = matches!(keyword, "for" | "next" | "data" | "requires");
    if !rest.is_empty() && !is_list {
        return Vec::new();
    }
    let already: HashSet<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut items = values(analysis, &ctx, keyword, replace);
    items.retain(|item| !already.contains(item.label.as_str()));
    items
}

/// Keywords inside a statement that introduce a name: `backstage "…" by
/// TEAM` (language 1.1). (`emotion N "…" for p` needs no entry: `for` is a
/// touchpoint keyword, so [`last_statement`] already starts there.)
const INNER_KEYWORDS: &[(&str, &str)] = &[("backstage", "by")];

/// The part of a statement from its last inner keyword (`by …` of a
/// `backstage`), so that the name after it is completed like a statement's
/// argument; else the statement itself.
fn inner_reference(stmt: &str) -> &str {
    let trimmed = stmt.trim_start();
    let Some(&(_, inner)) = INNER_KEYWORDS
        .iter()
        .find(|(outer, _)| trimmed.split([' ', '\t']).next() == Some(*outer))
    else {
        return stmt;
    };
    let mut found = None;
    let mut in_string = false;
    let mut escaped = false;
    let bytes = trimmed.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                b'\\' if !escaped => escaped = true,
                b'"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        if b == b'"' {
            in_string = true;
            continue;
        }
        let starts_word = i == 0 || !is_ident_char(bytes[i - 1] as char);
        let rest = &trimmed[i..];
        let ends_word = rest
            .get(inner.len()..)
            .is_some_and(|after| after.chars().next().is_none_or(|c| !is_ident_char(c)));
        if starts_word && rest.starts_with(inner) && ends_word {
            found = Some(i);
        }
    }
    found.map_or(stmt, |i| &trimmed[i..])
}

/// The text of the last statement that starts in `text`: from the last word
/// (outside strings) that is a statement keyword of `block` and does not
/// stand where a value is expected.
fn last_statement(text: &str, block: BlockKind) -> &str {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            let mut escaped = false;
            for (_, c) in chars.by_ref() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => break,
                    _ => escaped = false,
                }
            }
        } else if is_ident_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, c)) = chars.peek() {
                if !is_ident_char(c) {
                    break;
                }
                end = j + c.len_utf8();
                chars.next();
            }
            words.push((i, &text[i..end]));
        } else if c == ',' {
            words.push((i, ","));
        }
    }
    let takes_value = |w: &str| keyword_doc(w).is_some() && w != ",";
    for k in (0..words.len()).rev() {
        let (start, word) = words[k];
        // `owner goal`: `goal` is the owner's id here, not a statement.
        let is_value = k > 0
            && (words[k - 1].1 == ","
                || takes_value(words[k - 1].1) && block.accepts(words[k - 1].1));
        if block.accepts(word) && !is_value {
            return &text[start..];
        }
    }
    text
}

fn statements(ctx: &Context<'_>, replace: Span) -> Vec<CompletionItem> {
    // Single-valued fields already given are not offered again (except the
    // one being rewritten under the cursor).
    let present: HashSet<&str> = ctx
        .stmts
        .iter()
        .filter(|s| !s.span.touches(replace.start as usize))
        .filter_map(|s| s.kind.keyword())
        .collect();
    ctx.block
        .statements()
        .iter()
        .enumerate()
        .filter(|(_, kw)| !(builtins::SINGLE_VALUED.contains(kw) && present.contains(*kw)))
        .map(|(rank, kw)| {
            let doc = keyword_doc(kw);
            let mut item = CompletionItem::new(*kw, CompletionKind::Keyword, replace)
                .detail(doc.map_or("", |d| d.syntax))
                .docs(doc.map(keyword_markdown))
                .sort(format!("{rank:02}"));
            if let Some(snippet) = snippet(kw, ctx.block) {
                item.insert_text = Some(snippet);
                item.snippet = true;
            }
            item
        })
        .collect()
}

/// The snippet a statement keyword expands to.
fn snippet(keyword: &str, block: BlockKind) -> Option<String> {
    let choice = |values: &[&str]| format!("{keyword} ${{1|{}|}}", values.join(","));
    Some(match keyword {
        "journey" | "persona" | "stage" | "touchpoint" => {
            format!("{keyword} ${{1:id}} \"${{2:Label}}\" {{\n\t$0\n}}")
        }
        "kpi" => "kpi ${1:conversion_rate} {\n\ttarget ${2:5%}\n\tactual ${3:3%}\n}".to_string(),
        "desired" => "desired ${1:id} \"${2:Label}\" {\n\ttarget ${3:30%}\n}".to_string(),
        "channel" if block == BlockKind::TopLevel => {
            "channel ${1:id} \"${2:Label}\" {\n\trequires ${3:email}\n}".to_string()
        }
        "team" => "team ${1:id} \"${2:Label}\"".to_string(),
        "pain" => {
            "pain \"$1\" {\n\tseverity ${2|low,medium,high|}\n\topportunity \"$3\"\n}".to_string()
        }
        "promise" => "promise ${1:id} \"$2\"".to_string(),
        "completed" => "completed ${1:action} ${2:0} of ${3:100}".to_string(),
        "import" => "import \"$1\"".to_string(),
        "scale" => "scale ${1:1}..${2:5}".to_string(),
        "age" => "age ${1:30}..${2:50}".to_string(),
        "segment" => choice(&words(Segment::ALL.iter().map(|v| v.as_str()))),
        "approach" => choice(&words(Approach::ALL.iter().map(|v| v.as_str()))),
        "phase" => choice(&words(Phase::ALL.iter().map(|v| v.as_str()))),
        "severity" => choice(&words(PainSeverity::ALL.iter().map(|v| v.as_str()))),
        "direction" => choice(&words(Direction::ALL.iter().map(|v| v.as_str()))),
        "goal" | "description" | "expects" | "needs" | "moment_of_truth" | "opportunity"
        | "event" | "region" | "interests" | "does" | "thinks" | "says" | "system" | "source" => {
            format!("{keyword} \"$1\"")
        }
        "backstage" => "backstage \"$1\" by ${2:team}".to_string(),
        "as_of" => "as_of ${1:2026-01-01}".to_string(),
        _ => return None,
    })
}

fn words<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    values.collect()
}

fn values(
    analysis: &Analysis,
    ctx: &Context<'_>,
    keyword: &str,
    replace: Span,
) -> Vec<CompletionItem> {
    let model = &analysis.model;
    let enum_items = |values: &[&str]| -> Vec<CompletionItem> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                CompletionItem::new(*v, CompletionKind::Value, replace)
                    .detail(format!("{keyword} {v}"))
                    .sort(format!("{i:02}"))
            })
            .collect()
    };
    // The definitions that count (a duplicate is not offered twice).
    let offered = |id: DefId| {
        let def = model.def(id);
        def.first.is_none() && !def.id.is_empty()
    };
    let ids = || (0..model.definitions.len()).map(|i| DefId(i as u32));
    let globals = |kind: DefKind, item_kind: CompletionKind| -> Vec<CompletionItem> {
        ids()
            .filter(|&id| model.def(id).kind == kind && offered(id))
            .map(|id| def_item(analysis, id, item_kind, replace))
            .collect()
    };
    let journey = ctx.journey.and_then(|stmt| journey_def(analysis, stmt));
    let locals = |kind: DefKind, item_kind: CompletionKind| -> Vec<CompletionItem> {
        let Some(journey) = journey else {
            return Vec::new();
        };
        ids()
            .filter(|&id| {
                let def = model.def(id);
                def.kind == kind && def.journey == Some(journey) && offered(id)
            })
            .map(|id| def_item(analysis, id, item_kind, replace))
            .collect()
    };
    match (keyword, ctx.block) {
        ("segment", BlockKind::Persona) => {
            enum_items(&words(Segment::ALL.iter().map(|v| v.as_str())))
        }
        ("approach", BlockKind::Journey) => {
            enum_items(&words(Approach::ALL.iter().map(|v| v.as_str())))
        }
        ("phase", BlockKind::Stage) => enum_items(&words(Phase::ALL.iter().map(|v| v.as_str()))),
        ("severity", BlockKind::Pain) => {
            enum_items(&words(PainSeverity::ALL.iter().map(|v| v.as_str())))
        }
        ("direction", BlockKind::Kpi) => {
            enum_items(&words(Direction::ALL.iter().map(|v| v.as_str())))
        }
        ("for", BlockKind::Journey | BlockKind::Touchpoint) => {
            globals(DefKind::Persona, CompletionKind::Persona)
        }
        ("owner", BlockKind::Journey | BlockKind::Stage | BlockKind::Touchpoint)
        | ("by", BlockKind::Touchpoint) => globals(DefKind::Team, CompletionKind::Team),
        ("channel", BlockKind::Touchpoint) => {
            let mut items = globals(DefKind::Channel, CompletionKind::Channel);
            let declared: HashSet<String> = items.iter().map(|i| i.label.clone()).collect();
            for (i, builtin) in builtins::CHANNELS.iter().enumerate() {
                if declared.contains(builtin.id) {
                    continue;
                }
                items.push(
                    CompletionItem::new(builtin.id, CompletionKind::Channel, replace)
                        .detail(requires_detail("built-in channel", builtin.requires))
                        .docs(Some(builtin_channel_markdown(builtin)))
                        .sort(format!("1{i:02}")),
                );
            }
            items
        }
        ("next", BlockKind::Touchpoint) => {
            let me = ctx
                .touchpoint
                .and_then(|t| t.kind.def())
                .and_then(|(d, _)| d.id.as_ref().map(|n| n.text.as_str()));
            let mut items = locals(DefKind::Touchpoint, CompletionKind::Touchpoint);
            items.retain(|i| Some(i.label.as_str()) != me);
            items
        }
        ("completed", BlockKind::Stage | BlockKind::Touchpoint) => {
            let measured: HashSet<&str> = model
                .references
                .iter()
                .filter(|r| {
                    r.role == RefRole::Completed && r.journey == journey && journey.is_some()
                })
                .map(|r| r.name.as_str())
                .collect();
            let mut items = locals(DefKind::Desired, CompletionKind::Desired);
            for (i, item) in items.iter_mut().enumerate() {
                let done = measured.contains(item.label.as_str());
                item.sort_text = Some(format!("{}{i:04}", u8::from(done)));
                if !done {
                    let detail = item.detail.take().unwrap_or_default();
                    item.detail = Some(format!("{detail} · not measured yet"));
                }
            }
            items
        }
        ("keeps", BlockKind::Stage | BlockKind::Touchpoint) => {
            locals(DefKind::Promise, CompletionKind::Promise)
        }
        ("kpi", BlockKind::Journey | BlockKind::Stage | BlockKind::Touchpoint) => {
            let present: HashSet<&str> = ctx
                .stmts
                .iter()
                .filter_map(|s| match &s.kind {
                    StmtKind::Kpi(def) => def.id.as_ref().map(|n| n.text.as_str()),
                    _ => None,
                })
                .collect();
            builtins::KPIS
                .iter()
                .enumerate()
                .filter(|(_, k)| !present.contains(k.id))
                .map(|(i, k)| {
                    CompletionItem::new(k.id, CompletionKind::Kpi, replace)
                        .detail(builtins::kpi_detail(k))
                        .docs(Some(k.summary.to_string()))
                        .sort(format!("{i:02}"))
                })
                .collect()
        }
        ("emotion", BlockKind::Touchpoint) => {
            let (min, max) = journey
                .and_then(|j| model.journey_of(j))
                .map_or(Scale::DEFAULT, |j| (j.scale.min, j.scale.max));
            let values: Vec<i64> = if min < max && max - min <= 10 {
                (min..=max).collect()
            } else {
                vec![min, max]
            };
            values
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let what = if v == min {
                        " (the lowest)"
                    } else if v == max {
                        " (the highest)"
                    } else {
                        ""
                    };
                    CompletionItem::new(v.to_string(), CompletionKind::Value, replace)
                        .detail(format!("on the journey's scale {min}..{max}{what}"))
                        .sort(format!("{i:02}"))
                })
                .collect()
        }
        ("data", BlockKind::Persona) | ("requires", BlockKind::Channel) => builtins::DATA_ITEMS
            .iter()
            .map(|d| {
                let used_by: Vec<&str> = builtins::CHANNELS
                    .iter()
                    .filter(|c| c.requires.contains(d))
                    .map(|c| c.id)
                    .collect();
                CompletionItem::new(*d, CompletionKind::Data, replace)
                    .detail(format!("required by {}", used_by.join(", ")))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn def_item(analysis: &Analysis, id: DefId, kind: CompletionKind, replace: Span) -> CompletionItem {
    let def = analysis.model.def(id);
    let mut detail = def
        .label
        .as_ref()
        .map_or_else(|| def.kind.noun().to_string(), |label| label.to_string());
    if def.kind == DefKind::Channel {
        detail = requires_detail(&detail, &channel_requires(analysis, id));
    }
    CompletionItem::new(def.id.clone(), kind, replace)
        .detail(detail)
        .docs(Some(summary(analysis, id)))
        .sort(format!("0{}", def.id))
}
