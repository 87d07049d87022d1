//! Files in and out: iCalendar (`ics`), vCard (`vcard`), CSV tables (`csv_table`), downloads from and
//! requests to web addresses (`fetch`), and the media type of an image file to upload. Parsing turns raw text into typed values at the edge; nothing
//! downstream re-checks them.

pub mod csv_table;
pub mod fetch;
pub mod ics;
pub mod vcard;

use std::path::Path;

/// The media type of an image file, from its extension.
pub(crate) fn image_mime(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    }
}
