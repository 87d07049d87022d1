//! Relationships: the people and organisations the library talks with (schools, associations, reading
//! programmes, bookshops, press, public offices), how to reach them, what was said and when, how often the
//! library means to be in touch, and the consent each person gave.
//!
//! This module owns people ([`bulk`] adds many at once); [`organisations`], [`interactions`], [`consent`],
//! [`review`], [`search`], [`duplicates`] and [`erasure`] own the rest. Input is validated as a whole and
//! written in one transaction, which also keeps the search index in step.

pub mod access;
pub(crate) mod bulk;
pub mod consent;
pub mod duplicates;
pub mod erasure;
pub mod interactions;
pub mod organisations;
pub mod reminders;
pub mod retention;
pub mod review;
pub mod search;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{required_text, stored_enum};
use crate::profile::Network;
use crate::store::Store;

stored_enum! {
    /// How a person or organisation is reached.
    pub enum ContactKind {
        Email = "email",
        Phone = "phone",
        Website = "website",
        Handle = "handle",
    }
}

stored_enum! {
    /// How Agora came to know a person: entered by hand, imported, or only seen on social media.
    pub enum Origin {
        Manual = "manual",
        Import = "import",
        Social = "social",
    }
}

/// One way to reach someone; `network` only for handles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactPoint {
    pub kind: ContactKind,
    pub network: Option<Network>,
    pub value: String,
}

/// How often the library means to be in touch: ideally every `ideal_days`, never more than `max_days`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Cadence {
    pub ideal_days: Option<u32>,
    pub max_days: Option<u32>,
}

/// A person's place in an organisation, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AffiliationInput {
    #[ts(type = "number")]
    pub organisation_id: i64,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A person's place in an organisation, with the organisation's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Affiliation {
    #[ts(type = "number")]
    pub organisation_id: i64,
    pub organisation: String,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A person as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub name: String,
    pub birth_year: Option<i32>,
    /// Explicitly a minor (whatever the birth year says).
    pub minor: bool,
    pub notes: String,
    pub owner: String,
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub affiliations: Vec<AffiliationInput>,
    pub cadence: Cadence,
}

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub birth_year: Option<i32>,
    pub minor: bool,
    pub notes: String,
    pub owner: String,
    pub origin: Origin,
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub affiliations: Vec<Affiliation>,
    pub cadence: Cadence,
    pub snoozed_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The age under which, in Italy, a child cannot consent to the publication of their image alone.
pub const CONSENT_AGE: i32 = 14;

impl Person {
    /// Whether the person is a minor for consent purposes on `day`: flagged as one, or born fewer than
    /// [`CONSENT_AGE`] years before (by birth year, the cautious reading: still a minor in the year they
    /// turn 14).
    pub fn is_minor_on(&self, day: NaiveDate) -> bool {
        self.minor || self.birth_year.is_some_and(|y| day.year() - y <= CONSENT_AGE)
    }
}

/// Checks one contact point; `field` names it in errors.
pub fn check_contact(field: &str, c: &ContactPoint) -> Result<ContactPoint> {
    let value = c.value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    let shape_ok = match c.kind {
        ContactKind::Email => {
            let mut parts = value.split('@');
            matches!((parts.next(), parts.next(), parts.next()), (Some(u), Some(d), None) if !u.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
                && !value.contains(char::is_whitespace)
        }
        ContactKind::Phone => {
            value.chars().filter(char::is_ascii_digit).count() >= 5
                && value
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || " +-./()".contains(ch))
        }
        ContactKind::Website => url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https")),
        ContactKind::Handle => true,
    };
    if !shape_ok {
        return Err(Error::invalid(
            field,
            format!("{value:?} is not a valid {}", c.kind.code()),
        ));
    }
    let network = match (c.kind, c.network) {
        (ContactKind::Handle, Some(n)) => {
            n.check_handle(field, value)?;
            Some(n)
        }
        (ContactKind::Handle, None) => return Err(Error::invalid(field, "a handle needs its network")),
        (_, _) => None,
    };
    Ok(ContactPoint {
        kind: c.kind,
        network,
        value: value.to_owned(),
    })
}

