//! The right to erasure (GDPR art. 17): a person and their personal data are removed everywhere — the
//! person, contact points, tags, affiliations, consents and their evidence references, links to posts,
//! interactions that involved only them, their search entries — and their name (and e-mail addresses and
//! handles) in other records' free text is replaced by a neutral placeholder. The audit log records that
//! an erasure happened, without any personal data. Deleted pages are zeroed (`secure_delete`), the search
//! index is rewritten, and the write-ahead log is checkpointed and truncated, so no trace of the name is
//! left in the database files. Backups made before the erasure age out with the backup rotation; until
//! then, a ledger of erasures (internal id and creation time only) lets a restore of such a backup erase
//! the person again ([`repeat`]).

use chrono::{DateTime, Utc};
use regex::RegexBuilder;
use rusqlite::Transaction;
use serde::Serialize;
use ts_rs::TS;

use super::search::{self, HitKind};
use crate::error::{Error, Result};
use crate::store::Store;

/// What replaces a erased person's name in other records.
pub const PLACEHOLDER: &str = "[…]";

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErasureReport {
    /// Interactions deleted because only the erased person took part.
    pub interactions_deleted: u32,
    /// Other records whose text mentioned the person and now reads the placeholder.
    pub mentions_replaced: u32,
}

/// The free-text columns where a person's name may appear: (table, key column, text column).
const FREE_TEXT: [(&str, &str, &str); 8] = [
    ("interaction", "id", "summary"),
    ("person", "id", "notes"),
    ("organisation", "id", "notes"),
    ("post", "id", "draft"),
    ("post_channel", "rowid", "text"),
    ("campaign", "id", "notes"),
    ("campaign", "id", "objective"),
    ("event", "id", "title"),
];

/// An entry of the erasure ledger: who was erased, without any personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasedPerson {
    pub person_id: i64,
    /// When the person's record was made: tells them from a later person given the same id.
    pub created_at: DateTime<Utc>,
    pub erased_at: DateTime<Utc>,
}

/// Erases person `id`.
pub fn erase(store: &Store, id: i64, now: DateTime<Utc>) -> Result<ErasureReport> {
    let report = store.write(|tx| {
        let person = super::read(tx, id)?;
        tx.execute(
            "INSERT OR REPLACE INTO erased_person (person_id, created_at, erased_at)
             SELECT id, created_at, ?2 FROM person WHERE id = ?1",
            rusqlite::params![id, now],
        )?;
        let mut names: Vec<String> = vec![person.name.clone()];
        names.extend(person.contacts.iter().map(|c| c.value.clone()));
        let interactions_deleted = delete_own_interactions(tx, id)?;
        tx.execute("DELETE FROM person WHERE id = ?1", [id])?;
        search::remove(tx, HitKind::Person, id)?;
        let mentions_replaced = replace_mentions(tx, &names)?;
        tx.execute(
            "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'person erased', '')",
            [now],
        )?;
        tx.execute(
            "INSERT INTO people_search (people_search) VALUES ('optimize')",
            [],
        )?;
        Ok(ErasureReport {
            interactions_deleted,
            mentions_replaced,
        })
    })?;
    store.checkpoint_truncate()?;
    Ok(report)
}

