//! The library's accounts on Mastodon and Bluesky: which server, which handle, the server's limits for
//! posts, and when each was connected. Their access tokens and app passwords are kept by
//! [`crate::secrets`] under `account:ID`, never in the database. Connecting the same account again
//! replaces its token and refreshes its limits.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::bluesky;
use crate::error::{Error, Result};
use crate::io::fetch::Retry;
use crate::mastodon::{self, ServerLimits};
use crate::profile::Network;
use crate::secrets::SecretStore;
use crate::store::Store;
use crate::voice::networks::NetworkLimits;

/// A connected account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Account {
    #[ts(type = "number")]
    pub id: i64,
    pub network: Network,
    /// The Mastodon server or the Bluesky PDS, as `https://host`.
    pub server: String,
    /// `@user@server` on Mastodon, `user.bsky.social` on Bluesky.
    pub handle: String,
    pub display_name: String,
    pub limits: ServerLimits,
    pub connected_at: DateTime<Utc>,
}

/// The key under which an account's secret (Mastodon's access token, Bluesky's app password) is kept.
pub fn secret_key(id: i64) -> String {
    format!("account:{id}")
}

/// The key under which a Bluesky account's latest refresh token is kept.
pub fn refresh_key(id: i64) -> String {
    format!("account:{id}:refresh")
}

/// Where a Bluesky account signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInAt {
    /// This server: the account's PDS, or an entryway such as `https://bsky.social`.
    Server(String),
    /// The PDS the handle's identity names, looked up in these directories.
    Resolved(bluesky::Directory),
}

impl SignInAt {
    /// At `service` when one is named, else at the PDS found from the handle in the public directories.
    pub fn service_or_resolved(service: Option<&str>) -> SignInAt {
        match service.map(str::trim).filter(|s| !s.is_empty()) {
            Some(service) => SignInAt::Server(service.to_owned()),
            None => SignInAt::Resolved(bluesky::Directory::default()),
        }
    }
}

/// Bluesky's limits: 300 characters, links counted in full, four images.
const BLUESKY_LIMITS: ServerLimits = ServerLimits {
    max_characters: 300,
    characters_per_url: 0,
    max_media: 4,
};

/// Connects the Bluesky account `handle` with an app password: signs in where `at` says (the answer's DID
/// document names the account's PDS), records the account and keeps the app password and the session's
/// refresh token in `secrets`. Nothing is recorded if the sign-in fails.
pub fn add_bluesky(
    store: &Store,
    secrets: &SecretStore,
    at: &SignInAt,
    handle: &str,
    app_password: &str,
    now: DateTime<Utc>,
) -> Result<Account> {
    if app_password.trim().is_empty() {
        return Err(Error::invalid("password", "the app password is empty"));
    }
    let client = bluesky::Client::new(Default::default())?;
    let service = match at {
        SignInAt::Server(server) => server.clone(),
        SignInAt::Resolved(directory) => client.resolve_pds(directory, handle)?,
    };
    let session = client.create_session(&service, handle, app_password)?;
    let id = store.write(|tx| {
        let id = upsert(
            tx,
            Network::Bluesky,
            &session.pds,
            &session.did,
            &session.handle,
            "",
            BLUESKY_LIMITS,
            now,
        )?;
        secrets.set(&secret_key(id), app_password.trim())?;
        secrets.set(&refresh_key(id), &session.refresh_jwt)?;
        Ok(id)
    })?;
    store.read(|conn| read(conn, id))
}

/// Records an account, or refreshes the one with the same network, server and remote id; returns its id.
#[allow(clippy::too_many_arguments)]
fn upsert(
    tx: &rusqlite::Transaction,
    network: Network,
    server: &str,
    remote_id: &str,
    handle: &str,
    display_name: &str,
    limits: ServerLimits,
    now: DateTime<Utc>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO account (network, server, remote_id, handle, display_name, max_characters,
                              characters_per_url, max_media, connected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (network, server, remote_id) DO UPDATE SET
             handle = ?4, display_name = ?5, max_characters = ?6, characters_per_url = ?7, max_media = ?8,
             connected_at = ?9",
        rusqlite::params![
            network.code(),
            server,
            remote_id,
            handle,
            display_name,
            limits.max_characters,
            limits.characters_per_url,
            limits.max_media,
            now
        ],
    )?;
    Ok(tx.query_row(
        "SELECT id FROM account WHERE network = ?1 AND server = ?2 AND remote_id = ?3",
        rusqlite::params![network.code(), server, remote_id],
        |r| r.get(0),
    )?)
}

