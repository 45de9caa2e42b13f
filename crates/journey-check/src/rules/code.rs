//! The registry of codes, defined once: the [`codes!`] list of variant and
//! rule module makes both the typed [`Code`] and the [`super::RULES`] table
//! (name, default severity, docs), so neither can lack an entry of the
//! other.

/// Defines `Code` and `RULES` from one list of `Variant => rule_module`,
/// in the order of the language reference's table.
macro_rules! codes {
    ($($variant:ident => $module:ident,)*) => {
        /// A diagnostic code: one per rule.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the language reference's table.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code's rule: its name, default severity and docs.
            pub fn rule(self) -> &'static Rule {
                match self {
                    $(Code::$variant => &$module::RULE,)*
                }
            }
        }

        /// Every rule, in the order of the language reference's table.
        pub static RULES: &[Rule] = &[$($module::RULE,)*];
    };
}

pub(crate) use codes;

use super::Code;

impl Code {
    /// The code as written in diagnostics and `journey.toml`:
    /// `unknown-reference`.
    pub fn name(self) -> &'static str {
        self.rule().code
    }

    /// The code of a name, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.name() == name)
    }

    /// The code of a diagnostic.
    pub fn of(diagnostic: &journey_syntax::Diagnostic) -> Option<Code> {
        Code::from_name(diagnostic.code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Code, RULES};

    #[test]
    fn each_code_names_its_own_rule_once() {
        assert_eq!(Code::ALL.len(), RULES.len());
        for (code, rule) in Code::ALL.iter().zip(RULES) {
            assert_eq!(code.rule().code, rule.code);
            assert_eq!(Code::from_name(rule.code), Some(*code));
        }
    }

    /// The syntax crate reports these two itself, below the registry.
    #[test]
    fn the_syntax_crates_codes_are_in_the_registry() {
        use journey_syntax::diagnostic::{INVALID_UTF8, SYNTAX_ERROR};
        assert_eq!(Code::SyntaxError.name(), SYNTAX_ERROR);
        assert_eq!(Code::InvalidUtf8.name(), INVALID_UTF8);
    }
}
