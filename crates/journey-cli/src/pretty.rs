//! Pretty JSON, byte for byte as `serde_json::to_writer_pretty` writes it
//! (two spaces per level), with each line break and its indentation written
//! at once. serde_json writes the indentation one level at a time: for the
//! compiled model of a 100k-line journey that was 2.5 million small copies,
//! an eighth of `journey compile`'s instructions.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// Writes `value` as pretty JSON to `writer`.
pub(crate) fn to_writer<W: Write>(writer: W, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, Pretty::default());
    value.serialize(&mut serializer).map_err(io::Error::other)
}

/// `value` as pretty JSON.
pub(crate) fn to_string(value: &(impl Serialize + ?Sized)) -> String {
    let mut out = Vec::new();
    to_writer(&mut out, value).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Levels of indentation written with one copy; deeper ones take more.
const LEVELS: usize = 32;

/// `,` then a line break and the indentation of [`LEVELS`] levels.
static BREAK: [u8; 2 + 2 * LEVELS] = {
    let mut line = [b' '; 2 + 2 * LEVELS];
    line[0] = b',';
    line[1] = b'\n';
    line
};

/// serde_json's `PrettyFormatter` with an indentation of two spaces.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

/// A line break (after a comma, when `comma`) and the indentation of `level`.
fn line_break<W: ?Sized + Write>(writer: &mut W, comma: bool, level: usize) -> io::Result<()> {
    let start = usize::from(!comma);
    let inline = level.min(LEVELS);
    writer.write_all(&BREAK[start..2 + 2 * inline])?;
    for _ in inline..level {
        writer.write_all(b"  ")?;
    }
    Ok(())
}

impl Pretty {
    /// An array's or an object's opening bracket: one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Its closing bracket, on a line of its own when it holds something.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            line_break(writer, false, self.level)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        line_break(writer, !first, self.level)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        line_break(writer, !first, self.level)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// A value nested `depth` levels, with empty and full arrays and
    /// objects, strings that need escapes, and numbers at every level.
    fn nested(depth: usize) -> Value {
        let mut value = json!({"leaf": [1, 2.5, -3], "empty": [], "none": {}, "s": "a\"b\\c\n"});
        for level in 0..depth {
            value = if level % 2 == 0 {
                json!([value, [], {}, level, null, true, [[]], [{}], {"k": []}])
            } else {
                json!({"inner": value, "n": level, "list": ["x", {"y": {}}]})
            };
        }
        value
    }

    #[test]
    fn writes_what_serde_json_pretty_writes_at_any_depth() {
        for depth in [0, 1, 2, 5, LEVELS - 1, LEVELS, LEVELS + 1, 2 * LEVELS + 3] {
            let value = nested(depth);
            assert_eq!(
                to_string(&value),
                serde_json::to_string_pretty(&value).unwrap(),
                "depth {depth}"
            );
        }
        for value in [json!([]), json!({}), json!(null), json!("x"), json!([[[]]])] {
            assert_eq!(
                to_string(&value),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
}
