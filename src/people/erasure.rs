//! The right to erasure (GDPR art. 17): a person and their personal data are removed everywhere — the
//! person, contact points, tags, affiliations, consents and their evidence references, links to posts,
//! interactions that involved only them, their search entries — and their name (and e-mail addresses and
//! handles) in other records' free text is replaced by a neutral placeholder. The audit log records that
//! an erasure happened, without any personal data. Deleted pages are zeroed (`secure_delete`), the search
//! index is rewritten, and the write-ahead log is checkpointed and truncated, so no trace of the name is
//! left in the database files. Backups made before the erasure age out with the backup rotation.

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

/// Erases person `id`.
pub fn erase(store: &Store, id: i64, now: DateTime<Utc>) -> Result<ErasureReport> {
    let report = store.write(|tx| {
        let person = super::read(tx, id)?;
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
    use crate::people::{ContactKind, ContactPoint, Party, PersonInput};
    use crate::profile::Network;
    use crate::testing::{festival, now, store};

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
}
