//! Relationship benchmarks on a seeded library (100,000 people, 2,000 organisations, 1,000,000
//! interactions): the first page of a person's and of an organisation's timeline, the review queue, and a
//! search as the officer types. Run with `make bench`; figures go in the issue notes.

use std::hint::black_box;
use std::time::Instant;

use agora::people::interactions::{self, TimelineFilter};
use agora::people::{review, search, Page, Party};
use agora::seed::{self, SeedSize};
use chrono::{NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;

fn people_benches(c: &mut Criterion) {
    let (_dir, store) = common::empty_library();
    let size = SeedSize {
        first_day: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        years: 1,
        campaigns: 0,
        posts: 0,
        events: 0,
        people: 100_000,
        organisations: 2_000,
        interactions: 1_000_000,
        seed: 1,
    };
    let started = Instant::now();
    seed::seed(&store, size, Utc::now()).unwrap();
    eprintln!(
        "seeded 100,000 people, 2,000 organisations, 1,000,000 interactions in {:?}",
        started.elapsed()
    );

    let first_page = Page { offset: 0, limit: 50 };
    let all = TimelineFilter::default();
    c.bench_function("first page of a person's timeline", |b| {
        b.iter(|| black_box(interactions::timeline(&store, Party::Person(4_242), all, first_page).unwrap()))
    });
    c.bench_function("first page of an organisation's timeline", |b| {
        b.iter(|| {
            black_box(interactions::timeline(&store, Party::Organisation(42), all, first_page).unwrap())
        })
    });
    c.bench_function("review queue", |b| {
        b.iter(|| black_box(review::queue_now(&store, Utc::now()).unwrap()))
    });
    c.bench_function("search as you type", |b| {
        b.iter(|| black_box(search::search(&store, "maria ross", 50).unwrap()))
    });
    // Three letters: no prefix index of their own, the terms that start with them are scanned.
    c.bench_function("search three letters", |b| {
        b.iter(|| black_box(search::search(&store, "mar", 50).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = people_benches
}
criterion_main!(benches);
