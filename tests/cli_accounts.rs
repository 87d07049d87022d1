//! Connecting a Mastodon account as a script would, against a stand-in server on 127.0.0.1: the token is
//! read from standard input, checked with the server, kept in the secret store and nowhere else; a refused
//! token connects nothing and is never repeated in the error.

mod common;

use common::fake_mastodon::{FakeMastodon, Seen};
use std::path::Path;
use std::process::Output;

use common::{agora_with, error, init, json};

const TOKEN: &str = "test-token-7f3a9c";
const FILE_STORE: [(&str, &str); 1] = [("AGORA_SECRET_STORE", "file")];

/// Runs `agora accounts add mastodon` for `server` with `token` on standard input.
fn add_mastodon(d: &Path, server: &str, token: &str, env: &[(&str, &str)]) -> Output {
    agora_with(
        d,
        &["accounts", "add", "mastodon", "--server", server, "--token-stdin"],
        token,
        env,
    )
}

/// Runs `agora accounts add bluesky` for the stand-in PDS's account with `password` on standard input.
fn add_bluesky(d: &Path, pds: &common::fake_bluesky::FakeBluesky, password: &str) -> Output {
    let args = [
        "accounts",
        "add",
        "bluesky",
        "--handle",
        common::fake_bluesky::HANDLE,
        "--password-stdin",
        "--service",
        &pds.url,
    ];
    agora_with(d, &args, password, &FILE_STORE)
}

#[test]
fn a_mastodon_account_is_connected_with_a_token_read_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);

    let added = json(&add_mastodon(d, &server.url, &format!("{TOKEN}\n"), &FILE_STORE));
    assert_eq!(
        added["handle"], "@salaborsa@mastodon.example",
        "the domain the server gives"
    );
    assert_eq!(added["limits"]["max_characters"], 1000);
    assert_eq!(
        server.seen(),
        [
            Seen {
                method: "GET".into(),
                path: "/api/v1/accounts/verify_credentials".into(),
                authorised: true
            },
            Seen {
                method: "GET".into(),
                path: "/api/v2/instance".into(),
                authorised: true
            }
        ]
    );

    // Connected again: the same account, not a second one.
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    let listed = json(&agora_with(d, &["accounts", "list"], "", &[]));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // The token is in the secrets file, and in no other file of the data folder.
    let secrets = std::fs::read_to_string(d.join("secrets.json")).unwrap();
    assert!(secrets.contains(TOKEN));
    for entry in std::fs::read_dir(d).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "secrets.json" {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
                "the token is in {}",
                path.display()
            );
        }
    }
}

#[test]
fn a_refused_token_connects_nothing_and_is_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    let refused = error(&add_mastodon(d, &server.url, "a-wrong-token-123", &FILE_STORE));
    assert_eq!(refused["code"], "network");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("access token was refused"), "{message}");
    assert!(message.contains("The access token is invalid"), "{message}");
    assert!(!message.contains("a-wrong-token-123"), "{message}");
    assert_eq!(
        json(&agora_with(d, &["accounts", "list"], "", &[])),
        serde_json::json!([])
    );
    assert!(!d.join("secrets.json").exists());

    // A plain-HTTP address that is not this computer is refused before anything is sent.
    let insecure = error(&add_mastodon(d, "http://mastodon.example", TOKEN, &FILE_STORE));
    assert!(insecure["message"].as_str().unwrap().contains("not secure"));
}

/// Without a keychain (no Secret Service on the session bus) and without the file store, the account is
/// not connected and the message says what to do.
#[cfg(target_os = "linux")]
#[test]
fn without_a_keychain_nothing_is_connected_and_the_way_out_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    let refused = error(&add_mastodon(
        d,
        &server.url,
        TOKEN,
        &[
            ("AGORA_SECRET_STORE", ""),
            (
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/agora-test-bus",
            ),
        ],
    ));
    assert_eq!(refused["code"], "secret_store_unavailable");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("AGORA_SECRET_STORE=file"), "{message}");
    assert!(!message.contains(TOKEN), "{message}");
    assert_eq!(
        json(&agora_with(d, &["accounts", "list"], "", &[])),
        serde_json::json!([])
    );
}

