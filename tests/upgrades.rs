//! Migration fixtures: a database of every schema version, filled with realistic data, upgrades to the
//! current schema keeping every record.
//!
//! `tests/fixtures/schemas/vNN.sqlite3` is a database at schema version NN (`user_version`), made by applying
//! the migrations one by one and, after each migration, its fill script from `tests/fixtures/schemas/fill/`
//! (named after the migration). So fixture NN is migrations 1..NN each followed by its fill.
//!
//! To make the fixture of a new schema version (after adding a migration and its fill script to [`FILLS`]):
//!
//! ```text
//! cargo test -p agora --test upgrades -- --ignored write_missing_fixtures
//! ```
//!
//! It writes only the fixtures that do not exist yet: a committed fixture never changes. To remake one, delete
//! its file first. `each_fixture_holds_what_its_fill_scripts_make` checks that the committed files hold
//! exactly the rows their scripts make, so a fill script or a landed migration edited afterwards fails it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agora::people::interactions::{self, TimelineFilter};
use agora::people::{consent, duplicates, erasure, review, search, Page, Party};
use agora::store::{apply_up_to, SCHEMA_VERSION};
use agora::Store;
use rusqlite::types::Value;
use rusqlite::Connection;

/// The fill scripts, by file name in `tests/fixtures/schemas/fill/`.
macro_rules! fills {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("fixtures/schemas/fill/", $name)))),*]
    };
}

/// The fill script of each migration, in the order of the migrations (one per schema version).
const FILLS: &[(&str, &str)] = fills![
    "0001_library_profile.sql",
    "0002_campaigns_and_posts.sql",
    "0003_planning_rules.sql",
    "0004_voice_and_drafts.sql",
    "0005_people.sql",
    "0006_duplicates.sql",
    "0007_erasure_ledger.sql",
    "0008_overdue_notices.sql",
    "0009_quiet_members.sql",
    "0010_lean_search_index.sql",
    "0011_cadence_covering_index.sql",
    "0012_accounts.sql",
    "0013_publications.sql",
    "0014_inbox.sql",
    "0016_bluesky_inbox.sql",
    "0017_scheduled_publications.sql",
    "0018_publication_counts.sql",
];

const REGENERATE: &str = "cargo test -p agora --test upgrades -- --ignored write_missing_fixtures";

/// Tables the upgrade replaces by another name: none so far. (0017 rebuilt `publication` through a
/// `publication_new` that took its name back, so its rows are compared under `publication`.) A future
/// migration that renames a table adds `("old", "new")` here.
const RENAMED_TABLES: &[(&str, &str)] = &[];

/// One row: column name → value.
type Row = BTreeMap<String, Value>;
/// Every row of every table compared, by table name.
type Rows = BTreeMap<String, Vec<Row>>;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

fn fixture_name(version: u32) -> String {
    format!("v{version:02}.sqlite3")
}

/// Makes the fixture of schema `version` at `path`: each migration up to `version`, each followed by its fill.
fn make_fixture(version: u32, path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    // 1 KiB pages keep each file small (most tables and indexes hold a page or two); no -wal file to commit;
    // no syncing while it is made.
    conn.pragma_update(None, "page_size", 1024).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for (k, (name, fill)) in (1..=version).zip(FILLS) {
        apply_up_to(&mut conn, k).unwrap_or_else(|e| panic!("migrating to schema {k}: {e}"));
        let tx = conn.transaction().unwrap();
        tx.execute_batch(fill)
            .unwrap_or_else(|e| panic!("fill {name} on schema {k}: {e}"));
        let broken: Vec<String> = tx
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(broken.is_empty(), "fill {name} breaks foreign keys in {broken:?}");
        tx.commit().unwrap();
    }
    conn.execute_batch("VACUUM").unwrap();
}

fn user_version(conn: &Connection) -> u32 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// The tables whose rows are compared: ordinary tables, and virtual tables when `with_virtual` (never SQLite's
/// own nor the shadow tables a full-text index keeps its data in).
fn tables(conn: &Connection, with_virtual: bool) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap);
    rows.filter(|(name, kind)| {
        !name.starts_with("sqlite_") && (kind == "table" || (with_virtual && kind == "virtual"))
    })
    .map(|(name, _)| name)
    .collect()
}

