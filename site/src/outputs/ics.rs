//! A minimal iCalendar (RFC 5545) content-line writer: TEXT escaping, folding at 75 octets
//! and CRLF line ends. It knows nothing of events; `calendar.rs` says what to write.
//!
//! Written by hand because the rules are few and exact, and because the folding must never cut
//! a UTF-8 character in two: Chinese titles are three octets a character, and some calendar
//! apps show mojibake for the whole event when a fold splits one.

/// The longest a content line may be, in octets, not counting its CRLF (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// An iCalendar object being written, line by line.
#[derive(Debug, Default)]
pub struct Ics {
    out: String,
}

impl Ics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `NAME[;PARAMS]:VALUE` with `value` as is (dates, numbers, URIs, fixed words).
    pub fn raw(&mut self, name: &str, value: &str) {
        fold_into(&format!("{name}:{value}"), &mut self.out);
    }

    /// Writes a TEXT property, escaping backslashes, semicolons, commas and newlines.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11). Any line break (CRLF, CR or LF) becomes `\n`.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT; drop them.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into pieces of at most 75 octets, each ended by CRLF. Continuation
/// lines start with one space, which counts toward their 75. Cuts fall only between
/// characters.
pub fn fold_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line takes one octet of its 75.
        limit = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes folding the way a parser does: remove every CRLF followed by a space.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn text_values_escape_the_four_special_characters() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf"),
            "a\\\\b\\;c\\,d\\ne\\nf".to_string()
        );
        assert_eq!(
            escape_text("石泉，城关"),
            "石泉，城关",
            "full-width commas stay"
        );
    }

    #[test]
    fn short_lines_are_not_folded_and_end_in_crlf() {
        let mut ics = Ics::new();
        ics.raw("VERSION", "2.0");
        assert_eq!(ics.finish(), "VERSION:2.0\r\n");
    }

    #[test]
    fn long_chinese_lines_fold_at_75_octets_between_characters() {
        let title = "石泉县二〇二六年冬季零工专场招聘会暨返乡人员就业服务月启动仪式（城关镇会场）";
        assert!(title.len() > 75);
        let mut ics = Ics::new();
        ics.text("SUMMARY", title);
        let out = ics.finish();
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1, "folded: {out:?}");
        for (i, line) in lines.iter().enumerate() {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "line {i} is {} octets",
                line.len()
            );
            if i > 0 {
                assert!(line.starts_with(' '));
            }
        }
        // Every piece is valid UTF-8 on its own (a &str could not hold it otherwise), and the
        // pieces join back to the original.
        assert_eq!(unfold(&out), format!("SUMMARY:{title}\r\n"));
    }

    #[test]
    fn folding_fills_lines_exactly_when_characters_allow() {
        let mut out = String::new();
        fold_into(&"a".repeat(75 + 74 + 3), &mut out);
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(
            lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [75, 75, 4]
        );
    }
}
