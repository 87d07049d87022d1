//! Signing in to a Mastodon server through the officer's browser (OAuth 2 authorization code with PKCE),
//! so nobody copies an access token by hand. Agora registers itself on the server (`POST /api/v1/apps`),
//! sends the browser to the server's authorisation page (`/oauth/authorize`, with an S256
//! `code_challenge` that Mastodon 4.3 and later check and older servers ignore), takes the code back —
//! from the browser's redirect to a one-off listener on 127.0.0.1 ([`Loopback`]), or pasted by the officer
//! from the page the server shows (the out-of-band redirect) — and exchanges it for an access token
//! (`POST /oauth/token`), which [`accounts::add_mastodon`] checks and keeps in the keychain.
//!
//! Owns one sign-in's secrets (the client secret, the PKCE verifier, the state): they live in memory only,
//! and neither they, the code nor the token appear in an error. Does not own the account (see
//! [`crate::accounts`]) nor the way the browser is opened beyond asking the operating system.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::accounts::{self, Account};
use crate::error::{Error, Result};
use crate::io::fetch::{self, Retry};
use crate::language::Language;
use crate::mastodon;
use crate::secrets::SecretStore;
use crate::store::Store;

/// The redirect that makes the server show the code for the officer to paste.
pub const OUT_OF_BAND: &str = "urn:ietf:wg:oauth:2.0:oob";
/// What Agora asks to do: read the account and its notifications, and post.
const SCOPES: &str = "read write";
/// How long the officer has to approve Agora in the browser.
pub const BROWSER_WAIT: Duration = Duration::from_secs(5 * 60);
/// How often a wait looks whether it was cancelled.
const POLL: Duration = Duration::from_millis(100);

/// What went wrong in the browser, for the window to say it in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInProblem {
    /// The officer (or the server) refused access.
    Denied,
    /// The answer carried another state: it does not belong to this sign-in.
    StateMismatch,
    /// No answer came in time.
    TimedOut,
}

impl SignInProblem {
    /// The code sent to the window as the error's `field`.
    pub fn code(self) -> &'static str {
        match self {
            SignInProblem::Denied => "denied",
            SignInProblem::StateMismatch => "state",
            SignInProblem::TimedOut => "timeout",
        }
    }
}

/// The pages of a sign-in under way, for the window to show and copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignInPages {
    /// The server's page that comes back to Agora by itself once the officer approves.
    pub authorize_url: String,
    /// The server's page that shows a code to paste instead.
    pub code_url: String,
    /// Whether a browser was opened on the first page.
    pub browser_opened: bool,
}

/// A one-off listener on 127.0.0.1, at a port the operating system chose, for the browser's redirect.
struct Loopback {
    listener: TcpListener,
    redirect_uri: String,
}