/// Every row of `table`, with its rowid when `with_rowid`.
fn rows_of(conn: &Connection, table: &str, with_rowid: bool) -> Vec<Row> {
    let select = if with_rowid {
        "rowid AS \"(rowid)\", *"
    } else {
        "*"
    };
    let mut stmt = conn
        .prepare(&format!("SELECT {select} FROM \"{table}\""))
        .unwrap();
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    stmt.query_map([], |r| {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| Ok((name.clone(), r.get::<_, Value>(i)?)))
            .collect::<rusqlite::Result<Row>>()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn all_rows(conn: &Connection, with_virtual: bool) -> Rows {
    let virtual_tables = tables(conn, true);
    let ordinary = tables(conn, false);
    virtual_tables
        .into_iter()
        .filter(|t| with_virtual || ordinary.contains(t))
        .map(|t| {
            let is_virtual = !ordinary.contains(&t);
            let rows = rows_of(conn, &t, is_virtual);
            (t, rows)
        })
        .collect()
}

fn count(rows: &Rows, table: &str) -> usize {
    rows.get(table).map_or(0, Vec::len)
}

/// Removes from `pool` one row equal to `row`; false when there is none.
fn take_equal(pool: &mut Vec<Row>, row: &Row) -> bool {
    match pool.iter().position(|r| r == row) {
        Some(i) => {
            pool.swap_remove(i);
            true
        }
        None => false,
    }
}

#[test]
fn every_schema_version_has_a_fill_script_and_a_fixture() {
    assert_eq!(
        FILLS.len(),
        SCHEMA_VERSION as usize,
        "a migration was added: add its fill script to tests/fixtures/schemas/fill/ and to FILLS in \
         tests/upgrades.rs, then run `{REGENERATE}`"
    );
    let migrations_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    let mut migrations: Vec<String> = std::fs::read_dir(&migrations_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    migrations.sort();
    let fills: Vec<&str> = FILLS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        fills, migrations,
        "each migration in src/store/migrations has a fill script of the same name in FILLS"
    );
    for version in 1..=SCHEMA_VERSION {
        let path = fixtures_dir().join(fixture_name(version));
        assert!(
            path.exists(),
            "no fixture for schema version {version} ({}): run `{REGENERATE}` and commit the new file",
            path.display()
        );
    }
}

#[test]
fn each_fixture_holds_what_its_fill_scripts_make() {
    let dir = tempfile::tempdir().unwrap();
    for version in 1..=SCHEMA_VERSION {
        let name = fixture_name(version);
        let committed = fixtures_dir().join(&name);
        if !committed.exists() {
            continue; // reported by every_schema_version_has_a_fill_script_and_a_fixture
        }
        let fresh = dir.path().join(&name);
        make_fixture(version, &fresh);
        let committed = Connection::open(&committed).unwrap();
        let fresh = Connection::open(&fresh).unwrap();
        assert_eq!(user_version(&committed), version, "{name}: its user_version");
        let (mut want, got) = (all_rows(&fresh, true), all_rows(&committed, true));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{name}: the committed fixture's tables differ from what the migrations and fill scripts make \
             (was a landed migration or fill script edited? they never change once committed)"
        );
        for (table, rows) in &got {
            let pool = want.get_mut(table).unwrap();
            for row in rows {
                assert!(
                    take_equal(pool, row),
                    "{name}: table {table}: committed row {row:?} is not what the fill scripts make \
                     (fill scripts never change once their fixture is committed)"
                );
            }
            assert!(
                pool.is_empty(),
                "{name}: table {table}: the fill scripts make rows the committed fixture lacks: {pool:?}"
            );
        }
    }
}

/// What a column added by the upgrade holds in an old row: its declared default, except where a migration
/// fills it from other data on purpose (each such case asserted here).
fn expected_new_value(
    before: &Connection,
    after: &Connection,
    table: &str,
    column: &str,
    row: &Row,
) -> Value {
    match (table, column) {
        // 0004: a post's main text starts as the text of its first network (by insertion), or empty.
        ("post", "draft") => {
            let id = &row["id"];
            let text: Option<String> = before
                .query_row(
                    "SELECT text FROM post_channel WHERE post_id = ?1 ORDER BY rowid LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .ok();
            Value::Text(text.unwrap_or_default())
        }
        _ => {
            let default: Option<String> = after
                .query_row(
                    "SELECT dflt_value FROM pragma_table_info(?1) WHERE name = ?2",
                    [table, column],
                    |r| r.get(0),
                )
                .unwrap();
            match default {
                Some(expr) => after
                    .query_row(&format!("SELECT {expr}"), [], |r| r.get(0))
                    .unwrap(),
                None => Value::Null,
            }
        }
    }
}

#[test]
fn upgrading_each_fixture_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    for version in 1..=SCHEMA_VERSION {
        let name = fixture_name(version);
        let source = fixtures_dir().join(&name);
        if !source.exists() {
            continue; // reported by every_schema_version_has_a_fill_script_and_a_fixture
        }
        let copy_dir = dir.path().join(format!("v{version:02}"));
        std::fs::create_dir_all(&copy_dir).unwrap();
        let copy = copy_dir.join(agora::store::DATABASE_FILE);
        std::fs::copy(&source, &copy).unwrap();

        let before_conn = Connection::open(&copy).unwrap();
        assert_eq!(user_version(&before_conn), version, "{name}: its user_version");
        // Virtual tables (the search index) are left out: 0010 rebuilt the index from the records without
        // keeping a copy of their text; that it still finds them is checked through search below.
        let before = all_rows(&before_conn, false);

        let store = Store::open(&copy).unwrap_or_else(|e| panic!("{name}: upgrading: {e}"));
        assert_eq!(
            store.schema_version().unwrap(),
            SCHEMA_VERSION,
            "{name}: schema after upgrade"
        );
        assert_eq!(
            store.integrity_problem().unwrap(),
            None,
            "{name}: integrity after upgrade"
        );

        let after_conn = Connection::open(&copy).unwrap();
        let mut after = all_rows(&after_conn, false);
        let mut compared = 0;
        for (table, rows) in &before {
            let new_table = RENAMED_TABLES
                .iter()
                .find(|(old, _)| old == table)
                .map_or(table.as_str(), |(_, new)| new);
            let Some(pool) = after.get_mut(new_table) else {
                panic!(
                    "{name}: table {table} ({} rows) is gone after the upgrade",
                    rows.len()
                );
            };
            let columns = after_columns(&after_conn, new_table);
            for row in rows {
                let mut expected = Row::new();
                for column in &columns {
                    let value = match row.get(column) {
                        Some(value) => value.clone(),
                        None => expected_new_value(&before_conn, &after_conn, new_table, column, row),
                    };
                    expected.insert(column.clone(), value);
                }
                assert!(
                    take_equal(pool, &expected),
                    "{name}: table {table}: row {row:?} is lost or changed by the upgrade (expected it as \
                     {expected:?} in {new_table})"
                );
                compared += 1;
            }
        }
        assert!(compared > 0, "{name}: no rows compared");
        drop((before_conn, after_conn));

        domain_reads(&name, version, &store, &before);
    }
}

fn after_columns(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT * FROM \"{table}\" LIMIT 0"))
        .unwrap()
        .column_names()
        .into_iter()
        .map(String::from)
        .collect()
}

