//! Importing an address book: 100,000 people from a Google Contacts CSV (name, email, phone, one of 2,000
//! organisations with a role, a label and a note each) into an empty library, in one transaction with the
//! search index built. Run with `make bench`; figures go in the issue notes.

use std::fmt::Write;
use std::time::Duration;

use agora::contacts::{self, ContactsFormat, ImportOptions};
use chrono::Utc;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

mod common;

fn google_csv(rows: usize) -> String {
    let mut text = String::from(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization Name,Organization Title,Labels,Notes\n",
    );
    for i in 0..rows {
        writeln!(
            text,
            "Nome{i},Cognome{i},persona{i}@example.it,+39 333 {i:07},Scuola {},Insegnante,* myContacts ::: Scuole,Note su persona {i}",
            (i * 7919) % 2_000
        )
        .unwrap();
    }
    text
}

fn import_benches(c: &mut Criterion) {
    let text = google_csv(100_000);
    let mut group = c.benchmark_group("contacts");
    group.sample_size(10).measurement_time(Duration::from_secs(60));
    group.bench_function("import 100,000 people from CSV", |b| {
        b.iter_batched(
            common::empty_library,
            |(dir, store)| {
                let report = contacts::import_text(
                    &store,
                    &text,
                    ContactsFormat::Csv,
                    &ImportOptions::default(),
                    Utc::now(),
                    &mut |_| true,
                )
                .unwrap();
                assert_eq!(report.imported, 100_000);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import_benches);
criterion_main!(benches);