impl Loopback {
    fn bind() -> Result<Loopback> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .map_err(|e| Error::Internal(format!("no port on 127.0.0.1 for the browser's answer: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::Internal(format!("the port on 127.0.0.1 is unknown: {e}")))?
            .port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Waits for the browser's redirect to `/callback` carrying `state`, up to `timeout` or until
    /// `cancelled`; answers the browser with a short page in `language` and returns the code. Other
    /// requests (a favicon, a connection that sends nothing) are answered or dropped, and the wait goes on.
    fn wait(
        &self,
        server: &str,
        state: &str,
        language: Language,
        timeout: Duration,
        cancelled: &AtomicBool,
    ) -> Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if cancelled.load(Ordering::SeqCst) {
                return Err(Error::Cancelled);
            }
            if Instant::now() >= deadline {
                return Err(sign_in_error(
                    server,
                    SignInProblem::TimedOut,
                    format!(
                        "the browser did not come back within {} seconds",
                        timeout.as_secs()
                    ),
                ));
            }
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if let Some(outcome) = callback(stream, server, state, language) {
                        return outcome;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
                Err(e) => {
                    return Err(Error::Internal(format!(
                        "the browser's answer on {} could not be received: {e}",
                        self.redirect_uri
                    )))
                }
            }
        }
    }
}

/// Reads one request from the browser; `None` when it is not the redirect (the wait goes on).
fn callback(mut stream: TcpStream, server: &str, state: &str, language: Language) -> Option<Result<String>> {
    let target = read_target(&mut stream)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    if path != "/callback" {
        respond(&mut stream, Page::NotFound, language);
        return None;
    }
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let outcome = if params.get("state").map(String::as_str) != Some(state) {
        Err(sign_in_error(
            server,
            SignInProblem::StateMismatch,
            "the browser's answer carried another state, so it does not belong to this sign-in".into(),
        ))
    } else if let Some(error) = params.get("error") {
        let description = params
            .get("error_description")
            .map_or(String::new(), |d| format!(": {d}"));
        Err(sign_in_error(
            server,
            SignInProblem::Denied,
            format!("access was not granted ({error}{description})"),
        ))
    } else if let Some(code) = params.get("code").filter(|c| !c.is_empty()) {
        Ok(code.clone())
    } else {
        Err(sign_in_error(
            server,
            SignInProblem::Denied,
            "the browser's answer carried no code".into(),
        ))
    };
    let page = match &outcome {
        Err(Error::SignIn { problem, .. }) => Page::Problem(*problem),
        _ => Page::Connecting,
    };
    respond(&mut stream, page, language);
    Some(outcome)
}

/// The request target (`/callback?code=…`) of an HTTP request, if one arrives within two seconds.
fn read_target(stream: &mut TcpStream) -> Option<String> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&chunk[..n]);
    }
    let line = String::from_utf8_lossy(&head).lines().next()?.to_owned();
    let mut parts = line.split(' ');
    (parts.next() == Some("GET")).then(|| parts.next().map(str::to_owned))?
}

/// What the browser is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    NotFound,
    Connecting,
    Problem(SignInProblem),
}

