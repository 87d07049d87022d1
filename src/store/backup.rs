//! Backups of a data folder's database: made online with SQLite's backup API into `backups/`, the newest
//! seven kept, and restored only after the chosen file has been validated.
//!
//! A restore never deletes the database it replaces: a sound one is backed up first, a damaged one is moved
//! aside (`agora.sqlite3.damaged-<time>`) so nothing a user had is ever lost. Nor does it bring back anyone
//! who asked to be erased: the people the replaced database's erasure ledger names are erased again in the
//! restored one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{check_header, connect_read_only, integrity_problem, Store, DATABASE_FILE, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// How many backups are kept.
pub const KEEP: usize = 7;
/// The daily backup is made when the newest one is older than this.
pub const MAX_AGE: TimeDelta = TimeDelta::hours(24);

const PREFIX: &str = "agora-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// When the backup was made (UTC, RFC 3339).
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// The backups folder of a data folder.
pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Backs up `store` now, then prunes to the newest [`KEEP`].
pub fn create(store: &Store, now: DateTime<Utc>) -> Result<BackupInfo> {
    let dir = backups_dir(store.dir());
    super::create_private_dir(&dir)?;
    let mut created = now;
    let mut path = dir.join(file_name(created));
    while path.exists() {
        created += TimeDelta::seconds(1);
        path = dir.join(file_name(created));
    }
    let partial = path.with_extension("partial");
    super::create_private_file(&partial)?;
    store.read(|conn| {
        let mut target = Connection::open(&partial)?;
        Backup::new(conn, &mut target)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
        Ok(())
    })?;
    std::fs::rename(&partial, &path).map_err(Error::io(&path))?;
    prune(store.dir(), &path)?;
    info(&path, created)
}

/// Whether the daily backup of `data_dir` is due: its newest backup is older than [`MAX_AGE`], or there is none.
pub fn is_due(data_dir: &Path, now: DateTime<Utc>) -> Result<bool> {
    Ok(list(data_dir)?
        .first()
        .is_none_or(|newest| now - newest.created_at >= MAX_AGE))
}

/// Backs up `store` if the daily backup is due ([`is_due`]); returns the new one.
pub fn create_if_due(store: &Store, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    if is_due(store.dir(), now)? {
        create(store, now).map(Some)
    } else {
        Ok(None)
    }
}

/// The backups of `data_dir`, newest first.
pub fn list(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir)(e)),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let path = entry.map_err(Error::io(&dir))?.path();
        if let Some(created) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(parse_file_name)
        {
            backups.push(info(&path, created)?);
        }
    }
    backups.sort_by_key(|b| std::cmp::Reverse(b.created_at));
    Ok(backups)
}

/// Checks that `file` is a sound Agora database this build can open.
pub fn validate(file: &Path) -> Result<()> {
    let invalid = |reason: String| Error::BackupInvalid {
        path: file.to_owned(),
        reason,
    };
    if !file.is_file() {
        return Err(invalid("the file does not exist".into()));
    }
    check_header(file).map_err(|_| invalid("the file is not an SQLite database".into()))?;
    let conn = connect_read_only(file).map_err(|e| invalid(e.to_string()))?;
    if let Some(detail) = integrity_problem(&conn) {
        return Err(invalid(format!("integrity check failed: {detail}")));
    }
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| invalid(e.to_string()))?;
    if version == 0 {
        return Err(invalid("the file is not an Agora database".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(invalid(format!(
            "it was written by a newer Agora (schema {version}; this one understands up to {SCHEMA_VERSION})"
        )));
    }
    Ok(())
}

/// What a restore did besides replacing the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Restored {
    /// People erased since the backup was made, erased again in the restored database.
    pub erasures_repeated: u32,
}

/// Replaces the database of `data_dir` with `file`, after validating it. The current database is backed up
/// first when it is sound, or moved aside when it is damaged; the people its erasure ledger names are
/// erased again in the restored database. Nothing may have the database open.
pub fn restore(data_dir: &Path, file: &Path, now: DateTime<Utc>) -> Result<Restored> {
    validate(file)?;
    let db = data_dir.join(DATABASE_FILE);
    let file = std::fs::canonicalize(file).map_err(Error::io(file))?;
    let mut erased = Vec::new();
    if db.exists() {
        match Store::open(&db) {
            Ok(current) => {
                create(&current, now)?;
                erased = crate::people::erasure::ledger(&current)?;
            }
            Err(Error::DatabaseDamaged { .. }) => move_aside(&db, now)?,
            Err(other) => return Err(other),
        }
    }
    let source = connect_read_only(&file)?;
    let mut target = super::connect(&db)?;
    Backup::new(&source, &mut target)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    drop(target);
    let restored = Store::open(&db)?;
    Ok(Restored {
        erasures_repeated: crate::people::erasure::repeat(&restored, &erased)?,
    })
}

