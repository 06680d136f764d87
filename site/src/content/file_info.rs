//! Facts about a content file, derived once when it is loaded.

use crate::domain::slug::{is_valid_slug, slugify};

/// Where a content file is and what its page is called in URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// Path relative to the site root with `/` separators: `content/jobs/xiwangong.md`.
    pub path: String,
    /// The URL segment: the file name if it is already a slug, else its pinyin.
    pub slug: String,
}

impl FileInfo {
    /// `path` is relative to the root. Returns `None` when the name gives no usable slug
    /// (nothing but punctuation or emoji, say): the caller reports it.
    pub fn new(path: String) -> Option<Self> {
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".md"))
            .unwrap_or_default();
        let slug = if is_valid_slug(stem) {
            stem.to_string()
        } else {
            slugify(stem)
        };
        (!slug.is_empty()).then_some(Self { path, slug })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_are_kept_and_chinese_names_become_pinyin() {
        let ascii = FileInfo::new("content/jobs/chengguan-xiwangong.md".into()).unwrap();
        assert_eq!(ascii.slug, "chengguan-xiwangong");
        let chinese = FileInfo::new("content/jobs/池河镇采桑工.md".into()).unwrap();
        assert_eq!(chinese.slug, "chihezhencaisanggong");
        assert!(FileInfo::new("content/jobs/！！.md".into()).is_none());
    }
}
