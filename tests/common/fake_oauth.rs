//! The OAuth part of the Mastodon stand-in, with the shapes of Mastodon's documentation: registering an app
//! (`POST /api/v1/apps`, redirect URIs separated by new lines), the authorisation page (`GET
//! /oauth/authorize`: the officer approves — or refuses — at once, and the browser is sent back to the
//! redirect URI with the code and state, or shown the code for the out-of-band URI) and the token exchange
//! (`POST /oauth/token`), which checks the client, the code, its redirect URI and the PKCE verifier against
//! the S256 challenge, and hands out the token the stand-in accepts. A code is good once.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::stand_in::{Answer, Reply};

const OUT_OF_BAND: &str = "urn:ietf:wg:oauth:2.0:oob";

struct App {
    secret: String,
    redirect_uris: Vec<String>,
}

struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: Option<String>,
}

#[derive(Default)]
pub struct Authority {
    /// The token a good exchange hands out.
    token: String,
    /// The officer refuses access on the authorisation page.
    pub refuse: bool,
    apps: HashMap<String, App>,
    grants: HashMap<String, Grant>,
    issued: usize,
}

impl Authority {
    /// An authority whose exchanges hand out `token`.
    pub fn granting(token: &str) -> Authority {
        Authority {
            token: token.to_owned(),
            ..Authority::default()
        }
    }

    /// The answer to an OAuth request; `None` for any other request.
    pub fn answer(&mut self, method: &str, path: &str, body: &[u8]) -> Option<Reply> {
        let (route, query) = path.split_once('?').unwrap_or((path, ""));
        let answer = match (method, route) {
            ("POST", "/api/v1/apps") => self.register(&form(body)),
            ("GET", "/oauth/authorize") => self.authorize(&form(query.as_bytes())),
            ("POST", "/oauth/token") => self.exchange(&form(body)),
            _ => return None,
        };
        Some(Some(answer))
    }

    fn register(&mut self, form: &HashMap<String, String>) -> Answer {
        if form.get("scopes").map(String::as_str) != Some("read write") {
            return Answer::json(
                422,
                json!({"error": "Validation failed: Scopes are not the expected ones"}),
            );
        }
        self.issued += 1;
        let id = format!("client-{}", self.issued);
        let secret = format!("client-secret-{}", self.issued);
        let redirect_uri = form.get("redirect_uris").cloned().unwrap_or_default();
        let app = App {
            secret: secret.clone(),
            redirect_uris: redirect_uri.split_whitespace().map(str::to_owned).collect(),
        };
        self.apps.insert(id.clone(), app);
        Answer::json(
            200,
            json!({
                "id": self.issued.to_string(),
                "name": form.get("client_name"),
                "website": null,
                "redirect_uri": redirect_uri,
                "client_id": id,
                "client_secret": secret,
                "vapid_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M="
            }),
        )
    }

    fn authorize(&mut self, query: &HashMap<String, String>) -> Answer {
        let param = |name: &str| query.get(name).cloned().unwrap_or_default();
        let redirect_uri = param("redirect_uri");
        let known = self
            .apps
            .get(&param("client_id"))
            .is_some_and(|app| app.redirect_uris.contains(&redirect_uri));
        if !known || param("response_type") != "code" {
            return Answer::json(400, json!({"error": "invalid_request"}));
        }
        let state = param("state");
        let back = |pairs: &[(&str, &str)]| {
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .append_pair("state", &state)
                .finish();
            Answer::raw(302, "").with("Location", format!("{redirect_uri}?{query}"))
        };
        if self.refuse {
            return back(&[
                ("error", "access_denied"),
                (
                    "error_description",
                    "The resource owner or authorization server denied the request.",
                ),
            ]);
        }
        self.issued += 1;
        let code = format!("code-{}", self.issued);
        let challenge = (param("code_challenge_method") == "S256").then(|| param("code_challenge"));
        let grant = Grant {
            client_id: param("client_id"),
            redirect_uri: redirect_uri.clone(),
            challenge,
        };
        self.grants.insert(code.clone(), grant);
        if redirect_uri == OUT_OF_BAND {
            return Answer::raw(
                200,
                &format!("<div class=\"form-container\"><p>Copy this authorization code and paste it to the application.</p><input class=\"oauth-code\" readonly type=\"text\" value=\"{code}\"></div>"),
            );
        }
        back(&[("code", &code)])
    }

    fn exchange(&mut self, form: &HashMap<String, String>) -> Answer {
        let param = |name: &str| form.get(name).cloned().unwrap_or_default();
        let client_id = param("client_id");
        if self.apps.get(&client_id).map(|app| &app.secret) != Some(&param("client_secret")) {
            return Answer::json(
                401,
                json!({"error": "invalid_client", "error_description": "Client authentication failed due to unknown client."}),
            );
        }
        let verifier = URL_SAFE_NO_PAD.encode(Sha256::digest(param("code_verifier").as_bytes()));
        let good = param("grant_type") == "authorization_code"
            && self.grants.get(&param("code")).is_some_and(|grant| {
                grant.client_id == client_id
                    && grant.redirect_uri == param("redirect_uri")
                    && grant.challenge.as_ref().is_none_or(|c| *c == verifier)
            });
        if !good {
            return Answer::json(
                400,
                json!({"error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}),
            );
        }
        self.grants.remove(&param("code"));
        Answer::json(
            200,
            json!({"access_token": self.token, "token_type": "Bearer", "scope": "read write", "created_at": 1_764_400_000}),
        )
    }
}

fn form(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}
