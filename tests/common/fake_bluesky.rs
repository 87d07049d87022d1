//! A stand-in for a Bluesky PDS on 127.0.0.1, answering the XRPC endpoints Agora uses with the shapes of the
//! AT Protocol's lexicons: sessions from an app password (with a DID document naming this server as the
//! PDS), refreshed sessions, handle resolution, blob uploads and post records by record key (a second
//! write of the same key is refused, as the PDS does). Writing a record can meet scripted trouble. It
//! records what it received.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

pub use super::fake_mastodon::Trouble;
use super::stand_in::{serve, Answer};

#[derive(Default)]
struct State {
    records: HashMap<String, Value>,
    order: Vec<String>,
    blobs: Vec<(String, usize)>,
    sessions: u32,
    refreshes: u32,
    /// Sessions numbered below this one have expired.
    expired_below: u32,
    trouble: Vec<Trouble>,
    /// Notifications of the account, oldest first.
    notifications: Vec<Value>,
    /// The cursors asked for by `listNotifications`, in order.
    cursors: Vec<Option<String>>,
    /// Replies, reposts and likes of the posts written, by record key.
    reactions: HashMap<String, (u32, u32, u32)>,
}

pub struct FakeBluesky {
    pub url: String,
    state: Arc<Mutex<State>>,
}

pub const HANDLE: &str = "salaborsa.bsky.social";
pub const DID: &str = "did:plc:salaborsa";

