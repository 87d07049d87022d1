//! Mastodon's REST API, as far as Agora uses it: who an access token belongs to
//! (`GET /api/v1/accounts/verify_credentials`), the server's domain and limits for posts
//! (`GET /api/v2/instance`: characters, characters counted per link, attachments), uploading an image
//! with its description (`POST /api/v2/media`, then `GET /api/v1/media/:id` until it is processed) and
//! posting a status (`POST /api/v1/statuses` with an `Idempotency-Key`, so a retry after a lost answer
//! never posts twice). Requests that meet 429 (after its `Retry-After`), a 5xx or no answer are retried
//! with growing waits; any other refusal is final. HTTPS only, or plain
//! HTTP to this computer (tests). The token travels in the `Authorization` header and never appears in an
//! error: a server's refusal is reported with its status and its own `error` text.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::io::fetch::{self, Retry};

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

/// A status as posted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Status {
    pub id: String,
    /// The status's web page.
    #[serde(default)]
    pub url: Option<String>,
    pub uri: String,
}

/// A mention of the account (a reply is a mention too), as `GET /api/v1/notifications` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Notification {
    pub id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub account: Author,
    pub status: Option<MentionStatus>,
}

/// Who wrote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Author {
    /// `user` on the same server, `user@other.server` elsewhere.
    pub acct: String,
    #[serde(default)]
    pub display_name: String,
}

/// The status that mentions the account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MentionStatus {
    pub id: String,
    /// HTML.
    pub content: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub in_reply_to_id: Option<String>,
}

/// What a status carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewStatus {
    pub status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Replying to this status makes a thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to_id: Option<String>,
    pub visibility: &'static str,
    /// When the server is to publish it (at least five minutes ahead), instead of now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<DateTime<Utc>>,
}

/// A status the server will publish later.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScheduledStatus {
    pub id: String,
    pub scheduled_at: DateTime<Utc>,
}

/// One of the account's own statuses, with what people did with it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OwnStatus {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    pub uri: String,
    /// HTML.
    pub content: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub replies_count: u32,
    #[serde(default)]
    pub reblogs_count: u32,
    #[serde(default)]
    pub favourites_count: u32,
}

