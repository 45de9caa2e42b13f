//! `journey`: checks, compiles and formats customer-journey maps, and serves
//! them to editors. This crate is the only one that prints.

// The command line is the one crate that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod compile;
mod completions;
mod diff;
mod explain;
mod files;
mod fmt;
mod man;
mod map;
mod paths;
mod pretty;
mod render;

// The binary's allocator (linked only when named).
use journey_alloc as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// Exit status: nothing at error level was found.
pub const EXIT_OK: u8 = 0;
/// Exit status: errors were found (or warnings, with `--deny warnings`).
pub const EXIT_FOUND: u8 = 1;
/// Exit status: a usage error, or an input that cannot be read.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "journey",
    version,
    about = "Customer-journey maps as code: check them, compile them to JSON, format them.",
    long_about = "Customer-journey maps as code.\n\n\
        A .journey file describes the stages of a customer journey, the personas who travel it, \
        the touchpoints where they meet the brand, how they feel there, and the actions the \
        business wants them to take. `journey` checks such files for mistakes, compiles them to \
        JSON for dashboards, formats them, and serves them to editors.",
    after_help = "Examples:\n  journey check                      check every .journey file under the current directory\n  journey check examples/ --format github\n  journey explain target-missed      what a diagnostic means and how to fix it",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories for errors, warnings and advice.
    ///
    /// Directories are searched recursively for `*.journey` files (hidden
    /// directories, `target` and `node_modules` are skipped). Exits with 0
    /// when no error was found, 1 when one was, 2 when an input cannot be read.
    Check {
        /// Files or directories to check [default: .]
        paths: Vec<PathBuf>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also fail (exit 1) on warnings.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<Deny>,
        /// The date `as_of` checks compare with (YYYY-MM-DD) [default: $JOURNEY_TODAY, else the current UTC date]
        #[arg(long, value_name = "DATE", value_parser = parse_today)]
        today: Option<i64>,
    },
    /// Compile a file to the JSON model (or print the model's JSON Schema).
    ///
    /// The model holds the file's journeys and every team, persona and
    /// channel visible in it (imports included). A file with errors is not
    /// compiled: its diagnostics go to stderr and the exit status is 1.
    #[command(
        arg_required_else_help = true,
        after_help = "Examples:\n  journey compile examples/hotel_stay.journey\n  journey compile examples/hotel_stay.journey -o build/hotel_stay.json\n  journey compile --schema > journey-model.schema.json"
    )]
    Compile {
        /// The `.journey` file to compile.
        #[arg(required_unless_present = "schema", conflicts_with = "schema")]
        file: Option<PathBuf>,
        /// Write the JSON to this file (atomically) instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Print the JSON Schema (draft 2020-12) of the compiled model.
        #[arg(long)]
        schema: bool,
        /// The date `as_of` checks compare with (YYYY-MM-DD) [default: $JOURNEY_TODAY, else the current UTC date]
        #[arg(long, value_name = "DATE", value_parser = parse_today)]
        today: Option<i64>,
    },
    /// Run the language server on stdin/stdout (for editors).
    ///
    /// Speaks the Language Server Protocol: diagnostics while you type,
    /// completion, hover, go to definition, references, rename, outline,
    /// quick fixes, inlay hints and formatting.
    Lsp {
        /// Accepted for clients that announce the transport (as
        /// vscode-languageclient does); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Format files in the canonical style (4-space indent, one statement per line).
    ///
    /// Rewrites each file that is not formatted, atomically and keeping its
    /// permissions; directories are searched recursively for `*.journey`
    /// files. Comments, strings and blank lines between statements are kept.
    /// A file with syntax errors is reported and left untouched. `-` formats
    /// standard input to standard output. Exits with 0 when all is well, 1
    /// when `--check` finds an unformatted file or a file has syntax errors,
    /// 2 when a file cannot be read or written.
    #[command(
        after_help = "Examples:\n  journey fmt                        format every .journey file under the current directory\n  journey fmt --check examples/      list the files that are not formatted, and fail (CI)\n  journey fmt - < map.journey        format standard input to standard output (editors)"
    )]
    Fmt {
        /// Files or directories to format, or `-` for standard input [default: .]
        paths: Vec<PathBuf>,
        /// Write nothing: list the files that are not formatted and exit with 1 if there are any.
        #[arg(long)]
        check: bool,
    },
    /// Draw journey maps: a self-contained HTML page, an SVG picture or Mermaid diagrams.
    ///
    /// One file gives one document on stdout (or in OUT). A directory, or
    /// several files, needs `-o DIR`: one page per journey and an
    /// `index.html` listing them, ready to publish as a static site. A file
    /// with errors is not drawn: its diagnostics go to stderr, exit 1.
    #[command(
        arg_required_else_help = true,
        after_help = "Examples:\n  journey render examples/hotel_stay.journey -o hotel_stay.html\n  journey render examples/hotel_stay.journey --format mermaid\n  journey render examples/ -o site/      one page per journey and an index.html"
    )]
    Render {
        /// `.journey` files or directories to draw.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// What to draw.
        #[arg(long, value_enum, default_value_t = map::MapFormat::Html)]
        format: map::MapFormat,
        /// Write to this file (or folder, for several maps) instead of stdout; `-` is stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The date `as_of` checks compare with (YYYY-MM-DD) [default: $JOURNEY_TODAY, else the current UTC date]
        #[arg(long, value_name = "DATE", value_parser = parse_today)]
        today: Option<i64>,
    },
    /// What a change does to the customer's experience (OLD NEW, or --base REV).
    ///
    /// Compares two versions of journey maps, compiled with their imports,
    /// journey by journey, stage by stage, touchpoint by touchpoint: emotions
    /// and effort, pain points, promises, desired actions and KPIs, and the
    /// checker's findings; each change is better, worse or neutral for the
    /// customer. Exits with 0, or 1 when `--fail-on` finds what it names,
    /// 2 when an input or the revision cannot be read.
    #[command(
        arg_required_else_help = true,
        after_help = "Examples:\n  journey diff old/hotel.journey hotel.journey\n  journey diff --base origin/main --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  journey diff --base HEAD --fail-on worse examples/"
    )]
    Diff(diff::DiffArgs),
    /// Explain a diagnostic code: what it means, an example and the fix.
    Explain {
        /// A code such as `target-missed` (omit to list every code).
        code: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  journey completions bash > ~/.local/share/bash-completion/completions/journey\n  journey completions zsh > ~/.zfunc/_journey        # with fpath+=~/.zfunc in ~/.zshrc\n  journey completions fish > ~/.config/fish/completions/journey.fish"
    )]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(
        after_help = "Examples:\n  journey man | man -l -\n  journey man -o ~/.local/share/man/man1/journey.1"
    )]
    Man {
        /// Write the page to this file (atomically) instead of stdout; `-` is stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

/// Output formats of `journey check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report with source excerpts (colour only on a terminal).
    Human,
    /// One JSON object with every diagnostic and a summary.
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// A SARIF 2.1.0 log (GitHub code scanning and other tools).
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Treat warnings as errors for the exit status.
    Warnings,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    if let Err(status) = fix_today(&cli.command) {
        return ExitCode::from(status);
    }
    let status = match cli.command {
        Command::Check {
            paths,
            format,
            deny,
            ..
        } => {
            journey_check::memory::set_collect(journey_alloc::collect_freed_memory);
            check::run(&paths, format, deny.is_some())
        }
        Command::Compile {
            file,
            output,
            schema,
            ..
        } => match (schema, file) {
            (true, _) => compile::schema(output.as_deref()),
            (false, Some(file)) => compile::run(&file, output.as_deref()),
            (false, None) => EXIT_USAGE,
        },
        Command::Fmt { paths, check } => fmt::run(&paths, check),
        Command::Render {
            paths,
            format,
            output,
            ..
        } => map::run(&paths, format, output.as_deref()),
        Command::Diff(args) => diff::run(&args),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Lsp { stdio: _ } => {
            journey_alloc::keep_freed_memory_longer();
            journey_lsp::run_stdio()
        }
        Command::Completions { shell } => completions::run(shell, Cli::command()),
        Command::Man { output } => man::run(Cli::command(), output.as_deref()),
    };
    ExitCode::from(status)
}

