//! The app's scheduler: every half minute while the app runs, follows the changes to scheduled posts,
//! publishes the Bluesky posts that fall due (Bluesky has no server-side scheduling) and records the
//! Mastodon posts their server has published, telling the window when something went out. Posts whose
//! time came before the app started are left to the officer (see `overdue_posts`): never published late
//! without asking.

use std::time::Duration;

use agora::io::fetch::Retry;
use agora::schedule;
use agora::secrets::SecretStore;
use agora::{Error, Result};
use chrono::{DateTime, Utc};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// How often the scheduler looks for due posts.
const EVERY: Duration = Duration::from_secs(30);

/// When the app started: posts due before then wait for the officer.
pub struct Scheduler {
    pub started: DateTime<Utc>,
}

impl Scheduler {
    pub fn started_now() -> Scheduler {
        Scheduler { started: Utc::now() }
    }
}

/// Runs for as long as the app does.
pub async fn run(app: AppHandle) {
    loop {
        tokio::time::sleep(EVERY).await;
        if let Err(error) = round(&app).await {
            eprintln!("agora: scheduler: {error}");
        }
    }
}

async fn round(app: &AppHandle) -> Result<()> {
    let state = app.state::<AppState>();
    let Ok(store) = state.store() else {
        return Ok(()); // the folder needs recovery first
    };
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    let since = app.state::<Scheduler>().started;
    let round =
        crate::blocking(move || schedule::run_due(&store, &secrets, since, Retry::default(), Utc::now()))
            .await;
    match round {
        Ok(round) => {
            for problem in &round.problems {
                eprintln!("agora: scheduler: {problem}");
            }
            if !round.published.is_empty() || round.confirmed > 0 {
                app.emit(agora::api::SCHEDULE_EVENT, round)
                    .map_err(|e| Error::Internal(e.to_string()))?;
            }
            Ok(())
        }
        Err(Error::NotInitialised) => Ok(()),
        Err(other) => Err(other),
    }
}
