//! Secrets — access tokens and app passwords of the library's social accounts. They live only in the
//! operating system's keychain (the `keyring` crate: the macOS Keychain, the Windows Credential Manager,
//! the Secret Service on Linux), never in the database, a log or an error message. Where no keychain
//! answers (a headless server, CI), using one fails with [`Error::SecretStoreUnavailable`], which says so
//! and names the only alternative: the explicit opt-in `AGORA_SECRET_STORE=file`, less safe, which keeps
//! secrets in `secrets.json` inside the data folder, readable and writable by the user only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The environment variable that opts in to the file store.
pub const STORE_ENV: &str = "AGORA_SECRET_STORE";
/// The keychain service under which Agora's secrets are filed.
const SERVICE: &str = "org.agora.agora";
/// The file store's name inside the data folder.
const FILE_NAME: &str = "secrets.json";

/// Where secrets are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStore {
    /// The operating system's keychain.
    Keychain,
    /// A file readable only by the user (`AGORA_SECRET_STORE=file`).
    File(PathBuf),
}

impl SecretStore {
    /// The store for data folder `data_dir`: the keychain, unless `AGORA_SECRET_STORE=file` asks for the
    /// file; any other value is refused rather than silently ignored.
    pub fn for_data_dir(data_dir: &Path) -> Result<SecretStore> {
        match std::env::var(STORE_ENV).as_deref() {
            Err(_) | Ok("") | Ok("keychain") => Ok(SecretStore::Keychain),
            Ok("file") => Ok(SecretStore::File(data_dir.join(FILE_NAME))),
            Ok(other) => Err(Error::invalid(
                STORE_ENV,
                format!("{other:?} is not a secret store; use \"keychain\" (the default) or \"file\""),
            )),
        }
    }

    /// Keeps `secret` under `key` (e.g. `account:3`), replacing what was there.
    pub fn set(&self, key: &str, secret: &str) -> Result<()> {
        match self {
            SecretStore::Keychain => entry(key)?.set_password(secret).map_err(unavailable),
            SecretStore::File(path) => {
                let mut secrets = read_file(path)?;
                secrets.insert(key.to_owned(), secret.to_owned());
                write_file(path, &secrets)
            }
        }
    }

    /// The secret under `key`, if there is one.
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        match self {
            SecretStore::Keychain => match entry(key)?.get_password() {
                Ok(secret) => Ok(Some(secret)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(other) => Err(unavailable(other)),
            },
            SecretStore::File(path) => Ok(read_file(path)?.remove(key)),
        }
    }

    /// Forgets the secret under `key` (nothing happens if there is none).
    pub fn delete(&self, key: &str) -> Result<()> {
        match self {
            SecretStore::Keychain => match entry(key)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(other) => Err(unavailable(other)),
            },
            SecretStore::File(path) => {
                let mut secrets = read_file(path)?;
                if secrets.remove(key).is_some() {
                    write_file(path, &secrets)?;
                }
                Ok(())
            }
        }
    }
}

fn entry(key: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, key).map_err(unavailable)
}

/// Why the keychain could not be used. The keyring crate's errors describe the platform's failure, never
/// the secret itself.
fn unavailable(error: keyring::Error) -> Error {
    Error::SecretStoreUnavailable(error.to_string())
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            Error::invalid(
                STORE_ENV,
                format!("{} is not a secrets file Agora wrote: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(Error::io(path)(e)),
    }
}

/// Writes the file store through a temporary file created readable by the user only, then renamed.
fn write_file(path: &Path, secrets: &BTreeMap<String, String>) -> Result<()> {
    use std::io::Write;
    let partial = path.with_extension("partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial).map_err(Error::io(&partial))?;
    let json = serde_json::to_vec_pretty(secrets)
        .map_err(|e| Error::Internal(format!("the secrets could not be encoded: {e}")))?;
    file.write_all(&json)
        .and_then(|()| file.sync_all())
        .map_err(Error::io(&partial))?;
    std::fs::rename(&partial, path).map_err(Error::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_keeps_secrets_for_the_user_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::File(dir.path().join(FILE_NAME));
        assert_eq!(store.get("account:1").unwrap(), None);
        store.set("account:1", "token-one").unwrap();
        store.set("account:2", "token-two").unwrap();
        store.set("account:1", "token-uno").unwrap();
        assert_eq!(store.get("account:1").unwrap().as_deref(), Some("token-uno"));
        store.delete("account:2").unwrap();
        store.delete("account:9").unwrap();
        assert_eq!(store.get("account:2").unwrap(), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "readable and writable by the user only");
        }
    }

    #[test]
    fn a_damaged_secrets_file_is_refused_without_repeating_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "token-in-plain-sight").unwrap();
        let error = SecretStore::File(path).get("account:1").unwrap_err().to_string();
        assert!(error.contains("is not a secrets file"), "{error}");
        assert!(!error.contains("token-in-plain-sight"), "{error}");
    }
}
