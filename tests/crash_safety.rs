//! Killing Agora mid-write (kill -9) must lose no committed data: a writer process
//! (`examples/crash_writer.rs`) that writes in every domain — content categories, campaigns, drafts,
//! interactions, consent records and contact imports — is killed at random points 200 times; after each
//! kill the database passes its integrity check, holds every write the writer had acknowledged, and holds
//! each imported address book whole or not at all.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;

const KILLS: usize = 200;
/// The people in each address book the writer imports.
const IMPORTED: usize = 20;
/// Where each domain's writes are found: the table and column holding the writer's key.
const WRITTEN: [(&str, &str); 5] = [
    ("category", "SELECT name FROM content_category"),
    ("campaign", "SELECT name FROM campaign"),
    (
        "draft",
        "SELECT substr(draft, 26) FROM post WHERE draft LIKE 'Che cosa state leggendo? %'",
    ),
    ("interaction", "SELECT summary FROM interaction"),
    ("consent", "SELECT evidence_ref FROM consent"),
];

fn writer_binary() -> PathBuf {
    // Integration tests live in target/<profile>/deps; cargo builds examples into target/<profile>/examples.
    // `cargo test --test crash_safety` does not build examples, so it is built (or found fresh) here: an
    // old writer left from an earlier build would test old code.
    let deps = std::env::current_exe().unwrap();
    let profile_dir = deps.parent().and_then(|d| d.parent()).unwrap();
    let exe = profile_dir
        .join("examples")
        .join(format!("crash_writer{}", std::env::consts::EXE_SUFFIX));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--example", "crash_writer"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(
        status.success() && exe.exists(),
        "could not build {}",
        exe.display()
    );
    exe
}

/// A library set up with one person, as the writer expects.
fn prepare(dir: &Path) {
    let store = agora::Store::open_dir(dir).unwrap();
    let now = chrono::Utc::now();
    agora::profile::save(&store, &common::library(), now).unwrap();
    let person = agora::people::PersonInput {
        name: "Maria Rossi".into(),
        ..Default::default()
    };
    agora::people::add(&store, &person, now).unwrap();
}

/// What the database holds after kill `round`: the keys written in each domain, and each imported address
/// book's key with how many of its people are there.
fn stored(dir: &Path, round: usize) -> (BTreeMap<&'static str, HashSet<String>>, BTreeMap<String, usize>) {
    let store = agora::Store::open_dir(dir)
        .unwrap_or_else(|e| panic!("after kill {round} the database does not open: {e}"));
    assert_eq!(
        store.integrity_problem().unwrap(),
        None,
        "integrity after kill {round}"
    );
    store
        .read(|conn| {
            let mut keys = BTreeMap::new();
            for (domain, sql) in WRITTEN {
                let mut stmt = conn.prepare(sql)?;
                let found = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                keys.insert(domain, found);
            }
            let mut books = BTreeMap::new();
            let mut stmt = conn.prepare("SELECT name FROM person WHERE name LIKE '% persona %'")?;
            for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
                let name = name?;
                let key = name.split(" persona ").next().unwrap().to_owned();
                *books.entry(key).or_insert(0) += 1;
            }
            Ok((keys, books))
        })
        .unwrap()
}

#[test]
fn killing_a_writer_at_random_points_in_every_domain_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path());
    let writer = writer_binary();
    let mut rng = rand::rng();
    let mut acknowledged: Vec<(String, String)> = Vec::new();
    for round in 0..KILLS {
        let mut child = Command::new(&writer)
            .arg(dir.path())
            .arg(format!("r{round}"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    let (domain, key) = line.strip_prefix("ack ")?.split_once(' ')?;
                    Some((domain.to_owned(), key.to_owned()))
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..200)));
        child.kill().unwrap();
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());

        let (keys, books) = stored(dir.path(), round);
        for (domain, key) in &acknowledged {
            let kept = match domain.as_str() {
                "import" => books.get(key) == Some(&IMPORTED),
                _ => keys[domain.as_str()].contains(key),
            };
            assert!(
                kept,
                "after kill {round}, the acknowledged {domain} {key} is missing"
            );
        }
        for (key, people) in &books {
            assert_eq!(
                *people, IMPORTED,
                "after kill {round}, address book {key} is half-imported"
            );
        }
    }
    for domain in [
        "category",
        "campaign",
        "draft",
        "interaction",
        "consent",
        "import",
    ] {
        let writes = acknowledged.iter().filter(|(d, _)| d == domain).count();
        println!("{domain}: {writes} acknowledged writes, none lost");
        assert!(
            writes >= 20,
            "only {writes} acknowledged {domain} writes: the test proves little"
        );
    }
}
