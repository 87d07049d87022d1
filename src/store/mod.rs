//! The SQLite store: where a data folder's database lives, how connections are opened and configured,
//! how the schema is migrated, and how reads and writes are run.
//!
//! Every connection uses WAL, `foreign_keys=ON`, a busy timeout and `synchronous=NORMAL`. Writes run in
//! IMMEDIATE transactions through [`Store::write`]; reads through [`Store::read`]. Connections are kept in a
//! small idle list so concurrent callers (the desktop shell runs each command on a blocking thread) never wait
//! on one global lock. Domain modules own their SQL; this module owns only the plumbing. Backups live in
//! [`backup`].

pub mod backup;
mod migrations;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

#[doc(hidden)]
pub use migrations::apply_up_to;
pub use migrations::SCHEMA_VERSION;

/// The database file's name inside a data folder.
pub const DATABASE_FILE: &str = "agora.sqlite3";

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_IDLE_CONNECTIONS: usize = 4;

/// An open, migrated database.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database of the data folder `dir`.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        create_private_dir(dir)?;
        Store::open(&dir.join(DATABASE_FILE))
    }

    /// Opens the database at `path`, creating it if it does not exist. Refuses a file that is not SQLite,
    /// is damaged, or was written by a newer schema; otherwise applies pending migrations. A database of at
    /// most [`FULL_CHECK_AT_OPEN_BYTES`] passes `integrity_check` (a few milliseconds); a larger one, whose
    /// full check takes seconds (16 s for the benchmark library), must have a readable schema, and gets the
    /// full check from `agora doctor` and the window's data health.
    pub fn open(path: &Path) -> Result<Store> {
        check_header(path)?;
        create_private_file(path)?;
        let mut conn = connect(path).map_err(|e| damaged(path, e))?;
        let size = std::fs::metadata(path).map_err(Error::io(path))?.len();
        let problem = if size <= FULL_CHECK_AT_OPEN_BYTES {
            integrity_problem(&conn)
        } else {
            structure_problem(&conn)
        };
        if let Some(detail) = problem {
            return Err(Error::DatabaseDamaged {
                path: path.to_owned(),
                detail,
            });
        }
        migrations::apply(&mut conn)?;
        Ok(Store {
            path: path.to_owned(),
            idle: Mutex::new(vec![conn]),
        })
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data folder holding the database.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Runs `f` with a connection, for reading.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.checkout()?;
        let result = f(&conn);
        self.checkin(conn);
        result
    }

    /// Runs `f` inside an IMMEDIATE transaction, committed if `f` succeeds and rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.checkout()?;
        let result = run_in_transaction(&mut conn, f);
        self.checkin(conn);
        result
    }

    /// Copies the write-ahead log into the database and truncates it to nothing (after an erasure, so the
    /// erased data is not left in the log).
    pub fn checkpoint_truncate(&self) -> Result<()> {
        self.read(|conn| {
            let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if busy != 0 {
                return Err(Error::Internal(
                    "the write-ahead log could not be checkpointed: busy".into(),
                ));
            }
            Ok(())
        })
    }

    /// The schema version recorded in the database.
    pub fn schema_version(&self) -> Result<u32> {
        self.read(|conn| Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?))
    }

    /// Runs SQLite's full `integrity_check`; `Ok(None)` when the database is sound.
    pub fn integrity_problem(&self) -> Result<Option<String>> {
        self.read(|conn| Ok(integrity_problem(conn)))
    }

    fn checkout(&self) -> Result<Connection> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        match idle {
            Some(conn) => Ok(conn),
            None => connect(&self.path).map_err(Error::from),
        }
    }

    fn checkin(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < MAX_IDLE_CONNECTIONS {
            idle.push(conn);
        }
    }
}

fn run_in_transaction<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

/// Creates folder `dir` (and its parents) when missing; a folder Agora creates is the user's alone
/// (`0700` on Unix), since it holds patrons' personal data. An existing folder is left as it is.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(Error::io(dir))
}

/// Creates the empty file `path` when missing, readable and writable by the user only (`0600` on Unix),
/// for SQLite to fill: the database, its log and its backups then hold personal data nobody else can read
/// (SQLite gives a database's `-wal` and `-shm` files the database file's permissions).
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path)(e)),
    }
}