#[test]
fn a_script_connects_an_account_adds_a_post_and_publishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    let text = "Che cosa state leggendo questa settimana? Raccontatecelo!";
    let post = json(&agora_with(
        d,
        &["posts", "add", "--text", text, "--channel", "mastodon"],
        "",
        &[],
    ))["id"]
        .to_string();

    let report = json(&agora_with(d, &["publish", &post], "", &FILE_STORE));
    assert_eq!(report["publications"][0]["status"], "published");
    assert_eq!(
        report["publications"][0]["url"],
        "https://mastodon.example/@salaborsa/11001"
    );
    assert_eq!(server.made().len(), 1);
    assert_eq!(server.made()[0].text, text);

    let elsewhere = error(&agora_with(
        d,
        &["publish", &post, "--network", "bluesky"],
        "",
        &FILE_STORE,
    ));
    assert_eq!(elsewhere["code"], "invalid_input");
}

#[test]
fn a_bluesky_account_is_connected_with_an_app_password_read_from_standard_input() {
    use common::fake_bluesky::{FakeBluesky, HANDLE};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let pds = FakeBluesky::start("abcd-efgh-ijkl-mnop", &[]);
    let added = json(&add_bluesky(d, &pds, "abcd-efgh-ijkl-mnop\n"));
    assert_eq!(added["network"], "bluesky");
    assert_eq!(added["handle"], HANDLE);
    assert_eq!(added["server"], pds.url, "the PDS named by the DID document");
    let refused = error(&add_bluesky(d, &pds, "wrong-password"));
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("app password was refused"));
    assert!(!refused["message"].as_str().unwrap().contains("wrong-password"));
}

#[test]
fn mentions_are_synced_once_matched_to_a_partner_and_logged_as_interactions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    let school = json(&agora_with(
        d,
        &[
            "orgs",
            "add",
            "--name",
            "Scuola Carducci",
            "--handle",
            "mastodon:@carducci@scuole.social",
        ],
        "",
        &[],
    ))["id"]
        .clone();
    server.mention(
        "carducci@scuole.social",
        "Scuola Carducci",
        "<p>Possiamo portare la 3B giovedì?</p>",
        true,
    );
    server.mention(
        "lettore",
        "Un lettore",
        "<p>Grazie per la serata &amp; i libri!</p>",
        false,
    );

    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        2
    );
    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        0,
        "each once"
    );
    let inbox = json(&agora_with(d, &["inbox", "list", "--unread"], "", &[]));
    let items = inbox.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let from_school = items.iter().find(|i| i["kind"] == "reply").unwrap();
    assert_eq!(from_school["text"], "Possiamo portare la 3B giovedì?");
    assert_eq!(
        from_school["from"],
        serde_json::json!({"kind": "organisation", "id": school})
    );
    let reader = items.iter().find(|i| i["kind"] == "mention").unwrap();
    assert_eq!(
        reader["author_handle"], "@lettore@mastodon.example",
        "a local writer's handle gets the server's domain"
    );
    assert_eq!(reader["text"], "Grazie per la serata & i libri!");

    let logged = json(&agora_with(
        d,
        &["inbox", "log", &from_school["id"].to_string()],
        "",
        &[],
    ));
    assert_eq!(logged["awaiting_reply"], true);
    assert_eq!(logged["participants"][0]["name"], "Scuola Carducci");
    let queue = json(&agora_with(d, &["review"], "", &[]));
    assert_eq!(
        queue["unanswered"][0]["summary"],
        "Possiamo portare la 3B giovedì?"
    );

    json(&agora_with(
        d,
        &["inbox", "log", &reader["id"].to_string()],
        "",
        &[],
    ));
    let people = json(&agora_with(d, &["people", "list"], "", &[]));
    assert_eq!(
        people[0]["name"], "Un lettore",
        "a new person, known only from social media"
    );
    assert_eq!(
        json(&agora_with(d, &["inbox", "list", "--unread"], "", &[])),
        serde_json::json!([])
    );
}