/// Restores the newest backup of `data_dir`.
pub fn restore_newest(data_dir: &Path, now: DateTime<Utc>) -> Result<(BackupInfo, Restored)> {
    let newest = list(data_dir)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NoBackup {
            dir: backups_dir(data_dir),
        })?;
    let restored = restore(data_dir, Path::new(&newest.path), now)?;
    Ok((newest, restored))
}

/// Renames a damaged database (with its WAL and shared-memory files) so a restore can take its place.
fn move_aside(db: &Path, now: DateTime<Utc>) -> Result<()> {
    let stamp = now.format(STAMP);
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}.damaged-{stamp}{suffix}", db.display()));
            std::fs::rename(&from, &to).map_err(Error::io(&from))?;
        }
    }
    Ok(())
}

/// Deletes all but the newest [`KEEP`] backups, always keeping `made` (even when the clock went back and
/// older-looking names are in fact newer).
fn prune(data_dir: &Path, made: &Path) -> Result<()> {
    let others = list(data_dir)?.into_iter().filter(|b| Path::new(&b.path) != made);
    for old in others.skip(KEEP - 1) {
        std::fs::remove_file(&old.path).map_err(Error::io(&old.path))?;
    }
    Ok(())
}

fn file_name(created: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", created.format(STAMP))
}

fn parse_file_name(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

fn info(path: &Path, created_at: DateTime<Utc>) -> Result<BackupInfo> {
    let size_bytes = std::fs::metadata(path).map_err(Error::io(path))?.len();
    Ok(BackupInfo {
        file_name: path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        path: path.to_string_lossy().into_owned(),
        created_at,
        size_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + TimeDelta::hours(hour.into())
    }

    #[test]
    fn file_names_round_trip() {
        let t = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        assert_eq!(file_name(t), "agora-20260304-050607.sqlite3");
        assert_eq!(parse_file_name(&file_name(t)), Some(t));
        assert_eq!(parse_file_name("agora-notes.sqlite3"), None);
    }

    #[test]
    fn only_the_newest_seven_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        for day in 0..10 {
            create(&store, at(day * 24)).unwrap();
        }
        let kept = list(dir.path()).unwrap();
        assert_eq!(kept.len(), KEEP);
        assert_eq!(kept[0].created_at, at(9 * 24), "newest first");
        assert_eq!(
            kept[KEEP - 1].created_at,
            at(3 * 24),
            "the oldest three were pruned"
        );
    }

    #[test]
    fn a_backup_made_after_the_clock_went_back_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        for day in 1..=KEEP as u32 {
            create(&store, at(day * 24)).unwrap();
        }
        let made = create(&store, at(0)).unwrap();
        let kept = list(dir.path()).unwrap();
        assert_eq!(kept.len(), KEEP);
        assert!(kept.contains(&made), "the backup just made must survive pruning");
        assert!(
            !kept.iter().any(|b| b.created_at == at(24)),
            "the oldest other backup was pruned"
        );
    }

    #[test]
    fn many_backups_in_one_second_get_distinct_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        for _ in 0..20 {
            create(&store, at(0)).unwrap();
        }
        assert_eq!(list(dir.path()).unwrap().len(), KEEP);
    }

    #[test]
    fn a_startup_backup_is_made_only_when_the_newest_is_older_than_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        assert!(create_if_due(&store, at(0)).unwrap().is_some(), "no backup yet");
        assert!(create_if_due(&store, at(23)).unwrap().is_none(), "23 h later");
        assert!(create_if_due(&store, at(25)).unwrap().is_some(), "25 h later");
        assert_eq!(list(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn validate_refuses_what_is_not_a_sound_agora_database() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        let empty_sqlite = dir.path().join("other.sqlite3");
        Connection::open(&empty_sqlite)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        for (file, expected) in [
            (dir.path().join("missing.sqlite3"), "does not exist"),
            (text, "not an SQLite database"),
            (empty_sqlite, "not an Agora database"),
        ] {
            let err = validate(&file).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::BackupInvalid);
            assert!(err.to_string().contains(expected), "{err} should say {expected}");
        }
    }

    #[test]
    fn validating_a_file_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open_dir(dir.path()).unwrap());
        let chosen = dir.path().join("chosen");
        std::fs::create_dir(&chosen).unwrap();
        let file = chosen.join("copia di agora.sqlite3");
        std::fs::copy(dir.path().join(DATABASE_FILE), &file).unwrap();
        validate(&file).unwrap();
        let beside: Vec<_> = std::fs::read_dir(&chosen)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, [file.file_name().unwrap()], "no -shm or -wal file made");
    }
}
