//! iCalendar (RFC 5545) in and out, through the `icalendar` crate.
//!
//! Import reads the VEVENTs of a file into [`IcsEvent`]s with times in UTC: a UTC time as is, a `TZID`
//! time in its IANA zone, a floating time or an all-day date in the library's zone. Any problem is an
//! [`Error::InvalidInput`] naming the line. Export writes posts as VEVENTs with UID, DTSTAMP and UTC times;
//! the crate escapes the text.

use chrono::{DateTime, Datelike, NaiveTime, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};

use crate::error::{Error, Result};
use crate::local_time;

/// The field name errors about an imported file carry.
pub const FIELD: &str = "file";

/// An event read from an iCalendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    pub uid: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub description: String,
    pub url: String,
}

fn invalid(line: usize, problem: impl std::fmt::Display) -> Error {
    Error::invalid(FIELD, format!("line {line}: {problem}"))
}

/// The deepest nesting of components a file may have (a calendar's events hold alarms: three levels).
pub const MAX_DEPTH: usize = 8;

/// The earliest and latest years of an event.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Checks that every `BEGIN:` of the unfolded `lines` has its `END:`, in order, at most [`MAX_DEPTH`] deep
/// (the parser recurses once a level); `at` turns an unfolded line's number into the file's.
fn check_nesting(lines: &[&str], at: &dyn Fn(usize) -> usize) -> Result<()> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end();
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push((name, i + 1));
            if open.len() > MAX_DEPTH {
                return Err(invalid(
                    at(i + 1),
                    format!("BEGIN:{name} is nested more than {MAX_DEPTH} components deep"),
                ));
            }
        } else if let Some(name) = line.strip_prefix("END:") {
            match open.pop() {
                Some((begun, _)) if begun == name => {}
                Some((begun, from)) => {
                    return Err(invalid(
                        at(i + 1),
                        format!("END:{name} closes the BEGIN:{begun} of line {}", at(from)),
                    ))
                }
                None => return Err(invalid(at(i + 1), format!("END:{name} without a BEGIN:{name}"))),
            }
        }
    }
    match open.pop() {
        Some((name, from)) => Err(invalid(
            at(from),
            format!("BEGIN:{name} has no END:{name}: the file ends first (is it cut short?)"),
        )),
        None => Ok(()),
    }
}

