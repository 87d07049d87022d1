//! vCard contact import, the parse stage: a file split into cards and each card read into a record, each
//! contact point checked as the import checks it. No database.
//!
//! Invariants: one record per card; every line named is in the file; a checked contact point checks again
//! to itself; and a value written the way the export writes it (escaped, folded at 75 bytes) reads back
//! as itself.

#![no_main]

use agora::contacts::cards;
use agora::io::vcard;
use agora::people::check_contact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1) as u64;
    let parsed = vcard::parse(text);
    let records = cards::read(text);
    assert_eq!(parsed.len(), records.len(), "one record per card");
    for record in &records {
        let line = match record {
            Ok(r) => r.line,
            Err(p) => p.line,
        };
        assert!(
            (1..=lines).contains(&line),
            "line {line} of a file of {lines} lines"
        );
        let Ok(record) = record else { continue };
        for (source, contact) in &record.contacts {
            if let Ok(checked) = check_contact(source, contact) {
                assert_eq!(
                    check_contact(source, &checked).as_ref().ok(),
                    Some(&checked),
                    "checking is idempotent"
                );
            }
        }
    }

    // The whole input as one value, written as the export writes a NOTE.
    let line = format!("NOTE:{}", vcard::escape(text));
    let folded = vcard::fold(&line);
    for physical in folded.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "a folded line is at most 75 bytes: {physical:?}"
        );
    }
    let card = format!("BEGIN:VCARD\r\nVERSION:4.0\r\n{folded}END:VCARD\r\n");
    let back = vcard::parse(&card);
    assert_eq!(back.len(), 1, "one card written, one read: {back:?}");
    let card = back[0].as_ref().expect("the written card reads");
    let note = card
        .properties
        .iter()
        .find(|p| p.name == "NOTE")
        .expect("the NOTE is read");
    assert_eq!(
        note.text(),
        text.replace("\r\n", "\n"),
        "the value reads back as written"
    );
});
