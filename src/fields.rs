//! Checks shared by every form and every reader: required short text, and enum values read back from the
//! database.

use crate::error::{Error, Result};

/// The longest name or title Agora accepts, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 120;

/// A value read from the database that this build does not recognise.
pub(crate) fn stored_value(column: &str, value: &str) -> Error {
    Error::UnexpectedData(format!("{column} {value:?}"))
}

/// Trims `value` and requires it to be non-empty and at most [`MAX_NAME_CHARS`] long.
pub(crate) fn required_text(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(value.to_owned())
}
