//! A realistic, reproducible dataset for trying Agora and measuring it (`agora dev seed`): years of
//! campaigns, posts spread over the week with a believable content mix, and events with their arcs' posts.
//! Everything goes through the same validated insert paths as real data, in one transaction.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::campaigns::{self, CampaignInput, CampaignStatus, MixTarget};
use crate::error::{Error, Result};
use crate::io::ics::IcsEvent;
use crate::posts::{ChannelText, PostInput, PostState};
use crate::profile::{self, Network};
use crate::store::Store;

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedSize {
    pub first_day: NaiveDate,
    pub years: u32,
    pub campaigns: u32,
    pub posts: u32,
    pub events: u32,
    /// The random generator's seed: the same seed makes the same data.
    pub seed: u64,
}

/// What was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeedReport {
    pub campaigns: u32,
    pub posts: u32,
    pub events: u32,
}

const CHANNELS: [Network; 4] = [
    Network::Mastodon,
    Network::Bluesky,
    Network::Instagram,
    Network::Facebook,
];
const TOPICS: [&str; 8] = [
    "Festival della lettura",
    "Estate in biblioteca",
    "Nati per Leggere",
    "Scuole in biblioteca",
    "Gruppo di lettura",
    "Nuovo servizio di prestito digitale",
    "Storie di quartiere",
    "Settimana della scienza",
];

/// Fills the onboarded library of `store` with generated campaigns, events and posts.
pub fn seed(store: &Store, size: SeedSize, now: DateTime<Utc>) -> Result<SeedReport> {
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let categories = library.categories;
    if categories.len() < 2 {
        return Err(Error::invalid(
            "categories",
            "seeding needs at least two content categories",
        ));
    }
    let mut rng = StdRng::seed_from_u64(size.seed);
    let days = i64::from(size.years) * 365;
    let day_at = |offset: i64| size.first_day + TimeDelta::days(offset);
    let mut report = SeedReport::default();
    let mut campaign_spans: Vec<(i64, NaiveDate, NaiveDate)> = Vec::new();
    for i in 0..size.campaigns {
        let start = day_at(rng.random_range(0..days.max(1)));
        let end = start + TimeDelta::days(rng.random_range(7..60));
        let shares = [30, 20, 15, 35];
        let input = CampaignInput {
            name: format!("{} {}", TOPICS[i as usize % TOPICS.len()], start.year()),
            objective: "Più conversazioni con i lettori".into(),
            target_count: Some(rng.random_range(10..80)),
            target_unit: "replies".into(),
            starts_on: start,
            ends_on: end,
            status: if end < now.date_naive() {
                CampaignStatus::Done
            } else {
                CampaignStatus::Planned
            },
            owner: String::new(),
            notes: String::new(),
            colour: String::new(),
            audiences: vec!["Famiglie 0-6".into()],
            channels: CHANNELS[..2].to_vec(),
            mix_targets: if categories.len() == 4 {
                categories
                    .iter()
                    .zip(shares)
                    .map(|(c, share)| MixTarget {
                        category_id: c.id,
                        share,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        };
        let campaign = campaigns::add(store, &input, now)?;
        campaign_spans.push((campaign.id, start, end));
        report.campaigns += 1;
    }
    store.write(|tx| {
        let tz = crate::local_time::zone(&library.timezone)?;
        for i in 0..size.events {
            let day = day_at(rng.random_range(0..days.max(1)));
            let hour = rng.random_range(10..19);
            let starts_at =
                crate::local_time::to_utc(tz, day.and_hms_opt(hour, 0, 0).unwrap_or_default(), "seed")?;
            let event = IcsEvent {
                uid: format!("seed-{i}@agora"),
                title: format!("{} – incontro {i}", TOPICS[i as usize % TOPICS.len()]),
                starts_at,
                ends_at: starts_at + TimeDelta::minutes(90),
                place: "Sala ragazzi".into(),
                description: String::new(),
                url: String::new(),
            };
            crate::events::insert(tx, &event, now)?;
            report.events += 1;
        }
        for i in 0..size.posts {
            // Two posts in three belong to a campaign and fall inside it.
            let (campaign_id, day) =
                match campaign_spans.get(rng.random_range(0..campaign_spans.len().max(1) * 3 / 2)) {
                    Some(&(id, start, end)) => (
                        Some(id),
                        start + TimeDelta::days(rng.random_range(0..=(end - start).num_days())),
                    ),
                    None => (None, day_at(rng.random_range(0..days.max(1)))),
                };
            let at = NaiveTime::from_hms_opt(
                rng.random_range(8..20),
                [0, 15, 30, 45][rng.random_range(0..4)],
                0,
            )
            .unwrap_or(NaiveTime::MIN);
            let networks = &CHANNELS[..rng.random_range(1..=CHANNELS.len())];
            let input = PostInput {
                campaign_id,
                category_id: categories[rng.random_range(0..categories.len())].id,
                event_id: None,
                planned_at: Some(day.and_time(at)),
                state: if day < now.date_naive() {
                    PostState::Published
                } else {
                    PostState::Draft
                },
                channels: networks
                    .iter()
                    .map(|&network| ChannelText {
                        network,
                        text: format!("Post {i}: cosa state leggendo?"),
                    })
                    .collect(),
            };
            match crate::posts::insert(tx, &input, now) {
                Ok(_) => report.posts += 1,
                // A random local time can fall in the hour skipped for daylight saving: skip that one.
                Err(Error::InvalidInput { field, .. }) if field == "planned_at" => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{now, store};

    fn small(seed: u64) -> SeedSize {
        SeedSize {
            first_day: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            years: 1,
            campaigns: 5,
            posts: 200,
            events: 10,
            seed,
        }
    }

    fn titles(store: &Store) -> Vec<String> {
        crate::posts::list(store, crate::posts::PostRange::all(None))
            .unwrap()
            .into_iter()
            .map(|p| format!("{:?} {}", p.planned_local, p.channels[0].text))
            .collect()
    }

    #[test]
    fn seeding_makes_what_was_asked_and_the_same_seed_makes_the_same_plan() {
        let (_a, first) = store();
        let (_b, second) = store();
        let report = seed(&first, small(7), now()).unwrap();
        assert_eq!((report.campaigns, report.events), (5, 10));
        assert!(
            report.posts > 190,
            "only posts in a skipped DST hour are dropped: {}",
            report.posts
        );
        seed(&second, small(7), now()).unwrap();
        assert_eq!(titles(&first), titles(&second));
    }
}
