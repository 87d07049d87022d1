//! Adding many people in one transaction (an address-book import). Each person is checked as they are
//! added and gets their id at once; the rows are written thousands of people at a time, each table in
//! multi-row statements, and the search index is written last, in one pass, from text put together here
//! rather than read back. This module owns only that write path; what is checked and what is indexed are
//! the people module's and [`super::search`]'s.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::{next_person_id, organisations, search, validate, write_people, Origin, PersonInput, TagIds};
use crate::error::Result;

thread_local! { static WQ: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) }; }
/// How many people are written at a time: enough that each statement writes hundreds of rows, few enough
/// that an import's progress moves steadily.
static QUEUED_PEOPLE: std::sync::LazyLock<usize> =
    std::sync::LazyLock::new(|| std::env::var("QP").map(|s| s.parse().unwrap()).unwrap_or(4096));

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
        Ok(NewPeople {
            tx,
            origin,
            now,
            next_id: next_person_id(tx)?,
            queued: Vec::with_capacity(*QUEUED_PEOPLE),
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
        if self.queued.len() == *QUEUED_PEOPLE {
            self.write_queued()?;
        }
        Ok(id)
    }

    fn write_queued(&mut self) -> Result<()> {
        let t = std::time::Instant::now();
        write_people(self.tx, &self.queued, self.origin, self.now, &mut self.tags)?;
        WQ.with(|w| w.set(w.get() + t.elapsed().as_secs_f64()));
        self.queued.clear();
        Ok(())
    }

    /// Writes the people still queued, then indexes everyone added for search.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.write_queued()?;
        let t = std::time::Instant::now();
        search::index_new_people(self.tx, &self.texts)?;
        eprintln!(
            "rows {:.3} fts {:.3}",
            WQ.with(|w| w.replace(0.0)),
            t.elapsed().as_secs_f64()
        );
        Ok(())
    }
}
