//! iCalendar import, the parse stage: a file read into events, floating times in the library's zone.
//!
//! Invariants: every event has a UID (unique in the file) and a title, and does not end before it starts;
//! and the events written back as Agora exports a calendar read again to the same UIDs, titles and times.

#![no_main]

use agora::io::ics;
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(events) = ics::parse(text, chrono_tz::Europe::Rome) else {
        return;
    };
    for (i, e) in events.iter().enumerate() {
        assert!(!e.uid.is_empty() && e.uid == e.uid.trim(), "uid {:?}", e.uid);
        assert!(
            !e.title.is_empty() && e.title == e.title.trim(),
            "title {:?}",
            e.title
        );
        assert!(e.ends_at >= e.starts_at, "{e:?} ends before it starts");
        assert!(
            events[..i].iter().all(|o| o.uid != e.uid),
            "uid {:?} twice",
            e.uid
        );
    }
    let entries: Vec<ics::IcsEntry> = events
        .iter()
        .map(|e| ics::IcsEntry {
            uid: e.uid.clone(),
            title: e.title.clone(),
            description: e.description.clone(),
            categories: String::new(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
        })
        .collect();
    let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("a valid instant");
    let written = ics::write("fuzz", &entries, now);
    let back = ics::parse(&written, chrono_tz::Europe::Rome).expect("an exported calendar reads");
    let key = |e: &ics::IcsEvent| (e.uid.clone(), e.title.clone(), e.starts_at, e.ends_at);
    assert_eq!(
        back.iter().map(key).collect::<Vec<_>>(),
        events.iter().map(key).collect::<Vec<_>>(),
        "exported events read back alike\n{written}"
    );
});
