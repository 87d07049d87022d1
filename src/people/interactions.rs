//! Interactions: what was said, when, on which channel, in which direction, with whom (and in what role),
//! and what it was about (a campaign, a post, an event). Inbound messages can await a reply; answering
//! clears the flag. A person's or organisation's timeline is newest first, a page at a time, filtered by
//! channel or campaign; an organisation's includes its people's interactions.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{search, Page, Party};
use crate::error::{Error, Result};
use crate::fields::{exists, stored_enum};
use crate::local_time;
use crate::store::Store;

stored_enum! {
    /// Where an interaction happened.
    pub enum Channel {
        SocialComment = "social_comment",
        DirectMessage = "direct_message",
        Mention = "mention",
        Email = "email",
        Phone = "phone",
        Meeting = "meeting",
        EventAttendance = "event_attendance",
        CoOrganisedEvent = "co_organised_event",
        Other = "other",
    }
}

stored_enum! {
    /// Who spoke first: they wrote to us (inbound) or we to them (outbound).
    pub enum Direction {
        Inbound = "inbound",
        Outbound = "outbound",
    }
}

/// Someone who took part, and how (organiser, attendee, mentioned…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Participant {
    pub party: Party,
    pub role: String,
}

/// An interaction as logged; `occurred_at` is local time in the library's zone (now when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InteractionInput {
    pub occurred_at: Option<NaiveDateTime>,
    pub channel: Channel,
    pub direction: Direction,
    pub summary: String,
    pub awaiting_reply: bool,
    /// They shared, boosted or reposted one of our posts.
    pub amplified: bool,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number | null")]
    pub post_id: Option<i64>,
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    pub participants: Vec<Participant>,
    /// The inbound interaction this one answers (its awaiting-reply flag is cleared).
    #[ts(type = "number | null")]
    pub answers: Option<i64>,
}

/// A participant with their name, as a timeline shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NamedParticipant {
    pub party: Party,
    pub name: String,
    pub role: String,
}

/// An interaction as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Interaction {
    #[ts(type = "number")]
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub occurred_local: NaiveDateTime,
    pub channel: Channel,
    pub direction: Direction,
    pub summary: String,
    pub awaiting_reply: bool,
    pub amplified: bool,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number | null")]
    pub post_id: Option<i64>,
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    pub participants: Vec<NamedParticipant>,
}

/// The longest summary kept, in characters.
pub const MAX_SUMMARY_CHARS: usize = 5_000;

/// Logs an interaction.
pub fn log(store: &Store, input: &InteractionInput, now: DateTime<Utc>) -> Result<Interaction> {
    let id = store.write(|tx| insert(tx, input, now))?;
    store.read(|conn| read(conn, crate::profile::zone(conn)?, id))
}

pub(crate) fn insert(tx: &Transaction, input: &InteractionInput, now: DateTime<Utc>) -> Result<i64> {
    let summary = input.summary.trim();
    if summary.is_empty() {
        return Err(Error::invalid("summary", "must not be empty"));
    }
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        return Err(Error::invalid(
            "summary",
            format!("must be at most {MAX_SUMMARY_CHARS} characters"),
        ));
    }
    if input.participants.is_empty() {
        return Err(Error::invalid(
            "participants",
            "name at least one person or organisation",
        ));
    }
    for (i, p) in input.participants.iter().enumerate() {
        p.party.check(tx, &format!("participants[{i}]"))?;
    }
    for (table, id, field) in [
        ("campaign", input.campaign_id, "campaign_id"),
        ("post", input.post_id, "post_id"),
        ("event", input.event_id, "event_id"),
    ] {
        if let Some(id) = id {
            exists(tx, table, id, field)?;
        }
    }
    if input.awaiting_reply && input.direction == Direction::Outbound {
        return Err(Error::invalid(
            "awaiting_reply",
            "only an inbound message awaits our reply",
        ));
    }
    let tz = crate::profile::zone(tx)?;
    let occurred_at = match input.occurred_at {
        Some(local) => local_time::to_utc(tz, local, "occurred_at")?,
        None => now,
    };
    tx.prepare_cached(
        "INSERT INTO interaction (occurred_at, channel, direction, summary, awaiting_reply, amplified, campaign_id,
                                  post_id, event_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
            occurred_at,
            input.channel,
            input.direction,
            summary,
            input.awaiting_reply,
            input.amplified,
            input.campaign_id,
            input.post_id,
            input.event_id,
            now
    ])?;
    let id = tx.last_insert_rowid();
    for p in &input.participants {
        let (person, organisation) = p.party.columns();
        tx.prepare_cached(
            "INSERT INTO interaction_party (interaction_id, person_id, organisation_id, role, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            id,
            person,
            organisation,
            p.role.trim(),
            occurred_at
        ])?;
    }
    if let Some(answered) = input.answers {
        let cleared = tx.execute(
            "UPDATE interaction SET awaiting_reply = 0 WHERE id = ?1 AND direction = 'inbound'",
            [answered],
        )?;
        if cleared == 0 {
            return Err(Error::invalid(
                "answers",
                format!("inbound interaction {answered} does not exist"),
            ));
        }
    }
    search::index_interaction(tx, id)?;
    Ok(id)
}

