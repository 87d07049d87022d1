//! The inbox: mentions and replies people address to the library's accounts, fetched on demand (and
//! periodically by the app), each once, newest first, read or unread. Each shows who wrote, matched to a
//! known person or organisation by their handle, and can become an inbound interaction on their timeline,
//! awaiting a reply. Mastodon mentions come paged by the `Link` header, Bluesky notifications by cursor.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::accounts::{self, Credentials};
use crate::error::{Error, Result};
use crate::fields::stored_enum;
use crate::io::fetch::Retry;
use crate::mastodon;
use crate::people::interactions::{self, Channel, Direction, Interaction, InteractionInput, Participant};
use crate::people::{ContactKind, ContactPoint, Origin, Party, PersonInput};
use crate::profile::Network;
use crate::secrets::SecretStore;
use crate::store::Store;
use crate::voice::check::{check_answer, DraftCheck};
use crate::voice::guide::Level;

stored_enum! {
    /// What an inbox item is.
    pub enum InboxKind {
        Mention = "mention",
        Reply = "reply",
    }
}

/// One message to the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct InboxItem {
    #[ts(type = "number")]
    pub id: i64,
    pub network: Network,
    pub kind: InboxKind,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub url: Option<String>,
    pub received_at: DateTime<Utc>,
    pub read: bool,
    /// The known person or organisation with this handle, if any, and their name.
    pub from: Option<Party>,
    pub from_name: Option<String>,
    /// The interaction it became, if it did.
    #[ts(type = "number | null")]
    pub interaction_id: Option<i64>,
}

/// What a sync brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    /// New messages, across accounts.
    pub new: u32,
}

/// Pages read at most per account and sync.
const MAX_PAGES: u32 = 10;

/// A message as fetched, ready to be kept.
struct Fetched {
    remote_id: String,
    kind: InboxKind,
    author_handle: String,
    author_name: String,
    text: String,
    url: Option<String>,
    /// What an answer replies to: Mastodon's status id, Bluesky's post URI.
    status_id: String,
    /// Bluesky's thread references for an answer.
    reply_ref: Option<serde_json::Value>,
    received_at: DateTime<Utc>,
}

/// Fetches what is new on every connected Mastodon and Bluesky account.
pub fn sync(store: &Store, secrets: &SecretStore, retry: Retry, now: DateTime<Utc>) -> Result<SyncReport> {
    let accounts = store.read(|conn| {
        let mut all = accounts::on_network(conn, Network::Mastodon)?;
        all.extend(accounts::on_network(conn, Network::Bluesky)?);
        Ok(all)
    })?;
    if accounts.is_empty() {
        return Err(Error::invalid(
            "account",
            "no Mastodon or Bluesky account is connected; connect one first",
        ));
    }
    let mut new = 0;
    for account in accounts {
        let fetched = match account.network {
            Network::Bluesky => fetch_bluesky(store, secrets, &account, retry)?,
            _ => fetch_mastodon(store, secrets, &account, retry)?,
        };
        new += store.write(|tx| {
            let mut added = 0;
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO inbox_item (account_id, remote_id, kind, author_handle, author_name, text,
                                                  url, status_id, reply_ref, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for f in &fetched {
                added += insert.execute(rusqlite::params![
                    account.id,
                    f.remote_id,
                    f.kind,
                    f.author_handle,
                    f.author_name,
                    f.text,
                    f.url,
                    f.status_id,
                    f.reply_ref.as_ref().map(|r| r.to_string()),
                    f.received_at.min(now)
                ])? as u32;
            }
            Ok(added)
        })?;
    }
    Ok(SyncReport { new })
}

/// The Mastodon mentions newer than the newest kept.
fn fetch_mastodon(
    store: &Store,
    secrets: &SecretStore,
    account: &Credentials,
    retry: Retry,
) -> Result<Vec<Fetched>> {
    let newest: Option<String> = store.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT remote_id FROM inbox_item WHERE account_id = ?1
                 ORDER BY length(remote_id) DESC, remote_id DESC LIMIT 1",
                [account.id],
                |r| r.get(0),
            )
            .optional()?)
    })?;
    // Local writers' `acct` has no domain: theirs is the account's own (`@library@domain`).
    let domain = account.handle.rsplit('@').next().unwrap_or_default().to_owned();
    let mentions = account
        .mastodon(secrets, retry)?
        .mentions(newest.as_deref(), MAX_PAGES)?;
    Ok(mentions
        .into_iter()
        .filter_map(|m| {
            let status = m.status?;
            Some(Fetched {
                author_handle: if m.account.acct.contains('@') {
                    format!("@{}", m.account.acct)
                } else {
                    format!("@{}@{domain}", m.account.acct)
                },
                author_name: m.account.display_name,
                kind: if status.in_reply_to_id.is_some() {
                    InboxKind::Reply
                } else {
                    InboxKind::Mention
                },
                text: plain_text(&status.content),
                url: status.url.as_deref().and_then(crate::links::web_address),
                status_id: status.id,
                reply_ref: None,
                remote_id: m.id,
                received_at: m.created_at,
            })
        })
        .collect())
}

