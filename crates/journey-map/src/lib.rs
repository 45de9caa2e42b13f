//! Draws journey maps: a self-contained HTML map, a standalone SVG and
//! Mermaid `journey` diagrams.
//!
//! Renderers read only the compiled model of LANGUAGE.md §8
//! ([`journey_check::compile::CompiledModel`], the same value `journey
//! compile` prints) and the file's diagnostics placed on the map
//! ([`Finding`], see [`findings()`]), so the picture never disagrees with the
//! JSON.
//!
//! * [`render`]: one document for a file (every journey in it) or for one of
//!   its journeys.
//! * [`index`]: the page that lists the journeys of a directory.
//!
//! Everything is linear in the size of the model; no output loads anything
//! from the network.

mod curve;
mod escape;
mod findings;
mod html;
mod lanes;
mod mermaid;
mod svg;
mod text;
mod values;
mod view;

use journey_check::compile::CompiledModel;
use journey_syntax::Severity;

pub use findings::{findings, Anchor, Finding};

/// An output format of `journey render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Svg,
    Mermaid,
}

impl Format {
    /// The file extension of a document in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Mermaid => "mmd",
        }
    }
}

/// The document of `model` in `format`: every journey of the file, or only
/// `journeys[j]` with `Some(j)`.
pub fn render(
    model: &CompiledModel,
    findings: &[Finding],
    format: Format,
    only: Option<usize>,
) -> String {
    match format {
        Format::Html => html::page(model, findings, only),
        Format::Svg => svg::document(model, findings, only),
        Format::Mermaid => mermaid::diagrams(model, only),
    }
}

/// How many findings of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

pub fn counts<'a>(findings: impl Iterator<Item = &'a Finding>) -> Counts {
    let mut counts = Counts::default();
    for finding in findings {
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Advice => counts.advice += 1,
        }
    }
    counts
}

/// One row of a directory's index page.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexEntry {
    /// The link to the journey's page, relative to the index.
    pub href: String,
    pub label: String,
    /// The `.journey` file it comes from.
    pub source: String,
    pub goal: Option<String>,
    /// The owning team's label.
    pub owner: Option<String>,
    /// The lowest rating, the scale, and the touchpoints rated so.
    pub lowest: Option<(i64, (i64, i64), Vec<String>)>,
    /// The findings inside the journey.
    pub counts: Counts,
}

/// The index rows of the journeys of one file; `href(j)` names the page of
/// `journeys[j]`.
pub fn index_entries(
    model: &CompiledModel,
    findings: &[Finding],
    href: impl Fn(usize) -> String,
) -> Vec<IndexEntry> {
    let names = view::Names::of(model);
    model
        .journeys
        .iter()
        .enumerate()
        .map(|(j, journey)| {
            let lowest = journey
                .stages
                .iter()
                .flat_map(|s| s.touchpoints.iter())
                .filter_map(|tp| view::rated(journey, tp).map(|e| (e, tp)))
                .fold(None::<(i64, Vec<String>)>, |acc, (e, tp)| match acc {
                    Some((low, mut at)) if e == low => {
                        at.push(tp.label.clone());
                        Some((low, at))
                    }
                    Some((low, at)) if e > low => Some((low, at)),
                    _ => Some((e, vec![tp.label.clone()])),
                })
                .map(|(e, at)| (e, (journey.scale.min, journey.scale.max), at));
            IndexEntry {
                href: href(j),
                label: journey.label.clone(),
                source: model.source.clone(),
                goal: journey.goal.clone(),
                owner: journey.owner.as_deref().map(|o| names.team(o).to_string()),
                lowest,
                counts: counts(findings.iter().filter(|f| f.anchor.journey() == Some(j))),
            }
        })
        .collect()
}

/// The index page of a directory's maps.
pub fn index(title: &str, entries: &[IndexEntry]) -> String {
    html::index(title, entries)
}
