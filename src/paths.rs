//! Where a user's data folder is: `--data-dir`, else `AGORA_DATA_DIR`, else the folder the user last opened
//! in the app ("Open another data folder…", remembered in the OS config folder), else the operating system's
//! application-data folder (`~/.local/share/agora` on Linux, `~/Library/Application Support/org.agora.agora`
//! on macOS, `%APPDATA%\agora\agora\data` on Windows).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The environment variable that overrides the data folder (tests and end-to-end runs use a temp folder).
pub const DATA_DIR_ENV: &str = "AGORA_DATA_DIR";

/// The file, in the OS config folder, naming the data folder last opened in the app.
const REMEMBERED_FILE: &str = "data-folder";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "agora", "agora")
}

/// Resolves the data folder, preferring an explicit choice, then [`DATA_DIR_ENV`], then the remembered
/// folder, then the OS default.
pub fn data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    let from_env = std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let dirs = project_dirs()
        .ok_or_else(|| Error::DataDirUnavailable("the operating system reports no home folder".into()))?;
    Ok(explicit
        .or(from_env)
        .or_else(|| remembered(dirs.config_dir()))
        .unwrap_or_else(|| dirs.data_dir().to_owned()))
}

/// Remembers `dir` as the data folder to open next time.
pub fn remember_data_dir(dir: &Path) -> Result<()> {
    let dirs = project_dirs()
        .ok_or_else(|| Error::DataDirUnavailable("the operating system reports no home folder".into()))?;
    write_remembered(dirs.config_dir(), dir)
}

fn remembered(config_dir: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(config_dir.join(REMEMBERED_FILE)).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

fn write_remembered(config_dir: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(config_dir).map_err(Error::io(config_dir))?;
    let file = config_dir.join(REMEMBERED_FILE);
    std::fs::write(&file, format!("{}\n", dir.display())).map_err(Error::io(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_folder_reads_back_and_an_empty_file_means_none() {
        let config = tempfile::tempdir().unwrap();
        assert_eq!(remembered(config.path()), None);
        write_remembered(config.path(), Path::new("/srv/biblioteca/agora")).unwrap();
        assert_eq!(
            remembered(config.path()),
            Some(PathBuf::from("/srv/biblioteca/agora"))
        );
        std::fs::write(config.path().join(REMEMBERED_FILE), "\n").unwrap();
        assert_eq!(remembered(config.path()), None);
    }
}
