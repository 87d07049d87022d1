//! Desktop reminders: which contacts have become overdue (past the maximum interval of their cadence) since
//! the officer was last told, and the words of the notification in the interface language. Each contact is
//! announced once per overdue spell: the notice is forgotten when they are no longer overdue (someone got in
//! touch, or they were snoozed), so a later spell is announced again.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::review::{self, DueContact};
use crate::error::Result;
use crate::language::Language;
use crate::store::Store;

/// How many names a notification lists before "and N more".
const NAMES_SHOWN: usize = 3;

/// A desktop notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub title: String,
    pub body: String,
}

/// The contacts that have become overdue since the last call, longest silence first, handed to `announce`
/// (when there are any); once it succeeds they count as announced. If it fails, nothing is recorded and
/// they are offered again next time.
pub fn newly_overdue(
    store: &Store,
    now: DateTime<Utc>,
    announce: impl FnOnce(&[DueContact]) -> Result<()>,
) -> Result<Vec<DueContact>> {
    let tz = store.read(crate::profile::zone)?;
    let today = crate::local_time::to_local(tz, now).date();
    store.write(|tx| {
        let (overdue, _) = review::due_contacts(tx, now, today)?;
        let current: HashSet<(Option<i64>, Option<i64>)> =
            overdue.iter().map(|c| c.party.columns()).collect();
        let announced: Vec<(Option<i64>, Option<i64>)> = tx
            .prepare("SELECT person_id, organisation_id FROM overdue_notice")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for gone in announced.iter().filter(|key| !current.contains(key)) {
            tx.execute(
                "DELETE FROM overdue_notice WHERE person_id IS ?1 AND organisation_id IS ?2",
                rusqlite::params![gone.0, gone.1],
            )?;
        }
        let announced: HashSet<_> = announced.into_iter().collect();
        let fresh: Vec<DueContact> = overdue
            .into_iter()
            .filter(|c| !announced.contains(&c.party.columns()))
            .collect();
        for contact in &fresh {
            let (person, organisation) = contact.party.columns();
            tx.execute(
                "INSERT INTO overdue_notice (person_id, organisation_id, notified_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![person, organisation, now],
            )?;
        }
        if !fresh.is_empty() {
            announce(&fresh)?;
        }
        Ok(fresh)
    })
}

/// The notification for `contacts` newly overdue, or `None` when there are none.
pub fn reminder(contacts: &[DueContact], language: Language) -> Option<Reminder> {
    let first = contacts.first()?;
    let names: Vec<&str> = contacts
        .iter()
        .take(NAMES_SHOWN)
        .map(|c| c.name.as_str())
        .collect();
    let more = contacts.len().saturating_sub(NAMES_SHOWN);
    let (title, list) = match (language, contacts.len()) {
        (Language::En, 1) => (
            format!("{} is overdue for a call", first.name),
            format!("No contact for {} days.", first.days_since),
        ),
        (Language::It, 1) => (
            format!("È ora di sentire {}", first.name),
            format!("Nessun contatto da {} giorni.", first.days_since),
        ),
        (Language::En, n) => (
            format!("{n} contacts are overdue for a call"),
            match more {
                0 => format!("{}.", names.join(", ")),
                more => format!("{} and {more} more.", names.join(", ")),
            },
        ),
        (Language::It, n) => (
            format!("{n} contatti da risentire"),
            match more {
                0 => format!("{}.", names.join(", ")),
                more => format!("{} e altri {more}.", names.join(", ")),
            },
        ),
    };
    let hint = match language {
        Language::En => "See Today in Agora.",
        Language::It => "Vedete Oggi in Agora.",
    };
    Some(Reminder {
        title,
        body: format!("{list} {hint}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::people::organisations::{self, OrganisationInput};
    use crate::people::{snooze, Cadence, Party};
    use crate::testing::{now, store};

    fn partner(store: &Store, name: &str, max_days: u32) -> i64 {
        let input = OrganisationInput {
            name: name.into(),
            cadence: Cadence {
                ideal_days: None,
                max_days: Some(max_days),
            },
            ..OrganisationInput::default()
        };
        let added = now() - chrono::TimeDelta::days(30);
        organisations::add(store, &input, added).unwrap().id
    }

    #[test]
    fn each_contact_is_announced_once_per_overdue_spell() {
        let (_dir, store) = store();
        let school = partner(&store, "Scuola Carducci", 20);
        partner(&store, "Libreria Ulisse", 60);
        let check = |at| {
            let found = newly_overdue(&store, at, |_| Ok(())).unwrap();
            found.into_iter().map(|c| c.name).collect::<Vec<_>>()
        };

        let refused = newly_overdue(&store, now(), |_| {
            Err(Error::Internal("no notification service".into()))
        });
        assert!(refused.is_err());
        assert_eq!(check(now()), ["Scuola Carducci"], "offered again after a failure");
        assert!(check(now()).is_empty(), "told once");

        let later = now() + chrono::TimeDelta::days(40);
        assert_eq!(check(later), ["Libreria Ulisse"], "the bookshop's turn comes");

        // Snoozed, the school is no longer overdue; when the snooze ends, it is announced again.
        let until = later.date_naive() + chrono::Days::new(1);
        snooze(&store, Party::Organisation(school), Some(until)).unwrap();
        assert!(check(later).is_empty());
        assert_eq!(check(later + chrono::TimeDelta::days(2)), ["Scuola Carducci"]);
    }

    #[test]
    fn the_reminder_names_the_contacts_in_the_interface_language() {
        let (_dir, store) = store();
        for name in [
            "Scuola Carducci",
            "Libreria Ulisse",
            "Nati per Leggere",
            "Gazzetta",
        ] {
            partner(&store, name, 10);
        }
        let overdue = newly_overdue(&store, now(), |_| Ok(())).unwrap();
        assert_eq!(reminder(&[], Language::En), None);
        let one = reminder(&overdue[..1], Language::It).unwrap();
        assert_eq!(one.title, format!("È ora di sentire {}", overdue[0].name));
        assert_eq!(one.body, "Nessun contatto da 30 giorni. Vedete Oggi in Agora.");
        let all = reminder(&overdue, Language::En).unwrap();
        assert_eq!(all.title, "4 contacts are overdue for a call");
        assert!(
            all.body.ends_with(" and 1 more. See Today in Agora."),
            "{}",
            all.body
        );
    }
}