/// Answers the browser with `page`, a plain page in `language`.
fn respond(stream: &mut TcpStream, page: Page, language: Language) {
    let (status, en, it) = match page {
        Page::NotFound => ("404 Not Found", "Not found.", "Pagina non trovata."),
        Page::Connecting => (
            "200 OK",
            "Agora is connecting the account. You can close this tab and go back to Agora.",
            "Agora sta collegando l'account. Puoi chiudere questa scheda e tornare ad Agora.",
        ),
        Page::Problem(SignInProblem::StateMismatch) => (
            "400 Bad Request",
            "This answer does not belong to the sign-in Agora started, so nothing was connected. Go back to Agora and start again.",
            "Questa risposta non appartiene all'accesso avviato da Agora: non è stato collegato nulla. Torna ad Agora e ricomincia.",
        ),
        Page::Problem(_) => (
            "400 Bad Request",
            "Access was not granted, so nothing was connected. Go back to Agora to try again.",
            "L'accesso non è stato concesso: non è stato collegato nulla. Torna ad Agora per riprovare.",
        ),
    };
    let text = match language {
        Language::En => en,
        Language::It => it,
    };
    let body = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>Agora</title>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:4rem auto\"><h1>Agora</h1><p>{text}</p></body></html>",
        language.code()
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

fn sign_in_error(server: &str, problem: SignInProblem, reason: String) -> Error {
    Error::SignIn {
        server: server.to_owned(),
        problem,
        reason,
    }
}

/// Agora's registration on one server.
struct App {
    client_id: String,
    client_secret: String,
}

/// A sign-in under way on one server: Agora is registered there, and the officer is asked to approve it.
pub struct SignIn {
    /// `https://host[:port]`.
    server: String,
    app: App,
    verifier: String,
    state: String,
    loopback: Option<Loopback>,
    cancelled: AtomicBool,
}

impl SignIn {
    /// Registers Agora on `server` (`https://mastodon.example`, or just `mastodon.example`) for the
    /// out-of-band code and, when `listen`, for the browser's redirect to a [`Loopback`] on this computer.
    pub fn begin(server: &str, listen: bool) -> Result<SignIn> {
        #[derive(Deserialize)]
        struct Registered {
            client_id: String,
            client_secret: String,
        }
        // The address as every Mastodon request uses it (`https://` added, no trailing slash, checked).
        let server = mastodon::Client::new(server, "")?.server();
        let loopback = if listen { Some(Loopback::bind()?) } else { None };
        let url = format!("{server}/api/v1/apps");
        let redirect_uris = loopback
            .iter()
            .map(|l| l.redirect_uri.as_str())
            .chain([OUT_OF_BAND])
            .collect::<Vec<_>>()
            .join("\n");
        let http = fetch::client(&url, Retry::default().timeout)?;
        let form = [
            ("client_name", "Agora"),
            ("redirect_uris", redirect_uris.as_str()),
            ("scopes", SCOPES),
        ];
        let registered: Registered = fetch::send_json(&url, Retry::default(), "Mastodon", refusal, || {
            Ok(http.post(&url).form(&form))
        })?;
        Ok(SignIn::new(
            server,
            App {
                client_id: registered.client_id,
                client_secret: registered.client_secret,
            },
            loopback,
        ))
    }

    fn new(server: String, app: App, loopback: Option<Loopback>) -> SignIn {
        let random = || URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        SignIn {
            server,
            app,
            verifier: random(),
            state: random(),
            loopback,
            cancelled: AtomicBool::new(false),
        }
    }

    /// The server's page for approving Agora: it comes back to the loopback, when there is one, else it
    /// shows a code to paste.
    pub fn authorize_url(&self) -> String {
        self.loopback
            .as_ref()
            .map_or_else(|| self.code_url(), |l| self.page(&l.redirect_uri))
    }

    /// The server's page for approving Agora that shows a code to paste.
    pub fn code_url(&self) -> String {
        self.page(OUT_OF_BAND)
    }

    fn page(&self, redirect_uri: &str) -> String {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.app.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", SCOPES)
            .append_pair("state", &self.state)
            .append_pair("code_challenge", &challenge(&self.verifier))
            .append_pair("code_challenge_method", "S256")
            .finish();
        format!("{}/oauth/authorize?{query}", self.server)
    }

    /// Waits up to `timeout` for the browser to come back with a code (its page in `language`), then
    /// connects the account.
    pub fn connect_from_browser(
        &self,
        store: &Store,
        secrets: &SecretStore,
        language: Language,
        timeout: Duration,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        let loopback = self
            .loopback
            .as_ref()
            .ok_or_else(|| Error::Internal("this sign-in does not listen for the browser".into()))?;
        let code = loopback.wait(&self.server, &self.state, language, timeout, &self.cancelled)?;
        self.connect(store, secrets, &code, &loopback.redirect_uri, now)
    }

    /// Connects the account with the code the server showed the officer; a wait for the browser stops.
    pub fn connect_with_code(
        &self,
        store: &Store,
        secrets: &SecretStore,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        self.cancel();
        if code.trim().is_empty() {
            return Err(Error::invalid("code", "the code is empty"));
        }
        self.connect(store, secrets, code.trim(), OUT_OF_BAND, now)
    }

    /// Stops a wait for the browser, which then fails with [`Error::Cancelled`].
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    /// Exchanges `code` for an access token and connects its account. Never retried: a code is good once.
    fn connect(
        &self,
        store: &Store,
        secrets: &SecretStore,
        code: &str,
        redirect_uri: &str,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        #[derive(Deserialize)]
        struct Token {
            access_token: String,
        }
        let url = format!("{}/oauth/token", self.server);
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", &self.app.client_id),
            ("client_secret", &self.app.client_secret),
            ("redirect_uri", redirect_uri),
            ("code_verifier", &self.verifier),
            ("scope", SCOPES),
        ];
        let timeout = Retry::default().timeout;
        let response = fetch::client(&url, timeout)?
            .post(&url)
            .form(&form)
            .send()
            .map_err(|e| fetch::failure(&url, &e, timeout))?;
        let status = response.status();
        let body = response.text().map_err(|e| fetch::failure(&url, &e, timeout))?;
        if !status.is_success() {
            return Err(token_refusal(&url, status, &body));
        }
        let token: Token = serde_json::from_str(&body)
            .map_err(|e| fetch::problem(&url, format!("the answer is not what Mastodon sends: {e}")))?;
        accounts::add_mastodon(store, secrets, &self.server, &token.access_token, now)
    }
}

