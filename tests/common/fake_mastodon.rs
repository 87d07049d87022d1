//! A stand-in for a Mastodon server on 127.0.0.1, answering the endpoints Agora uses with the shapes of
//! Mastodon's public API documentation: the account, the instance, media uploads (processed on the second
//! look), and statuses with `Idempotency-Key` honoured as Mastodon does (the same key returns the status
//! already made), and signing in with OAuth (see `fake_oauth`). Failures of `POST /api/v1/statuses` can be
//! scripted, one per request. It records every request, every status made and every image description, for
//! the tests to check.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::fake_oauth::Authority;
use super::stand_in::{serve, Answer, Reply};

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorised: bool,
}

/// What the next `POST /api/v1/statuses` meets instead of success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// None: this request goes through as usual (to script trouble for a later one).
    Fine,
    /// This status code, with a `Retry-After` in seconds when given.
    Status(u16, Option<u32>),
    /// The status is made, then the connection drops before the answer.
    DropAfterAccepting,
    /// The status is made, and the answer is not valid JSON.
    Malformed,
    /// The status is made, and the answer comes after this pause.
    Stall(std::time::Duration),
}

/// A status as made on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub text: String,
    pub media_ids: Vec<String>,
    pub key: Option<String>,
    /// The status it replies to.
    pub reply_to: Option<String>,
}

#[derive(Default)]
struct State {
    seen: Vec<Seen>,
    made: Vec<Made>,
    by_key: HashMap<String, Value>,
    descriptions: Vec<String>,
    trouble: Vec<Trouble>,
    /// Mentions of the account, oldest first; a notification's id is its position plus 1000.
    mentions: Vec<Value>,
    /// The token was revoked (by the officer, or by the server's admin).
    revoked: bool,
    /// Apps, codes and the token exchange.
    oauth: Authority,
    /// Statuses waiting for their time, by id: their text and time.
    scheduled: Vec<Scheduled>,
    /// Scheduled statuses made so far, cancelled ones included.
    scheduled_made: u32,
    /// Replies, boosts and favourites of the statuses made, by status id.
    reactions: HashMap<String, (u32, u32, u32)>,
}

/// A status the server holds until its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub id: String,
    pub text: String,
    pub at: String,
    pub media_ids: Vec<String>,
}

pub struct FakeMastodon {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl FakeMastodon {
    /// Starts a server that accepts `token` and no other.
    pub fn start(token: &str) -> FakeMastodon {
        FakeMastodon::with_trouble(token, &[])
    }

