//! `journey diff OLD NEW` and `journey diff --base REV [PATH…]`: what a
//! change does to the customer's experience (LANGUAGE.md §7, issue 14).
//!
//! The comparison lives in `journey-diff`; this module finds the two sides
//! (two files, two directories, or a git revision and the working tree),
//! prints the report and chooses the exit status.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::{Args, ValueEnum};
use journey_check::{FileReport, MemoryFileSystem, RealFileSystem};
use journey_diff::load::{load, Input, Loaded};
use journey_diff::render::{self, Style};
use journey_diff::{Change, Effect, Kind};

use crate::files::describe;
use crate::render::display_path;
use crate::{paths, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// OLD and NEW (two files, or two directories matched by relative
    /// path); with `--base`, the files and directories to compare [default: .]
    paths: Vec<PathBuf>,
    /// Read the old version from this git revision (`HEAD`, `origin/main`)
    /// and the new one from the working tree.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Exit with 1 when a change is worse for the customer (`worse`) or
    /// adds an error (`errors`).
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
    /// Print the JSON Schema (draft 2020-12) of `--format json`.
    #[arg(long, conflicts_with_all = ["paths", "base"])]
    schema: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Grouped by journey and stage, ▲ better, ▼ worse (colour only on a terminal).
    Human,
    /// A verdict and a table per journey, for a pull-request comment.
    Markdown,
    /// One JSON object: verdict, changes, summary.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Any change that is worse for the customer.
    Worse,
    /// An error diagnostic that the change introduces.
    Errors,
}