/// PKCE's S256 challenge for `verifier`: its SHA-256, in base64url without padding.
fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The server's `error` and `error_description` in an OAuth refusal, if it sent them as JSON.
#[derive(Deserialize)]
struct Refusal {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// A refusal of the OAuth endpoints in words: the status and the server's own explanation, nothing else.
fn refusal(status: reqwest::StatusCode, body: &str) -> String {
    let meaning = match status.as_u16() {
        404 => "this is not a Mastodon server, or the address is wrong",
        429 => "too many requests; try again in a few minutes",
        500..=599 => "the server had a problem; try again later",
        _ => "the server refused",
    };
    match serde_json::from_str::<Refusal>(body) {
        Ok(r) => format!(
            "{meaning} ({status}: {})",
            r.error_description
                .map_or(r.error.clone(), |d| format!("{}: {d}", r.error))
        ),
        Err(_) => format!("{meaning} ({status})"),
    }
}

/// A refused exchange: a code the server does not take (`invalid_grant`) is the officer's to fix; anything
/// else is the server's refusal.
fn token_refusal(url: &str, status: reqwest::StatusCode, body: &str) -> Error {
    let why = refusal(status, body);
    match serde_json::from_str::<Refusal>(body) {
        Ok(r) if r.error == "invalid_grant" => Error::invalid(
            "code",
            format!("{url}: the code was refused (mistyped, already used or expired): {why}"),
        ),
        _ => fetch::problem(url, why),
    }
}

/// Starts signing in to `server` on this computer: registers Agora to come back to a [`Loopback`], and asks
/// the operating system to open the officer's browser on the server's page.
pub fn start_in_browser(server: &str) -> Result<(SignIn, SignInPages)> {
    let sign_in = SignIn::begin(server, true)?;
    let authorize_url = sign_in.authorize_url();
    let pages = SignInPages {
        browser_opened: webbrowser::open(&authorize_url).is_ok(),
        authorize_url,
        code_url: sign_in.code_url(),
    };
    Ok((sign_in, pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in() -> SignIn {
        let app = App {
            client_id: "client-1".into(),
            client_secret: "secret-1".into(),
        };
        SignIn::new(
            "https://mastodon.example".into(),
            app,
            Some(Loopback::bind().unwrap()),
        )
    }

    /// Plays the browser: sends `target` to the loopback on a thread; returns the page it got.
    fn browse(sign_in: &SignIn, target: String) -> std::thread::JoinHandle<String> {
        let address = sign_in.loopback.as_ref().unwrap().listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(address).unwrap();
            write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
            let mut page = String::new();
            stream.read_to_string(&mut page).unwrap();
            page
        })
    }

    fn wait(sign_in: &SignIn, language: Language) -> Result<String> {
        let loopback = sign_in.loopback.as_ref().unwrap();
        loopback.wait(
            &sign_in.server,
            &sign_in.state,
            language,
            Duration::from_secs(10),
            &sign_in.cancelled,
        )
    }

    #[test]
    fn the_pkce_challenge_is_the_rfc_7636_one() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorisation_pages_ask_for_a_code_with_state_and_an_s256_challenge() {
        let sign_in = sign_in();
        let authorize_url = sign_in.authorize_url();
        let url = reqwest::Url::parse(&authorize_url).unwrap();
        assert_eq!(url.path(), "/oauth/authorize");
        let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
        let redirect = sign_in.loopback.as_ref().unwrap().redirect_uri.clone();
        assert!(
            redirect.starts_with("http://127.0.0.1:") && redirect.ends_with("/callback"),
            "{redirect}"
        );
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "client-1");
        assert_eq!(query["redirect_uri"], redirect);
        assert_eq!(query["scope"], "read write");
        assert!(authorize_url.contains("scope=read+write"), "{authorize_url}");
        assert_eq!(query["state"], sign_in.state);
        assert_eq!(query["code_challenge_method"], "S256");
        assert_eq!(query["code_challenge"], challenge(&sign_in.verifier));
        assert_eq!(
            sign_in.verifier.len(),
            43,
            "32 random bytes, within PKCE's 43 to 128 characters"
        );
        assert!(!authorize_url.contains("secret-1") && !authorize_url.contains(&sign_in.verifier));
        let oob: HashMap<String, String> = reqwest::Url::parse(&sign_in.code_url())
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect();
        assert_eq!(oob["redirect_uri"], OUT_OF_BAND);
        assert_ne!(
            sign_in.state,
            self::sign_in().state,
            "each sign-in has its own state"
        );
    }

