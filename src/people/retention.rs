//! Retention (GDPR storage limitation): people known only from social media, with no interaction for a
//! number of months (24 by default), are proposed for deletion. Nothing is deleted here: the officer
//! reviews the list and erases (see [`super::erasure`]).

use chrono::{DateTime, Months, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;

/// How long someone known only from social media is kept without any interaction, by default.
pub const DEFAULT_MONTHS: u32 = 24;

/// A person proposed for deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RetentionCandidate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The last interaction, if there ever was one.
    pub last_interaction: Option<DateTime<Utc>>,
}

/// People known only from social media with nothing logged for `months` months (nor added since), the
/// longest quiet first, at most [`Page::MAX`](crate::people::Page::MAX) at a time.
pub fn candidates(store: &Store, months: u32, now: DateTime<Utc>) -> Result<Vec<RetentionCandidate>> {
    let cutoff = now
        .checked_sub_months(Months::new(months))
        .ok_or_else(|| Error::invalid("months", format!("{months} months is too long")))?;
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT id, name, last FROM (
                 SELECT p.id, p.name, p.created_at,
                        (SELECT max(x.occurred_at) FROM interaction_party x WHERE x.person_id = p.id) AS last
                 FROM person p WHERE p.origin = 'social')
             WHERE coalesce(last, created_at) < ?1 ORDER BY coalesce(last, created_at), id LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![cutoff, crate::people::Page::MAX], |r| {
            Ok(RetentionCandidate {
                id: r.get(0)?,
                name: r.get(1)?,
                last_interaction: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::interactions::log;
    use crate::people::interactions::tests::comment;
    use crate::people::{Origin, Party, PersonInput};
    use crate::testing::{now, store};

    #[test]
    fn only_quiet_social_media_contacts_are_proposed() {
        let (_dir, store) = store();
        let add = |name: &str, origin: Origin, at: DateTime<Utc>| {
            let input = PersonInput {
                name: name.into(),
                ..PersonInput::default()
            };
            store
                .write(|tx| crate::people::insert(tx, &input, origin, at))
                .unwrap()
        };
        let three_years_ago = now() - chrono::TimeDelta::days(3 * 365);
        let quiet = add("Follower silenzioso", Origin::Social, three_years_ago);
        let talked = add("Follower attivo", Origin::Social, three_years_ago);
        log(
            &store,
            &comment(Party::Person(talked), "Commento recente", "2026-10-01T10:00"),
            now(),
        )
        .unwrap();
        add("Partner storico", Origin::Manual, three_years_ago);
        add("Follower nuovo", Origin::Social, now());
        let proposed = candidates(&store, DEFAULT_MONTHS, now()).unwrap();
        assert_eq!(proposed.iter().map(|c| c.id).collect::<Vec<_>>(), [quiet]);
        assert_eq!(proposed[0].last_interaction, None);
        assert!(candidates(&store, u32::MAX, now()).is_err());
    }
}
