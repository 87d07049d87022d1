//! What the app finds when it opens a data folder: a ready store (with or without a profile), a damaged
//! database, or one from a newer Agora; and whether the daily backup is due, which the window then makes in
//! the background (copying a large database takes seconds: 1.8 s for the benchmark's 472 MB), not before
//! its first page.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::language::Language;
use crate::preferences;
use crate::profile::{self, LibraryProfile};
use crate::store::backup::{self, BackupInfo};
use crate::store::{Store, DATABASE_FILE};

/// The data folder after a backup was restored, and how many people erased since the backup was made were
/// erased again.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AfterRestore {
    pub startup: Startup,
    pub erasures_repeated: u32,
}

/// What the window shows first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Startup {
    pub data_dir: String,
    /// The interface language: the user's choice, else the operating system's.
    pub language: Language,
    /// The user's choice in Settings; `None` follows the operating system.
    pub language_choice: Option<Language>,
    pub state: StartupState,
}

/// The state of the data folder.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartupState {
    /// The database is open; `profile` is `None` until onboarding is completed.
    Ready {
        profile: Option<Box<LibraryProfile>>,
        newest_backup: Option<BackupInfo>,
        /// Whether the daily backup is due ([`backup::create_if_due`] makes it).
        backup_due: bool,
    },
    /// The database is not SQLite or fails its integrity check; it is left untouched.
    Damaged {
        database: String,
        detail: String,
        backups: Vec<BackupInfo>,
    },
    /// The database was written by a newer Agora.
    TooNew { found: u32, supported: u32 },
}

/// Opens the data folder `dir`: the store when it could be opened, and what to show.
pub fn open(dir: &Path, now: DateTime<Utc>) -> Result<(Option<Store>, Startup)> {
    let startup = |language_choice: Option<Language>, state| Startup {
        data_dir: dir.display().to_string(),
        language: language_choice.unwrap_or_else(Language::from_os),
        language_choice,
        state,
    };
    match Store::open_dir(dir) {
        Ok(store) => {
            let state = ready_state(&store, now)?;
            let choice = preferences::interface_language(&store)?;
            Ok((Some(store), startup(choice, state)))
        }
        Err(Error::DatabaseDamaged { detail, .. }) => {
            let state = StartupState::Damaged {
                database: dir.join(DATABASE_FILE).display().to_string(),
                detail,
                backups: backup::list(dir)?,
            };
            Ok((None, startup(None, state)))
        }
        Err(Error::SchemaTooNew { found, supported }) => {
            Ok((None, startup(None, StartupState::TooNew { found, supported })))
        }
        Err(other) => Err(other),
    }
}

fn ready_state(store: &Store, now: DateTime<Utc>) -> Result<StartupState> {
    let profile = profile::load(store)?;
    // A library not yet set up has nothing to back up.
    let backup_due = profile.is_some() && backup::is_due(store.dir(), now)?;
    Ok(StartupState::Ready {
        profile: profile.map(Box::new),
        newest_backup: backup::list(store.dir())?.into_iter().next(),
        backup_due,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_new_folder_is_ready_without_a_profile_and_without_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let (store, startup) = open(dir.path(), now()).unwrap();
        assert!(store.is_some());
        assert_eq!(
            startup.language_choice, None,
            "follows the OS until the user chooses"
        );
        preferences::set_interface_language(&store.unwrap(), Some(Language::It)).unwrap();
        let (_, reopened) = open(dir.path(), now()).unwrap();
        assert_eq!(
            (reopened.language, reopened.language_choice),
            (Language::It, Some(Language::It))
        );
        match startup.state {
            StartupState::Ready {
                profile,
                newest_backup,
                backup_due,
            } => {
                assert_eq!(profile, None);
                assert_eq!(newest_backup, None);
                assert!(!backup_due, "a library not yet set up is not backed up");
            }
            other => panic!("expected ready, got {other:?}"),
        }
    }

    #[test]
    fn opening_an_onboarded_folder_says_the_daily_backup_is_due_and_makes_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let input = profile::ProfileInput {
            name: "Biblioteca San Giorgio".into(),
            city: "Pistoia".into(),
            languages: vec![Language::It],
            timezone: "Europe/Rome".into(),
            handles: vec![],
            categories: profile::default_categories(Language::It),
        };
        profile::save(&store, &input, now()).unwrap();
        drop(store);
        let ready = |startup: Startup| match startup.state {
            StartupState::Ready {
                newest_backup,
                backup_due,
                ..
            } => (newest_backup, backup_due),
            other => panic!("expected ready, got {other:?}"),
        };
        let (store, startup) = open(dir.path(), now()).unwrap();
        assert_eq!(ready(startup), (None, true), "opening copies nothing");
        assert!(backup::list(dir.path()).unwrap().is_empty());

        let made = backup::create_if_due(&store.unwrap(), now()).unwrap().unwrap();
        let (_, startup) = open(dir.path(), now() + TimeDelta::hours(23)).unwrap();
        assert_eq!(ready(startup), (Some(made.clone()), false));
        let (_, startup) = open(dir.path(), now() + TimeDelta::hours(24)).unwrap();
        assert_eq!(ready(startup), (Some(made), true), "a day later");
    }

    #[test]
    fn a_damaged_database_is_reported_with_its_backups_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), vec![0x42; 8192]).unwrap();
        let (store, startup) = open(dir.path(), now()).unwrap();
        assert!(store.is_none());
        assert!(
            matches!(startup.state, StartupState::Damaged { .. }),
            "{startup:?}"
        );
        assert_eq!(
            std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
            vec![0x42; 8192]
        );
    }
}