#[test]
fn a_long_inbox_is_read_page_by_page_as_the_link_header_says() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    for n in 0..95 {
        server.mention("lettore", "Un lettore", &format!("<p>Domanda {n}</p>"), false);
    }
    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        95
    );
    let pages: Vec<String> = server
        .seen()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| p.starts_with("/api/v1/notifications"))
        .collect();
    assert_eq!(pages.len(), 3, "40 + 40 + 15: {pages:?}");
    assert!(
        pages[1].contains("max_id=1055"),
        "the second page starts below the first's last: {pages:?}"
    );

    server.mention("lettore", "Un lettore", "<p>Un'altra domanda</p>", false);
    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        1
    );
    let last = server.seen().last().unwrap().path.clone();
    assert!(
        last.contains("since_id=1094"),
        "only what is newer than the newest known: {last}"
    );
    let inbox = json(&agora_with(
        d,
        &["inbox", "list", "--unread", "--limit", "500"],
        "",
        &[],
    ));
    assert_eq!(inbox.as_array().unwrap().len(), 96);
    assert_eq!(inbox[0]["text"], "Un'altra domanda");
}

#[test]
fn bluesky_mentions_and_replies_are_synced_by_cursor_matched_and_answered_in_their_thread() {
    use common::fake_bluesky::FakeBluesky;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let pds = FakeBluesky::start("abcd-efgh-ijkl-mnop", &[]);
    json(&add_bluesky(d, &pds, "abcd-efgh-ijkl-mnop"));
    let nati = json(&agora_with(
        d,
        &[
            "orgs",
            "add",
            "--name",
            "Nati per Leggere",
            "--handle",
            "bluesky:@nati.bsky.social",
        ],
        "",
        &[],
    ))["id"]
        .clone();
    let question = pds.notify(
        "nati.bsky.social",
        "Nati per Leggere",
        "Ci vediamo sabato?",
        "reply",
    );
    for n in 0..70 {
        let reason = if n % 2 == 0 { "mention" } else { "like" };
        pds.notify(
            "lettrice.bsky.social",
            "Una lettrice",
            &format!("Messaggio {n}"),
            reason,
        );
    }

    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        36,
        "the reply and 35 mentions; likes are not messages"
    );
    assert_eq!(
        pds.cursors(),
        [None, Some("50".to_owned())],
        "two pages, by cursor"
    );
    pds.notify("lettrice.bsky.social", "Una lettrice", "Ancora io", "mention");
    assert_eq!(
        json(&agora_with(d, &["inbox", "sync"], "", &FILE_STORE))["new"],
        1
    );
    assert_eq!(
        pds.cursors().len(),
        3,
        "the first page reached a known message: no further page"
    );

    let inbox = json(&agora_with(d, &["inbox", "list", "--limit", "100"], "", &[]));
    let item = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "reply")
        .unwrap()
        .clone();
    assert_eq!(item["network"], "bluesky");
    assert_eq!(item["text"], "Ci vediamo sabato?");
    assert_eq!(
        item["from"],
        serde_json::json!({"kind": "organisation", "id": nati}),
        "@ or not, the same handle"
    );
    assert_eq!(
        item["url"],
        format!(
            "https://bsky.app/profile/nati.bsky.social/post/{}",
            question.rsplit('/').next().unwrap()
        )
    );

    let answer = [
        "inbox",
        "answer",
        &item["id"].to_string(),
        "--text",
        "Sì, alle 10 in sala ragazzi!",
    ];
    let answered = json(&agora_with(d, &answer, "", &FILE_STORE));
    assert_eq!(answered["direction"], "outbound");
    json(&agora_with(d, &answer, "", &FILE_STORE));
    let records = pds.records();
    assert_eq!(records.len(), 1, "the same answer is written once");
    assert_eq!(records[0]["text"], "Sì, alle 10 in sala ragazzi!");
    assert_eq!(records[0]["reply"]["parent"]["uri"], question);
    assert_eq!(records[0]["reply"]["parent"]["cid"], "bafkn0");
    assert_eq!(
        records[0]["reply"]["root"]["cid"], "bafkroot",
        "the answer joins the thread the message belongs to"
    );
    let queue = json(&agora_with(d, &["review"], "", &[]));
    assert_eq!(
        queue["unanswered"],
        serde_json::json!([]),
        "answered, no longer awaiting"
    );
}

