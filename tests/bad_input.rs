//! The hostile-input corpus (`tests/bad-input/`): every file is imported through the `agora` command line
//! into a library holding people, an organisation, a campaign, a post, events and a guide. Each must fail
//! with the error code and message fragments `expected.toml` declares (not a panic, not a hang, not a
//! success), and leave every row of every table exactly as it was.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{agora_json, init, json};
use serde::Deserialize;

/// How long one import may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(20);
const MIN_FILES: usize = 50;
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
const MAX_CORPUS_BYTES: u64 = 6 * 1024 * 1024;
const MANIFEST: &str = "expected.toml";

#[derive(Debug, Deserialize)]
struct Manifest {
    file: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    import: Import,
    code: String,
    contains: Vec<String>,
    why: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Import {
    Contacts,
    Events,
    Guide,
    Restore,
}

impl Import {
    fn args(self, file: &str) -> Vec<&str> {
        match self {
            Import::Contacts => vec!["import", "contacts", file],
            Import::Events => vec!["events", "import", file],
            Import::Guide => vec!["guide", "import", file],
            Import::Restore => vec!["restore", file],
        }
    }

    /// The exit code of a refused import: `guide` commands exit 2 when the guide is bad.
    fn failure_code(self) -> i32 {
        match self {
            Import::Guide => 2,
            _ => 1,
        }
    }
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(corpus().join(MANIFEST)).expect("tests/bad-input/expected.toml");
    toml::from_str(&text).expect("expected.toml is valid")
}

/// Every file of the corpus (but the manifest), by its path from the corpus folder, with its size.
fn corpus_files() -> Vec<(String, u64)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, u64)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if name != MANIFEST {
                    out.push((name, path.metadata().unwrap().len()));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus(), &corpus(), &mut out);
    out.sort();
    out
}

#[test]
fn the_manifest_lists_every_file_and_every_entry_has_a_file() {
    let files = corpus_files();
    let on_disk: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let entries = manifest().file;
    let mut listed = BTreeSet::new();
    for e in &entries {
        assert!(listed.insert(e.path.as_str()), "{}: listed twice", e.path);
        assert!(!e.contains.is_empty(), "{}: no message fragment", e.path);
        assert!(!e.why.trim().is_empty(), "{}: no reason given", e.path);
    }
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "files without an entry in {MANIFEST}: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "entries of {MANIFEST} without a file: {missing:?}"
    );
    assert!(
        files.len() >= MIN_FILES,
        "the corpus has {} files, fewer than {MIN_FILES}",
        files.len()
    );
    for (name, size) in &files {
        assert!(*size <= MAX_FILE_BYTES, "{name}: {size} bytes, more than 2 MB");
    }
    let total: u64 = files.iter().map(|(_, size)| size).sum();
    assert!(
        total <= MAX_CORPUS_BYTES,
        "the corpus holds {total} bytes, more than 6 MB"
    );
}

