//! The `agora` command line: the same core operations the app uses, for scripts and for repairs.
//!
//! Arguments are parsed by clap into typed values at the edge; each subcommand calls core functions and
//! prints its result as text or as JSON (`--format json`). Errors print their stable code and exit with 1.

mod accounts;
mod contacts;
mod people;
mod plan;
mod voice;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::doctor::{self, HealthReport};
use crate::error::{Error, ErrorPayload, Result};
use crate::language::Language;
use crate::paths;
use crate::profile::{self, LibraryProfile, ProfileInput};
use crate::store::backup;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "agora",
    version,
    about = "Agora: social media for public libraries, as conversation rather than broadcast"
)]
pub struct Cli {
    /// The data folder (default: $AGORA_DATA_DIR, else the folder last opened in the app, else the OS app-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// How to print results.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sets up (or updates) the library profile, as onboarding does.
    Init {
        /// The library's name, e.g. "Biblioteca Sala Borsa" (required the first time).
        #[arg(long)]
        name: Option<String>,
        /// The city the library serves (required the first time).
        #[arg(long)]
        city: Option<String>,
        /// The languages the library posts in, primary first.
        #[arg(long, value_delimiter = ',', value_parser = str::parse::<Language>)]
        languages: Option<Vec<Language>>,
        /// An IANA time zone (default: the operating system's).
        #[arg(long)]
        timezone: Option<String>,
    },
    /// Shows the library profile.
    Profile,
    /// Checks the data folder: schema version, integrity, full-text search, backups.
    Doctor,
    /// Backs up the database now (the newest seven backups are kept).
    Backup,
    /// Replaces the database with a backup, after validating it; the current database is kept aside.
    Restore {
        /// The backup file to restore.
        file: PathBuf,
    },
    /// Campaigns: list, show, add.
    #[command(subcommand)]
    Campaigns(plan::CampaignCommand),
    /// Posts in the plan: add, list.
    #[command(subcommand)]
    Posts(plan::PostCommand),
    /// Events: import from iCalendar, list, generate an arc of posts.
    #[command(subcommand)]
    Events(plan::EventCommand),
    /// The plan as a calendar: export.
    #[command(subcommand)]
    Calendar(plan::CalendarCommand),
    /// Checks one post against a voice guide (exit 0: no error-level findings, 1: some, 2: bad usage or guide).
    Check(voice::CheckArgs),
    /// Voice-guide files: test their examples, lint, import, export.
    #[command(subcommand)]
    Guide(voice::GuideCommand),
    /// People: add, list, show, erase (GDPR).
    #[command(subcommand)]
    People(people::PeopleCommand),
    /// Organisations: add, list, show.
    #[command(subcommand)]
    Orgs(people::OrgCommand),
    /// Interactions: log one, or list a timeline.
    #[command(subcommand)]
    Interactions(people::InteractionCommand),
    /// Consent records: add, withdraw, list.
    #[command(subcommand)]
    Consent(people::ConsentCommand),
    /// The review queue: who awaits a reply, who is overdue or due a call.
    Review,
    /// Searches people, organisations and interactions.
    Search { text: String },
    /// People known only from social media with no contact for MONTHS months: proposed for deletion.
    Retention {
        #[arg(long, default_value_t = crate::people::retention::DEFAULT_MONTHS)]
        months: u32,
    },
    /// The library's accounts on Mastodon and Bluesky.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Mentions and replies to the library's accounts.
    #[command(subcommand)]
    Inbox(accounts::InboxCommand),
    /// Publishes a post now on its networks with a connected account (after the checks of becoming ready).
    Publish {
        post_id: i64,
        /// Only on this network.
        #[arg(long, value_parser = parse_network)]
        network: Option<crate::profile::Network>,
    },
    /// Schedules a post for its planned time (Mastodon's server holds it; the app publishes Bluesky's while
    /// it runs), or with --cancel takes it off the schedule.
    Schedule {
        post_id: i64,
        #[arg(long)]
        cancel: bool,
    },
    /// Imports people from an address book.
    #[command(subcommand)]
    Import(contacts::ImportCommand),
    /// Exports everyone as an address book.
    #[command(subcommand)]
    Export(contacts::ExportCommand),
    /// Tools for developers: a realistic dataset for trying and measuring Agora.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
enum DevCommand {
    /// Fills the library with generated campaigns, posts and events (reproducible with --seed).
    Seed {
        #[arg(long, default_value = "2023-01-01", value_parser = |s: &str| crate::local_time::parse_date(s, "from"))]
        from: chrono::NaiveDate,
        #[arg(long, default_value_t = 5)]
        years: u32,
        #[arg(long, default_value_t = 500)]
        campaigns: u32,
        #[arg(long, default_value_t = 20_000)]
        posts: u32,
        #[arg(long, default_value_t = 3_000)]
        events: u32,
        #[arg(long, default_value_t = 100_000)]
        people: u32,
        #[arg(long, default_value_t = 2_000)]
        orgs: u32,
        #[arg(long, default_value_t = 1_000_000)]
        interactions: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Runs the command line; returns the process exit code: 0 on success, 1 on an error (or, for `check` and
/// `guide test`, on error-level findings or failing examples), 2 when `check` or `guide` cannot run.
pub fn run(cli: Cli, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let format = cli.format;
    let error_code = match cli.command {
        Command::Check(_) | Command::Guide(_) => 2,
        _ => 1,
    };
    match execute(cli, out) {
        Ok(code) => code,
        Err(error) => {
            let payload = ErrorPayload::from(&error);
            let _ = match format {
                Format::Json => writeln!(err, "{}", serde_json::to_string(&payload).unwrap_or_default()),
                Format::Text => {
                    writeln!(err, "error [{}]: {}", code_name(&payload), payload.message)
                }
            };
            error_code
        }
    }
}

/// Parses a network's code (any case) given on the command line.
fn parse_network(text: &str) -> Result<crate::profile::Network> {
    use crate::profile::Network;
    Network::from_code(&text.to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = Network::ALL.iter().map(|n| n.code()).collect();
        Error::invalid(
            "network",
            format!("unknown network {text:?}; use one of {}", names.join(", ")),
        )
    })
}

/// A parser of dates (YYYY-MM-DD) that names `field` in its errors.
fn parse_date(field: &'static str) -> impl Fn(&str) -> Result<chrono::NaiveDate> + Clone {
    move |text| crate::local_time::parse_date(text, field)
}

fn code_name(payload: &ErrorPayload) -> String {
    serde_json::to_value(payload.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn execute(cli: Cli, out: &mut impl Write) -> Result<i32> {
    let now = Utc::now();
    let printer = Printer {
        out,
        format: cli.format,
    };
    match cli.command {
        Command::Check(args) => voice::run_check(args, printer),
        Command::Guide(command) => voice::run_guide(command, || paths::data_dir(cli.data_dir), printer, now),
        command => {
            let dir = paths::data_dir(cli.data_dir)?;
            execute_in(&dir, command, printer, now).map(|()| 0)
        }
    }
}

/// Runs a command that works on the library in the data folder `dir`.
fn execute_in(dir: &Path, command: Command, printer: Printer, now: chrono::DateTime<Utc>) -> Result<()> {
    match command {
        Command::Init {
            name,
            city,
            languages,
            timezone,
        } => {
            let store = Store::open_dir(dir)?;
            let input = init_input(profile::load(&store)?, name, city, languages, timezone)?;
            let saved = profile::save(&store, &input, now)?;
            printer.print(&saved, text_profile)
        }
        Command::Profile => {
            let store = Store::open_dir(dir)?;
            let profile = profile::load(&store)?.ok_or(Error::NotInitialised)?;
            printer.print(&profile, text_profile)
        }
        Command::Doctor => {
            let report = doctor::check(&Store::open_dir(dir)?)?;
            printer.print(&report, text_report)
        }
        Command::Backup => {
            let store = Store::open_dir(dir)?;
            let made = backup::create(&store, now)?;
            printer.print(&made, |b| {
                format!("backed up to {} ({} bytes)\n", b.path, b.size_bytes)
            })
        }
        Command::Restore { file } => {
            let done = backup::restore(dir, &file, now)?;
            let restored = Restored {
                file: file.display().to_string(),
                database: dir.join(crate::store::DATABASE_FILE).display().to_string(),
                erasures_repeated: done.erasures_repeated,
            };
            printer.print(&restored, |r| {
                let mut text = format!("restored {} into {}\n", r.file, r.database);
                if r.erasures_repeated > 0 {
                    text.push_str(&format!(
                        "{} people erased since the backup was made were erased again\n",
                        r.erasures_repeated
                    ));
                }
                text
            })
        }
        Command::Campaigns(command) => plan::campaigns(&Store::open_dir(dir)?, command, printer, now),
        Command::Posts(command) => plan::posts(&Store::open_dir(dir)?, command, printer, now),
        Command::Events(command) => plan::events(&Store::open_dir(dir)?, command, printer, now),
        Command::Calendar(command) => plan::calendar(&Store::open_dir(dir)?, command, printer, now),
        Command::People(command) => people::people(&Store::open_dir(dir)?, command, printer, now),
        Command::Orgs(command) => people::orgs(&Store::open_dir(dir)?, command, printer, now),
        Command::Interactions(command) => people::interactions(&Store::open_dir(dir)?, command, printer, now),
        Command::Consent(command) => people::consents(&Store::open_dir(dir)?, command, printer, now),
        Command::Review => people::review_queue(&Store::open_dir(dir)?, printer, now),
        Command::Search { text } => people::find(&Store::open_dir(dir)?, &text, printer),
        Command::Retention { months } => people::retention(&Store::open_dir(dir)?, months, printer, now),
        Command::Accounts(command) => accounts::run(dir, command, printer, now),
        Command::Inbox(command) => accounts::inbox(dir, command, printer, now),
        Command::Publish { post_id, network } => accounts::publish(dir, post_id, network, printer, now),
        Command::Schedule { post_id, cancel } => accounts::schedule(dir, post_id, cancel, printer, now),
        Command::Import(command) => contacts::import(&Store::open_dir(dir)?, command, printer, now),
        Command::Export(command) => contacts::export(&Store::open_dir(dir)?, command, printer),
        Command::Check(_) | Command::Guide(_) => Err(Error::Internal("not a data-folder command".into())),
        Command::Dev(DevCommand::Seed {
            from,
            years,
            campaigns,
            posts,
            events,
            people,
            orgs,
            interactions,
            seed,
        }) => {
            let size = crate::seed::SeedSize {
                first_day: from,
                years,
                campaigns,
                posts,
                events,
                people,
                organisations: orgs,
                interactions,
                seed,
            };
            let made = crate::seed::seed(&Store::open_dir(dir)?, size, now)?;
            printer.print(&made, |m| {
                format!(
                    "made {} campaigns, {} posts, {} events, {} people, {} organisations, {} interactions\n",
                    m.campaigns, m.posts, m.events, m.people, m.organisations, m.interactions
                )
            })
        }
    }
}

#[derive(Serialize)]
struct Restored {
    file: String,
    database: String,
    erasures_repeated: u32,
}

/// Merges `agora init` options over the existing profile, or builds a new one from them.
fn init_input(
    existing: Option<LibraryProfile>,
    name: Option<String>,
    city: Option<String>,
    languages: Option<Vec<Language>>,
    timezone: Option<String>,
) -> Result<ProfileInput> {
    let base = match existing {
        Some(p) => ProfileInput {
            name: p.name,
            city: p.city,
            languages: p.languages,
            timezone: p.timezone,
            handles: p.handles,
            categories: p.categories.into_iter().map(Into::into).collect(),
        },
        None => {
            let languages = languages.clone().unwrap_or_else(|| vec![Language::from_os()]);
            ProfileInput {
                name: name
                    .clone()
                    .ok_or_else(|| Error::invalid("name", "--name is required for a new library"))?,
                city: city
                    .clone()
                    .ok_or_else(|| Error::invalid("city", "--city is required for a new library"))?,
                categories: profile::default_categories(languages.first().copied().unwrap_or(Language::En)),
                languages,
                timezone: profile::os_timezone().unwrap_or_else(|| "UTC".into()),
                handles: Vec::new(),
            }
        }
    };
    Ok(ProfileInput {
        name: name.unwrap_or(base.name),
        city: city.unwrap_or(base.city),
        languages: languages.unwrap_or(base.languages),
        timezone: timezone.unwrap_or(base.timezone),
        ..base
    })
}

/// Prints a result as text or JSON.
struct Printer<'a> {
    out: &'a mut dyn Write,
    format: Format,
}

impl Printer<'_> {
    fn print<T: Serialize>(self, value: &T, text: impl Fn(&T) -> String) -> Result<()> {
        let rendered = match self.format {
            Format::Json => {
                serde_json::to_string_pretty(value).map_err(|e| Error::invalid("format", e.to_string()))?
                    + "\n"
            }
            Format::Text => text(value),
        };
        self.out
            .write_all(rendered.as_bytes())
            .map_err(Error::io("standard output"))
    }
}

fn text_profile(p: &LibraryProfile) -> String {
    let languages: Vec<&str> = p.languages.iter().map(|l| l.code()).collect();
    let handles: Vec<String> = p
        .handles
        .iter()
        .map(|h| format!("{:?} {}", h.network, h.handle))
        .collect();
    let categories: Vec<&str> = p.categories.iter().map(|c| c.name.as_str()).collect();
    format!(
        "library:    {}\ncity:       {}\nlanguages:  {}\ntime zone:  {}\nhandles:    {}\ncategories: {}\n",
        p.name,
        p.city,
        languages.join(", "),
        p.timezone,
        if handles.is_empty() {
            "none".into()
        } else {
            handles.join(", ")
        },
        categories.join(", ")
    )
}

fn text_report(r: &HealthReport) -> String {
    format!(
        "data folder:      {}\ndatabase:         {}\nschema version:   {} (this Agora: {})\nintegrity:        {}\nSQLite:           {} (full-text search: {})\nbackups:          {}{}\nstatus:           {}\n",
        r.data_dir,
        r.database,
        r.schema_version,
        r.supported_schema_version,
        r.integrity,
        r.sqlite_version,
        if r.full_text_search { "yes" } else { "no" },
        r.backup_count,
        r.newest_backup.map(|t| format!(", newest {}", t.to_rfc3339())).unwrap_or_default(),
        if r.is_healthy() { "healthy" } else { "needs attention" },
    )
}
