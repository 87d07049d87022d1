//! The schema's migrations, embedded in the binary.
//!
//! Migrations are additive and never edited once landed: a new table or column is a new file in
//! `migrations/`, appended to [`MIGRATIONS`]. The schema version is SQLite's `user_version`, maintained by
//! `rusqlite_migration`; a database whose version is higher than this build knows is refused, never
//! downgraded.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

/// Every migration, oldest first.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_library_profile.sql")),
    M::up(include_str!("migrations/0002_campaigns_and_posts.sql")),
    M::up(include_str!("migrations/0003_planning_rules.sql")),
    M::up(include_str!("migrations/0004_voice_and_drafts.sql")),
    M::up(include_str!("migrations/0005_people.sql")),
    M::up(include_str!("migrations/0006_duplicates.sql")),
    M::up(include_str!("migrations/0007_erasure_ledger.sql")),
    M::up(include_str!("migrations/0008_overdue_notices.sql")),
    M::up(include_str!("migrations/0009_quiet_members.sql")),
    M::up(include_str!("migrations/0010_lean_search_index.sql")),
    M::up(include_str!("migrations/0011_cadence_covering_index.sql")),
    M::up(include_str!("migrations/0012_accounts.sql")),
    M::up(include_str!("migrations/0013_publications.sql")),
    M::up(include_str!("migrations/0014_inbox.sql")),
    M::up(include_str!("migrations/0016_bluesky_inbox.sql")),
    M::up(include_str!("migrations/0017_scheduled_publications.sql")),
    M::up(include_str!("migrations/0018_publication_counts.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings `conn` up to [`SCHEMA_VERSION`], refusing databases from a newer Agora.
pub(super) fn apply(conn: &mut Connection) -> Result<()> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Migrations::from_slice(MIGRATIONS)
        .to_latest(conn)
        .map_err(migration_error)
}

/// Brings a fresh database `conn` to schema `version` exactly (the first `version` migrations), so the
/// migration fixtures (`tests/upgrades.rs`) can make a database of every earlier schema. Not for the app:
/// [`crate::Store::open`] always migrates to [`SCHEMA_VERSION`].
#[doc(hidden)]
pub fn apply_up_to(conn: &mut Connection, version: u32) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Migrations::from_slice(MIGRATIONS)
        .to_version(conn, version as usize)
        .map_err(migration_error)
}

fn migration_error(e: rusqlite_migration::Error) -> Error {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => Error::Database(err),
        other => Error::UnexpectedData(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATIONS).validate().unwrap();
    }

    #[test]
    fn a_database_from_a_newer_schema_is_refused_and_not_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.sqlite3");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = crate::Store::open(&path).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::SchemaTooNew);
        let conn = Connection::open(&path).unwrap();
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            version,
            SCHEMA_VERSION + 1,
            "a newer database is never downgraded"
        );
    }
}
