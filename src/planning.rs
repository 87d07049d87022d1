//! Planning advice for a set of posts (a month, a campaign): the content mix against its target, and the
//! warnings that keep a library's presence two-way — too many announcements, a month without a community
//! story, a channel left silent, a channel overloaded in a day or within an hour.
//!
//! The advice is a pure function of posts, categories and [`PlanningRules`]; callers load the posts. The
//! rules themselves are stored per library ([`rules`], [`set_rules`]).

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;
use ts_rs::TS;

use crate::campaigns::MixTarget;
use crate::error::{Error, Result};
use crate::posts::Post;
use crate::profile::{CategoryKind, ContentCategory, Network};
use crate::store::Store;

/// The thresholds the advice uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct PlanningRules {
    /// Announcements (events and service information) above this share of posts, in percent, get a warning.
    pub max_announcement_share: u8,
    /// A channel with no planned post for more than this many days gets a warning.
    pub silence_days: u32,
    /// More than this many posts on one channel in one local day is an overload.
    pub max_posts_per_channel_day: u32,
    /// Two posts on one channel closer than this, in minutes, are an overload too.
    pub min_minutes_between_posts: u32,
}

impl Default for PlanningRules {
    fn default() -> Self {
        PlanningRules {
            max_announcement_share: 70,
            silence_days: 7,
            max_posts_per_channel_day: 2,
            min_minutes_between_posts: 60,
        }
    }
}

/// The library's planning rules (the defaults until it sets its own).
pub fn rules(store: &Store) -> Result<PlanningRules> {
    store.read(|conn| {
        let stored = conn.query_row(
            "SELECT max_announcement_share, silence_days, max_posts_per_channel_day, min_minutes_between_posts
             FROM planning_rules WHERE id = 1",
            [],
            |r| {
                Ok(PlanningRules {
                    max_announcement_share: r.get(0)?,
                    silence_days: r.get(1)?,
                    max_posts_per_channel_day: r.get(2)?,
                    min_minutes_between_posts: r.get(3)?,
                })
            },
        );
        match stored {
            Ok(rules) => Ok(rules),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(PlanningRules::default()),
            Err(e) => Err(e.into()),
        }
    })
}

/// Validates and stores the library's planning rules.
pub fn set_rules(store: &Store, rules: &PlanningRules) -> Result<PlanningRules> {
    if rules.max_announcement_share > 100 {
        return Err(Error::invalid(
            "max_announcement_share",
            "a share is at most 100%",
        ));
    }
    if !(1..=90).contains(&rules.silence_days) {
        return Err(Error::invalid("silence_days", "choose between 1 and 90 days"));
    }
    if !(1..=20).contains(&rules.max_posts_per_channel_day) {
        return Err(Error::invalid(
            "max_posts_per_channel_day",
            "choose between 1 and 20 posts",
        ));
    }
    if rules.min_minutes_between_posts > 24 * 60 {
        return Err(Error::invalid(
            "min_minutes_between_posts",
            "choose at most 1,440 minutes (a day)",
        ));
    }
    store.write(|tx| {
        tx.execute(
            "INSERT INTO planning_rules (id, max_announcement_share, silence_days, max_posts_per_channel_day,
                                         min_minutes_between_posts)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET max_announcement_share = ?1, silence_days = ?2,
                 max_posts_per_channel_day = ?3, min_minutes_between_posts = ?4",
            rusqlite::params![
                rules.max_announcement_share,
                rules.silence_days,
                rules.max_posts_per_channel_day,
                rules.min_minutes_between_posts
            ],
        )?;
        Ok(())
    })?;
    Ok(*rules)
}

/// One category's place in the mix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MixShare {
    #[ts(type = "number")]
    pub category_id: i64,
    pub name: String,
    pub kind: CategoryKind,
    pub posts: u32,
    /// Percent of all posts, rounded.
    pub share: u8,
    /// The campaign's target share, when it has one.
    pub target: Option<u8>,
}

/// The content mix of a set of posts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Mix {
    pub total: u32,
    pub shares: Vec<MixShare>,
    /// Percent of posts that are announcements (events and service information).
    pub announcement_share: u8,
}

/// Something in the plan worth a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanWarning {
    TooManyAnnouncements {
        share: u8,
        max: u8,
    },
    NoCommunityStory,
    Silence {
        network: Network,
        from: NaiveDate,
        to: NaiveDate,
        days: u32,
    },
    Overload {
        network: Network,
        day: NaiveDate,
        posts: u32,
    },
    TooClose {
        network: Network,
        #[ts(type = "number")]
        first: i64,
        #[ts(type = "number")]
        second: i64,
        minutes: u32,
    },
}

