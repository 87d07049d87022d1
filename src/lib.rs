//! Agora's core: the domain logic and storage of the desktop app and the `agora` command line.
//!
//! Nothing here depends on Tauri. Each operation is a plain function over a [`Store`] (and, where time
//! matters, the current time passed in), so it is tested without a window. The desktop shell (`src-tauri`)
//! wraps the functions named in [`api`] as commands.

pub mod accounts;
pub mod api;
pub mod arcs;
pub mod bluesky;
pub mod calendar;
pub mod campaigns;
pub mod cli;
pub mod contacts;
pub mod doctor;
pub mod drafts;
pub mod engagement;
pub mod error;
pub mod events;
pub mod facets;
mod fields;
pub mod inbox;
pub mod io;
pub mod language;
pub mod links;
pub mod local_time;
pub mod mastodon;
pub mod oauth;
pub mod paths;
pub mod people;
pub mod planning;
pub mod posts;
pub mod preferences;
pub mod profile;
pub mod publish;
pub mod schedule;
pub mod secrets;
pub mod seed;
pub mod startup;
pub mod store;
#[cfg(test)]
mod testing;
pub mod thread;
pub mod voice;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use language::Language;
pub use store::Store;