fn text(row: &Row, column: &str) -> String {
    match &row[column] {
        Value::Text(text) => text.clone(),
        other => panic!("{column} is {other:?}, not text"),
    }
}

fn integer(row: &Row, column: &str) -> i64 {
    match &row[column] {
        Value::Integer(n) => *n,
        other => panic!("{column} is {other:?}, not an integer"),
    }
}

/// Reads the upgraded fixture through the public API, as the app would.
fn domain_reads(name: &str, version: u32, store: &Store, before: &Rows) {
    let profile = agora::profile::load(store).unwrap().expect("a profile");
    assert_eq!(
        profile.name, "Biblioteca civica \"Natalia Ginzburg\"",
        "{name}: profile"
    );
    if version >= 2 {
        let campaigns = agora::campaigns::list(store).unwrap_or_else(|e| panic!("{name}: campaigns: {e}"));
        assert_eq!(
            campaigns.len(),
            count(before, "campaign"),
            "{name}: campaigns listed"
        );
        for post in &before["post"] {
            let id = integer(post, "id");
            let view = agora::drafts::get(store, id).unwrap_or_else(|e| panic!("{name}: post {id}: {e}"));
            if version < 4 && id == 1 {
                assert!(
                    view.content.text.starts_with("Sabato mattina in sala ragazzi"),
                    "{name}: post 1's main text comes from its first network: {:?}",
                    view.content.text
                );
            }
        }
    }
    if version >= 4 {
        agora::voice::stored::load(store).unwrap_or_else(|e| panic!("{name}: voice guide: {e}"));
    }
    if version >= 5 {
        let hits = search::search(store, "niccolo", 20).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == search::HitKind::Person && h.id == 2),
            "{name}: search \"niccolo\" finds Niccolò Bianchi: {hits:?}"
        );
        for (table, kind) in [
            ("person", search::HitKind::Person),
            ("organisation", search::HitKind::Organisation),
        ] {
            for row in &before[table] {
                let (id, record) = (integer(row, "id"), text(row, "name"));
                let hits = search::search(store, &record, 200).unwrap();
                assert!(
                    hits.iter().any(|h| h.kind == kind && h.id == id),
                    "{name}: {table} {id}: search {record:?} finds it: {hits:?}"
                );
            }
        }
        for row in &before["interaction"] {
            let (id, summary) = (integer(row, "id"), text(row, "summary"));
            let hits = search::search(store, &summary, 200).unwrap();
            assert!(
                hits.iter()
                    .any(|h| h.kind == search::HitKind::Interaction && h.id == id),
                "{name}: interaction {id}: search {summary:?} finds it: {hits:?}"
            );
        }
        // The index holds one entry per person, organisation and interaction, and nothing else (no trace of
        // the erased or the merged), and FTS5 finds it consistent.
        let mut expected: Vec<i64> = [("person", 1), ("organisation", 2), ("interaction", 3)]
            .iter()
            .flat_map(|(table, tag)| before[*table].iter().map(move |r| integer(r, "id") * 4 + tag))
            .collect();
        expected.sort_unstable();
        let indexed: Vec<i64> = store
            .read(|conn| {
                conn.execute(
                    "INSERT INTO people_search (people_search, rank) VALUES ('integrity-check', 1)",
                    [],
                )?;
                let mut stmt = conn.prepare("SELECT rowid FROM people_search ORDER BY rowid")?;
                let rowids = stmt.query_map([], |r| r.get(0))?;
                Ok(rowids.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap_or_else(|e| panic!("{name}: the search index: {e}"));
        assert_eq!(indexed, expected, "{name}: the search index's entries");
        if version >= 7 {
            let hits = search::search(store, "Beatrice Fontana", 20).unwrap();
            assert!(
                hits.is_empty(),
                "{name}: the erased person is not found: {hits:?}"
            );
        }
        let now = chrono::DateTime::parse_from_rfc3339("2025-06-01T08:00:00Z")
            .unwrap()
            .to_utc();
        let queue = review::queue(store, now, now.date_naive())
            .unwrap_or_else(|e| panic!("{name}: review queue: {e}"));
        let mut awaiting: Vec<i64> = before["interaction"]
            .iter()
            .filter(|r| r["awaiting_reply"] == Value::Integer(1))
            .map(|r| integer(r, "id"))
            .collect();
        let mut unanswered: Vec<i64> = queue.unanswered.iter().map(|i| i.id).collect();
        awaiting.sort_unstable();
        unanswered.sort_unstable();
        assert_eq!(
            unanswered, awaiting,
            "{name}: the review queue's unanswered interactions"
        );
        let parties = before["interaction_party"]
            .iter()
            .filter(|p| p["person_id"] == Value::Integer(1))
            .count();
        let timeline = interactions::timeline(
            store,
            Party::Person(1),
            TimelineFilter::default(),
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .unwrap_or_else(|e| panic!("{name}: Maria Rossi's timeline: {e}"));
        assert_eq!(timeline.len(), parties, "{name}: Maria Rossi's timeline");
        let zoe = consent::list(store, 3).unwrap_or_else(|e| panic!("{name}: Zoë's consent: {e}"));
        assert!(
            [consent::GivenBy::Guardian1, consent::GivenBy::Guardian2]
                .iter()
                .all(|g| zoe.iter().any(|c| c.given_by == *g)),
            "{name}: Zoë's consent from both guardians: {zoe:?}"
        );
    }
    if version >= 6 {
        let pairs = duplicates::find(store, 100).unwrap_or_else(|e| panic!("{name}: duplicates: {e}"));
        assert!(
            !pairs.iter().any(|p| (p.a.id, p.b.id) == (1, 10)),
            "{name}: the two Maria Rossi, marked distinct, are not proposed as duplicates: {pairs:?}"
        );
    }
    if version >= 7 {
        let ledger = erasure::ledger(store).unwrap_or_else(|e| panic!("{name}: erasure ledger: {e}"));
        assert_eq!(
            ledger.len(),
            count(before, "erased_person"),
            "{name}: erasure ledger"
        );
    }
    if version >= 12 {
        let accounts = agora::accounts::list(store).unwrap_or_else(|e| panic!("{name}: accounts: {e}"));
        assert_eq!(
            accounts.len(),
            count(before, "account"),
            "{name}: accounts listed"
        );
    }
    if version >= 14 {
        let inbox = agora::inbox::list(store, false, 200).unwrap_or_else(|e| panic!("{name}: inbox: {e}"));
        assert_eq!(inbox.len(), count(before, "inbox_item"), "{name}: inbox listed");
    }
}

#[test]
fn restoring_an_old_backup_upgrades_it_and_tells_a_reused_id_from_the_erased_person() {
    // The current library (the newest fixture) erased Beatrice Fontana, person 16; the old backup (schema 9)
    // has a different person 16, Pietro Colombo, made later: restoring keeps him.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let newest = fixtures_dir().join(fixture_name(SCHEMA_VERSION));
    std::fs::copy(&newest, data.join(agora::store::DATABASE_FILE)).unwrap();
    let old = dir.path().join("old-backup.sqlite3");
    std::fs::copy(fixtures_dir().join(fixture_name(9)), &old).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2025-06-01T08:00:00Z")
        .unwrap()
        .to_utc();

    let restored = agora::store::backup::restore(&data, &old, now).unwrap();

    assert_eq!(
        restored.erasures_repeated, 0,
        "nobody in the old backup was erased since"
    );
    let store = Store::open_dir(&data).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        SCHEMA_VERSION,
        "the restored backup is upgraded"
    );
    let pietro = agora::people::get(&store, 16).unwrap();
    assert_eq!(
        pietro.name, "Pietro Colombo",
        "person 16 of the old backup is kept"
    );
    let ledger = erasure::ledger(&store).unwrap();
    assert!(
        ledger.iter().any(|e| e.person_id == 16),
        "the restored library still remembers Beatrice's erasure: {ledger:?}"
    );
}

/// Writes the fixtures that do not exist yet (never overwriting one). Run after adding a migration and its
/// fill script; commit the new file.
#[test]
#[ignore = "writes tests/fixtures/schemas; run by hand"]
fn write_missing_fixtures() {
    for version in 1..=SCHEMA_VERSION.min(FILLS.len() as u32) {
        let path = fixtures_dir().join(fixture_name(version));
        if path.exists() {
            continue;
        }
        make_fixture(version, &path);
        let conn = Connection::open(&path).unwrap();
        let rows = all_rows(&conn, false);
        let total: usize = rows.values().map(Vec::len).sum();
        println!(
            "wrote {} ({} bytes, {total} rows)",
            path.display(),
            std::fs::metadata(&path).unwrap().len()
        );
    }
}
