//! Fixtures for the core's unit tests: a real SQLite store in a temp folder, with a library set up.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::campaigns::{CampaignInput, CampaignStatus, MixTarget};
use crate::profile::Network;

use crate::profile::{self, ProfileInput};
use crate::{Language, Store};

/// A fixed "now" for tests.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
}

/// The profile of an Italian library in Europe/Rome with the four default categories.
pub fn library() -> ProfileInput {
    ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![Language::It, Language::En],
        timezone: "Europe/Rome".into(),
        handles: vec![],
        categories: profile::default_categories(Language::It),
    }
}

/// A fresh store in a temp folder (kept alive by the returned guard), onboarded with [`library`].
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    profile::save(&store, &library(), now()).unwrap();
    (dir, store)
}

/// A March 2027 campaign on Mastodon and Bluesky, with a 30/20/10/40 mix target.
pub fn festival(store: &Store) -> CampaignInput {
    let categories = crate::profile::load(store).unwrap().unwrap().categories;
    CampaignInput {
        name: " Festival della lettura ".into(),
        objective: "Far parlare i lettori dei libri che amano".into(),
        target_count: Some(40),
        target_unit: "replies".into(),
        starts_on: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        status: CampaignStatus::Planned,
        owner: "Giulia".into(),
        notes: String::new(),
        colour: String::new(),
        audiences: vec!["Famiglie 0-6".into(), "Ragazzi".into(), "ragazzi".into()],
        channels: vec![Network::Mastodon, Network::Bluesky],
        mix_targets: categories
            .iter()
            .zip([30, 20, 10, 40])
            .map(|(c, share)| MixTarget {
                category_id: c.id,
                share,
            })
            .collect(),
    }
}
