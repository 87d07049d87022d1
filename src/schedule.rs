//! Scheduled publishing. A post marked scheduled, with a time, waits on Mastodon's own server (a scheduled
//! status, at least five minutes ahead, so it goes out while the laptop is closed) and, for Bluesky, which
//! has no such thing, and for threads (whose replies need the posts before them), in the app's scheduler,
//! which publishes it when due while the app runs. Moving, editing or un-scheduling the post follows on the
//! server: a new time moves the scheduled status, a new text or image replaces it, another state cancels it.
//! A post held by the app whose time passed while it was closed is never published late without asking:
//! [`overdue`] lists them for the officer to publish now, reschedule or cancel. Once its time has passed, a
//! post Mastodon published by itself is found among the account's statuses and recorded as published, with
//! its address.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::accounts::{self, Credentials};
use crate::error::{Error, Result};
use crate::io::fetch::Retry;
use crate::mastodon::{self, NewStatus, SCHEDULE_AHEAD};
use crate::posts::PostState;
use crate::profile::Network;
use crate::publish::{self, PublishReport};
use crate::secrets::SecretStore;
use crate::store::Store;

/// One network's schedule, as it stands.
struct Kept {
    status: String,
    remote_id: Option<String>,
    scheduled_for: Option<DateTime<Utc>>,
    digest: Option<String>,
}

/// What following a post's schedule takes on one network.
enum Step {
    /// Schedule it on Mastodon's server (replacing the scheduled status `replacing`, if any).
    Create {
        account: Credentials,
        key: String,
        text: String,
        at: DateTime<Utc>,
        replacing: Option<String>,
    },
    /// Move Mastodon's scheduled status.
    Move {
        account: Credentials,
        remote_id: String,
        at: DateTime<Utc>,
    },
    /// Cancel Mastodon's scheduled status; the network's record stays (failed, with its reason) when
    /// `keep_row`, and goes otherwise.
    Cancel {
        account: Credentials,
        remote_id: String,
        keep_row: bool,
    },
}

/// Brings post `id`'s schedule on its networks in line with the post: scheduled at its time if it is
/// marked scheduled, cancelled otherwise. Nothing is sent when nothing changed. A server's refusal marks
/// that network failed with the message, as publishing does, and so does a time too soon for Mastodon or
/// already past for a post the app holds (nothing is sent then).
pub fn follow(
    store: &Store,
    secrets: &SecretStore,
    id: i64,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<PublishReport> {
    let (view, steps, blocked) = store.write(|tx| plan(tx, id, now))?;
    for step in steps {
        let network = Network::Mastodon;
        let outcome = carry_out(secrets, &step, &view, retry);
        store.write(|tx| {
            match (&step, outcome) {
                (Step::Cancel { keep_row: true, .. }, Ok(_)) => {
                    // A new key: the old one would be answered with the cancelled status.
                    tx.execute(
                        "UPDATE publication SET remote_id = NULL, idempotency_key = ?3
                         WHERE post_id = ?1 AND network = ?2",
                        rusqlite::params![id, network.code(), publish::new_key(network, now)],
                    )?;
                }
                (Step::Cancel { .. }, Ok(_)) => {
                    tx.execute(
                        "DELETE FROM publication WHERE post_id = ?1 AND network = ?2",
                        rusqlite::params![id, network.code()],
                    )?;
                }
                (_, Ok(scheduled)) => {
                    tx.execute(
                        "UPDATE publication SET status = 'scheduled', remote_id = ?3, scheduled_for = ?4,
                                                error = NULL
                         WHERE post_id = ?1 AND network = ?2",
                        rusqlite::params![id, network.code(), scheduled.id, scheduled.scheduled_at],
                    )?;
                }
                (_, Err(error)) => {
                    tx.execute(
                        "UPDATE publication SET status = 'failed', error = ?3 WHERE post_id = ?1 AND network = ?2",
                        rusqlite::params![id, network.code(), error.to_string()],
                    )?;
                }
            }
            Ok(())
        })?;
    }
    store.write(|tx| publish::settle(tx, id, now))?;
    match blocked {
        Some(error) => Err(error),
        None => publish::report(store, id, Vec::new()),
    }
}

/// Follows post `id`'s schedule after the officer changed it (its state, time or text), when it is or was
/// scheduled; does nothing for other posts.
pub fn after_change(
    store: &Store,
    secrets: &SecretStore,
    id: i64,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<()> {
    let involved: bool = store.read(|conn| {
        Ok(conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM post WHERE id = ?1 AND state = 'scheduled')
                 OR EXISTS (SELECT 1 FROM publication WHERE post_id = ?1
                            AND (status = 'scheduled' OR (status = 'failed' AND scheduled_for IS NOT NULL)))",
            [id],
            |r| r.get(0),
        )?)
    })?;
    if involved {
        follow(store, secrets, id, retry, now)?;
    }
    Ok(())
}

