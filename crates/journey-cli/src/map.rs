//! `journey render PATH… [--format html|svg|mermaid] [-o OUT]`: draws
//! journey maps (LANGUAGE.md §7). The drawing is `journey-map`'s; this
//! module decides what goes where.
//!
//! * One file: one document on stdout, or in OUT (`-o -` is stdout).
//! * A directory, several files, or an existing directory as OUT: `-o DIR`
//!   gets one page per journey (mirroring the inputs' folders) and an
//!   `index.html` that lists them. Without `-o` that is a usage error.
//!
//! A file with errors is refused as `journey compile` refuses it: its
//! diagnostics on stderr, exit 1 (in a directory the other files are still
//! drawn). Nothing is ever written over a file that was read, and every
//! file is written atomically.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use journey_check::compile;
use journey_map::{Finding, Format};

use crate::compile::checked;
use crate::files::{describe, write_atomically};
use crate::render::shown_path as display_path;
use crate::{paths, EXIT_OK, EXIT_USAGE};

/// Output formats of `journey render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    /// One self-contained page: inline CSS and SVG, no script, no network.
    Html,
    /// One standalone SVG picture (for slides and wikis).
    Svg,
    /// Mermaid `journey` diagrams (for Markdown).
    Mermaid,
}

impl From<MapFormat> for Format {
    fn from(format: MapFormat) -> Format {
        match format {
            MapFormat::Html => Format::Html,
            MapFormat::Svg => Format::Svg,
            MapFormat::Mermaid => Format::Mermaid,
        }
    }
}

/// `journey render`.
pub(crate) fn run(inputs: &[PathBuf], format: MapFormat, out: Option<&Path>) -> u8 {
    let format = Format::from(format);
    let out = out.filter(|o| *o != Path::new("-"));
    let files = match paths::collect(inputs) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let many = files.len() > 1 || inputs.iter().any(|p| p.is_dir());
    match out {
        Some(dir) if many || dir.is_dir() => site(inputs, &files, format, dir),
        _ if many => {
            eprintln!(
                "error: rendering several files needs an output folder: `journey render {} -o DIR`",
                inputs
                    .iter()
                    .map(|p| display_path(p))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            EXIT_USAGE
        }
        _ => single(&files[0], format, out),
    }
}

/// A checked file's model and findings.
struct Drawn {
    model: compile::CompiledModel,
    findings: Vec<Finding>,
    /// Every file read for it (canonical): the file and its imports.
    read: Vec<PathBuf>,
}

fn draw(file: &Path) -> Result<Drawn, u8> {
    let check = checked(file, "rendered", |_| Ok(()))?;
    let read = check
        .analysis
        .files
        .iter()
        .filter_map(|f| std::fs::canonicalize(&f.path).ok())
        .collect();
    Ok(Drawn {
        model: compile::compile(&check.analysis),
        findings: journey_map::findings(&check.analysis),
        read,
    })
}

fn single(file: &Path, format: Format, out: Option<&Path>) -> u8 {
    let drawn = match draw(file) {
        Ok(drawn) => drawn,
        Err(status) => return status,
    };
    let document = journey_map::render(&drawn.model, &drawn.findings, format, None);
    match out {
        None => {
            let mut stdout = io::stdout().lock();
            // A closed pipe (`journey render x | head`) is not worth a panic.
            let _ = stdout.write_all(document.as_bytes());
            let _ = stdout.flush();
            EXIT_OK
        }
        Some(path) => write(path, &document, &drawn.read),
    }
}

/// Writes `text` to `path` unless that is one of the files read.
fn write(path: &Path, text: &str, read: &[PathBuf]) -> u8 {
    if read
        .iter()
        .any(|input| crate::files::same_file(path, input))
    {
        eprintln!(
            "error: `{}` is an input; `journey render` does not write over its inputs",
            display_path(path)
        );
        return EXIT_USAGE;
    }
    match write_atomically(path, text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            eprintln!(
                "error: cannot write `{}`: {}",
                display_path(path),
                describe(&error)
            );
            EXIT_USAGE
        }
    }
}