/// The Bluesky mentions and replies not kept yet.
fn fetch_bluesky(
    store: &Store,
    secrets: &SecretStore,
    account: &Credentials,
    retry: Retry,
) -> Result<Vec<Fetched>> {
    let kept: std::collections::HashSet<String> = store.read(|conn| {
        let mut stmt = conn.prepare("SELECT remote_id FROM inbox_item WHERE account_id = ?1")?;
        let rows = stmt.query_map([account.id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    let (client, session) = account.bluesky(secrets, retry)?;
    let notifications = client.notifications(&session, |uri| kept.contains(uri), MAX_PAGES)?;
    Ok(notifications
        .into_iter()
        .map(|n| Fetched {
            kind: if n.reason == "reply" {
                InboxKind::Reply
            } else {
                InboxKind::Mention
            },
            text: n.record["text"].as_str().unwrap_or_default().to_owned(),
            url: n
                .uri
                .rsplit('/')
                .next()
                .map(|rkey| format!("https://bsky.app/profile/{}/post/{rkey}", n.author.handle)),
            reply_ref: Some(n.reply_ref()),
            status_id: n.uri.clone(),
            author_name: n.author.display_name.clone().unwrap_or_default(),
            author_handle: n.author.handle,
            remote_id: n.uri,
            received_at: n.indexed_at,
        })
        .collect())
}

/// The inbox, newest first (only the unread ones, if asked).
pub fn list(store: &Store, unread_only: bool, limit: u32) -> Result<Vec<InboxItem>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT i.id, a.network, i.kind, i.author_handle, i.author_name, i.text, i.url, i.received_at, i.read,
                    i.interaction_id
             FROM inbox_item i JOIN account a ON a.id = i.account_id
             WHERE (?1 = 0 OR i.read = 0)
             ORDER BY i.received_at DESC, i.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![unread_only, limit], |r| {
            let network: String = r.get(1)?;
            Ok(InboxItem {
                id: r.get(0)?,
                network: Network::from_code(&network).unwrap_or(Network::Mastodon),
                kind: r.get(2)?,
                author_handle: r.get(3)?,
                author_name: r.get(4)?,
                text: r.get(5)?,
                url: r.get(6)?,
                received_at: r.get(7)?,
                read: r.get(8)?,
                from: None,
                from_name: None,
                interaction_id: r.get(9)?,
            })
        })?;
        let mut items: Vec<InboxItem> = rows.collect::<rusqlite::Result<_>>()?;
        for item in &mut items {
            if let Some((party, name)) = known_named(conn, &item.author_handle)? {
                item.from = Some(party);
                item.from_name = Some(name);
            }
        }
        Ok(items)
    })
}

