//! The planning subcommands: `agora campaigns list|show|add`, `agora posts add|list`,
//! `agora events import|list|arc` and `agora calendar export`.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{parse_date, parse_network, Printer};
use crate::campaigns::{self, Campaign, CampaignInput, CampaignStatus, MixTarget};
use crate::error::{Error, Result};
use crate::local_time;
use crate::posts::{self, ChannelText, Post, PostInput, PostState};
use crate::profile::{self, ContentCategory, Network};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub(super) enum CampaignCommand {
    /// Lists the campaigns, the most recent first.
    List,
    /// Shows one campaign.
    Show { id: i64 },
    /// Adds a campaign.
    Add(Box<NewCampaign>),
    /// How the campaign's published posts were received: replies, boosts and favourites on each network,
    /// and the conversations logged for it.
    Report {
        id: i64,
        /// Pulls the counts from the networks first.
        #[arg(long)]
        refresh: bool,
    },
    /// Writes a campaign's plan as CSV (one row per post), and optionally its report (mix and warnings).
    Csv {
        id: i64,
        out: std::path::PathBuf,
        #[arg(long)]
        report: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(super) struct NewCampaign {
    #[arg(long)]
    name: String,
    /// First day, YYYY-MM-DD (library's time zone).
    #[arg(long, value_parser = parse_date("start"))]
    start: NaiveDate,
    /// Last day, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date("end"))]
    end: NaiveDate,
    #[arg(long, default_value = "")]
    objective: String,
    /// The measurable target, e.g. "40 replies".
    #[arg(long)]
    target: Option<String>,
    #[arg(long, default_value = "planned", value_parser = parse_status)]
    status: CampaignStatus,
    #[arg(long, default_value = "")]
    owner: String,
    #[arg(long, default_value = "")]
    notes: String,
    /// `#rrggbb` (default: the next colour of the palette).
    #[arg(long, default_value = "")]
    colour: String,
    #[arg(long = "audience")]
    audiences: Vec<String>,
    #[arg(long = "channel", value_parser = parse_network)]
    channels: Vec<Network>,
    /// A content-mix target, CATEGORY=PERCENT (repeat; the shares add up to 100).
    #[arg(long = "mix")]
    mix: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub(super) enum PostCommand {
    /// Adds a post to the plan; prints its id.
    Add(NewPost),
    /// Lists the posts planned between two days (inclusive, library's time zone).
    List {
        #[arg(long, value_parser = parse_date("from"))]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date("to"))]
        to: NaiveDate,
        #[arg(long)]
        campaign: Option<i64>,
    },
}

#[derive(Debug, Args)]
pub(super) struct NewPost {
    /// The text, used for every channel given.
    #[arg(long)]
    text: String,
    /// A network to post on (repeat for several).
    #[arg(long = "channel", required = true, value_parser = parse_network)]
    channels: Vec<Network>,
    /// Local time in the library's time zone, YYYY-MM-DDTHH:MM (omit for an undated idea).
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    campaign: Option<i64>,
    /// The content category's name (default: the first one).
    #[arg(long)]
    category: Option<String>,
    #[arg(long, default_value = "draft", value_parser = parse_state)]
    state: PostState,
}

#[derive(Debug, Subcommand)]
pub(super) enum EventCommand {
    /// Imports the events of an iCalendar (.ics) file or https:// address; re-importing updates events by UID.
    Import {
        /// A file, or an https:// address.
        source: String,
    },
    /// Lists the events starting between two days (inclusive, library's time zone).
    List {
        #[arg(long, value_parser = parse_date("from"))]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date("to"))]
        to: NaiveDate,
    },
    /// Generates an event's arc of draft posts: announcement (-14 d), reminder (-2 d), day of, thanks (+1 d).
    Arc {
        id: i64,
        #[arg(long)]
        campaign: Option<i64>,
        #[arg(long = "channel", required = true, value_parser = parse_network)]
        channels: Vec<Network>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum CalendarCommand {
    /// Writes the plan (or one campaign's) as an iCalendar file.
    Export {
        #[arg(long)]
        campaign: Option<i64>,
        out: std::path::PathBuf,
    },
}

fn parse_status(text: &str) -> Result<CampaignStatus> {
    CampaignStatus::from_code(text)
        .ok_or_else(|| Error::invalid("status", format!("{text:?}: use idea, planned, running or done")))
}

fn parse_state(text: &str) -> Result<PostState> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| {
        Error::invalid(
            "state",
            format!("{text:?}: use idea, draft, ready, scheduled, published or failed"),
        )
    })
}

fn category_named(categories: &[ContentCategory], name: &str, field: &str) -> Result<i64> {
    categories
        .iter()
        .find(|c| c.name.to_lowercase() == name.trim().to_lowercase())
        .map(|c| c.id)
        .ok_or_else(|| Error::invalid(field, format!("no content category is called {name:?}")))
}

/// "40 replies" → (40, "replies").
fn parse_target(text: &str) -> Result<(u32, String)> {
    let (count, unit) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
    let count = count.parse().map_err(|_| {
        Error::invalid(
            "target",
            format!("{text:?} is not a target such as \"40 replies\""),
        )
    })?;
    Ok((count, unit.trim().to_owned()))
}

/// A campaign's report as lines: the totals, then each post and network.
fn text_report(report: &crate::engagement::CampaignReport) -> String {
    let reach = |r: &crate::engagement::Reach| {
        format!(
            "{} replies, {} boosts, {} favourites",
            r.replies, r.boosts, r.favourites
        )
    };
    let mut out = format!(
        "{}; {} conversations logged, {} awaiting our answer\n",
        reach(&report.totals),
        report.conversations,
        report.awaiting_reply
    );
    for post in &report.posts {
        out.push_str(&format!("post {}: {}\n", post.post_id, post.text));
        for n in &post.networks {
            let counts = n
                .reach
                .as_ref()
                .map_or_else(|| "not counted yet".to_owned(), reach);
            out.push_str(&format!(
                "  {}: {counts}  {}\n",
                n.network.code(),
                n.url.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

pub(super) fn campaigns(
    store: &Store,
    command: CampaignCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        CampaignCommand::List => printer.print(&campaigns::list(store)?, |list| {
            list.iter().map(text_campaign_line).collect()
        }),
        CampaignCommand::Csv { id, out, report } => {
            let mut written = vec![write_file(&out, &crate::calendar::campaign_plan_csv(store, id)?)?];
            if let Some(report) = report {
                written.push(write_file(
                    &report,
                    &crate::calendar::campaign_report_csv(store, id)?,
                )?);
            }
            printer.print(&written, |list| {
                list.iter().map(|w| format!("wrote {}\n", w.file)).collect()
            })
        }
        CampaignCommand::Show { id } => printer.print(&campaigns::get(store, id)?, text_campaign),
        CampaignCommand::Report { id, refresh } => {
            let report = if refresh {
                let secrets = crate::secrets::SecretStore::for_data_dir(store.dir())?;
                crate::engagement::refresh(store, &secrets, id, crate::io::fetch::Retry::default(), now)?
            } else {
                crate::engagement::report(store, id)?
            };
            printer.print(&report, text_report)
        }
        CampaignCommand::Add(new) => {
            let new = *new;
            let categories = profile::load(store)?.ok_or(Error::NotInitialised)?.categories;
            let (target_count, target_unit) = match &new.target {
                Some(t) => parse_target(t).map(|(n, u)| (Some(n), u))?,
                None => (None, String::new()),
            };
            let mut mix_targets = Vec::new();
            for (i, m) in new.mix.iter().enumerate() {
                let field = format!("mix[{i}]");
                let (name, share) = m
                    .rsplit_once('=')
                    .ok_or_else(|| Error::invalid(&field, format!("{m:?}: use CATEGORY=PERCENT")))?;
                let share = share
                    .trim()
                    .parse()
                    .map_err(|_| Error::invalid(&field, format!("{share:?} is not a percentage")))?;
                mix_targets.push(MixTarget {
                    category_id: category_named(&categories, name, &field)?,
                    share,
                });
            }
            let input = CampaignInput {
                name: new.name,
                objective: new.objective,
                target_count,
                target_unit,
                starts_on: new.start,
                ends_on: new.end,
                status: new.status,
                owner: new.owner,
                notes: new.notes,
                colour: new.colour,
                audiences: new.audiences,
                channels: new.channels,
                mix_targets,
            };
            printer.print(&campaigns::add(store, &input, now)?, text_campaign)
        }
    }
}

#[derive(Serialize)]
struct Added {
    id: i64,
}

pub(super) fn posts(store: &Store, command: PostCommand, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    match command {
        PostCommand::Add(new) => {
            let categories = profile::load(store)?.ok_or(Error::NotInitialised)?.categories;
            let category_id = match &new.category {
                Some(name) => category_named(&categories, name, "category")?,
                None => categories.first().map(|c| c.id).ok_or(Error::NotInitialised)?,
            };
            let input = PostInput {
                campaign_id: new.campaign,
                category_id,
                event_id: None,
                planned_at: new
                    .at
                    .as_deref()
                    .map(|at| local_time::parse_local(at, "at"))
                    .transpose()?,
                state: new.state,
                channels: ChannelText::same_on(&new.channels, &new.text),
            };
            let post = posts::add(store, &input, now)?;
            printer.print(&Added { id: post.id }, |a| format!("added post {}\n", a.id))
        }
        PostCommand::List { from, to, campaign } => {
            if to < from {
                return Err(Error::invalid("to", format!("{to} is before {from}")));
            }
            let tz = store.read(crate::profile::zone)?;
            let listed = posts::list(store, posts::local_days(tz, from, to, campaign)?)?;
            printer.print(&listed, |list| list.iter().map(text_post_line).collect())
        }
    }
}

pub(super) fn events(
    store: &Store,
    command: EventCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        EventCommand::Import { source } => {
            let report = if source.starts_with("https://") || source.starts_with("http://") {
                crate::events::import_url(store, &source, now)?
            } else {
                crate::events::import_file(store, std::path::Path::new(&source), now)?
            };
            printer.print(&report, |r| {
                format!(
                    "{} added, {} updated, {} unchanged; {} post(s) moved with their event, {} edited post(s) left in place\n",
                    r.added, r.updated, r.unchanged, r.posts_moved, r.posts_kept
                )
            })
        }
        EventCommand::List { from, to } => {
            let tz = store.read(crate::profile::zone)?;
            let events = crate::events::list_days(store, from, to)?;
            printer.print(&events, |list| {
                list.iter()
                    .map(|e| {
                        let start = local_time::to_local(tz, e.starts_at).format("%Y-%m-%d %H:%M");
                        format!("{:>4}  {start}  {}\n", e.id, e.title)
                    })
                    .collect()
            })
        }
        EventCommand::Arc {
            id,
            campaign,
            channels,
        } => {
            let template = crate::arcs::ArcTemplate::standard(channels);
            let made = crate::arcs::generate(store, id, &template, campaign, now)?;
            printer.print(&made, |list| list.iter().map(text_post_line).collect())
        }
    }
}

pub(super) fn calendar(
    store: &Store,
    command: CalendarCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        CalendarCommand::Export { campaign, out } => {
            let written = Written {
                file: crate::calendar::export_ics_file(store, &out, campaign, now)?,
            };
            printer.print(&written, |w| format!("wrote {}\n", w.file))
        }
    }
}

#[derive(Serialize)]
struct Written {
    file: String,
}

fn write_file(path: &std::path::Path, text: &str) -> Result<Written> {
    std::fs::write(path, text).map_err(Error::io(path))?;
    Ok(Written {
        file: path.display().to_string(),
    })
}

fn text_campaign_line(c: &Campaign) -> String {
    format!(
        "{:>4}  {} – {}  {:<8}  {}\n",
        c.id,
        c.starts_on,
        c.ends_on,
        format!("{:?}", c.status).to_lowercase(),
        c.name
    )
}

fn text_campaign(c: &Campaign) -> String {
    let target = c
        .target_count
        .map(|n| format!("{n} {}", c.target_unit))
        .unwrap_or_else(|| "none".into());
    let channels: Vec<String> = c.channels.iter().map(|n| format!("{n:?}")).collect();
    format!(
        "campaign {}: {}\ndates:      {} – {}\nstatus:     {:?}\nobjective:  {}\ntarget:     {}\naudiences:  {}\nchannels:   {}\n",
        c.id,
        c.name,
        c.starts_on,
        c.ends_on,
        c.status,
        c.objective,
        target,
        c.audiences.join(", "),
        channels.join(", ")
    )
}

fn text_post_line(p: &Post) -> String {
    let when = p
        .planned_local
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "undated".into());
    let channels: Vec<String> = p.channels.iter().map(|c| format!("{:?}", c.network)).collect();
    let text = p.channels.first().map(|c| c.text.as_str()).unwrap_or("");
    format!(
        "{:>5}  {when}  {:<9}  {:<20}  {}\n",
        p.id,
        format!("{:?}", p.state).to_lowercase(),
        channels.join(","),
        text
    )
}