/// Reads every VEVENT of `text`; floating times and dates are taken in `tz`.
pub fn parse(text: &str, tz: Tz) -> Result<Vec<IcsEvent>> {
    // Some calendar programs save with a byte-order mark; it is not part of the calendar.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(nul) = text.find('\0') {
        let line = text[..nul].matches('\n').count() + 1;
        return Err(invalid(
            line,
            "the line holds a NUL byte: the file is UTF-16 or binary, not iCalendar text",
        ));
    }
    let unfolded = icalendar::parser::unfold(text);
    if !unfolded.trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err(invalid(
            1,
            "this is not an iCalendar file (it does not start with BEGIN:VCALENDAR)",
        ));
    }
    // The file's line of each unfolded line: a line starting with a space or a tab continues the one before.
    let physical: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || !l.starts_with([' ', '\t']))
        .map(|(i, _)| i + 1)
        .collect();
    let at = |unfolded: usize| {
        physical
            .get(unfolded.wrapping_sub(1))
            .copied()
            .unwrap_or(unfolded)
    };
    let lines: Vec<&str> = unfolded.lines().collect();
    check_nesting(&lines, &at)?;
    let calendar: Calendar = icalendar::parser::read_calendar(&unfolded)
        .map_err(|e| Error::invalid(FIELD, format!("the file is not valid iCalendar: {}", e.trim())))?
        .into();
    let event_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_end() == "BEGIN:VEVENT")
        .map(|i| i + 1)
        .collect();
    // The line of property `name` in the event that begins on line `begin`, else `begin`.
    let property_line = |begin: usize, name: &str| {
        lines[begin..]
            .iter()
            .take_while(|l| l.trim_end() != "END:VEVENT")
            .position(|l| {
                l.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with([':', ';']))
            })
            .map_or(begin, |offset| begin + offset + 1)
    };
    let events = calendar.components.iter().filter_map(|c| match c {
        CalendarComponent::Event(e) => Some(e),
        _ => None,
    });
    let mut read = Vec::new();
    for (index, event) in events.enumerate() {
        let begin = event_lines.get(index).copied().unwrap_or(1);
        let line = at(begin);
        let uid = event.get_uid().map(str::trim).filter(|u| !u.is_empty());
        let uid = uid
            .ok_or_else(|| invalid(line, "the event has no UID"))?
            .to_owned();
        if read.iter().any(|e: &IcsEvent| e.uid == uid) {
            return Err(invalid(line, format!("the UID {uid:?} is used by two events")));
        }
        let title = event.get_summary().map(str::trim).unwrap_or("").to_owned();
        if title.is_empty() {
            return Err(invalid(line, format!("the event {uid:?} has no SUMMARY (title)")));
        }
        let title = crate::fields::required_text("title", &title).map_err(|e| match e {
            Error::InvalidInput { reason, .. } => invalid(
                at(property_line(begin, "SUMMARY")),
                format!("the SUMMARY (title) of {uid:?} {reason}"),
            ),
            other => other,
        })?;
        let (start_line, end_line) = (
            at(property_line(begin, "DTSTART")),
            at(property_line(begin, "DTEND")),
        );
        let start = event
            .get_start()
            .ok_or_else(|| invalid(start_line, format!("the event {uid:?} has no valid DTSTART")))?;
        let starts_at = instant(&start, tz, start_line, &format!("DTSTART of {uid:?}: "))?;
        let ends_at = match (event.get_end(), &start) {
            (Some(end), _) => instant(&end, tz, end_line, &format!("DTEND of {uid:?}: "))?,
            (None, DatePerhapsTime::Date(day)) => {
                let next = day
                    .succ_opt()
                    .ok_or_else(|| invalid(line, "the date is out of range"))?;
                instant(&DatePerhapsTime::Date(next), tz, line, "")?
            }
            (None, DatePerhapsTime::DateTime(_)) => starts_at,
        };
        if ends_at < starts_at {
            return Err(invalid(
                end_line,
                format!("the event {uid:?} ends before it starts"),
            ));
        }
        read.push(IcsEvent {
            uid,
            title,
            starts_at,
            ends_at,
            place: event.get_location().unwrap_or("").trim().to_owned(),
            description: event.get_description().unwrap_or("").trim().to_owned(),
            url: event.get_url().unwrap_or("").trim().to_owned(),
        });
    }
    Ok(read)
}

/// The instant of a DTSTART or DTEND value on file line `line`; a refusal names the line and starts with
/// `what`.
fn instant(value: &DatePerhapsTime, tz: Tz, line: usize, what: &str) -> Result<DateTime<Utc>> {
    let refused = |problem: String| invalid(line, format!("{what}{problem}"));
    let utc = |local: chrono::NaiveDateTime, tz: Tz| {
        if !YEARS.contains(&local.year()) {
            return Err(refused(format!(
                "the year {} is out of range ({}–{})",
                local.year(),
                YEARS.start(),
                YEARS.end()
            )));
        }
        local_time::to_utc(tz, local, FIELD).map_err(|e| match e {
            Error::InvalidInput { reason, .. } => refused(reason),
            other => refused(other.to_string()),
        })
    };
    match value {
        DatePerhapsTime::Date(day) => utc(day.and_time(NaiveTime::MIN), tz),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => utc(t.naive_utc(), Tz::UTC),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(local)) => utc(*local, tz),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            let zone: Tz = tzid
                .parse()
                .map_err(|_| refused(format!("unknown time zone {tzid:?}")))?;
            utc(*date_time, zone)
        }
    }
}

