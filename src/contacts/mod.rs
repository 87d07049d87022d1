//! Address books in and out: importing people from CSV (Google Contacts, Outlook, Agora's own, or any
//! table with a column mapping) and vCard 3.0/4.0 files, and exporting everyone as vCard 4.0 or CSV.
//!
//! An import reads the whole file first and checks every row; a row that cannot be imported is reported
//! with its line and reason. Then either nothing is written (the default when any row is bad) or every
//! good row is written in one transaction, with progress reported as it goes; cancelling rolls it all
//! back. Rows whose email address or handle is already known (in the library or earlier in the file) are
//! not added twice: they are counted and listed as already known. [`columns`] reads tables and [`cards`]
//! reads and writes vCards.

pub mod cards;
pub mod columns;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::people::bulk::NewPeople;
use crate::people::organisations::{self, OrganisationInput};
use crate::people::{self, check_contact, AffiliationInput, ContactKind, ContactPoint, Origin, PersonInput};
use crate::profile::Network;
use crate::store::Store;

pub use columns::ColumnField;

/// The kinds of address-book file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactsFormat {
    Csv,
    Vcard,
}

impl ContactsFormat {
    /// The format of `path`: by its extension, else by whether it starts like a vCard.
    pub fn of(path: &Path, text: &str) -> ContactsFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(ext) if ext == "vcf" || ext == "vcard" => ContactsFormat::Vcard,
            Some(ext) if ext == "csv" => ContactsFormat::Csv,
            _ if text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCARD") => ContactsFormat::Vcard,
            _ => ContactsFormat::Csv,
        }
    }
}

/// A person read from a file, before it is checked. Public so the fuzz targets can read files without a
/// database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactRecord {
    /// The line the row or card starts on.
    pub line: u64,
    pub name: String,
    /// Each contact point with the column or property it came from.
    pub contacts: Vec<(String, ContactPoint)>,
    pub organisation: String,
    pub role: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub birth_year: Option<i32>,
}

impl ContactRecord {
    /// Adds a contact point read from `source`, unless it is empty.
    pub(crate) fn add_contact(
        &mut self,
        source: &str,
        kind: ContactKind,
        network: Option<Network>,
        value: &str,
    ) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let value = match (kind, network) {
            (ContactKind::Website, _) if !value.contains("://") => format!("https://{value}"),
            (ContactKind::Handle, Some(network)) => handle_from_profile(network, value),
            _ => value.to_owned(),
        };
        self.contacts
            .push((source.to_owned(), ContactPoint { kind, network, value }));
    }
}

/// The handle in a profile address (`https://mastodon.uno/@maria` → `@maria@mastodon.uno`,
/// `https://bsky.app/profile/maria.bsky.social` → `maria.bsky.social`); anything else as given.
pub(crate) fn handle_from_profile(network: Network, value: &str) -> String {
    let Ok(url) = url::Url::parse(value) else {
        return value.to_owned();
    };
    let Some(host) = url.host_str() else {
        return value.to_owned();
    };
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    match (network, segments.as_slice()) {
        (Network::Mastodon, [user]) if user.starts_with('@') => format!("{user}@{host}"),
        (Network::Bluesky, ["profile", handle]) => (*handle).to_owned(),
        (_, [.., user]) => user.trim_start_matches('@').to_owned(),
        _ => value.to_owned(),
    }
}

/// A row or card that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowProblem {
    #[ts(type = "number")]
    pub line: u64,
    /// The column or vCard property at fault, when one is.
    pub column: Option<String>,
    pub reason: String,
}

impl RowProblem {
    /// The problem `error` found at `line`, in `column`: a refused value's reason, or the error itself.
    pub(crate) fn at(line: u64, column: &str, error: Error) -> RowProblem {
        let reason = match error {
            Error::InvalidInput { reason, .. } => reason,
            other => other.to_string(),
        };
        RowProblem {
            line,
            column: Some(column.to_owned()),
            reason,
        }
    }
}

/// What an import should do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// For a CSV file: what each column holds (by default, recognised from the headers).
    pub mapping: Option<Vec<ColumnField>>,
    /// Import the good rows and leave out the bad ones (by default, any bad row stops the import).
    pub skip_bad_rows: bool,
}

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// A row that was not added because its person is already known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KnownContact {
    #[ts(type = "number")]
    pub line: u64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
}

