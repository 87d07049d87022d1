//! A writer for the crash-safety test (`tests/crash_safety.rs`). On the data folder given as the first
//! argument (a library set up, with at least one person), it writes in turn in every domain — a content
//! category, a campaign, a draft, an interaction, a consent record and an import of a small address book —
//! one transaction each, and prints `ack DOMAIN KEY` after each commit, until it is killed. `KEY` is unique
//! (the second argument is its prefix) and is written into what was saved, so the test can find it.

use std::io::Write;

use agora::campaigns::{CampaignInput, CampaignStatus};
use agora::contacts::{ContactsFormat, ImportOptions};
use agora::people::consent::{ConsentInput, GivenBy, Purpose, Scope};
use agora::people::interactions::{Channel, Direction, InteractionInput, Participant};
use agora::people::Party;
use agora::profile::{CategoryKind, Network};
use chrono::{NaiveDate, Utc};

/// The people in each imported address book (`tests/crash_safety.rs` expects as many).
const IMPORTED: usize = 20;

/// The domains written in turn, as named in the `ack` lines.
const DOMAINS: [&str; 6] = [
    "category",
    "campaign",
    "draft",
    "interaction",
    "consent",
    "import",
];

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .expect("usage: crash_writer DATA_DIR [PREFIX]");
    let prefix = std::env::args().nth(2).unwrap_or_else(|| "c".into());
    let store = agora::Store::open_dir(dir.as_ref()).expect("open the store");
    let category = store.read(agora::profile::categories).expect("categories")[0].id;
    let person =
        agora::people::list(&store, agora::people::Page { offset: 0, limit: 1 }).expect("people")[0].id;
    let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let domain = DOMAINS[i % DOMAINS.len()];
        let key = format!("{prefix}-{i}");
        let now = Utc::now();
        match domain {
            "category" => agora::profile::add_category(&store, &key, CategoryKind::Other).map(drop),
            "campaign" => agora::campaigns::add(
                &store,
                &CampaignInput {
                    name: key.clone(),
                    objective: "Far parlare i lettori".into(),
                    target_count: None,
                    target_unit: String::new(),
                    starts_on: day,
                    ends_on: day,
                    status: CampaignStatus::Planned,
                    owner: String::new(),
                    notes: String::new(),
                    colour: String::new(),
                    audiences: vec![],
                    channels: vec![Network::Mastodon],
                    mix_targets: vec![],
                },
                now,
            )
            .map(drop),
            "draft" => agora::drafts::create(
                &store,
                &agora::drafts::NewDraft {
                    category_id: category,
                    campaign_id: None,
                    event_id: None,
                    networks: vec![Network::Mastodon, Network::Bluesky],
                    text: format!("Che cosa state leggendo? {key}"),
                },
                now,
            )
            .map(drop),
            "interaction" => agora::people::interactions::log(
                &store,
                &InteractionInput {
                    occurred_at: None,
                    channel: Channel::Email,
                    direction: Direction::Inbound,
                    summary: key.clone(),
                    awaiting_reply: true,
                    amplified: false,
                    campaign_id: None,
                    post_id: None,
                    event_id: None,
                    participants: vec![Participant {
                        party: Party::Person(person),
                        role: String::new(),
                    }],
                    answers: None,
                },
                now,
            )
            .map(drop),
            "consent" => agora::people::consent::add(
                &store,
                &ConsentInput {
                    person_id: person,
                    purpose: Purpose::PublicationImage,
                    scope: Scope {
                        networks: vec![Network::Mastodon],
                        website: true,
                        print: false,
                    },
                    given_by: GivenBy::Person,
                    given_on: day,
                    method: "modulo firmato".into(),
                    evidence_ref: key.clone(),
                    expires_on: None,
                },
            )
            .map(drop),
            _ => {
                let rows: String = (0..IMPORTED)
                    .map(|n| format!("{key} persona {n};{key}.{n}@example.org\n"))
                    .collect();
                agora::contacts::import_text(
                    &store,
                    &format!("Name;E-mail Address\n{rows}"),
                    ContactsFormat::Csv,
                    &ImportOptions::default(),
                    now,
                    &mut |_| true,
                )
                .map(drop)
            }
        }
        .expect("write");
        writeln!(out, "ack {domain} {key}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}