    /// Starts a server whose first status requests meet `trouble`, in order.
    pub fn with_trouble(token: &str, trouble: &[Trouble]) -> FakeMastodon {
        let state = Arc::new(Mutex::new(State {
            trouble: trouble.iter().rev().copied().collect(),
            oauth: Authority::granting(token),
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let expected = format!("Bearer {token}");
        let url = serve(move |request| {
            let authorised = request.header("Authorization") == Some(expected.as_str());
            let key = request.header("Idempotency-Key").map(str::to_owned);
            let mut state = shared.lock().unwrap();
            state.seen.push(Seen {
                method: request.method.clone(),
                path: request.path.clone(),
                authorised,
            });
            let base = format!("http://{}", request.header("Host").unwrap_or_default());
            answer(
                &mut state,
                &base,
                &request.method,
                &request.path,
                authorised,
                key,
                &request.body,
            )
        });
        FakeMastodon { url, state }
    }

    /// The statuses waiting for their time.
    pub fn scheduled(&self) -> Vec<Scheduled> {
        self.state.lock().unwrap().scheduled.clone()
    }

    /// The time comes for every scheduled status: the server publishes them.
    pub fn publish_scheduled(&self) {
        let mut state = self.state.lock().unwrap();
        for waiting in std::mem::take(&mut state.scheduled) {
            make(&mut state, waiting.text, waiting.media_ids, None, None);
        }
    }

    /// People reply to, boost and favourite status `id`.
    pub fn react(&self, id: &str, replies: u32, boosts: u32, favourites: u32) {
        let mut state = self.state.lock().unwrap();
        state
            .reactions
            .insert(id.to_owned(), (replies, boosts, favourites));
    }

    /// The officer refuses access on the authorisation page from now on.
    pub fn refuse_sign_in(&self) {
        self.state.lock().unwrap().oauth.refuse = true;
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// The statuses made so far.
    pub fn made(&self) -> Vec<Made> {
        self.state.lock().unwrap().made.clone()
    }

    /// Someone mentions the account (in a reply to one of its posts when `reply`); returns the notification id.
    pub fn mention(&self, acct: &str, name: &str, html: &str, reply: bool) -> String {
        let mut state = self.state.lock().unwrap();
        let n = state.mentions.len();
        let id = (1000 + n).to_string();
        state.mentions.push(json!({
            "id": id,
            "type": "mention",
            "created_at": format!("2026-11-21T{:02}:{:02}:00.000Z", 10 + n / 60, n % 60),
            "account": {"id": "77", "acct": acct, "display_name": name},
            "status": {
                "id": format!("9{id}"),
                "content": html,
                "url": format!("https://mastodon.example/@{acct}/9{id}"),
                "in_reply_to_id": if reply { json!("11001") } else { Value::Null },
            }
        }));
        id
    }

    /// Revokes the token: every request that needs it is refused from now on.
    pub fn revoke(&self) {
        self.state.lock().unwrap().revoked = true;
    }

    /// The image descriptions received so far.
    pub fn descriptions(&self) -> Vec<String> {
        self.state.lock().unwrap().descriptions.clone()
    }
}

/// The answer to a request.
fn answer(
    state: &mut State,
    base: &str,
    method: &str,
    path: &str,
    authorised: bool,
    key: Option<String>,
    body: &[u8],
) -> Reply {
    if let Some(reply) = state.oauth.answer(method, path, body) {
        return reply;
    }
    if state.revoked && path != "/api/v2/instance" {
        return Some(Answer::json(
            401,
            json!({"error": "The access token was revoked"}),
        ));
    }
    if !authorised && path != "/api/v2/instance" {
        return Some(Answer::json(401, json!({"error": "The access token is invalid"})));
    }
    Some(match (method, path) {
        ("GET", "/api/v1/accounts/verify_credentials") => Answer::json(
            200,
            json!({
                "id": "109348",
                "username": "salaborsa",
                "acct": "salaborsa",
                "display_name": "Biblioteca Sala Borsa",
                "url": "https://mastodon.example/@salaborsa"
            }),
        ),
        ("GET", "/api/v2/instance") => Answer::json(
            200,
            json!({
                "domain": "mastodon.example",
                "configuration": {
                    "statuses": {
                        "max_characters": 1000,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23
                    }
                }
            }),
        ),
        ("POST", "/api/v2/media") => {
            let text = String::from_utf8_lossy(body);
            let description = text
                .split("name=\"description\"")
                .nth(1)
                .and_then(|rest| rest.split("\r\n\r\n").nth(1))
                .and_then(|value| value.split("\r\n--").next())
                .unwrap_or("")
                .to_owned();
            state.descriptions.push(description);
            let id = format!("m{}", state.descriptions.len());
            // Large media are processed asynchronously: 202 without a URL, then found processed.
            Answer::json(202, json!({"id": id, "type": "image", "url": null}))
        }
        ("GET", list) if list.starts_with("/api/v1/notifications") => {
            let param = |name: &str| {
                list.split(['?', '&'])
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .and_then(|v| v.parse::<u64>().ok())
            };
            let (since, max) = (
                param("since_id").unwrap_or(0),
                param("max_id").unwrap_or(u64::MAX),
            );
            let limit = param("limit").unwrap_or(40) as usize;
            let page: Vec<Value> = state
                .mentions
                .iter()
                .rev()
                .filter(|m| {
                    let id: u64 = m["id"].as_str().unwrap().parse().unwrap();
                    id > since && id < max
                })
                .take(limit)
                .cloned()
                .collect();
            // As Mastodon does, a full page links to the next, older one.
            let next = page.last().filter(|_| page.len() == limit).map(|last| {
                let since = param("since_id").map(|s| format!("&since_id={s}")).unwrap_or_default();
                format!(
                    "<{base}/api/v1/notifications?types%5B%5D=mention&limit={limit}&max_id={}{since}>; rel=\"next\"",
                    last["id"].as_str().unwrap()
                )
            });
            let answer = Answer::json(200, Value::Array(page));
            match next {
                Some(link) => answer.with("Link", link),
                None => answer,
            }
        }
        ("GET", media) if media.starts_with("/api/v1/media/") => {
            let id = media.trim_start_matches("/api/v1/media/");
            Answer::json(
                200,
                json!({"id": id, "type": "image", "url": format!("https://files.example/{id}.jpg")}),
            )
        }
        ("GET", own) if own.starts_with("/api/v1/accounts/109348/statuses") => {
            let statuses: Vec<Value> = (0..state.made.len())
                .rev()
                .map(|i| own_status(state, i))
                .collect();
            Answer::json(200, Value::Array(statuses))
        }
        ("GET", one) if one.starts_with("/api/v1/statuses/") => {
            let id = one.trim_start_matches("/api/v1/statuses/");
            match (0..state.made.len()).find(|&i| status_id(i) == id) {
                Some(i) => Answer::json(200, own_status(state, i)),
                None => Answer::json(404, json!({"error": "Record not found"})),
            }
        }
        (method, one) if one.starts_with("/api/v1/scheduled_statuses/") => {
            let id = one.trim_start_matches("/api/v1/scheduled_statuses/");
            let Some(at) = state.scheduled.iter().position(|s| s.id == id) else {
                return Some(Answer::json(404, json!({"error": "Record not found"})));
            };
            match method {
                "DELETE" => {
                    state.scheduled.remove(at);
                    Answer::json(200, json!({}))
                }
                "PUT" => {
                    let sent: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                    state.scheduled[at].at = sent["scheduled_at"].as_str().unwrap_or("").to_owned();
                    Answer::json(200, scheduled_json(&state.scheduled[at]))
                }
                _ => Answer::json(200, scheduled_json(&state.scheduled[at])),
            }
        }
        ("POST", "/api/v1/statuses")
            if serde_json::from_slice::<Value>(body).is_ok_and(|s| s["scheduled_at"].is_string()) =>
        {
            if let Some(known) = key.as_ref().and_then(|k| state.by_key.get(k)) {
                return Some(Answer::json(200, known.clone()));
            }
            let sent: Value = serde_json::from_slice(body).unwrap();
            state.scheduled_made += 1;
            let waiting = Scheduled {
                id: format!("s{}", state.scheduled_made),
                text: sent["status"].as_str().unwrap_or("").to_owned(),
                at: sent["scheduled_at"].as_str().unwrap().to_owned(),
                media_ids: ids(&sent["media_ids"]),
            };
            let answer = scheduled_json(&waiting);
            state.scheduled.push(waiting);
            if let Some(key) = key {
                state.by_key.insert(key, answer.clone());
            }
            Answer::json(200, answer)
        }
        ("POST", "/api/v1/statuses") => {
            if let Some(known) = key.as_ref().and_then(|k| state.by_key.get(k)) {
                return Some(Answer::json(200, known.clone()));
            }
            let trouble = state.trouble.pop();
            if let Some(Trouble::Status(code, retry_after)) = trouble {
                let refusal = Answer::json(code, json!({"error": format!("scripted trouble {code}")}));
                return Some(match retry_after {
                    Some(seconds) => refusal.with("Retry-After", seconds.to_string()),
                    None => refusal,
                });
            }
            let sent: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            let text = sent["status"].as_str().unwrap_or("").to_owned();
            if text.is_empty() {
                return Some(Answer::json(
                    422,
                    json!({"error": "Validation failed: Text can't be blank"}),
                ));
            }
            let status = make(
                state,
                text,
                ids(&sent["media_ids"]),
                key,
                sent["in_reply_to_id"].as_str().map(str::to_owned),
            );
            match trouble {
                Some(Trouble::DropAfterAccepting) => return None,
                Some(Trouble::Malformed) => return Some(Answer::raw(200, "{\"id\": \"1100")),
                Some(Trouble::Stall(pause)) => std::thread::sleep(pause),
                _ => {}
            }
            Answer::json(200, status)
        }
        _ => Answer::json(404, json!({"error": "Record not found"})),
    })
}

/// The id of the `n`th status made (from 0).
fn status_id(n: usize) -> String {
    format!("1100{}", n + 1)
}

/// Makes a status; returns it as the API shows it.
fn make(
    state: &mut State,
    text: String,
    media_ids: Vec<String>,
    key: Option<String>,
    reply_to: Option<String>,
) -> Value {
    let id = status_id(state.made.len());
    let status = json!({
        "id": id,
        "uri": format!("https://mastodon.example/users/salaborsa/statuses/{id}"),
        "url": format!("https://mastodon.example/@salaborsa/{id}"),
        "content": text,
    });
    state.made.push(Made {
        text,
        media_ids,
        key: key.clone(),
        reply_to,
    });
    if let Some(key) = key {
        state.by_key.insert(key, status.clone());
    }
    status
}

/// The `n`th status made, as the account's statuses list it: HTML content and counts.
fn own_status(state: &State, n: usize) -> Value {
    let id = status_id(n);
    let (replies, boosts, favourites) = state.reactions.get(&id).copied().unwrap_or_default();
    json!({
        "id": id,
        "uri": format!("https://mastodon.example/users/salaborsa/statuses/{id}"),
        "url": format!("https://mastodon.example/@salaborsa/{id}"),
        "content": format!("<p>{}</p>", state.made[n].text.replace('\n', "<br>")),
        "created_at": "2026-11-29T10:00:00.000Z",
        "replies_count": replies,
        "reblogs_count": boosts,
        "favourites_count": favourites,
    })
}

fn scheduled_json(waiting: &Scheduled) -> Value {
    json!({"id": waiting.id, "scheduled_at": waiting.at, "params": {"text": waiting.text}, "media_attachments": []})
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|ids| ids.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
