//! No secret leaves the secret store: after a full round of publishing and listening on both networks —
//! connecting, publishing, scheduling, syncing the inbox, answering, pulling a campaign's response, a
//! Bluesky session that expires, a Mastodon token that is revoked, a backup — the known test token, app
//! password and session tokens appear in no file of the data folder but the secrets file, and in nothing
//! any command printed (with backtraces on, as a crash would print them).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::fake_bluesky::{FakeBluesky, HANDLE};
use common::fake_mastodon::FakeMastodon;
use common::{agora_with, init};
use serde_json::Value;

const TOKEN: &str = "secret-token-5b1e0c93d7";
const PASSWORD: &str = "apw7-k2m9-q4z8-x1c6";

/// A data folder, every command run on it, and everything they printed.
struct Round<'a> {
    dir: &'a Path,
    printed: Vec<u8>,
}

impl Round<'_> {
    /// Runs `agora` with `input` on standard input, keeping what it printed; returns its JSON output, or
    /// its JSON error when `fails`.
    fn run(&mut self, args: &[&str], input: &str, fails: bool) -> Value {
        let env = [("AGORA_SECRET_STORE", "file"), ("RUST_BACKTRACE", "full")];
        let output: Output = agora_with(self.dir, args, input, &env);
        self.printed.extend_from_slice(&output.stdout);
        self.printed.extend_from_slice(&output.stderr);
        assert_eq!(
            output.status.success(),
            !fails,
            "agora {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = if fails { &output.stderr } else { &output.stdout };
        serde_json::from_slice(printed).unwrap_or(Value::Null)
    }

    fn ok(&mut self, args: &[&str]) -> Value {
        self.run(args, "", false)
    }
}

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn no_secret_is_in_the_database_the_backups_or_anything_printed_after_a_full_round() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let mastodon = FakeMastodon::start(TOKEN);
    let bluesky = FakeBluesky::start(PASSWORD, &[]);
    let mut round = Round {
        dir: d,
        printed: Vec::new(),
    };

    let connect_mastodon = ["accounts", "add", "mastodon", "--server", &mastodon.url];
    round.run(
        &[&connect_mastodon[..], &["--token-stdin"]].concat(),
        TOKEN,
        false,
    );
    let connect_bluesky = [
        "accounts",
        "add",
        "bluesky",
        "--handle",
        HANDLE,
        "--password-stdin",
        "--service",
        &bluesky.url,
    ];
    round.run(&connect_bluesky, PASSWORD, false);
    round.ok(&[
        "orgs",
        "add",
        "--name",
        "Scuola Carducci",
        "--handle",
        "mastodon:@carducci@scuole.social",
        "--handle",
        "bluesky:carducci.bsky.social",
    ]);
    let campaign = round.ok(&[
        "campaigns",
        "add",
        "--name",
        "Estate in biblioteca",
        "--start",
        "2026-06-01",
        "--end",
        "2099-09-30",
    ])["id"]
        .to_string();
    let post = |round: &mut Round, text: &str, channel: &str, extra: &[&str]| {
        let args = [
            &["posts", "add", "--text", text, "--channel", channel][..],
            &["--campaign", &campaign],
            extra,
        ]
        .concat();
        round.ok(&args)["id"].to_string()
    };

    // Publishing on both networks, and scheduling on the server.
    let on_mastodon = post(
        &mut round,
        "Che cosa state leggendo? Raccontatecelo!",
        "mastodon",
        &[],
    );
    let on_bluesky = post(
        &mut round,
        "Qual è il vostro angolo preferito della biblioteca?",
        "bluesky",
        &[],
    );
    round.ok(&["publish", &on_mastodon]);
    round.ok(&["publish", &on_bluesky]);
    let later = post(
        &mut round,
        "Domani sera letture sotto le stelle: che libro portate?",
        "mastodon",
        &["--at", "2099-06-01T21:00"],
    );
    round.ok(&["schedule", &later]);

    // Listening and answering.
    mastodon.mention(
        "carducci@scuole.social",
        "Scuola Carducci",
        "<p>Possiamo portare la 3B giovedì?</p>",
        true,
    );
    bluesky.notify(
        "carducci.bsky.social",
        "Scuola Carducci",
        "Ci vediamo sabato?",
        "reply",
    );
    assert_eq!(round.ok(&["inbox", "sync"])["new"], 2);
    let inbox = round.ok(&["inbox", "list"]);
    for item in inbox.as_array().unwrap() {
        let id = item["id"].to_string();
        round.ok(&[
            "inbox",
            "answer",
            &id,
            "--text",
            "Sì, vi aspettiamo alle 10 in sala ragazzi.",
        ]);
    }
    round.ok(&["campaigns", "report", &campaign, "--refresh"]);

    // A Bluesky session that expires signs in again; a revoked Mastodon token fails with its reason.
    bluesky.expire_sessions();
    let again = post(&mut round, "E voi, dove leggete d'estate?", "bluesky", &[]);
    round.ok(&["publish", &again]);
    mastodon.revoke();
    let refused = post(&mut round, "Chi viene alla maratona di lettura?", "mastodon", &[]);
    round.run(&["publish", &refused], "", true);
    round.ok(&["backup"]);
    round.ok(&["doctor"]);

    let (sign_ins, refreshes) = bluesky.sign_ins();
    assert!(sign_ins >= 2, "the expired session made a new one");
    let sessions = (0..sign_ins + refreshes).flat_map(|n| [format!("access-{n}"), format!("refresh-{n}")]);
    let secrets: Vec<String> = [TOKEN.to_owned(), PASSWORD.to_owned()]
        .into_iter()
        .chain(sessions)
        .collect();

    let kept = std::fs::read(d.join("secrets.json")).unwrap();
    assert!(
        contains(&kept, TOKEN) && contains(&kept, PASSWORD),
        "the secrets file holds the secrets (else this test could not fail)"
    );
    let files = files_under(d);
    assert!(
        files.iter().any(|f| f.ends_with("agora.sqlite3"))
            && files.iter().any(|f| f.parent().unwrap().ends_with("backups")),
        "the database and its backups are searched: {files:?}"
    );
    for file in files.iter().filter(|f| !f.ends_with("secrets.json")) {
        let bytes = std::fs::read(file).unwrap();
        for secret in &secrets {
            assert!(!contains(&bytes, secret), "{secret:?} is in {}", file.display());
        }
    }
    for secret in &secrets {
        assert!(
            !contains(&round.printed, secret),
            "{secret:?} was printed:\n{}",
            String::from_utf8_lossy(&round.printed)
        );
    }
}