/// Connects the Mastodon account that `token` belongs to on `server`: asks the server who it is and what
/// its limits are, records the account and keeps the token in `secrets`. Nothing is recorded if the
/// server refuses the token or the secret cannot be kept.
pub fn add_mastodon(
    store: &Store,
    secrets: &SecretStore,
    server: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Account> {
    if token.trim().is_empty() {
        return Err(Error::invalid("token", "the access token is empty"));
    }
    let client = mastodon::Client::new(server, token)?;
    let me = client.verify_credentials()?;
    let instance = client.instance()?;
    let limits = instance.limits;
    let server = client.server();
    let handle = format!("@{}@{}", me.acct, instance.domain);
    let id = store.write(|tx| {
        let id = upsert(
            tx,
            Network::Mastodon,
            &server,
            &me.id,
            &handle,
            &me.display_name,
            limits,
            now,
        )?;
        // Kept before the account is committed: if the keychain refuses, no account without its token.
        secrets.set(&secret_key(id), token.trim())?;
        Ok(id)
    })?;
    store.read(|conn| read(conn, id))
}

/// The limits the drafting counters and checks follow: the connected Mastodon server's (the first
/// connected, when there are several), else Mastodon's defaults.
pub fn network_limits(conn: &Connection) -> Result<NetworkLimits> {
    let server: Option<NetworkLimits> = conn
        .query_row(
            "SELECT max_characters, characters_per_url, max_media FROM account WHERE network = 'mastodon'
             ORDER BY id LIMIT 1",
            [],
            |r| {
                Ok(NetworkLimits {
                    mastodon_characters: r.get(0)?,
                    mastodon_characters_per_url: r.get(1)?,
                    mastodon_media: r.get(2)?,
                })
            },
        )
        .optional()?;
    Ok(server.unwrap_or_default())
}

/// What acting as a connected account takes: its id (under which its secrets are kept), server, id on
/// the network (the DID on Bluesky) and handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub id: i64,
    pub network: Network,
    pub server: String,
    pub remote_id: String,
    pub handle: String,
}

/// The connected accounts on `network`, oldest first.
pub(crate) fn on_network(conn: &Connection, network: Network) -> Result<Vec<Credentials>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, server, remote_id, handle FROM account WHERE network = ?1 ORDER BY id")?;
    let rows = stmt.query_map([network.code()], |r| {
        Ok(Credentials {
            id: r.get(0)?,
            network,
            server: r.get(1)?,
            remote_id: r.get(2)?,
            handle: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Account `id`'s credentials.
pub(crate) fn credentials(conn: &Connection, id: i64) -> Result<Credentials> {
    conn.query_row(
        "SELECT network, server, remote_id, handle FROM account WHERE id = ?1",
        [id],
        |r| {
            let network: String = r.get(0)?;
            Ok(Credentials {
                id,
                network: Network::from_code(&network).unwrap_or(Network::Mastodon),
                server: r.get(1)?,
                remote_id: r.get(2)?,
                handle: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "account", id })
}

impl Credentials {
    /// The account's access token (Mastodon) or app password (Bluesky).
    fn secret(&self, secrets: &SecretStore) -> Result<String> {
        secrets.get(&secret_key(self.id))?.ok_or_else(|| {
            Error::invalid(
                "account",
                format!(
                    "the password or token of {} is missing from the keychain; connect it again",
                    self.handle
                ),
            )
        })
    }

    /// A Mastodon client with the account's token.
    pub(crate) fn mastodon(&self, secrets: &SecretStore, retry: Retry) -> Result<mastodon::Client> {
        Ok(mastodon::Client::new(&self.server, &self.secret(secrets)?)?.with_retry(retry))
    }

    /// A live Bluesky session: the kept refresh token renews it, or, once that has expired, the app
    /// password signs in again; the new refresh token is kept.
    pub(crate) fn bluesky(
        &self,
        secrets: &SecretStore,
        retry: Retry,
    ) -> Result<(bluesky::Client, bluesky::Session)> {
        let client = bluesky::Client::new(retry)?;
        let refresh = refresh_key(self.id);
        let kept = bluesky::Session {
            did: self.remote_id.clone(),
            handle: self.handle.clone(),
            access_jwt: String::new(),
            refresh_jwt: secrets.get(&refresh)?.unwrap_or_default(),
            pds: self.server.clone(),
        };
        let session = match client.refresh(&kept) {
            Ok(session) => session,
            Err(_) => client.create_session(&self.server, &self.handle, &self.secret(secrets)?)?,
        };
        secrets.set(&refresh, &session.refresh_jwt)?;
        Ok((client, session))
    }
}

/// Every connected account, by network and handle.
pub fn list(store: &Store) -> Result<Vec<Account>> {
    store.read(|conn| {
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM account ORDER BY network, handle")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read(conn, id)).collect()
    })
}

fn read(conn: &Connection, id: i64) -> Result<Account> {
    conn.query_row(
        "SELECT id, network, server, handle, display_name, max_characters, characters_per_url, max_media,
                connected_at
         FROM account WHERE id = ?1",
        [id],
        |r| {
            let network: String = r.get(1)?;
            Ok(Account {
                id: r.get(0)?,
                network: Network::from_code(&network).unwrap_or(Network::Mastodon),
                server: r.get(2)?,
                handle: r.get(3)?,
                display_name: r.get(4)?,
                limits: ServerLimits {
                    max_characters: r.get(5)?,
                    characters_per_url: r.get(6)?,
                    max_media: r.get(7)?,
                },
                connected_at: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "account", id })
}
