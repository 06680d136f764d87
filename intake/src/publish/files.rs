//! Content files on disk: their hashes (what an edit form carries to detect a concurrent
//! change), finding one by slug, choosing a new unique slug, and writing one atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use lingong_site::content::file_info::FileInfo;
use lingong_site::domain::slug::slugify;
use sha2::{Digest, Sha256};

use super::fields::ContentKind;

/// SHA-256 of a file's bytes, hex.
pub fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The `.md` files of one section (`_index.md` aside), as (slug, path relative to the root).
pub fn list(root: &Path, kind: ContentKind) -> Vec<(String, String)> {
    let dir = root.join("content").join(kind.dir());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && name != "_index.md")
        .filter_map(|name| {
            let rel = format!("content/{}/{name}", kind.dir());
            FileInfo::new(rel.clone()).map(|info| (info.slug, rel))
        })
        .collect();
    out.sort();
    out
}

/// The file whose page has this slug (a Chinese file name has its pinyin as slug).
pub fn find(root: &Path, kind: ContentKind, slug: &str) -> Option<String> {
    list(root, kind)
        .into_iter()
        .find(|(s, _)| s == slug)
        .map(|(_, rel)| rel)
}

/// A slug for a new file from its words (pinyin), at most about 60 characters, cut at a dash,
/// and not taken by any file of the section: `-2`, `-3` … are added when it is.
pub fn new_slug(root: &Path, kind: ContentKind, words: &str) -> String {
    let mut base = slugify(words);
    if base.len() > 60 {
        let cut = base[..60].rfind('-').unwrap_or(60);
        base.truncate(cut);
    }
    if base.is_empty() {
        base = kind.dir().trim_end_matches('s').to_string();
    }
    let taken: Vec<String> = list(root, kind).into_iter().map(|(s, _)| s).collect();
    let free = |s: &str| !taken.iter().any(|t| t == s) && !root.join(kind.path_of(s)).exists();
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| free(s))
        .expect("some number is free")
}

/// How a file is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new file: refused if the name exists (never overwrite another job).
    Create,
    /// An edit: the old file is replaced in one rename.
    Replace,
}

/// Writes `text` to `path` by way of a temporary file in the same folder (not ending in `.md`,
/// so no build ever reads it half-written), synced, then renamed (or, for a new file,
/// hard-linked, which fails when the name is taken) into place.
pub fn write_atomically(path: &Path, text: &str, mode: Mode) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        match mode {
            Mode::Create => std::fs::hard_link(&temp, path),
            Mode::Replace => std::fs::rename(&temp, path),
        }
    })();
    let _ = std::fs::remove_file(&temp);
    if result.is_ok()
        && let Ok(d) = std::fs::File::open(dir)
    {
        // The rename itself is durable once the folder is synced.
        let _ = d.sync_all();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_slugs_are_pinyin_and_never_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let slug = new_slug(root, ContentKind::Jobs, "石泉县老街面馆 招洗碗工");
        assert_eq!(slug, "shiquanxianlaojiemianguan-zhaoxiwangong");
        let path = root.join(ContentKind::Jobs.path_of(&slug));
        write_atomically(&path, "a", Mode::Create).unwrap();
        assert_eq!(
            new_slug(root, ContentKind::Jobs, "石泉县老街面馆 招洗碗工"),
            format!("{slug}-2")
        );
        assert_eq!(
            find(root, ContentKind::Jobs, &slug).unwrap(),
            ContentKind::Jobs.path_of(&slug)
        );
        let long = new_slug(root, ContentKind::Jobs, &"长长的单位名称".repeat(10));
        assert!(long.len() <= 60, "{long}");
    }

    #[test]
    fn create_never_overwrites_and_replace_leaves_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("content/jobs/a.md");
        write_atomically(&path, "first", Mode::Create).unwrap();
        assert!(write_atomically(&path, "second", Mode::Create).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        write_atomically(&path, "third", Mode::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "third");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "only a.md is left");
        assert_eq!(hash(b"abc").len(), 64);
    }
}
