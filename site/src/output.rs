//! Atomic output: a build is written into a fresh folder beside the output and swapped in
//! with one rename, so visitors never see a half-written site and a failed build leaves the
//! previous one exactly as it was.

use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext};
use crate::render::Sink;

/// A fresh folder that becomes the output on `commit`, and is removed if dropped before.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

const STAGING_MARK: &str = ".building-";
const OLD_MARK: &str = ".old-";

impl Staging {
    /// Creates `.<name>.building-<pid>` next to `target`.
    pub fn new(target: &Path) -> Result<Self, Error> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Io {
                path: target.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "输出目录不能是根目录"),
            })?;
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_path(parent)?;
        if target.exists() && !target.is_dir() {
            return Err(Error::Io {
                path: target.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "输出路径已存在且不是目录"),
            });
        }
        remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_path(&dir)?;
        }
        std::fs::create_dir(&dir).with_path(&dir)?;
        Ok(Self { dir, target: target.to_path_buf(), committed: false })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output. On Linux both folders are exchanged in one
    /// `renameat2(RENAME_EXCHANGE)`, so the output path never stops existing; elsewhere (or on
    /// a file system without it) the old output is renamed aside first.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // `self.dir` now holds the previous site.
            } else {
                let aside = self.aside_path();
                std::fs::rename(&self.target, &aside).with_path(&self.target)?;
                if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                    // Put the previous site back before reporting.
                    let _ = std::fs::rename(&aside, &self.target);
                    return Err(Error::Io { path: self.target.clone(), source: e });
                }
                self.dir = aside;
            }
            self.committed = true;
            std::fs::remove_dir_all(&self.dir).with_path(&self.dir)?;
        } else {
            std::fs::rename(&self.dir, &self.target).with_path(&self.target)?;
            self.committed = true;
        }
        Ok(())
    }

    fn aside_path(&self) -> PathBuf {
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.target.with_file_name(format!(".{name}{OLD_MARK}{}", std::process::id()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).with_path(parent)?;
        }
        std::fs::write(&full, bytes).with_path(&full)
    }
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

/// Removes staging and set-aside folders left by a build that was killed, when the process
/// that made them is gone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}")) else { continue };
        let pid = rest.strip_prefix(STAGING_MARK).or_else(|| rest.strip_prefix(OLD_MARK));
        if let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok())
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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

    #[test]
    fn commit_replaces_the_output_and_drop_leaves_it_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let failed = Staging::new(&target).unwrap();
        failed.write("index.html", b"half").unwrap();
        drop(failed);
        assert_eq!(std::fs::read_to_string(target.join("old.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "staging removed");

        let ok = Staging::new(&target).unwrap();
        ok.write("jobs/a/index.html", b"new").unwrap();
        ok.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(target.join("jobs/a/index.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "old site removed");
    }

    #[test]
    fn first_build_creates_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out/public");
        let s = Staging::new(&target).unwrap();
        s.write("index.html", b"x").unwrap();
        s.commit().unwrap();
        assert!(target.join("index.html").is_file());
    }
}