/// Marks an inbound interaction as answered (or as awaiting a reply again).
pub fn set_awaiting_reply(store: &Store, id: i64, awaiting: bool) -> Result<()> {
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE interaction SET awaiting_reply = ?1 WHERE id = ?2 AND direction = 'inbound'",
            rusqlite::params![awaiting, id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: "inbound interaction",
                id,
            });
        }
        Ok(())
    })
}

/// What a timeline shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineFilter {
    pub channel: Option<Channel>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
}

/// A person's or organisation's interactions, newest first; an organisation's include its people's.
pub fn timeline(store: &Store, party: Party, filter: TimelineFilter, page: Page) -> Result<Vec<Interaction>> {
    let (offset, limit) = page.clamped();
    store.read(|conn| {
        let parties = match party {
            Party::Person(id) => format!("x.person_id = {id}"),
            Party::Organisation(id) => format!(
                "(x.organisation_id = {id} OR x.person_id IN (SELECT person_id FROM affiliation WHERE organisation_id = {id}))"
            ),
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT DISTINCT i.id, i.occurred_at FROM interaction_party x JOIN interaction i ON i.id = x.interaction_id
             WHERE {parties} AND (?1 IS NULL OR i.channel = ?1) AND (?2 IS NULL OR i.campaign_id = ?2)
             ORDER BY x.occurred_at DESC, i.id DESC LIMIT ?3 OFFSET ?4"
        ))?;
        let ids: Vec<i64> = stmt
            .query_map(rusqlite::params![filter.channel, filter.campaign_id, limit, offset], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let tz = crate::profile::zone(conn)?;
        ids.into_iter().map(|id| read(conn, tz, id)).collect()
    })
}

/// One interaction, to open a conversation found by search.
pub fn get(store: &Store, id: i64) -> Result<Interaction> {
    store.read(|conn| match read(conn, crate::profile::zone(conn)?, id) {
        Err(Error::Database(rusqlite::Error::QueryReturnedNoRows)) => Err(Error::NotFound {
            what: "interaction",
            id,
        }),
        found => found,
    })
}