/// Checks contact points (each named `contacts[i]` in errors) and tags (trimmed, unique whatever their
/// case), as people and organisations share them.
pub(crate) fn check_details(
    contacts: &[ContactPoint],
    tags: &[String],
) -> Result<(Vec<ContactPoint>, Vec<String>)> {
    let contacts = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| check_contact(&format!("contacts[{i}]"), c))
        .collect::<Result<_>>()?;
    let mut unique: Vec<String> = Vec::new();
    for tag in tags {
        let tag = required_text("tags", tag)?;
        if !unique.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            unique.push(tag);
        }
    }
    Ok((contacts, unique))
}

pub(crate) fn check_cadence(c: Cadence) -> Result<Cadence> {
    if c.ideal_days == Some(0) || c.max_days == Some(0) {
        return Err(Error::invalid("cadence", "days must be at least 1"));
    }
    if let (Some(ideal), Some(max)) = (c.ideal_days, c.max_days) {
        if ideal > max {
            return Err(Error::invalid(
                "cadence",
                format!("the ideal interval ({ideal} days) is longer than the maximum ({max} days)"),
            ));
        }
    }
    Ok(c)
}

/// Checks a person as entered; `organisation_exists` checks each affiliation's organisation (`field` names it
/// in errors).
fn validate(
    input: &PersonInput,
    mut organisation_exists: impl FnMut(i64, &str) -> Result<()>,
) -> Result<PersonInput> {
    let name = required_text("name", &input.name)?;
    if let Some(year) = input.birth_year {
        if !(1900..=2200).contains(&year) {
            return Err(Error::invalid(
                "birth_year",
                format!("{year} is not a plausible birth year"),
            ));
        }
    }
    let (contacts, tags) = check_details(&input.contacts, &input.tags)?;
    for (i, a) in input.affiliations.iter().enumerate() {
        organisation_exists(a.organisation_id, &format!("affiliations[{i}].organisation_id"))?;
        if let (Some(from), Some(to)) = (a.from, a.to) {
            if to < from {
                return Err(Error::invalid(
                    format!("affiliations[{i}].to"),
                    format!("ends on {to}, before it starts on {from}"),
                ));
            }
        }
    }
    Ok(PersonInput {
        name,
        birth_year: input.birth_year,
        minor: input.minor,
        notes: input.notes.trim().to_owned(),
        owner: input.owner.trim().to_owned(),
        contacts,
        tags,
        affiliations: input
            .affiliations
            .iter()
            .map(|a| AffiliationInput {
                role: a.role.trim().to_owned(),
                ..*a
            })
            .collect(),
        cadence: check_cadence(input.cadence)?,
    })
}

/// Adds a person.
pub fn add(store: &Store, input: &PersonInput, now: DateTime<Utc>) -> Result<Person> {
    let id = store.write(|tx| insert(tx, input, Origin::Manual, now))?;
    get(store, id)
}

/// Adds a person inside an open transaction (inbox, seeding; imports add many at once with
/// [`bulk::NewPeople`]).
pub(crate) fn insert(
    tx: &Transaction,
    input: &PersonInput,
    origin: Origin,
    now: DateTime<Utc>,
) -> Result<i64> {
    let input = validate(input, |id, field| organisations::exists(tx, id, field))?;
    let id = next_person_id(tx)?;
    write_people(tx, &[(id, input)], origin, now, &mut TagIds::default())?;
    search::index_person(tx, id)?;
    Ok(id)
}