/// A library with something in every part an import could touch.
fn seeded_library(dir: &Path) {
    init(dir);
    let run = |args: &[&str]| json(&agora_json(dir, args));
    run(&["orgs", "add", "--name", "Scuola Carducci", "--kind", "school"]);
    run(&[
        "people",
        "add",
        "--name",
        "Maria Rossi",
        "--email",
        "maria@example.it",
        "--tag",
        "scuole",
        "--org",
        "1",
    ]);
    run(&[
        "people",
        "add",
        "--name",
        "Paolo Bianchi",
        "--handle",
        "mastodon:@paolo@mastodon.uno",
    ]);
    run(&[
        "interactions",
        "add",
        "--person",
        "1",
        "--channel",
        "email",
        "--direction",
        "in",
        "--summary",
        "Chiede dei gialli",
        "--at",
        "2027-02-01T10:00",
    ]);
    run(&[
        "campaigns",
        "add",
        "--name",
        "Festival",
        "--start",
        "2027-03-01",
        "--end",
        "2027-03-31",
    ]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three-events.ics");
    run(&["events", "import", fixture.to_str().unwrap()]);
    run(&[
        "posts",
        "add",
        "--text",
        "Vieni al festival?",
        "--channel",
        "mastodon",
        "--at",
        "2027-03-10T10:00",
        "--campaign",
        "1",
    ]);
    let guide = dir.join("guide.toml");
    std::fs::write(
        &guide,
        "[identity]\nlibrary = \"Sala Borsa\"\n\n[[rules]]\nid = \"no-x\"\nkind = \"forbid\"\nmessage = \"no\"\nterms = [\"x\"]\n",
    )
    .unwrap();
    run(&["guide", "import", guide.to_str().unwrap()]);
    std::fs::remove_file(guide).unwrap();
}

/// Every row of every table of the database in `dir` (virtual tables through their shadow tables), as
/// text, with the schema and its version.
fn snapshot(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("agora.sqlite3")).unwrap();
    let mut out = vec![format!(
        "user_version {}",
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap()
    )];
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (table, sql) in tables {
        out.push(sql.clone());
        if sql.starts_with("CREATE VIRTUAL TABLE") {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// What a refused import printed: its error code, and its message with each reported row as
/// `line N (column): reason`.
struct Refusal {
    exit: Option<i32>,
    code: String,
    text: String,
    elapsed: Duration,
}

/// How importing a bad file failed to be a clean refusal.
enum Failure {
    /// The file could not be copied next to the data folder.
    Copy(std::io::Error),
    /// Still running after [`TIMEOUT`]: killed.
    Hung,
    /// Killed by a signal (a stack overflow aborts).
    Signal,
    Panicked(String),
    Succeeded(String),
    ExitCode(i32, String),
    ErrorCode {
        found: String,
        expected: String,
        text: String,
    },
    /// The message lacks a fragment the manifest expects.
    Unsaid {
        fragment: String,
        shown: String,
    },
    /// Rows new or changed, and rows gone (the first five of each).
    Changed {
        new: Vec<String>,
        gone: Vec<String>,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Copy(e) => write!(f, "cannot copy the file: {e}"),
            Failure::Hung => write!(f, "still running after {TIMEOUT:?}: killed"),
            Failure::Signal => write!(f, "killed by a signal (a stack overflow aborts)"),
            Failure::Panicked(text) => write!(f, "panicked: {text}"),
            Failure::Succeeded(text) => write!(f, "succeeded: {text}"),
            Failure::ExitCode(code, text) => write!(f, "exit code {code}: {text}"),
            Failure::ErrorCode {
                found,
                expected,
                text,
            } => {
                write!(f, "error code {found} instead of {expected}: {text}")
            }
            Failure::Unsaid { fragment, shown } => {
                write!(f, "the error does not contain {fragment:?}: {shown}")
            }
            Failure::Changed { new, gone } => write!(
                f,
                "the database changed: new or changed rows {new:?}, rows gone {gone:?}"
            ),
        }
    }
}

/// Runs `agora --format json` with `args` on `dir`, killing it after [`TIMEOUT`].
fn run_with_timeout(dir: &Path, args: &[&str], work: &Path) -> Result<Refusal, Failure> {
    let (stdout, stderr) = (work.join("stdout"), work.join("stderr"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .arg("--data-dir")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .env_remove("AGORA_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Failure::Hung);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let (out, err) = (std::fs::read(stdout).unwrap(), std::fs::read(stderr).unwrap());
    // A panic or a success prints no JSON error: then what it printed is shown as it is.
    let err_text = String::from_utf8_lossy(&err).into_owned();
    let payload: serde_json::Value = serde_json::from_str(err_text.trim()).unwrap_or_default();
    let mut text = match payload["message"].as_str() {
        Some(message) => message.to_owned(),
        None => format!(
            "(no JSON error) {}{}",
            err_text.chars().take(400).collect::<String>(),
            String::from_utf8_lossy(&out)
                .chars()
                .take(200)
                .collect::<String>()
        ),
    };
    if let Ok(report) = serde_json::from_slice::<serde_json::Value>(&out) {
        for problem in report["problems"].as_array().into_iter().flatten() {
            let column = problem["column"]
                .as_str()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            text.push_str(&format!(
                "\nline {}{column}: {}",
                problem["line"],
                problem["reason"].as_str().unwrap_or_default()
            ));
        }
    }
    Ok(Refusal {
        exit: status.code(),
        code: payload["code"].as_str().unwrap_or_default().to_owned(),
        text,
        elapsed,
    })
}

/// Imports `entry`'s file into a copy of `template`; returns what went wrong, if anything.
fn check(entry: &Entry, template: &Path, before: &[String]) -> Result<Duration, Failure> {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    copy_dir(template, &data);
    // A copy of the file, so nothing an import leaves beside it lands in the corpus.
    let source = corpus().join(&entry.path);
    let file = work.path().join(source.file_name().unwrap());
    std::fs::copy(&source, &file).map_err(Failure::Copy)?;
    let refusal = run_with_timeout(&data, &entry.import.args(file.to_str().unwrap()), work.path())?;
    match refusal.exit {
        None => return Err(Failure::Signal),
        Some(101) => return Err(Failure::Panicked(refusal.text)),
        Some(0) => return Err(Failure::Succeeded(refusal.text)),
        Some(code) if code != entry.import.failure_code() => {
            return Err(Failure::ExitCode(code, refusal.text))
        }
        Some(_) => {}
    }
    if refusal.code != entry.code {
        return Err(Failure::ErrorCode {
            found: refusal.code,
            expected: entry.code.clone(),
            text: refusal.text,
        });
    }
    for fragment in &entry.contains {
        if !refusal.text.contains(fragment.as_str()) {
            let shown: String = refusal.text.chars().take(600).collect();
            return Err(Failure::Unsaid {
                fragment: fragment.clone(),
                shown,
            });
        }
    }
    let after = snapshot(&data);
    if after != before {
        let differ =
            |a: &[String], b: &[String]| a.iter().filter(|row| !b.contains(row)).take(5).cloned().collect();
        return Err(Failure::Changed {
            new: differ(&after, before),
            gone: differ(before, &after),
        });
    }
    Ok(refusal.elapsed)
}

#[test]
fn every_bad_file_is_refused_clearly_and_changes_nothing() {
    let template = tempfile::tempdir().unwrap();
    seeded_library(template.path());
    let before = snapshot(template.path());
    assert!(
        before.iter().any(|row| row.starts_with("person:"))
            && before.iter().any(|row| row.starts_with("event:"))
            && before.iter().any(|row| row.starts_with("voice_guide:")),
        "the library is seeded"
    );
    let entries = manifest().file;
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for entry in &entries {
        match check(entry, template.path(), &before) {
            Ok(elapsed) if elapsed > slowest.0 => slowest = (elapsed, entry.path.clone()),
            Ok(_) => {}
            Err(problem) => failures.push(format!("{}: {problem}", entry.path)),
        }
    }
    eprintln!(
        "{} files in {:.1?}; slowest {} in {:.1?}",
        entries.len(),
        started.elapsed(),
        slowest.1,
        slowest.0
    );
    assert!(
        failures.is_empty(),
        "{} of {} files were not refused as expected:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
