//! `journey explain CODE`.

use journey_check::rules::{rule, RULES};

use crate::render::escape_controls;
use crate::{EXIT_OK, EXIT_USAGE};

pub fn run(code: Option<&str>) -> u8 {
    let Some(code) = code else {
        println!("Diagnostic codes (journey explain CODE for details):\n");
        for rule in RULES {
            println!(
                "  {:<26} {:<8} {}",
                rule.code,
                rule.severity.as_str(),
                rule.summary
            );
        }
        return EXIT_OK;
    };
    match rule(code) {
        Some(rule) => {
            println!("{} ({} by default)\n", rule.code, rule.severity.as_str());
            println!("{}", rule.summary);
            if !rule.docs.is_empty() {
                println!("\n{}", rule.docs.trim_end());
            }
            EXIT_OK
        }
        None => {
            let closest = RULES
                .iter()
                .min_by_key(|r| strsim_distance(r.code, code))
                .map(|r| r.code)
                .unwrap_or_default();
            eprintln!(
                "error: unknown diagnostic code `{}` (did you mean `{closest}`?)",
                escape_controls(code)
            );
            eprintln!("`journey explain` without a code lists them all");
            EXIT_USAGE
        }
    }
}

fn strsim_distance(a: &str, b: &str) -> usize {
    journey_syntax::edit_distance(a, b)
}