/// The id the next person added gets (the one SQLite would give): people added in bulk are given theirs
/// before they are written, so that each table is written in multi-row statements.
fn next_person_id(tx: &Transaction) -> Result<i64> {
    Ok(tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM person", [], |r| r.get(0))?)
}

/// Tags already looked up in a transaction, by name: a bulk import looks each tag up once.
#[derive(Debug, Default)]
struct TagIds(HashMap<String, i64>);

impl TagIds {
    fn get(&mut self, tx: &Transaction, name: &str) -> Result<i64> {
        if let Some(&id) = self.0.get(name) {
            return Ok(id);
        }
        let id = tag_id(tx, name)?;
        self.0.insert(name.to_owned(), id);
        Ok(id)
    }
}

/// Writes checked people with the ids they get: their rows, contact points, tags and affiliations.
fn write_people(
    tx: &Transaction,
    people: &[(i64, PersonInput)],
    origin: Origin,
    now: DateTime<Utc>,
    tags: &mut TagIds,
) -> Result<()> {
    let now = now.to_sql()?;
    let rows: Vec<[&dyn ToSql; 11]> = people
        .iter()
        .map(|(id, p)| {
            [
                id as &dyn ToSql,
                &p.name,
                &p.birth_year,
                &p.minor,
                &p.notes,
                &p.owner,
                &origin,
                &p.cadence.ideal_days,
                &p.cadence.max_days,
                &now,
                &now,
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO person (id, name, birth_year, minor, notes, owner, origin, ideal_days, max_days, created_at,
                             updated_at)",
        &rows,
    )?;
    write_details(tx, people, tags)
}

/// Replaces a person's details.
pub fn update(store: &Store, id: i64, input: &PersonInput, now: DateTime<Utc>) -> Result<Person> {
    store.write(|tx| {
        read(tx, id)?;
        let input = validate(input, |id, field| organisations::exists(tx, id, field))?;
        tx.execute(
            "UPDATE person SET name = ?1, birth_year = ?2, minor = ?3, notes = ?4, owner = ?5, ideal_days = ?6,
                               max_days = ?7, updated_at = ?8
             WHERE id = ?9",
            rusqlite::params![
                input.name,
                input.birth_year,
                input.minor,
                input.notes,
                input.owner,
                input.cadence.ideal_days,
                input.cadence.max_days,
                now,
                id
            ],
        )?;
        for table in ["contact_point", "person_tag", "affiliation"] {
            tx.execute(&format!("DELETE FROM {table} WHERE person_id = ?1"), [id])?;
        }
        write_details(tx, &[(id, input)], &mut TagIds::default())?;
        search::index_person(tx, id)
    })?;
    get(store, id)
}

/// Writes the contact points, tags and affiliations of people (by id).
fn write_details(tx: &Transaction, people: &[(i64, PersonInput)], tag_ids: &mut TagIds) -> Result<()> {
    let contacts: Vec<(&i64, &ContactPoint, Option<&str>)> = people
        .iter()
        .flat_map(|(id, p)| {
            p.contacts
                .iter()
                .map(move |c| (id, c, c.network.map(|n| n.code())))
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 4]> = contacts
        .iter()
        .map(|(id, c, network)| [*id as &dyn ToSql, &c.kind, network, &c.value])
        .collect();
    insert_rows(
        tx,
        "INSERT INTO contact_point (person_id, kind, network, value)",
        &rows,
    )?;
    let mut tags = Vec::new();
    for (id, p) in people {
        for tag in &p.tags {
            tags.push((*id, tag_ids.get(tx, tag)?));
        }
    }
    let rows: Vec<[&dyn ToSql; 2]> = tags.iter().map(|(id, tag)| [id as &dyn ToSql, tag]).collect();
    insert_rows(tx, "INSERT INTO person_tag (person_id, tag_id)", &rows)?;
    let rows: Vec<[&dyn ToSql; 5]> = people
        .iter()
        .flat_map(|(id, p)| {
            p.affiliations
                .iter()
                .map(move |a| [id as &dyn ToSql, &a.organisation_id, &a.role, &a.from, &a.to])
        })
        .collect();
    insert_rows(
        tx,
        "INSERT OR REPLACE INTO affiliation (person_id, organisation_id, role, from_date, to_date)",
        &rows,
    )
}

/// The most rows [`insert_rows`] writes in one statement.
const ROWS_PER_INSERT: usize = 128;

/// Runs `insert` (an `INSERT INTO table (columns)` without its values) for `rows`, many rows a statement: one
/// statement for many rows costs much less than one each, and SQLite copies each page a statement changes
/// into its statement journal once, however many of the statement's rows land there. Statements take
/// [`ROWS_PER_INSERT`] rows, and what is left a power of two at a time, so that a few statement shapes
/// serve every write and stay prepared.
fn insert_rows<const N: usize>(tx: &Transaction, insert: &str, rows: &[[&dyn ToSql; N]]) -> Result<()> {
    let row = format!("({})", vec!["?"; N].join(", "));
    let mut rest = rows;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(ROWS_PER_INSERT.min(1 << rest.len().ilog2()));
        let values = vec![row.as_str(); chunk.len()].join(", ");
        tx.prepare_cached(&format!("{insert} VALUES {values}"))?
            .execute(rusqlite::params_from_iter(chunk.iter().flatten()))?;
        rest = tail;
    }
    Ok(())
}

/// The id of tag `name`, created if new.
pub(crate) fn tag_id(tx: &Transaction, name: &str) -> Result<i64> {
    let known = tx
        .prepare_cached("SELECT id FROM tag WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = known {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO tag (name) VALUES (?1)")?
        .execute([name])?;
    Ok(tx.last_insert_rowid())
}

/// The contact points of a person or organisation (`owner` is `person_id` or `organisation_id`).
pub(crate) fn contacts_of(conn: &Connection, owner: &str, id: i64) -> Result<Vec<ContactPoint>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT kind, network, value FROM contact_point WHERE {owner} = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let network: Option<String> = r.get(1)?;
        Ok(ContactPoint {
            kind: r.get(0)?,
            network: network.as_deref().and_then(Network::from_code),
            value: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tags of a person or organisation (`table` is `person_tag` or `organisation_tag`).
pub(crate) fn tags_of(conn: &Connection, table: &str, owner: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT t.name FROM {table} x JOIN tag t ON t.id = x.tag_id WHERE x.{owner} = ?1 ORDER BY t.name"
    ))?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One person.
pub fn get(store: &Store, id: i64) -> Result<Person> {
    store.read(|conn| read(conn, id))
}

pub(crate) fn read(conn: &Connection, id: i64) -> Result<Person> {
    let person = conn
        .query_row(
            "SELECT id, name, birth_year, minor, notes, owner, origin, ideal_days, max_days, snoozed_until,
                    created_at, updated_at
             FROM person WHERE id = ?1",
            [id],
            |r| {
                Ok(Person {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    birth_year: r.get(2)?,
                    minor: r.get(3)?,
                    notes: r.get(4)?,
                    owner: r.get(5)?,
                    origin: r.get(6)?,
                    cadence: Cadence {
                        ideal_days: r.get(7)?,
                        max_days: r.get(8)?,
                    },
                    snoozed_until: r.get(9)?,
                    created_at: r.get(10)?,
                    updated_at: r.get(11)?,
                    contacts: Vec::new(),
                    tags: Vec::new(),
                    affiliations: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "person", id })?;
    let mut stmt = conn.prepare(
        "SELECT a.organisation_id, o.name, a.role, a.from_date, a.to_date
         FROM affiliation a JOIN organisation o ON o.id = a.organisation_id
         WHERE a.person_id = ?1 ORDER BY o.name, a.role",
    )?;
    let affiliations = stmt
        .query_map([id], |r| {
            Ok(Affiliation {
                organisation_id: r.get(0)?,
                organisation: r.get(1)?,
                role: r.get(2)?,
                from: r.get(3)?,
                to: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Person {
        contacts: contacts_of(conn, "person_id", id)?,
        tags: tags_of(conn, "person_tag", "person_id", id)?,
        affiliations,
        ..person
    })
}

/// A page of a list: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Page {
    pub offset: u32,
    pub limit: u32,
}

impl Page {
    /// The largest page a list returns.
    pub const MAX: u32 = 500;

    pub(crate) fn clamped(self) -> (i64, i64) {
        (i64::from(self.offset), i64::from(self.limit.clamp(1, Page::MAX)))
    }
}

/// A person in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub minor: bool,
    /// The organisations the person belongs to, by name.
    pub organisations: Vec<String>,
}

/// People in alphabetical order, a page at a time.
pub fn list(store: &Store, page: Page) -> Result<Vec<PersonSummary>> {
    let (offset, limit) = page.clamped();
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT p.id, p.name, p.minor,
                    (SELECT group_concat(o.name, char(31)) FROM affiliation a
                       JOIN organisation o ON o.id = a.organisation_id WHERE a.person_id = p.id)
             FROM person p ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map([limit, offset], |r| {
            let organisations: Option<String> = r.get(3)?;
            Ok(PersonSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                minor: r.get(2)?,
                organisations: organisations
                    .map(|o| o.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Leaves a person or organisation out of the review queue until `until` (or puts it back with `None`).
pub fn snooze(store: &Store, party: Party, until: Option<NaiveDate>) -> Result<()> {
    store.write(|tx| {
        let (table, id) = party.table_and_id();
        let changed = tx.execute(
            &format!("UPDATE {table} SET snoozed_until = ?1 WHERE id = ?2"),
            rusqlite::params![until, id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: party.what(),
                id,
            });
        }
        Ok(())
    })
}

/// A person or an organisation: who takes part in an interaction or appears in a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Party {
    Person(#[ts(type = "number")] i64),
    Organisation(#[ts(type = "number")] i64),
}

impl Party {
    pub(crate) fn table_and_id(self) -> (&'static str, i64) {
        match self {
            Party::Person(id) => ("person", id),
            Party::Organisation(id) => ("organisation", id),
        }
    }

    pub(crate) fn what(self) -> &'static str {
        match self {
            Party::Person(_) => "person",
            Party::Organisation(_) => "organisation",
        }
    }

    /// The `(person_id, organisation_id)` columns of a link table.
    /// The party a row's `person_id` and `organisation_id` columns name (the schema allows exactly one).
    pub(crate) fn from_columns(person: Option<i64>, organisation: Option<i64>) -> Party {
        person.map_or(
            Party::Organisation(organisation.unwrap_or_default()),
            Party::Person,
        )
    }

    pub(crate) fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            Party::Person(id) => (Some(id), None),
            Party::Organisation(id) => (None, Some(id)),
        }
    }

    /// Checks that the party exists.
    pub(crate) fn check(self, conn: &Connection, field: &str) -> Result<()> {
        let (table, id) = self.table_and_id();
        crate::fields::exists(conn, table, id, field)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::people::organisations::{self, OrganisationInput, OrganisationKind};
    use crate::testing::{now, store};

    pub(crate) fn teacher(school: i64) -> PersonInput {
        PersonInput {
            name: " Maria Rossi ".into(),
            notes: "Insegnante di terza, ama i gialli".into(),
            owner: "Giulia".into(),
            contacts: vec![
                ContactPoint {
                    kind: ContactKind::Email,
                    network: None,
                    value: "maria.rossi@scuola.example.it".into(),
                },
                ContactPoint {
                    kind: ContactKind::Handle,
                    network: Some(Network::Mastodon),
                    value: "@mrossi@mastodon.uno".into(),
                },
            ],
            tags: vec!["scuole".into(), "Scuole".into()],
            affiliations: vec![AffiliationInput {
                organisation_id: school,
                role: "insegnante".into(),
                from: NaiveDate::from_ymd_opt(2020, 9, 1),
                to: None,
            }],
            cadence: Cadence {
                ideal_days: Some(30),
                max_days: Some(60),
            },
            ..PersonInput::default()
        }
    }

    pub(crate) fn school(store: &Store) -> i64 {
        let input = OrganisationInput {
            name: "Scuola primaria Carducci".into(),
            kind: OrganisationKind::School,
            ..OrganisationInput::default()
        };
        organisations::add(store, &input, now()).unwrap().id
    }

    #[test]
    fn a_person_keeps_contacts_tags_affiliations_and_cadence() {
        let (_dir, store) = store();
        let school = school(&store);
        let person = add(&store, &teacher(school), now()).unwrap();
        assert_eq!(person.name, "Maria Rossi");
        assert_eq!(person.contacts.len(), 2);
        assert_eq!(person.tags, ["scuole"], "tags are unique whatever their case");
        assert_eq!(person.affiliations[0].organisation, "Scuola primaria Carducci");
        assert_eq!(person.cadence.max_days, Some(60));
        assert_eq!(person.origin, Origin::Manual);
        let listed = list(&store, Page { offset: 0, limit: 10 }).unwrap();
        assert_eq!(listed[0].organisations, ["Scuola primaria Carducci"]);
    }

    #[test]
    fn bad_details_are_refused_with_the_field_named() {
        let (_dir, store) = store();
        let school = school(&store);
        let field = |input: PersonInput| match add(&store, &input, now()) {
            Err(Error::InvalidInput { field, reason }) => format!("{field}: {reason}"),
            other => panic!("expected a refusal, got {other:?}"),
        };
        let mut input = teacher(school);
        input.affiliations[0].to = NaiveDate::from_ymd_opt(2019, 1, 1);
        assert_eq!(
            field(input),
            "affiliations[0].to: ends on 2019-01-01, before it starts on 2020-09-01"
        );
        let mut input = teacher(school);
        input.contacts[0].value = "maria at scuola".into();
        assert!(field(input).starts_with("contacts[0]:"));
        let mut input = teacher(school);
        input.contacts[1].network = None;
        assert_eq!(field(input), "contacts[1]: a handle needs its network");
        let mut input = teacher(school);
        input.cadence = Cadence {
            ideal_days: Some(90),
            max_days: Some(30),
        };
        assert!(field(input).starts_with("cadence:"));
        let mut input = teacher(school);
        input.affiliations[0].organisation_id = 999;
        assert_eq!(
            field(input),
            "affiliations[0].organisation_id: organisation 999 does not exist"
        );
        assert!(
            list(&store, Page { offset: 0, limit: 10 }).unwrap().is_empty(),
            "nothing written"
        );
    }

    #[test]
    fn minors_by_flag_or_birth_year() {
        let (_dir, store) = store();
        let child = add(
            &store,
            &PersonInput {
                name: "Luca".into(),
                birth_year: Some(2016),
                ..PersonInput::default()
            },
            now(),
        )
        .unwrap();
        let day = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
        assert!(child.is_minor_on(day(2026)));
        assert!(
            child.is_minor_on(day(2030)),
            "the year they turn 14 is still cautious"
        );
        assert!(!child.is_minor_on(day(2031)));
    }

    #[test]
    fn updating_replaces_details_and_snoozing_is_stored() {
        let (_dir, store) = store();
        let school = school(&store);
        let person = add(&store, &teacher(school), now()).unwrap();
        let mut input = teacher(school);
        input.contacts.truncate(1);
        input.tags = vec!["partner".into()];
        let updated = update(&store, person.id, &input, now()).unwrap();
        assert_eq!(
            (updated.contacts.len(), updated.tags.clone()),
            (1, vec!["partner".to_owned()])
        );
        let until = NaiveDate::from_ymd_opt(2027, 1, 10);
        snooze(&store, Party::Person(person.id), until).unwrap();
        assert_eq!(get(&store, person.id).unwrap().snoozed_until, until);
        assert!(matches!(
            snooze(&store, Party::Person(999), until),
            Err(Error::NotFound { .. })
        ));
    }
}
