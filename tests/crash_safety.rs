//! Killing Agora mid-write (kill -9) must lose no committed data: a writer process is killed at random
//! points many times; after each kill the database passes its integrity check and holds every write the
//! writer had acknowledged.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;

const KILLS: usize = 25;

fn writer_binary() -> PathBuf {
    // Integration tests live in target/<profile>/deps; cargo builds examples into target/<profile>/examples.
    let deps = std::env::current_exe().unwrap();
    let profile_dir = deps.parent().and_then(|d| d.parent()).unwrap();
    let exe = profile_dir
        .join("examples")
        .join(format!("crash_writer{}", std::env::consts::EXE_SUFFIX));
    if !exe.exists() {
        // `cargo test` builds examples, but `cargo test --test crash_safety` does not.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--example", "crash_writer"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(
            status.success() && exe.exists(),
            "could not build {}",
            exe.display()
        );
    }
    exe
}

#[test]
fn killing_a_writer_at_random_points_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let writer = writer_binary();
    let mut rng = rand::rng();
    let mut acknowledged: Vec<String> = Vec::new();
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
                .filter_map(|line| line.strip_prefix("ack ").map(str::to_owned))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..200)));
        child.kill().unwrap();
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());

        let store = agora::Store::open_dir(dir.path())
            .unwrap_or_else(|e| panic!("after kill {round} the database does not open: {e}"));
        assert_eq!(
            store.integrity_problem().unwrap(),
            None,
            "integrity after kill {round}"
        );
        let stored: Vec<String> = store
            .read(|conn| {
                Ok(agora::profile::categories(conn)?
                    .into_iter()
                    .map(|c| c.name)
                    .collect())
            })
            .unwrap();
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|name| !stored.contains(name))
            .collect();
        assert!(
            lost.is_empty(),
            "after kill {round}, acknowledged writes are missing: {lost:?}"
        );
    }
    assert!(
        acknowledged.len() > KILLS,
        "the writer acknowledged only {} writes",
        acknowledged.len()
    );
}
