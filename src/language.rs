//! The languages Agora speaks (Italian and English) and how the operating system's locale maps to one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// A language of the interface or of a library's posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    It,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::It, Language::En];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::It => "it",
            Language::En => "en",
        }
    }

    /// The language for a BCP 47 locale such as `it-IT` or `en_GB.UTF-8`: Italian for Italian locales,
    /// English otherwise.
    pub fn for_locale(locale: &str) -> Language {
        let primary = locale.split(['-', '_', '.']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("it") {
            Language::It
        } else {
            Language::En
        }
    }

    /// The language of the operating system's locale.
    pub fn from_os() -> Language {
        sys_locale::get_locale().map_or(Language::En, |l| Language::for_locale(&l))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "it" => Ok(Language::It),
            "en" => Ok(Language::En),
            other => Err(Error::invalid(
                "languages",
                format!("unknown language {other:?}; use it or en"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_italian_or_english() {
        assert_eq!(Language::for_locale("it-IT"), Language::It);
        assert_eq!(Language::for_locale("it_CH.UTF-8"), Language::It);
        assert_eq!(Language::for_locale("en-GB"), Language::En);
        assert_eq!(Language::for_locale("de-DE"), Language::En);
        assert_eq!(Language::for_locale(""), Language::En);
    }

    #[test]
    fn codes_parse_and_unknown_ones_are_named() {
        assert_eq!(" IT ".parse::<Language>().unwrap(), Language::It);
        let err = "fr".parse::<Language>().unwrap_err();
        assert!(err.to_string().contains("\"fr\""), "{err}");
    }
}
