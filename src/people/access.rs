//! The right of access (GDPR art. 15): everything Agora holds about one person, written as a folder a
//! person can be given — `person.json` (the record, organisations, consents, posts they appear in and
//! every interaction), `person.vcf` (vCard 4.0) and `interactions.csv`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::consent::{self, ConsentRecord};
use super::interactions::{self, Interaction, TimelineFilter};
use super::{Page, Party, Person};
use crate::error::{Error, Result};
use crate::store::Store;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccessExport {
    pub folder: String,
    pub files: Vec<String>,
    pub interactions: u32,
}

#[derive(Serialize)]
struct Everything<'a> {
    person: &'a Person,
    consents: &'a [ConsentRecord],
    posts: Vec<PostAppearance>,
    interactions: &'a [Interaction],
}

#[derive(Serialize)]
struct PostAppearance {
    post_id: i64,
    role: String,
    text: String,
}

/// Writes everything about person `id` into the folder `out` (created; must not hold an earlier export).
pub fn export_person(store: &Store, id: i64, out: &Path) -> Result<AccessExport> {
    let person = super::get(store, id)?;
    let consents = consent::list(store, id)?;
    let mut all = Vec::new();
    loop {
        let page = Page {
            offset: all.len() as u32,
            limit: Page::MAX,
        };
        let batch = interactions::timeline(store, Party::Person(id), TimelineFilter::default(), page)?;
        let done = batch.len() < Page::MAX as usize;
        all.extend(batch);
        if done {
            break;
        }
    }
    let posts = store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT x.post_id, x.role, p.draft FROM post_party x JOIN post p ON p.id = x.post_id
             WHERE x.person_id = ?1 ORDER BY x.post_id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(PostAppearance {
                post_id: r.get(0)?,
                role: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    std::fs::create_dir_all(out).map_err(Error::io(out))?;
    let file = |name: &str| -> Result<PathBuf> {
        let path = out.join(name);
        if path.exists() {
            return Err(Error::invalid(
                "out",
                format!("{} already exists", path.display()),
            ));
        }
        Ok(path)
    };
    let (json, vcf, csv) = (
        file("person.json")?,
        file("person.vcf")?,
        file("interactions.csv")?,
    );
    let everything = Everything {
        person: &person,
        consents: &consents,
        posts,
        interactions: &all,
    };
    let text = serde_json::to_string_pretty(&everything).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(&json, text).map_err(Error::io(&json))?;
    std::fs::write(&vcf, crate::contacts::cards::vcard(&person)).map_err(Error::io(&vcf))?;
    write_interactions(&csv, &all)?;
    Ok(AccessExport {
        folder: out.display().to_string(),
        files: vec![
            "person.json".into(),
            "person.vcf".into(),
            "interactions.csv".into(),
        ],
        interactions: all.len() as u32,
    })
}

fn write_interactions(path: &Path, all: &[Interaction]) -> Result<()> {
    let mut writer = csv::Writer::from_path(path).map_err(|e| Error::invalid("out", e.to_string()))?;
    let io = |e: csv::Error| Error::invalid("out", e.to_string());
    writer
        .write_record([
            "occurred_at",
            "channel",
            "direction",
            "summary",
            "awaiting_reply",
            "with",
        ])
        .map_err(io)?;
    for i in all {
        let with: Vec<&str> = i.participants.iter().map(|p| p.name.as_str()).collect();
        writer
            .write_record([
                i.occurred_local.format("%Y-%m-%d %H:%M").to_string(),
                i.channel.code().to_owned(),
                i.direction.code().to_owned(),
                i.summary.clone(),
                i.awaiting_reply.to_string(),
                with.join("; "),
            ])
            .map_err(io)?;
    }
    writer.flush().map_err(Error::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::interactions::tests::comment;
    use crate::people::tests::{school, teacher};
    use crate::testing::{now, store};

    #[test]
    fn the_export_holds_the_record_the_vcard_and_every_interaction() {
        let (dir, store) = store();
        let school = school(&store);
        let mut input = teacher(school);
        input.notes = "Ama i gialli; preferisce, se possibile, la mattina".into();
        let maria = crate::people::add(&store, &input, now()).unwrap().id;
        for day in 1..=3 {
            let at = format!("2026-11-0{day}T10:00");
            interactions::log(
                &store,
                &comment(Party::Person(maria), &format!("Messaggio {day}"), &at),
                now(),
            )
            .unwrap();
        }
        let out = dir.path().join("accesso-maria");
        let export = export_person(&store, maria, &out).unwrap();
        assert_eq!(export.interactions, 3);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("person.json")).unwrap()).unwrap();
        assert_eq!(json["person"]["name"], "Maria Rossi");
        assert_eq!(json["interactions"].as_array().unwrap().len(), 3);
        let card = std::fs::read_to_string(out.join("person.vcf")).unwrap();
        assert!(
            card.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria Rossi\r\n"),
            "{card}"
        );
        assert!(card.contains("EMAIL:maria.rossi@scuola.example.it\r\n"));
        assert!(card.contains("SOCIALPROFILE;SERVICE-TYPE=mastodon;VALUE=text:@mrossi@mastodon.uno\r\n"));
        assert!(card.contains("NOTE:Ama i gialli\\; preferisce\\, se possibile\\, la mattina\r\n"));
        assert!(card.lines().all(|l| l.len() <= 75), "folded");
        let csv = std::fs::read_to_string(out.join("interactions.csv")).unwrap();
        assert_eq!(csv.lines().count(), 4);
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-11-03 10:00,social_comment,inbound,Messaggio 3"));
        assert!(
            export_person(&store, maria, &out).is_err(),
            "an earlier export is never overwritten"
        );
    }
}
