//! A stand-in for a Mastodon server on 127.0.0.1, answering the endpoints Agora uses with the shapes of
//! Mastodon's public API documentation, and recording every request it received (method, path, and
//! whether it carried the expected token) for the tests to check.

use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::json;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorised: bool,
}

pub struct FakeMastodon {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeMastodon {
    /// Starts a server that accepts `token` and no other.
    pub fn start(token: &str) -> FakeMastodon {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}",
            server.server_addr().to_ip().unwrap().port()
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let expected = format!("Bearer {token}");
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let authorised = request
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("Authorization") && h.value.as_str() == expected);
                let path = request.url().to_owned();
                log.lock().unwrap().push(Seen {
                    method: request.method().to_string(),
                    path: path.clone(),
                    authorised,
                });
                let (status, body) = answer(&path, authorised);
                let header = tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
                let response = tiny_http::Response::from_string(body.to_string())
                    .with_status_code(status)
                    .with_header(header);
                let _ = request.respond(response);
            }
        });
        FakeMastodon { url, seen }
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(path: &str, authorised: bool) -> (u16, serde_json::Value) {
    match path {
        "/api/v1/accounts/verify_credentials" if !authorised => {
            (401, json!({"error": "The access token is invalid"}))
        }
        "/api/v1/accounts/verify_credentials" => (
            200,
            json!({
                "id": "109348",
                "username": "salaborsa",
                "acct": "salaborsa",
                "display_name": "Biblioteca Sala Borsa",
                "url": "https://mastodon.example/@salaborsa"
            }),
        ),
        "/api/v2/instance" => (
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
        _ => (404, json!({"error": "Record not found"})),
    }
}
