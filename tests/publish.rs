//! Publishing on Mastodon against a stand-in server on 127.0.0.1, through the core's API: what the server
//! received (text, language, image and its description, idempotency key), that nothing is ever posted
//! twice — not after a 500, a 429 with `Retry-After`, nor a connection dropped after the server took the
//! post — and that a refusal leaves the post failed with the server's message and the draft as it was.

mod common;

use std::time::Duration;

use agora::drafts::{self, NewDraft, PostImage};
use agora::io::fetch::Retry;
use agora::people::consent::{self, PostParty, PostRole};
use agora::people::{self, Party, PersonInput};
use agora::posts::PostState;
use agora::profile::{self, Network, ProfileInput};
use agora::publish::{self, PublicationStatus};
use agora::secrets::SecretStore;
use agora::{accounts, Language, Store};
use chrono::Utc;
use common::fake_mastodon::{FakeMastodon, Trouble};

const TOKEN: &str = "publish-token-51d2";
const QUICK: Retry = Retry {
    attempts: 4,
    first_wait: Duration::from_millis(20),
    longest_wait: Duration::from_millis(200),
    timeout: Duration::from_secs(10),
};

struct Library {
    _dir: tempfile::TempDir,
    store: Store,
    secrets: SecretStore,
    server: FakeMastodon,
}

fn library(trouble: &[Trouble]) -> Library {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let profile = ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![Language::It, Language::En],
        timezone: "Europe/Rome".into(),
        handles: vec![],
        categories: profile::default_categories(Language::It),
    };
    profile::save(&store, &profile, Utc::now()).unwrap();
    let secrets = SecretStore::File(dir.path().join("secrets.json"));
    let server = FakeMastodon::with_trouble(TOKEN, trouble);
    accounts::add_mastodon(&store, &secrets, &server.url, TOKEN, Utc::now()).unwrap();
    Library {
        _dir: dir,
        store,
        secrets,
        server,
    }
}

/// A new draft of `text` on `network`; returns its id.
fn draft_on(lib: &Library, network: Network, text: &str) -> i64 {
    let category_id = profile::load(&lib.store).unwrap().unwrap().categories[0].id;
    let new = NewDraft {
        category_id,
        campaign_id: None,
        event_id: None,
        networks: vec![network],
        text: text.into(),
    };
    drafts::create(&lib.store, &new, Utc::now()).unwrap().post.id
}

fn draft(lib: &Library, text: &str) -> i64 {
    draft_on(lib, Network::Mastodon, text)
}

/// Gives draft `id` an image, the file `name` holding `bytes`, described as `alt`, and its language.
fn attach(lib: &Library, id: i64, name: &str, bytes: &[u8], alt: &str, lang: Option<Language>) {
    let image = lib._dir.path().join(name);
    std::fs::write(&image, bytes).unwrap();
    let mut content = drafts::get(&lib.store, id).unwrap().content;
    content.lang = lang;
    content.images = vec![PostImage {
        path: image.display().to_string(),
        alt: alt.into(),
    }];
    drafts::save(&lib.store, id, &content, Utc::now()).unwrap();
}

/// Starts a stand-in PDS and connects its account to `lib`.
fn with_bluesky(lib: &Library) -> common::fake_bluesky::FakeBluesky {
    let pds = common::fake_bluesky::FakeBluesky::start("app-pass-word", &[]);
    connect_bluesky(lib, &pds, "app-pass-word");
    pds
}

/// Connects the stand-in PDS's account, which signs in with `password`.
fn connect_bluesky(lib: &Library, pds: &common::fake_bluesky::FakeBluesky, password: &str) {
    let handle = common::fake_bluesky::HANDLE;
    let at = accounts::SignInAt::Server(pds.url.clone());
    accounts::add_bluesky(&lib.store, &lib.secrets, &at, handle, password, Utc::now()).unwrap();
}

const TEXT: &str = "Che cosa state leggendo questa settimana? Raccontatecelo nei commenti!";

