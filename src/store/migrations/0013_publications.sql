-- Where each post went out: one row per post and network, with the account used, the key that keeps a
-- retry from posting twice, and the network's id and address for the post once published (or the
-- server's message when it failed). The draft itself is never touched by publishing.
CREATE TABLE publication (
    post_id          INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    network          TEXT NOT NULL,
    account_id       INTEGER NOT NULL REFERENCES account (id) ON DELETE RESTRICT,
    status           TEXT NOT NULL CHECK (status IN ('sending', 'published', 'failed')),
    idempotency_key  TEXT NOT NULL,
    remote_id        TEXT,
    url              TEXT,
    error            TEXT,
    attempted_at     TEXT NOT NULL,
    published_at     TEXT,
    PRIMARY KEY (post_id, network)
) STRICT;
