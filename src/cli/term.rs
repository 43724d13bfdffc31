//! Text for a terminal: what a page or a file name carries (escape sequences that retitle
//! the window, move the cursor or hide text) is shown escaped, never obeyed. Colours whosaid
//! writes itself (SGR sequences, `ESC [ … m`) pass.

use std::borrow::Cow;
use std::io::{self, Write};

/// A writer of text for people that escapes control characters other than newline and tab
/// (`\u{1b}` for ESC), letting through only colour sequences; JSON passes untouched (it is
/// escaped by its own rules), so `for_json` turns the escaping off.
pub struct Printable<W: Write> {
    inner: W,
    active: bool,
}

impl<W: Write> Printable<W> {
    /// Escaping what is written to `inner`, unless it is JSON.
    pub fn new(inner: W, for_json: bool) -> Self {
        Printable {
            inner,
            active: !for_json,
        }
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.active {
            return self.inner.write(buf);
        }
        let text = String::from_utf8_lossy(buf);
        self.inner.write_all(escape(&text, true).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The text with control characters escaped (colour sequences kept when `keep_colours`).
pub fn escape(text: &str, keep_colours: bool) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_colours && c == '\u{1b}' {
            if let Some(len) = colour_sequence(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// "1 mention", "3 mentions": a count with its noun in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Line text for an error message: every control character escaped.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The length of an SGR sequence (`ESC [ digits ; … m`) at the start of `s`.
fn colour_sequence(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let len = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    (body[len..].starts_with('m')).then_some(2 + len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_are_shown_not_obeyed() {
        let hostile = "Zoë\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}x\n";
        assert_eq!(
            escape(hostile, true),
            "Zoë\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}\\u{9b}x\n"
        );
        assert_eq!(
            escape("\u{1b}[1;4mQuotes\u{1b}[0m", true),
            "\u{1b}[1;4mQuotes\u{1b}[0m"
        );
        assert_eq!(line("\u{1b}[1mfile.txt"), "\\u{1b}[1mfile.txt");
        let mut out = Printable::new(Vec::new(), false);
        write!(out, "a\u{1b}]8;;http://x\u{7}b").expect("write");
        assert_eq!(
            String::from_utf8(out.inner).expect("utf-8"),
            "a\\u{1b}]8;;http://x\\u{7}b"
        );
        let mut json = Printable::new(Vec::new(), true);
        write!(json, "\u{9b}").expect("write");
        assert_eq!(json.inner, "\u{9b}".as_bytes(), "JSON is left to serde");
    }
}
