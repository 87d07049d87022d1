//! Bluesky through the AT Protocol's XRPC endpoints, as far as Agora uses them: a session from a handle and
//! an app password (`com.atproto.server.createSession`, whose DID document names the account's PDS),
//! renewed with its refresh token (`refreshSession`), the account's PDS found from its handle (through the
//! DID and its document), handles resolved to DIDs for mentions
//! (`com.atproto.identity.resolveHandle`), images uploaded (`uploadBlob`) and posts written
//! (`com.atproto.repo.createRecord` with a record key chosen beforehand, so a retry can first look the
//! record up with `getRecord` and never post twice), and the mentions and replies addressed to the account
//! (`app.bsky.notification.listNotifications`, paged with its cursor). HTTPS only, or plain HTTP to this computer (tests);
//! tokens travel in headers and never appear in an error. 429, 5xx and no answer are retried.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::io::fetch::{self, Retry};

/// Bluesky's largest image, in bytes.
pub const MAX_IMAGE_BYTES: usize = 1_000_000;
/// The collection of posts.
pub const POST_COLLECTION: &str = "app.bsky.feed.post";

/// A signed-in session. Its `Debug` form leaves the tokens out, so a log line or a crash report that
/// prints a session never carries them.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub did: String,
    pub handle: String,
    pub access_jwt: String,
    pub refresh_jwt: String,
    /// The account's PDS, where its repository lives: `https://host`.
    pub pds: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("did", &self.did)
            .field("handle", &self.handle)
            .field("pds", &self.pds)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionAnswer {
    did: String,
    handle: String,
    access_jwt: String,
    refresh_jwt: String,
    #[serde(default)]
    did_doc: Option<Value>,
}

impl SessionAnswer {
    fn into_session(self, fallback_pds: &str) -> Session {
        let pds = self
            .did_doc
            .as_ref()
            .and_then(pds_of)
            .unwrap_or(fallback_pds)
            .trim_end_matches('/')
            .to_owned();
        Session {
            did: self.did,
            handle: self.handle,
            access_jwt: self.access_jwt,
            refresh_jwt: self.refresh_jwt,
            pds,
        }
    }
}

/// The PDS a DID document names: its `#atproto_pds` service's endpoint.
fn pds_of(document: &Value) -> Option<&str> {
    document["service"]
        .as_array()?
        .iter()
        .find(|s| s["id"].as_str().is_some_and(|id| id.ends_with("#atproto_pds")))?["serviceEndpoint"]
        .as_str()
}

/// A record as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Written {
    pub uri: String,
    pub cid: String,
}

/// What people did with one post.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostCounts {
    pub uri: String,
    #[serde(default)]
    pub reply_count: u32,
    #[serde(default)]
    pub repost_count: u32,
    #[serde(default)]
    pub like_count: u32,
}

/// A mention of the account, or a reply to one of its posts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// The post that mentions or replies.
    pub uri: String,
    pub cid: String,
    pub author: Author,
    /// `mention` or `reply` (others are left out).
    pub reason: String,
    /// The post's record: its `text`, and its `reply` references when it answers something.
    pub record: Value,
    pub indexed_at: DateTime<Utc>,
}

/// Who wrote a notification's post.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    pub did: String,
    pub handle: String,
    #[serde(default)]
    pub display_name: Option<String>,
}

impl Notification {
    /// The references a reply to this post carries: its thread's root, and the post itself as parent.
    pub fn reply_ref(&self) -> Value {
        let parent = json!({"uri": self.uri, "cid": self.cid});
        let root = match &self.record["reply"]["root"] {
            Value::Object(root) => Value::Object(root.clone()),
            _ => parent.clone(),
        };
        json!({"root": root, "parent": parent})
    }
}

/// Where a handle's PDS is looked up: an AppView answering `com.atproto.identity.resolveHandle` (which
/// follows the handle's DNS record or web address) and the PLC directory holding `did:plc` documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    pub appview: String,
    pub plc: String,
}

impl Default for Directory {
    /// Bluesky's public AppView and the PLC directory.
    fn default() -> Self {
        Directory {
            appview: "https://public.api.bsky.app".into(),
            plc: "https://plc.directory".into(),
        }
    }
}

/// An HTTP client for XRPC calls.
pub struct Client {
    http: reqwest::blocking::Client,
    retry: Retry,
}

