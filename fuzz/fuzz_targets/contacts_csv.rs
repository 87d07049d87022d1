//! CSV contact import, the parse stage: a file's preview, its rows read into records, and each contact
//! point checked as the import checks it. No database.
//!
//! Invariants: the preview refuses what the read refuses for the whole file (rows that cannot be told
//! apart), and the read refuses no other file the preview shows unless it names no one; the preview
//! and the read see the same number of rows; reading with the mapping the preview recognised gives what
//! reading without one gives; a row's line is in the file; a checked contact point checks again to itself.

#![no_main]

use agora::contacts::columns;
use agora::people::check_contact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Lines as the import counts them: `\n`, `\r\n` or a lone `\r` ends one.
    let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() as u64 + 1;
    let preview = columns::preview(text);
    let read = columns::read(text, None);
    let (preview, records) = match (preview, read) {
        (Ok(preview), Ok(records)) => (preview, records),
        (Ok(preview), Err(e)) => {
            assert!(
                preview.needs_mapping,
                "the read refused a file the preview shows: {e}"
            );
            return;
        }
        (Err(_), _) => return,
    };
    assert!(
        !preview.needs_mapping,
        "the read accepted a file whose preview names no one"
    );
    assert_eq!(preview.headers.len(), preview.mapping.len());
    assert!(preview.sample.len() <= 5);
    assert_eq!(
        preview.records as usize,
        records.len(),
        "preview and read count rows alike"
    );
    let mapped = columns::read(text, Some(&preview.mapping)).expect("the recognised mapping is accepted");
    assert_eq!(mapped, records, "the recognised mapping reads as no mapping");
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
});
