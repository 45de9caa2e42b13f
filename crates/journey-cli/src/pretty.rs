//! The compiled model as pretty JSON, byte for byte what
//! `serde_json::to_writer_pretty` writes, with its journeys (or the stages
//! of a journey that has many) serialised on rayon's threads. Serialising
//! is a sequential sixth of `journey compile` otherwise.
//!
//! Pretty JSON of a value depends only on how deep the value stands: an
//! element serialised on its own is the same text with every line after
//! its first indented by its depth. The model's shell (everything but the
//! array filled in) is serialised by serde as it is, with that array empty.

use std::io::{self, Write};

use journey_check::compile::{CompiledModel, JourneyJson};
use rayon::prelude::*;
use serde::Serialize;

/// serde_json's pretty indentation.
const INDENT: &[u8] = b"  ";
/// Arrays shorter than this are serialised in one piece.
const PARALLEL_FROM: usize = 16;
/// How many elements are serialised at once: memory holds their text, not
/// the whole array's.
const WINDOW: usize = 64;

/// Writes `model` as `serde_json::to_writer_pretty` does.
pub(crate) fn write_model(model: &CompiledModel, w: &mut impl Write) -> io::Result<()> {
    // Every field but the journeys: a new field fails to compile here.
    let shell = CompiledModel {
        version: model.version,
        source: model.source.clone(),
        teams: model.teams.clone(),
        personas: model.personas.clone(),
        channels: model.channels.clone(),
        journeys: Vec::new(),
    };
    let journeys = &model.journeys;
    write_with_last_array(w, &pretty_at(&shell, 0)?, 0, |w| {
        if journeys.len() >= PARALLEL_FROM {
            write_array(w, journeys, 1, |journey| pretty_at(journey, 2))
        } else {
            write_each(w, journeys, 1, |w, journey| write_journey(w, journey, 2))
        }
    })
}

/// A journey standing `depth` deep, its stages serialised in parallel when
/// there are many.
fn write_journey(w: &mut impl Write, journey: &JourneyJson, depth: usize) -> io::Result<()> {
    if journey.stages.len() < PARALLEL_FROM {
        return w.write_all(&pretty_at(journey, depth)?);
    }
    // Every field but the stages: a new field fails to compile here.
    let shell = JourneyJson {
        id: journey.id.clone(),
        label: journey.label.clone(),
        doc: journey.doc.clone(),
        goal: journey.goal.clone(),
        approach: journey.approach.clone(),
        personas: journey.personas.clone(),
        scale: journey.scale,
        owner: journey.owner.clone(),
        description: journey.description.clone(),
        kpis: journey.kpis.clone(),
        stages: Vec::new(),
    };
    write_with_last_array(w, &pretty_at(&shell, depth)?, depth, |w| {
        write_array(w, &journey.stages, depth + 1, |stage| {
            pretty_at(stage, depth + 2)
        })
    })
}

/// Pretty JSON of `value` standing `depth` levels deep.
fn pretty_at(value: &impl Serialize, depth: usize) -> io::Result<Vec<u8>> {
    let plain = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    if depth == 0 {
        return Ok(plain);
    }
    let lines = memchr::memchr_iter(b'\n', &plain).count();
    let mut out = Vec::with_capacity(plain.len() + lines * depth * INDENT.len());
    let mut rest = &plain[..];
    while let Some(at) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=at]);
        for _ in 0..depth {
            out.extend_from_slice(INDENT);
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// Writes `shell` (an object standing `depth` deep whose last field is an
/// empty array) with `fill` writing that array in place of `[]`.
fn write_with_last_array<W: Write>(
    w: &mut W,
    shell: &[u8],
    depth: usize,
    fill: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    // The shell ends `[]`, a line break, the object's indentation and `}`.
    let close = 1 + depth * INDENT.len() + 1;
    let Some(head) = shell
        .len()
        .checked_sub(close + 2)
        .filter(|&at| &shell[at..at + 2] == b"[]")
    else {
        return Err(io::Error::other(
            "the model's last field is not an empty array",
        ));
    };
    w.write_all(&shell[..head])?;
    fill(w)?;
    w.write_all(&shell[head + 2..])
}

/// An array standing `depth` deep, its elements serialised by `render` on
/// rayon's threads, a window at a time.
fn write_array<T: Sync>(
    w: &mut impl Write,
    items: &[T],
    depth: usize,
    render: impl Fn(&T) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    for (n, window) in items.chunks(WINDOW).enumerate() {
        let rendered = window
            .par_iter()
            .map(&render)
            .collect::<io::Result<Vec<_>>>()?;
        for (i, text) in rendered.iter().enumerate() {
            element_start(w, n == 0 && i == 0, depth)?;
            w.write_all(text)?;
        }
    }
    array_end(w, depth)
}

/// An array standing `depth` deep, each element written by `write`.
fn write_each<W: Write, T>(
    w: &mut W,
    items: &[T],
    depth: usize,
    mut write: impl FnMut(&mut W, &T) -> io::Result<()>,
) -> io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        element_start(w, i == 0, depth)?;
        write(w, item)?;
    }
    array_end(w, depth)
}

/// What precedes an element of a non-empty array standing `depth` deep.
fn element_start(w: &mut impl Write, first: bool, depth: usize) -> io::Result<()> {
    w.write_all(if first { b"\n" } else { b",\n" })?;
    indent(w, depth + 1)
}

fn array_end(w: &mut impl Write, depth: usize) -> io::Result<()> {
    w.write_all(b"\n")?;
    indent(w, depth)?;
    w.write_all(b"]")
}

fn indent(w: &mut impl Write, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        w.write_all(INDENT)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use journey_check::{check_file, MemoryFileSystem};
    use std::path::Path;

    fn model(text: &str) -> CompiledModel {
        let fs = MemoryFileSystem::new().with("/p/map.journey", text);
        let check = check_file(&fs, Path::new("/p/map.journey"));
        journey_check::compile::compile(&check.analysis)
    }

    fn small_journeys(count: usize, stages: usize) -> String {
        let mut text = String::from("team ops \"Ops\"\npersona p { data email }\n");
        for i in 0..count {
            text.push_str(&format!(
                "/// Journey {i}.\njourney j{i} \"J \\\"{i}\\\"\" {{\n    goal \"g\"\n    owner ops\n    for p\n    kpi k {{ target 80% }}\n"
            ));
            for s in 0..stages {
                text.push_str(&format!(
                    "    stage s{s} {{ touchpoint t{s} \"T\\n{s}\" {{ channel email emotion {} }} }}\n",
                    s % 5 + 1
                ));
            }
            text.push_str("}\n");
        }
        text
    }

    #[test]
    fn the_model_is_written_as_serde_json_writes_it() {
        let texts = [
            String::new(),
            small_journeys(1, 0),
            small_journeys(3, 2),
            small_journeys(3, 20),
            small_journeys(15, 15),
            small_journeys(16, 16),
            small_journeys(150, 1),
            journey_syntax::testgen::journey(20_000),
        ];
        for text in &texts {
            let model = model(text);
            let mut written = Vec::new();
            write_model(&model, &mut written).unwrap();
            let expected = serde_json::to_vec_pretty(&model).unwrap();
            assert!(
                written == expected,
                "{} journeys: written differs from serde_json's",
                model.journeys.len()
            );
        }
    }
}