#[test]
fn a_post_with_an_image_goes_out_once_with_its_description() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let photo = b"\xFF\xD8\xFF\xE0 not really a photo";
    let alt = "Bambini che leggono sul prato del cortile";
    attach(&lib, id, "lettura.jpg", photo, alt, Some(Language::It));

    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    let made = lib.server.made();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].text, TEXT);
    assert_eq!(made[0].media_ids, ["m1"]);
    assert!(
        made[0].key.as_deref().is_some_and(|k| k.len() == 32),
        "an idempotency key"
    );
    assert_eq!(
        lib.server.descriptions(),
        ["Bambini che leggono sul prato del cortile"]
    );
    let publication = &report.publications[0];
    assert_eq!(publication.status, PublicationStatus::Published);
    assert_eq!(
        publication.url.as_deref(),
        Some("https://mastodon.example/@salaborsa/11001")
    );
    assert_eq!(
        drafts::get(&lib.store, id).unwrap().post.state,
        PostState::Published
    );

    // Published already: publishing again sends nothing.
    publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(lib.server.made().len(), 1);
}

#[test]
fn server_trouble_is_retried_with_the_same_key_and_posts_once() {
    let lib = library(&[
        Trouble::Status(500, None),
        Trouble::Status(429, Some(0)),
        Trouble::DropAfterAccepting,
    ]);
    let id = draft(&lib, TEXT);
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(report.publications[0].status, PublicationStatus::Published);
    let attempts = lib
        .server
        .seen()
        .iter()
        .filter(|s| s.method == "POST" && s.path == "/api/v1/statuses")
        .count();
    assert_eq!(attempts, 4, "500, 429, dropped after accepting, then the answer");
    assert_eq!(lib.server.made().len(), 1, "posted once");
}

#[test]
fn a_refusal_leaves_the_post_failed_with_the_message_and_a_retry_publishes_it() {
    let lib = library(&[Trouble::Status(422, None)]);
    let id = draft(&lib, TEXT);
    let before = drafts::get(&lib.store, id).unwrap().content;
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    let failed = &report.publications[0];
    assert_eq!(failed.status, PublicationStatus::Failed);
    assert!(
        failed.error.as_deref().unwrap().contains("scripted trouble 422"),
        "{:?}",
        failed.error
    );
    let view = drafts::get(&lib.store, id).unwrap();
    assert_eq!(view.post.state, PostState::Failed);
    assert_eq!(view.content, before, "the draft is untouched");
    assert!(lib.server.made().is_empty());

    let retried = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(retried.publications[0].status, PublicationStatus::Published);
    assert_eq!(lib.server.made().len(), 1);
}

#[test]
fn a_child_featured_without_consent_blocks_publishing_before_anything_is_sent() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let child = PersonInput {
        name: "Giulio Bianchi".into(),
        birth_year: Some(2017),
        ..PersonInput::default()
    };
    let child = people::add(&lib.store, &child, Utc::now()).unwrap().id;
    consent::set_post_parties(
        &lib.store,
        id,
        &[PostParty {
            party: Party::Person(child),
            role: PostRole::Featured,
        }],
    )
    .unwrap();
    let refused = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap_err();
    assert_eq!(refused.code(), agora::ErrorCode::ConsentMissing);
    assert!(
        !lib.server.seen().iter().any(|s| s.path == "/api/v1/statuses"),
        "nothing sent"
    );
    assert_eq!(drafts::get(&lib.store, id).unwrap().post.state, PostState::Draft);
}

#[test]
fn the_drafting_counters_follow_the_connected_server() {
    let lib = library(&[]);
    let long = "Che cosa state leggendo? ".repeat(30);
    let draft = agora::voice::DraftCheck {
        text: long.clone(),
        lang: Some(Language::It),
        networks: vec![Network::Mastodon],
        images: vec![],
        about_event: false,
        explain_in: None,
    };
    let report = agora::voice::check_draft(&lib.store, &draft).unwrap();
    let count = &report.networks[&Network::Mastodon];
    assert_eq!(count.limit, 1000, "the stand-in server allows 1000 characters");
    assert!(count.fits, "{} characters fit in 1000", long.chars().count());
}

#[test]
fn a_network_without_an_account_is_named() {
    let lib = library(&[]);
    let id = draft_on(&lib, Network::Bluesky, TEXT);
    let refused = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("no account is connected for bluesky"),
        "{refused}"
    );
}

