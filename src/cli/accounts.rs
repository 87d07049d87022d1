//! `agora accounts add mastodon|bluesky …`, `agora accounts list`, `agora publish POST_ID`, `agora schedule
//! POST_ID` and `agora inbox sync|list|log|answer`: the library's social accounts, publishing with them and
//! listening on them. A Mastodon account signs in through the browser (the server's page comes back to Agora,
//! or shows a code to paste on standard input) or by an access token; tokens, codes and passwords are read
//! from standard input, never from the command line (where other users and the shell's history would see
//! them), and tokens are kept in the keychain. The server's page is printed on standard error, so standard
//! output keeps the result.

use std::path::Path;

use chrono::{DateTime, Utc};
use clap::Subcommand;

use super::Printer;
use crate::accounts::{self, Account};
use crate::error::{Error, Result};
use crate::oauth::{self, SignIn};
use crate::posts::PostState;
use crate::profile::Network;
use crate::publish::{self, PublicationStatus};
use crate::secrets::SecretStore;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub(super) enum AccountsCommand {
    /// Connects an account.
    #[command(subcommand)]
    Add(AddAccount),
    /// Lists the connected accounts with their servers' limits.
    List,
}

#[derive(Debug, Subcommand)]
pub(super) enum AddAccount {
    /// A Mastodon account: signing in through the browser, or by an access token made in the server's
    /// settings (Development → New application).
    #[command(group = clap::ArgGroup::new("how").required(true))]
    Mastodon {
        /// The server, e.g. https://mastodon.uno.
        #[arg(long)]
        server: String,
        /// Opens the server's page in the browser and waits (up to 5 minutes) for it to come back to Agora.
        #[arg(long, group = "how")]
        browser: bool,
        /// Prints the server's page, to open in any browser, and reads the code it shows from standard input.
        #[arg(long, group = "how")]
        code_stdin: bool,
        /// Reads an access token from standard input.
        #[arg(long, group = "how")]
        token_stdin: bool,
    },
    /// A Bluesky account, by its handle and an app password (Settings → Privacy and security → App
    /// passwords), never the account's own password.
    Bluesky {
        /// The handle, e.g. salaborsa.bsky.social.
        #[arg(long)]
        handle: String,
        /// Reads the app password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Where to sign in (your PDS, or an entryway such as https://bsky.social); by default the PDS your
        /// handle's identity names.
        #[arg(long)]
        service: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum InboxCommand {
    /// Fetches new mentions and replies from every connected account.
    Sync,
    /// Lists the inbox, newest first.
    List {
        /// Only what has not been read.
        #[arg(long)]
        unread: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Turns an inbox item into an inbound interaction awaiting a reply, on the writer's timeline.
    Log { id: i64 },
    /// Answers an inbox item on its network (after the voice checks) and logs the answer.
    Answer {
        id: i64,
        #[arg(long)]
        text: String,
    },
}

pub(super) fn inbox(dir: &Path, command: InboxCommand, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    let store = Store::open_dir(dir)?;
    match command {
        InboxCommand::Sync => {
            let secrets = SecretStore::for_data_dir(dir)?;
            let report = crate::inbox::sync(&store, &secrets, Default::default(), now)?;
            printer.print(&report, |r| format!("{} new\n", r.new))
        }
        InboxCommand::List { unread, limit } => {
            let items = crate::inbox::list(&store, unread, limit)?;
            printer.print(&items, |list| {
                list.iter()
                    .map(|i| {
                        format!(
                            "{:>5} {} {:<8} {}: {}\n",
                            i.id,
                            if i.read { " " } else { "*" },
                            i.kind.code(),
                            i.author_handle,
                            i.text.replace('\n', " ")
                        )
                    })
                    .collect()
            })
        }
        InboxCommand::Answer { id, text } => {
            let secrets = SecretStore::for_data_dir(dir)?;
            let answer = crate::inbox::answer(&store, &secrets, id, &text, Default::default(), now)?;
            printer.print(&answer, |i| format!("answered; logged interaction {}\n", i.id))
        }
        InboxCommand::Log { id } => {
            let interaction = crate::inbox::log_interaction(&store, id, now)?;
            printer.print(&interaction, |i| format!("logged interaction {}\n", i.id))
        }
    }
}

pub(super) fn run(dir: &Path, command: AccountsCommand, printer: Printer, now: DateTime<Utc>) -> Result<()> {
    let store = Store::open_dir(dir)?;
    match command {
        AccountsCommand::Add(add) => {
            let secrets = SecretStore::for_data_dir(dir)?;
            let account = match add {
                AddAccount::Mastodon {
                    server,
                    browser,
                    code_stdin,
                    ..
                } if browser || code_stdin => sign_in(&store, &secrets, &server, browser, now)?,
                AddAccount::Mastodon { server, .. } => {
                    accounts::add_mastodon(&store, &secrets, &server, &stdin("token")?, now)?
                }
                AddAccount::Bluesky { handle, service, .. } => {
                    let at = accounts::SignInAt::service_or_resolved(service.as_deref());
                    accounts::add_bluesky(&store, &secrets, &at, &handle, &stdin("password")?, now)?
                }
            };
            printer.print(&account, |a| format!("connected {}\n", line(a)))
        }
        AccountsCommand::List => {
            let listed = accounts::list(&store)?;
            printer.print(&listed, |list| {
                list.iter().map(|a| format!("{}\n", line(a))).collect()
            })
        }
    }
}

/// Signs in to `server` through the browser: with `browser`, this computer's browser comes back to Agora;
/// else the officer opens the page anywhere and pastes the code the server shows.
fn sign_in(
    store: &Store,
    secrets: &SecretStore,
    server: &str,
    browser: bool,
    now: DateTime<Utc>,
) -> Result<Account> {
    if !browser {
        let sign_in = SignIn::begin(server, false)?;
        eprintln!(
            "Open this page, let Agora use the account, then paste the code the server shows:\n{}",
            sign_in.code_url()
        );
        return sign_in.connect_with_code(store, secrets, &stdin("code")?, now);
    }
    let (sign_in, pages) = oauth::start_in_browser(server)?;
    eprintln!(
        "{} this page and let Agora use the account; Agora waits up to {} minutes:\n{}",
        if pages.browser_opened {
            "Your browser shows"
        } else {
            "Open"
        },
        oauth::BROWSER_WAIT.as_secs() / 60,
        pages.authorize_url
    );
    let language = crate::preferences::effective_language(store)?;
    sign_in.connect_from_browser(store, secrets, language, oauth::BROWSER_WAIT, now)
}

/// The first line of standard input: a secret or a code (`field` names it in the error).
fn stdin(field: &str) -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::invalid(field, format!("standard input could not be read: {e}")))?;
    Ok(line)
}

fn line(a: &Account) -> String {
    format!(
        "{:>4}  {:<9} {}  ({} characters, links count {}, up to {} images)",
        a.id,
        a.network.code(),
        a.handle,
        a.limits.max_characters,
        a.limits.characters_per_url,
        a.limits.max_media
    )
}

pub(super) fn publish(
    dir: &Path,
    post_id: i64,
    network: Option<Network>,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    let store = Store::open_dir(dir)?;
    let secrets = SecretStore::for_data_dir(dir)?;
    let report = publish::publish(&store, &secrets, post_id, network, Default::default(), now)?;
    print_publications(&report, printer)
}

/// `agora schedule POST_ID [--cancel]`.
pub(super) fn schedule(
    dir: &Path,
    post_id: i64,
    cancel: bool,
    printer: Printer,
    now: DateTime<Utc>,
) -> Result<()> {
    let store = Store::open_dir(dir)?;
    let secrets = SecretStore::for_data_dir(dir)?;
    let state = if cancel {
        PostState::Ready
    } else {
        PostState::Scheduled
    };
    crate::drafts::set_state(&store, post_id, state, None, now)?;
    let report = crate::schedule::follow(&store, &secrets, post_id, Default::default(), now)?;
    print_publications(&report, printer)
}

/// Prints each network's outcome; a failure is printed with the others, and makes the command fail.
fn print_publications(report: &publish::PublishReport, printer: Printer) -> Result<()> {
    let failed = report
        .publications
        .iter()
        .find(|p| p.status == PublicationStatus::Failed)
        .map(|p| format!("{}: {}", p.network.code(), p.error.as_deref().unwrap_or("failed")));
    printer.print(report, |r| {
        let mut text: String = r
            .publications
            .iter()
            .map(|p| {
                let at = p
                    .scheduled_for
                    .filter(|_| p.status == PublicationStatus::Scheduled)
                    .map(|t| t.to_rfc3339());
                format!(
                    "{:<9} {}  {}\n",
                    p.network.code(),
                    p.status.code(),
                    p.url
                        .as_deref()
                        .or(p.error.as_deref())
                        .or(at.as_deref())
                        .unwrap_or("")
                )
            })
            .collect();
        for network in &r.not_connected {
            text.push_str(&format!("{:<9} no account connected\n", network.code()));
        }
        text
    })?;
    match failed {
        Some(why) => Err(Error::Network {
            url: format!("post {}", report.post_id),
            problem: why,
        }),
        None => Ok(()),
    }
}