/// The base address of `service` (`https://bsky.social`, or `bsky.social`), checked.
pub fn service_address(service: &str) -> Result<String> {
    let service = service.trim().trim_end_matches('/');
    let address = if service.contains("://") {
        service.to_owned()
    } else {
        format!("https://{service}")
    };
    Ok(fetch::check_address(&address)?
        .as_str()
        .trim_end_matches('/')
        .to_owned())
}

impl Client {
    pub fn new(retry: Retry) -> Result<Client> {
        Ok(Client {
            http: fetch::client("bluesky", Retry::default().timeout)?,
            retry,
        })
    }

    /// Signs in at `service` (the entryway, or the PDS itself) with a handle and an app password.
    pub fn create_session(&self, service: &str, handle: &str, app_password: &str) -> Result<Session> {
        let service = service_address(service)?;
        let answer: SessionAnswer = self.send(
            &format!("{service}/xrpc/com.atproto.server.createSession"),
            None,
            |http, url| {
                Ok(http
                    .post(url)
                    .json(&json!({"identifier": handle.trim().trim_start_matches('@'), "password": app_password.trim()})))
            },
        )?;
        Ok(answer.into_session(&service))
    }

    /// The address of the PDS that keeps `handle`'s repository: the handle's DID (from the AppView, else
    /// from `https://HANDLE/.well-known/atproto-did`), then the DID document (from the PLC directory for
    /// `did:plc`, from the domain itself for `did:web`), whose `#atproto_pds` service it names.
    pub fn resolve_pds(&self, directory: &Directory, handle: &str) -> Result<String> {
        #[derive(Deserialize)]
        struct Resolved {
            did: String,
        }
        let handle = handle.trim().trim_start_matches('@').to_ascii_lowercase();
        let appview = service_address(&directory.appview)?;
        let resolve = format!("{appview}/xrpc/com.atproto.identity.resolveHandle");
        let did = match self.send::<Resolved>(&resolve, None, |http, url| {
            Ok(http.get(url).query(&[("handle", handle.as_str())]))
        }) {
            Ok(resolved) => resolved.did,
            Err(first) => {
                let own = format!("https://{handle}/.well-known/atproto-did");
                fetch::check_address(&own)?;
                let answer = self.http.get(&own).timeout(self.retry.timeout).send();
                match answer.and_then(|a| a.error_for_status()).and_then(|a| a.text()) {
                    Ok(text) if text.trim().starts_with("did:") => text.trim().to_owned(),
                    _ => return Err(first),
                }
            }
        };
        let document = match did.strip_prefix("did:web:") {
            Some(domain) => format!("https://{domain}/.well-known/did.json"),
            None if did.starts_with("did:plc:") => format!("{}/{did}", service_address(&directory.plc)?),
            None => {
                return Err(Error::invalid(
                    "handle",
                    format!("{handle} belongs to {did}, a kind of identity Bluesky does not use"),
                ))
            }
        };
        let document: Value = self.send(&document, None, |http, url| Ok(http.get(url)))?;
        pds_of(&document)
            .map(|pds| pds.trim_end_matches('/').to_owned())
            .ok_or_else(|| Error::invalid("handle", format!("{handle}'s identity names no PDS")))
    }

    /// A new session from `session`'s refresh token.
    pub fn refresh(&self, session: &Session) -> Result<Session> {
        let answer: SessionAnswer = self.send(
            &format!("{}/xrpc/com.atproto.server.refreshSession", session.pds),
            Some(&session.refresh_jwt),
            |http, url| Ok(http.post(url)),
        )?;
        Ok(answer.into_session(&session.pds))
    }

    /// The DID of `handle`, or `None` if it does not resolve.
    pub fn resolve_handle(&self, session: &Session, handle: &str) -> Option<String> {
        #[derive(Deserialize)]
        struct Resolved {
            did: String,
        }
        let url = format!("{}/xrpc/com.atproto.identity.resolveHandle", session.pds);
        self.send::<Resolved>(&url, Some(&session.access_jwt), |http, url| {
            Ok(http.get(url).query(&[("handle", handle)]))
        })
        .ok()
        .map(|r| r.did)
    }