#[test]
fn a_slow_answer_is_retried_with_the_same_key_and_posts_once() {
    let lib = library(&[Trouble::Stall(Duration::from_millis(800))]);
    let id = draft(&lib, TEXT);
    let impatient = Retry {
        timeout: Duration::from_millis(300),
        ..QUICK
    };
    let report = publish::publish(&lib.store, &lib.secrets, id, None, impatient, Utc::now()).unwrap();
    assert_eq!(
        report.publications[0].status,
        PublicationStatus::Published,
        "{:?}",
        report.publications[0].error
    );
    assert_eq!(lib.server.made().len(), 1, "the retries did not post again");
    let statuses = lib
        .server
        .seen()
        .into_iter()
        .filter(|s| s.path == "/api/v1/statuses");
    assert!(statuses.count() >= 2, "the slow attempt was given up and retried");
}

#[test]
fn a_malformed_answer_fails_the_post_and_the_retry_finds_it_made() {
    let lib = library(&[Trouble::Malformed]);
    let id = draft(&lib, TEXT);
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    let failed = &report.publications[0];
    assert_eq!(failed.status, PublicationStatus::Failed);
    let error = failed.error.as_deref().unwrap();
    assert!(error.contains("not what Mastodon sends"), "{error}");
    assert_eq!(drafts::get(&lib.store, id).unwrap().post.state, PostState::Failed);

    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(report.publications[0].status, PublicationStatus::Published);
    assert_eq!(
        lib.server.made().len(),
        1,
        "the same key found the status already made"
    );
}

#[test]
fn a_revoked_token_fails_the_post_with_the_reason_and_keeps_the_draft() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    lib.server.revoke();
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    let failed = &report.publications[0];
    assert_eq!(failed.status, PublicationStatus::Failed);
    let error = failed.error.as_deref().unwrap();
    assert!(
        error.contains("access token was refused") && error.contains("revoked"),
        "{error}"
    );
    assert!(!error.contains(TOKEN), "the token never appears in a message");
    assert_eq!(lib.server.made().len(), 0);
    let statuses = lib
        .server
        .seen()
        .into_iter()
        .filter(|s| s.path == "/api/v1/statuses");
    assert_eq!(statuses.count(), 1, "a refusal is not retried");
    let kept = drafts::get(&lib.store, id).unwrap();
    assert_eq!(kept.post.state, PostState::Failed);
    assert_eq!(kept.post.channels[0].text, TEXT, "the draft is as it was");
}

#[test]
fn an_expired_bluesky_session_signs_in_again_with_the_app_password() {
    let lib = library(&[]);
    let pds = with_bluesky(&lib);
    pds.expire_sessions();
    let id = draft_on(&lib, Network::Bluesky, "Chi viene sabato in biblioteca?");

    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(
        report.publications[0].status,
        PublicationStatus::Published,
        "{:?}",
        report.publications[0].error
    );
    assert_eq!(pds.records().len(), 1);
    assert_eq!(
        pds.sign_ins(),
        (2, 0),
        "the expired refresh token was refused, so the app password signed in again"
    );
}

