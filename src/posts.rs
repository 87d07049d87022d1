//! Posts in the plan: a content category, optionally a campaign and an event, the channels it goes to with
//! the text for each, a planned time (stored in UTC, entered and shown in the library's time zone) and a
//! state from idea to published.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{exists, stored_value};
use crate::local_time;
use crate::profile::Network;
use crate::store::Store;

/// Where a post is on its way to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PostState {
    Idea,
    Draft,
    Ready,
    Scheduled,
    Published,
    Failed,
}

impl PostState {
    const ALL: [PostState; 6] = [
        PostState::Idea,
        PostState::Draft,
        PostState::Ready,
        PostState::Scheduled,
        PostState::Published,
        PostState::Failed,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            PostState::Idea => "idea",
            PostState::Draft => "draft",
            PostState::Ready => "ready",
            PostState::Scheduled => "scheduled",
            PostState::Published => "published",
            PostState::Failed => "failed",
        }
    }

    fn from_code(code: &str) -> Option<PostState> {
        PostState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The version of a post for one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChannelText {
    pub network: Network,
    pub text: String,
}

impl ChannelText {
    /// The same text on each of `networks`.
    pub fn same_on(networks: &[Network], text: &str) -> Vec<ChannelText> {
        networks
            .iter()
            .map(|&network| ChannelText {
                network,
                text: text.to_owned(),
            })
            .collect()
    }
}

/// A post as entered; `planned_at` is local time in the library's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostInput {
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number")]
    pub category_id: i64,
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    pub planned_at: Option<NaiveDateTime>,
    pub state: PostState,
    pub channels: Vec<ChannelText>,
}

/// A post as stored, with its planned time both in UTC and as local time in the library's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Post {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number")]
    pub category_id: i64,
    #[ts(type = "number | null")]
    pub event_id: Option<i64>,
    pub planned_at: Option<DateTime<Utc>>,
    pub planned_local: Option<NaiveDateTime>,
    pub state: PostState,
    pub channels: Vec<ChannelText>,
    /// Whether the user changed the post after it was generated (an event arc never moves it silently).
    pub edited: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Post {
    /// The post as it would be entered again (local time in the library's zone).
    pub fn to_input(&self) -> PostInput {
        PostInput {
            campaign_id: self.campaign_id,
            category_id: self.category_id,
            event_id: self.event_id,
            planned_at: self.planned_local,
            state: self.state,
            channels: self.channels.clone(),
        }
    }
}

/// Validates `input` against the database: channels, category, campaign (and its dates), event.
fn validate(conn: &Connection, tz: Tz, input: &PostInput) -> Result<(PostInput, Option<DateTime<Utc>>)> {
    if input.channels.is_empty() {
        return Err(Error::invalid("channels", "choose at least one network"));
    }
    let mut channels: Vec<ChannelText> = Vec::with_capacity(input.channels.len());
    for c in &input.channels {
        if channels.iter().any(|seen| seen.network == c.network) {
            return Err(Error::invalid(
                "channels",
                format!("{:?} is listed twice", c.network),
            ));
        }
        channels.push(ChannelText {
            network: c.network,
            text: c.text.trim().to_owned(),
        });
    }
    exists(conn, "content_category", input.category_id, "category_id")?;
    if let Some(event_id) = input.event_id {
        exists(conn, "event", event_id, "event_id")?;
    }
    let planned_at = input
        .planned_at
        .map(|local| local_time::to_utc(tz, local, "planned_at"))
        .transpose()?;
    if let Some(campaign_id) = input.campaign_id {
        let campaign = crate::campaigns::read(conn, campaign_id).map_err(|e| match e {
            Error::NotFound { .. } => {
                Error::invalid("campaign_id", format!("campaign {campaign_id} does not exist"))
            }
            e => e,
        })?;
        if let Some(local) = input.planned_at {
            let day = local.date();
            if day < campaign.starts_on || day > campaign.ends_on {
                return Err(Error::invalid(
                    "planned_at",
                    format!(
                        "{day} is outside the campaign {:?} ({} – {})",
                        campaign.name, campaign.starts_on, campaign.ends_on
                    ),
                ));
            }
        }
    }
    Ok((
        PostInput {
            channels,
            ..input.clone()
        },
        planned_at,
    ))
}

/// Adds a post to the plan.
pub fn add(store: &Store, input: &PostInput, now: DateTime<Utc>) -> Result<Post> {
    let id = store.write(|tx| insert(tx, input, now))?;
    get(store, id)
}

