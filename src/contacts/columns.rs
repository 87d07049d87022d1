//! Contacts as a table (CSV, comma- or semicolon-separated): recognising what each column holds from its
//! header (Google Contacts, Outlook in English or Italian, Agora's own export, common names), reading rows
//! into records with a mapping, and writing everyone back with Agora's headers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ContactRecord, ContactsFormat, ContactsPreview, RowProblem};
use crate::error::{Error, Result};
use crate::people::{ContactKind, Person};
use crate::profile::Network;

/// What a column of a contacts table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "network", rename_all = "snake_case")]
pub enum ColumnField {
    Ignore,
    /// The whole name.
    Name,
    GivenName,
    MiddleName,
    FamilyName,
    Email,
    Phone,
    Website,
    /// A handle (or profile address) on a network.
    Handle(Network),
    Organisation,
    /// The person's role in the organisation.
    Role,
    Notes,
    /// Tags, labels or categories, several to a cell.
    Tags,
    /// A birthday or birth year (only the year is kept).
    Birthday,
}

/// Separators between several values in one cell: Google's ` ::: ` and the usual semicolon.
fn values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(" ::: ")
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// What the column headed `header` holds, when recognised.
pub fn recognise(header: &str) -> ColumnField {
    use ColumnField::*;
    let h = header
        .trim()
        .trim_matches('"')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let h = h.as_str();
    if let Some(network) = network_named(h) {
        return Handle(network);
    }
    // Google: "E-mail 1 - Value", "Phone 2 - Value", "Organization 1 - Title"; their "- Label"/"- Type" are not data.
    if let Some((what, part)) = h.split_once(" - ") {
        let what = what.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
        return match (what, part) {
            ("e-mail" | "email", "value") => Email,
            ("phone", "value") => Phone,
            ("website", "value") => Website,
            ("organization" | "organisation", "name") => Organisation,
            ("organization" | "organisation", "title") => Role,
            _ => Ignore,
        };
    }
    match h {
        "name" | "full name" | "display name" | "nome completo" | "nome e cognome" | "nome visualizzato" => {
            Name
        }
        "first name" | "given name" | "nome" => GivenName,
        "middle name" | "additional name" | "secondo nome" | "altro nome" => MiddleName,
        "last name" | "family name" | "surname" | "cognome" => FamilyName,
        "organization name" | "organisation" | "organization" | "company" | "società" | "azienda"
        | "ente" | "organizzazione" => Organisation,
        "organization title" | "job title" | "role" | "ruolo" | "posizione" | "qualifica" => Role,
        "notes" | "note" => Notes,
        "labels" | "group membership" | "categories" | "tags" | "categorie" | "etichette" => Tags,
        "birthday" | "birth year" | "compleanno" | "data di nascita" | "anno di nascita" => Birthday,
        "web page" | "website" | "url" | "sito web" | "pagina web" | "sito" => Website,
        _ if h.contains("fax") || h.contains("display name") || h.contains("type") => Ignore,
        _ if h == "email"
            || h == "e-mail"
            || ((h.starts_with("e-mail") || h.starts_with("email")) && h.ends_with("address"))
            || h.contains("posta elettronica")
            || h.starts_with("indirizzo e-mail") =>
        {
            Email
        }
        _ if h.ends_with("phone")
            || h.contains("phone ")
            || h.starts_with("telefono")
            || h.starts_with("cellulare") =>
        {
            Phone
        }
        _ => Ignore,
    }
}

fn network_named(h: &str) -> Option<Network> {
    Some(match h {
        "mastodon" => Network::Mastodon,
        "bluesky" => Network::Bluesky,
        "instagram" => Network::Instagram,
        "facebook" => Network::Facebook,
        "threads" => Network::Threads,
        "linkedin" => Network::Linkedin,
        "youtube" => Network::Youtube,
        "tiktok" => Network::Tiktok,
        "x" | "twitter" | "x (twitter)" => Network::X,
        _ => return None,
    })
}

/// The headers Agora writes, in order; the handle columns follow the network list.
const AGORA_HEADERS: [&str; 9] = [
    "Name",
    "Email",
    "Phone",
    "Website",
    "Organisation",
    "Role",
    "Tags",
    "Notes",
    "Birthday",
];

/// Which program the headers come from, when that is clear.
fn source(headers: &[String]) -> Option<String> {
    let has = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    let source = if has("E-mail 1 - Value") {
        "google"
    } else if has("E-mail Address") || has("E-mail Display Name") || has("Indirizzo posta elettronica") {
        "outlook"
    } else if AGORA_HEADERS.iter().all(|h| has(h)) {
        "agora"
    } else {
        return None;
    };
    Some(source.to_owned())
}

/// The delimiter of a table: whichever of comma, semicolon or tab its first line uses most, outside quotes.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
                entry.1 += 1;
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

