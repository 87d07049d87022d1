//! Wall-clock time in the library's time zone and the UTC instants Agora stores.
//!
//! Posts are stored in UTC and shown in the library's zone. A post planned for 10:00 stays at 10:00 local
//! on either side of a daylight-saving change because the conversion uses the rules of its own date, and
//! moving a post to another day keeps its local time of day. A local time that does not exist (skipped when
//! clocks go forward) is refused with a clear message; an ambiguous one (repeated when clocks go back) takes
//! the first occurrence.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// The library's time zone from its IANA name.
pub fn zone(name: &str) -> Result<Tz> {
    name.parse().map_err(|_| {
        Error::invalid(
            "timezone",
            format!("{name:?} is not an IANA time zone such as Europe/Rome"),
        )
    })
}

/// The UTC instant of a local wall-clock time in `tz`; `field` names the input in errors.
pub fn to_utc(tz: Tz, local: NaiveDateTime, field: &str) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(Error::invalid(
            field,
            format!(
                "{} does not exist in {tz}: the clocks skip that hour for daylight-saving time",
                local.format("%Y-%m-%d %H:%M")
            ),
        )),
    }
}

/// The local wall-clock time of a UTC instant in `tz`.
pub fn to_local(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

/// Moves `instant` to `day`, keeping its local time of day in `tz`.
pub fn move_to_day(tz: Tz, instant: DateTime<Utc>, day: NaiveDate, field: &str) -> Result<DateTime<Utc>> {
    to_utc(tz, day.and_time(to_local(tz, instant).time()), field)
}

/// Parses a local date-time as typed: `YYYY-MM-DDTHH:MM`, with or without seconds, `T` or a space.
pub fn parse_local(text: &str, field: &str) -> Result<NaiveDateTime> {
    let text = text.trim();
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .ok_or_else(|| {
        Error::invalid(
            field,
            format!("{text:?} is not a date and time such as 2027-03-28T10:00"),
        )
    })
}

/// Parses a date as typed: `YYYY-MM-DD`.
pub fn parse_date(text: &str, field: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("{text:?} is not a date such as 2027-03-28")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> Tz {
        zone("Europe/Rome").unwrap()
    }

    fn local(text: &str) -> NaiveDateTime {
        parse_local(text, "at").unwrap()
    }

    #[test]
    fn ten_o_clock_stays_ten_o_clock_across_the_march_change() {
        // Clocks go forward in Italy on 2027-03-28: 10:00 is 09:00 UTC before and 08:00 UTC after.
        let before = to_utc(rome(), local("2027-03-27T10:00"), "at").unwrap();
        let after = to_utc(rome(), local("2027-03-29T10:00"), "at").unwrap();
        assert_eq!(before.to_rfc3339(), "2027-03-27T09:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2027-03-29T08:00:00+00:00");
        assert_eq!(to_local(rome(), after), local("2027-03-29T10:00"));
        let moved = move_to_day(
            rome(),
            before,
            NaiveDate::from_ymd_opt(2027, 3, 29).unwrap(),
            "at",
        )
        .unwrap();
        assert_eq!(
            to_local(rome(), moved),
            local("2027-03-29T10:00"),
            "moving keeps the local time"
        );
    }

    #[test]
    fn ten_o_clock_stays_ten_o_clock_across_the_october_change() {
        // Clocks go back on 2027-10-31: 10:00 is 08:00 UTC before and 09:00 UTC after.
        let before = to_utc(rome(), local("2027-10-30T10:00"), "at").unwrap();
        let moved = move_to_day(
            rome(),
            before,
            NaiveDate::from_ymd_opt(2027, 11, 1).unwrap(),
            "at",
        )
        .unwrap();
        assert_eq!(before.to_rfc3339(), "2027-10-30T08:00:00+00:00");
        assert_eq!(moved.to_rfc3339(), "2027-11-01T09:00:00+00:00");
        assert_eq!(to_local(rome(), moved), local("2027-11-01T10:00"));
    }

    #[test]
    fn a_skipped_hour_is_refused_and_a_repeated_hour_takes_the_first() {
        let err = to_utc(rome(), local("2027-03-28T02:30"), "at").unwrap_err();
        assert!(
            err.to_string()
                .contains("2027-03-28 02:30 does not exist in Europe/Rome"),
            "{err}"
        );
        let repeated = to_utc(rome(), local("2027-10-31T02:30"), "at").unwrap();
        assert_eq!(
            repeated.to_rfc3339(),
            "2027-10-31T00:30:00+00:00",
            "the first 02:30 is CEST"
        );
    }

    #[test]
    fn typed_dates_parse_or_name_the_field() {
        assert_eq!(local("2027-01-02 03:04"), local("2027-01-02T03:04:00"));
        let err = parse_local("tomorrow", "at").unwrap_err();
        assert_eq!(crate::ErrorPayload::from(&err).field.as_deref(), Some("at"));
        assert!(parse_date("2027-02-30", "starts_on").is_err());
    }
}
