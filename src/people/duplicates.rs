//! Duplicate people: found on demand (the same email address or handle, or very similar names within
//! the same organisation), set aside when the officer says two people are distinct, and merged into one
//! when they are the same person. A merge keeps both histories: interactions, posts, consents,
//! organisations, contact points and tags all move to the person kept, and the audit log records the
//! merge by id only.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use super::search::{self, HitKind};
use super::{read, Cadence, Person};
use crate::error::{Error, Result};
use crate::fields::stored_enum;
use crate::store::Store;

stored_enum! {
    /// Why two people look like the same person.
    pub enum DuplicateReason {
        SameEmail = "same_email",
        SameHandle = "same_handle",
        SimilarName = "similar_name",
    }
}

/// One of a pair of possible duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateSide {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// Two people who may be the same person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicatePair {
    pub a: DuplicateSide,
    pub b: DuplicateSide,
    pub reason: DuplicateReason,
    /// The shared email address or handle, or the organisation both names belong to.
    pub detail: String,
}

/// How alike two names must be (normalised Levenshtein similarity) to be proposed.
const SIMILAR: f64 = 0.85;

/// A name folded for comparison: lower case, without accents, words in order.
fn folded(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

/// Whether two folded names are the same or nearly (a typo, an accent, the words swapped).
fn alike(a: &str, b: &str) -> bool {
    !a.is_empty() && strsim::normalized_levenshtein(a, b) >= SIMILAR
}

/// Possible duplicates, at most `limit`, those sharing an email address or handle first.
pub fn find(store: &Store, limit: u32) -> Result<Vec<DuplicatePair>> {
    store.read(|conn| {
        let distinct = distinct_pairs(conn)?;
        let mut seen = HashSet::new();
        let mut pairs = Vec::new();
        let mut push = |pair: DuplicatePair| {
            let key = (pair.a.id, pair.b.id);
            if !distinct.contains(&key) && seen.insert(key) {
                pairs.push(pair);
            }
        };
        let mut stmt = conn.prepare(
            "SELECT a.person_id, pa.name, b.person_id, pb.name, a.kind, a.value
             FROM contact_point a
             JOIN contact_point b ON b.kind = a.kind AND b.value = a.value COLLATE NOCASE AND b.person_id > a.person_id
             JOIN person pa ON pa.id = a.person_id JOIN person pb ON pb.id = b.person_id
             WHERE a.kind IN ('email', 'handle') AND a.person_id IS NOT NULL
             ORDER BY a.person_id, b.person_id",
        )?;
        let shared = stmt.query_map([], |r| {
            let kind: String = r.get(4)?;
            Ok(DuplicatePair {
                a: DuplicateSide { id: r.get(0)?, name: r.get(1)? },
                b: DuplicateSide { id: r.get(2)?, name: r.get(3)? },
                reason: if kind == "email" { DuplicateReason::SameEmail } else { DuplicateReason::SameHandle },
                detail: r.get(5)?,
            })
        })?;
        for pair in shared {
            push(pair?);
        }
        let mut stmt = conn.prepare(
            "SELECT a.organisation_id, o.name, p.id, p.name FROM affiliation a
             JOIN organisation o ON o.id = a.organisation_id JOIN person p ON p.id = a.person_id
             ORDER BY a.organisation_id, p.id",
        )?;
        let members = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for group in members.chunk_by(|x, y| x.0 == y.0) {
            let folded: Vec<String> = group.iter().map(|m| folded(&m.3)).collect();
            for i in 0..group.len() {
                for j in i + 1..group.len() {
                    if alike(&folded[i], &folded[j]) {
                        push(DuplicatePair {
                            a: DuplicateSide { id: group[i].2, name: group[i].3.clone() },
                            b: DuplicateSide { id: group[j].2, name: group[j].3.clone() },
                            reason: DuplicateReason::SimilarName,
                            detail: group[i].1.clone(),
                        });
                    }
                }
            }
        }
        pairs.truncate(limit as usize);
        Ok(pairs)
    })
}

fn distinct_pairs(conn: &Connection) -> Result<HashSet<(i64, i64)>> {
    let mut stmt = conn.prepare("SELECT person_a, person_b FROM distinct_people")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that `a` and `b` are different people, so they are not proposed again.
pub fn mark_distinct(store: &Store, a: i64, b: i64) -> Result<()> {
    if a == b {
        return Err(Error::invalid("b", "a person cannot be distinct from themself"));
    }
    store.write(|tx| {
        read(tx, a)?;
        read(tx, b)?;
        tx.execute(
            "INSERT OR IGNORE INTO distinct_people (person_a, person_b) VALUES (?1, ?2)",
            [a.min(b), a.max(b)],
        )?;
        Ok(())
    })
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MergeReport {
    /// The person kept, with everything merged in.
    pub person: Person,
    pub interactions_moved: u32,
    pub consents_moved: u32,
    pub posts_moved: u32,
}

/// Merges person `other` into person `keep`: `other`'s interactions, posts, consents, organisations,
/// contact points and tags move to `keep`; empty details of `keep` are filled from `other`, notes are
/// joined; then `other` is removed.
pub fn merge(store: &Store, keep: i64, other: i64, now: DateTime<Utc>) -> Result<MergeReport> {
    if keep == other {
        return Err(Error::invalid("other", "a person cannot be merged into themself"));
    }
    let (interactions_moved, consents_moved, posts_moved) =
        store.write(|tx| merge_in(tx, keep, other, now))?;
    Ok(MergeReport {
        person: super::get(store, keep)?,
        interactions_moved,
        consents_moved,
        posts_moved,
    })
}

fn merge_in(tx: &Transaction, keep: i64, other: i64, now: DateTime<Utc>) -> Result<(u32, u32, u32)> {
    let kept = read(tx, keep)?;
    let gone = read(tx, other)?;
    let params = [keep, other];
    // Copies fire the triggers that keep the last contact; the originals go with `other`.
    let interactions = tx.execute(
        "INSERT INTO interaction_party (interaction_id, person_id, role, occurred_at)
         SELECT x.interaction_id, ?1, x.role, x.occurred_at FROM interaction_party x
         WHERE x.person_id = ?2
           AND NOT EXISTS (SELECT 1 FROM interaction_party y WHERE y.interaction_id = x.interaction_id AND y.person_id = ?1)",
        params,
    )?;
    let posts = tx.execute(
        "INSERT INTO post_party (post_id, person_id, role)
         SELECT x.post_id, ?1, x.role FROM post_party x
         WHERE x.person_id = ?2
           AND NOT EXISTS (SELECT 1 FROM post_party y WHERE y.post_id = x.post_id AND y.person_id = ?1 AND y.role = x.role)",
        params,
    )?;
    let consents = tx.execute("UPDATE consent SET person_id = ?1 WHERE person_id = ?2", params)?;
    tx.execute(
        "INSERT OR IGNORE INTO affiliation (person_id, organisation_id, role, from_date, to_date)
         SELECT ?1, organisation_id, role, from_date, to_date FROM affiliation WHERE person_id = ?2",
        params,
    )?;
    tx.execute(
        "UPDATE contact_point SET person_id = ?1
         WHERE person_id = ?2
           AND NOT EXISTS (SELECT 1 FROM contact_point c WHERE c.person_id = ?1 AND c.kind = contact_point.kind
                             AND c.value = contact_point.value COLLATE NOCASE)",
        params,
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id) SELECT ?1, tag_id FROM person_tag WHERE person_id = ?2",
        params,
    )?;
    let notes = match (kept.notes.as_str(), gone.notes.as_str()) {
        (a, b) if b.is_empty() || a == b => a.to_owned(),
        ("", b) => b.to_owned(),
        (a, b) => format!("{a}\n\n{b}"),
    };
    let cadence = if kept.cadence == Cadence::default() {
        gone.cadence
    } else {
        kept.cadence
    };
    tx.execute(
        "UPDATE person SET notes = ?1, birth_year = ?2, minor = ?3, owner = ?4, ideal_days = ?5, max_days = ?6,
                           updated_at = ?7
         WHERE id = ?8",
        rusqlite::params![
            notes,
            kept.birth_year.or(gone.birth_year),
            kept.minor || gone.minor,
            if kept.owner.is_empty() { &gone.owner } else { &kept.owner },
            cadence.ideal_days,
            cadence.max_days,
            now,
            keep
        ],
    )?;
    search::remove(tx, HitKind::Person, other)?;
    tx.execute("DELETE FROM person WHERE id = ?1", [other])?;
    search::index_person(tx, keep)?;
    tx.execute(
        "INSERT INTO audit_log (at, action, detail) VALUES (?1, 'people merged', ?2)",
        rusqlite::params![now, format!("person {other} merged into person {keep}")],
    )?;
    Ok((interactions as u32, consents as u32, posts as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::consent::{tests::consent, GivenBy};
    use crate::people::interactions::{self, tests::comment};
    use crate::people::tests::{school, teacher};
    use crate::people::{self, ContactKind, ContactPoint, Party, PersonInput};
    use crate::profile::Network;
    use crate::testing::{now, store};

    fn similar_names(a: &str, b: &str) -> bool {
        alike(&folded(a), &folded(b))
    }

    #[test]
    fn names_are_similar_despite_accents_typos_and_order() {
        assert!(similar_names("Nicolò Rossi", "Nicolo Rossi"));
        assert!(similar_names("Rossi Maria", "maria rossi"));
        assert!(similar_names("Maria Rossi", "Maria Rosi"));
        assert!(!similar_names("Maria Rossi", "Mario Bianchi"));
        assert!(!similar_names("Anna Verdi", "Anna Neri"));
    }

    #[test]
    fn duplicates_by_email_or_similar_name_in_the_same_organisation() {
        let (_dir, store) = store();
        let school = school(&store);
        let maria = people::add(&store, &teacher(school), now()).unwrap().id;
        let mut typo = teacher(school);
        typo.name = "Maria Rosi".into();
        typo.contacts.clear();
        let typo = people::add(&store, &typo, now()).unwrap().id;
        let same_email = PersonInput {
            name: "M. Rossi".into(),
            contacts: vec![ContactPoint {
                kind: ContactKind::Email,
                network: None,
                value: "MARIA.ROSSI@scuola.example.it".into(),
            }],
            ..PersonInput::default()
        };
        let same_email = people::add(&store, &same_email, now()).unwrap().id;
        let elsewhere = PersonInput {
            name: "Maria Rosi".into(),
            ..PersonInput::default()
        };
        people::add(&store, &elsewhere, now()).unwrap();
        let found = find(&store, 50).unwrap();
        let summary: Vec<(i64, i64, DuplicateReason)> =
            found.iter().map(|p| (p.a.id, p.b.id, p.reason)).collect();
        assert_eq!(
            summary,
            [
                (maria, same_email, DuplicateReason::SameEmail),
                (maria, typo, DuplicateReason::SimilarName)
            ],
            "a similar name outside the organisation is not proposed"
        );
        assert_eq!(found[1].detail, "Scuola primaria Carducci");
        mark_distinct(&store, typo, maria).unwrap();
        assert_eq!(find(&store, 50).unwrap().len(), 1);
    }

    #[test]
    fn merging_keeps_both_histories_and_consents() {
        let (_dir, store) = store();
        let school = school(&store);
        let maria = people::add(&store, &teacher(school), now()).unwrap().id;
        let other = PersonInput {
            name: "Maria Rossi".into(),
            birth_year: Some(1980),
            notes: "Conosciuta alla fiera".into(),
            contacts: vec![ContactPoint {
                kind: ContactKind::Phone,
                network: None,
                value: "+39 333 1234567".into(),
            }],
            tags: vec!["lettori".into()],
            ..PersonInput::default()
        };
        let other = people::add(&store, &other, now()).unwrap().id;
        interactions::log(
            &store,
            &comment(Party::Person(maria), "Prima", "2026-10-01T10:00"),
            now(),
        )
        .unwrap();
        interactions::log(
            &store,
            &comment(Party::Person(other), "Seconda", "2026-11-01T10:00"),
            now(),
        )
        .unwrap();
        crate::people::consent::add(&store, &consent(other, GivenBy::Person, vec![Network::Mastodon]))
            .unwrap();

        let report = merge(&store, maria, other, now()).unwrap();
        assert_eq!((report.interactions_moved, report.consents_moved), (1, 1));
        let kept = report.person;
        assert_eq!(kept.contacts.len(), 3);
        assert_eq!(kept.tags, ["lettori", "scuole"]);
        assert_eq!(kept.birth_year, Some(1980));
        assert!(kept.notes.ends_with("\n\nConosciuta alla fiera"));
        let timeline = interactions::timeline(
            &store,
            Party::Person(maria),
            interactions::TimelineFilter::default(),
            people::Page { offset: 0, limit: 10 },
        )
        .unwrap();
        assert_eq!(
            timeline.iter().map(|i| i.summary.as_str()).collect::<Vec<_>>(),
            ["Seconda", "Prima"]
        );
        assert_eq!(crate::people::consent::list(&store, maria).unwrap().len(), 1);
        assert!(matches!(people::get(&store, other), Err(Error::NotFound { .. })));
        let hits = search::search(&store, "fiera", 10).unwrap();
        assert_eq!((hits.len(), hits[0].id), (1, maria));
        assert!(merge(&store, maria, maria, now()).is_err());
    }
}
