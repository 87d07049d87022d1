//! Organisations the library works with: schools, associations, reading programmes (Nati per Leggere),
//! bookshops, the local press, municipal offices. Each has contact points, tags, notes, an owner, a
//! cadence, and the people affiliated with it.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    check_cadence, check_details, contacts_of, search, tag_id, tags_of, Cadence, ContactPoint, Page,
};
use crate::error::{Error, Result};
use crate::fields::{required_text, stored_enum};
use crate::store::Store;

stored_enum! {
    /// What an organisation is.
    #[derive(Default)]
    pub enum OrganisationKind {
        School = "school",
        Association = "association",
        ReadingProgramme = "reading_programme",
        Bookshop = "bookshop",
        Press = "press",
        PublicOffice = "public_office",
        #[default]
        Other = "other",
    }
}

/// An organisation as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: OrganisationKind,
    pub notes: String,
    pub owner: String,
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub cadence: Cadence,
}

/// Someone affiliated with an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Member {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Organisation {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub notes: String,
    pub owner: String,
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub cadence: Cadence,
    pub snoozed_until: Option<NaiveDate>,
    pub members: Vec<Member>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn validate(input: &OrganisationInput) -> Result<OrganisationInput> {
    let (contacts, tags) = check_details(&input.contacts, &input.tags)?;
    Ok(OrganisationInput {
        name: required_text("name", &input.name)?,
        kind: input.kind,
        notes: input.notes.trim().to_owned(),
        owner: input.owner.trim().to_owned(),
        contacts,
        tags,
        cadence: check_cadence(input.cadence)?,
    })
}

/// Adds an organisation.
pub fn add(store: &Store, input: &OrganisationInput, now: DateTime<Utc>) -> Result<Organisation> {
    let id = store.write(|tx| insert(tx, input, now))?;
    get(store, id)
}

/// Adds an organisation inside an open transaction (imports, seeding).
pub(crate) fn insert(tx: &Transaction, input: &OrganisationInput, now: DateTime<Utc>) -> Result<i64> {
    let input = validate(input)?;
    tx.execute(
        "INSERT INTO organisation (name, kind, notes, owner, ideal_days, max_days, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        rusqlite::params![
            input.name,
            input.kind,
            input.notes,
            input.owner,
            input.cadence.ideal_days,
            input.cadence.max_days,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_details(tx, id, &input)?;
    Ok(id)
}

/// Replaces an organisation's details (its members are edited from each person).
pub fn update(store: &Store, id: i64, input: &OrganisationInput, now: DateTime<Utc>) -> Result<Organisation> {
    let input = validate(input)?;
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE organisation SET name = ?1, kind = ?2, notes = ?3, owner = ?4, ideal_days = ?5,
                                     max_days = ?6, updated_at = ?7
             WHERE id = ?8",
            rusqlite::params![
                input.name,
                input.kind,
                input.notes,
                input.owner,
                input.cadence.ideal_days,
                input.cadence.max_days,
                now,
                id
            ],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: "organisation",
                id,
            });
        }
        for table in ["contact_point", "organisation_tag"] {
            tx.execute(&format!("DELETE FROM {table} WHERE organisation_id = ?1"), [id])?;
        }
        write_details(tx, id, &input)?;
        // The members' search entries carry the organisation's name.
        let members: Vec<i64> = tx
            .prepare("SELECT person_id FROM affiliation WHERE organisation_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        members.into_iter().try_for_each(|p| search::index_person(tx, p))
    })?;
    get(store, id)
}

fn write_details(tx: &Transaction, id: i64, input: &OrganisationInput) -> Result<()> {
    for c in &input.contacts {
        tx.execute(
            "INSERT INTO contact_point (organisation_id, kind, network, value) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, c.kind, c.network.map(|n| n.code()), c.value],
        )?;
    }
    for tag in &input.tags {
        let tag_id = tag_id(tx, tag)?;
        tx.execute(
            "INSERT INTO organisation_tag (organisation_id, tag_id) VALUES (?1, ?2)",
            [id, tag_id],
        )?;
    }
    search::index_organisation(tx, id)
}

