//! The maps of the examples and of hostile input: Mermaid snapshots, the
//! HTML and SVG structure the browser tests rely on, escaping, findings
//! placed on their cards, and linear output size.

use std::path::{Path, PathBuf};

use journey_check::compile::{compile, CompiledModel};
use journey_check::{check_file, MemoryFileSystem, RealFileSystem};
use journey_map::{findings, render, Anchor, Finding, Format};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "journey"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

fn example(path: &Path) -> (CompiledModel, Vec<Finding>) {
    let check = check_file(&RealFileSystem, path);
    assert!(!check.analysis.has_errors(), "{}", path.display());
    (compile(&check.analysis), findings(&check.analysis))
}

fn text(source: &str) -> (CompiledModel, Vec<Finding>) {
    let mut fs = MemoryFileSystem::default();
    let path = Path::new("/mem/map.journey");
    fs.insert(path, source);
    let check = check_file(&fs, path);
    (compile(&check.analysis), findings(&check.analysis))
}

#[test]
fn mermaid_of_every_example() {
    for path in examples() {
        let (model, findings) = example(&path);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mermaid = render(&model, &findings, Format::Mermaid, None);
        insta::assert_snapshot!(format!("mermaid_{name}"), mermaid);
    }
}

#[test]
fn every_example_map_shows_every_stage_touchpoint_and_rated_point() {
    for path in examples() {
        let (model, findings) = example(&path);
        let html = render(&model, &findings, Format::Html, None);
        let svg = render(&model, &findings, Format::Svg, None);
        for journey in &model.journeys {
            for stage in &journey.stages {
                assert!(html.contains(&format!("data-stage=\"{}\"", stage.id)));
                for tp in &stage.touchpoints {
                    assert!(html.contains(&format!("data-touchpoint=\"{}\"", tp.id)));
                }
            }
        }
        let rated = model
            .journeys
            .iter()
            .flat_map(|j| j.stages.iter())
            .flat_map(|s| s.touchpoints.iter())
            .filter(|tp| tp.emotion.is_some())
            .count();
        assert_eq!(html.matches("<g class=\"curve-point").count(), rated);
        assert_eq!(svg.matches("<g class=\"curve-point").count(), rated);
        assert!(!html.contains("<script"), "no script is needed");
        assert!(
            !html.contains("style=\""),
            "no style attributes (strict CSP)"
        );
        assert!(!html.contains("http://") || only_svg_namespace(&html));
        assert!(!html.contains("https://"));
    }
}

fn only_svg_namespace(html: &str) -> bool {
    html.matches("http://").count() == html.matches("http://www.w3.org/2000/svg").count()
}

#[test]
fn findings_are_placed_on_the_touchpoint_stage_or_journey_they_concern() {
    let (model, findings) = example(&repo().join("examples/hotel_stay.journey"));
    let lowest = findings
        .iter()
        .find(|f| f.code == "lowest-emotion")
        .expect("the hotel example has a lowest emotion");
    let Anchor::Touchpoint(j, s, t) = lowest.anchor else {
        panic!("{:?}", lowest.anchor)
    };
    assert_eq!(model.journeys[j].stages[s].touchpoints[t].emotion, Some(2));

    let (_, findings) = text(
        "team unused\njourney j {\n    goal \"g\"\n    stage s {\n        owner nobody_but_this_is_an_error\n    }\n}\n",
    );
    let anchors: Vec<(&str, Anchor)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.anchor))
        .collect();
    assert!(
        anchors.contains(&("unused-definition", Anchor::File)),
        "{anchors:?}"
    );
    assert!(
        anchors.contains(&("empty-stage", Anchor::Stage(0, 0))),
        "{anchors:?}"
    );
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let source = r#"
persona p "<img src=x onerror=alert(1)> & \"q\"" {
    data email
}
journey j "</title><script>alert(1)</script>" {
    goal "]]> <!-- -- \u{1}"
    for p
    stage s "Stage: one; #two %% three\nfour" {
        touchpoint t "<b>bold</b>: 5: x" {
            channel email
            emotion 2
            pain "<svg onload=alert(1)>" {
                severity high
                opportunity "a & b"
            }
            moment_of_truth "title of the moment </text>"
        }
        touchpoint title "title Page" {
            channel web
            emotion 4
        }
    }
}
"#;
    let (model, findings) = text(source);
    assert_eq!(model.journeys.len(), 1);
    for format in [Format::Html, Format::Svg] {
        let out = render(&model, &findings, format, None);
        assert!(!out.contains("<script>alert"), "{format:?}");
        assert!(!out.contains("<img src"), "{format:?}");
        assert!(!out.contains("<svg onload"), "{format:?}");
        assert!(!out.contains("<b>bold"), "{format:?}");
        assert!(!out.contains('\u{1}'), "{format:?}");
        assert!(out.contains("&lt;script&gt;"), "{format:?}");
    }
    let mermaid = render(&model, &findings, Format::Mermaid, None);
    for line in mermaid.lines().skip(1) {
        let line = line.trim_start();
        if let Some(task) = line.strip_prefix("\u{200b}") {
            assert!(task.to_lowercase().starts_with("title"), "{line}");
            continue;
        }
        if line.starts_with("title ") || line.starts_with("section ") {
            assert!(!line.contains(['#', ';']), "{line}");
            continue;
        }
        // A task: name, score and actors, split by exactly two colons.
        assert_eq!(line.matches(':').count(), 2, "{line}");
        assert!(!line.contains(['#', ';']) && !line.contains("%%"), "{line}");
    }
    assert_eq!(mermaid.lines().count(), 5, "{mermaid}");
}