/// What an import did. Lists are capped at [`ContactsImport::LISTED`] entries; the totals count all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ContactsImport {
    /// Whether anything was written: false when bad rows stopped the import.
    pub committed: bool,
    pub imported: u32,
    pub organisations_created: u32,
    pub already_known_total: u32,
    pub already_known: Vec<KnownContact>,
    pub problems_total: u32,
    pub problems: Vec<RowProblem>,
}

impl ContactsImport {
    pub const LISTED: usize = 500;
}

/// Reads an address-book file as UTF-8 (a byte-order mark is dropped); any other encoding is refused
/// with the line where it stops being UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    decode(&bytes)
}

fn decode(bytes: &[u8]) -> Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::invalid(
            "file",
            "the file is UTF-16; save or export it as UTF-8 (in Outlook: CSV, then open and save as \"CSV UTF-8\")",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        let line = bytes[..nul].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(Error::invalid(
            "file",
            format!("line {line} holds a NUL byte: the file is UTF-16 or binary, not UTF-8 text; save it as UTF-8 and import it again"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Error::invalid(
                "file",
                format!("line {line} is not UTF-8 text; save the file as UTF-8 and import it again"),
            ))
        }
    }
}

/// What a file holds, before importing it: for a table, its columns and how they were recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactsPreview {
    pub format: ContactsFormat,
    /// The program the table's headers come from (`google`, `outlook`, `agora`), when recognised.
    pub source: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<ColumnField>,
    /// The first rows, to check a mapping against.
    pub sample: Vec<Vec<String>>,
    /// Rows or cards in the file.
    pub records: u32,
    /// No column holds a name: the officer must say which ones do.
    pub needs_mapping: bool,
}

/// Looks at the file at `path` before importing it.
pub fn preview(path: &Path) -> Result<ContactsPreview> {
    let text = read_text(path)?;
    Ok(match ContactsFormat::of(path, &text) {
        ContactsFormat::Csv => columns::preview(&text)?,
        ContactsFormat::Vcard => ContactsPreview {
            format: ContactsFormat::Vcard,
            source: None,
            headers: Vec::new(),
            mapping: Vec::new(),
            sample: Vec::new(),
            records: crate::io::vcard::parse(&text).len() as u32,
            needs_mapping: false,
        },
    })
}