/// `--today YYYY-MM-DD`: a real calendar date, as days since 1970-01-01.
fn parse_today(text: &str) -> Result<i64, String> {
    journey_check::today::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD, such as 2026-12-01"))
}

/// Fixes "today" for the freshness checks (LANGUAGE.md §10): `--today`,
/// else `JOURNEY_TODAY`, else the current UTC date. An invalid
/// `JOURNEY_TODAY` is a usage error, never silently ignored.
///
/// A run of `check`, `compile` or `render` reads the date once, at its
/// start: every file of a run past midnight is checked against the same
/// day, and no analysis reads the environment (a process-wide lock that the
/// threads of a directory run contended for). The language server, which
/// runs for days, keeps reading the clock.
fn fix_today(command: &Command) -> Result<(), u8> {
    let (flag, one_run) = match command {
        Command::Check { today, .. }
        | Command::Compile { today, .. }
        | Command::Render { today, .. } => (*today, true),
        _ => (None, false),
    };
    let days = match flag {
        Some(days) => days,
        // Empty counts as unset, as for `NO_COLOR`.
        None => {
            match std::env::var(journey_check::today::TODAY_ENV).map(|t| t.trim().to_string()) {
                Ok(text) if !text.is_empty() => parse_today(&text).map_err(|message| {
                    eprintln!("error: {}: {message}", journey_check::today::TODAY_ENV);
                    EXIT_USAGE
                })?,
                _ if one_run => journey_check::today::current_utc_date(),
                _ => return Ok(()),
            }
        }
    };
    journey_check::today::set_today(days);
    Ok(())
}
