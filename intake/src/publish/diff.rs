//! A line diff between the file as it is now and what a person submitted, shown when their
//! save is refused because someone else changed the file since they opened it.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a diff: `-` only in the current file, `+` only in the submission, ` ` in both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub tag: &'static str,
    pub text: String,
}

/// The changed lines with three lines of context around each change; `…` between groups.
pub fn lines(current: &str, submitted: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(current, submitted);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                tag: " ",
                text: "…".into(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let tag = match change.tag() {
                    ChangeTag::Delete => "-",
                    ChangeTag::Insert => "+",
                    ChangeTag::Equal => " ",
                };
                out.push(DiffLine {
                    tag,
                    text: change.value().trim_end_matches('\n').to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_what_differs_with_context() {
        let current = "a\nb\npay = 20\nc\n";
        let submitted = "a\nb\npay = 18\nc\n";
        let d = lines(current, submitted);
        assert!(d.contains(&DiffLine {
            tag: "-",
            text: "pay = 20".into()
        }));
        assert!(d.contains(&DiffLine {
            tag: "+",
            text: "pay = 18".into()
        }));
        assert!(d.iter().any(|l| l.tag == " " && l.text == "b"));
        assert!(lines("same\n", "same\n").is_empty());
    }
}
