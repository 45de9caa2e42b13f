//! A seeded generator of random, syntactically valid, messily laid out
//! journey files: every statement of the grammar, strings with escapes and
//! comment-like text, comments (line, block over several lines, doc) in
//! every place whitespace may stand, blank lines, statements sharing lines,
//! tabs, odd indentation, CRLF line breaks and byte-order marks.
//!
//! Shared by the property tests and the benchmark (`#[path]` include).

#![allow(dead_code)]

/// xorshift64*: small, fast, and the same on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with a probability of `percent` in 100.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How messy the layout is: 0 writes canonical-looking text, 100 puts
/// comments and odd whitespace almost everywhere.
pub(crate) struct Generator {
    rng: Rng,
    out: String,
    level: usize,
    mess: usize,
}

const IDENTS: &[&str] = &[
    "traveler",
    "web",
    "email",
    "świadomość",
    "check-in",
    "b2b_lead",
    "goal",
    "stage",
    "a",
    "x1",
    "_private",
    "zakup_lodówki",
];

const WORDS: &[&str] = &[
    "Search",
    "Book a room",
    "Ściana",
    "😀 emoji",
    "a // not a comment",
    "/* nor this */",
    "{ braces }",
    "commas, here",
    "",
    "tab\there",
];

const ESCAPES: &[&str] = &["\\\\", "\\\"", "\\n", "\\t", "\\u{1F600}", "\\u{e9}"];

const COMMENT_TEXT: &[&str] = &[
    "note",
    "TODO: check",
    "żółw 🐢",
    "\"quoted\"",
    "// nested marker",
    "a, b { c }",
    "*stars*",
];

impl Generator {
    pub(crate) fn new(seed: u64, mess: usize) -> Generator {
        Generator {
            rng: Rng::new(seed),
            out: String::new(),
            level: 0,
            mess,
        }
    }

    /// A whole file of about `items` top-level items.
    pub(crate) fn file(mut self, items: usize) -> String {
        if self.mess > 0 && self.rng.chance(10) {
            self.out.push('\u{FEFF}');
        }
        if self.rng.chance(self.mess / 3) {
            self.between_stmts(true);
        }
        for i in 0..items {
            if i > 0 {
                self.between_stmts(false);
            }
            self.top_item();
        }
        if self.rng.chance(self.mess / 2) {
            self.between_stmts(false);
            self.line_comment();
        }
        if self.rng.chance(50) {
            self.out.push('\n');
        }
        let crlf = self.mess > 0 && self.rng.chance(10);
        if crlf {
            self.out.replace('\n', "\r\n")
        } else {
            self.out
        }
    }

    /// One journey of about `lines` lines, laid out canonically.
    pub(crate) fn big_journey(seed: u64, lines: usize, mess: usize) -> String {
        let mut g = Generator::new(seed, mess);
        g.out.reserve(lines * 32);
        g.out
            .push_str("team marketing \"Marketing\"\n\njourney big \"Big\" {\n");
        g.level = 1;
        g.indent();
        g.out.push_str("goal \"Measure the formatter\"");
        let mut stage = 0;
        let mut written = g.out.matches('\n').count();
        while written + 1 < lines {
            let before = g.out.len();
            g.between_stmts(false);
            g.keyword("stage");
            g.ws();
            g.out.push_str(&format!("s{stage}"));
            g.label();
            g.block(|g| {
                let n = 3 + g.rng.below(8);
                for i in 0..n {
                    if i > 0 {
                        g.between_stmts(false);
                    }
                    if i % 3 == 0 {
                        g.stmt(Context::Stage);
                    } else {
                        g.touchpoint();
                    }
                }
            });
            stage += 1;
            written += g.out[before..].matches('\n').count();
        }
        g.level = 0;
        g.out.push_str("\n}\n");
        g.out
    }

