//! Contacts as vCards: what each property of a 3.0 or 4.0 card means for a person (`FN` or `N`, `EMAIL`,
//! `TEL`, `URL`, `ORG`, `TITLE`/`ROLE`, `NOTE`, `CATEGORIES`, `BDAY`, and social profiles as `IMPP`,
//! `X-SOCIALPROFILE` or RFC 9554 `SOCIALPROFILE`), and a person written as a vCard 4.0.

use super::{columns, ContactRecord, RowProblem};
use crate::io::vcard::{self, escape, fold, Card, Property};
use crate::people::{ContactKind, Person};
use crate::profile::Network;

/// Reads every card of `text` into a record, or a problem naming its line.
pub fn read(text: &str) -> Vec<Result<ContactRecord, RowProblem>> {
    vcard::parse(text)
        .into_iter()
        .map(|card| match card {
            Ok(card) => record(&card),
            Err(e) => Err(RowProblem {
                line: e.line,
                column: None,
                reason: e.reason,
            }),
        })
        .collect()
}

/// The network a social-profile property names, by its `TYPE`/`SERVICE-TYPE` or its address.
fn network_of(p: &Property) -> Option<Network> {
    let named = p
        .param("SERVICE-TYPE")
        .or_else(|| p.param("TYPE"))
        .unwrap_or_default();
    let value = p.text().to_lowercase();
    let hint = |word: &str| named.split(',').any(|t| t == word) || value.contains(&format!("{word}."));
    Some(match () {
        _ if hint("mastodon") || value.starts_with("mastodon:") => Network::Mastodon,
        _ if hint("bluesky") || hint("bsky") => Network::Bluesky,
        _ if hint("instagram") => Network::Instagram,
        _ if hint("facebook") => Network::Facebook,
        _ if hint("threads") => Network::Threads,
        _ if hint("linkedin") => Network::Linkedin,
        _ if hint("youtube") => Network::Youtube,
        _ if hint("tiktok") => Network::Tiktok,
        _ if hint("twitter") || hint("x") => Network::X,
        _ => return None,
    })
}

fn record(card: &Card) -> Result<ContactRecord, RowProblem> {
    let mut record = ContactRecord {
        line: card.line,
        ..ContactRecord::default()
    };
    let mut structured_name = String::new();
    let mut tags = Vec::new();
    for p in &card.properties {
        let name = p.name.as_str();
        match name {
            "FN" => record.name = p.text().trim().to_owned(),
            "N" => {
                // family; given; additional; prefixes; suffixes → "given additional family"
                let parts = p.parts(';');
                let at = |i: usize| parts.get(i).map(String::as_str).unwrap_or("").replace(',', " ");
                structured_name = [at(1), at(2), at(0)]
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            "EMAIL" => record.add_contact(name, ContactKind::Email, None, &p.text()),
            "TEL" => {
                let text = p.text();
                record.add_contact(
                    name,
                    ContactKind::Phone,
                    None,
                    text.strip_prefix("tel:").unwrap_or(&text),
                )
            }
            "URL" => record.add_contact(name, ContactKind::Website, None, &p.text()),
            "IMPP" | "X-SOCIALPROFILE" | "SOCIALPROFILE" => match network_of(p) {
                Some(network) => {
                    let text = p.text();
                    let value = text.strip_prefix("mastodon:").unwrap_or(&text);
                    record.add_contact(name, ContactKind::Handle, Some(network), value)
                }
                None if name != "IMPP" => record.add_contact(name, ContactKind::Website, None, &p.text()),
                None => {}
            },
            "ORG" if record.organisation.is_empty() => {
                record.organisation = p.parts(';').into_iter().next().unwrap_or_default()
            }
            "TITLE" | "ROLE" if record.role.is_empty() => record.role = p.text(),
            "NOTE" => {
                if !record.notes.is_empty() {
                    record.notes.push('\n');
                }
                record.notes.push_str(p.text().trim());
            }
            "CATEGORIES" => tags.extend(
                p.parts(',')
                    .into_iter()
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty()),
            ),
            "BDAY" => {
                record.birth_year =
                    columns::birth_year(&p.text()).map_err(|e| RowProblem::at(card.line, "BDAY", e))?
            }
            _ => {}
        }
    }
    if record.name.is_empty() {
        record.name = structured_name;
    }
    record.tags = tags;
    Ok(record)
}

