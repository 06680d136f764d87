//! Cutting a content file into its TOML front matter and its Markdown body.
//!
//! Both parts stay borrowed from the file's text, and the front matter keeps its byte offset so
//! that a problem found by the TOML parser can be reported at its line in the file.

/// A content file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Why a file could not be cut: always at the start of the file.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    MissingOpening,
    MissingClosing,
}

impl SplitError {
    pub fn message(&self) -> &'static str {
        match self {
            SplitError::MissingOpening => "文件开头缺少 +++ 分隔线",
            SplitError::MissingClosing => "字段区没有结束的 +++ 分隔线",
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            SplitError::MissingOpening => {
                "第一行应为 +++，接着写 title = \"…\" 等字段，再用一行 +++ 结束，然后是正文"
            }
            SplitError::MissingClosing => "在字段之后、正文之前加一行 +++",
        }
    }
}

const FENCE: &str = "+++";

/// Splits `text` at its `+++` fences. A UTF-8 byte-order mark and CRLF line ends are allowed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != FENCE {
        return Err(SplitError::MissingOpening);
    }
    let fm_start = start + first_line_end;
    let mut line_start = fm_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].trim_end() == FENCE {
            return Ok(Split {
                front_matter: &text[fm_start..line_start],
                front_matter_offset: fm_start,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        line_start = line_end;
    }
    Err(SplitError::MissingClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_keeping_offsets() {
        let text = "+++\ntitle = \"洗碗工\"\n+++\n正文\n";
        let s = split(text).unwrap();
        assert_eq!(s.front_matter, "title = \"洗碗工\"\n");
        assert_eq!(&text[s.front_matter_offset..][..5], "title");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_offset, text.find("正文").unwrap());
    }

    #[test]
    fn accepts_bom_crlf_and_an_empty_body() {
        let s = split("\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\n").unwrap();
        assert_eq!(s.front_matter, "title = \"a\"\r\n");
        assert_eq!(s.body, "");
        assert_eq!(s.front_matter_offset, 8);
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split("title = 1\n"), Err(SplitError::MissingOpening));
        assert_eq!(
            split("---\ntitle: a\n---\n"),
            Err(SplitError::MissingOpening)
        );
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::MissingClosing));
        assert_eq!(split(""), Err(SplitError::MissingOpening));
    }
}
