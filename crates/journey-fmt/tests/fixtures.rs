//! Snapshot tests: every messy input in `tests/fixtures/fmt/*.journey` and
//! its canonical form.

#[test]
fn format() {
    insta::glob!("../../../tests/fixtures/fmt", "*.journey", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let formatted = journey_fmt::format(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(
            journey_fmt::format(&formatted).unwrap(),
            formatted,
            "{}: formatting twice changed the text",
            path.display()
        );
        insta::assert_snapshot!(formatted);
    });
}