/// The line of a quoted field that is never closed, if there is one: read on, the rest of the file would be
/// that one field, and the rows in it would be lost without a word.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let (mut line, mut opened_on) = (1, None);
    let (mut field_start, mut bytes) = (true, text.bytes().peekable());
    while let Some(b) = bytes.next() {
        match (opened_on, b) {
            (Some(_), b'"') if bytes.peek() == Some(&b'"') => {
                bytes.next();
            }
            (Some(_), b'"') => opened_on = None,
            (None, b'"') if field_start => opened_on = Some(line),
            _ => {}
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = opened_on.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
    }
    opened_on
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn headers(reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>> {
    let headers = reader
        .headers()
        .map_err(|e| Error::invalid("file", format!("line 1 cannot be read as a table header: {e}")))?;
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::invalid(
            "file",
            "the file is empty or its first line has no column names",
        ));
    }
    Ok(headers.iter().map(str::to_owned).collect())
}

fn names_someone(mapping: &[ColumnField]) -> bool {
    mapping.iter().any(|f| {
        matches!(
            f,
            ColumnField::Name | ColumnField::GivenName | ColumnField::FamilyName
        )
    })
}

/// Refuses a file with a quoted field that is never closed, naming its line.
fn refuse_unclosed_quote(text: &str) -> Result<()> {
    match unclosed_quote(text, delimiter(text)) {
        Some(line) => Err(Error::invalid(
            "file",
            format!("line {line}: a quoted field is never closed (a '\"' is missing), so the rest of the file cannot be read as rows"),
        )),
        None => Ok(()),
    }
}

/// The table's columns, how they were recognised and its first rows. A file the import would refuse as a
/// whole is refused here too, with the same message.
pub fn preview(text: &str) -> Result<ContactsPreview> {
    refuse_unclosed_quote(text)?;
    let mut reader = reader(text);
    let headers = headers(&mut reader)?;
    let mapping: Vec<ColumnField> = headers.iter().map(|h| recognise(h)).collect();
    let mut sample = Vec::new();
    let mut records = 0;
    for row in reader.records() {
        records += 1;
        if let (Ok(row), true) = (row, sample.len() < 5) {
            sample.push(row.iter().map(str::to_owned).collect());
        }
    }
    Ok(ContactsPreview {
        format: ContactsFormat::Csv,
        source: source(&headers),
        needs_mapping: !names_someone(&mapping),
        headers,
        mapping,
        sample,
        records,
    })
}

/// Reads every row into a record, with `mapping` or the recognised one. A mapping that cannot name anyone
/// or does not match the columns refuses the whole file; a bad row is a problem of its own.
pub fn read(text: &str, mapping: Option<&[ColumnField]>) -> Result<Vec<Result<ContactRecord, RowProblem>>> {
    refuse_unclosed_quote(text)?;
    let mut reader = reader(text);
    let headers = headers(&mut reader)?;
    let mapping: Vec<ColumnField> = match mapping {
        Some(m) if m.len() != headers.len() => {
            return Err(Error::invalid(
                "mapping",
                format!(
                    "the mapping has {} columns but the file has {}",
                    m.len(),
                    headers.len()
                ),
            ))
        }
        Some(m) => m.to_vec(),
        None => headers.iter().map(|h| recognise(h)).collect(),
    };
    if !names_someone(&mapping) {
        return Err(Error::invalid(
            "mapping",
            "no column holds a name: say which column holds the name (or the first and last names)",
        ));
    }
    let bytes = text.as_bytes();
    let newlines: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .collect();
    // The line a row starts on, whatever the line endings (after CRLF a row's position may be its `\n`).
    let line = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let rest = text.get(p.byte() as usize..).unwrap_or("");
            let start = p.byte() as usize + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
            newlines.partition_point(|n| *n < start) as u64 + 1
        })
    };
    let mut out = Vec::new();
    for row in reader.records() {
        out.push(match row {
            Err(e) => Err(RowProblem {
                line: line(e.position()),
                column: None,
                reason: format!("the row cannot be read: {e}"),
            }),
            Ok(row) => record(line(row.position()), &headers, &mapping, &row),
        });
    }
    Ok(out)
}