/// Imports the people of the file at `path` (see the module's documentation). `progress` is told how far
/// the import has got and returns false to cancel it ([`Error::Cancelled`], nothing written).
pub fn import(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ContactsImport> {
    let text = read_text(path)?;
    let format = ContactsFormat::of(path, &text);
    import_text(store, &text, format, options, now, progress)
}

/// Imports people from `text` in `format`.
pub fn import_text(
    store: &Store,
    text: &str,
    format: ContactsFormat,
    options: &ImportOptions,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ContactsImport> {
    let records = match format {
        ContactsFormat::Csv => columns::read(text, options.mapping.as_deref())?,
        ContactsFormat::Vcard => cards::read(text),
    };
    let mut report = ContactsImport::default();
    let mut staged = Vec::with_capacity(records.len());
    for record in records {
        match record.and_then(|r| stage(r, now.year())) {
            Ok(row) => staged.push(row),
            Err(problem) => {
                report.problems_total += 1;
                if report.problems.len() < ContactsImport::LISTED {
                    report.problems.push(problem);
                }
            }
        }
    }
    if report.problems_total > 0 && !options.skip_bad_rows {
        return Ok(report);
    }
    if staged.is_empty() && report.problems_total == 0 {
        return Err(Error::invalid("file", "the file holds no contacts"));
    }
    store.write(|tx| write(tx, staged, now, &mut report, progress))?;
    report.committed = true;
    Ok(report)
}

/// A checked row, ready to be written.
struct StagedRow {
    line: u64,
    person: PersonInput,
    organisation: Option<(String, String)>,
}

/// Checks a record as the people module will, naming the column at fault.
fn stage(record: ContactRecord, this_year: i32) -> Result<StagedRow, RowProblem> {
    let problem = |column: Option<&str>, reason: String| RowProblem {
        line: record.line,
        column: column.map(str::to_owned),
        reason,
    };
    if record.name.trim().is_empty() {
        return Err(problem(None, "the contact has no name".to_owned()));
    }
    let name = crate::fields::required_text("name", &record.name).map_err(|e| match e {
        Error::InvalidInput { reason, .. } => problem(None, format!("the name {reason}")),
        other => problem(None, other.to_string()),
    })?;
    let mut contacts: Vec<ContactPoint> = Vec::with_capacity(record.contacts.len());
    let mut seen = std::collections::HashSet::with_capacity(record.contacts.len());
    for (source, contact) in &record.contacts {
        let checked = check_contact(source, contact).map_err(|e| match e {
            Error::InvalidInput { field, reason } => problem(Some(&field), reason),
            other => problem(Some(source), other.to_string()),
        })?;
        if seen.insert((checked.kind, checked.network, checked.value.clone())) {
            contacts.push(checked);
        }
    }
    if let Some(year) = record.birth_year {
        if !(1900..=this_year).contains(&year) {
            return Err(problem(
                Some("birthday"),
                format!("{year} is not a plausible birth year"),
            ));
        }
    }
    let organisation = (!record.organisation.trim().is_empty()).then(|| {
        (
            record.organisation.trim().to_owned(),
            record.role.trim().to_owned(),
        )
    });
    Ok(StagedRow {
        line: record.line,
        person: PersonInput {
            name,
            birth_year: record.birth_year,
            notes: record.notes,
            contacts,
            tags: record.tags,
            ..PersonInput::default()
        },
        organisation,
    })
}

/// The key under which a contact point identifies a person.
fn identity(c: &ContactPoint) -> Option<(ContactKind, String)> {
    matches!(c.kind, ContactKind::Email | ContactKind::Handle).then(|| (c.kind, c.value.to_lowercase()))
}

fn write(
    tx: &Transaction,
    rows: Vec<StagedRow>,
    now: DateTime<Utc>,
    report: &mut ContactsImport,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<()> {
    let total = rows.len() as u32;
    // Each organisation named in the file, found or created once (lower-cased name → id).
    let mut organisations: HashMap<String, i64> = HashMap::new();
    // Everyone already known by an e-mail address or handle, in the library or earlier in the file.
    let mut known = known_identities(tx)?;
    let mut added = NewPeople::new(tx, Origin::Import, now)?;
    for (done, row) in rows.into_iter().enumerate() {
        if done % 500 == 0
            && !progress(ImportProgress {
                done: done as u32,
                total,
            })
        {
            return Err(Error::Cancelled);
        }
        let keys: Vec<_> = row.person.contacts.iter().filter_map(identity).collect();
        if let Some((person_id, name)) = keys.iter().find_map(|key| known.get(key)) {
            report.already_known_total += 1;
            if report.already_known.len() < ContactsImport::LISTED {
                report.already_known.push(KnownContact {
                    line: row.line,
                    person_id: *person_id,
                    name: name.clone(),
                });
            }
            continue;
        }
        let mut person = row.person;
        if let Some((name, role)) = row.organisation {
            let organisation_id = match organisations.entry(name.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(known) => *known.get(),
                std::collections::hash_map::Entry::Vacant(new) => {
                    *new.insert(organisation_named(tx, &name, now, report)?)
                }
            };
            person.affiliations.push(AffiliationInput {
                organisation_id,
                role,
                from: None,
                to: None,
            });
        }
        let id = added.add(&person)?;
        report.imported += 1;
        for key in keys {
            known.entry(key).or_insert_with(|| (id, person.name.clone()));
        }
    }
    added.finish()?;
    progress(ImportProgress { done: total, total });
    Ok(())
}

/// The people of the library by their e-mail addresses and handles (lower-cased, whatever the alphabet:
/// SQLite's own case folding knows only ASCII), read once so that each row is checked in memory.
fn known_identities(tx: &Transaction) -> Result<HashMap<(ContactKind, String), (i64, String)>> {
    let mut stmt = tx.prepare(
        "SELECT c.kind, c.network, c.value, p.id, p.name FROM contact_point c JOIN person p ON p.id = c.person_id
         WHERE c.kind IN ('email', 'handle') ORDER BY p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let network: Option<String> = r.get(1)?;
        let contact = ContactPoint {
            kind: r.get(0)?,
            network: network.as_deref().and_then(Network::from_code),
            value: r.get(2)?,
        };
        Ok((contact, r.get::<_, i64>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut known = HashMap::new();
    for row in rows {
        let (contact, id, name) = row?;
        if let Some(key) = identity(&contact) {
            known.entry(key).or_insert((id, name));
        }
    }
    Ok(known)
}

/// The organisation called `name` (whatever the case), created if there is none.
fn organisation_named(
    tx: &Transaction,
    name: &str,
    now: DateTime<Utc>,
    report: &mut ContactsImport,
) -> Result<i64> {
    let existing = tx
        .prepare_cached("SELECT id FROM organisation WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    report.organisations_created += 1;
    let input = OrganisationInput {
        name: name.to_owned(),
        ..OrganisationInput::default()
    };
    organisations::insert(tx, &input, now)
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactsExport {
    pub path: String,
    pub people: u32,
}

/// Writes everyone to `path`: vCard 4.0 for a `.vcf` file, else CSV with Agora's headers (which Agora
/// imports back).
pub fn export(store: &Store, path: &Path) -> Result<ContactsExport> {
    let format = ContactsFormat::of(path, "");
    let people = store.read(|conn| {
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM person ORDER BY name COLLATE NOCASE, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| people::read(conn, id))
            .collect::<Result<Vec<_>>>()
    })?;
    let text = match format {
        ContactsFormat::Vcard => people.iter().map(cards::vcard).collect(),
        ContactsFormat::Csv => columns::write(&people)?,
    };
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, text).map_err(Error::io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(Error::io(path))?;
    Ok(ContactsExport {
        path: path.display().to_string(),
        people: people.len() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Page;
    use crate::testing::{now, store};

    fn keep_going(_: ImportProgress) -> bool {
        true
    }

    fn import(store: &Store, text: &str, format: ContactsFormat, skip: bool) -> Result<ContactsImport> {
        let options = ImportOptions {
            mapping: None,
            skip_bad_rows: skip,
        };
        import_text(store, text, format, &options, now(), &mut keep_going)
    }

    fn everyone(store: &Store) -> Vec<String> {
        people::list(
            store,
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
    }

    const OUTLOOK: &str = "\u{feff}First Name;Middle Name;Last Name;Title;E-mail Address;E-mail Display Name;Mobile Phone;Business Fax;Company;Job Title;Categories;Notes;Birthday\n\
        Maria;;Rossi;Sig.ra;maria@scuola.example.it;Maria Rossi (maria@scuola.example.it);+39 333 1234567;051 000;Scuola Carducci;Insegnante;Scuole;Ama i gialli;0/0/00\n\
        Paolo;G.;Bianchi;;paolo@example.it;;;;scuola carducci;Dirigente;Scuole;Preside;12/3/1968\n";

    #[test]
    fn an_outlook_export_with_semicolons_and_a_bom_is_imported() {
        let (_dir, store) = store();
        let report = import(&store, OUTLOOK, ContactsFormat::Csv, false).unwrap();
        assert!(report.committed);
        assert_eq!(
            (report.imported, report.organisations_created),
            (2, 1),
            "one organisation whatever its case"
        );
        let people = everyone(&store);
        assert_eq!(people, ["Maria Rossi", "Paolo G. Bianchi"]);
        let paolo = people::get(
            &store,
            people::list(&store, Page { offset: 1, limit: 1 }).unwrap()[0].id,
        )
        .unwrap();
        assert_eq!(paolo.birth_year, Some(1968));
        assert_eq!(paolo.affiliations[0].role, "Dirigente");
        assert_eq!(paolo.origin, Origin::Import);
        assert_eq!(paolo.tags, ["Scuole"]);
    }

    #[test]
    fn a_bad_row_stops_the_import_unless_bad_rows_are_skipped() {
        let (_dir, store) = store();
        let text = "Name,E-mail 1 - Value,Phone 1 - Value\nAnna Verdi,anna@example.it,051 123456\n,nobody@example.it,\nLuca Neri,luca at example,\n";
        let report = import(&store, text, ContactsFormat::Csv, false).unwrap();
        assert!(!report.committed);
        assert_eq!(report.problems_total, 2);
        assert_eq!(
            report.problems[0],
            RowProblem {
                line: 3,
                column: None,
                reason: "the contact has no name".into()
            }
        );
        assert_eq!(report.problems[1].line, 4);
        assert_eq!(report.problems[1].column.as_deref(), Some("E-mail 1 - Value"));
        assert!(everyone(&store).is_empty(), "nothing half-imported");
        let report = import(&store, text, ContactsFormat::Csv, true).unwrap();
        assert!(report.committed);
        assert_eq!((report.imported, report.problems_total), (1, 2));
        assert_eq!(everyone(&store), ["Anna Verdi"]);
    }

    #[test]
    fn known_people_are_not_added_twice() {
        let (_dir, store) = store();
        let text = "Name,Email\nAnna Verdi,anna@example.it\nAnna V.,ANNA@example.it\n";
        let first = import(&store, text, ContactsFormat::Csv, false).unwrap();
        assert_eq!((first.imported, first.already_known_total), (1, 1));
        assert_eq!(first.already_known[0].line, 3);
        let again = import(&store, text, ContactsFormat::Csv, false).unwrap();
        assert_eq!((again.imported, again.already_known_total), (0, 2));
        assert_eq!(everyone(&store), ["Anna Verdi"]);
        let with_organisation = "Name,Email,Company\nAnna Verdi,anna@example.it,Circolo dei lettori\n";
        let known = import(&store, with_organisation, ContactsFormat::Csv, false).unwrap();
        assert_eq!(
            (known.already_known_total, known.organisations_created),
            (1, 0),
            "no organisation is made for a row that is not added"
        );
    }

    #[test]
    fn cancelling_writes_nothing() {
        let (_dir, store) = store();
        let mut text = String::from("Name\n");
        for i in 0..1200 {
            text.push_str(&format!("Persona {i}\n"));
        }
        let mut calls = Vec::new();
        let outcome = import_text(
            &store,
            &text,
            ContactsFormat::Csv,
            &ImportOptions::default(),
            now(),
            &mut |p| {
                calls.push(p.done);
                p.done < 1000
            },
        );
        assert!(matches!(outcome, Err(Error::Cancelled)));
        assert_eq!(calls, [0, 500, 1000]);
        assert!(everyone(&store).is_empty());
    }

    #[test]
    fn other_encodings_are_refused_with_the_line() {
        let error = decode(b"Name\nAnna\nNicol\xf2 Rossi\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "file: line 3 is not UTF-8 text; save the file as UTF-8 and import it again"
        );
        assert!(decode(&[0xFF, 0xFE, b'N', 0])
            .unwrap_err()
            .to_string()
            .contains("UTF-16"));
        assert_eq!(decode("\u{feff}Nome".as_bytes()).unwrap(), "Nome");
    }

    #[test]
    fn profile_addresses_become_handles() {
        assert_eq!(
            handle_from_profile(Network::Mastodon, "https://mastodon.uno/@maria"),
            "@maria@mastodon.uno"
        );
        assert_eq!(
            handle_from_profile(Network::Bluesky, "https://bsky.app/profile/maria.bsky.social"),
            "maria.bsky.social"
        );
        assert_eq!(
            handle_from_profile(Network::Instagram, "https://www.instagram.com/biblio_maria/"),
            "biblio_maria"
        );
        assert_eq!(
            handle_from_profile(Network::Mastodon, "@maria@mastodon.uno"),
            "@maria@mastodon.uno"
        );
    }

    #[test]
    fn an_export_imports_back_as_the_same_people() {
        let (dir, store) = store();
        import(&store, OUTLOOK, ContactsFormat::Csv, false).unwrap();
        for name in ["everyone.csv", "everyone.vcf"] {
            let path = dir.path().join(name);
            assert_eq!(export(&store, &path).unwrap().people, 2);
            let (_other_dir, other) = crate::testing::store();
            let report =
                super::import(&other, &path, &ImportOptions::default(), now(), &mut keep_going).unwrap();
            assert_eq!(report.imported, 2, "{name}: {report:?}");
            let before = people::get(&store, 2).unwrap();
            let after = people::get(&other, 2).unwrap();
            assert_eq!(
                (
                    &after.name,
                    &after.contacts,
                    &after.tags,
                    after.birth_year,
                    &after.affiliations[0].organisation
                ),
                (
                    &before.name,
                    &before.contacts,
                    &before.tags,
                    before.birth_year,
                    &before.affiliations[0].organisation
                ),
                "{name}"
            );
        }
    }
}
