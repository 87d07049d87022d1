-- Who was erased, by internal id and the time their record was made (never by name or any other personal
-- data), so that restoring a backup made before an erasure erases them again. The creation time tells a
-- person from a later one who happens to get the same id.
CREATE TABLE erased_person (
    person_id   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    erased_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, created_at)
) STRICT, WITHOUT ROWID;
