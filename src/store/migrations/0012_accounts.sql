-- The library's accounts on Mastodon and Bluesky. Their access tokens and app passwords are in the
-- operating system's keychain (see secrets.rs), never here.
CREATE TABLE account (
    id                  INTEGER PRIMARY KEY,
    network             TEXT NOT NULL CHECK (network IN ('mastodon', 'bluesky')),
    server              TEXT NOT NULL,            -- the Mastodon server or the Bluesky PDS, https://host
    remote_id           TEXT NOT NULL,            -- the account's id on Mastodon, its DID on Bluesky
    handle              TEXT NOT NULL,            -- @user@server, or user.bsky.social
    display_name        TEXT NOT NULL DEFAULT '',
    max_characters      INTEGER NOT NULL,
    characters_per_url  INTEGER NOT NULL,
    max_media           INTEGER NOT NULL,
    connected_at        TEXT NOT NULL,
    UNIQUE (network, server, remote_id)
) STRICT;
