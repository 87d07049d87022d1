//! Errors of the core, each with a stable machine code.
//!
//! Owns [`Error`], the only error type core functions return, and [`ErrorCode`], the codes the UI and
//! scripts branch on. Across the IPC boundary an error travels as [`ErrorPayload`] (`{code, message,
//! field}`); the message is an English explanation for logs and the CLI, while the UI shows its own
//! translation of the code.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::oauth::SignInProblem;
use crate::people::consent::ConsentGap;

/// The stable codes. Never rename one: the UI and scripts depend on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value given by the user is not acceptable; `field` says which one.
    InvalidInput,
    /// The database file is not SQLite or fails its integrity check.
    DatabaseDamaged,
    /// The database was written by a newer Agora; it is never downgraded.
    SchemaTooNew,
    /// A file offered as a backup cannot be restored.
    BackupInvalid,
    /// There is no backup to restore.
    NoBackup,
    /// The library profile has not been set up yet.
    NotInitialised,
    /// No data folder could be determined or created.
    DataDirUnavailable,
    /// Reading or writing a file failed.
    Io,
    /// SQLite reported an unexpected failure.
    Database,
    /// No database is open (the data folder needs recovery first).
    NoDatabase,
    /// A bug: an operation stopped unexpectedly.
    Internal,
    /// The campaign, post or other record asked for does not exist.
    NotFound,
    /// A web address did not answer, or answered with something unusable.
    Network,
    /// A voice-guide file is not valid; the message names the file, line, column and rule.
    GuideInvalid,
    /// The user cancelled a long operation; nothing was written.
    Cancelled,
    /// A post features someone without a valid publication consent; `consent_gaps` says who lacks what.
    ConsentMissing,
    /// No keychain answers on this computer, and the file store was not chosen (`AGORA_SECRET_STORE=file`).
    SecretStoreUnavailable,
    /// Signing in through the browser did not complete; `field` says why: `denied` (access was refused
    /// there), `state` (the answer belongs to another sign-in) or `timeout` (no answer came in time).
    SignInFailed,
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{field}: {reason}")]
    InvalidInput { field: String, reason: String },
    #[error("{path} is not an Agora database or is damaged: {detail}")]
    DatabaseDamaged { path: PathBuf, detail: String },
    #[error("the database uses schema version {found}, but this Agora understands up to {supported}; update Agora to open it")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("{path} cannot be restored: {reason}")]
    BackupInvalid { path: PathBuf, reason: String },
    #[error("there is no backup in {dir}")]
    NoBackup { dir: PathBuf },
    #[error("the library profile is not set up yet; run `agora init` or complete onboarding")]
    NotInitialised,
    #[error("no data folder is available: {0}")]
    DataDirUnavailable(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("unexpected content in the database: {0}")]
    UnexpectedData(String),
    #[error("no database is open; restore a backup or open another data folder first")]
    NoDatabase,
    #[error("internal error: {0}")]
    Internal(String),
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    #[error("cancelled; nothing was written")]
    Cancelled,
    #[error("no keychain is available on this computer ({0}); Agora keeps access tokens and app passwords only in the operating system's keychain. Where there is none, set AGORA_SECRET_STORE=file to keep them in a file in the data folder that only you can read (less safe)")]
    SecretStoreUnavailable(String),
    #[error("the post cannot become {state}: {}", gaps.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    ConsentMissing {
        state: &'static str,
        gaps: Vec<ConsentGap>,
    },
    #[error("{url}: {problem}")]
    Network { url: String, problem: String },
    #[error("signing in to {server} did not complete: {reason}")]
    SignIn {
        server: String,
        problem: SignInProblem,
        reason: String,
    },
    #[error("{source_name}:{line}:{column}: {}{reason}", rule.as_deref().map(|r| format!("rule {r:?}: ")).unwrap_or_default())]
    GuideInvalid {
        source_name: String,
        line: u32,
        column: u32,
        rule: Option<String>,
        reason: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::DatabaseDamaged { .. } => ErrorCode::DatabaseDamaged,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::BackupInvalid { .. } => ErrorCode::BackupInvalid,
            Error::NoBackup { .. } => ErrorCode::NoBackup,
            Error::NotInitialised => ErrorCode::NotInitialised,
            Error::DataDirUnavailable(_) => ErrorCode::DataDirUnavailable,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) | Error::UnexpectedData(_) => ErrorCode::Database,
            Error::NoDatabase => ErrorCode::NoDatabase,
            Error::Internal(_) => ErrorCode::Internal,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Network { .. } => ErrorCode::Network,
            Error::GuideInvalid { .. } => ErrorCode::GuideInvalid,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::ConsentMissing { .. } => ErrorCode::ConsentMissing,
            Error::SecretStoreUnavailable(_) => ErrorCode::SecretStoreUnavailable,
            Error::SignIn { .. } => ErrorCode::SignInFailed,
        }
    }

    /// An [`Error::InvalidInput`] for `field`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// An [`Error::Io`] that names the file involved.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

/// How an error crosses the IPC boundary and how `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// For [`ErrorCode::InvalidInput`]: the field at fault, as named in the command's arguments; for
    /// [`ErrorCode::GuideInvalid`]: the id of the rule at fault, if one is; for [`ErrorCode::SignInFailed`]:
    /// what went wrong (`denied`, `state` or `timeout`).
    pub field: Option<String>,
    /// For [`ErrorCode::ConsentMissing`]: who lacks which consent, so the window can say it in its own
    /// language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub consent_gaps: Option<Vec<ConsentGap>>,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        let field = match error {
            Error::InvalidInput { field, .. } => Some(field.clone()),
            Error::GuideInvalid { rule, .. } => rule.clone(),
            Error::SignIn { problem, .. } => Some(problem.code().to_owned()),
            _ => None,
        };
        ErrorPayload {
            code: error.code(),
            message: error.to_string(),
            field,
            consent_gaps: match error {
                Error::ConsentMissing { gaps, .. } => Some(gaps.clone()),
                _ => None,
            },
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ErrorPayload::from(self).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_as_code_message_and_field() {
        let json = serde_json::to_value(Error::invalid("name", "must not be empty")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "name: must not be empty", "field": "name"})
        );
        let json = serde_json::to_value(Error::SchemaTooNew {
            found: 9,
            supported: 1,
        })
        .unwrap();
        assert_eq!(json["code"], "schema_too_new");
        assert_eq!(json["field"], serde_json::Value::Null);
        assert!(json.get("consent_gaps").is_none());
    }

    #[test]
    fn a_missing_consent_carries_who_lacks_what() {
        let gap = ConsentGap {
            person_id: 7,
            name: "Giulio Bianchi".into(),
            network: crate::profile::Network::Bluesky,
            day: "2026-12-01".parse().unwrap(),
            minor: false,
        };
        let error = Error::ConsentMissing {
            state: "ready",
            gaps: vec![gap],
        };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "consent_missing");
        assert_eq!(
            json["message"],
            "the post cannot become ready: Giulio Bianchi lacks a publication consent for bluesky on 2026-12-01"
        );
        assert_eq!(
            json["consent_gaps"],
            serde_json::json!([{"person_id": 7, "name": "Giulio Bianchi", "network": "bluesky", "day": "2026-12-01", "minor": false}])
        );
    }
}
