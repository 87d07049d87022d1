//! Files in and out: iCalendar (`ics`), vCard (`vcard`), CSV tables (`csv_table`), and downloads from web addresses
//! (`fetch`). Parsing turns raw text into typed values at the edge; nothing
//! downstream re-checks them.

pub mod csv_table;
pub mod fetch;
pub mod ics;
pub mod vcard;
