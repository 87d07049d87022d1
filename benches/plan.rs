//! Planning benchmarks on a seeded library (5 years, 500 campaigns, 20,000 posts, 3,000 events): loading a
//! busy month for the calendar (posts with channels, campaigns, mix and warnings), and the content mix of a
//! whole year (counted in SQL). Run with `make bench`; figures go in the issue notes.

use std::hint::black_box;

use agora::calendar;
use agora::seed::{self, SeedSize};
use chrono::{NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;

fn plan_benches(c: &mut Criterion) {
    let (_dir, store) = common::empty_library();
    let first_day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let size = SeedSize {
        first_day,
        years: 5,
        campaigns: 500,
        posts: 20_000,
        events: 3_000,
        people: 0,
        organisations: 0,
        interactions: 0,
        seed: 1,
    };
    seed::seed(&store, size, Utc::now()).unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();

    c.bench_function("calendar view of a busy month", |b| {
        b.iter(|| black_box(calendar::view(&store, day(2025, 3, 1), day(2025, 3, 31), None).unwrap()))
    });
    c.bench_function("content mix of a year", |b| {
        b.iter(|| black_box(calendar::mix_of(&store, day(2025, 1, 1), day(2025, 12, 31)).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = plan_benches
}
criterion_main!(benches);
