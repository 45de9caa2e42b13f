//! `journey explain CODE`.

use journey_check::rules::{rule, RULES};

use crate::render::escape_controls;
use crate::{EXIT_OK, EXIT_USAGE};

pub(crate) fn run(code: Option<&str>) -> u8 {
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
    let normalised = normalise_code(code);
    match rule(&normalised) {
        Some(rule) => {
            println!("{} ({} by default)\n", rule.code, rule.severity.as_str());
            println!("{}", rule.summary);
            if !rule.docs.is_empty() {
                println!("\n{}", rule.docs.trim_end());
            }
            EXIT_OK
        }
        None => {
            let codes = RULES.iter().map(|r| r.code);
            match journey_syntax::closest(&normalised, codes) {
                Some(best) => {
                    eprintln!(
                        "error: unknown diagnostic code `{}` (did you mean `{best}`?)",
                        escape_controls(code)
                    )
                }
                None => eprintln!("error: unknown diagnostic code `{}`", escape_controls(code)),
            }
            eprintln!("`journey explain` without a code lists them all");
            EXIT_USAGE
        }
    }
}

/// Codes are kebab-case; accept any case and `_` for `-`
/// (`TARGET_MISSED`, `Target-Missed`), as people type them from memory.
fn normalise_code(code: &str) -> String {
    code.trim().to_lowercase().replace('_', "-")
}
