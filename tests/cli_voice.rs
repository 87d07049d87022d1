//! `agora check` and `agora guide` run as scripts run them: stdin and files, JSON shape, exit codes (0 no
//! error-level findings, 1 some, 2 bad usage or bad guide), and guide files tested, linted, imported and
//! exported through a real data folder.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn agora(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(args)
        .env_remove("AGORA_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn check_reports_findings_metrics_and_networks_as_stable_json() {
    let text = "Vieni in biblioteca sabato! Non perdere la festa dei libri.";
    let output = agora(
        &[
            "--format",
            "json",
            "check",
            "--network",
            "x",
            "--network",
            "bluesky",
        ],
        text.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "warnings only");
    let report = json(&output);
    assert_eq!(report["lang"], "it");
    let broadcast = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "dialogue.broadcast")
        .expect("a broadcast finding");
    assert_eq!(broadcast["level"], "warning");
    assert_eq!(
        (broadcast["start"].as_u64(), broadcast["end"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(
        broadcast["suggestion"],
        "E tu, cosa ne pensi? Raccontacelo nei commenti."
    );
    for key in ["words", "sentences", "letters", "syllables", "gulpease", "flesch"] {
        assert!(report["metrics"].get(key).is_some(), "metrics.{key}");
    }
    assert_eq!(report["metrics"]["words"], 10);
    assert_eq!(report["metrics"]["gulpease"], Value::Null, "fewer than 30 words");
    let networks = report["networks"].as_object().unwrap();
    assert_eq!(
        networks.keys().collect::<Vec<_>>(),
        ["bluesky", "x"],
        "exactly the networks asked for"
    );
    assert_eq!(networks["x"]["length"], 59);
    assert_eq!(networks["x"]["limit"], 280);
    assert_eq!(networks["x"]["fits"], true);
}

#[test]
fn every_network_is_counted_when_none_is_named_and_offsets_are_characters() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "post.txt", "📚 Gli utenti cosa leggono?");
    let report = json(&agora(&["--format", "json", "check", "--lang", "it", &file], b""));
    assert_eq!(report["networks"].as_object().unwrap().len(), 9);
    let prefer = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "lettori-non-utenti")
        .unwrap();
    assert_eq!(
        (prefer["start"].as_u64(), prefer["end"].as_u64()),
        (Some(6), Some(12))
    );
    assert_eq!(prefer["suggestion"], "lettori");
}

#[test]
fn error_level_findings_exit_1_and_bad_usage_or_guides_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let guide = write(
        dir.path(),
        "strict.toml",
        "[[rules]]\nid = \"no-utenti\"\nkind = \"forbid\"\nlevel = \"error\"\nmessage = \"Mai «utenti»\"\nterms = [\"utenti\"]\n",
    );
    let flagged = agora(
        &["check", "--guide", &guide],
        "Cari utenti, cosa leggete?".as_bytes(),
    );
    assert_eq!(flagged.status.code(), Some(1));
    let text = String::from_utf8_lossy(&flagged.stdout);
    assert!(text.contains("1:6 error [no-utenti] Mai «utenti»"), "{text}");
    let clean = agora(
        &["check", "--guide", &guide],
        "Cari lettori, cosa leggete?".as_bytes(),
    );
    assert_eq!(clean.status.code(), Some(0));

    let bad = write(
        dir.path(),
        "bad.toml",
        "[[rules]]\nid = \"r\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"(\"]\npatterns = [\"(\"]\n",
    );
    let refused = agora(&["--format", "json", "check", "--guide", &bad], b"ciao");
    assert_eq!(refused.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&refused.stderr).unwrap();
    assert_eq!(error["code"], "guide_invalid");
    assert_eq!(error["field"], "r");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{bad}:1:1: rule \"r\"")),
        "{message}"
    );

    assert_eq!(
        agora(&["check", "--network", "myspace"], b"ciao").status.code(),
        Some(2)
    );
    assert_eq!(agora(&["check", "--lang", "fr"], b"ciao").status.code(), Some(2));
    let binary = agora(&["check"], b"ciao \xff\xfe");
    assert_eq!(binary.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&binary.stderr).contains("not UTF-8 text (invalid byte at offset 5)"));
}

#[test]
fn odd_posts_are_checked_without_trouble() {
    let empty = json(&agora(&["--format", "json", "check"], b""));
    assert_eq!(empty["findings"].as_array().unwrap().len(), 0);
    let long = "Cosa leggete? ".repeat(7_200);
    let report = json(&agora(
        &["--format", "json", "check", "--network", "facebook"],
        long.as_bytes(),
    ));
    assert_eq!(report["networks"]["facebook"]["fits"], false);
    let zwj = json(&agora(
        &["--format", "json", "check", "--network", "x"],
        "👩‍👩‍👧‍👦 famiglie?".as_bytes(),
    ));
    assert_eq!(zwj["networks"]["x"]["length"], 12);
}

#[test]
fn guide_test_and_lint_check_a_guide_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.toml",
        "[[rules]]\nid = \"no-utenti\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"utenti\"]\nbad = [\"Cari utenti\"]\ngood = [\"Cari lettori\"]\n\n[[rules]]\nid = \"untested\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"x\"]\n\n[[templates]]\nname = \"T\"\ntext = \"{event.title} {event.room}\"\n",
    );
    let tested = agora(&["guide", "test", &good], b"");
    assert_eq!(tested.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&tested.stdout),
        "2 examples passed, 0 failed\n"
    );
    let wrong = write(
        dir.path(),
        "wrong.toml",
        "[[rules]]\nid = \"no-utenti\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"utenti\"]\nbad = [\"Cari lettori\"]\n",
    );
    let failed = agora(&["guide", "test", &wrong], b"");
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stdout)
        .contains("FAIL no-utenti: should trigger on \"Cari lettori\""));

    let lint = json(&agora(&["--format", "json", "guide", "lint", &good], b""));
    assert_eq!(lint["rules"], 2);
    let warnings: Vec<&str> = lint["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("\"untested\""));
    assert!(warnings[1].contains("{event.room}"));
    let broken = write(
        dir.path(),
        "broken.toml",
        "[[rules]]\nid = \"x\"\nkind = \"count\"\nwhat = \"hashtags\"\nmessage = \"m\"\n",
    );
    assert_eq!(agora(&["guide", "lint", &broken], b"").status.code(), Some(2));
}

#[test]
fn a_guide_is_imported_into_the_library_and_exported_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let shared = write(
        dir.path(),
        "shared.toml",
        "[identity]\nlibrary = \"Sistema Bibliotecario Milano\"\n",
    );
    let imported = agora(&["--data-dir", data, "guide", "import", &shared], b"");
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let exported = dir.path().join("out.toml");
    let out = agora(
        &["--data-dir", data, "guide", "export", exported.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        "[identity]\nlibrary = \"Sistema Bibliotecario Milano\"\n"
    );
    let bad = write(dir.path(), "bad.toml", "[identity\n");
    assert_eq!(
        agora(&["--data-dir", data, "guide", "import", &bad], b"")
            .status
            .code(),
        Some(2)
    );
    let again = agora(
        &["--data-dir", data, "guide", "export", exported.to_str().unwrap()],
        b"",
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .contains("Sistema Bibliotecario Milano"),
        "unchanged"
    );
}