/// `-o DIR`: one page per journey and an index.
fn site(inputs: &[PathBuf], files: &[PathBuf], format: Format, dir: &Path) -> u8 {
    let inputs_read: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect();
    let folders: Vec<&Path> = inputs
        .iter()
        .map(PathBuf::as_path)
        .filter(|input| input.is_dir())
        .collect();
    let mut status = EXIT_OK;
    let mut used = HashSet::new();
    let mut entries = Vec::new();
    for file in files {
        let drawn = match draw(file) {
            Ok(drawn) => drawn,
            Err(failed) => {
                status = status.max(failed);
                continue;
            }
        };
        let single = drawn.model.journeys.len() == 1;
        let mut pages = Vec::new();
        for (j, journey) in drawn.model.journeys.iter().enumerate() {
            let page = page_name(&folders, file, (!single).then_some(&journey.id), format);
            let page = unique(page, &mut used);
            let document = journey_map::render(&drawn.model, &drawn.findings, format, Some(j));
            let mut read = drawn.read.clone();
            read.extend(inputs_read.iter().cloned());
            let written = write(&dir.join(&page), &document, &read);
            status = status.max(written);
            pages.push(page);
        }
        entries.extend(journey_map::index_entries(
            &drawn.model,
            &drawn.findings,
            |j| href(&pages[j]),
        ));
    }
    let title = format!(
        "Journey maps of {}",
        inputs
            .iter()
            .map(|p| display_path(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let index = journey_map::index(&title, &entries);
    status.max(write(&dir.join("index.html"), &index, &inputs_read))
}

/// The page of a journey: the file's path under the input folder it was
/// found in (`folders`: the inputs that are directories), with the format's
/// extension (and the journey's id when the file holds several journeys).
fn page_name(folders: &[&Path], file: &Path, journey: Option<&String>, format: Format) -> PathBuf {
    let relative = folders
        .iter()
        .find_map(|folder| file.strip_prefix(folder).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(file.file_name().unwrap_or(file.as_os_str())));
    // Only plain components: a `..` or a root must never lead out of DIR.
    let mut page: PathBuf = relative
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect();
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map".to_string());
    let name = match journey {
        Some(id) => format!("{stem}.{id}.{}", format.extension()),
        None => format!("{stem}.{}", format.extension()),
    };
    page.set_file_name(name);
    page
}

/// Makes a page name unique among those already written (`x.html`,
/// `x-2.html`, …); `index.html` at the top is the index's.
fn unique(page: PathBuf, used: &mut HashSet<PathBuf>) -> PathBuf {
    used.insert(PathBuf::from("index.html"));
    if used.insert(page.clone()) {
        return page;
    }
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = page
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    (2..)
        .map(|n| page.with_file_name(format!("{stem}-{n}.{extension}")))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some name is free")
}

/// A relative URL for a page path: `/` between components, everything but
/// unreserved ASCII percent-encoded.
fn href(page: &Path) -> String {
    let mut out = String::new();
    for (i, component) in page.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for byte in component.as_os_str().to_string_lossy().bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_mirror_the_input_folder_and_never_leave_the_output() {
        let inputs = [Path::new("maps")];
        assert_eq!(
            page_name(
                &inputs,
                Path::new("maps/sales/a.journey"),
                None,
                Format::Html
            ),
            PathBuf::from("sales/a.html")
        );
        let id = "checkout".to_string();
        assert_eq!(
            page_name(&inputs, Path::new("maps/a.journey"), Some(&id), Format::Svg),
            PathBuf::from("a.checkout.svg")
        );
        assert_eq!(
            page_name(&[], Path::new("../../x.journey"), None, Format::Html),
            PathBuf::from("x.html")
        );
    }

    #[test]
    fn page_names_are_unique_and_the_index_is_reserved() {
        let mut used = HashSet::new();
        assert_eq!(unique("a.html".into(), &mut used), PathBuf::from("a.html"));
        assert_eq!(
            unique("a.html".into(), &mut used),
            PathBuf::from("a-2.html")
        );
        assert_eq!(
            unique("index.html".into(), &mut used),
            PathBuf::from("index-2.html")
        );
    }

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(
            href(Path::new("sub dir/zakup_lodówki.html")),
            "sub%20dir/zakup_lod%C3%B3wki.html"
        );
    }
}
