//! The review queue on the Today screen: inbound messages awaiting our reply (oldest first), people and
//! organisations past the maximum interval of their cadence (overdue) or past the ideal one (due), and
//! partners' events coming up. Cadences come from the contact or, failing that, the strictest of its
//! tags; the last interaction is computed from the log (an organisation's includes its people's), never
//! typed by hand; a snoozed contact stays out of the queue until its date.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::interactions::{self, Interaction};
use super::Party;
use crate::error::Result;
use crate::store::Store;

/// A contact the library should get back in touch with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DueContact {
    pub party: Party,
    pub name: String,
    /// The last interaction either way, if any.
    pub last_interaction: Option<DateTime<Utc>>,
    /// The last time they wrote to us, if ever.
    pub last_inbound: Option<DateTime<Utc>>,
    /// Days since the last interaction (or since the contact was added, if there was none).
    pub days_since: i64,
    pub ideal_days: Option<u32>,
    pub max_days: Option<u32>,
}

/// A partner's event in the coming weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartnerEvent {
    #[ts(type = "number")]
    pub event_id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub partner: String,
}

/// What needs the officer's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewQueue {
    pub unanswered: Vec<Interaction>,
    pub overdue: Vec<DueContact>,
    pub due: Vec<DueContact>,
    pub upcoming_partner_events: Vec<PartnerEvent>,
}

/// How many items each part of the queue shows at most.
pub const QUEUE_LIMIT: u32 = 100;
/// How far ahead partners' events are shown.
pub const EVENT_DAYS: i64 = 21;

