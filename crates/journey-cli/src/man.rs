//! `journey man [-o FILE]`: the manual page, in roff, from the same clap
//! definition that parses the command line.
//!
//! clap_mangen renders one page per command and lists subcommands as
//! `journey-check(1)` pages of their own. We ship a single `journey(1)`
//! page instead (what `man journey` users expect from a small tool, and one
//! file to install), so each subcommand becomes a subsection of COMMANDS
//! holding its synopsis, description, options and examples.

use std::io::{self, Write};
use std::path::Path;

use clap_mangen::Man;

use crate::files::{describe, write_atomically};
use crate::render::display_path;
use crate::{EXIT_OK, EXIT_USAGE};

/// One of clap_mangen's section renderers (`Man::render_options_section`…).
type Section = fn(&Man, &mut dyn Write) -> io::Result<()>;

/// Writes the page to standard output, or to `out` (`-` is standard output).
pub(crate) fn run(command: clap::Command, out: Option<&Path>) -> u8 {
    let page = render(command);
    match out {
        Some(path) if path != Path::new("-") => match write_atomically(path, &page) {
            Ok(()) => EXIT_OK,
            Err(error) => {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    display_path(path),
                    describe(&error)
                );
                EXIT_USAGE
            }
        },
        _ => {
            let mut stdout = io::stdout().lock();
            match stdout.write_all(&page).and_then(|()| stdout.flush()) {
                Ok(()) => EXIT_OK,
                // `journey man | head` closes the pipe early: not an error.
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(error) => {
                    eprintln!("error: cannot write the manual page: {}", describe(&error));
                    EXIT_USAGE
                }
            }
        }
    }
}

/// The whole `journey(1)` page.
pub(crate) fn render(mut command: clap::Command) -> Vec<u8> {
    // Building sets each subcommand's `bin_name` ("journey check"), which
    // the synopses print.
    command.build();
    let man = Man::new(command.clone());
    let mut page = Vec::new();
    let sections: [Section; 5] = [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ];
    for section in sections {
        section(&man, &mut page).expect("writing to a Vec cannot fail");
    }
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        render_subcommand(sub, &mut page);
    }
    page.extend_from_slice(exit_status().as_bytes());
    if command.get_after_help().is_some() {
        page.extend_from_slice(b".SH EXAMPLES\n");
        let examples = String::from_utf8(examples(&man)).expect("clap_mangen writes UTF-8");
        // The heading already says it.
        let examples = examples.replacen("Examples:\n", "", 1);
        page.extend_from_slice(examples.as_bytes());
    }
    man.render_version_section(&mut page)
        .expect("writing to a Vec cannot fail");
    page
}

/// One subcommand as a `.SS` subsection of COMMANDS.
fn render_subcommand(sub: &clap::Command, page: &mut Vec<u8>) {
    let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    let man = Man::new(sub.clone());
    page.extend_from_slice(format!(".SS \"{}\"\n", roff_quoted(name)).as_bytes());
    page.extend_from_slice(&body(&man, Man::render_synopsis_section));
    page.extend_from_slice(b".PP\n");
    page.extend_from_slice(&body(&man, Man::render_description_section));
    if sub.get_arguments().any(|arg| !arg.is_hide_set()) {
        page.extend_from_slice(b".PP\n");
        page.extend_from_slice(&body(&man, Man::render_options_section));
    }
    if sub.get_after_help().is_some() {
        page.extend_from_slice(b".PP\n");
        page.extend_from_slice(&examples(&man));
    }
}

/// The `after_help` examples, unfilled: they are command lines aligned with
/// spaces, which filling would join and squeeze.
fn examples(man: &Man) -> Vec<u8> {
    let mut text = b".nf\n".to_vec();
    text.extend_from_slice(&body(man, Man::render_extra_section));
    text.extend_from_slice(b".fi\n");
    text
}

/// A section rendered by clap_mangen without its `.SH` heading lines (a
/// subsection cannot hold sections of its own).
fn body(man: &Man, section: Section) -> Vec<u8> {
    let mut text = Vec::new();
    section(man, &mut text).expect("writing to a Vec cannot fail");
    let text = String::from_utf8(text).expect("clap_mangen writes UTF-8");
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|line| !line.starts_with(".SH")) {
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// The exit statuses, from the constants the commands return.
fn exit_status() -> String {
    format!(
        ".SH \"EXIT STATUS\"\n\
         .TP\n{}\nSuccess: nothing at error level was found.\n\
         .TP\n{}\nErrors were found (or warnings, with \\fB\\-\\-deny warnings\\fR), or \\fBfmt \\-\\-check\\fR found an unformatted file.\n\
         .TP\n{}\nA usage error, or an input that cannot be read.\n",
        crate::EXIT_OK,
        crate::EXIT_FOUND,
        crate::EXIT_USAGE
    )
}

/// Escapes a string for a double-quoted roff macro argument.
fn roff_quoted(text: &str) -> String {
    text.replace('\\', "\\e").replace('"', "\\(dq")
}
