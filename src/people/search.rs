//! Search across people, organisations and interactions: names, organisation names, handles and other
//! contact points, notes, tags and interaction summaries, accent-insensitive and by word prefix (SQLite
//! FTS5, `unicode61 remove_diacritics 2`). Every write to those records re-indexes them in the same
//! transaction. The index keeps no copy of the text (contentless): a hit's kind and record come from its
//! rowid. It has `secure-delete` on, and an erasure rewrites it, so what is removed leaves no trace in it.

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::fields::stored_enum;
use crate::store::Store;

stored_enum! {
    /// What a search hit is.
    pub enum HitKind {
        Person = "person",
        Organisation = "organisation",
        Interaction = "interaction",
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    pub kind: HitKind,
    #[ts(type = "number")]
    pub id: i64,
    /// The person's or organisation's name; for an interaction, its summary.
    pub title: String,
}

/// The index row of a record: its id and kind packed into the FTS rowid, so a record is replaced or
/// removed by rowid rather than by scanning the index.
fn rowid(kind: HitKind, id: i64) -> i64 {
    id * 4 + tag(kind)
}

/// The low bits of a record's index rowid, which say its kind.
fn tag(kind: HitKind) -> i64 {
    match kind {
        HitKind::Person => 1,
        HitKind::Organisation => 2,
        HitKind::Interaction => 3,
    }
}

/// The kind of record whose index rowid has `tag` in its low bits.
fn kind_of(tag: i64) -> HitKind {
    match tag {
        1 => HitKind::Person,
        2 => HitKind::Organisation,
        _ => HitKind::Interaction,
    }
}

fn replace(tx: &Transaction, kind: HitKind, id: i64, text: &str) -> Result<()> {
    remove(tx, kind, id)?;
    tx.prepare_cached("INSERT INTO people_search (rowid, text) VALUES (?1, ?2)")?
        .execute(rusqlite::params![rowid(kind, id), text])?;
    Ok(())
}

/// Removes a record from the index.
pub(crate) fn remove(tx: &Transaction, kind: HitKind, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM people_search WHERE rowid = ?1")?
        .execute([rowid(kind, id)])?;
    Ok(())
}

/// What the index holds for a person: name, notes, contact points, tags and organisations (each list as
/// given, words separated by spaces).
pub(crate) fn person_text<'a>(
    name: &str,
    notes: &str,
    contacts: impl IntoIterator<Item = &'a str>,
    tags: impl IntoIterator<Item = &'a str>,
    organisations: impl IntoIterator<Item = &'a str>,
) -> String {
    fn push_list<'a>(text: &mut String, list: impl IntoIterator<Item = &'a str>) {
        text.push(' ');
        for (i, item) in list.into_iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(item);
        }
    }
    let mut text = format!("{name} {notes}");
    push_list(&mut text, contacts);
    push_list(&mut text, tags);
    push_list(&mut text, organisations);
    text
}

/// Re-indexes a person.
pub(crate) fn index_person(tx: &Transaction, id: i64) -> Result<()> {
    let text = tx
        .prepare_cached(
            "SELECT p.name, p.notes,
                    (SELECT group_concat(value, ' ') FROM contact_point WHERE person_id = p.id),
                    (SELECT group_concat(t.name, ' ') FROM person_tag x JOIN tag t ON t.id = x.tag_id
                      WHERE x.person_id = p.id),
                    (SELECT group_concat(o.name, ' ') FROM affiliation a JOIN organisation o ON o.id = a.organisation_id
                      WHERE a.person_id = p.id)
             FROM person p WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            let (name, notes): (String, String) = (r.get(0)?, r.get(1)?);
            let lists: [Option<String>; 3] = [r.get(2)?, r.get(3)?, r.get(4)?];
            let [contacts, tags, organisations] = lists.each_ref().map(Option::as_deref);
            Ok(person_text(&name, &notes, contacts, tags, organisations))
        })?;
    replace(tx, HitKind::Person, id, &text)
}

/// How many index segments FTS5 merges at a time (its `automerge`): 4, its default, for ordinary writes; 16
/// while people are indexed in bulk, which then merges less often, in larger merges, and costs less. What a
/// bulk write leaves unmerged, later writes merge a little at a time.
const AUTOMERGE: i64 = 4;
const BULK_AUTOMERGE: i64 = 16;

fn set_automerge(tx: &Transaction, segments: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO people_search (people_search, rank) VALUES ('automerge', ?1)",
        [segments],
    )?;
    Ok(())
}