#[test]
fn a_bluesky_post_carries_its_facets_and_image_and_is_written_once() {
    use common::fake_bluesky::FakeBluesky;
    let lib = library(&[]);
    let pds = FakeBluesky::start(
        "app-pass-word",
        &[Trouble::Status(502, None), Trouble::DropAfterAccepting],
    );
    connect_bluesky(&lib, &pds, "app-pass-word");
    let text = "Più letture 📚 con @nati.bsky.social: https://salaborsa.it/eventi #NatiPerLeggere";
    let id = draft_on(&lib, Network::Bluesky, text);
    let png = [0x89, b'P', b'N', b'G', 0, 1, 2, 3];
    attach(
        &lib,
        id,
        "lettura.png",
        &png,
        "Un libro aperto sul prato",
        Some(Language::It),
    );

    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    let publication = &report.publications[0];
    assert_eq!(
        publication.status,
        PublicationStatus::Published,
        "{:?}",
        publication.error
    );
    assert!(publication
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://bsky.app/profile/salaborsa.bsky.social/post/"));
    let records = pds.records();
    assert_eq!(records.len(), 1, "written once, though the answer was lost");
    let record = &records[0];
    assert_eq!(record["text"], text);
    assert_eq!(record["langs"], serde_json::json!(["it"]));
    let facets = record["facets"].as_array().unwrap();
    let span = |i: usize| {
        let index = &facets[i]["index"];
        let (start, end) = (
            index["byteStart"].as_u64().unwrap() as usize,
            index["byteEnd"].as_u64().unwrap() as usize,
        );
        &text.as_bytes()[start..end]
    };
    assert_eq!(span(0), "@nati.bsky.social".as_bytes());
    assert_eq!(facets[0]["features"][0]["did"], "did:plc:nati");
    assert_eq!(span(1), "https://salaborsa.it/eventi".as_bytes());
    assert_eq!(span(2), "#NatiPerLeggere".as_bytes());
    assert_eq!(record["embed"]["images"][0]["alt"], "Un libro aperto sul prato");
    assert_eq!(pds.blobs(), [("image/png".to_owned(), 8)]);
    let (sessions, refreshes) = pds.sign_ins();
    assert_eq!(
        (sessions, refreshes),
        (1, 1),
        "the kept refresh token is used, not the password again"
    );
}

#[test]
fn an_oversized_bluesky_image_is_refused_before_anything_is_sent() {
    let lib = library(&[]);
    let pds = with_bluesky(&lib);
    let id = draft_on(&lib, Network::Bluesky, TEXT);
    attach(&lib, id, "grande.jpg", &vec![0u8; 1_000_001], "Il cortile", None);
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(report.publications[0].status, PublicationStatus::Failed);
    assert!(report.publications[0]
        .error
        .as_deref()
        .unwrap()
        .contains("1,000,000 bytes"));
    assert!(pds.records().is_empty() && pds.blobs().is_empty());
}

// Scheduling.

/// Plans post `id` at about `at` (to the minute, in the library's zone) and marks it scheduled; returns the
/// planned instant.
fn schedule_at(lib: &Library, id: i64, at: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    use chrono::Timelike;
    let local = at
        .with_timezone(&chrono_tz::Europe::Rome)
        .naive_local()
        .with_second(0)
        .unwrap();
    let post = agora::posts::get(&lib.store, id).unwrap();
    let input = agora::posts::PostInput {
        planned_at: Some(local),
        ..post.to_input()
    };
    agora::posts::update(&lib.store, id, &input, Utc::now()).unwrap();
    drafts::set_state(&lib.store, id, PostState::Scheduled, None, Utc::now()).unwrap();
    agora::posts::get(&lib.store, id).unwrap().planned_at.unwrap()
}

fn follow(lib: &Library, id: i64) -> agora::Result<publish::PublishReport> {
    agora::schedule::follow(&lib.store, &lib.secrets, id, QUICK, Utc::now())
}

fn status_requests(lib: &Library) -> usize {
    lib.server
        .seen()
        .iter()
        .filter(|s| {
            s.path.starts_with("/api/v1/statuses") || s.path.starts_with("/api/v1/scheduled_statuses")
        })
        .count()
}

#[test]
fn a_scheduled_post_waits_on_mastodon_and_follows_moves_edits_and_cancelling() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let at = schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::days(2));
    let report = follow(&lib, id).unwrap();
    assert_eq!(report.publications[0].status, PublicationStatus::Scheduled);
    assert_eq!(report.publications[0].scheduled_for, Some(at));
    let waiting = lib.server.scheduled();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].text, TEXT);
    assert_eq!(waiting[0].at.parse::<chrono::DateTime<Utc>>().unwrap(), at);
    assert!(lib.server.made().is_empty(), "nothing published yet");

    let before = status_requests(&lib);
    follow(&lib, id).unwrap();
    assert_eq!(status_requests(&lib), before, "nothing changed, nothing sent");

    let day = (at + chrono::TimeDelta::days(1))
        .with_timezone(&chrono_tz::Europe::Rome)
        .date_naive();
    agora::posts::move_to_day(&lib.store, id, day, Utc::now()).unwrap();
    follow(&lib, id).unwrap();
    let moved = lib.server.scheduled();
    assert_eq!(
        (moved.len(), moved[0].id.as_str()),
        (1, "s1"),
        "the same scheduled status, moved"
    );
    assert_eq!(
        moved[0].at.parse::<chrono::DateTime<Utc>>().unwrap(),
        at + chrono::TimeDelta::days(1)
    );

    let mut content = drafts::get(&lib.store, id).unwrap().content;
    content.text = "Che cosa leggete? Diteci il titolo che vi ha sorpreso.".into();
    drafts::save(&lib.store, id, &content, Utc::now()).unwrap();
    follow(&lib, id).unwrap();
    let replaced = lib.server.scheduled();
    assert_eq!(replaced.len(), 1, "the old one cancelled");
    assert_eq!(
        (replaced[0].id.as_str(), replaced[0].text.as_str()),
        ("s2", content.text.as_str())
    );

    drafts::set_state(&lib.store, id, PostState::Ready, None, Utc::now()).unwrap();
    let report = follow(&lib, id).unwrap();
    assert!(
        lib.server.scheduled().is_empty(),
        "un-scheduling cancels it on the server"
    );
    assert!(report.publications.is_empty());
    assert!(lib.server.made().is_empty());
}