    fn top_item(&mut self) {
        self.maybe_doc();
        match self.rng.below(8) {
            0 => {
                self.keyword("import");
                self.ws();
                self.string();
            }
            1 | 2 => {
                self.keyword("team");
                self.ws();
                self.ident();
                if self.rng.chance(70) {
                    self.label();
                }
            }
            3 => {
                self.keyword("persona");
                self.header();
                self.block(|g| g.stmts(Context::Persona));
            }
            4 => {
                self.keyword("channel");
                self.ws();
                self.ident();
                if self.rng.chance(50) {
                    self.label();
                }
                if self.rng.chance(50) {
                    self.block(|g| g.stmts(Context::Channel));
                }
            }
            _ => {
                self.keyword("journey");
                self.header();
                self.block(|g| g.stmts(Context::Journey));
            }
        }
    }

    fn stmts(&mut self, context: Context) {
        let n = self.rng.below(7);
        for i in 0..n {
            if i > 0 {
                self.between_stmts(false);
            }
            self.stmt(context);
        }
    }

    fn stmt(&mut self, context: Context) {
        let choices: &[&str] = match context {
            Context::Persona => &[
                "segment",
                "age",
                "region",
                "interests",
                "data",
                "needs",
                "description",
            ],
            Context::Channel => &["requires", "description"],
            Context::Journey => &[
                "goal",
                "approach",
                "for",
                "scale",
                "owner",
                "description",
                "kpi",
                "stage",
                "stage",
            ],
            Context::Stage => &[
                "phase",
                "owner",
                "expects",
                "description",
                "kpi",
                "touchpoint",
                "touchpoint",
                "desired",
                "completed",
                "promise",
                "keeps",
            ],
            Context::Touchpoint => &[
                "channel",
                "for",
                "owner",
                "emotion",
                "effort",
                "pain",
                "moment_of_truth",
                "opportunity",
                "next",
                "description",
                "does",
                "thinks",
                "says",
                "backstage",
                "system",
                "source",
                "as_of",
                "kpi",
                "desired",
                "completed",
                "promise",
                "keeps",
            ],
            Context::Pain => &["severity", "opportunity"],
            Context::Desired => &["target", "event", "description"],
            Context::Kpi => &[
                "target",
                "actual",
                "direction",
                "source",
                "as_of",
                "description",
            ],
        };
        let keyword = *self.rng.pick(choices);
        if matches!(
            keyword,
            "kpi" | "stage" | "touchpoint" | "desired" | "promise"
        ) {
            self.maybe_doc();
        }
        match keyword {
            "stage" if context == Context::Journey => {
                self.keyword("stage");
                self.header();
                self.block(|g| g.stmts(Context::Stage));
            }
            "touchpoint" => self.touchpoint(),
            "kpi" => {
                self.keyword("kpi");
                self.header();
                self.block(|g| g.stmts(Context::Kpi));
            }
            "desired" => {
                self.keyword("desired");
                self.ws();
                self.ident();
                if self.rng.chance(60) {
                    self.label();
                }
                if self.rng.chance(50) {
                    self.block(|g| g.stmts(Context::Desired));
                }
            }
            "pain" => {
                self.keyword("pain");
                self.ws();
                self.string();
                if self.rng.chance(50) {
                    self.block(|g| g.stmts(Context::Pain));
                }
            }
            "promise" => {
                self.keyword("promise");
                self.ws();
                self.ident();
                self.ws();
                self.string();
            }
            "completed" => {
                self.keyword("completed");
                self.ws();
                self.ident();
                self.ws();
                if self.rng.chance(50) {
                    self.int();
                    self.ws();
                    self.out.push_str("of");
                    self.ws();
                    self.int();
                } else {
                    self.percent();
                }
                if self.rng.chance(30) {
                    self.ws();
                    self.out.push_str("as_of");
                    self.ws();
                    self.date();
                }
            }
            "emotion" => {
                self.keyword(keyword);
                self.ws();
                self.int();
                if self.rng.chance(30) {
                    self.ws();
                    self.string();
                }
                if self.rng.chance(30) {
                    self.ws();
                    self.out.push_str("for");
                    self.ws();
                    self.list(Generator::ident);
                }
            }
            "backstage" => {
                self.keyword(keyword);
                self.ws();
                self.string();
                if self.rng.chance(50) {
                    self.ws();
                    self.out.push_str("by");
                    self.ws();
                    self.ident();
                }
            }
            "as_of" => {
                self.keyword(keyword);
                self.ws();
                self.date();
            }
            "segment" => self.word(keyword, &["b2b", "b2c"]),
            "approach" => self.word(
                keyword,
                &["functional", "business", "engagement", "action", "goal"],
            ),
            "phase" => self.word(keyword, &["pre_purchase", "usage"]),
            "severity" => self.word(keyword, &["low", "medium", "high"]),
            "direction" => self.word(keyword, &["higher", "lower"]),
            "age" | "scale" => {
                self.keyword(keyword);
                self.ws();
                self.int();
                self.out.push_str("..");
                self.int();
            }
            "region" | "interests" => {
                self.keyword(keyword);
                self.ws();
                self.list(Generator::string);
            }
            "data" | "requires" | "for" | "next" => {
                self.keyword(keyword);
                self.ws();
                self.list(Generator::ident);
            }
            "owner" | "channel" | "keeps" => {
                self.keyword(keyword);
                self.ws();
                self.ident();
            }
            "effort" => {
                self.keyword(keyword);
                self.ws();
                self.int();
            }
            "target" if context == Context::Desired => {
                self.keyword(keyword);
                self.ws();
                self.percent();
            }
            "target" | "actual" => {
                self.keyword(keyword);
                self.ws();
                self.value();
            }
            // goal, description, needs, expects, moment_of_truth,
            // opportunity, event: a string.
            _ => {
                self.keyword(keyword);
                self.ws();
                self.string();
            }
        }
    }