pub(crate) fn run(args: &DiffArgs) -> u8 {
    if args.schema {
        return print(&pretty(&journey_diff::schema()));
    }
    let sides = match &args.base {
        Some(rev) => from_git(rev, &args.paths),
        None => match args.paths.as_slice() {
            [old, new] => from_paths(old, new),
            _ => Err(
                "`journey diff` compares OLD and NEW (two files or two directories), or takes `--base REV [PATH…]`"
                    .to_string(),
            ),
        },
    };
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    report_broken("old", &old);
    report_broken("new", &new);
    let changes = journey_diff::diff(&old.side, &new.side);
    let text = match args.format {
        DiffFormat::Human => render::human(&changes, style()),
        DiffFormat::Markdown => render::markdown(&changes),
        DiffFormat::Json => render::json(&changes),
    };
    print(&text);
    if fails(&changes, args.fail_on) {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

fn fails(changes: &[Change], fail_on: Option<FailOn>) -> bool {
    match fail_on {
        None => false,
        Some(FailOn::Worse) => changes.iter().any(|c| c.effect == Effect::Worse),
        Some(FailOn::Errors) => changes
            .iter()
            .any(|c| c.kind == Kind::DiagnosticAdded && c.severity.as_deref() == Some("error")),
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (as
/// `journey check` decides).
fn style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if io::stdout().is_terminal() && !no_color {
        Style::Colour
    } else {
        Style::Plain
    }
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = crate::pretty::to_string(value);
    text.push('\n');
    text
}

fn print(text: &str) -> u8 {
    let mut stdout = io::stdout().lock();
    // A closed pipe (`journey diff … | head`) is not worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    EXIT_OK
}

/// A side with syntax errors is compared as far as it parsed; its syntax
/// errors go to stderr so that the reader knows the diff is partial.
fn report_broken(which: &str, loaded: &Loaded) {
    if loaded.broken.is_empty() {
        return;
    }
    let files: Vec<FileReport> = loaded
        .broken
        .iter()
        .map(|report| FileReport {
            diagnostics: report
                .diagnostics
                .iter()
                .filter(|d| {
                    matches!(
                        journey_check::Code::of(d),
                        Some(journey_check::Code::SyntaxError | journey_check::Code::InvalidUtf8)
                    )
                })
                .cloned()
                .collect(),
            ..report.clone()
        })
        .collect();
    let mut stderr = io::stderr().lock();
    let _ = writeln!(
        stderr,
        "warning: the {which} version has syntax errors; the diff covers what could be parsed\n"
    );
    let _ = crate::render::human_report(&files, &mut stderr);
    let _ = writeln!(stderr);
}

/// Two files (compared whatever their names) or two directories (files
/// matched by their path inside each).
fn from_paths(old: &Path, new: &Path) -> Result<(Loaded, Loaded), String> {
    let kind = |path: &Path| {
        std::fs::metadata(path)
            .map(|m| m.is_dir())
            .map_err(|error| format!("cannot read `{}`: {}", display_path(path), describe(&error)))
    };
    match (kind(old)?, kind(new)?) {
        (false, false) => {
            paths::collect(&[old.to_path_buf(), new.to_path_buf()])?;
            let name = display_path(new);
            let side = |read: &Path| {
                let input = Input {
                    read: read.to_path_buf(),
                    name: name.clone(),
                };
                load(&RealFileSystem, &[input], None)
            };
            Ok((side(old), side(new)))
        }
        (true, true) => Ok((directory(old)?, directory(new)?)),
        _ => Err(format!(
            "`{}` and `{}` must both be files or both be directories",
            display_path(old),
            display_path(new)
        )),
    }
}

fn directory(dir: &Path) -> Result<Loaded, String> {
    let files = paths::collect(&[dir.to_path_buf()])?;
    let inputs: Vec<Input> = files
        .into_iter()
        .map(|read| Input {
            name: display_path(read.strip_prefix(dir).unwrap_or(&read)),
            read,
        })
        .collect();
    Ok(load(&RealFileSystem, &inputs, Some(dir)))
}

/// Directories never searched (as in `journey check`).
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The old side from `git` at `rev`, the new one from the working tree.
/// Files are named by their path in the repository on both sides.
fn from_git(rev: &str, given: &[PathBuf]) -> Result<(Loaded, Loaded), String> {
    let top = PathBuf::from(git(None, &["rev-parse", "--show-toplevel"])?.trim_end());
    let commit = git(
        Some(&top),
        &[
            "rev-parse",
            "--verify",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|message| format!("bad revision `{rev}`: {message}"))?;
    let commit = commit.trim();
    let tree = list_tree(&top, commit)?;
    let given = if given.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        given.to_vec()
    };

    let mut new_inputs = Vec::new();
    let mut old_inputs = Vec::new();
    for path in &given {
        let prefix = in_repository(&top, path)?;
        let old: Vec<&TreeFile> = tree.iter().filter(|f| selected(&f.path, &prefix)).collect();
        if path.exists() {
            for read in paths::collect(std::slice::from_ref(path))? {
                let name = in_repository(&top, &read)?;
                new_inputs.push(Input { read, name });
            }
        } else if old.is_empty() {
            return Err(format!(
                "cannot read `{}`: no such file or directory, here or at `{rev}`",
                display_path(path)
            ));
        }
        for file in old {
            old_inputs.push(Input {
                read: top.join(&file.path),
                name: file.path.clone(),
            });
        }
    }
    dedup_inputs(&mut new_inputs);
    dedup_inputs(&mut old_inputs);

    let mut memory = MemoryFileSystem::new();
    // The project root of the old version is the repository's, as on disk.
    memory.insert(top.join(".git"), Vec::new());
    let wanted: Vec<&TreeFile> = tree
        .iter()
        .filter(|f| {
            f.path.ends_with(".journey") || f.path.rsplit('/').next() == Some("journey.toml")
        })
        .collect();
    for (file, bytes) in wanted.iter().zip(read_blobs(&top, &wanted)?) {
        memory.insert(top.join(&file.path), bytes);
    }
    let mut old = load(&memory, &old_inputs, Some(&top));
    // The old version's files exist only in git: show where they come from.
    for report in &mut old.broken {
        let inside = report.path.strip_prefix(&top).unwrap_or(&report.path);
        report.path = PathBuf::from(format!("{} (at {rev})", display_path(inside)));
    }
    let new = load(&RealFileSystem, &new_inputs, Some(&top));
    Ok((old, new))
}

fn dedup_inputs(inputs: &mut Vec<Input>) {
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(i.name.clone()));
}

/// The path of `path` inside the repository at `top`, with forward slashes
/// (`""` for the top itself).
fn in_repository(top: &Path, path: &Path) -> Result<String, String> {
    let absolute = journey_check::paths::absolute(path);
    let resolved = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
    resolved
        .strip_prefix(&top)
        .map(display_path)
        .map_err(|_| format!("`{}` is outside the git repository", display_path(path)))
}

/// Whether a file of the tree is one the working tree's walk would check
/// under `prefix`: the file named itself, or a `.journey` file inside the
/// directory that no hidden directory, `target` or `node_modules` holds.
fn selected(file: &str, prefix: &str) -> bool {
    if file == prefix {
        return true;
    }
    let rest = if prefix.is_empty() {
        Some(file)
    } else {
        file.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('/'))
    };
    let Some(rest) = rest else {
        return false;
    };
    let mut dirs: Vec<&str> = rest.split('/').collect();
    dirs.pop();
    file.ends_with(".journey")
        && !dirs
            .iter()
            .any(|d| d.starts_with('.') || SKIPPED_DIRS.contains(d))
}

/// A regular file of a git tree.
struct TreeFile {
    oid: String,
    size: u64,
    path: String,
}

/// Every regular file of the revision (links and submodules are not files
/// the checker reads).
fn list_tree(top: &Path, commit: &str) -> Result<Vec<TreeFile>, String> {
    let listing = git(
        Some(top),
        &["ls-tree", "-r", "-z", "-l", "--full-tree", commit],
    )?;
    let mut files = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, "blob", oid, size] = fields.as_slice() else {
            continue;
        };
        if !mode.starts_with("100") {
            continue;
        }
        files.push(TreeFile {
            oid: oid.to_string(),
            size: size.parse().unwrap_or(u64::MAX),
            path: path.to_string(),
        });
    }
    Ok(files)
}