impl FakeBluesky {
    /// Starts a PDS where `HANDLE` signs in with `password`; its first record writes meet `trouble`.
    pub fn start(password: &str, trouble: &[Trouble]) -> FakeBluesky {
        let state = Arc::new(Mutex::new(State {
            trouble: trouble.iter().rev().copied().collect(),
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let password = password.to_owned();
        let url = serve(move |request| {
            let token = request
                .header("Authorization")
                .map(|t| t.trim_start_matches("Bearer ").to_owned());
            let mime = request.header("Content-Type").unwrap_or_default().to_owned();
            // The DID document names this server as the PDS, at the address the client used.
            let base = format!("http://{}", request.header("Host").unwrap_or_default());
            let mut state = shared.lock().unwrap();
            answer(
                &mut state,
                &base,
                &password,
                &request.path,
                token.as_deref(),
                &mime,
                &request.body,
            )
            .map(|(status, body)| Answer::json(status, body))
        });
        FakeBluesky { url, state }
    }

    /// The post records written, in order.
    pub fn records(&self) -> Vec<Value> {
        let state = self.state.lock().unwrap();
        state.order.iter().map(|k| state.records[k].clone()).collect()
    }

    /// The blobs uploaded: media type and size.
    pub fn blobs(&self) -> Vec<(String, usize)> {
        self.state.lock().unwrap().blobs.clone()
    }

    /// Expires every session made so far, as a long pause does: their tokens are refused.
    pub fn expire_sessions(&self) {
        let mut state = self.state.lock().unwrap();
        // Sessions are numbered from 1, in the order they were made.
        state.expired_below = state.sessions + state.refreshes + 1;
    }

    /// Someone notifies the account: `reason` is `mention`, `reply` (to the library's post `11`) or
    /// `like`; returns the notifying post's URI.
    pub fn notify(&self, handle: &str, name: &str, text: &str, reason: &str) -> String {
        let mut state = self.state.lock().unwrap();
        let n = state.notifications.len();
        let did = format!("did:plc:{}", handle.split('.').next().unwrap());
        let post = format!("at://{did}/app.bsky.feed.post/3lreply{n:06}");
        let mut record = json!({"$type": "app.bsky.feed.post", "text": text,
                                "createdAt": "2026-11-22T09:00:00.000Z"});
        if reason == "reply" {
            let ours = json!({"uri": uri("11"), "cid": "bafkroot"});
            record["reply"] = json!({"root": ours, "parent": ours});
        }
        state.notifications.push(json!({
            "uri": post, "cid": format!("bafkn{n}"),
            "author": {"did": did, "handle": handle, "displayName": name},
            "reason": reason, "record": record, "isRead": false,
            "indexedAt": format!("2026-11-22T{:02}:{:02}:00.000Z", 9 + n / 60, n % 60),
        }));
        post
    }

    /// People reply to, repost and like the post written as record `rkey`.
    pub fn react(&self, rkey: &str, replies: u32, reposts: u32, likes: u32) {
        let mut state = self.state.lock().unwrap();
        state.reactions.insert(rkey.to_owned(), (replies, reposts, likes));
    }

    /// The cursors `listNotifications` was asked for, in order (`None` for the first page).
    pub fn cursors(&self) -> Vec<Option<String>> {
        self.state.lock().unwrap().cursors.clone()
    }

    /// How many sessions were made from the app password, and how many refreshed.
    pub fn sign_ins(&self) -> (u32, u32) {
        let state = self.state.lock().unwrap();
        (state.sessions, state.refreshes)
    }
}

fn session(state: &mut State, base: &str) -> Value {
    let n = state.sessions + state.refreshes;
    json!({
        "did": DID,
        "handle": HANDLE,
        "accessJwt": format!("access-{n}"),
        "refreshJwt": format!("refresh-{n}"),
        "didDoc": {"id": DID, "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                                           "serviceEndpoint": base}]}
    })
}

fn refused(error: &str, message: &str) -> (u16, Value) {
    (400, json!({"error": error, "message": message}))
}

fn answer(
    state: &mut State,
    base: &str,
    password: &str,
    path: &str,
    token: Option<&str>,
    mime: &str,
    body: &[u8],
) -> Option<(u16, Value)> {
    let method = path.split('?').next().unwrap_or(path);
    let sent: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    // A token's session number, if it is of the kind asked for and has not expired.
    let live = |kind: &str| {
        token
            .and_then(|t| t.strip_prefix(kind))
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= state.expired_below)
    };
    let (signed_in, refreshable) = (live("access-"), live("refresh-"));
    Some(match method {
        "/xrpc/com.atproto.server.createSession" => {
            if sent["identifier"] != HANDLE || sent["password"] != password {
                (
                    401,
                    json!({"error": "AuthenticationRequired", "message": "Invalid identifier or password"}),
                )
            } else {
                state.sessions += 1;
                (200, session(state, base))
            }
        }
        "/xrpc/com.atproto.server.refreshSession" => {
            if refreshable {
                state.refreshes += 1;
                (200, session(state, base))
            } else {
                refused("ExpiredToken", "Token has expired")
            }
        }
        // Public, as on the AppView.
        "/xrpc/com.atproto.identity.resolveHandle" => {
            if path.ends_with("handle=nati.bsky.social") {
                (200, json!({"did": "did:plc:nati"}))
            } else if path.ends_with(&format!("handle={HANDLE}")) {
                (200, json!({"did": DID}))
            } else {
                refused("InvalidRequest", "Unable to resolve handle")
            }
        }
        // The PLC directory's DID document: this server is the PDS.
        document if document == format!("/{DID}") => (
            200,
            json!({"id": DID, "alsoKnownAs": [format!("at://{HANDLE}")],
                   "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": base}]}),
        ),
        _ if token.is_some_and(|t| t.starts_with("access-")) && !signed_in => {
            refused("ExpiredToken", "Token has expired")
        }
        _ if !signed_in => (401, json!({"error": "AuthenticationRequired"})),
        "/xrpc/app.bsky.notification.listNotifications" => {
            let param = |name: &str| {
                path.split(['?', '&'])
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .map(str::to_owned)
            };
            let cursor = param("cursor");
            state.cursors.push(cursor.clone());
            let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(50);
            // The cursor is how many of the newest were already given.
            let skip: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
            let page: Vec<Value> = state
                .notifications
                .iter()
                .rev()
                .skip(skip)
                .take(limit)
                .cloned()
                .collect();
            let mut body = json!({"notifications": page});
            if page.len() == limit {
                body["cursor"] = json!((skip + limit).to_string());
            }
            (200, body)
        }
        "/xrpc/app.bsky.feed.getPosts" => {
            let posts: Vec<Value> = path
                .split(['?', '&'])
                .filter_map(|p| p.strip_prefix("uris="))
                .map(|uri| uri.replace("%3A", ":").replace("%2F", "/"))
                .filter_map(|uri| {
                    let rkey = uri.rsplit('/').next()?.to_owned();
                    let record = state.records.get(&rkey)?;
                    let (replies, reposts, likes) = state.reactions.get(&rkey).copied().unwrap_or_default();
                    Some(
                        json!({"uri": uri, "cid": "bafkpost", "author": {"did": DID, "handle": HANDLE},
                                "record": record, "replyCount": replies, "repostCount": reposts,
                                "likeCount": likes, "indexedAt": "2026-11-29T10:00:00.000Z"}),
                    )
                })
                .collect();
            (200, json!({"posts": posts}))
        }
        "/xrpc/com.atproto.repo.uploadBlob" => {
            state.blobs.push((mime.to_owned(), body.len()));
            (
                200,
                json!({"blob": {"$type": "blob", "ref": {"$link": format!("bafkblob{}", state.blobs.len())},
                                "mimeType": mime, "size": body.len()}}),
            )
        }
        "/xrpc/com.atproto.repo.getRecord" => {
            let rkey = path.split("rkey=").nth(1).unwrap_or("");
            match state.records.get(rkey) {
                Some(_) => (
                    200,
                    json!({"uri": uri(rkey), "cid": "bafkpost", "value": state.records[rkey]}),
                ),
                None => refused("RecordNotFound", "Could not locate record"),
            }
        }
        "/xrpc/com.atproto.repo.createRecord" => {
            let rkey = sent["rkey"].as_str().unwrap_or("").to_owned();
            let trouble = state.trouble.pop();
            if let Some(Trouble::Status(code, _)) = trouble {
                return Some((
                    code,
                    json!({"error": "InternalServerError", "message": format!("scripted trouble {code}")}),
                ));
            }
            if state.records.contains_key(&rkey) {
                return Some(refused("InvalidRequest", "Record already exists"));
            }
            state.records.insert(rkey.clone(), sent["record"].clone());
            state.order.push(rkey.clone());
            if trouble == Some(Trouble::DropAfterAccepting) {
                return None;
            }
            (200, json!({"uri": uri(&rkey), "cid": "bafkpost"}))
        }
        _ => refused("MethodNotImplemented", "Method Not Implemented"),
    })
}

fn uri(rkey: &str) -> String {
    format!("at://{DID}/app.bsky.feed.post/{rkey}")
}