fn percent(part: u32, total: u32) -> u8 {
    if total == 0 {
        0
    } else {
        ((f64::from(part) * 100.0 / f64::from(total)).round()) as u8
    }
}

/// How many posts each content category has, by category id.
pub type CategoryCounts = BTreeMap<i64, u32>;

/// Counts `posts` by content category.
pub fn count_by_category(posts: &[Post]) -> CategoryCounts {
    let mut counts = CategoryCounts::new();
    for post in posts {
        *counts.entry(post.category_id).or_default() += 1;
    }
    counts
}

/// The mix of posts counted by category over `categories`, with `targets` where a campaign sets them.
pub fn mix(counts: &CategoryCounts, categories: &[ContentCategory], targets: &[MixTarget]) -> Mix {
    let total = counts.values().sum();
    let shares: Vec<MixShare> = categories
        .iter()
        .map(|c| {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            MixShare {
                category_id: c.id,
                name: c.name.clone(),
                kind: c.kind,
                posts: n,
                share: percent(n, total),
                target: targets.iter().find(|t| t.category_id == c.id).map(|t| t.share),
            }
        })
        .collect();
    let announcements = shares
        .iter()
        .filter(|s| matches!(s.kind, CategoryKind::Event | CategoryKind::ServiceInformation))
        .map(|s| s.posts)
        .sum();
    Mix {
        total,
        announcement_share: percent(announcements, total),
        shares,
    }
}

/// Warnings about the mix of a period or campaign that has posts.
pub fn mix_warnings(mix: &Mix, rules: &PlanningRules) -> Vec<PlanWarning> {
    let mut warnings = Vec::new();
    if mix.total == 0 {
        return warnings;
    }
    if mix.announcement_share > rules.max_announcement_share {
        warnings.push(PlanWarning::TooManyAnnouncements {
            share: mix.announcement_share,
            max: rules.max_announcement_share,
        });
    }
    let stories = mix
        .shares
        .iter()
        .filter(|s| s.kind == CategoryKind::CommunityStory)
        .map(|s| s.posts)
        .sum::<u32>();
    if stories == 0 {
        warnings.push(PlanWarning::NoCommunityStory);
    }
    warnings
}

