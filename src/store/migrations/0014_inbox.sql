-- What people say to the library on its accounts: mentions and replies fetched from each network, once
-- each (by the network's own id), read or unread, and the interaction each became, if any.
CREATE TABLE inbox_item (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    remote_id       TEXT NOT NULL,             -- the notification's id on the network
    kind            TEXT NOT NULL CHECK (kind IN ('mention', 'reply')),
    author_handle   TEXT NOT NULL,             -- @user@server, or user.bsky.social
    author_name     TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    url             TEXT,
    status_id       TEXT,                      -- the post to answer (Mastodon status id, Bluesky URI)
    received_at     TEXT NOT NULL,
    read            INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
    interaction_id  INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    UNIQUE (account_id, remote_id)
) STRICT;
CREATE INDEX inbox_item_received ON inbox_item (received_at DESC, id DESC);