/// Turns inbox item `id` into an inbound interaction awaiting a reply, on the timeline of whoever wrote:
/// the known person or organisation with that handle, else a new person known only from social media
/// (whom retention will propose to let go if nothing else happens). The item is marked read.
pub fn log_interaction(store: &Store, id: i64, now: DateTime<Utc>) -> Result<Interaction> {
    let interaction =
        store.write(|tx| {
            let (kind, handle, name, text, logged): (InboxKind, String, String, String, Option<i64>) = tx
            .query_row(
                "SELECT kind, author_handle, author_name, text, interaction_id FROM inbox_item WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?
            .ok_or(Error::NotFound { what: "inbox item", id })?;
            if let Some(existing) = logged {
                return Ok(existing);
            }
            let party = match known(tx, &handle)? {
                Some(party) => party,
                None => {
                    let network = handle_network(&handle);
                    let person = PersonInput {
                        name: if name.trim().is_empty() {
                            handle.clone()
                        } else {
                            name.clone()
                        },
                        contacts: vec![ContactPoint {
                            kind: ContactKind::Handle,
                            network: Some(network),
                            value: handle.clone(),
                        }],
                        ..PersonInput::default()
                    };
                    Party::Person(crate::people::insert(tx, &person, Origin::Social, now)?)
                }
            };
            let summary: String = text.chars().take(interactions::MAX_SUMMARY_CHARS).collect();
            let input = InteractionInput {
                occurred_at: None,
                channel: match kind {
                    InboxKind::Mention => Channel::Mention,
                    InboxKind::Reply => Channel::SocialComment,
                },
                direction: Direction::Inbound,
                summary: if summary.trim().is_empty() {
                    handle.clone()
                } else {
                    summary
                },
                awaiting_reply: true,
                amplified: false,
                campaign_id: None,
                post_id: None,
                event_id: None,
                participants: vec![Participant {
                    party,
                    role: String::new(),
                }],
                answers: None,
            };
            let interaction = interactions::insert(tx, &input, now)?;
            tx.execute(
                "UPDATE inbox_item SET interaction_id = ?1, read = 1 WHERE id = ?2",
                rusqlite::params![interaction, id],
            )?;
            Ok(interaction)
        })?;
    interactions::get(store, interaction)
}

/// Answers inbox item `id` on the network with `text`, after the voice checks of an answer (error-level
/// findings and a text too long refuse it): the reply goes out under the status it answers (with an idempotency key, so a retry never
/// answers twice), and is logged as the outbound interaction that answers the message's own — logged
/// first if it was not yet — so its awaiting-reply flag clears. On Bluesky the answer joins the message's
/// thread, under a record key derived from the message and the text, looked up before writing.
pub fn answer(
    store: &Store,
    secrets: &SecretStore,
    id: i64,
    text: &str,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<Interaction> {
    let text = crate::fields::required_text("text", text)?;
    let inbound = log_interaction(store, id, now)?;
    let (account, status_id, reply_ref, received_at) = store.read(|conn| {
        let (account_id, status_id, reply_ref, received_at): (i64, String, Option<String>, DateTime<Utc>) =
            conn.query_row(
                "SELECT account_id, status_id, reply_ref, received_at FROM inbox_item WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let account = accounts::credentials(conn, account_id)?;
        let draft = DraftCheck {
            text: text.clone(),
            networks: vec![account.network],
            explain_in: Some(crate::Language::En),
            ..DraftCheck::default()
        };
        let report = check_answer(
            &*crate::voice::stored::compiled(conn)?,
            &draft,
            &accounts::network_limits(conn)?,
        );
        if let Some(finding) = report.findings.iter().find(|f| f.level == Level::Error) {
            return Err(Error::invalid(
                "text",
                format!("{}: {}", finding.rule, finding.message),
            ));
        }
        if let Some(count) = report.networks.get(&account.network).filter(|c| !c.fits) {
            return Err(Error::invalid(
                "text",
                format!("too long: {} of {} allowed", count.length, count.limit),
            ));
        }
        Ok((account, status_id, reply_ref, received_at))
    })?;
    // The same answer to the same message is the same request: a retry after a lost answer is not posted
    // twice, while a different text is a new answer.
    let fingerprint = crate::publish::fingerprint(&text);
    match account.network {
        Network::Bluesky => {
            // A record key dated just after the message, told apart by the answer's fingerprint.
            let micros =
                u64::try_from(received_at.timestamp_micros()).unwrap_or_default() + fingerprint % 1_000_000;
            let rkey = crate::bluesky::tid(micros, (fingerprint >> 20) as u16);
            let reply_ref: serde_json::Value = reply_ref
                .and_then(|r| serde_json::from_str(&r).ok())
                .ok_or_else(|| Error::Internal(format!("inbox item {id} has no thread references")))?;
            let (client, session) = account.bluesky(secrets, retry)?;
            client.write_post_once(&session, &rkey, &text, || {
                Ok(serde_json::Map::from_iter([("reply".to_owned(), reply_ref)]))
            })?;
        }
        _ => {
            account.mastodon(secrets, retry)?.post_status(
                &mastodon::NewStatus {
                    status: text.clone(),
                    media_ids: Vec::new(),
                    language: None,
                    in_reply_to_id: Some(status_id),
                    visibility: "public",
                    scheduled_at: None,
                },
                &format!("answer-{}-{id}-{fingerprint:016x}", account.id),
            )?;
        }
    }
    let participants = inbound
        .participants
        .iter()
        .map(|p| Participant {
            party: p.party,
            role: p.role.clone(),
        })
        .collect();
    let reply = InteractionInput {
        occurred_at: None,
        channel: inbound.channel,
        direction: Direction::Outbound,
        summary: text.chars().take(interactions::MAX_SUMMARY_CHARS).collect(),
        awaiting_reply: false,
        amplified: false,
        campaign_id: None,
        post_id: None,
        event_id: None,
        participants,
        answers: Some(inbound.id),
    };
    interactions::log(store, &reply, now)
}

/// The network of a handle: Mastodon's `@user@server`, else Bluesky's `user.domain`.
fn handle_network(handle: &str) -> Network {
    if handle.starts_with('@') {
        Network::Mastodon
    } else {
        Network::Bluesky
    }
}

/// The person or organisation whose handle is `handle` (whatever the case), if any.
fn known(conn: &Connection, handle: &str) -> Result<Option<Party>> {
    Ok(known_named(conn, handle)?.map(|(party, _)| party))
}

/// The person or organisation whose handle is `handle`, with their name; a handle is the same with or
/// without its leading `@`.
fn known_named(conn: &Connection, handle: &str) -> Result<Option<(Party, String)>> {
    let bare = handle.trim_start_matches('@');
    let found: Option<(Option<i64>, Option<i64>, String)> = conn
        .prepare_cached(
            "SELECT c.person_id, c.organisation_id, coalesce(p.name, o.name)
             FROM contact_point c LEFT JOIN person p ON p.id = c.person_id
                                  LEFT JOIN organisation o ON o.id = c.organisation_id
             WHERE c.kind = 'handle' AND (c.value = ?1 COLLATE NOCASE OR c.value = ?2 COLLATE NOCASE)
             ORDER BY c.id LIMIT 1",
        )?
        .query_row([bare, &format!("@{bare}")], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(found.map(|(person, organisation, name)| (Party::from_columns(person, organisation), name)))
}

/// Marks inbox item `id` read or unread.
pub fn mark_read(store: &Store, id: i64, read: bool) -> Result<()> {
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE inbox_item SET read = ?1 WHERE id = ?2",
            rusqlite::params![read, id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: "inbox item",
                id,
            });
        }
        Ok(())
    })
}

