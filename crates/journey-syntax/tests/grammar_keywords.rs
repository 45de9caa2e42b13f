//! The keyword table in `keywords.rs` (used for messages, completion and
//! hover) must list exactly the statements `grammar/journey.pest` accepts.

use std::collections::BTreeSet;

use journey_syntax::BlockKind;

const GRAMMAR: &str = include_str!("../../../grammar/journey.pest");

/// The body of `rule = …` up to the next rule definition.
fn rule_body(name: &str) -> String {
    let start = GRAMMAR
        .lines()
        .position(|line| line.split_whitespace().next() == Some(name) && line.contains(" = "))
        .unwrap_or_else(|| panic!("rule `{name}` not found"));
    let mut body = String::new();
    for (i, line) in GRAMMAR.lines().enumerate().skip(start) {
        let ends = line.trim().is_empty() || line.starts_with("//");
        if i > start && (ends || (line.contains(" = ") && !line.starts_with(' '))) {
            break;
        }
        body.push_str(line);
        body.push('\n');
    }
    body.split_once('=').unwrap().1.to_string()
}

/// The keywords that start the alternatives of a statement-choice rule.
fn keywords_of(choice: &str) -> BTreeSet<String> {
    let body = rule_body(choice);
    let inner = body.trim().trim_start_matches("_{").trim_end_matches('}');
    // Drop first-letter lookaheads (`&"c" ~`), keep the rule names.
    let names: Vec<&str> = inner
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '"'))
        .filter(|token| !token.is_empty() && !token.starts_with('"'))
        .collect();
    names
        .into_iter()
        .filter(|alt| !matches!(*alt, "stmt_error" | "stray_close") && !alt.ends_with("_closer"))
        .map(|alt| {
            let def = rule_body(alt);
            let literal = def
                .split('"')
                .nth(1)
                .unwrap_or_else(|| panic!("`{alt}` starts with no keyword"));
            assert!(
                def.contains(&format!("\"{literal}\" ~ kw_end")),
                "`{alt}`: keywords are written `\"kw\" ~ kw_end`"
            );
            literal.to_string()
        })
        .collect()
}

#[test]
fn keyword_table_matches_the_grammar() {
    for (rule, kind) in [
        ("top_item", BlockKind::TopLevel),
        ("persona_stmt", BlockKind::Persona),
        ("channel_stmt", BlockKind::Channel),
        ("journey_stmt", BlockKind::Journey),
        ("stage_stmt", BlockKind::Stage),
        ("touchpoint_stmt", BlockKind::Touchpoint),
        ("pain_stmt", BlockKind::Pain),
        ("desired_stmt", BlockKind::Desired),
        ("kpi_stmt", BlockKind::Kpi),
    ] {
        let table: BTreeSet<String> = kind.statements().iter().map(|s| s.to_string()).collect();
        assert_eq!(keywords_of(rule), table, "{rule} vs BlockKind::{kind:?}");
    }
}