/// The queue as of `now` (`today` is the library's local date).
pub fn queue(store: &Store, now: DateTime<Utc>, today: NaiveDate) -> Result<ReviewQueue> {
    store.read(|conn| {
        let tz = crate::profile::zone(conn)?;
        let mut stmt = conn.prepare(
            "SELECT id FROM interaction WHERE awaiting_reply = 1 ORDER BY occurred_at, id LIMIT ?1",
        )?;
        let unanswered = stmt
            .query_map([QUEUE_LIMIT], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?
            .into_iter()
            .map(|id| interactions::read(conn, tz, id))
            .collect::<Result<_>>()?;
        let (overdue, due) = due_contacts(conn, now, today)?;
        Ok(ReviewQueue {
            unanswered,
            overdue: overdue.into_iter().take(QUEUE_LIMIT as usize).collect(),
            due: due.into_iter().take(QUEUE_LIMIT as usize).collect(),
            upcoming_partner_events: partner_events(conn, now)?,
        })
    })
}

/// Every contact past the maximum interval of their cadence (overdue) and every one past only the ideal
/// (due), longest silence first.
pub(crate) fn due_contacts(
    conn: &Connection,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(Vec<DueContact>, Vec<DueContact>)> {
    let mut contacts = cadence_contacts(conn, ("person", "person_tag", "person_id"), now, today)?;
    contacts.extend(cadence_contacts(
        conn,
        ("organisation", "organisation_tag", "organisation_id"),
        now,
        today,
    )?);
    contacts.sort_by_key(|c| std::cmp::Reverse(c.days_since));
    Ok(contacts
        .into_iter()
        .filter(|c| {
            let past = |limit: Option<u32>| limit.is_some_and(|d| c.days_since > i64::from(d));
            past(c.ideal_days) || past(c.max_days)
        })
        .partition(|c| c.max_days.is_some_and(|d| c.days_since > i64::from(d))))
}

/// The queue as of `now`, in the library's time zone.
pub fn queue_now(store: &Store, now: DateTime<Utc>) -> Result<ReviewQueue> {
    let tz = store.read(crate::profile::zone)?;
    queue(store, now, crate::local_time::to_local(tz, now).date())
}

/// People or organisations (`table`: `person` or `organisation`, with `tags` its tag table and `owner`
/// its column there) with a cadence — their own, or the strictest of their tags — and not snoozed. Their
/// last contacts are kept from the log by the schema's triggers, so this reads a few thousand index
/// entries, never the interactions.
fn cadence_contacts(
    conn: &Connection,
    (table, tags, owner): (&str, &str, &str),
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<DueContact>> {
    // Own cadences come from the covering partial index `{table}_cadence`; tag cadences from the few tags
    // that have one. An own value wins over the tags' (the strictest tag's, when several have one).
    let mut stmt = conn.prepare_cached(&format!(
        "WITH tagged AS (
             SELECT x.{owner} AS id, min(t.ideal_days) AS ideal, min(t.max_days) AS max
             FROM tag t JOIN {tags} x ON x.tag_id = t.id
             WHERE t.ideal_days IS NOT NULL OR t.max_days IS NOT NULL
             GROUP BY x.{owner})
         SELECT e.id, e.name, e.created_at, coalesce(e.ideal_days, g.ideal), coalesce(e.max_days, g.max),
                e.last_contact_at, e.last_inbound_at
         FROM {table} e LEFT JOIN tagged g ON g.id = e.id
         WHERE (e.ideal_days IS NOT NULL OR e.max_days IS NOT NULL)
           AND (e.snoozed_until IS NULL OR e.snoozed_until <= ?1)
         UNION ALL
         SELECT e.id, e.name, e.created_at, g.ideal, g.max, e.last_contact_at, e.last_inbound_at
         FROM tagged g JOIN {table} e ON e.id = g.id
         WHERE e.ideal_days IS NULL AND e.max_days IS NULL
           AND (e.snoozed_until IS NULL OR e.snoozed_until <= ?1)"
    ))?;
    let rows = stmt.query_map([today], |r| {
        let id: i64 = r.get(0)?;
        let created: DateTime<Utc> = r.get(2)?;
        let last_interaction: Option<DateTime<Utc>> = r.get(5)?;
        Ok(DueContact {
            party: if table == "person" {
                Party::Person(id)
            } else {
                Party::Organisation(id)
            },
            name: r.get(1)?,
            ideal_days: r.get(3)?,
            max_days: r.get(4)?,
            last_interaction,
            last_inbound: r.get(6)?,
            days_since: (now - last_interaction.unwrap_or(created)).num_days(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Events in the next [`EVENT_DAYS`] days that an organisation co-organises (logged as a co-organised
/// event interaction).
fn partner_events(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<PartnerEvent>> {
    let until = now + chrono::TimeDelta::days(EVENT_DAYS);
    let mut stmt = conn.prepare(
        // CROSS JOIN keeps SQLite starting from the few upcoming events; left to itself it may start
        // from every organisation's interactions (a quarter of a second on a million of them).
        "SELECT DISTINCT e.id, e.title, e.starts_at, o.name
         FROM event e CROSS JOIN interaction i ON i.event_id = e.id
              JOIN interaction_party x ON x.interaction_id = i.id JOIN organisation o ON o.id = x.organisation_id
         WHERE e.starts_at >= ?1 AND e.starts_at < ?2 AND i.channel = 'co_organised_event'
         ORDER BY e.starts_at, e.id LIMIT ?3",
    )?;
    let rows = stmt.query_map(rusqlite::params![now, until, QUEUE_LIMIT], |r| {
        Ok(PartnerEvent {
            event_id: r.get(0)?,
            title: r.get(1)?,
            starts_at: r.get(2)?,
            partner: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::interactions::tests::comment;
    use crate::people::interactions::{log, Direction};
    use crate::people::tests::{school, teacher};
    use crate::people::{snooze, PersonInput};
    use crate::testing::{now, store};

    #[test]
    fn the_queue_holds_unanswered_overdue_and_due_contacts() {
        let (_dir, store) = store();
        let school = school(&store);
        // Maria: ideal 30, max 60 days; last heard from 50 days ago → due.
        let maria = crate::people::add(&store, &teacher(school), now()).unwrap().id;
        log(
            &store,
            &comment(Party::Person(maria), "Chiede dei laboratori", "2026-10-10T10:00"),
            now(),
        )
        .unwrap();
        // Paolo: cadence from his tag (max 20), last contact 40 days ago → overdue.
        let paolo = PersonInput {
            name: "Paolo Neri".into(),
            tags: vec!["stampa".into()],
            ..PersonInput::default()
        };
        let paolo = crate::people::add(&store, &paolo, now()).unwrap().id;
        store
            .write(|tx| {
                Ok(tx.execute(
                    "UPDATE tag SET ideal_days = 10, max_days = 20 WHERE name = 'stampa'",
                    [],
                )?)
            })
            .unwrap();
        let mut call = comment(Party::Person(paolo), "Intervista", "2026-10-20T10:00");
        call.direction = Direction::Outbound;
        call.awaiting_reply = false;
        log(&store, &call, now()).unwrap();
        // Without a cadence: never in the due lists.
        crate::people::add(
            &store,
            &PersonInput {
                name: "Senza ritmo".into(),
                ..PersonInput::default()
            },
            now(),
        )
        .unwrap();

        let today = now().date_naive();
        let q = queue(&store, now(), today).unwrap();
        assert_eq!(q.unanswered.len(), 1, "Maria's comment awaits a reply");
        assert_eq!(
            q.overdue.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Paolo Neri"]
        );
        assert_eq!(q.overdue[0].days_since, 40);
        assert_eq!(q.overdue[0].max_days, Some(20), "from the tag");
        assert_eq!(
            q.due.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Maria Rossi"]
        );
        assert!(q.due[0].last_inbound.is_some());

        snooze(&store, Party::Person(paolo), today.succ_opt()).unwrap();
        assert!(
            queue(&store, now(), today).unwrap().overdue.is_empty(),
            "snoozed until tomorrow"
        );
    }
}

/// The balance of a relationship over the last 12 months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reciprocity {
    /// Our messages to them.
    pub ours: u32,
    /// Their messages to us.
    pub theirs: u32,
    /// Days since our last message, when they have not written since (an unanswered message of ours).
    #[ts(type = "number | null")]
    pub days_since_our_unanswered: Option<i64>,
    /// Times they shared, boosted or reposted our posts.
    pub amplifications: u32,
}

/// How balanced the relationship with a person or organisation has been over the last 12 months (an
/// organisation's includes its people's).
pub fn reciprocity(store: &Store, party: Party, now: DateTime<Utc>) -> Result<Reciprocity> {
    let since = now - chrono::TimeDelta::days(365);
    let parties = match party {
        Party::Person(id) => format!("x.person_id = {id}"),
        Party::Organisation(id) => format!(
            "(x.organisation_id = {id} OR x.person_id IN (SELECT person_id FROM affiliation WHERE organisation_id = {id}))"
        ),
    };
    store.read(|conn| {
        party.check(conn, "party")?;
        let (ours, theirs, amplifications, last_out, last_in): (
            u32,
            u32,
            u32,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
        ) = conn.query_row(
            &format!(
                "SELECT count(DISTINCT CASE WHEN i.direction = 'outbound' THEN i.id END),
                            count(DISTINCT CASE WHEN i.direction = 'inbound' THEN i.id END),
                            count(DISTINCT CASE WHEN i.amplified = 1 THEN i.id END),
                            max(CASE WHEN i.direction = 'outbound' THEN i.occurred_at END),
                            max(CASE WHEN i.direction = 'inbound' THEN i.occurred_at END)
                     FROM interaction_party x JOIN interaction i ON i.id = x.interaction_id
                     WHERE {parties} AND x.occurred_at >= ?1"
            ),
            [since],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let days_since_our_unanswered = match (last_out, last_in) {
            (Some(out), Some(inbound)) if inbound > out => None,
            (Some(out), _) => Some((now - out).num_days()),
            (None, _) => None,
        };
        Ok(Reciprocity {
            ours,
            theirs,
            days_since_our_unanswered,
            amplifications,
        })
    })
}

#[cfg(test)]
mod reciprocity_tests {
    use super::*;
    use crate::people::interactions::tests::comment;
    use crate::people::interactions::{log, Direction};
    use crate::people::tests::{school, teacher};
    use crate::testing::{now, store};

    #[test]
    fn reciprocity_counts_both_ways_and_our_unanswered_message() {
        let (_dir, store) = store();
        let school = school(&store);
        let maria = crate::people::add(&store, &teacher(school), now()).unwrap().id;
        let mut shared = comment(
            Party::Person(maria),
            "Ha condiviso il post del festival",
            "2026-10-01T10:00",
        );
        shared.awaiting_reply = false;
        shared.amplified = true;
        log(&store, &shared, now()).unwrap();
        let mut ours = comment(
            Party::Organisation(school),
            "Proposta di visita in biblioteca",
            "2026-11-19T09:00",
        );
        ours.direction = Direction::Outbound;
        ours.awaiting_reply = false;
        log(&store, &ours, now()).unwrap();
        let r = reciprocity(&store, Party::Organisation(school), now()).unwrap();
        assert_eq!((r.ours, r.theirs, r.amplifications), (1, 1, 1));
        assert_eq!(r.days_since_our_unanswered, Some(10));
        assert_eq!(
            reciprocity(&store, Party::Person(maria), now())
                .unwrap()
                .days_since_our_unanswered,
            None
        );
        assert!(reciprocity(&store, Party::Person(999), now()).is_err());
    }
}

#[cfg(test)]
mod last_contact_tests {
    use super::*;
    use crate::people::interactions::log;
    use crate::people::interactions::tests::comment;
    use crate::people::organisations::{self, OrganisationInput};
    use crate::people::tests::{school, teacher};
    use crate::people::Cadence;
    use crate::testing::{now, store};

    fn school_contact(store: &Store, school: i64) -> DueContact {
        let q = queue(store, now(), now().date_naive()).unwrap();
        q.overdue
            .into_iter()
            .chain(q.due)
            .find(|c| c.party == Party::Organisation(school))
            .unwrap()
    }

    #[test]
    fn an_organisation_last_contact_follows_its_people_and_their_affiliations() {
        let (_dir, store) = store();
        let school = school(&store);
        let mut input = OrganisationInput {
            name: "Scuola primaria Carducci".into(),
            cadence: Cadence {
                ideal_days: Some(1),
                max_days: Some(400),
            },
            ..OrganisationInput::default()
        };
        input.kind = organisations::OrganisationKind::School;
        organisations::update(&store, school, &input, now()).unwrap();
        let maria = crate::people::add(&store, &teacher(school), now()).unwrap().id;
        log(
            &store,
            &comment(Party::Person(maria), "Chiede dei laboratori", "2026-10-10T10:00"),
            now(),
        )
        .unwrap();
        let contact = school_contact(&store, school);
        assert_eq!(
            contact.days_since, 50,
            "the teacher's message counts for the school"
        );
        assert!(contact.last_inbound.is_some());
        let mut alone = teacher(school);
        alone.affiliations.clear();
        crate::people::update(&store, maria, &alone, now()).unwrap();
        let last: Option<String> = store
            .read(|c| {
                let sql = "SELECT last_contact_at FROM organisation WHERE id = ?1";
                Ok(c.query_row(sql, [school], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(last, None, "recomputed when she leaves the school");
    }
}

#[cfg(test)]
mod partner_event_tests {
    use super::*;
    use crate::events::{self, EventInput};
    use crate::people::interactions::tests::comment;
    use crate::people::interactions::{log, Channel, Direction};
    use crate::people::tests::school;
    use crate::testing::{now, store};

    #[test]
    fn a_co_organised_event_in_the_next_weeks_is_shown_with_its_partner() {
        let (_dir, store) = store();
        let school = school(&store);
        let at = |text: &str| crate::local_time::parse_local(text, "at").unwrap();
        let add = |title: &str, day: &str| {
            let input = EventInput {
                title: title.into(),
                starts_at: at(&format!("{day}T17:00")),
                ends_at: at(&format!("{day}T18:30")),
                place: "Sala ragazzi".into(),
                audience: String::new(),
                price: String::new(),
                booking_url: String::new(),
                accessibility: String::new(),
            };
            events::add(&store, &input, now()).unwrap().id
        };
        let soon = add("Letture con la scuola", "2026-12-05");
        let later = add("Festa di primavera", "2027-04-10");
        for event in [soon, later] {
            let mut meeting = comment(
                Party::Organisation(school),
                "Organizziamo insieme",
                "2026-11-01T10:00",
            );
            meeting.channel = Channel::CoOrganisedEvent;
            meeting.direction = Direction::Outbound;
            meeting.awaiting_reply = false;
            meeting.event_id = Some(event);
            log(&store, &meeting, now()).unwrap();
        }
        let events = queue(&store, now(), now().date_naive())
            .unwrap()
            .upcoming_partner_events;
        assert_eq!(events.len(), 1, "only the next three weeks");
        assert_eq!(
            (events[0].event_id, events[0].partner.as_str()),
            (soon, "Scuola primaria Carducci")
        );
    }
}
