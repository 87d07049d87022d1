//! Store benchmarks: opening a data folder (integrity check and migrations included), loading and saving
//! the library profile, and an online backup. Run with `make bench`; figures go in the issue notes.

use std::hint::black_box;

use agora::profile::{self, ProfileInput, SocialHandle};
use agora::{Language, Store};
use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};

fn input() -> ProfileInput {
    ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![Language::It, Language::En],
        timezone: "Europe/Rome".into(),
        handles: vec![SocialHandle {
            network: profile::Network::Bluesky,
            handle: "salaborsa.bsky.social".into(),
        }],
        categories: profile::default_categories(Language::It),
    }
}

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    profile::save(&store, &input(), Utc::now()).unwrap();

    c.bench_function("open data folder", |b| {
        b.iter(|| black_box(Store::open_dir(dir.path()).unwrap()))
    });
    c.bench_function("load profile", |b| {
        b.iter(|| black_box(profile::load(&store).unwrap()))
    });
    c.bench_function("save profile", |b| {
        b.iter(|| black_box(profile::save(&store, &input(), Utc::now()).unwrap()))
    });
    c.bench_function("online backup", |b| {
        b.iter(|| black_box(agora::store::backup::create(&store, Utc::now()).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = store_benches
}
criterion_main!(benches);
