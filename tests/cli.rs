//! The `agora` command line, run as a user would: init, profile, doctor, backup and restore against a real
//! data folder, and the clear refusals for bad input.

mod common;

use std::path::Path;

use common::{agora, error, init, json};

#[test]
fn init_then_profile_shows_what_was_set_with_italian_default_categories() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let profile = json(&agora(dir.path(), &["--format", "json", "profile"]));
    assert_eq!(profile["name"], "Biblioteca Sala Borsa");
    assert_eq!(profile["languages"], serde_json::json!(["it", "en"]));
    assert_eq!(profile["timezone"], "Europe/Rome");
    assert_eq!(profile["categories"][3]["name"], "Storie della comunità");

    let updated = json(&agora(
        dir.path(),
        &["--format", "json", "init", "--city", "Bologna (BO)"],
    ));
    assert_eq!(
        updated["name"], "Biblioteca Sala Borsa",
        "init keeps what it is not given"
    );
    assert_eq!(updated["city"], "Bologna (BO)");

    let text = agora(dir.path(), &["profile"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("library:    Biblioteca Sala Borsa"));
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let err = error(&agora(
        dir.path(),
        &["--format", "json", "init", "--city", "Bologna"],
    ));
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(err["field"], "name");
    let err = error(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "init",
            "--name",
            "X",
            "--city",
            "Y",
            "--timezone",
            "Mars/Olympus",
        ],
    ));
    assert_eq!(err["field"], "timezone");
    assert!(err["message"].as_str().unwrap().contains("Mars/Olympus"));
    let err = error(&agora(dir.path(), &["--format", "json", "profile"]));
    assert_eq!(
        err["code"], "not_initialised",
        "nothing was half-written by the failed inits"
    );

    let usage = agora(dir.path(), &["init", "--languages", "fr"]);
    assert_eq!(usage.status.code(), Some(2), "clap rejects an unknown language");
    assert!(String::from_utf8_lossy(&usage.stderr).contains("unknown language \"fr\""));
}

#[test]
fn doctor_reports_schema_integrity_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    json(&agora(dir.path(), &["--format", "json", "backup"]));
    let report = json(&agora(dir.path(), &["--format", "json", "doctor"]));
    assert_eq!(report["integrity"], "ok");
    assert_eq!(report["full_text_search"], true);
    assert_eq!(report["schema_version"], report["supported_schema_version"]);
    assert_eq!(report["backup_count"], 1);
}

#[test]
fn restore_brings_back_a_backup_and_keeps_the_replaced_database_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let made = json(&agora(dir.path(), &["--format", "json", "backup"]));
    json(&agora(
        dir.path(),
        &["--format", "json", "init", "--name", "Renamed"],
    ));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let restored = json(&agora(
        dir.path(),
        &["--format", "json", "restore", made["path"].as_str().unwrap()],
    ));
    assert_eq!(restored["erasures_repeated"], 0);
    let profile = json(&agora(dir.path(), &["--format", "json", "profile"]));
    assert_eq!(profile["name"], "Biblioteca Sala Borsa");
    let report = json(&agora(dir.path(), &["--format", "json", "doctor"]));
    assert_eq!(
        report["backup_count"], 2,
        "the database that was replaced was backed up first"
    );
}

#[test]
fn restore_refuses_a_file_that_is_not_an_agora_backup() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let notes = dir.path().join("notes.sqlite3");
    std::fs::write(&notes, "not a database").unwrap();
    let err = error(&agora(
        dir.path(),
        &["--format", "json", "restore", notes.to_str().unwrap()],
    ));
    assert_eq!(err["code"], "backup_invalid");
    assert!(err["message"].as_str().unwrap().contains("notes.sqlite3"));
    assert_eq!(
        json(&agora(dir.path(), &["--format", "json", "profile"]))["name"],
        "Biblioteca Sala Borsa"
    );
}