/// How long Mastodon wants between now and a scheduled status.
pub const SCHEDULE_AHEAD: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// A connection to one Mastodon server with one access token.
pub struct Client {
    base: reqwest::Url,
    token: String,
    http: reqwest::blocking::Client,
    retry: Retry,
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
            http: fetch::client(base.as_str(), Retry::default().timeout)?,
            base,
            token: token.trim().to_owned(),
            retry: Retry::default(),
        })
    }

    /// The same client, retrying as `retry` says.
    pub fn with_retry(self, retry: Retry) -> Client {
        Client { retry, ..self }
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

    /// Uploads the image at `path` with its description, and waits until the server has processed it;
    /// returns its id.
    pub fn upload_media(&self, path: &Path, description: &str) -> Result<String> {
        #[derive(Deserialize)]
        struct Attachment {
            id: String,
            url: Option<String>,
        }
        let bytes = std::fs::read(path).map_err(Error::io(path))?;
        let name = path
            .file_name()
            .map_or_else(|| "image".to_owned(), |n| n.to_string_lossy().into_owned());
        let mime = crate::io::image_mime(path);
        let mut attachment: Attachment = self.send("/api/v2/media", |http, url| {
            let part = reqwest::blocking::multipart::Part::bytes(bytes.clone())
                .file_name(name.clone())
                .mime_str(mime)
                .map_err(|e| Error::Internal(e.to_string()))?;
            let form = reqwest::blocking::multipart::Form::new()
                .part("file", part)
                .text("description", description.to_owned());
            Ok(http.post(url).multipart(form))
        })?;
        let mut wait = self.retry.first_wait;
        for _ in 0..30 {
            if attachment.url.is_some() {
                return Ok(attachment.id);
            }
            std::thread::sleep(wait.min(self.retry.longest_wait));
            wait = (wait * 2).min(Duration::from_secs(5));
            attachment = self.get(&format!("/api/v1/media/{}", attachment.id))?;
        }
        Err(fetch::problem(
            &format!("{}/api/v1/media/{}", self.server(), attachment.id),
            "the server did not finish processing the image",
        ))
    }

    /// Posts `status` with `key` as its `Idempotency-Key`: the same key never posts twice.
    pub fn post_status(&self, status: &NewStatus, key: &str) -> Result<Status> {
        self.send("/api/v1/statuses", |http, url| {
            Ok(http.post(url).header("Idempotency-Key", key).json(status))
        })
    }

    /// Has the server publish `status` (whose `scheduled_at` is set) later; `key` as in [`Self::post_status`].
    pub fn schedule_status(&self, status: &NewStatus, key: &str) -> Result<ScheduledStatus> {
        self.send("/api/v1/statuses", |http, url| {
            Ok(http.post(url).header("Idempotency-Key", key).json(status))
        })
    }

    /// Moves scheduled status `id` to `at`.
    pub fn reschedule(&self, id: &str, at: DateTime<Utc>) -> Result<ScheduledStatus> {
        self.send(&format!("/api/v1/scheduled_statuses/{id}"), |http, url| {
            Ok(http.put(url).json(&serde_json::json!({ "scheduled_at": at })))
        })
    }

    /// Scheduled status `id`, or `None` once the server has published (or dropped) it.
    pub fn scheduled(&self, id: &str) -> Result<Option<ScheduledStatus>> {
        let url = format!("{}/api/v1/scheduled_statuses/{id}", self.server());
        fetch::send_json_if_found(&url, self.retry, "Mastodon", refusal, || {
            Ok(self.http.get(&url).bearer_auth(&self.token))
        })
    }

    /// Cancels scheduled status `id`; one already gone is no trouble.
    pub fn cancel_scheduled(&self, id: &str) -> Result<()> {
        let url = format!("{}/api/v1/scheduled_statuses/{id}", self.server());
        fetch::send_json_if_found::<serde_json::Value>(&url, self.retry, "Mastodon", refusal, || {
            Ok(self.http.delete(&url).bearer_auth(&self.token))
        })
        .map(drop)
    }

    /// The 40 newest statuses of account `account_id` (the library's own), with their counts.
    pub fn own_statuses(&self, account_id: &str) -> Result<Vec<OwnStatus>> {
        self.send(&format!("/api/v1/accounts/{account_id}/statuses"), |http, url| {
            Ok(http
                .get(url)
                .query(&[("limit", "40"), ("exclude_reblogs", "true")]))
        })
    }

    /// Status `id` with its counts, or `None` if it was deleted.
    pub fn status(&self, id: &str) -> Result<Option<OwnStatus>> {
        let url = format!("{}/api/v1/statuses/{id}", self.server());
        fetch::send_json_if_found(&url, self.retry, "Mastodon", refusal, || {
            Ok(self.http.get(&url).bearer_auth(&self.token))
        })
    }

    /// The mentions newer than `since_id`, newest first, 40 a page, each next page where the answer's
    /// `Link` header says (never another server: the token goes only to this one), at most `max_pages`.
    pub fn mentions(&self, since_id: Option<&str>, max_pages: u32) -> Result<Vec<Notification>> {
        let mut query = vec![("types[]", "mention"), ("limit", "40")];
        if let Some(since) = since_id {
            query.push(("since_id", since));
        }
        let mut url = self
            .base
            .join("api/v1/notifications")
            .map_err(|e| Error::Internal(e.to_string()))?;
        url.query_pairs_mut().extend_pairs(&query);
        let mut found = Vec::new();
        for _ in 0..max_pages {
            let address = url.to_string();
            let (page, next): (Vec<Notification>, _) =
                fetch::send_json_page(&address, self.retry, "Mastodon", refusal, || {
                    Ok(self.http.get(&address).bearer_auth(&self.token))
                })?;
            let done = page.is_empty();
            found.extend(page);
            match next.and_then(|n| reqwest::Url::parse(&n).ok()) {
                Some(next) if !done && next.origin() == self.base.origin() => url = next,
                _ => break,
            }
        }
        Ok(found)
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(path, |http, url| Ok(http.get(url)))
    }

    /// Sends the request `build` makes for the server's `path`, with the token, retrying as [`Retry`] says;
    /// reads the answer as `T`.
    fn send<T: DeserializeOwned>(
        &self,
        path: &str,
        build: impl Fn(&reqwest::blocking::Client, &str) -> Result<reqwest::blocking::RequestBuilder>,
    ) -> Result<T> {
        let url = format!("{}{path}", self.server());
        fetch::send_json(&url, self.retry, "Mastodon", refusal, || {
            Ok(build(&self.http, &url)?.bearer_auth(&self.token))
        })
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
