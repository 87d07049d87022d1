//! The overdue watch: a little after the window opens and then every quarter of an hour, asks the core which
//! contacts have become overdue and announces them with a desktop notification, in the interface language.
//! A notification that cannot be shown (no notification service) is logged and the contacts are offered
//! again at the next check.

use std::time::Duration;

use agora::language::Language;
use agora::people::reminders;
use agora::{preferences, Error, Result};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// The first check waits until the window has drawn Today.
const FIRST_CHECK: Duration = Duration::from_secs(5);
/// How often contacts are checked afterwards.
const EVERY: Duration = Duration::from_secs(15 * 60);

/// Runs for as long as the app does.
pub async fn watch(app: AppHandle) {
    tokio::time::sleep(FIRST_CHECK).await;
    loop {
        if let Err(error) = check(&app).await {
            eprintln!("agora: overdue reminder: {error}");
        }
        tokio::time::sleep(EVERY).await;
    }
}

async fn check(app: &AppHandle) -> Result<()> {
    let Ok(store) = app.state::<AppState>().store() else {
        return Ok(()); // the folder needs recovery first
    };
    let checked = crate::blocking(move || {
        let language = preferences::interface_language(&store)?.unwrap_or_else(Language::from_os);
        reminders::newly_overdue(&store, chrono::Utc::now(), |contacts| {
            let Some(reminder) = reminders::reminder(contacts, language) else {
                return Ok(());
            };
            notify_rust::Notification::new()
                .appname("Agora")
                .summary(&reminder.title)
                .body(&reminder.body)
                .show()
                .map(drop)
                .map_err(|e| Error::Internal(format!("the desktop notification could not be shown: {e}")))
        })
    })
    .await;
    match checked {
        Ok(_) | Err(Error::NotInitialised) => Ok(()),
        Err(other) => Err(other),
    }
}
