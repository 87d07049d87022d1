//! A stand-in for a Mastodon server on 127.0.0.1, answering the endpoints Agora uses with the shapes of
//! Mastodon's public API documentation: the account, the instance, media uploads (processed on the second
//! look), and statuses with `Idempotency-Key` honoured as Mastodon does (the same key returns the status
//! already made). Failures of `POST /api/v1/statuses` can be scripted, one per request. It records every
//! request, every status made and every image description, for the tests to check.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

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
            let id = format!("1100{}", state.made.len() + 1);
            let status = json!({
                "id": id,
                "uri": format!("https://mastodon.example/users/salaborsa/statuses/{id}"),
                "url": format!("https://mastodon.example/@salaborsa/{id}"),
                "content": text,
            });
            state.made.push(Made {
                text,
                media_ids: sent["media_ids"]
                    .as_array()
                    .map(|ids| ids.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
                key: key.clone(),
                reply_to: sent["in_reply_to_id"].as_str().map(str::to_owned),
            });
            if let Some(key) = key {
                state.by_key.insert(key, status.clone());
            }
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