/// Decides each network's step, recording what needs no server (what the app holds, cancellations'
/// intent) inside the transaction. A scheduled post that no longer passes the checks of publishing
/// (consent withdrawn, say) is taken off every schedule, marked failed with the reason, which is returned.
fn plan(
    tx: &Transaction,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(crate::drafts::DraftView, Vec<Step>, Option<Error>)> {
    let view = crate::drafts::read(tx, id)?;
    let blocked = if view.post.state == PostState::Scheduled {
        crate::drafts::check_before_publishing(tx, id, now).err()
    } else {
        None
    };
    let scheduled = view.post.state == PostState::Scheduled && blocked.is_none();
    let digest = digest(&view);
    let mut steps = Vec::new();
    for network in [Network::Mastodon, Network::Bluesky] {
        let channel = view.post.channels.iter().find(|c| c.network == network);
        let account = accounts::on_network(tx, network)?.into_iter().next();
        let kept = kept(tx, id, network)?;
        if kept
            .as_ref()
            .is_some_and(|k| k.status == "published" || k.status == "sending")
        {
            continue;
        }
        let wanted = match (scheduled, channel, account, view.post.planned_at) {
            (true, Some(channel), Some(account), Some(at)) => Some((channel, account, at)),
            _ => None,
        };
        let Some((channel, account, at)) = wanted else {
            // Not (or no longer) to be scheduled here: cancel what is.
            let Some(kept) = kept
                .filter(|k| k.status == "scheduled" || (k.status == "failed" && k.scheduled_for.is_some()))
            else {
                continue;
            };
            if let Some(reason) = &blocked {
                tx.execute(
                    "UPDATE publication SET status = 'failed', error = ?3 WHERE post_id = ?1 AND network = ?2",
                    rusqlite::params![id, network.code(), reason.to_string()],
                )?;
            }
            match (
                network,
                kept.remote_id,
                accounts::on_network(tx, network)?.into_iter().next(),
            ) {
                (Network::Mastodon, Some(remote_id), Some(account)) if kept.status == "scheduled" => steps
                    .push(Step::Cancel {
                        account,
                        remote_id,
                        keep_row: blocked.is_some(),
                    }),
                _ if blocked.is_some() => {}
                _ => {
                    tx.execute(
                        "DELETE FROM publication WHERE post_id = ?1 AND network = ?2",
                        rusqlite::params![id, network.code()],
                    )?;
                }
            }
            continue;
        };
        let unchanged_text = kept
            .as_ref()
            .is_some_and(|k| k.digest.as_deref() == Some(digest.as_str()));
        let live = kept.as_ref().filter(|k| k.status == "scheduled");
        if unchanged_text && live.is_some_and(|k| k.scheduled_for == Some(at)) {
            continue; // as scheduled already
        }
        // Mastodon's server holds single posts; a thread (whose replies need the posts before them) and
        // Bluesky's posts wait in the app's scheduler.
        let held_by_server =
            network == Network::Mastodon && crate::thread::parts(network, &channel.text).len() < 2;
        let earliest = if held_by_server { now + SCHEDULE_AHEAD } else { now };
        if at < earliest {
            // Too soon: recorded as failed with the reason (and what the server held, cancelled).
            let reason = if held_by_server {
                "Mastodon publishes scheduled posts at least 5 minutes ahead: choose a later time, or publish now"
            } else {
                "the time has passed: choose a later time, or publish now"
            };
            tx.execute(
                "INSERT INTO publication (post_id, network, account_id, status, idempotency_key, attempted_at,
                                          scheduled_for, digest, error)
                 VALUES (?1, ?2, ?3, 'failed', ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (post_id, network) DO UPDATE SET
                     account_id = ?3, status = 'failed', scheduled_for = ?6, digest = ?7, attempted_at = ?5, error = ?8",
                rusqlite::params![
                    id,
                    network.code(),
                    account.id,
                    publish::new_key(network, now),
                    now,
                    at,
                    digest,
                    reason
                ],
            )?;
            steps.extend(release(live, account));
            continue;
        }
        let key = publish::new_key(network, now);
        tx.execute(
            "INSERT INTO publication (post_id, network, account_id, status, idempotency_key, attempted_at,
                                      scheduled_for, digest)
             VALUES (?1, ?2, ?3, 'scheduled', ?4, ?5, ?6, ?7)
             ON CONFLICT (post_id, network) DO UPDATE SET
                 account_id = ?3, status = 'scheduled', error = NULL, scheduled_for = ?6, digest = ?7,
                 attempted_at = ?5, idempotency_key = CASE WHEN ?8 THEN idempotency_key ELSE ?4 END",
            rusqlite::params![
                id,
                network.code(),
                account.id,
                key,
                now,
                at,
                digest,
                unchanged_text
            ],
        )?;
        if !held_by_server {
            // Waits in the app's scheduler; what the server held before (a post since made a thread) goes.
            steps.extend(release(live, account));
            continue;
        }
        match live.and_then(|k| k.remote_id.clone()) {
            Some(remote_id) if unchanged_text => {
                if live.and_then(|k| k.scheduled_for) != Some(at) {
                    steps.push(Step::Move {
                        account,
                        remote_id,
                        at,
                    });
                }
            }
            replacing => steps.push(Step::Create {
                // The key the record holds: the same as an attempt whose answer was lost, a new one for a
                // new text or after a cancellation.
                key: kept_key(tx, id, network)?,
                account,
                text: channel.text.clone(),
                at,
                replacing,
            }),
        }
    }
    Ok((view, steps, blocked))
}

