-- Scheduled publications: a post marked scheduled waits on Mastodon's server (`remote_id` is then the
-- scheduled status's id) or in the app's own scheduler for Bluesky, until `scheduled_for`. `digest`
-- fingerprints the text and images that were scheduled, so a later edit is sent again. The status list
-- gains 'scheduled'; SQLite cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE publication_new (
    post_id          INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    network          TEXT NOT NULL,
    account_id       INTEGER NOT NULL REFERENCES account (id) ON DELETE RESTRICT,
    status           TEXT NOT NULL CHECK (status IN ('scheduled', 'sending', 'published', 'failed')),
    idempotency_key  TEXT NOT NULL,
    remote_id        TEXT,
    url              TEXT,
    error            TEXT,
    attempted_at     TEXT NOT NULL,
    published_at     TEXT,
    scheduled_for    TEXT,
    digest           TEXT,
    PRIMARY KEY (post_id, network)
) STRICT;
INSERT INTO publication_new (post_id, network, account_id, status, idempotency_key, remote_id, url, error,
                             attempted_at, published_at)
SELECT post_id, network, account_id, status, idempotency_key, remote_id, url, error, attempted_at, published_at
FROM publication;
DROP TABLE publication;
ALTER TABLE publication_new RENAME TO publication;
CREATE INDEX publication_due ON publication (scheduled_for) WHERE status = 'scheduled';
