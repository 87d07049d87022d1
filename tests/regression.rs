//! One test per fixed bug, named after it (the hostile-input corpus of `tests/bad-input/` found most of
//! them; `docs/QUALITY.md` lists them). Each goes through the core's public functions.

use std::path::Path;
use std::time::{Duration, Instant};

use agora::contacts::{self, ContactsFormat, ContactsImport, ImportOptions};
use agora::io::ics;
use agora::profile::{self, ProfileInput};
use agora::voice::stored;
use agora::{Error, Language, Store};
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
}

/// A library in Europe/Rome, in a temp folder kept alive by the guard.
fn library() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let input = ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![Language::It],
        timezone: "Europe/Rome".into(),
        handles: vec![],
        categories: profile::default_categories(Language::It),
    };
    profile::save(&store, &input, now()).unwrap();
    (dir, store)
}

fn import(store: &Store, text: &str, format: ContactsFormat) -> agora::Result<ContactsImport> {
    contacts::import_text(store, text, format, &ImportOptions::default(), now(), &mut |_| {
        true
    })
}

fn people(store: &Store) -> i64 {
    store
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM person", [], |r| r.get(0))?))
        .unwrap()
}

/// The first problem of a refused import, as `line N (column): reason`.
fn first_problem(report: &ContactsImport) -> String {
    assert!(!report.committed, "refused: {report:?}");
    let p = &report.problems[0];
    format!(
        "line {} ({}): {}",
        p.line,
        p.column.as_deref().unwrap_or("-"),
        p.reason
    )
}

fn rome() -> chrono_tz::Tz {
    "Europe/Rome".parse().unwrap()
}

fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//IT\r\n{body}END:VCALENDAR\r\n")
}

fn event(uid: &str, summary: &str, start: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:{summary}\r\nDTSTART:{start}\r\nEND:VEVENT\r\n"
    )
}

#[test]
fn an_unclosed_quote_swallowed_the_rows_after_it_silently() {
    let (_dir, store) = library();
    let text = "Name,Notes\nAnna Verdi,\"Ama i gialli\nLuca Neri,ok\nMaria Rossi,ok\n";
    for skip_bad_rows in [false, true] {
        let options = ImportOptions {
            mapping: None,
            skip_bad_rows,
        };
        let error = contacts::import_text(&store, text, ContactsFormat::Csv, &options, now(), &mut |_| true)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 2: a quoted field is never closed"),
            "{error}"
        );
    }
    assert_eq!(people(&store), 0, "nobody imported, not even Anna");
    let previewed = agora::contacts::columns::preview(text).unwrap_err().to_string();
    assert!(
        previewed.contains("line 2: a quoted field is never closed"),
        "the preview refuses what the import refuses: {previewed}"
    );
    let closed = "Name,Notes\nAnna Verdi,\"Ama i \"\"gialli\"\"\nda sempre\"\nLuca Neri,5\" floppy\n";
    assert_eq!(import(&store, closed, ContactsFormat::Csv).unwrap().imported, 2);
}

#[test]
fn many_addresses_in_one_cell_were_compared_each_with_each() {
    let (_dir, store) = library();
    let addresses: Vec<String> = (0..60_000).map(|i| format!("a{i}@x.it")).collect();
    let text = format!(
        "Name,E-mail 1 - Value\nAnna Verdi,{} ::: anna at example\n",
        addresses.join(" ::: ")
    );
    let started = Instant::now();
    let report = import(&store, &text, ContactsFormat::Csv).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?} (it was minutes)",
        started.elapsed()
    );
    assert_eq!(
        first_problem(&report),
        "line 2 (E-mail 1 - Value): \"anna at example\" is not a valid email"
    );
}

#[test]
fn a_birthday_with_a_character_across_its_fourth_byte_panicked() {
    let (_dir, store) = library();
    let report = import(&store, "Name,Birthday\nAnna Verdi,12€456\n", ContactsFormat::Csv).unwrap();
    assert_eq!(
        first_problem(&report),
        "line 2 (Birthday): \"12€456\" is not a date (write it as 1968-03-12 or 12/03/1968)"
    );
}

#[test]
fn a_birthday_in_month_13_was_taken_for_its_year() {
    let (_dir, store) = library();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Verdi\r\nBDAY:1979-13-45\r\nEND:VCARD\r\n";
    let report = import(&store, card, ContactsFormat::Vcard).unwrap();
    assert!(
        first_problem(&report).starts_with("line 1 (BDAY): \"1979-13-45\" is not a date"),
        "{report:?}"
    );
    let table = "Name,Birthday\nAnna Verdi,30/02/1979\n";
    assert!(!import(&store, table, ContactsFormat::Csv).unwrap().committed);
    assert_eq!(people(&store), 0);
}

#[test]
fn a_name_too_long_was_reported_as_no_name() {
    let (_dir, store) = library();
    let text = format!("Name,Email\n{},anna@example.it\n", "A".repeat(1_000_000));
    let report = import(&store, &text, ContactsFormat::Csv).unwrap();
    assert_eq!(
        first_problem(&report),
        "line 2 (-): the name must be at most 120 characters"
    );
}

#[test]
fn control_characters_in_a_name_were_imported() {
    let (_dir, store) = library();
    let report = import(
        &store,
        "Name,Email\nAnna\u{1b}[31mVerdi\u{7},anna@example.it\n",
        ContactsFormat::Csv,
    )
    .unwrap();
    assert!(
        first_problem(&report).starts_with("line 2 (-): the name must not contain control characters"),
        "{report:?}"
    );
    assert_eq!(people(&store), 0);
}