    /// Uploads an image; returns the blob reference a post embeds.
    pub fn upload_blob(&self, session: &Session, bytes: Vec<u8>, mime: &str) -> Result<Value> {
        let url = format!("{}/xrpc/com.atproto.repo.uploadBlob", session.pds);
        let answer: Value = self.send(&url, Some(&session.access_jwt), |http, url| {
            Ok(http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, mime)
                .body(bytes.clone()))
        })?;
        Ok(answer["blob"].clone())
    }

    /// Writes `record` as post `rkey` of the session's repository.
    pub fn create_post(&self, session: &Session, rkey: &str, record: &Value) -> Result<Written> {
        let url = format!("{}/xrpc/com.atproto.repo.createRecord", session.pds);
        let body =
            json!({"repo": session.did, "collection": POST_COLLECTION, "rkey": rkey, "record": record});
        self.send(&url, Some(&session.access_jwt), |http, url| {
            Ok(http.post(url).json(&body))
        })
    }

    /// Writes a post of `text` as record `rkey`, with its facets (mentions resolved to DIDs) and the
    /// fields `more` adds (made only when the post is written: images are uploaded there) — unless record
    /// `rkey` is already there, from an attempt whose answer was lost, which it then returns.
    pub fn write_post_once(
        &self,
        session: &Session,
        rkey: &str,
        text: &str,
        more: impl FnOnce() -> Result<serde_json::Map<String, Value>>,
    ) -> Result<Written> {
        if let Some(written) = self.get_post(session, rkey)? {
            return Ok(written);
        }
        let mut record = more()?;
        record.insert("$type".into(), json!(POST_COLLECTION));
        record.insert("text".into(), json!(text));
        record.insert(
            "createdAt".into(),
            json!(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        );
        let facets = crate::facets::facets(text, &mut |handle| self.resolve_handle(session, handle));
        if !facets.is_empty() {
            record.insert("facets".into(), json!(facets));
        }
        match self.create_post(session, rkey, &Value::Object(record)) {
            Ok(written) => Ok(written),
            // The answer may be lost after the record was written: look before reporting failure.
            Err(error) => self.get_post(session, rkey)?.ok_or(error),
        }
    }

    /// What people did with the posts at `uris` (at most 25): replies, reposts and likes, by URI. Posts
    /// deleted since are left out.
    pub fn counts(&self, session: &Session, uris: &[String]) -> Result<Vec<PostCounts>> {
        #[derive(Deserialize)]
        struct Posts {
            posts: Vec<PostCounts>,
        }
        let url = format!("{}/xrpc/app.bsky.feed.getPosts", session.pds);
        let query: Vec<(&str, &str)> = uris.iter().map(|uri| ("uris", uri.as_str())).collect();
        let answer: Posts = self.send(&url, Some(&session.access_jwt), |http, url| {
            Ok(http.get(url).query(&query))
        })?;
        Ok(answer.posts)
    }

    /// Post `rkey` of the session's repository, if it exists.
    pub fn get_post(&self, session: &Session, rkey: &str) -> Result<Option<Written>> {
        let url = format!("{}/xrpc/com.atproto.repo.getRecord", session.pds);
        let found = self.send::<Written>(&url, Some(&session.access_jwt), |http, url| {
            Ok(http.get(url).query(&[
                ("repo", session.did.as_str()),
                ("collection", POST_COLLECTION),
                ("rkey", rkey),
            ]))
        });
        match found {
            Ok(written) => Ok(Some(written)),
            Err(Error::Network { problem, .. }) if problem.contains("RecordNotFound") => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The mentions and replies of the session's account, newest first, 50 a page, down to the first
    /// one `known` recognises (by its URI) or `max_pages` pages.
    pub fn notifications(
        &self,
        session: &Session,
        known: impl Fn(&str) -> bool,
        max_pages: u32,
    ) -> Result<Vec<Notification>> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            cursor: Option<String>,
            notifications: Vec<Notification>,
        }
        let url = format!("{}/xrpc/app.bsky.notification.listNotifications", session.pds);
        let mut found = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..max_pages {
            let page: Page = self.send(&url, Some(&session.access_jwt), |http, url| {
                let mut query = vec![("limit", "50")];
                if let Some(cursor) = &cursor {
                    query.push(("cursor", cursor));
                }
                Ok(http.get(url).query(&query))
            })?;
            let reached_known = page.notifications.iter().any(|n| known(&n.uri));
            let last_page = page.notifications.is_empty() || reached_known;
            found.extend(
                page.notifications
                    .into_iter()
                    .filter(|n| matches!(n.reason.as_str(), "mention" | "reply") && !known(&n.uri)),
            );
            match page.cursor {
                Some(next) if !last_page => cursor = Some(next),
                _ => break,
            }
        }
        Ok(found)
    }

    /// Sends the request `build` makes (with `token` as bearer), retrying 429, 5xx and no answer.
    fn send<T: DeserializeOwned>(
        &self,
        url: &str,
        token: Option<&str>,
        build: impl Fn(&reqwest::blocking::Client, &str) -> Result<reqwest::blocking::RequestBuilder>,
    ) -> Result<T> {
        fetch::send_json(url, self.retry, "Bluesky", refusal, || {
            let request = build(&self.http, url)?;
            Ok(match token {
                Some(token) => request.bearer_auth(token),
                None => request,
            })
        })
    }
}

