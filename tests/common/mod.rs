//! What the command-line tests share: running `agora` on a data folder, reading its JSON output or error,
//! and setting up a library.
#![allow(dead_code)] // each test binary uses its own part of these helpers

pub mod fake_bluesky;
pub mod fake_mastodon;
pub mod fake_oauth;
pub mod stand_in;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `agora` on the data folder `dir`.
pub fn agora(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agora"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("AGORA_DATA_DIR")
        .output()
        .unwrap()
}

/// Runs `agora --format json` on the data folder `dir` with `input` on standard input and `env` set.
pub fn agora_with(dir: &Path, args: &[&str], input: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .arg("--data-dir")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .env_remove("AGORA_DATA_DIR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `agora --format json` on the data folder `dir`.
pub fn agora_json(dir: &Path, args: &[&str]) -> Output {
    agora(dir, &[&["--format", "json"], args].concat())
}

/// The JSON a successful command printed.
pub fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The JSON error a failed command printed (exit code 1).
pub fn error(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected a failure: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stderr).unwrap()
}

/// The id a successful `add` printed.
pub fn id(output: &Output) -> String {
    json(output)["id"].as_i64().expect("an id").to_string()
}

/// The profile of an Italian library in Bologna, for tests that set it up through the core.
pub fn library() -> agora::profile::ProfileInput {
    agora::profile::ProfileInput {
        name: "Biblioteca Sala Borsa".into(),
        city: "Bologna".into(),
        languages: vec![agora::Language::It, agora::Language::En],
        timezone: "Europe/Rome".into(),
        handles: vec![],
        categories: agora::profile::default_categories(agora::Language::It),
    }
}

/// Sets up an Italian library in Bologna.
pub fn init(dir: &Path) {
    json(&agora_json(
        dir,
        &[
            "init",
            "--name",
            "Biblioteca Sala Borsa",
            "--city",
            "Bologna",
            "--languages",
            "it,en",
            "--timezone",
            "Europe/Rome",
        ],
    ));
}
