//! The open data folder the window works on, shared by the commands.
//!
//! The lock is held only to read or swap the folder and its store, never while the database works, so no
//! command can freeze the window; database work runs on blocking threads.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use agora::oauth::SignIn;
use agora::startup::{self, Startup};
use agora::{Error, Result, Store};

pub struct AppState {
    folder: RwLock<Folder>,
    /// Set to ask the running contacts import to stop.
    pub import_cancelled: Arc<AtomicBool>,
    /// The Mastodon sign-in under way in the browser, if any.
    sign_in: Mutex<Option<Arc<SignIn>>>,
}

struct Folder {
    dir: PathBuf,
    store: Option<Arc<Store>>,
}

impl AppState {
    pub fn new(dir: PathBuf) -> AppState {
        AppState {
            folder: RwLock::new(Folder { dir, store: None }),
            import_cancelled: Arc::new(AtomicBool::new(false)),
            sign_in: Mutex::new(None),
        }
    }

    /// Keeps `sign_in` as the one under way; an earlier one stops.
    pub fn begin_sign_in(&self, sign_in: SignIn) {
        if let Some(earlier) = self.sign_in_slot().replace(Arc::new(sign_in)) {
            earlier.cancel();
        }
    }

    /// The sign-in under way; [`Error::Cancelled`] if there is none (it was cancelled, or never begun).
    pub fn sign_in(&self) -> Result<Arc<SignIn>> {
        self.sign_in_slot().clone().ok_or(Error::Cancelled)
    }

    /// Stops the sign-in under way, if any, and forgets it.
    pub fn end_sign_in(&self) {
        if let Some(sign_in) = self.sign_in_slot().take() {
            sign_in.cancel();
        }
    }

    fn sign_in_slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<SignIn>>> {
        self.sign_in
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The open store; [`Error::NoDatabase`] while the folder needs recovery.
    pub fn store(&self) -> Result<Arc<Store>> {
        self.read().store.clone().ok_or(Error::NoDatabase)
    }

    pub fn dir(&self) -> PathBuf {
        self.read().dir.clone()
    }

    /// Closes the current store, runs `prepare` on the folder `dir` (a restore, say), then opens `dir`;
    /// returns what the window shows and what `prepare` returned.
    pub async fn reopen<T: Send + 'static>(
        &self,
        dir: PathBuf,
        prepare: impl FnOnce(&Path) -> Result<T> + Send + 'static,
    ) -> Result<(Startup, T)> {
        self.write().store = None;
        let opened_dir = dir.clone();
        let (store, startup, prepared) = crate::blocking(move || {
            let prepared = prepare(&opened_dir)?;
            let (store, startup) = startup::open(&opened_dir, chrono::Utc::now())?;
            Ok((store, startup, prepared))
        })
        .await?;
        *self.write() = Folder {
            dir,
            store: store.map(Arc::new),
        };
        Ok((startup, prepared))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Folder> {
        self.folder
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Folder> {
        self.folder
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
