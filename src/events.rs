//! Events the library holds (readings, meetings with authors, festivals): entered by hand or imported from
//! an iCalendar file. Posts can promote an event; an event arc (see `arcs`) generates them.
//!
//! Import is one transaction: a file with any problem changes nothing. Re-importing updates events by UID
//! instead of duplicating them; when an event moves, the posts generated for it move by the same number of
//! days, except posts the user has edited, which are never moved silently and are reported instead.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::io::ics::{self, IcsEvent};
use crate::local_time;
use crate::store::Store;

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Event {
    #[ts(type = "number")]
    pub id: i64,
    pub uid: Option<String>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub audience: String,
    /// Empty when the event is free.
    pub price: String,
    pub booking_url: String,
    pub accessibility: String,
}

/// An event as entered by hand; times are local in the library's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct EventInput {
    pub title: String,
    pub starts_at: chrono::NaiveDateTime,
    pub ends_at: chrono::NaiveDateTime,
    pub place: String,
    pub audience: String,
    /// Empty when the event is free.
    pub price: String,
    pub booking_url: String,
    pub accessibility: String,
}

/// Validates `input` into UTC times and trimmed text.
fn validate(tz: Tz, input: &EventInput) -> Result<(EventInput, DateTime<Utc>, DateTime<Utc>)> {
    let title = crate::fields::required_text("title", &input.title)?;
    if input.ends_at < input.starts_at {
        return Err(Error::invalid("ends_at", "the event ends before it starts"));
    }
    let booking_url = input.booking_url.trim().to_owned();
    let web_address = booking_url.starts_with("https://") || booking_url.starts_with("http://");
    if !booking_url.is_empty() && !web_address {
        return Err(Error::invalid(
            "booking_url",
            format!("{booking_url:?} is not a web address"),
        ));
    }
    let starts_at = local_time::to_utc(tz, input.starts_at, "starts_at")?;
    let ends_at = local_time::to_utc(tz, input.ends_at, "ends_at")?;
    let trimmed = EventInput {
        title,
        place: input.place.trim().to_owned(),
        audience: input.audience.trim().to_owned(),
        price: input.price.trim().to_owned(),
        booking_url,
        accessibility: input.accessibility.trim().to_owned(),
        ..input.clone()
    };
    Ok((trimmed, starts_at, ends_at))
}

/// Adds an event entered by hand.
pub fn add(store: &Store, input: &EventInput, now: DateTime<Utc>) -> Result<Event> {
    let id = store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let (e, starts_at, ends_at) = validate(tz, input)?;
        tx.execute(
            "INSERT INTO event (title, starts_at, ends_at, place, audience, price, booking_url, accessibility,
                                created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            rusqlite::params![e.title, starts_at, ends_at, e.place, e.audience, e.price, e.booking_url, e.accessibility, now],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get(store, id)
}

/// Replaces an event's details. Its times change too, but its posts stay where they are: moving an event
/// together with its posts is [`reschedule`].
pub fn update(store: &Store, id: i64, input: &EventInput, now: DateTime<Utc>) -> Result<Event> {
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        read(tx, id)?;
        let (e, starts_at, ends_at) = validate(tz, input)?;
        tx.execute(
            "UPDATE event SET title = ?1, starts_at = ?2, ends_at = ?3, place = ?4, audience = ?5, price = ?6,
                              booking_url = ?7, accessibility = ?8, updated_at = ?9
             WHERE id = ?10",
            rusqlite::params![e.title, starts_at, ends_at, e.place, e.audience, e.price, e.booking_url, e.accessibility, now, id],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Generated posts moved along with their event.
    pub posts_moved: u32,
    /// Posts of a moved event left where they were because the user had edited them.
    pub posts_kept: u32,
}

/// Imports the events of an iCalendar file, all or nothing.
pub fn import_ics(store: &Store, text: &str, now: DateTime<Utc>) -> Result<ImportReport> {
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let events = ics::parse(text, tz)?;
        let mut report = ImportReport::default();
        for event in &events {
            upsert(tx, tz, event, now, &mut report)?;
        }
        Ok(report)
    })
}

