//! Campaigns: a goal (a reading festival, summer reading, a partnership with schools) with an objective and a
//! measurable target, its audiences, channels, dates in the library's time zone, status, owner, colour, and
//! the content mix it aims for (a share per content category).
//!
//! Input arrives as [`CampaignInput`], is validated as a whole, and is written in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{required_text, stored_value};
use crate::profile::Network;
use crate::store::Store;

/// Where a campaign is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Idea,
    Planned,
    Running,
    Done,
}

impl CampaignStatus {
    const ALL: [CampaignStatus; 4] = [
        CampaignStatus::Idea,
        CampaignStatus::Planned,
        CampaignStatus::Running,
        CampaignStatus::Done,
    ];

    fn code(self) -> &'static str {
        match self {
            CampaignStatus::Idea => "idea",
            CampaignStatus::Planned => "planned",
            CampaignStatus::Running => "running",
            CampaignStatus::Done => "done",
        }
    }

    /// Parses a status as typed on the command line.
    pub fn from_code(code: &str) -> Option<CampaignStatus> {
        CampaignStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The share of a campaign's posts it aims to give one content category, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MixTarget {
    #[ts(type = "number")]
    pub category_id: i64,
    pub share: u8,
}

/// A campaign as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignInput {
    pub name: String,
    pub objective: String,
    /// The measurable target: `target_count` of `target_unit` ("40 replies").
    pub target_count: Option<u32>,
    pub target_unit: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CampaignStatus,
    pub owner: String,
    pub notes: String,
    /// `#rrggbb`, or empty to pick the next colour of the palette.
    pub colour: String,
    pub audiences: Vec<String>,
    pub channels: Vec<Network>,
    /// Shares adding up to 100, or empty for no mix target.
    pub mix_targets: Vec<MixTarget>,
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub objective: String,
    pub target_count: Option<u32>,
    pub target_unit: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CampaignStatus,
    pub owner: String,
    pub notes: String,
    pub colour: String,
    pub audiences: Vec<String>,
    pub channels: Vec<Network>,
    pub mix_targets: Vec<MixTarget>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Colours given to campaigns in turn when none is chosen: distinct on light and dark backgrounds.
const PALETTE: [&str; 8] = [
    "#1d5c63", "#b5552b", "#5b4b8a", "#2f7d4f", "#a23b72", "#946c00", "#3a6ea5", "#6b6b6b",
];

/// The audiences offered when planning, in the library's primary language; a campaign may add its own.
pub fn default_audiences(language: crate::Language) -> Vec<String> {
    let names: [&str; 7] = match language {
        crate::Language::It => [
            "Famiglie 0-6",
            "Bambini",
            "Ragazzi",
            "Adulti",
            "Anziani",
            "Scuole",
            "Partner",
        ],
        crate::Language::En => [
            "Families 0-6",
            "Children",
            "Teens",
            "Adults",
            "Seniors",
            "Schools",
            "Partners",
        ],
    };
    names.iter().map(|n| n.to_string()).collect()
}

/// Validates `input`: the error names the first field at fault.
fn validate(conn: &Connection, input: &CampaignInput) -> Result<CampaignInput> {
    let name = required_text("name", &input.name)?;
    if input.ends_on < input.starts_on {
        return Err(Error::invalid(
            "ends_on",
            format!(
                "the campaign ends ({}) before it starts ({})",
                input.ends_on, input.starts_on
            ),
        ));
    }
    let target_unit = input.target_unit.trim().to_owned();
    if input.target_count.is_some() && target_unit.is_empty() {
        return Err(Error::invalid(
            "target_unit",
            "say what is counted, e.g. \"replies\" or \"sign-ups\"",
        ));
    }
    if input.target_count == Some(0) {
        return Err(Error::invalid("target_count", "a target must be at least 1"));
    }
    let colour = input.colour.trim().to_ascii_lowercase();
    let valid_colour =
        colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !colour.is_empty() && !valid_colour {
        return Err(Error::invalid(
            "colour",
            format!("{colour:?} is not a colour such as #1d5c63"),
        ));
    }
    let mut audiences: Vec<String> = Vec::new();
    for (i, a) in input.audiences.iter().enumerate() {
        let a = required_text(&format!("audiences[{i}]"), a)?;
        if !audiences
            .iter()
            .any(|seen| seen.to_lowercase() == a.to_lowercase())
        {
            audiences.push(a);
        }
    }
    let mut channels = input.channels.clone();
    channels.dedup();
    if !input.mix_targets.is_empty() {
        let total: u32 = input.mix_targets.iter().map(|t| u32::from(t.share)).sum();
        if total != 100 {
            return Err(Error::invalid(
                "mix_targets",
                format!("the shares add up to {total}%, not 100%"),
            ));
        }
        for (i, t) in input.mix_targets.iter().enumerate() {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM content_category WHERE id = ?1)",
                [t.category_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::invalid(
                    format!("mix_targets[{i}]"),
                    format!("content category {} does not exist", t.category_id),
                ));
            }
        }
    }
    Ok(CampaignInput {
        name,
        objective: input.objective.trim().to_owned(),
        target_unit,
        owner: input.owner.trim().to_owned(),
        notes: input.notes.trim().to_owned(),
        colour,
        audiences,
        channels,
        ..input.clone()
    })
}

