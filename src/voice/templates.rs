//! Filling a template or snippet: `{event.title}`, `{event.date}`, `{event.place}`, `{booking_url}` and
//! `{signature}` from the linked event and the guide, with dates written the way each language writes
//! them ("sabato 12 ottobre, ore 18:00", "Saturday 12 October at 18:00"). A placeholder with nothing to
//! fill it stays as written, so the officer sees what is missing.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::error::Result;
use crate::events::{self, Event};
use crate::language::Language;
use crate::store::Store;

/// What placeholders are filled from.
pub struct TemplateValues<'a> {
    pub lang: Language,
    /// The linked event and its start in the library's local time.
    pub event: Option<(&'a Event, NaiveDateTime)>,
    pub signature: &'a str,
}

const WEEKDAYS_IT: [&str; 7] = [
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A local date and time written out in `lang`.
pub fn written_date(lang: Language, at: NaiveDateTime) -> String {
    let weekday = at.weekday().num_days_from_monday() as usize;
    let month = at.month0() as usize;
    let (day, hour, minute) = (at.day(), at.hour(), at.minute());
    match lang {
        Language::It => format!(
            "{} {day} {}, ore {hour}:{minute:02}",
            WEEKDAYS_IT[weekday], MONTHS_IT[month]
        ),
        Language::En => format!(
            "{} {day} {} at {hour}:{minute:02}",
            WEEKDAYS_EN[weekday], MONTHS_EN[month]
        ),
    }
}

/// Fills the placeholders of `template`.
pub fn fill(template: &str, values: &TemplateValues) -> String {
    let mut out = template.to_owned();
    let mut put = |name: &str, value: &str| {
        if !value.trim().is_empty() {
            out = out.replace(name, value.trim());
        }
    };
    if let Some((event, local)) = values.event {
        put("{event.title}", &event.title);
        put("{event.date}", &written_date(values.lang, local));
        put("{event.place}", &event.place);
        put("{booking_url}", &event.booking_url);
    }
    put("{signature}", values.signature);
    // A signature line left without a signature would print the placeholder: drop it instead.
    if values.signature.trim().is_empty() {
        out = out.replace("\n{signature}", "").replace("{signature}", "");
    }
    out
}

/// Fills `template` for a post in `lang` linked to event `event_id`, with the guide's signature.
pub fn fill_for(store: &Store, template: &str, event_id: Option<i64>, lang: Language) -> Result<String> {
    let guide = super::stored::load(store)?.guide;
    let event = event_id.map(|id| events::get(store, id)).transpose()?;
    let tz = store.read(crate::profile::zone)?;
    let local = event
        .as_ref()
        .map(|e| crate::local_time::to_local(tz, e.starts_at));
    let values = TemplateValues {
        lang,
        event: event.as_ref().zip(local),
        signature: &guide.identity.signature,
    };
    Ok(fill(template, &values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn event() -> Event {
        Event {
            id: 1,
            uid: None,
            title: "Letture sotto il portico".into(),
            starts_at: chrono::DateTime::UNIX_EPOCH,
            ends_at: chrono::DateTime::UNIX_EPOCH,
            place: "Sala ragazzi".into(),
            audience: String::new(),
            price: String::new(),
            booking_url: "https://example.org/prenota".into(),
            accessibility: String::new(),
        }
    }

    fn saturday() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 10, 10)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap()
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        assert_eq!(
            written_date(Language::It, saturday()),
            "sabato 10 ottobre, ore 18:05"
        );
        assert_eq!(
            written_date(Language::En, saturday()),
            "Saturday 10 October at 18:05"
        );
    }

    #[test]
    fn placeholders_are_filled_from_the_event_and_the_signature() {
        let event = event();
        let values = TemplateValues {
            lang: Language::It,
            event: Some((&event, saturday())),
            signature: "— Biblioteca Sala Borsa",
        };
        let filled = fill(
            "{event.title}\n📅 {event.date}\n📍 {event.place}\n{booking_url}\n{signature}",
            &values,
        );
        assert_eq!(
            filled,
            "Letture sotto il portico\n📅 sabato 10 ottobre, ore 18:05\n📍 Sala ragazzi\nhttps://example.org/prenota\n— Biblioteca Sala Borsa"
        );
    }

    #[test]
    fn placeholders_without_a_value_stay_visible_except_an_empty_signature() {
        let values = TemplateValues {
            lang: Language::En,
            event: None,
            signature: " ",
        };
        assert_eq!(
            fill("{event.title} at {event.place}\n{signature}", &values),
            "{event.title} at {event.place}"
        );
    }
}
