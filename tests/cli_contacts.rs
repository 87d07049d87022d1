//! Address books through the command line: a Google Contacts export, an Italian Outlook export with a bad
//! row (refused whole, then imported without it), a column mapping, a phone's vCards, and everyone
//! exported as vCard and CSV and imported back into another library.

mod common;

use std::path::{Path, PathBuf};

use common::{agora_json, error, init, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/contacts")
        .join(name)
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let file = file.to_str().unwrap();
    agora_json(dir, &[&["import", "contacts", file], extra].concat())
}

fn names(dir: &Path) -> Vec<String> {
    let listed = json(&agora_json(dir, &["people", "list"]));
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn google_outlook_and_vcard_files_are_imported_and_exported_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);

    let google = json(&import(d, &fixture("google.csv"), &[]));
    assert_eq!(
        (
            google["imported"].as_i64(),
            google["organisations_created"].as_i64()
        ),
        (Some(3), Some(3))
    );
    let found = json(&agora_json(d, &["search", "camill"]));
    assert_eq!(found[0]["title"], "Maria Rossi", "notes are searchable");

    let outlook = fixture("outlook-it.csv");
    let refused = import(d, &outlook, &[]);
    assert_eq!(error(&refused)["code"], "invalid_input");
    let report: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(report["committed"], false);
    assert_eq!(report["problems"][0]["line"], 3);
    assert_eq!(report["problems"][0]["column"], "Indirizzo posta elettronica");
    assert_eq!(names(d).len(), 3, "nothing half-imported");
    let skipped = json(&import(d, &outlook, &["--skip-bad-rows"]));
    assert_eq!(
        (skipped["imported"].as_i64(), skipped["problems_total"].as_i64()),
        (Some(2), Some(1))
    );

    let cards = json(&import(d, &fixture("phone.vcf"), &[]));
    assert_eq!(cards["imported"], 2);
    let again = json(&import(d, &fixture("phone.vcf"), &[]));
    assert_eq!(
        (again["imported"].as_i64(), again["already_known_total"].as_i64()),
        (Some(0), Some(2))
    );
    assert_eq!(names(d).len(), 7);

    let other = tempfile::tempdir().unwrap();
    init(other.path());
    for name in ["everyone.vcf", "everyone.csv"] {
        let out = d.join(name);
        let written = json(&agora_json(d, &["export", "contacts", out.to_str().unwrap()]));
        assert_eq!(written["people"], 7);
        let fresh = tempfile::tempdir().unwrap();
        init(fresh.path());
        let back = json(&import(fresh.path(), &out, &[]));
        assert_eq!(back["imported"], 7, "{name}");
        assert_eq!(names(fresh.path()), names(d), "{name}");
    }
}

#[test]
fn a_table_without_known_headers_is_imported_with_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let file = d.join("soci.csv");
    std::fs::write(
        &file,
        "Socio,Recapito,Profilo\nTeresa Gallo,teresa@example.it,@teresa@mastodon.uno\n",
    )
    .unwrap();
    let unmapped = error(&import(d, &file, &[]));
    assert_eq!(unmapped["field"], "mapping");
    let mapped = json(&import(
        d,
        &file,
        &[
            "--map",
            "Socio=name",
            "--map",
            "Recapito=email",
            "--map",
            "profilo=handle:mastodon",
        ],
    ));
    assert_eq!(mapped["imported"], 1);
    let teresa = json(&agora_json(d, &["people", "show", "1"]));
    assert_eq!(teresa["person"]["contacts"][1]["value"], "@teresa@mastodon.uno");
    assert_eq!(
        error(&import(d, &file, &["--map", "Socio=nickname"]))["field"],
        "map"
    );
}

#[test]
fn duplicates_are_listed_and_merged_keeping_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let add = |name: &str| {
        common::id(&agora_json(
            d,
            &["people", "add", "--name", name, "--email", "anna@example.it"],
        ))
    };
    let (anna, copy) = (add("Anna Verdi"), add("Anna  Verdi"));
    let logged = agora_json(
        d,
        &[
            "interactions",
            "add",
            "--person",
            &copy,
            "--channel",
            "email",
            "--direction",
            "in",
            "--summary",
            "Chiede dei laboratori",
        ],
    );
    json(&logged);
    let pairs = json(&agora_json(d, &["people", "duplicates"]));
    assert_eq!(pairs.as_array().unwrap().len(), 1);
    assert_eq!(pairs[0]["reason"], "same_email");
    let merged = json(&agora_json(d, &["people", "merge", &anna, &copy]));
    assert_eq!(merged["interactions_moved"], 1);
    assert_eq!(names(d), ["Anna Verdi"]);
    let timeline = json(&agora_json(d, &["interactions", "list", "--person", &anna]));
    assert_eq!(timeline[0]["summary"], "Chiede dei laboratori");
    assert_eq!(
        json(&agora_json(d, &["people", "duplicates"]))
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