/// Adds a campaign.
pub fn add(store: &Store, input: &CampaignInput, now: DateTime<Utc>) -> Result<Campaign> {
    let id = store.write(|tx| {
        let mut input = validate(tx, input)?;
        if input.colour.is_empty() {
            let count: i64 = tx.query_row("SELECT count(*) FROM campaign", [], |r| r.get(0))?;
            input.colour = PALETTE[count as usize % PALETTE.len()].to_owned();
        }
        tx.execute(
            "INSERT INTO campaign (name, objective, target_count, target_unit, starts_on, ends_on, status, owner,
                                   notes, colour, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            rusqlite::params![
                input.name,
                input.objective,
                input.target_count,
                input.target_unit,
                input.starts_on,
                input.ends_on,
                input.status.code(),
                input.owner,
                input.notes,
                input.colour,
                now,
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_lists(tx, id, &input)?;
        Ok(id)
    })?;
    get(store, id)
}

/// Replaces a campaign's fields. Refused when posts already planned would fall outside the new dates.
pub fn update(store: &Store, id: i64, input: &CampaignInput, now: DateTime<Utc>) -> Result<Campaign> {
    store.write(|tx| {
        let mut input = validate(tx, input)?;
        let current = read(tx, id)?;
        if input.colour.is_empty() {
            input.colour = current.colour;
        }
        let tz = crate::profile::zone(tx)?;
        let outside = crate::posts::dated_outside(tx, tz, id, input.starts_on, input.ends_on)?;
        if outside > 0 {
            return Err(Error::invalid(
                "starts_on",
                format!("{outside} planned post(s) would fall outside {} – {}", input.starts_on, input.ends_on),
            ));
        }
        tx.execute(
            "UPDATE campaign SET name = ?1, objective = ?2, target_count = ?3, target_unit = ?4, starts_on = ?5,
                                 ends_on = ?6, status = ?7, owner = ?8, notes = ?9, colour = ?10, updated_at = ?11
             WHERE id = ?12",
            rusqlite::params![
                input.name,
                input.objective,
                input.target_count,
                input.target_unit,
                input.starts_on,
                input.ends_on,
                input.status.code(),
                input.owner,
                input.notes,
                input.colour,
                now,
                id,
            ],
        )?;
        for table in ["campaign_audience", "campaign_channel", "campaign_mix_target"] {
            tx.execute(&format!("DELETE FROM {table} WHERE campaign_id = ?1"), [id])?;
        }
        write_lists(tx, id, &input)
    })?;
    get(store, id)
}

fn write_lists(tx: &Transaction, id: i64, input: &CampaignInput) -> Result<()> {
    for (position, audience) in input.audiences.iter().enumerate() {
        tx.execute(
            "INSERT INTO campaign_audience (campaign_id, audience, position) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, audience, position as i64],
        )?;
    }
    for network in &input.channels {
        tx.execute(
            "INSERT OR IGNORE INTO campaign_channel (campaign_id, network) VALUES (?1, ?2)",
            rusqlite::params![id, network.code()],
        )?;
    }
    for target in &input.mix_targets {
        tx.execute(
            "INSERT INTO campaign_mix_target (campaign_id, category_id, share) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, target.category_id, target.share],
        )?;
    }
    Ok(())
}

/// One campaign.
pub fn get(store: &Store, id: i64) -> Result<Campaign> {
    store.read(|conn| read(conn, id))
}

/// Every campaign, the most recent start first.
pub fn list(store: &Store) -> Result<Vec<Campaign>> {
    store.read(|conn| {
        let mut stmt = conn.prepare("SELECT id FROM campaign ORDER BY starts_on DESC, id DESC")?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read(conn, id)).collect()
    })
}

/// The campaigns running on any of the local days `from..=to`.
pub fn overlapping(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Campaign>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT id FROM campaign WHERE starts_on <= ?2 AND ends_on >= ?1 ORDER BY starts_on, id",
        )?;
        let ids: Vec<i64> = stmt
            .query_map([from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read(conn, id)).collect()
    })
}

