//! Files in and out: iCalendar (`ics`), and downloads from web addresses (`fetch`). Parsing turns raw text into typed values at the edge; nothing
//! downstream re-checks them.

pub mod fetch;
pub mod ics;