/// Imports the events of the iCalendar file at `path`.
pub fn import_file(store: &Store, path: &std::path::Path, now: DateTime<Utc>) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        Error::invalid(
            ics::FIELD,
            format!(
                "line {line} of {} is not UTF-8 text, so the file is not an iCalendar file",
                path.display()
            ),
        )
    })?;
    import_ics(store, &text, now)
}

/// Imports the events of an iCalendar file published at `url` (HTTPS; HTTP only on this computer). A
/// download that fails changes nothing.
pub fn import_url(store: &Store, url: &str, now: DateTime<Utc>) -> Result<ImportReport> {
    let looks_like_calendar = |text: &str| {
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with("BEGIN:VCALENDAR")
    };
    let text = crate::io::fetch::text(
        url,
        crate::io::fetch::Limits::default(),
        "a calendar",
        looks_like_calendar,
    )?;
    import_ics(store, &text, now)
}

fn upsert(
    tx: &Transaction,
    tz: Tz,
    event: &IcsEvent,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<()> {
    let existing = tx
        .query_row("SELECT id FROM event WHERE uid = ?1", [&event.uid], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?;
    let Some(id) = existing else {
        insert(tx, event, now)?;
        report.added += 1;
        return Ok(());
    };
    let current = read(tx, id)?;
    let same = current.title == event.title
        && current.starts_at == event.starts_at
        && current.ends_at == event.ends_at
        && current.place == event.place
        && current.booking_url == event.url;
    if same {
        report.unchanged += 1;
        return Ok(());
    }
    tx.execute(
        "UPDATE event SET title = ?1, starts_at = ?2, ends_at = ?3, place = ?4, booking_url = ?5, updated_at = ?6
         WHERE id = ?7",
        rusqlite::params![event.title, event.starts_at, event.ends_at, event.place, event.url, now, id],
    )?;
    report.updated += 1;
    let days = (local_time::to_local(tz, event.starts_at).date()
        - local_time::to_local(tz, current.starts_at).date())
    .num_days();
    if days != 0 {
        let (moved, kept) = crate::posts::shift_event_posts(tx, tz, id, days, now)?;
        report.posts_moved += moved;
        report.posts_kept += kept;
    }
    Ok(())
}

/// What moving an event did to its posts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct MoveReport {
    /// Posts moved along with the event.
    pub posts_moved: u32,
    /// Posts left in place because the user had edited them.
    pub posts_kept: u32,
}

/// Moves event `id` to start at local time `starts_local` (keeping its length). With `move_posts`, its
/// unedited posts move by the same number of days (the window asks first).
pub fn reschedule(
    store: &Store,
    id: i64,
    starts_local: chrono::NaiveDateTime,
    move_posts: bool,
    now: DateTime<Utc>,
) -> Result<MoveReport> {
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let current = read(tx, id)?;
        let starts_at = local_time::to_utc(tz, starts_local, "starts_at")?;
        let ends_at = starts_at + (current.ends_at - current.starts_at);
        tx.execute(
            "UPDATE event SET starts_at = ?1, ends_at = ?2, updated_at = ?3 WHERE id = ?4",
            rusqlite::params![starts_at, ends_at, now, id],
        )?;
        let days = (starts_local.date() - local_time::to_local(tz, current.starts_at).date()).num_days();
        if move_posts && days != 0 {
            let (posts_moved, posts_kept) = crate::posts::shift_event_posts(tx, tz, id, days, now)?;
            Ok(MoveReport {
                posts_moved,
                posts_kept,
            })
        } else {
            Ok(MoveReport::default())
        }
    })
}