#[test]
fn a_file_with_nul_bytes_was_read_as_text() {
    let (dir, store) = library();
    // UTF-16 without a byte-order mark is valid UTF-8, every other byte a NUL.
    let utf16: Vec<u8> = "Name,Email\nAnna Verdi,anna@example.it\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let path = dir.path().join("contacts.csv");
    std::fs::write(&path, utf16).unwrap();
    let error = contacts::import(&store, &path, &ImportOptions::default(), now(), &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("line 1 holds a NUL byte: the file is UTF-16 or binary"),
        "{error}"
    );
    let error = ics::parse(&calendar(&event("a@b", "Letture\0", "20270320T103000Z")), rome())
        .unwrap_err()
        .to_string();
    assert!(error.contains("line 7: the line holds a NUL byte"), "{error}");
    assert_eq!(people(&store), 0);
}

#[test]
fn deeply_nested_calendar_components_overflowed_the_stack() {
    let text = "BEGIN:VCALENDAR\r\n".repeat(10_000) + &"END:VCALENDAR\r\n".repeat(10_000);
    let error = ics::parse(&text, rome()).unwrap_err().to_string();
    assert!(
        error.contains("line 9: BEGIN:VCALENDAR is nested more than 8 components deep"),
        "{error}"
    );
}

#[test]
fn a_cut_short_calendar_was_refused_with_the_parsers_trace() {
    let whole = calendar(&event("a@b", "Letture", "20270320T103000Z"));
    let cut = &whole[..whole.len() - "END:VEVENT\r\nEND:VCALENDAR\r\n".len()];
    let error = ics::parse(cut, rome()).unwrap_err().to_string();
    assert_eq!(
        error,
        "file: line 4: BEGIN:VEVENT has no END:VEVENT: the file ends first (is it cut short?)"
    );
    let unended = whole.replace("END:VEVENT\r\n", "");
    let error = ics::parse(&unended, rome()).unwrap_err().to_string();
    assert_eq!(
        error,
        "file: line 9: END:VCALENDAR closes the BEGIN:VEVENT of line 4"
    );
}

#[test]
fn calendar_errors_after_folded_lines_named_the_unfolded_line() {
    let folded = event("a@b", "Letture", "20270320T103000Z").replace(
        "END:VEVENT",
        &format!("DESCRIPTION:inizio\r\n{}END:VEVENT", " x\r\n".repeat(1000)),
    );
    let text = calendar(&(folded + &event("a@b", "Doppione", "20270321T103000Z")));
    let error = ics::parse(&text, rome()).unwrap_err().to_string();
    assert!(
        error.contains("line 1011: the UID \"a@b\" is used by two events"),
        "{error}"
    );
}

#[test]
fn an_event_in_year_0_was_imported() {
    let error = ics::parse(&calendar(&event("a@b", "Letture", "00000320T103000Z")), rome())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("line 8: DTSTART of \"a@b\": the year 0 is out of range (1900–2999)"),
        "{error}"
    );
}

#[test]
fn an_event_title_of_a_megabyte_was_imported() {
    let title = "L".repeat(1 << 20);
    let error = ics::parse(&calendar(&event("a@b", &title, "20270320T103000Z")), rome())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("line 7: the SUMMARY (title) of \"a@b\" must be at most 120 characters"),
        "{error}"
    );
}

#[test]
fn a_calendar_not_in_utf8_was_refused_without_its_line() {
    let (dir, store) = library();
    let path = dir.path().join("eventi.ics");
    let mut bytes = calendar(&event("a@b", "Festa", "20270320T103000Z")).into_bytes();
    let at = bytes.iter().position(|b| *b == b'F').unwrap() + 5;
    bytes.insert(at, 0xF9); // Latin-1 'ù'
    std::fs::write(&path, bytes).unwrap();
    let error = agora::events::import_file(&store, &path, now())
        .unwrap_err()
        .to_string();
    assert!(error.contains("line 7 of"), "{error}");
}

#[test]
fn an_empty_guide_file_replaced_the_guide() {
    let (dir, store) = library();
    let guide = dir.path().join("guide.toml");
    std::fs::write(&guide, "[identity]\nlibrary = \"Sala Borsa\"\n").unwrap();
    stored::import_file(&store, &guide, now()).unwrap();
    for empty in ["", "\u{feff}", "\n \t\n"] {
        std::fs::write(&guide, empty).unwrap();
        let error = stored::import_file(&store, &guide, now()).unwrap_err();
        assert!(matches!(error, Error::GuideInvalid { line: 1, .. }), "{error}");
        assert!(error.to_string().contains("the file is empty"), "{error}");
        assert_eq!(stored::load(&store).unwrap().guide.identity.library, "Sala Borsa");
    }
}

#[test]
fn a_guide_not_in_utf8_was_placed_at_line_1_column_1() {
    let (dir, store) = library();
    let guide = dir.path().join("guide.toml");
    std::fs::write(&guide, b"[identity]\nlibrary = \"Citt\xe0\"\n").unwrap();
    let error = stored::import_file(&store, &guide, now()).unwrap_err();
    assert!(
        matches!(
            error,
            Error::GuideInvalid {
                line: 2,
                column: 16,
                ..
            }
        ),
        "{error}"
    );
    assert!(Path::new(&guide).exists());
}
