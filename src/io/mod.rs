//! Files in and out: iCalendar (`ics`). Parsing turns raw text into typed values at the edge; nothing
//! downstream re-checks them.

pub mod ics;
