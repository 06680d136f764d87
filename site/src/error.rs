//! The errors of the generator library. The binary turns them into exit codes.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written; always names the path.
    #[error("无法读写 {}：{source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `config.toml` is missing a value or has a wrong one.
    #[error("{0}")]
    Config(Diagnostic),
    /// Content or templates have problems; every one found in this build is listed.
    #[error("发现 {} 处错误，网站没有生成：\n{}", .0.error_count(), .0)]
    Content(Diagnostics),
}

/// Adds the path to an IO error, so that no message says only "No such file or directory".
pub trait IoContext<T> {
    fn with_path(self, path: &Path) -> Result<T, Error>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn with_path(self, path: &Path) -> Result<T, Error> {
        self.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}
