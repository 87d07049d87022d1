//! How a campaign's published posts were received: on each network, the replies (conversations), boosts or
//! reposts and favourites or likes the network counts, kept with each publication and pulled again on
//! demand; beside them, the conversations the officers logged for the campaign and how many still await
//! our answer. A post deleted on its network keeps its last counts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::accounts;
use crate::error::Result;
use crate::io::fetch::Retry;
use crate::profile::Network;
use crate::secrets::SecretStore;
use crate::store::Store;

/// What people did with posts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Reach {
    pub replies: u32,
    /// Boosts on Mastodon, reposts on Bluesky.
    pub boosts: u32,
    /// Favourites on Mastodon, likes on Bluesky.
    pub favourites: u32,
}

impl Reach {
    fn add(&mut self, other: Reach) {
        self.replies += other.replies;
        self.boosts += other.boosts;
        self.favourites += other.favourites;
    }
}

/// One published post on one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NetworkReach {
    pub network: Network,
    pub url: Option<String>,
    /// `None` until first counted.
    pub reach: Option<Reach>,
    pub counted_at: Option<DateTime<Utc>>,
}

/// One published post of the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PostReach {
    #[ts(type = "number")]
    pub post_id: i64,
    pub published_at: Option<DateTime<Utc>>,
    /// The beginning of its text.
    pub text: String,
    pub networks: Vec<NetworkReach>,
}

/// The campaign's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CampaignReport {
    #[ts(type = "number")]
    pub campaign_id: i64,
    /// Its published posts, newest first.
    pub posts: Vec<PostReach>,
    pub totals: Reach,
    /// Conversations logged for the campaign, and those still awaiting our answer.
    pub conversations: u32,
    pub awaiting_reply: u32,
    /// When the counts were last pulled (the oldest of them), if ever.
    pub counted_at: Option<DateTime<Utc>>,
}

/// Campaign `id`'s report, with the counts as last pulled.
pub fn report(store: &Store, id: i64) -> Result<CampaignReport> {
    store.read(|conn| {
        crate::campaigns::read(conn, id)?;
        let mut stmt = conn.prepare(
            "SELECT p.id, pb.network, pb.url, pb.published_at, pb.replies, pb.boosts, pb.favourites, pb.counted_at,
                    coalesce(c.text, '')
             FROM post p JOIN publication pb ON pb.post_id = p.id AND pb.status = 'published'
                         LEFT JOIN post_channel c ON c.post_id = p.id AND c.network = pb.network
             WHERE p.campaign_id = ?1
             ORDER BY pb.published_at DESC, p.id DESC, pb.network",
        )?;
        let mut posts: Vec<PostReach> = Vec::new();
        let mut totals = Reach::default();
        let mut counted_at: Option<DateTime<Utc>> = None;
        let rows = stmt.query_map([id], |r| {
            let network: String = r.get(1)?;
            let counts: (Option<u32>, Option<u32>, Option<u32>) = (r.get(4)?, r.get(5)?, r.get(6)?);
            let reach = match counts {
                (Some(replies), Some(boosts), Some(favourites)) => Some(Reach {
                    replies,
                    boosts,
                    favourites,
                }),
                _ => None,
            };
            let text: String = r.get(8)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<DateTime<Utc>>>(3)?,
                text.chars().take(140).collect::<String>(),
                NetworkReach {
                    network: Network::from_code(&network).unwrap_or(Network::Mastodon),
                    url: r.get(2)?,
                    reach,
                    counted_at: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (post_id, published_at, text, network) = row?;
            if let Some(reach) = network.reach {
                totals.add(reach);
            }
            if let Some(at) = network.counted_at {
                counted_at = Some(counted_at.map_or(at, |known| known.min(at)));
            }
            match posts.last_mut().filter(|p| p.post_id == post_id) {
                Some(post) => post.networks.push(network),
                None => posts.push(PostReach {
                    post_id,
                    published_at,
                    text,
                    networks: vec![network],
                }),
            }
        }
        let (conversations, awaiting_reply) = conversations(conn, id)?;
        Ok(CampaignReport {
            campaign_id: id,
            posts,
            totals,
            conversations,
            awaiting_reply,
            counted_at,
        })
    })
}

fn conversations(conn: &Connection, id: i64) -> Result<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(awaiting_reply), 0) FROM interaction WHERE campaign_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A published post to count: its account, network and id there.
struct Counted {
    post_id: i64,
    account_id: i64,
    network: Network,
    remote_id: String,
}

/// Pulls the counts of campaign `id`'s published posts from their networks, keeps them, and returns the
/// report. A network that does not answer leaves its posts' last counts and fails the pull.
pub fn refresh(
    store: &Store,
    secrets: &SecretStore,
    id: i64,
    retry: Retry,
    now: DateTime<Utc>,
) -> Result<CampaignReport> {
    let published: Vec<Counted> = store.read(|conn| {
        crate::campaigns::read(conn, id)?;
        let mut stmt = conn.prepare(
            "SELECT pb.post_id, pb.account_id, pb.network, pb.remote_id
             FROM publication pb JOIN post p ON p.id = pb.post_id
             WHERE p.campaign_id = ?1 AND pb.status = 'published' AND pb.remote_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([id], |r| {
            let network: String = r.get(2)?;
            Ok(Counted {
                post_id: r.get(0)?,
                account_id: r.get(1)?,
                network: Network::from_code(&network).unwrap_or(Network::Mastodon),
                remote_id: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    let mut by_account: BTreeMap<i64, Vec<&Counted>> = BTreeMap::new();
    for p in &published {
        by_account.entry(p.account_id).or_default().push(p);
    }
    let mut counted: Vec<(&Counted, Reach)> = Vec::new();
    for (account_id, posts) in by_account {
        let account = store.read(|conn| accounts::credentials(conn, account_id))?;
        match account.network {
            Network::Bluesky => {
                let (client, session) = account.bluesky(secrets, retry)?;
                for chunk in posts.chunks(25) {
                    let uris: Vec<String> = chunk.iter().map(|p| p.remote_id.clone()).collect();
                    for found in client.counts(&session, &uris)? {
                        if let Some(post) = chunk.iter().find(|p| p.remote_id == found.uri) {
                            let reach = Reach {
                                replies: found.reply_count,
                                boosts: found.repost_count,
                                favourites: found.like_count,
                            };
                            counted.push((post, reach));
                        }
                    }
                }
            }
            _ => {
                let client = account.mastodon(secrets, retry)?;
                for post in posts {
                    if let Some(status) = client.status(&post.remote_id)? {
                        let reach = Reach {
                            replies: status.replies_count,
                            boosts: status.reblogs_count,
                            favourites: status.favourites_count,
                        };
                        counted.push((post, reach));
                    }
                }
            }
        }
    }
    store.write(|tx| {
        let mut update = tx.prepare_cached(
            "UPDATE publication SET replies = ?3, boosts = ?4, favourites = ?5, counted_at = ?6
             WHERE post_id = ?1 AND network = ?2",
        )?;
        for (post, reach) in &counted {
            update.execute(rusqlite::params![
                post.post_id,
                post.network.code(),
                reach.replies,
                reach.boosts,
                reach.favourites,
                now
            ])?;
        }
        Ok(())
    })?;
    report(store, id)
}
