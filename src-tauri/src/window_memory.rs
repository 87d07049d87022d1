//! Remembers the window's size and position. tauri-plugin-window-state restores them at start and saves
//! them on a normal exit; this module also saves them shortly after the window is moved or resized, so the
//! layout survives a crash, a forced quit or a power cut.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{Manager, Runtime, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// How long the window must stay still before its geometry is written.
const SETTLE: Duration = Duration::from_millis(400);

/// Counts moves and resizes, so only the last one of a burst writes the state file.
#[derive(Default)]
pub struct WindowMemory {
    changes: Arc<AtomicU64>,
}

impl WindowMemory {
    /// Handles a window event: after a move or resize, saves the state once the window has settled.
    pub fn on_event<R: Runtime>(&self, window: &Window<R>, event: &WindowEvent) {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let change = self.changes.fetch_add(1, Ordering::SeqCst) + 1;
        let changes = self.changes.clone();
        let app = window.app_handle().clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if changes.load(Ordering::SeqCst) == change {
                if let Err(e) =
                    app.save_window_state(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                {
                    eprintln!("agora: could not save the window's size and position: {e}");
                }
            }
        });
    }
}