    fn touchpoint(&mut self) {
        self.keyword("touchpoint");
        self.header();
        self.block(|g| g.stmts(Context::Touchpoint));
    }

    fn word(&mut self, keyword: &str, words: &[&str]) {
        self.keyword(keyword);
        self.ws();
        let word = *self.rng.pick(words);
        self.out.push_str(word);
    }

    fn keyword(&mut self, keyword: &str) {
        self.out.push_str(keyword);
    }

    /// `IDENT STRING?` of a block's header.
    fn header(&mut self) {
        self.ws();
        self.ident();
        if self.rng.chance(70) {
            self.label();
        }
    }

    fn label(&mut self) {
        if self.rng.chance(self.mess / 10) {
            // No space is needed between an id and a string.
        } else {
            self.ws();
        }
        self.string();
    }

    fn block(&mut self, body: impl FnOnce(&mut Generator)) {
        self.ws();
        self.out.push('{');
        self.level += 1;
        let before = self.out.len();
        self.between_stmts(true);
        let inner = self.out.len();
        body(self);
        self.level -= 1;
        if self.out.len() == inner {
            // Nothing inside: `{}`, `{ }` or a line break.
            self.out.truncate(before);
            if self.rng.chance(50) {
                self.out.push(' ');
            }
        } else {
            self.between_stmts(true);
        }
        self.out.push('}');
    }

    /// Whitespace between statements: a line break with some indentation,
    /// blank lines, a mere space, comments on their own lines or at the
    /// end of the line.
    fn between_stmts(&mut self, edge: bool) {
        let mess = self.mess;
        if self.rng.chance(mess / 4) {
            self.out.push(' ');
            self.block_comment();
        }
        if self.rng.chance(mess / 4) {
            self.out
                .push_str(if self.rng.chance(50) { " " } else { "\t" });
            self.line_comment();
        }
        if self.rng.chance(mess / 6) && !self.out.ends_with('\n') {
            self.out.push_str("  ");
            return;
        }
        self.newline();
        let blank = if edge { mess / 5 } else { 15 + mess / 4 };
        if self.rng.chance(blank) {
            if self.rng.chance(mess / 2) {
                self.out.push_str("   ");
            }
            self.newline();
            if self.rng.chance(mess / 5) {
                self.newline();
            }
        }
        self.indent();
        if self.rng.chance(mess / 4) {
            if self.rng.chance(50) {
                self.line_comment();
                self.indent();
            } else {
                self.block_comment();
                if self.rng.chance(50) {
                    self.out.push(' ');
                } else {
                    self.newline();
                    self.indent();
                }
            }
        }
    }

