//! `agora import contacts FILE` and `agora export contacts OUT`: address books in and out.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;

use super::{parse_network, Printer};
use crate::contacts::{self, ColumnField, ContactsImport, ImportOptions};
use crate::error::{Error, Result};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub(super) enum ImportCommand {
    /// Imports people from a CSV (Google Contacts, Outlook, or any table) or vCard 3.0/4.0 file, all or nothing.
    Contacts {
        file: PathBuf,
        /// Imports the good rows and leaves out the bad ones (by default a bad row stops the import).
        #[arg(long)]
        skip_bad_rows: bool,
        /// What a column holds, COLUMN=FIELD (name, given_name, middle_name, family_name, email, phone, website,
        /// handle:NETWORK, organisation, role, notes, tags, birthday, ignore); other columns are recognised from
        /// their headers.
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum ExportCommand {
    /// Writes everyone as vCard 4.0 (OUT ending in .vcf) or CSV.
    Contacts { out: PathBuf },
}

/// Parses a column's field as `--map` writes it.
fn parse_field(text: &str) -> Result<ColumnField> {
    use ColumnField::*;
    Ok(match text.trim().to_ascii_lowercase().as_str() {
        "ignore" => Ignore,
        "name" => Name,
        "given_name" => GivenName,
        "middle_name" => MiddleName,
        "family_name" => FamilyName,
        "email" => Email,
        "phone" => Phone,
        "website" => Website,
        "organisation" | "organization" => Organisation,
        "role" => Role,
        "notes" => Notes,
        "tags" => Tags,
        "birthday" => Birthday,
        other => match other.strip_prefix("handle:") {
            Some(network) => Handle(parse_network(network)?),
            None => return Err(Error::invalid("map", format!("unknown field {text:?}"))),
        },
    })
}

pub(super) fn import(
    store: &Store,
    command: ImportCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    let ImportCommand::Contacts {
        file,
        skip_bad_rows,
        map,
    } = command;
    let mapping = if map.is_empty() {
        None
    } else {
        let preview = contacts::preview(&file)?;
        let mut mapping = preview.mapping;
        for entry in &map {
            let (column, field) = entry
                .split_once('=')
                .ok_or_else(|| Error::invalid("map", format!("{entry:?}: write COLUMN=FIELD")))?;
            let index = preview
                .headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
                .ok_or_else(|| Error::invalid("map", format!("the file has no column {column:?}")))?;
            mapping[index] = parse_field(field)?;
        }
        Some(mapping)
    };
    let options = ImportOptions {
        mapping,
        skip_bad_rows,
    };
    let report = contacts::import(store, &file, &options, now, &mut |_| true)?;
    let committed = report.committed;
    let problems = report.problems_total;
    printer.print(&report, text_import)?;
    if committed {
        Ok(())
    } else {
        Err(Error::invalid(
            "file",
            format!(
                "{problems} {} cannot be imported, so nothing was; fix {}, or use --skip-bad-rows",
                if problems == 1 { "row" } else { "rows" },
                if problems == 1 { "it" } else { "them" },
            ),
        ))
    }
}

fn text_import(r: &ContactsImport) -> String {
    let mut text = String::new();
    for p in &r.problems {
        let column = p.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        text.push_str(&format!("line {}{column}: {}\n", p.line, p.reason));
    }
    if r.problems_total as usize > r.problems.len() {
        text.push_str(&format!(
            "… and {} more\n",
            r.problems_total as usize - r.problems.len()
        ));
    }
    if r.committed {
        text.push_str(&format!(
            "imported {} people ({} new organisations); {} already known, {} rows left out\n",
            r.imported, r.organisations_created, r.already_known_total, r.problems_total
        ));
    }
    text
}

pub(super) fn export(store: &Store, command: ExportCommand, printer: Printer) -> Result<()> {
    let ExportCommand::Contacts { out } = command;
    let written = contacts::export(store, &out)?;
    printer.print(&written, |w| format!("wrote {} people to {}\n", w.people, w.path))
}