#[test]
fn empty_files_and_journeys_render() {
    for source in [
        "",
        "team t\n",
        "journey j {\n}\n",
        "journey j {\n    stage s {\n    }\n}\n",
    ] {
        let (model, findings) = text(source);
        for format in [Format::Html, Format::Svg, Format::Mermaid] {
            let _ = render(&model, &findings, format, None);
        }
    }
}

#[test]
fn a_wide_scale_keeps_the_grid_small() {
    let (model, findings) = text(
        "journey j {\n    scale -1000000000..1000000000\n    stage s {\n        touchpoint a {\n            emotion 5\n        }\n    }\n}\n",
    );
    let svg = render(&model, &findings, Format::Svg, None);
    assert!(svg.matches("curve-grid").count() < 30);
}

#[test]
fn output_grows_linearly_with_the_journey() {
    let sizes: Vec<usize> = [1_000, 4_000]
        .into_iter()
        .map(|lines| {
            let (model, findings) = text(&journey_syntax::testgen::journey(lines));
            render(&model, &findings, Format::Html, None).len()
        })
        .collect();
    let ratio = sizes[1] as f64 / sizes[0] as f64;
    assert!((3.0..5.5).contains(&ratio), "{sizes:?}");
}

/// Language 1.1: does / thinks / says in their lane, backstage actions with
/// their teams and the systems below the line of visibility.
#[test]
fn the_customers_lanes_and_the_backstage_are_drawn() {
    let (model, findings) = text(
        "team ops \"Ops\"\npersona p \"P\" { data email }\n\
         journey j \"J\" {\n    goal \"g\"\n    for p\n    stage s \"S\" {\n        touchpoint t \"T\" {\n            channel email\n            emotion 3\n            does \"Opens the mail\"\n            thinks \"Is it spam?\"\n            says \"I almost deleted it\"\n            backstage \"Segments the list\" by ops\n            system \"ESP\"\n        }\n    }\n}\n",
    );
    for format in [Format::Html, Format::Svg] {
        let map = render(&model, &findings, format, None);
        for expected in [
            "Opens the mail",
            "Is it spam?",
            "I almost deleted it",
            "Segments the list",
            "By: ops",
            "ESP",
            // The SVG wraps the lane title over lines.
            "Backstage (below",
        ] {
            assert!(map.contains(expected), "{format:?} lacks {expected}");
        }
    }
    // A map without any of it gets neither lane.
    let (model, findings) = text(
        "journey j \"J\" {\n    goal \"g\"\n    stage s { touchpoint t { channel web } }\n}\n",
    );
    let html = render(&model, &findings, Format::Html, None);
    assert!(!html.contains("line of visibility"));
}

/// Buyer vs user: an own rating, the fallback to the audience-wide rating,
/// and a touchpoint the user does not meet.
const PERSONA_CURVES: &str = "persona buyer \"Buyer\" {}\npersona user \"User\" {}\n\
journey j \"J\" {\n    goal \"g\"\n    for buyer, user\n    stage s \"S\" {\n\
        touchpoint demo \"Demo\" {\n            channel web\n            emotion 4 \"curious\"\n            emotion 2 \"bored\" for user\n        }\n\
        touchpoint contract \"Contract\" {\n            channel web\n            for buyer\n            emotion 3\n            emotion 5 \"relieved\" for buyer\n        }\n\
        touchpoint rollout \"Rollout\" {\n            channel web\n            emotion 3\n        }\n    }\n}\n";

/// The one element of `map` that starts with `open` (up to its end tag).
fn element<'a>(map: &'a str, open: &str, close: &str) -> &'a str {
    let start = map.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = start + map[start..].find(close).unwrap() + close.len();
    &map[start..end]
}

