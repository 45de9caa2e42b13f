//! A text and a script of edits (see `split_text_and_script` and
//! `next_edit`), applied one after the other the way the language server
//! applies them: through `ParsedFile::edited_from` on the previous
//! version's parse, and through `journey_syntax::reparse::reparse` on a copy. After
//! every edit both must equal a full parse of the new text, tree and errors
//! alike.
#![no_main]

use std::sync::Arc;

use journey_fuzz::{next_edit, split_text_and_script};
use journey_syntax::reparse::{reparse, Edit};
use journey_ide::ParsedFile;
use libfuzzer_sys::fuzz_target;

/// Bounds the work of one input (each edit costs a few full parses).
const MAX_EDITS: usize = 16;

fuzz_target!(|data: &[u8]| {
    let (mut text, mut script) = split_text_and_script(data);
    let path = "/fuzz/a.journey";
    let mut parsed = Arc::new(ParsedFile::new(path, Arc::from(text.as_str())));
    for step in 0..MAX_EDITS {
        let Some(edit) = next_edit(&mut script, &text) else {
            break;
        };
        let mut new_text = text.clone();
        new_text.replace_range(edit.start..edit.old_end, &edit.insert);
        // What a regression test needs: the text before, the edit, the insert.
        let case = format!(
            "text {text:?}, {}..{} replaced by {:?}",
            edit.start, edit.old_end, edit.insert
        );
        let edit = Edit {
            start: edit.start,
            old_end: edit.old_end,
            new_len: edit.insert.len(),
        };
        let expected = format!("{:?}", journey_syntax::parse(&new_text));
        if let Some(copied) = reparse(&parsed.parse, &new_text, edit) {
            assert_eq!(
                format!("{copied:?}"),
                expected,
                "step {step}: re-parse of a copy differs from a full parse; {case}"
            );
        }
        parsed = Arc::new(ParsedFile::edited_from(
            parsed,
            Arc::from(new_text.as_str()),
            edit,
        ));
        assert_eq!(
            format!("{:?}", parsed.parse),
            expected,
            "step {step}: re-parse in place differs from a full parse; {case}"
        );
        text = new_text;
    }
});
