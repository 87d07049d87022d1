//! Publishing a post now, on each of its networks that has a connected account (Mastodon and Bluesky):
//! the checks of becoming ready run again first (missing consent and error-level findings block it), then
//! its images are uploaded with their descriptions and its text posted. Each network's attempt is recorded
//! before anything is sent, with the key every retry reuses — Mastodon's `Idempotency-Key`, Bluesky's
//! record key, looked up before each try — so a post is never published twice; no database lock is held
//! while the network answers. Success stores the network's id and
//! address and marks the post published; a failure keeps the server's message, marks the post failed
//! and leaves the draft as it was, ready to retry.

use std::path::Path;

use chrono::{DateTime, Utc};
use rand::Rng;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use crate::accounts::{self, Credentials};
use crate::bluesky;
use crate::error::{Error, Result};
use crate::fields::stored_enum;
use crate::io::fetch::Retry;
use crate::mastodon::{self, NewStatus};
use crate::profile::Network;
use crate::secrets::SecretStore;
use crate::store::Store;

stored_enum! {
    /// Where a post stands on one network.
    pub enum PublicationStatus {
        /// Waiting for its time: on Mastodon's server, or in the app's scheduler for Bluesky.
        Scheduled = "scheduled",
        /// Recorded before sending; what a crash mid-send leaves, and what a retry picks up.
        Sending = "sending",
        Published = "published",
        Failed = "failed",
    }
}

/// A post on one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Publication {
    pub network: Network,
    pub status: PublicationStatus,
    /// The network's id for the post, once published.
    pub remote_id: Option<String>,
    /// The post's address, once published.
    pub url: Option<String>,
    /// The server's message, when it failed.
    pub error: Option<String>,
    pub attempted_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When it is to go out, while scheduled.
    pub scheduled_for: Option<DateTime<Utc>>,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublishReport {
    #[ts(type = "number")]
    pub post_id: i64,
    pub publications: Vec<Publication>,
    /// The post's networks that have no connected account, left out.
    pub not_connected: Vec<Network>,
}

/// The networks Agora publishes to.
const PUBLISHABLE: [Network; 2] = [Network::Mastodon, Network::Bluesky];

/// One network's send, as planned inside the transaction and carried out outside it.
struct Send {
    account: Credentials,
    key: String,
    text: String,
    /// Mastodon's scheduled status for the post, cancelled before it goes out now.
    scheduled: Option<String>,
}

/// A post as the network took it.
struct Sent {
    remote_id: String,
    url: String,
}

