//! The library's voice guide as the workspace keeps it: one TOML document in the database, the starter
//! guide until the library saves its own. Saving, importing and exporting all go through [`parse`], so a
//! guide with a mistake is refused with its line and column and the guide in use stays as it was.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::compiled::CompiledGuide;
use super::guide::{self, parse, VoiceGuide};
use crate::error::{Error, Result};
use crate::store::Store;

/// The guide in use, as text and as the editor's model.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GuideDocument {
    pub source: String,
    pub guide: VoiceGuide,
    /// When the library last saved its guide; `None` while it uses the starter guide.
    pub updated_at: Option<DateTime<Utc>>,
}

const NAME: &str = "voice guide";

fn stored_source(conn: &Connection) -> Result<Option<(String, DateTime<Utc>)>> {
    Ok(conn
        .query_row(
            "SELECT source, updated_at FROM voice_guide WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The guide in use.
pub fn load(store: &Store) -> Result<GuideDocument> {
    store.read(read)
}

fn read(conn: &Connection) -> Result<GuideDocument> {
    let (source, updated_at) = match stored_source(conn)? {
        Some((source, at)) => (source, Some(at)),
        None => (guide::STARTER.to_owned(), None),
    };
    let guide = parse(NAME, &source)?;
    Ok(GuideDocument {
        source,
        guide,
        updated_at,
    })
}

/// The guide in use, compiled for checking. Compiled guides are cached for the whole process, keyed by
/// the guide's text: a keystroke or a loop of posts never recompiles an unchanged guide, and a guide
/// changed by another process (the command line) is picked up at the next check.
pub fn compiled(conn: &Connection) -> Result<Arc<CompiledGuide>> {
    let source = stored_source(conn)?.map(|(source, _)| source);
    let mut slot = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((cached, guide)) = slot.as_ref() {
        if *cached == source {
            return Ok(Arc::clone(guide));
        }
    }
    let text = source.as_deref().unwrap_or(guide::STARTER);
    let guide = Arc::new(CompiledGuide::compile(parse(NAME, text)?)?);
    *slot = Some((source, Arc::clone(&guide)));
    Ok(guide)
}

/// The last compiled guide and the stored text it was compiled from (`None`: the starter guide).
static CACHE: Mutex<Option<(Option<String>, Arc<CompiledGuide>)>> = Mutex::new(None);

/// Replaces the guide with `source` after validating and compiling it; on any error nothing changes.
pub fn save_source(store: &Store, source: &str, now: DateTime<Utc>) -> Result<GuideDocument> {
    save_named(store, NAME, source, now)
}

fn save_named(store: &Store, name: &str, source: &str, now: DateTime<Utc>) -> Result<GuideDocument> {
    let guide = parse(name, source)?;
    CompiledGuide::compile(guide.clone())?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO voice_guide (id, source, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
            rusqlite::params![source, now],
        )?;
        Ok(())
    })?;
    Ok(GuideDocument {
        source: source.to_owned(),
        guide,
        updated_at: Some(now),
    })
}

/// Replaces the guide with one edited in the app's forms (written back as TOML).
pub fn save(store: &Store, guide: &VoiceGuide, now: DateTime<Utc>) -> Result<GuideDocument> {
    save_source(store, &guide::to_toml(guide)?, now)
}

/// Replaces the guide with a file (a guide shared by another branch, say); errors name the file.
pub fn import_file(store: &Store, path: &Path, now: DateTime<Utc>) -> Result<GuideDocument> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        Error::GuideInvalid {
            source_name: path.display().to_string(),
            line: valid.matches('\n').count() as u32 + 1,
            column: valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1,
            rule: None,
            reason: format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }
    })?;
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Error::GuideInvalid {
            source_name: path.display().to_string(),
            line: 1,
            column: 1,
            rule: None,
            reason: "the file is empty; the library's guide stays as it was".into(),
        });
    }
    save_named(store, &path.display().to_string(), &source, now)
}

/// Writes the guide in use to a file, exactly as stored.
pub fn export_file(store: &Store, path: &Path) -> Result<()> {
    let document = load(store)?;
    std::fs::write(path, document.source).map_err(Error::io(path))
}

/// Goes back to the starter guide.
pub fn reset(store: &Store) -> Result<GuideDocument> {
    store.write(|tx| Ok(tx.execute("DELETE FROM voice_guide", [])?))?;
    load(store)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{now, store};

    #[test]
    fn a_new_workspace_uses_the_starter_guide() {
        let (_dir, store) = store();
        let document = load(&store).unwrap();
        assert_eq!(document.source, guide::STARTER);
        assert_eq!(document.updated_at, None);
    }

    #[test]
    fn a_saved_guide_replaces_the_starter_and_a_bad_one_changes_nothing() {
        let (_dir, store) = store();
        let source = "[[rules]]\nid = \"no-x\"\nkind = \"forbid\"\nmessage = \"no\"\nterms = [\"x\"]\n";
        let saved = save_source(&store, source, now()).unwrap();
        assert_eq!(saved.guide.rules.len(), 1);
        let bad = save_source(&store, "[[rules]]\nid = \"broken\"\n", now()).unwrap_err();
        assert!(matches!(bad, Error::GuideInvalid { .. }), "{bad}");
        assert_eq!(load(&store).unwrap().source, source);
        assert_eq!(reset(&store).unwrap().source, guide::STARTER);
    }

    #[test]
    fn the_compiled_guide_follows_saves() {
        let (_dir, store) = store();
        let starter = store.read(compiled).unwrap();
        assert!(
            Arc::ptr_eq(&starter, &store.read(compiled).unwrap()),
            "compiled once"
        );
        save_source(&store, "[identity]\nlibrary = \"B\"\n", now()).unwrap();
        assert_eq!(store.read(compiled).unwrap().guide.identity.library, "B");
    }

    #[test]
    fn import_and_export_go_through_files() {
        let (_dir, store) = store();
        let dir = tempfile::tempdir().unwrap();
        let exported = dir.path().join("guide.toml");
        export_file(&store, &exported).unwrap();
        assert_eq!(std::fs::read_to_string(&exported).unwrap(), guide::STARTER);
        let shared = dir.path().join("shared.toml");
        std::fs::write(&shared, "[identity]\nlibrary = \"Sala Borsa\"\n").unwrap();
        assert_eq!(
            import_file(&store, &shared, now())
                .unwrap()
                .guide
                .identity
                .library,
            "Sala Borsa"
        );
        std::fs::write(&shared, b"[identity]\nlibrary = \"\xff\"\n").unwrap();
        let error = import_file(&store, &shared, now()).unwrap_err().to_string();
        assert!(
            error.contains("shared.toml") && error.contains("UTF-8"),
            "{error}"
        );
        assert_eq!(load(&store).unwrap().guide.identity.library, "Sala Borsa");
    }
}
