//! This user's preferences that live with the data: the interface language (unset means "follow the
//! operating system").

use crate::error::Result;
use crate::language::Language;
use crate::store::Store;

/// The chosen interface language, or `None` to follow the operating system.
pub fn interface_language(store: &Store) -> Result<Option<Language>> {
    store.read(|conn| {
        let code: Option<String> = conn
            .query_row(
                "SELECT interface_language FROM preferences WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        code.map(|c| c.parse()).transpose()
    })
}

/// Sets the interface language; `None` returns to following the operating system.
pub fn set_interface_language(store: &Store, language: Option<Language>) -> Result<()> {
    store.write(|tx| {
        tx.execute(
            "INSERT INTO preferences (id, interface_language) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET interface_language = ?1",
            [language.map(Language::code)],
        )?;
        Ok(())
    })
}

/// The language the interface uses: the chosen one, else the operating system's.
pub fn effective_language(store: &Store) -> Result<Language> {
    Ok(interface_language(store)?.unwrap_or_else(Language::from_os))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interface_language_is_stored_and_can_follow_the_os_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(interface_language(&store).unwrap(), None);
        set_interface_language(&store, Some(Language::It)).unwrap();
        assert_eq!(interface_language(&store).unwrap(), Some(Language::It));
        assert_eq!(effective_language(&store).unwrap(), Language::It);
        set_interface_language(&store, None).unwrap();
        assert_eq!(interface_language(&store).unwrap(), None);
    }
}
