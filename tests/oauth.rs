//! Signing in to Mastodon through the browser from the command line, against the stand-in server on
//! 127.0.0.1, with the test playing the browser: it reads the page Agora prints, asks the server for it
//! without following redirects, and follows the server's redirect to Agora's loopback itself — or reads the
//! code the server shows and pastes it. A refusal, an answer of another sign-in or a wrong code connects
//! nothing, and the token ends up in the secrets file only.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Output, Stdio};

use common::fake_mastodon::FakeMastodon;
use common::{agora_with, init, json};
use serde_json::Value;

const TOKEN: &str = "oauth-token-93be";

/// `agora accounts add mastodon` signing in `how` (`--browser` or `--code-stdin`), with the page it prints.
struct SigningIn {
    child: Child,
    stderr: BufReader<ChildStderr>,
    /// The server's page Agora printed.
    page: String,
}

impl SigningIn {
    fn start(d: &Path, server: &str, how: &str) -> SigningIn {
        let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
            .arg("--data-dir")
            .arg(d)
            .args([
                "--format", "json", "accounts", "add", "mastodon", "--server", server, how,
            ])
            .env_remove("AGORA_DATA_DIR")
            .env("AGORA_SECRET_STORE", "file")
            // The browser "opened" is a command that does nothing: the test is the browser.
            .env("BROWSER", "true")
            // The officer's language follows the system's: English here.
            .env("LANGUAGE", "en")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut page = String::new();
        while !page.starts_with("http") {
            page.clear();
            assert_ne!(stderr.read_line(&mut page).unwrap(), 0, "agora printed no page");
        }
        SigningIn {
            child,
            stderr,
            page: page.trim().to_owned(),
        }
    }

    /// Pastes `code` on standard input (for `--code-stdin`).
    fn paste(&mut self, code: &str) {
        writeln!(self.child.stdin.take().unwrap(), "{code}").unwrap();
    }

    /// How the command ended, with the rest of its standard error.
    fn finish(mut self) -> Output {
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut self.stderr, &mut rest).unwrap();
        let mut output = self.child.wait_with_output().unwrap();
        output.stderr = rest;
        output
    }
}

/// A browser that shows redirects instead of following them.
fn browser() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Opens the authorisation page; returns where the server sends the browser back.
fn approve(page: &str) -> reqwest::Url {
    let answer = browser().get(page).send().unwrap();
    assert_eq!(answer.status(), 302, "the server sends the browser back");
    let location = answer.headers()["location"].to_str().unwrap();
    reqwest::Url::parse(location).unwrap()
}

/// The page Agora's loopback shows the browser at `url`.
fn come_back(url: reqwest::Url) -> String {
    browser().get(url).send().unwrap().text().unwrap()
}

/// The JSON error the command printed last on standard error.
fn error(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(1), "expected a failure");
    let stderr = String::from_utf8_lossy(&output.stderr);
    serde_json::from_str(stderr.lines().last().unwrap()).unwrap()
}

fn connected(d: &Path) -> Value {
    json(&agora_with(d, &["accounts", "list"], "", &[]))
}

/// Every file of the data folder but the secrets file, as bytes.
fn files_without_secrets(d: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(d)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.file_name().unwrap() != "secrets.json")
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect()
}

#[test]
fn the_browser_comes_back_to_agora_and_the_account_is_connected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    let signing_in = SigningIn::start(d, &server.url, "--browser");
    let page = reqwest::Url::parse(&signing_in.page).unwrap();
    assert!(signing_in
        .page
        .starts_with(&format!("{}/oauth/authorize?", server.url)));
    let query: Vec<(String, String)> = page.query_pairs().into_owned().collect();
    let param = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    assert_eq!(param("scope"), Some("read write"));
    assert_eq!(param("code_challenge_method"), Some("S256"));
    assert!(param("redirect_uri").unwrap().starts_with("http://127.0.0.1:"));

    let back = approve(&signing_in.page);
    assert!(
        back.as_str().starts_with(param("redirect_uri").unwrap()),
        "{back}"
    );
    let shown = come_back(back);
    assert!(
        shown.contains("go back to Agora"),
        "in the officer's language: {shown}"
    );
    let added = json(&signing_in.finish());
    assert_eq!(added["handle"], "@salaborsa@mastodon.example");
    assert_eq!(connected(d).as_array().unwrap().len(), 1);

    // The token is in the secrets file; neither it nor the app's secret is in any other file.
    assert!(std::fs::read_to_string(d.join("secrets.json"))
        .unwrap()
        .contains(TOKEN));
    for (path, bytes) in files_without_secrets(d) {
        for secret in [TOKEN, "client-secret-1"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is in {path}"
            );
        }
    }
}

#[test]
fn an_answer_of_another_sign_in_or_a_refusal_connects_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);

    let signing_in = SigningIn::start(d, &server.url, "--browser");
    let mut back = approve(&signing_in.page);
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    back.query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", "forged");
    assert!(come_back(back).contains("does not belong to the sign-in"));
    let refused = error(&signing_in.finish());
    assert_eq!(refused["code"], "sign_in_failed");
    assert_eq!(refused["field"], "state");

    server.refuse_sign_in();
    let signing_in = SigningIn::start(d, &server.url, "--browser");
    let back = approve(&signing_in.page);
    assert!(back.as_str().contains("error=access_denied"), "{back}");
    assert!(come_back(back).contains("Access was not granted"));
    let refused = error(&signing_in.finish());
    assert_eq!(refused["code"], "sign_in_failed");
    assert_eq!(refused["field"], "denied");
    assert!(
        refused["message"].as_str().unwrap().contains("access_denied"),
        "{refused}"
    );

    assert_eq!(connected(d), serde_json::json!([]));
    assert!(!d.join("secrets.json").exists());
    assert!(
        !server.seen().iter().any(|s| s.path == "/oauth/token"),
        "no code was exchanged"
    );
}

#[test]
fn the_code_the_server_shows_is_pasted_and_a_wrong_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);

    let mut signing_in = SigningIn::start(d, &server.url, "--code-stdin");
    assert!(signing_in
        .page
        .contains("redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob"));
    signing_in.paste("code-999");
    let refused = error(&signing_in.finish());
    assert_eq!(refused["code"], "invalid_input");
    assert_eq!(refused["field"], "code");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("the code was refused"),
        "{refused}"
    );
    assert!(
        !refused["message"].as_str().unwrap().contains("client-secret"),
        "{refused}"
    );
    assert_eq!(connected(d), serde_json::json!([]));

    let mut signing_in = SigningIn::start(d, &server.url, "--code-stdin");
    let shown = browser().get(&signing_in.page).send().unwrap().text().unwrap();
    let code = shown.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
    signing_in.paste(&format!("  {code} "));
    let added = json(&signing_in.finish());
    assert_eq!(added["handle"], "@salaborsa@mastodon.example");
    assert!(std::fs::read_to_string(d.join("secrets.json"))
        .unwrap()
        .contains(TOKEN));
}