/// A person as a vCard 4.0 (RFC 6350; social profiles as RFC 9554 `SOCIALPROFILE`).
pub fn vcard(person: &Person) -> String {
    let mut lines = vec![
        "BEGIN:VCARD".to_owned(),
        "VERSION:4.0".to_owned(),
        format!("FN:{}", escape(&person.name)),
    ];
    for c in &person.contacts {
        lines.push(match (c.kind, c.network) {
            (ContactKind::Email, _) => format!("EMAIL:{}", escape(&c.value)),
            (ContactKind::Phone, _) => format!("TEL;VALUE=text:{}", escape(&c.value)),
            (ContactKind::Website, _) => format!("URL:{}", c.value),
            (ContactKind::Handle, network) => format!(
                "SOCIALPROFILE;SERVICE-TYPE={};VALUE=text:{}",
                network.map_or("other", |n| n.code()),
                escape(&c.value)
            ),
        });
    }
    if let Some(year) = person.birth_year {
        lines.push(format!("BDAY:{year:04}"));
    }
    for a in &person.affiliations {
        lines.push(format!("ORG:{}", escape(&a.organisation)));
        if !a.role.is_empty() {
            lines.push(format!("ROLE:{}", escape(&a.role)));
        }
    }
    if !person.tags.is_empty() {
        let tags: Vec<String> = person.tags.iter().map(|t| escape(t)).collect();
        lines.push(format!("CATEGORIES:{}", tags.join(",")));
    }
    if !person.notes.is_empty() {
        lines.push(format!("NOTE:{}", escape(&person.notes)));
    }
    lines.push("END:VCARD".to_owned());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPLE_3: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Rossi;Maria;Luisa;;\r\nFN:Maria Rossi\r\nORG:Scuola Carducci;Plesso Nord\r\n\
        TITLE:Insegnante\r\nitem1.EMAIL;type=INTERNET;type=pref:maria@scuola.example.it\r\nTEL;type=CELL:+39 333 1234567\r\n\
        X-SOCIALPROFILE;type=mastodon:https://mastodon.uno/@mrossi\r\nCATEGORIES:Scuole,Nati per Leggere\r\nBDAY:1979-04-02\r\n\
        NOTE:Ama i gialli\\, soprattutto Camilleri\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg==\r\nEND:VCARD\r\n";

    #[test]
    fn a_vcard_3_from_a_phone_or_mac_is_read() {
        let maria = read(APPLE_3).remove(0).unwrap();
        assert_eq!(maria.name, "Maria Rossi");
        assert_eq!(
            (maria.organisation.as_str(), maria.role.as_str()),
            ("Scuola Carducci", "Insegnante")
        );
        let values: Vec<&str> = maria.contacts.iter().map(|(_, c)| c.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "maria@scuola.example.it",
                "+39 333 1234567",
                "@mrossi@mastodon.uno"
            ]
        );
        assert_eq!(maria.contacts[2].1.network, Some(Network::Mastodon));
        assert_eq!(maria.tags, ["Scuole", "Nati per Leggere"]);
        assert_eq!(maria.birth_year, Some(1979));
        assert_eq!(maria.notes, "Ama i gialli, soprattutto Camilleri");
    }

    #[test]
    fn a_vcard_4_without_fn_takes_its_name_from_n() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nN:Bianchi;Paolo;;;\nTEL;VALUE=uri:tel:+39-051-123456\n\
                    SOCIALPROFILE;SERVICE-TYPE=bluesky:https://bsky.app/profile/paolo.bsky.social\nBDAY:--0412\nEND:VCARD\n";
        let paolo = read(text).remove(0).unwrap();
        assert_eq!(paolo.name, "Paolo Bianchi");
        assert_eq!(paolo.contacts[0].1.value, "+39-051-123456");
        assert_eq!(paolo.contacts[1].1.value, "paolo.bsky.social");
        assert_eq!(paolo.birth_year, None);
    }

    #[test]
    fn a_bad_birthday_names_the_card_and_property() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Anna\nBDAY:domani\nEND:VCARD\n";
        let problem = read(text).remove(0).unwrap_err();
        assert_eq!((problem.line, problem.column.as_deref()), (1, Some("BDAY")));
    }
}
