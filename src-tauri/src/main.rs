//! The Agora desktop app: a Tauri v2 window around the core crate. This crate only wires core functions to
//! commands (see `commands`), holds the open data folder (`state`), and sets up the window and plugins.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod listening;
mod reminders;
mod scheduler;
mod state;
mod window_memory;

use agora::{Error, Result};
use tauri::Manager;

/// Runs blocking core work off the main thread.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
}

/// Keeps the window on the app's own pages: a link or a script that tries to take it elsewhere is refused
/// (web links are opened in the browser by the `open_link` command instead).
fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| agora::links::stays_in_window(url))
        .build()
}

/// Lets WebKitGTK paint the window on the CPU instead of compositing it with OpenGL, unless the user chose
/// otherwise with `WEBKIT_DISABLE_COMPOSITING_MODE`. Where OpenGL is software (llvmpipe: virtual desktops,
/// remote sessions, computers without a GPU driver) compositing made each frame of Today cost 170 ms against
/// 9 ms painted directly, and it is known for blank windows on some drivers; a window of forms and lists
/// gains nothing from it. Must run before GTK starts, while the process has one thread.
#[cfg(target_os = "linux")]
fn paint_without_compositing() {
    const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VARIABLE).is_none() {
        std::env::set_var(VARIABLE, "1");
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    paint_without_compositing();
    let data_dir = match agora::paths::data_dir(None) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("agora: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation_guard())
        .manage(state::AppState::new(data_dir))
        .manage(window_memory::WindowMemory::default())
        .manage(scheduler::Scheduler::started_now())
        .setup(|app| {
            tauri::async_runtime::spawn(reminders::watch(app.handle().clone()));
            tauri::async_runtime::spawn(listening::watch(app.handle().clone()));
            tauri::async_runtime::spawn(scheduler::run(app.handle().clone()));
            Ok(())
        })
        .on_window_event(|window, event| {
            window
                .state::<window_memory::WindowMemory>()
                .on_event(window, event)
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::open_link,
            commands::save_profile,
            commands::default_categories,
            commands::timezones,
            commands::os_timezone,
            commands::set_interface_language,
            commands::health,
            commands::list_backups,
            commands::create_backup,
            commands::daily_backup,
            commands::restore_backup,
            commands::restore_newest_backup,
            commands::open_data_dir,
            commands::list_campaigns,
            commands::add_campaign,
            commands::update_campaign,
            commands::default_audiences,
            commands::plan,
            commands::add_post,
            commands::update_post,
            commands::move_post,
            commands::list_events,
            commands::add_event,
            commands::update_event,
            commands::import_events_file,
            commands::import_events_url,
            commands::default_arc_template,
            commands::generate_arc,
            commands::reschedule_event,
            commands::planning_rules,
            commands::set_planning_rules,
            commands::export_calendar,
            commands::check_draft,
            commands::check_answer,
            commands::voice_guide,
            commands::save_voice_guide,
            commands::save_voice_guide_source,
            commands::import_voice_guide,
            commands::export_voice_guide,
            commands::reset_voice_guide,
            commands::test_voice_guide,
            commands::fill_template,
            commands::list_drafts,
            commands::get_draft,
            commands::create_draft,
            commands::save_draft,
            commands::set_post_state,
            commands::list_people,
            commands::get_person,
            commands::add_person,
            commands::update_person,
            commands::erase_person,
            commands::export_person,
            commands::list_organisations,
            commands::get_organisation,
            commands::add_organisation,
            commands::update_organisation,
            commands::log_interaction,
            commands::timeline,
            commands::get_interaction,
            commands::set_awaiting_reply,
            commands::snooze,
            commands::review_queue,
            commands::reciprocity,
            commands::retention_candidates,
            commands::search_people,
            commands::list_consents,
            commands::add_consent,
            commands::withdraw_consent,
            commands::post_parties,
            commands::set_post_parties,
            commands::preview_contacts,
            commands::import_contacts,
            commands::cancel_import,
            commands::export_contacts,
            commands::find_duplicates,
            commands::merge_people,
            commands::mark_distinct,
            commands::list_accounts,
            commands::start_mastodon_sign_in,
            commands::wait_mastodon_sign_in,
            commands::finish_mastodon_sign_in,
            commands::cancel_mastodon_sign_in,
            commands::add_mastodon_account,
            commands::add_bluesky_account,
            commands::publish_post,
            commands::post_publications,
            commands::sync_inbox,
            commands::list_inbox,
            commands::log_inbox_item,
            commands::mark_inbox_read,
            commands::answer_inbox_item,
            commands::overdue_posts,
            commands::campaign_report,
            commands::refresh_campaign_report,
        ])
        .run(tauri::generate_context!())
        .expect("the Agora window could not start");
}
