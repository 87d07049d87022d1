//! `agora doctor` and the Settings health panel: where the data is, which schema it uses, whether SQLite
//! finds it sound, and how many backups exist.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::store::{backup, Store, SCHEMA_VERSION};

/// A snapshot of the data folder's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HealthReport {
    pub data_dir: String,
    pub database: String,
    pub schema_version: u32,
    pub supported_schema_version: u32,
    /// `"ok"`, or SQLite's first complaints.
    pub integrity: String,
    pub sqlite_version: String,
    pub full_text_search: bool,
    #[ts(type = "number")]
    pub backup_count: u32,
    pub newest_backup: Option<DateTime<Utc>>,
}

impl HealthReport {
    /// Whether nothing needs the user's attention.
    pub fn is_healthy(&self) -> bool {
        self.integrity == "ok"
            && self.full_text_search
            && self.schema_version == self.supported_schema_version
    }
}

/// Examines `store` and its backups.
pub fn check(store: &Store) -> Result<HealthReport> {
    let backups = backup::list(store.dir())?;
    let full_text_search = store.read(|conn| {
        Ok(
            conn.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
                r.get(0)
            })?,
        )
    })?;
    Ok(HealthReport {
        data_dir: store.dir().display().to_string(),
        database: store.path().display().to_string(),
        schema_version: store.schema_version()?,
        supported_schema_version: SCHEMA_VERSION,
        integrity: store.integrity_problem()?.unwrap_or_else(|| "ok".into()),
        sqlite_version: rusqlite::version().to_owned(),
        full_text_search,
        backup_count: backups.len() as u32,
        newest_backup: backups.first().map(|b| b.created_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_store_is_healthy_with_full_text_search() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let report = check(&store).unwrap();
        assert!(report.full_text_search, "FTS5 must be compiled in");
        assert_eq!(report.integrity, "ok");
        assert_eq!(report.backup_count, 0);
        assert!(report.is_healthy());
        store
            .read(|c| Ok(c.execute_batch("CREATE VIRTUAL TABLE temp.probe USING fts5(body)")?))
            .unwrap();
    }
}
