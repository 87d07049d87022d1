//! What the calendar shows for a range of local days: the posts, the campaigns they belong to, the content
//! mix and the planning warnings, in one call so the window can draw a month at once.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::campaigns::{self, Campaign};
use crate::error::{Error, Result};
use crate::io::ics::{self, IcsEntry};
use crate::local_time;
use crate::planning::{self, Mix, PlanWarning, PlanningRules};
use crate::posts::{self, Post, PostRange};
use crate::profile::{self, Network};
use crate::store::Store;

/// The plan for `from..=to` (local days), optionally one campaign's only.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub posts: Vec<Post>,
    pub campaigns: Vec<Campaign>,
    pub mix: Mix,
    pub warnings: Vec<PlanWarning>,
    pub rules: PlanningRules,
}

/// The most days a plan covers without a campaign: a month view with the days around it. A busy library
/// plans about 11 posts a day, and a longer plan would cross the window's 1 MB budget for one answer; a
/// campaign's plan is bounded by the campaign instead.
pub const MAX_PLAN_DAYS: i64 = 62;

/// Loads the plan for the local days `from..=to` (at most [`MAX_PLAN_DAYS`] unless it is one campaign's).
pub fn view(store: &Store, from: NaiveDate, to: NaiveDate, campaign_id: Option<i64>) -> Result<PlanView> {
    if to < from {
        return Err(Error::invalid("to", format!("{to} is before {from}")));
    }
    if campaign_id.is_none() {
        crate::fields::within_days("a plan", from, to, MAX_PLAN_DAYS)?;
    }
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let tz = local_time::zone(&library.timezone)?;
    let posts = posts::list(store, posts::local_days(tz, from, to, campaign_id)?)?;
    let campaigns = match campaign_id {
        Some(id) => vec![campaigns::get(store, id)?],
        None => campaigns::overlapping(store, from, to)?,
    };
    let targets = match campaign_id {
        Some(_) => campaigns[0].mix_targets.clone(),
        None => Vec::new(),
    };
    let rules = planning::rules(store)?;
    let mix = planning::mix(
        &planning::count_by_category(&posts),
        &library.categories,
        &targets,
    );
    let mut warnings = planning::mix_warnings(&mix, &rules);
    // A campaign watches its own channels; the whole plan watches the library's accounts and every network
    // it plans posts on.
    let mut channels: Vec<Network> = match campaign_id {
        Some(_) => campaigns[0].channels.clone(),
        None => library.handles.iter().map(|h| h.network).collect(),
    };
    if campaign_id.is_none() {
        channels.extend(posts.iter().flat_map(|p| p.channels.iter().map(|c| c.network)));
    }
    channels.sort_by_key(|n| Network::ALL.iter().position(|m| m == n));
    channels.dedup();
    warnings.extend(planning::rhythm_warnings(&posts, &channels, from, to, &rules));
    Ok(PlanView {
        from,
        to,
        posts,
        campaigns,
        mix,
        warnings,
        rules,
    })
}

