//! Mastodon's REST API, as far as Agora uses it: who an access token belongs to
//! (`GET /api/v1/accounts/verify_credentials`) and the server's domain and limits for posts
//! (`GET /api/v2/instance`: characters, characters counted per link, attachments). HTTPS only, or plain
//! HTTP to this computer (tests). The token travels in the `Authorization` header and never appears in an
//! error: a server's refusal is reported with its status and its own `error` text.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::io::fetch;

/// How long a request may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A server's limits for a post, which the drafting counters follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServerLimits {
    pub max_characters: u32,
    /// Every link counts as this many characters, whatever its length.
    pub characters_per_url: u32,
    pub max_media: u32,
}

impl Default for ServerLimits {
    /// Mastodon's own defaults, for a server that does not say.
    fn default() -> Self {
        ServerLimits {
            max_characters: 500,
            characters_per_url: 23,
            max_media: 4,
        }
    }
}

/// What a server says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The domain in its users' handles (`@user@domain`), which may differ from the server's address.
    pub domain: String,
    pub limits: ServerLimits,
}

/// The account an access token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Me {
    pub id: String,
    /// `user`, or `user@other.server` for a remote account.
    pub acct: String,
    #[serde(default)]
    pub display_name: String,
}

/// A connection to one Mastodon server with one access token.
pub struct Client {
    base: reqwest::Url,
    token: String,
    http: reqwest::blocking::Client,
}

impl Client {
    /// A client for `server` (`https://mastodon.example`, or just `mastodon.example`).
    pub fn new(server: &str, token: &str) -> Result<Client> {
        let server = server.trim().trim_end_matches('/');
        let address = if server.contains("://") {
            server.to_owned()
        } else {
            format!("https://{server}")
        };
        let base = fetch::check_address(&address)?;
        Ok(Client {
            http: fetch::client(base.as_str(), TIMEOUT)?,
            base,
            token: token.trim().to_owned(),
        })
    }

    /// The server's address, as `https://host[:port]`.
    pub fn server(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_owned()
    }

    /// Who the token belongs to.
    pub fn verify_credentials(&self) -> Result<Me> {
        self.get("/api/v1/accounts/verify_credentials")
    }

    /// The server's domain and limits for posts; Mastodon's defaults where it says nothing.
    pub fn instance(&self) -> Result<Instance> {
        #[derive(Deserialize)]
        struct Answer {
            domain: String,
            #[serde(default)]
            configuration: Configuration,
        }
        #[derive(Deserialize, Default)]
        struct Configuration {
            #[serde(default)]
            statuses: Statuses,
        }
        #[derive(Deserialize, Default)]
        struct Statuses {
            max_characters: Option<u32>,
            max_media_attachments: Option<u32>,
            characters_reserved_per_url: Option<u32>,
        }
        let answer = self.get::<Answer>("/api/v2/instance")?;
        let statuses = answer.configuration.statuses;
        let defaults = ServerLimits::default();
        Ok(Instance {
            domain: answer.domain,
            limits: ServerLimits {
                max_characters: statuses.max_characters.unwrap_or(defaults.max_characters),
                characters_per_url: statuses
                    .characters_reserved_per_url
                    .unwrap_or(defaults.characters_per_url),
                max_media: statuses.max_media_attachments.unwrap_or(defaults.max_media),
            },
        })
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let url = format!("{}{path}", self.server());
        let response = self
            .http
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .map_err(|e| fetch::failure(&url, &e, TIMEOUT))?;
        let status = response.status();
        let body = response
            .text()
            .map_err(|e| fetch::problem(&url, format!("the answer stopped: {e}")))?;
        if !status.is_success() {
            return Err(fetch::problem(&url, refusal(status, &body)));
        }
        serde_json::from_str(&body)
            .map_err(|e| fetch::problem(&url, format!("the answer is not what Mastodon sends: {e}")))
    }
}

/// A refusal in words: the status, what it usually means, and the server's own `error` text.
fn refusal(status: reqwest::StatusCode, body: &str) -> String {
    #[derive(Deserialize)]
    struct Refusal {
        error: String,
    }
    let meaning = match status.as_u16() {
        401 => "the access token was refused (it may have been revoked or mistyped)",
        403 => "the token does not allow this (check its scopes)",
        404 => "this is not a Mastodon server, or the address is wrong",
        429 => "too many requests; try again in a few minutes",
        500..=599 => "the server had a problem; try again later",
        _ => "the server refused",
    };
    match serde_json::from_str::<Refusal>(body) {
        Ok(r) => format!("{meaning} ({status}: {})", r.error),
        Err(_) => format!("{meaning} ({status})"),
    }
}