#[test]
fn a_damaged_database_is_reported_and_restoring_moves_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let made = json(&agora(dir.path(), &["--format", "json", "backup"]));
    let db = dir.path().join("agora.sqlite3");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(&db, b"garbage that used to be a database").unwrap();
    let err = error(&agora(dir.path(), &["--format", "json", "doctor"]));
    assert_eq!(err["code"], "database_damaged");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"garbage that used to be a database",
        "never overwritten"
    );

    json(&agora(
        dir.path(),
        &["--format", "json", "restore", made["path"].as_str().unwrap()],
    ));
    assert_eq!(
        json(&agora(dir.path(), &["--format", "json", "profile"]))["name"],
        "Biblioteca Sala Borsa"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("agora.sqlite3.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside: {kept:?}");
    assert_eq!(
        std::fs::read(dir.path().join(&kept[0])).unwrap(),
        b"garbage that used to be a database"
    );
}

#[test]
fn a_database_from_a_newer_agora_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("agora.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = error(&agora(dir.path(), &["--format", "json", "profile"]));
    assert_eq!(err["code"], "schema_too_new");
    assert!(err["message"].as_str().unwrap().contains("999"));
}

#[test]
fn a_campaign_and_its_posts_are_planned_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let campaign = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "add",
            "--name",
            "Festival della lettura",
            "--start",
            "2027-03-01",
            "--end",
            "2027-03-31",
            "--target",
            "40 replies",
            "--channel",
            "mastodon",
            "--audience",
            "Ragazzi",
            "--mix",
            "Eventi=30",
            "--mix",
            "Attività=20",
            "--mix",
            "Informazioni sui servizi=10",
            "--mix",
            "Storie della comunità=40",
        ],
    ));
    assert_eq!(campaign["target_count"], 40);
    assert_eq!(campaign["target_unit"], "replies");
    let id = campaign["id"].to_string();

    let mut ids = Vec::new();
    for at in ["2027-03-27T10:00", "2027-03-29T10:00"] {
        let added = json(&agora(
            dir.path(),
            &[
                "--format",
                "json",
                "posts",
                "add",
                "--text",
                "Chi viene?",
                "--channel",
                "mastodon",
                "--channel",
                "bluesky",
                "--at",
                at,
                "--campaign",
                &id,
                "--category",
                "storie della comunità",
            ],
        ));
        ids.push(added["id"].clone());
    }
    let listed = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "posts",
            "list",
            "--from",
            "2027-03-01",
            "--to",
            "2027-03-31",
            "--campaign",
            &id,
        ],
    ));
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.iter().map(|p| p["id"].clone()).collect::<Vec<_>>(), ids);
    assert_eq!(
        listed[0]["planned_local"], "2027-03-27T10:00:00",
        "10:00 before the March change"
    );
    assert_eq!(
        listed[1]["planned_local"], "2027-03-29T10:00:00",
        "and 10:00 after it"
    );
    assert_eq!(listed[0]["planned_at"], "2027-03-27T09:00:00Z");
    assert_eq!(listed[1]["planned_at"], "2027-03-29T08:00:00Z");

    let shown = agora(dir.path(), &["campaigns", "show", &id]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("target:     40 replies"));
    let text = agora(
        dir.path(),
        &["posts", "list", "--from", "2027-03-29", "--to", "2027-03-29"],
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("2027-03-29 10:00  draft"));
}

#[test]
fn impossible_plans_are_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let err = error(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "add",
            "--name",
            "X",
            "--start",
            "2027-03-10",
            "--end",
            "2027-03-01",
        ],
    ));
    assert_eq!(err["field"], "ends_on");
    let campaign = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "add",
            "--name",
            "X",
            "--start",
            "2027-03-01",
            "--end",
            "2027-03-10",
        ],
    ));
    let id = campaign["id"].to_string();
    for (args, field) in [
        (
            vec!["--at", "2027-04-01T10:00", "--campaign", id.as_str()],
            "planned_at",
        ),
        (vec!["--at", "2027-03-28T02:30"], "planned_at"),
        (vec!["--category", "Podcast"], "category"),
    ] {
        let mut all = vec![
            "--format",
            "json",
            "posts",
            "add",
            "--text",
            "t",
            "--channel",
            "mastodon",
        ];
        all.extend(args);
        let err = error(&agora(dir.path(), &all));
        assert_eq!(err["field"], field, "{err}");
    }
    let listed = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "posts",
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
        ],
    ));
    assert_eq!(listed, serde_json::json!([]), "nothing was written");
}