#[test]
fn a_campaign_report_pulls_what_people_did_with_its_published_posts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    let campaign = json(&agora_with(
        d,
        &[
            "campaigns",
            "add",
            "--name",
            "Estate in biblioteca",
            "--start",
            "2026-06-01",
            "--end",
            "2026-09-30",
        ],
        "",
        &[],
    ))["id"]
        .to_string();
    let text = "Quale libro porterete in vacanza? Diteci il titolo!";
    let post = json(&agora_with(
        d,
        &[
            "posts",
            "add",
            "--text",
            text,
            "--channel",
            "mastodon",
            "--campaign",
            &campaign,
        ],
        "",
        &[],
    ))["id"]
        .to_string();
    json(&agora_with(d, &["publish", &post], "", &FILE_STORE));
    server.react("11001", 5, 2, 8);

    let kept = json(&agora_with(d, &["campaigns", "report", &campaign], "", &[]));
    assert_eq!(
        kept["posts"][0]["networks"][0]["reach"],
        serde_json::Value::Null,
        "not pulled yet"
    );
    let pulled = json(&agora_with(
        d,
        &["campaigns", "report", &campaign, "--refresh"],
        "",
        &FILE_STORE,
    ));
    assert_eq!(
        pulled["totals"],
        serde_json::json!({"replies": 5, "boosts": 2, "favourites": 8})
    );
    assert_eq!(
        pulled["posts"][0]["networks"][0]["url"],
        "https://mastodon.example/@salaborsa/11001"
    );
    let text_report =
        String::from_utf8(common::agora(d, &["campaigns", "report", &campaign]).stdout).unwrap();
    assert!(
        text_report.starts_with("5 replies, 2 boosts, 8 favourites"),
        "{text_report}"
    );
}

#[test]
fn a_script_schedules_a_post_on_the_server_and_cancels_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let server = FakeMastodon::start(TOKEN);
    json(&add_mastodon(d, &server.url, TOKEN, &FILE_STORE));
    let text = "Domani sera letture sotto le stelle: che libro portate?";
    let post = json(&agora_with(
        d,
        &[
            "posts",
            "add",
            "--text",
            text,
            "--channel",
            "mastodon",
            "--at",
            "2099-06-01T21:00",
        ],
        "",
        &[],
    ))["id"]
        .to_string();
    let scheduled = json(&agora_with(d, &["schedule", &post], "", &FILE_STORE));
    assert_eq!(scheduled["publications"][0]["status"], "scheduled");
    assert_eq!(
        scheduled["publications"][0]["scheduled_for"], "2099-06-01T19:00:00Z",
        "21:00 in Rome"
    );
    assert_eq!(server.scheduled().len(), 1);
    assert_eq!(server.scheduled()[0].text, text);

    let cancelled = json(&agora_with(d, &["schedule", &post, "--cancel"], "", &FILE_STORE));
    assert_eq!(cancelled["publications"], serde_json::json!([]));
    assert!(server.scheduled().is_empty());
    assert!(server.made().is_empty());
}