/// `(persona, touchpoint, emotion)` of every persona curve point, in order.
fn persona_points(map: &str) -> Vec<(String, String, i64)> {
    let attr = |tag: &str, name: &str| -> String {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].to_string()
    };
    map.match_indices("<g class=\"persona-curve-point")
        .map(|(i, _)| {
            let tag = &map[i..i + map[i..].find('>').unwrap()];
            (
                attr(tag, "data-persona"),
                attr(tag, "data-touchpoint"),
                attr(tag, "data-emotion").parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn persona_curves_follow_own_ratings_else_the_audience_wide_one() {
    let (model, findings) = text(PERSONA_CURVES);
    assert!(findings
        .iter()
        .all(|f| f.severity != journey_syntax::Severity::Error));
    let expected: Vec<(String, String, i64)> = [
        ("user", "demo", 2),
        // The user does not meet the contract: no point there.
        ("user", "rollout", 3),
        ("buyer", "demo", 4),
        ("buyer", "contract", 5),
        ("buyer", "rollout", 3),
    ]
    .iter()
    .map(|(p, t, e)| (p.to_string(), t.to_string(), *e))
    .collect();
    for format in [Format::Html, Format::Svg] {
        let map = render(&model, &findings, format, None);
        assert_eq!(persona_points(&map), expected, "{format:?}");
        // The legend names each persona, and the audience-wide curve.
        let legend = element(&map, "<g class=\"curve-legend\">", "</g></g>");
        for name in ["Whole audience", ">User<", ">Buyer<"] {
            assert!(legend.contains(name), "{format:?} legend lacks {name}");
        }
        // Told apart without colour: each its own dash pattern.
        assert!(map.contains("stroke-dasharray=\"9 5\""));
        assert!(map.contains("stroke-dasharray=\"2 4\""));
        // The feeling is in the point's tooltip.
        assert!(map.contains("User at Demo: 2 on 1..5 (own rating, bored)</title>"));
    }
}

#[test]
fn persona_curves_snapshots() {
    let (model, findings) = text(PERSONA_CURVES);
    let html = render(&model, &findings, Format::Html, None);
    insta::assert_snapshot!(
        "persona_curves_html_curve",
        element(&html, "<svg class=\"curve\"", "</svg>")
    );
    insta::assert_snapshot!(
        "persona_curves_html_table",
        element(&html, "<details class=\"curve-table\">", "</details>")
    );
    let svg = render(&model, &findings, Format::Svg, None);
    insta::assert_snapshot!(
        "persona_curves_svg_curve",
        element(&svg, "<g class=\"curve\"", "</g></g></g>")
    );
    insta::assert_snapshot!(
        "persona_curves_mermaid",
        render(&model, &findings, Format::Mermaid, None)
    );
    // The B2B CRM example: the client's sales representative against the buyer.
    let (model, findings) = example(&repo().join("examples/crm_implementation.journey"));
    let html = render(&model, &findings, Format::Html, None);
    insta::assert_snapshot!(
        "crm_implementation_html_curve",
        element(&html, "<svg class=\"curve\"", "</svg>")
    );
    let svg = render(&model, &findings, Format::Svg, None);
    insta::assert_snapshot!(
        "crm_implementation_svg_curve",
        element(&svg, "<g class=\"curve\"", "</g></g></g>")
    );
}

#[test]
fn maps_without_per_persona_ratings_draw_no_persona_curve() {
    for path in examples() {
        let (model, findings) = example(&path);
        let own = model
            .journeys
            .iter()
            .flat_map(|j| j.stages.iter().flat_map(|s| s.touchpoints.iter()))
            .any(|tp| tp.emotions.iter().any(|e| e.persona.is_some()));
        for format in [Format::Html, Format::Svg] {
            let map = render(&model, &findings, format, None);
            assert_eq!(
                map.contains("class=\"persona-curve"),
                own,
                "{} {format:?}",
                path.display()
            );
            assert_eq!(map.contains("curve-legend\""), own);
        }
    }
}

#[test]
fn many_persona_curves_stay_distinct_and_wrap_their_legend() {
    let personas: String = (0..25)
        .map(|i| format!("persona p{i} \"Persona number {i} with a rather long label\" {{}}\n"))
        .collect();
    let names: Vec<String> = (0..25).map(|i| format!("p{i}")).collect();
    let ratings: String = (0..25)
        .map(|i| format!("            emotion {} for p{i}\n", i % 5 + 1))
        .collect();
    let source = format!(
        "{personas}journey j \"J\" {{\n    goal \"g\"\n    for {}\n    stage s {{\n        touchpoint a {{\n            channel web\n            emotion 3\n{ratings}        }}\n        touchpoint b {{\n            channel web\n            emotion 4\n        }}\n    }}\n}}\n",
        names.join(", ")
    );
    let (model, findings) = text(&source);
    for format in [Format::Html, Format::Svg] {
        let map = render(&model, &findings, format, None);
        assert_eq!(persona_points(&map).len(), 50, "{format:?}");
        assert_eq!(map.matches("class=\"curve-legend-entry").count(), 26);
        // The first 20 curves differ in dash pattern or marker shape.
        let styles: std::collections::HashSet<&str> = map
            .match_indices("class=\"persona-curve-line\" d=\"")
            .map(|(i, _)| {
                let rest = &map[i..];
                let dash = rest.find("stroke-dasharray=\"").unwrap();
                &rest[dash..dash + rest[dash..].find("\"/>").unwrap()]
            })
            .collect();
        assert_eq!(styles.len(), 4, "four dash patterns, cycling");
    }
}