#[test]
fn mastodon_needs_five_minutes_ahead_and_nothing_is_sent_sooner() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let far = schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::hours(1));
    follow(&lib, id).unwrap();
    assert_eq!(lib.server.scheduled().len(), 1);

    // Moved to three minutes from now: refused with the reason, and what the server held cancelled.
    schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::minutes(3));
    let report = follow(&lib, id).unwrap();
    let failed = &report.publications[0];
    assert_eq!(failed.status, PublicationStatus::Failed);
    assert!(
        failed.error.as_deref().unwrap().contains("5 minutes ahead"),
        "{failed:?}"
    );
    assert!(
        lib.server.scheduled().is_empty(),
        "not left to go out at the old time"
    );
    assert!(lib.server.made().is_empty());
    assert_eq!(drafts::get(&lib.store, id).unwrap().post.state, PostState::Failed);

    // A later time schedules it again.
    schedule_at(&lib, id, far);
    assert_eq!(
        follow(&lib, id).unwrap().publications[0].status,
        PublicationStatus::Scheduled
    );
    assert_eq!(lib.server.scheduled().len(), 1);
}

#[test]
fn a_post_mastodon_published_on_time_is_recorded_with_its_address() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let at = schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::hours(3));
    follow(&lib, id).unwrap();
    let started = Utc::now();
    let early = agora::schedule::run_due(
        &lib.store,
        &lib.secrets,
        started,
        QUICK,
        at - chrono::TimeDelta::minutes(1),
    )
    .unwrap();
    assert_eq!(early.confirmed, 0);

    lib.server.publish_scheduled();
    let round = agora::schedule::run_due(
        &lib.store,
        &lib.secrets,
        started,
        QUICK,
        at + chrono::TimeDelta::minutes(1),
    )
    .unwrap();
    assert_eq!(round.confirmed, 1);
    let publication = &publish::of_post(&lib.store, id).unwrap()[0];
    assert_eq!(publication.status, PublicationStatus::Published);
    assert_eq!(
        publication.url.as_deref(),
        Some("https://mastodon.example/@salaborsa/11001")
    );
    assert_eq!(
        drafts::get(&lib.store, id).unwrap().post.state,
        PostState::Published
    );
}

#[test]
fn publishing_a_scheduled_post_now_cancels_its_schedule_and_posts_once() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::days(1));
    follow(&lib, id).unwrap();
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(report.publications[0].status, PublicationStatus::Published);
    assert!(lib.server.scheduled().is_empty());
    assert_eq!(
        lib.server.made().len(),
        1,
        "a new key: not answered with the schedule"
    );
}

#[test]
fn bluesky_posts_wait_in_the_apps_scheduler_and_never_go_out_late_without_asking() {
    let lib = library(&[]);
    let pds = with_bluesky(&lib);
    let on_time = draft_on(
        &lib,
        Network::Bluesky,
        "Sabato leggiamo insieme: chi porta il suo libro preferito?",
    );
    let opened = Utc::now();
    let at = schedule_at(&lib, on_time, opened + chrono::TimeDelta::hours(1));
    assert_eq!(
        follow(&lib, on_time).unwrap().publications[0].status,
        PublicationStatus::Scheduled
    );
    assert!(
        pds.records().is_empty(),
        "Bluesky has no server-side schedule: nothing sent yet"
    );

    let round = |since, now| agora::schedule::run_due(&lib.store, &lib.secrets, since, QUICK, now).unwrap();
    assert!(round(opened, at - chrono::TimeDelta::minutes(1))
        .published
        .is_empty());
    let due = round(opened, at + chrono::TimeDelta::seconds(30));
    assert_eq!(due.published.len(), 1);
    assert_eq!(pds.records().len(), 1);
    assert_eq!(
        drafts::get(&lib.store, on_time).unwrap().post.state,
        PostState::Published
    );

    // Its time comes while the app is closed: at the next start it waits for the officer.
    let missed = draft_on(
        &lib,
        Network::Bluesky,
        "Domenica apriamo la sala ragazzi: che cosa vi piacerebbe trovare?",
    );
    let missed_at = schedule_at(&lib, missed, opened + chrono::TimeDelta::hours(2));
    follow(&lib, missed).unwrap();
    let restarted = missed_at + chrono::TimeDelta::hours(5);
    let waiting = agora::schedule::overdue(&lib.store, restarted).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].post_id, waiting[0].scheduled_for),
        (missed, missed_at)
    );
    assert!(round(restarted, restarted + chrono::TimeDelta::minutes(1))
        .published
        .is_empty());
    assert_eq!(pds.records().len(), 1, "not published late without asking");

    // The officer cancels it: it no longer waits.
    drafts::set_state(&lib.store, missed, PostState::Ready, None, Utc::now()).unwrap();
    follow(&lib, missed).unwrap();
    assert!(agora::schedule::overdue(&lib.store, restarted)
        .unwrap()
        .is_empty());
}