/// Every erasure recorded in `store`.
pub fn ledger(store: &Store) -> Result<Vec<ErasedPerson>> {
    store.read(|conn| {
        let mut stmt = conn.prepare("SELECT person_id, created_at, erased_at FROM erased_person")?;
        let rows = stmt.query_map([], |r| {
            Ok(ErasedPerson {
                person_id: r.get(0)?,
                created_at: r.get(1)?,
                erased_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Erases again, in `store` (a restored backup), everyone in `erased` (another database's ledger) that it
/// still holds, and records each erasure in its own ledger; returns how many people were erased again.
pub fn repeat(store: &Store, erased: &[ErasedPerson]) -> Result<u32> {
    let mut repeated = 0;
    for entry in erased {
        let still_here = store.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT 1 FROM person WHERE id = ?1 AND created_at = ?2")?
                .exists(rusqlite::params![entry.person_id, entry.created_at])?)
        })?;
        if still_here {
            erase(store, entry.person_id, entry.erased_at)?;
            repeated += 1;
        } else {
            store.write(|tx| {
                tx.execute(
                    "INSERT OR IGNORE INTO erased_person (person_id, created_at, erased_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![entry.person_id, entry.created_at, entry.erased_at],
                )?;
                Ok(())
            })?;
        }
    }
    Ok(repeated)
}

/// Deletes the interactions in which the person was the only participant.
fn delete_own_interactions(tx: &Transaction, id: i64) -> Result<u32> {
    let own: Vec<i64> = tx
        .prepare(
            "SELECT x.interaction_id FROM interaction_party x WHERE x.person_id = ?1
               AND NOT EXISTS (SELECT 1 FROM interaction_party y
                               WHERE y.interaction_id = x.interaction_id AND y.person_id IS NOT ?1)",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for interaction in &own {
        tx.execute("DELETE FROM interaction WHERE id = ?1", [interaction])?;
        search::remove(tx, HitKind::Interaction, *interaction)?;
    }
    Ok(own.len() as u32)
}

/// Replaces every mention of `names` (case-insensitively) in the free-text columns; re-indexes what changed.
fn replace_mentions(tx: &Transaction, names: &[String]) -> Result<u32> {
    let alternatives: Vec<String> = names
        .iter()
        .filter(|n| n.trim().chars().count() >= 2)
        .map(|n| regex::escape(n.trim()))
        .collect();
    if alternatives.is_empty() {
        return Ok(0);
    }
    let pattern = RegexBuilder::new(&alternatives.join("|"))
        .case_insensitive(true)
        .build()
        .map_err(|e| Error::Internal(format!("cannot build the erasure pattern: {e}")))?;
    let mut replaced = 0;
    for (table, key, column) in FREE_TEXT {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!(
                "SELECT {key}, {column} FROM {table} WHERE {column} <> ''"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row, text) in rows {
            if pattern.is_match(&text) {
                let redacted = pattern.replace_all(&text, PLACEHOLDER);
                tx.execute(
                    &format!("UPDATE {table} SET {column} = ?1 WHERE {key} = ?2"),
                    rusqlite::params![redacted, row],
                )?;
                replaced += 1;
                match table {
                    "interaction" => search::index_interaction(tx, row)?,
                    "person" => search::index_person(tx, row)?,
                    "organisation" => search::index_organisation(tx, row)?,
                    _ => {}
                }
            }
        }
    }
    Ok(replaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::consent::{self, GivenBy, PostParty, PostRole};
    use crate::people::interactions::log;
    use crate::people::interactions::tests::comment;
    use crate::people::tests::{school, teacher};
    use crate::people::{ContactKind, ContactPoint, Page, Party, PersonInput};
    use crate::profile::Network;
    use crate::testing::{festival, now, store};
    use std::path::Path;

    const NAME: &str = "Zebedeo Quattrocchi";

    #[test]
    fn an_erased_person_leaves_no_trace_in_the_database_files() {
        let (dir, store) = store();
        let school = school(&store);
        let mut input = teacher(school);
        input.name = NAME.into();
        input.notes = format!("{NAME} ama i gialli");
        input.contacts.push(ContactPoint {
            kind: ContactKind::Email,
            network: None,
            value: "zebedeo.q@example.org".into(),
        });
        let zebedeo = crate::people::add(&store, &input, now()).unwrap().id;
        // Every other place a name can go.
        let other = PersonInput {
            name: "Anna Verdi".into(),
            notes: format!("Amica di {NAME}"),
            ..PersonInput::default()
        };
        let anna = crate::people::add(&store, &other, now()).unwrap().id;
        log(
            &store,
            &comment(
                Party::Person(zebedeo),
                &format!("{NAME} chiede dei laboratori"),
                "2026-11-01T10:00",
            ),
            now(),
        )
        .unwrap();
        let mut shared = comment(
            Party::Person(anna),
            &format!("Anna e {} alla riunione", NAME.to_uppercase()),
            "2026-11-02T10:00",
        );
        shared
            .participants
            .push(crate::people::interactions::Participant {
                party: Party::Person(zebedeo),
                role: String::new(),
            });
        let shared = log(&store, &shared, now()).unwrap().id;
        let mut campaign = festival(&store);
        campaign.notes = format!("Coinvolgere {NAME}");
        crate::campaigns::add(&store, &campaign, now()).unwrap();
        let post = crate::drafts::create(
            &store,
            &crate::drafts::NewDraft {
                category_id: crate::profile::load(&store).unwrap().unwrap().categories[0].id,
                campaign_id: None,
                event_id: None,
                networks: vec![Network::Mastodon],
                text: format!("Grazie a {NAME} per la lettura!"),
            },
            now(),
        )
        .unwrap()
        .post;
        consent::set_post_parties(
            &store,
            post.id,
            &[PostParty {
                party: Party::Person(zebedeo),
                role: PostRole::Featured,
            }],
        )
        .unwrap();
        consent::add(
            &store,
            &consent::tests::consent(zebedeo, GivenBy::Person, vec![Network::Mastodon]),
        )
        .unwrap();

        let report = erase(&store, zebedeo, now()).unwrap();
        assert_eq!(report.interactions_deleted, 1);
        assert_eq!(
            report.mentions_replaced, 5,
            "Anna's notes, the shared interaction, the campaign, the draft and its channel"
        );

        assert!(matches!(
            crate::people::get(&store, zebedeo),
            Err(Error::NotFound { .. })
        ));
        assert!(search::search(&store, "Zebedeo", 10).unwrap().is_empty());
        assert!(search::search(&store, "Quattrocchi", 10).unwrap().is_empty());
        let summary = store
            .read(|c| crate::people::interactions::read(c, crate::profile::zone(c)?, shared))
            .unwrap()
            .summary;
        assert_eq!(summary, format!("Anna e {PLACEHOLDER} alla riunione"));
        let audit: String = store
            .read(|c| Ok(c.query_row("SELECT action || detail FROM audit_log", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(audit, "person erased");
        assert_eq!(ledger(&store).unwrap()[0].person_id, zebedeo);
        drop(store);
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let path = file.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                for needle in ["Zebedeo", "Quattrocchi", "ZEBEDEO", "zebedeo"] {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                        "{needle} is still in {}",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn restoring_a_backup_made_before_an_erasure_erases_the_person_again() {
        use crate::store::backup;
        let (dir, store) = store();
        let add = |name: &str, at| {
            let input = PersonInput {
                name: name.into(),
                ..PersonInput::default()
            };
            crate::people::add(&store, &input, at).unwrap().id
        };
        add("Anna Verdi", now());
        let zebedeo = add(NAME, now());
        let before = backup::create(&store, now()).unwrap();
        erase(&store, zebedeo, now()).unwrap();
        // A later person may be given the erased one's id; a backup holding them must keep them.
        let later = now() + chrono::TimeDelta::hours(1);
        let nuova = add("Nuova Lettrice", later);
        assert_eq!(nuova, zebedeo, "SQLite reuses the highest id once it is free");
        let after = backup::create(&store, later).unwrap();
        drop(store);

        let restored = backup::restore(dir.path(), Path::new(&before.path), later).unwrap();
        assert_eq!(restored.erasures_repeated, 1);
        let store = Store::open_dir(dir.path()).unwrap();
        assert!(search::search(&store, "Zebedeo", 10).unwrap().is_empty());
        assert_eq!(
            crate::people::list(&store, Page { offset: 0, limit: 50 })
                .unwrap()
                .len(),
            1
        );
        assert_eq!(ledger(&store).unwrap().len(), 1, "the ledger travels on");
        drop(store);

        let restored = backup::restore(dir.path(), Path::new(&after.path), later).unwrap();
        assert_eq!(restored.erasures_repeated, 0);
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(crate::people::get(&store, nuova).unwrap().name, "Nuova Lettrice");
    }
}
