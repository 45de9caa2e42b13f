//! Properties on generated journeys: a version compared with itself has no
//! changes, and comparing two versions the other way round gives the
//! mirror image (added ↔ removed, better ↔ worse, old ↔ new).

use std::collections::BTreeMap;
use std::fmt::Write;

use journey_check::MemoryFileSystem;
use journey_diff::load::{load, Input};
use journey_diff::{Change, Side};

/// A small deterministic generator (xorshift64*): no dependency, and a
/// failing seed is printed and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DATA: &[&str] = &["email", "phone", "app"];
const CHANNELS: &[&str] = &["email", "sms", "web", "in_app", "store"];
const PAINS: &[&str] = &["Slow", "Confusing", "Expensive", "Broken link"];
const SEVERITIES: &[&str] = &["low", "medium", "high"];
const SCALES: &[(i64, i64)] = &[(1, 5), (1, 10), (0, 4)];

/// A random journey over a small vocabulary of ids, so that two draws share
/// most ids and differ in values: what a real edit looks like.
fn journey(rng: &mut Rng) -> String {
    let mut out = String::from("team sales \"Sales\"\n");
    for persona in ["buyer", "visitor"] {
        let data: Vec<&str> = DATA.iter().copied().filter(|_| rng.chance(60)).collect();
        let data = if data.is_empty() {
            "email".to_string()
        } else {
            data.join(", ")
        };
        let _ = writeln!(out, "persona {persona} {{\n    data {data}\n}}");
    }
    let (min, max) = SCALES[rng.below(SCALES.len())];
    let label = rng.pick(&["Shop", "Store"]);
    let _ = writeln!(
        out,
        "journey shop \"{label}\" {{\n    goal \"Sell\"\n    owner sales\n    scale {min}..{max}"
    );
    if rng.chance(70) {
        let _ = writeln!(
            out,
            "    for {}",
            rng.pick(&["buyer", "visitor", "buyer, visitor"])
        );
    }
    kpi(rng, &mut out, "    ");
    let mut touchpoint = 0;
    let promises: Vec<usize> = (0..3).filter(|_| rng.chance(50)).collect();
    for stage in 0..4 {
        if !rng.chance(75) {
            continue;
        }
        let label = rng.pick(&["Browse", "Buy", "Use"]);
        let _ = writeln!(out, "    stage s{stage} \"{label}\" {{");
        if stage == 0 {
            for p in &promises {
                let _ = writeln!(out, "        promise p{p} \"Promise {p}\"");
            }
        }
        if stage > 0 {
            for p in &promises {
                if rng.chance(30) {
                    let _ = writeln!(out, "        keeps p{p}");
                }
            }
        }
        if rng.chance(40) {
            let _ = writeln!(
                out,
                "        desired d{stage} {{ target {}% }}",
                10 * rng.below(10)
            );
            if rng.chance(70) {
                let _ = writeln!(out, "        completed d{stage} {} of 10", rng.below(11));
            }
        }
        for _ in 0..rng.below(3) + 1 {
            // Ids drift between draws: some touchpoints move between stages.
            let id = (touchpoint + rng.below(2)) % 8;
            touchpoint += 1;
            touchpoint_block(rng, &mut out, id, min, max);
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

fn kpi(rng: &mut Rng, out: &mut String, indent: &str) {
    for id in ["nps", "churn_rate"] {
        if !rng.chance(60) {
            continue;
        }
        let (target, actual) = if id == "nps" {
            (
                format!("{}", 10 * rng.below(5)),
                format!("{}", 10 * rng.below(5)),
            )
        } else {
            (format!("{}%", rng.below(10)), format!("{}%", rng.below(10)))
        };
        let _ = writeln!(out, "{indent}kpi {id} {{\n{indent}    target {target}\n{indent}    actual {actual}\n{indent}}}");
    }
}

fn touchpoint_block(rng: &mut Rng, out: &mut String, id: usize, min: i64, max: i64) {
    if out.contains(&format!("touchpoint t{id} ")) {
        return;
    }
    let label = rng.pick(&["Page", "Form", "Mail"]);
    let _ = writeln!(out, "        touchpoint t{id} \"{label}\" {{");
    let _ = writeln!(out, "            channel {}", rng.pick(CHANNELS));
    if rng.chance(40) {
        let _ = writeln!(
            out,
            "            for {}",
            rng.pick(&["buyer", "visitor", "buyer, visitor"])
        );
    }
    if rng.chance(80) {
        let emotion = min + rng.below((max - min + 1) as usize) as i64;
        let _ = writeln!(out, "            emotion {emotion}");
    }
    if rng.chance(50) {
        let _ = writeln!(out, "            effort {}", 1 + rng.below(7));
    }
    for pain in PAINS {
        if rng.chance(30) {
            let _ = write!(out, "            pain \"{pain}\"");
            if rng.chance(60) {
                let _ = write!(
                    out,
                    " {{\n                severity {}\n",
                    rng.pick(SEVERITIES)
                );
                if rng.chance(50) {
                    let _ = writeln!(out, "                opportunity \"Fix {pain}\"");
                }
                out.push_str("            }");
            }
            out.push('\n');
        }
    }
    if rng.chance(30) {
        let _ = writeln!(
            out,
            "            moment_of_truth \"{}\"",
            rng.pick(&["Paid", "Delivered"])
        );
    }
    if rng.chance(20) {
        let _ = writeln!(
            out,
            "            opportunity \"{}\"",
            rng.pick(&["Faster", "Cheaper"])
        );
    }
    if rng.chance(30) {
        kpi(rng, out, "            ");
    }
    out.push_str("        }\n");
}

fn side(text: &str) -> Side {
    let fs = MemoryFileSystem::new().with("/generated/map.journey", text);
    let input = Input {
        read: "/generated/map.journey".into(),
        name: "map.journey".to_string(),
    };
    load(&fs, &[input], None).side
}

/// What identifies a change, seen from the other direction.
fn key(change: &Change, mirrored: bool) -> String {
    let (kind, effect, old, new, met) = if mirrored {
        (
            change.kind.mirror(),
            change.effect.mirror(),
            &change.new,
            &change.old,
            change.met.map(|m| (m.new, m.old)),
        )
    } else {
        (
            change.kind,
            change.effect,
            &change.old,
            &change.new,
            change.met.map(|m| (m.old, m.new)),
        )
    };
    serde_json::json!({
        "kind": kind, "effect": effect, "journey": change.journey,
        "touchpoint": change.touchpoint, "desired": change.desired, "kpi": change.kpi,
        "promise": change.promise, "persona": change.persona, "pain": change.pain,
        "code": change.code, "old": old, "new": new, "met": met,
    })
    .to_string()
}

fn counted(changes: &[Change], mirrored: bool) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for change in changes {
        *map.entry(key(change, mirrored)).or_default() += 1;
    }
    map
}

#[test]
fn a_version_compared_with_itself_has_no_changes() {
    for seed in 1..=150u64 {
        let text = journey(&mut Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        let x = side(&text);
        let changes = journey_diff::diff(&x, &x);
        assert!(changes.is_empty(), "seed {seed}:\n{text}\n{changes:#?}");
    }
}

#[test]
fn comparing_backwards_gives_the_mirror_image() {
    let mut nonempty = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for seed in 1..=150u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (a, b) = (journey(&mut rng), journey(&mut rng));
        let (a_side, b_side) = (side(&a), side(&b));
        let forward = journey_diff::diff(&a_side, &b_side);
        let backward = journey_diff::diff(&b_side, &a_side);
        nonempty += usize::from(!forward.is_empty());
        kinds.extend(forward.iter().map(|c| c.kind));
        assert_eq!(
            counted(&forward, true),
            counted(&backward, false),
            "seed {seed}:\n--- a\n{a}\n--- b\n{b}"
        );
    }
    assert!(
        nonempty > 100,
        "the generator should make different versions"
    );
    // The generated edits exercise the value changes, not only additions.
    use journey_diff::Kind::*;
    for kind in [
        Emotion,
        Effort,
        Scale,
        Channel,
        Audience,
        Data,
        PainAdded,
        PainSeverity,
        OpportunityAdded,
        TouchpointMoved,
        PromiseKept,
        Completion,
        KpiActual,
        DiagnosticAdded,
    ] {
        assert!(kinds.contains(&kind), "no generated edit shows {kind:?}");
    }
}

/// A large map (thousands of touchpoints, each with a desired action and
/// a KPI) compares in one pass: every lookup is by id, findings are
/// multisets.
#[test]
fn a_large_map_with_many_edits() {
    let old = journey_syntax::testgen::journey(20_000);
    let new = old.replace("emotion 3", "emotion 4");
    let edited = old.matches("emotion 3").count();
    assert!(edited > 100);
    let changes = journey_diff::diff(&side(&old), &side(&new));
    let emotions = changes
        .iter()
        .filter(|c| {
            c.kind == journey_diff::Kind::Emotion && c.effect == journey_diff::Effect::Better
        })
        .count();
    assert_eq!(emotions, edited);
}

/// Broken and half-typed versions (truncated, a range cut out, a stray
/// brace or quote) are compared without a panic, and each still compares
/// equal to itself.
#[test]
fn mutated_versions_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diff");
    let mut rng = Rng(0x5EED);
    for entry in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path().join("new.journey")).unwrap();
        let original = side(&text);
        for _ in 0..25 {
            let mut bytes = text.clone().into_bytes();
            let at = rng.below(bytes.len());
            match rng.below(4) {
                0 => bytes.truncate(at),
                1 => {
                    let end = (at + rng.below(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                2 => bytes.insert(at, b'{'),
                _ => bytes.insert(at, b'"'),
            }
            let mutated = String::from_utf8_lossy(&bytes).into_owned();
            let broken = side(&mutated);
            let _ = journey_diff::diff(&original, &broken);
            let _ = journey_diff::diff(&broken, &original);
            assert!(journey_diff::diff(&broken, &broken).is_empty(), "{mutated}");
        }
    }
}