#[test]
fn the_scheduler_follows_edits_and_takes_a_post_off_the_server_when_consent_is_withdrawn() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    let child = people::add(
        &lib.store,
        &PersonInput {
            name: "Giulia Verdi".into(),
            minor: true,
            ..PersonInput::default()
        },
        Utc::now(),
    )
    .unwrap();
    let at = schedule_at(&lib, id, Utc::now() + chrono::TimeDelta::days(3));
    follow(&lib, id).unwrap();
    assert_eq!(lib.server.scheduled().len(), 1);

    // Moved in the calendar: the next round moves it on the server.
    let day = (at + chrono::TimeDelta::days(1))
        .with_timezone(&chrono_tz::Europe::Rome)
        .date_naive();
    agora::posts::move_to_day(&lib.store, id, day, Utc::now()).unwrap();
    let started = Utc::now();
    let round = agora::schedule::run_due(&lib.store, &lib.secrets, started, QUICK, Utc::now()).unwrap();
    assert!(round.problems.is_empty(), "{:?}", round.problems);
    assert_eq!(
        lib.server.scheduled()[0]
            .at
            .parse::<chrono::DateTime<Utc>>()
            .unwrap(),
        at + chrono::TimeDelta::days(1)
    );

    // The child now appears in its photo without consent: the post must not go out.
    consent::set_post_parties(
        &lib.store,
        id,
        &[PostParty {
            party: Party::Person(child.id),
            role: PostRole::Featured,
        }],
    )
    .unwrap();
    let round = agora::schedule::run_due(&lib.store, &lib.secrets, started, QUICK, Utc::now()).unwrap();
    assert_eq!(round.problems.len(), 1, "{:?}", round.problems);
    assert!(lib.server.scheduled().is_empty(), "cancelled on the server");
    let publication = &publish::of_post(&lib.store, id).unwrap()[0];
    assert_eq!(publication.status, PublicationStatus::Failed);
    assert!(
        publication.error.as_deref().unwrap().contains("Giulia Verdi"),
        "{publication:?}"
    );
    assert_eq!(drafts::get(&lib.store, id).unwrap().post.state, PostState::Failed);
}

// The campaign report.