/// Publishes post `id` now on its networks (only `only`, if given) that have a connected account.
pub fn publish(
    store: &Store,
    secrets: &SecretStore,
    id: i64,
    only: Option<Network>,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<PublishReport> {
    let (view, sends, not_connected) = store.write(|tx| plan(tx, id, only, now))?;
    for send in &sends {
        let outcome = match send.account.network {
            Network::Bluesky => send_bluesky(secrets, send, &view, retry),
            _ => send_mastodon(secrets, send, &view, retry),
        };
        store.write(|tx| record(tx, id, send.account.network, &outcome, Utc::now()))?;
    }
    store.write(|tx| settle(tx, id, now))?;
    report(store, id, not_connected)
}

/// Post `id`'s publications as they stand.
pub(crate) fn report(store: &Store, id: i64, not_connected: Vec<Network>) -> Result<PublishReport> {
    Ok(PublishReport {
        post_id: id,
        publications: store.read(|conn| publications(conn, id))?,
        not_connected,
    })
}

/// Checks the post and records a `sending` row (with its idempotency key) for each network to send to.
fn plan(
    tx: &Transaction,
    id: i64,
    only: Option<Network>,
    now: DateTime<Utc>,
) -> Result<(crate::drafts::DraftView, Vec<Send>, Vec<Network>)> {
    let view = crate::drafts::check_before_publishing(tx, id, now)?;
    if let Some(network) = only.filter(|n| !view.post.channels.iter().any(|c| c.network == *n)) {
        return Err(Error::invalid(
            "network",
            format!("post {id} is not planned for {}", network.code()),
        ));
    }
    let mut sends = Vec::new();
    let mut not_connected = Vec::new();
    for channel in &view.post.channels {
        if only.is_some_and(|n| n != channel.network) {
            continue;
        }
        let done: Option<(String, String, Option<String>)> = tx
            .query_row(
                "SELECT status, idempotency_key, remote_id FROM publication WHERE post_id = ?1 AND network = ?2",
                rusqlite::params![id, channel.network.code()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if done.as_ref().is_some_and(|(status, ..)| status == "published") {
            continue;
        }
        let account = accounts::on_network(tx, channel.network)?.into_iter().next();
        let Some(account) = account.filter(|_| PUBLISHABLE.contains(&channel.network)) else {
            not_connected.push(channel.network);
            continue;
        };
        // A retry reuses the key of the attempt before, so a post the server took is not taken twice; a post
        // Mastodon holds scheduled goes out now under a new key (the old one answers with the schedule).
        let scheduled = done
            .as_ref()
            .filter(|(status, ..)| status == "scheduled" && channel.network == Network::Mastodon)
            .and_then(|(_, _, remote)| remote.clone());
        let key = match done {
            Some((_, key, _)) if scheduled.is_none() => key,
            _ => new_key(channel.network, now),
        };
        tx.execute(
            "INSERT INTO publication (post_id, network, account_id, status, idempotency_key, attempted_at)
             VALUES (?1, ?2, ?3, 'sending', ?4, ?5)
             ON CONFLICT (post_id, network) DO UPDATE SET account_id = ?3, status = 'sending', error = NULL,
                                                           attempted_at = ?5, idempotency_key = ?4,
                                                           scheduled_for = NULL",
            rusqlite::params![id, channel.network.code(), account.id, key, now],
        )?;
        sends.push(Send {
            account,
            key,
            scheduled,
            text: channel.text.clone(),
        });
    }
    if sends.is_empty() && !not_connected.is_empty() {
        let names: Vec<&str> = not_connected.iter().map(|n| n.code()).collect();
        return Err(Error::invalid(
            "network",
            format!(
                "no account is connected for {}; connect one first",
                names.join(", ")
            ),
        ));
    }
    Ok((view, sends, not_connected))
}

/// A fresh key: a random idempotency key for Mastodon, a record key (TID) for Bluesky.
pub(crate) fn new_key(network: Network, now: DateTime<Utc>) -> String {
    let mut rng = rand::rng();
    match network {
        Network::Bluesky => {
            let micros = u64::try_from(now.timestamp_micros()).unwrap_or_default();
            bluesky::tid(micros, rng.random::<u16>())
        }
        _ => {
            let bytes: [u8; 16] = rng.random();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
    }
}

/// Uploads the images, then posts the text.
fn send_mastodon(
    secrets: &SecretStore,
    send: &Send,
    view: &crate::drafts::DraftView,
    retry: Retry,
) -> Result<Sent> {
    let client = send.account.mastodon(secrets, retry)?;
    if let Some(scheduled) = &send.scheduled {
        client.cancel_scheduled(scheduled)?;
    }
    let mut media_ids = upload_images(&client, view)?;
    // A thread: the images go with the first post, each next one replies to the one before, and each has
    // its own key derived from the post's.
    let mut first: Option<mastodon::Status> = None;
    let mut previous: Option<String> = None;
    for (i, part) in thread_texts(Network::Mastodon, &send.text)
        .into_iter()
        .enumerate()
    {
        let key = if i == 0 {
            send.key.clone()
        } else {
            format!("{}-{i}", send.key)
        };
        let status = client.post_status(
            &NewStatus {
                status: part.to_owned(),
                media_ids: std::mem::take(&mut media_ids),
                language: view.content.lang.map(|l| l.code().to_owned()),
                in_reply_to_id: previous.take(),
                visibility: "public",
                scheduled_at: None,
            },
            &key,
        )?;
        previous = Some(status.id.clone());
        first.get_or_insert(status);
    }
    let status = first.ok_or_else(|| Error::invalid("text", "the post is empty"))?;
    Ok(Sent {
        url: status.url.unwrap_or(status.uri),
        remote_id: status.id,
    })
}

/// The texts of the posts `text` makes on `network`: the parts of a thread, or the text itself.
fn thread_texts(network: Network, text: &str) -> Vec<&str> {
    let parts: Vec<&str> = crate::thread::parts(network, text)
        .iter()
        .map(|p| p.text)
        .collect();
    if parts.is_empty() {
        vec![text]
    } else {
        parts
    }
}

/// Uploads the post's images with their descriptions; returns their ids.
pub(crate) fn upload_images(
    client: &mastodon::Client,
    view: &crate::drafts::DraftView,
) -> Result<Vec<String>> {
    view.content
        .images
        .iter()
        .map(|image| client.upload_media(Path::new(&image.path), &image.alt))
        .collect()
}

/// A stable 64-bit fingerprint of `text` (FNV-1a): the same text, the same number, on every computer.
pub(crate) fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Signs in, checks and uploads the images, builds
/// the facets and writes the post under its planned record key — unless a record with that key is
/// already there, from an attempt whose answer was lost.
fn send_bluesky(
    secrets: &SecretStore,
    send: &Send,
    view: &crate::drafts::DraftView,
    retry: Retry,
) -> Result<Sent> {
    let images = view
        .content
        .images
        .iter()
        .map(|image| {
            let path = Path::new(&image.path);
            let bytes = std::fs::read(path).map_err(Error::io(path))?;
            if bytes.len() > bluesky::MAX_IMAGE_BYTES {
                return Err(Error::invalid(
                    "images",
                    format!("{} is larger than Bluesky's 1,000,000 bytes", image.path),
                ));
            }
            if image.alt.trim().is_empty() {
                return Err(Error::invalid(
                    "images",
                    format!(
                        "{} has no description; Bluesky posts need one for every image",
                        image.path
                    ),
                ));
            }
            Ok((bytes, crate::io::image_mime(path), image.alt.trim().to_owned()))
        })
        .collect::<Result<Vec<_>>>()?;
    let (client, session) = send.account.bluesky(secrets, retry)?;
    let lang = view.content.lang.map(|lang| json!([lang.code()]));
    let mut images = Some(images);
    // A thread: each next post replies to the one before, under the root, with a record key after the
    // post's own; each is looked up before it is written, so a retry resumes where the last one stopped.
    let mut written: Vec<bluesky::Written> = Vec::new();
    for (i, part) in thread_texts(Network::Bluesky, &send.text).into_iter().enumerate() {
        let rkey = bluesky::tid_after(&send.key, i as u64);
        let post = client.write_post_once(&session, &rkey, part, || {
            let mut fields = serde_json::Map::new();
            if let Some(lang) = &lang {
                fields.insert("langs".into(), lang.clone());
            }
            if let (Some(root), Some(parent)) = (written.first(), written.last()) {
                fields.insert(
                    "reply".into(),
                    json!({"root": {"uri": root.uri, "cid": root.cid}, "parent": {"uri": parent.uri, "cid": parent.cid}}),
                );
            }
            let mut embedded = Vec::new();
            for (bytes, mime, alt) in images.take().unwrap_or_default() {
                embedded.push(json!({"alt": alt, "image": client.upload_blob(&session, bytes, mime)?}));
            }
            if !embedded.is_empty() {
                fields.insert(
                    "embed".into(),
                    json!({"$type": "app.bsky.embed.images", "images": embedded}),
                );
            }
            Ok(fields)
        })?;
        // The images belong to the first post, even when it was written by an attempt before.
        images = None;
        written.push(post);
    }
    let first = written
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("text", "the post is empty"))?;
    Ok(Sent {
        url: format!("https://bsky.app/profile/{}/post/{}", session.handle, send.key),
        remote_id: first.uri,
    })
}

/// Records how one network's send ended.
fn record(
    tx: &Transaction,
    id: i64,
    network: Network,
    outcome: &Result<Sent>,
    now: DateTime<Utc>,
) -> Result<()> {
    match outcome {
        Ok(sent) => tx.execute(
            "UPDATE publication SET status = 'published', remote_id = ?3, url = ?4, error = NULL,
                                    published_at = ?5
             WHERE post_id = ?1 AND network = ?2",
            rusqlite::params![id, network.code(), sent.remote_id, sent.url, now],
        )?,
        Err(error) => tx.execute(
            "UPDATE publication SET status = 'failed', error = ?3 WHERE post_id = ?1 AND network = ?2",
            rusqlite::params![id, network.code(), error.to_string()],
        )?,
    };
    Ok(())
}

/// Sets the post's state from its publications: failed if one failed, published once one went out and
/// none is pending.
pub(crate) fn settle(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<()> {
    let statuses: Vec<String> = tx
        .prepare("SELECT status FROM publication WHERE post_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let state = if statuses.iter().any(|s| s == "failed") {
        "failed"
    } else if !statuses.is_empty() && statuses.iter().all(|s| s == "published") {
        "published"
    } else {
        return Ok(());
    };
    tx.execute(
        "UPDATE post SET state = ?1, updated_at = ?2 WHERE id = ?3",
        rusqlite::params![state, now, id],
    )?;
    Ok(())
}

/// Post `id`'s publications, by network.
pub fn of_post(store: &Store, id: i64) -> Result<Vec<Publication>> {
    store.read(|conn| publications(conn, id))
}

fn publications(conn: &Connection, id: i64) -> Result<Vec<Publication>> {
    let mut stmt = conn.prepare(
        "SELECT network, status, remote_id, url, error, attempted_at, published_at, scheduled_for
         FROM publication WHERE post_id = ?1 ORDER BY network",
    )?;
    let rows = stmt.query_map([id], |r| {
        let network: String = r.get(0)?;
        Ok(Publication {
            network: Network::from_code(&network).unwrap_or(Network::Mastodon),
            status: r.get(1)?,
            remote_id: r.get(2)?,
            url: r.get(3)?,
            error: r.get(4)?,
            attempted_at: r.get(5)?,
            published_at: r.get(6)?,
            scheduled_for: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