/// The content mix of the local days `from..=to` (a year, say), counted in SQL without loading the posts.
pub fn mix_of(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Mix> {
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let range = posts::local_days(local_time::zone(&library.timezone)?, from, to, None)?;
    Ok(planning::mix(
        &posts::count_by_category(store, range)?,
        &library.categories,
        &[],
    ))
}

/// Writes the plan (or one campaign's) as an iCalendar file at `path`; returns the path written.
pub fn export_ics_file(
    store: &Store,
    path: &std::path::Path,
    campaign_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String> {
    let text = export_ics(store, campaign_id, now)?;
    std::fs::write(path, text).map_err(Error::io(path))?;
    Ok(path.display().to_string())
}

/// A campaign's plan as CSV: one row per post, with its local date and time, state, category, event and the
/// text for each channel.
pub fn campaign_plan_csv(store: &Store, campaign_id: i64) -> Result<String> {
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    campaigns::get(store, campaign_id)?;
    let rows: Vec<Vec<String>> = posts::list(store, PostRange::all(Some(campaign_id)))?
        .into_iter()
        .map(|p| {
            let local = p
                .planned_local
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let (date, time) = local
                .split_once(' ')
                .map(|(d, t)| (d.to_owned(), t.to_owned()))
                .unwrap_or_default();
            let category = library
                .categories
                .iter()
                .find(|c| c.id == p.category_id)
                .map(|c| c.name.clone());
            let channels: Vec<String> = p
                .channels
                .iter()
                .map(|c| format!("{:?}: {}", c.network, c.text))
                .collect();
            vec![
                p.id.to_string(),
                date,
                time,
                format!("{:?}", p.state).to_lowercase(),
                category.unwrap_or_default(),
                p.event_id.map(|e| e.to_string()).unwrap_or_default(),
                channels.join("\n"),
            ]
        })
        .collect();
    crate::io::csv_table::write(
        &[
            "post",
            "date",
            "time",
            "state",
            "category",
            "event",
            "text per channel",
        ],
        &rows,
    )
}

/// A campaign's report as CSV: for each content category the planned posts and share against the target,
/// then the planning warnings.
pub fn campaign_report_csv(store: &Store, campaign_id: i64) -> Result<String> {
    let campaign = campaigns::get(store, campaign_id)?;
    let plan = view(store, campaign.starts_on, campaign.ends_on, Some(campaign_id))?;
    let mut rows: Vec<Vec<String>> = plan
        .mix
        .shares
        .iter()
        .map(|s| {
            let target = s.target.map(|t| format!("{t}%")).unwrap_or_default();
            vec![
                "mix".into(),
                s.name.clone(),
                s.posts.to_string(),
                format!("{}%", s.share),
                target,
            ]
        })
        .collect();
    rows.push(vec![
        "mix".into(),
        "announcements (events and service information)".into(),
        String::new(),
        format!("{}%", plan.mix.announcement_share),
        format!("at most {}%", plan.rules.max_announcement_share),
    ]);
    rows.extend(plan.warnings.iter().map(|w| {
        let detail = serde_json::to_value(w).map(|v| v.to_string()).unwrap_or_default();
        vec![
            "warning".into(),
            detail,
            String::new(),
            String::new(),
            String::new(),
        ]
    }));
    crate::io::csv_table::write(&["section", "item", "posts", "share", "target"], &rows)
}

/// How long a post occupies in an exported calendar.
const EXPORTED_POST_MINUTES: i64 = 15;

/// The plan (every dated post, or one campaign's) as an iCalendar file for calendar programs.
pub fn export_ics(store: &Store, campaign_id: Option<i64>, now: DateTime<Utc>) -> Result<String> {
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let name = match campaign_id {
        Some(id) => campaigns::get(store, id)?.name,
        None => library.name.clone(),
    };
    let entries: Vec<IcsEntry> = posts::list(store, PostRange::all(campaign_id))?
        .iter()
        .filter_map(|post| {
            let starts_at = post.planned_at?;
            let category = library.categories.iter().find(|c| c.id == post.category_id);
            let category = category.map(|c| c.name.clone()).unwrap_or_default();
            let first_text = post
                .channels
                .iter()
                .map(|c| c.text.trim())
                .find(|t| !t.is_empty());
            let title: String = first_text.unwrap_or(&category).chars().take(80).collect();
            let description: Vec<String> = post
                .channels
                .iter()
                .map(|c| format!("{:?}: {}", c.network, c.text))
                .collect();
            Some(IcsEntry {
                uid: format!("post-{}@agora", post.id),
                title,
                description: description.join("\n"),
                categories: category,
                starts_at,
                ends_at: starts_at + TimeDelta::minutes(EXPORTED_POST_MINUTES),
            })
        })
        .collect();
    Ok(ics::write(&name, &entries, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::PlanWarning;
    use crate::posts::{ChannelText, PostInput, PostState};
    use crate::testing::{festival, now, store};

    fn post(store: &Store, category: usize, campaign_id: Option<i64>, at: &str) -> Post {
        let library = profile::load(store).unwrap().unwrap();
        let input = PostInput {
            campaign_id,
            category_id: library.categories[category].id,
            event_id: None,
            planned_at: Some(local_time::parse_local(at, "at").unwrap()),
            state: PostState::Draft,
            channels: vec![ChannelText {
                network: Network::Mastodon,
                text: format!("Post alle {at}"),
            }],
        };
        posts::add(store, &input, now()).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn a_campaign_view_has_its_posts_mix_against_target_and_warnings() {
        let (_dir, store) = store();
        let campaign = campaigns::add(&store, &festival(&store), now()).unwrap();
        for d in ["2027-03-02T10:00", "2027-03-03T10:00", "2027-03-04T10:00"] {
            post(&store, 0, Some(campaign.id), d);
        }
        post(&store, 0, None, "2027-03-05T10:00");
        let view = view(&store, day(1), day(31), Some(campaign.id)).unwrap();
        assert_eq!(view.posts.len(), 3, "only the campaign's posts");
        assert_eq!(view.mix.shares[0].share, 100);
        assert_eq!(view.mix.shares[0].target, Some(30));
        assert!(view
            .warnings
            .contains(&PlanWarning::TooManyAnnouncements { share: 100, max: 70 }));
        assert!(view.warnings.contains(&PlanWarning::NoCommunityStory));
        assert!(view.warnings.iter().any(|w| matches!(
            w,
            PlanWarning::Silence {
                network: Network::Bluesky,
                ..
            }
        )));
    }

    #[test]
    fn the_exported_plan_parses_back_with_every_post() {
        let (_dir, store) = store();
        let campaign = campaigns::add(&store, &festival(&store), now()).unwrap();
        let a = post(&store, 3, Some(campaign.id), "2027-03-27T10:00");
        let b = post(&store, 3, Some(campaign.id), "2027-03-29T10:00");
        post(&store, 3, None, "2027-03-30T10:00");
        let text = export_ics(&store, Some(campaign.id), now()).unwrap();
        assert!(
            text.contains("NAME:Festival della lettura")
                || text.contains("X-WR-CALNAME:Festival della lettura"),
            "{text}"
        );
        let back = ics::parse(&text, local_time::zone("Europe/Rome").unwrap()).unwrap();
        assert_eq!(
            back.iter().map(|e| e.uid.clone()).collect::<Vec<_>>(),
            [format!("post-{}@agora", a.id), format!("post-{}@agora", b.id)]
        );
        assert_eq!(back[1].starts_at.to_rfc3339(), "2027-03-29T08:00:00+00:00");
        assert_eq!(back[1].title, "Post alle 2027-03-29T10:00");
        assert!(text.contains("CATEGORIES:Storie della comunità"));
    }

    #[test]
    fn the_mix_counted_in_sql_matches_the_mix_of_the_loaded_posts() {
        let (_dir, store) = store();
        for (category, at) in [
            (0, "2027-03-02T10:00"),
            (3, "2027-03-03T10:00"),
            (3, "2027-04-20T10:00"),
        ] {
            post(&store, category, None, at);
        }
        post(&store, 0, None, "2027-05-15T10:00");
        let counted = mix_of(&store, day(1), NaiveDate::from_ymd_opt(2027, 4, 30).unwrap()).unwrap();
        let loaded = view(
            &store,
            day(1),
            NaiveDate::from_ymd_opt(2027, 4, 30).unwrap(),
            None,
        )
        .unwrap()
        .mix;
        assert_eq!(counted, loaded);
        assert_eq!((counted.total, counted.shares[3].share), (3, 67));
    }

    #[test]
    fn the_whole_plan_watches_every_network_it_posts_on() {
        let (_dir, store) = store();
        for at in ["2027-03-02T09:00", "2027-03-02T09:20", "2027-03-02T18:00"] {
            post(&store, 3, None, at);
        }
        let view = view(&store, day(2), day(2), None).unwrap();
        assert!(
            view.warnings.contains(&PlanWarning::Overload {
                network: Network::Mastodon,
                day: day(2),
                posts: 3
            }),
            "{:?}",
            view.warnings
        );
    }

    #[test]
    fn an_inverted_range_is_refused() {
        let (_dir, store) = store();
        assert_eq!(
            view(&store, day(5), day(1), None).unwrap_err().code(),
            crate::ErrorCode::InvalidInput
        );
    }

    #[test]
    fn a_plan_without_a_campaign_covers_at_most_two_months() {
        let (_dir, store) = store();
        let campaign = campaigns::add(&store, &festival(&store), now()).unwrap();
        let last = day(1) + chrono::Days::new(MAX_PLAN_DAYS as u64 - 1);
        assert!(view(&store, day(1), last, None).is_ok());
        let err = view(&store, day(1), last + chrono::Days::new(1), None).unwrap_err();
        assert!(err.to_string().contains("at most 62 days"), "{err}");
        assert!(view(&store, day(1), day(1) + chrono::Days::new(400), Some(campaign.id)).is_ok());
    }
}

#[cfg(test)]
mod csv_tests {
    use super::*;
    use crate::posts::{ChannelText, PostInput, PostState};
    use crate::testing::{festival, now, store};

    #[test]
    fn a_campaigns_plan_and_report_are_written_as_csv() {
        let (_dir, store) = store();
        let campaign = campaigns::add(&store, &festival(&store), now()).unwrap();
        let category_id = profile::load(&store).unwrap().unwrap().categories[0].id;
        let input = PostInput {
            campaign_id: Some(campaign.id),
            category_id,
            event_id: None,
            planned_at: Some(local_time::parse_local("2027-03-10T18:30", "at").unwrap()),
            state: PostState::Ready,
            channels: vec![ChannelText {
                network: Network::Mastodon,
                text: "Letture, stasera".into(),
            }],
        };
        posts::add(&store, &input, now()).unwrap();
        let plan = campaign_plan_csv(&store, campaign.id).unwrap();
        let mut lines = plan.lines();
        assert_eq!(
            lines.next(),
            Some("post,date,time,state,category,event,text per channel")
        );
        assert!(lines
            .next()
            .unwrap()
            .ends_with(",2027-03-10,18:30,ready,Eventi,,\"Mastodon: Letture, stasera\""));
        let report = campaign_report_csv(&store, campaign.id).unwrap();
        assert!(report.contains("mix,Eventi,1,100%,30%"), "{report}");
        assert!(report.contains("too_many_announcements"), "{report}");
        assert_eq!(
            campaign_plan_csv(&store, 99).unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
    }
}