/// Indexes people added in bulk, who have no index entry yet, with their [`person_text`]. Call it once all
/// other rows are written: FTS5 writes what it holds to disk at every statement that opens a savepoint, which
/// rows written in between would do once each.
pub(crate) fn index_new_people(tx: &Transaction, people: &[(i64, String)]) -> Result<()> {
    set_automerge(tx, BULK_AUTOMERGE)?;
    let mut insert = tx.prepare_cached("INSERT INTO people_search (rowid, text) VALUES (?1, ?2)")?;
    for (id, text) in people {
        insert.execute(rusqlite::params![rowid(HitKind::Person, *id), text])?;
    }
    // The last entries are written (and merged) now, under the bulk setting, rather than at commit.
    tx.execute("INSERT INTO people_search (people_search) VALUES ('flush')", [])?;
    set_automerge(tx, AUTOMERGE)
}

/// Re-indexes an organisation: name, contact points, notes and tags.
pub(crate) fn index_organisation(tx: &Transaction, id: i64) -> Result<()> {
    let text: String = tx.query_row(
        "SELECT o.name || ' ' || o.notes
                || ' ' || coalesce((SELECT group_concat(value, ' ') FROM contact_point WHERE organisation_id = o.id), '')
                || ' ' || coalesce((SELECT group_concat(t.name, ' ') FROM organisation_tag x JOIN tag t ON t.id = x.tag_id
                                    WHERE x.organisation_id = o.id), '')
         FROM organisation o WHERE o.id = ?1",
        [id],
        |r| r.get(0),
    )?;
    replace(tx, HitKind::Organisation, id, &text)
}

/// Re-indexes an interaction's summary.
pub(crate) fn index_interaction(tx: &Transaction, id: i64) -> Result<()> {
    let text: String = tx.query_row("SELECT summary FROM interaction WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    replace(tx, HitKind::Interaction, id, &text)
}

/// The FTS5 query for what the officer typed: every word must match the start of a word.
fn match_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The records matching `text`, people and organisations first, at most `limit`.
pub fn search(store: &Store, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(expression) = match_expression(text) else {
        return Ok(Vec::new());
    };
    store.read(|conn| query(conn, &expression, limit.clamp(1, 200)))
}

fn query(conn: &Connection, expression: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let mut stmt = conn.prepare(
        "SELECT s.rowid % 4, s.rowid / 4,
                CASE s.rowid % 4 WHEN 1 THEN (SELECT name FROM person WHERE id = s.rowid / 4)
                                 WHEN 2 THEN (SELECT name FROM organisation WHERE id = s.rowid / 4)
                                 ELSE (SELECT summary FROM interaction WHERE id = s.rowid / 4) END
         FROM people_search s
         WHERE people_search MATCH ?1
         ORDER BY s.rowid % 4 = 3, rank
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![expression, limit], |r| {
        Ok(SearchHit {
            kind: kind_of(r.get(0)?),
            id: r.get(1)?,
            title: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::tests::{school, teacher};
    use crate::testing::{now, store};

    #[test]
    fn search_is_accent_insensitive_and_by_prefix_across_people_and_organisations() {
        let (_dir, store) = store();
        let school = school(&store);
        let mut maria = teacher(school);
        maria.name = "Maria Niccolò".into();
        let person = crate::people::add(&store, &maria, now()).unwrap();
        let hits = search(&store, "niccolo", 10).unwrap();
        assert_eq!(
            hits,
            [SearchHit {
                kind: HitKind::Person,
                id: person.id,
                title: "Maria Niccolò".into()
            }]
        );
        assert_eq!(search(&store, "Nicc", 10).unwrap().len(), 1, "prefix");
        assert_eq!(search(&store, "mrossi", 10).unwrap()[0].id, person.id, "handles");
        assert_eq!(search(&store, "gialli", 10).unwrap()[0].id, person.id, "notes");
        let carducci: Vec<HitKind> = search(&store, "carducci", 10)
            .unwrap()
            .iter()
            .map(|h| h.kind)
            .collect();
        assert_eq!(carducci.len(), 2);
        assert!(
            carducci.contains(&HitKind::Person),
            "a member is found by organisation"
        );
        assert!(
            search(&store, "  \"*( ", 10).unwrap().is_empty(),
            "no words, no query"
        );
        assert!(search(&store, "zzz", 10).unwrap().is_empty());
    }
}
