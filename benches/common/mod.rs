//! What the benchmarks share: a real store in a temp folder with an Italian library set up.

use agora::profile::{self, ProfileInput};
use agora::{Language, Store};
use chrono::Utc;

/// A fresh store (kept alive by the returned folder) for the Biblioteca Sala Borsa, with nothing else.
pub fn empty_library() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let library = ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![Language::It],
        timezone: "Europe/Rome".into(),
        handles: vec![],
        categories: profile::default_categories(Language::It),
    };
    profile::save(&store, &library, Utc::now()).unwrap();
    (dir, store)
}