/// Opens a connection configured the way every Agora connection is.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Imports and timelines reuse a few dozen statements; keep them all prepared.
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 16 MiB of page cache per connection (SQLite's default is 2 MiB): the indexes a timeline, the review
    // queue or a search read stay in memory for a library with 100,000 people and a million interactions,
    // while the app's memory stays within its budget (docs/QUALITY.md). Bulk imports raise it for their own
    // connection ([`BULK_CACHE_KIB`]).
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    // Deleted content is overwritten, so erased personal data leaves no trace in the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Statement journals and temporary tables in memory: a multi-row insert inside a long import writes no
    // scratch file, and no personal data lands in temporary files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Opens a database read-only, without creating it, for inspection (backups, restores). A file with no
/// write-ahead log beside it is opened immutable, so SQLite leaves nothing (no `-shm` file) next to a file
/// the officer chose; one with a log is opened normally, so the log's commits are read.
pub(crate) fn connect_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let immutable = std::path::absolute(path)
        .ok()
        .filter(|_| !Path::new(&wal).exists())
        .and_then(|absolute| url::Url::from_file_path(absolute).ok());
    let conn = match immutable {
        Some(mut uri) => {
            uri.set_query(Some("immutable=1"));
            Connection::open_with_flags(uri.as_str(), flags)?
        }
        None => Connection::open_with_flags(path, flags)?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Imports and timelines reuse a few dozen statements; keep them all prepared.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Fails when `path` exists, is not empty, and does not start with SQLite's header.
pub(crate) fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path)(e)),
    };
    let mut header = [0u8; 16];
    let read = file.read(&mut header).map_err(Error::io(path))?;
    if read == 0 || &header == SQLITE_HEADER {
        Ok(())
    } else {
        Err(Error::DatabaseDamaged {
            path: path.to_owned(),
            detail: "the file is not an SQLite database".into(),
        })
    }
}

/// Each connection's page cache, in KiB.
pub(crate) const CACHE_KIB: i64 = 16 * 1024;
/// The page cache of a connection writing a bulk import, in KiB: a 100,000-person import's indexes fit.
pub(crate) const BULK_CACHE_KIB: i64 = 64 * 1024;

/// The largest database whose full integrity check runs at every open.
pub const FULL_CHECK_AT_OPEN_BYTES: u64 = 16 * 1024 * 1024;

/// What is wrong with a large database that can be told without reading every page: its schema must be
/// readable. Damage elsewhere is reported by SQLite when the page is read, and by the full check.
fn structure_problem(conn: &Connection) -> Option<String> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .err()
        .map(|e| e.to_string())
}

/// Runs `PRAGMA integrity_check`: `None` when the database is sound, else SQLite's first complaints.
pub(crate) fn integrity_problem(conn: &Connection) -> Option<String> {
    let rows: rusqlite::Result<Vec<String>> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect());
    match rows {
        Ok(rows) if rows == ["ok"] => None,
        Ok(rows) => Some(rows.join("; ")),
        Err(e) => Some(e.to_string()),
    }
}

fn damaged(path: &Path, error: rusqlite::Error) -> Error {
    Error::DatabaseDamaged {
        path: path.to_owned(),
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_uses_wal_foreign_keys_and_normal_sync() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        store
            .read(|conn| {
                let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
                let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
                assert_eq!(mode, "wal", "journal mode");
                assert_eq!(fk, 1, "foreign keys");
                assert_eq!(sync, 1, "synchronous=NORMAL is 1");
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn a_failed_write_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let result: Result<()> = store.write(|tx| {
            tx.execute("CREATE TABLE scratch (x)", [])?;
            Err(Error::invalid("x", "refused"))
        });
        assert!(result.is_err());
        let exists: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'scratch'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(
            exists, 0,
            "the table created in the failed transaction must be gone"
        );
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_damaged_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        std::fs::write(&path, b"these are somebody's notes, not a database").unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::DatabaseDamaged);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"these are somebody's notes, not a database",
            "the damaged file must not be touched"
        );
    }

    #[test]
    fn concurrent_readers_each_get_a_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(Store::open_dir(dir.path()).unwrap());
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || store.schema_version().unwrap())
            })
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), SCHEMA_VERSION);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_new_data_folder_its_database_log_and_backups_are_the_users_alone() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("Agora");
        let store = Store::open_dir(&dir).unwrap();
        crate::profile::add_category(&store, "Incontri", crate::profile::CategoryKind::Event).unwrap();
        let backup = backup::create(&store, crate::testing::now()).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700, "the data folder");
        assert_eq!(mode(&dir.join("backups")), 0o700, "the backups folder");
        for file in [
            dir.join(DATABASE_FILE),
            dir.join(format!("{DATABASE_FILE}-wal")),
            PathBuf::from(&backup.path),
        ] {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }

    #[test]
    fn a_large_database_opens_without_reading_every_page_and_the_full_check_finds_its_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let store = Store::open(&path).unwrap();
        let blob = FULL_CHECK_AT_OPEN_BYTES as usize + (1 << 20);
        store
            .write(|tx| {
                tx.execute_batch("CREATE TABLE filler (b BLOB)")?;
                tx.execute("INSERT INTO filler VALUES (zeroblob(?1))", [blob])?;
                Ok(())
            })
            .unwrap();
        drop(store);
        // Break the chain of the blob's overflow pages in the middle of the file.
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2 / 4096 * 4096;
        bytes[middle..middle + 4].copy_from_slice(&[0xff; 4]);
        std::fs::write(&path, bytes).unwrap();

        let store = Store::open(&path).expect("no full check at open");
        let problem = store.integrity_problem().unwrap();
        assert!(problem.is_some(), "the full check finds the broken page");
    }
}