#[test]
fn events_are_imported_turned_into_an_arc_and_the_plan_exported() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three-events.ics");
    let fixture = fixture.to_str().unwrap();
    let report = json(&agora(
        dir.path(),
        &["--format", "json", "events", "import", fixture],
    ));
    assert_eq!(report["added"], 3);
    assert_eq!(
        json(&agora(
            dir.path(),
            &["--format", "json", "events", "import", fixture]
        ))["unchanged"],
        3
    );
    let events = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "events",
            "list",
            "--from",
            "2027-03-01",
            "--to",
            "2027-03-31",
        ],
    ));
    let author = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Incontro con l'autrice")
        .unwrap();

    let campaign = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "add",
            "--name",
            "Primavera",
            "--start",
            "2027-03-01",
            "--end",
            "2027-03-31",
        ],
    ));
    let (event_id, campaign_id) = (author["id"].to_string(), campaign["id"].to_string());
    let arc = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "events",
            "arc",
            &event_id,
            "--campaign",
            &campaign_id,
            "--channel",
            "mastodon",
        ],
    ));
    let times: Vec<&str> = arc
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["planned_local"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2027-03-11T10:00:00",
            "2027-03-23T10:00:00",
            "2027-03-25T09:00:00",
            "2027-03-26T10:00:00"
        ]
    );

    let out = dir.path().join("primavera.ics");
    json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "calendar",
            "export",
            "--campaign",
            &campaign_id,
            out.to_str().unwrap(),
        ],
    ));
    let exported = std::fs::read_to_string(&out).unwrap();
    assert_eq!(exported.matches("BEGIN:VEVENT").count(), 4);
    assert!(
        exported.contains("DTSTART:20270325T080000Z"),
        "the day-of post at 09:00 Rome is 08:00 UTC"
    );
    assert!(exported.contains("DTSTAMP:"));
}

#[test]
fn a_malformed_calendar_names_the_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/three-events.ics"),
    )
    .unwrap();
    let bad = dir.path().join("bad.ics");
    std::fs::write(
        &bad,
        good.replace("DTSTART;VALUE=DATE:20270328", "DTSTART;VALUE=DATE:20271328"),
    )
    .unwrap();
    let err = error(&agora(
        dir.path(),
        &["--format", "json", "events", "import", bad.to_str().unwrap()],
    ));
    assert_eq!(err["field"], "file");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("line 25: the event \"festa-primavera@biblioteca.example\" has no valid DTSTART"),
        "{err}"
    );
    let events = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "events",
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
        ],
    ));
    assert_eq!(
        events,
        serde_json::json!([]),
        "the two good events were not half-imported"
    );

    let binary = dir.path().join("photo.ics");
    std::fs::write(&binary, [0xff, 0xd8, 0xff, 0xe0, 0x00]).unwrap();
    let err = error(&agora(
        dir.path(),
        &["--format", "json", "events", "import", binary.to_str().unwrap()],
    ));
    assert!(err["message"].as_str().unwrap().contains("not UTF-8"), "{err}");
}

#[test]
fn a_campaigns_plan_and_report_are_exported_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let campaign = json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "add",
            "--name",
            "Estate",
            "--start",
            "2027-06-01",
            "--end",
            "2027-08-31",
        ],
    ));
    let id = campaign["id"].to_string();
    json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "posts",
            "add",
            "--text",
            "Cosa leggete al mare?",
            "--channel",
            "bluesky",
            "--at",
            "2027-07-01T11:00",
            "--campaign",
            &id,
            "--category",
            "Storie della comunità",
        ],
    ));
    let (plan, report) = (dir.path().join("plan.csv"), dir.path().join("report.csv"));
    json(&agora(
        dir.path(),
        &[
            "--format",
            "json",
            "campaigns",
            "csv",
            &id,
            plan.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
    ));
    let plan = std::fs::read_to_string(plan).unwrap();
    assert!(
        plan.contains("2027-07-01,11:00,draft,Storie della comunità,,Bluesky: Cosa leggete al mare?"),
        "{plan}"
    );
    let report = std::fs::read_to_string(report).unwrap();
    assert!(report.contains("mix,Storie della comunità,1,100%,"), "{report}");
}