fn record(
    line: u64,
    headers: &[String],
    mapping: &[ColumnField],
    row: &csv::StringRecord,
) -> Result<ContactRecord, RowProblem> {
    if row.len() != headers.len() {
        return Err(RowProblem {
            line,
            column: None,
            reason: format!(
                "the row has {} fields but the header has {} columns",
                row.len(),
                headers.len()
            ),
        });
    }
    let mut record = ContactRecord {
        line,
        ..ContactRecord::default()
    };
    let (mut given, mut middle, mut family) = (Vec::new(), Vec::new(), Vec::new());
    for ((field, header), cell) in mapping.iter().zip(headers).zip(row.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let mut contact = |kind, network| {
            for value in values(cell) {
                record.add_contact(header, kind, network, value);
            }
        };
        match *field {
            ColumnField::Ignore => {}
            ColumnField::Name => record.name = cell.to_owned(),
            ColumnField::GivenName => given.push(cell),
            ColumnField::MiddleName => middle.push(cell),
            ColumnField::FamilyName => family.push(cell),
            ColumnField::Email => contact(ContactKind::Email, None),
            ColumnField::Phone => contact(ContactKind::Phone, None),
            ColumnField::Website => contact(ContactKind::Website, None),
            ColumnField::Handle(network) => contact(ContactKind::Handle, Some(network)),
            ColumnField::Organisation => record.organisation = cell.to_owned(),
            ColumnField::Role => record.role = cell.to_owned(),
            ColumnField::Notes => record.notes = cell.to_owned(),
            ColumnField::Tags => record.tags.extend(tags(cell)),
            ColumnField::Birthday => {
                record.birth_year = birth_year(cell).map_err(|e| RowProblem::at(line, header, e))?
            }
        }
    }
    if record.name.is_empty() {
        record.name = [given, middle, family].concat().join(" ");
    }
    Ok(record)
}

/// Tags of a cell: Google's labels (without its `* myContacts` and `* starred` system groups), Outlook's
/// categories, or a comma-separated list.
fn tags(cell: &str) -> impl Iterator<Item = String> + '_ {
    values(cell)
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("* ").trim())
        .filter(|t| {
            !t.is_empty() && !t.eq_ignore_ascii_case("mycontacts") && !t.eq_ignore_ascii_case("starred")
        })
        .map(str::to_owned)
}

/// The year of a birthday written `1968`, `1968-03-12`, `12/3/1968`, `12.03.1968` or `--03-12` (no year);
/// Outlook's empty `0/0/00` has none.
pub(crate) fn birth_year(cell: &str) -> Result<Option<i32>> {
    let cell = cell.trim();
    let not_a_date = || {
        Error::invalid(
            "birthday",
            format!("{cell:?} is not a date (write it as 1968-03-12 or 12/03/1968)"),
        )
    };
    if cell.starts_with("--") || cell == "0/0/00" || cell == "0/0/0000" {
        return Ok(None);
    }
    let numbers: Vec<&str> = cell
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    // A number, or a day followed by a time (`12T00:00:00`).
    let number = |part: &str| -> Option<u32> {
        let digits = part.len() - part.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &part[digits..];
        (digits > 0 && (rest.is_empty() || rest.starts_with('T'))).then(|| part[..digits].parse().ok())?
    };
    let day = |y: u32, m: &str, d: &str| {
        let (m, d) = (number(m)?, number(d)?);
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d).map(|_| y)
    };
    let year = match numbers.as_slice() {
        [y] if y.len() == 4 => number(y),
        [y, m, d] if y.len() == 4 => number(y).and_then(|y| day(y, m, d)),
        // Day first (12/3/1968) or, from an English Outlook, month first (3/12/1968).
        [a, b, y] if y.len() == 4 => number(y).and_then(|y| day(y, b, a).or_else(|| day(y, a, b))),
        [y] if y.len() == 8 && y.bytes().all(|b| b.is_ascii_digit()) => {
            number(&y[..4]).and_then(|year| day(year, &y[4..6], &y[6..]))
        }
        _ => None,
    };
    year.map(|y| Some(y as i32)).ok_or_else(not_a_date)
}