#[test]
fn the_campaign_report_pulls_replies_boosts_and_favourites_from_both_networks() {
    use agora::campaigns::{self, CampaignInput, CampaignStatus};
    use agora::engagement;
    let lib = library(&[]);
    let pds = with_bluesky(&lib);
    let today = Utc::now().date_naive();
    let campaign = campaigns::add(
        &lib.store,
        &CampaignInput {
            name: "Nati per Leggere 2026".into(),
            objective: "Più conversazioni con le famiglie".into(),
            target_count: Some(40),
            target_unit: "replies".into(),
            starts_on: today,
            ends_on: today + chrono::TimeDelta::days(30),
            status: CampaignStatus::Running,
            owner: String::new(),
            notes: String::new(),
            colour: String::new(),
            audiences: vec![],
            channels: vec![Network::Mastodon, Network::Bluesky],
            mix_targets: vec![],
        },
        Utc::now(),
    )
    .unwrap();
    let category_id = profile::load(&lib.store).unwrap().unwrap().categories[0].id;
    let new = NewDraft {
        category_id,
        campaign_id: Some(campaign.id),
        event_id: None,
        networks: vec![Network::Mastodon, Network::Bluesky],
        text: "Quale libro leggevate da piccoli? Raccontatecelo!".into(),
    };
    let id = drafts::create(&lib.store, &new, Utc::now()).unwrap().post.id;
    let unpublished = drafts::create(&lib.store, &new, Utc::now()).unwrap().post.id;
    publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();

    let before = engagement::report(&lib.store, campaign.id).unwrap();
    assert_eq!(before.posts.len(), 1, "only published posts");
    assert!(
        before.posts[0].networks.iter().all(|n| n.reach.is_none()),
        "not counted yet"
    );
    assert_eq!(before.counted_at, None);

    lib.server.react("11001", 4, 7, 12);
    let rkey = pds.records()[0].clone();
    let written = publish::of_post(&lib.store, id).unwrap();
    let bluesky_uri = written
        .iter()
        .find(|p| p.network == Network::Bluesky)
        .unwrap()
        .remote_id
        .clone()
        .unwrap();
    pds.react(bluesky_uri.rsplit('/').next().unwrap(), 2, 3, 9);
    assert_eq!(rkey["text"], new.text);
    use agora::people::interactions::{self, Channel, Direction, InteractionInput, Participant};
    let marta = people::add(
        &lib.store,
        &PersonInput {
            name: "Marta Neri".into(),
            ..PersonInput::default()
        },
        Utc::now(),
    )
    .unwrap();
    let question = InteractionInput {
        occurred_at: None,
        channel: Channel::SocialComment,
        direction: Direction::Inbound,
        summary: "Il Piccolo Principe, sempre!".into(),
        awaiting_reply: true,
        amplified: false,
        campaign_id: Some(campaign.id),
        post_id: Some(id),
        event_id: None,
        participants: vec![Participant {
            party: Party::Person(marta.id),
            role: String::new(),
        }],
        answers: None,
    };
    interactions::log(&lib.store, &question, Utc::now()).unwrap();

    let report = engagement::refresh(&lib.store, &lib.secrets, campaign.id, QUICK, Utc::now()).unwrap();
    assert_eq!(report.posts.len(), 1);
    assert!(!report.posts.iter().any(|p| p.post_id == unpublished));
    let on = |network| {
        report.posts[0]
            .networks
            .iter()
            .find(|n| n.network == network)
            .unwrap()
            .reach
            .unwrap()
    };
    assert_eq!(
        (
            on(Network::Mastodon).replies,
            on(Network::Mastodon).boosts,
            on(Network::Mastodon).favourites
        ),
        (4, 7, 12)
    );
    assert_eq!(
        (
            on(Network::Bluesky).replies,
            on(Network::Bluesky).boosts,
            on(Network::Bluesky).favourites
        ),
        (2, 3, 9)
    );
    assert_eq!(
        (
            report.totals.replies,
            report.totals.boosts,
            report.totals.favourites
        ),
        (6, 10, 21)
    );
    assert!(report.counted_at.is_some());
    assert_eq!(
        engagement::report(&lib.store, campaign.id).unwrap(),
        report,
        "kept"
    );
}

#[test]
fn a_bluesky_account_signs_in_at_the_pds_its_handle_names() {
    use agora::bluesky::Directory;
    use common::fake_bluesky::{FakeBluesky, HANDLE};
    let lib = library(&[]);
    let pds = FakeBluesky::start("app-pass-word", &[]);
    // The stand-in answers as the AppView (the handle's DID) and the PLC directory (the DID's document).
    let at = accounts::SignInAt::Resolved(Directory {
        appview: pds.url.clone(),
        plc: pds.url.clone(),
    });
    let account = accounts::add_bluesky(
        &lib.store,
        &lib.secrets,
        &at,
        &format!("@{HANDLE}"),
        "app-pass-word",
        Utc::now(),
    )
    .unwrap();
    assert_eq!(account.server, pds.url);
    assert_eq!(account.handle, HANDLE);

    let nobody = accounts::add_bluesky(
        &lib.store,
        &lib.secrets,
        &at,
        "nessuno.example",
        "app-pass-word",
        Utc::now(),
    )
    .unwrap_err();
    assert!(
        nobody.to_string().contains("Unable to resolve handle"),
        "{nobody}"
    );
}

// Threads.

const THREAD: &str = "Tre libri per l'estate, un filo 🧵\n---\n1. Il barone rampante: chi l'ha letto da ragazzo?\n---\n2. Lessico famigliare: quale frase di casa vostra ci mettereste?";

