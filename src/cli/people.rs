//! The relationship subcommands: `agora people add|list|show|erase`, `agora orgs add|list|show`,
//! `agora interactions add|list`, `agora consent add|withdraw|list`, `agora review` and `agora search`.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{parse_date, parse_network, Printer};
use crate::error::{Error, Result};
use crate::local_time;
use crate::people::consent::{self, ConsentInput, GivenBy, Purpose, Scope};
use crate::people::interactions::{self, Channel, Direction, InteractionInput, Participant, TimelineFilter};
use crate::people::organisations::{self, OrganisationInput, OrganisationKind};
use crate::people::{
    self, duplicates, erasure, review, search, AffiliationInput, Cadence, ContactKind, ContactPoint, Page,
    Party, PersonInput,
};
use crate::profile::Network;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub(super) enum PeopleCommand {
    /// Adds a person; prints the new id.
    Add(Box<NewPerson>),
    /// Lists people alphabetically, a page at a time.
    List(PageArgs),
    /// Shows one person with contacts, organisations and consents.
    Show { id: i64 },
    /// Writes everything about a person into a folder (GDPR art. 15): JSON, a vCard and a CSV of interactions.
    Export { id: i64, out: std::path::PathBuf },
    /// Possible duplicates: the same email address or handle, or very similar names in one organisation.
    Duplicates {
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Merges person OTHER into person KEEP: histories, consents, organisations and contacts all move to KEEP.
    Merge { keep: i64, other: i64 },
    /// Records that two people proposed as duplicates are different people.
    Distinct { a: i64, b: i64 },
    /// Erases a person and their personal data everywhere (GDPR art. 17). Cannot be undone.
    Erase {
        id: i64,
        /// Confirms the erasure.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub(super) struct PageArgs {
    #[arg(long, default_value_t = 0)]
    offset: u32,
    #[arg(long, default_value_t = 100)]
    limit: u32,
}

impl PageArgs {
    fn page(&self) -> Page {
        Page {
            offset: self.offset,
            limit: self.limit,
        }
    }
}

/// Contact points shared by people and organisations.
#[derive(Debug, Args)]
pub(super) struct ContactArgs {
    #[arg(long)]
    email: Vec<String>,
    #[arg(long)]
    phone: Vec<String>,
    #[arg(long)]
    website: Vec<String>,
    /// A social handle, NETWORK:HANDLE (e.g. mastodon:@maria@mastodon.uno).
    #[arg(long)]
    handle: Vec<String>,
    #[arg(long)]
    tag: Vec<String>,
    #[arg(long, default_value = "")]
    note: String,
    /// Ideally get in touch at least every this many days.
    #[arg(long)]
    ideal_days: Option<u32>,
    /// Never let more than this many days pass without contact (after that, they are overdue).
    #[arg(long)]
    max_days: Option<u32>,
}

impl ContactArgs {
    fn cadence(&self) -> Cadence {
        Cadence {
            ideal_days: self.ideal_days,
            max_days: self.max_days,
        }
    }

    fn contacts(&self) -> Result<Vec<ContactPoint>> {
        let plain = |kind: ContactKind, values: &[String]| {
            values
                .iter()
                .map(move |value| ContactPoint {
                    kind,
                    network: None,
                    value: value.clone(),
                })
                .collect::<Vec<_>>()
        };
        let mut contacts = plain(ContactKind::Email, &self.email);
        contacts.extend(plain(ContactKind::Phone, &self.phone));
        contacts.extend(plain(ContactKind::Website, &self.website));
        for handle in &self.handle {
            let (network, value) = handle
                .split_once(':')
                .ok_or_else(|| Error::invalid("handle", format!("{handle:?}: write NETWORK:HANDLE")))?;
            let network = parse_network(network)?;
            contacts.push(ContactPoint {
                kind: ContactKind::Handle,
                network: Some(network),
                value: value.to_owned(),
            });
        }
        Ok(contacts)
    }
}

#[derive(Debug, Args)]
pub(super) struct NewPerson {
    #[arg(long)]
    name: String,
    #[arg(long)]
    birth_year: Option<i32>,
    /// The person is a minor (publication then needs both guardians' consent).
    #[arg(long)]
    minor: bool,
    /// An organisation the person belongs to (its id).
    #[arg(long)]
    org: Option<i64>,
    /// Their role in that organisation.
    #[arg(long, default_value = "")]
    role: String,
    #[command(flatten)]
    contact: ContactArgs,
}

#[derive(Debug, Subcommand)]
pub(super) enum OrgCommand {
    /// Adds an organisation; prints the new id.
    Add(NewOrganisation),
    /// Lists organisations alphabetically.
    List(PageArgs),
    /// Shows one organisation with its people.
    Show { id: i64 },
}

#[derive(Debug, Args)]
pub(super) struct NewOrganisation {
    #[arg(long)]
    name: String,
    /// school, association, reading_programme, bookshop, press, public_office or other.
    #[arg(long, default_value = "other")]
    kind: OrganisationKind,
    #[command(flatten)]
    contact: ContactArgs,
}

/// Whose interactions: a person or an organisation.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(super) struct Who {
    #[arg(long)]
    person: Option<i64>,
    #[arg(long)]
    org: Option<i64>,
}

impl Who {
    fn party(&self) -> Party {
        match (self.person, self.org) {
            (Some(id), _) => Party::Person(id),
            (None, id) => Party::Organisation(id.unwrap_or_default()),
        }
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum InteractionCommand {
    /// Logs an interaction; prints the new id.
    Add(NewInteraction),
    /// A person's or organisation's timeline, newest first.
    List {
        #[command(flatten)]
        who: Who,
        #[arg(long)]
        channel: Option<Channel>,
        #[arg(long)]
        campaign: Option<i64>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// One interaction with everyone who took part (e.g. a conversation found by `agora search`).
    Show { id: i64 },
}

#[derive(Debug, Args)]
pub(super) struct NewInteraction {
    #[command(flatten)]
    who: Who,
    /// social_comment, direct_message, mention, email, phone, meeting, event_attendance, co_organised_event, other.
    #[arg(long)]
    channel: Channel,
    /// in (they wrote to us) or out (we wrote to them).
    #[arg(long, value_parser = parse_direction)]
    direction: Direction,
    #[arg(long)]
    summary: String,
    /// The message awaits our reply.
    #[arg(long)]
    awaiting: bool,
    /// Local time, YYYY-MM-DDTHH:MM (default: now).
    #[arg(long)]
    at: Option<String>,
    /// The id of the inbound interaction this one answers.
    #[arg(long)]
    answers: Option<i64>,
    #[arg(long)]
    campaign: Option<i64>,
    #[arg(long)]
    event: Option<i64>,
}

fn parse_direction(text: &str) -> Result<Direction> {
    match text {
        "in" | "inbound" => Ok(Direction::Inbound),
        "out" | "outbound" => Ok(Direction::Outbound),
        _ => Err(Error::invalid("direction", format!("{text:?}: use in or out"))),
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum ConsentCommand {
    /// Records a consent; prints its id.
    Add(NewConsent),
    /// Withdraws a consent; lists the published posts featuring the person.
    Withdraw {
        id: i64,
        /// The day it was withdrawn (default: today).
        #[arg(long, value_parser = parse_date("on"))]
        on: Option<NaiveDate>,
    },
    /// A person's consents.
    List {
        #[arg(long)]
        person: i64,
    },
}

#[derive(Debug, Args)]
pub(super) struct NewConsent {
    #[arg(long)]
    person: i64,
    /// contact, publication_image or publication_quote.
    #[arg(long)]
    purpose: Purpose,
    /// A network it covers (repeat).
    #[arg(long = "network", value_parser = parse_network)]
    networks: Vec<Network>,
    #[arg(long)]
    website: bool,
    #[arg(long)]
    print: bool,
    /// self, guardian1 or guardian2.
    #[arg(long)]
    given_by: GivenBy,
    #[arg(long, value_parser = parse_date("given_on"))]
    given_on: NaiveDate,
    #[arg(long, default_value = "")]
    method: String,
    /// The evidence, e.g. the signed form's number.
    #[arg(long, default_value = "")]
    evidence: String,
    #[arg(long, value_parser = parse_date("expires_on"))]
    expires: Option<NaiveDate>,
}

#[derive(Serialize)]
struct Added {
    id: i64,
}

fn today(store: &Store, now: DateTime<Utc>) -> Result<NaiveDate> {
    let tz = store.read(crate::profile::zone)?;
    Ok(local_time::to_local(tz, now).date())
}

pub(super) fn people(
    store: &Store,
    command: PeopleCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        PeopleCommand::Add(new) => {
            let input = PersonInput {
                name: new.name,
                birth_year: new.birth_year,
                minor: new.minor,
                notes: new.contact.note.clone(),
                contacts: new.contact.contacts()?,
                tags: new.contact.tag.clone(),
                affiliations: new
                    .org
                    .map(|organisation_id| AffiliationInput {
                        organisation_id,
                        role: new.role.clone(),
                        from: None,
                        to: None,
                    })
                    .into_iter()
                    .collect(),
                cadence: new.contact.cadence(),
                ..PersonInput::default()
            };
            let person = people::add(store, &input, now)?;
            printer.print(&Added { id: person.id }, |a| format!("added person {}\n", a.id))
        }
        PeopleCommand::List(page) => {
            let listed = people::list(store, page.page())?;
            printer.print(&listed, |list| {
                list.iter()
                    .map(|p| {
                        format!(
                            "{:>6}  {}{}\n",
                            p.id,
                            p.name,
                            organisations_suffix(&p.organisations)
                        )
                    })
                    .collect()
            })
        }
        PeopleCommand::Duplicates { limit } => {
            let pairs = duplicates::find(store, limit)?;
            printer.print(&pairs, |pairs| {
                pairs
                    .iter()
                    .map(|p| {
                        format!(
                            "{:>6} {} / {:>6} {}  ({}: {})\n",
                            p.a.id,
                            p.a.name,
                            p.b.id,
                            p.b.name,
                            p.reason.code(),
                            p.detail
                        )
                    })
                    .collect()
            })
        }
        PeopleCommand::Merge { keep, other } => {
            let merged = duplicates::merge(store, keep, other, now)?;
            printer.print(&merged, |m| {
                format!(
                    "merged person {other} into {} (#{}): {} interactions, {} consents, {} posts moved\n",
                    m.person.name, m.person.id, m.interactions_moved, m.consents_moved, m.posts_moved
                )
            })
        }
        PeopleCommand::Distinct { a, b } => {
            duplicates::mark_distinct(store, a, b)?;
            printer.print(&serde_json::json!({ "a": a, "b": b }), |_| {
                format!("{a} and {b} are different people\n")
            })
        }
        PeopleCommand::Show { id } => {
            #[derive(Serialize)]
            struct Shown {
                person: people::Person,
                consents: Vec<consent::ConsentRecord>,
            }
            let shown = Shown {
                person: people::get(store, id)?,
                consents: consent::list(store, id)?,
            };
            printer.print(&shown, |s| {
                let mut out = format!("{} (#{})\n", s.person.name, s.person.id);
                for c in &s.person.contacts {
                    out.push_str(&format!("  {}: {}\n", c.kind.code(), c.value));
                }
                for a in &s.person.affiliations {
                    out.push_str(&format!(
                        "  {} at {}\n",
                        if a.role.is_empty() { "member" } else { &a.role },
                        a.organisation
                    ));
                }
                for c in &s.consents {
                    out.push_str(&format!(
                        "  consent #{} {} by {} on {}{}\n",
                        c.id,
                        c.purpose.code(),
                        c.given_by.code(),
                        c.given_on,
                        c.withdrawn_on
                            .map(|w| format!(", withdrawn {w}"))
                            .unwrap_or_default()
                    ));
                }
                out
            })
        }
        PeopleCommand::Export { id, out } => {
            let export = people::access::export_person(store, id, &out)?;
            printer.print(&export, |e| {
                format!(
                    "wrote {} ({}; {} interactions)\n",
                    e.folder,
                    e.files.join(", "),
                    e.interactions
                )
            })
        }
        PeopleCommand::Erase { id, yes } => {
            if !yes {
                return Err(Error::invalid(
                    "yes",
                    "erasing cannot be undone: add --yes to confirm",
                ));
            }
            let report = erasure::erase(store, id, now)?;
            printer.print(&report, |r| {
                format!(
                    "erased; {} interaction(s) deleted, {} mention(s) replaced\n",
                    r.interactions_deleted, r.mentions_replaced
                )
            })
        }
    }
}

fn organisations_suffix(organisations: &[String]) -> String {
    if organisations.is_empty() {
        String::new()
    } else {
        format!(" ({})", organisations.join(", "))
    }
}

pub(super) fn orgs(store: &Store, command: OrgCommand, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    match command {
        OrgCommand::Add(new) => {
            let input = OrganisationInput {
                name: new.name,
                kind: new.kind,
                notes: new.contact.note.clone(),
                contacts: new.contact.contacts()?,
                tags: new.contact.tag.clone(),
                cadence: new.contact.cadence(),
                ..OrganisationInput::default()
            };
            let organisation = organisations::add(store, &input, now)?;
            printer.print(&Added { id: organisation.id }, |a| {
                format!("added organisation {}\n", a.id)
            })
        }
        OrgCommand::List(page) => {
            let listed = organisations::list(store, page.page())?;
            printer.print(&listed, |list| {
                list.iter()
                    .map(|o| {
                        format!(
                            "{:>6}  {} [{}] {} people\n",
                            o.id,
                            o.name,
                            o.kind.code(),
                            o.members
                        )
                    })
                    .collect()
            })
        }
        OrgCommand::Show { id } => {
            let organisation = organisations::get(store, id)?;
            printer.print(&organisation, |o| {
                let mut out = format!("{} (#{}, {})\n", o.name, o.id, o.kind.code());
                for m in &o.members {
                    out.push_str(&format!("  {} {}\n", m.name, m.role));
                }
                out
            })
        }
    }
}

fn text_interaction(i: &interactions::Interaction) -> String {
    format!(
        "{:>6}  {}  {:<8} {:<18} {}{}\n",
        i.id,
        i.occurred_local.format("%Y-%m-%d %H:%M"),
        i.direction.code(),
        i.channel.code(),
        i.summary,
        if i.awaiting_reply {
            "  [awaiting reply]"
        } else {
            ""
        }
    )
}

pub(super) fn interactions(
    store: &Store,
    command: InteractionCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        InteractionCommand::Add(new) => {
            let input = InteractionInput {
                occurred_at: new
                    .at
                    .as_deref()
                    .map(|at| local_time::parse_local(at, "at"))
                    .transpose()?,
                channel: new.channel,
                direction: new.direction,
                summary: new.summary,
                awaiting_reply: new.awaiting,
                amplified: false,
                campaign_id: new.campaign,
                post_id: None,
                event_id: new.event,
                participants: vec![Participant {
                    party: new.who.party(),
                    role: String::new(),
                }],
                answers: new.answers,
            };
            let logged = interactions::log(store, &input, now)?;
            printer.print(&Added { id: logged.id }, |a| {
                format!("logged interaction {}\n", a.id)
            })
        }
        InteractionCommand::List {
            who,
            channel,
            campaign,
            page,
        } => {
            let filter = TimelineFilter {
                channel,
                campaign_id: campaign,
            };
            let listed = interactions::timeline(store, who.party(), filter, page.page())?;
            printer.print(&listed, |list| list.iter().map(text_interaction).collect())
        }
        InteractionCommand::Show { id } => {
            let shown = interactions::get(store, id)?;
            printer.print(&shown, |i| {
                let with: Vec<String> = i
                    .participants
                    .iter()
                    .map(|p| match p.role.as_str() {
                        "" => p.name.clone(),
                        role => format!("{} ({role})", p.name),
                    })
                    .collect();
                format!("{}        with {}\n", text_interaction(i), with.join(", "))
            })
        }
    }
}

pub(super) fn consents(
    store: &Store,
    command: ConsentCommand,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    match command {
        ConsentCommand::Add(new) => {
            let input = ConsentInput {
                person_id: new.person,
                purpose: new.purpose,
                scope: Scope {
                    networks: new.networks,
                    website: new.website,
                    print: new.print,
                },
                given_by: new.given_by,
                given_on: new.given_on,
                method: new.method,
                evidence_ref: new.evidence,
                expires_on: new.expires,
            };
            let record = consent::add(store, &input)?;
            printer.print(&Added { id: record.id }, |a| {
                format!("recorded consent {}\n", a.id)
            })
        }
        ConsentCommand::Withdraw { id, on } => {
            let on = match on {
                Some(day) => day,
                None => today(store, now)?,
            };
            let withdrawal = consent::withdraw(store, id, on)?;
            printer.print(&withdrawal, |w| {
                let mut out = format!("consent {} withdrawn on {on}\n", w.consent.id);
                for p in &w.published_posts {
                    out.push_str(&format!(
                        "  published post {} features the person: review it\n",
                        p.post_id
                    ));
                }
                out
            })
        }
        ConsentCommand::List { person } => {
            let listed = consent::list(store, person)?;
            printer.print(&listed, |list| {
                list.iter()
                    .map(|c| {
                        format!(
                            "{:>6}  {} by {} on {}\n",
                            c.id,
                            c.purpose.code(),
                            c.given_by.code(),
                            c.given_on
                        )
                    })
                    .collect()
            })
        }
    }
}

pub(super) fn review_queue(store: &Store, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    let queue = review::queue_now(store, now)?;
    printer.print(&queue, |q| {
        let mut out = format!("awaiting a reply: {}\n", q.unanswered.len());
        out.extend(q.unanswered.iter().map(text_interaction));
        let contact = |c: &review::DueContact| format!("  {} ({} days)\n", c.name, c.days_since);
        out.push_str(&format!("overdue: {}\n", q.overdue.len()));
        out.extend(q.overdue.iter().map(contact));
        out.push_str(&format!("due: {}\n", q.due.len()));
        out.extend(q.due.iter().map(contact));
        out
    })
}

pub(super) fn retention(store: &Store, months: u32, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    let proposed = crate::people::retention::candidates(store, months, now)?;
    printer.print(&proposed, |list| {
        list.iter()
            .map(|c| {
                format!(
                    "{:>6}  {}  (last contact: {})\n",
                    c.id,
                    c.name,
                    c.last_interaction
                        .map_or("never".into(), |t| t.date_naive().to_string())
                )
            })
            .collect()
    })
}

pub(super) fn find(store: &Store, text: &str, printer: Printer) -> Result<()> {
    let hits = search::search(store, text, 50)?;
    printer.print(&hits, |list| {
        list.iter()
            .map(|h| format!("{:<12} {:>6}  {}\n", h.kind.code(), h.id, h.title))
            .collect()
    })
}