    /// `///` lines right before a definition (or not quite right before).
    fn maybe_doc(&mut self) {
        if !self.rng.chance(20 + self.mess / 5) {
            return;
        }
        for _ in 0..1 + self.rng.below(2) {
            self.out.push_str("///");
            self.comment_text();
            self.newline();
            self.indent();
        }
    }

    /// Whitespace between the tokens of a statement: one space, or more, or
    /// comments. A statement's tokens stay on its line (a line comment ends
    /// it), so no line break here; see [`Generator::ws_after_comma`].
    fn ws(&mut self) {
        let roll = self.rng.below(100);
        let mess = self.mess;
        if roll < 100 - mess / 2 {
            self.out.push(' ');
        } else if roll < 100 - mess / 4 {
            self.out
                .push_str(if self.rng.chance(50) { "  " } else { "\t " });
        } else {
            self.out.push(' ');
            self.block_comment_on_one_line();
            self.out.push(' ');
        }
    }

    /// After a list's comma a line break, and a line comment, are allowed.
    fn ws_after_comma(&mut self) {
        let roll = self.rng.below(100);
        let mess = self.mess;
        if roll < 100 - mess / 4 {
            self.ws();
        } else if roll < 100 - mess / 8 {
            self.newline();
            self.indent();
            self.out.push_str("  ");
        } else {
            self.out.push(' ');
            self.line_comment();
            self.indent();
            self.out.push_str("    ");
        }
    }

    fn list(&mut self, item: fn(&mut Generator)) {
        let n = 1 + self.rng.below(4);
        for i in 0..n {
            if i > 0 {
                if self.rng.chance(100 - self.mess / 2) {
                    self.out.push(',');
                    self.ws_after_comma();
                } else {
                    // `a ,b`, `a,b` and comments around the comma.
                    if self.rng.chance(50) {
                        self.ws();
                    }
                    self.out.push(',');
                    if self.rng.chance(50) {
                        self.ws_after_comma();
                    }
                }
            }
            item(self);
        }
    }

    fn ident(&mut self) {
        let ident = *self.rng.pick(IDENTS);
        self.out.push_str(ident);
    }

    fn string(&mut self) {
        self.out.push('"');
        for _ in 0..self.rng.below(3) {
            if self.rng.chance(30) {
                let escape = *self.rng.pick(ESCAPES);
                self.out.push_str(escape);
            } else {
                let word = *self.rng.pick(WORDS);
                self.out.push_str(word);
                if self.rng.chance(30) {
                    self.out.push_str("   ");
                }
            }
        }
        self.out.push('"');
    }

    /// `YYYY-MM-DD` (whether it is a real date does not matter to the formatter).
    fn date(&mut self) {
        let (year, month, day) = (
            1990 + self.rng.below(60),
            1 + self.rng.below(12),
            1 + self.rng.below(31),
        );
        self.out.push_str(&format!("{year:04}-{month:02}-{day:02}"));
    }

    fn int(&mut self) {
        let n = self.rng.below(200) as i64 - 20;
        self.out.push_str(&n.to_string());
    }

    fn number(&mut self) {
        self.int();
        if self.rng.chance(30) {
            let fraction = self.rng.below(100);
            self.out.push_str(&format!(".{fraction}"));
        }
    }

    fn percent(&mut self) {
        self.number();
        self.out.push('%');
    }

    fn value(&mut self) {
        self.number();
        match self.rng.below(5) {
            0 => {}
            1 => self.out.push('%'),
            2 => {
                let unit = *self.rng.pick(&["s", "min", "h", "d", "w"]);
                self.out.push_str(unit);
            }
            _ => {
                let gap = *self.rng.pick(&[" ", " ", "   ", "\t", " \t "]);
                let currency = *self.rng.pick(&["PLN", "EUR", "USD"]);
                self.out.push_str(gap);
                self.out.push_str(currency);
            }
        }
    }

    fn comment_text(&mut self) {
        if self.rng.chance(80) {
            self.out.push(' ');
        }
        let text = *self.rng.pick(COMMENT_TEXT);
        self.out.push_str(text);
        if self.rng.chance(self.mess / 5) {
            self.out.push_str(" \t ");
        }
    }

    /// `// …` and its line break.
    fn line_comment(&mut self) {
        self.out.push_str("//");
        self.comment_text();
        self.newline();
    }

