//! Adding many people in one transaction (an address-book import). Each person is checked as they are
//! added and gets their id at once; the rows are written a hundred-odd people at a time, each table in
//! multi-row statements, and the search index is written last, in one pass, from text put together here
//! rather than read back. This module owns only that write path; what is checked and what is indexed are
//! the people module's and [`super::search`]'s.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::{next_person_id, organisations, search, validate, write_people, Origin, PersonInput, TagIds};
use crate::error::Result;

/// How many people are written at a time: each table then takes one or two statements of a hundred-odd
/// rows (larger batches were measured no faster).
const QUEUED_PEOPLE: usize = 128;

/// People being added in one transaction; nothing is complete until [`NewPeople::finish`].
pub(crate) struct NewPeople<'a> {
    tx: &'a Transaction<'a>,
    origin: Origin,
    now: DateTime<Utc>,
    next_id: i64,
    /// Checked people not written yet, with their ids.
    queued: Vec<(i64, PersonInput)>,
    tags: TagIds,
    /// The name of each organisation people were added to, checked once.
    organisations: HashMap<i64, String>,
    /// What the search index will hold for each person added.
    texts: Vec<(i64, String)>,
}

impl<'a> NewPeople<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>, origin: Origin, now: DateTime<Utc>) -> Result<Self> {
        tx.pragma_update(None, "cache_size", -crate::store::BULK_CACHE_KIB)?;
        Ok(NewPeople {
            tx,
            origin,
            now,
            next_id: next_person_id(tx)?,
            queued: Vec::with_capacity(QUEUED_PEOPLE),
            tags: TagIds::default(),
            organisations: HashMap::new(),
            texts: Vec::new(),
        })
    }

    /// Checks a person as [`super::add`] does and adds them; returns their id.
    pub(crate) fn add(&mut self, input: &PersonInput) -> Result<i64> {
        let (tx, organisations) = (self.tx, &mut self.organisations);
        let input = validate(input, |id, field| {
            if let Entry::Vacant(unchecked) = organisations.entry(id) {
                organisations::exists(tx, id, field)?;
                unchecked
                    .insert(tx.query_row("SELECT name FROM organisation WHERE id = ?1", [id], |r| r.get(0))?);
            }
            Ok(())
        })?;
        let id = self.next_id;
        self.next_id += 1;
        let text = search::person_text(
            &input.name,
            &input.notes,
            input.contacts.iter().map(|c| c.value.as_str()),
            input.tags.iter().map(String::as_str),
            input
                .affiliations
                .iter()
                .map(|a| self.organisations[&a.organisation_id].as_str()),
        );
        self.texts.push((id, text));
        self.queued.push((id, input));
        if self.queued.len() == QUEUED_PEOPLE {
            self.write_queued()?;
        }
        Ok(id)
    }

    fn write_queued(&mut self) -> Result<()> {
        write_people(self.tx, &self.queued, self.origin, self.now, &mut self.tags)?;
        self.queued.clear();
        Ok(())
    }

    /// Writes the people still queued, then indexes everyone added for search.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.write_queued()?;
        search::index_new_people(self.tx, &self.texts)
    }
}

impl Drop for NewPeople<'_> {
    /// The connection goes back to the pool with the ordinary page cache, whether the import finished or not.
    fn drop(&mut self) {
        // Shrinking the cache cannot fail on an open connection; if it did, the larger cache only costs memory.
        let _ = self
            .tx
            .pragma_update(None, "cache_size", -crate::store::CACHE_KIB);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::search::search;
    use crate::people::tests::{school, teacher};
    use crate::people::{add, get, ContactKind, ContactPoint};
    use crate::testing::{now, store};

    /// Someone different for each `i`: no, one or two contact points, with or without tags and a school.
    fn someone(i: usize, school: i64) -> PersonInput {
        let mut person = teacher(school);
        person.name = format!("Persona {i} Niccolò");
        person.contacts.truncate(i % 3);
        for contact in &mut person.contacts {
            contact.value = contact.value.replace("rossi", &format!("rossi{i}"));
        }
        if i % 2 == 0 {
            person.tags.clear();
        }
        if i % 5 == 0 {
            person.affiliations.clear();
        }
        person
    }

    #[test]
    fn a_bulk_write_gives_its_connection_back_with_the_ordinary_page_cache() {
        let (_dir, store) = store();
        let cache = |store: &crate::Store| {
            store
                .read(|conn| Ok(conn.pragma_query_value(None, "cache_size", |r| r.get::<_, i64>(0))?))
                .unwrap()
        };
        let school = school(&store);
        let during = store
            .write(|tx| {
                let mut people = NewPeople::new(tx, Origin::Import, now())?;
                people.add(&someone(0, school))?;
                let during: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
                people.finish()?;
                Ok(during)
            })
            .unwrap();
        assert_eq!(during, -crate::store::BULK_CACHE_KIB);
        assert_eq!(cache(&store), -crate::store::CACHE_KIB);
    }

    #[test]
    fn people_added_in_bulk_read_back_and_are_found_as_if_added_one_by_one() {
        let (_dir, one_by_one) = store();
        let (_other_dir, in_bulk) = store();
        let count = 3 * QUEUED_PEOPLE + 7;
        let school = school(&one_by_one);
        assert_eq!(school, crate::people::tests::school(&in_bulk));
        for i in 0..count {
            add(&one_by_one, &someone(i, school), now()).unwrap();
        }
        let ids = in_bulk
            .write(|tx| {
                let mut added = NewPeople::new(tx, Origin::Manual, now())?;
                let ids = (0..count)
                    .map(|i| added.add(&someone(i, school)))
                    .collect::<Result<Vec<_>>>()?;
                added.finish()?;
                Ok(ids)
            })
            .unwrap();
        assert_eq!(
            ids,
            (1..=count as i64).collect::<Vec<_>>(),
            "ids in order, from 1"
        );
        for id in [1, 2, 3, count as i64 / 2, count as i64] {
            assert_eq!(
                get(&in_bulk, id).unwrap(),
                get(&one_by_one, id).unwrap(),
                "person {id}"
            );
        }
        for words in ["niccolo", "persona 17", "rossi4", "mrossi302", "carducci", "scuo"] {
            assert_eq!(
                search(&in_bulk, words, 200).unwrap(),
                search(&one_by_one, words, 200).unwrap(),
                "{words:?}"
            );
        }
        assert_eq!(search(&in_bulk, "mrossi302", 10).unwrap()[0].id, 303);
        let automerge: i64 = in_bulk
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT v FROM people_search_config WHERE k = 'automerge'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(automerge, 4, "ordinary writes merge as before");
    }

    #[test]
    fn an_affiliation_to_an_unknown_organisation_is_refused_with_its_field() {
        let (_dir, store) = store();
        let outcome = store.write(|tx| {
            let mut added = NewPeople::new(tx, Origin::Import, now())?;
            added.add(&PersonInput {
                name: "Anna".into(),
                contacts: vec![ContactPoint {
                    kind: ContactKind::Email,
                    network: None,
                    value: "anna@example.it".into(),
                }],
                ..someone(1, 999)
            })
        });
        assert_eq!(
            outcome.unwrap_err().to_string(),
            "affiliations[0].organisation_id: organisation 999 does not exist"
        );
    }
}
