//! Atomic output: a build is written into a staging folder beside the output and swapped in
//! with one rename, so visitors never see a half-written site and a failed build leaves the
//! previous one exactly as it was.
//!
//! The staging folder is kept between builds (double buffering): after a swap it holds the
//! previous site, and the next build rewrites only the files whose bytes changed and removes
//! the ones no longer produced. Creating a file or folder costs far more than comparing one
//! (about 0.5 ms against 10 µs on this project's build machines), so a rebuild of a large site
//! costs its rendering, not thousands of new files. It also keeps unchanged files' times, which
//! helps caches and `rsync`.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, IoContext};
use crate::render::Sink;

/// The staging folder of one output, locked against a concurrent build of the same output.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Paths (relative, `/`-separated) written by this build; the rest of `dir` is stale.
    written: Mutex<HashSet<String>>,
    /// Counts of files actually rewritten, for the summary.
    changed: Mutex<usize>,
    /// Held for the life of the build: another build of the same output waits for it.
    _lock: File,
}

impl Staging {
    /// Opens (or creates) `.<name>.staging` next to `target`, waiting for any other build of
    /// the same output to finish first.
    pub fn new(target: &Path) -> Result<Self, Error> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Io {
                path: target.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "输出目录不能是根目录",
                ),
            })?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_path(parent)?;
        if target.exists() && !target.is_dir() {
            return Err(Error::Io {
                path: target.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "输出路径已存在且不是目录",
                ),
            });
        }
        let lock_path = parent.join(format!(".{name}.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_path(&lock_path)?;
        lock_exclusive(&lock).with_path(&lock_path)?;
        let dir = parent.join(format!(".{name}.staging"));
        if dir.exists() && !dir.is_dir() {
            std::fs::remove_file(&dir).with_path(&dir)?;
        }
        std::fs::create_dir_all(&dir).with_path(&dir)?;
        Ok(Self {
            dir,
            target: target.to_path_buf(),
            written: Mutex::new(HashSet::new()),
            changed: Mutex::new(0),
            _lock: lock,
        })
    }

    /// How many files this build created or rewrote (the rest were already identical).
    pub fn changed_files(&self) -> usize {
        *self.changed.lock().expect("lock")
    }

    /// Removes what this build did not write, then swaps the staging folder in as the output.
    /// On Linux both folders are exchanged in one `renameat2(RENAME_EXCHANGE)`, so the output
    /// path never stops existing; elsewhere the old output is renamed aside first. Either way
    /// the previous site ends up in the staging folder, ready for the next build.
    pub fn commit(self) -> Result<(), Error> {
        self.prune()?;
        if !self.target.exists() {
            return std::fs::rename(&self.dir, &self.target).with_path(&self.target);
        }
        if exchange(&self.dir, &self.target).is_ok() {
            return Ok(());
        }
        let aside = self.dir.with_extension("old");
        if aside.exists() {
            std::fs::remove_dir_all(&aside).with_path(&aside)?;
        }
        std::fs::rename(&self.target, &aside).with_path(&self.target)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&aside, &self.target);
            return Err(Error::Io {
                path: self.target.clone(),
                source: e,
            });
        }
        std::fs::rename(&aside, &self.dir).with_path(&self.dir)
    }

    /// Deletes files and folders left in staging by earlier builds that this one did not write.
    fn prune(&self) -> Result<(), Error> {
        let written = self.written.lock().expect("lock");
        let mut keep_dirs: HashSet<&str> = HashSet::new();
        for path in written.iter() {
            let mut rest = path.as_str();
            while let Some((parent, _)) = rest.rsplit_once('/') {
                if !keep_dirs.insert(parent) {
                    break;
                }
                rest = parent;
            }
        }
        // Deepest first, so that a folder is empty by the time it is looked at.
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|e| Error::Io {
                path: self.dir.clone(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            })?;
            let rel = relative(&self.dir, entry.path());
            let path = entry.path();
            if entry.file_type().is_dir() {
                if !keep_dirs.contains(rel.as_str()) {
                    std::fs::remove_dir_all(path).with_path(path)?;
                }
            } else if !written.contains(&rel) {
                std::fs::remove_file(path).with_path(path)?;
            }
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let full = self.dir.join(path);
        self.written.lock().expect("lock").insert(path.to_string());
        if std::fs::read(&full).is_ok_and(|existing| existing == bytes) {
            return Ok(());
        }
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).with_path(parent)?;
        }
        if full.is_dir() {
            std::fs::remove_dir_all(&full).with_path(&full)?;
        }
        std::fs::write(&full, bytes).with_path(&full)?;
        *self.changed.lock().expect("lock") += 1;
        Ok(())
    }
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn lock_exclusive(file: &File) -> std::io::Result<()> {
    rustix::fs::flock(file, rustix::fs::FlockOperation::LockExclusive).map_err(std::io::Error::from)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// A sink that writes nothing: `check` renders every page to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: PathBuf) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn an_uncommitted_build_leaves_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let failed = Staging::new(&target).unwrap();
        failed.write("index.html", b"half").unwrap();
        drop(failed);
        assert_eq!(read(target.join("old.html")), "old");
        assert!(!target.join("index.html").exists());
    }

    #[test]
    fn commits_swap_and_rebuilds_rewrite_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out/public");

        let first = Staging::new(&target).unwrap();
        first.write("index.html", b"v1").unwrap();
        first.write("jobs/a/index.html", b"a1").unwrap();
        first.commit().unwrap();
        assert_eq!(read(target.join("jobs/a/index.html")), "a1");

        let second = Staging::new(&target).unwrap();
        second.write("index.html", b"v2").unwrap();
        second.write("jobs/a/index.html", b"a1").unwrap();
        second.write("jobs/b/index.html", b"b2").unwrap();
        second.commit().unwrap();
        assert_eq!(read(target.join("index.html")), "v2");

        // The third build starts from the first one's files: unchanged ones are not rewritten,
        // and what the build no longer produces is removed.
        let third = Staging::new(&target).unwrap();
        third.write("index.html", b"v1").unwrap();
        third.write("jobs/b/index.html", b"b2").unwrap();
        assert_eq!(
            third.changed_files(),
            1,
            "index.html was already v1 in staging"
        );
        third.commit().unwrap();
        assert_eq!(read(target.join("index.html")), "v1");
        assert!(!target.join("jobs/a").exists(), "stale page removed");
        assert_eq!(read(target.join("jobs/b/index.html")), "b2");
    }
}
