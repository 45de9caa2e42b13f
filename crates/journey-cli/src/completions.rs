//! `journey completions SHELL`: the shell completion script, from the same
//! clap definition that parses the command line, so it never lists a
//! subcommand or option that does not exist.

use std::io::{self, Write};

use clap_complete::Shell;

use crate::EXIT_OK;

/// Writes the completion script for `shell` to standard output.
pub(crate) fn run(shell: Shell, mut command: clap::Command) -> u8 {
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    let mut stdout = io::stdout().lock();
    // A closed pipe (`journey completions bash | head`) is not worth a panic.
    let _ = stdout.write_all(&script);
    let _ = stdout.flush();
    EXIT_OK
}