/// One interaction, its time shown in the library's zone `tz`.
pub(crate) fn read(conn: &Connection, tz: Tz, id: i64) -> Result<Interaction> {
    // Timelines and the review queue read dozens of interactions at a time: both statements stay prepared.
    let mut interaction = conn
        .prepare_cached(
            "SELECT id, occurred_at, channel, direction, summary, awaiting_reply, amplified, campaign_id, post_id,
                    event_id
             FROM interaction WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let occurred_at: DateTime<Utc> = r.get(1)?;
            Ok(Interaction {
                id: r.get(0)?,
                occurred_at,
                occurred_local: local_time::to_local(tz, occurred_at),
                channel: r.get(2)?,
                direction: r.get(3)?,
                summary: r.get(4)?,
                awaiting_reply: r.get(5)?,
                amplified: r.get(6)?,
                campaign_id: r.get(7)?,
                post_id: r.get(8)?,
                event_id: r.get(9)?,
                participants: Vec::new(),
            })
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT x.person_id, x.organisation_id, coalesce(p.name, o.name), x.role
         FROM interaction_party x LEFT JOIN person p ON p.id = x.person_id
                                  LEFT JOIN organisation o ON o.id = x.organisation_id
         WHERE x.interaction_id = ?1 ORDER BY x.rowid",
    )?;
    interaction.participants = stmt
        .query_map([id], |r| {
            Ok(NamedParticipant {
                party: Party::from_columns(r.get(0)?, r.get(1)?),
                name: r.get(2)?,
                role: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(interaction)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::people::tests::{school, teacher};
    use crate::testing::{now, store};

    pub(crate) fn comment(party: Party, summary: &str, at: &str) -> InteractionInput {
        InteractionInput {
            occurred_at: Some(local_time::parse_local(at, "at").unwrap()),
            channel: Channel::SocialComment,
            direction: Direction::Inbound,
            summary: summary.into(),
            awaiting_reply: true,
            amplified: false,
            campaign_id: None,
            post_id: None,
            event_id: None,
            participants: vec![Participant {
                party,
                role: String::new(),
            }],
            answers: None,
        }
    }

    #[test]
    fn a_timeline_is_newest_first_and_an_organisation_sees_its_people() {
        let (_dir, store) = store();
        let school = school(&store);
        let maria = crate::people::add(&store, &teacher(school), now()).unwrap().id;
        let first = log(
            &store,
            &comment(Party::Person(maria), "Chiede dei laboratori", "2026-10-01T10:00"),
            now(),
        )
        .unwrap();
        let mut meeting = comment(
            Party::Organisation(school),
            "Riunione sul progetto lettura",
            "2026-11-02T15:30",
        );
        meeting.channel = Channel::Meeting;
        meeting.direction = Direction::Outbound;
        meeting.awaiting_reply = false;
        log(&store, &meeting, now()).unwrap();
        let all = Page { offset: 0, limit: 50 };
        let of_school = timeline(
            &store,
            Party::Organisation(school),
            TimelineFilter::default(),
            all,
        )
        .unwrap();
        let summaries: Vec<&str> = of_school.iter().map(|i| i.summary.as_str()).collect();
        assert_eq!(
            summaries,
            ["Riunione sul progetto lettura", "Chiede dei laboratori"]
        );
        assert_eq!(of_school[1].participants[0].name, "Maria Rossi");
        assert_eq!(
            of_school[0].occurred_local.to_string(),
            "2026-11-02 15:30:00",
            "local time kept"
        );
        let meetings = TimelineFilter {
            channel: Some(Channel::Meeting),
            campaign_id: None,
        };
        assert_eq!(
            timeline(&store, Party::Organisation(school), meetings, all)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            timeline(&store, Party::Person(maria), TimelineFilter::default(), all)
                .unwrap()
                .len(),
            1
        );
        let second_page = Page { offset: 1, limit: 1 };
        assert_eq!(
            timeline(
                &store,
                Party::Organisation(school),
                TimelineFilter::default(),
                second_page
            )
            .unwrap()[0]
                .id,
            first.id
        );
        assert_eq!(get(&store, first.id).unwrap(), first);
        assert!(matches!(get(&store, first.id + 100), Err(Error::NotFound { .. })));
    }

    #[test]
    fn answering_clears_awaiting_reply_and_bad_logs_are_refused() {
        let (_dir, store) = store();
        let school = school(&store);
        let maria = crate::people::add(&store, &teacher(school), now()).unwrap().id;
        let question = log(
            &store,
            &comment(Party::Person(maria), "Quando riapre?", "2026-11-20T09:00"),
            now(),
        )
        .unwrap();
        assert!(question.awaiting_reply);
        let mut answer = comment(Party::Person(maria), "Risposto: lunedì", "2026-11-20T10:00");
        answer.direction = Direction::Outbound;
        answer.awaiting_reply = false;
        answer.answers = Some(question.id);
        log(&store, &answer, now()).unwrap();
        assert!(
            !store
                .read(|c| read(c, crate::profile::zone(c)?, question.id))
                .unwrap()
                .awaiting_reply
        );

        let mut nobody = comment(Party::Person(maria), "x", "2026-11-20T10:00");
        nobody.participants.clear();
        assert!(log(&store, &nobody, now()).is_err());
        let ghost = comment(Party::Person(999), "x", "2026-11-20T10:00");
        assert!(
            matches!(log(&store, &ghost, now()), Err(Error::InvalidInput { field, .. }) if field == "participants[0]")
        );
        let mut outbound_waiting = comment(Party::Person(maria), "x", "2026-11-20T10:00");
        outbound_waiting.direction = Direction::Outbound;
        assert!(log(&store, &outbound_waiting, now()).is_err());
    }
}