/// One entry of an exported calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEntry {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub categories: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Writes `entries` as an iCalendar file named `name`, stamped `now`.
pub fn write(name: &str, entries: &[IcsEntry], now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for e in entries {
        calendar.push(
            icalendar::Event::new()
                .uid(&e.uid)
                .timestamp(now)
                .summary(&e.title)
                .description(&e.description)
                .add_property("CATEGORIES", e.categories.as_str())
                .starts(e.starts_at)
                .ends(e.ends_at)
                .done(),
        );
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn rome() -> Tz {
        local_time::zone("Europe/Rome").unwrap()
    }

    const THREE_EVENTS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Comune//Eventi//IT\r\n\
BEGIN:VEVENT\r\nUID:lettura-1@comune\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Letture ad alta voce\\, 0-6 anni\r\n\
DTSTART;TZID=Europe/Rome:20270320T103000\r\nDTEND;TZID=Europe/Rome:20270320T113000\r\nLOCATION:Sala ragazzi\r\n\
END:VEVENT\r\nBEGIN:VEVENT\r\nUID:incontro-2@comune\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Incontro con l'autrice\r\n\
DTSTART:20270325T170000Z\r\nDTEND:20270325T183000Z\r\nURL:https://example.org/prenota\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:festa-3@comune\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Festa di primavera\r\n\
DTSTART;VALUE=DATE:20270328\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn events_are_read_in_utc_from_zoned_utc_and_all_day_times() {
        let events = parse(THREE_EVENTS, rome()).unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(
            events[0].title, "Letture ad alta voce, 0-6 anni",
            "escaped commas are unescaped"
        );
        assert_eq!(events[0].starts_at.to_rfc3339(), "2027-03-20T09:30:00+00:00");
        assert_eq!(events[0].place, "Sala ragazzi");
        assert_eq!(events[1].starts_at.to_rfc3339(), "2027-03-25T17:00:00+00:00");
        assert_eq!(events[1].url, "https://example.org/prenota");
        assert_eq!(
            events[2].starts_at.to_rfc3339(),
            "2027-03-27T23:00:00+00:00",
            "local midnight"
        );
        assert_eq!(
            events[2].ends_at - events[2].starts_at,
            TimeDelta::hours(23),
            "the short DST day"
        );
    }

    #[test]
    fn a_calendar_saved_with_a_byte_order_mark_is_read() {
        let marked = format!("\u{feff}{THREE_EVENTS}");
        assert_eq!(
            parse(&marked, rome()).unwrap(),
            parse(THREE_EVENTS, rome()).unwrap()
        );
    }

    #[test]
    fn bad_files_name_the_line_and_the_problem() {
        let cases = [
            ("hello", "line 1: this is not an iCalendar file"),
            (
                &*THREE_EVENTS.replace("UID:incontro-2@comune\r\n", ""),
                "line 12: the event has no UID",
            ),
            (
                &*THREE_EVENTS.replace("festa-3", "lettura-1"),
                "line 20: the UID \"lettura-1@comune\" is used by two events",
            ),
            (
                &*THREE_EVENTS.replace("DTEND:20270325T183000Z", "DTEND:20270325T163000Z"),
                "ends before it starts",
            ),
            (
                &*THREE_EVENTS.replace(
                    "TZID=Europe/Rome:20270320T103000",
                    "TZID=Mars/Olympus:20270320T103000",
                ),
                "unknown time zone \"Mars/Olympus\"",
            ),
        ];
        for (text, expected) in cases {
            let err = parse(text, rome()).unwrap_err();
            assert!(
                err.to_string().contains(expected),
                "{err} should contain {expected}"
            );
            assert_eq!(crate::ErrorPayload::from(&err).field.as_deref(), Some(FIELD));
        }
    }

    #[test]
    fn an_exported_calendar_parses_back() {
        let start = DateTime::parse_from_rfc3339("2027-03-29T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let entry = IcsEntry {
            uid: "post-7@agora".into(),
            title: "Chi viene; al festival, stasera?".into(),
            description: "Mastodon: Chi viene?\nBluesky: Ci vediamo!".into(),
            categories: "Storie della comunità".into(),
            starts_at: start,
            ends_at: start + TimeDelta::minutes(15),
        };
        let text = write("Festival della lettura", std::slice::from_ref(&entry), start);
        assert!(text.contains("DTSTAMP:20270329T080000Z"), "{text}");
        assert!(
            text.contains("SUMMARY:Chi viene\\; al festival\\, stasera?"),
            "{text}"
        );
        let back = parse(&text, rome()).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(
            (back[0].uid.as_str(), back[0].title.as_str()),
            ("post-7@agora", entry.title.as_str())
        );
        assert_eq!(back[0].description, entry.description);
        assert_eq!(
            (back[0].starts_at, back[0].ends_at),
            (entry.starts_at, entry.ends_at)
        );
    }
}