/// Everyone as a table with Agora's headers, one column per network for handles.
pub(crate) fn write(people: &[Person]) -> Result<String> {
    let mut header: Vec<&str> = AGORA_HEADERS.to_vec();
    let networks: Vec<Network> = Network::ALL.to_vec();
    let names: Vec<String> = networks.iter().map(|n| n.code().to_owned()).collect();
    header.extend(names.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            let joined = |kind: ContactKind, network: Option<Network>| {
                p.contacts
                    .iter()
                    .filter(|c| c.kind == kind && c.network == network)
                    .map(|c| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let first = p.affiliations.first();
            let mut row = vec![
                p.name.clone(),
                joined(ContactKind::Email, None),
                joined(ContactKind::Phone, None),
                joined(ContactKind::Website, None),
                first.map(|a| a.organisation.clone()).unwrap_or_default(),
                first.map(|a| a.role.clone()).unwrap_or_default(),
                p.tags.join("; "),
                p.notes.clone(),
                p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            ];
            row.extend(networks.iter().map(|n| joined(ContactKind::Handle, Some(*n))));
            row
        })
        .collect();
    crate::io::csv_table::write(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnField::*;

    #[test]
    fn google_outlook_and_italian_headers_are_recognised() {
        let google = [
            "First Name",
            "Last Name",
            "E-mail 1 - Label",
            "E-mail 1 - Value",
            "Phone 2 - Value",
            "Organization Name",
            "Organization Title",
            "Labels",
            "Website 1 - Value",
        ];
        assert_eq!(
            google.map(recognise),
            [
                GivenName,
                FamilyName,
                Ignore,
                Email,
                Phone,
                Organisation,
                Role,
                Tags,
                Website
            ]
        );
        let outlook = [
            "Title",
            "E-mail Address",
            "E-mail 2 Address",
            "E-mail Display Name",
            "Mobile Phone",
            "Business Fax",
            "Company",
            "Job Title",
            "Web Page",
        ];
        assert_eq!(
            outlook.map(recognise),
            [
                Ignore,
                Email,
                Email,
                Ignore,
                Phone,
                Ignore,
                Organisation,
                Role,
                Website
            ]
        );
        let italian = [
            "Nome",
            "Cognome",
            "Indirizzo posta elettronica",
            "Cellulare",
            "Telefono ufficio",
            "Società",
            "Categorie",
            "Mastodon",
        ];
        assert_eq!(
            italian.map(recognise),
            [
                GivenName,
                FamilyName,
                Email,
                Phone,
                Phone,
                Organisation,
                Tags,
                Handle(Network::Mastodon)
            ]
        );
    }

    #[test]
    fn the_delimiter_is_whatever_the_header_uses() {
        assert_eq!(delimiter("Nome;Cognome;\"Note, varie\"\n"), b';');
        assert_eq!(delimiter("Name,Email\n"), b',');
        assert_eq!(delimiter("Name\n"), b',');
    }

    #[test]
    fn a_table_without_a_name_column_needs_a_mapping() {
        let text = "Chi,Posta\nAnna,anna@example.it\n";
        let preview = preview(text).unwrap();
        assert!(preview.needs_mapping);
        assert_eq!(preview.sample, [["Anna", "anna@example.it"]]);
        assert!(read(text, None).is_err());
        assert!(
            read(text, Some(&[Name])).is_err(),
            "the mapping must cover every column"
        );
        let records = read(text, Some(&[Name, Email])).unwrap();
        let anna = records[0].as_ref().unwrap();
        assert_eq!(
            (anna.name.as_str(), anna.contacts[0].1.value.as_str()),
            ("Anna", "anna@example.it")
        );
    }

    #[test]
    fn rows_with_the_wrong_number_of_fields_or_a_bad_birthday_are_problems() {
        let text = "Name,Birthday\nAnna,1980\nLuca\nMarco,ieri\n";
        let records = read(text, None).unwrap();
        assert_eq!(records[0].as_ref().unwrap().birth_year, Some(1980));
        let problem = records[1].clone().unwrap_err();
        assert_eq!(
            (problem.line, problem.reason.as_str()),
            (3, "the row has 1 fields but the header has 2 columns")
        );
        let problem = records[2].clone().unwrap_err();
        assert_eq!((problem.line, problem.column.as_deref()), (4, Some("Birthday")));
    }

    #[test]
    fn lines_are_counted_whatever_the_line_endings() {
        for text in [
            "Name,Email\nA,a@x.it\nB,bad\n",
            "Name,Email\r\nA,a@x.it\r\nB,bad\r\n",
            "Name,Email\rA,a@x.it\rB,bad\r",
        ] {
            let records = read(text, None).unwrap();
            assert_eq!(records[1].as_ref().unwrap().line, 3, "{text:?}");
        }
    }

    #[test]
    fn birthdays_give_their_year() {
        assert_eq!(birth_year("1968-03-12").unwrap(), Some(1968));
        assert_eq!(birth_year("12/3/1968").unwrap(), Some(1968));
        assert_eq!(birth_year("19680312").unwrap(), Some(1968));
        assert_eq!(birth_year("--03-12").unwrap(), None);
        assert_eq!(birth_year("0/0/00").unwrap(), None);
        assert!(birth_year("12/3/68").is_err());
        assert_eq!(birth_year("3/31/1968").unwrap(), Some(1968), "month first");
        assert_eq!(birth_year("1968-03-12T00:00:00Z").unwrap(), Some(1968));
        for impossible in ["1979-13-45", "30/02/1979", "19790230", "1979-00-10"] {
            assert!(birth_year(impossible).is_err(), "{impossible}");
        }
    }

    #[test]
    fn google_labels_and_several_values_in_a_cell() {
        assert_eq!(
            tags("* myContacts ::: Scuole ::: * starred").collect::<Vec<_>>(),
            ["Scuole"]
        );
        assert_eq!(
            values("a@x.it ::: b@x.it;c@x.it").collect::<Vec<_>>(),
            ["a@x.it", "b@x.it", "c@x.it"]
        );
    }
}