/// Cancelling what the server holds for `live`, if anything, keeping the network's record.
fn release(live: Option<&Kept>, account: Credentials) -> Option<Step> {
    let remote_id = live?.remote_id.clone()?;
    Some(Step::Cancel {
        account,
        remote_id,
        keep_row: true,
    })
}

fn kept(tx: &Transaction, id: i64, network: Network) -> Result<Option<Kept>> {
    Ok(tx
        .query_row(
            "SELECT status, remote_id, scheduled_for, digest FROM publication WHERE post_id = ?1 AND network = ?2",
            rusqlite::params![id, network.code()],
            |r| {
                Ok(Kept {
                    status: r.get(0)?,
                    remote_id: r.get(1)?,
                    scheduled_for: r.get(2)?,
                    digest: r.get(3)?,
                })
            },
        )
        .optional()?)
}

fn kept_key(tx: &Transaction, id: i64, network: Network) -> Result<String> {
    Ok(tx.query_row(
        "SELECT idempotency_key FROM publication WHERE post_id = ?1 AND network = ?2",
        rusqlite::params![id, network.code()],
        |r| r.get(0),
    )?)
}

/// A fingerprint of what goes out: the texts, the language and the images with their descriptions.
fn digest(view: &crate::drafts::DraftView) -> String {
    let mut all = String::new();
    for channel in &view.post.channels {
        all.push_str(channel.network.code());
        all.push('\u{1f}');
        all.push_str(&channel.text);
        all.push('\u{1e}');
    }
    all.push_str(view.content.lang.map_or("", |l| l.code()));
    for image in &view.content.images {
        all.push('\u{1e}');
        all.push_str(&image.path);
        all.push('\u{1f}');
        all.push_str(&image.alt);
    }
    format!("{:016x}", publish::fingerprint(&all))
}

/// Sends one step to Mastodon.
fn carry_out(
    secrets: &SecretStore,
    step: &Step,
    view: &crate::drafts::DraftView,
    retry: Retry,
) -> Result<mastodon::ScheduledStatus> {
    match step {
        Step::Create {
            account,
            key,
            text,
            at,
            replacing,
        } => {
            let client = account.mastodon(secrets, retry)?;
            if let Some(old) = replacing {
                client.cancel_scheduled(old)?;
            }
            let media_ids = publish::upload_images(&client, view)?;
            client.schedule_status(
                &NewStatus {
                    status: text.clone(),
                    media_ids,
                    language: view.content.lang.map(|l| l.code().to_owned()),
                    in_reply_to_id: None,
                    visibility: "public",
                    scheduled_at: Some(*at),
                },
                key,
            )
        }
        Step::Move {
            account,
            remote_id,
            at,
        } => account.mastodon(secrets, retry)?.reschedule(remote_id, *at),
        Step::Cancel {
            account, remote_id, ..
        } => {
            account.mastodon(secrets, retry)?.cancel_scheduled(remote_id)?;
            Ok(mastodon::ScheduledStatus {
                id: remote_id.clone(),
                scheduled_at: Utc::now(),
            })
        }
    }
}

/// A post held by the app (on Bluesky, or a thread) whose time came while the app was closed, waiting for
/// the officer's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Overdue {
    #[ts(type = "number")]
    pub post_id: i64,
    pub network: Network,
    pub scheduled_for: DateTime<Utc>,
    /// The beginning of its text.
    pub text: String,
}

