//! Where a user's data folder is: `--data-dir`, else `AGORA_DATA_DIR`, else the operating system's
//! application-data folder (`~/.local/share/agora` on Linux, `~/Library/Application Support/org.agora.Agora`
//! on macOS, `%APPDATA%\agora\Agora\data` on Windows).

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The environment variable that overrides the data folder (tests and end-to-end runs use a temp folder).
pub const DATA_DIR_ENV: &str = "AGORA_DATA_DIR";

/// Resolves the data folder, preferring an explicit choice, then [`DATA_DIR_ENV`], then the OS default.
pub fn data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = explicit.or_else(|| {
        std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    }) {
        return Ok(dir);
    }
    directories::ProjectDirs::from("org", "agora", "agora")
        .map(|dirs| dirs.data_dir().to_owned())
        .ok_or_else(|| Error::DataDirUnavailable("the operating system reports no home folder".into()))
}
