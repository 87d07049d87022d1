//! Checks shared by every form and every reader: required short text, and enum values read back from the
//! database.

use crate::error::{Error, Result};

/// The longest name or title Agora accepts, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 120;

/// A value read from the database that this build does not recognise.
pub(crate) fn stored_value(column: &str, value: &str) -> Error {
    Error::UnexpectedData(format!("{column} {value:?}"))
}

/// Trims `value` and requires it to be non-empty, at most [`MAX_NAME_CHARS`] long and on one line without
/// control characters (a NUL, a terminal's escape sequence).
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
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(Error::invalid(
            field,
            format!("must not contain control characters ({:?} found)", c),
        ));
    }
    if let Some(c) = value.chars().find(|c| is_direction_override(*c)) {
        return Err(Error::invalid(
            field,
            format!(
                "must not contain a text-direction control (U+{:04X}): it makes a name read differently from what it is",
                u32::from(c)
            ),
        ));
    }
    Ok(value.to_owned())
}

/// The Unicode embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which reorder the
/// text around them: "Lettura \u{202E}gnp.exe" reads "Lettura exe.png". Right-to-left names need none of
/// them.
fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses a range of days `from..=to` longer than `max_days`, saying that `what` covers at most that many
/// (a list the window asks for stays within its budget for one answer).
pub(crate) fn within_days(
    what: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    max_days: i64,
) -> Result<()> {
    if (to - from).num_days() >= max_days {
        return Err(Error::invalid(
            "to",
            format!("{what} covers at most {max_days} days at a time ({from} to {to} is longer)"),
        ));
    }
    Ok(())
}

/// Checks that row `id` of `table` exists; `field` names the reference in the error.
pub(crate) fn exists(conn: &rusqlite::Connection, table: &str, id: i64, field: &str) -> Result<()> {
    let found: bool = conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"))?
        .query_row([id], |r| r.get(0))?;
    if found {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("{} {id} does not exist", table.replace('_', " ")),
        ))
    }
}

/// Declares an enum stored in SQLite as a text code: serde and ts-rs use the same codes, and the enum
/// converts to and from SQL values directly (an unknown stored code is reported as unexpected data).
macro_rules! stored_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code stored and shown to scripts.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let code = value.as_str()?;
                $name::from_code(code).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(crate::fields::stored_value(stringify!($name), code).into())
                })
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::Error;

            fn from_str(text: &str) -> crate::error::Result<$name> {
                $name::from_code(text.trim()).ok_or_else(|| {
                    let codes: Vec<&str> = $name::ALL.iter().map(|v| v.code()).collect();
                    crate::error::Error::invalid(
                        stringify!($name),
                        format!("unknown value {text:?}; use one of {}", codes.join(", ")),
                    )
                })
            }
        }
    };
}
pub(crate) use stored_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_refuse_what_would_disguise_them() {
        assert_eq!(required_text("name", "  Zoë D'Angelo ").unwrap(), "Zoë D'Angelo");
        assert_eq!(
            required_text("name", "مكتبة الإسكندرية").unwrap(),
            "مكتبة الإسكندرية"
        );
        for (disguised, said) in [
            ("Lettura \u{202E}gnp.exe", "U+202E"),
            ("\u{2066}Maria\u{2069}", "U+2066"),
            ("Maria\u{1b}[31m", "control characters"),
            ("", "must not be empty"),
        ] {
            let err = required_text("name", disguised).unwrap_err();
            assert!(err.to_string().contains(said), "{disguised:?}: {err}");
        }
    }
}