/// The posts held by the app, due before `before` (the app's start) and still waiting, oldest first.
pub fn overdue(store: &Store, before: DateTime<Utc>) -> Result<Vec<Overdue>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT p.post_id, p.scheduled_for, coalesce(c.text, ''), p.network
             FROM publication p LEFT JOIN post_channel c ON c.post_id = p.post_id AND c.network = p.network
             WHERE p.status = 'scheduled' AND p.remote_id IS NULL AND p.scheduled_for < ?1
             ORDER BY p.scheduled_for",
        )?;
        let rows = stmt.query_map([before], |r| {
            let text: String = r.get(2)?;
            let network: String = r.get(3)?;
            Ok(Overdue {
                post_id: r.get(0)?,
                network: Network::from_code(&network).unwrap_or(Network::Bluesky),
                scheduled_for: r.get(1)?,
                text: text.chars().take(140).collect(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// What one round of the scheduler did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SchedulerRound {
    /// Posts it published (those the app holds).
    pub published: Vec<PublishReport>,
    /// Mastodon posts found published by their server.
    pub confirmed: u32,
    /// What went wrong, post by post.
    pub problems: Vec<String>,
}

/// One round of the app's scheduler: follows the edits, moves and un-scheduling of every scheduled post,
/// publishes the posts the app holds that fell due between `since` (when the app started: earlier ones wait for the
/// officer, see [`overdue`]) and `now`, and records the Mastodon posts whose server has published them. A
/// post that cannot be followed or published is recorded as failed and named in `problems`; the others
/// carry on.
pub fn run_due(
    store: &Store,
    secrets: &SecretStore,
    since: DateTime<Utc>,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<SchedulerRound> {
    let mut round = SchedulerRound::default();
    let scheduled: Vec<i64> = store.read(|conn| {
        let mut stmt = conn.prepare("SELECT DISTINCT post_id FROM publication WHERE status = 'scheduled'")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    for post in scheduled {
        if let Err(error) = follow(store, secrets, post, retry, now) {
            round.problems.push(format!("post {post}: {error}"));
        }
    }
    let due: Vec<(i64, String)> = store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT post_id, network FROM publication
             WHERE status = 'scheduled' AND remote_id IS NULL AND scheduled_for >= ?1 AND scheduled_for <= ?2
             ORDER BY scheduled_for",
        )?;
        let rows = stmt.query_map(rusqlite::params![since, now], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    for (post, network) in due {
        let network = Network::from_code(&network).unwrap_or(Network::Bluesky);
        match publish::publish(store, secrets, post, Some(network), retry, now) {
            Ok(report) => round.published.push(report),
            Err(error) => round.problems.push(format!("post {post}: {error}")),
        }
    }
    round.confirmed = confirm_mastodon(store, secrets, retry, now)?;
    Ok(round)
}

/// Records the scheduled Mastodon posts whose time has passed and that their server no longer holds as
/// scheduled: found among the account's newest statuses by their text, they get their id and address.
fn confirm_mastodon(store: &Store, secrets: &SecretStore, retry: Retry, now: DateTime<Utc>) -> Result<u32> {
    let passed: Vec<(i64, i64, String, String)> = store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT p.post_id, p.account_id, p.remote_id, coalesce(c.text, '')
             FROM publication p LEFT JOIN post_channel c ON c.post_id = p.post_id AND c.network = p.network
             WHERE p.status = 'scheduled' AND p.network = 'mastodon' AND p.scheduled_for <= ?1
               AND p.remote_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    let mut confirmed = 0;
    for (post, account_id, scheduled_id, text) in passed {
        let account = store.read(|conn| accounts::credentials(conn, account_id))?;
        let client = account.mastodon(secrets, retry)?;
        if client.scheduled(&scheduled_id)?.is_some() {
            continue; // the server's clock is behind ours: next round
        }
        let wanted = normalised(&text);
        let found = client
            .own_statuses(&account.remote_id)?
            .into_iter()
            .find(|s| normalised(&crate::inbox::plain_text(&s.content)) == wanted);
        store.write(|tx| {
            tx.execute(
                "UPDATE publication SET status = 'published', remote_id = ?2, url = ?3, published_at = ?4
                 WHERE post_id = ?1 AND network = 'mastodon'",
                rusqlite::params![
                    post,
                    found.as_ref().map(|s| s.id.clone()),
                    found
                        .as_ref()
                        .map(|s| s.url.clone().unwrap_or_else(|| s.uri.clone())),
                    found.as_ref().map_or(now, |s| s.created_at)
                ],
            )?;
            publish::settle(tx, post, now)
        })?;
        confirmed += 1;
    }
    Ok(confirmed)
}

/// Text compared without its spacing: the server turns line breaks into paragraphs.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