pub(crate) fn read(conn: &Connection, id: i64) -> Result<Campaign> {
    let row = conn
        .query_row(
            "SELECT name, objective, target_count, target_unit, starts_on, ends_on, status, owner, notes, colour,
                    created_at, updated_at
             FROM campaign WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<u32>>(2)?),
                    (r.get::<_, String>(3)?, r.get::<_, NaiveDate>(4)?, r.get::<_, NaiveDate>(5)?),
                    (r.get::<_, String>(6)?, r.get::<_, String>(7)?, r.get::<_, String>(8)?),
                    (r.get::<_, String>(9)?, r.get::<_, DateTime<Utc>>(10)?, r.get::<_, DateTime<Utc>>(11)?),
                ))
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "campaign", id })?;
    let ((name, objective, target_count), (target_unit, starts_on, ends_on), (status, owner, notes), rest) =
        row;
    let (colour, created_at, updated_at) = rest;
    let status = CampaignStatus::from_code(&status).ok_or_else(|| stored_value("status", &status))?;
    let audiences = strings(
        conn,
        "SELECT audience FROM campaign_audience WHERE campaign_id = ?1 ORDER BY position",
        id,
    )?;
    let channels = strings(
        conn,
        "SELECT network FROM campaign_channel WHERE campaign_id = ?1 ORDER BY rowid",
        id,
    )?
    .into_iter()
    .map(|code| Network::from_code(&code).ok_or_else(|| stored_value("network", &code)))
    .collect::<Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT t.category_id, t.share FROM campaign_mix_target t JOIN content_category c ON c.id = t.category_id
         WHERE t.campaign_id = ?1 ORDER BY c.position",
    )?;
    let mix_targets = stmt
        .query_map([id], |r| {
            Ok(MixTarget {
                category_id: r.get(0)?,
                share: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Campaign {
        id,
        name,
        objective,
        target_count,
        target_unit,
        starts_on,
        ends_on,
        status,
        owner,
        notes,
        colour,
        audiences,
        channels,
        mix_targets,
        created_at,
        updated_at,
    })
}

fn strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{festival, now, store};

    #[test]
    fn a_campaign_is_stored_with_its_lists_and_a_palette_colour() {
        let (_dir, store) = store();
        let added = add(&store, &festival(&store), now()).unwrap();
        assert_eq!(added.name, "Festival della lettura");
        assert_eq!(
            added.audiences,
            ["Famiglie 0-6", "Ragazzi"],
            "duplicates ignoring case are dropped"
        );
        assert_eq!(added.channels, [Network::Mastodon, Network::Bluesky]);
        assert_eq!(
            added.mix_targets.iter().map(|t| t.share).collect::<Vec<_>>(),
            [30, 20, 10, 40]
        );
        assert_eq!(added.colour, PALETTE[0]);
        assert_eq!(add(&store, &festival(&store), now()).unwrap().colour, PALETTE[1]);
        assert_eq!(list(&store).unwrap().len(), 2);
        assert_eq!(get(&store, 99).unwrap_err().code(), crate::ErrorCode::NotFound);
    }

    #[test]
    fn impossible_campaigns_name_the_field_and_write_nothing() {
        let (_dir, store) = store();
        type Spoil = fn(&mut CampaignInput);
        let cases: [(&str, Spoil); 6] = [
            ("name", |c| c.name = " ".into()),
            ("ends_on", |c| {
                c.ends_on = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap()
            }),
            ("target_unit", |c| c.target_unit = String::new()),
            ("colour", |c| c.colour = "teal".into()),
            ("mix_targets", |c| c.mix_targets[0].share = 50),
            ("mix_targets[1]", |c| c.mix_targets[1].category_id = 999),
        ];
        for (field, spoil) in cases {
            let mut input = festival(&store);
            spoil(&mut input);
            let err = add(&store, &input, now()).unwrap_err();
            assert_eq!(
                crate::ErrorPayload::from(&err).field.as_deref(),
                Some(field),
                "{err}"
            );
        }
        assert!(list(&store).unwrap().is_empty());
    }

    #[test]
    fn an_update_replaces_fields_and_lists() {
        let (_dir, store) = store();
        let added = add(&store, &festival(&store), now()).unwrap();
        let mut input = festival(&store);
        input.status = CampaignStatus::Running;
        input.channels = vec![Network::Instagram];
        input.mix_targets.clear();
        let updated = update(&store, added.id, &input, now()).unwrap();
        assert_eq!(updated.status, CampaignStatus::Running);
        assert_eq!(updated.channels, [Network::Instagram]);
        assert!(updated.mix_targets.is_empty());
        assert_eq!(
            updated.colour, added.colour,
            "an empty colour keeps the current one"
        );
    }
}