/// Checks that organisation `id` exists; `field` names it in the error.
pub(crate) fn exists(conn: &Connection, id: i64, field: &str) -> Result<()> {
    super::Party::Organisation(id).check(conn, field)
}

/// One organisation with its members.
pub fn get(store: &Store, id: i64) -> Result<Organisation> {
    store.read(|conn| read(conn, id))
}

pub(crate) fn read(conn: &Connection, id: i64) -> Result<Organisation> {
    let organisation = conn
        .query_row(
            "SELECT id, name, kind, notes, owner, ideal_days, max_days, snoozed_until, created_at, updated_at
             FROM organisation WHERE id = ?1",
            [id],
            |r| {
                Ok(Organisation {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    notes: r.get(3)?,
                    owner: r.get(4)?,
                    cadence: Cadence {
                        ideal_days: r.get(5)?,
                        max_days: r.get(6)?,
                    },
                    snoozed_until: r.get(7)?,
                    created_at: r.get(8)?,
                    updated_at: r.get(9)?,
                    contacts: Vec::new(),
                    tags: Vec::new(),
                    members: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "organisation",
            id,
        })?;
    let mut stmt = conn.prepare(
        "SELECT a.person_id, p.name, a.role, a.from_date, a.to_date
         FROM affiliation a JOIN person p ON p.id = a.person_id
         WHERE a.organisation_id = ?1 ORDER BY p.name COLLATE NOCASE, a.role",
    )?;
    let members = stmt
        .query_map([id], |r| {
            Ok(Member {
                person_id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                from: r.get(3)?,
                to: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Organisation {
        contacts: contacts_of(conn, "organisation_id", id)?,
        tags: tags_of(conn, "organisation_tag", "organisation_id", id)?,
        members,
        ..organisation
    })
}

/// An organisation in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrganisationSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub members: u32,
}

/// Organisations in alphabetical order, a page at a time.
pub fn list(store: &Store, page: Page) -> Result<Vec<OrganisationSummary>> {
    let (offset, limit) = page.clamped();
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT o.id, o.name, o.kind, (SELECT count(*) FROM affiliation a WHERE a.organisation_id = o.id)
             FROM organisation o ORDER BY o.name COLLATE NOCASE, o.id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map([limit, offset], |r| {
            Ok(OrganisationSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                members: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::tests::{school, teacher};
    use crate::testing::{now, store};

    #[test]
    fn an_organisation_lists_its_members_and_keeps_its_details() {
        let (_dir, store) = store();
        let school = school(&store);
        crate::people::add(&store, &teacher(school), now()).unwrap();
        let org = get(&store, school).unwrap();
        assert_eq!(org.kind, OrganisationKind::School);
        assert_eq!(org.members[0].name, "Maria Rossi");
        assert_eq!(org.members[0].role, "insegnante");
        let input = OrganisationInput {
            name: "Scuola primaria G. Carducci".into(),
            kind: OrganisationKind::School,
            tags: vec!["scuole".into()],
            cadence: Cadence {
                ideal_days: Some(14),
                max_days: Some(45),
            },
            ..OrganisationInput::default()
        };
        let updated = update(&store, school, &input, now()).unwrap();
        assert_eq!((updated.tags.len(), updated.cadence.max_days), (1, Some(45)));
        let listed = list(&store, Page { offset: 0, limit: 5 }).unwrap();
        assert_eq!(
            (listed[0].name.as_str(), listed[0].members),
            ("Scuola primaria G. Carducci", 1)
        );
        assert!(matches!(
            update(&store, 999, &input, now()),
            Err(Error::NotFound { .. })
        ));
        assert!(
            add(&store, &OrganisationInput::default(), now()).is_err(),
            "a name is required"
        );
    }
}