/// The contents of blobs through one `git cat-file --batch`. A blob over
/// the checker's size limit is not read (it stays out of the old version,
/// as the checker would refuse it).
fn read_blobs(top: &Path, files: &[&TreeFile]) -> Result<Vec<Vec<u8>>, String> {
    let limit = journey_check::fs::DEFAULT_MAX_FILE_SIZE;
    let wanted: Vec<&TreeFile> = files.iter().copied().filter(|f| f.size <= limit).collect();
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run git: {}", describe(&error)))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let request: String = wanted.iter().map(|f| format!("{}\n", f.oid)).collect();
    // Written from another thread: git answers while we still write.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(request.as_bytes());
    });
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut output)
        .map_err(|error| format!("cannot read from git: {}", describe(&error)))?;
    let _ = writer.join();
    let status = child
        .wait()
        .map_err(|error| format!("cannot run git: {}", describe(&error)))?;
    if !status.success() {
        return Err("git cat-file failed".to_string());
    }
    let mut blobs = parse_batch(&output, wanted.len())?.into_iter();
    Ok(files
        .iter()
        .map(|f| {
            if f.size <= limit {
                blobs.next().unwrap_or_default()
            } else {
                Vec::new()
            }
        })
        .collect())
}

/// `<oid> blob <size>\n<contents>\n`, repeated.
fn parse_batch(mut output: &[u8], count: usize) -> Result<Vec<Vec<u8>>, String> {
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let end = output
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("unexpected output from git cat-file")?;
        let header = String::from_utf8_lossy(&output[..end]);
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected output from git cat-file: {header}"))?;
        let body = output
            .get(end + 1..end + 1 + size)
            .ok_or("truncated output from git cat-file")?;
        blobs.push(body.to_vec());
        output = output.get(end + 2 + size..).unwrap_or_default();
    }
    Ok(blobs)
}

/// Runs git and returns its standard output, or its message.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    let output = command
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run git: {}", describe(&error)))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(if message.is_empty() {
            format!("git {} failed", args.join(" "))
        } else {
            message
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_side_selects_what_the_walk_would_check() {
        assert!(selected("maps/a.journey", ""));
        assert!(selected("maps/a.journey", "maps"));
        assert!(!selected("mapsx/a.journey", "maps"));
        assert!(!selected("maps/a.txt", "maps"));
        assert!(!selected(".github/a.journey", ""));
        assert!(!selected("target/a.journey", ""));
        assert!(!selected("web/node_modules/x/a.journey", "web"));
        // Named explicitly, a file is taken whatever its place or name.
        assert!(selected(".hidden/a.journey", ".hidden/a.journey"));
        assert!(selected("maps/notes.txt", "maps/notes.txt"));
        // A hidden directory named explicitly is walked.
        assert!(selected(".hidden/a.journey", ".hidden"));
    }

    #[test]
    fn batch_output_is_split_by_the_sizes_git_announces() {
        let output = b"aaa blob 3\nx\ny\nbbb blob 0\n\nccc blob 2\n\n\n\n";
        let blobs = parse_batch(output, 3).unwrap();
        assert_eq!(blobs, [b"x\ny".to_vec(), Vec::new(), b"\n\n".to_vec()]);
        assert!(parse_batch(b"aaa missing\n", 1).is_err());
        assert!(parse_batch(b"aaa blob 10\nshort\n", 1).is_err());
    }
}