#[test]
fn a_mastodon_thread_goes_out_as_a_chain_of_replies_once_even_after_a_failure_midway() {
    // The second post meets a refusal: the first stays, and the retry finishes the chain without repeating it.
    let lib = library(&[Trouble::Fine, Trouble::Status(422, None)]);
    let id = draft(&lib, THREAD);
    let failed = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(failed.publications[0].status, PublicationStatus::Failed);
    assert_eq!(lib.server.made().len(), 1, "the first post went out");

    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(
        report.publications[0].status,
        PublicationStatus::Published,
        "{:?}",
        report.publications[0].error
    );
    let made = lib.server.made();
    let texts: Vec<&str> = made.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Tre libri per l'estate, un filo 🧵",
            "1. Il barone rampante: chi l'ha letto da ragazzo?",
            "2. Lessico famigliare: quale frase di casa vostra ci mettereste?"
        ],
        "each once"
    );
    assert_eq!(made[0].reply_to, None);
    assert_eq!(made[1].reply_to.as_deref(), Some("11001"));
    assert_eq!(made[2].reply_to.as_deref(), Some("11002"));
    assert_eq!(
        report.publications[0].url.as_deref(),
        Some("https://mastodon.example/@salaborsa/11001"),
        "the thread's first post"
    );
}

#[test]
fn a_bluesky_thread_replies_under_its_root_with_the_image_on_the_first_post() {
    let lib = library(&[]);
    let pds = with_bluesky(&lib);
    let id = draft_on(&lib, Network::Bluesky, THREAD);
    attach(
        &lib,
        id,
        "libri.png",
        &[0x89, b'P', b'N', b'G'],
        "Tre libri su una panchina",
        None,
    );
    let report = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap();
    assert_eq!(
        report.publications[0].status,
        PublicationStatus::Published,
        "{:?}",
        report.publications[0].error
    );
    let records = pds.records();
    assert_eq!(records.len(), 3);
    assert!(
        records[0]["embed"].is_object() && records[1]["embed"].is_null(),
        "the image on the first post only"
    );
    assert!(records[0]["reply"].is_null());
    let root = report.publications[0].remote_id.clone().unwrap();
    assert_eq!(records[1]["reply"]["root"]["uri"], root);
    assert_eq!(records[1]["reply"]["parent"]["uri"], root);
    assert_eq!(records[2]["reply"]["root"]["uri"], root);
    assert_ne!(
        records[2]["reply"]["parent"]["uri"], root,
        "the third replies to the second"
    );
    assert_eq!(pds.blobs().len(), 1);
}

#[test]
fn a_mastodon_thread_waits_in_the_apps_scheduler_not_on_the_server() {
    let lib = library(&[]);
    let id = draft(&lib, THREAD);
    let opened = Utc::now();
    let at = schedule_at(&lib, id, opened + chrono::TimeDelta::hours(2));
    assert_eq!(
        follow(&lib, id).unwrap().publications[0].status,
        PublicationStatus::Scheduled
    );
    assert!(
        lib.server.scheduled().is_empty(),
        "a scheduled status cannot reply to posts not yet made"
    );

    let round = agora::schedule::run_due(
        &lib.store,
        &lib.secrets,
        opened,
        QUICK,
        at + chrono::TimeDelta::seconds(20),
    )
    .unwrap();
    assert_eq!(round.published.len(), 1, "{:?}", round.problems);
    assert_eq!(lib.server.made().len(), 3);
}

#[test]
fn more_images_than_the_server_takes_block_publishing_before_anything_is_sent() {
    let lib = library(&[]);
    let id = draft(&lib, TEXT);
    attach(&lib, id, "sala.jpg", b"\xFF\xD8\xFF\xE0", "La sala lettura", None);
    let mut content = drafts::get(&lib.store, id).unwrap().content;
    content.images = vec![content.images[0].clone(); 5];
    drafts::save(&lib.store, id, &content, Utc::now()).unwrap();
    let refused = publish::publish(&lib.store, &lib.secrets, id, None, QUICK, Utc::now()).unwrap_err();
    assert!(refused.to_string().contains("at most 4"), "{refused}");
    assert!(
        lib.server.descriptions().is_empty() && lib.server.made().is_empty(),
        "nothing sent"
    );
}