/// Adds a post inside an open transaction (used by generators such as event arcs).
pub(crate) fn insert(tx: &Transaction, input: &PostInput, now: DateTime<Utc>) -> Result<i64> {
    let tz = crate::profile::zone(tx)?;
    let (input, planned_at) = validate(tx, tz, input)?;
    let reason = crate::drafts::gate(tx, None, None, &input, None, now)?;
    tx.execute(
        "INSERT INTO post (campaign_id, category_id, event_id, planned_at, state, created_at, updated_at, draft,
                           ready_override)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
        rusqlite::params![
            input.campaign_id,
            input.category_id,
            input.event_id,
            planned_at,
            input.state.code(),
            now,
            input.channels[0].text,
            reason
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_channels(tx, id, &input.channels)?;
    Ok(id)
}

/// Replaces a post's fields and marks it as edited; its main draft text becomes its first channel's.
/// It becomes ready only without error-level findings (the editor can override with a reason).
pub fn update(store: &Store, id: i64, input: &PostInput, now: DateTime<Utc>) -> Result<Post> {
    store.write(|tx| {
        let tz = crate::profile::zone(tx)?;
        let old = read(tx, tz, id)?;
        crate::drafts::gate(tx, Some(id), Some(old.state), input, None, now)?;
        replace(tx, tz, id, input, now)?;
        if let Some(first) = input.channels.first() {
            tx.execute(
                "UPDATE post SET draft = ?1 WHERE id = ?2",
                rusqlite::params![first.text.trim(), id],
            )?;
        }
        Ok(())
    })?;
    get(store, id)
}

/// Replaces a post's fields inside an open transaction, without the ready gate.
pub(crate) fn replace(
    tx: &Transaction,
    tz: Tz,
    id: i64,
    input: &PostInput,
    now: DateTime<Utc>,
) -> Result<()> {
    read(tx, tz, id)?;
    let (input, planned_at) = validate(tx, tz, input)?;
    {
        tx.execute(
            "UPDATE post SET campaign_id = ?1, category_id = ?2, event_id = ?3, planned_at = ?4, state = ?5,
                             edited = 1, updated_at = ?6
             WHERE id = ?7",
            rusqlite::params![
                input.campaign_id,
                input.category_id,
                input.event_id,
                planned_at,
                input.state.code(),
                now,
                id
            ],
        )?;
        tx.execute("DELETE FROM post_channel WHERE post_id = ?1", [id])?;
        write_channels(tx, id, &input.channels)
    }
}

/// Moves a post to another day, keeping its local time of day (drag and drop in the calendar).
pub fn move_to_day(store: &Store, id: i64, day: NaiveDate, now: DateTime<Utc>) -> Result<Post> {
    let post = get(store, id)?;
    let local = post
        .planned_local
        .ok_or_else(|| Error::invalid("planned_at", "an undated idea has no day to move from"))?;
    let input = PostInput {
        planned_at: Some(day.and_time(local.time())),
        ..post.to_input()
    };
    update(store, id, &input, now)
}

fn write_channels(tx: &Transaction, id: i64, channels: &[ChannelText]) -> Result<()> {
    for c in channels {
        tx.execute(
            "INSERT INTO post_channel (post_id, network, text) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, c.network.code(), c.text],
        )?;
    }
    Ok(())
}

/// One post.
pub fn get(store: &Store, id: i64) -> Result<Post> {
    store.read(|conn| read(conn, crate::profile::zone(conn)?, id))
}

pub(crate) fn read(conn: &Connection, tz: Tz, id: i64) -> Result<Post> {
    let posts = query(conn, tz, "WHERE p.id = ?1", rusqlite::params![id])?;
    posts
        .into_iter()
        .next()
        .ok_or(Error::NotFound { what: "post", id })
}

/// Which posts to list: a half-open UTC range and, optionally, one campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostRange {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub campaign_id: Option<i64>,
}

impl PostRange {
    /// Every dated post, optionally of one campaign only.
    pub fn all(campaign_id: Option<i64>) -> PostRange {
        let day = |y| {
            NaiveDate::from_ymd_opt(y, 1, 1)
                .unwrap_or_default()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
        };
        PostRange {
            from: day(1),
            to: day(9999),
            campaign_id,
        }
    }
}

/// The dated posts in `range`, in planned order.
pub fn list(store: &Store, range: PostRange) -> Result<Vec<Post>> {
    store.read(|conn| {
        let tz = crate::profile::zone(conn)?;
        query(
            conn,
            tz,
            "WHERE p.planned_at >= ?1 AND p.planned_at < ?2 AND (?3 IS NULL OR p.campaign_id = ?3)",
            rusqlite::params![range.from, range.to, range.campaign_id],
        )
    })
}