/// A refusal in words, with the XRPC error name and message.
fn refusal(status: reqwest::StatusCode, body: &str) -> String {
    #[derive(Deserialize)]
    struct Refusal {
        error: String,
        #[serde(default)]
        message: String,
    }
    let meaning = match status.as_u16() {
        401 => "the handle or app password was refused",
        429 => "too many requests; try again in a few minutes",
        500..=599 => "the server had a problem; try again later",
        _ => "the server refused",
    };
    match serde_json::from_str::<Refusal>(body) {
        Ok(r) if r.message.is_empty() => format!("{meaning} ({status}: {})", r.error),
        Ok(r) => format!("{meaning} ({status}: {}: {})", r.error, r.message),
        Err(_) => format!("{meaning} ({status})"),
    }
}

/// The digits of a TID: sortable base 32.
const TID_ALPHABET: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";

/// A record key in the AT Protocol's TID format (13 characters, sortable base32) for a post made at
/// `micros` microseconds since the Unix epoch, with a random clock identifier `clock` (10 bits).
pub fn tid(micros: u64, clock: u16) -> String {
    tid_of(((micros & ((1 << 53) - 1)) << 10) | u64::from(clock & 0x3ff))
}

/// The record key `n` microseconds after TID `tid` (the same clock identifier): the keys of a thread's next
/// posts, derived from the first one's. A key that is not a TID is returned unchanged for `n` = 0.
pub fn tid_after(tid: &str, n: u64) -> String {
    if n == 0 {
        return tid.to_owned();
    }
    let value = tid.bytes().fold(0_u64, |value, b| {
        let digit = TID_ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as u64;
        (value << 5) | digit
    });
    tid_of(value + (n << 10))
}

/// A TID's 13 characters for its 64-bit value.
fn tid_of(value: u64) -> String {
    (0..13)
        .rev()
        .map(|i| TID_ALPHABET[((value >> (i * 5)) & 31) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_of_a_thread_follow_its_first() {
        let first = tid(1_764_400_000_000_000, 513);
        assert_eq!(tid_after(&first, 0), first);
        assert_eq!(tid_after(&first, 1), tid(1_764_400_000_000_001, 513));
        assert_eq!(tid_after(&first, 2), tid(1_764_400_000_000_002, 513));
        assert!(tid_after(&first, 1) > first);
    }

    #[test]
    fn record_keys_are_thirteen_sortable_characters() {
        let earlier = tid(1_764_400_000_000_000, 7);
        let later = tid(1_764_400_000_000_001, 0);
        assert_eq!(earlier.len(), 13);
        assert!(earlier < later, "{earlier} sorts before {later}");
        assert!(
            earlier.starts_with(|c: char| "234567abcdefghij".contains(c)),
            "the top bit is 0"
        );
        assert_eq!(tid(0, 0), "2222222222222");
    }

    #[test]
    fn the_pds_comes_from_the_did_document() {
        let answer = SessionAnswer {
            did: "did:plc:abc".into(),
            handle: "salaborsa.bsky.social".into(),
            access_jwt: "a".into(),
            refresh_jwt: "r".into(),
            did_doc: Some(
                json!({"service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                                              "serviceEndpoint": "https://morel.us-east.host.bsky.network/"}]}),
            ),
        };
        assert_eq!(
            answer.into_session("https://bsky.social").pds,
            "https://morel.us-east.host.bsky.network"
        );
    }

    #[test]
    fn a_printed_session_leaves_its_tokens_out() {
        let session = Session {
            did: "did:plc:abc".into(),
            handle: "salaborsa.bsky.social".into(),
            access_jwt: "eyJ-access-secret".into(),
            refresh_jwt: "eyJ-refresh-secret".into(),
            pds: "https://pds.example".into(),
        };
        let printed = format!("{session:?}");
        assert!(printed.contains("salaborsa.bsky.social"), "{printed}");
        assert!(!printed.contains("secret"), "{printed}");
    }
}