    fn block_comment_on_one_line(&mut self) {
        self.out.push_str("/* ");
        self.comment_text();
        self.out.push_str(" */");
    }

    fn block_comment(&mut self) {
        self.out.push_str("/*");
        self.comment_text();
        if self.rng.chance(30) {
            // Over several lines, with odd indentation inside.
            self.out.push_str("\n   * second line");
            self.out.push_str("\n\t  third */");
        } else {
            self.out.push_str(" */");
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
    }

    fn indent(&mut self) {
        let width = if self.rng.chance(100 - self.mess / 2) {
            self.level * 4
        } else {
            self.rng.below(10)
        };
        if self.rng.chance(self.mess / 10) {
            self.out.push_str(&"\t".repeat(width / 4));
        } else {
            self.out.push_str(&" ".repeat(width));
        }
    }
}

/// Lays a valid file out again at random: between any two tokens, any
/// whitespace (line breaks, blank lines, tabs, none where none is needed)
/// and new comments. The tokens, the comments already there and so the
/// meaning stay the same (unless a new line lands between a `///` comment
/// and its definition: then only that doc comment is lost, which changes no
/// name, reference or diagnostic).
pub(crate) fn messify(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let tokens = tokens(text);
    // A line break may go where the text had one, and around `,` `{` `}`:
    // elsewhere it would split a statement, whose tokens stay on one line.
    let breakable = |i: usize| {
        let (prev, token) = (tokens[i - 1].0, tokens[i].0);
        tokens[i].1 || prev == "," || matches!(prev, "{" | "}") || matches!(token, "{" | "}")
    };
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &(token, _)) in tokens.iter().enumerate() {
        if i > 0 {
            let prev = tokens[i - 1].0;
            let line_comment = prev.starts_with("//");
            let money = token.len() == 3
                && token.bytes().all(|b| b.is_ascii_uppercase())
                && prev.bytes().last().is_some_and(|b| b.is_ascii_digit());
            let punct = |t: &str| matches!(t, "," | "{" | "}");
            if money {
                let gap = *rng.pick(&[" ", "  ", "\t"]);
                out.push_str(gap);
                out.push_str(token);
                continue;
            }
            let mut sep = String::new();
            match rng.below(20) {
                0 => sep.push_str(" /* new */ "),
                1 => sep.push_str(" // new\n"),
                2 => sep.push_str("\n\n"),
                3 | 4 => sep.push('\n'),
                5 => sep.push('\t'),
                6 if punct(prev) || punct(token) => {}
                _ => sep.push(' '),
            }
            if sep.contains('\n') && !breakable(i) {
                sep = " /* new */ ".to_string();
            }
            if line_comment && !sep.contains('\n') {
                sep.push('\n');
            }
            if sep.ends_with('\n') {
                sep.push_str(&" ".repeat(rng.below(9)));
            }
            out.push_str(&sep);
        }
        out.push_str(token);
    }
    out.push('\n');
    out
}

/// The tokens and comments of a text, as written, each with whether a line
/// break precedes it.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut tokens = Vec::new();
    let mut at = 0;
    let mut line_break = false;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let rest = &text[at..];
        let len = if matches!(bytes[at], b' ' | b'\t' | b'\r' | b'\n') {
            line_break |= bytes[at] == b'\n';
            at += 1;
            continue;
        } else if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or(rest.len(), |i| i + 4)
        } else if rest.starts_with('"') {
            let mut i = 1;
            while i < rest.len() && rest.as_bytes()[i] != b'"' {
                i += if rest.as_bytes()[i] == b'\\' { 2 } else { 1 };
            }
            i + 1
        } else if matches!(bytes[at], b',' | b'{' | b'}') {
            1
        } else {
            rest.find([' ', '\t', '\r', '\n', ',', '{', '}', '"'])
                .unwrap_or(rest.len())
        };
        tokens.push((&rest[..len], line_break));
        line_break = false;
        at += len;
    }
    tokens
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    Persona,
    Channel,
    Journey,
    Stage,
    Touchpoint,
    Pain,
    Desired,
    Kpi,
}
