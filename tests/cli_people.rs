//! The relationship commands run as a script would: a school and a teacher, an inbound comment awaiting a
//! reply and an answer, the review queue, consent for a child, search, and erasure.

mod common;

use common::{agora_json, id, init, json};

#[test]
fn a_school_a_teacher_an_unanswered_comment_and_the_review_queue() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let school = id(&agora_json(
        d,
        &[
            "orgs",
            "add",
            "--name",
            "Scuola primaria Carducci",
            "--kind",
            "school",
            "--ideal-days",
            "5",
            "--max-days",
            "7",
        ],
    ));
    let maria = id(&agora_json(
        d,
        &[
            "people",
            "add",
            "--name",
            "Maria Rossi",
            "--email",
            "maria@scuola.example.it",
            "--handle",
            "mastodon:@mrossi@mastodon.uno",
            "--org",
            &school,
            "--role",
            "insegnante",
            "--note",
            "Ama i gialli",
        ],
    ));
    let comment = id(&agora_json(
        d,
        &[
            "interactions",
            "add",
            "--person",
            &maria,
            "--channel",
            "social_comment",
            "--direction",
            "in",
            "--summary",
            "Chiede quando riprendono i laboratori",
            "--awaiting",
            "--at",
            "2026-11-20T09:30",
        ],
    ));
    let queue = json(&agora_json(d, &["review"]));
    assert_eq!(queue["unanswered"][0]["id"].to_string(), comment);
    assert_eq!(queue["unanswered"][0]["participants"][0]["name"], "Maria Rossi");
    assert_eq!(
        queue["overdue"][0]["name"], "Scuola primaria Carducci",
        "last heard from through its teacher on 20 November, a week is the most"
    );

    json(&agora_json(
        d,
        &[
            "interactions",
            "add",
            "--person",
            &maria,
            "--channel",
            "social_comment",
            "--direction",
            "out",
            "--summary",
            "Risposto: da gennaio",
            "--answers",
            &comment,
        ],
    ));
    assert_eq!(
        json(&agora_json(d, &["review"]))["unanswered"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let shown = json(&agora_json(d, &["interactions", "show", &comment]));
    assert_eq!(shown["summary"], "Chiede quando riprendono i laboratori");
    assert_eq!(shown["awaiting_reply"], false, "answered");
    assert_eq!(shown["participants"][0]["name"], "Maria Rossi");

    let timeline = json(&agora_json(d, &["interactions", "list", "--org", &school]));
    assert_eq!(
        timeline.as_array().unwrap().len(),
        2,
        "the school sees its teacher's interactions"
    );
    let shown = json(&agora_json(d, &["orgs", "show", &school]));
    assert_eq!(shown["members"][0]["role"], "insegnante");
    let hits = json(&agora_json(d, &["search", "gialli"]));
    assert_eq!(hits[0]["kind"], "person");
    assert_eq!(hits[0]["id"].to_string(), maria);
}

#[test]
fn consent_for_a_child_and_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let child = id(&agora_json(
        d,
        &[
            "people",
            "add",
            "--name",
            "Giulio Bianchi",
            "--birth-year",
            "2017",
        ],
    ));
    let alone = agora_json(
        d,
        &[
            "consent",
            "add",
            "--person",
            &child,
            "--purpose",
            "publication_image",
            "--network",
            "mastodon",
            "--given-by",
            "self",
            "--given-on",
            "2026-09-01",
        ],
    );
    assert_eq!(alone.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_slice(&alone.stderr).unwrap();
    assert_eq!(error["field"], "given_by");
    for guardian in ["guardian1", "guardian2"] {
        id(&agora_json(
            d,
            &[
                "consent",
                "add",
                "--person",
                &child,
                "--purpose",
                "publication_image",
                "--network",
                "mastodon",
                "--given-by",
                guardian,
                "--given-on",
                "2026-09-01",
                "--evidence",
                "2026/114",
                "--expires",
                "2027-08-31",
            ],
        ));
    }
    let consents = json(&agora_json(d, &["consent", "list", "--person", &child]));
    assert_eq!(consents.as_array().unwrap().len(), 2);
    let backwards = agora_json(
        d,
        &[
            "consent",
            "add",
            "--person",
            &child,
            "--purpose",
            "contact",
            "--website",
            "--given-by",
            "guardian1",
            "--given-on",
            "2026-09-01",
            "--expires",
            "2026-01-01",
        ],
    );
    assert_eq!(backwards.status.code(), Some(1));

    assert_eq!(
        agora_json(d, &["people", "erase", &child]).status.code(),
        Some(1),
        "needs --yes"
    );
    json(&agora_json(d, &["people", "erase", &child, "--yes"]));
    assert_eq!(
        json(&agora_json(d, &["search", "Giulio"]))
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(agora_json(d, &["people", "show", &child]).status.code(), Some(1));
    assert_eq!(
        json(&agora_json(d, &["people", "list"]))
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
