//! Event arcs: from one event, the posts that carry it — an announcement two weeks before, a reminder two
//! days before, a post on the day, thanks and a recap the day after — each linked to the event, at the
//! offsets and on the channels of an [`ArcTemplate`].

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::events;
use crate::local_time;
use crate::posts::{self, ChannelText, Post, PostInput, PostState};
use crate::profile::{self, CategoryKind, Network};
use crate::store::Store;
use crate::Language;

/// What a step of an arc is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArcStepKind {
    Announcement,
    Reminder,
    DayOf,
    Thanks,
}

/// One post of an arc: days from the event's local day, and the local time to post at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArcStep {
    pub kind: ArcStepKind,
    pub offset_days: i32,
    pub at: NaiveTime,
}

/// The steps of an arc and the channels its posts go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArcTemplate {
    pub steps: Vec<ArcStep>,
    pub channels: Vec<Network>,
}

impl ArcTemplate {
    /// Announcement −14 d, reminder −2 d and thanks +1 d at 10:00; the day-of post at 09:00.
    pub fn standard(channels: Vec<Network>) -> ArcTemplate {
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN);
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN);
        let step = |kind, offset_days, at| ArcStep {
            kind,
            offset_days,
            at,
        };
        ArcTemplate {
            steps: vec![
                step(ArcStepKind::Announcement, -14, ten),
                step(ArcStepKind::Reminder, -2, ten),
                step(ArcStepKind::DayOf, 0, nine),
                step(ArcStepKind::Thanks, 1, ten),
            ],
            channels,
        }
    }
}

/// A starting text for a step, in the library's primary language; the officer rewrites it in the editor.
fn starter_text(kind: ArcStepKind, language: Language, title: &str, when: &str, place: &str) -> String {
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" – {place}")
    };
    match (language, kind) {
        (Language::It, ArcStepKind::Announcement) => format!("{title}: {when}{place}. Chi di voi ci sarà?"),
        (Language::It, ArcStepKind::Reminder) => {
            format!("Tra due giorni: {title}{place}. Cosa vi incuriosisce di più?")
        }
        (Language::It, ArcStepKind::DayOf) => format!("Oggi: {title}{place}. Vi aspettiamo!"),
        (Language::It, ArcStepKind::Thanks) => format!("Grazie a chi è venuto a {title}! Cosa vi è rimasto?"),
        (Language::En, ArcStepKind::Announcement) => format!("{title}: {when}{place}. Who's coming?"),
        (Language::En, ArcStepKind::Reminder) => {
            format!("In two days: {title}{place}. What are you curious about?")
        }
        (Language::En, ArcStepKind::DayOf) => format!("Today: {title}{place}. See you there!"),
        (Language::En, ArcStepKind::Thanks) => {
            format!("Thank you for coming to {title}! What stayed with you?")
        }
    }
}

/// Generates the draft posts of `template` for event `event_id`, all or nothing; in campaign `campaign_id`
/// when given (every post must then fall within the campaign's dates).
pub fn generate(
    store: &Store,
    event_id: i64,
    template: &ArcTemplate,
    campaign_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<Post>> {
    if template.channels.is_empty() {
        return Err(Error::invalid(
            "channels",
            "choose at least one network for the arc",
        ));
    }
    if template.steps.is_empty() {
        return Err(Error::invalid("steps", "an arc needs at least one step"));
    }
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let category = library
        .categories
        .iter()
        .find(|c| c.kind == CategoryKind::Event)
        .ok_or_else(|| Error::invalid("category", "add a content category of the kind \"event\" first"))?;
    let tz = local_time::zone(&library.timezone)?;
    let language = library.languages.first().copied().unwrap_or(Language::En);
    let event = events::get(store, event_id)?;
    let start = local_time::to_local(tz, event.starts_at);
    let when = match language {
        Language::It => start.format("%d/%m alle %H:%M").to_string(),
        Language::En => start.format("%b %-d at %H:%M").to_string(),
    };
    let ids = store.write(|tx| {
        template
            .steps
            .iter()
            .map(|step| {
                let day = start.date() + TimeDelta::days(i64::from(step.offset_days));
                let text = starter_text(step.kind, language, &event.title, &when, &event.place);
                let input = PostInput {
                    campaign_id,
                    category_id: category.id,
                    event_id: Some(event_id),
                    planned_at: Some(day.and_time(step.at)),
                    state: PostState::Draft,
                    channels: ChannelText::same_on(&template.channels, &text),
                };
                posts::insert(tx, &input, now)
            })
            .collect::<Result<Vec<i64>>>()
    })?;
    ids.into_iter().map(|id| posts::get(store, id)).collect()
}
