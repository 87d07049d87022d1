//! The periodic inbox check: a little after the window opens and then every ten minutes, while an account
//! is connected, fetches new mentions and replies and tells the window when some arrived, so the inbox
//! shows them without the officer asking. A failed check (offline, a server down) is logged and the next
//! one tries again.

use std::time::Duration;

use agora::inbox;
use agora::io::fetch::Retry;
use agora::secrets::SecretStore;
use agora::{accounts, Error, Result};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The first check waits until the window has settled.
const FIRST_CHECK: Duration = Duration::from_secs(20);
/// How often the inbox is checked afterwards.
const EVERY: Duration = Duration::from_secs(10 * 60);

/// Runs for as long as the app does.
pub async fn watch(app: AppHandle) {
    tokio::time::sleep(FIRST_CHECK).await;
    loop {
        if let Err(error) = check(&app).await {
            eprintln!("agora: inbox check: {error}");
        }
        tokio::time::sleep(EVERY).await;
    }
}

async fn check(app: &AppHandle) -> Result<()> {
    let state = app.state::<AppState>();
    let Ok(store) = state.store() else {
        return Ok(()); // the folder needs recovery first
    };
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    let checked = crate::blocking(move || {
        if accounts::list(&store)?.is_empty() {
            return Ok(None);
        }
        inbox::sync(&store, &secrets, Retry::default(), chrono::Utc::now()).map(Some)
    })
    .await;
    match checked {
        Ok(Some(report)) if report.new > 0 => app
            .emit(agora::api::INBOX_EVENT, report)
            .map_err(|e| Error::Internal(e.to_string())),
        Ok(_) | Err(Error::NotInitialised) => Ok(()),
        Err(other) => Err(other),
    }
}