/// How many dated posts in `range` each content category has.
pub fn count_by_category(store: &Store, range: PostRange) -> Result<crate::planning::CategoryCounts> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT category_id, count(*) FROM post
             WHERE planned_at >= ?1 AND planned_at < ?2 AND (?3 IS NULL OR campaign_id = ?3)
             GROUP BY category_id",
        )?;
        let rows = stmt.query_map(rusqlite::params![range.from, range.to, range.campaign_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// The local days `from..=to` in `tz` as a UTC range.
pub fn local_days(tz: Tz, from: NaiveDate, to: NaiveDate, campaign_id: Option<i64>) -> Result<PostRange> {
    let start = local_time::to_utc(tz, from.and_time(chrono::NaiveTime::MIN), "from")?;
    let end_day = to
        .succ_opt()
        .ok_or_else(|| Error::invalid("to", "the date is out of range"))?;
    let end = local_time::to_utc(tz, end_day.and_time(chrono::NaiveTime::MIN), "to")?;
    Ok(PostRange {
        from: start,
        to: end,
        campaign_id,
    })
}

/// How many dated posts of campaign `id` fall outside the local days `starts_on..=ends_on`.
pub(crate) fn dated_outside(
    conn: &Connection,
    tz: Tz,
    id: i64,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<u32> {
    let inside = local_days(tz, starts_on, ends_on, Some(id))?;
    Ok(conn.query_row(
        "SELECT count(*) FROM post WHERE campaign_id = ?1 AND planned_at IS NOT NULL
           AND (planned_at < ?2 OR planned_at >= ?3)",
        rusqlite::params![id, inside.from, inside.to],
        |r| r.get(0),
    )?)
}

/// Moves the posts promoting event `event_id` by `days` local days, keeping their local time, except posts
/// the user edited; returns (moved, kept).
pub(crate) fn shift_event_posts(
    tx: &Transaction,
    tz: Tz,
    event_id: i64,
    days: i64,
    now: DateTime<Utc>,
) -> Result<(u32, u32)> {
    let posts = query(
        tx,
        tz,
        "WHERE p.event_id = ?1 AND p.planned_at IS NOT NULL",
        rusqlite::params![event_id],
    )?;
    let (mut moved, mut kept) = (0, 0);
    for post in posts {
        let (Some(instant), false) = (post.planned_at, post.edited) else {
            kept += 1;
            continue;
        };
        let day = local_time::to_local(tz, instant).date() + chrono::TimeDelta::days(days);
        let at = local_time::move_to_day(tz, instant, day, "planned_at")?;
        tx.execute(
            "UPDATE post SET planned_at = ?1, updated_at = ?2 WHERE id = ?3",
            rusqlite::params![at, now, post.id],
        )?;
        moved += 1;
    }
    Ok((moved, kept))
}

/// Posts matching `filter` with their channels, in two queries whatever their number.
pub(crate) fn query(
    conn: &Connection,
    tz: Tz,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Post>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.campaign_id, p.category_id, p.event_id, p.planned_at, p.state, p.edited, p.created_at,
                p.updated_at
         FROM post p {filter} ORDER BY p.planned_at, p.id"
    ))?;
    let mut posts: Vec<Post> = stmt
        .query_map(params, |r| {
            Ok((
                Post {
                    id: r.get(0)?,
                    campaign_id: r.get(1)?,
                    category_id: r.get(2)?,
                    event_id: r.get(3)?,
                    planned_at: r.get(4)?,
                    planned_local: None,
                    state: PostState::Draft,
                    channels: Vec::new(),
                    edited: r.get(6)?,
                    created_at: r.get(7)?,
                    updated_at: r.get(8)?,
                },
                r.get::<_, String>(5)?,
            ))
        })?
        .map(|row| {
            let (mut post, state) = row?;
            post.state = PostState::from_code(&state).ok_or_else(|| stored_value("state", &state))?;
            post.planned_local = post.planned_at.map(|t| local_time::to_local(tz, t));
            Ok(post)
        })
        .collect::<Result<_>>()?;
    let mut stmt = conn.prepare(&format!(
        "SELECT c.post_id, c.network, c.text FROM post_channel c JOIN post p ON p.id = c.post_id {filter}
         ORDER BY c.post_id, c.rowid"
    ))?;
    let mut channels: BTreeMap<i64, Vec<ChannelText>> = BTreeMap::new();
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (post_id, network, text) = row?;
        let network = Network::from_code(&network).ok_or_else(|| stored_value("network", &network))?;
        channels
            .entry(post_id)
            .or_default()
            .push(ChannelText { network, text });
    }
    for post in &mut posts {
        post.channels = channels.remove(&post.id).unwrap_or_default();
    }
    Ok(posts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{festival, now, store};

    fn at(text: &str) -> NaiveDateTime {
        local_time::parse_local(text, "at").unwrap()
    }

    fn draft(category_id: i64, campaign_id: Option<i64>, when: &str) -> PostInput {
        PostInput {
            campaign_id,
            category_id,
            event_id: None,
            planned_at: Some(at(when)),
            state: PostState::Draft,
            channels: vec![ChannelText {
                network: Network::Mastodon,
                text: " Chi viene al festival? ".into(),
            }],
        }
    }

    fn first_category(store: &Store) -> i64 {
        crate::profile::load(store).unwrap().unwrap().categories[0].id
    }

    #[test]
    fn a_post_keeps_its_local_time_and_channels() {
        let (_dir, store) = store();
        let post = add(
            &store,
            &draft(first_category(&store), None, "2027-03-29T10:00"),
            now(),
        )
        .unwrap();
        assert_eq!(post.planned_at.unwrap().to_rfc3339(), "2027-03-29T08:00:00+00:00");
        assert_eq!(post.planned_local, Some(at("2027-03-29T10:00")));
        assert_eq!(post.channels[0].text, "Chi viene al festival?");
        assert!(!post.edited);
    }

    #[test]
    fn moving_a_post_across_the_daylight_saving_change_keeps_ten_o_clock() {
        let (_dir, store) = store();
        let post = add(
            &store,
            &draft(first_category(&store), None, "2027-03-27T10:00"),
            now(),
        )
        .unwrap();
        let moved = move_to_day(
            &store,
            post.id,
            NaiveDate::from_ymd_opt(2027, 3, 29).unwrap(),
            now(),
        )
        .unwrap();
        assert_eq!(moved.planned_local, Some(at("2027-03-29T10:00")));
        assert_eq!(
            moved.planned_at.unwrap().to_rfc3339(),
            "2027-03-29T08:00:00+00:00"
        );
        assert!(moved.edited, "a moved post counts as edited");
    }

    #[test]
    fn a_post_outside_its_campaign_is_refused() {
        let (_dir, store) = store();
        let campaign = crate::campaigns::add(&store, &festival(&store), now()).unwrap();
        let err = add(
            &store,
            &draft(first_category(&store), Some(campaign.id), "2027-04-02T10:00"),
            now(),
        )
        .unwrap_err();
        assert_eq!(
            crate::ErrorPayload::from(&err).field.as_deref(),
            Some("planned_at")
        );
        assert!(err.to_string().contains("outside the campaign"), "{err}");
    }

    #[test]
    fn bad_references_and_channels_are_named() {
        let (_dir, store) = store();
        let category = first_category(&store);
        type Spoil = fn(&mut PostInput);
        let cases: [(&str, Spoil); 5] = [
            ("channels", |p| p.channels.clear()),
            ("category_id", |p| p.category_id = 999),
            ("campaign_id", |p| p.campaign_id = Some(999)),
            ("event_id", |p| p.event_id = Some(999)),
            ("planned_at", |p| p.planned_at = Some(at("2027-03-28T02:30"))),
        ];
        for (field, spoil) in cases {
            let mut input = draft(category, None, "2027-03-10T10:00");
            spoil(&mut input);
            let err = add(&store, &input, now()).unwrap_err();
            assert_eq!(
                crate::ErrorPayload::from(&err).field.as_deref(),
                Some(field),
                "{err}"
            );
        }
    }

    #[test]
    fn listing_takes_local_days_and_a_campaign() {
        let (_dir, store) = store();
        let category = first_category(&store);
        let campaign = crate::campaigns::add(&store, &festival(&store), now()).unwrap();
        for (when, campaign_id) in [
            ("2027-03-01T00:30", Some(campaign.id)),
            ("2027-03-15T12:00", None),
            ("2027-03-31T23:30", Some(campaign.id)),
            ("2027-04-01T00:10", None),
        ] {
            add(&store, &draft(category, campaign_id, when), now()).unwrap();
        }
        let tz = local_time::zone("Europe/Rome").unwrap();
        let march = |campaign_id| {
            local_days(
                tz,
                NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
                campaign_id,
            )
            .unwrap()
        };
        assert_eq!(
            list(&store, march(None)).unwrap().len(),
            3,
            "local midnight edges count by local day"
        );
        assert_eq!(list(&store, march(Some(campaign.id))).unwrap().len(), 2);
    }

    #[test]
    fn a_campaign_cannot_shrink_around_its_posts() {
        let (_dir, store) = store();
        let campaign = crate::campaigns::add(&store, &festival(&store), now()).unwrap();
        add(
            &store,
            &draft(first_category(&store), Some(campaign.id), "2027-03-20T10:00"),
            now(),
        )
        .unwrap();
        let mut shorter = festival(&store);
        shorter.ends_on = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        let err = crate::campaigns::update(&store, campaign.id, &shorter, now()).unwrap_err();
        assert!(
            err.to_string().contains("1 planned post(s) would fall outside"),
            "{err}"
        );
    }
}