    #[test]
    fn the_browser_comes_back_with_the_code_and_gets_a_page_in_the_officers_language() {
        let sign_in = sign_in();
        let favicon = browse(&sign_in, "/favicon.ico".into());
        std::thread::sleep(Duration::from_millis(50));
        let browser = browse(
            &sign_in,
            format!("/callback?code=abc%2B1&state={}", sign_in.state),
        );
        let code = wait(&sign_in, Language::It).unwrap();
        assert_eq!(
            code, "abc+1",
            "the favicon request is answered and the wait goes on"
        );
        assert!(favicon.join().unwrap().starts_with("HTTP/1.1 404"));
        let page = browser.join().unwrap();
        assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
        assert!(page.contains("tornare ad Agora"), "{page}");
    }

    #[test]
    fn an_answer_with_another_state_or_a_refusal_connects_nothing() {
        let sign_in = sign_in();
        let browser = browse(&sign_in, "/callback?code=abc&state=forged".into());
        let error = wait(&sign_in, Language::En).unwrap_err();
        assert!(
            matches!(
                error,
                Error::SignIn {
                    problem: SignInProblem::StateMismatch,
                    ..
                }
            ),
            "{error}"
        );
        assert!(browser.join().unwrap().contains("does not belong to the sign-in"));

        let target = format!(
            "/callback?error=access_denied&error_description=The+resource+owner+denied+the+request&state={}",
            sign_in.state
        );
        let browser = browse(&sign_in, target);
        let error = wait(&sign_in, Language::En).unwrap_err();
        let payload = crate::ErrorPayload::from(&error);
        assert_eq!(payload.code, crate::ErrorCode::SignInFailed);
        assert_eq!(payload.field.as_deref(), Some("denied"));
        assert!(
            payload
                .message
                .contains("access_denied: The resource owner denied the request"),
            "{}",
            payload.message
        );
        assert!(browser.join().unwrap().contains("Access was not granted"));
    }

    #[test]
    fn a_wait_ends_when_cancelled_or_after_its_time() {
        let sign_in = sign_in();
        let loopback = sign_in.loopback.as_ref().unwrap();
        let error = loopback
            .wait(
                "https://m.example",
                "s",
                Language::En,
                Duration::from_millis(250),
                &sign_in.cancelled,
            )
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::SignIn {
                    problem: SignInProblem::TimedOut,
                    ..
                }
            ),
            "{error}"
        );
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| wait(&sign_in, Language::En));
            std::thread::sleep(Duration::from_millis(150));
            sign_in.cancel();
            assert!(matches!(waiting.join().unwrap(), Err(Error::Cancelled)));
        });
    }

    #[test]
    fn a_refused_code_is_the_officers_to_fix_and_other_refusals_are_the_servers() {
        let url = "https://m.example/oauth/token";
        let body =
            r#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#;
        let error = token_refusal(url, reqwest::StatusCode::BAD_REQUEST, body);
        assert_eq!(error.code(), crate::ErrorCode::InvalidInput);
        assert!(
            error
                .to_string()
                .starts_with("code: https://m.example/oauth/token: the code was refused"),
            "{error}"
        );
        let error = token_refusal(
            url,
            reqwest::StatusCode::UNAUTHORIZED,
            r#"{"error":"invalid_client"}"#,
        );
        assert_eq!(error.code(), crate::ErrorCode::Network);
        assert!(error.to_string().contains("invalid_client"), "{error}");
    }
}