/// Adds an event read from a calendar; returns its id.
pub(crate) fn insert(tx: &Transaction, event: &IcsEvent, now: DateTime<Utc>) -> Result<i64> {
    tx.execute(
        "INSERT INTO event (uid, title, starts_at, ends_at, place, booking_url, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        rusqlite::params![
            event.uid,
            event.title,
            event.starts_at,
            event.ends_at,
            event.place,
            event.url,
            now
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// One event.
pub fn get(store: &Store, id: i64) -> Result<Event> {
    store.read(|conn| read(conn, id))
}

/// The most days one list of events covers: a library's year of events stays well within the window's
/// 1 MB budget for one answer.
pub const MAX_LIST_DAYS: i64 = 366;

/// The events starting on the local days `from..=to` (at most [`MAX_LIST_DAYS`]), in order.
pub fn list_days(store: &Store, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Vec<Event>> {
    crate::fields::within_days("a list of events", from, to, MAX_LIST_DAYS)?;
    let tz = store.read(crate::profile::zone)?;
    let range = crate::posts::local_days(tz, from, to, None)?;
    list(store, range.from, range.to)
}

/// The events starting in `from..to` (UTC), in order.
pub fn list(store: &Store, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Event>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT id FROM event WHERE starts_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id",
        )?;
        let ids: Vec<i64> = stmt
            .query_map([from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read(conn, id)).collect()
    })
}

pub(crate) fn read(conn: &Connection, id: i64) -> Result<Event> {
    conn.query_row(
        "SELECT id, uid, title, starts_at, ends_at, place, audience, price, booking_url, accessibility
         FROM event WHERE id = ?1",
        [id],
        |r| {
            Ok(Event {
                id: r.get(0)?,
                uid: r.get(1)?,
                title: r.get(2)?,
                starts_at: r.get(3)?,
                ends_at: r.get(4)?,
                place: r.get(5)?,
                audience: r.get(6)?,
                price: r.get(7)?,
                booking_url: r.get(8)?,
                accessibility: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "event", id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arcs::{self, ArcTemplate};
    use crate::profile::Network;
    use crate::testing::{now, store};

    const ONE_EVENT: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//IT\r\nBEGIN:VEVENT\r\n\
UID:autrice@comune\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Incontro con l'autrice\r\n\
DTSTART;TZID=Europe/Rome:20270325T180000\r\nDTEND;TZID=Europe/Rome:20270325T193000\r\nLOCATION:Auditorium\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

    fn all(store: &Store) -> Vec<Event> {
        let wide = |y| {
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                .unwrap()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
        };
        list(store, wide(2000), wide(2100)).unwrap()
    }

    fn evening(title: &str) -> EventInput {
        let at = |t| crate::local_time::parse_local(t, "at").unwrap();
        EventInput {
            title: title.into(),
            starts_at: at("2027-05-14T18:00"),
            ends_at: at("2027-05-14T19:30"),
            place: " Sala ragazzi ".into(),
            audience: "Famiglie 0-6".into(),
            price: String::new(),
            booking_url: "https://biblioteca.example/prenota".into(),
            accessibility: "Accesso senza gradini; interprete LIS".into(),
        }
    }

    #[test]
    fn an_event_entered_by_hand_keeps_its_details_and_bad_ones_name_the_field() {
        let (_dir, store) = store();
        let added = add(&store, &evening("Letture in giardino"), now()).unwrap();
        assert_eq!(added.starts_at.to_rfc3339(), "2027-05-14T16:00:00+00:00");
        assert_eq!((added.place.as_str(), added.uid), ("Sala ragazzi", None));
        assert_eq!(added.accessibility, "Accesso senza gradini; interprete LIS");
        let mut changed = evening("Letture in giardino");
        changed.price = "3 €".into();
        assert_eq!(update(&store, added.id, &changed, now()).unwrap().price, "3 €");
        type Spoil = fn(&mut EventInput);
        let cases: [(&str, Spoil); 3] = [
            ("title", |e| e.title = " ".into()),
            ("ends_at", |e| {
                e.ends_at = e.starts_at - chrono::TimeDelta::hours(1)
            }),
            ("booking_url", |e| e.booking_url = "prenota in biblioteca".into()),
        ];
        for (field, spoil) in cases {
            let mut input = evening("x");
            spoil(&mut input);
            let err = add(&store, &input, now()).unwrap_err();
            assert_eq!(
                crate::ErrorPayload::from(&err).field.as_deref(),
                Some(field),
                "{err}"
            );
        }
        assert_eq!(
            update(&store, 99, &evening("x"), now()).unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
    }

    #[test]
    fn reimporting_updates_by_uid_instead_of_duplicating() {
        let (_dir, store) = store();
        let first = import_ics(&store, ONE_EVENT, now()).unwrap();
        assert_eq!((first.added, first.updated), (1, 0));
        assert_eq!(import_ics(&store, ONE_EVENT, now()).unwrap().unchanged, 1);
        let renamed = ONE_EVENT.replace("Incontro con l'autrice", "Incontro con Dacia Maraini");
        assert_eq!(import_ics(&store, &renamed, now()).unwrap().updated, 1);
        let events = all(&store);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].title, "Incontro con Dacia Maraini");
    }

    #[test]
    fn a_bad_file_imports_nothing() {
        let (_dir, store) = store();
        let bad = ONE_EVENT.replace(
            "END:VEVENT",
            "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Senza UID\r\nDTSTART:20270401T100000Z\r\nEND:VEVENT",
        );
        let err = import_ics(&store, &bad, now()).unwrap_err();
        assert!(err.to_string().contains("has no UID"), "{err}");
        assert!(
            all(&store).is_empty(),
            "the valid first event was not half-imported"
        );
    }

    #[test]
    fn an_arc_is_generated_and_moves_with_its_event_except_edited_posts() {
        let (_dir, store) = store();
        import_ics(&store, ONE_EVENT, now()).unwrap();
        let event = &all(&store)[0];
        let arc = arcs::generate(
            &store,
            event.id,
            &ArcTemplate::standard(vec![Network::Mastodon]),
            None,
            now(),
        )
        .unwrap();
        let days: Vec<String> = arc
            .iter()
            .map(|p| p.planned_local.unwrap().format("%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(days, ["03-11 10:00", "03-23 10:00", "03-25 09:00", "03-26 10:00"]);
        assert_eq!(
            arc[0].channels[0].text,
            "Incontro con l'autrice: 25/03 alle 18:00 – Auditorium. Chi di voi ci sarà?",
            "an Italian library gets Italian text that asks a question"
        );

        // The user edits the reminder; then the event moves two days later in a re-import.
        let mut edited = crate::posts::PostInput {
            campaign_id: None,
            category_id: arc[1].category_id,
            event_id: arc[1].event_id,
            planned_at: arc[1].planned_local,
            state: arc[1].state,
            channels: arc[1].channels.clone(),
        };
        edited.channels[0].text = "Mancano due giorni!".into();
        crate::posts::update(&store, arc[1].id, &edited, now()).unwrap();
        let moved = ONE_EVENT.replace("20270325T", "20270327T");
        let report = import_ics(&store, &moved, now()).unwrap();
        assert_eq!((report.updated, report.posts_moved, report.posts_kept), (1, 3, 1));
        let after: Vec<String> = arc
            .iter()
            .map(|p| {
                crate::posts::get(&store, p.id)
                    .unwrap()
                    .planned_local
                    .unwrap()
                    .format("%m-%d")
                    .to_string()
            })
            .collect();
        assert_eq!(
            after,
            ["03-13", "03-23", "03-27", "03-28"],
            "the edited reminder stayed"
        );

        let MoveReport {
            posts_moved: moved,
            posts_kept: kept,
        } = reschedule(
            &store,
            event.id,
            crate::local_time::parse_local("2027-03-26T18:00", "at").unwrap(),
            true,
            now(),
        )
        .unwrap();
        assert_eq!((moved, kept), (3, 1));
        assert_eq!(
            get(&store, event.id).unwrap().ends_at - get(&store, event.id).unwrap().starts_at,
            chrono::TimeDelta::minutes(90)
        );
    }
}
