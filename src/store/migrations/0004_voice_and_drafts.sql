-- The library's voice guide, and what drafting adds to a post: the main text its variants start from,
-- its language, its images with their descriptions, and the reason an officer gave for marking it ready
-- despite error-level findings.
CREATE TABLE voice_guide (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    source      TEXT NOT NULL,          -- the guide as a TOML file
    updated_at  TEXT NOT NULL
) STRICT;

ALTER TABLE post ADD COLUMN draft TEXT NOT NULL DEFAULT '';
ALTER TABLE post ADD COLUMN lang TEXT CHECK (lang IN ('it', 'en'));
ALTER TABLE post ADD COLUMN ready_override TEXT;

UPDATE post SET draft = COALESCE(
    (SELECT c.text FROM post_channel c WHERE c.post_id = post.id ORDER BY c.rowid LIMIT 1), '');

CREATE TABLE post_image (
    post_id   INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position >= 0),
    path      TEXT NOT NULL,
    alt       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (post_id, position)
) STRICT;