/// Warnings about the rhythm of each channel over the local days `from..=to`: silences and overloads.
/// `posts` must be in planned order, with local times.
pub fn rhythm_warnings(
    posts: &[Post],
    channels: &[Network],
    from: NaiveDate,
    to: NaiveDate,
    rules: &PlanningRules,
) -> Vec<PlanWarning> {
    let mut warnings = Vec::new();
    for &network in channels {
        let on_channel: Vec<&Post> = posts
            .iter()
            .filter(|p| p.planned_local.is_some() && p.channels.iter().any(|c| c.network == network))
            .collect();
        // Silences: gaps between the period's edges and the posts, longer than the rule allows.
        let mut last = from.pred_opt().unwrap_or(from);
        let days: Vec<NaiveDate> = on_channel
            .iter()
            .filter_map(|p| p.planned_local.map(|t| t.date()))
            .collect();
        for day in days
            .iter()
            .copied()
            .chain(std::iter::once(to.succ_opt().unwrap_or(to)))
        {
            let gap = (day - last).num_days() - 1;
            if gap > i64::from(rules.silence_days) {
                warnings.push(PlanWarning::Silence {
                    network,
                    from: last.succ_opt().unwrap_or(last),
                    to: day.pred_opt().unwrap_or(day),
                    days: gap as u32,
                });
            }
            last = last.max(day);
        }
        // Overloads: too many posts in one day, or two too close together.
        let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for day in &days {
            *per_day.entry(*day).or_default() += 1;
        }
        for (day, n) in per_day {
            if n > rules.max_posts_per_channel_day {
                warnings.push(PlanWarning::Overload {
                    network,
                    day,
                    posts: n,
                });
            }
        }
        for pair in on_channel.windows(2) {
            let (Some(a), Some(b)) = (pair[0].planned_at, pair[1].planned_at) else {
                continue;
            };
            let gap = b - a;
            if gap < TimeDelta::minutes(i64::from(rules.min_minutes_between_posts)) {
                warnings.push(PlanWarning::TooClose {
                    network,
                    first: pair[0].id,
                    second: pair[1].id,
                    minutes: gap.num_minutes() as u32,
                });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posts::{ChannelText, PostState};
    use crate::testing::now;

    fn categories() -> Vec<ContentCategory> {
        let kinds = [
            CategoryKind::Event,
            CategoryKind::Activity,
            CategoryKind::ServiceInformation,
            CategoryKind::CommunityStory,
        ];
        kinds
            .into_iter()
            .enumerate()
            .map(|(i, kind)| ContentCategory {
                id: i as i64 + 1,
                name: format!("c{i}"),
                kind,
            })
            .collect()
    }

    fn post(id: i64, category_id: i64, local: &str, networks: &[Network]) -> Post {
        let tz = crate::local_time::zone("Europe/Rome").unwrap();
        let planned_local = crate::local_time::parse_local(local, "at").unwrap();
        Post {
            id,
            campaign_id: None,
            category_id,
            event_id: None,
            planned_at: Some(crate::local_time::to_utc(tz, planned_local, "at").unwrap()),
            planned_local: Some(planned_local),
            state: PostState::Draft,
            channels: ChannelText::same_on(networks, ""),
            edited: false,
            created_at: now(),
            updated_at: now(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn rules_default_until_set_and_bad_ones_name_the_field() {
        let (_dir, store) = crate::testing::store();
        assert_eq!(rules(&store).unwrap(), PlanningRules::default());
        let stricter = PlanningRules {
            max_announcement_share: 50,
            silence_days: 3,
            ..PlanningRules::default()
        };
        set_rules(&store, &stricter).unwrap();
        assert_eq!(rules(&store).unwrap(), stricter);
        let err = set_rules(
            &store,
            &PlanningRules {
                silence_days: 0,
                ..stricter
            },
        )
        .unwrap_err();
        assert_eq!(
            crate::ErrorPayload::from(&err).field.as_deref(),
            Some("silence_days")
        );
        assert_eq!(rules(&store).unwrap(), stricter, "unchanged");
    }

    #[test]
    fn the_mix_counts_shares_targets_and_announcements() {
        let posts: Vec<Post> = [1, 1, 3, 4]
            .iter()
            .enumerate()
            .map(|(i, &c)| post(i as i64, c, "2027-03-02T10:00", &[]))
            .collect();
        let targets = [MixTarget {
            category_id: 4,
            share: 40,
        }];
        let mix = mix(&count_by_category(&posts), &categories(), &targets);
        assert_eq!(mix.total, 4);
        assert_eq!(
            mix.shares.iter().map(|s| s.share).collect::<Vec<_>>(),
            [50, 0, 25, 25]
        );
        assert_eq!(mix.shares[3].target, Some(40));
        assert_eq!(mix.announcement_share, 75, "events and service information");
        assert_eq!(
            mix_warnings(&mix, &PlanningRules::default()),
            [PlanWarning::TooManyAnnouncements { share: 75, max: 70 }]
        );
    }

    #[test]
    fn a_month_without_a_community_story_is_flagged_but_an_empty_one_is_not() {
        let posts = [post(1, 2, "2027-03-02T10:00", &[])];
        let rules = PlanningRules::default();
        assert_eq!(
            mix_warnings(&mix(&count_by_category(&posts), &categories(), &[]), &rules),
            [PlanWarning::NoCommunityStory]
        );
        assert!(mix_warnings(&mix(&CategoryCounts::new(), &categories(), &[]), &rules).is_empty());
    }

    #[test]
    fn silences_are_found_at_the_edges_and_between_posts() {
        let m = Network::Mastodon;
        let posts = [
            post(1, 4, "2027-03-05T10:00", &[m]),
            post(2, 4, "2027-03-20T10:00", &[m]),
        ];
        let warnings = rhythm_warnings(&posts, &[m], day(1), day(31), &PlanningRules::default());
        assert_eq!(
            warnings,
            [
                PlanWarning::Silence {
                    network: m,
                    from: day(6),
                    to: day(19),
                    days: 14
                },
                PlanWarning::Silence {
                    network: m,
                    from: day(21),
                    to: day(31),
                    days: 11
                },
            ],
            "four quiet days at the start are fine; 14 and 11 are not"
        );
    }

    #[test]
    fn overloads_by_day_and_by_hour_are_found_per_channel() {
        let (m, b) = (Network::Mastodon, Network::Bluesky);
        let posts = [
            post(1, 4, "2027-03-02T09:00", &[m, b]),
            post(2, 4, "2027-03-02T09:30", &[m]),
            post(3, 4, "2027-03-02T18:00", &[m]),
        ];
        let warnings = rhythm_warnings(&posts, &[m, b], day(2), day(2), &PlanningRules::default());
        assert_eq!(
            warnings,
            [
                PlanWarning::Overload {
                    network: m,
                    day: day(2),
                    posts: 3
                },
                PlanWarning::TooClose {
                    network: m,
                    first: 1,
                    second: 2,
                    minutes: 30
                },
            ]
        );
    }
}