/// The text of a status's HTML: paragraphs and line breaks kept, tags dropped, entities decoded.
pub fn plain_text(html: &str) -> String {
    let spaced = html
        .replace("</p><p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let mut text = String::with_capacity(spaced.len());
    let mut in_tag = false;
    for c in spaced.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(text.trim())
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let entity = after.find(';').filter(|&end| end <= 10).map(|end| &after[..=end]);
        let decoded = entity.and_then(|e| match e {
            "&amp;" => Some('&'),
            "&lt;" => Some('<'),
            "&gt;" => Some('>'),
            "&quot;" => Some('"'),
            "&apos;" | "&#39;" => Some('\''),
            "&nbsp;" => Some('\u{a0}'),
            _ => e
                .strip_prefix("&#x")
                .and_then(|hex| u32::from_str_radix(hex.trim_end_matches(';'), 16).ok())
                .or_else(|| {
                    e.strip_prefix("&#")
                        .and_then(|dec| dec.trim_end_matches(';').parse().ok())
                })
                .and_then(char::from_u32),
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len()..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_becomes_plain_text() {
        let html = "<p><span class=\"h-card\"><a href=\"https://x\">@<span>salaborsa</span></a></span> Quando riaprite? Ho 3 &lt; 5 libri &amp; un&#39;idea</p><p>Grazie!<br>Maria &#x1F4DA;</p>";
        assert_eq!(
            plain_text(html),
            "@salaborsa Quando riaprite? Ho 3 < 5 libri & un'idea\n\nGrazie!\nMaria 📚"
        );
        assert_eq!(plain_text("a & b &unknown; c"), "a & b &unknown; c");
    }
}
